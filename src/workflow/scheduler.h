/*
 * scheduler.h - the thread that runs the clocks (see scheduler.c).
 */
#ifndef KESU_SCHEDULER_H
#define KESU_SCHEDULER_H

#include "../store/store.h"

struct wf_scheduler;

/* Starts ticking every tick_ms. NULL if the thread cannot start. */
struct wf_scheduler *wf_scheduler_start(struct store *store, int tick_ms);
/* Has every scheduler call changed() (on its thread) when the settings'
 * generation in the store moves: another node changed a setting. It looks
 * every second, on every node. Call before wf_scheduler_start. */
void wf_scheduler_follow(void (*changed)(void));
/* Stops ticking and waits for a tick in flight (call before the store
 * closes). */
void wf_scheduler_stop(struct wf_scheduler *s);

#endif
