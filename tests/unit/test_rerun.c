/* test_rerun.c - the swap-week re-run: reading letters and swaps, matching
 * previous placements to plans, frozen placements, swap validation and the
 * changes list (models/rerun.h, io/letters_in.h, io/swaps_in.h).
 *
 * The instances are built in code: a horizon 2026-09 .. 2027-06 and
 * full-time aiossen starting 2026-09, whose previous plans are written out
 * placement by placement. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../io/letters_in.h"
#include "../../io/rerun_out.h"
#include "../../io/swaps_in.h"
#include "../../models/calendar.h"
#include "../../models/rerun.h"
#include "fixture.h"

/* ------------------------------------------------------------ files */

static char *write_tmp(const char *text, char *path, size_t n)
{
    snprintf(path, n, "/tmp/sm-rerun-XXXXXX");
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    size_t len = strlen(text);
    CU_ASSERT_EQUAL_FATAL(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* An instance with the sites the letters below name. */
static void small_instance(instance_t *in)
{
    fx_init(in, "2026-09", 4);
    fx_site_c(in, "SEH-A", F_SEH, "Noord", 2);
    fx_site_c(in, "SEH-B", F_SEH, "Zuid", 2);
    fx_site_c(in, "GGZ-A", F_GGZ, "Noord", 2);
    fx_site_c(in, "GGZ-B", F_GGZ, "Zuid", 2);
    fx_site_c(in, "CCZ-A", F_CCZ, "Noord", 2);
    fx_site_c(in, "CCZ-B", F_CCZ, "Zuid", 2);
}

static void test_letters_english(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    char path[64];
    write_tmp("trainee_id,name,email,traject,field,site_id,site_name,institution,region,"
              "supervisor,start_date,end_date,weeks,parttime_factor,min_days_per_week,locked,"
              "notes\n"
              "T1,Anna,,B,GGZ,GGZ-A,GGZ-A,,Noord,,2027-03-01,2027-05-31,13.1,1.0,4,no,\n"
              "T1,Anna,,A,SEH,SEH-A,SEH-A,,Noord,,2026-09-01,2027-02-28,25.9,1.0,4,yes,"
              "STARtclass at start\n"
              "X9,Bob,,B,CCZ,CCZ-GONE,x,,Zuid,,2026-09-01,2026-11-30,13.0,1.0,4,no,\n",
              path, sizeof path);
    letters_t L;
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL(letters_read(path, &in, 0, &L, &d), 0);
    CU_ASSERT_EQUAL(d.nerr, 0);
    CU_ASSERT_EQUAL(d.nwarn, 0);
    CU_ASSERT_EQUAL(L.delimiter, ',');
    CU_ASSERT_EQUAL(L.dutch, 0);
    CU_ASSERT_EQUAL_FATAL(L.nrow, 3);
    /* sorted by trainee, then start date */
    CU_ASSERT_STRING_EQUAL(L.row[0].trainee_id, "T1");
    CU_ASSERT_EQUAL(L.row[0].field, F_SEH);
    CU_ASSERT_EQUAL(L.row[0].site, 0);
    CU_ASSERT_EQUAL(L.row[0].start, fx_d("2026-09-01"));
    CU_ASSERT_EQUAL(L.row[0].end, fx_d("2027-02-28"));
    CU_ASSERT_EQUAL(L.row[0].locked, 1);
    CU_ASSERT_EQUAL(L.row[0].line, 3);
    CU_ASSERT_STRING_EQUAL(L.row[0].name, "Anna");
    CU_ASSERT_EQUAL(L.row[1].field, F_GGZ);
    CU_ASSERT_EQUAL(L.row[1].site, 2);
    CU_ASSERT_EQUAL(L.row[1].locked, 0);
    CU_ASSERT_EQUAL(L.row[1].trainee, 0);
    /* an aios who left and a site that is gone: index -1, no error */
    CU_ASSERT_STRING_EQUAL(L.row[2].trainee_id, "X9");
    CU_ASSERT_EQUAL(L.row[2].trainee, -1);
    CU_ASSERT_EQUAL(L.row[2].site, -1);
    CU_ASSERT_STRING_EQUAL(L.row[2].site_id, "CCZ-GONE");
    int first = -1;
    CU_ASSERT_EQUAL(letters_trainee_rows(&L, "T1", &first), 2);
    CU_ASSERT_EQUAL(first, 0);
    CU_ASSERT_EQUAL(letters_trainee_rows(&L, "X9", &first), 1);
    CU_ASSERT_EQUAL(first, 2);
    CU_ASSERT_EQUAL(letters_trainee_rows(&L, "T0", &first), 0);
    letters_free(&L);
    diags_release(&d);
    unlink(path);
    instance_free(&in);
}

/* Dutch headers, ';', a byte-order mark, CRLF, decimal commas, ja/nee. */
static void test_letters_dutch(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    char path[64];
    write_tmp("\xEF\xBB\xBF"
              "aios_id;naam;email;traject;onderdeel;stageplaats_id;stageplaats;instelling;regio;"
              "opleider;begindatum;einddatum;weken;deeltijdfactor;min_dagen_per_week;vastgelegd;"
              "opmerkingen\r\n"
              "T1;Anna;;B;CCZ;CCZ-B;x;;Zuid;;01-06-2027;31-08-2027;13,1;0,8;3;nee;GP practice "
              "make-up 2,6 weeks\r\n"
              "T1;Anna;;B;GGZ;GGZ-A;x;;Noord;;2027-03-01;2027-05-31;13,1;0,8;3;ja;\r\n",
              path, sizeof path);
    letters_t L;
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL(letters_read(path, &in, 0, &L, &d), 0);
    CU_ASSERT_EQUAL(d.nerr + d.nwarn, 0);
    CU_ASSERT_EQUAL(L.delimiter, ';');
    CU_ASSERT_EQUAL(L.dutch, 1);
    CU_ASSERT_EQUAL_FATAL(L.nrow, 2);
    CU_ASSERT_EQUAL(L.row[0].field, F_GGZ);
    CU_ASSERT_EQUAL(L.row[0].locked, 1);
    CU_ASSERT_EQUAL(L.row[1].field, F_CCZ);
    CU_ASSERT_EQUAL(L.row[1].site, 5);
    CU_ASSERT_EQUAL(L.row[1].start, fx_d("2027-06-01"));
    CU_ASSERT_EQUAL(L.row[1].locked, 0);
    letters_free(&L);
    diags_release(&d);
    unlink(path);
    instance_free(&in);
}

static void test_letters_errors(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    char path[64];
    write_tmp("trainee_id,field,site_id,start_date,end_date,locked\n"
              "T1,SEH,SEH-A,2026-09-01,2027-02-30,no\n"
              "T1,XYZ,SEH-A,2026-09-01,2027-02-28,no\n"
              "T1,GGZ,GGZ-A,2027-03-01,2027-05-31,no\n"
              "T1,CCZ,CCZ-A,2027-03-01,2027-05-31,no\n"
              "T1,CCZ,CCZ-A,2027-06-01,2027-05-31,no\n"
              "T1,CCZ,CCZ-A,2027-06-01,2027-08-31,maybe\n",
              path, sizeof path);
    letters_t L;
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL(letters_read(path, &in, 0, &L, &d), -1);
    CU_ASSERT_EQUAL_FATAL(d.nerr, 5);
    const char *base = strrchr(path, '/') + 1;
    char want[256];
    snprintf(want, sizeof want,
             "%s:2: column 'end_date': '2027-02-30' is not a valid date (expected YYYY-MM-DD)",
             base);
    char *got = diag_format(&d.v[0]);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
    CU_ASSERT_STRING_EQUAL(d.v[1].column, "field");
    CU_ASSERT_EQUAL(d.v[1].line, 3);
    CU_ASSERT_EQUAL(d.v[2].line, 6);
    CU_ASSERT_STRING_EQUAL(d.v[2].column, "end_date");
    CU_ASSERT_EQUAL(d.v[3].line, 7);
    CU_ASSERT_STRING_EQUAL(d.v[3].column, "locked");
    /* rows 4 and 5 overlap (2027-03-01 .. 2027-05-31 twice) */
    CU_ASSERT_EQUAL(d.v[4].line, 5);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.v[4].msg, "two placements at once"));
    letters_free(&L);
    diags_release(&d);
    /* a missing required column */
    diags_init(&d);
    write_tmp("trainee_id,field,site_id,start_date,end_date\nT1,SEH,SEH-A,2026-09-01,2027-02-28\n",
              path, sizeof path);
    CU_ASSERT_EQUAL(letters_read(path, &in, 0, &L, &d), -1);
    CU_ASSERT_EQUAL(d.nerr, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(d.v[0].msg, "missing required column 'locked'"));
    letters_free(&L);
    diags_release(&d);
    unlink(path);
    instance_free(&in);
}

