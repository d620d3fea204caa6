/* load.c - read an input folder into an instance (formats.md, rules.md)
 *
 * Each file is read whole by csvfile (encoding, delimiter, quotes, line
 * numbers), its header bound to the columns below, and every cell converted
 * by one of the strict parsers of parse.h or calendar.h.  Files are processed
 * in dependency order (capacity.csv first: sites, regions and the horizon),
 * then the references between files and the checks that need the rules.
 * Diagnostics are collected in a private list and handed to the caller
 * grouped by file (in the order of `files` below) and sorted by line, so that
 * the report reads like the files do, whatever order the checks ran in.
 */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../models/calendar.h"
#include "../models/rules.h"
#include "csvfile.h"
#include "parse.h"
#include "translate.h"

/* ------------------------------------------------------------ the files */

enum { PREF, CAP, EX, PT, REG, LK, NFILES };

static const char *const file_name[NFILES] = {
    "preferences.csv", "capacity.csv", "exemptions.csv",
    "parttime.csv",    "regions.csv",  "locked.csv"};

static const char *const header_hint[NFILES] = {
    "trainee_id,name,stage_start,a_choice_1", "site_id,name,field,region,2026-09",
    "trainee_id,field,months",                "trainee_id,factor",
    "trainee_id,region_1,region_2,region_3",  "trainee_id,site_id,start_date,end_date"};

/* Other files an input folder may hold without a warning. */
static const char *const other_files[] = {"swaps.csv", "letters.csv", "unplaced.csv",
                                          "changes.csv"};

#define NEEDS_BOTH "every input folder needs preferences.csv and capacity.csv"

/* Columns.  The first name is the canonical one (formats.md), used in every
 * diagnostic; the aliases are the Dutch headers a secretariat's sheet may
 * carry (docs/inputs.md lists them). */
enum {
    P_ID, P_NAME, P_EMAIL, P_START, P_A1, P_A2, P_A3, P_BEL, P_BREP, P_BPRIO, P_APER,
    P_S1, P_S2, P_S3, P_SUB1, P_SUB2, P_OUT, P_N
};
static const csv_colspec_t pref_cols[P_N] = {
    {"trainee_id", "aios_id|aios", 1},
    {"name", "naam", 1},
    {"email", "e-mail|emailadres|e-mailadres", 0},
    {"stage_start", "startkwartaal", 1},
    {"a_choice_1", "voorkeur_a_1", 0},
    {"a_choice_2", "voorkeur_a_2", 0},
    {"a_choice_3", "voorkeur_a_3", 0},
    {"b_elective", "keuzestage_b|b_keuzestage", 0},
    {"b_elective_replaces", "keuzestage_b_vervangt|vervangt", 0},
    {"b_elective_priority", "keuzestage_b_prioriteit|prioriteit", 0},
    {"a_period", "periode_a|a_periode", 0},
    {"site_1", "stageplaats_1", 0},
    {"site_2", "stageplaats_2", 0},
    {"site_3", "stageplaats_3", 0},
    {"subtype_1", "soort_1", 0},
    {"subtype_2", "soort_2", 0},
    {"outside_weeks_planned", "weken_buiten_gepland", 0},
};

enum { C_ID, C_NAME, C_INST, C_FIELD, C_SUB, C_REGION, C_SUP, C_MINF, C_BORROWED, C_N };
static const csv_colspec_t cap_cols[C_N] = {
    {"site_id", "stageplaats_id|stageplaats", 1},
    {"name", "naam", 1},
    {"institution", "instelling", 0},
    {"field", "vakgebied|onderdeel", 1},
    {"subtype", "soort", 0},
    {"region", "regio", 1},
    {"supervisor", "stageopleider|opleider", 0},
    {"min_factor", "min_deeltijdfactor|minimale_factor", 0},
    {"borrowed", "geleend", 0},
};

/* exemptions, parttime, regions and locked may carry the trainee's name
 * (a sheet exported with names): accepted and ignored. */
enum { E_ID, E_NAME, E_FIELD, E_MONTHS, E_N };
static const csv_colspec_t ex_cols[E_N] = {
    {"trainee_id", "aios_id|aios", 1},
    {"name", "naam", 0},
    {"field", "vakgebied|onderdeel|vrijstelling", 1},
    {"months", "maanden", 1},
};

enum { T_ID, T_NAME, T_FACTOR, T_N };
static const csv_colspec_t pt_cols[T_N] = {
    {"trainee_id", "aios_id|aios", 1},
    {"name", "naam", 0},
    {"factor", "deeltijdfactor", 1},
};

enum { R_ID, R_NAME, R_R1, R_R2, R_R3, R_N };
static const csv_colspec_t reg_cols[R_N] = {
    {"trainee_id", "aios_id|aios", 1},
    {"name", "naam", 0},
    {"region_1", "regio_1", 1},
    {"region_2", "regio_2", 0},
    {"region_3", "regio_3", 0},
};

enum { L_ID, L_NAME, L_SITE, L_START, L_END, L_N };
static const csv_colspec_t lk_cols[L_N] = {
    {"trainee_id", "aios_id|aios", 1},
    {"name", "naam", 0},
    {"site_id", "stageplaats_id|stageplaats", 1},
    {"start_date", "startdatum|begindatum", 1},
    {"end_date", "einddatum", 1},
};

#define ID_RULE "1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'"
#define FACTOR_RULE "e.g. 0.8, 0,8 or 80%%" /* used in formats */
#define QUARTER_RULE "YYYY-MM with the month 03, 06, 09 or 12, e.g. 2026-09"
#define DATE_RULE "YYYY-MM-DD or DD-MM-YYYY, e.g. 2026-09-01"
#define PLAN_RULE                                                                            \
    "SEH, SEH+INT, SEH+KIN, SEH+GYN, SEH+CAR, SEH+NEU, SEH+ORT, or for a 3-month A "          \
    "exemption CAR, NEU or ORT; Dutch field names such as spoedeisende hulp + cardiologie " \
    "too"
#define ELECTIVE_RULE                                                                        \
    "CAR, NEU, ORT, REU or WO, or in Dutch cardiologie, neurologie, orthopedie, "            \
    "reumatologie or wetenschappelijk onderzoek"
#define SITE_FIELD_RULE                                                                      \
    "SEH, INT, KIN, GYN, CAR, NEU, ORT, REU, GGZ, CCZ or WO, or in Dutch spoedeisende hulp, " \
    "interne geneeskunde, kindergeneeskunde, gynaecologie, cardiologie, neurologie, "        \
    "orthopedie, reumatologie, psychiatrie, verpleeghuis or wetenschappelijk onderzoek"
#define EX_FIELD_RULE                                                                        \
    "SEH, INT, KIN, GYN, GGZ or CCZ, or in Dutch spoedeisende hulp, interne geneeskunde, "   \
    "kindergeneeskunde, gynaecologie, psychiatrie or verpleeghuis"
#define HORIZON_MAX 200 /* quarters: 50 years */

/* ------------------------------------------------------------ id maps */

/* A hash map from id text to an int, keys borrowed (they outlive the map);
 * with fold, ASCII case is ignored. */
typedef struct idmap {
    const char **key;
    int *val;
    size_t cap, n;
    int fold;
} idmap_t;

static unsigned char fold_c(unsigned char c, int fold)
{
    return fold && c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static size_t idmap_hash(const char *s, int fold)
{
    uint64_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ fold_c(*p, fold)) * 1099511628211u;
    return (size_t)h;
}

static int idmap_eq(const idmap_t *m, const char *a, const char *b)
{
    return m->fold ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

static int idmap_get(const idmap_t *m, const char *k)
{
    if (!m->cap)
        return -1;
    for (size_t i = idmap_hash(k, m->fold) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->key[i])
            return -1;
        if (idmap_eq(m, m->key[i], k))
            return m->val[i];
    }
}

/* 0 inserted, 1 already there (value unchanged), -1 out of memory. */
static int idmap_put(idmap_t *m, const char *k, int v)
{
    if (idmap_get(m, k) >= 0)
        return 1;
    if (2 * (m->n + 1) > m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 64;
        const char **nk = calloc(nc, sizeof *nk);
        int *nv = calloc(nc, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i]) {
                size_t j = idmap_hash(m->key[i], m->fold) & (nc - 1);
                while (nk[j])
                    j = (j + 1) & (nc - 1);
                nk[j] = m->key[i];
                nv[j] = m->val[i];
            }
        free(m->key);
        free(m->val);
        m->key = nk;
        m->val = nv;
        m->cap = nc;
    }
    size_t i = idmap_hash(k, m->fold) & (m->cap - 1);
    while (m->key[i])
        i = (i + 1) & (m->cap - 1);
    m->key[i] = k;
    m->val[i] = v;
    m->n++;
    return 0;
}

static void idmap_free(idmap_t *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------ the loader */

typedef struct exrow {
    const char *tid;
    int field, months, line;
} exrow_t;

typedef struct loader {
    const char *dir;
    char delim;              /* forced delimiter or 0 */
    instance_t *in;
    diags_t *d;              /* the private list */
    csvfile_t f[NFILES];
    int state[NFILES];       /* 1 read, 0 absent (optional), -1 unusable */
    int usable[NFILES];      /* read, and every record became a row */
    int idcol[NFILES];       /* header column of trainee_id (site_id in capacity.csv) */
    idmap_t tr, site, region, locked;
    idmap_t ex_bad;          /* trainees with an exemption row in error */
    int ncap_regions;        /* regions named in capacity.csv */
    int horizon_ok;          /* q_first/nq come from valid quarter columns */
    int *qcol;               /* header column of each horizon quarter, -1 if none */
    char *ss_ok;             /* per trainee: stage_start was valid */
    int ss_cap;
    exrow_t *ex;
    int nex;
    int oom;
} loader_t;

/* One row being read: where diagnostics go and which header column holds
 * each spec column. */
typedef struct rowctx {
    loader_t *L;
    const csvfile_t *f;
    const csv_row_t *r;
    const csv_colspec_t *spec;
    const int *idx;
} rowctx_t;

static char *xdup(loader_t *L, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        L->oom = 1;
        return NULL;
    }
    memcpy(p, s, n);
    return p;
}

static void vdiag(rowctx_t *c, diag_level_t lv, int k, const char *fmt, va_list ap)
    DIAG_PRINTF(4, 0);
static void vdiag(rowctx_t *c, diag_level_t lv, int k, const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    diags_add(c->L->d, lv, c->f->name, c->r->line, k >= 0 ? c->spec[k].name : NULL, "%s", buf);
}

