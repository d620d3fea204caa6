/* alloc.h - an allocation: the placements of a run and per-trainee outcomes
 *
 * Produced by the solver (solver/solve.h), consumed by the writers
 * (io/output.h).  An allocation_t owns its arrays; allocation_free()
 * releases them and accepts a zeroed struct.
 */
#ifndef STAGEMATCH_ALLOC_H
#define STAGEMATCH_ALLOC_H

#include "domain.h"

typedef struct placement {
    int trainee;          /* index into instance_t.tr */
    int site;             /* index into instance_t.site */
    int field;            /* = site's field */
    char traject;         /* 'A' or 'B' */
    int start, end;       /* inclusive day numbers */
    int locked;           /* 1 if from locked.csv */
    int year_quarters;    /* quarters of the stage year this placement covers (1 or 2) */
    int ext_weeks;        /* part-time A: weeks beyond the stage year's last day, else 0 */
    int beyond_horizon;   /* 1 if it runs into a quarter not in capacity.csv */
    int seh_first;        /* 1 for the trainee's first SEH placement (STARtclass) */
    int makeup_days;      /* part-time B: full-time days made up later in the GP practice */
} placement_t;

typedef enum {
    OUT_PLACED,           /* complete plan */
    OUT_EMPTY_YEAR,       /* fully exempt: nothing to place, cost 0 */
    OUT_UNPLACED          /* listed in unplaced.csv */
} outcome_t;

typedef struct trainee_result {
    outcome_t outcome;
    char *reason;         /* for OUT_UNPLACED: what a secretary can act on */
    int cost;             /* the trainee's cost (objective.md); 0 when unplaced */
    int plan;             /* A plan identity given, PLAN_NONE if no A */
    int a_rank;           /* 1..3 = a_choice column met, 4 = other plan, 0 = no choices counted */
    int elective_asked;   /* 1 if a B elective was asked and not ignored */
    int elective_granted;
    int a_start;          /* quarter the A block starts, QUARTER_NONE */
    int region_q[4];      /* placement-quarters in region_1, _2, _3, elsewhere (only if regions given) */
    int kept;             /* re-run: 1 if the announced plan was kept exactly (solve_keep_t) */
} trainee_result_t;

typedef enum {
    SOLVE_OPTIMAL,        /* proven optimal (within --mip-gap if one was given) */
    SOLVE_TIME_LIMIT,     /* stopped at the time limit with an allocation */
    SOLVE_NO_ALLOCATION,  /* time limit hit before any allocation was found */
    SOLVE_FAILED          /* solver error */
} solve_status_t;

typedef struct allocation {
    placement_t *pl; int npl;      /* sorted by trainee id, then start date */
    trainee_result_t *res;         /* one per instance trainee (ntr) */
    int ntr;
    long objective;                /* total cost, incl. policy costs */
    long bound;                    /* best proven lower bound */
    double gap;                    /* relative gap, 0 when optimal */
    long borrowed_cost;            /* 4 per placement-quarter at borrowed sites */
    int max_cost;                  /* largest cost of a placed trainee */
    int changed;                   /* re-run: trainees with a keep plan not kept */
    solve_status_t status;
    double seconds;                /* solve time */
    /* where the solve time went (seconds): building the model, the linear
     * relaxation (with column generation), the first allocation (dive),
     * branch and bound; with --verbose and in bench/ */
    double t_build, t_lp, t_dive, t_search;
    int nvars, nrows;              /* model size */
    char solver_version[32];       /* e.g. "GLPK 5.0" */
    int *order; int norder;        /* lottery: the drawn order (trainee indices), else NULL */
} allocation_t;

void allocation_free(allocation_t *a);

#endif
