/* fair_out.c - fairness.csv, aios.csv and report.html (fair_out.h, docs/fairness.md) */
#include "fair_out.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../models/calendar.h"
#include "csvwrite.h"
#include "output.h"

/* ------------------------------------------------------------ jobs */

int fair_job_fill(const instance_t *in, const planset_t *ps, const fair_groups_t *G,
                  const allocation_t *al, fair_job_t *job)
{
    size_t n = (size_t)(in->ntr ? in->ntr : 1);
    job->cost = malloc(n * sizeof *job->cost);
    job->plan = malloc(n * sizeof *job->plan);
    if (!job->cost || !job->plan || fairness_compute(in, ps, al, G, &job->F) != 0) {
        fair_job_release(job);
        return -1;
    }
    for (int t = 0; t < in->ntr; t++) {
        const trainee_result_t *r = t < al->ntr ? &al->res[t] : NULL;
        job->plan[t] = PLAN_NONE;
        if (!in->tr[t].planned || !r)
            job->cost[t] = FAIR_NOT_PLANNED;
        else if (r->outcome == OUT_EMPTY_YEAR)
            job->cost[t] = FAIR_EXEMPT;
        else if (r->outcome == OUT_UNPLACED)
            job->cost[t] = FAIR_UNPLACED;
        else {
            job->cost[t] = r->cost;
            job->plan[t] = r->plan;
        }
    }
    return 0;
}

void fair_job_release(fair_job_t *job)
{
    if (!job)
        return;
    fairness_release(&job->F);
    free(job->cost);
    free(job->plan);
    job->cost = job->plan = NULL;
}

/* ------------------------------------------------------------ numbers */

/* v with dec decimals, '.' or ',' as the separator (no locale is ever set,
 * so printf writes '.'). */
static void fmt_num(char *buf, size_t n, double v, int dec, int comma)
{
    snprintf(buf, n, "%.*f", dec, v);
    if (comma) {
        char *p = strchr(buf, '.');
        if (p)
            *p = ',';
    }
}

