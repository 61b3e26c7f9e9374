/* config: the stack's settings, "key = value" lines, read once at start.
 * Found as $HEARTH_CONFIG, else ./var/hearth.conf (the directory the stack
 * was brought up in), else /etc/hearth/hearth.conf. */
#ifndef HEARTH_CONFIG_H
#define HEARTH_CONFIG_H

/* 0 on success; -1 (and a message on stderr) when the file is unreadable
 * or malformed. Loading again replaces what was loaded. */
int config_load(const char *path);
const char *config_path(void);              /* the path config_load_default used */
int config_load_default(void);
const char *config_get(const char *key, const char *def);
long config_int(const char *key, long def);
/* Set or override a value (tests, command-line flags). */
void config_set(const char *key, const char *value);
void config_clear(void);

#endif
