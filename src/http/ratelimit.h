/*
 * ratelimit.h - counters over a sliding window, in memory: failed
 * sign-ins, failed portal lookups, complaints and upload bytes from the
 * portal. A key over its limit is refused until its window moves on.
 *
 * Keys name who is counted: the client address (behind a trusted proxy,
 * the address the proxy saw), an account or tracking number together with
 * the address, or an account alone. A limit that one client can reach
 * never refuses another client, so no one can lock someone else out.
 */
#ifndef KESU_RATELIMIT_H
#define KESU_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

enum rl_kind {
	RL_LOGIN,	  /* failed sign-ins of an address, whatever the name */
	RL_LOGIN_PAIR,	  /* failed sign-ins of one name from one address */
	RL_LOGIN_NAME,	  /* failed sign-ins of one name from everywhere */
	RL_PORTAL,	  /* wrong tracking numbers or tokens of an address */
	RL_REGISTER,	  /* portal complaints of an address */
	RL_REGISTER_EMAIL, /* portal complaints that mail one e-mail address */
	RL_UPLOAD_BYTES,  /* bytes uploaded on the portal by an address */
	RL__COUNT
};

struct rl_rule {
	const char *name;  /* for kesu serve --limit NAME=N */
	int64_t limit;	   /* counted units allowed in a window */
	int64_t window_ms;
	int64_t unit;	   /* what one N of --limit counts (1, or bytes in a MB) */
};
extern struct rl_rule rl_rules[RL__COUNT];

/* Sets a limit from "NAME=N" (N >= 1) before serving; KE_USAGE if setting
 * is not one. */
int rl_configure(const char *setting, struct kesu_err *err);
/* The limits' names, comma-separated, in buf. Returns buf. */
const char *rl_names(char *buf, size_t size);

/* The key of a pair ("name" and "address") in buf. Returns buf. */
const char *rl_key2(char *buf, size_t size, const char *a, const char *b);
/* 0 if key may go on; otherwise the seconds until it may. */
int rl_blocked(enum rl_kind kind, const char *key, int64_t now_ms);
/* 0 if key may add n more units within its limit; otherwise the seconds
 * until it may. */
int rl_room(enum rl_kind kind, const char *key, int64_t n, int64_t now_ms);
/* Counts one failure (or one registration) of key. */
void rl_fail(enum rl_kind kind, const char *key, int64_t now_ms);
/* Counts n units of key. */
void rl_add(enum rl_kind kind, const char *key, int64_t n, int64_t now_ms);
/* Forgets the counts of key, and with RL_LOGIN_NAME those of every
 * (name, address) pair of that name too: an administrator's unlock. */
void rl_forget(enum rl_kind kind, const char *key);
/* Forgets every count (tests). */
void rl_reset(void);

#endif
