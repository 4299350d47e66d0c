/*
 * analysis_int.h - what the files of src/analysis share.
 */
#ifndef KESU_ANALYSIS_INT_H
#define KESU_ANALYSIS_INT_H

#include "analysis.h"

/* Dense features before the hashed ones (features.c). */
#define AN_DENSE 24

struct model;
struct an_model {
	char kind[32];
	struct model *m;
	char **labels; /* by the model's label id */
	int nlabels;
	int dims;
	int version; /* 0: built in */
};

/* DIR/models/<kind>.json's model, or NULL (none, or unreadable). */
struct an_model *an_model_load(const char *datadir, const char *kind);
/* an_model_predict over features already made for m's dims. */
struct feature_node;
int an_model_predict_x(const struct an_model *m, const struct feature_node *x, double *p);
/* Threats of a segmented document; out may be NULL to count them. */
int an_threats_doc(const struct an_doc *d, struct an_threat_hit *out, int max);

#endif