/* An error or warning on cell k of the row (k < 0: the row). */
static void cerr(rowctx_t *c, int k, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void cerr(rowctx_t *c, int k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(c, DIAG_ERROR, k, fmt, ap);
    va_end(ap);
}

static void cwarn(rowctx_t *c, int k, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void cwarn(rowctx_t *c, int k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdiag(c, DIAG_WARNING, k, fmt, ap);
    va_end(ap);
}

static const char *cell(const rowctx_t *c, int k) { return csvfile_cell(c->r, c->idx[k]); }

typedef char clip_t[88];
#define CLIP(s, b) parse_clip((s), (b), sizeof(b))

/* A required id (trainee or site).  Returns the text (possibly invalid:
 * reported, but kept so that references to the same text do not pile up
 * further errors), or NULL when the cell is empty. */
static const char *get_id(rowctx_t *c, int k, const char *what)
{
    const char *s = cell(c, k);
    clip_t b;
    if (!*s) {
        cerr(c, k, "the cell is empty (expected a %s id: " ID_RULE ")", what);
        return NULL;
    }
    int st = parse_id(s);
    if (st == PARSE_RANGE)
        cerr(c, k, "'%s' is %zu characters long (expected a %s id of " ID_RULE ")", CLIP(s, b),
             strlen(s), what);
    else if (st != PARSE_OK) {
        const char *bad = parse_id_bad_char(s);
        char ch[8] = "";
        size_t n = (unsigned char)*bad >= 0xF0 ? 4 : (unsigned char)*bad >= 0xE0 ? 3
                   : (unsigned char)*bad >= 0xC0 ? 2 : 1;
        for (size_t i = 0; i < n && bad[i]; i++)
            ch[i] = bad[i];
        clip_t cb;
        cerr(c, k, "'%s' holds '%s', which an id may not (expected a %s id of " ID_RULE ")",
             CLIP(s, b), CLIP(ch, cb), what);
    }
    return s;
}

/* A cell that must not be empty: 0, or -1 after an error. */
static int need_text(rowctx_t *c, int k, const char *expect)
{
    if (*cell(c, k))
        return 0;
    cerr(c, k, "the cell is empty (expected %s)", expect);
    return -1;
}

/* A quarter: YYYY-MM, or a date on the first day of a quarter (Excel turns
 * "2026-09" typed into a cell into the date 1-9-2026). */
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

/* Why s is not a quarter, for messages: YYYY-MM with a month that does not
 * start a quarter gets its own words. */
static const char *quarter_why(const char *s)
{
    int m;
    char mm[3] = {0, 0, 0};
    if (strlen(s) == 7 && s[4] == '-') {
        mm[0] = s[5];
        mm[1] = s[6];
        int digits = 1;
        for (int i = 0; i < 4; i++)
            digits &= s[i] >= '0' && s[i] <= '9';
        if (digits && parse_int(mm, 1, 12, &m) == PARSE_OK)
            return "is not a quarter: quarters start in March, June, September and December";
    }
    return "is not a quarter";
}

/* An optional quarter (required: an error when empty).  Returns 1 when a
 * quarter was read into *q, 0 when the cell is blank, -1 after an error. */
static int get_quarter(rowctx_t *c, int k, int required, int *q)
{
    const char *s = cell(c, k);
    clip_t b;
    if (!*s) {
        if (required) {
            cerr(c, k, "the cell is empty (expected a quarter " QUARTER_RULE ")");
            return -1;
        }
        return 0;
    }
    if (quarter_text(s, q) == 0)
        return 1;
    cerr(c, k, "'%s' %s (expected " QUARTER_RULE ")", CLIP(s, b), quarter_why(s));
    return -1;
}

static int get_date(rowctx_t *c, int k, int *out)
{
    const char *s = cell(c, k);
    clip_t b;
    if (!*s) {
        cerr(c, k, "the cell is empty (expected a date " DATE_RULE ")");
        return -1;
    }
    if (date_parse(s, out) == 0)
        return 0;
    cerr(c, k, "'%s' is not a valid date (expected " DATE_RULE ")", CLIP(s, b));
    return -1;
}

/* A whole number lo..hi, dflt when blank (dflt < 0: required).  what
 * describes the value for the message. */
static int get_int(rowctx_t *c, int k, int lo, int hi, int dflt, const char *what, int *out)
{
    const char *s = cell(c, k);
    clip_t b;
    if (!*s) {
        if (dflt >= 0) {
            *out = dflt;
            return 0;
        }
        cerr(c, k, "the cell is empty (expected %s: a whole number from %d to %d)", what, lo, hi);
        return -1;
    }
    int st = parse_int(s, lo, hi, out);
    if (st == PARSE_OK)
        return 0;
    if (st == PARSE_RANGE)
        cerr(c, k, "%s is out of range (expected %s: a whole number from %d to %d)", CLIP(s, b),
             what, lo, hi);
    else
        cerr(c, k, "'%s' is not a whole number (expected %s: a whole number from %d to %d)",
             CLIP(s, b), what, lo, hi);
    return -1;
}

static int get_factor(rowctx_t *c, int k, int dflt, int *out)
{
    const char *s = cell(c, k);
    clip_t b;
    if (!*s) {
        if (dflt > 0) {
            *out = dflt;
            return 0;
        }
        cerr(c, k, "the cell is empty (expected a factor from 0.5 to 1.0, " FACTOR_RULE ")");
        return -1;
    }
    int st = parse_factor(s, 500, 1000, out);
    if (st == PARSE_OK)
        return 0;
    if (st == PARSE_RANGE)
        cerr(c, k, "%s is out of range (expected a factor from 0.5 to 1.0, " FACTOR_RULE ")",
             CLIP(s, b));
    else if (st == PARSE_PRECISION)
        cerr(c, k,
             "'%s' has too many decimals (expected at most 3 decimals, or 1 in a percentage, "
             "e.g. 0.875 or 87,5%%)",
             CLIP(s, b));
    else
        cerr(c, k, "'%s' is not a number (expected a factor from 0.5 to 1.0, " FACTOR_RULE ")",
             CLIP(s, b));
    return -1;
}

static int get_bool(rowctx_t *c, int k, int dflt, int *out)
{
    const char *s = cell(c, k);
    clip_t b;
    if (!*s) {
        *out = dflt;
        return 0;
    }
    if (parse_bool(s, out) == PARSE_OK)
        return 0;
    cerr(c, k, "'%s' is not yes or no (expected yes/no, ja/nee, y/n, j, true/false, "
               "waar/onwaar or 1/0; blank means no)",
         CLIP(s, b));
    return -1;
}

/* A copy of an optional text cell ("" when blank). */
static char *get_text(rowctx_t *c, int k) { return xdup(c->L, cell(c, k)); }

/* Read file i and bind its header.  Returns 1 when there are rows to read. */
static int open_file(loader_t *L, int i, const csv_colspec_t *spec, int nspec, int *idx,
                     int (*claim)(const char *, void *), void *ctx)
{
    csvfile_opts_t o = {L->delim, i != PREF && i != CAP,
                        i == PREF || i == CAP ? NEEDS_BOTH : NULL, header_hint[i]};
    int rc = csvfile_read(&L->f[i], L->dir, file_name[i], &o, L->d);
    L->state[i] = rc == 0 ? 1 : rc == 1 ? 0 : -1;
    if (rc != 0)
        return 0;
    if (csvfile_bind(&L->f[i], spec, nspec, idx, claim, ctx, L->d) != 0) {
        L->state[i] = -1;
        return 0;
    }
    L->usable[i] = L->f[i].complete;
    L->idcol[i] = idx[0];
    if (L->f[i].nrow == 0 && L->f[i].complete && (i == PREF || i == CAP)) {
        diag_error(L->d, file_name[i], 0, NULL, "no data rows (expected one row per %s below "
                                                "the header line)",
                   i == PREF ? "trainee to plan" : "site");
        L->usable[i] = 0;
    }
    return 1;
}

/* ------------------------------------------------------------ capacity.csv */

/* Header names capacity.csv may use for a quarter: digits with '-', '/' or '.'. */
static int claim_quarter(const char *name, void *ctx)
{
    (void)ctx;
    if (!(name[0] >= '0' && name[0] <= '9'))
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '-' || *p == '/' || *p == '.'))
            return 0;
    return 1;
}

static int header_is_spec(const int *idx, int n, int c)
{
    for (int i = 0; i < n; i++)
        if (idx[i] == c)
            return 1;
    return 0;
}

/* The quarter columns: sets q_first, nq and L->qcol; 0 when usable. */
static int read_quarters(loader_t *L, const int *idx)
{
    csvfile_t *f = &L->f[CAP];
    instance_t *in = L->in;
    int *colq = malloc((size_t)(f->ncol ? f->ncol : 1) * sizeof *colq);
    if (!colq) {
        L->oom = 1;
        return -1;
    }
    int ok = 1, nq = 0, lo = 0, hi = 0;
    clip_t b;
    for (int c = 0; c < f->ncol; c++) {
        colq[c] = QUARTER_NONE;
        const char *h = f->col[c];
        if (header_is_spec(idx, C_N, c) || !claim_quarter(h, NULL))
            continue;
        int q;
        if (quarter_text(h, &q) != 0) {
            diag_error(L->d, f->name, f->header_line, h,
                       "'%s' %s (expected a quarter column headed " QUARTER_RULE ")",
                       CLIP(h, b), quarter_why(h));
            ok = 0;
            continue;
        }
        int dup = -1;
        for (int c2 = 0; c2 < c; c2++)
            if (colq[c2] == q)
                dup = c2;
        if (dup >= 0) {
            /* the same text twice was reported by csvfile_bind */
            if (strcasecmp(f->col[dup], h) != 0) {
                char ql[8];
                quarter_format(q, ql);
                diag_error(L->d, f->name, f->header_line, h,
                           "quarter %s appears twice: column %d '%s' and column %d (expected "
                           "each quarter once)",
                           ql, dup + 1, CLIP(f->col[dup], b), c + 1);
            }
            ok = 0;
            continue;
        }
        colq[c] = q;
        if (!nq || q < lo)
            lo = q;
        if (!nq || q > hi)
            hi = q;
        nq++;
    }
    if (nq == 0 && ok) {
        diag_error(L->d, f->name, f->header_line, NULL,
                   "no quarter columns (expected at least one capacity column headed "
                   QUARTER_RULE ")");
        ok = 0;
    }
    if (nq && hi - lo >= HORIZON_MAX) {
        char a[8], z[8];
        quarter_format(lo, a);
        quarter_format(hi, z);
        diag_error(L->d, f->name, f->header_line, NULL,
                   "the quarter columns run from %s to %s, more than %d years (expected the "
                   "quarters of one planning horizon)",
                   a, z, HORIZON_MAX / 4);
        ok = 0;
        nq = 0;
    }
    if (nq) {
        in->q_first = lo;
        in->nq = hi - lo + 1;
        L->qcol = malloc((size_t)in->nq * sizeof *L->qcol);
        if (!L->qcol) {
            L->oom = 1;
            free(colq);
            in->nq = 0;
            return -1;
        }
        for (int q = 0; q < in->nq; q++)
            L->qcol[q] = -1;
        for (int c = 0; c < f->ncol; c++)
            if (colq[c] != QUARTER_NONE && colq[c] >= lo && colq[c] <= hi)
                L->qcol[colq[c] - lo] = c;
        /* gaps */
        for (int q = 0; q < in->nq;) {
            if (L->qcol[q] >= 0) {
                q++;
                continue;
            }
            int e = q;
            while (L->qcol[e] < 0)
                e++;
            char a[8], z[8], p[8], n[8], f0[8], f1[8];
            quarter_format(lo + q, a);
            quarter_format(lo + e - 1, z);
            quarter_format(lo + q - 1, p);
            quarter_format(lo + e, n);
            quarter_format(lo, f0);
            quarter_format(hi, f1);
            if (e - q == 1)
                diag_error(L->d, f->name, f->header_line, NULL,
                           "quarter %s is missing between %s and %s (expected a column for "
                           "every quarter from %s to %s)",
                           a, p, n, f0, f1);
            else
                diag_error(L->d, f->name, f->header_line, NULL,
                           "quarters %s to %s are missing between %s and %s (expected a column "
                           "for every quarter from %s to %s)",
                           a, z, p, n, f0, f1);
            ok = 0;
            q = e;
        }
    }
    free(colq);
    L->horizon_ok = ok && nq > 0;
    return L->horizon_ok ? 0 : -1;
}

