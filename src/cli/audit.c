/*
 * audit.c - `kesu audit verify`: walks both hash chains and says whether
 * the audit trail is whole.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "cli.h"

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return cli_usage("audit", "the only action is verify");
	const char *dir = NULL;
	int o;
	opterr = 0;
	optind = 2;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case ':': return cli_usage("audit", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("audit", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("audit", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("audit", "--data DIR is required");
	struct kesu_err err = {0};
	struct store *s;
	if (store_open(dir, STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	struct audit_report r[2];
	int rc = store_audit_verify(s, r, &err);
	store_close(s);
	if (rc)
		return cli_fail(&err);
	int broken = 0;
	for (int i = 0; i < 2; i++) {
		char head[65];
		sodium_bin2hex(head, sizeof head, r[i].head, sizeof r[i].head);
		if (r[i].bad_id) {
			broken = 1;
			printf("%-16s BROKEN at record %lld: %s\n", r[i].chain, (long long)r[i].bad_id,
			       r[i].problem);
		} else {
			printf("%-16s ok  %lld records, head %s\n", r[i].chain,
			       (long long)r[i].records, head);
		}
	}
	if (broken)
		fprintf(stderr, "kesu: the audit trail was altered\n");
	return broken ? 65 : 0;
}
