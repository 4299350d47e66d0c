/*
 * model.c - linear models (liblinear's L2-regularised logistic
 * regression, which gives probabilities) over the features of
 * features.c: training, prediction, and versioned files in the data
 * directory (liblinear's own format beside a JSON file naming the labels).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linear.h>

#include "../util/embedded.h"
#include "analysis.h"
#include "analysis_int.h"

static void quiet(const char *s)
{
	(void)s;
}

void an_model_free(struct an_model *m)
{
	if (!m)
		return;
	if (m->m)
		free_and_destroy_model(&m->m);
	for (int i = 0; i < m->nlabels; i++)
		free(m->labels[i]);
	free(m->labels);
	free(m);
}

int an_model_labels(const struct an_model *m, const char *const **names)
{
	*names = (const char *const *)m->labels;
	return m->nlabels;
}

struct an_model *an_model_train(const char *kind, const struct an_example *ex, int n, int dims,
				double C)
{
	struct an_model *m = calloc(1, sizeof *m);
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	m->dims = dims;
	/* liblinear counts the bias feature (the last index) among the n */
	struct problem p = {.l = 0, .n = AN_DENSE + dims + 1, .bias = 1};
	p.y = malloc(sizeof *p.y * (size_t)(n ? n : 1));
	p.x = malloc(sizeof *p.x * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		int id = -1;
		for (int k = 0; k < m->nlabels; k++)
			if (strcmp(m->labels[k], ex[i].label) == 0)
				id = k;
		if (id < 0) {
			m->labels = realloc(m->labels, sizeof *m->labels * (size_t)(m->nlabels + 1));
			m->labels[m->nlabels] = strdup(ex[i].label);
			id = m->nlabels++;
		}
		struct an_doc d;
		if (an_doc_make(ex[i].text, strlen(ex[i].text), &d))
			continue;
		int nthreats = an_threats_doc(&d, NULL, 0);
		p.x[p.l] = an_features(&d, dims, nthreats);
		p.y[p.l++] = id;
		an_doc_free(&d);
	}
	int distinct = 0;
	for (int k = 0; k < m->nlabels; k++)
		for (int i = 0; i < p.l; i++)
			if ((int)p.y[i] == k) {
				distinct++;
				break;
			}
	if (distinct >= 2) {
		struct parameter par = {.solver_type = L2R_LR, .eps = 0.01, .C = C};
		set_print_string_function(quiet);
		m->m = train(&p, &par);
	}
	for (int i = 0; i < p.l; i++)
		free(p.x[i]);
	free(p.x);
	free(p.y);
	if (!m->m) {
		an_model_free(m);
		return NULL;
	}
	return m;
}

int an_model_predict(const struct an_model *m, const struct an_doc *doc, int nthreats, double *p)
{
	struct feature_node *x = an_features(doc, m->dims, nthreats);
	int best = an_model_predict_x(m, x, p);
	free(x);
	return best;
}

int an_model_predict_x(const struct an_model *m, const struct feature_node *x, double *p)
{
	int nc = get_nr_class(m->m);
	double est[64];
	if (nc > 64)
		nc = 64;
	for (int k = 0; k < m->nlabels; k++)
		p[k] = 0;
	predict_probability(m->m, x, est);
	int best = 0;
	for (int i = 0; i < nc; i++) {
		int id = m->m->label[i];
		if (id >= 0 && id < m->nlabels)
			p[id] = est[i];
	}
	for (int k = 1; k < m->nlabels; k++)
		if (p[k] > p[best])
			best = k;
	return best;
}

/* --- files --------------------------------------------------------------- */

static void models_dir(const char *datadir, char *out, size_t max)
{
	snprintf(out, max, "%s/models", datadir);
}

