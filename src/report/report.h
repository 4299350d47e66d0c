/*
 * report.h - the complaint work report (投诉工作报告) and the figures behind
 * it: computed once from the store (stats.c), given as JSON to the API
 * (json.c), laid out as a document of sections, tables and charts in the
 * reader's language (document.c), and written as PDF, HTML, XLSX or CSV.
 *
 * What a figure counts (the report states it too):
 * - the complaints registered in the period (the cohort): volume, categories,
 *   causes, validity, responsibility, ideas, clocks, reopen rate, customers
 *   at risk, typical cases, repeat complainants;
 * - what happened in the period, whichever complaint: resolutions and
 *   closes, escalations, compensation decided, follow-up callbacks, tasks
 *   handed to departments.
 * The performance figures (clocks, escalations, satisfaction and the loop,
 * reopen rate, customers at risk, resolved and closed) leave out the
 * complaints judged invalid or duplicate (domain.md 1); the validity
 * section counts them.
 */
#ifndef KESU_REPORT_H
#define KESU_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/err.h"

struct wf_causes;


#define REPORT_TOP 10	    /* rows of the longer lists */
#define REPORT_CASES 5	    /* typical cases of each kind */
#define REPORT_IDEAS 50	    /* complaints carrying an idea, listed */

/* The judgements on a complaint as the report counts them; the last of
 * each is "not judged" (a NULL field). report_validities[i] and
 * report_responsibilities[i] are the stored values. */
enum { RV_VALID, RV_INVALID, RV_DUPLICATE, RV_MALICIOUS, RV_NOT_JUDGED, RV__COUNT };
enum { RR_OURS, RR_CUSTOMER, RR_THIRD_PARTY, RR_UNCLEAR, RR_NOT_JUDGED, RR__COUNT };
extern const char *const report_validities[RV__COUNT];
extern const char *const report_responsibilities[RR__COUNT];

struct tally_row {
	const char *key;
	int64_t n;
	int64_t sum; /* fen, for compensation */
};
struct tally_list {
	struct tally_row *rows; /* most first */
	int n;
	int64_t total;
};

enum { RK_ACK, RK_FIRST, RK_RESOLUTION, RK_FOLLOW_UP, RK__COUNT }; /* clock kinds reported */

/* A clock counts once: met (done within its target), breached (late,
 * whether done since or not), or still running. done: met, or breached
 * and done since; open_breached: breached and not done yet. */
struct clock_stats {
	int64_t done, met, breached, open_breached, running;
	int64_t median_ms, p90_ms;		    /* of the time taken; -1: none */
	int64_t breached_by_severity[SEV__COUNT]; /* the most severe first */
};

struct typical_case {
	int64_t id;
	const char *tracking_no, *severity, *status, *category, *content;
	int level, reopen_count;
	int64_t repeat; /* for the most repeated: complaints about the same object */
	const char *object;
};

struct idea_row {
	const char *tracking_no, *category, *object, *content;
	int64_t created_at;
};

#define REPORT_ACTIONS 50

struct action_row {
	const char *tracking_no, *department, *what, *state;
	int overdue;
	int64_t due_at, created_at;
};

/* Every figure of one period. */
struct report_stats {
	struct report_filter f;
	/* the cohort */
	int64_t received, still_open, reopened, threat, key_customers, repeat_customers;
	int64_t open_at_management; /* not closed, at management or above */
	int64_t second; /* second complaints (二次投诉) among the counted */
	int64_t customers;
	int64_t counted; /* received, less the invalid and duplicate ones */
	int64_t validity[RV__COUNT], responsibility[RR__COUNT];
	/* causes (key "" left out: not_judged), and the systemic complaints'
	 * (key "": systemic, no cause yet; total: every systemic complaint) */
	struct tally_list by_cause, by_cause_systemic;
	int64_t cause_not_judged;
	struct idea_row ideas[REPORT_IDEAS];
	int nideas;
	int64_t ideas_total;
	int ndays;
	int32_t first_day;	/* local day number of the first day */
	int64_t *by_day;	/* ndays counts */
	struct tally_list by_week, by_channel, by_category, by_object_kind, by_severity,
		by_object, by_level;
	struct clock_stats clocks[RK__COUNT];
	/* customers at risk (TARP): resolved within target, late, not resolved */
	int64_t resolved_fast, resolved_late, unresolved;
	double returning, at_risk;
	struct typical_case severe[REPORT_CASES], repeated[REPORT_CASES];
	int nsevere, nrepeated;
	/* the period's activity */
	int64_t resolved, closed, closed_after_follow_up, closed_by_override;
	/* the complaints resolved in the period, each once: the working time
	 * from registration to its latest resolution (-1: none resolved) */
	int64_t resolution_n, resolution_median_ms, resolution_p90_ms;
	struct tally_list escalations_by_level, escalations_by_cause;
	int64_t escalations;
	struct tally_list compensation_by_type; /* n and sum (fen) */
	int64_t compensation_fen, compensated_complaints, approvals, approved, rejected,
		awaiting_approval;
	int64_t callbacks, reached, satisfaction[6], business[6], carried_out, not_carried_out;
	double satisfaction_avg, business_avg;
	struct tally_list tasks_by_department;
	/* the department tasks of the period's complaints */
	struct action_row *actions;
	int nactions, actions_overdue, actions_open;
	/* the improvement actions the period speaks of (REPORT_ACTIONS at
	 * most listed): open, overdue at the period's end, done and awaiting
	 * their verdict, verified or failed within the period */
	struct improvement_action *improvements;
	int nimprovements;
	int64_t impr_total, impr_open, impr_overdue, impr_awaiting, impr_verified, impr_failed,
		impr_made;
};

