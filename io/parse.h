/* parse.h - the strict parsers for cell values: numbers, factors, booleans, ids
 *
 * Every conversion of input text to a value goes through one of these (dates
 * and quarters through models/calendar.h).  They take a trimmed,
 * NUL-terminated string, accept exactly the forms documented below and
 * nothing else (no signs, no spaces, no exponents, no hex), never depend on
 * the locale, and write *out only on success.  They return PARSE_OK or a
 * negative parse_status_t telling the caller which message to give.
 * They cannot fail otherwise and allocate nothing.
 */
#ifndef STAGEMATCH_PARSE_H
#define STAGEMATCH_PARSE_H

#include <stddef.h>

typedef enum {
    PARSE_OK = 0,
    PARSE_SYNTAX = -1,    /* not of the accepted form (also: empty) */
    PARSE_RANGE = -2,     /* well formed but outside [lo, hi] (also: negative) */
    PARSE_PRECISION = -3  /* factor with more decimals than can be kept exactly */
} parse_status_t;

/* Longest trainee or site id. */
#define PARSE_ID_MAX 64

/* A whole number lo..hi (0 <= lo <= hi): ASCII digits only ("007" is 7).
 * "-3" is PARSE_RANGE (a negative number), "+1", "1.0", " 1", "0x10" and ""
 * are PARSE_SYNTAX. */
int parse_int(const char *s, int lo, int hi, int *out);

/* A part-time factor in thousandths, lo_pm..hi_pm: "0.8", "0,8", "1", "1.0",
 * "0.75", "0.875" (at most 3 decimals; further decimals only if they are
 * zeros: "0.7500"), or a percentage "80%", "80 %", "87,5%" (at most 1
 * decimal).  "nan", "inf", "1e3", ".8", "8.", "0.8.1", "-0.8" are
 * PARSE_SYNTAX; "0.8125" is PARSE_PRECISION; "0.4" with lo_pm 500 is
 * PARSE_RANGE. */
int parse_factor(const char *s, int lo_pm, int hi_pm, int *out_pm);

/* yes/no, ja/nee, y/n, j, true/false, waar/onwaar (Dutch Excel), 1/0;
 * case-insensitive.  "" is PARSE_SYNTAX (callers apply their default). */
int parse_bool(const char *s, int *out);

/* A trainee or site id: 1..PARSE_ID_MAX characters of A-Z a-z 0-9 . _ -
 * PARSE_SYNTAX when empty or holding another character (see
 * parse_id_bad_char), PARSE_RANGE when longer than PARSE_ID_MAX. */
int parse_id(const char *s);
/* The first character of s that an id may not hold, or NULL. */
const char *parse_id_bad_char(const char *s);

/* Copy s into buf (size n >= 16) for quoting in a message: control
 * characters become "\n", "\t" or "\xHH", and text longer than about n - 4
 * bytes is cut at a UTF-8 character boundary and ends in "...".
 * Returns buf. */
char *parse_clip(const char *s, char *buf, size_t n);

#endif
