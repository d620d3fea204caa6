/* test_model.c - the solver keeps every hard rule even where breaking it
 * would be cheaper, and finds the exact optimum of the sum objective.
 *
 * Each test builds a small instance in which violating one rule of
 * rules.md would lower the total cost, solves it, and asserts the exact
 * optimum, the placements that prove the rule held, and that an
 * independent checker (fixture.c) finds no violation. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/calendar.h"
#include "../../solver/solve.h"
#include "fixture.h"

typedef struct run {
    planset_t ps;
    allocation_t al;
    diags_t d;
} run_t;

static void solve_ok(const instance_t *in, run_t *r)
{
    diags_init(&r->d);
    CU_ASSERT_EQUAL_FATAL(fx_solve(in, &r->ps, &r->al, &r->d), 0);
    CU_ASSERT_EQUAL(r->al.status, SOLVE_OPTIMAL);
    CU_ASSERT_EQUAL(fx_violations(in, &r->al), 0);
}

static void run_free(run_t *r)
{
    allocation_free(&r->al);
    planset_free(&r->ps);
    diags_release(&r->d);
}

static void prefer(trainee_t *t, int region)
{
    t->region_pref[0] = region;
}

/* capacity per site and quarter: two trainees want the one place in Noord */
static void test_capacity(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    int c1[4] = {1, 1, 0, 0};
    int n = fx_site(&in, "SEH-N", F_SEH, "Noord", c1);
    fx_site_c(&in, "SEH-Z", F_SEH, "Zuid", 2);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 2);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 2);
    for (int i = 0; i < 2; i++) {
        trainee_t *t = fx_trainee(&in, i ? "T2" : "T1", "2026-09");
        prefer(t, 0);
    }
    run_t r;
    solve_ok(&in, &r);
    /* one trainee at SEH-Z for two quarters: region cost 3 x 2 */
    CU_ASSERT_EQUAL(r.al.objective, 6);
    int at_n = 0;
    for (int i = 0; i < r.al.npl; i++)
        at_n += r.al.pl[i].site == n;
    CU_ASSERT_EQUAL(at_n, 1);
    run_free(&r);

    /* a locked placement of the other cohort uses the place too */
    fx_locked(&in, "OTHER", n, "2026-09-01", "2026-11-30");
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 12);
    for (int i = 0; i < r.al.npl; i++)
        CU_ASSERT_NOT_EQUAL(r.al.pl[i].site, n);
    run_free(&r);
    instance_free(&in);
}

/* capacity counts by date overlap: a part-time extension occupies its site */
static void test_capacity_overlap(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    int intn = fx_site_c(&in, "INT-N", F_INT, "Noord", 1);
    fx_site_c(&in, "INT-Z", F_INT, "Zuid", 1);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 2);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 2);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 2);
    trainee_t *p = fx_trainee(&in, "P", "2026-09");
    p->factor_pm = 800; /* INT from 2027-06-28 to 2027-10-24, into 2027-09 */
    p->a_choice[0] = PLAN_SEH_X(F_INT);
    prefer(p, 0);
    trainee_t *f = fx_trainee(&in, "F", "2027-06");
    f->a_choice[0] = PLAN_SEH_X(F_INT);
    f->ex_months[F_GGZ] = f->ex_months[F_CCZ] = 3; /* year 2027-06, 2027-09: INT in 2027-09 */
    prefer(f, 0);
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 3);
    const placement_t *pi = fx_find(&r.al, 0, F_INT), *fi = fx_find(&r.al, 1, F_INT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pi);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fi);
    CU_ASSERT_EQUAL(pi->end, fx_d("2027-10-24"));
    CU_ASSERT_EQUAL(fi->start, fx_d("2027-09-01"));
    CU_ASSERT_TRUE((pi->site == intn) != (fi->site == intn));
    run_free(&r);
    instance_free(&in);
}

/* traject A: SEH comes first and X follows at once */
static void test_seh_first(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    int c[4] = {1, 0, 0, 0};
    fx_site(&in, "NEU-N", F_NEU, "Noord", c); /* only before any SEH could end */
    fx_site_c(&in, "NEU-Z", F_NEU, "Zuid", 1);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->a_choice[0] = PLAN_SEH_X(F_NEU);
    t->a_choice[1] = PLAN_SEH;
    prefer(t, 0);
    run_t r;
    solve_ok(&in, &r);
    /* NEU-N then SEH would cost 0; SEH+NEU at NEU-Z costs 3; SEH alone 2 */
    CU_ASSERT_EQUAL(r.al.objective, 2);
    CU_ASSERT_EQUAL(r.al.res[0].plan, PLAN_SEH);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_NEU), 0);
    const placement_t *s = fx_find(&r.al, 0, F_SEH);
    CU_ASSERT_EQUAL(s->end - s->start + 1,
                    quarter_last_day(quarter_of_date(s->start) + 1) - s->start + 1);
    run_free(&r);
    instance_free(&in);
}

