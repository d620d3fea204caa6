/* test_output.c - io/output and io/csvwrite: exact bytes of letters.csv and
 * unplaced.csv (tests/unit/fixtures_out/), quoting and formula
 * neutralisation, the summaries, and the all-or-nothing output folder */
#include <CUnit/CUnit.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../io/csvfile.h"
#include "../../io/csvwrite.h"
#include "../../io/output.h"
#include "../../models/calendar.h"

/* ------------------------------------------------------------ helpers */

static int day(const char *iso)
{
    int d = 0;
    date_parse(iso, &d);
    return d;
}

static int quarter(const char *label)
{
    int q = 0;
    quarter_parse(label, &q);
    return q;
}

/* The whole file as a NUL-terminated string (NULL if unreadable). */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    int c;
    while ((c = getc(fp)) != EOF)
        putc(c, mem);
    fclose(fp);
    fclose(mem);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
}

/* rm -rf for the test folders (symbolic links removed, not followed) */
static void rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)))
                if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                    char sub[1024];
                    snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                    rm_rf(sub);
                }
            closedir(d);
        }
        rmdir(path);
    } else
        unlink(path);
}

/* Entries of a folder other than . and .., joined with ' ' in readdir
 * order sorted by name (malloc'ed). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *listing(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    for (int i = 0; i < n; i++) {
        fprintf(mem, "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    fclose(mem);
    return buf;
}

/* ------------------------------------------------------------ the instance */

/* Three sites whose texts need quoting and neutralising; planned trainees
 * T2 (part-time 0.75), T1 (full-time, one locked placement), T3 and T10
 * (unplaced), T4 (fully exempt); T9 of the other cohort.  The placements
 * are given out of order: the writer sorts by trainee id, then start. */
typedef struct fx {
    instance_t in;
    allocation_t al;
    trainee_t tr[6];
    site_t site[3];
    locked_t lk[2];
    placement_t pl[6];
    trainee_result_t res[6];
    char *region[3];
    diags_t warn;
    run_info_t ri;
} fx_t;

static void site_set(site_t *s, const char *id, const char *name, const char *inst,
                     const char *region, const char *sup, int field)
{
    memset(s, 0, sizeof *s);
    s->id = (char *)id;
    s->name = (char *)name;
    s->institution = (char *)inst;
    s->region_name = (char *)region;
    s->supervisor = (char *)sup;
    s->subtype = (char *)"";
    s->field = field;
    s->min_factor_pm = 500;
}

static void trainee_set(trainee_t *t, const char *id, const char *name, const char *email,
                        int planned, int factor_pm)
{
    memset(t, 0, sizeof *t);
    t->id = (char *)id;
    t->name = (char *)name;
    t->email = (char *)email;
    t->planned = planned;
    t->factor_pm = factor_pm;
}

static void pl_set(placement_t *p, int t, int s, int field, char traject, const char *from,
                   const char *to)
{
    memset(p, 0, sizeof *p);
    p->trainee = t;
    p->site = s;
    p->field = field;
    p->traject = traject;
    p->start = day(from);
    p->end = day(to);
    p->year_quarters = 1;
}

static void fx_build(fx_t *f)
{
    memset(f, 0, sizeof *f);
    instance_t *in = &f->in;
    site_set(&f->site[0], "SEH-01", "Spoed \"OLVG\"", "OLVG; Oost", "Amsterdam", "=1+1", F_SEH);
    site_set(&f->site[1], "GGZ-01", "Arkin\nWest", "Arkin", "-3", "@x", F_GGZ);
    site_set(&f->site[2], "CCZ-01", "Cordaan", "Cordaan", "Amstelland", "+31 20", F_CCZ);
    trainee_set(&f->tr[0], "T2", "Bram \"B\" Bakker", "", 1, 750);
    trainee_set(&f->tr[1], "T1", "Anna de Vries", "anna@example.nl", 1, 1000);
    trainee_set(&f->tr[2], "T3", "@Cas", "cas@example.nl", 1, 1000);
    trainee_set(&f->tr[3], "T10", "Dirk", "", 1, 1000);
    trainee_set(&f->tr[4], "T4", "Eva", "", 1, 800);
    trainee_set(&f->tr[5], "T9", "", "", 0, 1000);
    f->region[0] = (char *)"Amsterdam";
    f->region[1] = (char *)"-3";
    f->region[2] = (char *)"Amstelland";
    in->tr = f->tr;
    in->ntr = 6;
    in->site = f->site;
    in->nsite = 3;
    in->region = f->region;
    in->nregion = 3;
    in->q_first = quarter("2026-09");
    in->nq = 4;
    in->delimiter = ',';
    f->lk[0] = (locked_t){(char *)"T1", 1, 2, day("2027-06-01"), day("2027-08-31"), 2};
    f->lk[1] = (locked_t){(char *)"T9", -1, 0, day("2026-09-01"), day("2026-11-30"), 3};
    in->lk = f->lk;
    in->nlk = 2;

    allocation_t *al = &f->al;
    pl_set(&f->pl[0], 0, 0, F_SEH, 'A', "2027-03-01", "2027-10-31");
    f->pl[0].seh_first = 1;
    f->pl[0].ext_weeks = 9;
    f->pl[0].beyond_horizon = 1;
    f->pl[0].year_quarters = 2;
    pl_set(&f->pl[1], 1, 2, F_CCZ, 'B', "2027-06-01", "2027-08-31");
    f->pl[1].locked = 1;
    pl_set(&f->pl[2], 0, 2, F_CCZ, 'B', "2026-09-01", "2026-11-30");
    f->pl[2].makeup_days = 23;
    pl_set(&f->pl[3], 1, 0, F_SEH, 'A', "2026-09-01", "2027-02-28");
    f->pl[3].seh_first = 1;
    f->pl[3].year_quarters = 2;
    pl_set(&f->pl[4], 0, 1, F_GGZ, 'B', "2026-12-01", "2027-02-28");
    f->pl[4].makeup_days = 23;
    pl_set(&f->pl[5], 1, 1, F_GGZ, 'B', "2027-03-01", "2027-05-31");
    al->pl = f->pl;
    al->npl = 6;

    for (int t = 0; t < 6; t++) {
        f->res[t].plan = PLAN_NONE;
        f->res[t].a_start = QUARTER_NONE;
    }
    f->res[0] = (trainee_result_t){OUT_PLACED, NULL, 7, PLAN_SEH, 2, 1, 0, 0, {2, 1, 0, 0}, 0};
    f->res[1] = (trainee_result_t){OUT_PLACED, NULL, 1, PLAN_SEH, 1, 1, 1, 0, {3, 0, 0, 1}, 0};
    f->res[2].outcome = OUT_UNPLACED;
    f->res[2].reason = (char *)"no GGZ capacity left in 2027-03; or 2027-06";
    f->res[3].outcome = OUT_UNPLACED;
    f->res[3].reason =
        (char *)"part-time 0.6 but every free SEH site has min_factor 0.75, \"see\" capacity.csv";
    f->res[4].outcome = OUT_EMPTY_YEAR;
    f->res[5].outcome = OUT_EMPTY_YEAR;   /* other cohort: not counted */
    al->res = f->res;
    al->ntr = 6;
    al->objective = 2012;
    al->bound = 2000;
    al->gap = 0.015;
    al->borrowed_cost = 4;
    al->status = SOLVE_OPTIMAL;
    al->seconds = 1.25;
    al->nvars = 120;
    al->nrows = 34;
    snprintf(al->solver_version, sizeof al->solver_version, "GLPK 5.0");

    diags_init(&f->warn);
    diag_warn(&f->warn, "preferences.csv", 4, "name", "odd name 'A\"B\\C'\tx");
    diag_error(&f->warn, "capacity.csv", 2, NULL, "an error is not a warning");

    run_info_t *ri = &f->ri;
    ri->command = "allocate";
    ri->input_dir = NULL;
    ri->policy = "sum";
    ri->seed = 7;
    ri->time_limit = 60;
    ri->mip_gap = 0;
    ri->version = "9.8.7";
    ri->diags = &f->warn;
    ri->total_seconds = 2.5;
    ri->delimiter = ',';
    ri->decimal_comma = 0;
    ri->lang = LANG_EN; /* the English fixtures; the Dutch tests set LANG_DEFAULT / LANG_NL */
}

