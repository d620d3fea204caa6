/* rerun.h - the swap-week re-run: frozen placements, swaps, keep plans, changes
 *
 * rules.md "Swap week (re-run)", docs/rerun.md.  A re-run starts from the
 * announced letters (the previous placements of every aios), the input
 * folder as it is now, the agreed swaps and the re-run date.  The steps,
 * in this order:
 *
 *  1. rerun_prepare(): per planned aios, the previous placements; the
 *     frozen ones (starting less than RERUN_FROZEN_DAYS days after the
 *     date) are fixed, unless they became impossible (site gone or without
 *     capacity in a quarter they overlap, field now exempt, min_factor above
 *     a new factor, dates no plan of the aios has any more, or more fixed
 *     placements at a site and quarter than its capacity): those are
 *     released and reported as needing a manual decision.  Then the swaps,
 *     in the order their swap_id first appears: each is applied only if
 *     every involved aios's resulting placements are one of its plans
 *     (plans.h) with sites the plan's slots allow, no frozen, locked or
 *     already swapped placement is involved, and capacity per site and
 *     quarter holds with every fixed placement; otherwise it is rejected
 *     with a reason.  The placements a valid swap exchanged become fixed.
 *     The fixed placements are appended to in->lk as locked rows of their
 *     aios (rows from in->nlk on; the caller then builds the plans again).
 *  2. rerun_keep(): per planned aios, the previous plan as a template and
 *     sites of the new plan set, for solve_opts_t.keep; why it cannot be
 *     kept when it cannot.  An aios in an applied swap has nothing to keep:
 *     it has changed anyway, so only the cost decides the rest of its plan.
 *  3. after solving, rerun_finish(): letters say locked = yes only for rows
 *     of locked.csv, and the changes against the previous letters.
 *
 * A rerun_t owns everything in it; rerun_free() accepts a zeroed struct.
 * Functions return 0, or -1 when out of memory (an error diagnostic is
 * recorded).
 */
#ifndef STAGEMATCH_RERUN_H
#define STAGEMATCH_RERUN_H

#include "alloc.h"
#include "diag.h"
#include "domain.h"
#include "plans.h"
#include "../solver/solve.h"   /* solve_keep_t only */

#define RERUN_FROZEN_DAYS 42
/* Most placements one aios may have in the previous letters. */
#define RERUN_MAX_PL 8

/* One previous placement, as read from the letters (the caller converts
 * io/letters_in.h rows; strings are borrowed and must outlive the rerun_t). */
typedef struct rr_prev {
    const char *trainee_id;
    const char *name;        /* may be NULL */
    int trainee;             /* index into in->tr, -1 if not in the instance */
    const char *site_id;
    int site;                /* -1 if not in capacity.csv */
    int field, start, end;
    int line;                /* in the letters file */
} rr_prev_t;

/* One row of swaps.csv (strings borrowed). */
typedef struct rr_swap_row {
    const char *swap_id, *ta, *tb;
    int qa, qb;              /* quarter indices */
    int line;
} rr_swap_row_t;

enum { RR_FREE, RR_FROZEN, RR_SWAPPED };

/* A placement of a plan to keep. */
typedef struct rr_pl {
    const char *site_id;     /* borrowed */
    int site;                /* -1 if not in capacity.csv */
    int field, start, end;
    int locked;              /* a row of locked.csv */
    int fix;                 /* RR_FREE, RR_FROZEN, RR_SWAPPED */
    int manual;              /* frozen, but impossible now: released, manual decision */
    int from;                /* RR_SWAPPED: the aios it came from */
} rr_pl_t;

typedef struct rr_trainee {
    int nprev;
    rr_pl_t prev[RERUN_MAX_PL];   /* the previous placements, by start date */
    int ntgt;
    rr_pl_t tgt[RERUN_MAX_PL];    /* the plan to keep: the previous one after the swaps */
    int swap;                     /* an applied swap that involved the aios, or -1 */
    int nswaps;                   /* applied swaps that involved the aios */
    char *manual;                 /* why a frozen placement needs a manual decision, or NULL */
    char *why;                    /* why the plan to keep cannot be kept, or NULL */
} rr_trainee_t;

typedef struct rr_swap {
    const char *id;
    int first, nrow;              /* rows[first .. first+nrow-1] of rerun_t.row */
    int applied;
    char *reason;                 /* rejected: why */
} rr_swap_t;

/* One line of changes.csv. */
typedef struct rr_change {
    const char *trainee_id, *name;
    const char *old_site_id;      /* NULL: no old placement */
    int old_start;
    const char *new_site_id;      /* NULL: no new placement */
    int new_start;
    const char *reason;           /* owned by rr_trainee_t / rerun_t */
} rr_change_t;

typedef struct rerun {
    int date;                     /* the re-run date */
    int nlk_orig;                 /* in->nlk before the fixed rows were appended */
    int ntr;
    rr_trainee_t *tr;             /* one per instance trainee */
    rr_swap_row_t *row;           /* swaps.csv rows, grouped by swap (copied) */
    int nrow;
    rr_swap_t *swap;
    int nswap, napplied;
    int nfrozen;                  /* frozen placements kept fixed */
    int nmanual;                  /* frozen placements released for a manual decision */
    const rr_prev_t **left;       /* previous placements of aiossen who left */
    int nleft_pl;
    int nleft;                    /* aiossen who left */
    /* filled by rerun_finish */
    rr_change_t *chg;
    int nchg;
    int changed;                  /* aiossen in both the letters and this run whose placements changed */
    int nnew;                     /* planned aiossen without previous placements who got placements */
    int nunplaced_now;            /* aiossen placed before, unplaced now */
    char **reasons;               /* reason strings owned here */
    int nreasons;
} rerun_t;

/* Step 1.  ps0 is the plan set of the instance as loaded; prev[0..nprev-1]
 * the previous placements (any order); rows the swaps (may be 0), read from
 * the file swaps_name (for the warnings; NULL: "swaps.csv").  Appends
 * the fixed placements to in->lk (so ps0's locked_use is stale afterwards:
 * build the plans again).  Warnings (manual decisions, rejected swaps)
 * go to d. */
int rerun_prepare(instance_t *in, const planset_t *ps0, const rr_prev_t *prev, int nprev,
                  const rr_swap_row_t *rows, int nrows, const char *swaps_name, int date,
                  rerun_t *R, diags_t *d);

/* Step 2: keep[t] for every instance trainee (tmpl -1: nothing to keep;
 * also for an aios in an applied swap, who has changed in any case). */
int rerun_keep(const instance_t *in, const planset_t *ps, rerun_t *R, solve_keep_t *keep);

/* Step 3: fix the locked flags of al's placements and compute the changes. */
int rerun_finish(const instance_t *in, allocation_t *al, rerun_t *R, diags_t *d);

void rerun_free(rerun_t *R);

/* The template of ps->tp[t] whose slots are exactly the n placements p
 * (field, start, end; any order): its index, with site[i] the site of slot
 * i (-1 past nslot), or -1.  *sites_ok (may be NULL) is 1 when every site
 * is one the slot allows (a locked slot's own site, or a site of the slot's
 * kind).  Shared with io/letters_in.h's letters_match. */
int rerun_match(const planset_t *ps, int t, const rr_pl_t *p, int n, int site[PLAN_MAX_SLOTS],
                int *sites_ok);

/* Why the n placements p are no plan trainee t may have now: one sentence
 * into buf. */
void rerun_explain(const instance_t *in, const planset_t *ps, int t, const rr_pl_t *p, int n,
                   char *buf, size_t len);

#endif