static void test_swaps_read(void)
{
    char path[64];
    write_tmp("swap_id;trainee_a;quarter_a;trainee_b;quarter_b\n"
              "S1;T1;2027-03;T3;\n"
              "S2;T1;2027-03;T5;2027-06\n"
              "S3;T1;2027-04;T5;\n"
              ";T1;2027-03;T5;\n",
              path, sizeof path);
    swaps_t S;
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL(swaps_read(path, 0, &S, &d), -1);
    CU_ASSERT_EQUAL(d.nerr, 2);
    CU_ASSERT_EQUAL(d.v[0].line, 4);
    CU_ASSERT_STRING_EQUAL(d.v[0].column, "quarter_a");
    CU_ASSERT_EQUAL(d.v[1].line, 5);
    CU_ASSERT_STRING_EQUAL(d.v[1].column, "swap_id");
    CU_ASSERT_EQUAL_FATAL(S.nrow, 2);
    CU_ASSERT_STRING_EQUAL(S.row[0].swap_id, "S1");
    CU_ASSERT_EQUAL(S.row[0].qa, fx_q("2027-03"));
    CU_ASSERT_EQUAL(S.row[0].qb, fx_q("2027-03")); /* blank: quarter_a */
    CU_ASSERT_EQUAL(S.row[1].qb, fx_q("2027-06"));
    CU_ASSERT_STRING_EQUAL(S.row[1].tb, "T5");
    swaps_free(&S);
    diags_release(&d);
    unlink(path);
}

/* ------------------------------------------------------------ plans */

enum { SEH_A, SEH_B, GGZ_A, GGZ_B, CCZ_A, CCZ_B };

