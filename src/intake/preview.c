/*
 * preview.c - the first page of a PDF as a PNG. poppler reads PDFs well
 * but a PDF is a program of sorts and poppler has had its faults: it runs
 * as pdftoppm in a child of its own, limited by prlimit (CPU time, memory,
 * no files written, few descriptors) and killed when it takes longer than
 * a person waits, reading the PDF from a memory file and writing the PNG
 * into a pipe. posix_spawn, not fork: the server has threads and
 * gigabytes mapped, and only the child's exec matters.
 */
#include "preview.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../util/log.h"

#define PDFTOPPM "/usr/bin/pdftoppm"
#define PRLIMIT "/usr/bin/prlimit"
#define WAIT_MS 15000 /* a person waits this long for a picture, no longer */
#define AT_ONCE 2     /* drawings at a time: the workers are for everyone's requests */

static atomic_int drawing;

extern char **environ;

static int none(struct kesu_err *err, const char *why)
{
	return kesu_fail(err, KE_NOT_FOUND, "", "no preview of this file: %s", why);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const void *p, size_t len)
{
	const char *s = p;
	while (len) {
		ssize_t n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static int draw(const void *pdf, size_t len, struct arena *a, unsigned char **png,
		size_t *png_len, struct kesu_err *err);

int preview_pdf_png(const void *pdf, size_t len, struct arena *a, unsigned char **png,
		    size_t *png_len, struct kesu_err *err)
{
	static atomic_int warned;
	*png = NULL;
	*png_len = 0;
	if (access(PDFTOPPM, X_OK) || access(PRLIMIT, X_OK)) {
		if (!atomic_exchange(&warned, 1))
			log_warn("previews: %s or %s is missing; PDFs are not previewed", PDFTOPPM,
				 PRLIMIT);
		return none(err, "pdftoppm is not installed");
	}
	if (atomic_fetch_add(&drawing, 1) >= AT_ONCE) {
		atomic_fetch_sub(&drawing, 1);
		return kesu_fail(err, KE_UNAVAILABLE, "", "other previews are being drawn; retry");
	}
	int rc = draw(pdf, len, a, png, png_len, err);
	atomic_fetch_sub(&drawing, 1);
	return rc;
}

static int draw(const void *pdf, size_t len, struct arena *a, unsigned char **png,
		size_t *png_len, struct kesu_err *err)
{
	int in = memfd_create("kesu-preview", MFD_CLOEXEC);
	if (in < 0)
		return kesu_fail(err, KE_INTERNAL, "", "memfd_create: %s", strerror(errno));
	int out[2] = {-1, -1};
	if (write_all(in, pdf, len) || lseek(in, 0, SEEK_SET) || pipe2(out, O_CLOEXEC)) {
		int e = errno;
		close(in);
		return kesu_fail(err, KE_INTERNAL, "", "preview input: %s", strerror(e));
	}
	char width[16];
	snprintf(width, sizeof width, "%d", PREVIEW_WIDTH);
	/* 10 s of CPU, 1 GiB of memory, no file written, 32 descriptors */
	char *argv[] = {PRLIMIT, "--cpu=10", "--as=1073741824", "--fsize=0", "--nofile=32",
			"--core=0", "--", PDFTOPPM, "-png", "-f", "1", "-l", "1",
			"-scale-to-x", width, "-scale-to-y", "-1", "-", NULL};
	char *env[] = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawn(&pid, PRLIMIT, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	close(in);
	close(out[1]);
	if (rc) {
		close(out[0]);
		return kesu_fail(err, KE_INTERNAL, "", "posix_spawn %s: %s", PRLIMIT, strerror(rc));
	}
	size_t cap = 256 << 10, n = 0;
	unsigned char *buf = malloc(cap);
	int failed = !buf, killed = 0;
	long long deadline = now_ms() + WAIT_MS;
	while (!failed) {
		long long left = deadline - now_ms();
		struct pollfd p = {out[0], POLLIN, 0};
		int r = left > 0 ? poll(&p, 1, (int)left) : 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			killed = failed = 1; /* too slow */
			break;
		}
		if (n == cap) {
			unsigned char *more = cap < PREVIEW_MAX_BYTES ? realloc(buf, cap * 2) : NULL;
			if (!more) {
				killed = failed = 1; /* too large */
				break;
			}
			buf = more;
			cap *= 2;
		}
		ssize_t got = read(out[0], buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(out[0]);
	if (killed)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	static const unsigned char magic[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	if (failed || !WIFEXITED(status) || WEXITSTATUS(status) || n < sizeof magic ||
	    memcmp(buf, magic, sizeof magic)) {
		free(buf);
		return none(err, killed ? "drawing it took too long or too much"
				       : "poppler could not draw its first page");
	}
	*png = arena_alloc(a, n);
	memcpy(*png, buf, n);
	*png_len = n;
	free(buf);
	return 0;
}
