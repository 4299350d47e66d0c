/*
 * pg.c - PostgreSQL's side of the statement layer (sql.h): connections
 * through libpq, statements prepared on the server, their rows read in
 * text form.
 *
 * A statement is prepared on first run, with the types of the values
 * bound for it: integers as bigint, blobs as bytea, text as "unknown" so
 * that the server reads it as whatever the column is (as SQLite's type
 * affinity does). Where the server cannot settle a parameter's type from
 * that, the guess for that parameter changes and it is prepared again
 * (prepare_on_server). Each statement is then a single round trip.
 *
 * The writer sends some statements without waiting for their answer
 * (pg_step_later: those whose caller needs neither rows nor a count, and
 * the savepoints around group commit's jobs) in libpq's pipeline mode;
 * the next statement that needs an answer, or pg_settle at a job's end,
 * reads them all, and the first failure among them is that statement's
 * failure. A registration is some twenty statements, so round trips, not
 * the server's work, are what a write costs.
 *
 * A lost connection (a restart, a failover to the replica) fails the
 * statement with SQLITE_IOERR, which the store reports as unavailable, and
 * is made again before the next statement outside a transaction: the
 * nodes follow a promoted replica without a restart.
 */
#include "sqlite_int.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"
#include "pg_int.h"

#define OID_BYTEA 17
#define OID_INT8 20
#define OID_BOOL 16
#define OID_FLOAT8 701
#define OID_TEXT 25

#define PIPELINE_MAX 256

struct pg_conn {
	PGconn *conn;
	unsigned names;	     /* statements prepared so far, for their names */
	unsigned generation; /* bumped when the connection is made again */
	int changes;
	int errcode;
	char errmsg[512];
	int reader;
	int queued;	/* statements sent in the pipeline, not yet answered */
	unsigned epoch; /* pg_write_epoch */
};

struct pg_param {
	char *val; /* NULL: SQL NULL */
	int len;
	int binary;
	unsigned type;
	char small[32];
};

struct pg_stmt {
	struct store_conn *c;
	char *sql;	/* as written, for messages */
	char *pgsql;	/* as PostgreSQL reads it */
	int control;	/* a transaction statement, run as plain text */
	int each_time;	/* planned for each run's values (pg_plan_each_time) */
	int nparams;
	struct pg_param *params;
	char name[24];
	unsigned prepared_gen; /* 0: not prepared on this connection */
	unsigned *types;       /* the parameters' types, once settled */
	PGresult *res;
	int row, nrows, started;
	/* bytea columns of the current row, decoded */
	unsigned char **blobs;
	size_t *blob_len;
	int ncols;
};

/* --- Errors -------------------------------------------------------------- */

static int map_state(const char *state)
{
	if (!state)
		return SQLITE_IOERR;
	if (strncmp(state, "23", 2) == 0 || strcmp(state, "P0001") == 0)
		return SQLITE_CONSTRAINT;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return SQLITE_BUSY;
	if (strcmp(state, "53100") == 0)
		return SQLITE_FULL;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strncmp(state, "53", 2) == 0 || strcmp(state, "25006") == 0)
		return SQLITE_IOERR;
	return SQLITE_ERROR;
}

static int fail_with(struct pg_conn *p, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	if (!msg || !*msg)
		msg = PQerrorMessage(p->conn);
	snprintf(p->errmsg, sizeof p->errmsg, "%s", msg && *msg ? msg : "connection lost");
	size_t n = strlen(p->errmsg);
	while (n && (p->errmsg[n - 1] == '\n' || p->errmsg[n - 1] == ' '))
		p->errmsg[--n] = '\0';
	p->errcode = PQstatus(p->conn) == CONNECTION_BAD ? SQLITE_IOERR : map_state(state);
	p->epoch++;
	return p->errcode;
}

const char *pg_errmsg(struct store_conn *c)
{
	return c->pg->errmsg;
}

int pg_errcode(struct store_conn *c)
{
	return c->pg->errcode;
}