static void fx_release(fx_t *f) { diags_release(&f->warn); }

typedef int (*out_fn)(FILE *, const instance_t *, const allocation_t *, const run_info_t *);

/* What fn writes, as a malloc'ed string; *rc its result. */
static char *render(out_fn fn, const fx_t *f, int *rc)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem)
        return NULL;
    *rc = fn(mem, &f->in, &f->al, &f->ri);
    fclose(mem);
    return buf;
}

static void assert_same_as(const char *got, const char *fixture)
{
    char path[256];
    snprintf(path, sizeof path, "fixtures_out/%s", fixture);
    char *want = slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n--- got (%s) ---\n%s--- want ---\n%s", fixture, got, want);
    free(want);
}

/* got contains want; on failure both are shown, under file's name */
static void assert_contains(const char *got, const char *want, const char *file)
{
    CU_ASSERT_PTR_NOT_NULL(strstr(got, want));
    if (!strstr(got, want))
        fprintf(stderr, "\nmissing in %s: %s\n--- got ---\n%s", file, want, got);
}

/* ------------------------------------------------------------ csvwrite */

static char *cell(const char *s, char delim)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    CU_ASSERT_EQUAL(csv_write_cell(mem, s, delim), 0);
    fclose(mem);
    return buf;
}

static void check_cell(const char *in, char delim, const char *want)
{
    char *got = cell(in, delim);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(got);
}

static void test_cells(void)
{
    check_cell("plain", ',', "plain");
    check_cell("", ',', "");
    check_cell(NULL, ',', "");
    /* formula neutralisation */
    check_cell("=1+1", ',', "'=1+1");
    check_cell("-3", ',', "'-3");
    check_cell("@x", ',', "'@x");
    check_cell("+31 20", ',', "'+31 20");
    check_cell("\tx", ',', "'\tx");
    check_cell("\rx", ',', "\"'\rx\"");
    check_cell("a=1", ',', "a=1");
    check_cell("'quoted", ',', "'quoted");
    /* quoting */
    check_cell("a;b", ';', "\"a;b\"");
    check_cell("a;b", ',', "a;b");
    check_cell("a,b", ',', "\"a,b\"");
    check_cell("a,b", ';', "a,b");
    check_cell("say \"hi\"", ',', "\"say \"\"hi\"\"\"");
    check_cell("two\nlines", ';', "\"two\nlines\"");
    check_cell("cr\rhere", ';', "\"cr\rhere\"");
    check_cell("=a;b", ';', "\"'=a;b\"");
    check_cell("-\"x\"", ',', "\"'-\"\"x\"\"\"");
    check_cell("Eliëns", ',', "Eliëns");
}

static void test_writer_rows(void)
{
    char *buf = NULL;
    size_t n = 0;
    csvw_t w;
    csvw_init(&w, open_memstream(&buf, &n), ';');
    csvw_cell(&w, "a");
    csvw_cell(&w, "");
    csvw_cellf(&w, "%d-%s", 12, "b");
    csvw_endrow(&w);
    csvw_cell(&w, "x;y");
    csvw_endrow(&w);
    CU_ASSERT_EQUAL(csvw_error(&w), 0);
    CU_ASSERT_EQUAL(csvw_close(&w), 0);
    CU_ASSERT_STRING_EQUAL(buf, "a;;12-b\n\"x;y\"\n");
    free(buf);

    /* a full disk shows at the flush: the error comes back from close */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        csvw_init(&w, full, ',');
        csvw_cell(&w, "data");
        csvw_endrow(&w);
        errno = 0;
        CU_ASSERT_EQUAL(csvw_close(&w), -1);
        CU_ASSERT_EQUAL(errno, ENOSPC);
    }
}

/* ------------------------------------------------------------ files */

