/* fairness.c - objective.md's fairness figures of one allocation (fairness.h) */
#include "fairness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "rerun.h"

/* ------------------------------------------------------------ groups */

static int group_find(const fair_groups_t *G, int dim, int key)
{
    for (int i = 0; i < G->n; i++)
        if (G->g[i].dim == dim && G->g[i].key == key)
            return i;
    return -1;
}

/* qsort context is not portable: the instance for ordering regions by name. */
typedef struct gsort {
    fair_group_t g;
    const instance_t *in;
} gsort_t;

static int cmp_group(const void *pa, const void *pb)
{
    const gsort_t *a = pa, *b = pb;
    if (a->g.dim != b->g.dim)
        return a->g.dim - b->g.dim;
    if (a->g.dim == FAIR_DIM_PARTTIME)
        return b->g.key - a->g.key; /* part-time first */
    if (a->g.dim == FAIR_DIM_REGION) {
        if ((a->g.key < 0) != (b->g.key < 0))
            return a->g.key < 0 ? 1 : -1; /* none last */
        if (a->g.key < 0)
            return 0;
        int c = strcasecmp(a->in->region[a->g.key], b->in->region[b->g.key]);
        return c ? c : a->g.key - b->g.key;
    }
    return a->g.key - b->g.key;
}

static int trainee_key(const trainee_t *tr, int dim)
{
    switch (dim) {
    case FAIR_DIM_PARTTIME: return tr->factor_pm < 1000;
    case FAIR_DIM_REGION: return tr->region_pref[0];
    default: return tr->stage_start;
    }
}

int fair_groups_build(const instance_t *in, fair_groups_t *G)
{
    memset(G, 0, sizeof *G);
    /* at most 2 + (nregion + 1) + ntr groups */
    size_t cap = (size_t)(3 + in->nregion + in->ntr);
    gsort_t *tmp = malloc(cap * sizeof *tmp);
    G->g = malloc(cap * sizeof *G->g);
    G->of = malloc((size_t)(in->ntr ? in->ntr : 1) * sizeof *G->of);
    if (!tmp || !G->g || !G->of) {
        free(tmp);
        fair_groups_release(G);
        return -1;
    }
    G->ntr = in->ntr;
    int n = 0;
    for (int t = 0; t < in->ntr; t++) {
        if (!in->tr[t].planned)
            continue;
        for (int dim = 0; dim < FAIR_NDIM; dim++) {
            int key = trainee_key(&in->tr[t], dim), found = 0;
            for (int i = 0; i < n && !found; i++)
                found = tmp[i].g.dim == dim && tmp[i].g.key == key;
            if (!found)
                tmp[n++] = (gsort_t){{dim, key}, in};
        }
    }
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_group);
    for (int i = 0; i < n; i++)
        G->g[i] = tmp[i].g;
    G->n = n;
    free(tmp);
    for (int t = 0; t < in->ntr; t++)
        for (int dim = 0; dim < FAIR_NDIM; dim++)
            G->of[t][dim] =
                in->tr[t].planned ? group_find(G, dim, trainee_key(&in->tr[t], dim)) : -1;
    return 0;
}

void fair_groups_release(fair_groups_t *G)
{
    if (!G)
        return;
    free(G->g);
    free(G->of);
    memset(G, 0, sizeof *G);
}

void fair_group_label(const instance_t *in, const fair_group_t *g, char *buf, size_t n)
{
    char q[8];
    switch (g->dim) {
    case FAIR_DIM_PARTTIME:
        snprintf(buf, n, "%s", g->key ? "parttime" : "fulltime");
        break;
    case FAIR_DIM_REGION:
        snprintf(buf, n, "region_1=%s", g->key < 0 ? "(none)" : in->region[g->key]);
        break;
    default:
        quarter_format(g->key, q);
        snprintf(buf, n, "cohort=%s", q);
        break;
    }
}

/* ------------------------------------------------------------ distribution */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Gini of sorted non-negative x: sum_i (2i - n - 1) x_(i) / (n sum x), i = 1..n,
 * which equals the mean absolute difference of all pairs over twice the mean. */
static double gini_sorted(const int *x, int n)
{
    long sum = 0, w = 0;
    for (int i = 0; i < n; i++) {
        sum += x[i];
        w += (long)(2 * (i + 1) - n - 1) * x[i];
    }
    return sum > 0 ? (double)w / ((double)n * (double)sum) : 0.0;
}

static double median_sorted(const int *x, int n)
{
    if (n == 0)
        return 0.0;
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2.0;
}

static int *sorted_copy(const int *x, int n)
{
    int *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    if (n)
        memcpy(v, x, (size_t)n * sizeof *v);
    qsort(v, (size_t)n, sizeof *v, cmp_int);
    return v;
}

double fairness_gini(const int *x, int n)
{
    int *v = sorted_copy(x, n);
    double g = v ? gini_sorted(v, n) : 0.0;
    free(v);
    return g;
}

double fairness_median(const int *x, int n)
{
    int *v = sorted_copy(x, n);
    double m = v ? median_sorted(v, n) : 0.0;
    free(v);
    return m;
}

/* ------------------------------------------------------------ swaps */

