/* fair_out.h - the files of `stagematch fairness`: fairness.csv, aios.csv, report.html
 *
 * A fair_run_t holds every run of one fairness analysis: per policy and
 * seed (a "job") the solver's status and objective, the figures of
 * models/fairness.h, and per aios the cost and A plan given.  The writers
 * turn it into (docs/fairness.md):
 *   - fairness.csv: one row per job, one column per figure;
 *   - aios.csv: one row per planned aios and policy: how often placed, the
 *     mean / min / max cost over the seeds, and how often each A plan was
 *     given;
 *   - report.html: one self-contained page (inline CSS and SVG, no script,
 *     no network) with the charts an analyst reads: rank profile per
 *     policy, cost distribution, group comparisons, spread over seeds.
 * Every writer is deterministic: the same run gives the same bytes (no
 * times, no dates).  Each returns 0, or -1 with errno set (ENOMEM when
 * memory ran out, else the write error).
 */
#ifndef STAGEMATCH_FAIR_OUT_H
#define STAGEMATCH_FAIR_OUT_H

#include <stdio.h>

#include "../models/alloc.h"
#include "../models/domain.h"
#include "../models/fairness.h"

/* Per-aios outcome codes in fair_job_t.cost besides a cost >= 0. */
#define FAIR_UNPLACED (-1)
#define FAIR_EXEMPT (-2)      /* fully exempt: nothing to place */
#define FAIR_NOT_PLANNED (-3) /* a locked row's aios of the other cohort */

typedef struct fair_job {
    int policy;              /* index into fair_run_t.policy */
    unsigned long seed;
    solve_status_t status;
    long objective;          /* the policy's total cost (objective.md) */
    fairness_t F;
    int *cost;               /* per instance trainee: cost, or FAIR_UNPLACED / _EXEMPT /
                              * _NOT_PLANNED */
    int *plan;               /* per instance trainee: A plan given (PLAN_NONE if none) */
} fair_job_t;

typedef struct fair_run {
    const instance_t *in;
    const fair_groups_t *G;
    const char *const *policy; /* names: "sum", "minimax", "lottery", or "letters" */
    int npolicy;
    const unsigned long *seed; /* the seeds, ascending */
    int nseed;
    fair_job_t *job;         /* policy-major: job[p * nseed + s]; njob = npolicy * nseed */
    int njob;
    const char *input_dir;
    const char *seeds_text;  /* canonical seeds, e.g. "1-50" */
    const char *commitment;  /* io/commit.h, or NULL */
    const char *letters;     /* --letters: the file analysed (seeds do not apply), else NULL */
    const char *version;     /* stagematch version */
    char delimiter;          /* of the CSV files */
    int decimal_comma;       /* 1: 6,5 instead of 6.5 */
} fair_run_t;

/* Fill job->F, cost[] and plan[] from an allocation.  0 or -1 (out of memory). */
int fair_job_fill(const instance_t *in, const planset_t *ps, const fair_groups_t *G,
                  const allocation_t *al, fair_job_t *job);
void fair_job_release(fair_job_t *job);

int fair_write_csv(FILE *fp, const fair_run_t *r);
int fair_write_aios(FILE *fp, const fair_run_t *r);
int fair_write_report(FILE *fp, const fair_run_t *r);

#endif