static void test_letters_comma(void)
{
    fx_t f;
    fx_build(&f);
    int rc = -1;
    char *got = render(output_letters, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "letters_comma.csv");
    free(got);
    /* the same bytes again: nothing depends on time */
    char *again = render(output_letters, &f, &rc);
    char *want = slurp("fixtures_out/letters_comma.csv");
    CU_ASSERT(again && want && strcmp(again, want) == 0);
    free(again);
    free(want);
    /* factors: 0.8 and 3 days a week; 0.9 and 4 */
    f.tr[0].factor_pm = 800;
    got = render(output_letters, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, ",0.8,3,no,"));
    free(got);
    f.tr[0].factor_pm = 900;
    got = render(output_letters, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, ",0.9,4,no,"));
    free(got);
    f.tr[0].factor_pm = 625;
    got = render(output_letters, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, ",0.625,3,no,"));
    free(got);
    fx_release(&f);
}

static void test_letters_semicolon(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.delimiter = ';';
    f.ri.decimal_comma = 1;
    int rc = -1;
    char *got = render(output_letters, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "letters_semicolon.csv");
    free(got);
    fx_release(&f);
}

static void test_unplaced(void)
{
    fx_t f;
    fx_build(&f);
    int rc = -1;
    char *got = render(output_unplaced, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "unplaced_comma.csv");
    free(got);
    f.ri.delimiter = ';';
    f.ri.decimal_comma = 1;
    got = render(output_unplaced, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "unplaced_semicolon.csv");
    free(got);
    /* nobody unplaced: the header only */
    f.res[2].outcome = OUT_PLACED;
    f.res[3].outcome = OUT_PLACED;
    got = render(output_unplaced, &f, &rc);
    CU_ASSERT_STRING_EQUAL(got, OUTPUT_BOM "trainee_id;name;reason\n");
    free(got);
    fx_release(&f);
}

static void test_bad_allocation(void)
{
    fx_t f;
    fx_build(&f);
    f.pl[3].site = 3;   /* no such site */
    int rc = 0;
    char *got = render(output_letters, &f, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    free(got);
    f.pl[3].site = 0;
    f.ri.delimiter = '\t';
    got = render(output_letters, &f, &rc);
    CU_ASSERT_EQUAL(rc, -1);
    free(got);
    fx_release(&f);
}

static void test_json_string(void)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    CU_ASSERT_EQUAL(output_json_string(mem, "a\"b\\c/\n\r\t\b\f\x01\x1f\x7f"), 0);
    fputc(' ', mem);
    output_json_string(mem, "Eliëns Çelik 日本 😀");
    fputc(' ', mem);
    output_json_string(mem, "bad\xff\xc3(\xed\xa0\x80\xc0\xaf!"); /* invalid, surrogate, overlong */
    fputc(' ', mem);
    output_json_string(mem, NULL);
    fclose(mem);
    CU_ASSERT_STRING_EQUAL(buf, "\"a\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\" "
                                "\"Eliëns Çelik 日本 😀\" "
                                "\"bad\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd!\" "
                                "\"\"");
    free(buf);
}

static void test_sha256(void)
{
    char tmpl[] = "/tmp/sm-sha-XXXXXX";
    int fd = mkstemp(tmpl);
    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "abc", 3), 3);
    close(fd);
    char hex[65];
    CU_ASSERT_EQUAL(output_sha256_file(tmpl, hex), 0);
    CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    spit(tmpl, "");
    CU_ASSERT_EQUAL(output_sha256_file(tmpl, hex), 0);
    CU_ASSERT_STRING_EQUAL(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    unlink(tmpl);
    errno = 0;
    CU_ASSERT_EQUAL(output_sha256_file(tmpl, hex), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);
}

static void test_summary_txt(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.input_dir = "data/in\x01put";
    int rc = -1;
    char *got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    static const char *const want[] = {
        "stagematch 9.8.7: allocation summary\n",
        "input folder:             data/in?put\n",
        "seed:                     7\n",
        "time limit:               60.0 s\n",
        "solver:                   GLPK 5.0\n",
        "solver status:            optimal\n",
        "solver time:              1.25 s (whole run 2.50 s)\n",
        "model size:               120 variables, 34 constraints\n",
        "  planned:                5\n",
        "  placed:                 2\n",
        "  fully exempt:           1\n",
        "  unplaced:               2\n",
        "placements:               6 in letters.csv\n",
        "locked placements:        2 in total, 1 of planned trainees\n",
        "objective (total cost):   2012\n",
        "  trainee costs:          8\n",
        "  borrowed sites:         4\n",
        "  unplaced (1000 each):   2000\n",
        "  1st choice:             1\n",
        "  2nd choice:             1\n",
        "  3rd choice:             0\n",
        "B electives:              1 granted of 2 asked\n",
        "  region_1:               5\n",
        "  region_2:               1\n",
        "  elsewhere:              1\n",
        "warnings (1)\n  preferences.csv:4: column 'name': warning: odd name 'A\"B\\C'?x\n",
        "unplaced trainees (2)\n"
        "  T10 (Dirk): part-time 0.6 but every free SEH site has min_factor 0.75, \"see\" "
        "capacity.csv\n"
        "  T3 (@Cas): no GGZ capacity left in 2027-03; or 2027-06\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_contains(got, want[i], "summary.txt");
    CU_ASSERT_PTR_NULL(strstr(got, "an error is not a warning"));
    free(got);

    f.al.status = SOLVE_TIME_LIMIT;
    got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(got, "solver status:            stopped at the time limit: not proven optimal, gap "
                    "1.50% (bound 2000)\n"));
    free(got);
    f.al.status = SOLVE_FAILED;
    got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "solver status:            solver failed\n"));
    free(got);
    fx_release(&f);
}

