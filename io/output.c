/* output.c - writing the output folder of a run, all or nothing
 *
 * The four files are written into a temporary folder beside the destination
 * and the folder is renamed into place only when every byte is on disk; see
 * output.h for the guarantees and docs/outputs.md for the contents.
 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csv.h>
#include <nettle/sha2.h>

#include "../models/calendar.h"
#include "csvwrite.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* ------------------------------------------------------------ names */

/* Every file name any command writes into an output folder: --force
 * replaces only a folder holding nothing else. */
static const char *const known_files[] = {
    "letters.csv",  "unplaced.csv", "summary.txt",        "summary.json",
    "changes.csv",  "swaps.csv",    "rejected_swaps.csv", "brieven.csv",
    "fairness.csv", "aios.csv",     "report.html",        NULL};

const char *const *output_known_files(void) { return known_files; }

/* The input files whose checksums summary.json records (formats.md). */
static const char *const input_files[] = {"preferences.csv", "capacity.csv", "exemptions.csv",
                                          "parttime.csv",    "regions.csv",  "locked.csv",
                                          NULL};
#define NINPUT ((int)(sizeof input_files / sizeof input_files[0]) - 1)

const char *const *output_input_files(void) { return input_files; }

typedef struct inputs {
    int present[NINPUT];
    char sha[NINPUT][65];
} inputs_t;

/* ------------------------------------------------------------ numbers */

/* v >= 0 with `dec` decimals (rounded half up), locale-free: the decimal
 * separator is sep.  With trim, trailing zeros go but one decimal stays
 * (0.750 -> 0.75, 1.000 -> 1.0).  Non-finite or negative values print as
 * "0". */
static void fmt_fixed(char *buf, size_t n, double v, int dec, char sep, int trim)
{
    long long scale = 1;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    if (!isfinite(v) || v < 0)
        v = 0;
    if (v * (double)scale > 9e18) {   /* beyond long long: plain printf */
        snprintf(buf, n, "%.0f", v);
        return;
    }
    long long x = (long long)(v * (double)scale + 0.5);
    long long ip = x / scale, fp = x % scale;
    if (dec == 0) {
        snprintf(buf, n, "%lld", ip);
        return;
    }
    char frac[24];
    snprintf(frac, sizeof frac, "%0*lld", dec, fp);
    if (trim) {
        size_t k = strlen(frac);
        while (k > 1 && frac[k - 1] == '0')
            frac[--k] = '\0';
    }
    snprintf(buf, n, "%lld%c%s", ip, sep, frac);
}

/* Tenths of a week in `days` days, rounded half up: 91 -> 130, 92 -> 131. */
static long week_tenths(long days)
{
    if (days <= 0)
        return 0;
    return (days * 20 + 7) / 14;
}

static void fmt_tenths(char *buf, size_t n, long tenths, char sep)
{
    snprintf(buf, n, "%ld%c%ld", tenths / 10, sep, tenths % 10);
}

/* A part-time factor in thousandths: 1000 -> 1.0, 800 -> 0.8, 750 -> 0.75. */
static void fmt_factor(char *buf, size_t n, int pm, char sep)
{
    unsigned u = pm > 0 ? (unsigned)pm : 0;
    char frac[8];
    snprintf(frac, sizeof frac, "%03u", u % 1000);
    size_t k = 3;
    while (k > 1 && frac[k - 1] == '0')
        frac[--k] = '\0';
    snprintf(buf, n, "%u%c%s", u / 1000, sep, frac);
}

/* ------------------------------------------------------------ orders */

typedef struct order {
    const char *id;
    int start;
    int idx;
} order_t;

