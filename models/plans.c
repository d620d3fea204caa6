/* plans.c - plan skeletons, alone-feasibility and costs (rules.md, objective.md) */
#include "plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "rules.h"

#define PREF "preferences.csv"

void planset_free(planset_t *ps)
{
    if (!ps)
        return;
    for (int i = 0; ps->tp && i < ps->ntr; i++) {   /* tp is NULL if its calloc failed */
        tplan_t *tp = &ps->tp[i];
        for (int k = 0; k < tp->nkind; k++)
            free(tp->kind[k].site);
        free(tp->kind);
        free(tp->tmpl);
        free(tp->no_plan_reason);
    }
    free(ps->tp);
    free(ps->locked_use);
    memset(ps, 0, sizeof *ps);
}

int plans_overlap(const instance_t *in, int start, int end, int *q_lo, int *q_hi)
{
    int lo = quarter_of_date(start), hi = quarter_of_date(end);
    int last = in->q_first + in->nq - 1;
    int beyond = hi > last || lo < in->q_first;
    *q_lo = lo < in->q_first ? in->q_first : lo;
    *q_hi = hi > last ? last : hi;
    return beyond;
}

int plans_region_cost(const instance_t *in, int t, int s, int yq)
{
    const trainee_t *tr = &in->tr[t];
    int given = 0;
    for (int i = 0; i < 3; i++) {
        if (tr->region_pref[i] < 0)
            continue;
        given = 1;
        if (tr->region_pref[i] == in->site[s].region)
            return i * yq;
    }
    return given ? 3 * yq : 0;
}

int plans_borrowed_cost(const instance_t *in, int s, int yq)
{
    return in->site[s].borrowed ? 4 * yq : 0;
}

int plans_meets_site_wish(const tplan_t *tp, int s)
{
    for (int i = 0; i < 3; i++)
        if (tp->site_wish[i] == s)
            return 1;
    return 0;
}

int plans_meets_sub_wish(const instance_t *in, const tplan_t *tp, int s)
{
    const char *st = in->site[s].subtype;
    if (!st || !*st)
        return 0;
    for (int i = 0; i < 2; i++)
        if (tp->sub_wish[i] && strcasecmp(tp->sub_wish[i], st) == 0)
            return 1;
    return 0;
}

int plans_plan_cost(const tplan_t *tp, int plan, int *rank)
{
    if (tp->nchoice == 0) {
        if (rank)
            *rank = 0;
        return 0;
    }
    for (int i = 0; i < 3; i++)
        if (tp->choice_plan[i] != PLAN_NONE && tp->choice_plan[i] == plan) {
            if (rank)
                *rank = i + 1;
            return 2 * i;
        }
    if (rank)
        *rank = 4;
    return 6;
}

/* ---- enumeration ------------------------------------------------------ */

/* A growing list of templates. */
typedef struct tlist {
    ptmpl_t *v;
    int n, cap;
} tlist_t;

