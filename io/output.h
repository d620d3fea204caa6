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
 *     plain files with the names of output_known_files() only;
 *   - the destination may be neither the input folder, nor inside it, nor
 *     contain it;
 *   - on any failure the temporary folder is removed and the destination is
 *     as it was.
 * Errors go to d as one-line diagnostics naming the path and strerror (to
 * stderr when d is NULL), never with personal data.  Out of memory is an
 * error, never a crash.
 *
 * letters.csv and unplaced.csv depend only on the instance, the allocation
 * and the delimiter / decimal settings: the same run gives the same bytes.
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
