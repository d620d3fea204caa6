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
#include "translate.h"

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

/* Subfolders a command may write (one level): --force replaces a folder
 * holding these only when they hold nothing but plain files ending in the
 * given extension. */
static const struct {
    const char *name, *ext;
} known_dirs[] = {{"brieven", ".html"}};
#define NKNOWN_DIRS ((int)(sizeof known_dirs / sizeof known_dirs[0]))

static int known_dir(const char *name, size_t len)
{
    for (int i = 0; i < NKNOWN_DIRS; i++)
        if (strlen(known_dirs[i].name) == len && strncmp(known_dirs[i].name, name, len) == 0)
            return i;
    return -1;
}

static int ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n > k && strcmp(s + n - k, ext) == 0;
}

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

lang_t output_letters_lang(const run_info_t *ri)
{
    return ri && ri->lang == LANG_EN ? LANG_EN : LANG_NL;
}

lang_t output_text_lang(const run_info_t *ri)
{
    return ri && ri->lang == LANG_NL ? LANG_NL : LANG_EN;
}

/* The notes of a placement (docs/outputs.md), in Dutch when nl, joined with
 * " / " into notes (size n); numbers with the decimal separator sep. */
static void placement_notes(const instance_t *in, const placement_t *p, int nl, char sep,
                            char *notes, size_t n)
{
    char buf[128];
    notes[0] = '\0';
    if (p->seh_first)
        add_note(notes, n, nl ? "STARtclass bij de start" : "STARtclass at start");
    if (p->ext_weeks > 0) {
        snprintf(buf, sizeof buf,
                 nl ? "deeltijdverlenging %d weken na het stagejaar"
                    : "part-time extension %d weeks beyond the stage year",
                 p->ext_weeks);
        add_note(notes, n, buf);
    }
    if (p->beyond_horizon)
        add_note(notes, n,
                 nl ? "loopt door na de planningshorizon: bevestigen met de stageplaats"
                    : "extends beyond the planning horizon: confirm with the site");
    if (p->makeup_days > 0) {
        char mk[32];
        /* rules.md: 13 * (1 - f) full-time weeks per B stage, from the
         * factor itself so that 0.5 reads 6.5, not a rounded day count */
        int fpm = in->tr[p->trainee].factor_pm;
        fmt_tenths(mk, sizeof mk, (130L * (1000 - fpm) + 500) / 1000, sep);
        snprintf(buf, sizeof buf,
                 nl ? "inhalen in de huisartspraktijk %s weken" : "GP practice make-up %s weeks",
                 mk);
        add_note(notes, n, buf);
    }
}

/* The cells letters.csv and brieven.csv share for one placement: traject,
 * field, the site's five cells (id, name, institution, region,
 * supervisor), start, end and weeks. */
