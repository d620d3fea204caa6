/* fairness.h - the fairness figures of objective.md for one allocation
 *
 * fairness_compute() turns an allocation into the figures an analyst asks
 * for (docs/fairness.md says each in plain words):
 *   - rank profile of the placed aiossen: A choice 1 / 2 / 3 / another plan /
 *     no choice counted; B electives granted of asked; placement-quarters in
 *     region_1 / region_2 / region_3 / elsewhere (trainee_result_t's fields);
 *   - cost distribution over the placed aiossen (fully exempt and unplaced
 *     ones are counted apart): mean, median, max, Gini coefficient, and how
 *     many are at the max;
 *   - group means of the placed aiossen's costs: part-time vs full-time,
 *     per region_1 (those without regions form a group of their own) and
 *     per cohort, a cohort being the aiossen of this run with the same
 *     stage_start quarter (the other cohort's locked rows carry no cost);
 *   - the number of Pareto-improving whole-plan swaps: unordered pairs of
 *     placed aiossen a, b such that each could have the other's placements
 *     exactly (same fields, sites and dates: a template of plans.h with a
 *     site every slot allows, so exemptions, part-time dates, the
 *     outside-hospital limit, min_factor and locked rows all hold) and,
 *     costed by plans_evaluate(), one would be better off and neither worse.
 *     Capacity cannot break: the same placements stay taken.
 *
 * The groups depend on the instance only, so that every allocation of one
 * input has the same columns: fair_groups_build() makes them once.
 *
 * Ownership: fair_groups_t and fairness_t own their arrays; the _release
 * functions free them and accept zeroed structs.  Functions that allocate
 * return 0, or -1 when out of memory (nothing to free beyond _release).
 */
#ifndef STAGEMATCH_FAIRNESS_H
#define STAGEMATCH_FAIRNESS_H

#include "alloc.h"
#include "domain.h"
#include "plans.h"

/* The three ways aiossen are grouped, in column order. */
enum { FAIR_DIM_PARTTIME, FAIR_DIM_REGION, FAIR_DIM_COHORT, FAIR_NDIM };

typedef struct fair_group {
    int dim;      /* FAIR_DIM_* */
    int key;      /* PARTTIME: 1 part-time, 0 full-time; REGION: region index, -1 none
                   * given; COHORT: stage_start quarter */
} fair_group_t;

typedef struct fair_groups {
    fair_group_t *g;   /* part-time, full-time, then regions by name (none last),
                        * then cohorts by quarter; only groups with a planned aios */
    int n;
    int (*of)[FAIR_NDIM]; /* per instance trainee: its group per dimension (-1 if
                           * not planned) */
    int ntr;
} fair_groups_t;

int fair_groups_build(const instance_t *in, fair_groups_t *G);
void fair_groups_release(fair_groups_t *G);
/* "parttime", "fulltime", "region_1=Amsterdam", "region_1=(none)",
 * "cohort=2026-09" into buf. */
void fair_group_label(const instance_t *in, const fair_group_t *g, char *buf, size_t n);

/* Sum and count of the placed aiossen's costs in one group. */
typedef struct fair_stat {
    int n;
    long sum;
} fair_stat_t;

typedef struct fairness {
    int planned, placed, unplaced, exempt;
    int rank[5];          /* placed: A choice 1st, 2nd, 3rd, other plan, no choice counted */
    int el_asked, el_granted;
    long region[4];       /* placement-quarters in region_1, _2, _3, elsewhere */
    long cost_sum;        /* placed aiossen's costs */
    int cost_max, at_max; /* 0 and 0 when nobody is placed */
    double cost_mean, cost_median, cost_gini;
    int swaps;            /* Pareto-improving whole-plan swaps */
    fair_stat_t *group;   /* one per fair_groups_t group */
    int ngroup;
} fairness_t;

/* All figures of allocation al (a solver's, or one read from letters)
 * with the plan set it was made with.  Returns 0 or -1 (out of memory). */
int fairness_compute(const instance_t *in, const planset_t *ps, const allocation_t *al,
                     const fair_groups_t *G, fairness_t *F);
void fairness_release(fairness_t *F);

/* The parts, for tests and other callers. */
double fairness_gini(const int *x, int n);      /* 0 when n == 0 or all are 0 */
double fairness_median(const int *x, int n);    /* x need not be sorted; 0 when n == 0 */
/* Pareto-improving whole-plan swaps of al: the count, or -1 (out of memory). */
int fairness_swaps(const instance_t *in, const planset_t *ps, const allocation_t *al);

#endif