/* Reads the answers to the statements sent in the pipeline: SQLITE_OK,
 * or the first one's failure. */
static int settle(struct pg_conn *p)
{
	if (!p->queued)
		return SQLITE_OK;
	int rc = SQLITE_OK;
	if (PQpipelineSync(p->conn) != 1)
		rc = fail_with(p, NULL);
	/* each statement's result, then a NULL; a statement after a failure
	 * is answered PGRES_PIPELINE_ABORTED */
	for (int left = p->queued; left > 0;) {
		PGresult *r = PQgetResult(p->conn);
		if (!r) {
			left--;
			continue;
		}
		ExecStatusType s = PQresultStatus(r);
		if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
			const char *n = PQcmdTuples(r);
			p->changes = n && *n ? atoi(n) : 0;
		} else if (s != PGRES_PIPELINE_ABORTED && rc == SQLITE_OK) {
			const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
			if (state && strcmp(state, "26000") == 0)
				p->generation++; /* a new session behind a pooler */
			rc = fail_with(p, r);
		}
		PQclear(r);
		if (PQstatus(p->conn) == CONNECTION_BAD)
			break;
	}
	if (rc == SQLITE_OK || PQstatus(p->conn) != CONNECTION_BAD) {
		PGresult *r = PQgetResult(p->conn); /* PGRES_PIPELINE_SYNC */
		PQclear(r);
	}
	p->queued = 0;
	if (PQexitPipelineMode(p->conn) != 1 && rc == SQLITE_OK)
		rc = fail_with(p, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_CONSTRAINT && rc != SQLITE_BUSY)
		log_error("store: PostgreSQL: %s", p->errmsg);
	return rc;
}

int pg_settle(struct store_conn *c)
{
	return settle(c->pg);
}

int pg_changes(struct store_conn *c)
{
	settle(c->pg);
	return c->pg->changes;
}

unsigned pg_generation(struct store_conn *c)
{
	return c->pg->generation;
}

unsigned pg_write_epoch(struct store_conn *c)
{
	struct pg_conn *p = c->pg;
	return p->reader || !pg_in_transaction(c) ? 0 : p->epoch;
}

/* --- Connections --------------------------------------------------------- */

static int session_setup(struct pg_conn *p)
{
	const char *sql = p->reader
				  ? "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
				    " SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
				  : "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
				    /* a write waits for its turn as SQLite's writer
				     * waits for its lock: a while, then "busy" */
				    " SET lock_timeout = '5s'";
	PGresult *r = PQexec(p->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fail_with(p, r);
	PQclear(r);
	return ok ? 0 : -1;
}

static void notice_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* NOTICEs (an IF NOT EXISTS that held) are not errors */
}

int pg_open(struct store_conn *c, struct kesu_err *err)
{
	struct pg_conn *p = calloc(1, sizeof *p);
	c->pg = p;
	p->reader = !c->writer;
	p->generation = 1;
	p->conn = PQconnectdb(c->store->pg_url);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		/* the address may hold a password: say only what failed */
		const char *why = PQerrorMessage(p->conn);
		kesu_fail(err, KE_UNAVAILABLE, "", "cannot connect to the PostgreSQL store: %.200s",
			  why && *why ? why : "no answer");
		return -1;
	}
	PQsetNoticeProcessor(p->conn, notice_quiet, NULL);
	if (session_setup(p))
		return kesu_fail(err, KE_UNAVAILABLE, "", "cannot set up the PostgreSQL session: %s",
				 p->errmsg);
	return 0;
}

void pg_close(struct store_conn *c)
{
	if (!c->pg)
		return;
	settle(c->pg);
	if (c->pg->conn)
		PQfinish(c->pg->conn);
	free(c->pg);
	c->pg = NULL;
}

