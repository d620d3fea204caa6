/* solve.c - build the MIP of docs/model.md, solve it with GLPK, read it back
 *
 * The model is small because it is aggregated exactly:
 *  - a trainee's year is one binary per feasible plan skeleton (y), not per
 *    site and quarter;
 *  - a placement kind (field + exact dates) of a trainee picks a *pool* of
 *    sites that are interchangeable for every cost and rule (same field,
 *    region, borrowed flag, subtype and min_factor), not a site (z);
 *  - integer site counts n[s, kind] carry the per-site, per-quarter capacity,
 *    and a balance row per pool and kind makes the pool choices add up to
 *    them, so concrete sites can be handed out afterwards without loss;
 *  - only a wished-for site gets a per-trainee site variable, so that its
 *    wish can be credited.
 * Every constraint below names the rule of rules.md it enforces.
 */
#include "solve.h"

#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../models/calendar.h"

const char *solve_version(void)
{
    static char buf[32];
    snprintf(buf, sizeof buf, "GLPK %s", glp_version());
    return buf;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- small containers ------------------------------------------------- */

/* Open-addressing map from a 64-bit key to an int. */
typedef struct imap {
    uint64_t *key;
    int *val;
    size_t cap, n;
} imap_t;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static int imap_grow(imap_t *m)
{
    size_t nc = m->cap ? 2 * m->cap : 1024;
    uint64_t *nk = malloc(nc * sizeof *nk);
    int *nv = malloc(nc * sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < nc; i++)
        nv[i] = -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->val[i] >= 0) {
            size_t j = mix64(m->key[i]) & (nc - 1);
            while (nv[j] >= 0)
                j = (j + 1) & (nc - 1);
            nk[j] = m->key[i];
            nv[j] = m->val[i];
        }
    free(m->key);
    free(m->val);
    m->key = nk;
    m->val = nv;
    m->cap = nc;
    return 0;
}

/* Slot for key: *found set if present.  -1 on out of memory. */
static long imap_slot(imap_t *m, uint64_t k)
{
    if (2 * (m->n + 1) > m->cap && imap_grow(m) < 0)
        return -1;
    size_t j = mix64(k) & (m->cap - 1);
    while (m->val[j] >= 0 && m->key[j] != k)
        j = (j + 1) & (m->cap - 1);
    return (long)j;
}

