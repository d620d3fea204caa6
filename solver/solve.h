/* solve.h - the integer program of objective.md's `sum` policy, solved by GLPK
 *
 * solve_run() turns the plan sets of models/plans.h into a MIP (see
 * docs/model.md for every variable and constraint), solves it with GLPK,
 * assigns concrete sites and fills *al with the placements and per-trainee
 * results.  GLPK is used only inside solver/; its errors are caught by the
 * error hook and become an error diagnostic, never an abort().
 *
 * Returns 0 when *al holds an allocation (status SOLVE_OPTIMAL or
 * SOLVE_TIME_LIMIT) or a clean "nothing found in time" (SOLVE_NO_ALLOCATION,
 * al->pl empty), and -1 on a solver failure or out of memory (an error
 * diagnostic is recorded, al->status = SOLVE_FAILED).  *al must be zeroed on
 * entry and is freed with allocation_free() in every case.
 */
#ifndef STAGEMATCH_SOLVE_H
#define STAGEMATCH_SOLVE_H

#include "../models/alloc.h"
#include "../models/diag.h"
#include "../models/domain.h"
#include "../models/plans.h"

/* objective.md's policies. */
typedef enum {
    POLICY_SUM,      /* minimise the total cost */
    POLICY_MINIMAX,  /* lowest largest cost of a placed aios, then lowest total */
    POLICY_LOTTERY   /* random serial dictatorship in a seeded order, then lowest total */
} policy_t;

/* Swap-week re-run: a trainee's announced plan, to be kept when possible.
 * tmpl indexes ps->tp[t].tmpl (-1: nothing to keep, e.g. a new aios);
 * site[i] is the site of slot i (locked slots: their own site). */
typedef struct solve_keep {
    int tmpl;
    int site[PLAN_MAX_SLOTS];
} solve_keep_t;

typedef struct solve_opts {
    unsigned long seed;      /* tie-breaking among equally good allocations */
    double time_limit;       /* seconds; 0 = none */
    double mip_gap;          /* relative gap at which to stop; 0 = prove optimality */
    const char *export_path; /* write the model here (.lp: CPLEX LP, .mps: fixed MPS), or NULL */
    int progress;            /* print a progress line to stderr every few seconds */
    volatile int *interrupt; /* when non-NULL and set non-zero, stop the search */
    policy_t policy;         /* POLICY_SUM when zeroed */
    const int *order;        /* POLICY_LOTTERY: planned trainees' indices, first served
                              * first (a permutation of the planned trainees); NULL:
                              * solve_lottery_order(seed) */
    const solve_keep_t *keep; /* NULL, or one per instance trainee: the objective becomes
                              * lexicographic - fewest unplaced, then fewest trainees whose
                              * plan or sites differ from keep (res.kept = 0), then the
                              * policy's objective.  Only with POLICY_SUM. */
    const struct solve_sum_hint *sum_hint; /* POLICY_LOTTERY: what the sum policy's
                              * optimal run of the same input and seed gave
                              * (solve_sum_hint), or NULL: the lottery solves sum
                              * first itself.  The letters are the same either way. */
} solve_opts_t;

/* What the lottery takes from a sum run: its optimum and how many aiossen
 * it leaves unplaced (the lottery leaves no more).  stagematch fairness
 * runs sum before the lottery of each seed and hands this over, so that
 * the lottery need not solve sum again. */
typedef struct solve_sum_hint {
    long objective;
    int unplaced; /* planned aiossen with a possible plan that stay unplaced */
} solve_sum_hint_t;

/* Fill h from al, an allocation of the sum policy on in and ps.  Returns 0,
 * or -1 when al is no proven optimum (then it tells the lottery nothing). */
int solve_sum_hint(const instance_t *in, const planset_t *ps, const allocation_t *al,
                   solve_sum_hint_t *h);

int solve_run(const instance_t *in, const planset_t *ps, const solve_opts_t *o,
              allocation_t *al, diags_t *d);

/* The lottery order of the planned trainees drawn from seed: fills
 * order[0..n-1] with a permutation of the planned trainees' indices and
 * returns n (the number of planned trainees).  Deterministic for a seed. */
int solve_lottery_order(const instance_t *in, unsigned long seed, int *order);

/* "GLPK 5.0" */
const char *solve_version(void);

#endif
