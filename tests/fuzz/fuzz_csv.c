/* fuzz_csv.c - libFuzzer target for the CSV layer (io/csvfile.c)
 *
 * The first byte of the input picks the options (delimiter detected, ',' or
 * ';'; optional file or not), the rest is the file's bytes.  The parsed file
 * is checked for the invariants csvfile.h promises (every row's cells are
 * NUL-terminated strings, no more cells than header columns, lines
 * ascending) and bound against a column spec like load.c's.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../io/csvfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int claim(const char *name, void *ctx)
{
    (void)ctx;
    return strlen(name) == 7 && name[4] == '-';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char delims[3] = {0, ',', ';'};
    csvfile_opts_t o = {delims[data[0] % 3], (data[0] >> 2) & 1, "a hint", "trainee_id,factor"};
    csvfile_t f;
    diags_t d;
    diags_init(&d);
    int rc = csvfile_parse(&f, "fuzz.csv", (const char *)data + 1, size - 1, &o, &d);
    if (rc == 0) {
        if (f.delimiter != ',' && f.delimiter != ';')
            abort();
        int last = 0;
        for (int r = 0; r < f.nrow; r++) {
            const csv_row_t *row = &f.row[r];
            if (row->ncell > f.ncol || row->line <= last || row->line <= f.header_line)
                abort();
            last = row->line;
            for (int k = -1; k <= row->ncell; k++)
                (void)strlen(csvfile_cell(row, k));
        }
        for (int c = 0; c < f.ncol; c++)
            (void)strlen(f.col[c]);
        static const csv_colspec_t spec[] = {
            {"trainee_id", "aios_id|id", 1}, {"factor", "deeltijdfactor", 0}, {"name", "naam", 0}};
        int idx[3];
        csvfile_bind(&f, spec, 3, idx, claim, NULL, &d);
    } else if (rc != -1) {
        abort();
    }
    for (int i = 0; i < d.n; i++)
        free(diag_format(&d.v[i]));
    csvfile_release(&f);
    diags_release(&d);
    return 0;
}
