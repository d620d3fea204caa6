/* swaps_in.c - reading swaps.csv (swaps_in.h) */
#include "swaps_in.h"

#include <stdlib.h>
#include <string.h>

#include "../models/calendar.h"
#include "csvfile.h"
#include "parse.h"

enum { S_ID, S_TA, S_QA, S_TB, S_QB, S_N };
static const csv_colspec_t cols[S_N] = {
    {"swap_id", "ruil_id|ruil", 1},      {"trainee_a", "aios_a", 1},
    {"quarter_a", "kwartaal_a", 1},      {"trainee_b", "aios_b", 1},
    {"quarter_b", "kwartaal_b", 0},
};

void swaps_free(swaps_t *S)
{
    if (!S)
        return;
    for (int i = 0; i < S->nrow; i++) {
        free(S->row[i].swap_id);
        free(S->row[i].ta);
        free(S->row[i].tb);
    }
    free(S->row);
    free(S->name);
    memset(S, 0, sizeof *S);
}

typedef char clip_t[88];
#define CLIP(s, b) parse_clip((s), (b), sizeof(b))

/* YYYY-MM, or the first day of a quarter as a date (Excel's rewrite). */
static int quarter_text(const char *s, int *q)
{
    if (quarter_parse(s, q) == 0)
        return 0;
    int dt, y, m, dd;
    if (date_parse(s, &dt) == 0) {
        date_to_ymd(dt, &y, &m, &dd);
        if (dd == 1 && m % 3 == 0) {
            *q = quarter_of_date(dt);
            return 0;
        }
    }
    return -1;
}

int swaps_read(const char *path, char delimiter, swaps_t *S, diags_t *d)
{
    memset(S, 0, sizeof *S);
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (slash) {
        size_t n = (size_t)(slash - path);
        dir = malloc(n + 2);
        if (!dir)
            goto oom;
        if (n == 0)
            strcpy(dir, "/");
        else {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
    }
    const char *base = slash ? slash + 1 : path;
    S->name = strdup(*base ? base : path);
    if (!S->name) {
        free(dir);
        goto oom;
    }
    csvfile_t f;
    memset(&f, 0, sizeof f);
    csvfile_opts_t o = {delimiter, 0, "expected the swaps agreed in the swap week",
                        "swap_id,trainee_a,quarter_a,trainee_b,quarter_b"};
    int nerr0 = d->nerr;
    int rc = csvfile_read(&f, dir ? dir : ".", base, &o, d);
    free(dir);
    if (rc != 0) {
        csvfile_release(&f);
        return -1;
    }
    int idx[S_N];
    if (csvfile_bind(&f, cols, S_N, idx, NULL, NULL, d) != 0) {
        csvfile_release(&f);
        return -1;
    }
    S->row = calloc((size_t)(f.nrow ? f.nrow : 1), sizeof *S->row);
    if (!S->row) {
        csvfile_release(&f);
        goto oom;
    }
    for (int i = 0; i < f.nrow; i++) {
        const csv_row_t *r = &f.row[i];
        const char *v[S_N];
        for (int k = 0; k < S_N; k++)
            v[k] = csvfile_cell(r, idx[k]);
        clip_t b;
        int ok = 1;
        if (!*v[S_ID]) {
            diag_error(d, f.name, r->line, cols[S_ID].name,
                       "the cell is empty (expected a swap id; rows with the same id are one "
                       "swap)");
            ok = 0;
        }
        for (int k = S_TA; k <= S_TB; k += 2)
            if (parse_id(v[k]) != PARSE_OK) {
                diag_error(d, f.name, r->line, cols[k].name,
                           *v[k] ? "'%s' is not a trainee id (expected the trainee_id of an "
                                   "aios in the letters)"
                                 : "the cell is empty%s (expected the trainee_id of an aios in "
                                   "the letters)",
                           CLIP(v[k], b));
                ok = 0;
            }
        int qa = 0, qb = 0;
        if (quarter_text(v[S_QA], &qa) != 0) {
            diag_error(d, f.name, r->line, cols[S_QA].name,
                       "'%s' is not a quarter (expected YYYY-MM with the month 03, 06, 09 or "
                       "12: the quarter in which aios a's placement starts)",
                       CLIP(v[S_QA], b));
            ok = 0;
        }
        if (!*v[S_QB])
            qb = qa;
        else if (quarter_text(v[S_QB], &qb) != 0) {
            diag_error(d, f.name, r->line, cols[S_QB].name,
                       "'%s' is not a quarter (expected YYYY-MM with the month 03, 06, 09 or "
                       "12, or blank for the same quarter as quarter_a)",
                       CLIP(v[S_QB], b));
            ok = 0;
        }
        if (!ok)
            continue;
        swap_row_t *w = &S->row[S->nrow];
        w->swap_id = strdup(v[S_ID]);
        w->ta = strdup(v[S_TA]);
        w->tb = strdup(v[S_TB]);
        w->qa = qa;
        w->qb = qb;
        w->line = r->line;
        S->nrow++;
        if (!w->swap_id || !w->ta || !w->tb) {
            csvfile_release(&f);
            goto oom;
        }
    }
    csvfile_release(&f);
    return d->nerr > nerr0 ? -1 : 0;
oom:
    diag_error(d, NULL, 0, NULL, "out of memory while reading the swaps");
    return -1;
}
