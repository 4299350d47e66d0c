/*
 * analysis.h - reading a complaint's text (domain.md 3, 4): the
 * customer's emotion and polarity, what they are after (mindset), threats
 * to take it further (media, regulator, lawyer, lawsuit, social networks,
 * a group of customers) with the words that show it, and the categories
 * and causes it reads like.
 *
 * The text is folded as search folds it (traditional to simplified, full
 * width to half width), cut into words by ICU's dictionary break iterator,
 * and scored by linear models (liblinear) over hashed words, word pairs
 * and character pairs plus lexicon features with negation and degree.
 * Threats are found by rules that read the clause around each trigger
 * (who does it, whether it is negated, whether it is a place or a job).
 *
 * The default polarity, emotion and mindset models are trained at first
 * use from the labelled sentences built into the binary
 * (data/analysis/KIND.tsv), deterministically. `kesu train` writes versioned
 * models into the data directory (models/), which replace the defaults
 * and are picked up without a restart.
 */
#ifndef KESU_ANALYSIS_H
#define KESU_ANALYSIS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum an_emotion { AN_CALM, AN_UPSET, AN_ANGRY, AN_FURIOUS, AN_EMOTION__COUNT };
enum an_mindset { AN_VENT, AN_RESPECT, AN_COMPENSATION, AN_MINDSET__COUNT };
enum an_threat {
	AN_MEDIA,
	AN_REGULATOR,
	AN_LAWYER,
	AN_LAWSUIT,
	AN_SOCIAL,
	AN_COLLECTIVE,
	AN_THREAT__COUNT
};
extern const char *const an_emotion_names[AN_EMOTION__COUNT];
extern const char *const an_mindset_names[AN_MINDSET__COUNT];
extern const char *const an_threat_names[AN_THREAT__COUNT];

#define AN_THREATS_MAX 6
#define AN_EVIDENCE_MAX 200 /* bytes of one threat's evidence */
#define AN_SUGGEST_MAX 3
#define AN_NAME_MAX 128
/* Of a long text, the part read (a mail thread's quoted history is not
 * the customer's mood now). */
#define AN_TEXT_MAX 12000

struct an_threat_hit {
	int kind;
	char evidence[AN_EVIDENCE_MAX]; /* the words of the text that show it */
};
struct an_suggestion {
	char name[AN_NAME_MAX];
	double score; /* 0..1 */
};
struct an_reading {
	int emotion;	 /* an_emotion */
	double polarity; /* -1 (negative) .. 1 */
	int mindset;	 /* an_mindset */
	int nthreats;
	struct an_threat_hit threats[AN_THREATS_MAX];
	int ncategories, ncauses;
	struct an_suggestion categories[AN_SUGGEST_MAX], causes[AN_SUGGEST_MAX];
	char model[160]; /* which models read it, with their versions */
};

/* Where trained models live (DIR/models); NULL: the built-in ones only.
 * Call before threads start; a later call changes the directory. */
void analysis_init(const char *datadir);
/* Reads s[0..n) (valid UTF-8). Returns 0, or -1 if the built-in models
 * could not be built (a broken binary). Thread-safe. */
int analysis_read(const char *s, size_t n, struct an_reading *r);
/* The reading as the API shows it (domain.md's names). */
json_t *analysis_json(const struct an_reading *r);
/* 1 if labels ("none", or kinds separated by commas, as the labelled
 * threat files write them) names kind. */
int an_label_has(const char *labels, const char *kind);
/* Threats only (threat.c), for callers that need no models. */
int analysis_threats(const char *s, size_t n, struct an_threat_hit *out, int max);

/* --- segmentation (segment.c) --------------------------------------------- */

/* A text folded for reading: fold[] holds the folded UTF-8, orig[i] the
 * byte of the source text that fold's byte i came from. */
struct an_doc {
	const char *src;
	int nsrc;
	char *fold;
	int nfold;
	int *orig;
	int ntok;
	struct an_tok {
		int s, e;  /* byte range in fold */
		int word;  /* 1: a word (letters, ideographs, digits); 0: punctuation */
	} *tok;
};
/* Folds and segments s[0..n) (at most AN_TEXT_MAX bytes of it). Returns 0
 * or -1 (ICU refused; *doc is then empty). */
int an_doc_make(const char *s, size_t n, struct an_doc *doc);
void an_doc_free(struct an_doc *doc);
/* The source text behind fold[s..e), copied into out (at most max-1
 * bytes, cut at a character). */
void an_doc_source(const struct an_doc *doc, int s, int e, char *out, size_t max);

/* --- features and models (features.c, model.c) ----------------------------- */

/* Features of a document, ready for liblinear: ascending indices from 1,
 * the bias feature last, then index -1. dims: the hashed space's size. */
struct feature_node;
struct feature_node *an_features(const struct an_doc *doc, int dims, int nthreats);
/* The lexicon score of a document: positive minus negative with negation
 * and degree applied (unit tests read the negation rules through it). */
double an_lexicon_polarity(const struct an_doc *doc);

/* A trained model: liblinear's, the names of its labels, and the size of
 * its hashed space. */
struct an_model;
struct an_example {
	const char *label;
	const char *text;
};
/* Trains a model over the examples (labels are the names). NULL when
 * fewer than two labels have examples. */
struct an_model *an_model_train(const char *kind, const struct an_example *ex, int n, int dims,
				double C);
void an_model_free(struct an_model *m);
/* Writes m as DIR/models/<kind>-v<N>.model and points DIR/models/<kind>.json
 * at it, with meta (an object of figures to keep beside it). *version
 * receives N. */
int an_model_save(const struct an_model *m, const char *datadir, json_t *meta, int *version,
		  char *why, size_t whylen);
/* Predicts: probabilities of each label into p (nlabels long), the best
 * label's index returned. */
int an_model_predict(const struct an_model *m, const struct an_doc *doc, int nthreats,
		     double *p);
int an_model_labels(const struct an_model *m, const char *const **names);
/* The labelled sentences built into the binary for kind (polarity,
 * emotion, mindset): *n examples pointing into *buf; the caller frees
 * both. */
struct an_example *an_builtin_examples(const char *kind, int *n, char **buf);

#endif
