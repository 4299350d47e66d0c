/*
 * password.h - staff passwords: the policy (length, common passwords) and
 * argon2id hashing through libsodium. Passwords are never stored or logged.
 */
#ifndef KESU_PASSWORD_H
#define KESU_PASSWORD_H

#include "../util/err.h"

#define PASSWORD_MIN 12	 /* characters */
#define PASSWORD_MAX 128 /* characters; longer is refused, not truncated */
#define PASSWORD_HASH_MAX 128

/* 0 if pw may be used by username; otherwise KE_INVALID_VALUE on field
 * "password" saying why (too short, too long, common, contains the user
 * name, a single repeated pattern, not UTF-8). */
int password_policy(const char *pw, const char *username, const char *field,
		    struct kesu_err *err);

/* argon2id hash in libsodium's encoded form (parameters included).
 * Returns 0, or -1 if memory could not be had. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* 1 if pw matches the stored hash, 0 if not. With hash NULL it spends the
 * same time and returns 0, so that unknown user names take as long as
 * wrong passwords. */
int password_verify(const char *pw, const char *hash);

#endif