static int tlist_push(tlist_t *l, const ptmpl_t *t)
{
    if (l->n == l->cap) {
        int nc = l->cap ? 2 * l->cap : 32;
        ptmpl_t *nv = realloc(l->v, (size_t)nc * sizeof *nv);
        if (!nv)
            return -1;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = *t;
    return 0;
}

static void slot_set(pslot_t *s, int field, char traject, int start, int end, int yq)
{
    memset(s, 0, sizeof *s);
    s->field = field;
    s->traject = traject;
    s->start = start;
    s->end = end;
    s->yq = yq;
    s->kind = -1;
    s->locked_site = -1;
    s->locked_row = -1;
}

/* Why templates were lost, for the unplaced reason. */
typedef struct why {
    int outside;         /* templates refused by the outside-hospital limit */
    int locked;          /* templates whose slots do not match the locked rows */
    int locked_factor;   /* a locked site whose min_factor is above the factor */
    int any;             /* templates before those checks */
} why_t;

/* Generate the rule-abiding templates of trainee t (without site checks). */
static int enumerate(const instance_t *in, int t, tlist_t *out, why_t *why)
{
    const trainee_t *tr = &in->tr[t];
    int aq = rules_a_quarters(tr), bq = rules_b_quarters(tr);
    int L = aq + bq;
    int f = tr->factor_pm;
    int pt = f < 1000;
    int Y[4];
    for (int i = 0; i < L; i++)
        Y[i] = tr->stage_start + i;
    int year_end = quarter_last_day(Y[L - 1]);

    /* A options: plan identity and position of the block in the year */
    int plans[8], np = 0;
    if (aq == 2) {
        plans[np++] = PLAN_SEH;
        for (int x = F_INT; x <= F_ORT; x++)
            plans[np++] = PLAN_SEH_X(x);
    } else if (aq == 1) {
        plans[np++] = PLAN_SINGLE(F_CAR);
        plans[np++] = PLAN_SINGLE(F_NEU);
        plans[np++] = PLAN_SINGLE(F_ORT);
    }
    int nopt = 0;
    int opt_plan[64], opt_pos[64];
    if (aq == 0) {
        opt_plan[0] = PLAN_NONE;
        opt_pos[0] = -1;
        nopt = 1;
    } else {
        for (int p = 0; p < np; p++)
            for (int s = 0; s + aq <= L; s++) {
                if (pt && s != L - aq)
                    continue; /* part-time: A block at the end of the year */
                opt_plan[nopt] = plans[p];
                opt_pos[nopt] = s;
                nopt++;
            }
    }

    /* B field sets: the standard one, and the elective variant */
    int bset[2][2], nb = 0, belec[2];
    {
        int base[2], n = 0;
        if (!tr->ex_months[F_GGZ])
            base[n++] = F_GGZ;
        if (!tr->ex_months[F_CCZ])
            base[n++] = F_CCZ;
        memcpy(bset[nb], base, sizeof base);
        belec[nb++] = 0;
        if (tr->b_elective != FIELD_NONE) {
            for (int i = 0; i < n; i++)
                if (base[i] == tr->b_replaces) {
                    memcpy(bset[nb], base, sizeof base);
                    bset[nb][i] = tr->b_elective;
                    belec[nb++] = 1;
                }
        }
    }

    for (int o = 0; o < nopt; o++) {
        ptmpl_t tm;
        memset(&tm, 0, sizeof tm);
        tm.plan = opt_plan[o];
        tm.a_start = QUARTER_NONE;
        int used[4] = {0, 0, 0, 0};
        if (tm.plan != PLAN_NONE) {
            int s = opt_pos[o];
            int q0 = Y[s];
            int d0 = quarter_first_day(q0);
            tm.a_start = q0;
            for (int i = 0; i < aq; i++)
                used[s + i] = 1;
            if (PLAN_KIND(tm.plan) == 0) { /* SEH, 2 quarters at one site */
                int end = pt ? d0 + rules_parttime_days(f, 2) - 1 : quarter_last_day(Y[s + 1]);
                slot_set(&tm.slot[tm.nslot++], F_SEH, 'A', d0, end, 2);
            } else if (PLAN_KIND(tm.plan) == 1) { /* SEH then X */
                int e1 = pt ? d0 + rules_parttime_days(f, 1) - 1 : quarter_last_day(q0);
                int e2 = pt ? e1 + rules_parttime_days(f, 1) : quarter_last_day(Y[s + 1]);
                slot_set(&tm.slot[tm.nslot++], F_SEH, 'A', d0, e1, 1);
                slot_set(&tm.slot[tm.nslot++], PLAN_X(tm.plan), 'A', e1 + 1, e2, 1);
            } else { /* one quarter of an A elective */
                int end = pt ? d0 + rules_parttime_days(f, 1) - 1 : quarter_last_day(q0);
                slot_set(&tm.slot[tm.nslot++], PLAN_X(tm.plan), 'A', d0, end, 1);
            }
        }
        int free_pos[4], nfree = 0;
        for (int i = 0; i < L; i++)
            if (!used[i])
                free_pos[nfree++] = i;
        for (int b = 0; b < nb; b++) {
            /* orders of the B fields over the free quarters */
            for (int ord = 0; ord < (bq == 2 ? 2 : 1); ord++) {
                ptmpl_t t2 = tm;
                t2.elective = belec[b];
                int outside = tr->outside_weeks;
                for (int i = 0; i < bq; i++) {
                    int fld = bset[b][bq == 2 && ord ? 1 - i : i];
                    int q = Y[free_pos[i]];
                    slot_set(&t2.slot[t2.nslot++], fld, 'B', quarter_first_day(q),
                             quarter_last_day(q), 1);
                    if (!field_in_hospital(fld))
                        outside += 13;
                }
                why->any++;
                /* rules.md: at most 26 weeks outside hospital and GP practice */
                if (outside > 26) {
                    why->outside++;
                    continue;
                }
                for (int i = 0; i < t2.nslot; i++)
                    if (rules_field_forbidden(tr, t2.slot[i].field))
                        goto next; /* cannot happen by construction; kept as a guard */
                for (int i = 0; i < t2.nslot; i++)
                    if (t2.slot[i].end > year_end)
                        t2.slot[i].ext_days = t2.slot[i].end - year_end;
                /* locked rows of this trainee are fixed parts of the plan */
                for (int r = 0; r < in->nlk; r++) {
                    const locked_t *lk = &in->lk[r];
                    if (lk->trainee != t)
                        continue;
                    int hit = 0;
                    for (int i = 0; i < t2.nslot && !hit; i++) {
                        pslot_t *sl = &t2.slot[i];
                        if (sl->locked_row < 0 && sl->field == in->site[lk->site].field &&
                            sl->start == lk->start && sl->end == lk->end) {
                            sl->locked_row = r;
                            sl->locked_site = lk->site;
                            hit = 1;
                        }
                    }
                    if (!hit) {
                        why->locked++;
                        goto next;
                    }
                    if (in->site[lk->site].min_factor_pm > f) {
                        why->locked_factor++;
                        goto next;
                    }
                }
                if (tlist_push(out, &t2) < 0)
                    return -1;
            next:;
            }
        }
    }
    return 0;
}

/* Sites that could take trainee t in [start, end] if nobody else took a place. */
static int sites_alone(const instance_t *in, int t, int field, int start, int end, int **out)
{
    int *v = malloc((size_t)(in->nsite ? in->nsite : 1) * sizeof *v);
    if (!v)
        return -1;
    int n = 0, lo, hi;
    plans_overlap(in, start, end, &lo, &hi);
    for (int s = 0; s < in->nsite; s++) {
        const site_t *si = &in->site[s];
        if (si->field != field || si->min_factor_pm > in->tr[t].factor_pm)
            continue;
        int ok = 1;
        for (int q = lo; q <= hi && ok; q++)
            ok = si->cap[q - in->q_first] >= 1;
        if (ok)
            v[n++] = s;
    }
    *out = v;
    return n;
}

/* Describe why nobody of field could take trainee t in [start, end]. */
static void blocker_text(const instance_t *in, int t, int field, int start, int end,
                         char *buf, size_t n)
{
    int nf = 0, nfac = 0;
    for (int s = 0; s < in->nsite; s++)
        if (in->site[s].field == field) {
            nf++;
            if (in->site[s].min_factor_pm <= in->tr[t].factor_pm)
                nfac++;
        }
    const char *fc = field_code(field);
    if (nf == 0) {
        snprintf(buf, n, "capacity.csv has no %s site", fc);
    } else if (nfac == 0) {
        int f = in->tr[t].factor_pm;
        snprintf(buf, n, "part-time %d.%02d but every %s site has a higher min_factor", f / 1000,
                 (f % 1000) / 10, fc);
    } else {
        int lo, hi;
        plans_overlap(in, start, end, &lo, &hi);
        char a[8], b[8];
        quarter_format(lo, a);
        quarter_format(hi, b);
        /* capacity may be there, at sites whose min_factor is too high */
        int roomy = 0;
        for (int s = 0; s < in->nsite && !roomy; s++) {
            if (in->site[s].field != field)
                continue;
            int ok = 1;
            for (int q = lo; q <= hi && ok; q++)
                ok = in->site[s].cap[q - in->q_first] >= 1;
            roomy = ok;
        }
        int f = in->tr[t].factor_pm;
        if (roomy && lo == hi)
            snprintf(buf, n, "part-time %d.%02d but every %s site with capacity in %s has a higher "
                     "min_factor", f / 1000, (f % 1000) / 10, fc, a);
        else if (roomy)
            snprintf(buf, n, "part-time %d.%02d but every %s site with capacity in every quarter "
                     "from %s to %s has a higher min_factor", f / 1000, (f % 1000) / 10, fc, a, b);
        else if (lo == hi)
            snprintf(buf, n, "no %s site has capacity in %s", fc, a);
        else
            snprintf(buf, n, "no %s site has capacity in every quarter from %s to %s", fc, a, b);
    }
}


/* Append text to a reason buffer unless already present. */
static void reason_add(char *buf, size_t n, const char *txt)
{
    if (strstr(buf, txt))
        return;
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "%s%s", len ? "; " : "", txt);
}