int pg_in_transaction(struct store_conn *c)
{
	PGTransactionStatusType t = PQtransactionStatus(c->pg->conn);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* Makes the connection again if it was lost and no transaction depends on
 * it: 0 if it is usable. */
static int ensure_live(struct pg_conn *p)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		fail_with(p, NULL);
		return -1;
	}
	p->generation++;
	log_info("store: reconnected to PostgreSQL");
	return session_setup(p);
}

/* SQL text a statement of SQLite's spelling runs as on PostgreSQL, for the
 * few statements run as plain text. NULL: nothing to run. */
static const char *plain_text(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	if (strncmp(sql, "PRAGMA", 6) == 0)
		return NULL;
	if (strncmp(sql, "BEGIN IMMEDIATE", 15) == 0)
		return "BEGIN";
	return sql;
}

/* A write transaction: nodes write one at a time, as SQLite's one writer
 * does. A transaction takes the lock first thing and holds it to its end,
 * so no two nodes ever wait on each other's rows (a deadlock), and what a
 * transaction reads before it writes (the hash chains' tails, a day's
 * tracking numbers) no other node changes meanwhile. Group commit makes
 * the turns long: many jobs a turn. */
#define WRITE_TURN "BEGIN; SELECT pg_advisory_xact_lock(7740410953)"

static const char *begin_text(const struct pg_conn *p, const char *text)
{
	return !p->reader && strcmp(text, "BEGIN") == 0 ? WRITE_TURN : text;
}

/* Runs a transaction statement; a BEGIN whose turn did not come (the
 * lock timed out) leaves no transaction behind, as a failed BEGIN never
 * does. */
static PGresult *exec_control(struct pg_conn *p, const char *text)
{
	/* what the transaction wrote may be undone or made visible */
	if (strncmp(text, "SAVEPOINT", 9) != 0 && strncmp(text, "RELEASE", 7) != 0)
		p->epoch++;
	PGresult *r = PQexec(p->conn, begin_text(p, text));
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && strncmp(text, "BEGIN", 5) == 0 &&
	    PQtransactionStatus(p->conn) == PQTRANS_INERROR)
		PQclear(PQexec(p->conn, "ROLLBACK"));
	return r;
}

int pg_exec(struct store_conn *c, const char *sql, struct kesu_err *err)
{
	struct pg_conn *p = c->pg;
	const char *text = plain_text(sql);
	if (!text)
		return 0;
	int rc0 = settle(p);
	if (rc0 != SQLITE_OK && strncmp(text, "ROLLBACK", 8) != 0)
		return sql_fail(c, rc0, "exec", err);
	if (!pg_in_transaction(c) && ensure_live(p))
		return sql_fail(c, p->errcode, "exec", err);
	PGresult *r = exec_control(p, text);
	ExecStatusType s = PQresultStatus(r);
	int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : fail_with(p, r);
	PQclear(r);
	return rc ? sql_fail(c, rc, "exec", err) : 0;
}

/* --- Statements ---------------------------------------------------------- */

struct pg_stmt *pg_prepare(struct store_conn *c, const char *sql, int *rc)
{
	struct pg_stmt *st = calloc(1, sizeof *st);
	st->c = c;
	st->sql = strdup(sql);
	st->pgsql = pg_sql_translate(sql, &st->nparams);
	const char *t = st->pgsql;
	while (*t == ' ')
		t++;
	st->control = strncmp(t, "BEGIN", 5) == 0 || strncmp(t, "COMMIT", 6) == 0 ||
		      strncmp(t, "ROLLBACK", 8) == 0 || strncmp(t, "SAVEPOINT", 9) == 0 ||
		      strncmp(t, "RELEASE", 7) == 0 || strncmp(t, "PRAGMA", 6) == 0;
	if (st->nparams)
		st->params = calloc((size_t)st->nparams, sizeof *st->params);
	snprintf(st->name, sizeof st->name, "k%u", ++c->pg->names);
	*rc = SQLITE_OK;
	return st;
}

