/* test_load.c - io/load: fixture folders read field by field, and the exact
 * diagnostics for invalid ones (tests/unit/fixtures/) */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>

#include "../../io/load.h"
#include "../../models/calendar.h"

static const char *const want_valid[] = {
    "preferences.csv:2: column 'b_elective_replaces': warning: trainee T01 is exempted from "
    "GGZ, so the elective REU replacing GGZ is ignored (an exemption already shortens "
    "traject B)",
    "preferences.csv:3: column 'a_choice_2': warning: trainee T02 has a 3-month A exemption, "
    "so SEH+INT is ignored (expected CAR, NEU or ORT: traject A is one quarter)",
    "preferences.csv:3: column 'a_choice_3': warning: trainee T02 has a 3-month A exemption, "
    "so SEH is ignored (expected CAR, NEU or ORT: traject A is one quarter)",
    "preferences.csv:5: column 'a_choice_1': warning: trainee T03 has no A exemption, so NEU "
    "is ignored (expected SEH or SEH+X: a single NEU quarter is only for a 3-month A "
    "exemption)",
    "capacity.csv:3: column '2026-12': warning: locked.csv already places 2 aiossen at "
    "'SEH-B' in 2026-12, but its capacity there is 0 (expected locked placements within "
    "the capacity letter: check this cell and locked.csv)",
    "regions.csv:3: column 'region_1': warning: no site in capacity.csv is in region "
    "'Utrecht' (expected a region of capacity.csv: Amsterdam, Kennemerland; the wish "
    "still counts as region_1)",
};

