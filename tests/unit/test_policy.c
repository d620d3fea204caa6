/* test_policy.c - objective.md's minimax and lottery policies, and the
 * swap week's keep plans (fewest changed aiossen first), on small instances
 * whose optima are worked out by hand in the comments. */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "../../solver/solve.h"
#include "fixture.h"

typedef struct prun {
    planset_t ps;
    allocation_t al;
    diags_t d;
} prun_t;

static void psolve(const instance_t *in, prun_t *r, policy_t pol, const int *order,
                   const solve_keep_t *keep)
{
    memset(r, 0, sizeof *r);
    diags_init(&r->d);
    CU_ASSERT_EQUAL_FATAL(plans_build(in, &r->ps, &r->d), 0);
    solve_opts_t o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.policy = pol;
    o.order = order;
    o.keep = keep;
    CU_ASSERT_EQUAL_FATAL(solve_run(in, &r->ps, &o, &r->al, &r->d), 0);
    CU_ASSERT_EQUAL(r->al.status, SOLVE_OPTIMAL);
    CU_ASSERT_EQUAL(fx_violations(in, &r->al), 0);
}

static void prun_free(prun_t *r)
{
    allocation_free(&r->al);
    planset_free(&r->ps);
    diags_release(&r->d);
}

/* The keep plan of trainee t in r's allocation: the template whose slots
 * match t's placements (field and dates) and the sites they got. */
static solve_keep_t keep_of(const prun_t *r, int t)
{
    solve_keep_t k;
    k.tmpl = -1;
    for (int j = 0; j < PLAN_MAX_SLOTS; j++)
        k.site[j] = -1;
    const tplan_t *tp = &r->ps.tp[t];
    int n = 0;
    for (int i = 0; i < r->al.npl; i++)
        n += r->al.pl[i].trainee == t;
    for (int m = 0; m < tp->ntmpl; m++) {
        const ptmpl_t *tm = &tp->tmpl[m];
        if (tm->nslot != n)
            continue;
        int ok = 1;
        for (int j = 0; j < tm->nslot && ok; j++) {
            ok = 0;
            for (int i = 0; i < r->al.npl && !ok; i++) {
                const placement_t *p = &r->al.pl[i];
                if (p->trainee == t && p->field == tm->slot[j].field &&
                    p->start == tm->slot[j].start && p->end == tm->slot[j].end) {
                    k.site[j] = p->site;
                    ok = 1;
                }
            }
        }
        if (ok) {
            k.tmpl = m;
            return k;
        }
    }
    return k;
}

static int site_of(const allocation_t *al, int t, int f)
{
    const placement_t *p = fx_find(al, t, f);
    return p ? p->site : -1;
}

/* minimax: the only plan at home is at a borrowed site (policy cost 8, the
 * trainee's cost 0); the other SEH site is outside every listed region
 * (trainee cost 3 x 2 = 6).  sum picks the cheaper total 6 and leaves the
 * trainee at cost 6; minimax gives the trainee cost 0 at total 8. */
static void borrowed_at_home(instance_t *in, int *nb, int *z)
{
    fx_init(in, "2026-09", 4);
    *nb = fx_site_c(in, "SEH-NB", F_SEH, "Noord", 1);
    in->site[*nb].borrowed = 1;
    *z = fx_site_c(in, "SEH-Z", F_SEH, "Zuid", 1);
    fx_site_c(in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(in, "CCZ-N", F_CCZ, "Noord", 1);
    fx_trainee(in, "T1", "2026-09")->region_pref[0] = 0;
}

static void test_minimax(void)
{
    instance_t in;
    int nb, z;
    borrowed_at_home(&in, &nb, &z);
    prun_t r;
    psolve(&in, &r, POLICY_SUM, NULL, NULL);
    CU_ASSERT_EQUAL(r.al.objective, 6);
    CU_ASSERT_EQUAL(r.al.max_cost, 6);
    CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), z);
    prun_free(&r);
    psolve(&in, &r, POLICY_MINIMAX, NULL, NULL);
    CU_ASSERT_EQUAL(r.al.objective, 8);
    CU_ASSERT_EQUAL(r.al.max_cost, 0);
    CU_ASSERT_EQUAL(r.al.borrowed_cost, 8);
    CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), nb);
    prun_free(&r);
    instance_free(&in);
}

/* minimax among several: one SEH place in Noord (only in the first two
 * quarters, so only one SEH block fits), two trainees.  T1 lists Noord then
 * Zuid (Zuid costs 1 x 2 = 2), T2 lists only Noord (elsewhere 3 x 2 = 6).
 * Both policies give Noord to T2: max 2, total 2. */
static const int first_half[4] = {1, 1, 0, 0};
static const int all_year[4] = {2, 2, 2, 2};

