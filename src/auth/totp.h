/*
 * totp.h - the optional second factor: RFC 6238 time-based one-time codes
 * (30-second steps, 6 digits, HMAC-SHA1 as every authenticator app uses),
 * computed by liboath. The shared secret is stored sealed under the data
 * directory's key, so a copy of the database alone does not give it away.
 */
#ifndef KESU_TOTP_H
#define KESU_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "../util/ids.h"

#define TOTP_SECRET_LEN 20 /* 160 bits, as RFC 4226 recommends */
#define TOTP_B32_MAX 40
#define TOTP_SEALED_LEN (TOTP_SECRET_LEN + 40) /* nonce + MAC */

/* A new random secret and its base32 form (for the authenticator app). */
void totp_new_secret(unsigned char secret[TOTP_SECRET_LEN], char b32[TOTP_B32_MAX]);
/* The otpauth:// URI an app reads from a QR code, percent-encoded. Returns
 * the length written, or -1 if size is too small. */
int totp_uri(const char *issuer, const char *account, const char *b32, char *out,
	     size_t size);

/* Checks a 6-digit code at time now (Unix seconds), allowing one step of
 * clock drift either way. A step at or before last_step was used already
 * and is refused (no replay). Returns 0 and the matching step in *step, or
 * -1. */
int totp_check(const unsigned char secret[TOTP_SECRET_LEN], int64_t now, const char *code,
	       int64_t last_step, int64_t *step);
/* The code for time now (tests, `kesu user totp-code` is not offered). */
int totp_code(const unsigned char secret[TOTP_SECRET_LEN], int64_t now, char out[7]);

/* Seals and opens the secret under the data directory's key. open returns
 * 0, or -1 if sealed was altered or made under another key. */
void totp_seal(const unsigned char key[SECRET_KEY_LEN],
	       const unsigned char secret[TOTP_SECRET_LEN],
	       unsigned char sealed[TOTP_SEALED_LEN]);
int totp_open(const unsigned char key[SECRET_KEY_LEN],
	      const unsigned char sealed[TOTP_SEALED_LEN],
	      unsigned char secret[TOTP_SECRET_LEN]);

#endif