static int imap_get(const imap_t *m, uint64_t k)
{
    if (!m->cap)
        return -1;
    size_t j = mix64(k) & (m->cap - 1);
    while (m->val[j] >= 0) {
        if (m->key[j] == k)
            return m->val[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}

static void imap_free(imap_t *m)
{
    free(m->key);
    free(m->val);
}

static uint64_t key2(int a, int b) { return ((uint64_t)(uint32_t)a << 32) | (uint32_t)b; }

/* ---- the model under construction ------------------------------------ */

enum { COL_Y, COL_U, COL_ZP, COL_ZS, COL_N, COL_WS, COL_WU, COL_K, COL_M };

typedef struct col {
    int type;
    int a, b, c;     /* meaning by type: Y (trainee, template), U (trainee),
                        ZP (trainee, kind, pool), ZS (trainee, kind, site),
                        N (site, global kind), WS/WU (trainee),
                        K (trainee: its announced plan, kept), M (the largest cost) */
    double obj, ub;
    double tc;       /* the trainee-cost part of obj (objective.md's "each aios's cost") */
} col_t;

typedef struct model {
    col_t *col;
    int ncol, ccap;
    int *rtype;      /* GLP_FX, GLP_UP, GLP_LO */
    double *rrhs;
    int nrow, rcap;
    int *ia, *ja;
    double *ar;
    int nnz, ncap;
    int oom;
} model_t;

static int add_col(model_t *m, int type, int a, int b, int c, double obj, double ub)
{
    if (m->ncol == m->ccap) {
        int nc = m->ccap ? 2 * m->ccap : 4096;
        col_t *nv = realloc(m->col, (size_t)nc * sizeof *nv);
        if (!nv) {
            m->oom = 1;
            return -1;
        }
        m->col = nv;
        m->ccap = nc;
    }
    col_t *k = &m->col[m->ncol];
    k->type = type, k->a = a, k->b = b, k->c = c, k->obj = obj, k->ub = ub, k->tc = 0.0;
    return ++m->ncol; /* GLPK columns are 1-based */
}

static int add_row(model_t *m, int type, double rhs)
{
    if (m->nrow == m->rcap) {
        int nc = m->rcap ? 2 * m->rcap : 4096;
        int *nt = realloc(m->rtype, (size_t)nc * sizeof *nt);
        if (nt)
            m->rtype = nt;
        double *nr = realloc(m->rrhs, (size_t)nc * sizeof *nr);
        if (nr)
            m->rrhs = nr;
        if (!nt || !nr) {
            m->oom = 1;
            return -1;
        }
        m->rcap = nc;
    }
    m->rtype[m->nrow] = type;
    m->rrhs[m->nrow] = rhs;
    return ++m->nrow;
}

static void add_nz(model_t *m, int row, int col, double v)
{
    if (row <= 0 || col <= 0) {
        m->oom = 1; /* an earlier allocation failed */
        return;
    }
    if (m->nnz + 1 >= m->ncap) {
        int nc = m->ncap ? 2 * m->ncap : 16384;
        int *ni = realloc(m->ia, (size_t)nc * sizeof *ni);
        if (ni)
            m->ia = ni;
        int *nj = realloc(m->ja, (size_t)nc * sizeof *nj);
        if (nj)
            m->ja = nj;
        double *nr = realloc(m->ar, (size_t)nc * sizeof *nr);
        if (nr)
            m->ar = nr;
        if (!ni || !nj || !nr) {
            m->oom = 1;
            return;
        }
        m->ncap = nc;
    }
    m->nnz++; /* index 0 unused: GLPK arrays are 1-based */
    m->ia[m->nnz] = row;
    m->ja[m->nnz] = col;
    m->ar[m->nnz] = v;
}

static void model_free(model_t *m)
{
    free(m->col);
    free(m->rtype);
    free(m->rrhs);
    free(m->ia);
    free(m->ja);
    free(m->ar);
}

/* Pools: sites interchangeable for every cost and rule. */
static int *make_pools(const instance_t *in, int *npool)
{
    int *pool = malloc((size_t)(in->nsite ? in->nsite : 1) * sizeof *pool);
    if (!pool)
        return NULL;
    int np = 0;
    for (int s = 0; s < in->nsite; s++) {
        const site_t *a = &in->site[s];
        pool[s] = -1;
        for (int r = 0; r < s && pool[s] < 0; r++) {
            const site_t *b = &in->site[r];
            const char *sa = a->subtype ? a->subtype : "", *sb = b->subtype ? b->subtype : "";
            if (a->field == b->field && a->region == b->region && a->borrowed == b->borrowed &&
                a->min_factor_pm == b->min_factor_pm && strcasecmp(sa, sb) == 0)
                pool[s] = pool[r];
        }
        if (pool[s] < 0)
            pool[s] = np++;
    }
    *npool = np;
    return pool;
}

/* splitmix64: the seeded order in which trainees enter the model and
 * receive concrete sites (ties only; never the objective). */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    return mix64(z);
}

static void shuffle(int *v, int n, uint64_t *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(rng_next(rng) % (uint64_t)(i + 1));
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

/* ---- GLPK guard -------------------------------------------------------- */

typedef struct glpk_ctx {
    jmp_buf jb;
    char msg[512];
    size_t len;
} glpk_ctx_t;

static void on_glpk_error(void *info)
{
    glpk_ctx_t *g = info;
    longjmp(g->jb, 1);
}

/* Collect GLPK's terminal output (it prints errors there) instead of stdout. */
static int on_glpk_term(void *info, const char *s)
{
    glpk_ctx_t *g = info;
    size_t n = strlen(s);
    if (g->len + n >= sizeof g->msg) {
        /* keep the latest text: an error message comes last */
        g->len = 0;
        if (n >= sizeof g->msg)
            s += n - (sizeof g->msg - 1), n = sizeof g->msg - 1;
    }
    memcpy(g->msg + g->len, s, n);
    g->len += n;
    g->msg[g->len] = 0;
    return 1; /* suppress GLPK's own printing */
}

/* a pseudocost proof search with a node budget gives up before a first
 * branching of more than this many candidates x (rows + columns) (on_tree;
 * the search without a node limit, target mode's last, does not):
 * measured at 1.6-1.9 million 1-2.3 s (60-aios --rich seeds 53, 85), at
 * 27 million 73 s (200 + 200 --rich seed 11) */
#ifndef PCH_WORK_MAX
#define PCH_WORK_MAX 8e6
#endif
typedef struct search {
    const solve_opts_t *o;
    double t0, last_print;
    double every;    /* seconds between progress lines (2; tests: STAGEMATCH_PROGRESS_EVERY) */
    /* lottery_n > 0 during the lottery's steps: the progress lines say how
     * many of its lottery_n aiossen are served (lottery_k), not the best
     * and bound of a step's search, whose objective is no total (an aios's
     * own cost, or a weighted one) */
    int lottery_k, lottery_n;
    int have_inc;
    double inc, bound;
    int proved;      /* stopped because ceil(bound) reached the incumbent */
    int interrupted;
    double tol_obj;  /* GLPK's relative objective tolerance, 0: its default */
    /* when the search runs over a reduced-cost restriction: every solution
     * outside it costs at least cap, so the bound of the whole problem is
     * min(node bound, cap) */
    int has_cap;
    double cap;
    /* for the progress line: the best allocation found outside GLPK's
     * search (a dive, an earlier round) and the bound proven before it */
    int have_ext;
    double ext, floor;
    /* > 0: stop a search after this many node choices in all (counted in
     * nodes); budget_hit says it did.  Deterministic, unlike a time limit. */
    long node_budget, nodes;
    int budget_hit;
    /* a pseudocost search (br_tech GLP_BR_PCH) with a node budget stops,
     * as at that budget, before a first branching whose strong branching
     * would cost more than PCH_WORK_MAX; pch_branched: this search has
     * branched.  nodes counts every search's node choices. */
    int pch_branched;
    int quiet;            /* no progress lines (a search whose objective is no cost) */
    int br_tech, bt_tech; /* GLPK's branching and backtracking, 0: ours */
    int no_cuts;          /* no cuts at all (proof_search's pseudocost searches) */
    /* stop at the root's first branching (budget_hit): a root with GLPK's
     * cuts and nothing more (proof_search's try before a pseudocost search) */
    int root_only;
    /* per column of the searched problem (1-based), or NULL: branch first on
     * a fractional column of the highest priority (the most fractional of
     * them), on others only when none is fractional */
    const unsigned char *prio;
    /* restarts > 0: stop a search that finds an allocation below
     * restart_above (and not yet proven), so that the round starts again
     * from it (restarted says it did; restarts counts down) */
    int restarts, restarted;
    double restart_above;
} search_t;

/* The progress line of the best allocation so far and the proven bound
 * (docs/usage.md); a gap below 0 (rounding) is shown as 0. */
static void print_best(double best, double bound, double elapsed)
{
    double gap = 100.0 * (best - bound) / (fabs(best) > 1e-9 ? fabs(best) : 1.0);
    fprintf(stderr, "stagematch: solving: best %.0f, bound %.1f, gap %.2f%%, %.1f s\n", best, bound,
            gap > 0 ? gap : 0.0, elapsed);
}

/* The progress line of a lottery: k of its n aiossen served. */
static void print_lottery(int k, int n, double elapsed)
{
    fprintf(stderr, "stagematch: solving: lottery, %d of %d aiossen served, %.1f s\n", k, n, elapsed);
}

static void on_tree(glp_tree *T, void *info)
{
    search_t *s = info;
    if (s->o->interrupt && *s->o->interrupt) {
        s->interrupted = 1;
        glp_ios_terminate(T);
        return;
    }
    int r = glp_ios_reason(T);
    if (r == GLP_IBRANCH && s->root_only) {
        s->budget_hit = 1;
        glp_ios_terminate(T);
        return;
    }
    if (r == GLP_IBRANCH && s->br_tech == GLP_BR_PCH && !s->pch_branched && s->node_budget > 0) {
        /* GLPK's pseudocost branching first tries every candidate both
         * ways, each on a copy of the whole problem (glpios09.c,
         * eval_degrad): measured 35 ms a candidate at 200 + 200, and a
         * first branching over 1,057 candidates of a 6,467 x 19,180
         * restriction took 73 s.  The later branchings reuse the
         * pseudocosts and cost far less. */
        glp_prob *Q = glp_ios_get_prob(T);
        int n = glp_get_num_cols(Q), cand = 0;
        for (int c = 1; c <= n; c++)
            cand += glp_ios_can_branch(T, c);
        s->pch_branched = 1;
        if ((double)cand * (double)(glp_get_num_rows(Q) + n) > PCH_WORK_MAX) {
            s->budget_hit = 1;
            glp_ios_terminate(T);
            return;
        }
    }
    if (r == GLP_IBRANCH && s->prio) {
        glp_prob *Q = glp_ios_get_prob(T);
        int n = glp_get_num_cols(Q), bc = 0, bp = 0;
        double bf = 0.0;
        for (int c = 1; c <= n; c++) {
            if (s->prio[c] == 0 || s->prio[c] < bp || !glp_ios_can_branch(T, c))
                continue;
            double v = glp_get_col_prim(Q, c), f = fabs(v - floor(v) - 0.5);
            if (s->prio[c] > bp || f < bf)
                bc = c, bp = s->prio[c], bf = f;
        }
        if (bc) {
            glp_ios_branch_upon(T, bc, GLP_NO_BRNCH);
            return;
        }
    }
    if (r == GLP_ISELECT && ++s->nodes > s->node_budget && s->node_budget > 0) {
        s->budget_hit = 1;
        glp_ios_terminate(T);
        return;
    }
    if (r == GLP_IBINGO) {
        s->have_inc = 1;
        s->inc = glp_mip_obj_val(glp_ios_get_prob(T));
    }
    if (r != GLP_IBINGO && r != GLP_ISELECT && r != GLP_IHEUR)
        return;
    int node = glp_ios_best_node(T);
    if (node) {
        s->bound = glp_ios_node_bound(T, node);
        if (s->has_cap && s->bound > s->cap)
            s->bound = s->cap;
        if (s->bound < s->floor)
            s->bound = s->floor; /* also before GLPK knows one (-DBL_MAX) */
    }
    /* every cost is an integer, so the optimum is too: once the rounded-up
     * bound reaches the incumbent, the incumbent is optimal */
    if (s->have_inc && node && ceil(s->bound - 1e-6) >= s->inc - 1e-6) {
        s->proved = 1;
        glp_ios_terminate(T);
        return;
    }
    if (r == GLP_IBINGO && s->restarts > 0 && s->inc < s->restart_above - 0.5) {
        s->restarted = 1;
        glp_ios_terminate(T);
        return;
    }
    double t = now_seconds();
    if (s->o->progress && !s->quiet && t - s->last_print >= s->every) {
        s->last_print = t;
        double inc = s->have_inc ? s->inc : s->ext;
        if (s->have_ext && s->ext < inc)
            inc = s->ext;
        if (s->lottery_n > 0)
            print_lottery(s->lottery_k, s->lottery_n, t - s->t0);
        else if (s->have_inc || s->have_ext)
            print_best(inc, s->bound, t - s->t0);
        else if (s->bound > -DBL_MAX)
            fprintf(stderr, "stagematch: solving: no allocation yet, bound %.1f, %.1f s\n",
                    s->bound, t - s->t0);
        else
            fprintf(stderr, "stagematch: solving: no allocation yet, %.1f s\n", t - s->t0);
    }
}

/* ---- build ------------------------------------------------------------- */

typedef struct built {
    model_t m;
    int *pool;
    int npool;
    int ngk;
    int *gk_field, *gk_start, *gk_end; /* global placement kinds */
    int gk_cap;
    int *ycol, *ucol;                  /* per trainee: first y column, u column (0: none) */
    int *cfirst, *clast;               /* per trainee: its columns are [cfirst, clast) (0-based) */
    int **kgk;                         /* per trainee, per kind: global kind */
    imap_t ncol;                       /* (site, gk) -> n column */
    imap_t linkmap;                    /* (group, gk) -> link row */
    int *group;                        /* per trainee: its group */
    int ngroup;
    imap_t gkmap;                      /* (field, start, end) -> gk */
    double constant;
    /* lexicographic tiers (docs/model.md): each weight exceeds the largest
     * possible total of the tiers below it */
    double w_unplaced;                 /* 1000 (objective.md) unless keep or minimax */
    double w_change;                   /* keep: per trainee whose announced plan is not kept */
    double w_max;                      /* minimax: per unit of the largest cost */
    double *pen;                       /* per trainee: w_change if it has a plan to keep */
    int *kcol;                         /* per trainee: keep column (1-based), 0 none */
    int mcol;                          /* minimax: the M column (1-based), 0 none */
    int *bound_t;                      /* per trainee: an upper bound of its cost */
    int max_bound;                     /* the largest of bound_t */
    int tiered;                        /* 1 when the objective is lexicographic (keep, minimax) */
} built_t;

static void built_free(built_t *b, int ntr)
{
    model_free(&b->m);
    free(b->pool);
    free(b->gk_field);
    free(b->gk_start);
    free(b->gk_end);
    free(b->ycol);
    free(b->ucol);
    free(b->cfirst);
    free(b->clast);
    if (b->kgk)
        for (int t = 0; t < ntr; t++)
            free(b->kgk[t]);
    free(b->kgk);
    imap_free(&b->ncol);
    imap_free(&b->gkmap);
    imap_free(&b->linkmap);
    free(b->group);
    free(b->pen);
    free(b->kcol);
    free(b->bound_t);
}

static int global_kind(built_t *b, const pkind_t *k)
{
    uint64_t key = ((uint64_t)(uint32_t)k->field << 48) ^ ((uint64_t)(uint32_t)k->start << 24) ^
                   (uint64_t)(uint32_t)k->end;
    for (;;) {
        long j = imap_slot(&b->gkmap, key);
        if (j < 0)
            return -1;
        int g = b->gkmap.val[j];
        if (g < 0)
            break;
        if (b->gk_field[g] == k->field && b->gk_start[g] == k->start && b->gk_end[g] == k->end)
            return g;
        key = mix64(key + 1); /* hash collision of two different kinds: probe on */
    }
    if (b->ngk == b->gk_cap) {
        int nc = b->gk_cap ? 2 * b->gk_cap : 256;
        int *f = realloc(b->gk_field, (size_t)nc * sizeof *f);
        if (f)
            b->gk_field = f;
        int *s = realloc(b->gk_start, (size_t)nc * sizeof *s);
        if (s)
            b->gk_start = s;
        int *e = realloc(b->gk_end, (size_t)nc * sizeof *e);
        if (e)
            b->gk_end = e;
        if (!f || !s || !e)
            return -1;
        b->gk_cap = nc;
    }
    int g = b->ngk++;
    b->gk_field[g] = k->field, b->gk_start[g] = k->start, b->gk_end[g] = k->end;
    long j = imap_slot(&b->gkmap, key);
    if (j < 0)
        return -1;
    b->gkmap.key[j] = key;
    b->gkmap.val[j] = g;
    b->gkmap.n++;
    return g;
}

/* Trainees whose pool choices cost the same everywhere share their pool
 * columns: same region preferences, same part-time factor (hence the same
 * dates and min_factor rules), and no site or subtype wish (a wish is
 * credited per trainee, so a trainee with one is a group of its own).
 * Pool columns of a group count how many of its members take a kind in a
 * pool; members are interchangeable there, so this is exact. */
static int *make_groups(const instance_t *in, const planset_t *ps, int singletons, int *ngroup)
{
    int *grp = malloc((size_t)(in->ntr + 1) * sizeof *grp);
    int *rep = malloc((size_t)(in->ntr + 1) * sizeof *rep);
    if (!grp || !rep) {
        free(grp);
        free(rep);
        return NULL;
    }
    int ng = 0;
    for (int t = 0; t < in->ntr; t++) {
        const tplan_t *tp = &ps->tp[t];
        const trainee_t *a = &in->tr[t];
        grp[t] = -1;
        int single = singletons || (tp->nsite_wish && !tp->site_wish_met_locked) ||
                     (tp->nsub_wish && !tp->sub_wish_met_locked);
        if (!single)
            for (int g = 0; g < ng && grp[t] < 0; g++) {
                const trainee_t *r = &in->tr[rep[g]];
                if (rep[g] >= 0 && r->factor_pm == a->factor_pm &&
                    r->region_pref[0] == a->region_pref[0] &&
                    r->region_pref[1] == a->region_pref[1] &&
                    r->region_pref[2] == a->region_pref[2])
                    grp[t] = g;
            }
        if (grp[t] < 0) {
            rep[ng] = single ? -1 : t;
            grp[t] = ng++;
        }
    }
    free(rep);
    *ngroup = ng;
    return grp;
}

/* Is keep plan kp usable for trainee t: a template of t, and for every
 * slot a site the slot's kind allows (locked slots: their own site)? */
static int keep_usable(const planset_t *ps, int t, const solve_keep_t *kp)
{
    const tplan_t *tp = &ps->tp[t];
    if (!kp || kp->tmpl < 0 || kp->tmpl >= tp->ntmpl)
        return 0;
    const ptmpl_t *tm = &tp->tmpl[kp->tmpl];
    for (int j = 0; j < tm->nslot; j++) {
        const pslot_t *sl = &tm->slot[j];
        if (sl->kind < 0) {
            if (kp->site[j] != sl->locked_site)
                return 0;
            continue;
        }
        const pkind_t *pk = &tp->kind[sl->kind];
        int ok = 0;
        for (int i = 0; i < pk->nsite && !ok; i++)
            ok = pk->site[i] == kp->site[j];
        if (!ok)
            return 0;
    }
    return 1;
}

/* An upper bound of trainee t's cost plus policy cost: the dearest template
 * with the dearest site in every slot (3 region + 4 borrowed per quarter). */
static int cost_bound(const planset_t *ps, int t)
{
    const tplan_t *tp = &ps->tp[t];
    int best = 0;
    for (int k = 0; k < tp->ntmpl; k++) {
        int c = tp->tmpl[k].cost;
        for (int j = 0; j < tp->tmpl[k].nslot; j++)
            c += 7 * tp->tmpl[k].slot[j].yq;
        if (c > best)
            best = c;
    }
    return best;
}

static int build(const instance_t *in, const planset_t *ps, const int *order,
                 const solve_opts_t *o, built_t *b)
{
    model_t *m = &b->m;
    int ntr = in->ntr;
    b->pool = make_pools(in, &b->npool);
    b->group = make_groups(in, ps, o->policy != POLICY_SUM, &b->ngroup);
    b->pen = calloc((size_t)(ntr + 1), sizeof *b->pen);
    b->kcol = calloc((size_t)(ntr + 1), sizeof *b->kcol);
    b->bound_t = calloc((size_t)(ntr + 1), sizeof *b->bound_t);
    if (!b->pen || !b->kcol || !b->bound_t)
        return -1;
    /* the tiers: cost < largest cost (minimax) < changes (keep) < unplaced */
    {
        double S = 0;
        int mmax = 0, nkeep = 0;
        for (int t = 0; t < ntr; t++) {
            if (!in->tr[t].planned || ps->tp[t].empty_year || ps->tp[t].ntmpl == 0)
                continue;
            b->bound_t[t] = cost_bound(ps, t);
            S += b->bound_t[t];
            if (b->bound_t[t] > mmax)
                mmax = b->bound_t[t];
            if (o->keep && o->keep[t].tmpl >= 0)
                nkeep++;
        }
        b->max_bound = mmax;
        b->tiered = o->keep || o->policy == POLICY_MINIMAX;
        double below = S; /* the largest total of the tiers so far */
        b->w_max = 0;
        if (o->policy == POLICY_MINIMAX) {
            b->w_max = below + 1;
            below += b->w_max * mmax;
        }
        b->w_change = 0;
        if (o->keep) {
            b->w_change = below + 1;
            below += b->w_change * nkeep;
        }
        b->w_unplaced = b->tiered ? below + 1 : 1000.0;
        for (int t = 0; t < ntr; t++)
            if (o->keep && o->keep[t].tmpl >= 0 && in->tr[t].planned && !ps->tp[t].empty_year &&
                ps->tp[t].ntmpl > 0)
                b->pen[t] = b->w_change;
    }
    b->ycol = calloc((size_t)(ntr + 1), sizeof *b->ycol);
    b->ucol = calloc((size_t)(ntr + 1), sizeof *b->ucol);
    b->kgk = calloc((size_t)(ntr + 1), sizeof *b->kgk);
    b->cfirst = calloc((size_t)(ntr + 1), sizeof *b->cfirst);
    b->clast = calloc((size_t)(ntr + 1), sizeof *b->clast);
    if (!b->pool || !b->group || !b->ycol || !b->ucol || !b->kgk || !b->cfirst || !b->clast)
        return -1;
    imap_t balrow = {0}, specrow = {0};
    int *pcol = malloc((size_t)(b->npool + 1) * sizeof *pcol);
    int *caprow = malloc((size_t)(in->nsite * in->nq + 1) * sizeof *caprow);
    int *gsize = calloc((size_t)(b->ngroup + 1), sizeof *gsize);
    if (!pcol || !caprow || !gsize)
        goto fail;
    for (int i = 0; i < in->nsite * in->nq; i++)
        caprow[i] = 0;
    for (int t = 0; t < ntr; t++)
        if (in->tr[t].planned && !ps->tp[t].empty_year && ps->tp[t].ntmpl > 0)
            gsize[b->group[t]]++;

    for (int oi = 0; oi < ntr; oi++) {
        int t = order[oi];
        const tplan_t *tp = &ps->tp[t];
        int G = b->group[t];
        if (!in->tr[t].planned || tp->empty_year)
            continue;
        if (tp->ntmpl == 0) {
            b->constant += b->w_unplaced; /* unplaceable even alone */
            continue;
        }
        b->cfirst[t] = m->ncol;
        /* one plan or unplaced (objective.md: 1000 for an unplaced trainee) */
        int arow = add_row(m, GLP_FX, 1.0);
        b->ucol[t] = add_col(m, COL_U, t, 0, 0, b->w_unplaced + b->pen[t], 1.0);
        add_nz(m, arow, b->ucol[t], 1.0);
        for (int k = 0; k < tp->ntmpl; k++) {
            int c = add_col(m, COL_Y, t, k, 0, tp->tmpl[k].cost + b->pen[t], 1.0);
            if (c > 0)
                m->col[c - 1].tc = tp->tmpl[k].cost;
            if (k == 0)
                b->ycol[t] = c;
            add_nz(m, arow, c, 1.0);
        }
        /* swap week: the announced plan at its own sites, a column of its own
         * that uses the sites' capacity directly (rows added below) */
        if (o->keep && keep_usable(ps, t, &o->keep[t])) {
            trainee_result_t tr_res;
            memset(&tr_res, 0, sizeof tr_res);
            int pol = plans_evaluate(in, ps, t, o->keep[t].tmpl, o->keep[t].site, &tr_res);
            int c = add_col(m, COL_K, t, o->keep[t].tmpl, 0, tr_res.cost + pol, 1.0);
            if (c > 0)
                m->col[c - 1].tc = tr_res.cost;
            b->kcol[t] = c;
            add_nz(m, arow, c, 1.0);
        }
        int ws = 0, wu = 0, wsrow = 0, wurow = 0;
        if (tp->nsite_wish && !tp->site_wish_met_locked) {
            /* a met site wish takes back the 1 in the template cost */
            ws = add_col(m, COL_WS, t, 0, 0, -1.0, 1.0);
            if (ws > 0)
                m->col[ws - 1].tc = -1.0;
            wsrow = add_row(m, GLP_UP, 0.0);
            add_nz(m, wsrow, ws, 1.0);
        }
        if (tp->nsub_wish && !tp->sub_wish_met_locked) {
            wu = add_col(m, COL_WU, t, 0, 0, -1.0, 1.0);
            if (wu > 0)
                m->col[wu - 1].tc = -1.0;
            wurow = add_row(m, GLP_UP, 0.0);
            add_nz(m, wurow, wu, 1.0);
        }
        b->kgk[t] = malloc((size_t)(tp->nkind + 1) * sizeof *b->kgk[t]);
        if (!b->kgk[t])
            goto fail;
        for (int k = 0; k < tp->nkind; k++) {
            const pkind_t *pk = &tp->kind[k];
            int g = global_kind(b, pk);
            if (g < 0)
                goto fail;
            b->kgk[t][k] = g;
            /* rules.md: a chosen plan's placement of this kind gets exactly one
             * place, a plan not chosen none; per group: the pool choices of
             * the group add up to its members' placements of this kind */
            long lj = imap_slot(&b->linkmap, key2(G, g));
            if (lj < 0)
                goto fail;
            int fresh = b->linkmap.val[lj] < 0;
            if (fresh) {
                b->linkmap.key[lj] = key2(G, g);
                b->linkmap.val[lj] = add_row(m, GLP_FX, 0.0);
                b->linkmap.n++;
            }
            int lrow = b->linkmap.val[lj];
            for (int tk = 0; tk < tp->ntmpl; tk++)
                for (int j = 0; j < tp->tmpl[tk].nslot; j++)
                    if (tp->tmpl[tk].slot[j].kind == k)
                        add_nz(m, lrow, b->ycol[t] + tk, -1.0);
            if (!fresh && !ws)
                continue; /* the group's pool columns exist already */
            for (int p = 0; p < b->npool; p++)
                pcol[p] = 0;
            for (int i = 0; i < pk->nsite; i++) {
                int s = pk->site[i];
                int p = b->pool[s];
                /* the site count n[s, kind], created once for all trainees */
                long j = imap_slot(&b->ncol, key2(s, g));
                if (j < 0)
                    goto fail;
                int nc = b->ncol.val[j];
                long br = imap_slot(&balrow, key2(p, g));
                if (br < 0)
                    goto fail;
                if (balrow.val[br] < 0) {
                    /* pool balance: the pool choices of this kind add up to the
                     * site counts of the pool, so sites can be handed out exactly */
                    balrow.key[br] = key2(p, g);
                    balrow.val[br] = add_row(m, GLP_FX, 0.0);
                    balrow.n++;
                }
                int brow = balrow.val[br];
                if (nc < 0) {
                    int lo, hi;
                    plans_overlap(in, pk->start, pk->end, &lo, &hi);
                    int ub = 1 << 20;
                    for (int q = lo; q <= hi; q++) {
                        int free_q = in->site[s].cap[q - in->q_first] -
                                     ps->locked_use[s * in->nq + (q - in->q_first)];
                        if (free_q < ub)
                            ub = free_q;
                    }
                    nc = add_col(m, COL_N, s, g, 0, 0.0, ub < 0 ? 0 : ub);
                    b->ncol.key[j] = key2(s, g);
                    b->ncol.val[j] = nc;
                    b->ncol.n++;
                    add_nz(m, brow, nc, -1.0);
                }
                if (fresh && !pcol[p]) {
                    int yq = pk->yq, region = plans_region_cost(in, t, s, yq);
                    double cost = region + plans_borrowed_cost(in, s, yq);
                    pcol[p] = add_col(m, COL_ZP, G, g, p, cost, gsize[G]);
                    if (pcol[p] > 0)
                        m->col[pcol[p] - 1].tc = region;
                    add_nz(m, lrow, pcol[p], 1.0);
                    add_nz(m, brow, pcol[p], 1.0);
                    if (wu && plans_meets_sub_wish(in, tp, s))
                        add_nz(m, wurow, pcol[p], -1.0);
                }
                if (ws && plans_meets_site_wish(tp, s)) {
                    int yq = pk->yq, region = plans_region_cost(in, t, s, yq);
                    double cost = region + plans_borrowed_cost(in, s, yq);
                    int zc = add_col(m, COL_ZS, t, k, s, cost, 1.0);
                    if (zc > 0)
                        m->col[zc - 1].tc = region;
                    add_nz(m, lrow, zc, 1.0);
                    add_nz(m, brow, zc, 1.0);
                    add_nz(m, wsrow, zc, -1.0);
                    if (wu && plans_meets_sub_wish(in, tp, s))
                        add_nz(m, wurow, zc, -1.0);
                    /* the wished site itself has room for everyone sent there by name */
                    long sr = imap_slot(&specrow, key2(s, g));
                    if (sr < 0)
                        goto fail;
                    if (specrow.val[sr] < 0) {
                        specrow.key[sr] = key2(s, g);
                        specrow.val[sr] = add_row(m, GLP_LO, 0.0);
                        specrow.n++;
                        add_nz(m, specrow.val[sr], nc, 1.0);
                    }
                    add_nz(m, specrow.val[sr], zc, -1.0);
                }
            }
        }
        b->clast[t] = m->ncol;
    }
    /* minimax: M is at least every placed trainee's cost (an unplaced one's
     * columns are all zero but u, which is not a trainee cost) */
    if (o->policy == POLICY_MINIMAX) {
        b->mcol = add_col(m, COL_M, 0, 0, 0, b->w_max, b->max_bound);
        for (int t = 0; t < ntr; t++) {
            if (!b->ucol[t])
                continue;
            int row = add_row(m, GLP_UP, 0.0);
            for (int c = b->cfirst[t]; c < b->clast[t]; c++)
                if (m->col[c].tc != 0.0)
                    add_nz(m, row, c + 1, m->col[c].tc);
            add_nz(m, row, b->mcol, -1.0);
        }
    }
    /* rules.md capacity: per site and planning quarter, the placements that
     * overlap the quarter by a day or more, locked ones included, stay
     * within the inventory letter */
    for (int c = 0; c < m->ncol; c++) {
        const col_t *k = &m->col[c];
        if (k->type != COL_N)
            continue;
        int s = k->a, g = k->b, lo, hi;
        plans_overlap(in, b->gk_start[g], b->gk_end[g], &lo, &hi);
        for (int q = lo; q <= hi; q++) {
            int idx = s * in->nq + (q - in->q_first);
            if (!caprow[idx]) {
                int free_q = in->site[s].cap[q - in->q_first] - ps->locked_use[idx];
                caprow[idx] = add_row(m, GLP_UP, free_q < 0 ? 0 : free_q);
            }
            add_nz(m, caprow[idx], c + 1, 1.0);
        }
    }
    /* the kept plans' own sites, per quarter (a site twice in one quarter
     * counts twice) */
    for (int t = 0; t < ntr; t++) {
        if (!b->kcol[t])
            continue;
        const ptmpl_t *tm = &ps->tp[t].tmpl[o->keep[t].tmpl];
        int idxs[PLAN_MAX_SLOTS * 8], cnt[PLAN_MAX_SLOTS * 8], nidx = 0;
        for (int j = 0; j < tm->nslot; j++) {
            const pslot_t *sl = &tm->slot[j];
            if (sl->kind < 0)
                continue; /* locked: counted in locked_use */
            int s = o->keep[t].site[j], lo, hi;
            plans_overlap(in, sl->start, sl->end, &lo, &hi);
            for (int q = lo; q <= hi && nidx < PLAN_MAX_SLOTS * 8; q++) {
                int idx = s * in->nq + (q - in->q_first), f;
                for (f = 0; f < nidx && idxs[f] != idx; f++)
                    ;
                if (f == nidx) {
                    idxs[nidx] = idx;
                    cnt[nidx++] = 0;
                }
                cnt[f]++;
            }
        }
        for (int f = 0; f < nidx; f++) {
            int idx = idxs[f];
            if (!caprow[idx]) {
                int s = idx / in->nq, qi = idx % in->nq;
                int free_q = in->site[s].cap[qi] - ps->locked_use[idx];
                caprow[idx] = add_row(m, GLP_UP, free_q < 0 ? 0 : free_q);
            }
            add_nz(m, caprow[idx], b->kcol[t], cnt[f]);
        }
    }
    imap_free(&balrow);
    imap_free(&specrow);
    free(pcol);
    free(caprow);
    free(gsize);
    return m->oom ? -1 : 0;
fail:
    imap_free(&balrow);
    imap_free(&specrow);
    free(pcol);
    free(caprow);
    free(gsize);
    return -1;
}

/* ---- read back ---------------------------------------------------------- */

/* qsort has no context argument in C11: the instance being sorted */
static _Thread_local const instance_t *g_sort_in;

static int cmp_pl(const void *a, const void *b)
{
    const placement_t *x = a, *y = b;
    int c = strcmp(g_sort_in->tr[x->trainee].id, g_sort_in->tr[y->trainee].id);
    if (c)
        return c;
    return (x->start > y->start) - (x->start < y->start);
}

static int push_pl(allocation_t *al, int *cap, const placement_t *p)
{
    if (al->npl == *cap) {
        int nc = *cap ? 2 * *cap : 256;
        placement_t *nv = realloc(al->pl, (size_t)nc * sizeof *nv);
        if (!nv)
            return -1;
        al->pl = nv;
        *cap = nc;
    }
    al->pl[al->npl++] = *p;
    return 0;
}


/* The reason a trainee who could be placed alone was not: every plan needs
 * a place that the allocation has filled. */
static char *competition_reason(const instance_t *in, const planset_t *ps, int t,
                                const int *used, int proven)
{
    const tplan_t *tp = &ps->tp[t];
    char buf[1024] = "";
    int nb = 0, more = 0, open_plan = 0;
    for (int k = 0; k < tp->ntmpl; k++) {
        int blocked = 0;
        for (int j = 0; j < tp->tmpl[k].nslot; j++) {
            const pslot_t *sl = &tp->tmpl[k].slot[j];
            if (sl->kind < 0)
                continue;
            const pkind_t *pk = &tp->kind[sl->kind];
            int lo, hi, any = 0;
            plans_overlap(in, pk->start, pk->end, &lo, &hi);
            for (int i = 0; i < pk->nsite && !any; i++) {
                int s = pk->site[i], ok = 1;
                for (int q = lo; q <= hi && ok; q++)
                    ok = in->site[s].cap[q - in->q_first] - used[s * in->nq + q - in->q_first] >= 1;
                any = ok;
            }
            if (any)
                continue;
            blocked = 1;
            char a[8], z[8], item[64];
            quarter_format(lo, a);
            quarter_format(hi, z);
            if (lo == hi)
                snprintf(item, sizeof item, "%s in %s", field_code(pk->field), a);
            else
                snprintf(item, sizeof item, "%s in %s to %s", field_code(pk->field), a, z);
            if (strstr(buf, item))
                continue;
            if (nb < 6) {
                size_t len = strlen(buf);
                snprintf(buf + len, sizeof buf - len, "%s%s", nb ? ", " : "", item);
                nb++;
            } else {
                more++;
            }
        }
        if (!blocked)
            open_plan = 1;
    }
    char out[1200];
    if (open_plan || nb == 0)
        snprintf(out, sizeof out, "%s",
                 proven ? "no complete plan was left within capacity"
                        : "not placed within the time limit (the allocation is not proven "
                          "optimal; run again with a longer --time-limit)");
    else
        snprintf(out, sizeof out,
                 "no capacity left for any plan of this trainee: full are %s%s (ask these "
                 "fields' sites for an extra place, or check exemptions and min_factor)",
                 buf, more ? " and more" : "");
    return strdup(out);
}

static int read_back(const instance_t *in, const planset_t *ps, const built_t *b,
                     const double *x, const solve_opts_t *o, allocation_t *al, int proven,
                     double *model_value)
{
    const model_t *m = &b->m;
    int ntr = in->ntr, plcap = 0, rc = -1;
    int *chosen = malloc((size_t)(ntr + 1) * sizeof *chosen);        /* template or -1 */
    int **site = calloc((size_t)(ntr + 1), sizeof *site);           /* per slot */
    int *left = calloc((size_t)(m->ncol + 1), sizeof *left);          /* n minus named */
    int *used = calloc((size_t)(in->nsite * in->nq + 1), sizeof *used);
    int *cnt = calloc((size_t)(m->ncol + 1), sizeof *cnt);    /* pool column: members left */
    int *nextz = malloc((size_t)(m->ncol + 1) * sizeof *nextz);
    al->res = calloc((size_t)(ntr + 1), sizeof *al->res);
    al->ntr = ntr;
    if (!chosen || !site || !left || !used || !cnt || !nextz || !al->res)
        goto out;
    for (int t = 0; t < ntr; t++)
        chosen[t] = -1;
    for (int c = 0; c < m->ncol; c++) {
        const col_t *k = &m->col[c];
        long v = lround(x[c]);
        if ((k->type == COL_Y || k->type == COL_K) && v == 1) {
            if (chosen[k->a] >= 0)
                goto out; /* two plans for one trainee: a bug */
            chosen[k->a] = k->b;
            site[k->a] = malloc(PLAN_MAX_SLOTS * sizeof **site);
            if (!site[k->a])
                goto out;
            for (int j = 0; j < PLAN_MAX_SLOTS; j++)
                site[k->a][j] = -1;
            if (k->type == COL_K) {
                /* the announced plan at its own sites */
                const ptmpl_t *tm = &ps->tp[k->a].tmpl[k->b];
                for (int j = 0; j < tm->nslot; j++)
                    if (tm->slot[j].kind >= 0)
                        site[k->a][j] = o->keep[k->a].site[j];
            }
        }
        if (k->type == COL_N)
            left[c] = (int)v;
    }
    /* sites named by a wish first, then the pools, in seeded trainee order */
    uint64_t rng = mix64(o->seed ^ 0x5eedULL);
    int *ord = malloc((size_t)(ntr + 1) * sizeof *ord);
    if (!ord)
        goto out;
    for (int t = 0; t < ntr; t++)
        ord[t] = t;
    shuffle(ord, ntr, &rng);
    /* pass 0: sites named by a wish (per trainee); pass 1: the pools, whose
     * columns count a group's members, chained per (group, kind) */
    imap_t head = {0};
    for (int c = 0; c < m->ncol; c++) {
        const col_t *k = &m->col[c];
        nextz[c] = -1;
        if (k->type != COL_ZP || lround(x[c]) <= 0)
            continue;
        cnt[c] = (int)lround(x[c]);
        long hj = imap_slot(&head, key2(k->a, k->b));
        if (hj < 0) {
            imap_free(&head);
            goto out_ord;
        }
        if (head.val[hj] >= 0)
            nextz[c] = head.val[hj];
        else
            head.n++;
        head.key[hj] = key2(k->a, k->b);
        head.val[hj] = c;
    }
    for (int pass = 0; pass < 2; pass++)
        for (int oi = 0; oi < ntr; oi++) {
            int t = ord[oi];
            if (chosen[t] < 0)
                continue;
            const ptmpl_t *tm = &ps->tp[t].tmpl[chosen[t]];
            if (pass == 0) {
                for (int c = b->cfirst[t]; c < b->clast[t]; c++) {
                    const col_t *k = &m->col[c];
                    if (k->type != COL_ZS || lround(x[c]) != 1)
                        continue;
                    int kind = k->b, g = b->kgk[t][kind], j;
                    for (j = 0; j < tm->nslot && tm->slot[j].kind != kind; j++)
                        ;
                    int nc = imap_get(&b->ncol, key2(k->c, g)) - 1;
                    if (j == tm->nslot || site[t][j] >= 0 || nc < 0 || left[nc] <= 0) {
                        imap_free(&head);
                        goto out_ord; /* a z at 1 outside the chosen plan: a bug */
                    }
                    site[t][j] = k->c;
                    left[nc]--;
                }
                continue;
            }
            for (int j = 0; j < tm->nslot; j++) {
                int kind = tm->slot[j].kind;
                if (kind < 0 || site[t][j] >= 0)
                    continue;
                int g = b->kgk[t][kind];
                const pkind_t *pk = &ps->tp[t].kind[kind];
                for (int c = imap_get(&head, key2(b->group[t], g)); c >= 0 && site[t][j] < 0;
                     c = nextz[c]) {
                    if (cnt[c] <= 0)
                        continue;
                    for (int i = 0; i < pk->nsite && site[t][j] < 0; i++) {
                        int s = pk->site[i];
                        if (b->pool[s] != m->col[c].c)
                            continue;
                        int nc = imap_get(&b->ncol, key2(s, g)) - 1;
                        if (nc < 0 || left[nc] <= 0)
                            continue;
                        site[t][j] = s;
                        left[nc]--;
                        cnt[c]--;
                    }
                }
            }
        }
    imap_free(&head);
    free(ord);
    ord = NULL;

    long total = 0, policy = 0;
    int nun = 0;
    double mv = 0; /* the model's own objective, to check against */
    al->max_cost = 0;
    al->changed = 0;
    for (int t = 0; t < ntr; t++) {
        const trainee_t *tr = &in->tr[t];
        const tplan_t *tp = &ps->tp[t];
        trainee_result_t *res = &al->res[t];
        res->plan = PLAN_NONE;
        res->a_start = QUARTER_NONE;
        if (!tr->planned)
            continue;
        if (tp->empty_year) {
            res->outcome = OUT_EMPTY_YEAR;
            continue;
        }
        if (o->keep && o->keep[t].tmpl >= 0 && tp->ntmpl > 0) {
            int kept = chosen[t] == o->keep[t].tmpl;
            if (kept) {
                const ptmpl_t *tk = &tp->tmpl[chosen[t]];
                for (int j = 0; j < tk->nslot && kept; j++)
                    kept = tk->slot[j].kind < 0 || site[t][j] == o->keep[t].site[j];
            }
            res->kept = kept;
            al->changed += !kept;
            if (!(b->kcol[t] && lround(x[b->kcol[t] - 1]) == 1))
                mv += b->pen[t];
        }
        if (chosen[t] < 0) {
            res->outcome = OUT_UNPLACED;
            nun++;
            continue;
        }
        const ptmpl_t *tm = &tp->tmpl[chosen[t]];
        for (int j = 0; j < tm->nslot; j++)
            if (tm->slot[j].kind >= 0 && site[t][j] < 0) {
                /* the site counts did not add up: a bug, never a silent guess */
                goto out;
            }
        res->outcome = OUT_PLACED;
        int kept_flag = res->kept;
        policy += plans_evaluate(in, ps, t, chosen[t], site[t], res);
        res->kept = kept_flag;
        total += res->cost;
        if (res->cost > al->max_cost)
            al->max_cost = res->cost;
        int seh_done = 0;
        for (int j = 0; j < tm->nslot; j++) {
            const pslot_t *sl = &tm->slot[j];
            placement_t p;
            memset(&p, 0, sizeof p);
            p.trainee = t;
            p.site = sl->locked_site >= 0 ? sl->locked_site : site[t][j];
            p.field = sl->field;
            p.traject = sl->traject;
            p.start = sl->start;
            p.end = sl->end;
            p.locked = sl->locked_site >= 0;
            p.year_quarters = sl->yq;
            p.ext_weeks = (sl->ext_days + 6) / 7;
            int lo, hi;
            p.beyond_horizon = plans_overlap(in, sl->start, sl->end, &lo, &hi);
            if (sl->field == F_SEH && !seh_done) {
                p.seh_first = 1;
                seh_done = 1;
            }
            if (sl->traject == 'B' && tr->factor_pm < 1000)
                p.makeup_days = (91 * (1000 - tr->factor_pm) + 500) / 1000;
            if (!p.locked)
                for (int q = lo; q <= hi; q++)
                    used[p.site * in->nq + q - in->q_first]++;
            if (push_pl(al, &plcap, &p) < 0)
                goto out;
        }
    }
    /* locked rows of planned trainees without a plan still appear in their letters */
    for (int r = 0; r < in->nlk; r++) {
        const locked_t *lk = &in->lk[r];
        if (lk->trainee < 0 || al->res[lk->trainee].outcome == OUT_PLACED)
            continue;
        placement_t p;
        memset(&p, 0, sizeof p);
        p.trainee = lk->trainee;
        p.site = lk->site;
        p.field = in->site[lk->site].field;
        p.traject = field_in_hospital(p.field) && p.field != F_REU ? 'A' : 'B';
        p.start = lk->start;
        p.end = lk->end;
        p.locked = 1;
        p.year_quarters = 1;
        int lo, hi;
        p.beyond_horizon = plans_overlap(in, lk->start, lk->end, &lo, &hi);
        if (push_pl(al, &plcap, &p) < 0)
            goto out;
    }
    for (int q = 0; q < in->nsite * in->nq; q++)
        used[q] += ps->locked_use[q];
    for (int t = 0; t < ntr; t++) {
        if (al->res[t].outcome != OUT_UNPLACED)
            continue;
        const tplan_t *tp = &ps->tp[t];
        al->res[t].reason = tp->ntmpl == 0 ? strdup(tp->no_plan_reason)
                                           : competition_reason(in, ps, t, used, proven);
        if (!al->res[t].reason)
            goto out;
    }
    g_sort_in = in;
    if (al->npl > 1)
        qsort(al->pl, (size_t)al->npl, sizeof *al->pl, cmp_pl);
    al->borrowed_cost = policy;
    al->objective = total + policy + 1000L * nun;
    mv += (double)(total + policy) + b->w_unplaced * nun;
    if (b->mcol)
        mv += b->w_max * (double)lround(x[b->mcol - 1]);
    *model_value = mv;
    rc = 0;
out:
    free(chosen);
    if (site)
        for (int t = 0; t < ntr; t++)
            free(site[t]);
    free(site);
    free(left);
    free(used);
    free(cnt);
    free(nextz);
    return rc;
out_ord:
    free(ord);
    goto out;
}

/* ---- run ----------------------------------------------------------------- */

static int export_model(glp_prob *P, const char *path, diags_t *d)
{
    size_t n = strlen(path);
    int r;
    if (n >= 4 && strcasecmp(path + n - 4, ".mps") == 0)
        r = glp_write_mps(P, GLP_MPS_FILE, NULL, path);
    else if (n >= 3 && strcasecmp(path + n - 3, ".lp") == 0)
        r = glp_write_lp(P, NULL, path);
    else {
        diag_error(d, NULL, 0, NULL,
                   "--export-model '%s': unknown format (expected a name ending in .lp or .mps)",
                   path);
        return -1;
    }
    if (r != 0) {
        diag_error(d, NULL, 0, NULL, "--export-model: cannot write '%s'", path);
        return -1;
    }
    return 0;
}

static void name_cols(glp_prob *P, const built_t *b, const int *gcol)
{
    char nm[64];
    for (int c = 0; c < b->m.ncol; c++) {
        const col_t *k = &b->m.col[c];
        static const char *const pre[] = {"y", "u", "zp", "zs", "n", "ws", "wu"};
        if (!gcol[c])
            continue;
        snprintf(nm, sizeof nm, "%s_%d_%d_%d", pre[k->type], k->a, k->b, k->c);
        glp_set_col_name(P, gcol[c], nm);
    }
}

/* The model's columns in compressed form: column c has entries
 * cs[c] .. cs[c+1]-1 of ri (row, 1-based) and rv. */
typedef struct csc {
    int *cs, *ri;
    double *rv;
} csc_t;

static int csc_make(const model_t *m, csc_t *k)
{
    k->cs = calloc((size_t)m->ncol + 2, sizeof *k->cs);
    k->ri = malloc(((size_t)m->nnz + 1) * sizeof *k->ri);
    k->rv = malloc(((size_t)m->nnz + 1) * sizeof *k->rv);
    int *fill = calloc((size_t)m->ncol + 1, sizeof *fill);
    if (!k->cs || !k->ri || !k->rv || !fill) {
        free(fill);
        return -1;
    }
    for (int e = 1; e <= m->nnz; e++)
        k->cs[m->ja[e]]++; /* ja is 1-based: counts land in cs[1..ncol] */
    for (int c = 1; c <= m->ncol; c++)
        k->cs[c] += k->cs[c - 1];
    /* now cs[c] = end of column c-1 (0-based) = start of column c */
    for (int e = 1; e <= m->nnz; e++) {
        int c = m->ja[e] - 1;
        int pos = k->cs[c] + fill[c]++;
        k->ri[pos] = m->ia[e];
        k->rv[pos] = m->ar[e];
    }
    free(fill);
    return 0;
}

static void csc_free(csc_t *k)
{
    free(k->cs);
    free(k->ri);
    free(k->rv);
}

/* Put column c of the model into P (as GLPK column j). */
/* The column's own bounds and kind. */
static void col_bounds(glp_prob *P, const built_t *b, int c, int j)
{
    const col_t *cl = &b->m.col[c];
    if (cl->type == COL_WS || cl->type == COL_WU) {
        glp_set_col_bnds(P, j, GLP_DB, 0.0, 1.0);
    } else if (cl->type == COL_N || cl->type == COL_M || (cl->type == COL_ZP && cl->ub > 1)) {
        glp_set_col_kind(P, j, GLP_IV);
        if (cl->ub > 0)
            glp_set_col_bnds(P, j, GLP_DB, 0.0, cl->ub);
        else
            glp_set_col_bnds(P, j, GLP_FX, 0.0, 0.0);
    } else {
        glp_set_col_kind(P, j, GLP_BV);
    }
}

static void load_col(glp_prob *P, const built_t *b, const csc_t *k, int c, int j)
{
    glp_set_obj_coef(P, j, b->m.col[c].obj);
    col_bounds(P, b, c, j);
    int len = k->cs[c + 1] - k->cs[c];
    /* GLPK wants 1-based index arrays: pass pointers one before the slice */
    glp_set_mat_col(P, j, len, k->ri + k->cs[c] - 1, k->rv + k->cs[c] - 1);
}

/* Add the listed model columns to P; gcol maps model column -> GLPK column. */
static void activate(glp_prob *P, const built_t *b, const csc_t *k, int *gcol,
                     const int *list, int n)
{
    if (n <= 0)
        return;
    int j0 = glp_add_cols(P, n);
    for (int i = 0; i < n; i++) {
        gcol[list[i]] = j0 + i;
        load_col(P, b, k, list[i], j0 + i);
    }
}

static double reduced_cost(const built_t *b, const csc_t *k, const double *dual, int c)
{
    double dj = b->m.col[c].obj;
    for (int e = k->cs[c]; e < k->cs[c + 1]; e++)
        dj -= k->rv[e] * dual[k->ri[e]];
    return dj;
}

static glp_prob *new_prob(const built_t *b)
{
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, b->constant);
    if (b->m.nrow > 0)
        glp_add_rows(P, b->m.nrow);
    for (int r = 0; r < b->m.nrow; r++) {
        double v = b->m.rrhs[r];
        glp_set_row_bnds(P, r + 1, b->m.rtype[r], v, v);
    }
    return P;
}

/* List the pool columns not yet listed (gcol == 0) within SLACK of the
 * cheapest pool column of their (group, kind), of the (group, kind)s whose
 * link row is wanted; marks them listed (-1).
 * Returns how many, or -1 when out of memory. */
static int pool_pick(const built_t *bp, int *gcol, int *list, double slack,
                     const unsigned char *want)
{
    int ncol = bp->m.ncol, nl = 0;
    imap_t mn = {0};
    for (int pass = 0; pass < 2; pass++)
        for (int c = 0; c < ncol; c++) {
            const col_t *cl = &bp->m.col[c];
            if (cl->type != COL_ZP)
                continue;
            long h = imap_slot(&mn, key2(cl->a, cl->b));
            if (h < 0) {
                imap_free(&mn);
                return -1;
            }
            if (pass == 0) {
                if (mn.val[h] < 0) {
                    mn.key[h] = key2(cl->a, cl->b);
                    mn.val[h] = c;
                    mn.n++;
                } else if (cl->obj < bp->m.col[mn.val[h]].obj) {
                    mn.val[h] = c;
                }
            } else if (!gcol[c] && cl->obj <= bp->m.col[mn.val[h]].obj + slack + 1e-9 &&
                       want[imap_get(&bp->linkmap, key2(cl->a, cl->b))]) {
                gcol[c] = -1;
                list[nl++] = c;
            }
        }
    imap_free(&mn);
    return nl;
}

/* Mark the link rows of plan column c wanted (a y column: the (group, kind)
 * of each of its placements); returns how many were not yet. */
static int want_plan(const built_t *bp, const planset_t *ps, int c, unsigned char *want)
{
    const col_t *cl = &bp->m.col[c];
    if (cl->type != COL_Y)
        return 0;
    int t = cl->a, n = 0;
    const ptmpl_t *tm = &ps->tp[t].tmpl[cl->b];
    for (int j = 0; j < tm->nslot; j++) {
        if (tm->slot[j].kind < 0)
            continue;
        int r = imap_get(&bp->linkmap, key2(bp->group[t], bp->kgk[t][tm->slot[j].kind]));
        if (r > 0 && !want[r]) {
            want[r] = 1;
            n++;
        }
    }
    return n;
}

/* Solve the LP over the active columns, warm-started from the last basis;
 * it_lim > 0 stops after that many simplex iterations (GLP_EITLIM);
 * presolve: through GLPK's LP presolver instead, from its own crash basis
 * of the reduced LP (the last basis is not used; an optimal one is
 * recovered for P). */
static int lp_run(glp_prob *P, int dual, double limit_ms, double t0, int it_lim, int presolve)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.meth = dual ? GLP_DUALP : GLP_PRIMAL;
    sm.presolve = presolve ? GLP_ON : GLP_OFF;
    if (it_lim > 0)
        sm.it_lim = it_lim;
    if (limit_ms > 0) {
        double left = limit_ms - (now_seconds() - t0) * 1000.0;
        if (left < 1)
            return GLP_ETMLIM;
        sm.tm_lim = (int)left;
    }
    int r = glp_simplex(P, &sm);
    if (r == 0 && glp_get_status(P) != GLP_OPT)
        return -1;
    return r;
}