static void clear_row(struct pg_stmt *st)
{
	if (st->blobs) {
		for (int i = 0; i < st->ncols; i++)
			PQfreemem(st->blobs[i]);
		free(st->blobs);
		free(st->blob_len);
		st->blobs = NULL;
		st->blob_len = NULL;
	}
}

static void clear_result(struct pg_stmt *st)
{
	clear_row(st);
	PQclear(st->res);
	st->res = NULL;
	st->started = 0;
	st->row = st->nrows = 0;
}

static void clear_param(struct pg_param *pp)
{
	if (pp->val && pp->val != pp->small)
		free(pp->val);
	pp->val = NULL;
	pp->len = 0;
	pp->binary = 0;
	pp->type = 0;
}

void pg_reset(struct pg_stmt *st)
{
	clear_result(st);
	for (int i = 0; i < st->nparams; i++)
		clear_param(&st->params[i]);
}

void pg_finalize(struct pg_stmt *st)
{
	pg_reset(st);
	/* Named statements die with their session; deallocating each one
	 * would cost a round trip for nothing on a connection being closed. */
	free(st->params);
	free(st->types);
	free(st->sql);
	free(st->pgsql);
	free(st);
}

void pg_plan_each_time(struct pg_stmt *st)
{
	st->each_time = 1;
}

const char *pg_sql_text(struct pg_stmt *st)
{
	return st->sql;
}

int pg_param_count(struct pg_stmt *st)
{
	return st->nparams;
}

static struct pg_param *param(struct pg_stmt *st, int i)
{
	if (i < 1 || i > st->nparams)
		return NULL;
	struct pg_param *pp = &st->params[i - 1];
	clear_param(pp);
	return pp;
}

int pg_bind_int64(struct pg_stmt *st, int i, int64_t v)
{
	struct pg_param *pp = param(st, i);
	if (!pp)
		return SQLITE_RANGE;
	pp->len = snprintf(pp->small, sizeof pp->small, "%lld", (long long)v);
	pp->val = pp->small;
	pp->type = OID_INT8;
	return SQLITE_OK;
}

int pg_bind_double(struct pg_stmt *st, int i, double v)
{
	struct pg_param *pp = param(st, i);
	if (!pp)
		return SQLITE_RANGE;
	pp->len = snprintf(pp->small, sizeof pp->small, "%.17g", v);
	pp->val = pp->small;
	pp->type = OID_FLOAT8;
	return SQLITE_OK;
}

int pg_bind_null(struct pg_stmt *st, int i)
{
	return param(st, i) ? SQLITE_OK : SQLITE_RANGE;
}

int pg_bind_text(struct pg_stmt *st, int i, const char *s, int n)
{
	struct pg_param *pp = param(st, i);
	if (!pp)
		return SQLITE_RANGE;
	size_t len = n < 0 ? strlen(s) : (size_t)n;
	pp->val = malloc(len + 1);
	memcpy(pp->val, s, len);
	pp->val[len] = '\0';
	pp->len = (int)len;
	return SQLITE_OK;
}

int pg_bind_blob(struct pg_stmt *st, int i, const void *p, int64_t n)
{
	struct pg_param *pp = param(st, i);
	if (!pp)
		return SQLITE_RANGE;
	pp->val = malloc((size_t)n + 1);
	memcpy(pp->val, p, (size_t)n);
	pp->len = (int)n;
	pp->binary = 1;
	pp->type = OID_BYTEA;
	return SQLITE_OK;
}

/* Runs plain SQL whose failure is only logged. */
static void quiet(struct pg_conn *p, const char *sql)
{
	PQclear(PQexec(p->conn, sql));
}

/* The parameter $k an error points at: the first $k at or after the
 * statement position the server gave (where an operator's operands are
 * compared), or 0. */