static const char *const want_bad_values[] = {
    "preferences.csv:2: column 'stage_start': '2026-07' is not a quarter: quarters start "
    "in March, June, September and December (expected YYYY-MM with the month 03, 06, 09 "
    "or 12, e.g. 2026-09)",
    "preferences.csv:2: column 'a_choice_1': unknown plan 'SEH+XYZ' (expected SEH, "
    "SEH+INT, SEH+KIN, SEH+GYN, SEH+CAR, SEH+NEU, SEH+ORT, or for a 3-month A exemption "
    "CAR, NEU or ORT; Dutch field names such as spoedeisende hulp + cardiologie too)",
    "preferences.csv:2: column 'b_elective': six-week electives are not supported yet "
    "(expected CAR, NEU, ORT, REU or WO, or in Dutch cardiologie, neurologie, orthopedie, "
    "reumatologie or wetenschappelijk onderzoek)",
    "preferences.csv:2: column 'b_elective_priority': 7 is out of range (expected the "
    "motivation score: a whole number from 0 to 3)",
    "preferences.csv:2: column 'a_period': '2026-13' is not a quarter (expected YYYY-MM "
    "with the month 03, 06, 09 or 12, e.g. 2026-09)",
    "preferences.csv:2: column 'site_1': unknown site 'NOPE' (expected a site_id of "
    "capacity.csv)",
    "preferences.csv:2: column 'outside_weeks_planned': -3 is out of range (expected "
    "weeks outside hospital and GP practice: a whole number from 0 to 200)",
    "preferences.csv:3: column 'b_elective_replaces': 'CCZ' is given but b_elective is "
    "empty (expected it blank unless b_elective names an elective)",
    "preferences.csv:4: column 'trainee_id': duplicate trainee_id 'T01': also on line 2 "
    "(expected one row per trainee)",
    "preferences.csv:4: column 'b_elective': GGZ is not a B elective (expected CAR, NEU, "
    "ORT, REU or WO, or in Dutch cardiologie, neurologie, orthopedie, reumatologie or "
    "wetenschappelijk onderzoek)",
    "preferences.csv:4: column 'b_elective_replaces': the cell is empty, but b_elective "
    "is 'GGZ' (expected GGZ or CCZ: the field the elective replaces)",
    "preferences.csv:5: column 'trainee_id': the cell is empty (expected a trainee id: 1 "
    "to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-')",
    "preferences.csv:5: column 'stage_start': the cell is empty (expected a quarter "
    "YYYY-MM with the month 03, 06, 09 or 12, e.g. 2026-09)",
    "capacity.csv:2: column 'min_factor': 0.4 is out of range (expected a factor from "
    "0.5 to 1.0, e.g. 0.8, 0,8 or 80%)",
    "capacity.csv:2: column 'borrowed': 'maybe' is not yes or no (expected yes/no, "
    "ja/nee, y/n, j, true/false, waar/onwaar or 1/0; blank means no)",
    "capacity.csv:2: column '2026-12': -1 is out of range (expected the number of places "
    "in the quarter: a whole number from 0 to 1000; blank means 0)",
    "capacity.csv:2: column '2027-03': 'x' is not a whole number (expected the number of "
    "places in the quarter: a whole number from 0 to 1000; blank means 0)",
    "capacity.csv:2: column '2027-06': 1001 is out of range (expected the number of "
    "places in the quarter: a whole number from 0 to 1000; blank means 0)",
    "capacity.csv:2: column '2026-09': warning: locked.csv already places 3 aiossen at "
    "'SEH-A' in 2026-09, but its capacity there is 2 (expected locked placements within "
    "the capacity letter: check this cell and locked.csv)",
    "capacity.csv:2: column '2026-12': warning: locked.csv already places 2 aiossen at "
    "'SEH-A' in 2026-12, but its capacity there is 0 (expected locked placements within "
    "the capacity letter: check this cell and locked.csv)",
    "capacity.csv:2: column '2027-03': warning: locked.csv already places 1 aios at "
    "'SEH-A' in 2027-03, but its capacity there is 0 (expected locked placements within "
    "the capacity letter: check this cell and locked.csv)",
    "capacity.csv:3: column 'site_id': duplicate site_id 'SEH-A': also on line 2 "
    "(expected each site once)",
    "capacity.csv:4: column 'site_id': 'GGZ A' holds ' ', which an id may not (expected "
    "a site id of 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-')",
    "capacity.csv:4: column 'name': the cell is empty (expected the site's name)",
    "capacity.csv:4: column 'field': unknown field 'XYZ' (expected SEH, INT, KIN, GYN, "
    "CAR, NEU, ORT, REU, GGZ, CCZ or WO, or in Dutch spoedeisende hulp, interne "
    "geneeskunde, kindergeneeskunde, gynaecologie, cardiologie, neurologie, orthopedie, "
    "reumatologie, psychiatrie, verpleeghuis or wetenschappelijk onderzoek)",
    "capacity.csv:4: column 'region': the cell is empty (expected the site's region, "
    "e.g. Amsterdam)",
    "exemptions.csv:2: column 'months': 4 months is not an exemption (expected 3, or 6 "
    "for SEH)",
    "exemptions.csv:3: column 'months': 6 months of GGZ exemption is not possible "
    "(expected 3: only SEH can be exempted for 6 months)",
    "exemptions.csv:4: column 'field': no exemption exists for CAR (expected SEH, INT, "
    "KIN, GYN, GGZ or CCZ, or in Dutch spoedeisende hulp, interne geneeskunde, "
    "kindergeneeskunde, gynaecologie, psychiatrie or verpleeghuis)",
    "exemptions.csv:6: column 'field': a second SEH exemption for 'T02': also on line 5 "
    "(expected one row per trainee and field)",
    "exemptions.csv:8: column 'months': trainee T02 would have 9 months of A exemption in all "
    "(SEH, INT, KIN and GYN together) (expected at most 6)",
    "parttime.csv:2: column 'factor': 0,4 is out of range (expected a factor from 0.5 to "
    "1.0, e.g. 0.8, 0,8 or 80%)",
    "parttime.csv:3: column 'trainee_id': a second row for 'T02': also on line 2 "
    "(expected one row per trainee)",
    "parttime.csv:4: column 'factor': '0.8125' has too many decimals (expected at most 3 "
    "decimals, or 1 in a percentage, e.g. 0.875 or 87,5%)",
    "locked.csv:2: column 'start_date': '31-02-2027' is not a valid date (expected "
    "YYYY-MM-DD or DD-MM-YYYY, e.g. 2026-09-01)",
    "locked.csv:3: column 'site_id': unknown site 'NOPE' (expected a site_id of "
    "capacity.csv)",
    "locked.csv:3: column 'end_date': end date 2026-08-31 is before start date "
    "2026-09-01 (expected end_date on or after start_date)",
    "locked.csv:5: column 'start_date': trainee L2 is placed 2026-11-01 .. 2027-02-28, "
    "overlapping the placement on line 4 (2026-09-01 .. 2026-11-30) (expected one "
    "placement at a time)",
};

static const char *const want_bad_refs[] = {
    "exemption.csv: warning: this file is ignored: its name is not one stagematch reads "
    "(expected the exact name exemptions.csv, if it is meant as input)",
    "preferences.csv:3: column 'stage_start': stage year 2027-03 .. 2027-12 runs past "
    "the last quarter in capacity.csv (2027-09) (expected a stage_start from 2026-09 to "
    "2026-12 for a stage year of 4 quarters)",
    "preferences.csv:4: column 'stage_start': stage year 2026-06 .. 2027-03 starts "
    "before the first quarter in capacity.csv (2026-09) (expected a stage_start from "
    "2026-09 to 2026-12 for a stage year of 4 quarters)",
    "parttime.csv:2: column 'trainee_id': unknown trainee 'T09': neither in "
    "preferences.csv nor in locked.csv (expected the trainee_id of a preference form, or "
    "of a locked placement)",
    "regions.csv:3: column 'trainee_id': unknown trainee 'T08': neither in "
    "preferences.csv nor in locked.csv (expected the trainee_id of a preference form, or "
    "of a locked placement)",
};

static const char *const want_missing[] = {
    "preferences.csv: cannot open: No such file or directory (every input folder needs "
    "preferences.csv and capacity.csv)",
    "capacity.csv: no data rows (expected one row per site below the header line)",
    "capacity.csv:1: column '2026-07': '2026-07' is not a quarter: quarters start in "
    "March, June, September and December (expected a quarter column headed YYYY-MM with "
    "the month 03, 06, 09 or 12, e.g. 2026-09)",
    "capacity.csv:1: quarters 2026-12 to 2027-03 are missing between 2026-09 and 2027-06 "
    "(expected a column for every quarter from 2026-09 to 2027-06)",
};