static int lp_solve(glp_prob *P, int dual, double limit_ms, double t0)
{
    return lp_run(P, dual, limit_ms, t0, 0, 0);
}

/* The relaxation's capacity rows (and every other "<=" row) are solved with
 * their right-hand sides raised by PERTURB_EPS to twice that, a fixed
 * pattern per row, then put back.  The LP is massively degenerate (small
 * integer capacities and costs, most basic columns at 0), and GLPK's
 * primal simplex, which the relaxation uses, perturbs nothing on its own
 * (spxprim.c: only after numerical trouble); distinct right-hand sides
 * make fewer of its pivots degenerate.  Measured (eleventh session, side
 * by side, bench/README.md): institute size end to end a median 15%
 * faster over 27 generated instances, 800 + 800 relaxation 44.9 -> 37.1 s.
 * Raising a "<=" bound only widens the LP, so every basis stays feasible;
 * putting the bounds back keeps the basis dual feasible, and the dual
 * simplex restores primal feasibility in a few pivots (0-70 measured). */
#define PERTURB_EPS 1e-4
/* the dual simplex's pivots after the bounds go back before the primal
 * simplex takes over (in case it stalls; a count, not a time, so that a
 * busy machine gives the same letters; 0-70 were needed where measured) */
#define PERTURB_CLEAN_ITS 20000

/* on: raise every "<=" row's bound and keep the original in save (per row,
 * 1-based); else put the originals back. */
static void perturb_rows(glp_prob *P, double *save, int on)
{
    int nr = glp_get_num_rows(P);
    for (int r = 1; r <= nr; r++) {
        if (glp_get_row_type(P, r) != GLP_UP)
            continue;
        if (on) {
            save[r] = glp_get_row_ub(P, r);
            unsigned h = (unsigned)r * 2654435761u; /* Knuth's multiplicative hash */
            glp_set_row_bnds(P, r, GLP_UP, 0.0,
                             save[r] + PERTURB_EPS * (1.0 + (double)(h % 1000u) / 1000.0));
        } else {
            glp_set_row_bnds(P, r, GLP_UP, 0.0, save[r]);
        }
    }
}

/* After the perturbation is taken off: the exact LP from a basis that is
 * still dual feasible, by the dual simplex (PERTURB_CLEAN_ITS), then the
 * primal if it stalls. */
static int lp_clean(glp_prob *Q, double limit_ms, double t0)
{
    int r = lp_run(Q, 1, limit_ms, t0, PERTURB_CLEAN_ITS, 0);
    if (r == GLP_EITLIM)
        r = lp_solve(Q, 0, limit_ms, t0);
    return r;
}

/* lp_solve by the primal simplex with the "<=" rows perturbed
 * (perturb_rows), then exactly: the dual simplex from the basis found
 * (PERTURB_CLEAN_ITS).  For the primal solves that start
 * far from their optimum: the proximity search's (a new objective and row)
 * and the lottery step's (a new objective).  Measured (eleventh session,
 * data/example, lottery seeds 1-8 side by side): 10-50% faster, every
 * aios's cost the same.  A perturbed LP that is empty proves the exact one
 * empty too (it is wider).  Without memory for the bounds: lp_solve. */
static int lp_solve_perturbed(glp_prob *Q, double limit_ms, double t0)
{
    double *save = calloc((size_t)glp_get_num_rows(Q) + 1, sizeof *save);
    if (!save)
        return lp_solve(Q, 0, limit_ms, t0);
    perturb_rows(Q, save, 1);
    int r = lp_solve(Q, 0, limit_ms, t0);
    perturb_rows(Q, save, 0);
    free(save);
    return r != 0 ? r : lp_clean(Q, limit_ms, t0);
}

/* Heuristic solution handed to GLPK at its first chance (GLP_IHEUR). */
typedef struct warm {
    search_t *sr;
    const double *x; /* per GLPK column, 1-based, or NULL */
    int given;
    glp_iocp *io;    /* the search's parameters (cuts_at_root) */
} warm_t;

/* GLPK generates MIR and cover cuts at every node of its tree (clique and
 * Gomory cuts while few bounds have changed), and on this model they are
 * worth their time at the root only: in a target search of bench/gen.py
 * 200 + 200 --tight 5 --ratio 1.0:1.15 seed 226, 0.37 s a node with cuts at
 * every node, 0.18 s with the root's only (0.07 s with none), while the
 * root's cuts are what settles some restrictions at once (--rich seed 14:
 * one node with them, not settled in 301 without any).  GLPK's tree reads
 * the caller's glp_iocp as it goes (GLPK 5.0 keeps the pointer), so
 * switching the cuts off in it once a node below the root is reached keeps
 * the root's cuts and generates no more.  A GLPK that copied the
 * parameters would go on cutting at every node: slower, never wrong.
 * Target mode's pseudocost searches make none at all (no_cuts,
 * proof_search), after a root of their own with cuts (root_only). */
static void cuts_at_root(glp_tree *T, glp_iocp *io)
{
    if (io->mir_cuts != GLP_ON)
        return;
    int r = glp_ios_reason(T);
    if ((r == GLP_IROWGEN || r == GLP_IHEUR || r == GLP_ICUTGEN)
        && glp_ios_node_level(T, glp_ios_curr_node(T)) > 0)
        io->gmi_cuts = io->mir_cuts = io->cov_cuts = io->clq_cuts = GLP_OFF;
}

static void on_tree_warm(glp_tree *T, void *info)
{
    warm_t *w = info;
    cuts_at_root(T, w->io);
    if (w->x && !w->given && glp_ios_reason(T) == GLP_IHEUR) {
        w->given = 1;
        if (glp_ios_heur_sol(T, w->x) == 0 && glp_mip_status(glp_ios_get_prob(T)) != GLP_UNDEF) {
            /* accepted: the incumbent for on_tree's stopping rule */
            w->sr->have_inc = 1;
            w->sr->inc = glp_mip_obj_val(glp_ios_get_prob(T));
        }
    }
    on_tree(T, w->sr);
}

/* GLPK's time limit for a branch and bound that starts now: what is left of
 * limit_ms (ms since t0; 0: none), at least 1 ms so that GLPK stops at once
 * rather than reading 0 as "no limit". */
static void iocp_time_left(glp_iocp *io, double limit_ms, double t0)
{
    if (limit_ms > 0) {
        double left = limit_ms - (now_seconds() - t0) * 1000.0;
        io->tm_lim = left < 1 ? 1 : (int)left;
    }
}

static int mip_solve(glp_prob *P, search_t *sr, const solve_opts_t *o, double limit_ms,
                     double t0, const double *warm_x)
{
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    warm_t w = {sr, warm_x, 0, &io};
    io.cb_func = on_tree_warm;
    io.cb_info = &w;
    io.mip_gap = o->mip_gap;
    if (sr->tol_obj > 0)
        io.tol_obj = sr->tol_obj;
    /* measured: branching on the last fractional variable (the site counts
     * and pool choices come last) finds allocations far sooner than the
     * default Driebeck-Tomlin heuristic on this model */
    io.br_tech = GLP_BR_LFV;
    if (sr->br_tech)
        io.br_tech = sr->br_tech;
    if (sr->bt_tech)
        io.bt_tech = sr->bt_tech;
    /* measured: where capacity runs short the LP spreads "unplaced" thinly
     * and its bound is far from the optimum; GLPK's cuts close that gap at
     * the root (a 15-trainee instance: not proven in 120 s without, 0.1 s with);
     * at the root only (cuts_at_root) */
    if (!sr->no_cuts) {
        io.gmi_cuts = GLP_ON;
        io.mir_cuts = GLP_ON;
        io.cov_cuts = GLP_ON;
        io.clq_cuts = GLP_ON;
    }
    iocp_time_left(&io, limit_ms, t0);
    sr->have_inc = 0;
    sr->proved = 0;
    sr->restarted = 0;
    sr->pch_branched = 0;
    return glp_intopt(P, &io);
}

/* Everything of one solve, on the heap so that the error hook's longjmp
 * leaves nothing behind in registers. */
typedef struct job {
    const instance_t *in;
    const planset_t *ps;
    const solve_opts_t *o;
    allocation_t *al;
    diags_t *d;
    double t0;
    built_t b;
    csc_t k;
    int *gcol, *list;
    double *dual, *dj, *x;
    double *xbest;       /* the best allocation so far, per model column */
    unsigned char *atub; /* per model column: at its upper bound in the LP optimum */
    search_t sr;
    glp_prob *P;
    glp_prob *R;         /* a reduced-cost restriction of P (target rounds) */
    glp_prob *N;         /* a lottery step's neighbourhood (lottery_nbhd) */
    int *cst, *rst;      /* the LP optimum's basis: column (model index) and row (P) status */
    double *rdual;       /* the LP optimum's row duals, per row of P */
    int nrow_lp;         /* rows of P at the LP optimum (the lottery adds one) */
    long gb_now;         /* the proven lower bound of the whole problem so far */
    long dive_val;       /* the value of the last dive (a field: a local whose address
                            is taken is flagged "clobbered" next to setjmp) */
    int main;            /* the main solve (not a lottery step): times, progress */
    int lp_done;         /* the first relaxation was solved (for the phase times) */
    /* scratch blocks of the solve's steps, freed by job_free too: a GLPK
     * error longjmps past the steps' own frees */
    void *owned[32];
    int nowned;
    int max_unplaced;       /* lottery: the sum optimum's unplaced count, -1 none */
    long known_opt;         /* lottery: the sum optimum the first solve proved, LONG_MIN none */
    int target_mode;        /* target_round: only allocations below the cap (exact_rounds):
                               1 until settled, 2 for a short try only */
    int target_tried;       /* exact_rounds: the short try was made */
    int redived;            /* exact_rounds: the dive was made again one wider */
    long prox_from, prox_gb; /* target mode's proximity search did not settle from an
                                allocation of this value at this bound (LONG_MIN: none) */
    int round_budget;       /* > 0: exact_rounds stops after this many rounds (budget_hit) */
    int dive_only;          /* target_round: no search after the warm start or the dive
                               (budget_hit instead): a lottery step's first stage */
} job_t;

/* A scratch block owned by the job until jfree (or job_free); NULL when
 * out of memory. */
static void *jalloc(job_t *j, size_t n, int zero)
{
    if (j->nowned == (int)(sizeof j->owned / sizeof j->owned[0]))
        return NULL;
    void *p = zero ? calloc(1, n) : malloc(n);
    if (p)
        j->owned[j->nowned++] = p;
    return p;
}

static void jfree(job_t *j, void *p)
{
    if (!p)
        return;
    for (int i = 0; i < j->nowned; i++)
        if (j->owned[i] == p) {
            j->owned[i] = j->owned[--j->nowned];
            break;
        }
    free(p);
}

static void job_free(job_t *j)
{
    for (int i = 0; i < j->nowned; i++)
        free(j->owned[i]);
    j->nowned = 0;
    if (j->P)
        glp_delete_prob(j->P);
    if (j->R)
        glp_delete_prob(j->R);
    if (j->N)
        glp_delete_prob(j->N);
    free(j->cst), free(j->rst), free(j->rdual);
    built_free(&j->b, j->in->ntr);
    csc_free(&j->k);
    free(j->gcol), free(j->list), free(j->dual), free(j->dj), free(j->x);
    free(j->atub), free(j->xbest);
}

/* The basis of an LP solution, kept for a re-solve after an infeasible
 * trial (dive_resolve). */
static void basis_save(glp_prob *P, char *st)
{
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    for (int r = 1; r <= m; r++)
        st[r] = (char)glp_get_row_stat(P, r);
    for (int c = 1; c <= n; c++)
        st[m + c] = (char)glp_get_col_stat(P, c);
}

static void basis_load(glp_prob *P, const char *st)
{
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    for (int r = 1; r <= m; r++)
        glp_set_row_stat(P, r, st[r]);
    for (int c = 1; c <= n; c++)
        glp_set_col_stat(P, c, st[m + c]);
}

/* Re-solve the dive's LP after an infeasible trial was (partly) undone.
 * GLPK's dual simplex goes on from the basis in which it found the trial
 * infeasible; that basis is no longer dual feasible, and from it one
 * re-solve was seen to run 75 s and more (bench/gen.py --rich, seed 11).
 * So after DIVE_RESOLVE_ITS iterations the re-solve starts again from the
 * basis saved before the trial, which is still dual feasible.  A count of
 * iterations, not a time, so that the same input gives the same letters;
 * and not the saved basis at once: that gives other (equally exact) dives,
 * which were measured slower on two of seven institute-size instances. */
