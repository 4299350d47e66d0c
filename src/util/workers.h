/*
 * workers.h - a few threads that run CPU-bound jobs (password hashes) off
 * the threads that serve connections, with a bounded queue: when it is
 * full the caller is told at once, to answer "busy" rather than wait.
 */
#ifndef KESU_WORKERS_H
#define KESU_WORKERS_H

struct work_job {
	/* Runs on a worker thread. */
	void (*run)(struct work_job *job);
	/* Runs on the same worker thread after run; the job is the caller's
	 * again from here. */
	void (*done)(struct work_job *job);
	void *ctx;
	struct work_job *next; /* the queue's */
};

struct workers;

/* Starts threads threads (at least 1) taking at most queue_max jobs that
 * wait for a thread (at least 1). NULL if threads could not be started. */
struct workers *workers_new(int threads, int queue_max);
/* Holds a place in the queue for a job submitted next. Returns 0, or -1
 * with nothing held if the queue is full. */
int workers_reserve(struct workers *w);
/* Queues job into a place workers_reserve() held; never fails. */
void workers_submit(struct workers *w, struct work_job *job);
/* Jobs waiting for a thread, places held included. */
int workers_waiting(struct workers *w);
/* Runs what was queued, stops the threads and frees w. NULL is a no-op. */
void workers_free(struct workers *w);

#endif