static void test_summary_json(void)
{
    fx_t f;
    fx_build(&f);
    f.al.status = SOLVE_TIME_LIMIT;
    int rc = -1;
    char *got = render(output_summary_json, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    static const char *const want[] = {
        "{\n  \"command\": \"allocate\",\n  \"input_dir\": \"\",\n  \"policy\": \"sum\",\n"
        "  \"seed\": 7,\n  \"time_limit\": 60.0,\n  \"mip_gap\": 0.0,\n"
        "  \"status\": \"time_limit\",\n  \"objective\": 2012,\n  \"bound\": 2000,\n"
        "  \"gap\": 0.015,\n",
        "\"objective_parts\": {\"trainee_costs\": 8, \"borrowed\": 4, \"unplaced\": 2000},\n",
        "\"solver_seconds\": 1.25,\n",
        "\"total_seconds\": 2.5,\n",
        "\"counts\": {\"planned\": 5, \"placed\": 2, \"fully_exempt\": 1, \"unplaced\": 2, "
        "\"placements\": 6, \"locked_total\": 2, \"locked_planned\": 1},\n",
        "\"rank_profile\": {\"first\": 1, \"second\": 1, \"third\": 0, \"other\": 0, "
        "\"no_choice\": 0},\n",
        "\"electives\": {\"asked\": 2, \"granted\": 1},\n",
        "\"regions\": {\"region_1\": 5, \"region_2\": 1, \"region_3\": 0, \"elsewhere\": 1},\n",
        "\"versions\": {\"stagematch\": \"9.8.7\", \"solver\": \"GLPK 5.0\", \"libcsv\": \"",
        "\"inputs\": [],\n",
        "\"warnings\": [\n    \"preferences.csv:4: column 'name': warning: odd name "
        "'A\\\"B\\\\C'\\tx\"\n  ],\n",
        "\"unplaced\": [\n"
        "    {\"trainee_id\": \"T10\", \"reason\": \"part-time 0.6 but every free SEH site has "
        "min_factor 0.75, \\\"see\\\" capacity.csv\"},\n"
        "    {\"trainee_id\": \"T3\", \"reason\": \"no GGZ capacity left in 2027-03; or "
        "2027-06\"}\n  ]\n}\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_contains(got, want[i], "summary.json");
    /* no personal data beyond ids and reasons */
    CU_ASSERT_PTR_NULL(strstr(got, "Dirk"));
    CU_ASSERT_PTR_NULL(strstr(got, "anna@"));
    free(got);
    fx_release(&f);
}

/* a lottery publishes its drawn order: in summary.json as ids, in
 * summary.txt ten a line; other policies write neither */
static void test_summary_lottery_order(void)
{
    fx_t f;
    fx_build(&f);
    int rc = -1;
    char *got = render(output_summary_json, &f, &rc);
    CU_ASSERT_PTR_NULL(strstr(got, "lottery_order"));
    free(got);
    got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_PTR_NULL(strstr(got, "lottery order"));
    free(got);
    int order[12];
    for (int i = 0; i < 12; i++)
        order[i] = (i * 3 + 1) % f.in.ntr;
    f.al.order = order;
    f.al.norder = 12;
    char want[1024], *w = want;
    w += sprintf(w, "  \"seed\": 7,\n  \"lottery_order\": [");
    for (int i = 0; i < 12; i++)
        w += sprintf(w, "%s\"%s\"", i ? ", " : "", f.in.tr[order[i]].id);
    sprintf(w, "],\n  \"time_limit\"");
    got = render(output_summary_json, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_contains(got, want, "summary.json");
    free(got);
    w = want;
    w += sprintf(w, "lottery order:            ");
    for (int i = 0; i < 12; i++)
        w += sprintf(w, "%s%s", i == 10 ? "\n                          " : i ? " " : "",
                     f.in.tr[order[i]].id);
    sprintf(w, "\ntime limit:");
    got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_contains(got, want, "summary.txt");
    free(got);
    f.al.order = NULL; /* on the stack */
    fx_release(&f);
}

/* ------------------------------------------------------------ the folder */

static char base[64];
static char input[128];

static void cleanup_base(void)
{
    if (base[0])
        rm_rf(base);
    base[0] = '\0';
}

static void make_base(void)
{
    cleanup_base();   /* left over when a fatal assertion ended a test early */
    snprintf(base, sizeof base, "/tmp/sm-out-XXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(base));
    snprintf(input, sizeof input, "%s/in", base);
    CU_ASSERT_EQUAL_FATAL(mkdir(input, 0755), 0);
    char p[256];
    snprintf(p, sizeof p, "%s/preferences.csv", input);
    spit(p, "abc");
    snprintf(p, sizeof p, "%s/capacity.csv", input);
    spit(p, "");
}

static char *last_error(const diags_t *d)
{
    return d->n ? diag_format(&d->v[d->n - 1]) : NULL;
}

static void assert_error(const diags_t *d, const char *part)
{
    CU_ASSERT(d->nerr >= 1);
    char *msg = last_error(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, part));
    if (!strstr(msg, part))
        fprintf(stderr, "\nerror was: %s\n(expected '%s' in it)\n", msg, part);
    free(msg);
}

static void assert_listing(const char *dir, const char *want)
{
    char *got = listing(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got, want);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n%s holds '%s', expected '%s'\n", dir, got, want);
    free(got);
}

/* ------------------------------------------------------------ Dutch */

/* The reasons of plans.c and solve.c as they are worded, and in Dutch. */
static void test_reasons_nl(void)
{
    static const char *const pairs[][2] = {
        {"no complete plan was left within capacity",
         "binnen de capaciteit bleef geen volledig plan over"},
        {"no plan fits even with every place free: capacity.csv has no GYN site; no SEH site "
         "has capacity in every quarter from 2027-06 to 2027-09; part-time 0.60 but every KIN "
         "site with capacity in 2027-03 has a higher min_factor",
         "geen plan past, ook niet als alle plaatsen vrij zijn: capacity.csv heeft geen "
         "stageplaats voor GYN; geen stageplaats voor SEH heeft capaciteit in elk kwartaal van "
         "2027-06 t/m 2027-09; deeltijd 0.60 maar elke stageplaats voor KIN met capaciteit in "
         "2027-03 heeft een hogere min_factor"},
        {"no plan fits even with every place free: part-time 0.50 but every SEH site with "
         "capacity in every quarter from 2026-09 to 2026-12 has a higher min_factor; part-time "
         "0.50 but every CAR site has a higher min_factor; no GGZ site has capacity in 2027-03",
         "geen plan past, ook niet als alle plaatsen vrij zijn: deeltijd 0.50 maar elke "
         "stageplaats voor SEH met capaciteit in elk kwartaal van 2026-09 t/m 2026-12 heeft een "
         "hogere min_factor; deeltijd 0.50 maar elke stageplaats voor CAR heeft een hogere "
         "min_factor; geen stageplaats voor GGZ heeft capaciteit in 2027-03"},
        {"no capacity left for any plan of this trainee: full are SEH in 2026-09 to 2026-12, "
         "GGZ in 2027-03 and more (ask these fields' sites for an extra place, or check "
         "exemptions and min_factor)",
         "geen plaats meer voor een plan van deze aios: vol zijn SEH in 2026-09 t/m 2026-12, "
         "GGZ in 2027-03 en meer (vraag de stageplaatsen van deze onderdelen om een extra "
         "plaats, of controleer vrijstellingen en min_factor)"},
        {"no capacity left for any plan of this trainee: full are CCZ in 2027-06 (ask these "
         "fields' sites for an extra place, or check exemptions and min_factor)",
         "geen plaats meer voor een plan van deze aios: vol zijn CCZ in 2027-06 (vraag de "
         "stageplaatsen van deze onderdelen om een extra plaats, of controleer vrijstellingen "
         "en min_factor)"},
        {"not placed within the time limit (the allocation is not proven optimal; run again "
         "with a longer --time-limit)",
         "niet geplaatst binnen de tijdslimiet (de verdeling is niet bewezen optimaal; draai "
         "opnieuw met een langere --time-limit)"},
        {"no plan the rules allow: 13 planned outside weeks plus 13 weeks for each GGZ, CCZ or "
         "WO stage exceed the outside-hospital limit of 26 weeks (ask for a hospital B elective "
         "replacing GGZ or CCZ)",
         "geen plan dat de regels toestaan: 13 al geplande weken buiten ziekenhuis en praktijk "
         "plus 13 weken voor elke GGZ-, CCZ- of WO-stage gaan over de grens van 26 weken (vraag "
         "een keuzestage B in het ziekenhuis aan in plaats van GGZ of CCZ)"},
        {"no plan the rules allow contains the locked placement(s) in locked.csv (check their "
         "dates and site against the stage year and the site's min_factor)",
         "geen plan dat de regels toestaan bevat de vastgelegde stage(s) uit locked.csv "
         "(controleer hun data en stageplaats tegen het stagejaar en de min_factor van de "
         "stageplaats)"},
        {"no plan the rules allow contains the locked placement(s) in locked.csv (check their "
         "dates and site against the stage year)",
         "geen plan dat de regels toestaan bevat de vastgelegde stage(s) uit locked.csv "
         "(controleer hun data en stageplaats tegen het stagejaar)"},
        /* unknown wordings pass unchanged, also inside a known frame */
        {"something new", "something new"},
        {"no plan fits even with every place free: a new blocker",
         "geen plan past, ook niet als alle plaatsen vrij zijn: a new blocker"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *got = output_reason_nl(pairs[i][0]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(got);
        CU_ASSERT_STRING_EQUAL(got, pairs[i][1]);
        if (strcmp(got, pairs[i][1]) != 0)
            fprintf(stderr, "\n  got:  %s\n  want: %s\n", got, pairs[i][1]);
        free(got);
    }
}

/* Dutch is the default for the letters: headers, ja/nee, notes, reasons. */
static void test_letters_dutch(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.lang = LANG_DEFAULT;
    f.ri.delimiter = ';';
    f.ri.decimal_comma = 1;
    f.res[2].reason = (char *)"no complete plan was left within capacity";
    f.res[3].reason = (char *)"no plan fits even with every place free: no SEH site has capacity "
                              "in every quarter from 2027-06 to 2027-09";
    int rc = -1;
    char *got = render(output_letters, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "letters_nl.csv");
    free(got);
    got = render(output_unplaced, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "unplaced_nl.csv");
    free(got);
    /* --lang nl gives the same letters; --lang en the English ones */
    f.ri.lang = LANG_NL;
    got = render(output_letters, &f, &rc);
    char *want = slurp("fixtures_out/letters_nl.csv");
    CU_ASSERT(got && want && strcmp(got, want) == 0);
    free(got);
    free(want);
    f.ri.lang = LANG_EN;
    got = render(output_letters, &f, &rc);
    assert_same_as(got, "letters_semicolon.csv");
    free(got);
    /* summary.txt: English unless --lang nl */
    f.ri.lang = LANG_DEFAULT;
    got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "stagematch 9.8.7: allocation summary\n"));
    free(got);
    fx_release(&f);
}

static void test_summary_txt_dutch(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.lang = LANG_NL;
    f.ri.input_dir = "data/in";
    f.res[2].reason = (char *)"no complete plan was left within capacity";
    int rc = -1;
    char *got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "summary_nl.txt");
    free(got);
    f.al.status = SOLVE_TIME_LIMIT;
    got = render(output_summary_txt, &f, &rc);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(got, "solverstatus:             gestopt bij de tijdslimiet: niet bewezen "
                    "optimaal, gap 1,50% (ondergrens 2000)\n"));
    free(got);
    fx_release(&f);
}

/* brieven.csv: one row per planned trainee (T9 of the other cohort not),
 * placements side by side up to the longest plan (3), unplaced and exempt
 * trainees with empty stage columns. */
static void test_brieven(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.lang = LANG_DEFAULT;
    f.res[2].reason = (char *)"no complete plan was left within capacity";
    int rc = -1;
    char *got = render(output_brieven, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "brieven_nl.csv");
    free(got);
    f.ri.lang = LANG_EN;
    f.ri.delimiter = ';';
    f.ri.decimal_comma = 1;
    got = render(output_brieven, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    assert_same_as(got, "brieven_en_semicolon.csv");
    free(got);
    /* through the out_file_t interface of run_info_t.extra */
    output_ctx_t ctx = {&f.in, &f.al, &f.ri};
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    CU_ASSERT_EQUAL(output_brieven_file(mem, &ctx), 0);
    fclose(mem);
    char *want = slurp("fixtures_out/brieven_en_semicolon.csv");
    CU_ASSERT(buf && want && strcmp(buf, want) == 0);
    free(buf);
    free(want);
    /* nobody placed: still one set of stage columns */
    f.al.npl = 0;
    got = render(output_brieven, &f, &rc);
    CU_ASSERT_EQUAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(got, ";stages;stage_1_traject;stage_1_field;"));
    CU_ASSERT_PTR_NULL(strstr(got, "stage_2_"));
    CU_ASSERT_PTR_NOT_NULL(strstr(got, "\nT1;Anna de Vries;anna@example.nl;1,0;4;placed;;0;;;;;;;;;;;;\n"));
    free(got);
    fx_release(&f);
}

/* Excel round trip: what the writer writes, the tool's own reader reads back
 * cell for cell (BOM, ';', quotes, a line break and a quote in a cell). */
static void test_round_trip(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.lang = LANG_DEFAULT;
    f.ri.delimiter = ';';
    f.ri.decimal_comma = 1;
    f.tr[1].name = (char *)"Sanne Eli\xC3\xABns; \"Zus\"";
    int rc = -1;
    char *got = render(output_letters, &f, &rc);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    csvfile_t cf;
    memset(&cf, 0, sizeof cf);
    diags_t d;
    diags_init(&d);
    csvfile_opts_t o = {0};
    CU_ASSERT_EQUAL_FATAL(csvfile_parse(&cf, "letters.csv", got, strlen(got), &o, &d), 0);
    CU_ASSERT_EQUAL(d.n, 0);
    CU_ASSERT_EQUAL(cf.encoding, CSVFILE_UTF8_BOM);
    CU_ASSERT_EQUAL(cf.delimiter, ';');
    CU_ASSERT_EQUAL(cf.complete, 1);
    CU_ASSERT_EQUAL_FATAL(cf.ncol, 17);
    CU_ASSERT_STRING_EQUAL(cf.col[0], "aios_id");
    CU_ASSERT_STRING_EQUAL(cf.col[16], "opmerkingen");
    CU_ASSERT_EQUAL_FATAL(cf.nrow, 6);
    const csv_row_t *r = &cf.row[0];
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 0), "T1");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 1), "Sanne Eli\xC3\xABns; \"Zus\"");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 6), "Spoed \"OLVG\"");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 7), "OLVG; Oost");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 9), "'=1+1"); /* neutralised, read as text */
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 12), "25,9");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 13), "1,0");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 15), "nee");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 16), "STARtclass bij de start");
    r = &cf.row[1];
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 6), "Arkin\nWest");
    CU_ASSERT_EQUAL(r->line, 3);
    CU_ASSERT_EQUAL(cf.row[2].line, 5); /* the record on line 3 spans two lines */
    r = &cf.row[5];
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 0), "T2");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 13), "0,75");
    CU_ASSERT_STRING_EQUAL(csvfile_cell(r, 16),
                           "STARtclass bij de start / deeltijdverlenging 9 weken na het "
                           "stagejaar / loopt door na de planningshorizon: bevestigen met de "
                           "stageplaats");
    csvfile_release(&cf);
    diags_release(&d);
    free(got);
    fx_release(&f);
}