static int finish(csvw_t *w)
{
    if (csvw_error(w)) {
        errno = csvw_error(w);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ fairness.csv */

int fair_write_csv(FILE *fp, const fair_run_t *r)
{
    static const char *const head[] = {
        "policy",           "seed",           "status",          "objective",
        "placed",           "unplaced",       "fully_exempt",    "a_choice_1",
        "a_choice_2",       "a_choice_3",     "a_other",         "a_no_choice",
        "electives_asked",  "electives_granted", "region_1_quarters", "region_2_quarters",
        "region_3_quarters", "region_other_quarters", "cost_mean", "cost_median",
        "cost_max",         "at_max",         "cost_gini",       "swaps"};
    csvw_t w;
    csvw_init(&w, fp, r->delimiter);
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        csvw_cell(&w, head[i]);
    for (int g = 0; g < r->G->n; g++) {
        char lab[300];
        fair_group_label(r->in, &r->G->g[g], lab, sizeof lab);
        csvw_cellf(&w, "mean_cost_%s", lab);
    }
    csvw_endrow(&w);
    char b[64];
    int dc = r->decimal_comma;
    for (int j = 0; j < r->njob; j++) {
        const fair_job_t *jb = &r->job[j];
        const fairness_t *F = &jb->F;
        csvw_cell(&w, r->policy[jb->policy]);
        if (r->letters)
            csvw_cell(&w, "");
        else
            csvw_cellf(&w, "%lu", jb->seed);
        csvw_cell(&w, r->letters ? "given" : output_status_key(jb->status));
        csvw_cellf(&w, "%ld", jb->objective);
        csvw_cellf(&w, "%d", F->placed);
        csvw_cellf(&w, "%d", F->unplaced);
        csvw_cellf(&w, "%d", F->exempt);
        for (int k = 0; k < 5; k++)
            csvw_cellf(&w, "%d", F->rank[k]);
        csvw_cellf(&w, "%d", F->el_asked);
        csvw_cellf(&w, "%d", F->el_granted);
        for (int k = 0; k < 4; k++)
            csvw_cellf(&w, "%ld", F->region[k]);
        fmt_num(b, sizeof b, F->cost_mean, 3, dc);
        csvw_cell(&w, b);
        fmt_num(b, sizeof b, F->cost_median, 1, dc);
        csvw_cell(&w, b);
        csvw_cellf(&w, "%d", F->cost_max);
        csvw_cellf(&w, "%d", F->at_max);
        fmt_num(b, sizeof b, F->cost_gini, 4, dc);
        csvw_cell(&w, b);
        csvw_cellf(&w, "%d", F->swaps);
        for (int g = 0; g < F->ngroup; g++) {
            if (F->group[g].n == 0) {
                csvw_cell(&w, "");
                continue;
            }
            fmt_num(b, sizeof b, (double)F->group[g].sum / F->group[g].n, 3, dc);
            csvw_cell(&w, b);
        }
        csvw_endrow(&w);
    }
    return finish(&w);
}

/* ------------------------------------------------------------ aios.csv */

static int cmp_id(const void *a, const void *b, const instance_t *in)
{
    return strcmp(in->tr[*(const int *)a].id, in->tr[*(const int *)b].id);
}

/* qsort has no context argument: planned trainees sorted by id by insertion
 * (a few hundred at most). */
static int *planned_by_id(const instance_t *in, int *n)
{
    int *v = malloc((size_t)(in->ntr ? in->ntr : 1) * sizeof *v);
    if (!v)
        return NULL;
    *n = 0;
    for (int t = 0; t < in->ntr; t++) {
        if (!in->tr[t].planned)
            continue;
        int i = (*n)++;
        while (i > 0 && cmp_id(&v[i - 1], &t, in) > 0) {
            v[i] = v[i - 1];
            i--;
        }
        v[i] = t;
    }
    return v;
}

/* How often each A plan was given to trainee t under policy p. */
typedef struct plan_count {
    int plan, n;
} plan_count_t;

static int cmp_pc(const void *a, const void *b)
{
    const plan_count_t *x = a, *y = b;
    if (x->n != y->n)
        return y->n - x->n;
    return x->plan - y->plan;
}

int fair_write_aios(FILE *fp, const fair_run_t *r)
{
    static const char *const head[] = {
        "trainee_id", "name",       "policy",     "runs",       "placed",     "unplaced",
        "fully_exempt", "cost_mean", "cost_min",  "cost_max",   "a_choice_1", "given_choice_1",
        "a_choice_2", "given_choice_2", "a_choice_3", "given_choice_3", "given_other_plan",
        "plans_given"};
    int n;
    int *order = planned_by_id(r->in, &n);
    if (!order)
        return -1;
    csvw_t w;
    csvw_init(&w, fp, r->delimiter);
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        csvw_cell(&w, head[i]);
    csvw_endrow(&w);
    char b[64];
    for (int i = 0; i < n; i++) {
        int t = order[i];
        const trainee_t *tr = &r->in->tr[t];
        for (int p = 0; p < r->npolicy; p++) {
            int placed = 0, unplaced = 0, exempt = 0, cmin = 0, cmax = 0;
            long csum = 0;
            int given[4] = {0, 0, 0, 0};
            plan_count_t pc[64];
            int npc = 0;
            for (int s = 0; s < r->nseed; s++) {
                const fair_job_t *jb = &r->job[p * r->nseed + s];
                int c = jb->cost[t];
                if (c == FAIR_UNPLACED) {
                    unplaced++;
                    continue;
                }
                if (c < 0) {
                    exempt++;
                    continue;
                }
                if (placed == 0 || c < cmin)
                    cmin = c;
                if (placed == 0 || c > cmax)
                    cmax = c;
                placed++;
                csum += c;
                int plan = jb->plan[t], col = 3;
                for (int k = 2; k >= 0; k--)
                    if (tr->a_choice[k] != PLAN_NONE && tr->a_choice[k] == plan)
                        col = k; /* a plan listed twice counts at its first column */
                if (plan != PLAN_NONE)
                    given[col]++;
                int k = 0;
                while (k < npc && pc[k].plan != plan)
                    k++;
                if (k == npc && npc < 64)
                    pc[npc++] = (plan_count_t){plan, 0};
                if (k < npc)
                    pc[k].n++;
            }
            csvw_cell(&w, tr->id);
            csvw_cell(&w, tr->name);
            csvw_cell(&w, r->policy[p]);
            csvw_cellf(&w, "%d", r->nseed);
            csvw_cellf(&w, "%d", placed);
            csvw_cellf(&w, "%d", unplaced);
            csvw_cellf(&w, "%d", exempt);
            if (placed) {
                fmt_num(b, sizeof b, (double)csum / placed, 3, r->decimal_comma);
                csvw_cell(&w, b);
                csvw_cellf(&w, "%d", cmin);
                csvw_cellf(&w, "%d", cmax);
            } else {
                csvw_cell(&w, "");
                csvw_cell(&w, "");
                csvw_cell(&w, "");
            }
            for (int k = 0; k < 3; k++) {
                char pb[12] = "";
                if (tr->a_choice[k] != PLAN_NONE)
                    plan_format(tr->a_choice[k], pb);
                csvw_cell(&w, pb);
                if (*pb)
                    csvw_cellf(&w, "%d", given[k]);
                else
                    csvw_cell(&w, "");
            }
            csvw_cellf(&w, "%d", given[3]);
            qsort(pc, (size_t)npc, sizeof *pc, cmp_pc);
            char list[64 * 16] = "";
            size_t len = 0;
            for (int k = 0; k < npc; k++) {
                char pb[12] = "none";
                if (pc[k].plan != PLAN_NONE)
                    plan_format(pc[k].plan, pb);
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s:%d", k ? " " : "",
                                        pb, pc[k].n);
                if (len >= sizeof list)
                    break;
            }
            csvw_cell(&w, list);
            csvw_endrow(&w);
        }
    }
    free(order);
    return finish(&w);
}

/* ------------------------------------------------------------ report.html */

static const char *const policy_colour[] = {"#4477aa", "#ee6677", "#228833", "#ccbb44"};

static const char *pcolour(const fair_run_t *r, int p)
{
    if (r->letters)
        return policy_colour[3];
    if (strcmp(r->policy[p], "sum") == 0)
        return policy_colour[0];
    if (strcmp(r->policy[p], "minimax") == 0)
        return policy_colour[1];
    return policy_colour[2];
}

/* A policy's name in the report: "sum", or for --letters the file. */
static void put_policy(FILE *fp, const fair_run_t *r, int p)
{
    output_html_text(fp, r->policy[p]);
}

/* Mean over the policy's seeds of a figure, and its range. */
typedef struct spread {
    double mean, lo, hi;
} spread_t;

typedef double (*figure_fn)(const fair_job_t *j, int arg);

static spread_t spread_of(const fair_run_t *r, int p, figure_fn f, int arg)
{
    spread_t s = {0, 0, 0};
    for (int k = 0; k < r->nseed; k++) {
        double v = f(&r->job[p * r->nseed + k], arg);
        s.mean += v;
        if (k == 0 || v < s.lo)
            s.lo = v;
        if (k == 0 || v > s.hi)
            s.hi = v;
    }
    if (r->nseed)
        s.mean /= r->nseed;
    return s;
}

static double fig_objective(const fair_job_t *j, int a) { (void)a; return (double)j->objective; }
static double fig_mean(const fair_job_t *j, int a) { (void)a; return j->F.cost_mean; }
static double fig_median(const fair_job_t *j, int a) { (void)a; return j->F.cost_median; }
static double fig_max(const fair_job_t *j, int a) { (void)a; return j->F.cost_max; }
static double fig_at_max(const fair_job_t *j, int a) { (void)a; return j->F.at_max; }
static double fig_gini(const fair_job_t *j, int a) { (void)a; return j->F.cost_gini; }
static double fig_swaps(const fair_job_t *j, int a) { (void)a; return j->F.swaps; }
static double fig_unplaced(const fair_job_t *j, int a) { (void)a; return j->F.unplaced; }
static double fig_rank(const fair_job_t *j, int a) { return j->F.rank[a]; }
static double fig_region(const fair_job_t *j, int a) { return (double)j->F.region[a]; }
static double fig_el_granted(const fair_job_t *j, int a) { (void)a; return j->F.el_granted; }
/* part 0: electives granted, 1: asked and not granted */
static double fig_elective(const fair_job_t *j, int a)
{
    return a ? j->F.el_asked - j->F.el_granted : j->F.el_granted;
}
/* A group's mean cost (runs where nobody of the group was placed count 0;
 * callers check group_seen first). */
static double fig_group(const fair_job_t *j, int g)
{
    return j->F.group[g].n ? (double)j->F.group[g].sum / j->F.group[g].n : 0.0;
}

static void put_num(FILE *fp, double v, int dec)
{
    char b[64];
    fmt_num(b, sizeof b, v, dec, 0);
    fputs(b, fp);
}

/* "m (lo-hi)" or just "m" when every seed gave the same. */
static void put_spread(FILE *fp, spread_t s, int dec)
{
    put_num(fp, s.mean, dec);
    if (s.hi > s.lo) {
        fputs(" <span class=\"rng\">(", fp);
        put_num(fp, s.lo, dec);
        fputs("&ndash;", fp);
        put_num(fp, s.hi, dec);
        fputs(")</span>", fp);
    }
}

/* ---- charts: inline SVG, one class="chart" element each ---- */

#define CW 760 /* chart width */
#define MAX_LEGEND 4
#define LW 170 /* label column */
#define GLW 240 /* label column of the group chart: region names are long */

static void svg_open(FILE *fp, const char *id, int h, const char *title)
{
    fprintf(fp, "<svg class=\"chart\" id=\"%s\" role=\"img\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\"><title>",
            id, CW, h, CW, h);
    output_html_text(fp, title);
    fputs("</title>\n", fp);
}

static void svg_text(FILE *fp, double x, double y, const char *anchor, const char *cls,
                     const char *s)
{
    fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s%s>", x, y, anchor,
            cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    output_html_text(fp, s);
    fputs("</text>\n", fp);
}

static void svg_rect(FILE *fp, double x, double y, double w, double h, const char *fill,
                     const char *tip)
{
    fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">", x,
            y, w, h, fill);
    if (tip) {
        fputs("<title>", fp);
        output_html_text(fp, tip);
        fputs("</title>", fp);
    }
    fputs("</rect>\n", fp);
}