static int param_at(const char *sql, const PGresult *r)
{
	const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
	if (!pos)
		return 0;
	long at = strtol(pos, NULL, 10) - 1;
	if (at < 0 || at >= (long)strlen(sql))
		return 0;
	/* the operand may stand before the operator or after it */
	const char *after = strchr(sql + at, '$');
	const char *before = NULL;
	for (const char *q = sql + at; q > sql && sql + at - q < 40; q--)
		if (*q == '$') {
			before = q;
			break;
		}
	const char *pick = after && after - (sql + at) < 8 ? after : before ? before : after;
	return pick ? atoi(pick + 1) : 0;
}

/* Prepares the statement, settling its parameters' types with the
 * server: integers start as bigint, blobs as bytea, text and NULL as
 * "unknown" (the column's type). Where the server cannot settle one, or a
 * guess meets a column of another type, that parameter's guess changes
 * and the statement is prepared again. */
static int prepare_on_server(struct pg_stmt *st)
{
	struct pg_conn *p = st->c->pg;
	if (!st->types && st->nparams) {
		st->types = calloc((size_t)st->nparams, sizeof *st->types);
		for (int i = 0; i < st->nparams; i++)
			st->types[i] = st->params[i].binary ? OID_BYTEA : st->params[i].type;
	}
	/* A failed Parse inside a transaction would abort it: a savepoint
	 * keeps the transaction whatever a guess does. */
	int in_tx = pg_in_transaction(st->c);
	for (int attempt = 0;; attempt++) {
		snprintf(st->name, sizeof st->name, "k%u", ++p->names);
		if (in_tx)
			quiet(p, "SAVEPOINT kesu_prepare");
		PGresult *r = PQprepare(p->conn, st->name, st->pgsql, st->nparams, st->types);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		int rc = ok ? SQLITE_OK : fail_with(p, r);
		const char *state = ok ? "" : PQresultErrorField(r, PG_DIAG_SQLSTATE);
		int k = 0, changed = 0;
		if (!ok && state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0)) {
			/* "could not determine data type of parameter $k" */
			const char *m = strstr(p->errmsg, "parameter $");
			k = m ? atoi(m + 11) : 0;
			if (k >= 1 && k <= st->nparams && st->types[k - 1] != OID_TEXT) {
				st->types[k - 1] = OID_TEXT;
				changed = 1;
			}
		} else if (!ok && state &&
			   (strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0 ||
			    strcmp(state, "42725") == 0)) {
			/* an operand of another type: text meets a number, or a
			 * number meets text or a condition */
			k = param_at(st->pgsql, r);
			if (k >= 1 && k <= st->nparams) {
				unsigned was = st->types[k - 1];
				st->types[k - 1] = was == OID_TEXT ? OID_INT8 : 0;
				changed = st->types[k - 1] != was;
			}
		}
		PQclear(r);
		if (in_tx)
			quiet(p, ok ? "RELEASE kesu_prepare"
				    : "ROLLBACK TO kesu_prepare; RELEASE kesu_prepare");
		if (ok) {
			st->prepared_gen = p->generation;
			return SQLITE_OK;
		}
		if (!changed || attempt > 3 * st->nparams + 2) {
			log_error("store: cannot prepare for PostgreSQL: %s\n%s", p->errmsg,
				  st->pgsql);
			return rc;
		}
	}
}

/* The bound values as libpq takes them. */
static void param_arrays(const struct pg_stmt *st, const char **vals, int *lens, int *fmts)
{
	for (int i = 0; i < st->nparams; i++) {
		vals[i] = st->params[i].val;
		lens[i] = st->params[i].len;
		fmts[i] = st->params[i].binary;
	}
}

/* Sends a statement (st, or the plain text when st is NULL) in the
 * pipeline: SQLITE_DONE, or a failure if it could not be sent. */
