/* calendar.h - dates as day numbers, planning quarters, and their text forms
 *
 * A date is an int: days since 1970-01-01 (proleptic Gregorian), so date
 * arithmetic is integer arithmetic.  A quarter is an int index q: quarter q
 * starts on the first day of month 3q+2 counted from January of year 0, so
 * quarters start 1 March, 1 June, 1 September and 1 December and are labelled
 * `YYYY-MM` by their first month (`2026-12` runs 1 Dec 2026 - 28 Feb 2027).
 *
 * Every function here is pure and cannot fail, except the parsers, which
 * return 0 on success and -1 on malformed text (leaving *out unchanged).
 */
#ifndef STAGEMATCH_CALENDAR_H
#define STAGEMATCH_CALENDAR_H

#include <stddef.h>

#define QUARTER_NONE (-1)

/* Day number of a valid civil date (caller checks validity). */
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int date, int *y, int *m, int *d);
/* 1 if y-m-d is a real calendar date (31-02-2027 is not). */
int date_valid(int y, int m, int d);

/* Parse `YYYY-MM-DD` or `DD-MM-YYYY` (also with '/' or '.'); surrounding
 * spaces are not allowed (the CSV reader trims them). */
int date_parse(const char *s, int *out);
/* Write `YYYY-MM-DD` into buf (at least 11 bytes). */
void date_format(int date, char *buf);

/* Parse `YYYY-MM` with MM in 03, 06, 09, 12. */
int quarter_parse(const char *s, int *out);
/* Write `YYYY-MM` into buf (at least 8 bytes). */
void quarter_format(int q, char *buf);

int quarter_first_day(int q);
int quarter_last_day(int q);
/* Quarter containing the date. */
int quarter_of_date(int date);

#endif
