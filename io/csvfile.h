/* csvfile.h - one CSV file of an input folder, read whole into rows of cells
 *
 * csvfile_read() reads a file in any dialect of formats.md: ',' or ';'
 * (detected from the header line unless forced), UTF-8 with or without a
 * byte-order mark or else Windows-1252 (converted to UTF-8), CRLF, LF or lone
 * CR line ends, RFC 4180 quotes (libcsv in strict mode).  The first non-blank
 * record is the header; every later non-blank record is a row of cells.
 * A cell is NUL-terminated UTF-8 with surrounding spaces, tabs and no-break
 * spaces trimmed; every row knows the physical line its record starts on.
 * A row may have fewer cells than the header (Excel drops trailing empty
 * cells): csvfile_cell() returns "" for the missing ones.  Blank lines and
 * lines of delimiters only are skipped.
 *
 * Problems go to a diags_t under the file's base name, with the line; the
 * reader never stops at the first one if it can go on meaningfully.
 * `complete` tells whether every record of the file became a row: it is 0
 * after a syntax error (the rest of the file is not read) or a rejected row,
 * and callers then skip checks that need all rows (e.g. "unknown trainee").
 *
 * A csvfile_t owns all its memory; csvfile_release() frees it and accepts a
 * zeroed or partly filled csvfile_t.  Out of memory becomes an error
 * diagnostic, never a crash.
 */
#ifndef STAGEMATCH_CSVFILE_H
#define STAGEMATCH_CSVFILE_H

#include <stddef.h>

#include "../models/diag.h"

#define CSVFILE_MAX_BYTES ((size_t)64 << 20)   /* 64 MiB per file */
#define CSVFILE_MAX_FIELD ((size_t)64 << 10)   /* 64 KiB per cell */
#define CSVFILE_MAX_COLUMNS 1000               /* header columns */
#define CSVFILE_MAX_CELLS 4000000L             /* stored cells per file */

typedef enum { CSVFILE_UTF8, CSVFILE_UTF8_BOM, CSVFILE_CP1252 } csvfile_enc_t;

typedef struct csv_row {
    int line;      /* physical line (1-based) on which the record starts */
    int ncell;     /* cells stored: at most the header's column count */
    char **cell;   /* ncell trimmed cells; one block with the strings */
} csv_row_t;

typedef struct csvfile {
    char *name;              /* base name used in diagnostics */
    char delimiter;          /* ',' or ';' */
    csvfile_enc_t encoding;
    int crlf;                /* 1 if the first line ends in CRLF */
    int header_line;         /* physical line of the header, 0 if none */
    int ncol;                /* header columns (trailing blank names dropped) */
    char **col;              /* header names, trimmed, as written */
    int nrow;
    csv_row_t *row;
    int complete;            /* 1 if every record became a row */
} csvfile_t;

typedef struct csvfile_opts {
    char delimiter;            /* 0: detect from the header line; else ',' or ';' */
    int optional;              /* a missing file is no error: csvfile_read returns 1 */
    const char *missing_hint;  /* text in parentheses after "cannot open: ..." */
    const char *header_hint;   /* a header example for "file is empty", e.g. "trainee_id,factor" */
} csvfile_opts_t;

/* Read dir/name.  Returns 0 when the file was read (its header is usable;
 * rows may be missing, see `complete`), 1 when an optional file does not
 * exist, -1 when nothing usable could be read (diagnosed). */
int csvfile_read(csvfile_t *f, const char *dir, const char *name, const csvfile_opts_t *o,
                 diags_t *d);
/* Read the file at path (a folder and a name, or a name in the working
 * folder).  *name gets a new copy of the file's name as diagnostics show it
 * (the caller frees it; NULL when memory ran out, then -1 with an error in
 * d).  Returns as csvfile_read. */
int csvfile_read_path(csvfile_t *f, const char *path, const csvfile_opts_t *o, char **name,
                      diags_t *d);
/* The same from n bytes in memory (the bytes are not kept); name is used in
 * diagnostics.  Returns 0 or -1 as csvfile_read. */
int csvfile_parse(csvfile_t *f, const char *name, const char *bytes, size_t n,
                  const csvfile_opts_t *o, diags_t *d);
void csvfile_release(csvfile_t *f);

/* Cell k of row r, or "" when the row is shorter or k < 0. */
const char *csvfile_cell(const csv_row_t *r, int k);

/* A column a caller expects: its canonical name (as formats.md spells it,
 * used in diagnostics), other accepted header names separated by '|'
 * (Dutch aliases; NULL for none), and whether the file must have it. */
typedef struct csv_colspec {
    const char *name;
    const char *aliases;
    int required;
} csv_colspec_t;

/* Match the header against spec[0..nspec-1], case-insensitively: idx[i] is
 * the header column of spec[i], or -1.  Errors: a missing required column,
 * two header columns naming the same spec (or both claimed with the same
 * name).  Warning: a column matching no spec and not claimed (ignored).
 * claim(name, ctx), when not NULL, lets the caller accept further columns
 * (capacity.csv's quarters); it sees every header name matching no spec.
 * Returns 0, or -1 when a required column is missing or duplicated. */
int csvfile_bind(const csvfile_t *f, const csv_colspec_t *spec, int nspec, int *idx,
                 int (*claim)(const char *name, void *ctx), void *ctx, diags_t *d);

#endif
