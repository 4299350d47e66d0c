/*
 * serve.c - `kesu serve`: the HTTP server over a data directory, until
 * SIGTERM or SIGINT.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "../api/api.h"
#include "../channels/channels.h"
#include "../channels/mailparse.h"
#include "../http/ratelimit.h"
#include "../report/schedule.h"
#include "../analysis/analysis.h"
#include "../store/store.h"
#include "../workflow/workflow.h"
#include "../util/clock.h"
#include "../util/log.h"
#include "../workflow/lease.h"
#include "../workflow/scheduler.h"
#include "cli.h"

static int analysis_policy_job(struct store_conn *c, struct store_job *j)
{
	return wf_analysis_policy_load(c, &j->err);
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"connections", required_argument, NULL, 'n'},
		{"per-address", required_argument, NULL, 'a'},
		{"zone", required_argument, NULL, 'z'},
		{"quiet", no_argument, NULL, 'q'},
		{"public-url", required_argument, NULL, 'u'},
		{"tick-ms", required_argument, NULL, 'k'},
		{"clock-file", required_argument, NULL, 'c'},
		{"trusted-proxy", required_argument, NULL, 'p'},
		{"limit", required_argument, NULL, 'L'},
		{NULL, 0, NULL, 0},
	};
	const char *public_url = NULL, *clock_file = NULL;
	int tick_ms = 1000;
	const char *dir = NULL, *listen_at = "127.0.0.1:8080", *zone = CLOCK_DEFAULT_ZONE;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = cpus > 1 ? (int)cpus : 2, quiet = 0, o, connections = 0, per_address = 0;
	char *end;
	static struct http_proxies proxies;
	struct kesu_err err = {0};
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'l': listen_at = optarg; break;
		case 'z': zone = optarg; break;
		case 'q': quiet = 1; break;
		case 'c': clock_file = optarg; break;
		case 'p':
			if (http_proxies_parse(optarg, &proxies, &err))
				return cli_usage("serve", "--trusted-proxy: %s", err.message);
			break;
		case 'L':
			if (rl_configure(optarg, &err)) {
				char names[512];
				return cli_usage("serve", "--limit: %s; the limits are %s", err.message,
						 rl_names(names, sizeof names));
			}
			break;
		case 'k':
			tick_ms = (int)strtol(optarg, &end, 10);
			if (*end || tick_ms < 10 || tick_ms > 600000)
				return cli_usage("serve", "--tick-ms must be 10 to 600000");
			break;
		case 'u':
			if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
				return cli_usage("serve", "--public-url must start with http:// or https://");
			public_url = optarg;
			break;
		case 't':
			threads = (int)strtol(optarg, &end, 10);
			if (*end || threads < 1 || threads > 256)
				return cli_usage("serve", "--threads must be 1 to 256");
			break;
		case 'n':
			connections = (int)strtol(optarg, &end, 10);
			if (*end || connections < 16 || connections > 1000000)
				return cli_usage("serve", "--connections must be 16 to 1000000");
			break;
		case 'a':
			per_address = (int)strtol(optarg, &end, 10);
			if (*end || per_address < 1 || per_address > 1000000)
				return cli_usage("serve", "--per-address must be 1 to 1000000");
			break;
		case ':': return cli_usage("serve", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("serve", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("serve", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("serve", "--data DIR is required");
	if (clock_set_zone(zone))
		return cli_usage("serve", "unknown time zone '%s'", zone);
	if (clock_file && clock_use_file(clock_file))
		return cli_usage("serve", "--clock-file %s holds no time", clock_file);

	/* Signals are taken by sigwait() below; every thread started from here
	 * on inherits the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct store *s;
	/* trained models, if any, are read from DIR/models */
	analysis_init(dir);
	if (store_open(dir, STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	/* the built-in models are trained now (folding is ready once the store
	 * is open) rather than on the first complaint */
	struct an_reading warm;
	analysis_read("", 0, &warm);
	/* whether complaints are read at all (the analysis policy) */
	struct store_job pj = {.run = analysis_policy_job};
	if (store_run(s, &pj)) {
		store_close(s);
		return cli_fail(&pj.err);
	}
	if (store_lock_serve(s, &err) || store_writer_start(s)) {
		if (!err.code)
			kesu_fail(&err, KE_INTERNAL, "", "cannot start the writer");
		store_close(s);
		return cli_fail(&err);
	}
	/* the scheduler lease, if no other node holds it, before the first
	 * request: what that request leaves to do is done at once */
	node_scheduler_renew(s);
	struct http_options hopt = {
		.listen = listen_at, .threads = threads, .routes = api_routes,
		.nroutes = api_nroutes, .store = s, .access_log = !quiet,
		.public_url = public_url, .max_connections = connections,
		.per_ip_connections = per_address,
		.trusted_proxies = &proxies,
	};
	struct http_server *srv;
	char bound[128];
	if (http_start(&hopt, &srv, bound, sizeof bound, &err)) {
		store_close(s);
		return cli_fail(&err);
	}
	/* a setting changed through another node: its copies are read again */
	wf_scheduler_follow(api_settings_reload);
	struct wf_scheduler *sched = wf_scheduler_start(s, tick_ms);
	/* libcurl's and GMime's global set-up are not thread-safe: here, once */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	mail_init();
	struct ch_sender_options sopt = {.tick_ms = tick_ms < 250 ? tick_ms : 250, .workers = 2,
					 .public_url = public_url};
	struct ch_sender *sender = ch_sender_start(s, &sopt);
	/* the scheduled reports: a look every ten scheduler ticks is enough */
	struct report_scheduler *reports = report_scheduler_start(s, tick_ms * 10);
	log_info("kesu: serving %s on http://%s (%d threads), node %s", dir, bound, threads,
		 node_id());
	if (proxies.n)
		log_info("kesu: X-Forwarded-For is believed from %d trusted proxy address(es)",
			 proxies.n);
	int sig = 0;
	sigwait(&stop, &sig);
	log_info("kesu: %s received, finishing requests", sig == SIGINT ? "SIGINT" : "SIGTERM");
	http_stop(srv, 10000);
	wf_scheduler_stop(sched);
	report_scheduler_stop(reports);
	ch_sender_stop(sender);
	/* nothing of the scheduler's runs here any more: another node may
	 * take over at once */
	node_scheduler_release(s);
	store_close(s);
	report_shutdown();
	log_info("kesu: stopped");
	return 0;
}
