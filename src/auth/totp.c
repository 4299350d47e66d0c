/*
 * totp.c - RFC 6238 codes through liboath, and sealing of the shared
 * secret with libsodium's secretbox under a key derived from secret.key.
 */
#include "totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEP 30
#define DIGITS 6

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void oath_start(void)
{
	oath_init();
}

void totp_new_secret(unsigned char secret[TOTP_SECRET_LEN], char b32[TOTP_B32_MAX])
{
	pthread_once(&oath_once, oath_start);
	randombytes_buf(secret, TOTP_SECRET_LEN);
	char *out = NULL;
	size_t len = 0;
	b32[0] = '\0';
	if (oath_base32_encode((const char *)secret, TOTP_SECRET_LEN, &out, &len) == OATH_OK &&
	    len < TOTP_B32_MAX) {
		/* apps accept the secret without '=' padding */
		while (len && out[len - 1] == '=')
			len--;
		memcpy(b32, out, len);
		b32[len] = '\0';
	}
	free(out);
}

static size_t pct(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			if (n + 1 < size)
				out[n] = (char)*p;
			n++;
		} else {
			if (n + 3 < size)
				snprintf(out + n, 4, "%%%02X", *p);
			n += 3;
		}
	}
	if (n < size)
		out[n] = '\0';
	return n;
}

int totp_uri(const char *issuer, const char *account, const char *b32, char *out,
	     size_t size)
{
	char is[256], ac[256];
	if (pct(issuer, is, sizeof is) >= sizeof is || pct(account, ac, sizeof ac) >= sizeof ac)
		return -1;
	int n = snprintf(out, size,
			 "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=%d&period=%d",
			 is, ac, b32, is, DIGITS, STEP);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

int totp_check(const unsigned char secret[TOTP_SECRET_LEN], int64_t now, const char *code,
	       int64_t last_step, int64_t *step)
{
	pthread_once(&oath_once, oath_start);
	if (!code || strlen(code) != DIGITS || strspn(code, "0123456789") != DIGITS)
		return -1;
	int pos = 0;
	uint64_t counter = 0;
	int rc = oath_totp_validate3((const char *)secret, TOTP_SECRET_LEN, (time_t)now, STEP,
				     0, 1, &pos, &counter, code);
	if (rc < 0 || (int64_t)counter <= last_step)
		return -1;
	*step = (int64_t)counter;
	return 0;
}

int totp_code(const unsigned char secret[TOTP_SECRET_LEN], int64_t now, char out[7])
{
	pthread_once(&oath_once, oath_start);
	return oath_totp_generate((const char *)secret, TOTP_SECRET_LEN, (time_t)now, STEP, 0,
				  DIGITS, out) == OATH_OK
		       ? 0
		       : -1;
}

static void seal_key(const unsigned char key[SECRET_KEY_LEN],
		     unsigned char out[crypto_secretbox_KEYBYTES])
{
	crypto_kdf_derive_from_key(out, crypto_secretbox_KEYBYTES, 1, "kesutotp", key);
}

void totp_seal(const unsigned char key[SECRET_KEY_LEN],
	       const unsigned char secret[TOTP_SECRET_LEN],
	       unsigned char sealed[TOTP_SEALED_LEN])
{
	unsigned char k[crypto_secretbox_KEYBYTES];
	seal_key(key, k);
	randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, secret, TOTP_SECRET_LEN,
			      sealed, k);
	sodium_memzero(k, sizeof k);
}

int totp_open(const unsigned char key[SECRET_KEY_LEN],
	      const unsigned char sealed[TOTP_SEALED_LEN],
	      unsigned char secret[TOTP_SECRET_LEN])
{
	unsigned char k[crypto_secretbox_KEYBYTES];
	seal_key(key, k);
	int rc = crypto_secretbox_open_easy(secret, sealed + crypto_secretbox_NONCEBYTES,
					    TOTP_SECRET_LEN + crypto_secretbox_MACBYTES, sealed,
					    k);
	sodium_memzero(k, sizeof k);
	return rc == 0 ? 0 : -1;
}
