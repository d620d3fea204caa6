/* diag.h - diagnostics: errors and warnings with a file, line and column
 *
 * Every problem the tool finds in its inputs becomes one diag_t.  They are
 * collected in a diags_t (no global state) and printed together, in the
 * order they were found, as
 *     FILE:LINE: column 'COLUMN': MESSAGE            (errors)
 *     FILE:LINE: column 'COLUMN': warning: MESSAGE   (warnings)
 * with ":LINE" left out when line is 0 and "column '...': " left out when
 * column is NULL.  MESSAGE says what was wrong and, in parentheses, what was
 * expected.  Running out of memory while recording a diagnostic sets
 * `oom` instead of failing.
 */
#ifndef STAGEMATCH_DIAG_H
#define STAGEMATCH_DIAG_H

#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_level_t;

typedef struct diag {
    diag_level_t level;
    char *file;     /* base name, e.g. "preferences.csv"; may be NULL */
    int line;       /* 1-based physical line, 0 for none */
    char *column;   /* header name or NULL */
    char *msg;
} diag_t;

/* Errors beyond this many per file are counted but not stored. */
#define DIAG_MAX_PER_FILE 100

typedef struct diags {
    diag_t *v;
    int n, cap;
    int nerr, nwarn;
    int suppressed;  /* errors not stored because of DIAG_MAX_PER_FILE */
    int oom;
} diags_t;

void diags_init(diags_t *d);
void diags_release(diags_t *d);

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

void diags_add(diags_t *d, diag_level_t lv, const char *file, int line,
               const char *column, const char *fmt, ...) DIAG_PRINTF(6, 7);
#define diag_error(d, f, l, c, ...) diags_add((d), DIAG_ERROR, (f), (l), (c), __VA_ARGS__)
#define diag_warn(d, f, l, c, ...) diags_add((d), DIAG_WARNING, (f), (l), (c), __VA_ARGS__)

/* Format one diagnostic as described above, without newline, into a
 * malloc'ed string (NULL on out of memory). */
char *diag_format(const diag_t *g);
/* Print all diagnostics (errors and warnings, in order) to fp, one a line;
 * then "N more errors not shown" if some were suppressed. */
void diags_print(const diags_t *d, FILE *fp);
/* Sort diagnostics by file, then line, keeping the order within a line
 * (stable), so that output does not depend on the order checks ran in. */
void diags_sort(diags_t *d);

#endif