/* Trainee t's cost with the n placements p, or -1 if they are no plan t may have. */
static int cost_with(const instance_t *in, const planset_t *ps, int t, const placement_t *p,
                     int n)
{
    if (n <= 0 || n > PLAN_MAX_SLOTS)
        return -1;
    rr_pl_t q[PLAN_MAX_SLOTS];
    memset(q, 0, sizeof q);
    for (int i = 0; i < n; i++) {
        q[i].site = p[i].site;
        q[i].field = p[i].field;
        q[i].start = p[i].start;
        q[i].end = p[i].end;
    }
    /* the template with exactly these fields and dates, and sites its slots allow:
     * a locked slot its own site, any other a site of its placement kind */
    int site[PLAN_MAX_SLOTS], sites_ok;
    int k = rerun_match(ps, t, q, n, site, &sites_ok);
    if (k < 0 || !sites_ok)
        return -1;
    trainee_result_t r;
    memset(&r, 0, sizeof r);
    plans_evaluate(in, ps, t, k, site, &r);
    return r.cost;
}

/* Same number of placements with the same date ranges (placements are
 * sorted by start within a trainee). */
static int same_dates(const placement_t *a, const placement_t *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i].start != b[i].start || a[i].end != b[i].end)
            return 0;
    return 1;
}

int fairness_swaps(const instance_t *in, const planset_t *ps, const allocation_t *al)
{
    int ntr = al->ntr < in->ntr ? al->ntr : in->ntr;
    int *first = malloc((size_t)(ntr ? ntr : 1) * sizeof *first);
    int *cnt = calloc((size_t)(ntr ? ntr : 1), sizeof *cnt);
    if (!first || !cnt) {
        free(first);
        free(cnt);
        return -1;
    }
    for (int i = al->npl - 1; i >= 0; i--) {
        int t = al->pl[i].trainee;
        if (t >= 0 && t < ntr) {
            first[t] = i;
            cnt[t]++;
        }
    }
    int swaps = 0;
    for (int a = 0; a < ntr; a++) {
        if (!in->tr[a].planned || al->res[a].outcome != OUT_PLACED)
            continue;
        for (int b = a + 1; b < ntr; b++) {
            if (!in->tr[b].planned || al->res[b].outcome != OUT_PLACED || cnt[a] != cnt[b] ||
                !same_dates(&al->pl[first[a]], &al->pl[first[b]], cnt[a]))
                continue;
            int ca = cost_with(in, ps, a, &al->pl[first[b]], cnt[b]);
            if (ca < 0 || ca > al->res[a].cost)
                continue;
            int cb = cost_with(in, ps, b, &al->pl[first[a]], cnt[a]);
            if (cb < 0 || cb > al->res[b].cost)
                continue;
            swaps += ca < al->res[a].cost || cb < al->res[b].cost;
        }
    }
    free(first);
    free(cnt);
    return swaps;
}

/* ------------------------------------------------------------ all figures */

int fairness_compute(const instance_t *in, const planset_t *ps, const allocation_t *al,
                     const fair_groups_t *G, fairness_t *F)
{
    memset(F, 0, sizeof *F);
    int ntr = al->ntr < in->ntr ? al->ntr : in->ntr;
    F->group = calloc((size_t)(G->n ? G->n : 1), sizeof *F->group);
    int *cost = malloc((size_t)(ntr ? ntr : 1) * sizeof *cost);
    if (!F->group || !cost) {
        free(cost);
        fairness_release(F);
        return -1;
    }
    F->ngroup = G->n;
    for (int t = 0; t < ntr; t++) {
        if (!in->tr[t].planned)
            continue;
        F->planned++;
        const trainee_result_t *r = &al->res[t];
        if (r->outcome == OUT_EMPTY_YEAR) {
            F->exempt++;
            continue;
        }
        if (r->outcome == OUT_UNPLACED) {
            F->unplaced++;
            continue;
        }
        cost[F->placed++] = r->cost;
        F->cost_sum += r->cost;
        F->rank[r->a_rank >= 1 && r->a_rank <= 4 ? r->a_rank - 1 : 4]++;
        F->el_asked += r->elective_asked != 0;
        F->el_granted += r->elective_asked && r->elective_granted;
        for (int k = 0; k < 4; k++)
            F->region[k] += r->region_q[k];
        for (int dim = 0; dim < FAIR_NDIM && t < G->ntr; dim++) {
            int g = G->of[t][dim];
            if (g >= 0) {
                F->group[g].n++;
                F->group[g].sum += r->cost;
            }
        }
    }
    qsort(cost, (size_t)F->placed, sizeof *cost, cmp_int);
    if (F->placed) {
        F->cost_max = cost[F->placed - 1];
        for (int i = F->placed - 1; i >= 0 && cost[i] == F->cost_max; i--)
            F->at_max++;
        F->cost_mean = (double)F->cost_sum / F->placed;
    }
    F->cost_median = median_sorted(cost, F->placed);
    F->cost_gini = gini_sorted(cost, F->placed);
    free(cost);
    F->swaps = fairness_swaps(in, ps, al);
    if (F->swaps < 0) {
        fairness_release(F);
        return -1;
    }
    return 0;
}

void fairness_release(fairness_t *F)
{
    if (!F)
        return;
    free(F->group);
    memset(F, 0, sizeof *F);
}
