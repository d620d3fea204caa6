/* test_fairness.c - the fairness figures against values computed by hand
 *
 * The allocations here are placed by hand (a template and sites per
 * trainee, costed by plans_evaluate like the solver's), so that every
 * figure can be worked out on paper; the comments show the sums. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/calendar.h"
#include "../../models/fairness.h"
#include "../../solver/solve.h"
#include "fixture.h"

#define EPS 1e-12

/* ------------------------------------------------------------ hand allocations */

/* Trainee t's template with this A plan and A start quarter and B fields
 * b[0], b[1] in date order (FIELD_NONE where the year has fewer), or -1. */
static int find_tmpl(const planset_t *ps, int t, int plan, const char *a_start, int b0, int b1)
{
    const tplan_t *tp = &ps->tp[t];
    int aq = a_start ? fx_q(a_start) : QUARTER_NONE;
    for (int k = 0; k < tp->ntmpl; k++) {
        const ptmpl_t *tm = &tp->tmpl[k];
        if (tm->plan != plan || tm->a_start != aq)
            continue;
        int b[2] = {FIELD_NONE, FIELD_NONE}, nb = 0;
        for (int j = 0; j < tm->nslot; j++)
            if (tm->slot[j].traject == 'B' && nb < 2)
                b[nb++] = tm->slot[j].field; /* B slots are generated in date order */
        if (b[0] == b0 && b[1] == b1)
            return k;
    }
    return -1;
}

static int cmp_pl(const void *pa, const void *pb)
{
    const placement_t *a = pa, *b = pb;
    if (a->trainee != b->trainee)
        return a->trainee - b->trainee;
    return a->start - b->start;
}

/* Start a hand allocation of every trainee unplaced. */
static void hand_init(const instance_t *in, allocation_t *al)
{
    memset(al, 0, sizeof *al);
    al->ntr = in->ntr;
    al->res = calloc((size_t)in->ntr, sizeof *al->res);
    for (int t = 0; t < in->ntr; t++)
        al->res[t].outcome = OUT_UNPLACED;
}

/* Place trainee t on template k with sites[] per slot (as plans_evaluate
 * takes them) and keep the placements sorted as the solver's are. */
static void hand_place(const instance_t *in, const planset_t *ps, allocation_t *al, int t, int k,
                       const int *sites)
{
    CU_ASSERT_FATAL(k >= 0);
    const ptmpl_t *tm = &ps->tp[t].tmpl[k];
    al->pl = realloc(al->pl, (size_t)(al->npl + tm->nslot) * sizeof *al->pl);
    for (int j = 0; j < tm->nslot; j++) {
        placement_t *p = &al->pl[al->npl++];
        memset(p, 0, sizeof *p);
        p->trainee = t;
        p->site = tm->slot[j].locked_site >= 0 ? tm->slot[j].locked_site : sites[j];
        p->field = tm->slot[j].field;
        p->traject = tm->slot[j].traject;
        p->start = tm->slot[j].start;
        p->end = tm->slot[j].end;
        p->locked = tm->slot[j].locked_row >= 0;
        p->year_quarters = tm->slot[j].yq;
    }
    qsort(al->pl, (size_t)al->npl, sizeof *al->pl, cmp_pl);
    al->res[t].outcome = OUT_PLACED;
    plans_evaluate(in, ps, t, k, sites, &al->res[t]);
}

static void build_plans(const instance_t *in, planset_t *ps)
{
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL_FATAL(plans_build(in, ps, &d), 0);
    CU_ASSERT_EQUAL(d.nerr, 0);
    diags_release(&d);
}

/* ------------------------------------------------------------ the parts */