static int qlabel(const char *s)
{
    int q = -1;
    quarter_parse(s, &q);
    return q;
}

static int dlabel(const char *s)
{
    int d = -1;
    date_parse(s, &d);
    return d;
}

/* Load a fixture folder and compare every diagnostic with want[0..n-1]. */
static int load_check(const char *dir, instance_t *in, const char *const *want, int n,
                      int *nerr)
{
    diags_t d;
    diags_init(&d);
    memset(in, 0, sizeof *in);
    load_opts_t o = {0};
    int rc = load_instance(dir, &o, in, &d);
    CU_ASSERT_EQUAL(d.n, n);
    for (int i = 0; i < d.n; i++) {
        char *s = diag_format(&d.v[i]);
        if (i < n) {
            CU_ASSERT_STRING_EQUAL(s, want[i]);
            if (strcmp(s, want[i]) != 0)
                fprintf(stderr, "\n  got:  %s\n  want: %s\n", s, want[i]);
        } else
            fprintf(stderr, "\n  extra: %s\n", s);
        free(s);
    }
    *nerr = d.nerr;
    diags_release(&d);
    return rc;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void test_valid(void)
{
    instance_t in;
    int nerr;
    CU_ASSERT_EQUAL(load_check("fixtures/valid", &in, want_valid, N(want_valid), &nerr), 0);
    CU_ASSERT_EQUAL(nerr, 0);
    CU_ASSERT_EQUAL(in.q_first, qlabel("2026-09"));
    CU_ASSERT_EQUAL(in.nq, 4);
    CU_ASSERT_EQUAL(in.delimiter, ',');
    CU_ASSERT_EQUAL(in.decimal_comma, 0);
    /* regions: capacity.csv's in order of first appearance, then regions.csv's */
    CU_ASSERT_EQUAL_FATAL(in.nregion, 3);
    CU_ASSERT_STRING_EQUAL(in.region[0], "Amsterdam");
    CU_ASSERT_STRING_EQUAL(in.region[1], "Kennemerland");
    CU_ASSERT_STRING_EQUAL(in.region[2], "Utrecht");

    CU_ASSERT_EQUAL_FATAL(in.nsite, 6);
    const site_t *s = &in.site[0];
    CU_ASSERT_STRING_EQUAL(s->id, "SEH-A");
    CU_ASSERT_STRING_EQUAL(s->name, "SEH Alpha");
    CU_ASSERT_STRING_EQUAL(s->institution, "Ziekenhuis A");
    CU_ASSERT_STRING_EQUAL(s->subtype, "");
    CU_ASSERT_STRING_EQUAL(s->supervisor, "dr. A");
    CU_ASSERT_STRING_EQUAL(s->region_name, "Amsterdam");
    CU_ASSERT_EQUAL(s->field, F_SEH);
    CU_ASSERT_EQUAL(s->region, 0);
    CU_ASSERT_EQUAL(s->min_factor_pm, 500);
    CU_ASSERT_EQUAL(s->borrowed, 0);
    CU_ASSERT_EQUAL(s->line, 2);
    for (int q = 0; q < 4; q++)
        CU_ASSERT_EQUAL(s->cap[q], 2);
    s = &in.site[1];
    CU_ASSERT_STRING_EQUAL(s->id, "SEH-B");
    CU_ASSERT_EQUAL(s->field, F_SEH); /* "seh" */
    CU_ASSERT_EQUAL(s->region, 1);
    CU_ASSERT_EQUAL(s->min_factor_pm, 750);
    CU_ASSERT_EQUAL(s->borrowed, 1);
    CU_ASSERT_EQUAL(s->cap[0], 1);
    CU_ASSERT_EQUAL(s->cap[1], 0); /* blank */
    CU_ASSERT_EQUAL(s->cap[2], 1);
    CU_ASSERT_EQUAL(instance_cap(&in, 1, qlabel("2026-12")), 0);
    CU_ASSERT_EQUAL(instance_cap(&in, 1, qlabel("2027-09")), -1);
    s = &in.site[2];
    CU_ASSERT_EQUAL(s->field, F_INT);
    CU_ASSERT_EQUAL(s->region, 0); /* "amsterdam" */
    CU_ASSERT_STRING_EQUAL(s->region_name, "Amsterdam");
    CU_ASSERT_STRING_EQUAL(s->supervisor, "");
    s = &in.site[3];
    CU_ASSERT_EQUAL(s->field, F_CAR);
    CU_ASSERT_EQUAL(s->min_factor_pm, 800); /* 80% */
    CU_ASSERT_EQUAL(s->borrowed, 1);        /* ja */
    s = &in.site[4];
    CU_ASSERT_EQUAL(s->field, F_GGZ);
    CU_ASSERT_STRING_EQUAL(s->subtype, "crisis");
    CU_ASSERT_EQUAL(s->borrowed, 0); /* nee */
    s = &in.site[5];
    CU_ASSERT_STRING_EQUAL(s->id, "CCZ-B");
    CU_ASSERT_STRING_EQUAL(s->name, "Verpleeghuis \"De Linde\", Haarlem");
    CU_ASSERT_EQUAL(s->field, F_CCZ);
    CU_ASSERT_STRING_EQUAL(s->subtype, "revalidatie");
    CU_ASSERT_EQUAL(s->borrowed, 0);

    CU_ASSERT_EQUAL_FATAL(in.ntr, 3);
    const trainee_t *t = &in.tr[0];
    CU_ASSERT_STRING_EQUAL(t->id, "T01");
    CU_ASSERT_STRING_EQUAL(t->name, "Sanne Eli\xC3\xABns");
    CU_ASSERT_STRING_EQUAL(t->email, "sanne@example.nl");
    CU_ASSERT_EQUAL(t->line, 2);
    CU_ASSERT_EQUAL(t->planned, 1);
    CU_ASSERT_EQUAL(t->stage_start, qlabel("2026-09"));
    CU_ASSERT_EQUAL(t->a_choice[0], PLAN_SEH);
    CU_ASSERT_EQUAL(t->a_choice[1], PLAN_SEH_X(F_INT));
    CU_ASSERT_EQUAL(t->a_choice[2], PLAN_NONE);
    CU_ASSERT_EQUAL(t->b_elective, FIELD_NONE); /* REU replacing exempted GGZ: ignored */
    CU_ASSERT_EQUAL(t->b_replaces, FIELD_NONE);
    CU_ASSERT_EQUAL(t->b_priority, 0);
    CU_ASSERT_EQUAL(t->a_period, QUARTER_NONE);
    for (int k = 0; k < 3; k++)
        CU_ASSERT_EQUAL(t->site_wish[k], -1);
    CU_ASSERT_STRING_EQUAL(t->subtype_wish[0], "crisis");
    CU_ASSERT_PTR_NULL(t->subtype_wish[1]);
    CU_ASSERT_EQUAL(t->outside_weeks, 0);
    CU_ASSERT_EQUAL(t->factor_pm, 800); /* 0,8 */
    CU_ASSERT_EQUAL(t->parttime_line, 2);
    for (int f = 0; f < FIELD_COUNT; f++) {
        CU_ASSERT_EQUAL(t->ex_months[f], f == F_GGZ ? 3 : 0);
        CU_ASSERT_EQUAL(t->ex_line[f], f == F_GGZ ? 3 : 0);
    }
    CU_ASSERT_EQUAL(t->region_pref[0], 0); /* AMSTERDAM */
    CU_ASSERT_EQUAL(t->region_pref[1], 1);
    CU_ASSERT_EQUAL(t->region_pref[2], -1);
    CU_ASSERT_EQUAL(t->regions_line, 2);

    t = &in.tr[1];
    CU_ASSERT_STRING_EQUAL(t->id, "T02");
    CU_ASSERT_STRING_EQUAL(t->name, "Jansen, Piet");
    CU_ASSERT_STRING_EQUAL(t->email, "");
    CU_ASSERT_EQUAL(t->line, 3);
    CU_ASSERT_EQUAL(t->stage_start, qlabel("2026-12"));
    CU_ASSERT_EQUAL(t->a_choice[0], PLAN_SINGLE(F_CAR));
    CU_ASSERT_EQUAL(t->a_choice[1], PLAN_NONE); /* SEH+INT: ruled out by the INT exemption */
    CU_ASSERT_EQUAL(t->a_choice[2], PLAN_NONE); /* SEH: likewise */
    CU_ASSERT_EQUAL(t->b_elective, F_CAR);
    CU_ASSERT_EQUAL(t->b_replaces, F_CCZ);
    CU_ASSERT_EQUAL(t->b_priority, 2);
    CU_ASSERT_EQUAL(t->a_period, qlabel("2027-03"));
    CU_ASSERT_EQUAL(t->site_wish[0], 0);
    CU_ASSERT_EQUAL(t->site_wish[1], -1);
    CU_ASSERT_EQUAL(t->site_wish[2], 2);
    CU_ASSERT_PTR_NULL(t->subtype_wish[0]);
    CU_ASSERT_STRING_EQUAL(t->subtype_wish[1], "revalidatie");
    CU_ASSERT_EQUAL(t->outside_weeks, 13);
    CU_ASSERT_EQUAL(t->factor_pm, 1000);
    CU_ASSERT_EQUAL(t->parttime_line, 0);
    CU_ASSERT_EQUAL(t->ex_months[F_INT], 3);
    CU_ASSERT_EQUAL(t->ex_line[F_INT], 2);
    CU_ASSERT_EQUAL(t->region_pref[0], -1);
    CU_ASSERT_EQUAL(t->regions_line, 0);

    t = &in.tr[2];
    CU_ASSERT_STRING_EQUAL(t->id, "T03");
    CU_ASSERT_EQUAL(t->line, 5); /* after a blank line */
    CU_ASSERT_EQUAL(t->a_choice[0], PLAN_NONE); /* NEU alone: no A exemption */
    CU_ASSERT_EQUAL(t->a_choice[1], PLAN_SEH);
    CU_ASSERT_EQUAL(t->factor_pm, 750); /* 75% */
    CU_ASSERT_EQUAL(t->region_pref[0], 2); /* Utrecht, appended */
    CU_ASSERT_EQUAL(t->region_pref[1], 0);
    CU_ASSERT_EQUAL(t->region_pref[2], -1);

    CU_ASSERT_EQUAL_FATAL(in.nlk, 4);
    const locked_t *l = &in.lk[0];
    CU_ASSERT_STRING_EQUAL(l->trainee_id, "L01");
    CU_ASSERT_EQUAL(l->trainee, -1);
    CU_ASSERT_EQUAL(l->site, 4);
    CU_ASSERT_EQUAL(l->start, dlabel("2026-09-01"));
    CU_ASSERT_EQUAL(l->end, dlabel("2026-11-30"));
    CU_ASSERT_EQUAL(l->line, 2);
    l = &in.lk[1];
    CU_ASSERT_STRING_EQUAL(l->trainee_id, "T03");
    CU_ASSERT_EQUAL(l->trainee, 2);
    CU_ASSERT_EQUAL(l->site, 5);
    CU_ASSERT_EQUAL(l->start, dlabel("2027-03-01"));
    CU_ASSERT_EQUAL(l->end, dlabel("2027-05-31"));
    l = &in.lk[3];
    CU_ASSERT_EQUAL(l->site, 1);
    CU_ASSERT_EQUAL(l->start, dlabel("2026-12-01")); /* 1-12-2026 */
    CU_ASSERT_EQUAL(l->end, dlabel("2027-02-28"));
    CU_ASSERT_EQUAL(l->line, 5);
    instance_free(&in);
}

static void test_valid_dutch(void)
{
    static const char *const want[] = {
        "preferences.csv:1: warning: unknown column 'Opmerking' is ignored (expected "
        "trainee_id, name, email, stage_start, a_choice_1, a_choice_2, a_choice_3, b_elective, "
        "b_elective_replaces, b_elective_priority, a_period, site_1, site_2, site_3, "
        "subtype_1, subtype_2, outside_weeks_planned)"};
    instance_t in;
    int nerr;
    CU_ASSERT_EQUAL(load_check("fixtures/valid_nl", &in, want, N(want), &nerr), 0);
    CU_ASSERT_EQUAL(in.delimiter, ';');
    CU_ASSERT_EQUAL(in.decimal_comma, 1);
    CU_ASSERT_EQUAL(in.q_first, qlabel("2026-09")); /* header 01-09-2026 */
    CU_ASSERT_EQUAL(in.nq, 4);
    CU_ASSERT_EQUAL_FATAL(in.nsite, 1);
    CU_ASSERT_STRING_EQUAL(in.site[0].id, "SEH-1");
    CU_ASSERT_STRING_EQUAL(in.site[0].name, "Spoed \xC3\x89\xC3\xA9n");
    CU_ASSERT_STRING_EQUAL(in.site[0].region_name, "Flevoland");
    CU_ASSERT_STRING_EQUAL(in.site[0].institution, ""); /* column absent */
    CU_ASSERT_EQUAL(in.site[0].min_factor_pm, 750);
    CU_ASSERT_EQUAL(in.site[0].borrowed, 1);
    CU_ASSERT_EQUAL(in.site[0].cap[0], 3);
    CU_ASSERT_EQUAL(in.site[0].cap[1], 1);
    CU_ASSERT_EQUAL(in.site[0].cap[2], 0);
    CU_ASSERT_EQUAL(in.site[0].cap[3], 0);
    CU_ASSERT_EQUAL_FATAL(in.ntr, 1);
    CU_ASSERT_STRING_EQUAL(in.tr[0].id, "T1");
    CU_ASSERT_STRING_EQUAL(in.tr[0].name, "J\xC3\xBCrgen \xC3\x87" "elik");
    CU_ASSERT_EQUAL(in.tr[0].stage_start, qlabel("2026-09")); /* 01-09-2026 */
    CU_ASSERT_EQUAL(in.tr[0].a_choice[0], PLAN_SEH);
    CU_ASSERT_EQUAL(in.nlk, 0);
    instance_free(&in);
}

/* Every column under a Dutch alias, fields by their Dutch names. */
static void test_dutch_aliases(void)
{
    instance_t in;
    int nerr;
    CU_ASSERT_EQUAL(load_check("fixtures/nl_aliases", &in, NULL, 0, &nerr), 0);
    CU_ASSERT_EQUAL(nerr, 0);
    CU_ASSERT_EQUAL_FATAL(in.nsite, 5);
    static const int fields[] = {F_SEH, F_CAR, F_GGZ, F_CCZ, F_WO};
    for (int s = 0; s < 5; s++)
        CU_ASSERT_EQUAL(in.site[s].field, fields[s]);
    CU_ASSERT_STRING_EQUAL(in.site[0].institution, "Ziekenhuis Almere");
    CU_ASSERT_STRING_EQUAL(in.site[0].supervisor, "dr. A");
    CU_ASSERT_EQUAL(in.site[0].min_factor_pm, 600);
    CU_ASSERT_EQUAL(in.site[0].borrowed, 0);
    CU_ASSERT_EQUAL(in.site[3].borrowed, 1);
    CU_ASSERT_STRING_EQUAL(in.site[3].subtype, "revalidatie");
    CU_ASSERT_EQUAL(in.site[4].cap[3], 1);
    CU_ASSERT_EQUAL_FATAL(in.ntr, 2);
    const trainee_t *t = &in.tr[0];
    CU_ASSERT_STRING_EQUAL(t->email, "jan@example.nl");
    CU_ASSERT_EQUAL(t->stage_start, qlabel("2026-09"));
    CU_ASSERT_EQUAL(t->a_choice[0], PLAN_SEH_X(F_CAR));
    CU_ASSERT_EQUAL(t->a_choice[1], PLAN_SEH_X(F_INT));
    CU_ASSERT_EQUAL(t->a_choice[2], PLAN_NONE);
    CU_ASSERT_EQUAL(t->b_elective, F_REU);
    CU_ASSERT_EQUAL(t->b_replaces, F_GGZ);
    CU_ASSERT_EQUAL(t->b_priority, 2);
    CU_ASSERT_EQUAL(t->a_period, qlabel("2026-12"));
    CU_ASSERT_EQUAL(t->site_wish[0], 0);
    CU_ASSERT_EQUAL(t->site_wish[1], 1);
    CU_ASSERT_EQUAL(t->site_wish[2], 2);
    CU_ASSERT_STRING_EQUAL(t->subtype_wish[0], "crisis");
    CU_ASSERT_STRING_EQUAL(t->subtype_wish[1], "revalidatie");
    CU_ASSERT_EQUAL(t->outside_weeks, 4);
    CU_ASSERT_EQUAL(t->factor_pm, 800);
    CU_ASSERT_EQUAL(t->region_pref[0], in.site[0].region);
    CU_ASSERT_EQUAL(t->region_pref[1], in.site[4].region);
    CU_ASSERT_EQUAL(t->region_pref[2], -1);
    t = &in.tr[1];
    CU_ASSERT_EQUAL(t->a_choice[0], PLAN_SINGLE(F_ORT));
    CU_ASSERT_EQUAL(t->ex_months[F_CCZ], 3);
    CU_ASSERT_EQUAL(t->ex_months[F_GYN], 3);
    CU_ASSERT_EQUAL(t->factor_pm, 1000);
    CU_ASSERT_EQUAL_FATAL(in.nlk, 1);
    CU_ASSERT_EQUAL(in.lk[0].trainee, 1);
    CU_ASSERT_EQUAL(in.lk[0].site, 0);
    CU_ASSERT_EQUAL(in.lk[0].start, dlabel("2026-09-01"));
    CU_ASSERT_EQUAL(in.lk[0].end, dlabel("2027-02-28"));
    instance_free(&in);
}

/* Codes and Dutch names of the fields; plans built from either. */
static void test_field_names(void)
{
    static const struct {
        const char *s;
        int f;
    } cases[] = {
        {"SEH", F_SEH}, {"seh", F_SEH}, {"Spoedeisende hulp", F_SEH},
        {"spoedeisende-hulp", F_SEH}, {"SPOEDEISENDE HULP", F_SEH},
        {"interne geneeskunde", F_INT}, {"Kindergeneeskunde", F_KIN},
        {"gynaecologie & verloskunde", F_GYN}, {"obstetrie en gynaecologie", F_GYN},
        {"cardiologie", F_CAR}, {"neurologie", F_NEU}, {"Orthopedie", F_ORT},
        {"reumatologie", F_REU}, {"psychiatrie", F_GGZ}, {"GGZ", F_GGZ},
        {"geestelijke gezondheidszorg", F_GGZ}, {"verpleeghuis", F_CCZ},
        {"chronisch complexe zorg", F_CCZ}, {"wetenschappelijk onderzoek", F_WO},
        {"urologie", F_URO}, {"pijngeneeskunde", F_PIJN}, {"klinische genetica", F_GEN},
        {"", FIELD_NONE}, {"-", FIELD_NONE}, {"spoed", FIELD_NONE}, {"huisarts", FIELD_NONE},
        {"psychiatrie2", FIELD_NONE},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", FIELD_NONE},
    };
    for (size_t i = 0; i < N(cases); i++) {
        CU_ASSERT_EQUAL(field_parse(cases[i].s), cases[i].f);
        if (field_parse(cases[i].s) != cases[i].f)
            fprintf(stderr, "\n  field_parse('%s') = %d, want %d\n", cases[i].s,
                    field_parse(cases[i].s), cases[i].f);
    }
    CU_ASSERT_STRING_EQUAL(field_name_nl(F_SEH), "spoedeisende hulp");
    CU_ASSERT_STRING_EQUAL(field_name_nl(F_CCZ), "verpleeghuis");
    CU_ASSERT_STRING_EQUAL(field_name_nl(FIELD_COUNT), "?");
    CU_ASSERT_EQUAL(field_parse(field_name_nl(F_GEN)), F_GEN);
    CU_ASSERT_EQUAL(plan_parse("SEH"), PLAN_SEH);
    CU_ASSERT_EQUAL(plan_parse(" seh + int "), PLAN_SEH_X(F_INT));
    CU_ASSERT_EQUAL(plan_parse("spoedeisende hulp"), PLAN_SEH);
    CU_ASSERT_EQUAL(plan_parse("Spoedeisende hulp + kindergeneeskunde"), PLAN_SEH_X(F_KIN));
    CU_ASSERT_EQUAL(plan_parse("SEH+gynaecologie"), PLAN_SEH_X(F_GYN));
    CU_ASSERT_EQUAL(plan_parse("neurologie"), PLAN_SINGLE(F_NEU));
    CU_ASSERT_EQUAL(plan_parse("SEH+reumatologie"), PLAN_NONE); /* REU is no A field */
    CU_ASSERT_EQUAL(plan_parse("interne geneeskunde"), PLAN_NONE);
    CU_ASSERT_EQUAL(plan_parse("cardiologie+SEH"), PLAN_NONE);
    CU_ASSERT_EQUAL(plan_parse("SEH+"), PLAN_NONE);
    CU_ASSERT_EQUAL(plan_parse("SEH+INT+KIN"), PLAN_NONE);
    CU_ASSERT_EQUAL(plan_parse(""), PLAN_NONE);
}

/* --lang nl: every message of the bad-input fixtures has a Dutch wording
 * (none comes back unchanged), a few exactly; the frame of a diagnostic. */
static void test_dutch_messages(void)
{
    static const char *const dirs[] = {"fixtures/bad_values", "fixtures/bad_refs",
                                       "fixtures/missing", "fixtures/valid_nl"};
    int total = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        diags_t d;
        diags_init(&d);
        instance_t in;
        memset(&in, 0, sizeof in);
        load_opts_t o = {0};
        load_instance(dirs[i], &o, &in, &d);
        for (int k = 0; k < d.n; k++) {
            char *nl = load_message_nl(d.v[k].msg);
            CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
            CU_ASSERT_STRING_NOT_EQUAL(nl, d.v[k].msg);
            if (strcmp(nl, d.v[k].msg) == 0)
                fprintf(stderr, "\n  not translated: %s\n", nl);
            free(nl);
            total++;
        }
        instance_free(&in);
        diags_release(&d);
    }
    CU_ASSERT(total >= 40);
    static const char *const pairs[][2] = {
        {"the cell is empty (expected a trainee id: 1 to 64 characters from A-Z, a-z, 0-9, '.', "
         "'_' and '-')",
         "de cel is leeg (verwacht: een id van een aios: 1 tot 64 tekens uit A-Z, a-z, 0-9, '.', "
         "'_' en '-')"},
        {"'2026-07' is not a quarter: quarters start in March, June, September and December "
         "(expected YYYY-MM with the month 03, 06, 09 or 12, e.g. 2026-09)",
         "'2026-07' is geen kwartaal: kwartalen beginnen in maart, juni, september en december "
         "(verwacht: JJJJ-MM met maand 03, 06, 09 of 12, bijv. 2026-09)"},
        {"7 is out of range (expected the motivation score: a whole number from 0 to 3)",
         "7 valt buiten het bereik (verwacht: de motivatiescore: een geheel getal van 0 tot en "
         "met 3)"},
        {"stage year 2026-12 .. 2027-09 runs past the last quarter in capacity.csv (2027-06) "
         "(expected stage_start 2026-09 for a stage year of 4 quarters)",
         "stagejaar 2026-12 .. 2027-09 loopt door na het laatste kwartaal in capacity.csv "
         "(2027-06) (verwacht: stage_start 2026-09 voor een stagejaar van 4 kwartalen)"},
        {"row has 3 cells but the header has 1 column (expected at most 1; a value holding ';' "
         "must be in quotes, e.g. \"Jansen; J.\")",
         "de regel heeft 3 cellen maar de kopregel 1 kolom (verwacht: hoogstens 1; een waarde "
         "met ';' moet tussen aanhalingstekens, bijv. \"Jansen; J.\")"},
        {"file is a PDF document, not CSV text (expected a CSV file: save it from Excel as CSV "
         "UTF-8 or CSV (semicolon))",
         "het bestand is een PDF-document, geen CSV-tekst (verwacht: een CSV-bestand: sla het in "
         "Excel op als CSV UTF-8 of CSV (puntkomma))"},
        {"trainee T7: plan 'SEH' cannot be met even with every place free (no site, capacity or "
         "min_factor allows it in this stage year): ignored",
         "aios T7: plan 'SEH' kan niet, ook niet als alle plaatsen vrij zijn (geen stageplaats, "
         "capaciteit of min_factor laat het toe in dit stagejaar): vervalt"},
        {"locked.csv already places 2 aiossen at 'SEH-1' in 2026-09, but its capacity there is 1 "
         "(expected locked placements within the capacity letter: check this cell and "
         "locked.csv)",
         "locked.csv plaatst al 2 aiossen bij 'SEH-1' in 2026-09, maar de capaciteit daar is 1 "
         "(verwacht: vastgelegde stages binnen de capaciteit: controleer deze cel en "
         "locked.csv)"},
        /* unknown wording: unchanged */
        {"something new (expected nothing)", "something new (expected nothing)"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *nl = load_message_nl(pairs[i][0]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
        CU_ASSERT_STRING_EQUAL(nl, pairs[i][1]);
        if (strcmp(nl, pairs[i][1]) != 0)
            fprintf(stderr, "\n  got:  %s\n  want: %s\n", nl, pairs[i][1]);
        free(nl);
    }
    diag_t g = {DIAG_WARNING, (char *)"regions.csv", 4, (char *)"region_2",
                (char *)"no site in capacity.csv is in region 'Utrecht' (expected a region of "
                        "capacity.csv: Amsterdam; the wish still counts as region_2)"};
    char *line = load_diag_format_nl(&g);
    CU_ASSERT_STRING_EQUAL(line, "regions.csv:4: kolom 'region_2': waarschuwing: geen stageplaats "
                                 "in capacity.csv ligt in regio 'Utrecht' (verwacht: een regio uit "
                                 "capacity.csv: Amsterdam; de wens telt nog steeds als region_2)");
    free(line);
    diag_t h = {DIAG_ERROR, NULL, 0, NULL, (char *)"out of memory while reading the input files"};
    line = load_diag_format_nl(&h);
    CU_ASSERT_STRING_EQUAL(line, "stagematch: onvoldoende geheugen bij het lezen van de "
                                 "invoerbestanden");
    free(line);
}

static void test_bad_values(void)
{
    instance_t in;
    int nerr;
    CU_ASSERT_EQUAL(load_check("fixtures/bad_values", &in, want_bad_values, N(want_bad_values),
                               &nerr),
                    -1);
    CU_ASSERT_EQUAL(nerr, 35);
    instance_free(&in);
}

static void test_bad_refs(void)
{
    instance_t in;
    int nerr;
    CU_ASSERT_EQUAL(load_check("fixtures/bad_refs", &in, want_bad_refs, N(want_bad_refs), &nerr),
                    -1);
    CU_ASSERT_EQUAL(nerr, 4);
    instance_free(&in);
}

static void test_missing(void)
{
    instance_t in;
    int nerr;
    CU_ASSERT_EQUAL(load_check("fixtures/missing", &in, want_missing, N(want_missing), &nerr), -1);
    CU_ASSERT_EQUAL(nerr, 4);
    instance_free(&in);
    static const char *const none[] = {
        "stagematch: cannot open the input folder 'fixtures/no_such_folder': No such file or "
        "directory (expected a folder holding preferences.csv and capacity.csv)"};
    CU_ASSERT_EQUAL(load_check("fixtures/no_such_folder", &in, none, 1, &nerr), -1);
    instance_free(&in);
}

static void test_forced_delimiter(void)
{
    /* valid_nl read with ',' forced: every ';' file is one column */
    diags_t d;
    diags_init(&d);
    instance_t in;
    memset(&in, 0, sizeof in);
    load_opts_t o = {','};
    CU_ASSERT_EQUAL(load_instance("fixtures/valid_nl", &o, &in, &d), -1);
    CU_ASSERT_TRUE(d.nerr > 0);
    CU_ASSERT_TRUE(d.n > 0);
    char *s = d.n ? diag_format(&d.v[0]) : NULL;
    CU_ASSERT_STRING_EQUAL(s ? s : "", "preferences.csv:1: the header line is one column: its "
                                      "names are separated by ';', not by ',' (expected ',' "
                                      "between the columns, as the delimiter option asks, or no "
                                      "delimiter option)");
    CU_ASSERT_EQUAL(d.nerr, 3); /* both headers, and capacity.csv's 0,75 splits a row */
    free(s);
    diags_release(&d);
    instance_free(&in);
}

int suite_load(void); /* called by run.c */
int suite_load(void)
{
    CU_pSuite s = CU_add_suite("load", NULL, NULL);
    if (!s || !CU_add_test(s, "valid folder, field by field", test_valid) ||
        !CU_add_test(s, "Dutch dialect", test_valid_dutch) ||
        !CU_add_test(s, "every Dutch alias", test_dutch_aliases) ||
        !CU_add_test(s, "field names", test_field_names) ||
        !CU_add_test(s, "Dutch messages", test_dutch_messages) ||
        !CU_add_test(s, "bad values", test_bad_values) ||
        !CU_add_test(s, "bad references", test_bad_refs) ||
        !CU_add_test(s, "missing files", test_missing) ||
        !CU_add_test(s, "forced delimiter", test_forced_delimiter))
        return -1;
    return 0;
}
