/* calendar.c - civil dates and planning quarters */
#include "calendar.h"

#include <string.h>

/* Howard Hinnant's days_from_civil, valid for the whole int range we use. */
int date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(int date, int *y, int *m, int *d)
{
    int z = date + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp + (mp < 10 ? 3 : -9);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

int date_valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

/* Read exactly n digits; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int is_sep(char c) { return c == '-' || c == '/' || c == '.'; }

int date_parse(const char *s, int *out)
{
    size_t n = strlen(s);
    int y, m, d;
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    } else if (n >= 8 && n <= 10) {
        /* D-M-YYYY with one- or two-digit day and month, one separator kind */
        const char *p = s;
        int dl = is_sep(p[1]) ? 1 : 2;
        if (!is_sep(p[dl]))
            return -1;
        char sep = p[dl];
        const char *q = p + dl + 1;
        int ml = (q[1] == sep) ? 1 : 2;
        if (q[ml] != sep || strlen(q + ml + 1) != 4)
            return -1;
        d = digits(p, dl), m = digits(q, ml), y = digits(q + ml + 1, 4);
    } else {
        return -1;
    }
    if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

/* Write v as exactly n digits (v >= 0). */
static void put_digits(char *buf, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        buf[i] = (char)('0' + v % 10);
}

void date_format(int date, char *buf)
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    put_digits(buf, y, 4);
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, d, 2);
    buf[10] = 0;
}

int quarter_parse(const char *s, int *out)
{
    if (strlen(s) != 7 || s[4] != '-')
        return -1;
    int y = digits(s, 4), m = digits(s + 5, 2);
    if (y < 1900 || y > 2200 || (m != 3 && m != 6 && m != 9 && m != 12))
        return -1;
    *out = (y * 12 + m - 1 - 2) / 3;
    return 0;
}

void quarter_format(int q, char *buf)
{
    int m0 = 3 * q + 2;
    put_digits(buf, m0 / 12, 4);
    buf[4] = '-';
    put_digits(buf + 5, m0 % 12 + 1, 2);
    buf[7] = 0;
}

int quarter_first_day(int q)
{
    int m0 = 3 * q + 2;
    return date_from_ymd(m0 / 12, m0 % 12 + 1, 1);
}

int quarter_last_day(int q) { return quarter_first_day(q + 1) - 1; }

int quarter_of_date(int date)
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    int m0 = y * 12 + m - 1;
    return (m0 - 2) / 3 - ((m0 - 2) < 0 && (m0 - 2) % 3 != 0);
}
