/* arena: per-request memory. Everything a request allocates comes from its
 * arena and is freed at once when the request ends (nginx's pools). Cleanup
 * hooks release what is not arena memory (PGresult, json_object, files). */
#ifndef HEARTH_ARENA_H
#define HEARTH_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void  arena_free(struct arena *a);          /* runs cleanups (last first), frees blocks */
void  arena_reset(struct arena *a);         /* as arena_free, but keeps the first block */
void *arena_alloc(struct arena *a, size_t n);           /* zeroed, 16-aligned; aborts on OOM */
char *arena_strdup(struct arena *a, const char *s);     /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Run fn(p) when the arena is freed or reset. */
void  arena_defer(struct arena *a, void (*fn)(void *), void *p);
size_t arena_used(const struct arena *a);

#endif
