/*
 * phone.h - phone numbers as people in China write them: mainland mobiles
 * (138 0013 8000, +86 138-0013-8000, 0086 13800138000), landlines with
 * their area code and perhaps an extension (010-12345678, (0755) 1234 5678
 * 转 8001, 021-12345678-123), 400/800 hotlines, Hong Kong, Macau and Taiwan
 * numbers with +852/+853/+886, and any other country's in E.164 form
 * (+44 20 7946 0000). Spaces, dashes, dots and brackets may group the
 * digits, in half or full width.
 */
#ifndef KESU_PHONE_H
#define KESU_PHONE_H

enum phone_kind {
	PHONE_MOBILE,	/* mainland mobile */
	PHONE_LANDLINE, /* mainland landline, with its area code */
	PHONE_HOTLINE,	/* mainland 400/800 number */
	PHONE_HK,
	PHONE_MO,
	PHONE_TW,
	PHONE_INTL, /* another country's, E.164 */
};

#define PHONE_E164_SIZE 20 /* "+" 15 digits and the NUL, with room */

struct phone {
	enum phone_kind kind;
	char e164[PHONE_E164_SIZE]; /* "+8613800138000" */
	char ext[8];   /* the extension's digits, "" for none */
};

/* Reads s as a phone number. Returns 0 and fills out (if not NULL), or -1
 * when s is not one of the forms above (letters, a number without its
 * area code, a digit too many or too few...). */
int phone_parse(const char *s, struct phone *out);

#endif
