/* test_rules.c - plan enumeration, durations, ignored wishes and costs */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "../../models/calendar.h"
#include "../../models/rules.h"
#include "fixture.h"

/* Every field with one site of capacity 1 in every quarter, region "Noord". */
static void all_fields(instance_t *in)
{
    static const int f[] = {F_SEH, F_INT, F_KIN, F_GYN, F_CAR, F_NEU, F_ORT, F_REU, F_GGZ, F_CCZ, F_WO};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        fx_site_c(in, field_code(f[i]), f[i], "Noord", 1);
}

static int ntmpl(instance_t *in, int t, diags_t *d, planset_t *ps)
{
    memset(ps, 0, sizeof *ps);
    CU_ASSERT_EQUAL_FATAL(plans_build(in, ps, d), 0);
    return ps->tp[t].ntmpl;
}

static void test_year_length(void)
{
    trainee_t t;
    memset(&t, 0, sizeof t);
    CU_ASSERT_EQUAL(rules_year_quarters(&t), 4);
    t.ex_months[F_SEH] = 6;
    CU_ASSERT_EQUAL(rules_a_quarters(&t), 0);
    CU_ASSERT_EQUAL(rules_year_quarters(&t), 2);
    t.ex_months[F_SEH] = 0;
    t.ex_months[F_KIN] = 3;
    CU_ASSERT_EQUAL(rules_a_quarters(&t), 1);
    CU_ASSERT_TRUE(rules_field_forbidden(&t, F_SEH));
    CU_ASSERT_TRUE(rules_field_forbidden(&t, F_GYN));
    CU_ASSERT_FALSE(rules_field_forbidden(&t, F_CAR));
    t.ex_months[F_GGZ] = 3;
    CU_ASSERT_EQUAL(rules_b_quarters(&t), 1);
    CU_ASSERT_EQUAL(rules_year_quarters(&t), 2);
    CU_ASSERT_TRUE(rules_field_forbidden(&t, F_GGZ));
    CU_ASSERT_FALSE(rules_field_forbidden(&t, F_CCZ));
    /* 26 weeks at 0.8: ceil(32.5) = 33 weeks; 13 weeks at 0.8: 17 weeks */
    CU_ASSERT_EQUAL(rules_parttime_days(800, 2), 231);
    CU_ASSERT_EQUAL(rules_parttime_days(800, 1), 119);
    CU_ASSERT_EQUAL(rules_parttime_days(500, 2), 364);
    CU_ASSERT_EQUAL(rules_parttime_days(750, 1), 7 * 18);
}

static void test_enumeration_counts(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    all_fields(&in);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    diags_t d;
    diags_init(&d);
    planset_t ps;
    /* 3 positions x (SEH + 6 SEH+X) x 2 B orders */
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 42);
    planset_free(&ps);
    t = &in.tr[0];
    t->b_elective = F_CAR;
    t->b_replaces = F_GGZ;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 84);
    CU_ASSERT_EQUAL(ps.tp[0].elective_asked, 1);
    planset_free(&ps);
    /* part-time: A only at the end of the year */
    t->b_elective = t->b_replaces = FIELD_NONE;
    t->factor_pm = 800;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 14);
    for (int k = 0; k < ps.tp[0].ntmpl; k++)
        CU_ASSERT_EQUAL(ps.tp[0].tmpl[k].a_start, fx_q("2027-03"));
    planset_free(&ps);
    /* 6 months SEH exemption: B only, two orders */
    t->factor_pm = 1000;
    t->ex_months[F_SEH] = 6;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 2);
    planset_free(&ps);
    /* 3 months INT: one quarter of CAR, NEU or ORT in 3 positions x 2 orders */
    t->ex_months[F_SEH] = 0;
    t->ex_months[F_INT] = 3;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 18);
    for (int k = 0; k < ps.tp[0].ntmpl; k++)
        for (int j = 0; j < ps.tp[0].tmpl[k].nslot; j++) {
            int f = ps.tp[0].tmpl[k].slot[j].field;
            CU_ASSERT(f == F_CAR || f == F_NEU || f == F_ORT || f == F_GGZ || f == F_CCZ);
        }
    planset_free(&ps);
    /* GGZ exemption: B is CCZ alone; A in 2 positions */
    t->ex_months[F_INT] = 0;
    t->ex_months[F_GGZ] = 3;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 14);
    planset_free(&ps);
    /* fully exempt: empty year */
    t->ex_months[F_SEH] = 6;
    t->ex_months[F_CCZ] = 3;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 0);
    CU_ASSERT_EQUAL(ps.tp[0].empty_year, 1);
    planset_free(&ps);
    diags_release(&d);
    instance_free(&in);
}