static void placement_cells(csvw_t *w, const instance_t *in, const placement_t *p, char sep)
{
    const site_t *s = &in->site[p->site];
    char start[16], end[16], weeks[32], traject[2] = {p->traject, '\0'};
    date_format(p->start, start);
    date_format(p->end, end);
    fmt_tenths(weeks, sizeof weeks, week_tenths((long)p->end - p->start + 1), sep);
    csvw_cell(w, traject);
    csvw_cell(w, field_code(p->field));
    csvw_cell(w, s->id);
    csvw_cell(w, s->name);
    csvw_cell(w, s->institution);
    csvw_cell(w, s->region_name);
    csvw_cell(w, s->supervisor);
    csvw_cell(w, start);
    csvw_cell(w, end);
    csvw_cell(w, weeks);
}

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

    int nl = output_letters_lang(ri) == LANG_NL;
    if (fputs(OUTPUT_BOM, fp) == EOF) {
        free(ord);
        return -1;
    }
    csvw_t w;
    csvw_init(&w, fp, ri->delimiter);
    static const char *const header[2][17] = {
        {"trainee_id", "name", "email", "traject", "field", "site_id", "site_name",
         "institution", "region", "supervisor", "start_date", "end_date", "weeks",
         "parttime_factor", "min_days_per_week", "locked", "notes"},
        {"aios_id", "naam", "email", "traject", "onderdeel", "stageplaats_id", "stageplaats",
         "instelling", "regio", "opleider", "begindatum", "einddatum", "weken",
         "deeltijdfactor", "min_dagen_per_week", "vastgelegd", "opmerkingen"}};
    for (size_t k = 0; k < 17; k++)
        csvw_cell(&w, header[nl][k]);
    csvw_endrow(&w);
    for (int i = 0; i < al->npl && !csvw_error(&w); i++) {
        const placement_t *p = &al->pl[ord[i].idx];
        const trainee_t *tr = &in->tr[p->trainee];
        char factor[16];
        fmt_factor(factor, sizeof factor, tr->factor_pm, sep);
        char notes[512] = "";
        placement_notes(in, p, nl, sep, notes, sizeof notes);
        csvw_cell(&w, tr->id);
        csvw_cell(&w, tr->name);
        csvw_cell(&w, tr->email);
        placement_cells(&w, in, p, sep);
        csvw_cell(&w, factor);
        csvw_cell(&w, tr->factor_pm >= 900 ? "4" : "3");
        csvw_cell(&w, p->locked ? (nl ? "ja" : "yes") : (nl ? "nee" : "no"));
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
    int nl = output_letters_lang(ri) == LANG_NL;
    if (fputs(OUTPUT_BOM, fp) == EOF) {
        free(idx);
        return -1;
    }
    csvw_t w;
    csvw_init(&w, fp, ri->delimiter);
    csvw_cell(&w, nl ? "aios_id" : "trainee_id");
    csvw_cell(&w, nl ? "naam" : "name");
    csvw_cell(&w, nl ? "reden" : "reason");
    csvw_endrow(&w);
    int oom = 0;
    for (int i = 0; i < n && !oom; i++) {
        int t = idx[i];
        char *why = nl ? output_reason_nl(nz(al->res[t].reason)) : NULL;
        if (nl && !why) {
            oom = 1;
            break;
        }
        csvw_cell(&w, in->tr[t].id);
        csvw_cell(&w, in->tr[t].name);
        csvw_cell(&w, nl ? why : al->res[t].reason);
        csvw_endrow(&w);
        free(why);
    }
    free(idx);
    if (oom) {
        errno = ENOMEM;
        return -1;
    }
    if (csvw_error(&w)) {
        errno = csvw_error(&w);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ brieven.csv */

/* The per-stage columns of brieven.csv, in order, and their Dutch names. */
static const char *const stage_cols[2][12] = {
    {"traject", "field", "site_id", "site_name", "institution", "region", "supervisor",
     "start_date", "end_date", "weeks", "locked", "notes"},
    {"traject", "onderdeel", "stageplaats_id", "stageplaats", "instelling", "regio", "opleider",
     "begindatum", "einddatum", "weken", "vastgelegd", "opmerkingen"}};

int output_brieven(FILE *fp, const instance_t *in, const allocation_t *al, const run_info_t *ri)
{
    if (check_shapes(in, al, ri) != 0)
        return -1;
    int nl = output_letters_lang(ri) == LANG_NL;
    char sep = ri->decimal_comma ? ',' : '.';
    order_t *pord = malloc((size_t)(al->npl > 0 ? al->npl : 1) * sizeof *pord);
    order_t *tord = malloc((size_t)(in->ntr > 0 ? in->ntr : 1) * sizeof *tord);
    int *count = calloc((size_t)(in->ntr > 0 ? in->ntr : 1), sizeof *count);
    int *first = malloc((size_t)(in->ntr > 0 ? in->ntr : 1) * sizeof *first);
    if (!pord || !tord || !count || !first) {
        free(pord);
        free(tord);
        free(count);
        free(first);
        errno = ENOMEM;
        return -1;
    }
    int np = 0, nt = 0, longest = 1;
    for (int i = 0; i < al->npl; i++)
        if (in->tr[al->pl[i].trainee].planned)
            pord[np++] = (order_t){nz(in->tr[al->pl[i].trainee].id), al->pl[i].start, i};
    if (np > 1)
        qsort(pord, (size_t)np, sizeof *pord, cmp_order);
    for (int t = 0; t < in->ntr; t++) {
        first[t] = -1;
        if (in->tr[t].planned)
            tord[nt++] = (order_t){nz(in->tr[t].id), 0, t};
    }
    if (nt > 1)
        qsort(tord, (size_t)nt, sizeof *tord, cmp_order);
    for (int i = np - 1; i >= 0; i--) {
        int t = al->pl[pord[i].idx].trainee;
        first[t] = i;
        if (++count[t] > longest)
            longest = count[t];
    }

    int rc = -1;
    if (fputs(OUTPUT_BOM, fp) == EOF)
        goto done;
    csvw_t w;
    csvw_init(&w, fp, ri->delimiter);
    csvw_cell(&w, nl ? "aios_id" : "trainee_id");
    csvw_cell(&w, nl ? "naam" : "name");
    csvw_cell(&w, "email");
    csvw_cell(&w, nl ? "deeltijdfactor" : "parttime_factor");
    csvw_cell(&w, nl ? "min_dagen_per_week" : "min_days_per_week");
    csvw_cell(&w, nl ? "uitkomst" : "outcome");
    csvw_cell(&w, nl ? "reden" : "reason");
    csvw_cell(&w, nl ? "aantal_stages" : "stages");
    for (int k = 1; k <= longest; k++)
        for (int c = 0; c < 12; c++)
            csvw_cellf(&w, "stage_%d_%s", k, stage_cols[nl][c]);
    csvw_endrow(&w);
    for (int i = 0; i < nt && !csvw_error(&w); i++) {
        int t = tord[i].idx;
        const trainee_t *tr = &in->tr[t];
        outcome_t oc = t < al->ntr ? al->res[t].outcome : OUT_UNPLACED;
        char factor[16], *why = NULL;
        fmt_factor(factor, sizeof factor, tr->factor_pm, sep);
        csvw_cell(&w, tr->id);
        csvw_cell(&w, tr->name);
        csvw_cell(&w, tr->email);
        csvw_cell(&w, factor);
        csvw_cell(&w, tr->factor_pm >= 900 ? "4" : "3");
        if (oc == OUT_PLACED)
            csvw_cell(&w, nl ? "geplaatst" : "placed");
        else if (oc == OUT_EMPTY_YEAR)
            csvw_cell(&w, nl ? "volledig vrijgesteld" : "fully exempt");
        else
            csvw_cell(&w, nl ? "niet geplaatst" : "unplaced");
        if (oc == OUT_UNPLACED && t < al->ntr) {
            if (nl && !(why = output_reason_nl(al->res[t].reason))) {
                errno = ENOMEM;
                goto done;
            }
            csvw_cell(&w, nl ? why : al->res[t].reason);
            free(why);
        } else
            csvw_cell(&w, "");
        csvw_cellf(&w, "%d", count[t]);
        for (int k = 0; k < longest; k++) {
            if (k >= count[t]) {
                for (int c = 0; c < 12; c++)
                    csvw_cell(&w, "");
                continue;
            }
            const placement_t *p = &al->pl[pord[first[t] + k].idx];
            char notes[512];
            placement_notes(in, p, nl, sep, notes, sizeof notes);
            placement_cells(&w, in, p, sep);
            csvw_cell(&w, p->locked ? (nl ? "ja" : "yes") : (nl ? "nee" : "no"));
            csvw_cell(&w, notes);
        }
        csvw_endrow(&w);
    }
    if (csvw_error(&w))
        errno = csvw_error(&w);
    else
        rc = 0;
done:
    free(pord);
    free(tord);
    free(count);
    free(first);
    return rc;
}

int output_brieven_file(FILE *fp, void *ctx)
{
    const output_ctx_t *c = ctx;
    return output_brieven(fp, c->in, c->al, c->ri);
}

/* ------------------------------------------------------------ HTML letters */

static const char *const field_names_en[FIELD_COUNT] = {
    "Emergency medicine", "Internal medicine", "Paediatrics", "Obstetrics and gynaecology",
    "Cardiology", "Neurology", "Orthopaedics", "Rheumatology", "Mental health care",
    "Complex chronic care", "Research", "Urology", "Pain medicine", "Clinical genetics"};

/* s with &, <, >, " and ' as entities; control characters (a line break in
 * a site name) as a space. */
void output_html_text(FILE *fp, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)nz(s); *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default: putc(*p < 0x20 || *p == 0x7f ? ' ' : *p, fp); break;
        }
    }
}

