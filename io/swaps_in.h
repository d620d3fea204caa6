/* swaps_in.h - reading swaps.csv, the swaps agreed in the swap week
 *
 * swaps.csv (formats.md): swap_id, trainee_a, quarter_a, trainee_b,
 * quarter_b; each row exchanges aios a's placement that starts in quarter_a
 * with aios b's placement that starts in quarter_b (blank: quarter_a).
 * Rows sharing a swap_id form one swap, applied all or nothing.  Dutch
 * headers are accepted too: ruil_id, aios_a, kwartaal_a, aios_b, kwartaal_b.
 *
 * Read in the dialects of csvfile.h.  Cell errors (an empty swap_id or
 * trainee id, a malformed quarter) are input errors with file, line and
 * column.  Ids are not resolved here: a swap naming an aios who is not in
 * the letters is rejected with that reason by the re-run, not refused as
 * input.  A swaps_t owns its memory; swaps_free() accepts a zeroed struct.
 */
#ifndef STAGEMATCH_SWAPS_IN_H
#define STAGEMATCH_SWAPS_IN_H

#include "../models/diag.h"

typedef struct swap_row {
    char *swap_id;
    char *ta, *tb;       /* trainee ids as written */
    int qa, qb;          /* quarter indices (qb = qa when blank) */
    int line;
} swap_row_t;

typedef struct swaps {
    swap_row_t *row;     /* in file order */
    int nrow;
    char *name;          /* base name of the file, for diagnostics */
} swaps_t;

/* Read the swaps file at path.  Returns 0, or -1 after recording errors. */
int swaps_read(const char *path, char delimiter, swaps_t *S, diags_t *d);
void swaps_free(swaps_t *S);

#endif