static int add_region(loader_t *L, const char *name)
{
    instance_t *in = L->in;
    int r = idmap_get(&L->region, name);
    if (r >= 0)
        return r;
    char **nr = realloc(in->region, (size_t)(in->nregion + 1) * sizeof *nr);
    if (!nr) {
        L->oom = 1;
        return -1;
    }
    in->region = nr;
    char *s = xdup(L, name);
    if (!s)
        return -1;
    if (idmap_put(&L->region, s, in->nregion) < 0) {
        free(s);
        L->oom = 1;
        return -1;
    }
    in->region[in->nregion] = s;
    return in->nregion++;
}

static void load_capacity(loader_t *L)
{
    int idx[C_N];
    if (!open_file(L, CAP, cap_cols, C_N, idx, claim_quarter, NULL))
        return;
    read_quarters(L, idx);
    csvfile_t *f = &L->f[CAP];
    instance_t *in = L->in;
    in->site = calloc((size_t)(f->nrow ? f->nrow : 1), sizeof *in->site);
    if (!in->site) {
        L->oom = 1;
        return;
    }
    for (int i = 0; i < f->nrow; i++) {
        rowctx_t c = {L, f, &f->row[i], cap_cols, idx};
        clip_t b;
        const char *id = get_id(&c, C_ID, "site");
        int dup = 0;
        if (id) {
            int other = idmap_get(&L->site, id);
            if (other >= 0) {
                cerr(&c, C_ID, "duplicate site_id '%s': also on line %d (expected each site once)",
                     CLIP(id, b), in->site[other].line);
                dup = 1; /* its cells are still checked */
            }
        }
        site_t *s = &in->site[in->nsite];
        s->line = c.r->line;
        s->region = -1;
        s->field = FIELD_NONE;
        need_text(&c, C_NAME, "the site's name");
        const char *fs = cell(&c, C_FIELD);
        if (need_text(&c, C_FIELD, "a field: " SITE_FIELD_RULE) == 0) {
            s->field = field_parse(fs);
            if (s->field == FIELD_NONE)
                cerr(&c, C_FIELD, "unknown field '%s' (expected " SITE_FIELD_RULE ")", CLIP(fs, b));
        }
        const char *rs = cell(&c, C_REGION);
        if (need_text(&c, C_REGION, "the site's region, e.g. Amsterdam") == 0)
            s->region = add_region(L, rs);
        s->min_factor_pm = 500;
        get_factor(&c, C_MINF, 500, &s->min_factor_pm);
        get_bool(&c, C_BORROWED, 0, &s->borrowed);
        s->cap = calloc((size_t)(in->nq ? in->nq : 1), sizeof *s->cap);
        if (!s->cap)
            L->oom = 1;
        for (int q = 0; s->cap && L->qcol && q < in->nq; q++) {
            int col = L->qcol[q];
            if (col < 0)
                continue;
            const char *v = csvfile_cell(c.r, col);
            int st = *v ? parse_int(v, 0, 1000, &s->cap[q]) : PARSE_OK;
            if (st != PARSE_OK)
                diag_error(L->d, f->name, c.r->line, f->col[col],
                           st == PARSE_RANGE
                               ? "%s is out of range (expected the number of places in the "
                                 "quarter: a whole number from 0 to 1000; blank means 0)"
                               : "'%s' is not a whole number (expected the number of places in "
                                 "the quarter: a whole number from 0 to 1000; blank means 0)",
                           CLIP(v, b));
        }
        s->id = xdup(L, id ? id : "");
        s->name = get_text(&c, C_NAME);
        s->institution = get_text(&c, C_INST);
        s->subtype = get_text(&c, C_SUB);
        s->supervisor = get_text(&c, C_SUP);
        s->region_name = xdup(L, s->region >= 0 ? in->region[s->region] : "");
        if (dup) {
            site_release(s);
            continue;
        }
        in->nsite++;
        if (id && s->id && idmap_put(&L->site, s->id, in->nsite - 1) < 0)
            L->oom = 1;
    }
    L->ncap_regions = in->nregion;
}

/* ------------------------------------------------------------ preferences.csv */

static void trainee_init(trainee_t *t)
{
    memset(t, 0, sizeof *t);
    t->planned = 1;
    t->stage_start = QUARTER_NONE;
    t->a_period = QUARTER_NONE;
    t->b_elective = t->b_replaces = FIELD_NONE;
    t->factor_pm = 1000;
    for (int k = 0; k < 3; k++) {
        t->a_choice[k] = PLAN_NONE;
        t->site_wish[k] = -1;
        t->region_pref[k] = -1;
    }
}

static void load_preferences(loader_t *L)
{
    int idx[P_N];
    if (!open_file(L, PREF, pref_cols, P_N, idx, NULL, NULL))
        return;
    csvfile_t *f = &L->f[PREF];
    instance_t *in = L->in;
    in->tr = calloc((size_t)(f->nrow ? f->nrow : 1), sizeof *in->tr);
    L->ss_ok = calloc((size_t)(f->nrow ? f->nrow : 1), 1);
    if (!in->tr || !L->ss_ok) {
        L->oom = 1;
        return;
    }
    for (int i = 0; i < f->nrow; i++) {
        rowctx_t c = {L, f, &f->row[i], pref_cols, idx};
        clip_t b;
        const char *id = get_id(&c, P_ID, "trainee");
        int dup = 0;
        if (id) {
            int other = idmap_get(&L->tr, id);
            if (other >= 0) {
                cerr(&c, P_ID,
                     "duplicate trainee_id '%s': also on line %d (expected one row per trainee)",
                     CLIP(id, b), in->tr[other].line);
                dup = 1; /* its cells are still checked */
            }
        }
        trainee_t *t = &in->tr[in->ntr];
        trainee_init(t);
        t->line = c.r->line;
        need_text(&c, P_NAME, "the trainee's full name");
        int q;
        if (get_quarter(&c, P_START, 1, &q) == 1) {
            t->stage_start = q;
            L->ss_ok[in->ntr] = 1;
        }
        for (int k = 0; k < 3; k++) {
            const char *s = cell(&c, P_A1 + k);
            if (!*s)
                continue;
            t->a_choice[k] = plan_parse(s);
            if (t->a_choice[k] == PLAN_NONE)
                cerr(&c, P_A1 + k, "unknown plan '%s' (expected " PLAN_RULE ")", CLIP(s, b));
        }
        const char *be = cell(&c, P_BEL), *br = cell(&c, P_BREP);
        if (*be) {
            int e = field_parse(be);
            if (e == FIELD_NONE)
                cerr(&c, P_BEL, "unknown field '%s' (expected " ELECTIVE_RULE ")", CLIP(be, b));
            else if (field_is_six_week(e))
                cerr(&c, P_BEL, "six-week electives are not supported yet (expected "
                                ELECTIVE_RULE ")");
            else if (e != F_CAR && e != F_NEU && e != F_ORT && e != F_REU && e != F_WO)
                cerr(&c, P_BEL, "%s is not a B elective (expected " ELECTIVE_RULE ")",
                     field_code(e));
            else
                t->b_elective = e;
            if (!*br)
                cerr(&c, P_BREP, "the cell is empty, but b_elective is '%s' (expected GGZ or "
                                 "CCZ: the field the elective replaces)",
                     CLIP(be, b));
        }
        if (*br) {
            int r = field_parse(br);
            if (!*be)
                cerr(&c, P_BREP, "'%s' is given but b_elective is empty (expected it blank "
                                 "unless b_elective names an elective)",
                     CLIP(br, b));
            else if (r != F_GGZ && r != F_CCZ)
                cerr(&c, P_BREP, "'%s' is not GGZ or CCZ (expected GGZ or CCZ: the field the "
                                 "elective replaces)",
                     CLIP(br, b));
            else
                t->b_replaces = r;
        }
        if (t->b_elective == FIELD_NONE || t->b_replaces == FIELD_NONE)
            t->b_elective = t->b_replaces = FIELD_NONE;
        get_int(&c, P_BPRIO, 0, 3, 0, "the motivation score", &t->b_priority);
        if (get_quarter(&c, P_APER, 0, &q) == 1)
            t->a_period = q;
        for (int k = 0; k < 3; k++) {
            const char *s = cell(&c, P_S1 + k);
            if (!*s)
                continue;
            t->site_wish[k] = idmap_get(&L->site, s);
            if (t->site_wish[k] < 0 && L->usable[CAP])
                cerr(&c, P_S1 + k, "unknown site '%s' (expected a site_id of capacity.csv)",
                     CLIP(s, b));
        }
        for (int k = 0; k < 2; k++)
            if (*cell(&c, P_SUB1 + k))
                t->subtype_wish[k] = get_text(&c, P_SUB1 + k);
        get_int(&c, P_OUT, 0, 200, 0, "weeks outside hospital and GP practice",
                &t->outside_weeks);
        t->id = xdup(L, id ? id : "");
        t->name = get_text(&c, P_NAME);
        t->email = get_text(&c, P_EMAIL);
        if (dup) {
            free(t->id);
            free(t->name);
            free(t->email);
            free(t->subtype_wish[0]);
            free(t->subtype_wish[1]);
            trainee_init(t);
            L->ss_ok[in->ntr] = 0;
            continue;
        }
        in->ntr++;
        if (id && t->id && idmap_put(&L->tr, t->id, in->ntr - 1) < 0)
            L->oom = 1;
    }
}