/* The two trainees of the tests below: SEH-N (Noord, capacity seh_n), SEH-Z
 * (Zuid, seh_z), GGZ-N and CCZ-N (2 places); T1 lists Noord then Zuid, T2
 * only Noord.  *n and *z: the two SEH sites. */
static void two_trainees(instance_t *in, const int *seh_n, const int *seh_z, int *n, int *z)
{
    fx_init(in, "2026-09", 4);
    *n = fx_site(in, "SEH-N", F_SEH, "Noord", seh_n);
    *z = fx_site(in, "SEH-Z", F_SEH, "Zuid", seh_z);
    fx_site_c(in, "GGZ-N", F_GGZ, "Noord", 2);
    fx_site_c(in, "CCZ-N", F_CCZ, "Noord", 2);
    int rz = fx_region(in, "Zuid");
    trainee_t *t1 = fx_trainee(in, "T1", "2026-09");
    t1->region_pref[0] = 0;
    t1->region_pref[1] = rz;
    fx_trainee(in, "T2", "2026-09")->region_pref[0] = 0;
}

static void test_minimax_two(void)
{
    instance_t in;
    int n, z;
    two_trainees(&in, first_half, all_year, &n, &z);
    for (int pol = 0; pol < 2; pol++) {
        prun_t r;
        psolve(&in, &r, pol ? POLICY_MINIMAX : POLICY_SUM, NULL, NULL);
        CU_ASSERT_EQUAL(r.al.objective, 2);
        CU_ASSERT_EQUAL(r.al.max_cost, 2);
        CU_ASSERT_EQUAL(site_of(&r.al, 1, F_SEH), n);
        prun_free(&r);
    }
    instance_free(&in);
}

/* lottery: the same two trainees.  sum gives Noord to T2 (total 2); a
 * lottery that draws T1 first gives T1 its best (Noord, cost 0) and T2 what
 * is left (Zuid, cost 6): total 6.  Drawing T2 first gives the sum answer. */
static void lottery_t1_first(const instance_t *in, int n, int z)
{
    int first_t1[2] = {0, 1};
    prun_t r;
    psolve(in, &r, POLICY_LOTTERY, first_t1, NULL);
    /* the order is published with the allocation (summary.json) */
    CU_ASSERT_EQUAL_FATAL(r.al.norder, 2);
    CU_ASSERT_EQUAL(r.al.order[0], 0);
    CU_ASSERT_EQUAL(r.al.order[1], 1);
    CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), n);
    CU_ASSERT_EQUAL(site_of(&r.al, 1, F_SEH), z);
    CU_ASSERT_EQUAL(r.al.res[0].cost, 0);
    CU_ASSERT_EQUAL(r.al.res[1].cost, 6);
    CU_ASSERT_EQUAL(r.al.objective, 6);
    prun_free(&r);
}

static void test_lottery(void)
{
    instance_t in;
    int n, z;
    two_trainees(&in, first_half, all_year, &n, &z);
    int first_t2[2] = {1, 0};
    lottery_t1_first(&in, n, z);
    prun_t r;
    psolve(&in, &r, POLICY_LOTTERY, first_t2, NULL);
    CU_ASSERT_EQUAL_FATAL(r.al.norder, 2);
    CU_ASSERT_EQUAL(r.al.order[0], 1);
    CU_ASSERT_EQUAL(r.al.order[1], 0);
    CU_ASSERT_EQUAL(site_of(&r.al, 1, F_SEH), n);
    CU_ASSERT_EQUAL(r.al.res[0].cost, 2);
    CU_ASSERT_EQUAL(r.al.res[1].cost, 0);
    CU_ASSERT_EQUAL(r.al.objective, 2);
    prun_free(&r);
    instance_free(&in);
}

/* lottery with a policy cost: the instance of test_minimax.  Drawn first
 * (and alone), T1 gets its lowest cost, 0, at the borrowed SEH-NB; the
 * lottery's last search (the lowest total under the rows, of its policy
 * part: 4 a quarter, counted in units of 4) then has that one allocation,
 * total 8.  The same with every step that needs a search sent straight to
 * the proximity search (STAGEMATCH_LOTTERY_PROXIMITY), and the two-trainee
 * lottery of test_lottery that way too. */
static void test_lottery_policy_cost(void)
{
    instance_t in;
    int nb, z;
    borrowed_at_home(&in, &nb, &z);
    int only[1] = {0};
    for (int prox = 0; prox < 2; prox++) {
        if (prox)
            setenv("STAGEMATCH_LOTTERY_PROXIMITY", "1", 1);
        prun_t r;
        psolve(&in, &r, POLICY_LOTTERY, only, NULL);
        CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), nb);
        CU_ASSERT_EQUAL(r.al.res[0].cost, 0);
        CU_ASSERT_EQUAL(r.al.borrowed_cost, 8);
        CU_ASSERT_EQUAL(r.al.objective, 8);
        prun_free(&r);
    }
    instance_free(&in);
    int n;
    two_trainees(&in, first_half, all_year, &n, &z);
    lottery_t1_first(&in, n, z);
    unsetenv("STAGEMATCH_LOTTERY_PROXIMITY");
    instance_free(&in);
}

