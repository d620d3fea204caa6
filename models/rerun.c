/* rerun.c - the swap-week re-run: frozen placements, swaps, keep plans, changes
 * (rerun.h, docs/rerun.md) */
#include "rerun.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "rules.h"

/* ------------------------------------------------------------ helpers */

static void buf_add(char *buf, size_t n, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void buf_add(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

/* Append "; text" (or text) to a malloc'ed string; -1 out of memory. */
static int str_append(char **s, const char *text)
{
    size_t a = *s ? strlen(*s) : 0, b = strlen(text);
    char *n = realloc(*s, a + b + 3);
    if (!n)
        return -1;
    if (a) {
        memcpy(n + a, "; ", 2);
        a += 2;
    }
    memcpy(n + a, text, b + 1);
    *s = n;
    return 0;
}

static void fmt_factor(int pm, char buf[16])
{
    /* 800 -> 0.8, 750 -> 0.75, 1000 -> 1.0 */
    char frac[8];
    snprintf(frac, sizeof frac, "%03d", pm % 1000);
    size_t k = 3;
    while (k > 1 && frac[k - 1] == '0')
        frac[--k] = '\0';
    snprintf(buf, 16, "%d.%.3s", (pm / 1000) % 10, frac);
}

/* The first horizon quarter in which site s has no capacity during
 * [start, end], or QUARTER_NONE. */
static int zero_quarter(const instance_t *in, int s, int start, int end)
{
    int lo, hi;
    plans_overlap(in, start, end, &lo, &hi);
    for (int q = lo; q <= hi; q++)
        if (q >= in->q_first && q < in->q_first + in->nq && in->site[s].cap[q - in->q_first] <= 0)
            return q;
    return QUARTER_NONE;
}

/* 1 if slot sl of template set tp allows site s. */
static int slot_allows(const tplan_t *tp, const pslot_t *sl, int s)
{
    if (s < 0)
        return 0;
    if (sl->locked_site >= 0)
        return sl->locked_site == s;
    if (sl->kind < 0)
        return 0;
    const pkind_t *pk = &tp->kind[sl->kind];
    for (int m = 0; m < pk->nsite; m++)
        if (pk->site[m] == s)
            return 1;
    return 0;
}

static int same_dates(const rr_pl_t *p, const pslot_t *sl)
{
    return p->field == sl->field && p->start == sl->start && p->end == sl->end;
}

int rerun_match(const planset_t *ps, int t, const rr_pl_t *p, int n, int site[PLAN_MAX_SLOTS],
                int *sites_ok)
{
    if (sites_ok)
        *sites_ok = 0;
    if (t < 0 || t >= ps->ntr || n <= 0 || n > PLAN_MAX_SLOTS)
        return -1;
    const tplan_t *tp = &ps->tp[t];
    for (int k = 0; k < tp->ntmpl; k++) {
        const ptmpl_t *tm = &tp->tmpl[k];
        if (tm->nslot != n)
            continue;
        int used[PLAN_MAX_SLOTS] = {0}, s_of[PLAN_MAX_SLOTS], ok = 1, sok = 1;
        for (int j = 0; j < tm->nslot && ok; j++) {
            int hit = -1;
            for (int i = 0; i < n && hit < 0; i++)
                if (!used[i] && same_dates(&p[i], &tm->slot[j]))
                    hit = i;
            if (hit < 0) {
                ok = 0;
                break;
            }
            used[hit] = 1;
            s_of[j] = p[hit].site;
            sok &= slot_allows(tp, &tm->slot[j], p[hit].site);
        }
        if (!ok)
            continue;
        for (int j = 0; j < PLAN_MAX_SLOTS; j++)
            site[j] = j < tm->nslot ? s_of[j] : -1;
        if (sites_ok)
            *sites_ok = sok;
        return k;
    }
    return -1;
}

/* Is there a template of t with a slot for every placement of p[0..n-1]
 * (where `which` is set), each at a site the slot allows? */
static int some_template_holds(const planset_t *ps, int t, const rr_pl_t *p, int n,
                               const int *which)
{
    const tplan_t *tp = &ps->tp[t];
    for (int k = 0; k < tp->ntmpl; k++) {
        const ptmpl_t *tm = &tp->tmpl[k];
        int ok = 1;
        for (int i = 0; i < n && ok; i++) {
            if (!which[i])
                continue;
            int hit = 0;
            for (int j = 0; j < tm->nslot && !hit; j++)
                hit = same_dates(&p[i], &tm->slot[j]) && slot_allows(tp, &tm->slot[j], p[i].site);
            ok = hit;
        }
        if (ok)
            return 1;
    }
    return 0;
}

/* Why placement p cannot be had by trainee t at all now (site, field,
 * exemption, min_factor, capacity): one phrase into buf, or "" if none of
 * those. */
static void single_problem(const instance_t *in, int t, const rr_pl_t *p, char *buf, size_t n)
{
    const trainee_t *tr = &in->tr[t];
    buf[0] = '\0';
    if (p->site < 0) {
        snprintf(buf, n, "site %s is no longer in capacity.csv", p->site_id ? p->site_id : "?");
        return;
    }
    const site_t *s = &in->site[p->site];
    if (s->field != p->field) {
        snprintf(buf, n, "site %s is a %s site now, not %s", s->id, field_code(s->field),
                 field_code(p->field));
        return;
    }
    if (rules_field_forbidden(tr, p->field)) {
        snprintf(buf, n, "%s is exempt for %s (exemptions.csv)", tr->id,
                 field_code(p->field));
        return;
    }
    if (s->min_factor_pm > tr->factor_pm) {
        char a[16], b[16];
        fmt_factor(s->min_factor_pm, a);
        fmt_factor(tr->factor_pm, b);
        snprintf(buf, n, "site %s takes part-time factors from %s only and %s's factor is %s",
                 s->id, a, tr->id, b);
        return;
    }
    if (!p->locked) {
        int q = zero_quarter(in, p->site, p->start, p->end);
        if (q != QUARTER_NONE) {
            char ql[8];
            quarter_format(q, ql);
            snprintf(buf, n, "site %s has no capacity in %s any more", s->id, ql);
        }
    }
}

static void pl_text(const rr_pl_t *p, char *buf, size_t n)
{
    char d0[11], d1[11];
    date_format(p->start, d0);
    date_format(p->end, d1);
    snprintf(buf, n, "%s %s..%s", field_code(p->field), d0, d1);
}

void rerun_explain(const instance_t *in, const planset_t *ps, int t, const rr_pl_t *p, int n,
                   char *buf, size_t len)
{
    const trainee_t *tr = &in->tr[t];
    const tplan_t *tp = &ps->tp[t];
    buf[0] = '\0';
    if (tp->empty_year) {
        snprintf(buf, len, "%s is now fully exempt: there is nothing to place", tr->id);
        return;
    }
    if (tp->ntmpl == 0) {
        snprintf(buf, len, "%s", tp->no_plan_reason ? tp->no_plan_reason : "no plan the rules allow");
        return;
    }
    for (int i = 0; i < n; i++) {
        single_problem(in, t, &p[i], buf, len);
        if (*buf)
            return;
    }
    /* two placements at once */
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (p[i].start <= p[j].end && p[j].start <= p[i].end) {
                char a[48], b[48];
                pl_text(&p[i], a, sizeof a);
                pl_text(&p[j], b, sizeof b);
                snprintf(buf, len, "%s would have two placements at once (%s and %s)", tr->id, a,
                         b);
                return;
            }
    int outside = tr->outside_weeks;
    for (int i = 0; i < n; i++)
        if (!field_in_hospital(p[i].field))
            outside += 13;
    if (outside > 26) {
        snprintf(buf, len,
                 "%s would spend %d weeks outside hospital and GP practice (limit 26, "
                 "outside_weeks_planned included)",
                 tr->id, outside);
        return;
    }
    /* a placement that no plan of the trainee has, with these dates: hospital
     * placements first (a part-time factor moves and stretches traject A) */
    for (int pass = 0; pass < 2 * n; pass++) {
        int i = pass % n;
        if ((pass < n) != (field_in_hospital(p[i].field) != 0))
            continue;
        int seen = 0;
        for (int k = 0; k < tp->ntmpl && !seen; k++)
            for (int j = 0; j < tp->tmpl[k].nslot && !seen; j++)
                seen = same_dates(&p[i], &tp->tmpl[k].slot[j]);
        if (seen)
            continue;
        char a[48], ys[8];
        pl_text(&p[i], a, sizeof a);
        int last = tr->stage_start + rules_year_quarters(tr) - 1;
        quarter_format(tr->stage_start, ys);
        if (p[i].start < quarter_first_day(tr->stage_start) ||
            (p[i].start > quarter_last_day(last)))
            snprintf(buf, len, "%s lies outside %s's stage year (from %s)", a, tr->id, ys);
        else if (field_in_hospital(p[i].field) && p[i].field != F_REU && rules_parttime(tr)) {
            char f[16];
            fmt_factor(tr->factor_pm, f);
            snprintf(buf, len,
                     "no plan of %s has %s: at part-time factor %s traject A is stretched and "
                     "sits at the end of the stage year",
                     tr->id, a, f);
        } else
            snprintf(buf, len,
                     "no plan of %s has %s (its stage year, exemptions, part-time factor or the "
                     "A order rule it out)",
                     tr->id, a);
        return;
    }
    /* a field twice: traject B needs two different fields, traject A one SEH block */
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (p[i].field == p[j].field && p[i].field != F_SEH) {
                snprintf(buf, len,
                         "%s would have %s twice (traject B is GGZ and CCZ, or one of them "
                         "replaced by the elective asked for)",
                         tr->id, field_code(p[i].field));
                return;
            }
    /* a stage-year quarter that no placement covers */
    int yq = rules_year_quarters(tr);
    for (int q = tr->stage_start; q < tr->stage_start + yq; q++) {
        int d0 = quarter_first_day(q), hit = 0;
        for (int i = 0; i < n && !hit; i++)
            hit = p[i].start <= d0 && d0 <= p[i].end;
        if (!hit) {
            char ql[8];
            quarter_format(q, ql);
            snprintf(buf, len, "%s would have no placement in %s (the stage year is filled, "
                               "without gaps)",
                     tr->id, ql);
            return;
        }
    }
    int site[PLAN_MAX_SLOTS], ok = 0;
    if (rerun_match(ps, t, p, n, site, &ok) >= 0) {
        for (int i = 0; i < n; i++) {
            int which[RERUN_MAX_PL] = {0};
            which[i] = 1;
            if (!some_template_holds(ps, t, p, n, which)) {
                char a[48];
                pl_text(&p[i], a, sizeof a);
                snprintf(buf, len, "site %s cannot take %s for %s (capacity or min_factor)",
                         p[i].site_id ? p[i].site_id : "?", a, tr->id);
                return;
            }
        }
        snprintf(buf, len, "the sites of these placements cannot take %s any more", tr->id);
        return;
    }
    snprintf(buf, len,
             "these %d placements are no complete plan of %s (traject A first SEH then X, "
             "consecutive; traject B GGZ and CCZ or the asked elective; the stage year filled)",
             n, tr->id);
}

/* ------------------------------------------------------------ prepare */

static int cmp_pl(const void *a, const void *b)
{
    const rr_pl_t *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Fixed use per site and horizon quarter: locked.csv rows plus frozen and
 * swapped placements (not the manual ones). */
static void fixed_use(const instance_t *in, const planset_t *ps0, const rerun_t *R, int *use)
{
    memcpy(use, ps0->locked_use, (size_t)in->nsite * (size_t)in->nq * sizeof *use);
    for (int t = 0; t < R->ntr; t++)
        for (int i = 0; i < R->tr[t].ntgt; i++) {
            const rr_pl_t *p = &R->tr[t].tgt[i];
            if (p->fix == RR_FREE || p->site < 0)
                continue;
            int lo, hi;
            plans_overlap(in, p->start, p->end, &lo, &hi);
            for (int q = lo; q <= hi; q++)
                use[p->site * in->nq + (q - in->q_first)]++;
        }
}

static int mark_manual(const instance_t *in, rerun_t *R, int t, rr_pl_t *p, const char *why,
                       diags_t *d)
{
    char d0[11], txt[900];
    date_format(p->start, d0);
    snprintf(txt, sizeof txt, "frozen placement at %s from %s: %s", p->site_id ? p->site_id : "?",
             d0, why);
    p->fix = RR_FREE;
    p->manual = 1;
    R->nmanual++;
    diag_warn(d, NULL, 0, NULL,
              "trainee %s: %s; it needs a manual decision (released for this re-run, see "
              "changes.csv)",
              in->tr[t].id, txt);
    return str_append(&R->tr[t].manual, txt);
}

static int frozen_step(const instance_t *in, const planset_t *ps0, rerun_t *R, diags_t *d)
{
    for (int t = 0; t < R->ntr; t++) {
        rr_trainee_t *rt = &R->tr[t];
        if (!in->tr[t].planned || rt->ntgt == 0)
            continue;
        int which[RERUN_MAX_PL] = {0};
        for (int i = 0; i < rt->ntgt; i++)
            which[i] = rt->tgt[i].locked; /* locked.csv rows: in every template */
        for (int i = 0; i < rt->ntgt; i++) {
            rr_pl_t *p = &rt->tgt[i];
            if (p->locked || p->start - R->date >= RERUN_FROZEN_DAYS)
                continue;
            char why[600];
            single_problem(in, t, p, why, sizeof why);
            if (!*why && !ps0->tp[t].empty_year && ps0->tp[t].ntmpl > 0) {
                which[i] = 1;
                if (!some_template_holds(ps0, t, rt->tgt, rt->ntgt, which)) {
                    which[i] = 0;
                    rr_pl_t one = *p;
                    rerun_explain(in, ps0, t, &one, 1, why, sizeof why);
                    if (!*why || strncmp(why, "these ", 6) == 0 || strncmp(why, "the sites", 9) == 0)
                        snprintf(why, sizeof why,
                                 "no plan %s may have now holds it together with the other "
                                 "frozen placements",
                                 in->tr[t].id);
                }
            } else if (!*why) {
                rerun_explain(in, ps0, t, p, 1, why, sizeof why);
            }
            if (*why) {
                if (mark_manual(in, R, t, p, why, d) < 0)
                    return -1;
            } else
                p->fix = RR_FROZEN;
        }
    }
    /* capacity: fixed placements beyond a site's capacity in a quarter */
    size_t cells = (size_t)in->nsite * (size_t)in->nq;
    int *use = malloc((cells ? cells : 1) * sizeof *use);
    if (!use)
        return -1;
    fixed_use(in, ps0, R, use);
    for (int t = 0; t < R->ntr; t++) {
        rr_trainee_t *rt = &R->tr[t];
        for (int i = 0; i < rt->ntgt; i++) {
            rr_pl_t *p = &rt->tgt[i];
            if (p->fix != RR_FROZEN)
                continue;
            int lo, hi;
            plans_overlap(in, p->start, p->end, &lo, &hi);
            for (int q = lo; q <= hi; q++) {
                int u = use[p->site * in->nq + (q - in->q_first)];
                int c = in->site[p->site].cap[q - in->q_first];
                if (u <= c)
                    continue;
                char why[300], ql[8];
                quarter_format(q, ql);
                snprintf(why, sizeof why,
                         "site %s has capacity %d in %s but %d fixed placements (locked and "
                         "frozen) are there",
                         in->site[p->site].id, c, ql, u);
                if (mark_manual(in, R, t, p, why, d) < 0) {
                    free(use);
                    return -1;
                }
                break;
            }
        }
    }
    free(use);
    for (int t = 0; t < R->ntr; t++)
        for (int i = 0; i < R->tr[t].ntgt; i++)
            R->nfrozen += R->tr[t].tgt[i].fix == RR_FROZEN;
    return 0;
}

/* One participant of a swap: what it gives and receives. */
typedef struct part {
    int t;
    int ngive, give[2 * RERUN_MAX_PL];
    int nrecv;
    rr_pl_t recv[2 * RERUN_MAX_PL];
} part_t;

static part_t *part_of(part_t *pt, int *np, int cap, int t)
{
    for (int i = 0; i < *np; i++)
        if (pt[i].t == t)
            return &pt[i];
    if (*np == cap)
        return NULL;
    memset(&pt[*np], 0, sizeof pt[*np]);
    pt[*np].t = t;
    return &pt[(*np)++];
}

/* The index of trainee t's plan-to-keep placement starting in quarter q. */
static int find_start(const rr_trainee_t *rt, int q)
{
    for (int i = 0; i < rt->ntgt; i++)
        if (quarter_of_date(rt->tgt[i].start) == q)
            return i;
    return -1;
}

/* Check swap s; on success apply it.  Returns 0 (reason set when rejected)
 * or -1 out of memory. */
static int try_swap(instance_t *in, const planset_t *ps0, rerun_t *R, int s, int *use)
{
    rr_swap_t *sw = &R->swap[s];
    char why[1200] = "";
    int cap = 4 * sw->nrow;
    part_t *pt = calloc((size_t)cap, sizeof *pt);
    if (!pt)
        return -1;
    int np = 0;
    for (int r = 0; r < sw->nrow && !*why; r++) {
        const rr_swap_row_t *row = &R->row[sw->first + r];
        const char *id[2] = {row->ta, row->tb};
        int q[2] = {row->qa, row->qb}, t[2], ix[2];
        for (int k = 0; k < 2 && !*why; k++) {
            t[k] = instance_find_trainee(in, id[k]);
            if (t[k] < 0 || !in->tr[t[k]].planned)
                snprintf(why, sizeof why, "%s is not in preferences.csv", id[k]);
            else if (R->tr[t[k]].nprev == 0)
                snprintf(why, sizeof why, "%s has no placements in the previous letters", id[k]);
        }
        if (*why)
            break;
        if (t[0] == t[1]) {
            snprintf(why, sizeof why, "line %d swaps %s with itself (expected two aiossen)",
                     row->line, id[0]);
            break;
        }
        for (int k = 0; k < 2 && !*why; k++) {
            char ql[8];
            quarter_format(q[k], ql);
            ix[k] = find_start(&R->tr[t[k]], q[k]);
            if (ix[k] < 0) {
                snprintf(why, sizeof why, "%s has no placement starting in %s", id[k], ql);
                break;
            }
            const rr_pl_t *p = &R->tr[t[k]].tgt[ix[k]];
            char d0[11];
            date_format(p->start, d0);
            if (p->locked)
                snprintf(why, sizeof why,
                         "%s's placement at %s from %s is a locked placement (locked.csv)",
                         id[k], p->site_id, d0);
            else if (p->fix == RR_FROZEN || p->manual)
                snprintf(why, sizeof why,
                         "%s's placement at %s from %s is frozen: it starts less than %d days "
                         "after the re-run date",
                         id[k], p->site_id, d0, RERUN_FROZEN_DAYS);
            else if (p->fix == RR_SWAPPED)
                snprintf(why, sizeof why,
                         "%s's placement starting in %s was already exchanged by an earlier "
                         "swap",
                         id[k], ql);
        }
        if (*why)
            break;
        for (int k = 0; k < 2 && !*why; k++) {
            part_t *me = part_of(pt, &np, cap, t[k]);
            part_t *other = part_of(pt, &np, cap, t[1 - k]);
            if (!me || !other) {
                snprintf(why, sizeof why, "too many aiossen in one swap");
                break;
            }
            for (int g = 0; g < me->ngive; g++)
                if (me->give[g] == ix[k]) {
                    char ql[8];
                    quarter_format(q[k], ql);
                    snprintf(why, sizeof why,
                             "%s's placement starting in %s is named twice in this swap", id[k],
                             ql);
                }
            if (*why)
                break;
            me->give[me->ngive++] = ix[k];
            rr_pl_t moved = R->tr[t[k]].tgt[ix[k]];
            moved.from = t[k];
            moved.fix = RR_SWAPPED;
            other->recv[other->nrecv++] = moved;
        }
    }
    /* the resulting plans */
    rr_pl_t newset[64][RERUN_MAX_PL];
    int nnew[64];
    if (np > 64 && !*why)
        snprintf(why, sizeof why, "too many aiossen in one swap");
    for (int i = 0; i < np && !*why; i++) {
        part_t *me = &pt[i];
        const rr_trainee_t *rt = &R->tr[me->t];
        const trainee_t *tr = &in->tr[me->t];
        int n = 0;
        for (int j = 0; j < rt->ntgt; j++) {
            int given = 0;
            for (int g = 0; g < me->ngive; g++)
                given |= me->give[g] == j;
            if (!given)
                newset[i][n++] = rt->tgt[j];
        }
        if (n + me->nrecv > RERUN_MAX_PL) {
            snprintf(why, sizeof why, "%s would get more placements than any plan has", tr->id);
            break;
        }
        for (int j = 0; j < me->nrecv; j++)
            newset[i][n++] = me->recv[j];
        qsort(newset[i], (size_t)n, sizeof newset[i][0], cmp_pl);
        nnew[i] = n;
        /* the received placements, one by one */
        for (int j = 0; j < me->nrecv && !*why; j++) {
            char prob[600], a[48];
            single_problem(in, me->t, &me->recv[j], prob, sizeof prob);
            if (*prob) {
                pl_text(&me->recv[j], a, sizeof a);
                snprintf(why, sizeof why, "%s cannot take %s at %s from %s: %s", tr->id, a,
                         me->recv[j].site_id, in->tr[me->recv[j].from].id, prob);
            }
        }
        if (*why)
            break;
        int site[PLAN_MAX_SLOTS], sok;
        int k = rerun_match(ps0, me->t, newset[i], n, site, &sok);
        if (k < 0) {
            char ex[900];
            rerun_explain(in, ps0, me->t, newset[i], n, ex, sizeof ex);
            snprintf(why, sizeof why, "after the swap %s's placements are no plan the rules allow: %s",
                     tr->id, ex);
            break;
        }
        const ptmpl_t *tm = &ps0->tp[me->t].tmpl[k];
        for (int j = 0; j < tm->nslot && !*why; j++)
            for (int m = 0; m < n; m++)
                if (newset[i][m].fix == RR_SWAPPED && newset[i][m].from != me->t &&
                    same_dates(&newset[i][m], &tm->slot[j]) &&
                    !slot_allows(&ps0->tp[me->t], &tm->slot[j], newset[i][m].site)) {
                    char a[48];
                    pl_text(&newset[i][m], a, sizeof a);
                    snprintf(why, sizeof why,
                             "site %s cannot take %s for %s (capacity or min_factor)",
                             newset[i][m].site_id, a, tr->id);
                }
    }
    /* capacity with every fixed placement */
    if (!*why) {
        size_t cells = (size_t)in->nsite * (size_t)in->nq;
        int *u2 = malloc((cells ? cells : 1) * sizeof *u2);
        if (!u2) {
            free(pt);
            return -1;
        }
        memcpy(u2, use, cells * sizeof *u2);
        for (int i = 0; i < np; i++)
            for (int j = 0; j < pt[i].nrecv; j++) {
                const rr_pl_t *p = &pt[i].recv[j];
                int lo, hi;
                plans_overlap(in, p->start, p->end, &lo, &hi);
                for (int q = lo; q <= hi; q++)
                    u2[p->site * in->nq + (q - in->q_first)]++;
            }
        for (int i = 0; i < np && !*why; i++)
            for (int j = 0; j < pt[i].nrecv && !*why; j++) {
                const rr_pl_t *p = &pt[i].recv[j];
                int lo, hi;
                plans_overlap(in, p->start, p->end, &lo, &hi);
                for (int q = lo; q <= hi && !*why; q++) {
                    int u = u2[p->site * in->nq + (q - in->q_first)];
                    int c = in->site[p->site].cap[q - in->q_first];
                    if (u > c) {
                        char ql[8];
                        quarter_format(q, ql);
                        snprintf(why, sizeof why,
                                 "site %s would hold %d fixed placements in %s (locked, frozen "
                                 "and swapped), but its capacity is %d",
                                 p->site_id, u, ql, c);
                    }
                }
            }
        if (!*why)
            memcpy(use, u2, cells * sizeof *u2);
        free(u2);
    }
    if (*why) {
        sw->reason = strdup(why);
        free(pt);
        return sw->reason ? 0 : -1;
    }
    /* apply */
    for (int i = 0; i < np; i++) {
        rr_trainee_t *rt = &R->tr[pt[i].t];
        memcpy(rt->tgt, newset[i], (size_t)nnew[i] * sizeof rt->tgt[0]);
        rt->ntgt = nnew[i];
        if (rt->swap < 0)
            rt->swap = s;
        rt->nswaps++;
    }
    sw->applied = 1;
    R->napplied++;
    free(pt);
    return 0;
}

static int swaps_step(instance_t *in, const planset_t *ps0, const rr_swap_row_t *rows, int nrows,
                      const char *name, rerun_t *R, diags_t *d)
{
    if (nrows == 0)
        return 0;
    R->row = malloc((size_t)nrows * sizeof *R->row);
    R->swap = calloc((size_t)nrows, sizeof *R->swap);
    int *grp = malloc((size_t)nrows * sizeof *grp);
    if (!R->row || !R->swap || !grp) {
        free(grp);
        return -1;
    }
    /* group the rows by swap id, in the order of first appearance */
    for (int i = 0; i < nrows; i++) {
        grp[i] = -1;
        for (int s = 0; s < R->nswap && grp[i] < 0; s++)
            if (strcmp(R->swap[s].id, rows[i].swap_id) == 0)
                grp[i] = s;
        if (grp[i] < 0) {
            grp[i] = R->nswap;
            R->swap[R->nswap++].id = rows[i].swap_id;
        }
    }
    int k = 0;
    for (int s = 0; s < R->nswap; s++) {
        R->swap[s].first = k;
        for (int i = 0; i < nrows; i++)
            if (grp[i] == s)
                R->row[k++] = rows[i];
        R->swap[s].nrow = k - R->swap[s].first;
    }
    free(grp);
    R->nrow = nrows;
    size_t cells = (size_t)in->nsite * (size_t)in->nq;
    int *use = malloc((cells ? cells : 1) * sizeof *use);
    if (!use)
        return -1;
    fixed_use(in, ps0, R, use);
    for (int s = 0; s < R->nswap; s++) {
        if (try_swap(in, ps0, R, s, use) < 0) {
            free(use);
            return -1;
        }
        if (!R->swap[s].applied)
            diag_warn(d, name, R->row[R->swap[s].first].line, NULL,
                      "swap %s rejected: %s", R->swap[s].id, R->swap[s].reason);
    }
    free(use);
    return 0;
}

/* Append the fixed placements to in->lk as locked rows of their trainee. */
static int append_fixed(instance_t *in, rerun_t *R)
{
    int add = 0;
    for (int t = 0; t < R->ntr; t++)
        for (int i = 0; i < R->tr[t].ntgt; i++)
            add += R->tr[t].tgt[i].fix != RR_FREE;
    if (!add)
        return 0;
    locked_t *nl = realloc(in->lk, (size_t)(in->nlk + add) * sizeof *nl);
    if (!nl)
        return -1;
    in->lk = nl;
    for (int t = 0; t < R->ntr; t++)
        for (int i = 0; i < R->tr[t].ntgt; i++) {
            const rr_pl_t *p = &R->tr[t].tgt[i];
            if (p->fix == RR_FREE)
                continue;
            locked_t *l = &in->lk[in->nlk];
            memset(l, 0, sizeof *l);
            l->trainee_id = strdup(in->tr[t].id);
            if (!l->trainee_id)
                return -1;
            l->trainee = t;
            l->site = p->site;
            l->start = p->start;
            l->end = p->end;
            l->line = 0;
            in->nlk++;
        }
    return 0;
}

int rerun_prepare(instance_t *in, const planset_t *ps0, const rr_prev_t *prev, int nprev,
                  const rr_swap_row_t *rows, int nrows, const char *swaps_name, int date,
                  rerun_t *R, diags_t *d)
{
    memset(R, 0, sizeof *R);
    R->date = date;
    R->nlk_orig = in->nlk;
    R->ntr = in->ntr;
    R->tr = calloc((size_t)(in->ntr ? in->ntr : 1), sizeof *R->tr);
    R->left = malloc((size_t)(nprev ? nprev : 1) * sizeof *R->left);
    if (!R->tr || !R->left)
        goto oom;
    for (int t = 0; t < in->ntr; t++)
        R->tr[t].swap = -1;
    char *too_many = calloc((size_t)(in->ntr ? in->ntr : 1), 1);
    if (!too_many)
        goto oom;
    for (int i = 0; i < nprev; i++) {
        const rr_prev_t *p = &prev[i];
        int t = p->trainee;
        if (t < 0 || t >= in->ntr || !in->tr[t].planned) {
            int seen = 0;
            for (int j = 0; j < R->nleft_pl && !seen; j++)
                seen = strcmp(R->left[j]->trainee_id, p->trainee_id) == 0;
            R->nleft += !seen;
            R->left[R->nleft_pl++] = p;
            continue;
        }
        rr_trainee_t *rt = &R->tr[t];
        if (rt->nprev == RERUN_MAX_PL) {
            if (!too_many[t])
                diag_error(d, NULL, 0, NULL,
                           "the previous letters give trainee %s more than %d placements "
                           "(expected the letters.csv of a stagematch run)",
                           p->trainee_id, RERUN_MAX_PL);
            too_many[t] = 1;
            continue;
        }
        rr_pl_t *q = &rt->prev[rt->nprev++];
        memset(q, 0, sizeof *q);
        q->site_id = p->site_id;
        q->site = p->site;
        q->field = p->field;
        q->start = p->start;
        q->end = p->end;
        q->from = t;
        for (int r = 0; r < in->nlk; r++)
            if (in->lk[r].trainee == t && in->lk[r].site == p->site &&
                in->lk[r].start == p->start && in->lk[r].end == p->end)
                q->locked = 1;
    }
    free(too_many);
    if (d->nerr)
        return 0;
    for (int t = 0; t < R->ntr; t++) {
        rr_trainee_t *rt = &R->tr[t];
        qsort(rt->prev, (size_t)rt->nprev, sizeof rt->prev[0], cmp_pl);
        memcpy(rt->tgt, rt->prev, (size_t)rt->nprev * sizeof rt->prev[0]);
        rt->ntgt = rt->nprev;
    }
    if (frozen_step(in, ps0, R, d) < 0)
        goto oom;
    if (swaps_step(in, ps0, rows, nrows, swaps_name ? swaps_name : "swaps.csv", R, d) < 0)
        goto oom;
    if (append_fixed(in, R) < 0)
        goto oom;
    return 0;
oom:
    diag_error(d, NULL, 0, NULL, "out of memory while preparing the re-run");
    return -1;
}

/* ------------------------------------------------------------ keep */

int rerun_keep(const instance_t *in, const planset_t *ps, rerun_t *R, solve_keep_t *keep)
{
    for (int t = 0; t < in->ntr; t++) {
        keep[t].tmpl = -1;
        for (int j = 0; j < PLAN_MAX_SLOTS; j++)
            keep[t].site[j] = -1;
        rr_trainee_t *rt = &R->tr[t];
        /* an aios in an applied swap has changed whatever happens next:
         * moving it further adds no change, so only the cost decides */
        if (!in->tr[t].planned || rt->ntgt == 0 || rt->swap >= 0)
            continue;
        int site[PLAN_MAX_SLOTS], ok = 0;
        int k = rt->ntgt <= PLAN_MAX_SLOTS ? rerun_match(ps, t, rt->tgt, rt->ntgt, site, &ok) : -1;
        if (k >= 0 && ok) {
            keep[t].tmpl = k;
            memcpy(keep[t].site, site, sizeof site);
            continue;
        }
        /* only locked.csv rows (an aios unplaced before): nothing to keep */
        int all_locked = 1;
        for (int i = 0; i < rt->ntgt; i++)
            all_locked &= rt->tgt[i].locked;
        if (all_locked)
            continue;
        char why[1200];
        rerun_explain(in, ps, t, rt->tgt, rt->ntgt, why, sizeof why);
        free(rt->why);
        rt->why = strdup(why);
        if (!rt->why)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ finish */

static int keep_reason(rerun_t *R, const char *text, const char **out)
{
    char **nr = realloc(R->reasons, (size_t)(R->nreasons + 1) * sizeof *nr);
    if (!nr)
        return -1;
    R->reasons = nr;
    char *s = strdup(text);
    if (!s)
        return -1;
    R->reasons[R->nreasons++] = s;
    *out = s;
    return 0;
}

static int push_change(rerun_t *R, int *cap, const rr_change_t *c)
{
    if (R->nchg == *cap) {
        int nc = *cap ? 2 * *cap : 64;
        rr_change_t *nv = realloc(R->chg, (size_t)nc * sizeof *nv);
        if (!nv)
            return -1;
        R->chg = nv;
        *cap = nc;
    }
    R->chg[R->nchg++] = *c;
    return 0;
}

static int cmp_change(const void *a, const void *b)
{
    const rr_change_t *x = a, *y = b;
    int c = strcmp(x->trainee_id, y->trainee_id);
    if (c)
        return c;
    int sx = x->old_site_id ? x->old_start : x->new_start;
    int sy = y->old_site_id ? y->old_start : y->new_start;
    return (sx > sy) - (sx < sy);
}

/* A placement of the new allocation as an rr_pl_t. */
static rr_pl_t from_placement(const instance_t *in, const placement_t *p)
{
    rr_pl_t r;
    memset(&r, 0, sizeof r);
    r.site = p->site;
    r.site_id = in->site[p->site].id;
    r.field = p->field;
    r.start = p->start;
    r.end = p->end;
    return r;
}

static int pl_equal(const rr_pl_t *a, const rr_pl_t *b)
{
    return a->site == b->site && a->site >= 0 && a->field == b->field && a->start == b->start &&
           a->end == b->end;
}

/* Old and new placements of one trainee as change lines: equal ones are
 * left out, the others paired by the quarter they start in. */
static int pair_changes(rerun_t *R, int *cap, const char *tid, const char *name,
                        const rr_pl_t *old, int nold, const rr_pl_t *nw, int nnew,
                        const char *reason)
{
    int uo[RERUN_MAX_PL] = {0}, un[RERUN_MAX_PL] = {0};
    for (int i = 0; i < nold; i++)
        for (int j = 0; j < nnew; j++)
            if (!un[j] && pl_equal(&old[i], &nw[j])) {
                uo[i] = un[j] = 1;
                break;
            }
    for (int i = 0; i < nold; i++) {
        if (uo[i])
            continue;
        rr_change_t c = {tid, name, old[i].site_id, old[i].start, NULL, 0, reason};
        for (int j = 0; j < nnew; j++)
            if (!un[j] && quarter_of_date(nw[j].start) == quarter_of_date(old[i].start)) {
                un[j] = 1;
                c.new_site_id = nw[j].site_id;
                c.new_start = nw[j].start;
                break;
            }
        if (push_change(R, cap, &c) < 0)
            return -1;
    }
    for (int j = 0; j < nnew; j++) {
        if (un[j])
            continue;
        rr_change_t c = {tid, name, NULL, 0, nw[j].site_id, nw[j].start, reason};
        if (push_change(R, cap, &c) < 0)
            return -1;
    }
    return 0;
}

static int sets_equal(const rr_pl_t *a, int na, const rr_pl_t *b, int nb)
{
    if (na != nb)
        return 0;
    int used[RERUN_MAX_PL] = {0};
    for (int i = 0; i < na; i++) {
        int hit = 0;
        for (int j = 0; j < nb && !hit; j++)
            if (!used[j] && pl_equal(&a[i], &b[j]))
                used[j] = hit = 1;
        if (!hit)
            return 0;
    }
    return 1;
}

int rerun_finish(const instance_t *in, allocation_t *al, rerun_t *R, diags_t *d)
{
    /* letters say locked = yes only for rows of locked.csv */
    for (int i = 0; i < al->npl; i++) {
        placement_t *p = &al->pl[i];
        if (!p->locked)
            continue;
        int orig = 0;
        for (int r = 0; r < R->nlk_orig && !orig; r++)
            orig = in->lk[r].trainee == p->trainee && in->lk[r].site == p->site &&
                   in->lk[r].start == p->start && in->lk[r].end == p->end;
        p->locked = orig;
    }
    /* the new placements per trainee */
    int *first = malloc((size_t)(in->ntr + 1) * sizeof *first);
    int *cnt = calloc((size_t)(in->ntr + 1), sizeof *cnt);
    int *ord = malloc((size_t)(al->npl ? al->npl : 1) * sizeof *ord);
    int cap = 0;
    if (!first || !cnt || !ord)
        goto oom;
    for (int i = 0; i < al->npl; i++)
        cnt[al->pl[i].trainee]++;
    first[0] = 0;
    for (int t = 0; t < in->ntr; t++)
        first[t + 1] = first[t] + cnt[t];
    memset(cnt, 0, (size_t)(in->ntr + 1) * sizeof *cnt);
    for (int i = 0; i < al->npl; i++) {
        int t = al->pl[i].trainee;
        ord[first[t] + cnt[t]++] = i;
    }
    for (int t = 0; t < in->ntr; t++) {
        if (!in->tr[t].planned)
            continue;
        rr_trainee_t *rt = &R->tr[t];
        rr_pl_t nw[RERUN_MAX_PL];
        int nn = 0;
        for (int k = 0; k < cnt[t] && nn < RERUN_MAX_PL; k++)
            nw[nn++] = from_placement(in, &al->pl[ord[first[t] + k]]);
        if (sets_equal(rt->prev, rt->nprev, nw, nn))
            continue;
        int placed = t < al->ntr && al->res[t].outcome == OUT_PLACED;
        char reason[1600] = "";
        if (rt->manual)
            buf_add(reason, sizeof reason, "manual decision needed: %s", rt->manual);
        if (rt->swap >= 0) {
            const rr_swap_t *sw = &R->swap[rt->swap];
            buf_add(reason, sizeof reason, "%sswap %s applied", *reason ? "; " : "", sw->id);
            if (rt->nswaps > 1)
                buf_add(reason, sizeof reason, " (and %d more)", rt->nswaps - 1);
            if (placed && !sets_equal(rt->tgt, rt->ntgt, nw, nn))
                buf_add(reason, sizeof reason, "; further moved: %s",
                        rt->why ? rt->why : "to make room for the changes (fewest aiossen moved)");
        } else if (!*reason) {
            int only_locked = 1;
            for (int i = 0; i < rt->nprev; i++)
                only_locked &= rt->prev[i].locked;
            if (rt->nprev == 0)
                buf_add(reason, sizeof reason,
                        "not in the previous letters: a new aios, or not placed before");
            else if (only_locked && placed)
                buf_add(reason, sizeof reason,
                        "placed now: the previous letters held only locked placements");
            else if (t < al->ntr && al->res[t].outcome == OUT_EMPTY_YEAR)
                buf_add(reason, sizeof reason, "fully exempt now: nothing to place");
            else if (!placed)
                buf_add(reason, sizeof reason, "cannot be placed any more: %s",
                        t < al->ntr && al->res[t].reason ? al->res[t].reason : "see unplaced.csv");
            else if (rt->why)
                buf_add(reason, sizeof reason, "the previous plan is not possible any more: %s",
                        rt->why);
            else
                buf_add(reason, sizeof reason,
                        "moved to make room for the changes (the fewest aiossen moved)");
        }
        const char *rs;
        if (keep_reason(R, reason, &rs) < 0)
            goto oom;
        if (rt->nprev == 0)
            R->nnew++;
        else {
            R->changed++;
            if (t < al->ntr && al->res[t].outcome == OUT_UNPLACED)
                R->nunplaced_now++;
        }
        if (pair_changes(R, &cap, in->tr[t].id, in->tr[t].name, rt->prev, rt->nprev, nw, nn, rs) <
            0)
            goto oom;
    }
    /* aiossen who left: their placements are released */
    if (R->nleft_pl) {
        const char *rs;
        if (keep_reason(R, "left: no longer in preferences.csv, the placements are released",
                        &rs) < 0)
            goto oom;
        for (int i = 0; i < R->nleft_pl; i++) {
            const rr_prev_t *p = R->left[i];
            rr_change_t c = {p->trainee_id, p->name ? p->name : "", p->site_id, p->start, NULL, 0,
                             rs};
            if (push_change(R, &cap, &c) < 0)
                goto oom;
        }
    }
    if (R->nchg > 1)
        qsort(R->chg, (size_t)R->nchg, sizeof *R->chg, cmp_change);
    free(first);
    free(cnt);
    free(ord);
    return 0;
oom:
    free(first);
    free(cnt);
    free(ord);
    diag_error(d, NULL, 0, NULL, "out of memory while listing the changes");
    return -1;
}

void rerun_free(rerun_t *R)
{
    if (!R)
        return;
    for (int t = 0; t < R->ntr && R->tr; t++) {
        free(R->tr[t].manual);
        free(R->tr[t].why);
    }
    free(R->tr);
    free(R->row);
    for (int s = 0; s < R->nswap; s++)
        free(R->swap[s].reason);
    free(R->swap);
    free(R->left);
    free(R->chg);
    for (int i = 0; i < R->nreasons; i++)
        free(R->reasons[i]);
    free(R->reasons);
    memset(R, 0, sizeof *R);
}
