/*
 * arena.h - a region allocator: many small allocations, one free.
 *
 * Each HTTP request and each CLI command gets one arena; everything built
 * while handling it (parsed fields, rows read from the store) lives there and
 * goes away with arena_free(). Allocation never fails: running out of memory
 * aborts, as there is no sensible way to answer a request without memory.
 */
#ifndef KESU_ARENA_H
#define KESU_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Drops every allocation but keeps the first block for reuse. */
void arena_reset(struct arena *a);

void *arena_alloc(struct arena *a, size_t size);
void *arena_zalloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