static void legend(FILE *fp, int y, const char *const *name, const char *const *colour, int n)
{
    double x = LW;
    for (int i = 0; i < n; i++) {
        svg_rect(fp, x, y - 10, 12, 12, colour[i], NULL);
        svg_text(fp, x + 16, y, "start", "lg", name[i]);
        x += 24 + 7.0 * (double)strlen(name[i]);
    }
}

/* The policies' colours, as in every chart with a bar per policy. */
static void policy_legend(FILE *fp, const fair_run_t *r)
{
    const char *cols[MAX_LEGEND];
    int n = r->npolicy < MAX_LEGEND ? r->npolicy : MAX_LEGEND;
    for (int p = 0; p < n; p++)
        cols[p] = pcolour(r, p);
    legend(fp, 18, r->policy, cols, n);
}

/* Stacked 100% bars: one row per policy, segments = the figure's parts
 * (mean over the seeds). */
static void chart_stacked(FILE *fp, const fair_run_t *r, const char *id, const char *title,
                          const char *const *part, const char *const *colour, int nparts,
                          figure_fn f)
{
    int h = 40 + 34 * r->npolicy + 20;
    svg_open(fp, id, h, title);
    legend(fp, 18, part, colour, nparts);
    double bw = CW - LW - 20;
    for (int p = 0; p < r->npolicy; p++) {
        double y = 34 + 34 * p, total = 0, v[8];
        for (int k = 0; k < nparts; k++) {
            v[k] = spread_of(r, p, f, k).mean;
            total += v[k];
        }
        char lab[64];
        snprintf(lab, sizeof lab, "%s", r->policy[p]);
        svg_text(fp, LW - 8, y + 17, "end", NULL, lab);
        double x = LW;
        for (int k = 0; k < nparts && total > 0; k++) {
            double w = bw * v[k] / total;
            if (w <= 0)
                continue;
            char tip[128], num[32];
            fmt_num(num, sizeof num, v[k], 1, 0);
            snprintf(tip, sizeof tip, "%s, %s: %s (%.0f%%)", lab, part[k], num,
                     100.0 * v[k] / total);
            svg_rect(fp, x, y, w, 24, colour[k], tip);
            if (w > 34)
                svg_text(fp, x + w / 2, y + 16, "middle", "in", num);
            x += w;
        }
        if (total <= 0)
            svg_text(fp, LW + 4, y + 16, "start", "lg", "none");
    }
    fputs("</svg>\n", fp);
}

