/*
 * cli.h - the subcommands of the kesu binary. main.c holds the table that
 * dispatches to them and prints their help.
 */
#ifndef KESU_CLI_H
#define KESU_CLI_H

#include "../util/err.h"

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);

/* Prints "kesu: <message>" for err on stderr and returns its exit code. */
int cli_fail(const struct kesu_err *err);
/* Prints a usage error for cmd and returns 64 (EX_USAGE). */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Loads the built-in demo complaints into an empty store (init --demo). */
struct store;
int demo_load(struct store *s, int *loaded, struct kesu_err *err);

#endif