/* traject B: GGZ and CCZ unless an elective was asked for */
static void test_b_fields(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "CAR-N", F_CAR, "Noord", 1);
    fx_site_c(&in, "GGZ-Z", F_GGZ, "Zuid", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    prefer(t, 0);
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 3); /* GGZ in Zuid, not CAR in Noord */
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_GGZ), 1);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_CAR), 0);
    run_free(&r);
    /* asked: the elective is granted and replaces GGZ */
    in.tr[0].b_elective = F_CAR;
    in.tr[0].b_replaces = F_GGZ;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 0);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_CAR), 1);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_GGZ), 0);
    CU_ASSERT_EQUAL(r.al.res[0].elective_granted, 1);
    run_free(&r);
    instance_free(&in);
}

/* no stage in an exempted field */
static void test_exemptions(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "INT-N", F_INT, "Noord", 1);
    fx_site_c(&in, "CAR-Z", F_CAR, "Zuid", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ-Z", F_CCZ, "Zuid", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->ex_months[F_INT] = 3; /* forbids SEH INT KIN GYN: A is one quarter of CAR */
    t->ex_months[F_GGZ] = 3; /* forbids GGZ: B is CCZ */
    prefer(t, 0);
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 6); /* CAR-Z and CCZ-Z, one quarter each */
    CU_ASSERT_EQUAL(r.al.npl, 2);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_CAR), 1);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_CCZ), 1);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_SEH) + fx_count(&r.al, 0, F_INT) +
                        fx_count(&r.al, 0, F_GGZ),
                    0);
    run_free(&r);
    instance_free(&in);
}

/* part-time: the A block at the end of the year, stretched, flagged past the horizon */
static void test_parttime_end(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "P", "2026-09");
    t->factor_pm = 500;
    t->a_period = fx_q("2026-09"); /* ignored: a part-timer's A comes last */
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 0);
    const placement_t *s = fx_find(&r.al, 0, F_SEH);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->start, fx_d("2027-03-01"));
    CU_ASSERT_EQUAL(s->end, fx_d("2027-03-01") + 364 - 1); /* 52 weeks */
    CU_ASSERT_EQUAL(s->beyond_horizon, 1);
    CU_ASSERT_EQUAL(s->ext_weeks, (s->end - fx_d("2027-08-31") + 6) / 7);
    CU_ASSERT_EQUAL(r.d.nwarn, 1);
    run_free(&r);
    instance_free(&in);
}

/* outside-hospital limit: planned outside weeks force the hospital elective */
static void test_outside_limit(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "CAR-Z", F_CAR, "Zuid", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->outside_weeks = 13;
    t->b_elective = F_CAR;
    t->b_replaces = F_GGZ;
    prefer(t, 0);
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 3);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_GGZ), 0);
    CU_ASSERT_EQUAL(fx_count(&r.al, 0, F_CAR), 1);
    run_free(&r);
    instance_free(&in);
}

/* min_factor: a part-timer never goes to a site that asks for more */
static void test_min_factor(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    int n = fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    in.site[n].min_factor_pm = 750;
    fx_site_c(&in, "SEH-Z", F_SEH, "Zuid", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "P", "2026-09");
    t->factor_pm = 600;
    prefer(t, 0);
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 6);
    CU_ASSERT_NOT_EQUAL(fx_find(&r.al, 0, F_SEH)->site, n);
    run_free(&r);
    instance_free(&in);
}

/* borrowed places cost 4 a quarter; wishes for sites and subtypes */
static void test_borrowed_and_wishes(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    int b = fx_site_c(&in, "SEH-NB", F_SEH, "Noord", 1);
    in.site[b].borrowed = 1;
    fx_site_c(&in, "SEH-Z", F_SEH, "Zuid", 1);
    int gn = fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    int gz = fx_site_c(&in, "GGZ-Z", F_GGZ, "Zuid", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    prefer(t, 0);
    t->site_wish[0] = gz; /* wished, but region costs 3 against the wish's 1 */
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 6 + 1); /* SEH-Z (not borrowed 8) + unmet wish */
    CU_ASSERT_EQUAL(r.al.borrowed_cost, 0);
    CU_ASSERT_EQUAL(fx_find(&r.al, 0, F_GGZ)->site, gn);
    run_free(&r);
    /* without regions the wish decides */
    in.tr[0].region_pref[0] = -1;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 0);
    CU_ASSERT_EQUAL(fx_find(&r.al, 0, F_GGZ)->site, gz);
    run_free(&r);
    /* a subtype wish */
    in.tr[0].site_wish[0] = -1;
    free(in.site[gn].subtype);
    in.site[gn].subtype = strdup("Crisis");
    in.tr[0].subtype_wish[0] = strdup("crisis");
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 0);
    CU_ASSERT_EQUAL(fx_find(&r.al, 0, F_GGZ)->site, gn);
    run_free(&r);
    instance_free(&in);
}