/* Grouped vertical bars: x = bins, one bar per policy; value = share in %. */
static void chart_hist(FILE *fp, const fair_run_t *r, const char *id, const char *title,
                       const char *xlabel, double *share, int nbins, int binw)
{
    int h = 250, top = 30, bottom = 200;
    svg_open(fp, id, h, title);
    policy_legend(fp, r);
    double mx = 0;
    for (int i = 0; i < nbins * r->npolicy; i++)
        if (share[i] > mx)
            mx = share[i];
    if (mx <= 0)
        mx = 1;
    double x0 = 60, slot = (CW - x0 - 10) / nbins, bw = (slot - 4) / r->npolicy;
    fprintf(fp, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"ax\"/>\n", x0, bottom,
            CW - 10, bottom);
    char b[64];
    snprintf(b, sizeof b, "%.0f%%", mx);
    svg_text(fp, x0 - 6, top + 4, "end", "lg", b);
    svg_text(fp, x0 - 6, bottom, "end", "lg", "0%");
    for (int i = 0; i < nbins; i++) {
        for (int p = 0; p < r->npolicy; p++) {
            double v = share[p * nbins + i];
            double bh = (bottom - top) * v / mx;
            if (bh <= 0)
                continue;
            char tip[128];
            if (binw == 1)
                snprintf(tip, sizeof tip, "%s, %s %d: %.1f%%", r->policy[p], xlabel, i,
                         v);
            else
                snprintf(tip, sizeof tip, "%s, %s %d-%d: %.1f%%", r->policy[p], xlabel,
                         i * binw, i * binw + binw - 1, v);
            svg_rect(fp, x0 + slot * i + 2 + bw * p, bottom - bh, bw, bh, pcolour(r, p), tip);
        }
        int every = nbins > 20 ? (nbins + 19) / 20 : 1;
        if (i % every == 0) {
            snprintf(b, sizeof b, "%d", i * binw);
            svg_text(fp, x0 + slot * i + slot / 2, bottom + 16, "middle", "lg", b);
        }
    }
    svg_text(fp, x0 + (CW - x0) / 2, bottom + 36, "middle", "lg", xlabel);
    fputs("</svg>\n", fp);
}