typedef struct prevs {
    rr_prev_t v[64];
    int n;
} prevs_t;

static void pv(prevs_t *P, const instance_t *in, const char *tid, int site, const char *from,
               const char *to)
{
    rr_prev_t *p = &P->v[P->n++];
    memset(p, 0, sizeof *p);
    p->trainee_id = tid;
    p->trainee = instance_find_trainee(in, tid);
    p->site = site;
    p->site_id = site >= 0 ? in->site[site].id : "GONE";
    p->field = site >= 0 ? in->site[site].field : F_GGZ;
    p->start = fx_d(from);
    p->end = fx_d(to);
    p->line = P->n + 1;
}

/* SEH at seh for 2026-09 .. 2027-02, then B1 in 2027-03 and B2 in 2027-06. */
static void plan_seh_first(prevs_t *P, const instance_t *in, const char *tid, int seh, int b1,
                           int b2)
{
    pv(P, in, tid, seh, "2026-09-01", "2027-02-28");
    pv(P, in, tid, b1, "2027-03-01", "2027-05-31");
    pv(P, in, tid, b2, "2027-06-01", "2027-08-31");
}

static int swap_of(const rerun_t *R, const char *id)
{
    for (int s = 0; s < R->nswap; s++)
        if (strcmp(R->swap[s].id, id) == 0)
            return s;
    return -1;
}

static void test_match(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    planset_t ps;
    diags_t d;
    diags_init(&d);
    CU_ASSERT_EQUAL_FATAL(plans_build(&in, &ps, &d), 0);
    rr_pl_t p[3];
    memset(p, 0, sizeof p);
    int sites[3] = {CCZ_B, SEH_A, GGZ_A};
    const char *from[3] = {"2027-06-01", "2026-09-01", "2027-03-01"};
    const char *to[3] = {"2027-08-31", "2027-02-28", "2027-05-31"};
    for (int i = 0; i < 3; i++) {
        p[i].site = sites[i];
        p[i].field = in.site[sites[i]].field;
        p[i].start = fx_d(from[i]);
        p[i].end = fx_d(to[i]);
    }
    int site[PLAN_MAX_SLOTS], ok = -1;
    int k = rerun_match(&ps, 0, p, 3, site, &ok);
    CU_ASSERT_FATAL(k >= 0);
    CU_ASSERT_EQUAL(ok, 1);
    const ptmpl_t *tm = &ps.tp[0].tmpl[k];
    CU_ASSERT_EQUAL(tm->plan, PLAN_SEH);
    CU_ASSERT_EQUAL(tm->nslot, 3);
    for (int j = 0; j < tm->nslot; j++)
        CU_ASSERT_EQUAL(in.site[site[j]].field, tm->slot[j].field);
    CU_ASSERT_EQUAL(site[3], -1);
    /* a site of the wrong field: the template matches, the sites do not */
    p[0].site = CCZ_A;
    CU_ASSERT_EQUAL(rerun_match(&ps, 0, p, 3, site, &ok), k);
    p[0].site = GGZ_B;
    p[0].field = F_CCZ;
    CU_ASSERT_EQUAL(rerun_match(&ps, 0, p, 3, site, &ok), k);
    CU_ASSERT_EQUAL(ok, 0);
    /* dates no template has */
    p[0].site = CCZ_B;
    p[0].start = fx_d("2027-06-02");
    CU_ASSERT_EQUAL(rerun_match(&ps, 0, p, 3, site, &ok), -1);
    CU_ASSERT_EQUAL(ok, 0);
    /* two placements only */
    CU_ASSERT_EQUAL(rerun_match(&ps, 0, p + 1, 2, site, NULL), -1);
    char why[400];
    p[0].start = fx_d("2027-06-01");
    p[2].field = F_CCZ;
    p[2].site = CCZ_A;
    rerun_explain(&in, &ps, 0, p, 3, why, sizeof why);
    CU_ASSERT_STRING_EQUAL(why, "T1 would have CCZ twice (traject B is GGZ and CCZ, or one of "
                                "them replaced by the elective asked for)");
    p[2].field = F_GGZ;
    p[2].site = GGZ_A;
    rerun_explain(&in, &ps, 0, p + 1, 2, why, sizeof why);
    CU_ASSERT_STRING_EQUAL(why, "T1 would have no placement in 2027-06 (the stage year is "
                                "filled, without gaps)");
    /* part-time: the A block's dates change */
    in.tr[0].factor_pm = 800;
    planset_free(&ps);
    CU_ASSERT_EQUAL_FATAL(plans_build(&in, &ps, &d), 0);
    CU_ASSERT_EQUAL(rerun_match(&ps, 0, p, 3, site, &ok), -1);
    rerun_explain(&in, &ps, 0, p, 3, why, sizeof why);
    CU_ASSERT_STRING_EQUAL(why, "no plan of T1 has SEH 2026-09-01..2027-02-28: at part-time "
                                "factor 0.8 traject A is stretched and sits at the end of the "
                                "stage year");
    planset_free(&ps);
    diags_release(&d);
    instance_free(&in);
}

