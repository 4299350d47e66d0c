/*
 * ids.h - identifiers a person or program quotes: tracking numbers, bearer
 * tokens, portal tokens, and the hashes under which tokens are stored.
 */
#ifndef KESU_IDS_H
#define KESU_IDS_H

#include <stddef.h>
#include <stdint.h>

#define TRACKING_NO_MAX 24
#define TOKEN_HASH_LEN 32
#define PORTAL_NONCE_LEN 16
#define SECRET_KEY_LEN 32

/* Must be called once before any other ids_ function (initialises
 * libsodium). Returns 0 or -1. */
int ids_init(void);

/* "KS" + local YYMMDD + sequence of the day, at least four digits:
 * KS2611230001. The customer reads it over the phone, so it has only
 * letters K, S and digits. */
void ids_tracking_no(const char yymmdd[7], int64_t seq, char out[TRACKING_NO_MAX]);
/* Returns 1 if s has the shape of a tracking number (either case) and writes
 * the canonical upper-case form to out; 0 otherwise. */
int ids_parse_tracking_no(const char *s, char out[TRACKING_NO_MAX]);

/* A random bearer token: prefix + 43 base64url characters (256 bits). */
void ids_random_token(const char *prefix, char *out, size_t size);
void ids_random_bytes(void *buf, size_t n);

/* SHA-256 of a token, the only form in which tokens are stored. */
void ids_token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN]);

/* The portal token of a complaint: HMAC-SHA256 under the data directory's
 * secret key of the complaint's random nonce, 192 bits in base64url (32
 * characters). Deriving it lets an idempotent retry return the same token
 * while the database holds only its hash. */
void ids_portal_token(const unsigned char key[SECRET_KEY_LEN],
		      const unsigned char nonce[PORTAL_NONCE_LEN], char out[40]);

/* The token of a link that needs no account (a department's answer to an
 * improvement action): HMAC-SHA256 under the secret key of purpose and a
 * random nonce, 192 bits in base64url; stored only as its hash. */
void ids_link_token(const unsigned char key[SECRET_KEY_LEN], const char *purpose,
		    const unsigned char *nonce, size_t n, char out[40]);

/* The token of a customer's link to ask for no more thank-you letters:
 * the link token of the customer's id. Derived again on each use, so
 * nothing is stored; it does nothing but that one request. */
void ids_opt_out_token(const unsigned char key[SECRET_KEY_LEN], int64_t customer_id, char out[40]);

/* The code that proves a customer reads the e-mail address given on the
 * portal: HMAC-SHA256 under the secret key of the complaint's nonce, as 8
 * digits. Sent only to that address, never shown on the portal. */
void ids_verify_code(const unsigned char key[SECRET_KEY_LEN],
		     const unsigned char nonce[PORTAL_NONCE_LEN], char out[12]);

/* The CSRF token of a browser session: HMAC-SHA256 under the secret key
 * of the session token, base64url (43 characters). Nothing to store: it is
 * derived again from the cookie on each request. */
void ids_csrf_token(const unsigned char key[SECRET_KEY_LEN], const char *session_token,
		    char out[48]);
/* Constant-time comparison of two strings (time depends on length only). */
int ids_str_equal(const char *a, const char *b);

/* Constant-time comparison of two hashes. Returns 1 if equal. */
int ids_hash_equal(const unsigned char *a, const unsigned char *b, size_t n);

#endif