/* Horizontal grouped bars: one row per group, one bar per policy. */
static void chart_groups(FILE *fp, const fair_run_t *r, const char *id, const char *title)
{
    int rowh = 8 + 14 * r->npolicy;
    int h = 40 + rowh * r->G->n + 10;
    svg_open(fp, id, h, title);
    policy_legend(fp, r);
    double mx = 0;
    for (int g = 0; g < r->G->n; g++)
        for (int p = 0; p < r->npolicy; p++) {
            double v = spread_of(r, p, fig_group, g).mean;
            if (v > mx)
                mx = v;
        }
    if (mx <= 0)
        mx = 1;
    double bwmax = CW - GLW - 60;
    for (int g = 0; g < r->G->n; g++) {
        double y = 32 + rowh * g;
        char lab[300];
        fair_group_label(r->in, &r->G->g[g], lab, sizeof lab);
        svg_text(fp, GLW - 8, y + rowh / 2.0 + 3, "end", NULL, lab);
        for (int p = 0; p < r->npolicy; p++) {
            double v = spread_of(r, p, fig_group, g).mean;
            double w = bwmax * v / mx;
            char num[32], tip[400];
            fmt_num(num, sizeof num, v, 2, 0);
            snprintf(tip, sizeof tip, "%s, %s: mean cost %s", lab, r->policy[p], num);
            if (w > 0)
                svg_rect(fp, GLW, y + 14 * p, w, 12, pcolour(r, p), tip);
            svg_text(fp, GLW + w + 4, y + 14 * p + 10, "start", "lg", num);
        }
    }
    fputs("</svg>\n", fp);
}

/* Spread over the seeds: per policy a line from the lowest to the highest
 * value of the figure and a dot per seed. */
static void chart_strip(FILE *fp, const fair_run_t *r, const char *id, const char *title,
                        figure_fn f, int dec)
{
    int h = 30 + 26 * r->npolicy + 24;
    svg_open(fp, id, h, title);
    svg_text(fp, 10, 16, "start", "hd", title);
    double lo = 0, hi = 0;
    for (int j = 0; j < r->njob; j++) {
        double v = f(&r->job[j], 0);
        if (j == 0 || v < lo)
            lo = v;
        if (j == 0 || v > hi)
            hi = v;
    }
    double pad = hi > lo ? (hi - lo) * 0.05 : (lo != 0 ? fabs(lo) * 0.05 : 1.0);
    double a = lo - pad, b = hi + pad, x0 = LW, x1 = CW - 30;
#define XS(v) (x0 + (x1 - x0) * ((v) - a) / (b - a))
    for (int p = 0; p < r->npolicy; p++) {
        double y = 38 + 26 * p;
        spread_t s = spread_of(r, p, f, 0);
        svg_text(fp, LW - 8, y + 4, "end", NULL, r->policy[p]);
        fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"2\"/>\n", XS(s.lo) - 5, y, XS(s.hi) + 5, y, pcolour(r, p));
        for (int k = 0; k < r->nseed; k++) {
            const fair_job_t *jb = &r->job[p * r->nseed + k];
            double v = f(jb, 0);
            char num[32];
            fmt_num(num, sizeof num, v, dec, 0);
            fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" "
                    "fill-opacity=\"0.5\"><title>seed %lu: %s</title></circle>\n",
                    XS(v), y, pcolour(r, p), jb->seed, num);
        }
    }
    char nb[32];
    double yax = 30 + 26 * r->npolicy + 8;
    fmt_num(nb, sizeof nb, lo, dec, 0);
    svg_text(fp, XS(lo), yax + 8, "middle", "lg", nb);
    if (hi > lo) {
        fmt_num(nb, sizeof nb, hi, dec, 0);
        svg_text(fp, XS(hi), yax + 8, "middle", "lg", nb);
    }
