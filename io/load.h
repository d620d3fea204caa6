/* load.h - reading an input folder into an instance
 *
 * load_instance() reads every input file of formats.md from dir
 * (preferences.csv and capacity.csv required; exemptions.csv, parttime.csv,
 * regions.csv and locked.csv optional), in the Excel dialects of formats.md,
 * checks each cell and the references between files, and fills *in.
 * Every problem goes to *d as an error or warning naming file, line and
 * column; reading goes on after an error so that all problems of a run are
 * reported.  Returns 0 when there were no errors (warnings allowed), -1
 * otherwise; on -1 *in may be partly filled and must still be freed with
 * instance_free().
 *
 * The checks that need the rules of rules.md beyond a single cell (stage year
 * inside the horizon, exemption totals) are done here too, with the helpers
 * of models/rules.h.  Wishes that cannot be met are not load errors: the
 * rules module warns about them.
 */
#ifndef STAGEMATCH_LOAD_H
#define STAGEMATCH_LOAD_H

#include "../models/diag.h"
#include "../models/domain.h"

typedef struct load_opts {
    char delimiter;      /* 0: detect per file from the header line; else ',' or ';' */
} load_opts_t;

int load_instance(const char *dir, const load_opts_t *opts, instance_t *in, diags_t *d);

/* --lang nl: a message of load_instance in Dutch (malloc'ed; NULL with
 * errno ENOMEM).  A message it does not know (from the CSV reader or the
 * plan builder) comes back unchanged, in English. */
char *load_message_nl(const char *msg);
/* A whole diagnostic as diag_format() writes it, in Dutch: "FILE:LINE:
 * kolom 'COLUMN': waarschuwing: MESSAGE". */
char *load_diag_format_nl(const diag_t *g);

#endif
