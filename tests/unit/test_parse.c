/* test_parse.c - the strict value parsers of io/parse.h */
#include <CUnit/CUnit.h>
#include <string.h>

#include "../../io/parse.h"

static void test_int(void)
{
    int v = -7;
    CU_ASSERT_EQUAL(parse_int("0", 0, 10, &v), PARSE_OK);
    CU_ASSERT_EQUAL(v, 0);
    CU_ASSERT_EQUAL(parse_int("10", 0, 10, &v), PARSE_OK);
    CU_ASSERT_EQUAL(v, 10);
    CU_ASSERT_EQUAL(parse_int("007", 0, 10, &v), PARSE_OK);
    CU_ASSERT_EQUAL(v, 7);
    CU_ASSERT_EQUAL(parse_int("1000", 0, 1000, &v), PARSE_OK);
    CU_ASSERT_EQUAL(v, 1000);
    v = -7;
    CU_ASSERT_EQUAL(parse_int("11", 0, 10, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_int("2", 3, 6, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_int("-1", 0, 10, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_int("99999999999999999999999", 0, 10, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_int("", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("+1", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("1.0", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("1,0", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int(" 1", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("1 ", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("0x10", 0, 100, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("1e2", 0, 1000, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("-", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("--1", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_int("drie", 0, 10, &v), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(v, -7); /* untouched on failure */
}

static void test_factor(void)
{
    static const struct {
        const char *s;
        int pm;
    } ok[] = {{"0.8", 800},   {"0,8", 800},     {"80%", 800},   {"80 %", 800},
              {"1", 1000},    {"1.0", 1000},    {"1,00", 1000}, {"0.75", 750},
              {"0,5", 500},   {"0.875", 875},   {"87,5%", 875}, {"87.50%", 875},
              {"100%", 1000}, {"0.7500", 750},  {"50%", 500},   {"0.6", 600},
              {"60%", 600},   {"00.9", 900}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(parse_factor(ok[i].s, 500, 1000, &v), PARSE_OK);
        CU_ASSERT_EQUAL(v, ok[i].pm);
    }
    static const char *const syntax[] = {"",     "nan",  "inf",   "1e3", "0.8.1", ".8",
                                         "8.",   "-0.8", "+0.8",  "0x1", "0,8,1", "80%%",
                                         "%",    "0 .8", "0.8 x", "1/2", "tachtig"};
    for (size_t i = 0; i < sizeof syntax / sizeof syntax[0]; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(parse_factor(syntax[i], 500, 1000, &v), PARSE_SYNTAX);
        CU_ASSERT_EQUAL(v, -1);
    }
    int v = -1;
    CU_ASSERT_EQUAL(parse_factor("0.8125", 500, 1000, &v), PARSE_PRECISION);
    CU_ASSERT_EQUAL(parse_factor("0.83333", 500, 1000, &v), PARSE_PRECISION);
    CU_ASSERT_EQUAL(parse_factor("87.55%", 500, 1000, &v), PARSE_PRECISION);
    CU_ASSERT_EQUAL(parse_factor("0.4", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("0,4", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("1.1", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("80", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("0", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("120%", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("49.9%", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_factor("99999999999999999999", 500, 1000, &v), PARSE_RANGE);
    CU_ASSERT_EQUAL(v, -1);
}

static void test_bool(void)
{
    static const char *const yes[] = {"yes", "YES", "Ja", "j", "Y", "true", "TRUE", "WAAR", "1"};
    static const char *const no[] = {"no", "No", "nee", "NEE", "n", "false", "ONWAAR", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(parse_bool(yes[i], &v), PARSE_OK);
        CU_ASSERT_EQUAL(v, 1);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(parse_bool(no[i], &v), PARSE_OK);
        CU_ASSERT_EQUAL(v, 0);
    }
    static const char *const bad[] = {"", "maybe", "2", "yes please", "jaa", "x", "00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(parse_bool(bad[i], &v), PARSE_SYNTAX);
        CU_ASSERT_EQUAL(v, -1);
    }
}

static void test_id(void)
{
    CU_ASSERT_EQUAL(parse_id("T0001"), PARSE_OK);
    CU_ASSERT_EQUAL(parse_id("SEH-AMS-01"), PARSE_OK);
    CU_ASSERT_EQUAL(parse_id("a.b_c-D9"), PARSE_OK);
    CU_ASSERT_EQUAL(parse_id("x"), PARSE_OK);
    char id64[65], id65[66];
    memset(id64, 'a', 64);
    id64[64] = 0;
    memset(id65, 'a', 65);
    id65[65] = 0;
    CU_ASSERT_EQUAL(parse_id(id64), PARSE_OK);
    CU_ASSERT_EQUAL(parse_id(id65), PARSE_RANGE);
    CU_ASSERT_EQUAL(parse_id(""), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_id("T 01"), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_id("T/01"), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_id("Eli\xc3\xabns"), PARSE_SYNTAX);
    CU_ASSERT_EQUAL(parse_id("=1+1"), PARSE_SYNTAX);
    const char *s = "T 01";
    CU_ASSERT_PTR_EQUAL(parse_id_bad_char(s), s + 1);
    CU_ASSERT_PTR_NULL(parse_id_bad_char("T01"));
}

static void test_clip(void)
{
    char b[16];
    CU_ASSERT_STRING_EQUAL(parse_clip("abc", b, sizeof b), "abc");
    CU_ASSERT_STRING_EQUAL(parse_clip("a\nb\tc", b, sizeof b), "a\\nb\\tc");
    CU_ASSERT_STRING_EQUAL(parse_clip("a\x01", b, sizeof b), "a\\x01");
    /* 12 bytes of text fit in 16; more is cut and marked */
    CU_ASSERT_STRING_EQUAL(parse_clip("abcdefghijkl", b, sizeof b), "abcdefghijkl");
    CU_ASSERT_STRING_EQUAL(parse_clip("abcdefghijklmnopqrstuvwxyz", b, sizeof b),
                           "abcdefghijkl...");
    /* never cut inside a UTF-8 character: 'ë' is 2 bytes */
    CU_ASSERT_STRING_EQUAL(parse_clip("abcdefghijk\xc3\xabz", b, sizeof b), "abcdefghijk...");
    char big[128];
    CU_ASSERT_EQUAL(strlen(parse_clip("Eli\xc3\xabns", big, sizeof big)), 7u);
}

int suite_parse(void); /* called by run.c */
int suite_parse(void)
{
    CU_pSuite s = CU_add_suite("parse", NULL, NULL);
    if (!s || !CU_add_test(s, "whole numbers", test_int) ||
        !CU_add_test(s, "factors", test_factor) || !CU_add_test(s, "booleans", test_bool) ||
        !CU_add_test(s, "ids", test_id) || !CU_add_test(s, "clip", test_clip))
        return -1;
    return 0;
}
