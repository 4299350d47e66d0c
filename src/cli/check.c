/*
 * check.c - `kesu check`: verify a data directory.
 */
#include <getopt.h>
#include <stdio.h>

#include "../store/store.h"
#include "cli.h"

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case ':': return cli_usage("check", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("check", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("check", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("check", "--data DIR is required");
	struct kesu_err err = {0};
	struct store *s;
	int64_t complaints = 0, events = 0;
	if (store_open(dir, STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	int rc = store_check(s, &complaints, &events, &err);
	store_close(s);
	if (rc)
		return cli_fail(&err);
	printf("kesu: %s is sound: %lld complaints, %lld events, search index consistent\n", dir,
	       (long long)complaints, (long long)events);
	return 0;
}
