/*
 * train.c - `kesu train`: models from the business's own labelled
 * complaints (the categories, causes, emotions and mindsets its agents
 * set) or, for polarity, from review files; and `kesu analyze`: one text
 * read, or a labelled file scored (accuracy, precision, recall and the
 * confusion matrix) against the models in force.
 */
#include <getopt.h>
#include <math.h>
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analysis/analysis.h"
#include "../store/store.h"
#include "../text/text.h"
#include "../util/clock.h"
#include "cli.h"

/* --- labelled files --------------------------------------------------------- */

/* One record of a labelled file: its label(s) and its text. */
struct rec {
	char *label, *label2, *text;
};
struct recs {
	struct rec *r;
	int n, cap;
	char *buf; /* the file, which the fields point into */
};

static void recs_free(struct recs *x)
{
	free(x->r);
	free(x->buf);
	memset(x, 0, sizeof *x);
}

static void recs_add(struct recs *x, char *label, char *label2, char *text)
{
	if (x->n == x->cap)
		x->r = realloc(x->r, sizeof *x->r * (size_t)(x->cap = x->cap ? x->cap * 2 : 1024));
	x->r[x->n++] = (struct rec){label, label2, text};
}

/* The next CSV field of *p (RFC 4180: quotes, doubled quotes, line breaks
 * inside quotes), NUL-terminated in place; *end receives the character
 * that ended it (',' '\n' or 0). */
static char *csv_field(char **p, char *end)
{
	char *s = *p, *o = s, *start = s;
	if (*s == '"') {
		s++;
		for (;;) {
			if (!*s)
				break;
			if (*s == '"' && s[1] == '"') {
				*o++ = '"';
				s += 2;
			} else if (*s == '"') {
				s++;
				break;
			} else {
				*o++ = *s++;
			}
		}
	}
	while (*s && *s != ',' && *s != '\n')
		*o++ = *s++;
	*end = *s;
	if (o > start && o[-1] == '\r')
		o--;
	if (*s)
		s++;
	*o = 0;
	*p = s;
	return start;
}

/* A label as the models name them: 1/0 and positive/negative in review
 * files are pos/neg. */
static char *polarity_label(char *s)
{
	if (!strcmp(s, "1") || !strcmp(s, "positive"))
		return "pos";
	if (!strcmp(s, "0") || !strcmp(s, "negative"))
		return "neg";
	return s;
}

struct where {
	const char *col, *value;
	int negate;
};

/* Reads a labelled file: CSV with a header naming `label` and `review` (or
 * `text`) columns, optionally filtered by where on another column; or
 * TSV lines label<TAB>text, or emotion<TAB>mindset<TAB>text. */
