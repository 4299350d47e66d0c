/*
 * ratelimit.h - counting failures per client address, in memory: failed
 * logins, failed portal lookups, and complaints registered on the portal. An address over its limit is refused
 * until its window moves on. (Per-account limits live in the store, so
 * that they hold across restarts.)
 */
#ifndef KESU_RATELIMIT_H
#define KESU_RATELIMIT_H

#include <stdint.h>

enum rl_kind { RL_LOGIN, RL_PORTAL, RL_REGISTER, RL__COUNT };

struct rl_rule {
	int limit;	   /* failures allowed in a window */
	int64_t window_ms;
};
extern const struct rl_rule rl_rules[RL__COUNT];

/* 0 if address may try again; otherwise the seconds until it may. */
int rl_blocked(enum rl_kind kind, const char *address, int64_t now_ms);
/* Counts one failure of address. */
void rl_fail(enum rl_kind kind, const char *address, int64_t now_ms);
/* Forgets every count (tests). */
void rl_reset(void);

#endif
