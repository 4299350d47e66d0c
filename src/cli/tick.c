/*
 * tick.c - `kesu tick`: one pass of the clock scheduler, timed, at a
 * given time; for looking at what the scheduler would do, and for
 * measuring it.
 *
 * It ticks only where no server does: in the pass's own transaction it
 * takes the scheduler lease (workflow/lease.h), and gives it up before
 * committing. While a kesu serve node holds the lease it refuses (exit
 * 75), saying which node ticks; a node that died holds it a few seconds
 * more.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../store/store.h"
#include "../util/clock.h"
#include "../workflow/lease.h"
#include "../workflow/workflow.h"
#include "cli.h"

struct tick_job {
	struct store_job job;
	int64_t at;
	int limit, done;
	double ms;
};

static int tick_run(struct store_conn *c, struct store_job *job)
{
	struct tick_job *j = (struct tick_job *)job;
	char me[40];
	snprintf(me, sizeof me, "tick-%s", node_id());
	int64_t now = lease_now_ms();
	int held;
	int rc = store_lease_take(c, LEASE_SCHEDULER, me, now, LEASE_TTL_MS, &held, &job->err);
	if (rc)
		return rc;
	if (!held) {
		struct arena *a = arena_new();
		const char *holder = NULL;
		int64_t until = 0;
		char when[40];
		lease_scheduler_holder(c, now, a, &holder, &until, &job->err);
		rc = kesu_fail(&job->err, KE_UNAVAILABLE, "",
			       "node %s (kesu serve) holds the scheduler lease until %s and ticks"
			       " itself; nothing done (a stopped server gives it up at once, one"
			       " that died after %d seconds)",
			       holder ? holder : "?", clock_format(until, when, sizeof when),
			       LEASE_TTL_MS / 1000);
		arena_free(a);
		return rc;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = wf_tick(c, j->at, j->limit, &j->done, &job->err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	j->ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	/* given up in the same transaction: no server ever waits for it */
	if (!rc)
		rc = store_lease_release(c, LEASE_SCHEDULER, me, &job->err);
	return rc;
}

int cmd_tick(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"at", required_argument, NULL, 'a'},
		{"limit", required_argument, NULL, 'l'},
		{"zone", required_argument, NULL, 'z'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *at = NULL, *zone = CLOCK_DEFAULT_ZONE;
	int limit = 500, o;
	char *end;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'a': at = optarg; break;
		case 'z': zone = optarg; break;
		case 'l':
			limit = (int)strtol(optarg, &end, 10);
			if (*end || limit < 1 || limit > 100000)
				return cli_usage("tick", "--limit must be 1 to 100000");
			break;
		case ':': return cli_usage("tick", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("tick", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("tick", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("tick", "--data DIR is required");
	if (clock_set_zone(zone))
		return cli_usage("tick", "unknown time zone '%s'", zone);
	struct tick_job j = {.job.run = tick_run, .limit = limit, .at = clock_now_ms()};
	if (at && clock_parse_instant(at, &j.at))
		return cli_usage("tick", "--at must be a date or an RFC 3339 date-time");
	struct kesu_err err = {0};
	struct store *s;
	if (store_open(dir, STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	int rc = store_run(s, &j.job);
	store_close(s);
	if (rc)
		return cli_fail(&j.job.err);
	printf("kesu: %d things due done (clocks warned or breached, tasks, visits, reviews, incidents,"
	       " actions) in %.2f ms\n",
	       j.done, j.ms);
	return 0;
}
