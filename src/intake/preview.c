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
	return draw(pdf, len, a, png, png_len, err);
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
	/* 10 s of CPU, 1 GiB of memory, files no larger than fontconfig's
	 * cache (which it may rewrite), 32 descriptors, no core */
	char *argv[] = {PRLIMIT, "--cpu=10", "--as=1073741824", "--fsize=67108864", "--nofile=32",
			"--core=0", "--", PDFTOPPM, "-png", "-f", "1", "-l", "1",
			"-scale-to-x", width, "-scale-to-y", "-1", "-", NULL};
	char *env[] = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	/* a socket another thread opened without O_CLOEXEC is not poppler's */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	/* the server's blocked and ignored signals are not the child's */
	posix_spawnattr_t at;
	sigset_t none_set, all;
	sigemptyset(&none_set);
	sigfillset(&all);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigmask(&at, &none_set);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	pid_t pid;
	int rc = posix_spawn(&pid, PRLIMIT, &fa, &at, argv, env);
	posix_spawnattr_destroy(&at);
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
			/* room for one byte past the most: a PNG of exactly the most is taken */
			unsigned char *more =
				cap <= PREVIEW_MAX_BYTES ? realloc(buf, cap * 2) : NULL;
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
		if (n > PREVIEW_MAX_BYTES) {
			killed = failed = 1;
			break;
		}
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
