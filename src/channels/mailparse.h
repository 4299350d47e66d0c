/*
 * mailparse.h - one incoming RFC 5322 message, as kesu needs it: who sent
 * it, what it says (as UTF-8 plain text, whatever charsets and transfer
 * encodings it used), what it answers, what it carries, and whether a
 * person wrote it or a machine (auto-reply, bounce, bulk mail).
 *
 * Untrusted input: the message may be broken in any way. Parsing never
 * fails for a message that has at least a header block; what cannot be
 * decoded is replaced, not refused.
 */
#ifndef KESU_MAILPARSE_H
#define KESU_MAILPARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"

/* Who wrote the message. Anything but MAIL_PERSON never creates a
 * complaint and never gets an acknowledgment (no mail loops). */
enum mail_author {
	MAIL_PERSON,
	MAIL_AUTO_REPLY, /* Auto-Submitted, X-Autoreply, Precedence: auto_reply, ... */
	MAIL_BOUNCE,	 /* multipart/report delivery status, MAILER-DAEMON, empty Return-Path */
	MAIL_BULK,	 /* Precedence: bulk/list/junk, List-Id, List-Unsubscribe */
};

/* The bounds of reading one message, whatever its size: a message under
 * the size limit can still hold millions of MIME parts or a header of
 * megabytes. Past them the message is kept (raw) but not read further:
 * the text is that of the first text part within them. docs/operations.md
 * ("Limits of one mail") lists them for the operator. */
#define MAIL_MAX_PARTS 1000	     /* MIME parts read; the rest is not parsed at all */
#define MAIL_MAX_DEPTH 20	     /* multipart and message nesting looked into */
#define MAIL_MAX_LISTED 100	     /* attachments listed; the rest only counted (att_more) */
#define MAIL_MAX_HEADER (64u << 10) /* bytes of one header value read */
#define MAIL_MAX_REFERENCES 100	     /* message ids of References read (the newest) */
#define MAIL_MAX_AUTH_RESULTS 20     /* Authentication-Results headers read (the topmost) */

struct mail_limits {
	size_t max_text;	/* bytes of body text kept (longer is cut at a character) */
	size_t max_attachment;	/* bytes; a larger attachment is listed but not kept */
	int max_attachments;	/* attachments kept; the rest are listed as skipped */
};

struct mail_attachment {
	const char *filename;	  /* as the sender named it, decoded (RFC 2047/2231), UTF-8; may be NULL */
	const char *content_type; /* as declared, lower case, e.g. "image/jpeg" */
	const unsigned char *data; /* decoded bytes; NULL when skipped */
	size_t size;		  /* decoded size, also when skipped */
	int skipped;		  /* 1: over a limit, not kept */
};

struct parsed_mail {
	const char *message_id;	 /* without <>, or NULL */
	const char *in_reply_to; /* first message id, without <>, or NULL */
	const char **references; /* message ids without <>, oldest first */
	int nreferences;
	const char *from_name; /* display name, decoded, UTF-8, or NULL */
	const char *from_addr; /* addr-spec, lower-cased domain, or NULL if none usable */
	const char *reply_to_addr;
	const char *return_path; /* "" for an empty Return-Path (<>), NULL if absent */
	const char *subject;	 /* decoded UTF-8, or NULL */
	int64_t date_ms;	 /* Date: header in Unix ms, 0 if absent or unreadable */
	const char *text;	 /* body as UTF-8 plain text: the text/plain part, or HTML reduced to text */
	int text_from_html;	 /* 1 if text came from an HTML part */
	int text_truncated;
	const char **auth_results; /* Authentication-Results values, topmost (latest added) first */
	int nauth_results;
	enum mail_author author;
	const char *author_why; /* the header that decided author, e.g. "Auto-Submitted: auto-replied" */
	struct mail_attachment *att;
	int natt;	 /* at most MAIL_MAX_LISTED */
	int att_more;	 /* attachments beyond those listed */
	int parts_cut;	 /* 1: past MAIL_MAX_PARTS or MAIL_MAX_DEPTH, the rest was not read */
};

/* Parses raw (len bytes, not NUL-terminated) into out; every string lives
 * in a. Returns 0, or -KE_INVALID_VALUE with err saying why when raw is
 * not a message at all (empty, no header block, NUL bytes in the
 * headers). All text is valid UTF-8 without NUL bytes. */
int mail_parse(const char *raw, size_t len, const struct mail_limits *lim, struct arena *a,
	       struct parsed_mail *out, struct kesu_err *err);

/* HTML reduced to plain text: markup, scripts, styles and comments
 * dropped, entities decoded, block elements on lines of their own. The
 * result (UTF-8, in a) is safe to show as text. */
const char *mail_html_to_text(const char *html, size_t len, struct arena *a);

/* Call once before any other function, from one thread (GMime's own
 * initialisation). */
void mail_init(void);

#endif