#define DIVE_RESOLVE_ITS 20000

static int dive_resolve(glp_prob *P, const char *basis, double limit_ms, double t0)
{
    int r = lp_run(P, 1, limit_ms, t0, DIVE_RESOLVE_ITS, 0);
    if (r == GLP_EITLIM) {
        basis_load(P, basis);
        r = lp_solve(P, 1, limit_ms, t0);
    }
    return r;
}

/* The dive's own short search stops after DIVE_NODES nodes, a count, so
 * that the same input gives the same letters on a busy machine too (it
 * replaces a 5 s time limit).  Measured: 1-9 nodes in every dive of the
 * institute benchmarks (seeds 42, 1-6, --rich 10) and of the example's sum,
 * minimax and lottery (seed 1: 51 dives).  The same stop as on_tree's
 * node_budget, without its bound and progress bookkeeping. */
#define DIVE_NODES 200L

typedef struct dive_tree {
    const solve_opts_t *o;
    long nodes;
} dive_tree_t;

static void on_dive_tree(glp_tree *T, void *info)
{
    dive_tree_t *d = info;
    if ((d->o->interrupt && *d->o->interrupt) ||
        (glp_ios_reason(T) == GLP_ISELECT && ++d->nodes > DIVE_NODES))
        glp_ios_terminate(T);
}

/* The fixings that the dive's fixings so far imply: a trainee whose plan
 * is fixed has its other plan columns (and "unplaced") at 0, and a link row
 * with no plan column left that could be non-zero has its pool choices at
 * 0.  The LP's feasible set is the same, but GLPK leaves fixed non-basic
 * columns out of its iterations, whose cost follows the columns (§4 of
 * docs/model.md).  Only columns not fixed already (fixed[c] 2, restored by
 * the dive; fixed NULL: no fixings of a dive, only the restriction's own
 * bounds, and nothing to restore).  live: scratch, one per row. */
static void dive_imply(const job_t *j, glp_prob *P, const int *gcol, int *fixed,
                       unsigned char *live)
{
    const built_t *b = &j->b;
    memset(live, 0, (size_t)b->m.nrow + 1);
    for (int t = 0; t < j->in->ntr; t++) {
        if (!b->ucol[t])
            continue;
        int one = 0;
        for (int c = b->ucol[t] - 1; fixed && c < b->clast[t]; c++) {
            int type = b->m.col[c].type;
            if ((type == COL_Y || type == COL_U || type == COL_K) && gcol[c] && fixed[c] == 1)
                one = 1;
        }
        for (int c = b->ucol[t] - 1; c < b->clast[t]; c++) {
            int type = b->m.col[c].type;
            if ((type != COL_Y && type != COL_U && type != COL_K) || !gcol[c])
                continue;
            if (one && !fixed[c] && glp_get_col_type(P, gcol[c]) != GLP_FX) {
                fixed[c] = 2;
                glp_set_col_bnds(P, gcol[c], GLP_FX, 0.0, 0.0);
            }
            int zero = (fixed && fixed[c] == 2) ||
                       (glp_get_col_type(P, gcol[c]) == GLP_FX && glp_get_col_ub(P, gcol[c]) < 0.5);
            if (type == COL_Y && !zero)
                want_plan(b, j->ps, c, live);
        }
    }
    for (int c = 0; c < b->m.ncol; c++) {
        const col_t *cl = &b->m.col[c];
        if ((cl->type != COL_ZP && cl->type != COL_ZS) || !gcol[c] || (fixed && fixed[c]) ||
            glp_get_col_type(P, gcol[c]) == GLP_FX)
            continue;
        int r = cl->type == COL_ZP ? imap_get(&b->linkmap, key2(cl->a, cl->b))
                                   : imap_get(&b->linkmap, key2(b->group[cl->a], b->kgk[cl->a][cl->b]));
        if (r > 0 && !live[r]) {
            if (fixed)
                fixed[c] = 2;
            glp_set_col_bnds(P, gcol[c], GLP_FX, 0.0, 0.0);
        }
    }
}

/* Diving heuristic over P (whose LP is solved; gcol maps model columns to
 * P's): repeatedly fix to 1 the plan (or "unplaced") column that each
 * trainee's LP solution favours most, re-solving the LP after each round,
 * until every trainee's plan is fixed; then branch and bound on the remaining
 * site choices.  On success the solution is in out (per column of P), its
 * value in *val, and 0 is returned; the column bounds are restored either way. */
static int dive(job_t *j, glp_prob *P, const int *gcol, double *out, long *val)
{
    const built_t *b = &j->b;
    int ntr = j->in->ntr, ncol = b->m.ncol, rc = -1;
    int *fixed = jalloc(j, ((size_t)ncol + 1) * sizeof *fixed, 1); /* 1: fixed to 1, 2: to 0 */
    int *bolds = jalloc(j, ((size_t)ntr + 1) * sizeof *bolds, 0);
    double *boldv = jalloc(j, ((size_t)ntr + 1) * sizeof *boldv, 0);
    char *basis = jalloc(j, (size_t)glp_get_num_rows(P) + (size_t)glp_get_num_cols(P) + 1, 0);
    unsigned char *live = jalloc(j, (size_t)b->m.nrow + 1, 0);
    int bold = 0;
    if (!fixed || !bolds || !boldv || !basis || !live) {
        jfree(j, fixed);
        jfree(j, bolds);
        jfree(j, boldv);
        jfree(j, basis);
        jfree(j, live);
        return -1;
    }
    double limit_ms = j->o->time_limit > 0 ? j->o->time_limit * 1000.0 : 0;
    for (int round = 0; round < 4 * ntr + 10; round++) {
        if (j->o->interrupt && *j->o->interrupt)
            goto restore;
        int open = 0, nfix = 0, nbold = 0;
        int best_c = -1;
        double best_v = -1.0;
        dive_imply(j, P, gcol, fixed, live);
        for (int t = 0; t < ntr; t++) {
            if (!b->ucol[t])
                continue;
            int done = 0, arg = -1;
            double mv = -1.0;
            int cu = b->ucol[t] - 1;
            /* the plan columns of t: u, then its y columns */
            for (int c = cu; c < b->clast[t]; c++) {
                int type = b->m.col[c].type;
                if ((type != COL_Y && type != COL_U && type != COL_K) || !gcol[c])
                    continue;
                if (fixed[c] == 1)
                    done = 1;
                double v = glp_get_col_prim(P, gcol[c]);
                if (fixed[c] != 2 && v > mv) {
                    mv = v;
                    arg = c;
                }
            }
            if (done)
                continue;
            /* settled in the LP: fix; once nothing is, fix every clear
             * favourite (> 1/2) of this round together */
            if (arg >= 0 && (mv >= 1.0 - 1e-6 || (bold && mv > 0.5))) {
                fixed[arg] = 1;
                glp_set_col_bnds(P, gcol[arg], GLP_FX, 1.0, 1.0);
                if (mv < 1.0 - 1e-6) {
                    boldv[nbold] = mv;
                    bolds[nbold++] = arg;
                }
                nfix++;
                continue;
            }
            open++;
            if (arg >= 0 && mv > best_v) {
                best_v = mv;
                best_c = arg;
            }
        }
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  dive round %d: open %d, fixed %d (bold %d), %.2f s\n", round, open,
                    nfix, nbold, now_seconds() - j->t0);
        double tnow = now_seconds();
        if (j->o->progress && j->main && tnow - j->sr.last_print >= j->sr.every) {
            j->sr.last_print = tnow;
            fprintf(stderr, "stagematch: solving: first allocation, %d aiossen still open, bound %ld, %.1f s\n",
                    open, j->gb_now, tnow - j->t0);
        }
        if (!open && !nbold)
            break; /* every plan fixed, the last fixings checked by an LP */
        if (!nfix && !bold) {
            bold = 1; /* nothing settled: next round fixes the favourites */
            continue;
        }
        if (!nfix && best_c >= 0) {
            fixed[best_c] = 1;
            glp_set_col_bnds(P, gcol[best_c], GLP_FX, 1.0, 1.0);
        }
        basis_save(P, basis); /* optimal for the fixings before this round */
        int r = lp_solve(P, 1, limit_ms, j->t0);
        if (r == GLP_ETMLIM)
            goto restore;
        if ((r != 0 || glp_get_status(P) != GLP_OPT) && nbold) {
            /* the favourites together do not fit: keep the likelier half
             * (by LP value), undo the rest, until the LP has a solution
             * again (with none kept it has: the round before had one) */
            for (int a = 1; a < nbold; a++)
                for (int k = a; k > 0 && boldv[k] > boldv[k - 1]; k--) {
                    double tv = boldv[k];
                    boldv[k] = boldv[k - 1], boldv[k - 1] = tv;
                    int tc = bolds[k];
                    bolds[k] = bolds[k - 1], bolds[k - 1] = tc;
                }
            int keep = nbold;
            do {
                int k0 = keep;
                keep /= 2;
                for (int i = keep; i < k0; i++) {
                    fixed[bolds[i]] = 0;
                    glp_set_col_bnds(P, gcol[bolds[i]], GLP_DB, 0.0, 1.0);
                }
                r = dive_resolve(P, basis, limit_ms, j->t0);
                if (getenv("STAGEMATCH_DEBUG"))
                    fprintf(stderr, "    halving: keep %d, r %d, status %d, %.2f s\n", keep, r,
                            glp_get_status(P), now_seconds() - j->t0);
                if (r == GLP_ETMLIM)
                    goto restore;
            } while ((r != 0 || glp_get_status(P) != GLP_OPT) && keep > 0);
            if (r != 0 || glp_get_status(P) != GLP_OPT)
                goto restore;
            if (keep == 0) {
                /* even the likeliest alone does not fit (the last LP
                 * tried): no allocation here has it, so forbid it.
                 * Otherwise the next rounds would pick the same
                 * favourites again and again (seen: 480 rounds) */
                fixed[bolds[0]] = 2;
                glp_set_col_bnds(P, gcol[bolds[0]], GLP_FX, 0.0, 0.0);
                r = dive_resolve(P, basis, limit_ms, j->t0);
                if (r != 0 || glp_get_status(P) != GLP_OPT)
                    goto restore;
            }
            bold = 0;
            continue;
        }
        if (r != 0 || glp_get_status(P) != GLP_OPT) {
            /* the last choice made the LP infeasible: forbid it instead */
            if (nfix || best_c < 0)
                goto restore;
            fixed[best_c] = 2;
            glp_set_col_bnds(P, gcol[best_c], GLP_FX, 0.0, 0.0);
            r = dive_resolve(P, basis, limit_ms, j->t0);
            if (r != 0 || glp_get_status(P) != GLP_OPT)
                goto restore;
        }
    }
    {
        glp_iocp io;
        glp_init_iocp(&io);
        io.msg_lev = GLP_MSG_OFF;
        io.presolve = GLP_OFF;
        io.br_tech = GLP_BR_LFV;
        if (limit_ms > 0) {
            double left = limit_ms - (now_seconds() - j->t0) * 1000.0;
            if (left < 1)
                goto restore;
            io.tm_lim = (int)left;
        }
        /* the dive's own search is short: it is only a start */
        dive_tree_t dt = {j->o, 0};
        io.cb_func = on_dive_tree;
        io.cb_info = &dt;
        /* tests/ref/run.sh: STAGEMATCH_DIVE_FRESH skips the first search,
         * so that the second (below) is checked on small instances too */
        int r = GLP_ESTOP, ms = GLP_UNDEF;
        if (!getenv("STAGEMATCH_DIVE_FRESH")) {
            r = glp_intopt(P, &io);
            ms = glp_mip_status(P);
        }
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  dive search: code %d, status %d, %ld nodes, %.2f s\n", r, ms, dt.nodes,
                    now_seconds() - j->t0);
        if (r == GLP_ESTOP && ms != GLP_OPT && ms != GLP_FEAS && !(j->o->interrupt && *j->o->interrupt)) {
            /* its nodes found nothing: once more from a fresh vertex of the
             * same LP (every fixing kept; GLPK's presolver, then the primal
             * simplex from its crash basis).  The warm-started vertex can
             * be fractional in many pool and site counts where a fresh one
             * is not: bench/gen.py 1600 + 1600, seed 42, every plan fixed,
             * 350 pool and site counts fractional, 200 nodes found nothing
             * (nor did a second search with GLPK's feasibility pump or its
             * presolver); from a fresh vertex the LP was integral and the
             * search found the optimum at its first node */
            r = lp_run(P, 0, limit_ms, j->t0, 0, 1);
            if (r == 0) {
                dt.nodes = 0;
                iocp_time_left(&io, limit_ms, j->t0);
                r = glp_intopt(P, &io);
                ms = glp_mip_status(P);
            }
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  dive search from a fresh vertex: code %d, status %d, %ld nodes, %.2f s\n", r,
                        ms, dt.nodes, now_seconds() - j->t0);
        }
        if ((r == 0 || r == GLP_ETMLIM || r == GLP_ESTOP) && (ms == GLP_OPT || ms == GLP_FEAS)) {
            *val = lround(glp_mip_obj_val(P));
            for (int c = 1; c <= glp_get_num_cols(P); c++)
                out[c] = glp_mip_col_val(P, c);
            rc = 0;
        }
    }
restore:
    for (int c = 0; c < ncol; c++)
        if (fixed[c] && gcol[c])
            col_bounds(P, b, c, gcol[c]);
    jfree(j, fixed);
    jfree(j, bolds);
    jfree(j, boldv);
    jfree(j, basis);
    jfree(j, live);
    /* the basis is no longer optimal for the unfixed problem; whoever solves
     * on re-solves the LP first (it stays primal feasible) */
    return rc;
}

int solve_lottery_order(const instance_t *in, unsigned long seed, int *order)
{
    int n = 0;
    for (int t = 0; t < in->ntr; t++)
        if (in->tr[t].planned)
            order[n++] = t;
    uint64_t rng = mix64((uint64_t)seed ^ 0x6c6f74746572ULL); /* "lotter" */
    shuffle(order, n, &rng);
    return n;
}

/* A lower bound of trainee t's cost from its own plans alone: the cheapest
 * template with the cheapest site per slot, every meetable wish met. */
static int alone_bound(const instance_t *in, const planset_t *ps, int t)
{
    const tplan_t *tp = &ps->tp[t];
    int best = -1;
    for (int k = 0; k < tp->ntmpl; k++) {
        const ptmpl_t *tm = &tp->tmpl[k];
        int c = tm->cost;
        for (int j = 0; j < tm->nslot; j++) {
            const pslot_t *sl = &tm->slot[j];
            if (sl->kind < 0)
                continue;
            const pkind_t *pk = &tp->kind[sl->kind];
            int mn = 1 << 20;
            for (int i = 0; i < pk->nsite; i++) {
                int r = plans_region_cost(in, t, pk->site[i], pk->yq);
                if (r < mn)
                    mn = r;
            }
            c += mn;
        }
        if (best < 0 || c < best)
            best = c;
    }
    if (tp->nsite_wish && !tp->site_wish_met_locked)
        best--;
    if (tp->nsub_wish && !tp->sub_wish_met_locked)
        best--;
    return best;
}

/* Trainee t's cost as a linear form over its columns (unplaced counts as
 * worse than any plan); coefficients into coef[c], returns the value at x. */
static double lottery_form(const built_t *b, int t, double *coef, const double *x)
{
    double v = 0;
    for (int c = b->cfirst[t]; c < b->clast[t]; c++) {
        const col_t *cl = &b->m.col[c];
        coef[c] = cl->type == COL_U ? b->bound_t[t] + 1.0 : cl->type == COL_N ? 0.0 : cl->tc;
        v += coef[c] * x[c];
    }
    return v;
}

static int capture_lp(job_t *j);
static int target_round(job_t *j, double delta, const double *warm, int blind, int *status,
                        long *v, int *nfree);
static int exact_rounds(job_t *j, double lb, int geometric, int *have, long *best, long *gb_out,
                        int *proven);

/* The first row of Q that xq (per GLPK column, 1-based) breaks, or 0.
 * ind/val: room for a row. */
static int row_broken(glp_prob *Q, const double *xq, int *ind, double *val, double *act)
{
    for (int r = 1; r <= glp_get_num_rows(Q); r++) {
        int len = glp_get_mat_row(Q, r, ind, val), ty = glp_get_row_type(Q, r);
        double a = 0;
        for (int e = 1; e <= len; e++)
            a += val[e] * xq[ind[e]];
        if (((ty == GLP_LO || ty == GLP_DB || ty == GLP_FX) && a < glp_get_row_lb(Q, r) - 1e-6) ||
            ((ty == GLP_UP || ty == GLP_DB || ty == GLP_FX) && a > glp_get_row_ub(Q, r) + 1e-6)) {
            *act = a;
            return r;
        }
    }
    return 0;
}

/* Does xq (per GLPK column, 1-based) keep every column bound and row of Q?
 * GLPK takes a heuristic solution (glp_ios_heur_sol) without checking it,
 * so a warm start is handed over only when this holds.  ind/val: room for a
 * row. */
static int x_fits(glp_prob *Q, const double *xq, int *ind, double *val)
{
    for (int k = 1; k <= glp_get_num_cols(Q); k++)
        if (xq[k] < glp_get_col_lb(Q, k) - 1e-9 || xq[k] > glp_get_col_ub(Q, k) + 1e-9)
            return 0;
    double act;
    return !row_broken(Q, xq, ind, val, &act);
}

/* The value of P's objective at the allocation in j->x. */
static double x_obj(const job_t *j, glp_prob *P)
{
    double v = glp_get_obj_coef(P, 0);
    for (int c = 0; c < j->b.m.ncol; c++)
        if (j->gcol[c])
            v += glp_get_obj_coef(P, j->gcol[c]) * j->x[c];
    return v;
}

/* STAGEMATCH_DEBUG: does j->x keep every row and bound of P?  Prints the
 * first row it breaks; returns 1 when it fits. */
static int debug_x_fits(job_t *j, const char *where)
{
    glp_prob *P = j->P;
    int ncol = j->b.m.ncol, np = glp_get_num_cols(P), ok = 1;
    int *ind = jalloc(j, ((size_t)np + 2) * sizeof *ind, 0);
    double *val = jalloc(j, ((size_t)np + 2) * sizeof *val, 0);
    double *xp = jalloc(j, ((size_t)np + 2) * sizeof *xp, 1);
    if (!ind || !val || !xp) {
        jfree(j, ind), jfree(j, val), jfree(j, xp);
        return 1;
    }
    for (int c = 0; c < ncol; c++)
        if (j->gcol[c])
            xp[j->gcol[c]] = j->x[c];
        else if (fabs(j->x[c]) > 1e-9) {
            fprintf(stderr, "  x check (%s): inactive column %d is %g\n", where, c, j->x[c]);
            ok = 0;
        }
    double a;
    int r = ok ? row_broken(P, xp, ind, val, &a) : 0;
    if (r) {
        fprintf(stderr, "  x check (%s): row %d of %d (model %d) is %g\n", where, r,
                glp_get_num_rows(P), j->b.m.nrow, a);
        ok = 0;
    }
    jfree(j, ind), jfree(j, val), jfree(j, xp);
    return ok;
}

/* A lottery step's exact solve: P's current objective over every column
 * (all active), from the allocation in j->x, by target rounds that widen
 * geometrically; nodes > 0 stops their branch and bound after that many
 * nodes in all, rounds > 0 the rounds after that many (j->sr.budget_hit
 * says either).  Returns 0 when optimal (j->x is), 1 at the time limit, on
 * an interrupt or at a budget, -1 on an error. */
static int lottery_rounds(job_t *j, double limit_ms, long nodes, int rounds)
{
    glp_prob *P = j->P;
    int ncol = j->b.m.ncol;
    j->sr.nodes = 0;
    j->sr.budget_hit = 0;
    int r = lp_solve_perturbed(P, limit_ms, j->t0);
    if (r == GLP_ETMLIM)
        return 1;
    if (r != 0)
        return -1;
    double lb = glp_get_obj_val(P);
    if (capture_lp(j) != 0)
        return -1;
    double cur = x_obj(j, P);
    long best = lround(cur), gb = 0;
    int have = 1, proven = 0;
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "  lottery rounds: lb %.3f, current %.3f\n", lb, cur);
    memcpy(j->xbest, j->x, (size_t)ncol * sizeof *j->x);
    j->sr.node_budget = nodes;
    j->round_budget = rounds;
    int er = exact_rounds(j, lb, 1, &have, &best, &gb, &proven);
    j->sr.node_budget = 0;
    j->round_budget = 0;
    if (getenv("STAGEMATCH_DEBUG"))
        debug_x_fits(j, proven ? "lottery step" : "lottery step, stopped");
    if (er < 0)
        return -1;
    if (er == 2)
        return 1;
    return proven ? 0 : 1;
}

/* A lottery step's second try, after the dive of its first round found no
 * allocation at t's bound lbt: P holds the step's weighted LP optimum
 * (objective W * t's cost + the rest, captured by capture_lp), and a dive
 * runs in the restriction of every column whose reduced cost lets t's
 * cost reach lbt at any rest (delta = W (lbt + 1) - the LP value): nearly
 * every column, so that the dive, re-solving the weighted LP after each
 * fixing, keeps t at its bound as long as the LP can and gives up the
 * rest of the total instead.  Its allocation keeps every row (the
 * restriction is P with some columns at their LP bound); when t's cost
 * there is lbt the step is settled, when it is below the one in hand it
 * becomes the one in hand.  Returns 0 settled (j->x), 1 not, 2 at the
 * time limit, -1 on an error. */
static int lottery_wide(job_t *j, int t, double W, long lbt, double *coef)
{
    const built_t *b = &j->b;
    int ncol = b->m.ncol;
    long c0 = lround(lottery_form(b, t, coef, j->x));
    if (c0 <= lbt)
        return 0;
    double *xs = jalloc(j, ((size_t)ncol + 1) * sizeof *xs, 0);
    if (!xs)
        return -1;
    memcpy(xs, j->x, (size_t)ncol * sizeof *xs);
    double lbw = glp_get_obj_val(j->P);
    int st = GLP_UNDEF, nf = 0;
    long v = 0;
    j->dive_only = 1;
    j->gb_now = (long)ceil(lbw - 1e-6);
    int r = target_round(j, W * (double)(lbt + 1) - lbw, NULL, 0, &st, &v, &nf);
    j->dive_only = 0;
    long c1 = LONG_MAX;
    if (r >= 0 && (st == GLP_FEAS || st == GLP_OPT))
        c1 = lround(lottery_form(b, t, coef, j->x));
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "  wide dive: %d free columns, cost %ld (in hand %ld, bound %ld), %.2f s\n",
                nf, c1 == LONG_MAX ? -1L : c1, c0, lbt, now_seconds() - j->t0);
    if (c1 >= c0)
        memcpy(j->x, xs, (size_t)ncol * sizeof *xs);
    else if (getenv("STAGEMATCH_DEBUG"))
        debug_x_fits(j, "wide dive");
    jfree(j, xs);
    if (r == -2)
        return -1;
    if (r == GLP_ETMLIM || j->sr.interrupted)
        return 2;
    return c1 == lbt ? 0 : 1;
}

