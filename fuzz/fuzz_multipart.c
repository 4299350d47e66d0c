/*
 * fuzz_multipart.c - a multipart/form-data upload as http_body_parts
 * reads it (libmicrohttpd's post processor over the body as received).
 * The post processor takes the boundary from the request's Content-Type,
 * so each input is a real request on a socket pair to a daemon of its
 * own: the first line of the input is the Content-Type, the rest the body
 * that the handler hands to http_body_parts.
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/http/http_int.h"
#include "fuzz.h"

static struct MHD_Daemon *daemon_;
static const char *body;
static size_t body_len;

static void check_parts(struct http_part *parts, int n)
{
	FUZZ_CHECK(n >= 0 && n <= HTTP_PARTS_MAX);
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(parts[i].name != NULL);
		FUZZ_CHECK(parts[i].len == 0 || parts[i].data != NULL);
		if (parts[i].data)
			FUZZ_CHECK(parts[i].data[parts[i].len] == '\0');
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	if (*upload_data_size) {
		*upload_data_size = 0; /* the request carries no body: it is the input's */
		return MHD_YES;
	}
	struct http_request req = {.conn = conn, .arena = arena_new(),
				   .body = (char *)body, .body_len = body_len};
	struct http_part parts[HTTP_PARTS_MAX];
	struct kesu_err err = {0};
	int n = 0;
	if (http_body_parts(&req, parts, HTTP_PARTS_MAX, &n, &err) == 0)
		check_parts(parts, n);
	else
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	arena_free(req.arena);
	(void)con_cls;
	struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok = MHD_queue_response(conn, 204, r);
	MHD_destroy_response(r);
	return ok;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_NO_LISTEN_SOCKET, 0,
				   NULL, NULL, on_request, NULL, MHD_OPTION_END);
	if (!daemon_) {
		fprintf(stderr, "fuzz_multipart: cannot start libmicrohttpd\n");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	/* a header value has no line breaks nor NUL bytes */
	char type[1024];
	size_t tn = 0;
	for (const uint8_t *p = data; p < nl && tn < sizeof type - 1; p++)
		if (*p != '\r' && *p != '\0')
			type[tn++] = (char)*p;
	type[tn] = '\0';
	body = (const char *)nl + 1;
	body_len = size - (size_t)(nl + 1 - data);

	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		abort();
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (MHD_add_connection(daemon_, sv[1], (struct sockaddr *)&peer, sizeof peer) != MHD_YES)
		abort();
	char head[1200];
	int hn = snprintf(head, sizeof head,
			  "POST /upload HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
			  "Content-Type: %s\r\nContent-Length: 0\r\n\r\n",
			  type);
	if (write(sv[0], head, (size_t)hn) != hn)
		abort();
	/* the reply (or the daemon's refusal of the header) ends the request;
	 * libFuzzer's timer interrupts the read, and the handler must be done
	 * with the input before it is freed */
	char sink[512];
	ssize_t got;
	while ((got = read(sv[0], sink, sizeof sink)) > 0 || (got < 0 && errno == EINTR))
		;
	close(sv[0]);
	return 0;
}