static int find_kind(tplan_t *tp, const pslot_t *s)
{
    for (int k = 0; k < tp->nkind; k++)
        if (tp->kind[k].field == s->field && tp->kind[k].start == s->start &&
            tp->kind[k].end == s->end)
            return k;
    return -1;
}

static int build_one(const instance_t *in, int t, tplan_t *tp, diags_t *d)
{
    const trainee_t *tr = &in->tr[t];
    for (int i = 0; i < 3; i++) {
        tp->site_wish[i] = -1;
        tp->choice_plan[i] = PLAN_NONE;
    }
    tp->a_period = QUARTER_NONE;
    for (int i = 0; i < 3; i++)
        if (tr->region_pref[i] >= 0)
            tp->regions_given = 1;
    if (rules_year_quarters(tr) == 0) {
        tp->empty_year = 1;
        return 0;
    }
    tlist_t all = {0};
    why_t why = {0};
    if (enumerate(in, t, &all, &why) < 0) {
        free(all.v);
        return -1;
    }
    /* site lists per kind; drop templates with a slot no site can take alone */
    char reason[1024] = "";
    int nk_cap = 0;
    for (int k = 0; k < all.n; k++) {
        ptmpl_t *tm = &all.v[k];
        int ok = 1;
        for (int i = 0; i < tm->nslot && ok; i++) {
            pslot_t *sl = &tm->slot[i];
            if (sl->locked_site >= 0)
                continue;
            int kk = find_kind(tp, sl);
            if (kk < 0) {
                if (tp->nkind == nk_cap) {
                    int nc = nk_cap ? 2 * nk_cap : 16;
                    pkind_t *nv = realloc(tp->kind, (size_t)nc * sizeof *nv);
                    if (!nv) {
                        free(all.v);
                        return -1;
                    }
                    tp->kind = nv;
                    nk_cap = nc;
                }
                pkind_t *pk = &tp->kind[tp->nkind];
                pk->field = sl->field;
                pk->start = sl->start;
                pk->end = sl->end;
                pk->yq = sl->yq;
                pk->nsite = sites_alone(in, t, sl->field, sl->start, sl->end, &pk->site);
                if (pk->nsite < 0) {
                    free(all.v);
                    return -1;
                }
                kk = tp->nkind++;
            }
            sl->kind = kk;
            if (tp->kind[kk].nsite == 0) {
                ok = 0;
                char b[256];
                blocker_text(in, t, sl->field, sl->start, sl->end, b, sizeof b);
                reason_add(reason, sizeof reason, b);
            }
        }
        if (ok)
            all.v[tp->ntmpl++] = *tm; /* compact in place: ntmpl <= k */
    }
    tp->tmpl = all.v;
    if (tp->ntmpl == 0) {
        char buf[1400];
        if (why.any > 0 && why.outside == why.any)
            snprintf(buf, sizeof buf,
                     "no plan the rules allow: %d planned outside weeks plus 13 weeks for "
                     "each GGZ, CCZ or WO stage exceed the outside-hospital limit of 26 weeks "
                     "(ask for a hospital B elective replacing GGZ or CCZ)",
                     tr->outside_weeks);
        else if (why.locked + why.locked_factor + why.outside == why.any && why.any > 0)
            snprintf(buf, sizeof buf,
                     "no plan the rules allow contains the locked placement(s) in locked.csv "
                     "(check their dates and site against the stage year%s)",
                     why.locked_factor ? " and the site's min_factor" : "");
        else
            snprintf(buf, sizeof buf, "no plan fits even with every place free: %s", reason);
        tp->no_plan_reason = strdup(buf);
        return tp->no_plan_reason ? 0 : -1;
    }
    /* locked placements that already meet wishes are handled per template below */

    /* wishes that no feasible-alone plan can meet are ignored (objective.md) */
    static const char *const acol[3] = {"a_choice_1", "a_choice_2", "a_choice_3"};
    for (int i = 0; i < 3; i++) {
        int p = tr->a_choice[i];
        if (p == PLAN_NONE)
            continue;
        int ok = 0;
        for (int k = 0; k < tp->ntmpl && !ok; k++)
            ok = tp->tmpl[k].plan == p;
        char pb[12];
        plan_format(p, pb);
        if (!ok)
            diag_warn(d, PREF, tr->line, acol[i],
                      "trainee %s: plan '%s' cannot be met even with every place free "
                      "(no site, capacity or min_factor allows it in this stage year): ignored",
                      tr->id, pb);
        else {
            tp->choice_plan[i] = p;
            tp->nchoice++;
        }
    }
    if (tr->b_elective != FIELD_NONE) {
        int ok = 0;
        for (int k = 0; k < tp->ntmpl && !ok; k++)
            ok = tp->tmpl[k].elective;
        if (ok)
            tp->elective_asked = 1;
        else
            diag_warn(d, PREF, tr->line, "b_elective",
                      "trainee %s: elective %s cannot be granted even with every place free "
                      "(outside-hospital limit, capacity or min_factor rule it out): ignored",
                      tr->id, field_code(tr->b_elective));
    }
    if (tr->a_period != QUARTER_NONE) {
        int ok = 0;
        for (int k = 0; k < tp->ntmpl && !ok; k++)
            ok = tp->tmpl[k].a_start == tr->a_period;
        char qb[8];
        quarter_format(tr->a_period, qb);
        if (ok)
            tp->a_period = tr->a_period;
        else
            diag_warn(d, PREF, tr->line, "a_period",
                      "trainee %s: traject A cannot start in %s for this trainee (outside the "
                      "stage year, no A at all, or not at its end for a part-timer): ignored",
                      tr->id, qb);
    }
    static const char *const scol[3] = {"site_1", "site_2", "site_3"};
    for (int i = 0; i < 3; i++) {
        int s = tr->site_wish[i];
        if (s < 0)
            continue;
        int ok = 0;
        for (int k = 0; k < tp->ntmpl && !ok; k++)
            for (int j = 0; j < tp->tmpl[k].nslot && !ok; j++) {
                const pslot_t *sl = &tp->tmpl[k].slot[j];
                if (sl->locked_site >= 0) {
                    ok = sl->locked_site == s;
                    continue;
                }
                const pkind_t *pk = &tp->kind[sl->kind];
                for (int m = 0; m < pk->nsite && !ok; m++)
                    ok = pk->site[m] == s;
            }
        if (ok) {
            int dup = 0;
            for (int j = 0; j < i; j++)
                dup |= tp->site_wish[j] == s;
            if (!dup)
                tp->site_wish[tp->nsite_wish++] = s;
        } else
            diag_warn(d, PREF, tr->line, scol[i],
                      "trainee %s: site '%s' cannot be met even with every place free (its "
                      "field, min_factor or capacity fits no plan of this trainee): ignored",
                      tr->id, in->site[s].id);
    }
    static const char *const ucol[2] = {"subtype_1", "subtype_2"};
    for (int i = 0; i < 2; i++) {
        const char *w = tr->subtype_wish[i];
        if (!w)
            continue;
        int ok = 0;
        for (int k = 0; k < tp->ntmpl && !ok; k++)
            for (int j = 0; j < tp->tmpl[k].nslot && !ok; j++) {
                const pslot_t *sl = &tp->tmpl[k].slot[j];
                if (sl->locked_site >= 0) {
                    const char *st = in->site[sl->locked_site].subtype;
                    ok = st && strcasecmp(st, w) == 0;
                    continue;
                }
                const pkind_t *pk = &tp->kind[sl->kind];
                for (int m = 0; m < pk->nsite && !ok; m++) {
                    const char *st = in->site[pk->site[m]].subtype;
                    ok = st && strcasecmp(st, w) == 0;
                }
            }
        if (ok)
            tp->sub_wish[tp->nsub_wish++] = w;
        else
            diag_warn(d, PREF, tr->line, ucol[i],
                      "trainee %s: subtype '%s' cannot be met even with every place free (no "
                      "site of that subtype fits a plan of this trainee): ignored",
                      tr->id, w);
    }

    /* fixed costs per template */
    for (int k = 0; k < tp->ntmpl; k++) {
        ptmpl_t *tm = &tp->tmpl[k];
        int c = plans_plan_cost(tp, tm->plan, NULL);
        if (tp->elective_asked && !tm->elective)
            c += 3 + 2 * tr->b_priority;
        if (tp->a_period != QUARTER_NONE && tm->a_start != tp->a_period)
            c += 2;
        int sw = 0, uw = 0;
        for (int j = 0; j < tm->nslot; j++) {
            const pslot_t *sl = &tm->slot[j];
            if (sl->locked_site < 0)
                continue;
            c += plans_region_cost(in, t, sl->locked_site, sl->yq) +
                 plans_borrowed_cost(in, sl->locked_site, sl->yq);
            sw |= plans_meets_site_wish(tp, sl->locked_site);
            uw |= plans_meets_sub_wish(in, tp, sl->locked_site);
        }
        /* locked rows are in every template, so these are per trainee */
        tp->site_wish_met_locked = sw;
        tp->sub_wish_met_locked = uw;
        if (tp->nsite_wish && !sw)
            c += 1;
        if (tp->nsub_wish && !uw)
            c += 1;
        tm->cost = c;
    }
    return 0;
}

