/* letters_in.c - reading back a letters.csv (letters_in.h) */
#include "letters_in.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../models/calendar.h"
#include "../models/rerun.h"
#include "csvfile.h"
#include "parse.h"

enum { K_ID, K_FIELD, K_SITE, K_START, K_END, K_LOCKED, K_NAME, K_N };
static const csv_colspec_t cols[K_N] = {
    {"trainee_id", "aios_id|aios", 1},   {"field", "onderdeel", 1},
    {"site_id", "stageplaats_id", 1},    {"start_date", "begindatum", 1},
    {"end_date", "einddatum", 1},        {"locked", "vastgelegd", 1},
    {"name", "naam", 0},
};

/* The other columns a letters file holds: accepted and ignored. */
static int claim_any(const char *name, void *ctx)
{
    (void)name;
    (void)ctx;
    return 1;
}

void letters_free(letters_t *L)
{
    if (!L)
        return;
    for (int i = 0; i < L->nrow; i++) {
        free(L->row[i].trainee_id);
        free(L->row[i].site_id);
        free(L->row[i].name);
    }
    free(L->row);
    free(L->name);
    memset(L, 0, sizeof *L);
}

static int cmp_rows(const void *a, const void *b)
{
    const letter_row_t *x = a, *y = b;
    int c = strcmp(x->trainee_id, y->trainee_id);
    if (c)
        return c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

typedef char clip_t[88];
#define CLIP(s, b) parse_clip((s), (b), sizeof(b))

int letters_read(const char *path, const instance_t *in, char delimiter, letters_t *L,
                 diags_t *d)
{
    memset(L, 0, sizeof *L);
    /* split path into folder and base name: csvfile reads dir/name */
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (slash) {
        size_t n = (size_t)(slash - path);
        dir = malloc(n + 2);
        if (!dir)
            goto oom;
        if (n == 0) {
            strcpy(dir, "/");
        } else {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
    }
    const char *base = slash ? slash + 1 : path;
    L->name = strdup(*base ? base : path);
    if (!L->name) {
        free(dir);
        goto oom;
    }
    csvfile_t f;
    memset(&f, 0, sizeof f);
    csvfile_opts_t o = {delimiter, 0, "expected the letters.csv of the announced run",
                        "trainee_id,name,traject,field,site_id,start_date,end_date,locked"};
    int nerr0 = d->nerr;
    int rc = csvfile_read(&f, dir ? dir : ".", base, &o, d);
    free(dir);
    if (rc != 0) {
        csvfile_release(&f);
        return -1;
    }
    L->delimiter = f.delimiter;
    int idx[K_N];
    if (csvfile_bind(&f, cols, K_N, idx, claim_any, NULL, d) != 0) {
        csvfile_release(&f);
        return -1;
    }
    L->dutch = strcasecmp(f.col[idx[K_ID]], "trainee_id") != 0;
    L->row = calloc((size_t)(f.nrow ? f.nrow : 1), sizeof *L->row);
    if (!L->row) {
        csvfile_release(&f);
        goto oom;
    }
    for (int i = 0; i < f.nrow; i++) {
        const csv_row_t *r = &f.row[i];
        const char *tid = csvfile_cell(r, idx[K_ID]);
        const char *fld = csvfile_cell(r, idx[K_FIELD]);
        const char *sid = csvfile_cell(r, idx[K_SITE]);
        const char *s0 = csvfile_cell(r, idx[K_START]);
        const char *s1 = csvfile_cell(r, idx[K_END]);
        const char *lk = csvfile_cell(r, idx[K_LOCKED]);
        clip_t b;
        int ok = 1;
        /* the writer neutralises a leading '=' '+' '-' '@' with a quote */
        if (*tid == '\'')
            tid++;
        if (parse_id(tid) != PARSE_OK) {
            diag_error(d, f.name, r->line, cols[K_ID].name,
                       "'%s' is not a trainee id (expected the trainee_id of the letter)",
                       CLIP(tid, b));
            ok = 0;
        }
        if (*sid == '\'')
            sid++;
        if (parse_id(sid) != PARSE_OK) {
            diag_error(d, f.name, r->line, cols[K_SITE].name,
                       "'%s' is not a site id (expected the site_id of the letter)",
                       CLIP(sid, b));
            ok = 0;
        }
        int field = field_parse(fld);
        if (field == FIELD_NONE || field_is_six_week(field)) {
            diag_error(d, f.name, r->line, cols[K_FIELD].name,
                       "'%s' is not a field code (expected SEH, INT, KIN, GYN, CAR, NEU, ORT, "
                       "REU, GGZ, CCZ or WO)",
                       CLIP(fld, b));
            ok = 0;
        }
        int start = 0, end = 0;
        if (date_parse(s0, &start) != 0) {
            diag_error(d, f.name, r->line, cols[K_START].name,
                       "'%s' is not a valid date (expected YYYY-MM-DD)", CLIP(s0, b));
            ok = 0;
        }
        if (date_parse(s1, &end) != 0) {
            diag_error(d, f.name, r->line, cols[K_END].name,
                       "'%s' is not a valid date (expected YYYY-MM-DD)", CLIP(s1, b));
            ok = 0;
        } else if (ok && end < start) {
            diag_error(d, f.name, r->line, cols[K_END].name,
                       "end date %s is before start date %s (expected end_date on or after "
                       "start_date)",
                       s1, s0);
            ok = 0;
        }
        int locked = 0;
        if (parse_bool(lk, &locked) != PARSE_OK) {
            diag_error(d, f.name, r->line, cols[K_LOCKED].name,
                       "'%s' is not yes or no (expected yes, no, ja or nee)", CLIP(lk, b));
            ok = 0;
        }
        if (!ok)
            continue;
        letter_row_t *w = &L->row[L->nrow];
        w->trainee_id = strdup(tid);
        w->site_id = strdup(sid);
        w->name = strdup(idx[K_NAME] >= 0 ? csvfile_cell(r, idx[K_NAME]) : "");
        if (!w->trainee_id || !w->site_id || !w->name) {
            free(w->trainee_id);
            free(w->site_id);
            free(w->name);
            csvfile_release(&f);
            goto oom;
        }
        w->trainee = instance_find_trainee(in, tid);
        w->site = instance_find_site(in, sid);
        w->field = field;
        w->start = start;
        w->end = end;
        w->locked = locked;
        w->line = r->line;
        L->nrow++;
        if (w->site >= 0 && in->site[w->site].field != field)
            diag_warn(d, f.name, r->line, cols[K_FIELD].name,
                      "site '%s' is a %s site in capacity.csv, but the letter says %s (the "
                      "placement cannot be kept as it was)",
                      sid, field_code(in->site[w->site].field), field_code(field));
    }
    csvfile_release(&f);
    if (L->nrow > 1)
        qsort(L->row, (size_t)L->nrow, sizeof *L->row, cmp_rows);
    /* one placement at a time per trainee */
    for (int i = 1; i < L->nrow; i++) {
        const letter_row_t *x = &L->row[i - 1], *y = &L->row[i];
        if (strcmp(x->trainee_id, y->trainee_id) == 0 && y->start <= x->end) {
            const letter_row_t *late = x->line > y->line ? x : y;
            const letter_row_t *early = x->line > y->line ? y : x;
            clip_t b;
            diag_error(d, L->name, late->line, cols[K_START].name,
                       "trainee %s has two placements at once: this one and the one on line %d "
                       "(expected one placement at a time)",
                       CLIP(y->trainee_id, b), early->line);
        }
    }
    return d->nerr > nerr0 ? -1 : 0;
oom:
    diag_error(d, NULL, 0, NULL, "out of memory while reading the previous letters");
    return -1;
}

int letters_trainee_rows(const letters_t *L, const char *trainee_id, int *first)
{
    /* rows are sorted by trainee id: binary search the first */
    int lo = 0, hi = L->nrow;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(L->row[mid].trainee_id, trainee_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int n = 0;
    while (lo + n < L->nrow && strcmp(L->row[lo + n].trainee_id, trainee_id) == 0)
        n++;
    *first = lo;
    return n;
}

int letters_match(const instance_t *in, const planset_t *ps, int t, const letter_row_t *rows,
                  int n, int site[PLAN_MAX_SLOTS], int *sites_ok)
{
    (void)in;
    if (sites_ok)
        *sites_ok = 0;
    if (n <= 0 || n > PLAN_MAX_SLOTS)
        return -1;
    rr_pl_t p[PLAN_MAX_SLOTS];
    memset(p, 0, sizeof p);
    for (int i = 0; i < n; i++) {
        p[i].site_id = rows[i].site_id;
        p[i].site = rows[i].site;
        p[i].field = rows[i].field;
        p[i].start = rows[i].start;
        p[i].end = rows[i].end;
        p[i].locked = rows[i].locked;
    }
    return rerun_match(ps, t, p, n, site, sites_ok);
}
