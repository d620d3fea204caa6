/* csvwrite.h - a small CSV writer for the output files
 *
 * The dialect written (docs/outputs.md):
 *   - cells separated by the writer's delimiter (',' or ';'), one record a
 *     line, every line ending in a single "\n" (LF, also the last one);
 *   - UTF-8 as given by the caller, without a byte-order mark;
 *   - a cell is quoted (RFC 4180, a '"' inside doubled) when it holds the
 *     delimiter, a '"', CR or LF, and only then;
 *   - a cell that begins with '=', '+', '-', '@', TAB or CR first gets a
 *     leading '\'' so that a spreadsheet never runs it as a formula
 *     ("=1+1" is written '=1+1); the quoting decision is made after that.
 *
 * Errors are sticky: the first failing write records errno in the writer,
 * later calls do nothing, and csvw_close() (or csvw_error()) reports it.
 * A full disk often shows only at fflush/fclose, which csvw_close checks.
 * The writer allocates nothing that outlives a call.  It never closes the
 * FILE by itself: csvw_close() flushes, syncs and closes it (whatever
 * happens); a caller that keeps the FILE checks csvw_error() instead.
 */
#ifndef STAGEMATCH_CSVWRITE_H
#define STAGEMATCH_CSVWRITE_H

#include <stdio.h>

typedef struct csvw {
    FILE *fp;
    char delim;   /* ',' or ';' */
    int ncell;    /* cells written in the current record */
    int err;      /* errno of the first failure, 0 if none */
} csvw_t;

/* Start writing records to fp with this delimiter (fp NULL: error EINVAL). */
void csvw_init(csvw_t *w, FILE *fp, char delim);
/* Write one cell of the current record (s NULL is an empty cell). */
void csvw_cell(csvw_t *w, const char *s);
/* A cell from a printf format, then treated as csvw_cell treats it. */
void csvw_cellf(csvw_t *w, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* End the current record with "\n". */
void csvw_endrow(csvw_t *w);
/* errno of the first failure so far, 0 if none. */
int csvw_error(const csvw_t *w);
/* Flush, fsync (for a regular file) and close the FILE.  Returns 0, or -1
 * with errno set to the first failure (of any write, or of the close). */
int csvw_close(csvw_t *w);

/* Write s to fp as csvw_cell would write it (neutralised and quoted as
 * needed); returns 0 or -1 (errno set). */
int csv_write_cell(FILE *fp, const char *s, char delim);

/* Flush, fsync if fp is a regular file, and fclose: 0, or -1 with errno of
 * the first failure.  fp is closed in every case.  Also used for the
 * summary files. */
int file_close_synced(FILE *fp);

#endif