int plans_build(const instance_t *in, planset_t *ps, diags_t *d)
{
    memset(ps, 0, sizeof *ps);
    ps->ntr = in->ntr;
    ps->tp = calloc((size_t)(in->ntr ? in->ntr : 1), sizeof *ps->tp);
    ps->locked_use = calloc((size_t)(in->nsite * in->nq + 1), sizeof *ps->locked_use);
    if (!ps->tp || !ps->locked_use)
        goto oom;
    for (int r = 0; r < in->nlk; r++) {
        int lo, hi;
        plans_overlap(in, in->lk[r].start, in->lk[r].end, &lo, &hi);
        for (int q = lo; q <= hi; q++)
            ps->locked_use[in->lk[r].site * in->nq + (q - in->q_first)]++;
    }
    for (int t = 0; t < in->ntr; t++)
        if (in->tr[t].planned && build_one(in, t, &ps->tp[t], d) < 0)
            goto oom;
    if (d->oom)   /* a warning was lost: not a complete result */
        goto oom;
    return 0;
oom:
    diag_error(d, NULL, 0, NULL, "out of memory while enumerating plans");
    return -1;
}

int plans_evaluate(const instance_t *in, const planset_t *ps, int t, int k,
                   const int *site, trainee_result_t *res)
{
    const tplan_t *tp = &ps->tp[t];
    const trainee_t *tr = &in->tr[t];
    const ptmpl_t *tm = &tp->tmpl[k];
    int rank = 0;
    int c = plans_plan_cost(tp, tm->plan, &rank);
    res->plan = tm->plan;
    res->a_rank = rank;
    res->a_start = tm->a_start;
    res->elective_asked = tp->elective_asked;
    res->elective_granted = tp->elective_asked && tm->elective;
    if (tp->elective_asked && !tm->elective)
        c += 3 + 2 * tr->b_priority;
    if (tp->a_period != QUARTER_NONE && tm->a_start != tp->a_period)
        c += 2;
    int policy = 0, sw = 0, uw = 0;
    memset(res->region_q, 0, sizeof res->region_q);
    for (int j = 0; j < tm->nslot; j++) {
        const pslot_t *sl = &tm->slot[j];
        int s = sl->locked_site >= 0 ? sl->locked_site : site[j];
        int rc = plans_region_cost(in, t, s, sl->yq);
        c += rc;
        if (tp->regions_given)
            res->region_q[rc / sl->yq] += sl->yq;
        policy += plans_borrowed_cost(in, s, sl->yq);
        sw |= plans_meets_site_wish(tp, s);
        uw |= plans_meets_sub_wish(in, tp, s);
    }
    if (tp->nsite_wish && !sw)
        c += 1;
    if (tp->nsub_wish && !uw)
        c += 1;
    res->cost = c;
    return policy;
}
