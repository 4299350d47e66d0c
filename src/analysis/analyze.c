/*
 * analyze.c - one reading of a text: threats by rule, then each model in
 * force. The models in force are the data directory's trained ones where
 * they exist, else the built-in ones; a trained model that changes on
 * disk (kesu train) is read again within seconds, without a restart.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis.h"
#include "analysis_int.h"

const char *const an_emotion_names[AN_EMOTION__COUNT] = {"calm", "upset", "angry", "furious"};
const char *const an_mindset_names[AN_MINDSET__COUNT] = {"vent", "respect", "compensation"};

/* The reader's own version: it changes when the features or the rules
 * change, so that models trained by an older one are told apart. */
#define READER "kesu-reader 1"
#define BUILTIN_DIMS (1 << 16)
#define RELOAD_SECONDS 5

enum { K_POLARITY, K_EMOTION, K_MINDSET, K_CATEGORY, K_CAUSE, K__COUNT };
static const char *const kinds[K__COUNT] = {"polarity", "emotion", "mindset", "category",
					    "cause"};

static struct {
	struct an_model *builtin, *trained;
	struct timespec mtime;
} slots[K__COUNT];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t reload_lock = PTHREAD_MUTEX_INITIALIZER;
static char *datadir;
static time_t checked;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static int builtin_failed;

static void build_builtins(void)
{
	for (int k = 0; k <= K_MINDSET; k++) {
		int n;
		char *buf;
		struct an_example *ex = an_builtin_examples(kinds[k], &n, &buf);
		slots[k].builtin = an_model_train(kinds[k], ex, n, BUILTIN_DIMS, 1.0);
		builtin_failed |= !slots[k].builtin;
		free(ex);
		free(buf);
	}
}

void analysis_init(const char *dir)
{
	pthread_rwlock_wrlock(&lock);
	free(datadir);
	datadir = dir ? strdup(dir) : NULL;
	checked = 0;
	for (int k = 0; k < K__COUNT; k++) {
		an_model_free(slots[k].trained);
		slots[k].trained = NULL;
		slots[k].mtime = (struct timespec){0};
	}
	pthread_rwlock_unlock(&lock);
}

/* Reads again the trained models whose file changed (one thread does it;
 * the others go on with the models they have). */
static void reload(void)
{
	time_t now = time(NULL);
	if (!datadir || now - __atomic_load_n(&checked, __ATOMIC_RELAXED) < RELOAD_SECONDS)
		return;
	if (pthread_mutex_trylock(&reload_lock))
		return;
	__atomic_store_n(&checked, now, __ATOMIC_RELAXED);
	for (int k = 0; k < K__COUNT; k++) {
		char path[4200];
		struct stat st;
		snprintf(path, sizeof path, "%s/models/%s.json", datadir, kinds[k]);
		struct timespec m = {0};
		if (stat(path, &st) == 0)
			m = st.st_mtim;
		if (m.tv_sec == slots[k].mtime.tv_sec && m.tv_nsec == slots[k].mtime.tv_nsec)
			continue;
		struct an_model *fresh = m.tv_sec ? an_model_load(datadir, kinds[k]) : NULL;
		pthread_rwlock_wrlock(&lock);
		struct an_model *old = slots[k].trained;
		slots[k].trained = fresh;
		slots[k].mtime = m;
		pthread_rwlock_unlock(&lock);
		an_model_free(old);
	}
	pthread_mutex_unlock(&reload_lock);
}

