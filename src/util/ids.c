/*
 * ids.c - tracking numbers and tokens (see ids.h).
 */
#include "ids.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int ids_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void ids_tracking_no(const char yymmdd[7], int64_t seq, char out[TRACKING_NO_MAX])
{
	snprintf(out, TRACKING_NO_MAX, "KS%.6s%04lld", yymmdd, (long long)seq);
}

int ids_parse_tracking_no(const char *s, char out[TRACKING_NO_MAX])
{
	size_t n = strlen(s);
	if (n < 12 || n >= TRACKING_NO_MAX)
		return 0;
	if (toupper((unsigned char)s[0]) != 'K' ||
	    toupper((unsigned char)s[1]) != 'S')
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	int mm = (s[4] - '0') * 10 + (s[5] - '0');
	int dd = (s[6] - '0') * 10 + (s[7] - '0');
	if (mm < 1 || mm > 12 || dd < 1 || dd > 31)
		return 0;
	out[0] = 'K';
	out[1] = 'S';
	memcpy(out + 2, s + 2, n - 2);
	out[n] = '\0';
	return 1;
}

void ids_random_bytes(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

void ids_random_token(const char *prefix, char *out, size_t size)
{
	unsigned char raw[32];
	char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, size, "%s%s", prefix, b64);
	sodium_memzero(raw, sizeof raw);
}

void ids_token_hash(const char *token, unsigned char out[TOKEN_HASH_LEN])
{
	crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

void ids_verify_code(const unsigned char key[SECRET_KEY_LEN],
		     const unsigned char nonce[PORTAL_NONCE_LEN], char out[12])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, SECRET_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"kesu-verify:", 12);
	crypto_auth_hmacsha256_update(&st, nonce, PORTAL_NONCE_LEN);
	crypto_auth_hmacsha256_final(&st, mac);
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | mac[i];
	snprintf(out, 12, "%08llu", (unsigned long long)(v % 100000000ULL));
	sodium_memzero(mac, sizeof mac);
}

void ids_portal_token(const unsigned char key[SECRET_KEY_LEN],
		      const unsigned char nonce[PORTAL_NONCE_LEN], char out[40])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, SECRET_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"kesu-portal:", 12);
	crypto_auth_hmacsha256_update(&st, nonce, PORTAL_NONCE_LEN);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 40, mac, 24, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(mac, sizeof mac);
}

void ids_link_token(const unsigned char key[SECRET_KEY_LEN], const char *purpose,
		    const unsigned char *nonce, size_t n, char out[40])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, SECRET_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose));
	crypto_auth_hmacsha256_update(&st, nonce, n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 40, mac, 24, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(mac, sizeof mac);
}

void ids_opt_out_token(const unsigned char key[SECRET_KEY_LEN], int64_t customer_id, char out[40])
{
	unsigned char id[8];
	for (int i = 0; i < 8; i++)
		id[i] = (unsigned char)((uint64_t)customer_id >> (56 - 8 * i));
	ids_link_token(key, "kesu-thanks-opt-out:", id, sizeof id, out);
}

int ids_hash_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void ids_csrf_token(const unsigned char key[SECRET_KEY_LEN], const char *session_token,
		    char out[48])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, SECRET_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"kesu-csrf:", 10);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)session_token,
				      strlen(session_token));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 48, mac, 32, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(mac, sizeof mac);
}

int ids_str_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}
