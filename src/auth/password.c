/*
 * password.c - password policy and hashing. The policy follows NIST SP
 * 800-63B as OWASP ASVS 2.1 asks: a minimum length, no composition rules,
 * and a check against passwords known to be common.
 */
#include "password.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../text/text.h"
#include "../util/embedded.h"

#define COMMON_FILE "data/common-passwords.txt"

/* The shipped list, split into sorted lower-case lines once. */
static char **common;
static size_t ncommon;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void common_load(void)
{
	const struct embedded_file *f = embedded_find(COMMON_FILE);
	if (!f)
		return;
	char *text = strdup((const char *)f->data);
	size_t cap = 4096;
	common = malloc(cap * sizeof *common);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (ncommon == cap)
			common = realloc(common, (cap *= 2) * sizeof *common);
		common[ncommon++] = line;
	}
	qsort(common, ncommon, sizeof *common, cmp_str);
}

static int is_common(const char *s)
{
	pthread_once(&common_once, common_load);
	return ncommon && bsearch(&s, common, ncommon, sizeof *common, cmp_str) != NULL;
}

/* 1 if s is one short piece (up to 4 bytes) repeated, like "abcabcabcabc". */
static int repeated(const char *s, size_t n)
{
	for (size_t period = 1; period <= 4 && period < n; period++) {
		size_t i = period;
		while (i < n && s[i] == s[i - period])
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/* 1 if s is a run of consecutive characters up or down ("123456789012"
 * wraps through 0 as keyboards do). */
static int sequential(const char *s, size_t n)
{
	int up = 1, down = 1;
	for (size_t i = 1; i < n; i++) {
		int d = (unsigned char)s[i] - (unsigned char)s[i - 1];
		int digits = isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i - 1]);
		up &= d == 1 || (digits && d == -9);
		down &= d == -1 || (digits && d == 9);
	}
	return up || down;
}

int password_policy(const char *pw, const char *username, const char *field,
		    struct kesu_err *err)
{
	size_t bytes = strlen(pw);
	if (!text_utf8_valid(pw, bytes))
		return kesu_fail(err, KE_INVALID_VALUE, field, "must be valid UTF-8");
	size_t chars = text_utf8_length(pw);
	if (chars < PASSWORD_MIN) {
		int rc = kesu_refuse(err, KE_INVALID_VALUE, KR_WEAK_PASSWORD, field,
				     "must have at least %d characters (a short sentence is easy to remember)",
				     PASSWORD_MIN);
		kesu_param_int(err, "min", PASSWORD_MIN);
		return rc;
	}
	if (chars > PASSWORD_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, field,
				 "must have at most %d characters", PASSWORD_MAX);
	char low[PASSWORD_MAX * 4 + 1];
	for (size_t i = 0; i <= bytes; i++)
		low[i] = (char)tolower((unsigned char)pw[i]);
	/* "Password2024!" is "password" with decoration. */
	size_t b = 0, e = bytes;
	while (b < e && (isdigit((unsigned char)low[b]) || ispunct((unsigned char)low[b])))
		b++;
	while (e > b && (isdigit((unsigned char)low[e - 1]) || ispunct((unsigned char)low[e - 1])))
		e--;
	char core[sizeof low];
	memcpy(core, low + b, e - b);
	core[e - b] = '\0';
	if (is_common(low) || (core[0] && is_common(core)))
		return kesu_refuse(err, KE_INVALID_VALUE, KR_WEAK_PASSWORD, field,
				   "is one of the commonly used passwords that attackers try first");
	if (repeated(low, bytes) || sequential(low, bytes) ||
	    (core[0] && (repeated(core, e - b) || sequential(core, e - b))))
		return kesu_refuse(err, KE_INVALID_VALUE, KR_WEAK_PASSWORD, field,
				   "is a repeated or sequential pattern that is easy to guess");
	if (username && strlen(username) >= 3 && strcasestr(pw, username))
		return kesu_refuse(err, KE_INVALID_VALUE, KR_WEAK_PASSWORD, field,
				   "must not contain the user name");
	return 0;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				     crypto_pwhash_MEMLIMIT_INTERACTIVE,
				     crypto_pwhash_ALG_ARGON2ID13) == 0
		       ? 0
		       : -1;
}

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
	password_hash("kesu: no such user, same work", dummy_hash);
}

int password_verify(const char *pw, const char *hash)
{
	if (!hash) {
		/* a real hash, so the work is the same as for a real user */
		pthread_once(&dummy_once, dummy_init);
		if (crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
			return 0; /* cannot match; the result is never "yes" */
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}