static int send_later(struct pg_conn *p, struct pg_stmt *st, const char *text)
{
	/* answers unread pile up in the server's socket, which stops reading
	 * ours when full: a long job (an import) reads them now and then */
	if (p->queued >= PIPELINE_MAX) {
		int rc = settle(p);
		if (rc != SQLITE_OK)
			return rc;
	}
	if (!p->queued && PQenterPipelineMode(p->conn) != 1)
		return fail_with(p, NULL);
	int sent;
	if (st) {
		const char *vals[st->nparams ? st->nparams : 1];
		int lens[st->nparams ? st->nparams : 1], fmts[st->nparams ? st->nparams : 1];
		param_arrays(st, vals, lens, fmts);
		sent = PQsendQueryPrepared(p->conn, st->name, st->nparams, vals, lens, fmts, 0);
		st->started = 1;
		st->nrows = st->row = 0;
	} else {
		sent = PQsendQueryParams(p->conn, text, 0, NULL, NULL, NULL, NULL, 0);
	}
	if (sent == 1) {
		p->queued++;
		return SQLITE_DONE;
	}
	int rc = fail_with(p, NULL);
	if (p->queued)
		settle(p);
	else
		PQexitPipelineMode(p->conn);
	return rc;
}

/* Whether a statement may go in the pipeline: the writer's, in a
 * transaction (outside one there is nothing to save a round trip for). */
static int may_queue(struct pg_stmt *st)
{
	struct pg_conn *p = st->c->pg;
	return !p->reader && !st->started && pg_in_transaction(st->c);
}

int pg_step_later(struct pg_stmt *st)
{
	struct pg_conn *p = st->c->pg;
	/* a statement's first run prepares it, which needs an answer */
	if (st->control || !may_queue(st) || st->prepared_gen != p->generation)
		return pg_step(st);
	return send_later(p, st, NULL);
}

int pg_step(struct pg_stmt *st)
{
	struct pg_conn *p = st->c->pg;
	/* group commit's savepoints need no answer: the job's end does */
	if (st->control && may_queue(st) &&
	    (strncmp(st->pgsql, "SAVEPOINT job", 13) == 0 ||
	     strncmp(st->pgsql, "RELEASE job", 11) == 0)) {
		st->started = 1;
		st->nrows = st->row = 0;
		return send_later(p, NULL, st->pgsql);
	}
	if (st->started) {
		clear_row(st);
		if (st->row + 1 < st->nrows) {
			st->row++;
			return SQLITE_ROW;
		}
		st->row = st->nrows;
		return SQLITE_DONE;
	}
	/* a rollback runs whatever the statements before it answered */
	int queued_rc = settle(p);
	if (queued_rc != SQLITE_OK && !(st->control && strncmp(st->pgsql, "ROLLBACK", 8) == 0))
		return queued_rc;
	if (!pg_in_transaction(st->c) && ensure_live(p))
		return p->errcode;
	PGresult *r;
	if (st->control) {
		const char *text = plain_text(st->pgsql);
		if (!text) {
			st->started = 1;
			return SQLITE_DONE;
		}
		r = exec_control(p, text);
	} else {
		if (st->prepared_gen != p->generation) {
			int rc = prepare_on_server(st);
			if (rc != SQLITE_OK)
				return rc;
		}
		const char *vals[st->nparams ? st->nparams : 1];
		int lens[st->nparams ? st->nparams : 1], fmts[st->nparams ? st->nparams : 1];
		param_arrays(st, vals, lens, fmts);
		/* (an unnamed statement is planned for the values it is given;
		 * the named one settled the parameters' types) */
		r = st->each_time ? PQexecParams(p->conn, st->pgsql, st->nparams, st->types, vals,
						 lens, fmts, 0)
				  : PQexecPrepared(p->conn, st->name, st->nparams, vals, lens, fmts, 0);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (state && strcmp(state, "26000") == 0) {
			/* the server forgot it (a new session behind a pooler) */
			PQclear(r);
			st->prepared_gen = 0;
			int rc = prepare_on_server(st);
			if (rc != SQLITE_OK)
				return rc;
			r = PQexecPrepared(p->conn, st->name, st->nparams, vals, lens, fmts, 0);
		}
	}
	ExecStatusType s = PQresultStatus(r);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		int rc = fail_with(p, r);
		PQclear(r);
		if (rc == SQLITE_ERROR)
			log_error("store: PostgreSQL: %s\n%s", p->errmsg, st->pgsql);
		return rc;
	}
	const char *n = PQcmdTuples(r);
	p->changes = n && *n ? atoi(n) : 0;
	st->res = r;
	st->started = 1;
	st->nrows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	st->ncols = PQnfields(r);
	st->row = 0;
	return st->nrows > 0 ? SQLITE_ROW : SQLITE_DONE;
}