/* lottery: no more aiossen unplaced than under sum, counting only those the
 * model could place.  T3 has no plan at all (13 outside weeks + GGZ + CCZ >
 * 26); T2 (0.9) can only use SEH-N, as SEH-Z admits full-timers only.  sum:
 * T1 at SEH-Z (region 2: 1 a quarter, 2), T2 at SEH-N, T3 unplaced: 1002.
 * A lottery drawing T1 first must still place T2, so T1 cannot have SEH-N
 * (cost 0): it gets SEH-Z, cost 2.  Counting T3 in the limit (one unplaced
 * allowed) would give T1 SEH-N and leave T2 unplaced. */
static void test_lottery_unplaceable(void)
{
    static const int second_half[4] = {0, 0, 1, 1};
    instance_t in;
    int n, z;
    two_trainees(&in, second_half, second_half, &n, &z);
    in.site[z].min_factor_pm = 1000;
    in.tr[1].factor_pm = 900;
    fx_trainee(&in, "T3", "2026-09")->outside_weeks = 13;
    prun_t r;
    psolve(&in, &r, POLICY_SUM, NULL, NULL);
    CU_ASSERT_EQUAL(r.al.objective, 1002);
    CU_ASSERT_EQUAL(r.al.res[2].outcome, OUT_UNPLACED);
    prun_free(&r);
    int first_t1[3] = {0, 1, 2};
    psolve(&in, &r, POLICY_LOTTERY, first_t1, NULL);
    CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), z);
    CU_ASSERT_EQUAL(site_of(&r.al, 1, F_SEH), n);
    CU_ASSERT_EQUAL(r.al.res[0].cost, 2);
    CU_ASSERT_EQUAL(r.al.res[1].outcome == OUT_UNPLACED, 0);
    CU_ASSERT_EQUAL(r.al.res[2].outcome, OUT_UNPLACED);
    CU_ASSERT_EQUAL(r.al.objective, 1002);
    prun_free(&r);
    instance_free(&in);
}

/* the seeded lottery order is a permutation of the planned trainees and
 * depends on the seed */
static void test_lottery_order(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    char id[16];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "T%d", i);
        fx_trainee(&in, id, "2026-09");
    }
    int a[6], b[6], c[6];
    CU_ASSERT_EQUAL(solve_lottery_order(&in, 1, a), 6);
    CU_ASSERT_EQUAL(solve_lottery_order(&in, 1, b), 6);
    CU_ASSERT_EQUAL(solve_lottery_order(&in, 2, c), 6);
    CU_ASSERT_EQUAL(memcmp(a, b, sizeof a), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(a, c, sizeof a), 0);
    int seen = 0;
    for (int i = 0; i < 6; i++)
        seen |= 1 << a[i];
    CU_ASSERT_EQUAL(seen, 63);
    instance_free(&in);
}

/* keep: re-solving with every trainee's own plan to keep changes nobody */
static void test_keep_nothing_changed(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    fx_site_c(&in, "SEH-N", F_SEH, "Noord", 1);
    fx_site_c(&in, "SEH-Z", F_SEH, "Zuid", 2);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 2);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 2);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "T%d", i);
        fx_trainee(&in, id, "2026-09")->region_pref[0] = 0;
    }
    prun_t r0, r;
    psolve(&in, &r0, POLICY_SUM, NULL, NULL);
    solve_keep_t keep[3];
    for (int t = 0; t < 3; t++) {
        keep[t] = keep_of(&r0, t);
        CU_ASSERT_TRUE(keep[t].tmpl >= 0);
    }
    psolve(&in, &r, POLICY_SUM, NULL, keep);
    CU_ASSERT_EQUAL(r.al.changed, 0);
    CU_ASSERT_EQUAL(r.al.objective, r0.al.objective);
    CU_ASSERT_EQUAL_FATAL(r.al.npl, r0.al.npl);
    for (int i = 0; i < r.al.npl; i++) {
        CU_ASSERT_EQUAL(r.al.pl[i].site, r0.al.pl[i].site);
        CU_ASSERT_EQUAL(r.al.pl[i].start, r0.al.pl[i].start);
    }
    for (int t = 0; t < 3; t++)
        CU_ASSERT_EQUAL(r.al.res[t].kept, 1);
    prun_free(&r);
    prun_free(&r0);
    instance_free(&in);
}

