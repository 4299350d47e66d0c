/*
 * demo_int.h - what the parts of the demo (demo.c, demo_*.c) share: the
 * team as it was cast and the complaints as they were registered.
 */
#ifndef KESU_CLI_DEMO_INT_H
#define KESU_CLI_DEMO_INT_H

#include <stdint.h>

#include "../util/err.h"

struct store_conn;
struct wf_actor;

/* A registered demo complaint: the reference of its object, its id. */
struct demo_ref {
	const char *ref;
	int64_t id;
};

struct demo_cast {
	const struct wf_actor *supervisor;
	const int64_t *dept; /* the departments, in demo.c's order */
	int64_t team_id;
	const struct demo_ref *refs;
	int nrefs;
};

/* The improvement actions of the demo (demo_actions.c), made and moved at
 * their times before now; *made says how many. */
int demo_actions(struct store_conn *c, const struct demo_cast *cast, int64_t now, int *made,
		 struct kesu_err *err);

#endif
