/*
 * macro.c - a macro applied to a complaint: the timeline notes which
 * script's actions were applied, after the verbs of each action wrote
 * their own events.
 */
#include "workflow_int.h"

int wf_macro_applied(struct store_conn *c, const struct complaint *cp, int64_t script_id,
		     const char *title, json_t *steps, const struct wf_actor *who, int64_t now,
		     struct arena *a, struct kesu_err *err)
{
	json_t *d = json_pack("{s:I,s:s,s:O,s:s}", "script_id", (json_int_t)script_id, "title",
			      title, "steps", steps, "visibility", "internal");
	int rc = notice_event(c, cp->id, "macro_applied", who->name, now, d, a, NULL, err);
	json_decref(d);
	return rc;
}