/* Prepare a re-run: plans of the instance as loaded, then rerun_prepare. */
static void prepare(instance_t *in, const prevs_t *P, const rr_swap_row_t *rows, int nrows,
                    const char *date, rerun_t *R, diags_t *d)
{
    planset_t ps0;
    diags_init(d);
    CU_ASSERT_EQUAL_FATAL(plans_build(in, &ps0, d), 0);
    CU_ASSERT_EQUAL(rerun_prepare(in, &ps0, P->v, P->n, rows, nrows, NULL, fx_d(date), R, d), 0);
    planset_free(&ps0);
}

static void test_frozen(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    fx_trainee(&in, "T2", "2026-09");
    prevs_t P = {.n = 0};
    plan_seh_first(&P, &in, "T1", SEH_A, GGZ_A, CCZ_A);
    plan_seh_first(&P, &in, "T2", SEH_A, CCZ_B, GGZ_B);
    rerun_t R;
    diags_t d;
    /* 2026-07-21 is 42 days before 2026-09-01: nothing frozen */
    prepare(&in, &P, NULL, 0, "2026-07-21", &R, &d);
    CU_ASSERT_EQUAL(R.nfrozen, 0);
    CU_ASSERT_EQUAL(in.nlk, 0);
    rerun_free(&R);
    diags_release(&d);
    /* one day later the two SEH placements are frozen: fixed rows of their aios */
    prepare(&in, &P, NULL, 0, "2026-07-22", &R, &d);
    CU_ASSERT_EQUAL(R.nfrozen, 2);
    CU_ASSERT_EQUAL(R.nmanual, 0);
    CU_ASSERT_EQUAL(d.nwarn, 0);
    CU_ASSERT_EQUAL_FATAL(in.nlk, 2);
    CU_ASSERT_EQUAL(R.nlk_orig, 0);
    CU_ASSERT_EQUAL(in.lk[0].trainee, 0);
    CU_ASSERT_EQUAL(in.lk[0].site, SEH_A);
    CU_ASSERT_EQUAL(in.lk[0].start, fx_d("2026-09-01"));
    CU_ASSERT_EQUAL(in.lk[0].end, fx_d("2027-02-28"));
    CU_ASSERT_STRING_EQUAL(in.lk[1].trainee_id, "T2");
    CU_ASSERT_EQUAL(R.tr[0].tgt[0].fix, RR_FROZEN);
    CU_ASSERT_EQUAL(R.tr[0].tgt[1].fix, RR_FREE);
    /* the plans built again hold the frozen rows as fixed slots: the keep plan matches */
    planset_t ps;
    CU_ASSERT_EQUAL_FATAL(plans_build(&in, &ps, &d), 0);
    solve_keep_t keep[2];
    CU_ASSERT_EQUAL(rerun_keep(&in, &ps, &R, keep), 0);
    CU_ASSERT(keep[0].tmpl >= 0);
    CU_ASSERT(keep[1].tmpl >= 0);
    CU_ASSERT_EQUAL(ps.tp[0].tmpl[keep[0].tmpl].slot[0].locked_site, SEH_A);
    CU_ASSERT_PTR_NULL(R.tr[0].why);
    planset_free(&ps);
    rerun_free(&R);
    diags_release(&d);
    for (int i = 0; i < in.nlk; i++)
        free(in.lk[i].trainee_id);
    in.nlk = 0;

    /* the site withdrew in 2026-12: both need a manual decision, nothing is fixed */
    in.site[SEH_A].cap[1] = 0;
    prepare(&in, &P, NULL, 0, "2026-08-15", &R, &d);
    CU_ASSERT_EQUAL(R.nfrozen, 0);
    CU_ASSERT_EQUAL(R.nmanual, 2);
    CU_ASSERT_EQUAL(in.nlk, 0);
    CU_ASSERT_EQUAL(d.nwarn, 2);
    CU_ASSERT_STRING_EQUAL(R.tr[0].manual, "frozen placement at SEH-A from 2026-09-01: site SEH-A "
                                           "has no capacity in 2026-12 any more");
    CU_ASSERT_EQUAL(R.tr[0].tgt[0].manual, 1);
    rerun_free(&R);
    diags_release(&d);

    /* capacity 1 for two frozen placements: both released for a manual decision */
    in.site[SEH_A].cap[1] = 1;
    prepare(&in, &P, NULL, 0, "2026-08-15", &R, &d);
    CU_ASSERT_EQUAL(R.nfrozen, 0);
    CU_ASSERT_EQUAL(R.nmanual, 2);
    CU_ASSERT_STRING_EQUAL(R.tr[1].manual,
                           "frozen placement at SEH-A from 2026-09-01: site SEH-A has capacity 1 "
                           "in 2026-12 but 2 fixed placements (locked and frozen) are there");
    rerun_free(&R);
    diags_release(&d);
    in.site[SEH_A].cap[1] = 2;

    /* T2 became exempt for SEH (3 months): its frozen SEH is impossible */
    in.tr[1].ex_months[F_SEH] = 3;
    prepare(&in, &P, NULL, 0, "2026-08-15", &R, &d);
    CU_ASSERT_EQUAL(R.nfrozen, 1);
    CU_ASSERT_EQUAL(R.nmanual, 1);
    CU_ASSERT_STRING_EQUAL(R.tr[1].manual, "frozen placement at SEH-A from 2026-09-01: T2 is "
                                           "exempt for SEH (exemptions.csv)");
    rerun_free(&R);
    diags_release(&d);
    for (int i = 0; i < in.nlk; i++)
        free(in.lk[i].trainee_id);
    in.nlk = 0;
    instance_free(&in);
}

