/*
 * ratelimit.h - counters over a sliding window, in the store: failed
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

#include "../store/store.h"
#include "../util/err.h"

struct http_request;

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

/* The counts are in the store (store_nodes.h), so that every node of one
 * database refuses alike, and a restart forgets nothing. Checking a limit
 * is one indexed read; only what counts (failures, portal registrations and
 * uploads) writes.
 *
 * 0 if key may go on; otherwise the seconds until it may. c: a reader or
 * the writer. A store that cannot be read refuses nothing (it is logged:
 * the request fails on the store anyway). */
int rl_blocked(struct store_conn *c, enum rl_kind kind, const char *key, int64_t now_ms);
/* 0 if key may add n more units within its limit; otherwise the seconds
 * until it may. */
int rl_room(struct store_conn *c, enum rl_kind kind, const char *key, int64_t n,
	    int64_t now_ms);
/* Counts n units of key (one failure, one registration), on the writer,
 * inside a job. */
int rl_add(struct store_conn *c, enum rl_kind kind, const char *key, int64_t n, int64_t now_ms,
	   struct kesu_err *err);
/* Counts n units of key through the writer without waiting: the count is
 * durable before any job submitted after it is done. */
void rl_count(struct store *s, enum rl_kind kind, const char *key, int64_t n, int64_t now_ms);
/* Counts one failure of key, then replies err to req: the count is in the
 * store before the reply leaves, so that the next try sees it. */
int rl_fail_reply(struct http_request *req, enum rl_kind kind, const char *key, int64_t now_ms,
		  const struct kesu_err *err);
/* Forgets the counts of key, and with RL_LOGIN_NAME those of every
 * (name, address) pair of that name too: an administrator's unlock. On
 * the writer. */
int rl_forget(struct store_conn *c, enum rl_kind kind, const char *key, struct kesu_err *err);

/* The seconds until n more units fit in rule r's window at now_ms, given
 * the counts of the window's parts (any order; parts out of the window
 * are not counted); 0 if they fit now. */
int rl_wait(const struct rl_rule *r, const struct rate_part *parts, int nparts, int64_t n,
	    int64_t now_ms);
/* The number of parts a window has. */
#define RL_BUCKETS 12

#endif
