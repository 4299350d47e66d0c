/*
 * msgid.c - the Message-IDs of kesu's mail. Each names the complaint and
 * the delivery and carries a MAC under the data directory's key, so that
 * a reply (In-Reply-To, References) proves which complaint it answers
 * without a lookup, and nobody can make one up for another's complaint.
 */
#include "channels.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAC_CHARS 16

static void mac_of(const unsigned char *key, long long complaint, long long delivery,
		   char out[MAC_CHARS + 1])
{
	char msg[64];
	int n = snprintf(msg, sizeof msg, "kesu-msgid:%lld.%lld", complaint, delivery);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, SECRET_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (size_t)n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, MAC_CHARS + 1, mac, MAC_CHARS / 2);
}

void ch_msgid_make(const unsigned char *key, int64_t complaint_id, int64_t delivery_id,
		   const char *domain, char *out, size_t size)
{
	char mac[MAC_CHARS + 1];
	mac_of(key, (long long)complaint_id, (long long)delivery_id, mac);
	snprintf(out, size, "ks.%lld.%lld.%s@%s", (long long)complaint_id, (long long)delivery_id,
		 mac, domain && *domain ? domain : "kesu.invalid");
}

int64_t ch_msgid_complaint(const unsigned char *key, const char *id)
{
	long long complaint, delivery;
	char mac[MAC_CHARS + 2];
	int used = 0;
	if (!id || sscanf(id, "ks.%lld.%lld.%17[0-9a-f]%n", &complaint, &delivery, mac, &used) != 3 ||
	    strlen(mac) != MAC_CHARS || id[used] != '@' || complaint <= 0 || delivery < 0)
		return 0;
	char want[MAC_CHARS + 1];
	mac_of(key, complaint, delivery, want);
	return sodium_memcmp(want, mac, MAC_CHARS) == 0 ? (int64_t)complaint : 0;
}