/* After trainee t's row (its cost at most v): fix at 0 every column of t
 * that no allocation of cost <= v can use.  A column's least completion
 * is its plan's fixed cost plus, per other placement, the cheapest region
 * cost t could get there, less every wish credit t could earn; when that
 * exceeds v the column is out.  The row alone lets the relaxation mix a
 * cheaper and a dearer plan at an average of v; without the dearer columns
 * it cannot, so later steps' bounds are closer to the truth (measured in
 * docs/model.md §5).  The allocation in x keeps its columns: their own cost
 * is at most v.  Every pool column in t's range is t's alone: under the
 * lottery each trainee is a group of its own (make_groups).  Scratch: mr per
 * global kind (ngk + 1). */
static void lottery_fix(job_t *j, int t, long v, double *mr)
{
    glp_prob *P = j->P;
    const built_t *b = &j->b;
    const tplan_t *tp = &j->ps->tp[t];
    int credits = 0;
    for (int g = 0; g <= b->ngk; g++)
        mr[g] = DBL_MAX;
    for (int c = b->cfirst[t]; c < b->clast[t]; c++) {
        const col_t *cl = &b->m.col[c];
        if (cl->type == COL_ZP && mr[cl->b] > cl->tc)
            mr[cl->b] = cl->tc;
        else if (cl->type == COL_ZS && mr[b->kgk[t][cl->b]] > cl->tc)
            mr[b->kgk[t][cl->b]] = cl->tc;
        else if (cl->type == COL_WS || cl->type == COL_WU)
            credits++;
    }
    /* per template: its least cost with every placement at its cheapest */
    for (int c = b->cfirst[t]; c < b->clast[t]; c++) {
        const col_t *cl = &b->m.col[c];
        double least;
        if (cl->type == COL_U) {
            least = b->bound_t[t] + 1.0;
        } else if (cl->type == COL_Y) {
            const ptmpl_t *tm = &tp->tmpl[cl->b];
            least = cl->tc - credits;
            for (int s = 0; s < tm->nslot; s++)
                if (tm->slot[s].kind >= 0)
                    least += mr[b->kgk[t][tm->slot[s].kind]];
        } else if (cl->type == COL_ZP || cl->type == COL_ZS) {
            int g = cl->type == COL_ZP ? cl->b : b->kgk[t][cl->b];
            least = DBL_MAX;
            for (int k = 0; k < tp->ntmpl; k++) {
                const ptmpl_t *tm = &tp->tmpl[k];
                double l = tm->cost - credits + cl->tc - mr[g];
                int has = 0;
                for (int s = 0; s < tm->nslot; s++)
                    if (tm->slot[s].kind >= 0) {
                        int gs = b->kgk[t][tm->slot[s].kind];
                        has |= gs == g;
                        l += mr[gs];
                    }
                if (has && l < least)
                    least = l;
            }
        } else {
            continue;
        }
        if (least > (double)v + 1e-6 && j->gcol[c])
            glp_set_col_bnds(P, j->gcol[c], GLP_FX, 0.0, 0.0);
    }
}

/* The MIP solution of Q (P or a restriction; map: model column -> Q's
 * column, 0 none) into j->x, per model column. */
static void x_from_mip(job_t *j, glp_prob *Q, const int *map)
{
    for (int c = 0; c < j->b.m.ncol; c++)
        j->x[c] = map[c] ? glp_mip_col_val(Q, map[c]) : 0.0;
}

/* nodes of the neighbourhood search (lottery_nbhd; a count, so that a
 * busy machine gives the same letters) and its largest problem, in columns */
#ifndef NBHD_NODES
#define NBHD_NODES 50
#endif
#ifndef NBHD_COLS
#define NBHD_COLS 6000
#endif

typedef struct nbhd_cb {
    const volatile int *interrupt; /* solve_opts_t's, or NULL */
    long nodes;
    int hit;
} nbhd_cb_t;

static void on_nbhd_tree(glp_tree *T, void *info)
{
    nbhd_cb_t *nc = info;
    if ((nc->interrupt && *nc->interrupt) ||
        (glp_ios_reason(T) == GLP_ISELECT && ++nc->nodes > NBHD_NODES)) {
        nc->hit = 1;
        glp_ios_terminate(T);
    }
}

/* A primal search for the last resort (lottery_direct): P's objective is
 * trainee t's cost alone and P holds its LP optimum.  A branch and bound
 * over a neighbourhood only: the columns of t, of every trainee whose
 * column in the allocation in hand shares a row with a column of t that
 * the LP optimum uses (who holds the places t could move to), and of no
 * trainee (sites' counts); every other column stays at its value in j->x,
 * its part of each row moved into the row's bounds.  GLPK's branch and
 * bound with its presolver, at most NBHD_NODES nodes, none when the
 * neighbourhood has more than NBHD_COLS columns; it stops, with what it
 * found, at the time limit or on an interrupt (which the caller's search
 * then sees).  An allocation found
 * there keeps every row of P (checked); when it gives t less than the one
 * in hand (of P's objective: cur), it becomes the one in hand.  Returns 0
 * when it did, 1 when not, -1 on an error. */
static int lottery_nbhd(job_t *j, int t, double cur, double limit_ms)
{
    glp_prob *P = j->P;
    const built_t *b = &j->b;
    int ncol = b->m.ncol, np = glp_get_num_cols(P), nr = glp_get_num_rows(P), ntr = j->in->ntr;
    int *owner = jalloc(j, ((size_t)np + 1) * sizeof *owner, 0);
    int *qcol = jalloc(j, ((size_t)np + 1) * sizeof *qcol, 1);
    int *ind = jalloc(j, ((size_t)np + 2) * sizeof *ind, 0);
    int *ind2 = jalloc(j, ((size_t)np + 2) * sizeof *ind2, 0);
    double *xp = jalloc(j, ((size_t)np + 1) * sizeof *xp, 1);
    double *val = jalloc(j, ((size_t)np + 2) * sizeof *val, 0);
    double *val2 = jalloc(j, ((size_t)np + 2) * sizeof *val2, 0);
    char *in = jalloc(j, (size_t)ntr + 1, 1);
    int rc = -1;
    if (!owner || !qcol || !ind || !ind2 || !xp || !val || !val2 || !in)
        goto out;
    rc = 1;
    for (int k = 1; k <= np; k++)
        owner[k] = -1;
    for (int u = 0; u < ntr; u++)
        for (int c = b->cfirst[u]; c < b->clast[u]; c++)
            if (j->gcol[c])
                owner[j->gcol[c]] = u;
    for (int c = 0; c < ncol; c++)
        if (j->gcol[c])
            xp[j->gcol[c]] = j->x[c];
    in[t] = 1;
    for (int c = b->cfirst[t]; c < b->clast[t]; c++) {
        int g = j->gcol[c];
        if (!g || glp_get_col_prim(P, g) < 1e-6)
            continue;
        int len = glp_get_mat_col(P, g, ind, val);
        for (int e = 1; e <= len; e++) {
            int l2 = glp_get_mat_row(P, ind[e], ind2, val2);
            for (int f = 1; f <= l2; f++)
                if (owner[ind2[f]] >= 0 && xp[ind2[f]] > 0.5)
                    in[owner[ind2[f]]] = 1;
        }
    }
    int nq = 0, nin = 0;
    for (int u = 0; u < ntr; u++)
        nin += in[u];
    for (int k = 1; k <= np; k++)
        if (glp_get_col_type(P, k) != GLP_FX && (owner[k] < 0 || in[owner[k]]))
            qcol[k] = ++nq;
    if (nq > NBHD_COLS) {
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  neighbourhood: %d trainees, %d columns: too large\n", nin, nq);
        goto out;
    }
    glp_prob *Q = j->N = glp_create_prob();
    glp_add_cols(Q, nq);
    for (int k = 1; k <= np; k++)
        if (qcol[k]) {
            glp_set_col_bnds(Q, qcol[k], glp_get_col_type(P, k), glp_get_col_lb(P, k),
                             glp_get_col_ub(P, k));
            glp_set_col_kind(Q, qcol[k], glp_get_col_kind(P, k));
            glp_set_obj_coef(Q, qcol[k], glp_get_obj_coef(P, k));
        }
    for (int r = 1; r <= nr; r++) {
        int ty = glp_get_row_type(P, r);
        if (ty == GLP_FR)
            continue;
        int len = glp_get_mat_row(P, r, ind, val), l2 = 0;
        double fixed = 0.0;
        for (int e = 1; e <= len; e++)
            if (qcol[ind[e]]) {
                ind2[++l2] = qcol[ind[e]];
                val2[l2] = val[e];
            } else {
                fixed += val[e] * xp[ind[e]];
            }
        if (l2 == 0)
            continue;
        int q = glp_add_rows(Q, 1);
        glp_set_mat_row(Q, q, l2, ind2, val2);
        glp_set_row_bnds(Q, q, ty, glp_get_row_lb(P, r) - fixed, glp_get_row_ub(P, r) - fixed);
    }
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_ON;
    nbhd_cb_t nc = {j->o->interrupt, 0, 0};
    io.cb_func = on_nbhd_tree;
    io.cb_info = &nc;
    iocp_time_left(&io, limit_ms, j->t0);
    int r = glp_intopt(Q, &io), st = glp_mip_status(Q);
    double v = glp_get_obj_coef(P, 0); /* as x_obj's */
    int got = (r == 0 || r == GLP_ESTOP) && (st == GLP_OPT || st == GLP_FEAS);
    if (got) {
        for (int k = 1; k <= np; k++)
            if (qcol[k])
                xp[k] = glp_mip_col_val(Q, qcol[k]);
        for (int k = 1; k <= np; k++)
            v += glp_get_obj_coef(P, k) * xp[k];
        if (v < cur - 0.5 && x_fits(P, xp, ind, val)) {
            for (int c = 0; c < ncol; c++)
                if (j->gcol[c])
                    j->x[c] = xp[j->gcol[c]];
            rc = 0;
        }
    }
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "  neighbourhood: %d trainees, %d columns, %ld nodes%s, %s %.0f (in hand %.0f), %.2f s\n",
                nin, nq, nc.nodes, nc.hit ? " (budget)" : "", rc == 0 ? "found" : "best",
                got ? v : -1.0, cur, now_seconds() - j->t0);
    glp_delete_prob(Q);
    j->N = NULL;
out:
    jfree(j, owner), jfree(j, qcol), jfree(j, ind), jfree(j, ind2);
    jfree(j, xp), jfree(j, val), jfree(j, val2), jfree(j, in);
    return rc;
}

/* A lottery step's last search: P's objective (trainee t's cost alone),
 * first by a neighbourhood search (lottery_nbhd: where the branch and bound
 * below is slow, it is mostly slow to find the cheaper allocation, not to
 * prove the bound; measured with every hard step sent here,
 * STAGEMATCH_LOTTERY_DIRECT on data/example seed 1: 26 steps in 3.2 s with
 * it, the fourth step alone 111 s without), then, unless that reached the
 * LP bound, by one GLPK branch and bound over all of P, from the allocation in j->x,
 * branching first on t's own columns (its plans, then its pools and sites;
 * the most fractional of them), on the most fractional variable once none
 * of t's is fractional, and backtracking by best projection.  t's cost is
 * what the search must prove, and the relaxation's weakness there is t's
 * mixing of plans; measured (fourteenth session) on two steps that other
 * tie paths sent here (data/example seed 2, step 93: cost 12 in hand, LP
 * bound 9, optimum 11; seed 44, step 98: the same), 4.7 s and 254 s with
 * t's columns first, neither ended after 5 and 12 minutes without; the one
 * step of seeds 1-50 that reaches this search now (seed 47's step 108) is
 * proven at the root either way.  Measured on data/example seed 2, step 93: the target rounds
 * had not ended after 275 s, this search ends in about 21 s (CBC: 7 s).
 * But it is no general answer: alone, it took 100 s on a step of seed 1
 * that the rounds settle without a node, hence it comes last.  Returns 0
 * when optimal (j->x is), 1 at the time limit or on an interrupt, -1 on an
 * error. */
static int lottery_direct(job_t *j, int t, double limit_ms)
{
    glp_prob *P = j->P;
    int ncol = j->b.m.ncol, np = glp_get_num_cols(P);
    search_t *sr = &j->sr;
    int r = lp_solve(P, 0, limit_ms, j->t0);
    if (r == GLP_ETMLIM)
        return 1;
    if (r != 0)
        return -1;
    double cur = x_obj(j, P);
    if (ceil(glp_get_obj_val(P) - 1e-6) >= cur - 1e-6)
        return 0; /* the allocation in hand reaches the bound */
    if (!getenv("STAGEMATCH_NO_NBHD")) {
        int nr = lottery_nbhd(j, t, cur, limit_ms);
        if (nr < 0)
            return -1;
        if (nr == 0) {
            cur = x_obj(j, P);
            if (ceil(glp_get_obj_val(P) - 1e-6) >= cur - 1e-6)
                return 0;
        }
    }
    double *xw = jalloc(j, ((size_t)np + 1) * sizeof *xw, 1);
    int *ind = jalloc(j, ((size_t)np + 2) * sizeof *ind, 0);
    double *val = jalloc(j, ((size_t)np + 2) * sizeof *val, 0);
    if (!xw || !ind || !val) {
        jfree(j, xw), jfree(j, ind), jfree(j, val);
        return -1;
    }
    for (int c = 0; c < ncol; c++)
        if (j->gcol[c])
            xw[j->gcol[c]] = j->x[c];
    int fits = x_fits(P, xw, ind, val);
    jfree(j, ind), jfree(j, val);
    sr->has_cap = 0;
    sr->have_ext = 0;
    sr->floor = glp_get_obj_val(P);
    sr->bound = sr->floor;
    /* until it ends: no node budget, and no stop at a better allocation
     * (left over from the main solve's rounds when no lottery round ran
     * before, as under STAGEMATCH_LOTTERY_DIRECT: its first allocation
     * below the sum's optimum then ended the search unproven, reported as
     * the time limit) */
    sr->node_budget = 0;
    sr->budget_hit = 0;
    sr->restarts = 0;
    sr->br_tech = GLP_BR_MFV;
    sr->bt_tech = GLP_BT_BPH;
    unsigned char *prio = jalloc(j, (size_t)np + 1, 1);
    if (!prio) {
        jfree(j, xw);
        return -1;
    }
    for (int c = j->b.cfirst[t]; c < j->b.clast[t]; c++) {
        int ty = j->b.m.col[c].type;
        if (j->gcol[c])
            prio[j->gcol[c]] = ty == COL_Y ? 2 : ty == COL_ZP || ty == COL_ZS ? 1 : 0;
    }
    sr->prio = prio;
    r = mip_solve(P, sr, j->o, limit_ms, j->t0, fits ? xw : NULL);
    sr->prio = NULL;
    jfree(j, prio);
    sr->br_tech = sr->bt_tech = 0;
    jfree(j, xw);
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "  last resort: %s, %.2f s\n", sr->proved || r == 0 ? "ended" : "stopped",
                now_seconds() - j->t0);
    if (sr->interrupted)
        return 1;
    int st = glp_mip_status(P);
    if (r != 0 && !(r == GLP_ESTOP && sr->proved))
        return r == GLP_ETMLIM || r == GLP_ESTOP ? 1 : -1;
    if ((st == GLP_OPT || st == GLP_FEAS) && glp_mip_obj_val(P) < cur - 1e-6)
        x_from_mip(j, P, j->gcol);
    return 0;
}

/* proximity's nodes per search (a count: see there) */
#ifndef PROX_NODES
#define PROX_NODES 200
#endif
/* and the nodes of its first try at the floor (floor_first) */
#ifndef PROX_FLOOR_NODES
#define PROX_FLOOR_NODES 2
#endif
/* the nodes per search after that try (a lottery step: floor_first).
 * Measured (thirteenth session, data/example, lottery seeds 1-50 batch
 * after batch): of 138 proximity searches, one needed more than 15 nodes:
 * seed 47's step 108 (cost 10 in hand, optimum 10), 201 nodes of 67 s
 * without settling, after which the cost-alone rounds and the last resort
 * proved it in 3.6 s; with 20 nodes seed 47 80.7 -> 20.0 s, the other 49
 * seeds the same, every aios's cost the same.  (The twelfth session's
 * PROX_NODES 20, for every search, sent seed 44's step into cost-alone
 * rounds that had not ended after two minutes; that step no longer
 * reaches them.) */
#ifndef PROX_STEP_NODES
#define PROX_STEP_NODES 20
#endif

/* A search in Q (P or a restriction; map: model column -> Q's column, 0
 * none) for an allocation of lower value of the linear form f (per model
 * column, over Q's columns, plus constant) than start, the value of the
 * allocation in j->x, by proximity search (Fischetti and Monaci, 2014): the
 * row "f <= value in hand - 1" and, as objective, the distance to the
 * allocation in hand (how many of its binary columns change), so that the
 * search looks near what is known to fit.  Each allocation found becomes
 * the one in hand (j->x) and the row comes down below it; a search that
 * ends with none proves that Q holds nothing below the value in hand.  At
 * most PROX_NODES nodes per search, PROX_STEP_NODES with floor_first (a
 * count, so that a busy machine gives the same letters).  Used by the
 * lottery for a step's aios cost and for the last total, and by the main
 * solve's target mode (docs/model.md §4, §5).  *vout: the value in hand at
 * the end; *found: allocations found.
 * floor: a known lower bound of f over every allocation (LONG_MIN: none);
 * an allocation found there ends the search (nothing can be lower).
 * floor_first: try "f <= floor" first, for PROX_FLOOR_NODES nodes; an
 * allocation found ends the search, none proven raises the floor by one,
 * and otherwise the search goes on from where it started, in the same
 * basis (so exactly as without the try).  Measured on data/example,
 * lottery seeds 1-50 (2 workers, one batch after the other): 701 -> 585 s
 * in all, median ratio 0.97, every aios's cost the same (the three seeds
 * more than 10% slower made the same steps); of 326 steps that reached
 * the proximity search 293 ended at the floor, 132 of them after 2 to 6
 * searches one below the other.
 * Returns 0 when Q holds nothing below *vout, 1 when the budget ran out, 2
 * at the time limit or on an interrupt, -1 on an error.  Q's rows are as
 * before on return, its objective f. */
static int proximity(job_t *j, glp_prob *Q, const int *map, const double *f, double constant,
                     long start, long floor, int floor_first, double limit_ms, long *vout,
                     int *found)
{
    int ncol = j->b.m.ncol, np = glp_get_num_cols(Q), nr = glp_get_num_rows(Q), rc = 1;
    search_t *sr = &j->sr, keep = j->sr; /* restored on return, but for an interrupt */
    int *ind = jalloc(j, ((size_t)np + 2) * sizeof *ind, 0);
    double *val = jalloc(j, ((size_t)np + 2) * sizeof *val, 0);
    char *st = jalloc(j, (size_t)nr + (size_t)np + 3, 0);
    int at_floor = floor_first && floor != LONG_MIN && floor < start - 1;
    /* the basis with the row, to go back to after the try at the floor */
    char *st1 = at_floor ? jalloc(j, (size_t)nr + (size_t)np + 4, 0) : NULL;
    *vout = start;
    *found = 0;
    if (!ind || !val || !st || (at_floor && !st1)) {
        jfree(j, ind), jfree(j, val), jfree(j, st), jfree(j, st1);
        return -1;
    }
    basis_save(Q, st);
    int len = 0;
    for (int c = 0; c < ncol; c++)
        if (f[c] != 0.0 && map[c]) {
            ind[++len] = map[c];
            val[len] = f[c];
        }
    int cr = glp_add_rows(Q, 1);
    glp_set_mat_row(Q, cr, len, ind, val);
    glp_set_row_stat(Q, cr, GLP_BS);
    glp_set_obj_coef(Q, 0, 0.0);
    if (at_floor)
        basis_save(Q, st1);
    for (;;) {
        long curv = *vout, lim = at_floor ? floor : curv - 1;
        glp_set_row_bnds(Q, cr, GLP_UP, 0.0, (double)lim - constant);
        for (int c = 0; c < ncol; c++) {
            int g = map[c];
            if (g)
                glp_set_obj_coef(Q, g, glp_get_col_kind(Q, g) != GLP_BV ? 0.0
                                       : j->x[c] > 0.5                  ? -1.0
                                                                        : 1.0);
        }
        int r = lp_solve_perturbed(Q, limit_ms, j->t0);
        int empty = r == -1 && glp_get_status(Q) == GLP_NOFEAS;
        if (empty) {
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  proximity below %ld: %.2f s, relaxation empty\n", lim + 1,
                        now_seconds() - j->t0);
            if (!at_floor) {
                rc = 0; /* not even the relaxation goes below the value in hand */
                break;
            }
        } else if (r != 0) {
            rc = r == GLP_ETMLIM ? 2 : -1;
            break;
        } else {
            sr->has_cap = 0;
            sr->have_ext = 0;
            sr->floor = -DBL_MAX;
            sr->bound = -DBL_MAX;
            sr->node_budget = at_floor ? PROX_FLOOR_NODES : floor_first ? PROX_STEP_NODES : PROX_NODES;
            sr->nodes = 0;
            sr->budget_hit = 0;
            sr->restarts = 1; /* stop at the first allocation found */
            sr->restart_above = DBL_MAX;
            sr->quiet = 1;
            r = mip_solve(Q, sr, j->o, limit_ms, j->t0, NULL);
            sr->quiet = 0;
            sr->restarts = 0;
            sr->node_budget = 0;
            int ms = glp_mip_status(Q);
            int got = ms == GLP_OPT || ms == GLP_FEAS;
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  proximity below %ld: %.2f s, %ld nodes, %s\n", lim + 1,
                        now_seconds() - j->t0, sr->nodes,
                        got ? "found" : sr->budget_hit ? "not settled" : "none");
            if (got) {
                x_from_mip(j, Q, map);
                double v = constant;
                for (int c = 0; c < ncol; c++)
                    v += f[c] * j->x[c];
                *vout = lround(v);
                (*found)++;
                if (*vout <= floor) {
                    rc = 0; /* at a lower bound: nothing can be lower */
                    if (getenv("STAGEMATCH_DEBUG"))
                        fprintf(stderr, "  proximity: %ld is the bound\n", *vout);
                    break;
                }
                continue;
            }
        }
        if (at_floor && !sr->interrupted && r != GLP_ETMLIM) {
            /* nothing at the floor (its relaxation empty, none proven in
             * its nodes, or not settled in them): on from the value in
             * hand, in the basis the search started from */
            int proven = empty || (!sr->budget_hit && (r == 0 || r == GLP_ENOPFS));
            at_floor = 0;
            basis_load(Q, st1);
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  proximity: nothing at the floor %ld (%s)\n", lim,
                        empty ? "relaxation" : proven ? "proven" : "not settled");
            if (proven) {
                floor = lim + 1;
                if (floor >= curv) {
                    rc = 0; /* the value in hand is the floor now */
                    break;
                }
            }
            continue;
        }
        if (sr->interrupted || r == GLP_ETMLIM)
            rc = 2;
        else if (sr->budget_hit)
            rc = 1;
        else
            rc = r == 0 || r == GLP_ENOPFS ? 0 : -1; /* ended with none: proven */
        break;
    }
    int rows[2] = {0, cr};
    glp_del_rows(Q, 1, rows);
    for (int c = 0; c < ncol; c++)
        if (map[c])
            glp_set_obj_coef(Q, map[c], f[c]);
    glp_set_obj_coef(Q, 0, constant);
    basis_load(Q, st);
    jfree(j, ind), jfree(j, val), jfree(j, st), jfree(j, st1);
    keep.interrupted |= sr->interrupted;
    *sr = keep;
    return rc;
}