static int recs_read(const char *path, const struct where *w, struct recs *x, char *why,
		     size_t whylen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		snprintf(why, whylen, "cannot open %s", path);
		return -1;
	}
	size_t cap = 1 << 20, n = 0, k;
	char *buf = malloc(cap + 1);
	while ((k = fread(buf + n, 1, cap - n, f)) > 0)
		if ((n += k) == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	if (f != stdin)
		fclose(f);
	buf[n] = 0;
	/* a byte-order mark is not text */
	char *p = buf;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	memset(x, 0, sizeof *x);
	x->buf = buf;
	size_t pl = strlen(path);
	int csv = pl > 4 && !strcmp(path + pl - 4, ".csv");
	if (csv) {
		int lc = -1, tc = -1, wc = -1, col = 0;
		char end = ',';
		while (end == ',') {
			char *h = csv_field(&p, &end);
			if (!strcmp(h, "label"))
				lc = col;
			else if (!strcmp(h, "review") || !strcmp(h, "text"))
				tc = col;
			if (w && !strcmp(h, w->col))
				wc = col;
			col++;
		}
		if (lc < 0 || tc < 0 || (w && wc < 0)) {
			snprintf(why, whylen, "%s: the header names no label and review (or text) column%s",
				 path, w && wc < 0 ? ", or not the --where column" : "");
			return -1;
		}
		while (*p) {
			char *fields[16] = {0};
			col = 0;
			end = ',';
			while (end == ',') {
				char *v = csv_field(&p, &end);
				if (col < 16)
					fields[col] = v;
				col++;
			}
			if (!fields[lc] || !fields[tc] || !*fields[tc])
				continue;
			if (w && (!fields[wc] || (strcmp(fields[wc], w->value) == 0) == w->negate))
				continue;
			recs_add(x, fields[lc], NULL, fields[tc]);
		}
		return 0;
	}
	for (char *save = NULL, *line = strtok_r(p, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = 0;
		char *t1 = strchr(line, '\t');
		if (*line == '#' || !t1)
			continue;
		*t1 = 0;
		char *t2 = strchr(t1 + 1, '\t');
		if (t2) {
			*t2 = 0;
			recs_add(x, line, t1 + 1, t2 + 1);
		} else {
			recs_add(x, line, NULL, t1 + 1);
		}
	}
	return 0;
}

static int parse_where(const char *s, struct where *w)
{
	static char col[64];
	const char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return -1;
	w->negate = eq[-1] == '!';
	size_t l = (size_t)(eq - s) - (size_t)w->negate;
	if (l >= sizeof col)
		return -1;
	memcpy(col, s, l);
	col[l] = 0;
	w->col = col;
	w->value = eq + 1;
	return 0;
}

/* --- kesu analyze ------------------------------------------------------------ */

struct tally {
	const char *const *names;
	int n;
	long m[8][8]; /* [truth][read] */
};

static void tally_add(struct tally *t, const char *truth, int read)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->names[i], truth)) {
			t->m[i][read]++;
			return;
		}
}

static json_t *tally_json(const struct tally *t)
{
	long total = 0, right = 0;
	json_t *conf = json_object(), *per = json_object();
	for (int i = 0; i < t->n; i++) {
		json_t *row = json_object();
		long tp = t->m[i][i], truth = 0, read = 0;
		for (int j = 0; j < t->n; j++) {
			json_object_set_new(row, t->names[j], json_integer(t->m[i][j]));
			truth += t->m[i][j];
			read += t->m[j][i];
		}
		total += truth;
		right += tp;
		json_object_set_new(conf, t->names[i], row);
		json_object_set_new(per, t->names[i],
				    json_pack("{s:f,s:f,s:I}", "precision",
					      read ? (double)tp / (double)read : 0, "recall",
					      truth ? (double)tp / (double)truth : 0, "n",
					      (json_int_t)truth));
	}
	return json_pack("{s:I,s:f,s:o,s:o}", "n", (json_int_t)total, "accuracy",
			 total ? (double)right / (double)total : 0, "labels", per, "confusion",
			 conf);
}

/* Threats scored: a line is a threat or not (precision and recall), and
 * each kind found against the kinds labelled. */
static json_t *score_threats(const struct recs *x, opencc_t cc, int show)
{
	long tp = 0, fp = 0, fn = 0, tn = 0, ktp = 0, kfp = 0, kfn = 0;
	json_t *misses = json_array();
	for (int i = 0; i < x->n; i++) {
		const char *text = x->r[i].text;
		char *conv = cc ? opencc_convert_utf8(cc, text, strlen(text)) : NULL;
		struct an_threat_hit hits[AN_THREATS_MAX];
		int k = analysis_threats(conv ? conv : text, strlen(conv ? conv : text), hits,
					 AN_THREATS_MAX);
		if (conv)
			opencc_convert_utf8_free(conv);
		int truth = strcmp(x->r[i].label, "none") != 0;
		tp += truth && k, fp += !truth && k, fn += truth && !k, tn += !truth && !k;
		for (int t = 0; t < AN_THREAT__COUNT; t++) {
			int want = an_label_has(x->r[i].label, an_threat_names[t]), got = 0;
			for (int j = 0; j < k; j++)
				got |= hits[j].kind == t;
			ktp += want && got, kfp += !want && got, kfn += want && !got;
		}
		if (show && (truth != (k > 0)))
			json_array_append_new(misses, json_pack("{s:s,s:s,s:s}", "label",
								x->r[i].label, "text", text,
								"read", k ? an_threat_names[hits[0].kind] : "none"));
	}
	json_t *o = json_pack(
		"{s:i,s:f,s:f,s:{s:I,s:I,s:I,s:I},s:{s:f,s:f}}", "n", x->n, "precision",
		tp + fp ? (double)tp / (double)(tp + fp) : 0, "recall",
		tp + fn ? (double)tp / (double)(tp + fn) : 0, "counts", "true_positive",
		(json_int_t)tp, "false_positive", (json_int_t)fp, "false_negative", (json_int_t)fn,
		"true_negative", (json_int_t)tn, "kinds", "precision",
		ktp + kfp ? (double)ktp / (double)(ktp + kfp) : 0, "recall",
		ktp + kfn ? (double)ktp / (double)(ktp + kfn) : 0);
	if (show)
		json_object_set_new(o, "misses", misses);
	else
		json_decref(misses);
	return o;
}