static void test_durations(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    all_fields(&in);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->factor_pm = 800;
    diags_t d;
    diags_init(&d);
    planset_t ps;
    ntmpl(&in, 0, &d, &ps);
    int seen_seh = 0, seen_x = 0;
    for (int k = 0; k < ps.tp[0].ntmpl; k++) {
        const ptmpl_t *tm = &ps.tp[0].tmpl[k];
        for (int j = 0; j < tm->nslot; j++) {
            const pslot_t *s = &tm->slot[j];
            if (tm->plan == PLAN_SEH && s->field == F_SEH) {
                seen_seh = 1;
                CU_ASSERT_EQUAL(s->start, fx_d("2027-03-01"));
                CU_ASSERT_EQUAL(s->end, fx_d("2027-10-17")); /* 33 weeks */
                CU_ASSERT_EQUAL(s->ext_days, fx_d("2027-10-17") - fx_d("2027-08-31"));
            }
            if (tm->plan == PLAN_SEH_X(F_INT) && s->field == F_INT) {
                seen_x = 1;
                CU_ASSERT_EQUAL(s->start, fx_d("2027-06-28")); /* day after SEH's 17 weeks */
                CU_ASSERT_EQUAL(s->end, fx_d("2027-10-24"));
            }
            if (s->traject == 'B') {
                CU_ASSERT_EQUAL(s->start, quarter_first_day(quarter_of_date(s->start)));
                CU_ASSERT_EQUAL(s->end, quarter_last_day(quarter_of_date(s->start)));
            }
        }
    }
    CU_ASSERT_TRUE(seen_seh && seen_x);
    planset_free(&ps);
    /* full-time SEH+X: two whole consecutive quarters, SEH first */
    in.tr[0].factor_pm = 1000;
    ntmpl(&in, 0, &d, &ps);
    for (int k = 0; k < ps.tp[0].ntmpl; k++) {
        const ptmpl_t *tm = &ps.tp[0].tmpl[k];
        if (PLAN_KIND(tm->plan) != 1)
            continue;
        CU_ASSERT_EQUAL(tm->slot[0].field, F_SEH);
        CU_ASSERT_EQUAL(tm->slot[1].start, tm->slot[0].end + 1);
        CU_ASSERT_EQUAL(tm->slot[0].start, quarter_first_day(tm->a_start));
        CU_ASSERT_EQUAL(tm->slot[1].end, quarter_last_day(tm->a_start + 1));
    }
    planset_free(&ps);
    diags_release(&d);
    instance_free(&in);
}

static void test_outside_limit(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    all_fields(&in);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->outside_weeks = 13;
    diags_t d;
    diags_init(&d);
    planset_t ps;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ps.tp[0].no_plan_reason);
    CU_ASSERT_STRING_EQUAL(ps.tp[0].no_plan_reason,
                           "no plan the rules allow: 13 planned outside weeks plus 13 weeks for "
                           "each GGZ, CCZ or WO stage exceed the outside-hospital limit of 26 "
                           "weeks (ask for a hospital B elective replacing GGZ or CCZ)");
    planset_free(&ps);
    /* WO does not help: it is outside the hospital too */
    in.tr[0].b_elective = F_WO;
    in.tr[0].b_replaces = F_GGZ;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 0);
    planset_free(&ps);
    /* a hospital elective does: only plans with it remain */
    in.tr[0].b_elective = F_CAR;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 42);
    for (int k = 0; k < ps.tp[0].ntmpl; k++)
        CU_ASSERT_EQUAL(ps.tp[0].tmpl[k].elective, 1);
    planset_free(&ps);
    diags_release(&d);
    instance_free(&in);
}

