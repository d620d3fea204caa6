/* output.h - the output folder of a run: letters, unplaced list, summaries
 *
 * output_write() writes letters.csv, unplaced.csv, summary.txt and
 * summary.json (docs/outputs.md) into a new folder, all or nothing:
 *   - the files are written into a temporary folder beside the destination
 *     (".NAME.tmp-XXXXXX", mode 0700; files mode 0600, they hold personal
 *     data), each flushed, fsync'ed and closed with every error checked;
 *   - the folder is then renamed into place with renameat2(RENAME_NOREPLACE),
 *     so an existing folder is never silently replaced;
 *   - with force, an existing output folder is swapped atomically with the
 *     new one (RENAME_EXCHANGE; "move the old aside, move the new in" where
 *     the file system cannot exchange) and the old one is removed.  Force
 *     replaces only a folder that looks like an earlier output: empty, or
 *     plain files with the names of output_known_files() only, and the
 *     subfolder brieven/ holding only .html files;
 *   - a file name may be "brieven/NAME.html" (--html-letters): the writer
 *     creates that one subfolder (mode 0700) inside the temporary folder;
 *   - the destination may be neither the input folder, nor inside it, nor
 *     contain it;
 *   - on any failure the temporary folder is removed and the destination is
 *     as it was.
 * Errors go to d as one-line diagnostics naming the path and strerror (to
 * stderr when d is NULL), never with personal data.  Out of memory is an
 * error, never a crash.
 *
 * letters.csv, unplaced.csv and brieven.csv (UTF-8 with a byte-order mark,
 * for Excel) and the HTML letters depend only on the instance, the
 * allocation, the delimiter / decimal settings and the language: the same
 * run gives the same bytes.
 * Times and versions appear only in the two summaries.
 */
#ifndef STAGEMATCH_OUTPUT_H
#define STAGEMATCH_OUTPUT_H

#include <stdio.h>

#include "../models/alloc.h"
#include "../models/diag.h"
#include "../models/domain.h"

/* One file of an output folder: a plain file name and how to write it.
 * write() returns 0, or -1 with errno set (ENOMEM when memory ran out). */
typedef struct out_file {
    const char *name;
    int (*write)(FILE *fp, void *ctx);
    void *ctx;
} out_file_t;

/* The language of what a trainee or secretary reads (--lang).  LANG_DEFAULT
 * (zero, so a zeroed run_info_t has it) means Dutch for the letters
 * (letters.csv, unplaced.csv, brieven.csv, the HTML letters) and English for
 * summary.txt; LANG_NL and LANG_EN choose one language for all of them.
 * summary.json and the file names never change. */
typedef enum { LANG_DEFAULT = 0, LANG_NL = 1, LANG_EN = 2 } lang_t;

typedef struct run_info {
    const char *command;      /* "allocate" */
    const char *input_dir;    /* as given on the command line; NULL: no input checks, no checksums */
    const char *policy;       /* "sum" */
    unsigned long seed;
    const char *commitment;   /* io/commit.h: SHA-256 of the seed and the input files, or NULL */
    double time_limit;        /* seconds, 0 = none */
    double mip_gap;           /* 0 = prove optimality */
    const char *version;      /* stagematch version, e.g. "0.1.0" */
    const diags_t *diags;     /* the run's warnings (and no errors); may be NULL */
    double total_seconds;     /* wall time of the whole run so far */
    char delimiter;           /* ',' or ';' for the CSV files written */
    int decimal_comma;        /* 1: write 0,8 and 26,0 instead of 0.8 and 26.0 */
    const volatile int *cancel; /* optional: when *cancel is nonzero just before the
                                 * folder is moved into place, nothing is written
                                 * and output_write returns -1 ("interrupted") */
    lang_t lang;              /* see lang_t */
    const out_file_t *extra;  /* further files to write after the four standard ones */
    int nextra;               /* (their names must be in output_known_files()) */
} run_info_t;

/* Write the output folder out_dir as described above.  Returns 0 when the
 * folder is complete and in place (a failure to remove a replaced old folder
 * is then only a warning in d), or -1 after recording a one-line error in d,
 * with nothing left behind. */
int output_write(const char *out_dir, int force, const instance_t *in, const allocation_t *al,
                 const run_info_t *ri, diags_t *d);

/* The folder machinery of output_write for any set of files (the other
 * commands' outputs): the same guarantees, all or nothing.  input_dir may be
 * NULL (no check against the input folder); cancel may be NULL. */
