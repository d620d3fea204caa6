/* letters_in.h - reading back a letters.csv that stagematch wrote
 *
 * The swap-week re-run (and the fairness analysis) start from an announced
 * allocation: the letters.csv of an earlier run, perhaps opened and saved
 * again in Excel.  letters_read() reads it in every dialect csvfile.h
 * accepts (',' or ';', BOM, cp1252, CRLF, quotes), matching the header by
 * name, case-insensitively, in English or Dutch:
 *
 *   trainee_id  | aios_id          field      | onderdeel
 *   site_id     | stageplaats_id   start_date | begindatum
 *   end_date    | einddatum        locked     | vastgelegd  (yes/no, ja/nee, ...)
 *
 * These six are required; name / naam is read when present (for the aiossen
 * who are no longer in the instance); the other letter columns (email,
 * traject, site_name/stageplaats, institution/instelling, region/regio,
 * supervisor/opleider, weeks/weken, parttime_factor/deeltijdfactor,
 * min_days_per_week/min_dagen_per_week, notes/opmerkingen) and any further
 * column are ignored without a warning.
 *
 * Each data row becomes one letter_row_t; the ids are resolved against the
 * instance of the current input folder: a trainee or site that is not
 * there any more gets index -1 (no error: an aios may have left, a site may
 * have withdrawn; the caller decides).  Cell errors (a bad date, an unknown
 * field code, end before start, a trainee with overlapping rows) are
 * reported with file, line and column, and letters_read() returns -1.
 *
 * The rows are sorted by trainee_id, then start_date, so the rows of one
 * trainee are contiguous: letters_trainee_rows() finds them.
 * letters_match() matches one trainee's rows to a template of plans.h.
 *
 * A letters_t owns its memory; letters_free() releases it (and accepts a
 * zeroed struct).
 */
#ifndef STAGEMATCH_LETTERS_IN_H
#define STAGEMATCH_LETTERS_IN_H

#include "../models/diag.h"
#include "../models/domain.h"
#include "../models/plans.h"

typedef struct letter_row {
    char *trainee_id;     /* as written */
    char *name;           /* the name column ("" when the file has none) */
    int trainee;          /* index into instance_t.tr, -1 if not in the instance */
    char *site_id;        /* as written */
    int site;             /* index into instance_t.site, -1 if not in capacity.csv */
    int field;            /* field code of the row */
    int start, end;       /* inclusive day numbers */
    int locked;           /* 1 if the letter said locked = yes / ja */
    int line;             /* physical line in the file */
} letter_row_t;

typedef struct letters {
    letter_row_t *row;
    int nrow;
    char delimiter;       /* the file's delimiter, ',' or ';' */
    int dutch;            /* 1 if the header used the Dutch names */
    char *name;           /* base name of the file, for diagnostics */
} letters_t;

/* Read the letters file at path (any directory).  delimiter 0 detects it
 * from the header line.  Returns 0, or -1 after recording errors in d (*L
 * may then be partly filled; free it with letters_free). */
int letters_read(const char *path, const instance_t *in, char delimiter, letters_t *L,
                 diags_t *d);
void letters_free(letters_t *L);

/* The rows of trainee id: *first gets the index of the first row and the
 * count is returned (0 when there is none). */
int letters_trainee_rows(const letters_t *L, const char *trainee_id, int *first);

/* Match n placements (rows[0..n-1], any order) of planned trainee t to a
 * template of ps->tp[t]: the template whose slots are exactly these
 * placements by field, start and end date.  Returns the template index and
 * fills site[i] with the site of slot i, or -1 when no template has exactly
 * these placements.  *sites_ok (may be NULL) is set to 1 when every site is
 * one the slot allows: a locked slot's own site, or a site of the slot's
 * placement kind (right field, min_factor, capacity in every quarter). */
int letters_match(const instance_t *in, const planset_t *ps, int t, const letter_row_t *rows,
                  int n, int site[PLAN_MAX_SLOTS], int *sites_ok);

#endif