/* The part of the total that the lottery's last search can still change:
 * once every aios's row holds, each aios's cost is fixed (its row's value
 * is the least it can have under the rows before it, so under all rows it
 * has exactly that), and so is who is unplaced (a row above every plan's
 * cost).  What is left are the policy costs, a borrowed site's 4 a
 * quarter (objective.md).  Into pol: per model column its total cost less
 * its aios's lottery cost (0 on "unplaced"), divided by the largest common
 * divisor of those, which is returned (1 when some are not whole), so that
 * values one apart are the next possible ones and the rounded-up bound
 * proves.  Scratch: form (ncol). */
static long lottery_policy_part(const job_t *j, const double *orig, double *pol, double *form)
{
    const built_t *b = &j->b;
    int ncol = b->m.ncol;
    for (int c = 0; c < ncol; c++)
        pol[c] = orig[c];
    for (int t = 0; t < j->in->ntr; t++) {
        if (!b->ucol[t])
            continue;
        lottery_form(b, t, form, j->x);
        for (int c = b->cfirst[t]; c < b->clast[t]; c++)
            pol[c] = b->m.col[c].type == COL_U ? 0.0 : orig[c] - form[c];
    }
    long g = 0;
    for (int c = 0; c < ncol && g != 1; c++) {
        double v = fabs(pol[c]);
        if (v == 0.0)
            continue;
        if (v != floor(v) || v > 1e9) {
            g = 1;
            break;
        }
        long a = lround(v);
        while (g) {
            long r = a % g;
            a = g;
            g = r;
        }
        g = a;
    }
    if (g < 1)
        g = 1;
    for (int c = 0; c < ncol; c++)
        pol[c] /= (double)g;
    return g;
}

/* a lottery step's first stage, with the total as second objective (see
 * lottery), is the dive alone: settled when it reaches the bound, else the
 * proximity search follows from the better of the allocation in hand and
 * the dive's.  Measured on data/example (twelfth session), lottery seeds
 * 1-50 side by side with 2 branch-and-bound nodes after the dive (which
 * had replaced 20): 807 -> 701 s in all with the change for the lottery's
 * own sum solve (known_opt; 17.8 s of it, seed 2), median ratio 0.91,
 * every aios's cost the same; the nodes settled few steps, and those the
 * proximity search settles as well.  Only one round (delta 0): the weight
 * makes every wider round, up to about the weight, hold no allocation at a
 * higher cost of the aios, so a step that the first round leaves open goes
 * on to a dive in the restriction of about the weight (lottery_wide), then
 * to the proximity search.  Measured on data/example: every step this
 * search settled (36 of seed 2, 42 of seed 1) was settled in its first
 * round; seed 2 79 s instead of 110 s (side by side), seed 1 unchanged,
 * the same letters */
#define LOTTERY_STEP_ROUNDS 1
/* then 2 nodes for the target rounds with the trainee's cost alone (their
 * dive and root; data/example seed 1: its 7 such steps need no node), then
 * lottery_direct.  Measured on seed 2: with 2 instead of 20, step 114 was
 * reached after 789 s instead of 922 s */
#define LOTTERY_ALONE_NODES 2
/* a step's second objective weighs the next LOTTERY_AHEAD aiossen of the
 * order more, the next one most (LOTTERY_AHEAD + 1 times its cost, then
 * one less each, the rest once): among the allocations that give the
 * step's aios its best, the one kept then tends to give the next aiossen
 * theirs too, and their own steps need no search.  Measured on
 * data/example (side by side with the total as second objective): seeds
 * 1-4 11.7 / 49.0 / 41.5 / 13.6 s instead of 48.9 / 70.4 / 41.6 / 64.0 s,
 * every aios's cost the same (as it must be: each step's is its optimum);
 * the next 10 at weight 2: 25 / - / 32 s, graded over 10: 11 / 52 / 34 s.
 * 40 instead of 20 was faster on the seven seeds first tried (mostly slow
 * ones: 33 / 28 / 2 / 19 / 14 / 1 / 4 93 / 79 / 39 / 64 / 57 / 10.6 / 14.7
 * s against 107 / 83 / 59 / 70 / 57 / 9.4 / 14 s) but slower over seeds
 * 1-50: median 22 s, mean 33 s against 11.9 and 23.9 s (seed 24: 150 s
 * against 45 s); over all the rest (120) seeds 33 and 4 took 232 and 52 s */
#define LOTTERY_AHEAD 20

/* Random serial dictatorship (objective.md's lottery) on top of a solved
 * sum model with every column active: no more aiossen unplaced than in x;
 * then, trainee by trainee in the lottery order, the lowest cost still
 * possible with everyone before them kept at theirs (a row per trainee);
 * then the lowest total.  Each step is proven: by the trainee's own lower
 * bound, by the LP bound, or by the target rounds (lottery_rounds).  x and
 * *best are updated; returns 0, 1 when stopped by the time limit or an
 * interrupt (x stays a valid allocation under the rows so far), -1 on a
 * solver failure. */
static int lottery(job_t *j, long *best)
{
    glp_prob *P = j->P;
    const built_t *b = &j->b;
    const instance_t *in = j->in;
    int ncol = b->m.ncol, ntr = in->ntr, rc = -1;
    double limit_ms = j->o->time_limit > 0 ? j->o->time_limit * 1000.0 : 0;
    double *orig = jalloc(j, ((size_t)ncol + 1) * sizeof *orig, 0);
    double *coef = jalloc(j, ((size_t)ncol + 1) * sizeof *coef, 1);
    int *ind = jalloc(j, ((size_t)ncol + 2) * sizeof *ind, 0);
    double *val = jalloc(j, ((size_t)ncol + 2) * sizeof *val, 0);
    int *order = jalloc(j, ((size_t)ntr + 1) * sizeof *order, 0);
    double *mr = jalloc(j, ((size_t)b->ngk + 1) * sizeof *mr, 0);
    if (!orig || !coef || !ind || !val || !order || !mr)
        goto out;
    for (int c = 0; c < ncol; c++)
        orig[c] = b->m.col[c].obj;
    int n = 0;
    if (j->o->order) {
        for (int t = 0; t < ntr; t++)
            if (in->tr[t].planned)
                n++;
        for (int i = 0; i < n; i++)
            order[i] = j->o->order[i];
    } else {
        n = solve_lottery_order(in, j->o->seed, order);
    }
    /* the order is published with the letters (summary.json, summary.txt) */
    free(j->al->order);
    j->al->order = malloc(((size_t)n + 1) * sizeof *j->al->order);
    if (!j->al->order)
        goto out;
    memcpy(j->al->order, order, (size_t)n * sizeof *order);
    j->al->norder = n;
    /* the weight that makes trainee t's cost dominate the rest of the total */
    double W = 1.0;
    for (int t = 0; t < ntr; t++)
        if (b->ucol[t])
            W += (LOTTERY_AHEAD + 1.0) * (b->bound_t[t] + 1000.0);
    j->sr.tol_obj = 1e-11;
    /* tests/ref/run.sh: every step that needs a search goes straight to
     * lottery_direct, so that its answers are checked too (the small
     * instances there never need it otherwise) */
    int direct_only = getenv("STAGEMATCH_LOTTERY_DIRECT") != NULL;
    /* likewise: straight to the proximity search (then lottery_direct) */
    int prox_first = getenv("STAGEMATCH_LOTTERY_PROXIMITY") != NULL;
    j->sr.lottery_n = n;
    for (int i = 0; i < n; i++) {
        int t = order[i];
        j->sr.lottery_k = i;
        if (!b->ucol[t])
            continue;
        if (j->o->interrupt && *j->o->interrupt) {
            rc = 1;
            goto out;
        }
        double cur = lottery_form(b, t, coef, j->x);
        long curv = lround(cur), lbt = alone_bound(in, j->ps, t); /* t's cost is >= lbt */
        int need = curv > lbt;
        if (need) {
            /* the LP bound of t's cost under the rows so far */
            for (int c = 0; c < ncol; c++)
                glp_set_obj_coef(P, j->gcol[c], 0.0);
            for (int c = b->cfirst[t]; c < b->clast[t]; c++)
                glp_set_obj_coef(P, j->gcol[c], coef[c]);
            glp_set_obj_coef(P, 0, 0.0);
            int r = lp_solve_perturbed(P, limit_ms, j->t0);
            if (r == GLP_ETMLIM) {
                rc = 1;
                goto out;
            }
            if (r != 0)
                goto out;
            long lpb = (long)ceil(glp_get_obj_val(P) - 1e-6);
            if (lpb > lbt)
                lbt = lpb;
            need = lbt < curv;
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  lottery step: cost %ld in hand, LP bound %.2f\n", curv, glp_get_obj_val(P));
        }
        if (need) {
            /* t's cost first, the rest of the total second, the next
             * aiossen weighted more (LOTTERY_AHEAD; measured on
             * data/example: this finishes sooner than t's cost alone, whose
             * many equal optima make GLPK's search wander) */
            for (int c = 0; c < ncol; c++)
                glp_set_obj_coef(P, j->gcol[c], orig[c] + W * coef[c]);
            for (int d = 1; d <= LOTTERY_AHEAD && i + d < n; d++) {
                int ta = order[i + d];
                if (!b->ucol[ta])
                    continue;
                double w = (double)(LOTTERY_AHEAD + 2 - d); /* coef is 0 there */
                for (int c = b->cfirst[ta]; c < b->clast[ta]; c++)
                    glp_set_obj_coef(P, j->gcol[c], w * orig[c]);
            }
            glp_set_obj_coef(P, 0, b->constant);
            /* measured on data/example: with the total second, most steps
             * take well under a second, but one whose aios can reach its
             * bound only at a higher total needs minutes to prove.  So: the
             * first its dive (dive_only); then a dive wide enough for any
             * total (lottery_wide: on seeds 1-50 it settled 114 of the 165
             * steps it was tried on, 787 -> 516 s); then, with its cost alone,
             * a proximity search from the allocation in hand (seed 2: most
             * such steps found and proven in 1-2 s, where the searches
             * below took 20-60 s), then (exactly as well) target rounds for
             * LOTTERY_ALONE_NODES, then one branch and bound over all of P
             * (lottery_direct) until it ends. */
            int sl = 1, more = 1; /* more: the next stage is needed */
            if (!direct_only && !prox_first) {
                j->dive_only = 1;
                sl = lottery_rounds(j, limit_ms, 0, LOTTERY_STEP_ROUNDS);
                j->dive_only = 0;
                more = sl == 1 && j->sr.budget_hit && !j->sr.interrupted;
                if (getenv("STAGEMATCH_DEBUG"))
                    fprintf(stderr, "  lottery step: %ld nodes%s\n", j->sr.nodes,
                            j->sr.budget_hit ? " (budget)" : "");
            }
            if (more && !direct_only && !prox_first) {
                int wr = lottery_wide(j, t, W, lbt, coef);
                if (wr != 1)
                    sl = wr == 0 ? 0 : wr == 2 ? 1 : -1, more = 0;
            }
            if (more) {
                for (int c = 0; c < ncol; c++)
                    glp_set_obj_coef(P, j->gcol[c], coef[c]);
                glp_set_obj_coef(P, 0, 0.0);
                if (!direct_only) {
                    long pv;
                    int pf;
                    int pr = proximity(j, P, j->gcol, coef, 0.0, lround(lottery_form(b, t, coef, j->x)),
                                       lbt, 1, limit_ms, &pv, &pf);
                    if (pr != 1)
                        sl = pr == 0 ? 0 : pr == 2 ? 1 : -1, more = 0;
                }
                if (more && !direct_only && !prox_first) {
                    if (getenv("STAGEMATCH_DEBUG"))
                        fprintf(stderr, "  lottery step: its cost alone, %.2f s\n", now_seconds() - j->t0);
                    sl = lottery_rounds(j, limit_ms, LOTTERY_ALONE_NODES, 0);
                    more = sl == 1 && j->sr.budget_hit && !j->sr.interrupted;
                    if (getenv("STAGEMATCH_DEBUG"))
                        fprintf(stderr, "  lottery step: cost alone, %ld nodes%s, %.2f s\n",
                                j->sr.nodes, j->sr.budget_hit ? " (budget)" : "",
                                now_seconds() - j->t0);
                }
                if (more)
                    sl = lottery_direct(j, t, limit_ms);
            }
            if (sl != 0) {
                rc = sl < 0 ? -1 : 1; /* an error, or the time limit: x keeps every row so far */
                goto out;
            }
            double nv = 0;
            for (int c = b->cfirst[t]; c < b->clast[t]; c++)
                nv += coef[c] * j->x[c];
            curv = lround(nv);
        }
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  lottery %d/%d: trainee %d cost %ld%s, %.2f s\n", i + 1, n, t, curv,
                    need ? " (MIP)" : "", now_seconds() - j->t0);
        double tnow = now_seconds();
        if (j->o->progress && tnow - j->sr.last_print >= j->sr.every) {
            j->sr.last_print = tnow;
            print_lottery(i + 1, n, tnow - j->t0);
        }
        int len = 0;
        for (int c = b->cfirst[t]; c < b->clast[t]; c++)
            if (coef[c] != 0.0) {
                ind[++len] = j->gcol[c];
                val[len] = coef[c];
            }
        int r = glp_add_rows(P, 1);
        glp_set_mat_row(P, r, len, ind, val);
        glp_set_row_bnds(P, r, GLP_UP, 0.0, (double)curv);
        /* coef is the next step's objective: only that trainee's cost */
        for (int c = b->cfirst[t]; c < b->clast[t]; c++)
            coef[c] = 0.0;
        lottery_fix(j, t, curv, mr);
    }
    /* the lowest total under every trainee's row: of its policy part, the
     * rest being fixed by the rows (lottery_policy_part); a proximity
     * search from the allocation in hand, then target rounds.  Measured on
     * data/example seed 2: the target rounds over the whole total had not
     * closed 3286 against a bound of 3279 in 420 s; over the policy part
     * (in units of 4) the proximity search proves 3282 in 2 s. */
    {
        long g = lottery_policy_part(j, orig, coef, val);
        for (int c = 0; c < ncol; c++)
            glp_set_obj_coef(P, j->gcol[c], coef[c]);
        glp_set_obj_coef(P, 0, 0.0);
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  lottery total: policy part in units of %ld\n", g);
    }
    j->sr.tol_obj = 0;
    j->sr.lottery_k = n;
    {
        int r = lp_solve(P, 0, limit_ms, j->t0);
        if (r == GLP_ETMLIM) {
            rc = 1;
            goto out;
        }
        if (r != 0)
            goto out;
        double pv0 = 0;
        for (int c = 0; c < ncol; c++)
            pv0 += coef[c] * j->x[c];
        long pv;
        int pf;
        int pr = proximity(j, P, j->gcol, coef, 0.0, lround(pv0), LONG_MIN, 0, limit_ms, &pv, &pf);
        rc = pr == 0 ? 0 : pr == 2 ? 1 : -1;
        if (pr == 1) {
            int sl = lottery_rounds(j, limit_ms, 0, 0);
            rc = sl < 0 ? -1 : sl;
        }
    }
out:
    j->sr.lottery_n = 0;
    if (orig && rc >= 0) {
        double v = b->constant;
        for (int c = 0; c < ncol; c++)
            v += orig[c] * j->x[c];
        *best = lround(v);
    }
    jfree(j, orig);
    jfree(j, coef);
    jfree(j, ind);
    jfree(j, val);
    jfree(j, order);
    jfree(j, mr);
    return rc;
}

/* Column generation, reduced-cost filtering and branch and bound.  Kept out
 * of line so that nothing of it lives in solve_run's frame across setjmp. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
/* Keep what the target rounds need of P's LP optimum: its basis, row duals
 * and every column's reduced cost (of the active ones from GLPK, negative at
 * an upper bound; of the others from the model rows' duals in j->dual). */
static int capture_lp(job_t *j)
{
    glp_prob *P = j->P;
    int ncol = j->b.m.ncol;
    int nr = glp_get_num_rows(P);
    if (nr > j->nrow_lp) {
        free(j->rst), free(j->rdual);
        j->rst = malloc(((size_t)nr + 1) * sizeof *j->rst);
        j->rdual = malloc(((size_t)nr + 1) * sizeof *j->rdual);
    }
    if (!j->cst)
        j->cst = malloc(((size_t)ncol + 1) * sizeof *j->cst);
    j->nrow_lp = nr;
    if (!j->rst || !j->rdual || !j->cst) {
        j->nrow_lp = 0;
        return -1;
    }
    for (int r = 1; r <= nr; r++) {
        j->rst[r] = glp_get_row_stat(P, r);
        j->rdual[r] = glp_get_row_dual(P, r);
    }
    for (int c = 0; c < ncol; c++) {
        int g = j->gcol[c];
        j->atub[c] = 0;
        if (!g) {
            j->cst[c] = GLP_NL;
            j->dj[c] = reduced_cost(&j->b, &j->k, j->dual, c);
            continue;
        }
        int st = glp_get_col_stat(P, g);
        j->cst[c] = st;
        j->dj[c] = st == GLP_BS ? 0.0 : glp_get_col_dual(P, g);
        j->atub[c] = st == GLP_NU;
    }
    return 0;
}

#ifndef PROOF_NODES
#define PROOF_NODES 6
#endif

/* the first LP's columns (solve_core): per trainee the plans within this
 * of its cheapest, per group and placement kind the pools within this of
 * the cheapest; column generation adds the rest that matter */
#ifndef INIT_PLAN_SLACK
#define INIT_PLAN_SLACK 0.0
#endif
#ifndef INIT_POOL_SLACK
#define INIT_POOL_SLACK 1.0
#endif

/* exact_rounds: target mode when the best allocation is at most this far
 * above the proven bound */
#ifndef TARGET_SPAN
#define TARGET_SPAN 5
#endif
/* TARGET_SPAN, or for tests STAGEMATCH_TARGET_SPAN: tests/ref/run.sh sets 0,
 * so that small instances take the step-by-step rounds of a best allocation
 * far above the bound (the search below the best, target_round) */
static long target_span(void)
{
    const char *e = getenv("STAGEMATCH_TARGET_SPAN");
    return e && *e ? strtol(e, NULL, 10) : TARGET_SPAN;
}
/* nodes of target mode's first search (the last fractional variable):
 * 1,000 until the sixteenth session.  Of about 1,300 generated runs
 * scanned (60-200 aiossen, --rich and --tight 5) only ten went past 300
 * nodes in such a search: one settled at node 987, the others not at all,
 * and the pseudocost search after it then did the work; with 300 every
 * one of the ten was as fast or faster (bench/README.md, "Tight
 * capacity"), and the rest take the same path */
#ifndef TARGET_NODES
#define TARGET_NODES 300
#endif
#define TARGET_NO_DIVE (-3) /* target_round: no allocation, search skipped (not blind) */
#define TARGET_RESTART (-4) /* target_round: a better allocation, search stopped to restart */
#define TARGET_REDIVE (-5)  /* target_round: the dive left someone unplaced: dive again wider */
/* restarts of the main solve's rounds on a better allocation (a count, so
 * that the same input gives the same letters) */
#ifndef RESTARTS
#define RESTARTS 4
#endif

/* The allocation of R's search, if any, into *v and j->x (model columns);
 * *status GLPK's MIP status.  Returns 1 when the search stopped to restart. */
static int take_mip(job_t *j, glp_prob *R, const int *rg, int *status, long *v)
{
    *status = glp_mip_status(R);
    if (*status != GLP_OPT && *status != GLP_FEAS)
        return 0;
    *v = lround(glp_mip_obj_val(R));
    x_from_mip(j, R, rg);
    return j->sr.restarted;
}

/* A search of R for an allocation below the cap only: the objective
 * below the cap is a row of its own for the search, so an allocation at or
 * above it (someone unplaced) settles nothing, and "none" is a proof that
 * raises the bound to the cap.  Used where the dive found nothing (a proof
 * search) and in target mode (docs/model.md §4).  At most NODES nodes (0: no
 * limit; a count, so that a busy machine gives the same letters), branching
 * by BR_TECH (0: ours).  GLPK's hybrid pseudocost branching (strong
 * branching first) proves such restrictions empty where branching on the
 * last fractional variable does not: the restriction of delta 0 of
 * bench/gen.py --rich seed 14, 3 nodes against none proven in 300 s.
 * A pseudocost search makes no cuts; with ROOT_CUTS the search is its root
 * alone, with GLPK's cuts (root_only; not settled when it would branch).
 * Returns 1 when not settled (R as it was), else glp_intopt's code with
 * *status and *v as take_mip gives them, TARGET_RESTART for an allocation
 * to start the round again from, or -2 when out of memory. */
static int cap_search(job_t *j, glp_prob *R, const int *rg, int *ind, double *val,
                      double limit_ms, long nodes, int br_tech, int root_cuts, double below,
                      int *status, long *v)
{
    search_t *sr = &j->sr;
    int m = glp_get_num_rows(R), n = glp_get_num_cols(R);
    if (!sr->has_cap)
        return 1; /* no cap to search below */
    char *st = jalloc(j, (size_t)m + (size_t)n + 2, 0);
    if (!st)
        return -2;
    int rc = lp_solve(R, 0, limit_ms, j->t0);
    if (rc != 0) {
        jfree(j, st);
        return rc;
    }
    basis_save(R, st);
    int len = 0;
    for (int c = 1; c <= n; c++) {
        double oc = glp_get_obj_coef(R, c);
        if (oc != 0.0) {
            ind[++len] = c;
            val[len] = oc;
        }
    }
    int cr = glp_add_rows(R, 1);
    glp_set_mat_row(R, cr, len, ind, val);
    glp_set_row_bnds(R, cr, GLP_UP, 0.0, below - 1.0 - glp_get_obj_coef(R, 0));
    glp_set_row_stat(R, cr, GLP_BS);
    long nb = sr->node_budget, nn = sr->nodes;
    int bh = sr->budget_hit, br = sr->br_tech;
    sr->node_budget = nodes;
    sr->nodes = 0;
    sr->budget_hit = 0;
    sr->br_tech = br_tech;
    sr->no_cuts = br_tech == GLP_BR_PCH && !root_cuts;
    sr->root_only = root_cuts;
    rc = mip_solve(R, sr, j->o, limit_ms, j->t0, NULL);
    sr->no_cuts = 0;
    sr->root_only = 0;
    int hit = sr->budget_hit, restart = take_mip(j, R, rg, status, v);
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "  %s search below %.0f%s: %.2f s, %ld nodes, %s\n",
                br_tech == GLP_BR_PCH ? "proof" : "target", below,
                root_cuts ? " (root, cuts)" : "", now_seconds() - j->t0,
                sr->nodes,
                hit ? "not settled" : rc == GLP_ETMLIM ? "out of time" : "settled");
    sr->node_budget = nb, sr->nodes = nn, sr->budget_hit = bh, sr->br_tech = br;
    int rows[2] = {0, cr};
    glp_del_rows(R, 1, rows);
    basis_load(R, st);
    jfree(j, st);
    int found = *status == GLP_OPT || *status == GLP_FEAS;
    if (hit && !found) {
        *status = GLP_UNDEF;
        return 1;
    }
    /* an allocation below the cap that the budget left unproven: the round
     * starts again from it, as after a restart */
    return restart || (hit && found) ? TARGET_RESTART : rc;
}