struct report {
	struct report_stats cur, prev; /* prev: the period of the same length before */
	const char *team_name;	       /* NULL: every team */
	const char *company;	       /* the business's name (channels settings); NULL: unset */
	const struct wf_causes *causes; /* the cause list, for the labels */
	int64_t generated_at;
	json_t *reviews; /* the neutral and negative reviews' figures (reviews.c) */
	json_t *incidents; /* the incidents confirmed in the period (incidents.c) */
	json_t *winback; /* repurchase after resolution, and the baseline (winback.c) */
	struct arena *a;
};
/* The figures of the reviews posted in f's period (f's team and those of
 * no team): see docs/workflow.md. NULL with err on failure. */
struct wf_causes;
json_t *report_reviews(struct store_conn *c, const struct report_filter *f,
		       const struct wf_causes *causes, struct arena *a, struct kesu_err *err);

/* The incidents confirmed in f's period, those holding f's complaints
 * when f filters (the counts then of those complaints only), and the
 * satisfaction of their customers against the rest of s, the period's
 * figures already computed: see docs/reports.md. NULL with err on
 * failure. report_incidents_json makes it of the store's rows. */
json_t *report_incidents(struct store_conn *c, const struct report_filter *f,
			 const struct report_stats *s, struct arena *a, struct kesu_err *err);
json_t *report_incidents_json(const struct incident_fig *g, int n, int more,
			      const struct report_stats *s);

/* Whether complainants bought again after their complaint was resolved in
 * f's period, by month of resolution and by satisfaction, against the
 * customers who never complained (winback.c; docs/reports.md); with no
 * order imported, only a note saying so. NULL with err on failure. */
#define WINBACK_WINDOWS 3
json_t *report_winback(struct store_conn *c, const struct report_filter *f,
		       struct kesu_err *err);

/* Computes the report for f (and its previous period) on a reader. The
 * report lives in its own arena: free it with report_free. Returns NULL
 * with err on failure. */
struct report *report_compute(struct store_conn *c, const struct report_filter *f,
			      struct kesu_err *err);
void report_free(struct report *r);

/* The figures as JSON, every section, for the API and for BI tools. */
json_t *report_json(const struct report *r);
/* One section of it (one of report_sections), or NULL if there is no
 * such section. */
json_t *report_section_json(const struct report *r, const char *section);
extern const char *const report_sections[];

/* The written summary that opens the report, from its figures, in lang
 * (zh-CN, zh-TW, en): the volume and its change, the top causes, the
 * breaches and the time to resolve, satisfaction, what waits for a
 * decision. Sentences in a; returns how many (conclusion.c). */
#define REPORT_SENTENCES 5
int report_conclusion(const struct report *r, const char *lang, struct arena *a,
		      const char *out[REPORT_SENTENCES]);

/* --- the document ---------------------------------------------------------- */

enum report_format { RF_PDF, RF_HTML, RF_XLSX, RF_CSV, RF_JSON };
/* "pdf" ... "json"; -1 if unknown. */
int report_format_find(const char *name);
extern const char *const report_format_names[];
/* The Content-Type and file name extension of a format. */
const char *report_format_type(enum report_format f);

/* Writes the report in format and language (zh-CN, zh-TW, en) to a
 * malloc'd buffer (*out, *len). Returns 0, or a negative code with err. */
int report_render(const struct report *r, enum report_format f, const char *lang, char **out,
		  size_t *len, struct kesu_err *err);

/* Releases the fonts and caches the writers set up; once, at exit, when no
 * other thread draws. */
void report_shutdown(void);

/* How a clock of the report ended, as the report counts it (stats.c):
 * RCO_RUNNING, RCO_MET (done within its target) or RCO_BREACHED (late,
 * done since or not); *taken is the time it took, -1 when not done. The
 * team view (agents.c) counts with this, so that its figures are the
 * report's. */
enum { RCO_RUNNING, RCO_MET, RCO_BREACHED };
struct calendar;
int report_clock_outcome(const struct calendar *cal, const struct report_clock *k,
			 int64_t *taken);
/* RK_ACK .. RK_FOLLOW_UP for a clock's kind, or -1. */
int report_clock_kind(const char *kind);

/* One member of a team, with their figures for a period (agents.c). The
 * times are in ms, -1 when there is none. */
struct agent_figures {
	struct agent_row who;
	int64_t assigned;	/* registered in the period, assigned to them now */
	int64_t breaches;	/* clocks breached of those complaints */
	int64_t first_response_n, first_response_median_ms, first_response_p90_ms;
	int64_t resolved, resolution_median_ms, resolution_p90_ms;
	int64_t rated, rating_sum, satisfied; /* callbacks of the period, 4 or 5: satisfied */
};
/* The members of f->team_id and their figures for [f->from, f->to), in a
 * (arena); 0, or a negative code with err filled. */
int report_team_agents(struct store_conn *c, const struct report_filter *f, struct arena *a,
		       struct agent_figures **out, int *n, struct kesu_err *err);

/* Parses a local date (YYYY-MM-DD) or RFC 3339 time into ms; a date means
 * its local midnight. 0 or -1. */
int report_parse_time(const char *s, int64_t *ms);
/* The end of a period: a date is its last day (the period ends at the next
 * local midnight), a time is the end itself. 0 or -1. */
int report_parse_end(const char *s, int64_t *ms);
/* 1 for the report's languages: zh-CN, zh-TW, en. */
int report_lang_ok(const char *lang);

/* The regulator channel's complaints received in [from, to) as CSV for
 * the 12315 ODR platform (odr.c); *out is malloc'd, *rows their number. */
int report_odr_csv(struct store_conn *c, int64_t from, int64_t to, char **out, size_t *len,
		   int *rows, struct kesu_err *err);

#endif