int output_folder_write(const char *out_dir, int force, const char *input_dir,
                        const out_file_t *files, int nfiles, const volatile int *cancel,
                        diags_t *d);

/* The single files, to any FILE (the caller closes it).  Each returns 0, or
 * -1 with errno set (ENOMEM when memory ran out, else the write error). */
int output_letters(FILE *fp, const instance_t *in, const allocation_t *al, const run_info_t *ri);
int output_unplaced(FILE *fp, const instance_t *in, const allocation_t *al, const run_info_t *ri);
int output_summary_txt(FILE *fp, const instance_t *in, const allocation_t *al,
                       const run_info_t *ri);
int output_summary_json(FILE *fp, const instance_t *in, const allocation_t *al,
                        const run_info_t *ri);

/* brieven.csv (docs/outputs.md): one row per trainee of preferences.csv,
 * in trainee_id order, with all their placements side by side in numbered
 * columns (stage_1_..., stage_2_..., up to the longest plan), for a word
 * processor's mail merge.  Same dialect and language as letters.csv. */
int output_brieven(FILE *fp, const instance_t *in, const allocation_t *al, const run_info_t *ri);

/* What an out_file_t's ctx points to for output_brieven_file (and the other
 * writers a command adds through run_info_t.extra). */
typedef struct output_ctx {
    const instance_t *in;
    const allocation_t *al;
    const run_info_t *ri;
} output_ctx_t;
int output_brieven_file(FILE *fp, void *ctx);

/* s as HTML text: &, <, >, " and ' as entities, control characters as a
 * space; NULL as nothing.  The letters and the fairness report both use it. */
void output_html_text(FILE *fp, const char *s);

/* One printable HTML letter (A4) to trainee t of preferences.csv, in the
 * secretariat's wording and the letters' language: the placements in date
 * order, or why there are none.  Deterministic bytes (no date, no version).
 * Returns 0 or -1 (errno). */
int output_html_letter(FILE *fp, const instance_t *in, const allocation_t *al,
                       const run_info_t *ri, int t);

/* The files "brieven/<trainee_id>.html" of every trainee of preferences.csv,
 * for run_info_t.extra (the folder writer creates the subfolder brieven/).
 * h->files[0..h->n-1] stay valid until output_html_letters_release(h); c
 * must outlive them.  Returns 0 or -1 (errno ENOMEM). */
typedef struct output_html_letters {
    out_file_t *files;
    int n;
    void *one;   /* private: one context per file */
} output_html_letters_t;
int output_html_letters_build(output_html_letters_t *h, const output_ctx_t *c);
void output_html_letters_release(output_html_letters_t *h);

/* The letters' language of ri (LANG_NL or LANG_EN) and summary.txt's. */
lang_t output_letters_lang(const run_info_t *ri);
lang_t output_text_lang(const run_info_t *ri);

/* An unplaced reason (as the solver and plans.c word it, in English) in
 * Dutch, into a malloc'ed string; a reason of unknown wording is copied as
 * it is.  NULL (errno ENOMEM) when memory ran out. */
char *output_reason_nl(const char *reason);

/* The UTF-8 byte-order mark every CSV file of an output folder starts with,
 * so that Excel opens it as UTF-8 (docs/outputs.md). */
#define OUTPUT_BOM "\xEF\xBB\xBF"

/* s as a JSON string literal, quotes included: '"', '\\' and every control
 * character escaped, valid UTF-8 passed through, each byte of an invalid
 * UTF-8 sequence written as \ufffd.  Returns 0 or -1 (errno set). */
int output_json_string(FILE *fp, const char *s);

/* SHA-256 of the file at path as 64 lower-case hex digits plus NUL.
 * Returns 0, or -1 with errno set (ENOENT when the file does not exist). */
int output_sha256_file(const char *path, char hex[65]);

/* The solver status as summary.json writes it: "optimal", "time_limit",
 * "no_allocation" or "failed". */
const char *output_status_key(solve_status_t st);

/* SHA-256 of n bytes at p, as output_sha256_file writes it.  Cannot fail. */
void output_sha256_bytes(const void *p, size_t n, char hex[65]);

/* The input files whose checksums summary.json records, in that order
 * (NULL-terminated): preferences.csv, capacity.csv, exemptions.csv,
 * parttime.csv, regions.csv, locked.csv. */
const char *const *output_input_files(void);

/* The names output_write may write (NULL-terminated); --force replaces only
 * a folder of these. */
const char *const *output_known_files(void);

#endif