/* cap_search, but a pseudocost search (BR_TECH GLP_BR_PCH) first tries a
 * root of its own with GLPK's cuts (ROOT_CUTS) and, not settled there,
 * searches without any cuts. */
static int proof_search(job_t *j, glp_prob *R, const int *rg, int *ind, double *val,
                        double limit_ms, long nodes, int br_tech, double below, int *status,
                        long *v)
{
    /* a pseudocost search starts with a root of its own with GLPK's cuts,
     * then (not settled there) searches without any: the cuts make each
     * of strong branching's LPs dearer (measured side by side with the
     * root's cuts kept, 127 scanned instances that reach such a search
     * 297 -> 241 s, 60 with capacity short 57 -> 49 s), while the root's
     * cuts alone settle many of these searches at once (200 + 200 default
     * seed 25: the search below 133, one node with them; without them it
     * was not settled and the run took 24 s instead of 7 s; the 127: 235
     * -> 220 s with the try; bench/README.md "A root with cuts before each
     * pseudocost search") */
    if (br_tech == GLP_BR_PCH) {
        int rc = cap_search(j, R, rg, ind, val, limit_ms, 0, br_tech, 1, below, status, v);
        if (rc != 1)
            return rc;
    }
    return cap_search(j, R, rg, ind, val, limit_ms, nodes, br_tech, 0, below, status, v);
}

/* The searches of R for an allocation below BELOW only (proof_search):
 * TARGET_NODES nodes branching on the last fractional variable and a short
 * pseudocost search (the pseudocost one first when PCH_FIRST), then, unless
 * SHORT, a pseudocost search without a node limit.  Pseudocost branching
 * (strong branching first) is what settles the restrictions that the
 * first search does not: on bench/gen.py 200 + 200 --tight 5 --ratio
 * 1.0:1.15 seed 207 (LP bound 183, optimum 185) GLPK's search over R below
 * 185 settled nothing in 500 s branching on the last fractional variable,
 * and proved it empty in 23 nodes (49 s) by pseudocost.  Returns as
 * proof_search; 1 only when SHORT and not settled. */
static int below_search(job_t *j, glp_prob *R, const int *rg, int *ind, double *val,
                        double limit_ms, int pch_first, int short_only, double below, int *status,
                        long *v)
{
    int rc;
    if (pch_first) {
        rc = proof_search(j, R, rg, ind, val, limit_ms, PROOF_NODES, GLP_BR_PCH, below, status, v);
        if (rc == 1)
            rc = proof_search(j, R, rg, ind, val, limit_ms, TARGET_NODES, 0, below, status, v);
    } else {
        rc = proof_search(j, R, rg, ind, val, limit_ms, TARGET_NODES, 0, below, status, v);
        if (rc == 1)
            rc = proof_search(j, R, rg, ind, val, limit_ms, PROOF_NODES, GLP_BR_PCH, below, status, v);
    }
    if (rc == 1 && !short_only)
        rc = proof_search(j, R, rg, ind, val, limit_ms, 0, GLP_BR_PCH, below, status, v);
    return rc;
}

/* One target round: branch and bound over the columns whose reduced cost at
 * the LP optimum is at most delta, every other column fixed at the bound it
 * had there, and every row whose dual exceeds delta held tight (its slack
 * has that reduced cost).  Builds the restriction as its own problem j->R,
 * warm-started from the LP optimum's basis, which stays optimal for it.
 * A usable warm allocation (one that fits the restriction) seeds the
 * search; without one, a dive in the restriction does, and ends the round
 * when it reaches j->gb_now; when the dive finds none, a short proof
 * search (proof_search) may settle the restriction.  Returns GLPK's code
 * of glp_intopt (or of the LP), GLP_ESTOP with j->sr.proved after such a
 * dive, TARGET_NO_DIVE when there is neither a warm allocation nor a
 * dive's, the proof search did not settle it and blind is 0 (no search
 * then), TARGET_RESTART when a search stopped at a better allocation than
 * it started from (j->sr.restarts), -2 when out of memory; *status the MIP
 * status; the allocation, if any, in *v and j->x (model columns). */
static int target_round(job_t *j, double delta, const double *warm, int blind, int *status,
                        long *v, int *nfree)
{
    glp_prob *P = j->P;
    const built_t *bp = &j->b;
    int ncol = bp->m.ncol, nl = 0, rc, dove = 0;
    double limit_ms = j->o->time_limit > 0 ? j->o->time_limit * 1000.0 : 0;
    int *rg = jalloc(j, ((size_t)ncol + 1) * sizeof *rg, 1);
    int *pinv = jalloc(j, ((size_t)glp_get_num_cols(P) + 1) * sizeof *pinv, 1);
    int *ind = jalloc(j, ((size_t)ncol + 2) * sizeof *ind, 0);
    double *val = jalloc(j, ((size_t)ncol + 2) * sizeof *val, 0);
    double *xr = jalloc(j, ((size_t)ncol + 2) * sizeof *xr, 0);
    *status = GLP_UNDEF;
    if (!rg || !pinv || !ind || !val || !xr) {
        rc = -2;
        goto out;
    }
    for (int c = 0; c < ncol; c++) {
        if (j->gcol[c])
            pinv[j->gcol[c]] = c + 1;
        double cost = j->atub[c] ? -j->dj[c] : j->dj[c];
        /* "unplaced" columns always: the restriction then has an allocation
         * (more columns than the reduced costs require never hurt the proof) */
        if (cost <= delta + 1e-6 || j->atub[c] || bp->m.col[c].type == COL_U)
            j->list[nl++] = c;
    }
    *nfree = nl;
    glp_prob *R = j->R = new_prob(bp);
    activate(R, bp, &j->k, rg, j->list, nl);
    /* P's objective (the lottery's steps weight one trainee's cost) */
    glp_set_obj_coef(R, 0, glp_get_obj_coef(P, 0));
    for (int i = 0; i < nl; i++) {
        int c = j->list[i];
        if (j->gcol[c])
            glp_set_obj_coef(R, rg[c], glp_get_obj_coef(P, j->gcol[c]));
    }
    for (int i = 0; i < nl; i++) {
        int c = j->list[i];
        if (j->gcol[c] && glp_get_col_type(P, j->gcol[c]) == GLP_FX &&
            glp_get_col_type(R, rg[c]) != GLP_FX) {
            /* fixed in P (the lottery's steps, lottery_fix) */
            double u = glp_get_col_ub(P, j->gcol[c]);
            glp_set_col_bnds(R, rg[c], GLP_FX, u, u);
            (*nfree)--;
            continue;
        }
        if (j->atub[c] && -j->dj[c] > delta + 1e-6) {
            double u = glp_get_col_ub(R, rg[c]);
            glp_set_col_bnds(R, rg[c], GLP_FX, u, u);
            (*nfree)--;
        }
    }
    /* rows P has beyond the model's (the lottery's limit on unplaced) */
    int nrp = j->nrow_lp;
    if (nrp > bp->m.nrow) {
        glp_add_rows(R, nrp - bp->m.nrow);
        for (int r = bp->m.nrow + 1; r <= nrp; r++) {
            int len = glp_get_mat_row(P, r, ind, val), n = 0;
            for (int e = 1; e <= len; e++) {
                int c = pinv[ind[e]] - 1;
                if (c >= 0 && rg[c]) {
                    ind[++n] = rg[c];
                    val[n] = val[e];
                }
            }
            glp_set_mat_row(R, r, n, ind, val);
            glp_set_row_bnds(R, r, glp_get_row_type(P, r), glp_get_row_lb(P, r),
                             glp_get_row_ub(P, r));
        }
    }
    /* the LP optimum's basis; tight rows with a dual above delta stay tight */
    for (int r = 1; r <= nrp; r++) {
        glp_set_row_stat(R, r, j->rst[r]);
        if ((j->rst[r] == GLP_NL || j->rst[r] == GLP_NU) && fabs(j->rdual[r]) > delta + 1e-6 &&
            glp_get_row_type(R, r) != GLP_FX) {
            double bnd = j->rst[r] == GLP_NU ? glp_get_row_ub(R, r) : glp_get_row_lb(R, r);
            glp_set_row_bnds(R, r, GLP_FX, bnd, bnd);
        }
    }
    for (int i = 0; i < nl; i++) {
        int c = j->list[i];
        glp_set_col_stat(R, rg[c], j->gcol[c] ? j->cst[c] : GLP_NL);
    }
    {
        /* pool choices in link rows whose plans the restriction holds at 0
         * can only be 0: fixed, so that GLPK leaves them out (dive_imply) */
        unsigned char *live = jalloc(j, (size_t)bp->m.nrow + 1, 0);
        if (!live) {
            rc = -2;
            goto out;
        }
        dive_imply(j, R, rg, NULL, live);
        jfree(j, live);
    }
    rc = lp_solve(R, 0, limit_ms, j->t0);
    if (rc != 0)
        goto out;
    if (j->target_mode) {
        /* the proximity search found nothing in its nodes (now, or from
         * the same allocation at the same bound before: not run again) */
        int prox_none = j->target_mode == 1 && j->sr.have_ext &&
                        lround(j->sr.ext) == j->prox_from && j->gb_now == j->prox_gb;
        /* only an allocation below the cap counts: a short search to find
         * one, a short one to prove there is none, then (not in the short
         * try, mode 2) the long one */
        if (j->target_mode == 1 && j->sr.have_ext &&
            !(lround(j->sr.ext) == j->prox_from && j->gb_now == j->prox_gb)) {
            /* first a proximity search from the best allocation (at most
             * TARGET_SPAN above the bound): measured on bench/gen.py --rich
             * 200 + 200, seeds 10, 11, 14: 12.7 / 85 / 30 s instead of
             * 50 / 98 / 65 s (side by side), the same optima; seed 13 (its
             * best far above the bound, target mode 2) unchanged, and from
             * there, one unit at a time, no faster (141 s against 134 s).
             * Not again from where it did not settle: the same restriction
             * and start give the same search (--rich 60-aios seed 39 ran it
             * twice, 1.2 s each, before target search took over) */
            double *f = jalloc(j, ((size_t)ncol + 1) * sizeof *f, 0);
            if (!f) {
                rc = -2;
                goto out;
            }
            for (int c = 0; c < ncol; c++)
                f[c] = rg[c] ? glp_get_obj_coef(R, rg[c]) : 0.0;
            long pv;
            int pf;
            int pr = proximity(j, R, rg, f, glp_get_obj_coef(R, 0), lround(j->sr.ext), j->gb_now, 0,
                               limit_ms, &pv, &pf);
            jfree(j, f);
            if (pr == 1) { /* pv: the last value searched from */
                j->prox_from = pv;
                j->prox_gb = j->gb_now;
                prox_none = !pf;
            }
            if (pr == 0 || pr == 2 || (pr == 1 && pf)) {
                /* settled: nothing in R below pv (the allocation found, if
                 * any, is R's optimum); or a better allocation to restart
                 * from; or the time limit */
                *v = pv;
                *status = pf ? (pr == 0 ? GLP_OPT : GLP_FEAS) : pr == 0 ? GLP_NOFEAS : GLP_UNDEF;
                rc = pr == 0 ? 0 : pr == 2 ? GLP_ETMLIM : TARGET_RESTART;
                goto out;
            }
            if (pr < 0) {
                rc = GLP_EFAIL;
                goto out;
            }
        }
        /* after a proximity search that found nothing in its nodes, the
         * restriction is likely empty below the cap: the pseudocost proof
         * search first (cheap proofs of emptiness; guarded by
         * PCH_WORK_MAX), then the TARGET_NODES nodes.  Measured (eleventh
         * session): --rich 120-aios seed 119 (LP bound 183 integral,
         * optimum 184) 80 s -> 9 s, the 1,000 nodes having taken 71 s
         * before one pseudocost node settled it; of the 400 60-aios
         * instances only 123 takes the path (12.2 -> 11.2 s).  Elsewhere
         * the order stays: pseudocost first in every target search cost
         * 2-3.5 s on eight 60-aios instances whose short try (target mode
         * 2) the 1,000 nodes settle, 108 -> 123 s over the 400. */
        rc = below_search(j, R, rg, ind, val, limit_ms, prox_none, j->target_mode == 2, j->sr.cap,
                          status, v);
        if (rc == 1)
            rc = TARGET_NO_DIVE; /* a short try (mode 2) not settled: the caller goes on */
        goto out;
    }
    /* the caller's best allocation (warm, of value restart_above), when the
     * main solve has one: if it does not fit the restriction, a dive no
     * better than it is no start (a search from it stopped at each
     * allocation between the two and, that one no better than the best,
     * started the round again: bench/gen.py 200 + 200 --tight 5 --ratio
     * 1.0:1.15 seed 226, from 2179 to 1178 with 193 known, four times
     * over, then 150 s to the time limit) */
    double best_above = j->sr.restart_above;
    int below_best = warm && j->main && j->known_opt == LONG_MIN;
    if (warm) {
        /* GLPK takes a heuristic solution without checking the rows: hand
         * over only one that fits the restriction (the lottery's previous
         * allocation may use columns or slack this restriction leaves out) */
        for (int c = 0; c < ncol && warm; c++) {
            if (rg[c])
                xr[rg[c]] = warm[c];
            else if (fabs(warm[c]) > 1e-9)
                warm = NULL;
        }
        if (warm && !x_fits(R, xr, ind, val))
            warm = NULL;
    }
    if (!warm) {
        /* a first allocation by diving in the restriction: with the bound
         * usually tight, it is often optimal at once */
        double *xd = jalloc(j, ((size_t)ncol + 2) * sizeof *xd, 0);
        if (xd && dive(j, R, rg, xd, &j->dive_val) == 0 &&
            !(below_best && (double)j->dive_val > best_above - 0.5)) {
            long dv = j->dive_val;
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  restricted dive: %.2f s, value %ld\n", now_seconds() - j->t0, dv);
            for (int c = 0; c < ncol; c++) {
                j->x[c] = rg[c] ? xd[rg[c]] : 0.0;
                if (rg[c])
                    xr[rg[c]] = j->x[c];
            }
            warm = j->x;
            dove = 1;
            j->sr.restart_above = (double)dv;
            if (j->main && !bp->tiered && !j->redived && dv - j->gb_now > target_span()) {
                /* far above the bound (someone unplaced): the caller keeps
                 * this allocation and dives once more, one wider (measured
                 * below, exact_rounds) */
                j->redived = 1;
                jfree(j, xd);
                *v = dv;
                *status = GLP_FEAS;
                rc = TARGET_REDIVE;
                goto out;
            }
            if (j->main && dv > j->gb_now && (dv - j->gb_now <= target_span() || !j->target_tried)) {
                /* near the bound, or the short try at the bound not yet
                 * made: the caller goes on in target mode */
                jfree(j, xd);
                *v = dv;
                *status = GLP_FEAS;
                rc = TARGET_RESTART;
                goto out;
            }
            if (dv <= j->gb_now) {
                /* at the proven bound of the whole problem: optimal */
                jfree(j, xd);
                *v = dv;
                *status = GLP_FEAS;
                rc = GLP_ESTOP;
                j->sr.proved = 1;
                goto out;
            }
        }
        jfree(j, xd);
        if (below_best && !warm) {
            /* only an allocation below the best counts (as if GLPK had the
             * best as its incumbent): the searches of target mode, below
             * the best; none there settles the restriction, whose cap is
             * at most the best */
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  restricted dive: %.2f s, none below %.0f\n",
                        now_seconds() - j->t0, best_above);
            rc = below_search(j, R, rg, ind, val, limit_ms, 0, 0, best_above, status, v);
            goto out;
        }
        /* the lottery's own sum solve knows the optimum (known_opt), and
         * exact_rounds starts its bound there, so every cap lies above it:
         * an optimal allocation lies in this restriction (its cost is at
         * most lb + delta) and no search can prove the restriction empty.
         * Measured on data/example, lottery seed 2: a 7-node proof search
         * of 17.8 s that settled nothing */
        if (!warm && j->main && j->known_opt == LONG_MIN) {
            /* not in a lottery step: its own stages follow (measured on
             * data/example seed 2: with these searches every hard step
             * took twice as long, and a step's restrictions, proven empty
             * one by one, widened through 18 rounds) */
            int pr = proof_search(j, R, rg, ind, val, limit_ms, PROOF_NODES, GLP_BR_PCH, j->sr.cap,
                                  status, v);
            if (pr != 1) {
                rc = pr;
                goto out;
            }
        }
        if (!warm && !blind) {
            rc = TARGET_NO_DIVE; /* the caller widens the restriction first */
            goto out;
        }
        if (!j->dive_only) {
            /* for the branch and bound below (the dive left R's basis
             * off its optimum); a dive-only round makes none, and R is
             * deleted next: data/example lottery seed 1 15.8 -> 13.7 s */
            rc = lp_solve(R, 0, limit_ms, j->t0);
            if (rc != 0)
                goto out;
        }
    }
    if (j->dive_only) {
        /* as at a node budget: the dive's allocation (if any) to the caller */
        j->sr.budget_hit = 1;
        *status = dove ? GLP_FEAS : GLP_UNDEF;
        *v = j->dive_val;
        rc = 0;
        goto out;
    }
    rc = mip_solve(R, &j->sr, j->o, limit_ms, j->t0, warm ? xr : NULL);
    if (take_mip(j, R, rg, status, v))
        rc = TARGET_RESTART;
out:
    if (j->R)
        glp_delete_prob(j->R);
    j->R = NULL;
    jfree(j, rg), jfree(j, pinv), jfree(j, ind), jfree(j, val), jfree(j, xr);
    return rc;
}

/* Exact search by reduced-cost targets over P's LP optimum (captured by
 * capture_lp, value lb).  *have, *best and j->x: the best allocation so far
 * (in and out); *gb_out the proven bound; *proven when *best reaches it.
 * geometric: widen delta 0, 1, 3, 7, ... even with an allocation (the
 * lottery's steps, whose tiered objective makes best - 1 - lb huge).
 * Returns 0, 2 when interrupted, -1 on an error (reported). */
static int exact_rounds(job_t *j, double lb, int geometric, int *have, long *best, long *gb_out,
                        int *proven)
{
    const built_t *bp = &j->b;
    const solve_opts_t *o = j->o;
    allocation_t *al = j->al;
    diags_t *d = j->d;
    search_t *sr = &j->sr;
    double *x = j->x, t0 = j->t0;
    int ncol = bp->m.ncol;
    /* Exact search by reduced-cost targets.  With the LP optimum lb and the
     * reduced costs dj, every allocation that uses a column c off the bound
     * it had in the LP costs at least lb + |dj[c]|.  So the allocations of
     * cost <= lb + g use only the columns with |dj| <= g: branch and bound
     * runs over those (the rest fixed at their LP bounds), for g from
     * ceil(lb) - lb upwards.  Whatever it finds, no allocation outside costs
     * less than cap = floor(lb + g) + 1, so min(its bound, cap) bounds the
     * whole problem; the first round whose allocation reaches that bound is
     * optimal. */
    long gb = (long)ceil(lb - 1e-6); /* proven lower bound of the whole problem */
    if (j->main && j->known_opt > gb)
        gb = j->known_opt; /* the lottery's own sum solve: the first solve proved it */
    double delta = (double)gb - lb;
    if (delta < 0)
        delta = 0;
    sr->restarts = j->main ? RESTARTS : 0;
    j->target_tried = 0;
    j->redived = 0;
    j->prox_from = LONG_MIN;
    int redive = 0; /* this round dives again (TARGET_REDIVE) */
    long shown = LONG_MIN; /* the best a progress line said was optimal */
    for (int round = 0; !*proven; round++) {
        if (*have && *best <= gb) {
            /* an allocation at the proven bound (given, or a restart's):
             * optimal (without this check after a restart the next round
             * dived again below it and, the allocation no better, restarted
             * for ever: --rich 60-aios seed 270, where the proximity search
             * found 140 at the bound 140) */
            *proven = 1;
            break;
        }
        if (j->round_budget > 0 && round >= j->round_budget) {
            sr->budget_hit = 1; /* as a node budget: the caller goes on */
            break;
        }
        if (*have && (double)*best - 1.0 - lb < delta)
            delta = (double)*best - 1.0 - lb; /* enough to find any improvement */
        /* close a small gap from below: is there an allocation at the
         * bound?  (target_round's target mode: none is a proof that raises
         * the bound by one) */
        j->target_mode = 0;
        if (j->main && *have && *best > gb && !redive) {
            if (*best - gb <= target_span()) {
                j->target_mode = 1;
            } else if (!j->target_tried) {
                /* far above (a dive that left someone unplaced, or a weak
                 * bound): one short try at the bound */
                j->target_mode = 2;
                j->target_tried = 1;
            }
        }
        if (j->target_mode)
            delta = (double)gb - lb;
        long cap = (long)floor(lb + delta + 1e-6) + 1;
        sr->has_cap = 1;
        sr->cap = (double)cap;
        int ms, nfree = 0;
        long v = 0;
        j->gb_now = gb;
        sr->have_ext = *have && j->main;
        sr->ext = (double)*best;
        sr->floor = j->main ? (double)gb : -DBL_MAX;
        sr->restart_above = *have ? (double)*best : DBL_MAX;
        /* no allocation yet, the dive found none in the restriction and
         * the proof search did not settle it: it may hold none at all
         * (seen: LP 168, optimum 169, and GLPK's search over the
         * restriction of delta 0 found nothing in 300 s).  Widen it and
         * dive again before a blind search; blind only from the third
         * round (delta 3) on.  TARGET_NO_DIVE also ends a short try of
         * target mode that settled nothing */
        int r = target_round(j, delta, *have && !redive ? x : NULL, (*have && !redive) || round >= 2,
                             &ms, &v, &nfree);
        redive = 0;
        if (r == TARGET_NO_DIVE) {
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr,
                        "  target round %d: delta %.2f, %d free columns, %.2f s, no dive: widened\n",
                        round, delta, nfree, now_seconds() - t0);
            delta = 2.0 * delta + 1.0;
            continue;
        }
        if (r == -2) {
            diag_error(d, NULL, 0, NULL, "out of memory while solving");
            return -1;
        }
        if (r == GLP_ETMLIM && ms == GLP_UNDEF)
            break;
        if (sr->interrupted)
            return 2;
        if (ms == GLP_OPT || ms == GLP_FEAS) {
            /* target_round wrote x only when v is new; keep the better one */
            if (!*have || v < *best) {
                *best = v;
                memcpy(j->xbest, x, (size_t)ncol * sizeof *x);
            } else {
                memcpy(x, j->xbest, (size_t)ncol * sizeof *x);
            }
            if (!*have && j->main) {
                al->t_dive = now_seconds() - t0 - al->t_build - al->t_lp;
                if (o->progress) {
                    /* the proven bound: the LP bound rounded up (every
                     * cost is an integer), or more after earlier rounds */
                    print_best((double)*best, (double)gb, now_seconds() - t0);
                    if (*best <= gb)
                        shown = *best; /* that line said gap 0 already */
                }
            }
            *have = 1;
        } else if (r != 0 && r != GLP_ETMLIM && r != GLP_ESTOP && r != GLP_ENOPFS && r != GLP_EMIPGAP) {
            diag_error(d, NULL, 0, NULL, "the solver failed (GLPK code %d, MIP status %d)", r, ms);
            return -1;
        }
        if (r == TARGET_REDIVE) {
            /* the first dive left someone unplaced: dive again in the
             * restriction one wider before searching from that allocation
             * (institute size, seed 1: the dive at delta 0 left one aios
             * unplaced, 1086, and the search from there found the optimum
             * 87 in 25 s; the dive at delta 1 gives 89, and target mode's
             * proximity search 87 in 0.6 s) */
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  target round %d: delta %.2f, %.2f s, dive %ld: dive again wider\n",
                        round, delta, now_seconds() - t0, v);
            redive = 1;
            delta += 1.0;
            round--;
            continue;
        }
        if (r == TARGET_RESTART) {
            /* measured: GLPK's search proves a bound far sooner when it
             * starts from the better allocation than when it finds it on
             * the way (bench/gen.py --rich seed 13: optimal in 54 s, not
             * proven in 300 s without restarts) */
            sr->restarts--;
            if (getenv("STAGEMATCH_DEBUG"))
                fprintf(stderr, "  target round %d: delta %.2f, %.2f s, found %ld: restarted\n", round,
                        delta, now_seconds() - t0, v);
            round--;
            continue; /* the same delta, unless best - 1 - lb is smaller or target mode sets it */
        }
        int done = (r == 0 && (ms == GLP_OPT || ms == GLP_NOFEAS)) || r == GLP_ENOPFS ||
                   (r == GLP_ESTOP && sr->proved);
        if (done) {
            /* the restriction is solved: its optimum (or none) and the cap
             * bound the whole problem */
            long rb = cap;
            if (ms == GLP_OPT && v < rb)
                rb = v;
            if (r == GLP_ESTOP && sr->proved)
                rb = *best;
            if (rb > gb)
                gb = rb;
        }
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  target round %d: delta %.2f, %d free columns, %.2f s, best %ld, bound %ld%s\n",
                    round, delta, nfree, now_seconds() - t0, *have ? *best : -1L, gb,
                    done ? "" : " (stopped)");
        sr->bound = (double)gb;
        if (*have && *best <= gb) {
            *proven = 1;
            break;
        }
        if (!done)
            break; /* time limit (or gap): report what we have */
        /* nothing below cap in the restriction: widen it, at once to every
         * column that could improve the best allocation when there is one
         * (geometric: no further than 2 delta + 1; so too when the best is
         * far above the bound, someone unplaced: at once would be every
         * column; --rich seed 13: 198 s in all that way, 155 s step by step) */
        delta = 2.0 * delta + 1.0;
        int geo = geometric || (j->main && *have && *best - gb > target_span());
        if (*have && (!geo || delta > (double)*best - 1.0 - lb))
            delta = (double)*best - 1.0 - lb;
    }
    sr->has_cap = 0;
    *gb_out = gb;
    if (j->main && o->progress && *proven && *best != shown) {
        /* the last line says so when the search proved its allocation
         * optimal (the lines every 2 s may not have) */
        print_best((double)*best, (double)gb, now_seconds() - t0);
    }
    return 0;
}