/* ------------------------------------------------------------ exemptions.csv */

static void load_exemptions(loader_t *L)
{
    int idx[E_N];
    if (!open_file(L, EX, ex_cols, E_N, idx, NULL, NULL))
        return;
    csvfile_t *f = &L->f[EX];
    size_t nr = (size_t)(f->nrow ? f->nrow : 1);
    L->ex = calloc(nr, sizeof *L->ex);
    /* per trainee (numbered by `who`): A months so far, and the line of the
     * row for each field */
    int *atot = calloc(nr, sizeof *atot);
    int *fline = calloc(nr * FIELD_COUNT, sizeof *fline);
    idmap_t who = {0};
    if (!L->ex || !atot || !fline) {
        L->oom = 1;
        free(atot);
        free(fline);
        return;
    }
    for (int i = 0; i < f->nrow; i++) {
        rowctx_t c = {L, f, &f->row[i], ex_cols, idx};
        clip_t b;
        const char *id = get_id(&c, E_ID, "trainee");
        const char *fs = cell(&c, E_FIELD);
        int fld = FIELD_NONE, months = 0, ok = 1;
        if (need_text(&c, E_FIELD, "the exempted field: " EX_FIELD_RULE) != 0)
            ok = 0;
        else {
            fld = field_parse(fs);
            if (fld == FIELD_NONE) {
                cerr(&c, E_FIELD, "unknown field '%s' (expected " EX_FIELD_RULE ")", CLIP(fs, b));
                ok = 0;
            } else if (fld != F_SEH && fld != F_INT && fld != F_KIN && fld != F_GYN &&
                       fld != F_GGZ && fld != F_CCZ) {
                cerr(&c, E_FIELD, "no exemption exists for %s (expected " EX_FIELD_RULE ")",
                     field_code(fld));
                ok = 0;
            }
        }
        if (get_int(&c, E_MONTHS, 0, 1000, -1, "the months of exemption, 3 or 6", &months) != 0)
            ok = 0;
        else if (months != 3 && months != 6) {
            cerr(&c, E_MONTHS, "%d months is not an exemption (expected 3, or 6 for SEH)", months);
            ok = 0;
        } else if (months == 6 && fld != F_SEH && fld != FIELD_NONE) {
            cerr(&c, E_MONTHS, "6 months of %s exemption is not possible (expected 3: only SEH "
                               "can be exempted for 6 months)",
                 field_code(fld));
            ok = 0;
        }
        if (id && !ok && idmap_put(&L->ex_bad, id, 1) < 0)
            L->oom = 1;
        if (!id || !ok)
            continue;
        int w = idmap_get(&who, id);
        if (w < 0) {
            w = (int)who.n;
            if (idmap_put(&who, id, w) < 0) {
                L->oom = 1;
                continue;
            }
        }
        int *seen = &fline[(size_t)w * FIELD_COUNT + (size_t)fld];
        if (*seen) {
            cerr(&c, E_FIELD, "a second %s exemption for '%s': also on line %d (expected one "
                              "row per trainee and field)",
                 field_code(fld), CLIP(id, b), *seen);
            continue;
        }
        *seen = c.r->line;
        exrow_t *e = &L->ex[L->nex++];
        e->tid = id;
        e->field = fld;
        e->months = months;
        e->line = c.r->line;
        if (fld == F_GGZ || fld == F_CCZ)
            continue;
        int before = atot[w];
        atot[w] += months;
        if (atot[w] > 6 && idmap_put(&L->ex_bad, id, 1) < 0)
            L->oom = 1;
        if (before <= 6 && atot[w] > 6)
            cerr(&c, E_MONTHS,
                 "trainee %s would have %d months of A exemption in all (SEH, INT, KIN and GYN "
                 "together) (expected at most 6)",
                 CLIP(id, b), atot[w]);
    }
    idmap_free(&who);
    free(atot);
    free(fline);
}

/* ------------------------------------------------------------ parttime.csv */

static void load_parttime(loader_t *L)
{
    int idx[T_N];
    if (!open_file(L, PT, pt_cols, T_N, idx, NULL, NULL))
        return;
    csvfile_t *f = &L->f[PT];
    idmap_t seen = {0};
    for (int i = 0; i < f->nrow; i++) {
        rowctx_t c = {L, f, &f->row[i], pt_cols, idx};
        clip_t b;
        const char *id = get_id(&c, T_ID, "trainee");
        int pm = 1000;
        int ok = get_factor(&c, T_FACTOR, 0, &pm) == 0;
        if (!id)
            continue;
        int prev = idmap_get(&seen, id);
        if (prev >= 0) {
            cerr(&c, T_ID, "a second row for '%s': also on line %d (expected one row per trainee)",
                 CLIP(id, b), prev);
            continue;
        }
        if (idmap_put(&seen, id, c.r->line) < 0)
            L->oom = 1;
        int t = idmap_get(&L->tr, id);
        if (t >= 0 && ok) {
            L->in->tr[t].factor_pm = pm;
            L->in->tr[t].parttime_line = c.r->line;
        }
    }
    idmap_free(&seen);
}

/* ------------------------------------------------------------ regions.csv */

static void load_regions(loader_t *L)
{
    int idx[R_N];
    if (!open_file(L, REG, reg_cols, R_N, idx, NULL, NULL))
        return;
    csvfile_t *f = &L->f[REG];
    instance_t *in = L->in;
    idmap_t seen = {0};
    for (int i = 0; i < f->nrow; i++) {
        rowctx_t c = {L, f, &f->row[i], reg_cols, idx};
        clip_t b;
        const char *id = get_id(&c, R_ID, "trainee");
        int pref[3] = {-1, -1, -1};
        need_text(&c, R_R1, "the trainee's first region, e.g. Amsterdam");
        for (int k = 0; k < 3; k++) {
            const char *s = cell(&c, R_R1 + k);
            if (!*s)
                continue;
            int r = idmap_get(&L->region, s);
            if (r < 0 || r >= L->ncap_regions) {
                if (r < 0 && L->usable[CAP]) {
                    /* list the regions of capacity.csv, as many as fit */
                    char list[400] = "";
                    size_t used = 0;
                    for (int j = 0; j < L->ncap_regions; j++) {
                        const char *nm = in->region[j];
                        if (used + strlen(nm) + 8 > sizeof list) {
                            snprintf(list + used, sizeof list - used, ", ...");
                            break;
                        }
                        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                                 j ? ", " : "", nm);
                    }
                    cwarn(&c, R_R1 + k,
                          "no site in capacity.csv is in region '%s' (expected a region of "
                          "capacity.csv: %s; the wish still counts as region_%d)",
                          CLIP(s, b), list, k + 1);
                }
                if (r < 0)
                    r = add_region(L, s);
            }
            pref[k] = r;
        }
        if (!id)
            continue;
        int prev = idmap_get(&seen, id);
        if (prev >= 0) {
            cerr(&c, R_ID, "a second row for '%s': also on line %d (expected one row per trainee)",
                 CLIP(id, b), prev);
            continue;
        }
        if (idmap_put(&seen, id, c.r->line) < 0)
            L->oom = 1;
        int t = idmap_get(&L->tr, id);
        if (t >= 0) {
            for (int k = 0; k < 3; k++)
                in->tr[t].region_pref[k] = pref[k];
            in->tr[t].regions_line = c.r->line;
        }
    }
    idmap_free(&seen);
}

/* ------------------------------------------------------------ locked.csv */