/* ------------------------------------------------------------ swaps */

static void swap_instance(instance_t *in, prevs_t *P)
{
    small_instance(in);
    fx_site_c(in, "GGZ-C", F_GGZ, "Noord", 2); /* 6 */
    in->site[6].min_factor_pm = 900;
    const char *ids[] = {"T1", "T3", "T5", "T6", "T8"};
    for (int i = 0; i < 5; i++)
        fx_trainee(in, ids[i], "2026-09");
    in->tr[3].ex_months[F_GGZ] = 3;  /* T6: SEH, then CCZ only */
    in->tr[4].factor_pm = 800;       /* T8: part-time, A at the end */
    P->n = 0;
    plan_seh_first(P, in, "T1", SEH_A, GGZ_A, CCZ_A);
    plan_seh_first(P, in, "T3", SEH_B, GGZ_B, CCZ_B);
    plan_seh_first(P, in, "T5", SEH_B, CCZ_B, 6);
    pv(P, in, "T6", SEH_A, "2026-09-01", "2027-02-28");
    pv(P, in, "T6", CCZ_A, "2027-03-01", "2027-05-31");
    pv(P, in, "T8", GGZ_A, "2026-09-01", "2026-11-30");
    pv(P, in, "T8", CCZ_A, "2026-12-01", "2027-02-28");
    /* 26 / 0.8 = 32.5 -> 33 weeks from 2027-03-01 */
    pv(P, in, "T8", SEH_A, "2027-03-01", "2027-10-17");
}

static void test_swaps(void)
{
    instance_t in;
    prevs_t P;
    swap_instance(&in, &P);
    int q3 = fx_q("2027-03"), q6 = fx_q("2027-06"), q9 = fx_q("2026-09"), q12 = fx_q("2026-12");
    rr_swap_row_t rows[] = {
        {"S1", "T1", "T3", q3, q3, 2},   /* GGZ-A <-> GGZ-B: valid */
        {"S2", "T1", "T5", q6, q3, 3},   /* CCZ-A (2027-06) <-> CCZ-B (2027-03): alone, overlaps */
        {"S3", "T6", "T5", q3, q3, 4},   /* T6 would get a second CCZ... */
        {"S4", "T6", "T5", q3, q6, 5},   /* T6 would get GGZ-C: exempt for GGZ */
        {"S5", "T8", "T5", q12, q6, 6},  /* T8 would get GGZ-C: min_factor 0.9 */
        {"S6", "T1", "T9", q3, q3, 7},   /* T9 unknown */
        {"S7", "T1", "T3", q9, q9, 8},   /* SEH 2026-09: frozen (date 2026-08-01) */
        {"S8", "T1", "T3", q3, q3, 9},   /* T1's 2027-03 placement was swapped by S1 */
        {"S3", "T6", "T6", q3, q3, 10},  /* ... and swaps with itself */
    };
    int nrows = (int)(sizeof rows / sizeof rows[0]);
    rerun_t R;
    diags_t d;
    prepare(&in, &P, rows, nrows, "2026-08-01", &R, &d);
    CU_ASSERT_EQUAL_FATAL(R.nswap, 8);
    CU_ASSERT_EQUAL(R.napplied, 1);
    int s;
    s = swap_of(&R, "S1");
    CU_ASSERT_EQUAL(R.swap[s].applied, 1);
    CU_ASSERT_PTR_NULL(R.swap[s].reason);
    /* T1 now holds GGZ-B in 2027-03, fixed; T3 holds GGZ-A */
    CU_ASSERT_EQUAL(R.tr[0].tgt[1].site, GGZ_B);
    CU_ASSERT_EQUAL(R.tr[0].tgt[1].fix, RR_SWAPPED);
    CU_ASSERT_EQUAL(R.tr[0].tgt[1].from, 1);
    CU_ASSERT_EQUAL(R.tr[1].tgt[1].site, GGZ_A);
    CU_ASSERT_EQUAL(R.tr[0].swap, s);
    s = swap_of(&R, "S2");
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason,
                           "after the swap T1's placements are no plan the rules allow: T1 would "
                           "have two placements at once (GGZ 2027-03-01..2027-05-31 and CCZ "
                           "2027-03-01..2027-05-31)");
    s = swap_of(&R, "S3");
    CU_ASSERT_EQUAL(R.swap[s].nrow, 2);
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason, "line 10 swaps T6 with itself (expected two aiossen)");
    s = swap_of(&R, "S4");
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason, "T6 cannot take GGZ 2027-06-01..2027-08-31 at GGZ-C "
                                             "from T5: T6 is exempt for GGZ (exemptions.csv)");
    s = swap_of(&R, "S5");
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason,
                           "T8 cannot take GGZ 2027-06-01..2027-08-31 at GGZ-C from T5: site "
                           "GGZ-C takes part-time factors from 0.9 only and T8's factor is 0.8");
    s = swap_of(&R, "S6");
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason, "T9 is not in preferences.csv");
    s = swap_of(&R, "S7");
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason,
                           "T1's placement at SEH-A from 2026-09-01 is frozen: it starts less than "
                           "42 days after the re-run date");
    s = swap_of(&R, "S8");
    CU_ASSERT_STRING_EQUAL(R.swap[s].reason, "T1's placement starting in 2027-03 was already "
                                             "exchanged by an earlier swap");
    CU_ASSERT_EQUAL(d.nwarn, 7);
    /* fixed rows: the frozen 2026-09 placements of T1, T3, T5, T6 and T8, and S1's two */
    CU_ASSERT_EQUAL(R.nfrozen, 5);
    CU_ASSERT_EQUAL(in.nlk, 7);
    /* keep plans: T1 and T3 changed by S1 keep nothing, the others their plan */
    planset_t ps;
    CU_ASSERT_EQUAL_FATAL(plans_build(&in, &ps, &d), 0);
    solve_keep_t keep[5];
    CU_ASSERT_EQUAL(rerun_keep(&in, &ps, &R, keep), 0);
    CU_ASSERT_EQUAL(keep[0].tmpl, -1);
    CU_ASSERT_EQUAL(keep[1].tmpl, -1);
    for (int t = 2; t < 5; t++) {
        CU_ASSERT(keep[t].tmpl >= 0);
        CU_ASSERT_PTR_NULL(R.tr[t].why);
    }
    /* T8's frozen GGZ is a fixed slot of its plan now, the rest is free */
    const ptmpl_t *tm8 = &ps.tp[4].tmpl[keep[4].tmpl];
    int fixed8 = 0;
    for (int j = 0; j < tm8->nslot; j++) {
        CU_ASSERT_EQUAL(tm8->slot[j].locked_site, tm8->slot[j].field == F_GGZ ? GGZ_A : -1);
        fixed8 += tm8->slot[j].locked_site >= 0;
        CU_ASSERT_EQUAL(keep[4].site[j], P.v[11 + (tm8->slot[j].field == F_CCZ) +
                                              2 * (tm8->slot[j].field == F_SEH)].site);
    }
    CU_ASSERT_EQUAL(fixed8, 1);
    planset_free(&ps);
    rerun_free(&R);
    diags_release(&d);
    for (int i = 0; i < in.nlk; i++)
        free(in.lk[i].trainee_id);
    in.nlk = 0;
    instance_free(&in);
}