static const struct an_model *in_force(int k)
{
	return slots[k].trained ? slots[k].trained : slots[k].builtin;
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* The features of a document are made once for each size of hashed space
 * the models in force use (the built-in ones share one). */
#define XCACHE 5
struct xcache {
	const struct an_doc *d;
	int nthreats, n;
	struct {
		int dims;
		struct feature_node *x;
	} e[XCACHE];
};

static int predict(const struct an_model *m, struct xcache *c, double *p)
{
	int i;
	for (i = 0; i < c->n && c->e[i].dims != m->dims; i++)
		;
	if (i == c->n) {
		c->e[i].dims = m->dims;
		c->e[i].x = an_features(c->d, m->dims, c->nthreats);
		c->n++;
	}
	return an_model_predict_x(m, c->e[i].x, p);
}

static void suggest(const struct an_model *m, struct xcache *xc, struct an_suggestion *out,
		    int *n)
{
	*n = 0;
	if (!m)
		return;
	const char *const *names;
	int nl = an_model_labels(m, &names);
	double *p = calloc((size_t)nl + 1, sizeof *p);
	predict(m, xc, p);
	/* the three likeliest, if likely at all */
	for (int r = 0; r < AN_SUGGEST_MAX; r++) {
		int best = -1;
		for (int i = 0; i < nl; i++)
			if (p[i] >= 0.05 && (best < 0 || p[i] > p[best]))
				best = i;
		if (best < 0)
			break;
		snprintf(out[*n].name, AN_NAME_MAX, "%s", names[best]);
		out[(*n)++].score = p[best];
		p[best] = -1;
	}
	free(p);
}

int analysis_read(const char *s, size_t n, struct an_reading *r)
{
	memset(r, 0, sizeof *r);
	pthread_once(&builtin_once, build_builtins);
	if (builtin_failed)
		return -1;
	reload();
	struct an_doc d;
	if (an_doc_make(s, n, &d))
		return -1;
	r->nthreats = an_threats_doc(&d, r->threats, AN_THREATS_MAX);
	pthread_rwlock_rdlock(&lock);
	struct xcache xc = {.d = &d, .nthreats = r->nthreats};
	const char *const *names;
	double p[64];
	/* polarity: the probability of positive, on -1..1 */
	const struct an_model *m = in_force(K_POLARITY);
	int nl = an_model_labels(m, &names);
	predict(m, &xc, p);
	int pos = name_index(names, nl, "pos");
	r->polarity = pos >= 0 ? 2 * p[pos] - 1 : 0;
	m = in_force(K_EMOTION);
	nl = an_model_labels(m, &names);
	int best = predict(m, &xc, p);
	r->emotion = name_index(an_emotion_names, AN_EMOTION__COUNT, names[best]);
	if (r->emotion < 0)
		r->emotion = AN_UPSET;
	/* whoever threatens to go further is at least upset */
	if (r->nthreats && r->emotion == AN_CALM)
		r->emotion = AN_UPSET;
	m = in_force(K_MINDSET);
	nl = an_model_labels(m, &names);
	best = predict(m, &xc, p);
	r->mindset = name_index(an_mindset_names, AN_MINDSET__COUNT, names[best]);
	if (r->mindset < 0)
		r->mindset = AN_VENT;
	suggest(in_force(K_CATEGORY), &xc, r->categories, &r->ncategories);
	suggest(in_force(K_CAUSE), &xc, r->causes, &r->ncauses);
	int o = snprintf(r->model, sizeof r->model, READER);
	for (int k = 0; k < K__COUNT; k++) {
		const struct an_model *x = in_force(k);
		if (!x)
			continue;
		if (x->version)
			o += snprintf(r->model + o, sizeof r->model - (size_t)o, "; %s v%d", kinds[k],
				      x->version);
		else
			o += snprintf(r->model + o, sizeof r->model - (size_t)o, "; %s built-in",
				      kinds[k]);
		if (o >= (int)sizeof r->model)
			break;
	}
	pthread_rwlock_unlock(&lock);
	for (int i = 0; i < xc.n; i++)
		free(xc.e[i].x);
	an_doc_free(&d);
	return 0;
}

static double round3(double x)
{
	return (double)(long long)(x * 1000 + (x < 0 ? -0.5 : 0.5)) / 1000;
}

json_t *analysis_json(const struct an_reading *r)
{
	json_t *threats = json_array(), *cats = json_array(), *causes = json_array();
	for (int i = 0; i < r->nthreats; i++)
		json_array_append_new(threats, json_pack("{s:s,s:s}", "kind",
							 an_threat_names[r->threats[i].kind],
							 "evidence", r->threats[i].evidence));
	for (int i = 0; i < r->ncategories; i++)
		json_array_append_new(cats, json_pack("{s:s,s:f}", "category", r->categories[i].name,
						      "score", round3(r->categories[i].score)));
	for (int i = 0; i < r->ncauses; i++)
		json_array_append_new(causes, json_pack("{s:s,s:f}", "cause", r->causes[i].name,
							"score", round3(r->causes[i].score)));
	return json_pack("{s:s,s:f,s:s,s:o,s:o,s:o,s:s}", "emotion", an_emotion_names[r->emotion],
			 "polarity", round3(r->polarity), "mindset", an_mindset_names[r->mindset],
			 "threats", threats, "category_suggestions", cats, "cause_suggestions",
			 causes, "model", r->model);
}