#undef XS
    fputs("</svg>\n", fp);
}

/* ---- the page ---- */

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em auto;"
    "max-width:820px;color:#222;line-height:1.45}\n"
    "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}\n"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.92em}\n"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}\n"
    "th:first-child,td:first-child{text-align:left}\n"
    "th{background:#f3f3f3}.rng{color:#777;font-size:.9em}\n"
    "svg.chart{display:block;margin:.6em 0 1.2em;font-size:12px}\n"
    "svg text.in{fill:#fff;font-weight:600}svg text.lg{fill:#444}"
    "svg text.hd{font-weight:600;fill:#222}svg line.ax{stroke:#999}\n"
    "code{background:#f3f3f3;padding:1px 4px;word-break:break-all}\n"
    "p.note{color:#555;font-size:.92em}\n";

static void summary_table(FILE *fp, const fair_run_t *r)
{
    static const struct {
        const char *name;
        figure_fn f;
        int dec;
    } row[] = {{"total cost (objective)", fig_objective, 0},
               {"unplaced aiossen", fig_unplaced, 0},
               {"mean cost of a placed aios", fig_mean, 2},
               {"median cost", fig_median, 1},
               {"worst-off cost (max)", fig_max, 0},
               {"aiossen at the max", fig_at_max, 0},
               {"Gini coefficient of costs", fig_gini, 3},
               {"Pareto-improving swaps", fig_swaps, 0}};
    fputs("<table><tr><th>figure</th>", fp);
    for (int p = 0; p < r->npolicy; p++) {
        fputs("<th>", fp);
        put_policy(fp, r, p);
        fputs("</th>", fp);
    }
    fputs("</tr>\n", fp);
    for (size_t i = 0; i < sizeof row / sizeof row[0]; i++) {
        fputs("<tr><td>", fp);
        output_html_text(fp, row[i].name);
        fputs("</td>", fp);
        for (int p = 0; p < r->npolicy; p++) {
            fputs("<td>", fp);
            put_spread(fp, spread_of(r, p, row[i].f, 0), row[i].dec);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("<tr><td>A choice 1 / 2 / 3 / other / none</td>", fp);
    for (int p = 0; p < r->npolicy; p++) {
        fputs("<td>", fp);
        for (int k = 0; k < 5; k++) {
            if (k)
                fputs(" / ", fp);
            put_num(fp, spread_of(r, p, fig_rank, k).mean, r->nseed > 1 ? 1 : 0);
        }
        fputs("</td>", fp);
    }
    fputs("</tr>\n<tr><td>B electives granted of asked</td>", fp);
    for (int p = 0; p < r->npolicy; p++) {
        fputs("<td>", fp);
        put_num(fp, spread_of(r, p, fig_el_granted, 0).mean, r->nseed > 1 ? 1 : 0);
        fprintf(fp, " of %d</td>", r->job[p * r->nseed].F.el_asked);
    }
    fputs("</tr>\n</table>\n", fp);
}

static void group_table(FILE *fp, const fair_run_t *r)
{
    fputs("<table><tr><th>group</th>", fp);
    for (int p = 0; p < r->npolicy; p++) {
        fputs("<th>", fp);
        put_policy(fp, r, p);
        fputs(": aiossen placed, mean cost</th>", fp);
    }
    fputs("</tr>\n", fp);
    for (int g = 0; g < r->G->n; g++) {
        char lab[300];
        fair_group_label(r->in, &r->G->g[g], lab, sizeof lab);
        fputs("<tr><td>", fp);
        output_html_text(fp, lab);
        fputs("</td>", fp);
        for (int p = 0; p < r->npolicy; p++) {
            double n = 0;
            for (int k = 0; k < r->nseed; k++)
                n += r->job[p * r->nseed + k].F.group[g].n;
            fputs("<td>", fp);
            put_num(fp, n / (r->nseed ? r->nseed : 1), r->nseed > 1 ? 1 : 0);
            fputs(", ", fp);
            put_spread(fp, spread_of(r, p, fig_group, g), 2);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

/* Share (%) of placed aios-runs per cost bin, per policy. */
static double *cost_shares(const fair_run_t *r, int *nbins, int *binw)
{
    int mx = 0;
    for (int j = 0; j < r->njob; j++)
        if (r->job[j].F.cost_max > mx)
            mx = r->job[j].F.cost_max;
    *binw = mx >= 30 ? (mx + 30) / 30 : 1;
    *nbins = mx / *binw + 1;
    double *sh = calloc((size_t)(*nbins * r->npolicy), sizeof *sh);
    if (!sh)
        return NULL;
    for (int p = 0; p < r->npolicy; p++) {
        double n = 0;
        for (int k = 0; k < r->nseed; k++) {
            const fair_job_t *jb = &r->job[p * r->nseed + k];
            for (int t = 0; t < r->in->ntr; t++)
                if (jb->cost[t] >= 0) {
                    sh[p * *nbins + jb->cost[t] / *binw] += 1;
                    n += 1;
                }
        }
        for (int i = 0; n > 0 && i < *nbins; i++)
            sh[p * *nbins + i] *= 100.0 / n;
    }
    return sh;
}

/* Share (%) of the aiossen placed in every run by the spread of their cost
 * over the seeds (max - min), per policy. */
static double *luck_shares(const fair_run_t *r, int *nbins, int *binw)
{
    int mx = 0;
    int *range = malloc((size_t)(r->in->ntr ? r->in->ntr : 1) * (size_t)r->npolicy *
                        sizeof *range);
    if (!range)
        return NULL;
    for (int p = 0; p < r->npolicy; p++)
        for (int t = 0; t < r->in->ntr; t++) {
            int lo = 0, hi = 0, ok = 1;
            for (int k = 0; k < r->nseed && ok; k++) {
                int c = r->job[p * r->nseed + k].cost[t];
                ok = c >= 0;
                if (k == 0 || c < lo)
                    lo = c;
                if (k == 0 || c > hi)
                    hi = c;
            }
            range[p * r->in->ntr + t] = ok ? hi - lo : -1;
            if (ok && hi - lo > mx)
                mx = hi - lo;
        }
    *binw = mx >= 30 ? (mx + 30) / 30 : 1;
    *nbins = mx / *binw + 1;
    double *sh = calloc((size_t)(*nbins * r->npolicy), sizeof *sh);
    if (!sh) {
        free(range);
        return NULL;
    }
    for (int p = 0; p < r->npolicy; p++) {
        double n = 0;
        for (int t = 0; t < r->in->ntr; t++) {
            int v = range[p * r->in->ntr + t];
            if (v >= 0) {
                sh[p * *nbins + v / *binw] += 1;
                n += 1;
            }
        }
        for (int i = 0; n > 0 && i < *nbins; i++)
            sh[p * *nbins + i] *= 100.0 / n;
    }
    free(range);
    return sh;
}

int fair_write_report(FILE *fp, const fair_run_t *r)
{
    errno = 0;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>stagematch fairness report</title>\n<style>\n",
          fp);
    fputs(css, fp);
    fputs("</style>\n</head>\n<body>\n<h1>stagematch fairness report</h1>\n<table>\n", fp);
    fputs("<tr><td>input folder</td><td>", fp);
    output_html_text(fp, r->input_dir);
    fputs("</td></tr>\n", fp);
    if (r->letters) {
        fputs("<tr><td>allocation</td><td>", fp);
        output_html_text(fp, r->letters);
        fputs(" (made elsewhere)</td></tr>\n", fp);
    } else {
        fputs("<tr><td>policies</td><td>", fp);
        for (int p = 0; p < r->npolicy; p++) {
            if (p)
                fputs(", ", fp);
            output_html_text(fp, r->policy[p]);
        }
        fputs("</td></tr>\n<tr><td>seeds</td><td>", fp);
        output_html_text(fp, r->seeds_text);
        fprintf(fp, " (%d run%s per policy)</td></tr>\n", r->nseed, r->nseed == 1 ? "" : "s");
    }
    int planned = r->njob ? r->job[0].F.planned : 0;
    fprintf(fp, "<tr><td>aiossen planned</td><td>%d</td></tr>\n", planned);
    if (r->commitment) {
        fputs("<tr><td>commitment</td><td><code>", fp);
        output_html_text(fp, r->commitment);
        fputs("</code></td></tr>\n", fp);
    }
    fputs("<tr><td>stagematch</td><td>", fp);
    output_html_text(fp, r->version);
    fputs("</td></tr>\n</table>\n", fp);
    fputs("<p class=\"note\">Costs are objective.md's dissatisfaction per aios (0 = every wish "
          "met). Figures over several seeds are means, with the lowest and highest in "
          "brackets where the seed changed them. docs/fairness.md explains every figure.</p>\n",
          fp);

    fputs("<h2>Summary per policy</h2>\n", fp);
    summary_table(fp, r);

    fputs("<h2>Rank profile</h2>\n<p>How many placed aiossen got their first, second or third "
          "A choice, another plan, or gave no choice (mean over the seeds).</p>\n",
          fp);
    static const char *const rank_part[] = {"1st choice", "2nd choice", "3rd choice",
                                            "other plan", "no choice"};
    static const char *const rank_col[] = {"#1a9850", "#91cf60", "#fee08b", "#fc8d59",
                                           "#bbbbbb"};
    chart_stacked(fp, r, "chart-rank", "A choice met, per policy", rank_part, rank_col, 5,
                  fig_rank);
    fputs("<p>B electives granted and refused, of those asked.</p>\n", fp);
    static const char *const el_part[] = {"granted", "not granted"};
    static const char *const el_col[] = {"#1a9850", "#fc8d59"};
    chart_stacked(fp, r, "chart-electives", "B electives granted of asked", el_part, el_col, 2,
                  fig_elective);
    fputs("<p>Placement-quarters in the aios's region_1, region_2, region_3 or elsewhere (aiossen "
          "who gave regions).</p>\n",
          fp);
    static const char *const reg_part[] = {"region_1", "region_2", "region_3", "elsewhere"};
    static const char *const reg_col[] = {"#1a9850", "#91cf60", "#fee08b", "#fc8d59"};
    chart_stacked(fp, r, "chart-regions", "Regions per placement-quarter", reg_part, reg_col, 4,
                  fig_region);

    fputs("<h2>Cost distribution</h2>\n<p>Share of placed aiossen by their cost, all seeds "
          "together. A fair allocation keeps the right-hand tail short.</p>\n",
          fp);
    int nb, bw;
    double *sh = cost_shares(r, &nb, &bw);
    if (!sh) {
        errno = ENOMEM;
        return -1;
    }
    chart_hist(fp, r, "chart-costs", "Cost distribution per policy", "cost", sh, nb, bw);
    free(sh);

    fputs("<h2>Groups</h2>\n<p>Mean cost of the placed aiossen per group: part-time against "
          "full-time, by first-choice region, and by cohort (stage_start quarter).</p>\n",
          fp);
    chart_groups(fp, r, "chart-groups", "Mean cost per group and policy");
    group_table(fp, r);

    if (!r->letters) {
        fputs("<h2>Spread over seeds</h2>\n<p>Each dot is one seed. <code>sum</code> and "
              "<code>minimax</code> reach the same optimum with every seed, so their total "
              "(and, for minimax, worst-off) cost cannot move; how the cost is shared can. "
              "<code>lottery</code> depends on the drawn order.</p>\n",
              fp);
        chart_strip(fp, r, "chart-seed-objective", "total cost", fig_objective, 0);
        chart_strip(fp, r, "chart-seed-max", "worst-off cost", fig_max, 0);
        chart_strip(fp, r, "chart-seed-gini", "Gini coefficient", fig_gini, 3);
        chart_strip(fp, r, "chart-seed-first", "A first choices met", fig_rank, 0);
        fputs("<p>How much of an aios's outcome was luck: the spread of each aios's cost over "
              "the seeds (highest minus lowest), for the aiossen placed in every run.</p>\n",
              fp);
        sh = luck_shares(r, &nb, &bw);
        if (!sh) {
            errno = ENOMEM;
            return -1;
        }
        chart_hist(fp, r, "chart-luck", "Spread of each aios's cost over the seeds",
                   "highest minus lowest cost of one aios", sh, nb, bw);
        free(sh);
    }

    fputs("<h2>Checking the lottery</h2>\n", fp);
    if (r->commitment) {
        fputs("<p>The commitment above is the SHA-256 of the input files' checksums and the "
              "seeds. Published before the run, it lets anyone check afterwards that these "
              "inputs and seeds were used: in the input folder,</p>\n<p><code>{ sha256sum "
              "preferences.csv capacity.csv exemptions.csv parttime.csv regions.csv "
              "locked.csv 2&gt;/dev/null; echo 'seed ",
              fp);
        output_html_text(fp, r->seeds_text);
        fputs("'; } | sha256sum</code></p>\n<p>must print it (or <code>stagematch commit "
              "INPUT_DIR --seeds ",
              fp);
        output_html_text(fp, r->seeds_text);
        fputs("</code>), and re-running <code>stagematch fairness</code> with them gives "
              "these figures again.</p>\n",
              fp);
    } else {
        fputs("<p>No seed was drawn: the allocation was read from letters.</p>\n", fp);
    }
    fputs("</body>\n</html>\n", fp);
    if (ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}