static int cmp_locked(const void *a, const void *b, const locked_t *lk)
{
    const locked_t *x = &lk[*(const int *)a], *y = &lk[*(const int *)b];
    int c = strcmp(x->trainee_id, y->trainee_id);
    if (c)
        return c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Insertion-free merge sort of row indices (qsort has no context pointer). */
static void sort_locked(int *v, int *tmp, int n, const locked_t *lk)
{
    if (n < 2)
        return;
    int h = n / 2;
    sort_locked(v, tmp, h, lk);
    sort_locked(v + h, tmp, n - h, lk);
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_locked(&v[j], &v[i], lk) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

static void load_locked(loader_t *L)
{
    int idx[L_N];
    if (!open_file(L, LK, lk_cols, L_N, idx, NULL, NULL))
        return;
    csvfile_t *f = &L->f[LK];
    instance_t *in = L->in;
    in->lk = calloc((size_t)(f->nrow ? f->nrow : 1), sizeof *in->lk);
    char *dates_ok = calloc((size_t)(f->nrow ? f->nrow : 1), 1);
    if (!in->lk || !dates_ok) {
        free(dates_ok);
        L->oom = 1;
        return;
    }
    for (int i = 0; i < f->nrow; i++) {
        rowctx_t c = {L, f, &f->row[i], lk_cols, idx};
        clip_t b;
        const char *id = get_id(&c, L_ID, "trainee");
        locked_t *l = &in->lk[in->nlk];
        l->line = c.r->line;
        l->site = -1;
        l->trainee = -1;
        const char *ss = cell(&c, L_SITE);
        if (need_text(&c, L_SITE, "a site_id of capacity.csv") == 0) {
            l->site = idmap_get(&L->site, ss);
            if (l->site < 0 && L->usable[CAP])
                cerr(&c, L_SITE, "unknown site '%s' (expected a site_id of capacity.csv)",
                     CLIP(ss, b));
        }
        int okd = get_date(&c, L_START, &l->start) == 0;
        okd &= get_date(&c, L_END, &l->end) == 0;
        if (okd && l->end < l->start) {
            char s1[11], s2[11];
            date_format(l->start, s1);
            date_format(l->end, s2);
            cerr(&c, L_END, "end date %s is before start date %s (expected end_date on or after "
                            "start_date)",
                 s2, s1);
            okd = 0;
        }
        if (!id)
            continue;
        dates_ok[in->nlk] = (char)okd;
        l->trainee_id = xdup(L, id);
        if (!l->trainee_id)
            continue;
        l->trainee = idmap_get(&L->tr, id);
        in->nlk++;
        if (idmap_put(&L->locked, l->trainee_id, in->nlk - 1) < 0)
            L->oom = 1;
    }
    /* overlapping rows of one trainee */
    int n = 0;
    int *v = malloc((size_t)(in->nlk ? in->nlk : 1) * sizeof *v);
    int *tmp = malloc((size_t)(in->nlk ? in->nlk : 1) * sizeof *tmp);
    if (!v || !tmp) {
        L->oom = 1;
    } else {
        for (int i = 0; i < in->nlk; i++)
            if (dates_ok[i])
                v[n++] = i;
        sort_locked(v, tmp, n, in->lk);
        int far = -1; /* row of this trainee's group reaching furthest */
        for (int k = 0; k < n; k++) {
            const locked_t *x = &in->lk[v[k]];
            if (far >= 0 && strcmp(in->lk[far].trainee_id, x->trainee_id) != 0)
                far = -1;
            if (far >= 0 && x->start <= in->lk[far].end) {
                const locked_t *y = &in->lk[far];
                const locked_t *late = x->line > y->line ? x : y, *early = x->line > y->line ? y : x;
                char a1[11], a2[11], b1[11], b2[11];
                clip_t b;
                date_format(late->start, a1);
                date_format(late->end, a2);
                date_format(early->start, b1);
                date_format(early->end, b2);
                diag_error(L->d, f->name, late->line, "start_date",
                           "trainee %s is placed %s .. %s, overlapping the placement on line %d "
                           "(%s .. %s) (expected one placement at a time)",
                           CLIP(x->trainee_id, b), a1, a2, early->line, b1, b2);
            }
            if (far < 0 || x->end > in->lk[far].end)
                far = v[k];
        }
    }
    free(v);
    free(tmp);
    free(dates_ok);
}

/* ------------------------------------------------------------ across files */

/* A trainee in exemptions/parttime/regions needs a preference form or a
 * locked row; checked only when both of those files were read whole. */
static void check_references(loader_t *L)
{
    if (!L->usable[PREF] || L->state[LK] < 0 || (L->state[LK] == 1 && !L->usable[LK]))
        return;
    static const int files[] = {EX, PT, REG};
    static const csv_colspec_t *const specs[] = {ex_cols, pt_cols, reg_cols};
    for (int fi = 0; fi < 3; fi++) {
        int i = files[fi];
        if (L->state[i] != 1)
            continue;
        csvfile_t *f = &L->f[i];
        int idx[1] = {L->idcol[i]};
        for (int r = 0; r < f->nrow; r++) {
            const char *id = csvfile_cell(&f->row[r], idx[0]);
            if (!*id || idmap_get(&L->tr, id) >= 0 || idmap_get(&L->locked, id) >= 0)
                continue;
            rowctx_t c = {L, f, &f->row[r], specs[fi], idx};
            clip_t b;
            cerr(&c, 0,
                 "unknown trainee '%s': neither in preferences.csv nor in locked.csv (expected the "
                 "trainee_id of a preference form, or of a locked placement)",
                 CLIP(id, b));
        }
    }
}

static void apply_exemptions(loader_t *L)
{
    for (int i = 0; i < L->nex; i++) {
        int t = idmap_get(&L->tr, L->ex[i].tid);
        if (t < 0)
            continue;
        L->in->tr[t].ex_months[L->ex[i].field] = L->ex[i].months;
        L->in->tr[t].ex_line[L->ex[i].field] = L->ex[i].line;
    }
}

static void pref_diag(loader_t *L, diag_level_t lv, const trainee_t *t, const char *col,
                      const char *fmt, ...) DIAG_PRINTF(5, 6);
static void pref_diag(loader_t *L, diag_level_t lv, const trainee_t *t, const char *col,
                      const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    diags_add(L->d, lv, file_name[PREF], t->line, col, "%s", buf);
}

static void check_trainees(loader_t *L)
{
    instance_t *in = L->in;
    for (int i = 0; i < in->ntr; i++) {
        trainee_t *t = &in->tr[i];
        clip_t b;
        const char *id = CLIP(t->id, b);
        int yq = rules_year_quarters(t);
        if (L->ss_ok[i] && L->horizon_ok && yq > 0) {
            int first = t->stage_start, last = first + yq - 1;
            int qlast = in->q_first + in->nq - 1;
            char a[8], z[8], h0[8], h1[8], lim[8], span[24];
            quarter_format(first, a);
            quarter_format(last, z);
            quarter_format(in->q_first, h0);
            quarter_format(qlast, h1);
            quarter_format(qlast - yq + 1, lim);
            if (yq == 1)
                snprintf(span, sizeof span, "%s", a);
            else
                snprintf(span, sizeof span, "%s .. %s", a, z);
            char expect[160];
            if (in->nq < yq)
                snprintf(expect, sizeof expect,
                         "expected capacity.csv to cover a stage year of %d quarters, but it has "
                         "%d quarter column%s",
                         yq, in->nq, in->nq == 1 ? "" : "s");
            else if (in->nq == yq)
                snprintf(expect, sizeof expect, "expected stage_start %s for a stage year of %d "
                                                "quarter%s",
                         h0, yq, yq == 1 ? "" : "s");
            else
                snprintf(expect, sizeof expect,
                         "expected a stage_start from %s to %s for a stage year of %d quarter%s",
                         h0, lim, yq, yq == 1 ? "" : "s");
            if (first < in->q_first)
                pref_diag(L, DIAG_ERROR, t, "stage_start",
                          "stage year %s starts before the first quarter in capacity.csv (%s) "
                          "(%s)",
                          span, h0, expect);
            else if (last > qlast)
                pref_diag(L, DIAG_ERROR, t, "stage_start",
                          "stage year %s runs past the last quarter in capacity.csv (%s) (%s)",
                          span, h1, expect);
        }
        /* exemptions in error: the warnings below would only add noise */
        if (idmap_get(&L->ex_bad, t->id) >= 0)
            continue;
        if (t->b_replaces != FIELD_NONE && t->ex_months[t->b_replaces] > 0) {
            pref_diag(L, DIAG_WARNING, t, "b_elective_replaces",
                      "trainee %s is exempted from %s, so the elective %s replacing %s is ignored "
                      "(an exemption already shortens traject B)",
                      id, field_code(t->b_replaces), field_code(t->b_elective),
                      field_code(t->b_replaces));
            t->b_elective = t->b_replaces = FIELD_NONE;
        }
        int aq = rules_a_quarters(t), am = rules_a_exempt_months(t);
        for (int k = 0; k < 3; k++) {
            int p = t->a_choice[k];
            if (p == PLAN_NONE)
                continue;
            char pl[12], col[24];
            plan_format(p, pl);
            snprintf(col, sizeof col, "a_choice_%d", k + 1);
            if (aq == 0)
                pref_diag(L, DIAG_WARNING, t, col,
                          "trainee %s has %d months of A exemption, so %s is ignored (no traject A "
                          "is planned)",
                          id, am, pl);
            else if (aq == 1 && PLAN_KIND(p) != 2)
                pref_diag(L, DIAG_WARNING, t, col,
                          "trainee %s has a 3-month A exemption, so %s is ignored (expected CAR, NEU "
                          "or ORT: traject A is one quarter)",
                          id, pl);
            else if (aq == 2 && PLAN_KIND(p) == 2)
                pref_diag(L, DIAG_WARNING, t, col,
                          "trainee %s has no A exemption, so %s is ignored (expected SEH or SEH+X: a "
                          "single %s quarter is only for a 3-month A exemption)",
                          id, pl, pl);
            else
                continue;
            t->a_choice[k] = PLAN_NONE;
        }
    }
}

/* Locked rows that already fill a site beyond its capacity in a quarter. */
static void check_locked_capacity(loader_t *L)
{
    instance_t *in = L->in;
    if (!L->horizon_ok || !in->nlk || !in->nsite)
        return;
    size_t cells = (size_t)in->nsite * (size_t)in->nq;
    int *cnt = calloc(cells, sizeof *cnt);
    if (!cnt) {
        L->oom = 1;
        return;
    }
    int qlast = in->q_first + in->nq - 1;
    for (int i = 0; i < in->nlk; i++) {
        const locked_t *l = &in->lk[i];
        if (l->site < 0 || l->end < l->start)
            continue;
        int q0 = quarter_of_date(l->start), q1 = quarter_of_date(l->end);
        if (q0 < in->q_first)
            q0 = in->q_first;
        if (q1 > qlast)
            q1 = qlast;
        for (int q = q0; q <= q1; q++)
            cnt[(size_t)l->site * (size_t)in->nq + (size_t)(q - in->q_first)]++;
    }
    for (int s = 0; s < in->nsite; s++)
        for (int q = 0; q < in->nq; q++) {
            int n = cnt[(size_t)s * (size_t)in->nq + (size_t)q];
            int cap = in->site[s].cap ? in->site[s].cap[q] : 0;
            if (n <= cap)
                continue;
            char ql[8];
            quarter_format(in->q_first + q, ql);
            clip_t b;
            diag_warn(L->d, file_name[CAP], in->site[s].line,
                      L->qcol && L->qcol[q] >= 0 ? L->f[CAP].col[L->qcol[q]] : ql,
                      "locked.csv already places %d %s at '%s' in %s, but its capacity "
                      "there is %d (expected locked placements within the capacity letter: "
                      "check this cell and locked.csv)",
                      n, n == 1 ? "aios" : "aiossen", CLIP(in->site[s].id, b), ql, cap);
        }
    free(cnt);
}

/* ------------------------------------------------------------ the folder */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t ca = (size_t)fold_c((unsigned char)a[i - 1], 1);
            size_t cb = (size_t)fold_c((unsigned char)b[j - 1], 1);
            size_t best = diag + (ca != cb);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Warn about files whose names look like a misspelt input file: they are
 * ignored, and an optional file silently ignored changes the result.
 * Returns -1 (diagnosed) if the folder cannot be opened. */
static int check_folder(loader_t *L)
{
    DIR *dp = opendir(L->dir);
    if (!dp) {
        clip_t b;
        diag_error(L->d, NULL, 0, NULL,
                   "cannot open the input folder '%s': %s (expected a folder holding "
                   "preferences.csv and capacity.csv)",
                   CLIP(L->dir, b), strerror(errno));
        return -1;
    }
    /* collect, then sort, so that the warnings do not depend on readdir order */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        const char *nm = e->d_name;
        if (nm[0] == '.')
            continue;
        int known = 0;
        for (int i = 0; i < NFILES && !known; i++)
            known = strcmp(nm, file_name[i]) == 0;
        for (size_t i = 0; i < sizeof other_files / sizeof other_files[0] && !known; i++)
            known = strcmp(nm, other_files[i]) == 0;
        int near = -1;
        for (int i = 0; i < NFILES && !known && near < 0; i++)
            if (edit_distance(nm, file_name[i]) <= 2)
                near = i;
        if (known || near < 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 8;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                L->oom = 1;
                break;
            }
            names = nn;
            cap = nc;
        }
        names[n] = xdup(L, nm);
        if (names[n])
            n++;
    }
    closedir(dp);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        int near = 0;
        for (int k = 0; k < NFILES; k++)
            if (edit_distance(names[i], file_name[k]) <= 2) {
                near = k;
                break;
            }
        clip_t b;
        diag_warn(L->d, CLIP(names[i], b), 0, NULL,
                  "this file is ignored: its name is not one stagematch reads (expected the "
                  "exact name %s, if it is meant as input)",
                  file_name[near]);
        free(names[i]);
    }
    free(names);
    return 0;
}

