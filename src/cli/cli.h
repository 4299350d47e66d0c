/*
 * cli.h - the subcommands of the kesu binary. main.c holds the table that
 * dispatches to them and prints their help.
 */
#ifndef KESU_CLI_H
#define KESU_CLI_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../util/err.h"

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* The columns of a review import, as text or a markdown table (import.c). */
void import_reviews_help(FILE *f, int markdown);
/* The columns of an order import (import.c). */
void import_orders_help(FILE *f);
/* One line of `kesu import` (len bytes, its line break taken off) read into
 * the JSON it holds (*line, which the caller frees), the complaint's body
 * within it and the time it is registered at (*at: its created_at, else
 * now). Returns 0, or a negative code with err naming the line. */
int import_line_parse(const char *text, size_t len, long lineno, int64_t now, json_t **line,
		      json_t **body, int64_t *at, struct kesu_err *err);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_tick(int argc, char **argv);
int cmd_mailgate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_train(int argc, char **argv);
/* Trains the models of DIR's labelled complaints into DIR/models (kesu
 * train without --reviews): category and cause, and with all emotion and
 * mindset; prints what it did. Returns an exit code. */
struct store;
int cli_train_complaints(struct store *st, const char *dir, int all);
int cmd_analyze(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_store(int argc, char **argv);
int cmd_restore(int argc, char **argv);

/* `kesu help TOPIC [--markdown]` (argv[1] is the topic): the exit code,
 * or -1 if there is no such topic. */
int cli_help_topic(int argc, char **argv);
/* Lists the topics, for `kesu help`. */
void cli_help_topics(FILE *f);

/* Prints "kesu: <message>" for err on stderr and returns its exit code. */
int cli_fail(const struct kesu_err *err);
/* Prints a usage error for cmd and returns 64 (EX_USAGE). */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reads a password from the first line of path ("-": standard input) into
 * buf. Returns 0 or a negative code with err. */
int cli_read_password(const char *path, char *buf, size_t size, struct kesu_err *err);
/* A random password of 20 characters that passes the policy. */
void cli_random_password(char out[32]);
/* Adds a user (the password already checked), in one transaction with its
 * teams (made if missing) and a security event by actor. */
struct store;
int cli_user_add(struct store *s, const char *username, const char *role,
		 const char *display_name, const char *email, const char *password,
		 const char *const *teams, int nteams, const char *actor, int64_t *id,
		 struct kesu_err *err);

/* Loads the built-in demo complaints into an empty store (init --demo). */
struct store;
int demo_load(struct store *s, int *loaded, struct kesu_err *err);
/* The demo's lesson from its kettle incident's handling notice, published to
 * the front line and confirmed by part of it (demo_lessons.c). */
int demo_lessons(struct store *s, int64_t now, struct kesu_err *err);
/* The demo's prevention checklists and their runs (demo_checklists.c). */
int demo_checklists(struct store *s, int64_t now, struct kesu_err *err);
/* The demo's win-back: last month's thank-you letters to part of the
 * satisfied complainants and one goodwill coupon (demo_thanks.c). */
int demo_thanks(struct store *s, int64_t now, struct kesu_err *err);
/* The demo's order history, for the repurchase figures (demo_orders.c). */
int demo_orders(struct store *s, int64_t now, struct kesu_err *err);

#endif