/* Per-text reading times, when asked (--time). */
static double *lat;
static int nlat;

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int by_ms(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static json_t *latency_json(void)
{
	qsort(lat, (size_t)nlat, sizeof *lat, by_ms);
	double sum = 0;
	for (int i = 0; i < nlat; i++)
		sum += lat[i];
	int p50 = (int)(nlat * 0.50), p99 = (int)(nlat * 0.99);
	return json_pack("{s:i,s:f,s:f,s:f,s:f}", "n", nlat, "mean_ms", nlat ? sum / nlat : 0,
			 "p50_ms", nlat ? lat[p50 < nlat ? p50 : nlat - 1] : 0, "p99_ms",
			 nlat ? lat[p99 < nlat ? p99 : nlat - 1] : 0, "max_ms",
			 nlat ? lat[nlat - 1] : 0);
}

static json_t *score(const char *kind, const struct recs *x, opencc_t cc, int show)
{
	if (!strcmp(kind, "threats"))
		return score_threats(x, cc, show);
	static const char *const pol[] = {"neg", "pos"};
	struct tally t = {0};
	int which = !strcmp(kind, "polarity") ? 0 : !strcmp(kind, "emotion") ? 1
					     : !strcmp(kind, "mindset")   ? 2
									  : -1;
	if (which < 0)
		return NULL;
	t.names = which == 0 ? pol : which == 1 ? an_emotion_names : an_mindset_names;
	t.n = which == 0 ? 2 : which == 1 ? AN_EMOTION__COUNT : AN_MINDSET__COUNT;
	json_t *misses = json_array();
	for (int i = 0; i < x->n; i++) {
		const char *truth = which == 0 ? polarity_label(x->r[i].label)
				    : which == 2 && x->r[i].label2 ? x->r[i].label2
								   : x->r[i].label;
		const char *text = x->r[i].text;
		char *conv = cc ? opencc_convert_utf8(cc, text, strlen(text)) : NULL;
		struct an_reading r;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int rc = analysis_read(conv ? conv : text, strlen(conv ? conv : text), &r);
		if (lat)
			lat[nlat++] = ms_since(&t0);
		if (conv)
			opencc_convert_utf8_free(conv);
		if (rc)
			continue;
		int read = which == 0 ? r.polarity >= 0 : which == 1 ? r.emotion : r.mindset;
		tally_add(&t, truth, read);
		if (show && strcmp(truth, t.names[read]) && json_array_size(misses) < 200)
			json_array_append_new(misses, json_pack("{s:s,s:s,s:s}", "label", truth, "read",
								t.names[read], "text", text));
	}
	json_t *o = tally_json(&t);
	if (show)
		json_object_set_new(o, "misses", misses);
	else
		json_decref(misses);
	return o;
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"file", required_argument, NULL, 'f'},
		{"score", required_argument, NULL, 's'},
		{"where", required_argument, NULL, 'w'},
		{"traditional", no_argument, NULL, 't'},
		{"misses", no_argument, NULL, 'm'},
		{"time", no_argument, NULL, 'T'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *file = NULL, *kind = NULL;
	struct where w, *wp = NULL;
	int trad = 0, show = 0, timed = 0, o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'f': file = optarg; break;
		case 's': kind = optarg; break;
		case 't': trad = 1; break;
		case 'm': show = 1; break;
		case 'T': timed = 1; break;
		case 'w':
			if (parse_where(optarg, &w))
				return cli_usage("analyze", "--where takes COLUMN=VALUE or COLUMN!=VALUE");
			wp = &w;
			break;
		case ':': return cli_usage("analyze", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("analyze", "unknown option %s", argv[optind - 1]);
		}
	}
	const char *why = NULL;
	if (text_init(&why)) {
		fprintf(stderr, "kesu: %s\n", why);
		return 1;
	}
	analysis_init(dir);
	if (kind) {
		if (optind + 1 != argc)
			return cli_usage("analyze", "--score KIND takes one labelled FILE");
		if (strcmp(kind, "polarity") && strcmp(kind, "emotion") && strcmp(kind, "mindset") &&
		    strcmp(kind, "threats"))
			return cli_usage("analyze",
					 "--score takes polarity, emotion, mindset or threats");
		struct recs x;
		char msg[512];
		if (recs_read(argv[optind], wp, &x, msg, sizeof msg)) {
			fprintf(stderr, "kesu: %s\n", msg);
			return 66;
		}
		if (timed) {
			/* the built-in models are trained before the clock starts */
			struct an_reading warm;
			analysis_read("", 0, &warm);
			lat = malloc(sizeof *lat * (size_t)(x.n + 1));
		}
		opencc_t cc = trad ? opencc_open("s2tw.json") : NULL;
		if (cc == (opencc_t)-1) {
			fprintf(stderr, "kesu: cannot load OpenCC's s2tw dictionary\n");
			return 1;
		}
		json_t *res = score(kind, &x, cc, show);
		if (cc)
			opencc_close(cc);
		json_object_set_new(res, "file", json_string(argv[optind]));
		json_object_set_new(res, "traditional", json_boolean(trad));
		if (lat) {
			json_object_set_new(res, "time", latency_json());
			free(lat);
			lat = NULL;
		}
		json_dumpf(res, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		putchar('\n');
		json_decref(res);
		recs_free(&x);
		return 0;
	}
	/* one text: the arguments, a file, or standard input */
	char *text = NULL;
	if (file || optind == argc) {
		FILE *f = file ? fopen(file, "rb") : stdin;
		if (!f)
			return cli_usage("analyze", "cannot open %s", file);
		size_t cap = 1 << 16, n = 0, k;
		text = malloc(cap + 1);
		while ((k = fread(text + n, 1, cap - n, f)) > 0)
			if ((n += k) == cap)
				text = realloc(text, (cap *= 2) + 1);
		if (f != stdin)
			fclose(f);
		text[n] = 0;
	} else {
		size_t n = 0;
		for (int i = optind; i < argc; i++)
			n += strlen(argv[i]) + 1;
		text = calloc(1, n + 1);
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				strcat(text, " ");
			strcat(text, argv[i]);
		}
	}
	if (!text_utf8_valid(text, strlen(text))) {
		free(text);
		return cli_usage("analyze", "the text is not UTF-8");
	}
	struct an_reading r;
	struct timespec t0, t1;
	if (timed) /* the built-in models are built before the clock starts */
		analysis_read("", 0, &r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = analysis_read(text, strlen(text), &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(text);
	if (rc) {
		fprintf(stderr, "kesu: the built-in models could not be built\n");
		return 1;
	}
	json_t *res = analysis_json(&r);
	if (timed)
		json_object_set_new(res, "ms",
				    json_real((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
					      (double)(t1.tv_nsec - t0.tv_nsec) / 1e6));
	json_dumpf(res, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	putchar('\n');
	json_decref(res);
	return 0;
}

/* --- kesu train -------------------------------------------------------------- */

struct exset {
	struct an_example *e;
	int n, cap;
};

static void ex_add(struct exset *s, const char *label, const char *text)
{
	if (s->n == s->cap)
		s->e = realloc(s->e, sizeof *s->e * (size_t)(s->cap = s->cap ? s->cap * 2 : 256));
	s->e[s->n++] = (struct an_example){label, text};
}

/* Trains kind over s: first without every fifth example to measure it on
 * them, then over all; saves the latter with the measure. */
static double cost = 1.0;

static int train_one(const char *dir, const char *kind, struct exset *s, int dims,
		     const char *source, int min_per_label)
{
	/* enough of each label? */
	const char *labels[256];
	int counts[256], nl = 0;
	for (int i = 0; i < s->n; i++) {
		int k;
		for (k = 0; k < nl && strcmp(labels[k], s->e[i].label); k++)
			;
		if (k == nl && nl < 256)
			labels[nl] = s->e[i].label, counts[nl++] = 0;
		if (k < 256)
			counts[k]++;
	}
	int usable = 0;
	for (int k = 0; k < nl; k++)
		usable += counts[k] >= min_per_label;
	if (usable < 2) {
		printf("%-9s not trained: it needs at least two labels with %d examples each (%d examples, %d labels)\n",
		       kind, min_per_label, s->n, nl);
		return 0;
	}
	struct exset train = {0}, test = {0};
	for (int i = 0; i < s->n; i++)
		ex_add(i % 5 == 4 ? &test : &train, s->e[i].label, s->e[i].text);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct an_model *m = an_model_train(kind, train.e, train.n, dims, cost);
	int right = 0;
	for (int i = 0; m && i < test.n; i++) {
		struct an_doc d;
		if (an_doc_make(test.e[i].text, strlen(test.e[i].text), &d))
			continue;
		const char *const *names;
		int n = an_model_labels(m, &names);
		double *p = calloc((size_t)n + 1, sizeof *p);
		int best = an_model_predict(m, &d, analysis_threats(test.e[i].text,
								     strlen(test.e[i].text), NULL, 0),
					    p);
		right += !strcmp(names[best], test.e[i].label);
		free(p);
		an_doc_free(&d);
	}
	an_model_free(m);
	double acc = test.n ? (double)right / test.n : 0;
	m = an_model_train(kind, s->e, s->n, dims, cost);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(train.e);
	free(test.e);
	if (!m) {
		printf("%-9s not trained\n", kind);
		return 0;
	}
	char stamp[40], why[512];
	clock_format(clock_now_ms(), stamp, sizeof stamp);
	json_t *meta = json_pack("{s:s,s:s,s:i,s:i,s:f,s:i,s:f}", "trained_at", stamp, "source",
				 source, "examples", s->n, "labels_count", nl, "holdout_accuracy",
				 acc, "holdout", test.n, "cost", cost);
	int version = 0;
	int rc = an_model_save(m, dir, meta, &version, why, sizeof why);
	json_decref(meta);
	an_model_free(m);
	if (rc) {
		fprintf(stderr, "kesu: %s\n", why);
		return -1;
	}
	printf("%-9s v%d: %d examples, %d labels, held-out accuracy %.3f (%d), %.1f s\n", kind,
	       version, s->n, nl, acc, test.n,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

struct labelled_job {
	struct store_job job;
	struct arena *a;
	struct exset cat, cause, emo, mind;
};

static int labelled_run(struct store_conn *c, struct store_job *job)
{
	struct labelled_job *j = (struct labelled_job *)job;
	int64_t after = 0;
	for (;;) {
		struct labelled_row *rows;
		int n;
		int rc = store_labelled_after(c, after, 1000, j->a, &rows, &n, &job->err);
		if (rc)
			return rc;
		for (int i = 0; i < n; i++) {
			struct labelled_row *r = &rows[i];
			after = r->id;
			if (r->category)
				ex_add(&j->cat, r->category, r->content);
			if (r->cause)
				ex_add(&j->cause, r->cause, r->content);
			if (r->emotion)
				ex_add(&j->emo, r->emotion, r->content);
			if (r->mindset)
				ex_add(&j->mind, r->mindset, r->content);
		}
		if (n < 1000)
			return 0;
	}
}

/* The models of the business's own complaints: category, cause, and
 * emotion and mindset on top of the built-in sentences. */
int cli_train_complaints(struct store *st, const char *dir, int all)
{
	struct labelled_job j = {.job.run = labelled_run, .a = arena_new()};
	int rc = store_run(st, &j.job);
	if (rc) {
		arena_free(j.a);
		return cli_fail(&j.job.err);
	}
	printf("kesu: %d complaints with a category, %d with a cause, %d with an emotion, %d with a mindset\n",
	       j.cat.n, j.cause.n, j.emo.n, j.mind.n);
	/* emotion and mindset: the agents' judgements on top of the built-in
	 * sentences */
	struct exset *own[2] = {&j.emo, &j.mind};
	const char *kinds[2] = {"emotion", "mindset"};
	char *bufs[2] = {NULL, NULL};
	struct an_example *bex[2] = {NULL, NULL};
	for (int k = 0; k < 2; k++) {
		int n;
		bex[k] = an_builtin_examples(kinds[k], &n, &bufs[k]);
		for (int i = 0; i < n; i++)
			ex_add(own[k], bex[k][i].label, bex[k][i].text);
	}
	rc = train_one(dir, "category", &j.cat, 1 << 16, "complaints", 5) ||
	     train_one(dir, "cause", &j.cause, 1 << 16, "complaints", 5) ||
	     (all && train_one(dir, "emotion", &j.emo, 1 << 16, "complaints and built-in", 5)) ||
	     (all && train_one(dir, "mindset", &j.mind, 1 << 16, "complaints and built-in", 5));
	for (int k = 0; k < 2; k++)
		free(bex[k]), free(bufs[k]);
	free(j.cat.e), free(j.cause.e), free(j.emo.e), free(j.mind.e);
	arena_free(j.a);
	return rc ? 1 : 0;
}

int cmd_train(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"reviews", required_argument, NULL, 'r'},
		{"where", required_argument, NULL, 'w'},
		{"cost", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *reviews[16];
	char *end;
	struct where wh[16];
	int nreviews = 0, o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'c':
			cost = strtod(optarg, &end);
			if (*end || !(cost >= 0.001 && cost <= 1000))
				return cli_usage("train", "--cost must be a number from 0.001 to 1000");
			break;
		case 'r':
			if (nreviews == 16)
				return cli_usage("train", "at most 16 --reviews files");
			wh[nreviews].col = NULL;
			reviews[nreviews++] = optarg;
			break;
		case 'w':
			if (!nreviews || parse_where(optarg, &wh[nreviews - 1]))
				return cli_usage("train",
						 "--where COLUMN=VALUE (or !=) follows the --reviews FILE it filters");
			break;
		case ':': return cli_usage("train", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("train", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("train", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("train", "--data DIR is required");
	const char *why = NULL;
	if (text_init(&why)) {
		fprintf(stderr, "kesu: %s\n", why);
		return 1;
	}
	if (nreviews) {
		/* polarity from review files, with the built-in sentences */
		struct exset s = {0};
		struct recs files[16];
		int n;
		char *bbuf;
		struct an_example *b = an_builtin_examples("polarity", &n, &bbuf);
		for (int i = 0; i < n; i++)
			ex_add(&s, b[i].label, b[i].text);
		for (int f = 0; f < nreviews; f++) {
			char msg[512];
			if (recs_read(reviews[f], wh[f].col ? &wh[f] : NULL, &files[f], msg,
				      sizeof msg)) {
				fprintf(stderr, "kesu: %s\n", msg);
				return 66;
			}
			for (int i = 0; i < files[f].n; i++) {
				const char *l = polarity_label(files[f].r[i].label);
				if (!strcmp(l, "pos") || !strcmp(l, "neg"))
					ex_add(&s, l, files[f].r[i].text);
			}
		}
		/* a million hashed features: reviews bring many words, fewer collide */
		int rc = train_one(dir, "polarity", &s, 1 << 20, "reviews", 20);
		for (int f = 0; f < nreviews; f++)
			recs_free(&files[f]);
		free(s.e);
		free(b);
		free(bbuf);
		return rc ? 1 : 0;
	}
	struct kesu_err err = {0};
	struct store *st;
	if (store_open(dir, STORE_EXISTING, &st, &err))
		return cli_fail(&err);
	int rc = cli_train_complaints(st, dir, 1);
	store_close(st);
	return rc ? 1 : 0;
}