/* Hand the private diagnostics to the caller, grouped by file (unnamed and
 * other files first, then the input files in the order of file_name) and by
 * line within a file, keeping the order of diagnostics on one line. */
static void hand_over(diags_t *from, diags_t *to)
{
    int n = from->n;
    int *order = malloc((size_t)(n ? n : 1) * sizeof *order);
    int *rank = malloc((size_t)(n ? n : 1) * sizeof *rank);
    if (!order || !rank) {
        free(order);
        free(rank);
        to->oom = 1;
    } else {
        for (int i = 0; i < n; i++) {
            order[i] = i;
            rank[i] = 0;
            for (int k = 0; k < NFILES; k++)
                if (from->v[i].file && strcmp(from->v[i].file, file_name[k]) == 0)
                    rank[i] = k + 1;
        }
        /* stable insertion sort by (rank, line) */
        for (int i = 1; i < n; i++) {
            int x = order[i], j = i - 1;
            while (j >= 0 && (rank[order[j]] > rank[x] ||
                              (rank[order[j]] == rank[x] &&
                               rank[x] > 0 && from->v[order[j]].line > from->v[x].line))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        for (int i = 0; i < n; i++) {
            const diag_t *g = &from->v[order[i]];
            diags_add(to, g->level, g->file, g->line, g->column, "%s", g->msg);
        }
        free(order);
        free(rank);
    }
    to->nerr += from->suppressed;
    to->suppressed += from->suppressed;
    if (from->oom)
        to->oom = 1;
}

int load_instance(const char *dir, const load_opts_t *opts, instance_t *in, diags_t *d)
{
    loader_t L;
    memset(&L, 0, sizeof L);
    L.dir = dir;
    L.delim = opts ? opts->delimiter : 0;
    L.in = in;
    L.region.fold = 1;
    diags_t mine;
    diags_init(&mine);
    L.d = &mine;
    memset(in, 0, sizeof *in);
    in->delimiter = ',';
    if (check_folder(&L) == 0) {
        load_capacity(&L);
        load_preferences(&L);
        load_exemptions(&L);
        load_parttime(&L);
        load_regions(&L);
        load_locked(&L);
        check_references(&L);
        apply_exemptions(&L);
        if (L.ss_ok)
            check_trainees(&L);
        check_locked_capacity(&L);
        if (L.state[PREF] == 1) {
            in->delimiter = L.f[PREF].delimiter;
            in->decimal_comma = L.f[PREF].delimiter == ';';
        }
    }
    if (L.oom)
        diag_error(L.d, NULL, 0, NULL, "out of memory while reading the input files");
    int nerr = mine.nerr;
    hand_over(&mine, d);
    diags_release(&mine);
    for (int i = 0; i < NFILES; i++)
        csvfile_release(&L.f[i]);
    idmap_free(&L.tr);
    idmap_free(&L.site);
    idmap_free(&L.region);
    idmap_free(&L.locked);
    idmap_free(&L.ex_bad);
    free(L.qcol);
    free(L.ss_ok);
    free(L.ex);
    return nerr ? -1 : 0;
}

/* ------------------------------------------------------------ in Dutch */

/* The messages of the input check in Dutch (--lang nl), as patterns for
 * translate.h: '*' a part copied as it is, '#' a part rewritten with
 * nl_parts.  They cover this file's messages, the CSV reader's
 * (io/csvfile.c) and the plan builder's warnings (models/plans.c); a message
 * that matches none (a new one, or a system error text) stays English, and
 * the unit test "Dutch messages" fails for any message of the bad-input
 * fixtures that does.  A change of wording there needs its pattern here. */
#define ID_RULE_NL "1 tot 64 tekens uit A-Z, a-z, 0-9, '.', '_' en '-'"
#define FACTOR_RULE_EN "e.g. 0.8, 0,8 or 80%"
#define FACTOR_RULE_NL "bijv. 0.8, 0,8 of 80%"
#define QUARTER_RULE_NL "JJJJ-MM met maand 03, 06, 09 of 12, bijv. 2026-09"
#define DATE_RULE_NL "JJJJ-MM-DD of DD-MM-JJJJ, bijv. 01-09-2026"
#define PLAN_RULE_NL                                                                         \
    "SEH, SEH+INT, SEH+KIN, SEH+GYN, SEH+CAR, SEH+NEU, SEH+ORT, of bij een vrijstelling "   \
    "van 3 maanden voor traject A CAR, NEU of ORT; ook Nederlandse namen zoals "             \
    "spoedeisende hulp + cardiologie"
#define ELECTIVE_RULE_NL                                                                     \
    "CAR, NEU, ORT, REU of WO, of in het Nederlands cardiologie, neurologie, orthopedie, "   \
    "reumatologie of wetenschappelijk onderzoek"
#define SITE_FIELD_RULE_NL                                                                   \
    "SEH, INT, KIN, GYN, CAR, NEU, ORT, REU, GGZ, CCZ of WO, of in het Nederlands "          \
    "spoedeisende hulp, interne geneeskunde, kindergeneeskunde, gynaecologie, cardiologie, " \
    "neurologie, orthopedie, reumatologie, psychiatrie, verpleeghuis of wetenschappelijk "   \
    "onderzoek"
#define EX_FIELD_RULE_NL                                                                     \
    "SEH, INT, KIN, GYN, GGZ of CCZ, of in het Nederlands spoedeisende hulp, interne "       \
    "geneeskunde, kindergeneeskunde, gynaecologie, psychiatrie of verpleeghuis"
#define SAVE_AS_EN "save it from Excel as CSV UTF-8 or CSV (semicolon)"
#define SAVE_AS_NL "sla het in Excel op als CSV UTF-8 of CSV (puntkomma)"
#define PLACES_EN "the number of places in the quarter: a whole number from 0 to 1000; blank means 0"
#define PLACES_NL "het aantal plaatsen in het kwartaal: een geheel getal van 0 tot en met 1000; leeg is 0"

static const tr_pair_t nl_messages[] = {
    /* ids */
    {"the cell is empty (expected a # id: " ID_RULE ")",
     "de cel is leeg (verwacht: een id van een #: " ID_RULE_NL ")"},
    {"'*' is * characters long (expected a # id of " ID_RULE ")",
     "'*' is * tekens lang (verwacht: een id van een # van " ID_RULE_NL ")"},
    {"'*' holds '*', which an id may not (expected a # id of " ID_RULE ")",
     "'*' bevat '*', dat niet in een id mag (verwacht: een id van een # van " ID_RULE_NL ")"},
    /* empty cells */
    {"the cell is empty (expected a quarter " QUARTER_RULE ")",
     "de cel is leeg (verwacht: een kwartaal " QUARTER_RULE_NL ")"},
    {"the cell is empty (expected a date " DATE_RULE ")",
     "de cel is leeg (verwacht: een datum " DATE_RULE_NL ")"},
    {"the cell is empty (expected a factor from 0.5 to 1.0, " FACTOR_RULE_EN ")",
     "de cel is leeg (verwacht: een factor van 0.5 tot en met 1.0, " FACTOR_RULE_NL ")"},
    {"the cell is empty (expected a field: " SITE_FIELD_RULE ")",
     "de cel is leeg (verwacht: een onderdeel: " SITE_FIELD_RULE_NL ")"},
    {"the cell is empty (expected the exempted field: " EX_FIELD_RULE ")",
     "de cel is leeg (verwacht: het vrijgestelde onderdeel: " EX_FIELD_RULE_NL ")"},
    {"the cell is empty (expected #: a whole number from * to *)",
     "de cel is leeg (verwacht: #: een geheel getal van * tot en met *)"},
    {"the cell is empty, but b_elective is '*' (expected GGZ or CCZ: the field the elective "
     "replaces)",
     "de cel is leeg, maar b_elective is '*' (verwacht: GGZ of CCZ, het onderdeel dat de "
     "keuzestage vervangt)"},
    {"the cell is empty (expected #)", "de cel is leeg (verwacht: #)"},
    /* values */
    {"'*' # (expected a quarter column headed " QUARTER_RULE ")",
     "'*' # (verwacht: een kwartaalkolom met als kop " QUARTER_RULE_NL ")"},
    {"'*' is not a valid date (expected " DATE_RULE ")",
     "'*' is geen bestaande datum (verwacht: " DATE_RULE_NL ")"},
    {"'*' is not a whole number (expected " PLACES_EN ")",
     "'*' is geen geheel getal (verwacht: " PLACES_NL ")"},
    {"* is out of range (expected " PLACES_EN ")", "* valt buiten het bereik (verwacht: " PLACES_NL ")"},
    {"* is out of range (expected #: a whole number from * to *)",
     "* valt buiten het bereik (verwacht: #: een geheel getal van * tot en met *)"},
    {"'*' is not a whole number (expected #: a whole number from * to *)",
     "'*' is geen geheel getal (verwacht: #: een geheel getal van * tot en met *)"},
    {"* is out of range (expected a factor from 0.5 to 1.0, " FACTOR_RULE_EN ")",
     "* valt buiten het bereik (verwacht: een factor van 0.5 tot en met 1.0, " FACTOR_RULE_NL ")"},
    {"'*' has too many decimals (expected at most 3 decimals, or 1 in a percentage, e.g. 0.875 "
     "or 87,5%)",
     "'*' heeft te veel decimalen (verwacht: hoogstens 3 decimalen, of 1 in een percentage, "
     "bijv. 0.875 of 87,5%)"},
    {"'*' is not a number (expected a factor from 0.5 to 1.0, " FACTOR_RULE_EN ")",
     "'*' is geen getal (verwacht: een factor van 0.5 tot en met 1.0, " FACTOR_RULE_NL ")"},
    {"'*' is not yes or no (expected yes/no, ja/nee, y/n, j, true/false, waar/onwaar or 1/0; "
     "blank means no)",
     "'*' is geen ja of nee (verwacht: ja/nee, yes/no, j/n, y, waar/onwaar, true/false of 1/0; "
     "leeg is nee)"},
    {"'*' # (expected " QUARTER_RULE ")", "'*' # (verwacht: " QUARTER_RULE_NL ")"},
    /* files and the horizon */
    {"no data rows (expected one row per # below the header line)",
     "geen gegevensregels (verwacht: een regel per # onder de kopregel)"},
    {"quarter * appears twice: column * '*' and column * (expected each quarter once)",
     "kwartaal * komt twee keer voor: kolom * '*' en kolom * (verwacht: elk kwartaal een keer)"},
    {"no quarter columns (expected at least one capacity column headed " QUARTER_RULE ")",
     "geen kwartaalkolommen (verwacht: minstens een capaciteitskolom met als kop "
     QUARTER_RULE_NL ")"},
    {"the quarter columns run from * to *, more than * years (expected the quarters of one "
     "planning horizon)",
     "de kwartaalkolommen lopen van * tot en met *, meer dan * jaar (verwacht: de kwartalen van "
     "een planningshorizon)"},
    {"quarter * is missing between * and * (expected a column for every quarter from * to *)",
     "kwartaal * ontbreekt tussen * en * (verwacht: een kolom voor elk kwartaal van * tot en "
     "met *)"},
    {"quarters * to * are missing between * and * (expected a column for every quarter from * "
     "to *)",
     "de kwartalen * tot en met * ontbreken tussen * en * (verwacht: een kolom voor elk "
     "kwartaal van * tot en met *)"},
    /* capacity.csv, preferences.csv */
    {"duplicate site_id '*': also on line * (expected each site once)",
     "site_id '*' komt dubbel voor: ook op regel * (verwacht: elke stageplaats een keer)"},
    {"unknown field '*' (expected " SITE_FIELD_RULE ")",
     "onbekend onderdeel '*' (verwacht: " SITE_FIELD_RULE_NL ")"},
    {"duplicate trainee_id '*': also on line * (expected one row per trainee)",
     "trainee_id '*' komt dubbel voor: ook op regel * (verwacht: een regel per aios)"},
    {"unknown plan '*' (expected " PLAN_RULE ")", "onbekend plan '*' (verwacht: " PLAN_RULE_NL ")"},
    {"unknown field '*' (expected " ELECTIVE_RULE ")",
     "onbekend onderdeel '*' (verwacht: " ELECTIVE_RULE_NL ")"},
    {"six-week electives are not supported yet (expected " ELECTIVE_RULE ")",
     "keuzestages van zes weken zijn nog niet mogelijk (verwacht: " ELECTIVE_RULE_NL ")"},
    {"* is not a B elective (expected " ELECTIVE_RULE ")",
     "* is geen keuzestage B (verwacht: " ELECTIVE_RULE_NL ")"},
    {"'*' is given but b_elective is empty (expected it blank unless b_elective names an "
     "elective)",
     "'*' is ingevuld maar b_elective is leeg (verwacht: leeg, tenzij b_elective een "
     "keuzestage noemt)"},
    {"'*' is not GGZ or CCZ (expected GGZ or CCZ: the field the elective replaces)",
     "'*' is geen GGZ of CCZ (verwacht: GGZ of CCZ, het onderdeel dat de keuzestage vervangt)"},
    {"unknown site '*' (expected a site_id of capacity.csv)",
     "onbekende stageplaats '*' (verwacht: een site_id uit capacity.csv)"},
    /* exemptions.csv, parttime.csv, regions.csv */
    {"unknown field '*' (expected " EX_FIELD_RULE ")",
     "onbekend onderdeel '*' (verwacht: " EX_FIELD_RULE_NL ")"},
    {"no exemption exists for * (expected " EX_FIELD_RULE ")",
     "voor * bestaat geen vrijstelling (verwacht: " EX_FIELD_RULE_NL ")"},
    {"* months is not an exemption (expected 3, or 6 for SEH)",
     "* maanden is geen vrijstelling (verwacht: 3, of 6 voor SEH)"},
    {"6 months of * exemption is not possible (expected 3: only SEH can be exempted for 6 "
     "months)",
     "6 maanden vrijstelling voor * is niet mogelijk (verwacht: 3; alleen SEH kan 6 maanden "
     "vrijgesteld worden)"},
    {"a second * exemption for '*': also on line * (expected one row per trainee and field)",
     "een tweede vrijstelling voor * voor '*': ook op regel * (verwacht: een regel per aios en "
     "onderdeel)"},
    {"trainee * would have * months of A exemption in all (SEH, INT, KIN and GYN together) "
     "(expected at most 6)",
     "aios * zou in totaal * maanden vrijstelling voor traject A hebben (SEH, INT, KIN en GYN "
     "samen) (verwacht: hoogstens 6)"},
    {"a second row for '*': also on line * (expected one row per trainee)",
     "een tweede regel voor '*': ook op regel * (verwacht: een regel per aios)"},
    {"no site in capacity.csv is in region '*' (expected a region of capacity.csv: *; the wish "
     "still counts as region_*)",
     "geen stageplaats in capacity.csv ligt in regio '*' (verwacht: een regio uit "
     "capacity.csv: *; de wens telt nog steeds als region_*)"},
    /* locked.csv and references */
    {"end date * is before start date * (expected end_date on or after start_date)",
     "einddatum * ligt voor begindatum * (verwacht: end_date op of na start_date)"},
    {"trainee * is placed * .. *, overlapping the placement on line * (* .. *) (expected one "
     "placement at a time)",
     "aios * is geplaatst * .. *, en dat overlapt met de stage op regel * (* .. *) (verwacht: "
     "een stage tegelijk)"},
    {"unknown trainee '*': neither in preferences.csv nor in locked.csv (expected the "
     "trainee_id of a preference form, or of a locked placement)",
     "onbekende aios '*': niet in preferences.csv en niet in locked.csv (verwacht: de "
     "trainee_id van een voorkeurformulier of van een vastgelegde stage)"},
    {"stage year * starts before the first quarter in capacity.csv (*) (#)",
     "stagejaar * begint voor het eerste kwartaal in capacity.csv (*) (#)"},
    {"stage year * runs past the last quarter in capacity.csv (*) (#)",
     "stagejaar * loopt door na het laatste kwartaal in capacity.csv (*) (#)"},
    {"trainee * is exempted from *, so the elective * replacing * is ignored (an exemption "
     "already shortens traject B)",
     "aios * heeft vrijstelling voor *, dus de keuzestage * in plaats van * vervalt (een "
     "vrijstelling maakt traject B al korter)"},
    {"trainee * has * months of A exemption, so * is ignored (no traject A is planned)",
     "aios * heeft * maanden vrijstelling voor traject A, dus * vervalt (er wordt geen traject "
     "A gepland)"},
    {"trainee * has a 3-month A exemption, so * is ignored (expected CAR, NEU or ORT: traject A "
     "is one quarter)",
     "aios * heeft 3 maanden vrijstelling voor traject A, dus * vervalt (verwacht: CAR, NEU of "
     "ORT; traject A is een kwartaal)"},
    {"trainee * has no A exemption, so * is ignored (expected SEH or SEH+X: a single * quarter "
     "is only for a 3-month A exemption)",
     "aios * heeft geen vrijstelling voor traject A, dus * vervalt (verwacht: SEH of SEH+X; een "
     "los kwartaal * is alleen voor een vrijstelling van 3 maanden)"},
    {"locked.csv already places * # at '*' in *, but its capacity there is * (expected locked "
     "placements within the capacity letter: check this cell and locked.csv)",
     "locked.csv plaatst al * # bij '*' in *, maar de capaciteit daar is * (verwacht: "
     "vastgelegde stages binnen de capaciteit: controleer deze cel en locked.csv)"},
    /* the folder */
    {"cannot open the input folder '*': * (expected a folder holding preferences.csv and "
     "capacity.csv)",
     "kan de invoermap '*' niet openen: * (verwacht: een map met preferences.csv en "
     "capacity.csv)"},
    {"this file is ignored: its name is not one stagematch reads (expected the exact name *, if "
     "it is meant as input)",
     "dit bestand wordt overgeslagen: stagematch leest geen bestand met deze naam (verwacht: "
     "precies de naam *, als het invoer moet zijn)"},
    {"out of memory while reading the input files",
     "onvoldoende geheugen bij het lezen van de invoerbestanden"},
    /* the CSV reader (io/csvfile.c) */
    {"file is UTF-16 text, e.g. Excel's \"Unicode text\" (expected UTF-8 or Windows-1252 text: "
     SAVE_AS_EN ")",
     "het bestand is UTF-16-tekst, zoals Excels \"Unicode-tekst\" (verwacht: UTF-8- of "
     "Windows-1252-tekst: " SAVE_AS_NL ")"},
    {"file is #, not CSV text (expected a CSV file: " SAVE_AS_EN ")",
     "het bestand is #, geen CSV-tekst (verwacht: een CSV-bestand: " SAVE_AS_NL ")"},
    {"file holds binary data, not text (expected a CSV file: " SAVE_AS_EN ")",
     "het bestand bevat binaire gegevens, geen tekst (verwacht: een CSV-bestand: " SAVE_AS_NL
     ")"},
    {"byte-order mark in the middle of the file, e.g. two files pasted together (expected one "
     "only at the very start of the file)",
     "byte-order mark midden in het bestand, bijv. twee aan elkaar geplakte bestanden "
     "(verwacht: alleen een aan het allereerste begin van het bestand)"},
    {"out of memory while reading the file", "onvoldoende geheugen bij het lezen van het bestand"},
    {"byte * is neither UTF-8 nor Windows-1252 text (expected text: " SAVE_AS_EN ")",
     "byte * is geen UTF-8- en geen Windows-1252-tekst (verwacht: tekst: " SAVE_AS_NL ")"},
    {"byte * is not UTF-8, and byte * on line * is not Windows-1252 either (expected text in one "
     "of the two: " SAVE_AS_EN ")",
     "byte * is geen UTF-8, en byte * op regel * is ook geen Windows-1252 (verwacht: tekst in "
     "een van de twee: " SAVE_AS_NL ")"},
    {"the file is not UTF-8 and was read as Windows-1252, but this line holds UTF-8 characters, "
     "which will come out garbled (expected one encoding for the whole file: save it as CSV "
     "UTF-8)",
     "het bestand is geen UTF-8 en is als Windows-1252 gelezen, maar deze regel bevat "
     "UTF-8-tekens, die verminkt zullen overkomen (verwacht: een codering voor het hele "
     "bestand: sla het op als CSV UTF-8)"},
    {"NUL byte in the text (expected plain text; the file may be damaged or not a CSV file)",
     "NUL-byte in de tekst (verwacht: gewone tekst; het bestand is misschien beschadigd of geen "
     "CSV-bestand)"},
    {"control character * in the text (expected plain text: retype the cell that holds it)",
     "stuurteken * in de tekst (verwacht: gewone tekst: typ de cel waarin het staat opnieuw)"},
    {"the header has more than * columns (expected the columns of an input file: is it the "
     "right file?)",
     "de kopregel heeft meer dan * kolommen (verwacht: de kolommen van een invoerbestand: is "
     "het het goede bestand?)"},
    {"a cell is longer than * KiB (expected short values; a '\"' that is never closed makes the "
     "rest of the file one cell)",
     "een cel is langer dan * KiB (verwacht: korte waarden; een '\"' die nooit gesloten wordt "
     "maakt van de rest van het bestand een cel)"},
    {"row has * cells but the header has * columns (expected at most *; a value holding '*' "
     "must be in quotes, e.g. \"Jansen* J.\")",
     "de regel heeft * cellen maar de kopregel * kolommen (verwacht: hoogstens *; een waarde "
     "met '*' moet tussen aanhalingstekens, bijv. \"Jansen* J.\")"},
    {"row has * cells but the header has * column (expected at most *; a value holding '*' "
     "must be in quotes, e.g. \"Jansen* J.\")",
     "de regel heeft * cellen maar de kopregel * kolom (verwacht: hoogstens *; een waarde met "
     "'*' moet tussen aanhalingstekens, bijv. \"Jansen* J.\")"},
    {"this line repeats the header line, so it is ignored (expected the header line once, at "
     "the top)",
     "deze regel herhaalt de kopregel en wordt overgeslagen (verwacht: de kopregel een keer, "
     "bovenaan)"},
    {"file has more than * cells (expected an input file of at most some thousands of rows)",
     "het bestand heeft meer dan * cellen (verwacht: een invoerbestand van hoogstens enkele "
     "duizenden regels)"},
    {"a '\"' inside a value that does not start with one (expected the whole value in quotes, "
     "with each quote inside doubled: \"Jan \"\"Piet\"\" Jansen\")",
     "een '\"' in een waarde die er niet mee begint (verwacht: de hele waarde tussen "
     "aanhalingstekens, met elk aanhalingsteken erin verdubbeld: \"Jan \"\"Piet\"\" "
     "Jansen\")"},
    {"text after the closing quote of a quoted value (expected '*' or the end of the line right "
     "after the closing '\"')",
     "tekst na het sluitende aanhalingsteken van een waarde (verwacht: '*' of het einde van de "
     "regel direct na de sluitende '\"')"},
    {"a quoted value is never closed: it runs from this line to the end of the file (expected a "
     "closing '\"'; a quote inside quotes is written \"\")",
     "een waarde tussen aanhalingstekens wordt nooit gesloten: ze loopt van deze regel tot het "
     "einde van het bestand (verwacht: een sluitende '\"'; een aanhalingsteken binnen "
     "aanhalingstekens schrijf je als \"\")"},
    {"file is larger than * MiB (expected an input file of at most some thousands of rows: is it "
     "the right file?)",
     "het bestand is groter dan * MiB (verwacht: een invoerbestand van hoogstens enkele "
     "duizenden regels: is het het goede bestand?)"},
    {"file is empty (expected a header line such as '*', then one row per line)",
     "het bestand is leeg (verwacht: een kopregel zoals '*', en dan een regel per rij)"},
    {"the header line is separated by tabs (expected ',' or ';' between the columns: " SAVE_AS_EN
     ")",
     "de kopregel is gescheiden door tabs (verwacht: ',' of ';' tussen de kolommen: " SAVE_AS_NL
     ")"},
    {"cannot open: * (#)", "kan niet openen: * (#)"},
    {"cannot read: not a regular file (expected a CSV file)",
     "kan niet lezen: geen gewoon bestand (verwacht: een CSV-bestand)"},
    {"cannot read: * (expected a readable CSV file)",
     "kan niet lezen: * (verwacht: een leesbaar CSV-bestand)"},
    {"the header line is one column: its names are separated by '*', not by '*' (expected '*' "
     "between the columns, as the delimiter option asks, or no delimiter option)",
     "de kopregel is een kolom: de namen zijn gescheiden door '*', niet door '*' (verwacht: '*' "
     "tussen de kolommen, zoals de delimiter-optie vraagt, of geen delimiter-optie)"},
    {"column * has no name in the header line, so its cells are ignored (expected a column "
     "name)",
     "kolom * heeft geen naam in de kopregel, dus de cellen worden overgeslagen (verwacht: een "
     "kolomnaam)"},
    {"two columns name it: '*' (column *) and '*' (column *) (expected each column once)",
     "twee kolommen noemen haar: '*' (kolom *) en '*' (kolom *) (verwacht: elke kolom een "
     "keer)"},
    {"column appears twice: column * and column * (expected each column once)",
     "de kolom komt twee keer voor: kolom * en kolom * (verwacht: elke kolom een keer)"},
    {"unknown column '*' is ignored (expected quarter columns YYYY-MM and *)",
     "onbekende kolom '*' wordt overgeslagen (verwacht: kwartaalkolommen JJJJ-MM en *)"},
    {"unknown column '*' is ignored (expected *)",
     "onbekende kolom '*' wordt overgeslagen (verwacht: *)"},
    {"missing required column '*' (expected it in the header line)",
     "verplichte kolom '*' ontbreekt (verwacht: in de kopregel)"},
    /* the plan builder (models/plans.c) */
    {"trainee *: plan '*' cannot be met even with every place free (no site, capacity or "
     "min_factor allows it in this stage year): ignored",
     "aios *: plan '*' kan niet, ook niet als alle plaatsen vrij zijn (geen stageplaats, "
     "capaciteit of min_factor laat het toe in dit stagejaar): vervalt"},
    {"trainee *: elective * cannot be granted even with every place free (outside-hospital "
     "limit, capacity or min_factor rule it out): ignored",
     "aios *: keuzestage * kan niet, ook niet als alle plaatsen vrij zijn (de grens voor buiten "
     "het ziekenhuis, capaciteit of min_factor sluiten haar uit): vervalt"},
    {"trainee *: traject A cannot start in * for this trainee (outside the stage year, no A at "
     "all, or not at its end for a part-timer): ignored",
     "aios *: traject A kan voor deze aios niet in * beginnen (buiten het stagejaar, helemaal "
     "geen A, of niet aan het eind voor een deeltijder): vervalt"},
    {"trainee *: site '*' cannot be met even with every place free (its field, min_factor or "
     "capacity fits no plan of this trainee): ignored",
     "aios *: stageplaats '*' kan niet, ook niet als alle plaatsen vrij zijn (onderdeel, "
     "min_factor of capaciteit past bij geen plan van deze aios): vervalt"},
    {"trainee *: subtype '*' cannot be met even with every place free (no site of that subtype "
     "fits a plan of this trainee): ignored",
     "aios *: soort '*' kan niet, ook niet als alle plaatsen vrij zijn (geen stageplaats van die "
     "soort past in een plan van deze aios): vervalt"},
    {"out of memory while enumerating plans", "onvoldoende geheugen bij het opsommen van de plannen"},
};

/* The '#' parts: phrases the messages above are built from. */
static const tr_pair_t nl_parts[] = {
    {"a zip archive, probably an Excel workbook (.xlsx)",
     "een zip-archief, waarschijnlijk een Excel-werkmap (.xlsx)"},
    {"an Excel 97-2003 workbook (.xls)", "een Excel 97-2003-werkmap (.xls)"},
    {"a PNG image", "een PNG-afbeelding"},
    {"a JPEG image", "een JPEG-afbeelding"},
    {"a PDF document", "een PDF-document"},
    {"a GIF image", "een GIF-afbeelding"},
    {"a gzip archive", "een gzip-archief"},
    {NEEDS_BOTH, "elke invoermap heeft preferences.csv en capacity.csv nodig"},
    {"trainee", "aios"},
    {"site", "stageplaats"},
    {"trainee to plan", "te plannen aios"},
    {"aios", "aios"},
    {"aiossen", "aiossen"},
    {"the site's name", "de naam van de stageplaats"},
    {"the site's region, e.g. Amsterdam", "de regio van de stageplaats, bijv. Amsterdam"},
    {"the trainee's full name", "de volledige naam van de aios"},
    {"the trainee's first region, e.g. Amsterdam", "de eerste regio van de aios, bijv. Amsterdam"},
    {"a site_id of capacity.csv", "een site_id uit capacity.csv"},
    {"the motivation score", "de motivatiescore"},
    {"weeks outside hospital and GP practice", "weken buiten ziekenhuis en huisartspraktijk"},
    {"the months of exemption, 3 or 6", "het aantal maanden vrijstelling, 3 of 6"},
    {"is not a quarter: quarters start in March, June, September and December",
     "is geen kwartaal: kwartalen beginnen in maart, juni, september en december"},
    {"is not a quarter", "is geen kwartaal"},
    {"expected capacity.csv to cover a stage year of * quarters, but it has * quarter columns",
     "verwacht: capacity.csv dekt een stagejaar van * kwartalen, maar heeft * kwartaalkolommen"},
    {"expected capacity.csv to cover a stage year of * quarters, but it has * quarter column",
     "verwacht: capacity.csv dekt een stagejaar van * kwartalen, maar heeft * kwartaalkolom"},
    {"expected stage_start * for a stage year of * quarters",
     "verwacht: stage_start * voor een stagejaar van * kwartalen"},
    {"expected stage_start * for a stage year of * quarter",
     "verwacht: stage_start * voor een stagejaar van * kwartaal"},
    {"expected a stage_start from * to * for a stage year of * quarters",
     "verwacht: een stage_start van * tot en met * voor een stagejaar van * kwartalen"},
    {"expected a stage_start from * to * for a stage year of * quarter",
     "verwacht: een stage_start van * tot en met * voor een stagejaar van * kwartaal"},
};

char *load_message_nl(const char *msg)
{
    return tr_rewrite(msg ? msg : "", nl_messages, sizeof nl_messages / sizeof nl_messages[0],
                      nl_parts, sizeof nl_parts / sizeof nl_parts[0], NULL);
}

char *load_diag_format_nl(const diag_t *g)
{
    char *msg = load_message_nl(g->msg);
    if (!msg)
        return NULL;
    char lbuf[32] = "";
    if (g->line > 0)
        snprintf(lbuf, sizeof lbuf, ":%d", g->line);
    const char *file = g->file ? g->file : "stagematch";
    size_t n = strlen(file) + strlen(lbuf) + strlen(msg) + 64 + (g->column ? strlen(g->column) : 0);
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s: %s%s%s%s%s", file, lbuf, g->column ? "kolom '" : "",
                 g->column ? g->column : "", g->column ? "': " : "",
                 g->level == DIAG_WARNING ? "waarschuwing: " : "", msg);
    free(msg);
    return s;
}