static void test_costs_and_ignored_wishes(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    int caps0[5] = {0, 0, 0, 0, 0};
    fx_site_c(&in, "SEH", F_SEH, "Noord", 1);
    fx_site_c(&in, "KIN", F_KIN, "Noord", 1);
    fx_site(&in, "GYN", F_GYN, "Noord", caps0); /* never any room: SEH+GYN impossible */
    fx_site_c(&in, "GGZ", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ", F_CCZ, "Noord", 1);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->a_choice[0] = PLAN_SEH_X(F_GYN);
    t->a_choice[1] = PLAN_SEH;
    t->a_choice[2] = PLAN_SEH_X(F_KIN);
    t->a_period = fx_q("2027-03"); /* a full-time A block can start in Q1..Q3 of the year */
    diags_t d;
    diags_init(&d);
    planset_t ps;
    ntmpl(&in, 0, &d, &ps);
    const tplan_t *tp = &ps.tp[0];
    int rank;
    /* the ignored first choice keeps its column: SEH still costs 2 */
    CU_ASSERT_EQUAL(plans_plan_cost(tp, PLAN_SEH, &rank), 2);
    CU_ASSERT_EQUAL(rank, 2);
    CU_ASSERT_EQUAL(plans_plan_cost(tp, PLAN_SEH_X(F_KIN), &rank), 4);
    CU_ASSERT_EQUAL(rank, 3);
    CU_ASSERT_EQUAL(plans_plan_cost(tp, PLAN_SEH_X(F_INT), &rank), 6);
    CU_ASSERT_EQUAL(rank, 4);
    CU_ASSERT_EQUAL(tp->nchoice, 2);
    CU_ASSERT_EQUAL(tp->a_period, fx_q("2027-03"));
    CU_ASSERT_EQUAL(d.nwarn, 1);
    char *w = diag_format(&d.v[0]);
    CU_ASSERT_STRING_EQUAL(w, "preferences.csv:2: column 'a_choice_1': warning: trainee T1: "
                              "plan 'SEH+GYN' cannot be met even with every place free (no "
                              "site, capacity or min_factor allows it in this stage year): "
                              "ignored");
    free(w);
    planset_free(&ps);
    /* a plan listed twice counts at its first column */
    in.tr[0].a_choice[0] = PLAN_SEH;
    ntmpl(&in, 0, &d, &ps);
    CU_ASSERT_EQUAL(plans_plan_cost(&ps.tp[0], PLAN_SEH, &rank), 0);
    planset_free(&ps);
    /* every choice ignored = no choices: cost 0 */
    in.tr[0].a_choice[0] = in.tr[0].a_choice[1] = in.tr[0].a_choice[2] = PLAN_SEH_X(F_GYN);
    ntmpl(&in, 0, &d, &ps);
    CU_ASSERT_EQUAL(plans_plan_cost(&ps.tp[0], PLAN_SEH_X(F_KIN), &rank), 0);
    CU_ASSERT_EQUAL(rank, 0);
    planset_free(&ps);
    /* a part-timer's A period other than the year's end is ignored */
    in.tr[0].factor_pm = 700;
    in.tr[0].a_period = fx_q("2026-09");
    diags_release(&d);
    diags_init(&d);
    ntmpl(&in, 0, &d, &ps);
    CU_ASSERT_EQUAL(ps.tp[0].a_period, QUARTER_NONE);
    planset_free(&ps);
    diags_release(&d);
    instance_free(&in);
}

static void test_no_plan_reasons(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 5);
    fx_site_c(&in, "SEH", F_SEH, "Noord", 1);
    in.site[0].min_factor_pm = 750;
    fx_site_c(&in, "GGZ", F_GGZ, "Noord", 1);
    int caps[5] = {1, 1, 0, 1, 1};
    fx_site(&in, "CCZ", F_CCZ, "Noord", caps);
    trainee_t *t = fx_trainee(&in, "T1", "2026-09");
    t->factor_pm = 600;
    diags_t d;
    diags_init(&d);
    planset_t ps;
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 0);
    CU_ASSERT_STRING_EQUAL(ps.tp[0].no_plan_reason,
                           "no plan fits even with every place free: part-time 0.60 but every "
                           "SEH site has a higher min_factor");
    planset_free(&ps);
    in.tr[0].factor_pm = 1000;
    /* SEH only (no X sites); CCZ never in 2027-03: A at the start leaves
     * one B order, A in the middle or at the end both */
    CU_ASSERT_EQUAL(ntmpl(&in, 0, &d, &ps), 5);
    planset_free(&ps);
    diags_release(&d);
    instance_free(&in);
}

int suite_rules(void); /* called by run.c */
int suite_rules(void)
{
    CU_pSuite s = CU_add_suite("rules", NULL, NULL);
    if (!s || !CU_add_test(s, "year length and durations", test_year_length) ||
        !CU_add_test(s, "plan enumeration counts", test_enumeration_counts) ||
        !CU_add_test(s, "placement dates", test_durations) ||
        !CU_add_test(s, "outside-hospital limit", test_outside_limit) ||
        !CU_add_test(s, "costs and ignored wishes", test_costs_and_ignored_wishes) ||
        !CU_add_test(s, "no-plan reasons", test_no_plan_reasons))
        return -1;
    return 0;
}