int an_model_save(const struct an_model *m, const char *datadir, json_t *meta, int *version,
		  char *why, size_t whylen)
{
	char dir[4096], path[4200], tmp[4300], file[128];
	models_dir(datadir, dir, sizeof dir);
	if (mkdir(dir, 0700) && errno != EEXIST) {
		snprintf(why, whylen, "cannot make %s: %s", dir, strerror(errno));
		return -1;
	}
	/* the next version: one past the one in force */
	snprintf(path, sizeof path, "%s/%s.json", dir, m->kind);
	json_t *old = json_load_file(path, 0, NULL);
	int v = (int)json_integer_value(json_object_get(old, "version")) + 1;
	json_decref(old);
	snprintf(file, sizeof file, "%s-v%d.model", m->kind, v);
	snprintf(tmp, sizeof tmp, "%s/%s", dir, file);
	if (save_model(tmp, m->m)) {
		snprintf(why, whylen, "cannot write %s", tmp);
		return -1;
	}
	json_t *labels = json_array();
	for (int k = 0; k < m->nlabels; k++)
		json_array_append_new(labels, json_string(m->labels[k]));
	json_t *o = json_pack("{s:s,s:i,s:s,s:i,s:o}", "kind", m->kind, "version", v, "file", file,
			      "dims", m->dims, "labels", labels);
	if (meta)
		json_object_update(o, meta);
	snprintf(tmp, sizeof tmp, "%s/%s.json.tmp", dir, m->kind);
	int rc = json_dump_file(o, tmp, JSON_INDENT(2));
	json_decref(o);
	/* the JSON names the model in force: replaced at once by rename */
	if (rc || rename(tmp, path)) {
		snprintf(why, whylen, "cannot write %s", path);
		return -1;
	}
	*version = v;
	return 0;
}

struct an_model *an_model_load(const char *datadir, const char *kind)
{
	char dir[4096], path[4200];
	models_dir(datadir, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/%s.json", dir, kind);
	json_t *o = json_load_file(path, 0, NULL);
	const char *file = json_string_value(json_object_get(o, "file"));
	json_t *labels = json_object_get(o, "labels");
	int dims = (int)json_integer_value(json_object_get(o, "dims"));
	if (!file || strchr(file, '/') || !json_is_array(labels) || dims <= 0) {
		json_decref(o);
		return NULL;
	}
	snprintf(path, sizeof path, "%s/%s", dir, file);
	struct model *lm = load_model(path);
	if (!lm || !check_probability_model(lm)) {
		if (lm)
			free_and_destroy_model(&lm);
		json_decref(o);
		return NULL;
	}
	struct an_model *m = calloc(1, sizeof *m);
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	m->m = lm;
	m->dims = dims;
	m->version = (int)json_integer_value(json_object_get(o, "version"));
	m->nlabels = (int)json_array_size(labels);
	m->labels = calloc((size_t)m->nlabels + 1, sizeof *m->labels);
	for (int k = 0; k < m->nlabels; k++) {
		const char *s = json_string_value(json_array_get(labels, (size_t)k));
		m->labels[k] = strdup(s ? s : "");
	}
	json_decref(o);
	return m;
}

struct an_example *an_builtin_examples(const char *kind, int *n, char **buf)
{
	char path[64];
	snprintf(path, sizeof path, "data/analysis/%s.tsv", kind);
	const struct embedded_file *f = embedded_find(path);
	*n = 0;
	*buf = NULL;
	if (!f)
		return NULL;
	int cap = 64;
	struct an_example *ex = malloc(sizeof *ex * (size_t)cap);
	/* the embedded bytes are read-only: the examples point into a copy */
	char *copy = *buf = strdup((const char *)f->data);
	for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (*line == '#' || !tab)
			continue;
		*tab = 0;
		char *text = tab + 1;
		size_t tl = strlen(text);
		while (tl && (text[tl - 1] == '\r' || text[tl - 1] == ' '))
			text[--tl] = 0;
		if (!tl)
			continue;
		if (*n == cap)
			ex = realloc(ex, sizeof *ex * (size_t)(cap *= 2));
		ex[(*n)++] = (struct an_example){line, text};
	}
	return ex;
}
