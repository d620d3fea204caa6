/* rerun_out.h - the re-run's own output files (docs/rerun.md)
 *
 * Writers in the out_file_t shape of output.h (write(fp, ctx) returns 0 or
 * -1 with errno set), all taking a rerun_out_t as ctx:
 *   changes.csv         trainee_id, name, old_site_id, old_start_date,
 *                       new_site_id, new_start_date, reason: one line per
 *                       placement that differs between the previous letters
 *                       and this run, per changed aios (sorted by trainee_id,
 *                       then date); aiossen who did not change are absent;
 *   rejected_swaps.csv  swap_id, trainee_a, quarter_a, trainee_b, quarter_b,
 *                       reason: every row of each rejected swap;
 *   summary.txt / .json output.h's summaries plus a "swap week (re-run)"
 *                       section / a "rerun" object: date, files, swaps
 *                       applied and rejected, frozen placements, manual
 *                       decisions, aiossen changed, new and left.
 * Same delimiter, byte-order mark and formula neutralisation as letters.csv;
 * the columns and reasons are in English whatever the letters' language.
 */
#ifndef STAGEMATCH_RERUN_OUT_H
#define STAGEMATCH_RERUN_OUT_H

#include <stdio.h>

#include "../models/alloc.h"
#include "../models/domain.h"
#include "../models/rerun.h"
#include "output.h"

typedef struct rerun_out {
    const instance_t *in;
    const allocation_t *al;
    const rerun_t *R;
    const run_info_t *ri;
    const char *previous;   /* --previous path */
    const char *swaps;      /* --swaps path, or NULL */
} rerun_out_t;

int rerun_write_changes(FILE *fp, void *ctx);
int rerun_write_rejected(FILE *fp, void *ctx);
int rerun_write_summary_txt(FILE *fp, void *ctx);
int rerun_write_summary_json(FILE *fp, void *ctx);
/* output_letters / output_unplaced in the out_file_t shape. */
int rerun_write_letters(FILE *fp, void *ctx);
int rerun_write_unplaced(FILE *fp, void *ctx);

#endif