/* --- Columns ------------------------------------------------------------- */

static int has_value(const struct pg_stmt *st, int i)
{
	return st->res && st->row < st->nrows && i >= 0 && i < st->ncols &&
	       !PQgetisnull(st->res, st->row, i);
}

int64_t pg_column_int64(struct pg_stmt *st, int i)
{
	if (!has_value(st, i))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, i);
	/* booleans, and JSON's (->> gives SQLite 1 and 0 for them) */
	if ((v[0] == 't' && !v[1]) || strcmp(v, "true") == 0)
		return 1;
	if ((v[0] == 'f' && !v[1]) || strcmp(v, "false") == 0)
		return 0;
	if (strchr(v, '.') || strchr(v, 'e'))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

double pg_column_double(struct pg_stmt *st, int i)
{
	if (!has_value(st, i))
		return 0;
	const char *v = PQgetvalue(st->res, st->row, i);
	if (v[0] == 't' && !v[1])
		return 1;
	if (v[0] == 'f' && !v[1])
		return 0;
	return strtod(v, NULL);
}

/* The bytes of a bytea column of the current row, decoded once. */
static const unsigned char *bytea_of(struct pg_stmt *st, int i, size_t *len)
{
	if (!st->blobs) {
		st->blobs = calloc((size_t)st->ncols, sizeof *st->blobs);
		st->blob_len = calloc((size_t)st->ncols, sizeof *st->blob_len);
	}
	if (!st->blobs[i])
		st->blobs[i] = PQunescapeBytea(
			(const unsigned char *)PQgetvalue(st->res, st->row, i), &st->blob_len[i]);
	*len = st->blob_len[i];
	return st->blobs[i];
}

const unsigned char *pg_column_text(struct pg_stmt *st, int i)
{
	if (!has_value(st, i))
		return NULL;
	if (PQftype(st->res, i) == OID_BYTEA) {
		size_t len;
		return bytea_of(st, i, &len); /* PQunescapeBytea ends it with a NUL */
	}
	if (PQftype(st->res, i) == OID_BOOL)
		return (const unsigned char *)(PQgetvalue(st->res, st->row, i)[0] == 't' ? "1" : "0");
	return (const unsigned char *)PQgetvalue(st->res, st->row, i);
}

const void *pg_column_blob(struct pg_stmt *st, int i)
{
	if (!has_value(st, i))
		return NULL;
	if (PQftype(st->res, i) == OID_BYTEA) {
		size_t len;
		return bytea_of(st, i, &len);
	}
	return PQgetvalue(st->res, st->row, i);
}

int pg_column_bytes(struct pg_stmt *st, int i)
{
	if (!has_value(st, i))
		return 0;
	if (PQftype(st->res, i) == OID_BYTEA) {
		size_t len;
		bytea_of(st, i, &len);
		return (int)len;
	}
	if (PQftype(st->res, i) == OID_BOOL)
		return 1;
	return PQgetlength(st->res, st->row, i);
}

int pg_column_type(struct pg_stmt *st, int i)
{
	if (!has_value(st, i))
		return SQLITE_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BYTEA:
		return SQLITE_BLOB;
	case OID_INT8:
	case 21:
	case 23:
	case OID_BOOL:
		return SQLITE_INTEGER;
	case OID_FLOAT8:
	case 700:
	case 1700:
		return SQLITE_FLOAT;
	default:
		return SQLITE_TEXT;
	}
}

int pg_column_count(struct pg_stmt *st)
{
	return st->res ? st->ncols : 0;
}