/* A chain: each row alone breaks T1's and T5's plans, together they are valid. */
static void test_swap_chain(void)
{
    instance_t in;
    prevs_t P;
    swap_instance(&in, &P);
    int q3 = fx_q("2027-03"), q6 = fx_q("2027-06");
    rr_swap_row_t alone[] = {{"A", "T1", "T5", q3, q3, 2}};
    rr_swap_row_t both[] = {{"B", "T1", "T5", q3, q3, 2}, {"B", "T1", "T5", q6, q6, 3}};
    rerun_t R;
    diags_t d;
    prepare(&in, &P, alone, 1, "2026-06-20", &R, &d);
    CU_ASSERT_EQUAL(R.napplied, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(R.swap[0].reason, "no plan the rules allow"));
    CU_ASSERT_EQUAL(in.nlk, 0);
    rerun_free(&R);
    diags_release(&d);
    prepare(&in, &P, both, 2, "2026-06-20", &R, &d);
    CU_ASSERT_EQUAL(R.napplied, 1);
    CU_ASSERT_EQUAL(in.nlk, 4);
    /* T1: SEH-A, T5's CCZ-B (2027-03) and GGZ-C (2027-06); T5 T1's GGZ-A and CCZ-A */
    CU_ASSERT_EQUAL(R.tr[0].tgt[1].site, CCZ_B);
    CU_ASSERT_EQUAL(R.tr[0].tgt[2].site, 6);
    CU_ASSERT_EQUAL(R.tr[2].tgt[1].site, GGZ_A);
    CU_ASSERT_EQUAL(R.tr[2].tgt[2].site, CCZ_A);
    rerun_free(&R);
    diags_release(&d);
    for (int i = 0; i < in.nlk; i++)
        free(in.lk[i].trainee_id);
    in.nlk = 0;
    instance_free(&in);
}

/* Capacity with every fixed placement: a withdrawal leaves room for one. */
static void test_swap_capacity(void)
{
    instance_t in;
    prevs_t P;
    swap_instance(&in, &P);
    /* GGZ-A keeps one place in 2027-03, taken by a locked row of the other cohort */
    in.site[GGZ_A].cap[2] = 1;
    fx_locked(&in, "OTHER", GGZ_A, "2027-03-01", "2027-05-31");
    int q3 = fx_q("2027-03");
    rr_swap_row_t rows[] = {{"S1", "T1", "T3", q3, q3, 2}};
    rerun_t R;
    diags_t d;
    prepare(&in, &P, rows, 1, "2026-06-20", &R, &d);
    CU_ASSERT_EQUAL(R.napplied, 0);
    CU_ASSERT_STRING_EQUAL(R.swap[0].reason,
                           "site GGZ-A would hold 2 fixed placements in 2027-03 (locked, frozen "
                           "and swapped), but its capacity is 1");
    CU_ASSERT_EQUAL(in.nlk, 1);
    rerun_free(&R);
    diags_release(&d);
    instance_free(&in);
}

/* ------------------------------------------------------------ changes */

