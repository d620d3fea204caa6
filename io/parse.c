/* parse.c - strict value parsers: no strtod, no locale, no surprises */
#include "parse.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Read digits from *p into *v, saturating at `cap`; returns the count. */
static int read_digits(const char **p, long *v, long cap)
{
    int k = 0;
    for (; is_digit(**p); (*p)++, k++) {
        if (*v <= cap)
            *v = *v * 10 + (**p - '0');
    }
    return k;
}

int parse_int(const char *s, int lo, int hi, int *out)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    long v = 0;
    if (read_digits(&p, &v, 1L << 40) == 0 || *p != 0)
        return PARSE_SYNTAX;
    if (neg && v > 0)
        return PARSE_RANGE;
    if (v < lo || v > hi)
        return PARSE_RANGE;
    *out = (int)v;
    return PARSE_OK;
}

int parse_factor(const char *s, int lo_pm, int hi_pm, int *out_pm)
{
    const char *p = s;
    long ip = 0;
    if (read_digits(&p, &ip, 1L << 30) == 0)
        return PARSE_SYNTAX;
    long frac = 0;     /* the decimals, as digits read so far */
    int nfrac = 0;     /* significant decimals kept */
    int extra = 0;     /* further decimals, all zeros so far */
    int extra_nonzero = 0;
    if (*p == '.' || *p == ',') {
        p++;
        if (!is_digit(*p))
            return PARSE_SYNTAX;
        for (; is_digit(*p); p++) {
            if (nfrac < 3) {
                frac = frac * 10 + (*p - '0');
                nfrac++;
            } else {
                extra++;
                if (*p != '0')
                    extra_nonzero = 1;
            }
        }
    }
    int pct = 0;
    const char *q = p;
    while (*q == ' ')
        q++;
    if (*q == '%') {
        pct = 1;
        p = q + 1;
    }
    if (*p != 0)
        return PARSE_SYNTAX;
    long pm;
    if (pct) {
        /* percent: one decimal is a thousandth */
        if (extra_nonzero || (nfrac >= 2 && frac % (nfrac == 2 ? 10 : 100) != 0))
            return PARSE_PRECISION;
        long tenth = nfrac == 0 ? 0 : nfrac == 1 ? frac : nfrac == 2 ? frac / 10 : frac / 100;
        pm = ip * 10 + tenth;
    } else {
        if (extra_nonzero)
            return PARSE_PRECISION;
        long scale = nfrac == 0 ? 1000 : nfrac == 1 ? 100 : nfrac == 2 ? 10 : 1;
        pm = ip * 1000 + frac * scale;
    }
    if (pm < lo_pm || pm > hi_pm)
        return PARSE_RANGE;
    *out_pm = (int)pm;
    return PARSE_OK;
}

int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"yes", "ja", "y", "j", "true", "waar", "1"};
    static const char *const no[] = {"no", "nee", "n", "false", "onwaar", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return PARSE_OK;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return PARSE_OK;
        }
    return PARSE_SYNTAX;
}

static int id_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' ||
           c == '_' || c == '-';
}

const char *parse_id_bad_char(const char *s)
{
    for (; *s; s++)
        if (!id_char(*s))
            return s;
    return NULL;
}

int parse_id(const char *s)
{
    if (*s == 0 || parse_id_bad_char(s))
        return PARSE_SYNTAX;
    if (strlen(s) > PARSE_ID_MAX)
        return PARSE_RANGE;
    return PARSE_OK;
}

char *parse_clip(const char *s, char *buf, size_t n)
{
    size_t k = 0, lim = n > 8 ? n - 4 : 0; /* room for "..." and NUL */
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        char e[8];
        size_t el;
        if (*p < 0x20 || *p == 0x7F) {
            if (*p == '\n')
                snprintf(e, sizeof e, "\\n");
            else if (*p == '\r')
                snprintf(e, sizeof e, "\\r");
            else if (*p == '\t')
                snprintf(e, sizeof e, "\\t");
            else
                snprintf(e, sizeof e, "\\x%02X", *p);
            el = strlen(e);
            p++;
        } else {
            /* one whole UTF-8 character (or one stray byte) */
            el = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
            size_t j = 0;
            for (; j < el && p[j]; j++)
                e[j] = (char)p[j];
            el = j;
            p += el;
        }
        if (k + el > lim) {
            memcpy(buf + k, "...", 4);
            return buf;
        }
        memcpy(buf + k, e, el);
        k += el;
    }
    buf[k] = 0;
    return buf;
}