static void test_gini_median(void)
{
    /* sorted 0 0 2 6: pairs' absolute differences 2+6+2+6+4 = 20, mean 2;
     * Gini = sum over ordered pairs / (2 n^2 mean) = 40 / (2 * 16 * 2) = 0.625 */
    int x[] = {6, 0, 2, 0};
    CU_ASSERT_DOUBLE_EQUAL(fairness_gini(x, 4), 0.625, EPS);
    CU_ASSERT_DOUBLE_EQUAL(fairness_median(x, 4), 1.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(fairness_median(x, 3), 2.0, EPS); /* 6 0 2 */
    /* everyone equal, or all zero: no inequality */
    int y[] = {5, 5, 5};
    CU_ASSERT_DOUBLE_EQUAL(fairness_gini(y, 3), 0.0, EPS);
    int z[] = {0, 0};
    CU_ASSERT_DOUBLE_EQUAL(fairness_gini(z, 2), 0.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(fairness_gini(z, 0), 0.0, EPS);
    /* one has it all: (n - 1) / n */
    int w[] = {0, 0, 0, 8};
    CU_ASSERT_DOUBLE_EQUAL(fairness_gini(w, 4), 0.75, EPS);
}

/* ------------------------------------------------------------ a whole allocation */

/* Horizon 2026-09 .. 2027-09.  Sites in Noord and Zuid. */
typedef struct world {
    instance_t in;
    int seh_n, seh_z, int_n, ggz_n, ccz_n, ccz_z, reu_n;
    int noord, zuid;
} world_t;

static void world_init(world_t *w)
{
    instance_t *in = &w->in;
    fx_init(in, "2026-09", 5);
    w->seh_n = fx_site_c(in, "SEH-N", F_SEH, "Noord", 2);
    w->seh_z = fx_site_c(in, "SEH-Z", F_SEH, "Zuid", 2);
    w->int_n = fx_site_c(in, "INT-N", F_INT, "Noord", 2);
    w->ggz_n = fx_site_c(in, "GGZ-N", F_GGZ, "Noord", 4);
    w->ccz_n = fx_site_c(in, "CCZ-N", F_CCZ, "Noord", 4);
    w->ccz_z = fx_site_c(in, "CCZ-Z", F_CCZ, "Zuid", 4);
    w->reu_n = fx_site_c(in, "REU-N", F_REU, "Noord", 1);
    w->noord = fx_region(in, "Noord");
    w->zuid = fx_region(in, "Zuid");
}

/* Four aiossen:
 *   T1 full-time 2026-09, region_1 Noord, A choice SEH:
 *      SEH at SEH-Z, GGZ-N, CCZ-N: A 1st (0) + 2 quarters elsewhere (3 + 3) = 6,
 *      region quarters 2 / 0 / 0 / 2
 *   T2 full-time 2026-09, region_1 Zuid, A choice SEH, the same dates:
 *      SEH at SEH-N, GGZ-N, CCZ-N: 0 + 4 quarters elsewhere = 12, regions 0 / 0 / 0 / 4
 *   T3 part-time 0.8 2026-09, region_1 Noord, A choice SEH+INT (A at the end):
 *      GGZ-N, CCZ-Z, SEH-N, INT-N: 0 + CCZ elsewhere 3 = 3, regions 3 / 0 / 0 / 1
 *   T4 full-time 2026-12, no regions, A choices SEH+INT then SEH, elective REU
 *      for CCZ with priority 1: SEH at SEH-Z, GGZ-N, CCZ-N:
 *      A 2nd (2) + elective not granted (3 + 2 * 1) = 7
 * Costs 6 12 3 7: sum 28, mean 7, median (6 + 7) / 2 = 6.5, max 12 (one).
 * Gini, sorted 3 6 7 12: (-3*3 - 1*6 + 1*7 + 3*12) / (4 * 28) = 28 / 112 = 0.25.
 * T1 and T2 would both gain from exchanging their plans: one swap. */
static void four(world_t *w, planset_t *ps, allocation_t *al)
{
    instance_t *in = &w->in;
    trainee_t *t;
    t = fx_trainee(in, "T1", "2026-09");
    t->region_pref[0] = w->noord;
    t->a_choice[0] = PLAN_SEH;
    t = fx_trainee(in, "T2", "2026-09");
    t->region_pref[0] = w->zuid;
    t->a_choice[0] = PLAN_SEH;
    t = fx_trainee(in, "T3", "2026-09");
    t->factor_pm = 800;
    t->region_pref[0] = w->noord;
    t->a_choice[0] = PLAN_SEH_X(F_INT);
    t = fx_trainee(in, "T4", "2026-12");
    t->a_choice[0] = PLAN_SEH_X(F_INT);
    t->a_choice[1] = PLAN_SEH;
    t->b_elective = F_REU;
    t->b_replaces = F_CCZ;
    t->b_priority = 1;
    build_plans(in, ps);
    hand_init(in, al);
    int s1[] = {w->seh_z, w->ggz_n, w->ccz_n};
    hand_place(in, ps, al, 0, find_tmpl(ps, 0, PLAN_SEH, "2026-09", F_GGZ, F_CCZ), s1);
    int s2[] = {w->seh_n, w->ggz_n, w->ccz_n};
    hand_place(in, ps, al, 1, find_tmpl(ps, 1, PLAN_SEH, "2026-09", F_GGZ, F_CCZ), s2);
    int s3[] = {w->seh_n, w->int_n, w->ggz_n, w->ccz_z}; /* slots: A first, then B */
    hand_place(in, ps, al, 2, find_tmpl(ps, 2, PLAN_SEH_X(F_INT), "2027-03", F_GGZ, F_CCZ), s3);
    int s4[] = {w->seh_z, w->ggz_n, w->ccz_n};
    hand_place(in, ps, al, 3, find_tmpl(ps, 3, PLAN_SEH, "2026-12", F_GGZ, F_CCZ), s4);
}

static void test_figures(void)
{
    world_t w;
    world_init(&w);
    planset_t ps;
    allocation_t al;
    four(&w, &ps, &al);
    CU_ASSERT_EQUAL(al.res[0].cost, 6);
    CU_ASSERT_EQUAL(al.res[1].cost, 12);
    CU_ASSERT_EQUAL(al.res[2].cost, 3);
    CU_ASSERT_EQUAL(al.res[3].cost, 7);

    fair_groups_t G;
    CU_ASSERT_EQUAL_FATAL(fair_groups_build(&w.in, &G), 0);
    fairness_t F;
    CU_ASSERT_EQUAL_FATAL(fairness_compute(&w.in, &ps, &al, &G, &F), 0);
    CU_ASSERT_EQUAL(F.planned, 4);
    CU_ASSERT_EQUAL(F.placed, 4);
    CU_ASSERT_EQUAL(F.unplaced, 0);
    CU_ASSERT_EQUAL(F.exempt, 0);
    /* A choice: T1, T2, T3 their 1st, T4 their 2nd */
    CU_ASSERT_EQUAL(F.rank[0], 3);
    CU_ASSERT_EQUAL(F.rank[1], 1);
    CU_ASSERT_EQUAL(F.rank[2], 0);
    CU_ASSERT_EQUAL(F.rank[3], 0);
    CU_ASSERT_EQUAL(F.rank[4], 0);
    CU_ASSERT_EQUAL(F.el_asked, 1);
    CU_ASSERT_EQUAL(F.el_granted, 0);
    /* region quarters: T1 2/0/0/2 + T2 0/0/0/4 + T3 3/0/0/1 (T4 gave none) */
    CU_ASSERT_EQUAL(F.region[0], 5);
    CU_ASSERT_EQUAL(F.region[1], 0);
    CU_ASSERT_EQUAL(F.region[2], 0);
    CU_ASSERT_EQUAL(F.region[3], 7);
    CU_ASSERT_EQUAL(F.cost_sum, 28);
    CU_ASSERT_DOUBLE_EQUAL(F.cost_mean, 7.0, EPS);
    CU_ASSERT_DOUBLE_EQUAL(F.cost_median, 6.5, EPS);
    CU_ASSERT_EQUAL(F.cost_max, 12);
    CU_ASSERT_EQUAL(F.at_max, 1);
    CU_ASSERT_DOUBLE_EQUAL(F.cost_gini, 0.25, EPS);
    CU_ASSERT_EQUAL(F.swaps, 1);

    /* groups, in column order, with their sums */
    static const char *const label[] = {"parttime",        "fulltime",       "region_1=Noord",
                                        "region_1=Zuid",   "region_1=(none)", "cohort=2026-09",
                                        "cohort=2026-12"};
    static const int n[] = {1, 3, 2, 1, 1, 3, 1};
    static const long sum[] = {3, 25, 9, 12, 7, 21, 7};
    CU_ASSERT_EQUAL_FATAL(G.n, 7);
    CU_ASSERT_EQUAL_FATAL(F.ngroup, 7);
    for (int i = 0; i < 7; i++) {
        char buf[64];
        fair_group_label(&w.in, &G.g[i], buf, sizeof buf);
        CU_ASSERT_STRING_EQUAL(buf, label[i]);
        CU_ASSERT_EQUAL(F.group[i].n, n[i]);
        CU_ASSERT_EQUAL(F.group[i].sum, sum[i]);
    }
    fairness_release(&F);

    /* T2 unplaced: out of the distribution and the groups; 6 3 7 */
    al.res[1].outcome = OUT_UNPLACED;
    CU_ASSERT_EQUAL_FATAL(fairness_compute(&w.in, &ps, &al, &G, &F), 0);
    CU_ASSERT_EQUAL(F.placed, 3);
    CU_ASSERT_EQUAL(F.unplaced, 1);
    CU_ASSERT_EQUAL(F.cost_max, 7);
    CU_ASSERT_DOUBLE_EQUAL(F.cost_median, 6.0, EPS);
    /* sorted 3 6 7: (-2*3 + 0*6 + 2*7) / (3 * 16) = 8 / 48 */
    CU_ASSERT_DOUBLE_EQUAL(F.cost_gini, 8.0 / 48.0, EPS);
    CU_ASSERT_EQUAL(F.group[3].n, 0); /* region_1=Zuid */
    CU_ASSERT_EQUAL(F.swaps, 0);      /* only placed aiossen swap */
    fairness_release(&F);

    fair_groups_release(&G);
    allocation_free(&al);
    planset_free(&ps);
    instance_free(&w.in);
}

/* A swap counts when one gains and the other stays as well off, not when
 * the other would lose. */
static void test_swap_pareto(void)
{
    for (int variant = 0; variant < 2; variant++) {
        world_t w;
        world_init(&w);
        planset_t ps;
        allocation_t al;
        four(&w, &ps, &al);
        /* T2 without regions: 0 either way (T1 gains 6): counted.
         * T2 wanting Noord: at SEH-N 0 now, 6 at SEH-Z: not counted. */
        w.in.tr[1].region_pref[0] = variant ? w.noord : -1;
        planset_free(&ps);
        allocation_free(&al);
        build_plans(&w.in, &ps);
        hand_init(&w.in, &al);
        int s1[] = {w.seh_z, w.ggz_n, w.ccz_n}, s2[] = {w.seh_n, w.ggz_n, w.ccz_n};
        hand_place(&w.in, &ps, &al, 0, find_tmpl(&ps, 0, PLAN_SEH, "2026-09", F_GGZ, F_CCZ), s1);
        hand_place(&w.in, &ps, &al, 1, find_tmpl(&ps, 1, PLAN_SEH, "2026-09", F_GGZ, F_CCZ), s2);
        CU_ASSERT_EQUAL(al.res[1].cost, 0);
        CU_ASSERT_EQUAL(fairness_swaps(&w.in, &ps, &al), variant ? 0 : 1);
        allocation_free(&al);
        planset_free(&ps);
        instance_free(&w.in);
    }
}

/* A plan another aios may not have is no swap: the 0.78 part-timer may
 * not work at a site with min_factor 0.8, even on the very same dates
 * (ceil(13 / 0.8) = ceil(13 / 0.78) = 17 weeks per A quarter). */
static void test_swap_min_factor(void)
{
    for (int strict = 0; strict < 2; strict++) {
        world_t w;
        world_init(&w);
        instance_t *in = &w.in;
        if (strict)
            in->site[w.seh_n].min_factor_pm = 800;
        trainee_t *t = fx_trainee(in, "P1", "2026-09");
        t->factor_pm = 800;
        t->region_pref[0] = w.zuid;
        t = fx_trainee(in, "P2", "2026-09");
        t->factor_pm = 780;
        t->region_pref[0] = w.noord;
        planset_t ps;
        build_plans(in, &ps);
        allocation_t al;
        hand_init(in, &al);
        int k1 = find_tmpl(&ps, 0, PLAN_SEH_X(F_INT), "2027-03", F_GGZ, F_CCZ);
        int k2 = find_tmpl(&ps, 1, PLAN_SEH_X(F_INT), "2027-03", F_GGZ, F_CCZ);
        /* P1 (wants Zuid) all in Noord: 4 quarters elsewhere = 12; P2 (wants Noord)
         * SEH and CCZ in Zuid: 6.  Exchanged: P1 6, P2 0 - if P2 may be at SEH-N. */
        int s1[] = {w.seh_n, w.int_n, w.ggz_n, w.ccz_n};
        int s2[] = {w.seh_z, w.int_n, w.ggz_n, w.ccz_z};
        hand_place(in, &ps, &al, 0, k1, s1);
        hand_place(in, &ps, &al, 1, k2, s2);
        CU_ASSERT_EQUAL(al.pl[3].start, al.pl[7].start); /* INT: the same dates */
        CU_ASSERT_EQUAL(al.pl[3].end, al.pl[7].end);
        CU_ASSERT_EQUAL(al.res[0].cost, 12);
        CU_ASSERT_EQUAL(al.res[1].cost, 6);
        /* strict: SEH-Z is the only SEH site P2's plan allows */
        CU_ASSERT_EQUAL(ps.tp[1].kind[ps.tp[1].tmpl[k2].slot[0].kind].nsite, strict ? 1 : 2);
        CU_ASSERT_EQUAL(fairness_swaps(in, &ps, &al), strict ? 0 : 1);
        allocation_free(&al);
        planset_free(&ps);
        instance_free(in);
    }
}

/* A sum-optimal allocation has no Pareto-improving swap, and its figures
 * add up to the solver's objective. */
static void test_sum_optimal(void)
{
    world_t w;
    world_init(&w);
    planset_t ps;
    allocation_t hand;
    four(&w, &ps, &hand);
    allocation_free(&hand);
    planset_free(&ps);
    allocation_t al;
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL_FATAL(fx_solve(&w.in, &ps, &al, &d), 0);
    fair_groups_t G;
    CU_ASSERT_EQUAL_FATAL(fair_groups_build(&w.in, &G), 0);
    fairness_t F;
    CU_ASSERT_EQUAL_FATAL(fairness_compute(&w.in, &ps, &al, &G, &F), 0);
    CU_ASSERT_EQUAL(F.swaps, 0);
    CU_ASSERT_EQUAL(F.cost_sum + al.borrowed_cost + 1000L * F.unplaced, al.objective);
    long gs = 0;
    for (int i = 0; i < G.n; i++)
        gs += F.group[i].sum;
    CU_ASSERT_EQUAL(gs, FAIR_NDIM * F.cost_sum); /* each aios in one group per dimension */
    fairness_release(&F);
    fair_groups_release(&G);
    allocation_free(&al);
    planset_free(&ps);
    diags_release(&d);
    instance_free(&w.in);
}

int suite_fairness(void); /* called by run.c */
int suite_fairness(void)
{
    CU_pSuite s = CU_add_suite("fairness", NULL, NULL);
    if (!s || !CU_add_test(s, "Gini and median", test_gini_median) ||
        !CU_add_test(s, "figures of a hand allocation", test_figures) ||
        !CU_add_test(s, "swaps: one gains, neither loses", test_swap_pareto) ||
        !CU_add_test(s, "swaps: min_factor", test_swap_min_factor) ||
        !CU_add_test(s, "sum optimum: no swap, figures add up", test_sum_optimal))
        return -1;
    return 0;
}