static void add_pl(allocation_t *al, int t, int site, int field, const char *from, const char *to,
                   int locked)
{
    placement_t *p = &al->pl[al->npl++];
    memset(p, 0, sizeof *p);
    p->trainee = t;
    p->site = site;
    p->field = field;
    p->start = fx_d(from);
    p->end = fx_d(to);
    p->locked = locked;
}

static void test_changes(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    fx_trainee(&in, "T2", "2026-09");
    fx_trainee(&in, "T9", "2026-09"); /* new */
    fx_locked(&in, "T2", CCZ_B, "2027-03-01", "2027-05-31");
    prevs_t P = {.n = 0};
    plan_seh_first(&P, &in, "T1", SEH_A, GGZ_A, CCZ_A);
    plan_seh_first(&P, &in, "T2", SEH_B, CCZ_B, GGZ_B);
    pv(&P, &in, "GONE1", GGZ_B, "2026-09-01", "2026-11-30");
    P.v[P.n - 1].name = "Gone Away";
    rerun_t R;
    diags_t d;
    prepare(&in, &P, NULL, 0, "2026-08-01", &R, &d);
    CU_ASSERT_EQUAL(R.nfrozen, 2);
    CU_ASSERT_EQUAL(R.nleft, 1);
    CU_ASSERT_EQUAL(in.nlk, 3);
    allocation_t al;
    memset(&al, 0, sizeof al);
    al.pl = calloc(16, sizeof *al.pl);
    al.ntr = in.ntr;
    al.res = calloc((size_t)in.ntr, sizeof *al.res);
    /* T1 moved from GGZ-A to GGZ-B; its frozen SEH comes back as a locked slot */
    add_pl(&al, 0, SEH_A, F_SEH, "2026-09-01", "2027-02-28", 1);
    add_pl(&al, 0, GGZ_B, F_GGZ, "2027-03-01", "2027-05-31", 0);
    add_pl(&al, 0, CCZ_A, F_CCZ, "2027-06-01", "2027-08-31", 0);
    /* T2 unchanged; its CCZ row is from locked.csv */
    add_pl(&al, 1, SEH_B, F_SEH, "2026-09-01", "2027-02-28", 1);
    add_pl(&al, 1, CCZ_B, F_CCZ, "2027-03-01", "2027-05-31", 1);
    add_pl(&al, 1, GGZ_B, F_GGZ, "2027-06-01", "2027-08-31", 0);
    /* T9 new */
    add_pl(&al, 2, SEH_B, F_SEH, "2026-12-01", "2027-05-31", 0);
    add_pl(&al, 2, GGZ_A, F_GGZ, "2026-09-01", "2026-11-30", 0);
    add_pl(&al, 2, CCZ_A, F_CCZ, "2027-06-01", "2027-08-31", 0);
    CU_ASSERT_EQUAL_FATAL(rerun_finish(&in, &al, &R, &d), 0);
    /* locked = yes only for locked.csv's row */
    CU_ASSERT_EQUAL(al.pl[0].locked, 0);
    CU_ASSERT_EQUAL(al.pl[3].locked, 0);
    CU_ASSERT_EQUAL(al.pl[4].locked, 1);
    CU_ASSERT_EQUAL(R.changed, 1);
    CU_ASSERT_EQUAL(R.nnew, 1);
    CU_ASSERT_EQUAL(R.nunplaced_now, 0);
    CU_ASSERT_EQUAL_FATAL(R.nchg, 5);
    /* sorted by trainee id, then date */
    CU_ASSERT_STRING_EQUAL(R.chg[0].trainee_id, "GONE1");
    CU_ASSERT_STRING_EQUAL(R.chg[0].name, "Gone Away");
    CU_ASSERT_STRING_EQUAL(R.chg[0].old_site_id, "GGZ-B");
    CU_ASSERT_PTR_NULL(R.chg[0].new_site_id);
    CU_ASSERT_STRING_EQUAL(R.chg[0].reason,
                           "left: no longer in preferences.csv, the placements are released");
    CU_ASSERT_STRING_EQUAL(R.chg[1].trainee_id, "T1");
    CU_ASSERT_STRING_EQUAL(R.chg[1].old_site_id, "GGZ-A");
    CU_ASSERT_STRING_EQUAL(R.chg[1].new_site_id, "GGZ-B");
    CU_ASSERT_EQUAL(R.chg[1].old_start, fx_d("2027-03-01"));
    CU_ASSERT_EQUAL(R.chg[1].new_start, fx_d("2027-03-01"));
    CU_ASSERT_STRING_EQUAL(R.chg[1].reason,
                           "moved to make room for the changes (the fewest aiossen moved)");
    for (int i = 2; i < 5; i++) {
        CU_ASSERT_STRING_EQUAL(R.chg[i].trainee_id, "T9");
        CU_ASSERT_PTR_NULL(R.chg[i].old_site_id);
        CU_ASSERT_STRING_EQUAL(R.chg[i].reason,
                               "not in the previous letters: a new aios, or not placed before");
    }
    CU_ASSERT_EQUAL(R.chg[2].new_start, fx_d("2026-09-01"));
    CU_ASSERT_EQUAL(R.chg[4].new_start, fx_d("2027-06-01"));

    /* the files */
    run_info_t ri;
    memset(&ri, 0, sizeof ri);
    ri.command = "rerun";
    ri.policy = "sum";
    ri.version = "test";
    ri.delimiter = ';';
    rerun_out_t ro = {&in, &al, &R, &ri, "prev.csv", NULL};
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(rerun_write_changes(fp, &ro), 0);
    fclose(fp);
    CU_ASSERT_STRING_EQUAL(
        buf, "\xEF\xBB\xBFtrainee_id;name;old_site_id;old_start_date;new_site_id;new_start_date;reason\n"
             "GONE1;Gone Away;GGZ-B;2026-09-01;;;left: no longer in preferences.csv, the "
             "placements are released\n"
             "T1;T1;GGZ-A;2027-03-01;GGZ-B;2027-03-01;moved to make room for the changes (the "
             "fewest aiossen moved)\n"
             "T9;T9;;;GGZ-A;2026-09-01;not in the previous letters: a new aios, or not placed "
             "before\n"
             "T9;T9;;;SEH-B;2026-12-01;not in the previous letters: a new aios, or not placed "
             "before\n"
             "T9;T9;;;CCZ-A;2027-06-01;not in the previous letters: a new aios, or not placed "
             "before\n");
    free(buf);
    fp = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(rerun_write_rejected(fp, &ro), 0);
    fclose(fp);
    CU_ASSERT_STRING_EQUAL(buf, "\xEF\xBB\xBFswap_id;trainee_a;quarter_a;trainee_b;quarter_b;reason\n");
    free(buf);
    fp = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(rerun_write_summary_json(fp, &ro), 0);
    fclose(fp);
    const char *tail = strstr(buf, ",\n  \"rerun\": {");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
    CU_ASSERT_STRING_EQUAL(tail, ",\n  \"rerun\": {\n    \"date\": \"2026-08-01\",\n"
                                 "    \"frozen_days\": 42,\n    \"previous\": \"prev.csv\",\n"
                                 "    \"previous_sha256\": null,\n    \"swaps\": null,\n"
                                 "    \"swaps_sha256\": null,\n    \"swaps_total\": 0,\n"
                                 "    \"swaps_applied\": 0,\n    \"swaps_rejected\": 0,\n"
                                 "    \"frozen\": 2,\n    \"manual_decisions\": 0,\n"
                                 "    \"changed\": 1,\n    \"unplaced_now\": 0,\n"
                                 "    \"new\": 1,\n    \"left\": 1,\n"
                                 "    \"change_lines\": 5\n  }\n}\n");
    free(buf);
    fp = open_memstream(&buf, &len);
    CU_ASSERT_EQUAL(rerun_write_summary_txt(fp, &ro), 0);
    fclose(fp);
    tail = strstr(buf, "\nswap week (re-run)\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tail);
    CU_ASSERT_STRING_EQUAL(tail, "\nswap week (re-run)\n"
                                 "  re-run date:            2026-08-01 (placements starting less "
                                 "than 42 days after it are frozen)\n"
                                 "  previous letters:       prev.csv\n"
                                 "  swaps:                  none\n"
                                 "  frozen placements:      2 kept, 0 need a manual decision\n"
                                 "  aiossen changed:        1\n"
                                 "  new aiossen placed:     1\n"
                                 "  aiossen who left:       1\n");
    free(buf);
    allocation_free(&al);
    rerun_free(&R);
    diags_release(&d);
    instance_free(&in);
}

/* More placements for one aios than any plan has: an input error. */
static void test_too_many(void)
{
    instance_t in;
    small_instance(&in);
    fx_trainee(&in, "T1", "2026-09");
    prevs_t P = {.n = 0};
    for (int i = 0; i < 10; i++)
        pv(&P, &in, "T1", GGZ_A, "2026-09-01", "2026-11-30");
    rerun_t R;
    diags_t d;
    prepare(&in, &P, NULL, 0, "2026-06-20", &R, &d);
    CU_ASSERT_EQUAL(d.nerr, 1);
    CU_ASSERT_STRING_EQUAL(d.v[d.n - 1].msg, "the previous letters give trainee T1 more than 8 "
                                             "placements (expected the letters.csv of a "
                                             "stagematch run)");
    CU_ASSERT_EQUAL(R.tr[0].nprev, 8);
    CU_ASSERT_EQUAL(in.nlk, 0);
    rerun_free(&R);
    diags_release(&d);
    instance_free(&in);
}

int suite_rerun(void); /* called by run.c */
int suite_rerun(void)
{
    CU_pSuite s = CU_add_suite("rerun", NULL, NULL);
    if (!s || !CU_add_test(s, "letters.csv in English", test_letters_english) ||
        !CU_add_test(s, "letters.csv in Dutch, ';', BOM, CRLF", test_letters_dutch) ||
        !CU_add_test(s, "letters.csv errors", test_letters_errors) ||
        !CU_add_test(s, "swaps.csv", test_swaps_read) ||
        !CU_add_test(s, "previous placements to a template", test_match) ||
        !CU_add_test(s, "frozen placements and manual decisions", test_frozen) ||
        !CU_add_test(s, "swaps applied and rejected", test_swaps) ||
        !CU_add_test(s, "a chain of swaps valid only together", test_swap_chain) ||
        !CU_add_test(s, "swaps and capacity", test_swap_capacity) ||
        !CU_add_test(s, "changes and locked flags", test_changes) ||
        !CU_add_test(s, "too many previous placements", test_too_many))
        return -1;
    return 0;
}
