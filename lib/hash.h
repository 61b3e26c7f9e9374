/* hash: one fast 64-bit hash of bytes for the per-worker tables (kept
 * rows and pages in view.c, kept answers in kept.c, verified tokens in
 * auth.c). Not for anything an attacker must not steer: every table that
 * uses it compares the whole key on a hit. */
#ifndef HEARTH_HASH_H
#define HEARTH_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_SEED 0x243F6A8885A308D3ULL

/* h mixed with the n bytes at p, eight at a time. */
static inline uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const char *s = p;
	uint64_t w;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w ^ ((uint64_t)n << 56)) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 32);
}

#endif