static int cmp_order(const void *a, const void *b)
{
    const order_t *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static int check_shapes(const instance_t *in, const allocation_t *al, const run_info_t *ri)
{
    if (!in || !al || !ri || (ri->delimiter != ',' && ri->delimiter != ';') ||
        (al->npl > 0 && !al->pl) || (al->ntr > 0 && !al->res) || al->ntr > in->ntr) {
        errno = EINVAL;
        return -1;
    }
    for (int i = 0; i < al->npl; i++) {
        const placement_t *p = &al->pl[i];
        if (p->trainee < 0 || p->trainee >= in->ntr || p->site < 0 || p->site >= in->nsite) {
            errno = EINVAL;
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ letters.csv */

static void add_note(char *notes, size_t n, const char *text)
{
    size_t len = strlen(notes);
    snprintf(notes + len, n - len, "%s%s", len ? " / " : "", text);
}

static const char *nz(const char *s) { return s ? s : ""; }

int output_letters(FILE *fp, const instance_t *in, const allocation_t *al, const run_info_t *ri)
{
    if (check_shapes(in, al, ri) != 0)
        return -1;
    char sep = ri->decimal_comma ? ',' : '.';
    order_t *ord = malloc((size_t)(al->npl > 0 ? al->npl : 1) * sizeof *ord);
    if (!ord) {
        errno = ENOMEM;
        return -1;
    }
    for (int i = 0; i < al->npl; i++) {
        ord[i].id = nz(in->tr[al->pl[i].trainee].id);
        ord[i].start = al->pl[i].start;
        ord[i].idx = i;
    }
    if (al->npl > 1)
        qsort(ord, (size_t)al->npl, sizeof *ord, cmp_order);

    csvw_t w;
    csvw_init(&w, fp, ri->delimiter);
    static const char *const header[] = {
        "trainee_id", "name",       "email",      "traject",           "field",
        "site_id",    "site_name",  "institution", "region",           "supervisor",
        "start_date", "end_date",   "weeks",      "parttime_factor",   "min_days_per_week",
        "locked",     "notes"};
    for (size_t k = 0; k < sizeof header / sizeof header[0]; k++)
        csvw_cell(&w, header[k]);
    csvw_endrow(&w);
    for (int i = 0; i < al->npl && !csvw_error(&w); i++) {
        const placement_t *p = &al->pl[ord[i].idx];
        const trainee_t *tr = &in->tr[p->trainee];
        const site_t *s = &in->site[p->site];
        char start[16], end[16], weeks[32], factor[16], traject[2] = {p->traject, '\0'};
        date_format(p->start, start);
        date_format(p->end, end);
        fmt_tenths(weeks, sizeof weeks, week_tenths((long)p->end - p->start + 1), sep);
        fmt_factor(factor, sizeof factor, tr->factor_pm, sep);
        char notes[512] = "", buf[128];
        if (p->seh_first)
            add_note(notes, sizeof notes, "STARtclass at start");
        if (p->ext_weeks > 0) {
            snprintf(buf, sizeof buf, "part-time extension %d weeks beyond the stage year",
                     p->ext_weeks);
            add_note(notes, sizeof notes, buf);
        }
        if (p->beyond_horizon)
            add_note(notes, sizeof notes,
                     "extends beyond the planning horizon: confirm with the site");
        if (p->makeup_days > 0) {
            char mk[32];
            /* rules.md: 13 * (1 - f) full-time weeks per B stage, from the
             * factor itself so that 0.5 reads 6.5, not a rounded day count */
            int fpm = in->tr[p->trainee].factor_pm;
            fmt_tenths(mk, sizeof mk, (130L * (1000 - fpm) + 500) / 1000, sep);
            snprintf(buf, sizeof buf, "GP practice make-up %s weeks", mk);
            add_note(notes, sizeof notes, buf);
        }
        csvw_cell(&w, tr->id);
        csvw_cell(&w, tr->name);
        csvw_cell(&w, tr->email);
        csvw_cell(&w, traject);
        csvw_cell(&w, field_code(p->field));
        csvw_cell(&w, s->id);
        csvw_cell(&w, s->name);
        csvw_cell(&w, s->institution);
        csvw_cell(&w, s->region_name);
        csvw_cell(&w, s->supervisor);
        csvw_cell(&w, start);
        csvw_cell(&w, end);
        csvw_cell(&w, weeks);
        csvw_cell(&w, factor);
        csvw_cell(&w, tr->factor_pm >= 900 ? "4" : "3");
        csvw_cell(&w, p->locked ? "yes" : "no");
        csvw_cell(&w, notes);
        csvw_endrow(&w);
    }
    free(ord);
    if (csvw_error(&w)) {
        errno = csvw_error(&w);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ unplaced.csv */

static int is_unplaced(const instance_t *in, const allocation_t *al, int t)
{
    return t < al->ntr && in->tr[t].planned && al->res[t].outcome == OUT_UNPLACED;
}

/* Indices of the unplaced trainees in id order; *n their count.  NULL with
 * errno ENOMEM when memory ran out. */
static int *unplaced_order(const instance_t *in, const allocation_t *al, int *n)
{
    int k = 0;
    for (int t = 0; t < al->ntr; t++)
        k += is_unplaced(in, al, t);
    order_t *ord = malloc((size_t)(k > 0 ? k : 1) * sizeof *ord);
    int *idx = malloc((size_t)(k > 0 ? k : 1) * sizeof *idx);
    if (!ord || !idx) {
        free(ord);
        free(idx);
        errno = ENOMEM;
        return NULL;
    }
    k = 0;
    for (int t = 0; t < al->ntr; t++)
        if (is_unplaced(in, al, t)) {
            ord[k].id = nz(in->tr[t].id);
            ord[k].start = 0;
            ord[k].idx = t;
            k++;
        }
    if (k > 1)
        qsort(ord, (size_t)k, sizeof *ord, cmp_order);
    for (int i = 0; i < k; i++)
        idx[i] = ord[i].idx;
    free(ord);
    *n = k;
    return idx;
}

int output_unplaced(FILE *fp, const instance_t *in, const allocation_t *al, const run_info_t *ri)
{
    if (check_shapes(in, al, ri) != 0)
        return -1;
    int n = 0;
    int *idx = unplaced_order(in, al, &n);
    if (!idx)
        return -1;
    csvw_t w;
    csvw_init(&w, fp, ri->delimiter);
    csvw_cell(&w, "trainee_id");
    csvw_cell(&w, "name");
    csvw_cell(&w, "reason");
    csvw_endrow(&w);
    for (int i = 0; i < n; i++) {
        int t = idx[i];
        csvw_cell(&w, in->tr[t].id);
        csvw_cell(&w, in->tr[t].name);
        csvw_cell(&w, al->res[t].reason);
        csvw_endrow(&w);
    }
    free(idx);
    if (csvw_error(&w)) {
        errno = csvw_error(&w);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ figures */

typedef struct stats {
    int planned, placed, exempt, unplaced;
    int npl, lk_total, lk_planned;
    long trainee_cost, unplaced_cost;
    int rank[5];          /* A choice 1st, 2nd, 3rd, other plan, no choice counted */
    int el_asked, el_granted;
    long region[4];       /* placement-quarters in region_1, _2, _3, elsewhere */
} stats_t;

static void stats_compute(const instance_t *in, const allocation_t *al, stats_t *s)
{
    memset(s, 0, sizeof *s);
    for (int t = 0; t < in->ntr; t++) {
        if (!in->tr[t].planned)
            continue;
        s->planned++;
        if (t >= al->ntr)
            continue;
        const trainee_result_t *r = &al->res[t];
        if (r->outcome == OUT_EMPTY_YEAR) {
            s->exempt++;
            continue;
        }
        if (r->outcome == OUT_UNPLACED) {
            s->unplaced++;
            continue;
        }
        s->placed++;
        s->trainee_cost += r->cost;
        int rk = r->a_rank >= 1 && r->a_rank <= 4 ? r->a_rank - 1 : 4;
        s->rank[rk]++;
        s->el_asked += r->elective_asked != 0;
        s->el_granted += r->elective_asked && r->elective_granted;
        for (int k = 0; k < 4; k++)
            s->region[k] += r->region_q[k];
    }
    s->unplaced_cost = 1000L * s->unplaced;
    s->npl = al->npl;
    s->lk_total = in->nlk;
    for (int i = 0; i < in->nlk; i++) {
        int t = in->lk[i].trainee;
        s->lk_planned += t >= 0 && t < in->ntr && in->tr[t].planned;
    }
}

const char *output_status_key(solve_status_t st)
{
    switch (st) {
    case SOLVE_OPTIMAL: return "optimal";
    case SOLVE_TIME_LIMIT: return "time_limit";
    case SOLVE_NO_ALLOCATION: return "no_allocation";
    default: return "failed";
    }
}

/* The solver status in words, into buf. */
static void status_words(char *buf, size_t n, const allocation_t *al, const run_info_t *ri)
{
    char gap[64];
    fmt_fixed(gap, sizeof gap, 100.0 * al->gap, 2, '.', 0);
    switch (al->status) {
    case SOLVE_OPTIMAL:
        if (ri->mip_gap > 0)
            snprintf(buf, n, "optimal within the requested gap (gap %s%%, bound %ld)", gap,
                     al->bound);
        else
            snprintf(buf, n, "optimal");
        break;
    case SOLVE_TIME_LIMIT:
        snprintf(buf, n, "stopped at the time limit: not proven optimal, gap %s%% (bound %ld)",
                 gap, al->bound);
        break;
    case SOLVE_NO_ALLOCATION: snprintf(buf, n, "no allocation found"); break;
    default: snprintf(buf, n, "solver failed"); break;
    }
}

/* ------------------------------------------------------------ summary.txt */

/* Text from the inputs, with every control character shown as '?' so that
 * a terminal or editor shows the report as written. */
static void put_text(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)nz(s); *p; p++)
        putc(*p < 0x20 || *p == 0x7f ? '?' : *p, fp);
}

/* "  name:" padded so that the values line up in column 26; a leading
 * newline in name is written first. */
static void label(FILE *fp, int indent, const char *name)
{
    if (*name == '\n') {
        putc('\n', fp);
        name++;
    }
    int w = indent + (int)strlen(name) + 1;
    fprintf(fp, "%*s%s:%*s", indent, "", name, w < 25 ? 25 - w + 1 : 1, "");
}

static int summary_txt(FILE *fp, const instance_t *in, const allocation_t *al,
                       const run_info_t *ri)
{
    stats_t s;
    stats_compute(in, al, &s);
    char st[160], buf[64], buf2[64];
    errno = 0;
    fprintf(fp, "stagematch %s: allocation summary\n\n", nz(ri->version));
    label(fp, 0, "command");
    put_text(fp, ri->command);
    label(fp, 0, "\ninput folder");
    put_text(fp, ri->input_dir);
    label(fp, 0, "\npolicy");
    put_text(fp, ri->policy);
    label(fp, 0, "\nseed");
    fprintf(fp, "%lu\n", ri->seed);
    if (ri->commitment) {
        label(fp, 0, "commitment");
        fprintf(fp, "%s (seed and input files, docs/fairness.md)\n", ri->commitment);
    }
    label(fp, 0, "time limit");
    if (ri->time_limit > 0) {
        fmt_fixed(buf, sizeof buf, ri->time_limit, 3, '.', 1);
        fprintf(fp, "%s s\n", buf);
    } else
        fprintf(fp, "none\n");
    label(fp, 0, "mip gap");
    if (ri->mip_gap > 0) {
        fmt_fixed(buf, sizeof buf, ri->mip_gap, 6, '.', 1);
        fprintf(fp, "%s\n", buf);
    } else
        fprintf(fp, "0 (prove optimality)\n");
    status_words(st, sizeof st, al, ri);
    label(fp, 0, "solver");
    put_text(fp, al->solver_version);
    label(fp, 0, "\nsolver status");
    fprintf(fp, "%s\n", st);
    fmt_fixed(buf, sizeof buf, al->seconds, 2, '.', 0);
    fmt_fixed(buf2, sizeof buf2, ri->total_seconds, 2, '.', 0);
    label(fp, 0, "solver time");
    fprintf(fp, "%s s (whole run %s s)\n", buf, buf2);
    label(fp, 0, "model size");
    fprintf(fp, "%d variables, %d constraints\n\n", al->nvars, al->nrows);

    fprintf(fp, "trainees\n");
    label(fp, 2, "planned");
    fprintf(fp, "%d\n", s.planned);
    label(fp, 2, "placed");
    fprintf(fp, "%d\n", s.placed);
    label(fp, 2, "fully exempt");
    fprintf(fp, "%d\n", s.exempt);
    label(fp, 2, "unplaced");
    fprintf(fp, "%d\n", s.unplaced);
    label(fp, 0, "placements");
    fprintf(fp, "%d in letters.csv\n", s.npl);
    label(fp, 0, "locked placements");
    fprintf(fp, "%d in total, %d of planned trainees\n\n", s.lk_total, s.lk_planned);

    label(fp, 0, "objective (total cost)");
    fprintf(fp, "%ld\n", al->objective);
    label(fp, 2, "trainee costs");
    fprintf(fp, "%ld\n", s.trainee_cost);
    label(fp, 2, "borrowed sites");
    fprintf(fp, "%ld\n", al->borrowed_cost);
    label(fp, 2, "unplaced (1000 each)");
    fprintf(fp, "%ld\n\n", s.unplaced_cost);

    fprintf(fp, "traject A choice met (placed trainees)\n");
    static const char *const rank_name[5] = {"1st choice", "2nd choice", "3rd choice",
                                             "other plan", "no choice"};
    for (int k = 0; k < 5; k++) {
        label(fp, 2, rank_name[k]);
        fprintf(fp, "%d\n", s.rank[k]);
    }
    label(fp, 0, "B electives");
    fprintf(fp, "%d granted of %d asked\n", s.el_granted, s.el_asked);
    fprintf(fp, "regions (placement-quarters of placed trainees who gave regions)\n");
    static const char *const region_name[4] = {"region_1", "region_2", "region_3",
                                               "elsewhere"};
    for (int k = 0; k < 4; k++) {
        label(fp, 2, region_name[k]);
        fprintf(fp, "%ld\n", s.region[k]);
    }

    int nw = 0;
    const diags_t *dg = ri->diags;
    if (dg)
        for (int i = 0; i < dg->n; i++)
            nw += dg->v[i].level == DIAG_WARNING;
    fprintf(fp, "\nwarnings (%d)\n", nw);
    if (dg)
        for (int i = 0; i < dg->n; i++) {
            if (dg->v[i].level != DIAG_WARNING)
                continue;
            char *line = diag_format(&dg->v[i]);
            if (!line) {
                errno = ENOMEM;
                return -1;
            }
            fprintf(fp, "  ");
            put_text(fp, line);
            putc('\n', fp);
            free(line);
        }
    if (dg && dg->oom)
        fprintf(fp, "  (some warnings were lost: out of memory)\n");

    int n = 0;
    int *idx = unplaced_order(in, al, &n);
    if (!idx)
        return -1;
    fprintf(fp, "\nunplaced trainees (%d)\n", n);
    for (int i = 0; i < n; i++) {
        int t = idx[i];
        fprintf(fp, "  ");
        put_text(fp, in->tr[t].id);
        fprintf(fp, " (");
        put_text(fp, in->tr[t].name);
        fprintf(fp, "): ");
        put_text(fp, al->res[t].reason);
        putc('\n', fp);
    }
    free(idx);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}

int output_summary_txt(FILE *fp, const instance_t *in, const allocation_t *al,
                       const run_info_t *ri)
{
    if (check_shapes(in, al, ri) != 0)
        return -1;
    return summary_txt(fp, in, al, ri);
}

/* ------------------------------------------------------------ summary.json */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
static int utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        unsigned lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
        return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

int output_json_string(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)nz(s);
    errno = 0;
    putc('"', fp);
    while (*p) {
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            putc('\\', fp);
            putc((int)c, fp);
            p++;
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
            case '\n': fputs("\\n", fp); break;
            case '\r': fputs("\\r", fp); break;
            case '\t': fputs("\\t", fp); break;
            case '\b': fputs("\\b", fp); break;
            case '\f': fputs("\\f", fp); break;
            default: fprintf(fp, "\\u%04x", c); break;
            }
            p++;
        } else {
            int k = utf8_len(p);
            if (k == 0) {
                fputs("\\ufffd", fp);
                p++;
            } else {
                fwrite(p, 1, (size_t)k, fp);
                p += k;
            }
        }
    }
    putc('"', fp);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}

static void json_key(FILE *fp, int indent, const char *key)
{
    fprintf(fp, "%*s\"%s\": ", indent, "", key);
}

static void json_num(FILE *fp, double v, int dec)
{
    char buf[64];
    if (!isfinite(v) || v < 0) {
        fputs("null", fp);
        return;
    }
    fmt_fixed(buf, sizeof buf, v, dec, '.', 1);
    fputs(buf, fp);
}

static int summary_json(FILE *fp, const instance_t *in, const allocation_t *al,
                        const run_info_t *ri, const inputs_t *inp)
{
    stats_t s;
    stats_compute(in, al, &s);
    char libcsv[32];
    snprintf(libcsv, sizeof libcsv, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
    errno = 0;
    fputs("{\n", fp);
    json_key(fp, 2, "command");
    output_json_string(fp, ri->command);
    fputs(",\n", fp);
    json_key(fp, 2, "input_dir");
    output_json_string(fp, ri->input_dir);
    fputs(",\n", fp);
    json_key(fp, 2, "policy");
    output_json_string(fp, ri->policy);
    fputs(",\n", fp);
    json_key(fp, 2, "seed");
    fprintf(fp, "%lu,\n", ri->seed);
    if (ri->commitment) {
        json_key(fp, 2, "commitment");
        output_json_string(fp, ri->commitment);
        fputs(",\n", fp);
    }
    json_key(fp, 2, "time_limit");
    json_num(fp, ri->time_limit, 3);
    fputs(",\n", fp);
    json_key(fp, 2, "mip_gap");
    json_num(fp, ri->mip_gap, 6);
    fputs(",\n", fp);
    json_key(fp, 2, "status");
    fprintf(fp, "\"%s\",\n", output_status_key(al->status));
    json_key(fp, 2, "objective");
    fprintf(fp, "%ld,\n", al->objective);
    json_key(fp, 2, "bound");
    fprintf(fp, "%ld,\n", al->bound);
    json_key(fp, 2, "gap");
    json_num(fp, al->gap, 6);
    fputs(",\n", fp);
    json_key(fp, 2, "objective_parts");
    fprintf(fp, "{\"trainee_costs\": %ld, \"borrowed\": %ld, \"unplaced\": %ld},\n",
            s.trainee_cost, al->borrowed_cost, s.unplaced_cost);
    json_key(fp, 2, "solver_seconds");
    json_num(fp, al->seconds, 3);
    fputs(",\n", fp);
    json_key(fp, 2, "total_seconds");
    json_num(fp, ri->total_seconds, 3);
    fputs(",\n", fp);
    json_key(fp, 2, "model");
    fprintf(fp, "{\"variables\": %d, \"constraints\": %d},\n", al->nvars, al->nrows);
    json_key(fp, 2, "counts");
    fprintf(fp,
            "{\"planned\": %d, \"placed\": %d, \"fully_exempt\": %d, \"unplaced\": %d, "
            "\"placements\": %d, \"locked_total\": %d, \"locked_planned\": %d},\n",
            s.planned, s.placed, s.exempt, s.unplaced, s.npl, s.lk_total, s.lk_planned);
    json_key(fp, 2, "rank_profile");
    fprintf(fp,
            "{\"first\": %d, \"second\": %d, \"third\": %d, \"other\": %d, \"no_choice\": %d},\n",
            s.rank[0], s.rank[1], s.rank[2], s.rank[3], s.rank[4]);
    json_key(fp, 2, "electives");
    fprintf(fp, "{\"asked\": %d, \"granted\": %d},\n", s.el_asked, s.el_granted);
    json_key(fp, 2, "regions");
    fprintf(fp, "{\"region_1\": %ld, \"region_2\": %ld, \"region_3\": %ld, \"elsewhere\": %ld},\n",
            s.region[0], s.region[1], s.region[2], s.region[3]);
    json_key(fp, 2, "versions");
    fputs("{\"stagematch\": ", fp);
    output_json_string(fp, ri->version);
    fputs(", \"solver\": ", fp);
    output_json_string(fp, al->solver_version);
    fputs(", \"libcsv\": ", fp);
    output_json_string(fp, libcsv);
    fputs("},\n", fp);

    json_key(fp, 2, "inputs");
    fputs("[", fp);
    int first = 1;
    for (int k = 0; inp && k < NINPUT; k++) {
        if (!inp->present[k])
            continue;
        fprintf(fp, "%s\n    {\"file\": \"%s\", \"sha256\": \"%s\"}", first ? "" : ",",
                input_files[k], inp->sha[k]);
        first = 0;
    }
    fputs(first ? "],\n" : "\n  ],\n", fp);

    json_key(fp, 2, "warnings");
    fputs("[", fp);
    first = 1;
    const diags_t *dg = ri->diags;
    for (int i = 0; dg && i < dg->n; i++) {
        if (dg->v[i].level != DIAG_WARNING)
            continue;
        char *line = diag_format(&dg->v[i]);
        if (!line) {
            errno = ENOMEM;
            return -1;
        }
        fputs(first ? "\n    " : ",\n    ", fp);
        output_json_string(fp, line);
        free(line);
        first = 0;
    }
    fputs(first ? "],\n" : "\n  ],\n", fp);

    int n = 0;
    int *idx = unplaced_order(in, al, &n);
    if (!idx)
        return -1;
    json_key(fp, 2, "unplaced");
    fputs("[", fp);
    for (int i = 0; i < n; i++) {
        int t = idx[i];
        fputs(i ? ",\n    {\"trainee_id\": " : "\n    {\"trainee_id\": ", fp);
        output_json_string(fp, in->tr[t].id);
        fputs(", \"reason\": ", fp);
        output_json_string(fp, al->res[t].reason);
        fputs("}", fp);
    }
    free(idx);
    fputs(n ? "\n  ]\n}\n" : "]\n}\n", fp);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ checksums */

/* The digest of ctx as 64 lower-case hex digits plus NUL. */
static void sha256_hex(struct sha256_ctx *ctx, char hex[65])
{
    uint8_t dig[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof dig, dig);
    static const char xd[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = xd[dig[i] >> 4];
        hex[2 * i + 1] = xd[dig[i] & 15];
    }
    hex[64] = '\0';
}

int output_sha256_file(const char *path, char hex[65])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t buf[65536];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        sha256_update(&ctx, (size_t)r, buf);
    }
    close(fd);
    sha256_hex(&ctx, hex);
    return 0;
}

void output_sha256_bytes(const void *p, size_t n, char hex[65])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, n, p);
    sha256_hex(&ctx, hex);
}

/* dir/name in a new string (NULL on out of memory). */
static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    size_t k = a;
    if (a == 0 || dir[a - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, name, b + 1);
    return p;
}

/* Checksums of the input files present in dir.  On failure returns -1 with
 * errno set and *failed the file name (NULL for out of memory). */
static int inputs_compute(const char *dir, inputs_t *inp, const char **failed)
{
    memset(inp, 0, sizeof *inp);
    *failed = NULL;
    if (!dir)
        return 0;
    for (int k = 0; k < NINPUT; k++) {
        char *p = path_join(dir, input_files[k]);
        if (!p) {
            errno = ENOMEM;
            return -1;
        }
        int r = output_sha256_file(p, inp->sha[k]);
        int e = errno;
        free(p);
        if (r == 0)
            inp->present[k] = 1;
        else if (e != ENOENT) {
            *failed = input_files[k];
            errno = e;
            return -1;
        }
    }
    return 0;
}

int output_summary_json(FILE *fp, const instance_t *in, const allocation_t *al,
                        const run_info_t *ri)
{
    if (check_shapes(in, al, ri) != 0)
        return -1;
    inputs_t inp;
    const char *failed;
    if (inputs_compute(ri->input_dir, &inp, &failed) != 0)
        return -1;
    return summary_json(fp, in, al, ri, &inp);
}

/* ------------------------------------------------------------ errors */

static void report(diags_t *d, diag_level_t lv, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void report(diags_t *d, diag_level_t lv, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (d)
        diags_add(d, lv, NULL, 0, NULL, "%s", msg);
    else
        fprintf(stderr, "stagematch: %s%s\n", lv == DIAG_WARNING ? "warning: " : "", msg);
}

#define ERR(...) report(d, DIAG_ERROR, __VA_ARGS__)

/* ------------------------------------------------------------ folders */

static int rename2(const char *from, const char *to, unsigned flags)
{
#ifdef SYS_renameat2
    return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags) == 0 ? 0 : -1;
#else
    (void)from;
    (void)to;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

/* The kernel or file system cannot do this kind of rename. */
static int rename_unsupported(int e) { return e == ENOSYS || e == EINVAL || e == ENOTSUP; }

/* Move from to to, refusing (EEXIST) when to exists.  Where renameat2 is
 * not available, check first and rename (a narrow race remains there: an
 * empty folder created between the check and the rename is replaced). */
static int rename_noreplace(const char *from, const char *to)
{
    if (rename2(from, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (!rename_unsupported(errno))
        return -1;
    struct stat st;
    if (lstat(to, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    if (errno != ENOENT)
        return -1;
    return rename(from, to);
}

/* Remove name (relative to dfd) and, if it is a folder, everything in it;
 * symbolic links are removed, never followed.  Returns 0 or -1 (errno of
 * the first failure); goes on after a failure to remove what it can. */
static int rm_tree_at(int dfd, const char *name, int depth)
{
    if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;
    if (depth > 128) {
        errno = ELOOP;
        return -1;
    }
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int err = 0;
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(dir);
        if (!ent) {
            if (errno && !err)
                err = errno;
            break;
        }
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        if (rm_tree_at(fd, ent->d_name, depth + 1) != 0 && !err)
            err = errno;
    }
    closedir(dir);
    if (unlinkat(dfd, name, AT_REMOVEDIR) != 0 && !err)
        err = errno;
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

static int rm_tree(const char *path) { return rm_tree_at(AT_FDCWD, path, 0); }

/* 1 if path equals dir or lies inside it (both absolute and resolved). */
static int path_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return 1;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int is_known_file(const char *name)
{
    for (int i = 0; known_files[i]; i++)
        if (strcmp(name, known_files[i]) == 0)
            return 1;
    return 0;
}

/* May --force replace the folder at path?  1 yes, 0 no (*bad names the
 * first entry that is not an output file, in buf), -1 error (errno). */
static int replaceable(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int ok = 1;
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(dir);
        if (!ent) {
            if (errno) {
                int e = errno;
                closedir(dir);
                errno = e;
                return -1;
            }
            break;
        }
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(fd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            int e = errno;
            closedir(dir);
            errno = e;
            return -1;
        }
        if (!S_ISREG(st.st_mode) || !is_known_file(ent->d_name)) {
            snprintf(buf, n, "%s", ent->d_name);
            ok = 0;
            break;
        }
    }
    closedir(dir);
    return ok;
}

/* fsync a folder so that its entries are on disk: 0 or -1 (errno).  A file
 * system that cannot sync folders (EINVAL) counts as success. */
static int fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd) == 0 || errno == EINVAL || errno == ENOTSUP ? 0 : -1;
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

/* The context of the four standard files. */
typedef struct std_ctx {
    const instance_t *in;
    const allocation_t *al;
    const run_info_t *ri;
    const inputs_t *inp;
} std_ctx_t;

static int w_letters(FILE *fp, void *ctx)
{
    const std_ctx_t *c = ctx;
    return output_letters(fp, c->in, c->al, c->ri);
}

static int w_unplaced(FILE *fp, void *ctx)
{
    const std_ctx_t *c = ctx;
    return output_unplaced(fp, c->in, c->al, c->ri);
}

static int w_txt(FILE *fp, void *ctx)
{
    const std_ctx_t *c = ctx;
    return summary_txt(fp, c->in, c->al, c->ri);
}

static int w_json(FILE *fp, void *ctx)
{
    const std_ctx_t *c = ctx;
    return summary_json(fp, c->in, c->al, c->ri, c->inp);
}

/* Create dir/name (mode 0600, never an existing file) and write it with f,
 * flushed, synced and closed.  0 or -1 (errno). */
static int write_one(const char *dir, const out_file_t *f)
{
    char *path = path_join(dir, f->name);
    if (!path) {
        errno = ENOMEM;
        return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0)
        return -1;
    if (fchmod(fd, 0600) != 0) {   /* exactly 0600, whatever the umask */
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    errno = 0;
    int r = f->write(fp, f->ctx);
    int e = errno;
    if (r != 0) {
        fclose(fp);
        errno = e ? e : EIO;
        return -1;
    }
    return file_close_synced(fp);
}

int output_write(const char *out_dir, int force, const instance_t *in, const allocation_t *al,
                 const run_info_t *ri, diags_t *d)
{
    if (check_shapes(in, al, ri) != 0) {
        ERR("internal error: the allocation to write for '%s' is inconsistent",
            out_dir ? out_dir : "");
        return -1;
    }
    inputs_t inp;
    const char *failed;
    if (inputs_compute(ri->input_dir, &inp, &failed) != 0) {
        if (!failed)
            ERR("out of memory while writing output folder '%s'", out_dir ? out_dir : "");
        else
            ERR("cannot read '%s/%s' for its checksum: %s", ri->input_dir, failed,
                strerror(errno));
        return -1;
    }
    std_ctx_t ctx = {in, al, ri, &inp};
    int n = 4 + (ri->extra ? ri->nextra : 0);
    out_file_t *files = malloc((size_t)n * sizeof *files);
    if (!files) {
        ERR("out of memory while writing output folder '%s'", out_dir ? out_dir : "");
        return -1;
    }
    files[0] = (out_file_t){"letters.csv", w_letters, &ctx};
    files[1] = (out_file_t){"unplaced.csv", w_unplaced, &ctx};
    files[2] = (out_file_t){"summary.txt", w_txt, &ctx};
    files[3] = (out_file_t){"summary.json", w_json, &ctx};
    for (int k = 4; k < n; k++)
        files[k] = ri->extra[k - 4];
    int rc = output_folder_write(out_dir, force, ri->input_dir, files, n, ri->cancel, d);
    free(files);
    return rc;
}

int output_folder_write(const char *out_dir, int force, const char *input_dir,
                        const out_file_t *files, int nfiles, const volatile int *cancel,
                        diags_t *d)
{
    int rc = -1;
    char *dest = NULL, *parent = NULL, *parent_real = NULL, *dest_real = NULL;
    char *in_real = NULL, *tmp = NULL, *old = NULL;
    if (!out_dir || !*out_dir) {
        ERR("no output folder given");
        return -1;
    }
    /* destination = parent + "/" + base, trailing slashes dropped */
    size_t n = strlen(out_dir);
    dest = malloc(n + 1);
    if (!dest)
        goto oom;
    memcpy(dest, out_dir, n + 1);
    while (n > 1 && dest[n - 1] == '/')
        dest[--n] = '\0';
    char *slash = strrchr(dest, '/');
    const char *base = slash ? slash + 1 : dest;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        ERR("output folder '%s' does not name a new folder (give the folder's own name, e.g. "
            "'out/run1')",
            out_dir);
        goto done;
    }
    if (!slash)
        parent = malloc(2);
    else
        parent = malloc((size_t)(slash - dest) + 2);
    if (!parent)
        goto oom;
    if (!slash)
        strcpy(parent, ".");
    else if (slash == dest)
        strcpy(parent, "/");
    else {
        memcpy(parent, dest, (size_t)(slash - dest));
        parent[slash - dest] = '\0';
    }
    parent_real = realpath(parent, NULL);
    if (!parent_real) {
        if (errno == ENOMEM)
            goto oom;
        ERR("cannot create output folder '%s': '%s': %s", out_dir, parent, strerror(errno));
        goto done;
    }
    dest_real = path_join(parent_real, base);
    if (!dest_real)
        goto oom;

    /* never write into (or over) the input folder */
    if (input_dir) {
        in_real = realpath(input_dir, NULL);
        if (!in_real) {
            if (errno == ENOMEM)
                goto oom;
            ERR("cannot resolve input folder '%s': %s", input_dir, strerror(errno));
            goto done;
        }
        if (path_within(dest_real, in_real)) {
            ERR("output folder '%s' is the input folder '%s' or inside it (choose a folder "
                "outside the input folder)",
                out_dir, input_dir);
            goto done;
        }
        if (path_within(in_real, dest_real)) {
            ERR("output folder '%s' contains the input folder '%s' (choose another folder)",
                out_dir, input_dir);
            goto done;
        }
    }

    /* an existing destination: refuse, or (force) check it is an old output */
    struct stat st;
    int exists = lstat(dest, &st) == 0;
    if (!exists && errno != ENOENT) {
        ERR("cannot create output folder '%s': %s", out_dir, strerror(errno));
        goto done;
    }
    if (exists && !force) {
        ERR("output folder '%s' already exists (use --force to replace it)", out_dir);
        goto done;
    }
    if (exists) {
        if (!S_ISDIR(st.st_mode)) {
            ERR("'%s' exists and is not a folder: not replacing it", out_dir);
            goto done;
        }
        char bad[256];
        int r = replaceable(dest, bad, sizeof bad);
        if (r < 0) {
            ERR("cannot read output folder '%s': %s", out_dir, strerror(errno));
            goto done;
        }
        if (r == 0) {
            ERR("output folder '%s' holds '%s', which stagematch does not write: not replacing "
                "it (remove it yourself or choose another folder)",
                out_dir, bad);
            goto done;
        }
    }

    /* the temporary folder beside the destination (same file system) */
    size_t tl = strlen(parent) + strlen(base) + 32;
    tmp = malloc(tl);
    if (!tmp)
        goto oom;
    snprintf(tmp, tl, "%s%s.%s.tmp-XXXXXX", parent,
             strcmp(parent, "/") == 0 ? "" : "/", base);
    if (!mkdtemp(tmp)) {
        ERR("cannot create a temporary folder beside '%s': %s", out_dir, strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    if (chmod(tmp, 0700) != 0) {
        ERR("cannot set the permissions of a temporary folder beside '%s': %s", out_dir,
            strerror(errno));
        goto done;
    }

    for (int k = 0; k < nfiles; k++)
        if (write_one(tmp, &files[k]) != 0) {
            if (errno == ENOMEM)
                goto oom;
            ERR("cannot write '%s/%s': %s", dest, files[k].name, strerror(errno));
            goto done;
        }
    if (fsync_dir(tmp) != 0) {
        ERR("cannot write output folder '%s': %s", out_dir, strerror(errno));
        goto done;
    }

    if (cancel && *cancel) {
        ERR("interrupted: output folder '%s' not written", out_dir);
        goto done;
    }

    /* into place */
    if (exists) {
        if (rename2(tmp, dest, RENAME_EXCHANGE) == 0) {
            /* dest is the new folder; the old one now sits at tmp */
            (void)fsync_dir(parent);   /* the move is done: nothing to undo */
            if (rm_tree(tmp) != 0)
                report(d, DIAG_WARNING, "could not remove the replaced output folder, now '%s': %s",
                       tmp, strerror(errno));
            free(tmp);
            tmp = NULL;
            rc = 0;
            goto done;
        }
        if (errno == ENOENT) {
            exists = 0;   /* gone meanwhile: a plain move in */
        } else if (!rename_unsupported(errno)) {
            ERR("cannot replace output folder '%s': %s", out_dir, strerror(errno));
            goto done;
        } else {
            /* no atomic exchange here: move the old folder aside first */
            size_t ol = strlen(parent) + strlen(base) + 32;
            old = malloc(ol);
            if (!old)
                goto oom;
            snprintf(old, ol, "%s%s.%s.old-XXXXXX", parent,
                     strcmp(parent, "/") == 0 ? "" : "/", base);
            if (!mkdtemp(old)) {
                ERR("cannot create a folder beside '%s' for the old output: %s", out_dir,
                    strerror(errno));
                free(old);
                old = NULL;
                goto done;
            }
            /* rename onto the empty folder mkdtemp made replaces it */
            if (rename(dest, old) != 0) {
                ERR("cannot move the old output folder '%s' aside: %s", out_dir,
                    strerror(errno));
                rmdir(old);
                goto done;
            }
            if (rename_noreplace(tmp, dest) != 0) {
                int e = errno;
                if (rename(old, dest) != 0)
                    ERR("cannot move the new output folder into place as '%s': %s; the old "
                        "one is now '%s'",
                        out_dir, strerror(e), old);
                else
                    ERR("cannot move the new output folder into place as '%s': %s", out_dir,
                        strerror(e));
                goto done;
            }
            free(tmp);
            tmp = NULL;
            (void)fsync_dir(parent);   /* the move is done: nothing to undo */
            if (rm_tree(old) != 0)
                report(d, DIAG_WARNING, "could not remove the replaced output folder, now '%s': %s",
                       old, strerror(errno));
            rc = 0;
            goto done;
        }
    }
    if (rename_noreplace(tmp, dest) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY)
            ERR("output folder '%s' already exists (use --force to replace it)", out_dir);
        else
            ERR("cannot move the new output folder into place as '%s': %s", out_dir,
                strerror(errno));
        goto done;
    }
    free(tmp);
    tmp = NULL;
    (void)fsync_dir(parent);
    rc = 0;
    goto done;

oom:
    ERR("out of memory while writing output folder '%s'", out_dir);
done:
    if (tmp) {
        rm_tree(tmp);
        free(tmp);
    }
    free(old);
    free(in_real);
    free(dest_real);
    free(parent_real);
    free(parent);
    free(dest);
    return rc;
}