static void test_write_folder(void)
{
    make_base();
    fx_t f;
    fx_build(&f);
    f.ri.input_dir = input;
    diags_t d;
    diags_init(&d);
    char out[256], p[320];
    snprintf(out, sizeof out, "%s/out/", base);   /* a trailing slash is fine */
    CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), 0);
    CU_ASSERT_EQUAL(d.n, 0);
    assert_listing(base, "in out");
    snprintf(out, sizeof out, "%s/out", base);
    assert_listing(out, "letters.csv summary.json summary.txt unplaced.csv");
    struct stat st;
    CU_ASSERT_EQUAL(stat(out, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
    static const char *const files[] = {"letters.csv", "unplaced.csv", "summary.txt",
                                        "summary.json"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", out, files[i]);
        CU_ASSERT_EQUAL(stat(p, &st), 0);
        CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);
    }
    snprintf(p, sizeof p, "%s/letters.csv", out);
    char *got = slurp(p);
    assert_same_as(got, "letters_comma.csv");
    free(got);
    snprintf(p, sizeof p, "%s/unplaced.csv", out);
    got = slurp(p);
    assert_same_as(got, "unplaced_comma.csv");
    free(got);
    snprintf(p, sizeof p, "%s/summary.json", out);
    got = slurp(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(
        got, "\"inputs\": [\n    {\"file\": \"preferences.csv\", \"sha256\": "
             "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"},\n"
             "    {\"file\": \"capacity.csv\", \"sha256\": "
             "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}\n  ],\n"));
    free(got);

    /* it exists now: refused without --force, nothing touched */
    snprintf(p, sizeof p, "%s/letters.csv", out);
    spit(p, "old\n");
    CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "output folder '");
    assert_error(&d, "/out' already exists (use --force to replace it)");
    got = slurp(p);
    CU_ASSERT_STRING_EQUAL(got, "old\n");
    free(got);
    assert_listing(base, "in out");

    /* with --force it is replaced, and the old one is gone */
    diags_release(&d);
    diags_init(&d);
    CU_ASSERT_EQUAL(output_write(out, 1, &f.in, &f.al, &f.ri, &d), 0);
    CU_ASSERT_EQUAL(d.n, 0);
    got = slurp(p);
    assert_same_as(got, "letters_comma.csv");
    free(got);
    assert_listing(base, "in out");
    assert_listing(out, "letters.csv summary.json summary.txt unplaced.csv");

    /* --force on an empty folder */
    snprintf(p, sizeof p, "%s/empty", base);
    CU_ASSERT_EQUAL(mkdir(p, 0755), 0);
    CU_ASSERT_EQUAL(output_write(p, 1, &f.in, &f.al, &f.ri, &d), 0);
    assert_listing(p, "letters.csv summary.json summary.txt unplaced.csv");
    CU_ASSERT_EQUAL(stat(p, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
    assert_listing(base, "empty in out");
    CU_ASSERT_EQUAL(d.n, 0);

    diags_release(&d);
    fx_release(&f);
}

static void test_force_refuses_foreign(void)
{
    make_base();
    fx_t f;
    fx_build(&f);
    f.ri.input_dir = input;
    diags_t d;
    diags_init(&d);
    char out[256], p[320];
    snprintf(out, sizeof out, "%s/docs", base);
    CU_ASSERT_EQUAL(mkdir(out, 0755), 0);
    snprintf(p, sizeof p, "%s/letters.csv", out);
    spit(p, "old\n");
    snprintf(p, sizeof p, "%s/thesis.docx", out);
    spit(p, "precious\n");
    CU_ASSERT_EQUAL(output_write(out, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "/docs' holds 'thesis.docx', which stagematch does not write: not "
                     "replacing it");
    assert_listing(out, "letters.csv thesis.docx");
    assert_listing(base, "docs in");

    /* a subfolder is foreign too */
    CU_ASSERT_EQUAL(unlink(p), 0);
    snprintf(p, sizeof p, "%s/sub", out);
    CU_ASSERT_EQUAL(mkdir(p, 0755), 0);
    CU_ASSERT_EQUAL(output_write(out, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "holds 'sub'");

    /* a file where the folder should be */
    snprintf(p, sizeof p, "%s/file", base);
    spit(p, "x");
    CU_ASSERT_EQUAL(output_write(p, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "/file' exists and is not a folder: not replacing it");
    CU_ASSERT_EQUAL(output_write(p, 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "/file' already exists (use --force to replace it)");
    assert_listing(base, "docs file in");
    diags_release(&d);
    fx_release(&f);
}

/* HTML letters: exact bytes for a placed part-timer with a locked and an
 * escaped cell (Dutch), an unplaced trainee (English) and a fully exempt
 * one; fixtures_out/letter_*.html. */
static void test_html_letter(void)
{
    fx_t f;
    fx_build(&f);
    f.ri.lang = LANG_DEFAULT;
    f.res[3].reason = (char *)"no complete plan was left within capacity";
    int rc = -1;
    struct {
        int t;
        lang_t lang;
        const char *fixture;
    } cases[] = {{0, LANG_DEFAULT, "letter_T2_nl.html"},
                 {1, LANG_EN, "letter_T1_en.html"},
                 {3, LANG_NL, "letter_T10_nl.html"},
                 {2, LANG_EN, "letter_T3_en.html"},
                 {4, LANG_DEFAULT, "letter_T4_nl.html"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f.ri.lang = cases[i].lang;
        char *buf = NULL;
        size_t n = 0;
        FILE *mem = open_memstream(&buf, &n);
        rc = output_html_letter(mem, &f.in, &f.al, &f.ri, cases[i].t);
        fclose(mem);
        CU_ASSERT_EQUAL(rc, 0);
        assert_same_as(buf, cases[i].fixture);
        free(buf);
    }
    /* an index out of range is refused */
    FILE *null = fopen("/dev/null", "w");
    CU_ASSERT_EQUAL(output_html_letter(null, &f.in, &f.al, &f.ri, 6), -1);
    CU_ASSERT_EQUAL(output_html_letter(null, &f.in, &f.al, &f.ri, -1), -1);
    fclose(null);
    fx_release(&f);
}

/* --html-letters through the folder writer: the subfolder brieven/ (0700)
 * with one file (0600) per planned trainee; --force replaces such a folder
 * but not one with anything else in brieven/; names outside the known
 * subfolder are refused and leave nothing behind. */
static void test_html_folder(void)
{
    make_base();
    fx_t f;
    fx_build(&f);
    f.ri.input_dir = input;
    output_ctx_t ctx = {&f.in, &f.al, &f.ri};
    output_html_letters_t h;
    CU_ASSERT_EQUAL_FATAL(output_html_letters_build(&h, &ctx), 0);
    CU_ASSERT_EQUAL(h.n, 5); /* T9 of the other cohort gets no letter */
    CU_ASSERT_STRING_EQUAL(h.files[0].name, "brieven/T2.html");
    f.ri.extra = h.files;
    f.ri.nextra = h.n;
    diags_t d;
    diags_init(&d);
    char out[256], p[320];
    snprintf(out, sizeof out, "%s/out", base);
    CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), 0);
    CU_ASSERT_EQUAL(d.n, 0);
    assert_listing(out, "brieven letters.csv summary.json summary.txt unplaced.csv");
    snprintf(p, sizeof p, "%s/brieven", out);
    assert_listing(p, "T1.html T10.html T2.html T3.html T4.html");
    struct stat st;
    CU_ASSERT_EQUAL(stat(p, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0700);
    snprintf(p, sizeof p, "%s/brieven/T10.html", out);
    CU_ASSERT_EQUAL(stat(p, &st), 0);
    CU_ASSERT_EQUAL(st.st_mode & 07777, 0600);

    /* --force replaces an output with brieven/, also by one without */
    CU_ASSERT_EQUAL(output_write(out, 1, &f.in, &f.al, &f.ri, &d), 0);
    f.ri.nextra = 0;
    CU_ASSERT_EQUAL(output_write(out, 1, &f.in, &f.al, &f.ri, &d), 0);
    assert_listing(out, "letters.csv summary.json summary.txt unplaced.csv");
    CU_ASSERT_EQUAL(d.n, 0);
    /* ... but not when brieven/ holds something else */
    snprintf(p, sizeof p, "%s/brieven", out);
    CU_ASSERT_EQUAL(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/brieven/notes.txt", out);
    spit(p, "mine\n");
    CU_ASSERT_EQUAL(output_write(out, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "/out' holds 'brieven/notes.txt', which stagematch does not write");
    assert_listing(base, "in out");

    /* file names other than brieven/NAME.html are refused: nothing written */
    static const char *const bad[] = {"other/T1.html", "brieven/T1.txt", "brieven/../x.html",
                                      "brieven/a/b.html", "brieven/"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out_file_t one = h.files[0];
        one.name = bad[i];
        f.ri.extra = &one;
        f.ri.nextra = 1;
        snprintf(out, sizeof out, "%s/new", base);
        CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), -1);
        assert_listing(base, "in out");
    }
    output_html_letters_release(&h);
    output_html_letters_release(&h); /* twice is harmless */
    diags_release(&d);
    fx_release(&f);
}

static void test_refuse_input_folder(void)
{
    make_base();
    fx_t f;
    fx_build(&f);
    f.ri.input_dir = input;
    diags_t d;
    diags_init(&d);
    char p[320];
    CU_ASSERT_EQUAL(output_write(input, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "is the input folder '");
    snprintf(p, sizeof p, "%s/in/../in/", base);
    CU_ASSERT_EQUAL(output_write(p, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "is the input folder '");
    snprintf(p, sizeof p, "%s/in/results", base);
    CU_ASSERT_EQUAL(output_write(p, 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "/in/results' is the input folder '");
    assert_error(&d, "' or inside it (choose a folder outside the input folder)");
    /* the input folder inside the output folder: --force would delete it */
    CU_ASSERT_EQUAL(output_write(base, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "contains the input folder");
    /* a symbolic link to the input folder's parent does not fool it */
    snprintf(p, sizeof p, "%s/link", base);
    CU_ASSERT_EQUAL(symlink(base, p), 0);
    snprintf(p, sizeof p, "%s/link/in", base);
    CU_ASSERT_EQUAL(output_write(p, 1, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "is the input folder");
    assert_listing(base, "in link");
    assert_listing(input, "capacity.csv preferences.csv");
    diags_release(&d);
    fx_release(&f);
}

static void test_failures_leave_nothing(void)
{
    make_base();
    fx_t f;
    fx_build(&f);
    f.ri.input_dir = input;
    diags_t d;
    diags_init(&d);
    char out[256];

    /* the parent is not a folder */
    CU_ASSERT_EQUAL(output_write("/dev/null/x", 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "cannot create output folder '/dev/null/x': Not a directory");
    snprintf(out, sizeof out, "%s/no/such/out", base);
    CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "No such file or directory");
    CU_ASSERT_EQUAL(output_write(".", 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "does not name a new folder");
    CU_ASSERT_EQUAL(output_write("", 0, &f.in, &f.al, &f.ri, &d), -1);

    /* a write fails half-way (the file-size limit stands in for a full
     * disk, and works for root too): no temporary folder is left */
    snprintf(out, sizeof out, "%s/out", base);
    struct rlimit old;
    CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = old;
    lim.rlim_cur = 200;
    CU_ASSERT_EQUAL_FATAL(setrlimit(RLIMIT_FSIZE, &lim), 0);
    int rc = output_write(out, 0, &f.in, &f.al, &f.ri, &d);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    CU_ASSERT_EQUAL(rc, -1);
    assert_error(&d, "/out/letters.csv': File too large");
    assert_listing(base, "in");

    /* the same with an old folder and --force: the old one stays as it was */
    CU_ASSERT_EQUAL(mkdir(out, 0755), 0);
    char p[320];
    snprintf(p, sizeof p, "%s/letters.csv", out);
    spit(p, "old\n");
    CU_ASSERT_EQUAL_FATAL(setrlimit(RLIMIT_FSIZE, &lim), 0);
    prev = signal(SIGXFSZ, SIG_IGN);
    rc = output_write(out, 1, &f.in, &f.al, &f.ri, &d);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    CU_ASSERT_EQUAL(rc, -1);
    assert_listing(base, "in out");
    assert_listing(out, "letters.csv");
    char *got = slurp(p);
    CU_ASSERT_STRING_EQUAL(got, "old\n");
    free(got);
    rm_rf(out);

    /* interrupted before the move */
    volatile int cancel = 1;
    f.ri.cancel = &cancel;
    CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "interrupted");
    assert_listing(base, "in");
    f.ri.cancel = NULL;

    /* an input file that cannot be read for its checksum */
    char in2[320];
    snprintf(in2, sizeof in2, "%s/in/locked.csv", base);
    CU_ASSERT_EQUAL(mkdir(in2, 0755), 0);   /* a folder: read() fails with EISDIR */
    CU_ASSERT_EQUAL(output_write(out, 0, &f.in, &f.al, &f.ri, &d), -1);
    assert_error(&d, "/locked.csv' for its checksum: Is a directory");
    assert_listing(base, "in");
    diags_release(&d);
    fx_release(&f);
}

static void test_write_folder_c(void) { test_write_folder(); cleanup_base(); }
static void test_force_c(void) { test_force_refuses_foreign(); cleanup_base(); }
static void test_input_c(void) { test_refuse_input_folder(); cleanup_base(); }
static void test_fail_c(void) { test_failures_leave_nothing(); cleanup_base(); }
static void test_html_folder_c(void) { test_html_folder(); cleanup_base(); }

int suite_output(void); /* called by run.c */
int suite_output(void)
{
    CU_pSuite s = CU_add_suite("output", NULL, NULL);
    if (!s || !CU_add_test(s, "csv cells: quoting and formulas", test_cells) ||
        !CU_add_test(s, "csv writer rows and close", test_writer_rows) ||
        !CU_add_test(s, "letters.csv with ','", test_letters_comma) ||
        !CU_add_test(s, "letters.csv with ';' and decimal comma", test_letters_semicolon) ||
        !CU_add_test(s, "unplaced.csv", test_unplaced) ||
        !CU_add_test(s, "unplaced reasons in Dutch", test_reasons_nl) ||
        !CU_add_test(s, "Dutch letters", test_letters_dutch) ||
        !CU_add_test(s, "summary.txt in Dutch", test_summary_txt_dutch) ||
        !CU_add_test(s, "Excel round trip", test_round_trip) ||
        !CU_add_test(s, "brieven.csv (mail merge)", test_brieven) ||
        !CU_add_test(s, "HTML letters", test_html_letter) ||
        !CU_add_test(s, "HTML letters in brieven/", test_html_folder_c) ||
        !CU_add_test(s, "inconsistent allocation", test_bad_allocation) ||
        !CU_add_test(s, "json strings", test_json_string) ||
        !CU_add_test(s, "sha-256", test_sha256) ||
        !CU_add_test(s, "summary.txt", test_summary_txt) ||
        !CU_add_test(s, "summary.json", test_summary_json) ||
        !CU_add_test(s, "summary: the lottery order", test_summary_lottery_order) ||
        !CU_add_test(s, "output folder, refusal, --force", test_write_folder_c) ||
        !CU_add_test(s, "--force refuses a foreign folder", test_force_c) ||
        !CU_add_test(s, "refuses the input folder", test_input_c) ||
        !CU_add_test(s, "failures leave nothing behind", test_fail_c))
        return -1;
    return 0;
}
