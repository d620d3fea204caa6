/* test_calendar.c - dates, quarters and their text forms */
#include <CUnit/CUnit.h>

#include "../../models/calendar.h"

static void test_epoch_and_roundtrip(void)
{
    CU_ASSERT_EQUAL(date_from_ymd(1970, 1, 1), 0);
    CU_ASSERT_EQUAL(date_from_ymd(2000, 3, 1), 11017);
    for (int d = date_from_ymd(1999, 12, 25); d < date_from_ymd(2031, 1, 10); d++) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        CU_ASSERT_EQUAL_FATAL(date_from_ymd(y, m, dd), d);
    }
}

static void test_date_parse(void)
{
    int d = -1;
    CU_ASSERT_EQUAL(date_parse("2026-09-01", &d), 0);
    CU_ASSERT_EQUAL(d, date_from_ymd(2026, 9, 1));
    CU_ASSERT_EQUAL(date_parse("01-09-2026", &d), 0);
    CU_ASSERT_EQUAL(d, date_from_ymd(2026, 9, 1));
    CU_ASSERT_EQUAL(date_parse("1-9-2026", &d), 0);
    CU_ASSERT_EQUAL(d, date_from_ymd(2026, 9, 1));
    CU_ASSERT_EQUAL(date_parse("29-02-2028", &d), 0);
    CU_ASSERT_EQUAL(d, date_from_ymd(2028, 2, 29));
    d = 7;
    CU_ASSERT_EQUAL(date_parse("31-02-2027", &d), -1);
    CU_ASSERT_EQUAL(date_parse("29-02-2027", &d), -1);
    CU_ASSERT_EQUAL(date_parse("2027-13-01", &d), -1);
    CU_ASSERT_EQUAL(date_parse("2027-1-01", &d), -1);
    CU_ASSERT_EQUAL(date_parse("", &d), -1);
    CU_ASSERT_EQUAL(date_parse("01-09-26", &d), -1);
    CU_ASSERT_EQUAL(date_parse("2026-09-01x", &d), -1);
    CU_ASSERT_EQUAL(d, 7);
    char buf[11];
    date_format(date_from_ymd(2027, 2, 28), buf);
    CU_ASSERT_STRING_EQUAL(buf, "2027-02-28");
}

static void test_quarters(void)
{
    int q = 0, q2 = 0;
    CU_ASSERT_EQUAL(quarter_parse("2026-09", &q), 0);
    CU_ASSERT_EQUAL(quarter_parse("2026-12", &q2), 0);
    CU_ASSERT_EQUAL(q2, q + 1);
    CU_ASSERT_EQUAL(quarter_parse("2027-03", &q2), 0);
    CU_ASSERT_EQUAL(q2, q + 2);
    CU_ASSERT_EQUAL(quarter_parse("2026-07", &q2), -1);
    CU_ASSERT_EQUAL(quarter_parse("2026-9", &q2), -1);
    CU_ASSERT_EQUAL(quarter_parse("26-09", &q2), -1);
    char buf[8];
    quarter_format(q + 1, buf);
    CU_ASSERT_STRING_EQUAL(buf, "2026-12");
    quarter_format(q + 2, buf);
    CU_ASSERT_STRING_EQUAL(buf, "2027-03");
    /* 2026-12 runs 1 Dec 2026 - 28 Feb 2027; 2027-12 to 29 Feb 2028 */
    CU_ASSERT_EQUAL(quarter_first_day(q + 1), date_from_ymd(2026, 12, 1));
    CU_ASSERT_EQUAL(quarter_last_day(q + 1), date_from_ymd(2027, 2, 28));
    CU_ASSERT_EQUAL(quarter_last_day(q + 5), date_from_ymd(2028, 2, 29));
    CU_ASSERT_EQUAL(quarter_of_date(date_from_ymd(2027, 2, 28)), q + 1);
    CU_ASSERT_EQUAL(quarter_of_date(date_from_ymd(2027, 3, 1)), q + 2);
    CU_ASSERT_EQUAL(quarter_of_date(date_from_ymd(2026, 1, 15)), q - 3);
    CU_ASSERT_EQUAL(quarter_of_date(date_from_ymd(2026, 8, 31)), q - 1);
}

int suite_calendar(void); /* called by run.c */
int suite_calendar(void)
{
    CU_pSuite s = CU_add_suite("calendar", NULL, NULL);
    if (!s || !CU_add_test(s, "epoch and round trip", test_epoch_and_roundtrip) ||
        !CU_add_test(s, "date parse", test_date_parse) ||
        !CU_add_test(s, "quarters", test_quarters))
        return -1;
    return 0;
}
