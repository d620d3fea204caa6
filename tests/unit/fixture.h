/* fixture.h - small instances built in code for the rule and model tests */
#ifndef STAGEMATCH_FIXTURE_H
#define STAGEMATCH_FIXTURE_H

#include "../../models/alloc.h"
#include "../../models/diag.h"
#include "../../models/domain.h"
#include "../../models/plans.h"

/* A horizon of nq quarters starting at the quarter labelled first ("2026-09"). */
void fx_init(instance_t *in, const char *first, int nq);
/* Add a site; caps has nq entries; returns its index. */
int fx_site(instance_t *in, const char *id, int field, const char *region, const int *caps);
/* Same capacity c in every quarter. */
int fx_site_c(instance_t *in, const char *id, int field, const char *region, int c);
/* Add a planned full-time trainee starting at quarter label start. */
trainee_t *fx_trainee(instance_t *in, const char *id, const char *start);
void fx_locked(instance_t *in, const char *tid, int site, const char *from, const char *to);
int fx_region(instance_t *in, const char *name);
int fx_q(const char *label);
int fx_d(const char *date);

/* Solve with default options (seed 1, no limit); returns solve_run's result. */
int fx_solve(const instance_t *in, planset_t *ps, allocation_t *al, diags_t *d);
/* Count of placements of trainee t in field f. */
int fx_count(const allocation_t *al, int t, int f);
/* The placement of trainee t in field f (the first), or NULL. */
const placement_t *fx_find(const allocation_t *al, int t, int f);
/* Assert every hard rule on the allocation with an independent checker:
 * capacity per site and quarter (locked rows included), exemptions,
 * min_factor, plan structure.  Returns the number of violations. */
int fx_violations(const instance_t *in, const allocation_t *al);

#endif
