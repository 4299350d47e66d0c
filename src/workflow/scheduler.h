/*
 * scheduler.h - the thread that runs the clocks (see scheduler.c).
 */
#ifndef KESU_SCHEDULER_H
#define KESU_SCHEDULER_H

#include "../store/store.h"

struct wf_scheduler;

/* Starts ticking every tick_ms. NULL if the thread cannot start. */
struct wf_scheduler *wf_scheduler_start(struct store *store, int tick_ms);
/* Stops ticking and waits for a tick in flight (call before the store
 * closes). */
void wf_scheduler_stop(struct wf_scheduler *s);

#endif