/* A date in a letter's table: "01-09-2026" in Dutch, ISO "2026-09-01" in
 * English (short, so that the table fits an A4 page). */
static void letter_date(char *buf, size_t n, int day, int nl)
{
    char iso[16];
    date_format(day, iso);
    if (nl && strlen(iso) == 10)
        snprintf(buf, n, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
    else
        snprintf(buf, n, "%s", iso);
}

static const char letter_css[] =
    "@page { size: A4; margin: 22mm 18mm; }\n"
    "body { font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 10.5pt; "
    "line-height: 1.4; color: #000; margin: 0; }\n"
    "h1 { font-size: 14pt; margin: 0 0 6mm 0; }\n"
    ".to { margin-bottom: 6mm; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4mm 0; "
    "page-break-inside: avoid; }\n"
    "th, td { border: 1px solid #888; padding: 3px 5px; text-align: left; vertical-align: top; }\n"
    ".small { font-size: 8pt; color: #333; }\n"
    "th { background: #eee; }\n"
    "td.num { text-align: right; white-space: nowrap; }\n"
    "td.date { white-space: nowrap; }\n"
    ".sign { margin-top: 10mm; }\n"
    "@media screen { body { max-width: 174mm; margin: 10mm auto; } }\n";

/* The placements of trainee t in date order: indices into al->pl, *n of them
 * (malloc'ed; NULL with errno ENOMEM). */
static int *trainee_placements(const allocation_t *al, int t, int *n)
{
    int k = 0;
    for (int i = 0; i < al->npl; i++)
        k += al->pl[i].trainee == t;
    int *v = malloc((size_t)(k > 0 ? k : 1) * sizeof *v);
    if (!v) {
        errno = ENOMEM;
        return NULL;
    }
    k = 0;
    for (int i = 0; i < al->npl; i++)
        if (al->pl[i].trainee == t) {
            int j = k++;
            while (j > 0 && al->pl[v[j - 1]].start > al->pl[i].start) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = i;
        }
    *n = k;
    return v;
}

static void letter_table(FILE *fp, const instance_t *in, const allocation_t *al, const int *v,
                         int n, int nl)
{
    char sep = nl ? ',' : '.';
    fputs(nl ? "<table>\n<thead><tr><th>Onderdeel</th><th>Stageplaats</th><th>Regio</th>"
               "<th>Opleider</th><th>Periode</th><th>Weken</th><th>Opmerkingen</th></tr>"
               "</thead>\n<tbody>\n"
             : "<table>\n<thead><tr><th>Field</th><th>Site</th><th>Region</th>"
               "<th>Supervisor</th><th>Period</th><th>Weeks</th><th>Notes</th></tr>"
               "</thead>\n<tbody>\n",
          fp);
    for (int k = 0; k < n; k++) {
        const placement_t *p = &al->pl[v[k]];
        const site_t *s = &in->site[p->site];
        char from[40], to[40], weeks[32], notes[512];
        letter_date(from, sizeof from, p->start, nl);
        letter_date(to, sizeof to, p->end, nl);
        fmt_tenths(weeks, sizeof weeks, week_tenths((long)p->end - p->start + 1), sep);
        placement_notes(in, p, nl, sep, notes, sizeof notes);
        if (p->locked) {
            size_t len = strlen(notes);
            snprintf(notes + len, sizeof notes - len, "%s%s", len ? " / " : "",
                     nl ? "vastgelegd" : "decided earlier");
        }
        const char *fname = p->field >= 0 && p->field < FIELD_COUNT
                                ? (nl ? field_name_nl(p->field) : field_names_en[p->field])
                                : "?";
        fputs("<tr><td>", fp);
        if (nl && fname[0] >= 'a' && fname[0] <= 'z') { /* capitalised in a letter */
            putc(fname[0] - 'a' + 'A', fp);
            output_html_text(fp, fname + 1);
        } else
            output_html_text(fp, fname);
        fprintf(fp, " (%s)<br><span class=\"small\">traject %c</span></td><td>",
                field_code(p->field), p->traject);
        output_html_text(fp, s->name);
        if (s->institution && *s->institution && strcmp(s->institution, nz(s->name)) != 0) {
            fputs("<br><span class=\"small\">", fp);
            output_html_text(fp, s->institution);
            fputs("</span>", fp);
        }
        fputs("</td><td>", fp);
        output_html_text(fp, s->region_name);
        fputs("</td><td>", fp);
        output_html_text(fp, s->supervisor);
        fprintf(fp, "</td><td class=\"date\">%s<br>%s %s</td><td class=\"num\">%s</td><td>", from,
                nl ? "t/m" : "to", to, weeks);
        output_html_text(fp, notes);
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n", fp);
}

int output_html_letter(FILE *fp, const instance_t *in, const allocation_t *al,
                       const run_info_t *ri, int t)
{
    if (check_shapes(in, al, ri) != 0 || t < 0 || t >= in->ntr) {
        errno = EINVAL;
        return -1;
    }
    int nl = output_letters_lang(ri) == LANG_NL;
    const trainee_t *tr = &in->tr[t];
    outcome_t oc = t < al->ntr ? al->res[t].outcome : OUT_UNPLACED;
    int n = 0;
    int *v = trainee_placements(al, t, &n);
    char *why = NULL;
    if (!v)
        return -1;
    if (oc == OUT_UNPLACED && nl && !(why = output_reason_nl(t < al->ntr ? al->res[t].reason : ""))) {
        free(v);
        return -1;
    }
    errno = 0;
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
            nl ? "nl" : "en");
    fputs(nl ? "Stageplaatsing tweede opleidingsjaar: " : "Second-year placements: ", fp);
    output_html_text(fp, tr->name);
    fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", letter_css);
    fputs(nl ? "<h1>Stageplaatsing tweede opleidingsjaar</h1>\n"
             : "<h1>Your placements in the second year</h1>\n",
          fp);
    fputs("<p class=\"to\">", fp);
    fputs(nl ? "Aan: " : "To: ", fp);
    output_html_text(fp, tr->name);
    fputs(" (", fp);
    output_html_text(fp, tr->id);
    fputs(")", fp);
    if (tr->email && *tr->email) {
        fputs("<br>", fp);
        output_html_text(fp, tr->email);
    }
    fputs("</p>\n<p>", fp);
    fputs(nl ? "Beste " : "Dear ", fp);
    output_html_text(fp, tr->name);
    fputs(",</p>\n", fp);
    if (oc == OUT_PLACED) {
        fputs(nl ? "<p>Hierbij ontvang je de indeling van je stages in het tweede jaar van de "
                   "huisartsopleiding. Hieronder staan je stages in de volgorde waarin je ze "
                   "loopt.</p>\n"
                 : "<p>Here are your placements in the second year of the GP training, in the "
                   "order in which they take place.</p>\n",
              fp);
        letter_table(fp, in, al, v, n, nl);
        char factor[16];
        fmt_factor(factor, sizeof factor, tr->factor_pm, nl ? ',' : '.');
        int days = tr->factor_pm >= 900 ? 4 : 3;
        if (tr->factor_pm < 1000)
            fprintf(fp,
                    nl ? "<p>Je werkt in deeltijd (factor %s). Je bent ten minste %d dagen per "
                         "week op de stageplaats.</p>\n"
                       : "<p>You work part-time (factor %s). You are at the site at least %d "
                         "days a week.</p>\n",
                    factor, days);
        else
            fprintf(fp,
                    nl ? "<p>Je bent ten minste %d dagen per week op de stageplaats.</p>\n"
                       : "<p>You are at the site at least %d days a week.</p>\n",
                    days);
        fputs(nl ? "<p>Neem voor het begin van elke stage contact op met je opleider op de "
                   "stageplaats om de eerste dag af te spreken.</p>\n"
                 : "<p>Before each placement begins, please contact your supervisor at the "
                   "site to arrange your first day.</p>\n",
              fp);
    } else if (oc == OUT_EMPTY_YEAR) {
        fputs(nl ? "<p>Door je vrijstellingen loop je in het tweede jaar geen stages buiten de "
                   "huisartspraktijk. Deze brief bevestigt dat.</p>\n"
                 : "<p>Because of your exemptions you have no placements outside the GP "
                   "practice in the second year. This letter confirms that.</p>\n",
              fp);
    } else {
        fputs(nl ? "<p>Helaas hebben wij voor jou nog geen volledige stage-indeling kunnen "
                   "maken. De reden: "
                 : "<p>Unfortunately we could not yet make a complete placement plan for you. "
                   "The reason: ",
              fp);
        output_html_text(fp, nl ? why : (t < al->ntr ? al->res[t].reason : ""));
        fputs(nl ? ".</p>\n<p>Het stagesecretariaat neemt contact met je op om samen een "
                   "oplossing te zoeken.</p>\n"
                 : ".</p>\n<p>The placement office will contact you to find a solution "
                   "together.</p>\n",
              fp);
        if (n > 0) {
            fputs(nl ? "<p>Deze stages waren al vastgelegd en blijven staan:</p>\n"
                     : "<p>These placements were decided earlier and stand:</p>\n",
                  fp);
            letter_table(fp, in, al, v, n, nl);
        }
    }
    fputs(nl ? "<p>Heb je vragen over deze brief, neem dan contact op met het "
               "stagesecretariaat.</p>\n<p class=\"sign\">Met vriendelijke groet,<br>\n"
               "Het stagesecretariaat</p>\n"
             : "<p>If you have any questions about this letter, please contact the placement "
               "office.</p>\n<p class=\"sign\">Kind regards,<br>\nThe placement office</p>\n",
          fp);
    fputs("</body>\n</html>\n", fp);
    free(v);
    free(why);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}

typedef struct html_one {
    const output_ctx_t *c;
    int t;
    char name[96];   /* "brieven/" + id (at most 64) + ".html" */
} html_one_t;

static int w_html(FILE *fp, void *ctx)
{
    const html_one_t *o = ctx;
    return output_html_letter(fp, o->c->in, o->c->al, o->c->ri, o->t);
}

int output_html_letters_build(output_html_letters_t *h, const output_ctx_t *c)
{
    memset(h, 0, sizeof *h);
    int n = 0;
    for (int t = 0; t < c->in->ntr; t++)
        n += c->in->tr[t].planned;
    html_one_t *one = malloc((size_t)(n > 0 ? n : 1) * sizeof *one);
    out_file_t *files = malloc((size_t)(n > 0 ? n : 1) * sizeof *files);
    if (!one || !files) {
        free(one);
        free(files);
        errno = ENOMEM;
        return -1;
    }
    int k = 0;
    for (int t = 0; t < c->in->ntr; t++) {
        if (!c->in->tr[t].planned)
            continue;
        one[k].c = c;
        one[k].t = t;
        /* ids are 1-64 characters of A-Z a-z 0-9 . _ - (load.c): a plain name */
        snprintf(one[k].name, sizeof one[k].name, "brieven/%.64s.html", nz(c->in->tr[t].id));
        files[k] = (out_file_t){one[k].name, w_html, &one[k]};
        k++;
    }
    h->files = files;
    h->n = n;
    h->one = one;
    return 0;
}

void output_html_letters_release(output_html_letters_t *h)
{
    if (!h)
        return;
    free(h->files);
    free(h->one);
    memset(h, 0, sizeof *h);
}

/* ------------------------------------------------------------ reasons in Dutch */

/* The unplaced reasons are worded in English where they are made
 * (models/plans.c, solver/solve.c).  For Dutch letters they are matched
 * against these patterns ('*' stands for a variable part: a field code, a
 * quarter, a number) and rewritten; the parts are kept, translated as the
 * pattern's kind says.  A reason matching no pattern stays as it is. */
enum { PART_KEEP, PART_ITEMS, PART_LIST };
typedef struct phrase {
    const char *en, *nl;
    int kind; /* PART_ITEMS: the parts are "; "-joined blocker phrases;
               * PART_LIST: "SEH in 2027-03, GGZ in 2026-09 to 2026-12" */
} phrase_t;

static const phrase_t reasons_nl[] = {
    {"no plan the rules allow: * planned outside weeks plus 13 weeks for each GGZ, CCZ or WO "
     "stage exceed the outside-hospital limit of 26 weeks (ask for a hospital B elective "
     "replacing GGZ or CCZ)",
     "geen plan dat de regels toestaan: * al geplande weken buiten ziekenhuis en praktijk plus "
     "13 weken voor elke GGZ-, CCZ- of WO-stage gaan over de grens van 26 weken (vraag een "
     "keuzestage B in het ziekenhuis aan in plaats van GGZ of CCZ)",
     PART_KEEP},
    {"no plan the rules allow contains the locked placement(s) in locked.csv (check their "
     "dates and site against the stage year and the site's min_factor)",
     "geen plan dat de regels toestaan bevat de vastgelegde stage(s) uit locked.csv "
     "(controleer hun data en stageplaats tegen het stagejaar en de min_factor van de "
     "stageplaats)",
     PART_KEEP},
    {"no plan the rules allow contains the locked placement(s) in locked.csv (check their "
     "dates and site against the stage year)",
     "geen plan dat de regels toestaan bevat de vastgelegde stage(s) uit locked.csv "
     "(controleer hun data en stageplaats tegen het stagejaar)",
     PART_KEEP},
    {"no plan fits even with every place free: *",
     "geen plan past, ook niet als alle plaatsen vrij zijn: *", PART_ITEMS},
    {"no complete plan was left within capacity",
     "binnen de capaciteit bleef geen volledig plan over", PART_KEEP},
    {"not placed within the time limit (the allocation is not proven optimal; run again with "
     "a longer --time-limit)",
     "niet geplaatst binnen de tijdslimiet (de verdeling is niet bewezen optimaal; draai "
     "opnieuw met een langere --time-limit)",
     PART_KEEP},
    {"no capacity left for any plan of this trainee: full are * and more (ask these fields' "
     "sites for an extra place, or check exemptions and min_factor)",
     "geen plaats meer voor een plan van deze aios: vol zijn * en meer (vraag de stageplaatsen "
     "van deze onderdelen om een extra plaats, of controleer vrijstellingen en min_factor)",
     PART_LIST},
    {"no capacity left for any plan of this trainee: full are * (ask these fields' sites for "
     "an extra place, or check exemptions and min_factor)",
     "geen plaats meer voor een plan van deze aios: vol zijn * (vraag de stageplaatsen van "
     "deze onderdelen om een extra plaats, of controleer vrijstellingen en min_factor)",
     PART_LIST},
};

/* The blockers of "no plan fits even with every place free" (plans.c). */
static const phrase_t blockers_nl[] = {
    {"capacity.csv has no * site", "capacity.csv heeft geen stageplaats voor *", PART_KEEP},
    {"part-time * but every * site with capacity in every quarter from * to * has a higher "
     "min_factor",
     "deeltijd * maar elke stageplaats voor * met capaciteit in elk kwartaal van * t/m * "
     "heeft een hogere min_factor",
     PART_KEEP},
    {"part-time * but every * site with capacity in * has a higher min_factor",
     "deeltijd * maar elke stageplaats voor * met capaciteit in * heeft een hogere min_factor",
     PART_KEEP},
    {"part-time * but every * site has a higher min_factor",
     "deeltijd * maar elke stageplaats voor * heeft een hogere min_factor", PART_KEEP},
    {"no * site has capacity in every quarter from * to *",
     "geen stageplaats voor * heeft capaciteit in elk kwartaal van * t/m *", PART_KEEP},
    {"no * site has capacity in *", "geen stageplaats voor * heeft capaciteit in *", PART_KEEP},
};

/* Append the n bytes at s to the growing string *buf. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf_t;

static void sb_add(sbuf_t *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf_t *b, const char *s) { sb_add(b, s, strlen(s)); }

static void translate(sbuf_t *b, const char *s, size_t n, const phrase_t *tab, size_t ntab);

/* One variable part of a matched phrase, translated as kind says. */
static void translate_part(sbuf_t *b, const char *s, size_t n, int kind)
{
    if (kind == PART_ITEMS) {
        while (n > 0) {
            const char *e = s;
            while (e + 1 < s + n && !(e[0] == ';' && e[1] == ' '))
                e++;
            size_t len = e + 1 < s + n ? (size_t)(e - s) : n;
            translate(b, s, len, blockers_nl, sizeof blockers_nl / sizeof blockers_nl[0]);
            if (len == n)
                break;
            sb_puts(b, "; ");
            s += len + 2;
            n -= len + 2;
        }
    } else if (kind == PART_LIST) {
        for (size_t i = 0; i < n; i++) {
            if (n - i >= 4 && memcmp(s + i, " to ", 4) == 0) {
                sb_puts(b, " t/m ");
                i += 3;
            } else
                sb_add(b, s + i, 1);
        }
    } else
        sb_add(b, s, n);
}

static void translate(sbuf_t *b, const char *s, size_t n, const phrase_t *tab, size_t ntab)
{
    char *copy = malloc(n + 1);
    if (!copy) {
        b->oom = 1;
        return;
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    const char *part[TR_MAX_PARTS];
    size_t plen[TR_MAX_PARTS];
    for (size_t i = 0; i < ntab; i++) {
        if (!tr_match(tab[i].en, copy, part, plen))
            continue;
        int k = 0;
        for (const char *q = tab[i].nl; *q; q++) {
            if (*q == '*') {
                translate_part(b, part[k], plen[k], tab[i].kind);
                k++;
            } else
                sb_add(b, q, 1);
        }
        free(copy);
        return;
    }
    sb_add(b, copy, n);
    free(copy);
}

char *output_reason_nl(const char *reason)
{
    sbuf_t b = {0};
    const char *r = nz(reason);
    sb_add(&b, "", 0);
    translate(&b, r, strlen(r), reasons_nl, sizeof reasons_nl / sizeof reasons_nl[0]);
    if (b.oom) {
        free(b.p);
        errno = ENOMEM;
        return NULL;
    }
    return b.p;
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
    int nl = output_text_lang(ri) == LANG_NL;
    char gap[64];
    fmt_fixed(gap, sizeof gap, 100.0 * al->gap, 2, nl ? ',' : '.', 0);
    switch (al->status) {
    case SOLVE_OPTIMAL:
        if (ri->mip_gap > 0)
            snprintf(buf, n,
                     nl ? "optimaal binnen de gevraagde gap (gap %s%%, ondergrens %ld)"
                        : "optimal within the requested gap (gap %s%%, bound %ld)",
                     gap, al->bound);
        else
            snprintf(buf, n, "%s", nl ? "optimaal" : "optimal");
        break;
    case SOLVE_TIME_LIMIT:
        snprintf(buf, n,
                 nl ? "gestopt bij de tijdslimiet: niet bewezen optimaal, gap %s%% (ondergrens "
                      "%ld)"
                    : "stopped at the time limit: not proven optimal, gap %s%% (bound %ld)",
                 gap, al->bound);
        break;
    case SOLVE_NO_ALLOCATION:
        snprintf(buf, n, "%s", nl ? "geen verdeling gevonden" : "no allocation found");
        break;
    default: snprintf(buf, n, "%s", nl ? "solver mislukt" : "solver failed"); break;
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
    int nl = output_text_lang(ri) == LANG_NL;
    char dsep = nl ? ',' : '.';
#define L(en, nl_text) (nl ? (nl_text) : (en))
    char st[160], buf[64], buf2[64];
    errno = 0;
    fprintf(fp, "stagematch %s: %s\n\n", nz(ri->version),
            L("allocation summary", "samenvatting van de verdeling"));
    label(fp, 0, L("command", "opdracht"));
    put_text(fp, ri->command);
    label(fp, 0, L("\ninput folder", "\ninvoermap"));
    put_text(fp, ri->input_dir);
    label(fp, 0, L("\npolicy", "\nbeleid"));
    put_text(fp, ri->policy);
    label(fp, 0, "\nseed");
    fprintf(fp, "%lu\n", ri->seed);
    if (ri->commitment) {
        label(fp, 0, "commitment");
        fprintf(fp, "%s (%s)\n", ri->commitment,
                L("seed and input files, docs/fairness.md", "seed en invoerbestanden, docs/fairness.md"));
    }
    if (al->order) {
        /* the drawn order, ten ids a line, so that anyone can check each step */
        label(fp, 0, L("lottery order", "lotingsvolgorde"));
        for (int i = 0; i < al->norder; i++) {
            if (i && i % 10 == 0)
                fprintf(fp, "\n%26s", "");
            else if (i)
                putc(' ', fp);
            put_text(fp, in->tr[al->order[i]].id);
        }
        putc('\n', fp);
    }
    label(fp, 0, L("time limit", "tijdslimiet"));
    if (ri->time_limit > 0) {
        fmt_fixed(buf, sizeof buf, ri->time_limit, 3, dsep, 1);
        fprintf(fp, "%s s\n", buf);
    } else
        fprintf(fp, "%s\n", L("none", "geen"));
    label(fp, 0, "mip gap");
    if (ri->mip_gap > 0) {
        fmt_fixed(buf, sizeof buf, ri->mip_gap, 6, dsep, 1);
        fprintf(fp, "%s\n", buf);
    } else
        fprintf(fp, "%s\n", L("0 (prove optimality)", "0 (optimum bewijzen)"));
    status_words(st, sizeof st, al, ri);
    label(fp, 0, "solver");
    put_text(fp, al->solver_version);
    label(fp, 0, L("\nsolver status", "\nsolverstatus"));
    fprintf(fp, "%s\n", st);
    fmt_fixed(buf, sizeof buf, al->seconds, 2, dsep, 0);
    fmt_fixed(buf2, sizeof buf2, ri->total_seconds, 2, dsep, 0);
    label(fp, 0, L("solver time", "solvertijd"));
    fprintf(fp, L("%s s (whole run %s s)\n", "%s s (hele run %s s)\n"), buf, buf2);
    label(fp, 0, L("model size", "modelgrootte"));
    fprintf(fp, L("%d variables, %d constraints\n\n", "%d variabelen, %d restricties\n\n"),
            al->nvars, al->nrows);

    fprintf(fp, "%s\n", L("trainees", "aiossen"));
    label(fp, 2, L("planned", "te plannen"));
    fprintf(fp, "%d\n", s.planned);
    label(fp, 2, L("placed", "geplaatst"));
    fprintf(fp, "%d\n", s.placed);
    label(fp, 2, L("fully exempt", "volledig vrijgesteld"));
    fprintf(fp, "%d\n", s.exempt);
    label(fp, 2, L("unplaced", "niet geplaatst"));
    fprintf(fp, "%d\n", s.unplaced);
    label(fp, 0, L("placements", "stages"));
    fprintf(fp, L("%d in letters.csv\n", "%d in letters.csv\n"), s.npl);
    label(fp, 0, L("locked placements", "vastgelegde stages"));
    fprintf(fp, L("%d in total, %d of planned trainees\n\n",
                  "%d in totaal, %d van te plannen aiossen\n\n"),
            s.lk_total, s.lk_planned);

    label(fp, 0, L("objective (total cost)", "doelfunctie (totaal)"));
    fprintf(fp, "%ld\n", al->objective);
    label(fp, 2, L("trainee costs", "kosten aiossen"));
    fprintf(fp, "%ld\n", s.trainee_cost);
    label(fp, 2, L("borrowed sites", "geleende stageplaatsen"));
    fprintf(fp, "%ld\n", al->borrowed_cost);
    label(fp, 2, L("unplaced (1000 each)", "niet geplaatst (1000)"));
    fprintf(fp, "%ld\n\n", s.unplaced_cost);

    fprintf(fp, "%s\n", L("traject A choice met (placed trainees)",
                          "traject A: keuze gehonoreerd (geplaatste aiossen)"));
    static const char *const rank_name[2][5] = {
        {"1st choice", "2nd choice", "3rd choice", "other plan", "no choice"},
        {"1e keuze", "2e keuze", "3e keuze", "ander plan", "geen keuze"}};
    for (int k = 0; k < 5; k++) {
        label(fp, 2, rank_name[nl][k]);
        fprintf(fp, "%d\n", s.rank[k]);
    }
    label(fp, 0, L("B electives", "keuzestages B"));
    fprintf(fp, L("%d granted of %d asked\n", "%d toegekend van %d gevraagd\n"), s.el_granted,
            s.el_asked);
    fprintf(fp, "%s\n", L("regions (placement-quarters of placed trainees who gave regions)",
                          "regio's (stagekwartalen van geplaatste aiossen met regiowensen)"));
    static const char *const region_name[2][4] = {
        {"region_1", "region_2", "region_3", "elsewhere"},
        {"regio_1", "regio_2", "regio_3", "elders"}};
    for (int k = 0; k < 4; k++) {
        label(fp, 2, region_name[nl][k]);
        fprintf(fp, "%ld\n", s.region[k]);
    }

    int nw = 0;
    const diags_t *dg = ri->diags;
    if (dg)
        for (int i = 0; i < dg->n; i++)
            nw += dg->v[i].level == DIAG_WARNING;
    fprintf(fp, L("\nwarnings (%d)\n", "\nwaarschuwingen (%d)\n"), nw);
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
        fprintf(fp, "%s\n", L("  (some warnings were lost: out of memory)",
                              "  (sommige waarschuwingen gingen verloren: geheugen vol)"));

    int n = 0;
    int *idx = unplaced_order(in, al, &n);
    if (!idx)
        return -1;
    fprintf(fp, L("\nunplaced trainees (%d)\n", "\nniet geplaatste aiossen (%d)\n"), n);
    for (int i = 0; i < n; i++) {
        int t = idx[i];
        char *why = nl ? output_reason_nl(al->res[t].reason) : NULL;
        if (nl && !why) {
            free(idx);
            errno = ENOMEM;
            return -1;
        }
        fprintf(fp, "  ");
        put_text(fp, in->tr[t].id);
        fprintf(fp, " (");
        put_text(fp, in->tr[t].name);
        fprintf(fp, "): ");
        put_text(fp, nl ? why : al->res[t].reason);
        putc('\n', fp);
        free(why);
    }
    free(idx);
#undef L
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
    if (al->order) {
        json_key(fp, 2, "lottery_order");
        fputs("[", fp);
        for (int i = 0; i < al->norder; i++) {
            fputs(i ? ", " : "", fp);
            output_json_string(fp, in->tr[al->order[i]].id);
        }
        fputs("],\n", fp);
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
        /* no memory for a directory stream: a folder of ours holds only
         * known files, which can be removed by name without one */
        int e = errno;
        for (int i = 0; known_files[i]; i++)
            (void)unlinkat(fd, known_files[i], 0);
        close(fd);
        if (unlinkat(dfd, name, AT_REMOVEDIR) == 0)
            return 0;
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

/* Call fn(fd, entry, its lstat, ctx) for every entry of the folder name in
 * dfd but "." and "..", fd being the folder's.  fn returns 1 to go on, 0 to
 * stop (an entry --force may not replace), -1 on error (errno).  Returns 1
 * when every entry passed, else what fn returned, or -1 (errno). */
typedef int (*entry_fn)(int fd, const char *entry, const struct stat *st, void *ctx);

static int each_entry(int dfd, const char *name, entry_fn fn, void *ctx)
{
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
    int r = 1;
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(dir);
        if (!ent) {
            if (errno)
                r = -1;
            break;
        }
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(fd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            r = -1;
            break;
        }
        r = fn(fd, ent->d_name, &st, ctx);
        if (r != 1)
            break;
    }
    int e = errno;
    closedir(dir);
    errno = e;
    return r;
}

typedef struct bad_entry {
    const char *dir;  /* the subfolder being looked at, or NULL */
    const char *ext;  /* in a subfolder: the ending every file must have */
    char *buf;        /* the first entry that may not be replaced */
    size_t n;
} bad_entry_t;

/* An entry of a known subfolder: a plain file ending in ext. */
static int subdir_entry_ok(int fd, const char *entry, const struct stat *st, void *ctx)
{
    (void)fd;
    bad_entry_t *b = ctx;
    if (S_ISREG(st->st_mode) && ends_with(entry, b->ext))
        return 1;
    int len = snprintf(b->buf, b->n, "%s/%s", b->dir, entry);
    if (len < 0 || (size_t)len >= b->n) /* shortened, and says so */
        snprintf(b->buf + (b->n > 4 ? b->n - 4 : 0), b->n > 4 ? 4 : b->n, "...");
    return 0;
}

/* An entry of the output folder: a known file, or a known subfolder whose
 * entries are all fine. */
static int entry_ok(int fd, const char *entry, const struct stat *st, void *ctx)
{
    bad_entry_t *b = ctx;
    int kd = S_ISDIR(st->st_mode) ? known_dir(entry, strlen(entry)) : -1;
    if (kd >= 0) {
        bad_entry_t sub = {entry, known_dirs[kd].ext, b->buf, b->n};
        return each_entry(fd, entry, subdir_entry_ok, &sub);
    }
    if (S_ISREG(st->st_mode) && is_known_file(entry))
        return 1;
    snprintf(b->buf, b->n, "%s", entry);
    return 0;
}

/* May --force replace the folder at path?  1 yes, 0 no (*bad names the
 * first entry that is not an output file, in buf), -1 error (errno). */
static int replaceable(const char *path, char *buf, size_t n)
{
    bad_entry_t b = {NULL, NULL, buf, n};
    return each_entry(AT_FDCWD, path, entry_ok, &b);
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
 * flushed, synced and closed.  A name "SUB/FILE" with SUB a known subfolder
 * creates dir/SUB (mode 0700) first if needed and syncs it after.  0 or -1
 * (errno; EINVAL for any other name with a '/'). */
static int write_one_file(const char *dir, const out_file_t *f);
static int write_one(const char *dir, const out_file_t *f)
{
    const char *slash = strchr(f->name, '/');
    char *sub = NULL;
    if (slash) {
        int kd = known_dir(f->name, (size_t)(slash - f->name));
        if (kd < 0 || !slash[1] || strchr(slash + 1, '/') || strcmp(slash + 1, ".") == 0 ||
            strcmp(slash + 1, "..") == 0 || !ends_with(slash + 1, known_dirs[kd].ext)) {
            errno = EINVAL;
            return -1;
        }
        sub = path_join(dir, known_dirs[kd].name);
        if (!sub) {
            errno = ENOMEM;
            return -1;
        }
        if (mkdir(sub, 0700) != 0 && errno != EEXIST) {
            int e = errno;
            free(sub);
            errno = e;
            return -1;
        }
        struct stat st;
        if (lstat(sub, &st) != 0 || !S_ISDIR(st.st_mode) || chmod(sub, 0700) != 0) {
            int e = errno ? errno : ENOTDIR;
            free(sub);
            errno = e;
            return -1;
        }
    }
    int r = write_one_file(dir, f);
    if (r == 0 && sub)
        r = fsync_dir(sub);
    int e = errno;
    free(sub);
    errno = e;
    return r;
}

static int write_one_file(const char *dir, const out_file_t *f)
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