/* keep: fewest changes before cost.  Everyone lists Noord; SEH-N has two
 * places in the first half year, so the announcement has two trainees
 * there and the third at SEH-Z (cost 6).  SEH-N then withdraws one place:
 * exactly one of the two must move (to SEH-Z, cost 6), the trainee at
 * SEH-Z keeps its letter, and the total is 6 + 6 = 12. */
static void test_keep_one_moves(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    int two[4] = {2, 2, 0, 0};
    int n = fx_site(&in, "SEH-N", F_SEH, "Noord", two);
    int z = fx_site_c(&in, "SEH-Z", F_SEH, "Zuid", 3);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 3);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 3);
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "T%d", i);
        fx_trainee(&in, id, "2026-09")->region_pref[0] = 0;
    }
    prun_t r0;
    psolve(&in, &r0, POLICY_SUM, NULL, NULL);
    CU_ASSERT_EQUAL(r0.al.objective, 6);
    solve_keep_t keep[3];
    int at_z = -1;
    for (int t = 0; t < 3; t++) {
        keep[t] = keep_of(&r0, t);
        if (site_of(&r0.al, t, F_SEH) == z)
            at_z = t;
    }
    CU_ASSERT_FATAL(at_z >= 0);
    in.site[n].cap[0] = in.site[n].cap[1] = 1;
    prun_t r;
    psolve(&in, &r, POLICY_SUM, NULL, keep);
    CU_ASSERT_EQUAL(r.al.changed, 1);
    CU_ASSERT_EQUAL(r.al.res[at_z].kept, 1);
    CU_ASSERT_EQUAL(site_of(&r.al, at_z, F_SEH), z);
    int kept = 0;
    for (int t = 0; t < 3; t++)
        kept += r.al.res[t].kept;
    CU_ASSERT_EQUAL(kept, 2);
    CU_ASSERT_EQUAL(r.al.objective, 12);
    prun_free(&r);
    prun_free(&r0);
    instance_free(&in);
}

/* keep: fewest changes even when changing more would cost less.  Announced:
 * T0 at SEH-Z in the first half (cost 6 to T0, who lists Noord).  A place
 * at SEH-N appears; moving T0 there would save 6, but with nothing forcing
 * a change T0 keeps the letter: 0 changed, total 6. */
static void test_keep_over_cost(void)
{
    instance_t in;
    fx_init(&in, "2026-09", 4);
    int zero[4] = {0, 0, 0, 0};
    int n = fx_site(&in, "SEH-N", F_SEH, "Noord", zero);
    int z = fx_site_c(&in, "SEH-Z", F_SEH, "Zuid", 1);
    fx_site_c(&in, "GGZ-N", F_GGZ, "Noord", 1);
    fx_site_c(&in, "CCZ-N", F_CCZ, "Noord", 1);
    fx_trainee(&in, "T0", "2026-09")->region_pref[0] = 0;
    prun_t r0;
    psolve(&in, &r0, POLICY_SUM, NULL, NULL);
    CU_ASSERT_EQUAL(r0.al.objective, 6);
    solve_keep_t keep[1] = {keep_of(&r0, 0)};
    for (int q = 0; q < 4; q++)
        in.site[n].cap[q] = 1;
    prun_t r;
    psolve(&in, &r, POLICY_SUM, NULL, keep);
    CU_ASSERT_EQUAL(r.al.changed, 0);
    CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), z);
    CU_ASSERT_EQUAL(r.al.objective, 6);
    prun_free(&r);
    /* without a plan to keep, the sum optimum moves T0 to Noord */
    psolve(&in, &r, POLICY_SUM, NULL, NULL);
    CU_ASSERT_EQUAL(r.al.objective, 0);
    CU_ASSERT_EQUAL(site_of(&r.al, 0, F_SEH), n);
    prun_free(&r);
    prun_free(&r0);
    instance_free(&in);
}

int suite_policy(void); /* called by run.c */
int suite_policy(void)
{
    CU_pSuite s = CU_add_suite("policy", NULL, NULL);
    if (!s || !CU_add_test(s, "minimax lowers the worst-off cost", test_minimax) ||
        !CU_add_test(s, "minimax with two trainees", test_minimax_two) ||
        !CU_add_test(s, "lottery serves the first drawn first", test_lottery) ||
        !CU_add_test(s, "lottery's policy cost and proximity search", test_lottery_policy_cost) ||
        !CU_add_test(s, "lottery places as many as sum, not counting the unplaceable",
                     test_lottery_unplaceable) ||
        !CU_add_test(s, "lottery order from the seed", test_lottery_order) ||
        !CU_add_test(s, "keep: nothing changed", test_keep_nothing_changed) ||
        !CU_add_test(s, "keep: exactly one moves", test_keep_one_moves) ||
        !CU_add_test(s, "keep: fewest changes before cost", test_keep_over_cost))
        return -1;
    return 0;
}