/* a locked placement of a planned trainee is a fixed part of the plan */
static void test_locked_planned(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    int gz = fx_site_c(&in, "GGZ-Z", F_GGZ, "Zuid", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    prefer(t, 0);
    fx_locked(&in, "T1", gz, "2026-09-01", "2026-11-30");
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 3);
    const placement_t *g = fx_find(&r.al, 0, F_GGZ);
    CU_ASSERT_EQUAL(g->site, gz);
    CU_ASSERT_EQUAL(g->locked, 1);
    CU_ASSERT_EQUAL(g->start, fx_d("2026-09-01"));
    CU_ASSERT_EQUAL(r.al.npl, 3);
    run_free(&r);
    instance_free(&in);
}

/* when not everyone fits: unplaced with a reason, never a broken rule */
static void test_unplaced(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    int c[4] = {1, 0, 0, 0};
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 2);
    fx_site(&in, "GGZ-N", F_GGZ, "Noord", c);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 2);
    fx_trainee(&in, "T1", "2026-09");
    fx_trainee(&in, "T2", "2026-09");
    run_t r;
    solve_ok(&in, &r);
    CU_ASSERT_EQUAL(r.al.objective, 1000);
    int un = -1, n = 0;
    for (int t = 0; t < 2; t++)
        if (r.al.res[t].outcome == OUT_UNPLACED) {
            un = t;
            n++;
        }
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_STRING_EQUAL(r.al.res[un].reason,
                           "no capacity left for any plan of this trainee: full are GGZ in "
                           "2026-09 (ask these fields' sites for an extra place, or check "
                           "exemptions and min_factor)");
    CU_ASSERT_EQUAL(fx_count(&r.al, un, F_SEH), 0);
    run_free(&r);
    instance_free(&in);
}

/* the same input and seed give the same allocation; the seed never changes
 * the optimum */
static void test_seed(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    fx_site_c(&in, "SEH-A", F_SEH, "Noord", 1);
    fx_site_c(&in, "SEH-B", F_SEH, "Noord", 1);
    fx_site_c(&in, "GGZ-A", F_GGZ, "Noord", 2);
    fx_site_c(&in, "CCZ-A", F_CCZ, "Noord", 2);
    char id[16];
    for (int i = 0; i < 4; i++) {
        snprintf(id, sizeof id, "T%d", i);
        fx_trainee(&in, id, "2026-09");
    }
    long obj[4];
    int same = 1;
    run_t r1, r2;
    solve_ok(&in, &r1);
    solve_ok(&in, &r2);
    CU_ASSERT_EQUAL(r1.al.npl, r2.al.npl);
    for (int i = 0; i < r1.al.npl && i < r2.al.npl; i++)
        same &= memcmp(&r1.al.pl[i], &r2.al.pl[i], sizeof r1.al.pl[i]) == 0;
    CU_ASSERT_TRUE(same);
    run_free(&r1);
    run_free(&r2);
    for (unsigned long s = 1; s <= 4; s++) {
        run_t r;
        diags_init(&r.d);
        memset(&r.al, 0, sizeof r.al);
        plans_build(&in, &r.ps, &r.d);
        solve_opts_t o;
        memset(&o, 0, sizeof o);
        o.seed = s;
        CU_ASSERT_EQUAL(solve_run(&in, &r.ps, &o, &r.al, &r.d), 0);
        obj[s - 1] = r.al.objective;
        CU_ASSERT_EQUAL(fx_violations(&in, &r.al), 0);
        run_free(&r);
    }
    CU_ASSERT_EQUAL(obj[0], 0);
    CU_ASSERT_EQUAL(obj[1], 0);
    CU_ASSERT_EQUAL(obj[2], 0);
    CU_ASSERT_EQUAL(obj[3], 0);
    instance_free(&in);
}

int suite_model(void); /* called by run.c */
int suite_model(void)
{
    CU_pSuite s = CU_add_suite("model", NULL, NULL);
    if (!s || !CU_add_test(s, "capacity per quarter, locked included", test_capacity) ||
        !CU_add_test(s, "capacity by date overlap", test_capacity_overlap) ||
        !CU_add_test(s, "SEH first, X right after", test_seh_first) ||
        !CU_add_test(s, "B fields and electives", test_b_fields) ||
        !CU_add_test(s, "exempted fields", test_exemptions) ||
        !CU_add_test(s, "part-time A at the end", test_parttime_end) ||
        !CU_add_test(s, "outside-hospital limit", test_outside_limit) ||
        !CU_add_test(s, "min_factor", test_min_factor) ||
        !CU_add_test(s, "borrowed sites and wishes", test_borrowed_and_wishes) ||
        !CU_add_test(s, "locked planned trainee", test_locked_planned) ||
        !CU_add_test(s, "unplaced rather than a broken rule", test_unplaced) ||
        !CU_add_test(s, "seed and determinism", test_seed))
        return -1;
    return 0;
}
