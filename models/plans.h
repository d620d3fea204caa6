/* plans.h - every stage-year plan the rules allow one trainee, and its costs
 *
 * plans_build() enumerates, for each planned trainee, the plan skeletons
 * ("templates") of rules.md: where traject A sits in the stage year, which
 * A plan (SEH, SEH+X or a single A elective), and which field fills each B
 * quarter, with the exact dates of every placement (part-time A blocks
 * stretched and placed at the end of the year).  Templates that break a
 * rule (exempted field, outside-hospital limit, a locked placement that does
 * not fit) are never generated.  Each placement of a template ("slot") gets
 * the list of sites that could take this trainee there if no other trainee
 * took a place ("alone": right field, min_factor, capacity >= 1 in every
 * planning quarter the slot overlaps).  Templates with a slot that no site
 * can take are dropped; the rest are the trainee's feasible-alone plans.
 *
 * The same pass applies objective.md's rules on wishes: a wish that no
 * feasible-alone plan can meet is ignored with a warning; the remaining
 * wishes give each template its fixed cost (A plan rank, elective, A
 * period) and each slot-site pair its cost (regions, borrowed sites).
 *
 * Ownership: a planset_t owns everything in it; planset_free() releases it
 * and accepts a zeroed struct.  plans_build() returns 0, or -1 when out of
 * memory (an error diagnostic is recorded).
 */
#ifndef STAGEMATCH_PLANS_H
#define STAGEMATCH_PLANS_H

#include "alloc.h"
#include "diag.h"
#include "domain.h"

#define PLAN_MAX_SLOTS 4

typedef struct pslot {
    int field;
    char traject;        /* 'A' or 'B' */
    int start, end;      /* inclusive day numbers */
    int yq;              /* stage-year quarters covered: 2 for a 2-quarter SEH, else 1 */
    int ext_days;        /* part-time A: days beyond the stage year's last day */
    int kind;            /* index into tplan_t.kind, or -1 when fixed by a locked row */
    int locked_site;     /* site index when fixed by a locked row, else -1 */
    int locked_row;      /* index into instance_t.lk, or -1 */
} pslot_t;

typedef struct ptmpl {
    int plan;            /* A plan identity, PLAN_NONE when the year has no A */
    int a_start;         /* quarter the A block starts, QUARTER_NONE */
    int elective;        /* 1 if a B quarter is the requested elective */
    int nslot;
    pslot_t slot[PLAN_MAX_SLOTS];
    int cost;            /* fixed cost: A rank + elective + A period + locked slots' costs
                          * + 1 per meetable site / subtype wish (taken back by the model
                          * when a placement meets it) */
} ptmpl_t;

/* A placement kind of one trainee: a field and exact dates, shared by all
 * templates that contain it. */
typedef struct pkind {
    int field, start, end, yq;
    int *site;           /* sites that could take the trainee alone, ascending */
    int nsite;
} pkind_t;

typedef struct tplan {
    int empty_year;      /* fully exempt: nothing to place */
    ptmpl_t *tmpl;       /* feasible-alone templates */
    int ntmpl;
    pkind_t *kind;
    int nkind;
    int site_wish[3];    /* meetable wished sites, -1 */
    int nsite_wish;
    int site_wish_met_locked;  /* a locked placement already meets the site wish */
    const char *sub_wish[2];   /* meetable wished subtypes, NULL */
    int nsub_wish;
    int sub_wish_met_locked;
    int regions_given;
    int elective_asked;  /* asked and not ignored */
    int a_period;        /* QUARTER_NONE when absent or ignored */
    int choice_plan[3];  /* a_choice columns after ignoring, PLAN_NONE */
    int nchoice;         /* choices counted */
    char *no_plan_reason;      /* when ntmpl == 0 and !empty_year */
} tplan_t;

typedef struct planset {
    tplan_t *tp;         /* one per instance trainee */
    int ntr;
    int *locked_use;     /* [site * nq + (q - q_first)]: locked rows overlapping the quarter */
} planset_t;

int plans_build(const instance_t *in, planset_t *ps, diags_t *d);
void planset_free(planset_t *ps);

/* Cost to trainee t of being at site s in a slot covering yq stage-year
 * quarters: the region part (trainee cost). */
int plans_region_cost(const instance_t *in, int t, int s, int yq);
/* Policy cost of site s for yq quarters: 4 per quarter at a borrowed site. */
int plans_borrowed_cost(const instance_t *in, int s, int yq);
/* 1 if site s meets a meetable site wish / subtype wish of the trainee. */
int plans_meets_site_wish(const tplan_t *tp, int s);
int plans_meets_sub_wish(const instance_t *in, const tplan_t *tp, int s);
/* Cost of the A plan for this trainee: 0, 2, 4 by column, 6 other, 0 if no
 * choices counted; and its rank (1..3, 4 other, 0 no choices). */
int plans_plan_cost(const tplan_t *tp, int plan, int *rank);

/* Quarters of the planning horizon that [start, end] overlaps are
 * q_lo..q_hi (clipped to the horizon); returns 1 if the interval runs into
 * a quarter beyond the horizon. */
int plans_overlap(const instance_t *in, int start, int end, int *q_lo, int *q_hi);

/* Evaluate a complete choice for trainee t: template k of tp and a site
 * per slot (site[i] for slot i; locked slots use their own site).  Fills
 * the trainee result (cost, rank, elective, region counts) and returns the
 * policy cost (borrowed).  Used for the letters and to check the model. */
int plans_evaluate(const instance_t *in, const planset_t *ps, int t, int k,
                   const int *site, trainee_result_t *res);

#endif