/* Append to list[0..nl) the pool columns (within INIT_POOL_SLACK of the
 * cheapest) of the (group, kind)s of its plan columns that were not wanted
 * yet (want: per link row); every listed column's gcol is 0 on return, to
 * be activated.  Returns the new length, -1 when out of memory. */
static int with_kind_pools(const built_t *bp, const planset_t *ps, int *gcol, int *list, int nl,
                           unsigned char *want)
{
    int fresh = 0;
    for (int i = 0; i < nl; i++) {
        gcol[list[i]] = -1; /* listed: pool_pick passes it by */
        fresh += want_plan(bp, ps, list[i], want);
    }
    if (fresh) {
        int more = pool_pick(bp, gcol, list + nl, INIT_POOL_SLACK, want);
        if (more < 0)
            return -1;
        nl += more;
    }
    for (int i = 0; i < nl; i++)
        gcol[list[i]] = 0;
    return nl;
}

static int solve_core(job_t *j)
{
    const instance_t *in = j->in;
    const planset_t *ps = j->ps;
    const solve_opts_t *o = j->o;
    allocation_t *al = j->al;
    diags_t *d = j->d;
    built_t *bp = &j->b;
    int ncol = bp->m.ncol;
    int *gcol = j->gcol, *list = j->list;
    double *dual = j->dual, *x = j->x;
    double t0 = j->t0;
    search_t *sr = &j->sr;
    long best_obj = 0, model_bound = 0, gb_seen = LONG_MIN;
    double model_value = 0;
    al->t_build = now_seconds() - t0;
    if (bp->m.nnz > 0 && glp_check_dup(bp->m.nrow, ncol, bp->m.nnz, bp->m.ia, bp->m.ja) != 0) {
        diag_error(d, NULL, 0, NULL, "internal error: duplicate entry in the model matrix");
        return -1;
    }
    if (getenv("STAGEMATCH_DEBUG")) {
        int cnt[9] = {0};
        for (int c = 0; c < ncol; c++)
            cnt[bp->m.col[c].type]++;
        fprintf(stderr, "model (%.2f s): %d rows, %d groups; columns y %d u %d zp %d zs %d n %d ws %d wu %d k %d m %d\n", now_seconds() - t0,
                bp->m.nrow, bp->ngroup, cnt[COL_Y], cnt[COL_U], cnt[COL_ZP], cnt[COL_ZS], cnt[COL_N],
                cnt[COL_WS], cnt[COL_WU], cnt[COL_K], cnt[COL_M]);
    }
    if (o->export_path) {
        /* the whole model, every column, for other solvers and analysts */
        glp_prob *E = new_prob(bp);
        int nl = 0;
        for (int c = 0; c < ncol; c++)
            list[nl++] = c;
        activate(E, bp, &j->k, gcol, list, nl);
        name_cols(E, bp, gcol);
        int er = export_model(E, o->export_path, d);
        glp_delete_prob(E);
        memset(gcol, 0, ((size_t)ncol + 1) * sizeof *gcol);
        if (er < 0)
            return -1;
    }

    memset(sr, 0, sizeof *sr);
    sr->o = o;
    sr->t0 = t0;
    sr->last_print = t0;
    sr->every = 2.0;
    if (getenv("STAGEMATCH_PROGRESS_EVERY"))
        sr->every = atof(getenv("STAGEMATCH_PROGRESS_EVERY"));
    /* with lexicographic weights the objective is large: a relative
     * tolerance of 1e-7 could prune a better allocation */
    if (bp->tiered)
        sr->tol_obj = 1e-11;
    double limit_ms = o->time_limit > 0 ? o->time_limit * 1000.0 : 0;
    int proven = 0;
    glp_prob *P = j->P = new_prob(bp);
    if (ncol == 0) {
        proven = 1; /* nobody to place: the allocation is the constant part */
        al->status = SOLVE_OPTIMAL;
        al->bound = (long)bp->constant;
        goto read;
    }
    /* Column generation: start from every count and wish column, per
     * trainee its plans of least cost and "unplaced", and per group and
     * placement kind of those plans the pools within 1 of the cheapest; add
     * the columns whose reduced cost is negative (and with a plan of a new
     * kind that kind's pools within 1) until there are none.  The LP
     * optimum is then the optimum of the whole relaxation.  (The lottery
     * then activates every other column: its steps reweight the
     * objective.) */
    unsigned char *want = jalloc(j, (size_t)bp->m.nrow + 1, 1); /* per link row */
    if (!want) {
        diag_error(d, NULL, 0, NULL, "out of memory while solving");
        return -1;
    }
    {
        int nl = 0;
        double *ymin = malloc(((size_t)in->ntr + 1) * sizeof *ymin);
        if (!ymin) {
            diag_error(d, NULL, 0, NULL, "out of memory while solving");
            return -1;
        }
        for (int t = 0; t < in->ntr; t++)
            ymin[t] = DBL_MAX;
        for (int c = 0; c < ncol; c++)
            if (bp->m.col[c].type == COL_Y && bp->m.col[c].obj < ymin[bp->m.col[c].a])
                ymin[bp->m.col[c].a] = bp->m.col[c].obj;
        for (int c = 0; c < ncol; c++) {
            const col_t *cl = &bp->m.col[c];
            if (cl->type == COL_ZP ||
                (cl->type == COL_Y && cl->obj > ymin[cl->a] + INIT_PLAN_SLACK + 1e-9))
                continue;
            list[nl++] = c;
            gcol[c] = -1; /* listed */
        }
        free(ymin);
        /* measured (eighth session, simplex profiled): GLPK's dual simplex
         * spends most of each iteration in loops over the non-basic
         * columns (ratio test, reduced cost update), so the first LP's
         * time follows its column count.  Institute size, seeds 1-6 and
         * 42: the relaxation 2.1-4.5 s from these columns (17,000 of
         * 55,000 after pricing) against 3.4-10 s from every plan and the
         * pools within 3 (50,000); 800 + 800: 88 s against 158 s.
         * Only the pools of the kinds these plans have (ninth session):
         * the relaxation 20% faster again (12,000-17,000 columns after
         * pricing; 800 + 800: 60 s against 77 s) */
        nl = with_kind_pools(bp, ps, gcol, list, nl, want);
        if (nl < 0) {
            diag_error(d, NULL, 0, NULL, "out of memory while solving");
            return -1;
        }
        activate(P, bp, &j->k, gcol, list, nl);
    }
    /* the first LP through GLPK's presolver (which solves the reduced LP by
     * the primal simplex from its crash basis, glp_adv_basis), then each
     * pricing round by the primal simplex from the last basis.  Measured
     * (ninth session, institute seeds 42, 1-6, one after another):
     * relaxation 14.0 s in all from the crash basis against 17.7 s by the
     * dual simplex from the slack basis; the dual simplex from the crash
     * basis took 20-40 s (it is not dual feasible).  Tenth session: a
     * quarter of the rows are empty in the first LP (link rows of kinds
     * no active plan has), and GLPK keeps every row in its basis; the
     * presolver drops them (and the singleton rows of the wishes): the
     * first round 1.5 -> 1.0 s at 200 + 200.  Eleventh session: the rows
     * perturbed (perturb_rows) until no column prices out; the rounds
     * after that are exact */
    double *psave = jalloc(j, ((size_t)glp_get_num_rows(P) + 1) * sizeof *psave, 1);
    if (!psave) {
        diag_error(d, NULL, 0, NULL, "out of memory while solving");
        return -1;
    }
    perturb_rows(P, psave, 1);
    int lpr, clean = 0;
    for (int first = 1;; first = 0) {
        if (o->interrupt && *o->interrupt) {
            al->status = SOLVE_NO_ALLOCATION;
            return 0;
        }
        lpr = clean ? lp_clean(P, limit_ms, t0) : lp_run(P, 0, limit_ms, t0, 0, first);
        clean = 0;
        if (lpr == GLP_ETMLIM) {
            al->status = SOLVE_NO_ALLOCATION;
            return 0;
        }
        if (lpr != 0) {
            diag_error(d, NULL, 0, NULL,
                       "the solver failed on the linear relaxation (GLPK code %d, status %d)",
                       lpr, glp_get_status(P));
            return -1;
        }
        for (int r = 1; r <= bp->m.nrow; r++)
            dual[r] = glp_get_row_dual(P, r);
        int nl = 0;
        for (int c = 0; c < ncol; c++)
            if (!gcol[c] && reduced_cost(bp, &j->k, dual, c) < -1e-7)
                list[nl++] = c;
        /* a plan of a kind new to its group brings that kind's pools
         * within the slack at once (else the plan would wait a round
         * for them) */
        nl = with_kind_pools(bp, ps, gcol, list, nl, want);
        if (nl < 0) {
            diag_error(d, NULL, 0, NULL, "out of memory while solving");
            return -1;
        }
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "  cg round: %.2f s, obj %.3f, adding %d, %d iterations%s\n", now_seconds() - t0, glp_get_obj_val(P), nl, glp_get_it_cnt(P), psave ? " (perturbed)" : "");
        if (nl == 0 && psave) {
            /* the exact LP from here (lp_clean), then one more round of
             * pricing */
            perturb_rows(P, psave, 0);
            jfree(j, psave);
            psave = NULL;
            clean = 1;
            continue;
        }
        if (nl == 0)
            break;
        activate(P, bp, &j->k, gcol, list, nl);
    }
    jfree(j, psave);
    jfree(j, want);
    if (o->policy == POLICY_LOTTERY) {
        /* the lottery's steps reweight the objective: every column active
         * from here on (at this optimum the others' reduced costs are >= 0,
         * so the basis stays optimal).  Measured on data/example: the
         * lottery's relaxation 1.0 s instead of 4.2 s over every column
         * from the start */
        int nl = 0;
        for (int c = 0; c < ncol; c++)
            if (!gcol[c])
                list[nl++] = c;
        activate(P, bp, &j->k, gcol, list, nl);
    }
    if (o->policy == POLICY_LOTTERY && j->max_unplaced >= 0) {
        /* no more aiossen unplaced than under the sum policy */
        int len = 0, *ind = malloc(((size_t)in->ntr + 2) * sizeof *ind);
        double *val = malloc(((size_t)in->ntr + 2) * sizeof *val);
        if (!ind || !val) {
            free(ind);
            free(val);
            diag_error(d, NULL, 0, NULL, "out of memory while solving");
            return -1;
        }
        for (int t = 0; t < in->ntr; t++)
            if (bp->ucol[t]) {
                ind[++len] = gcol[bp->ucol[t] - 1];
                val[len] = 1.0;
            }
        if (len) {
            int r = glp_add_rows(P, 1);
            glp_set_mat_row(P, r, len, ind, val);
            glp_set_row_bnds(P, r, GLP_UP, 0.0, j->max_unplaced);
        }
        free(ind);
        free(val);
        lpr = lp_solve(P, 1, limit_ms, t0);
        if (lpr == GLP_ETMLIM) {
            al->status = SOLVE_NO_ALLOCATION;
            return 0;
        }
        if (lpr != 0) {
            diag_error(d, NULL, 0, NULL, "the solver failed on the lottery's relaxation");
            return -1;
        }
    }
    double lb = glp_get_obj_val(P);
    sr->bound = lb;
    al->t_lp = now_seconds() - t0 - al->t_build;
    j->lp_done = 1;
    if (o->progress)
        fprintf(stderr, "stagematch: solving: relaxation solved, bound %.1f, %.1f s\n", lb,
                now_seconds() - t0);
    if (capture_lp(j) != 0) {
        diag_error(d, NULL, 0, NULL, "out of memory while solving");
        return -1;
    }
    if (getenv("STAGEMATCH_DEBUG")) {
        int na = 0;
        for (int c = 0; c < ncol; c++)
            na += gcol[c] != 0;
        fprintf(stderr, "LP %.2f s, bound %.3f, %d of %d columns\n", now_seconds() - t0, lb, na,
                ncol);
    }
    int have = 0;
    {
        long gb = 0;
        int er = exact_rounds(j, lb, 0, &have, &best_obj, &gb, &proven);
        if (er < 0)
            return -1;
        if (er == 2) {
            al->status = SOLVE_NO_ALLOCATION;
            return 0;
        }
        gb_seen = gb;
    }
    if (have && o->policy == POLICY_LOTTERY && proven) {
        /* every column is in P (listed at the start): the lottery adds rows
         * over them, starting from the sum-optimal allocation in x */
        j->main = 0; /* the steps print their own progress */
        int lr = lottery(j, &best_obj);
        j->main = 1;
        if (lr < 0) {
            diag_error(d, NULL, 0, NULL, "the solver failed during the lottery");
            return -1;
        }
        proven = lr == 0;
        if (getenv("STAGEMATCH_DEBUG"))
            fprintf(stderr, "lottery %.2f s, total %ld%s\n", now_seconds() - t0, best_obj,
                    proven ? "" : " (stopped)");
    }
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "MIP %.2f s, best %ld, %d columns\n", now_seconds() - t0,
                best_obj, glp_get_num_cols(P));
    if (!have) {
        al->status = SOLVE_NO_ALLOCATION;
        if (!bp->tiered) /* the bound proven so far, for the summary */
            al->bound = gb_seen > (long)ceil(lb - 1e-6) ? gb_seen : (long)ceil(lb - 1e-6);
        return 0;
    }
    model_bound = (long)ceil(lb - 1e-6);
    if (gb_seen > model_bound)
        model_bound = gb_seen;
    if (proven && o->mip_gap <= 0)
        al->status = SOLVE_OPTIMAL;
    else if (o->mip_gap > 0 && !(o->time_limit > 0 && now_seconds() - t0 >= o->time_limit))
        al->status = SOLVE_OPTIMAL; /* stopped within the requested gap */
    else
        al->status = proven ? SOLVE_OPTIMAL : SOLVE_TIME_LIMIT;
read:
    if (read_back(in, ps, bp, x, o, al, proven, &model_value) < 0) {
        diag_error(d, NULL, 0, NULL, "internal error while reading the solution back");
        return -1;
    }
    if (ncol && llround(model_value) != best_obj) {
        diag_error(d, NULL, 0, NULL,
                   "internal error: model objective %ld differs from the allocation's cost %.0f",
                   best_obj, model_value);
        return -1;
    }
    if (getenv("STAGEMATCH_DEBUG"))
        fprintf(stderr, "allocation: cost %ld, largest trainee cost %d, changed %d\n",
                al->objective, al->max_cost, al->changed);
    if (!ncol || (proven && o->mip_gap <= 0))
        al->bound = al->objective;
    else if (!bp->tiered)
        al->bound = model_bound; /* the model's objective is objective.md's */
    else {
        /* lexicographic tiers: the model's gap, carried over to the cost */
        long bb = al->objective - (best_obj - model_bound);
        al->bound = bb < 0 ? 0 : bb;
    }
    al->gap = al->objective > 0 ? (double)(al->objective - al->bound) / (double)al->objective : 0.0;
    if (al->gap < 0)
        al->gap = 0;
    return 0;
}

int solve_sum_hint(const instance_t *in, const planset_t *ps, const allocation_t *al,
                   solve_sum_hint_t *h)
{
    if (al->status != SOLVE_OPTIMAL)
        return -1;
    h->objective = al->objective;
    /* in the model: a trainee with no plan even alone has no "unplaced"
     * column, so is not counted in the lottery's row */
    h->unplaced = 0;
    for (int t = 0; t < al->ntr; t++)
        h->unplaced += al->res[t].outcome == OUT_UNPLACED && in->tr[t].planned &&
                       !ps->tp[t].empty_year && ps->tp[t].ntmpl > 0;
    return 0;
}

int solve_run(const instance_t *in, const planset_t *ps, const solve_opts_t *o,
              allocation_t *al, diags_t *d)
{
    /* GLPK aborts when it cannot set itself up on first use: set it up here,
     * where running out of memory can still be reported */
    int ie = glp_init_env();
    if (ie == 2 || ie == 3) {
        diag_error(d, NULL, 0, NULL,
                   ie == 2 ? "out of memory while starting the solver"
                           : "the solver cannot start (GLPK does not support this program model)");
        al->status = SOLVE_FAILED;
        return -1;
    }
    snprintf(al->solver_version, sizeof al->solver_version, "%s", solve_version());
    job_t *j = calloc(1, sizeof *j);
    glpk_ctx_t *g = calloc(1, sizeof *g);
    if (!j || !g) {
        free(j);
        free(g);
        diag_error(d, NULL, 0, NULL, "out of memory while building the model");
        al->status = SOLVE_FAILED;
        return -1;
    }
    j->in = in, j->ps = ps, j->o = o, j->al = al, j->d = d;
    j->t0 = now_seconds();
    j->main = 1;
    j->max_unplaced = -1;
    j->known_opt = LONG_MIN;
    if (o->policy == POLICY_LOTTERY) {
        /* the sum policy's optimum and how many it leaves unplaced (the
         * lottery leaves no more): from the caller's sum run of the same
         * input and seed (fairness), else solved here */
        const solve_sum_hint_t *hp = o->sum_hint;
        solve_sum_hint_t h;
        if (!hp) {
            solve_opts_t so = *o;
            so.policy = POLICY_SUM;
            so.export_path = NULL;
            allocation_t a0;
            memset(&a0, 0, sizeof a0);
            int r0 = solve_run(in, ps, &so, &a0, d);
            int ok = r0 == 0 && solve_sum_hint(in, ps, &a0, &h) == 0; /* optimal */
            allocation_free(&a0);
            if (!ok) {
                free(j);
                free(g);
                al->status = r0 != 0 ? SOLVE_FAILED : SOLVE_NO_ALLOCATION;
                return r0;
            }
            hp = &h;
        } else if (getenv("STAGEMATCH_DEBUG")) {
            fprintf(stderr, "lottery: the sum optimum %ld with %d unplaced, from the caller's run\n",
                    hp->objective, hp->unplaced);
        }
        j->max_unplaced = hp->unplaced;
        j->known_opt = hp->objective;
    }
    int ntr = in->ntr, rc = -1;
    int *order = malloc((size_t)(ntr + 1) * sizeof *order);
    if (order) {
        for (int t = 0; t < ntr; t++)
            order[t] = t;
        uint64_t rng = mix64(o->seed);
        shuffle(order, ntr, &rng);
    }
    size_t nc = 0;
    if (order && build(in, ps, order, o, &j->b) == 0 && csc_make(&j->b.m, &j->k) == 0) {
        nc = (size_t)j->b.m.ncol;
        j->gcol = calloc(nc + 1, sizeof *j->gcol);
        j->list = malloc((nc + 1) * sizeof *j->list);
        j->dual = malloc(((size_t)j->b.m.nrow + 2) * sizeof *j->dual);
        j->dj = malloc((nc + 1) * sizeof *j->dj);
        j->atub = calloc(nc + 1, 1);
        j->x = calloc(nc + 1, sizeof *j->x);
        j->xbest = calloc(nc + 1, sizeof *j->xbest);
    }
    free(order);
    if (!j->x || !j->xbest || !j->dj || !j->atub || !j->dual || !j->list || !j->gcol) {
        diag_error(d, NULL, 0, NULL, "out of memory while building the model");
        goto out;
    }
    al->nvars = j->b.m.ncol;
    al->nrows = j->b.m.nrow;
    glp_term_hook(on_glpk_term, g);
    glp_error_hook(on_glpk_error, g);
    if (setjmp(g->jb)) {
        /* GLPK reported an internal error: its environment must be freed and
         * the problem object never touched again */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", g->msg);
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
            msg[--n] = 0;
        j->P = NULL;
        j->R = NULL;
        glp_free_env();
        diag_error(d, NULL, 0, NULL, "the solver failed: %s", n ? msg : "GLPK error");
        goto out;
    }
    rc = solve_core(j);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
out:
    al->seconds = now_seconds() - j->t0;
    if (!j->lp_done) /* stopped in the relaxation: all of it was relaxation */
        al->t_lp = al->seconds - al->t_build;
    al->t_search = al->seconds - al->t_build - al->t_lp - al->t_dive;
    if (al->t_search < 0)
        al->t_search = 0;
    if (rc != 0)
        al->status = SOLVE_FAILED;
    job_free(j);
    free(j);
    free(g);
    return rc;
}
