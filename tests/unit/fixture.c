/* fixture.c - building instances in code for the tests */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include "../../models/calendar.h"
#include "../../solver/solve.h"

static char *dup(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    strcpy(p, s);
    return p;
}

int fx_q(const char *label)
{
    int q = 0;
    quarter_parse(label, &q);
    return q;
}

int fx_d(const char *date)
{
    int d = 0;
    date_parse(date, &d);
    return d;
}

void fx_init(instance_t *in, const char *first, int nq)
{
    memset(in, 0, sizeof *in);
    in->q_first = fx_q(first);
    in->nq = nq;
    in->delimiter = ',';
}

int fx_region(instance_t *in, const char *name)
{
    int r = instance_find_region(in, name);
    if (r >= 0)
        return r;
    in->region = realloc(in->region, (size_t)(in->nregion + 1) * sizeof *in->region);
    in->region[in->nregion] = dup(name);
    return in->nregion++;
}

int fx_site(instance_t *in, const char *id, int field, const char *region, const int *caps)
{
    in->site = realloc(in->site, (size_t)(in->nsite + 1) * sizeof *in->site);
    site_t *s = &in->site[in->nsite];
    memset(s, 0, sizeof *s);
    s->id = dup(id);
    s->name = dup(id);
    s->institution = dup("");
    s->subtype = dup("");
    s->supervisor = dup("");
    s->region_name = dup(region);
    s->field = field;
    s->region = fx_region(in, region);
    s->min_factor_pm = 500;
    s->cap = malloc((size_t)in->nq * sizeof *s->cap);
    memcpy(s->cap, caps, (size_t)in->nq * sizeof *s->cap);
    s->line = in->nsite + 2;
    return in->nsite++;
}

int fx_site_c(instance_t *in, const char *id, int field, const char *region, int c)
{
    int caps[16];
    for (int i = 0; i < 16; i++)
        caps[i] = c;
    return fx_site(in, id, field, region, caps);
}

trainee_t *fx_trainee(instance_t *in, const char *id, const char *start)
{
    in->tr = realloc(in->tr, (size_t)(in->ntr + 1) * sizeof *in->tr);
    trainee_t *t = &in->tr[in->ntr];
    memset(t, 0, sizeof *t);
    t->id = dup(id);
    t->name = dup(id);
    t->email = dup("");
    t->line = in->ntr + 2;
    t->planned = 1;
    t->stage_start = fx_q(start);
    for (int i = 0; i < 3; i++) {
        t->a_choice[i] = PLAN_NONE;
        t->site_wish[i] = -1;
        t->region_pref[i] = -1;
    }
    t->b_elective = t->b_replaces = FIELD_NONE;
    t->a_period = QUARTER_NONE;
    t->factor_pm = 1000;
    in->ntr++;
    return t;
}

void fx_locked(instance_t *in, const char *tid, int site, const char *from, const char *to)
{
    in->lk = realloc(in->lk, (size_t)(in->nlk + 1) * sizeof *in->lk);
    locked_t *l = &in->lk[in->nlk];
    l->trainee_id = dup(tid);
    l->trainee = instance_find_trainee(in, tid);
    l->site = site;
    l->start = fx_d(from);
    l->end = fx_d(to);
    l->line = in->nlk + 2;
    in->nlk++;
}

int fx_solve(const instance_t *in, planset_t *ps, allocation_t *al, diags_t *d)
{
    memset(ps, 0, sizeof *ps);
    memset(al, 0, sizeof *al);
    if (plans_build(in, ps, d) != 0)
        return -1;
    solve_opts_t o;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    return solve_run(in, ps, &o, al, d);
}

int fx_count(const allocation_t *al, int t, int f)
{
    int n = 0;
    for (int i = 0; i < al->npl; i++)
        n += al->pl[i].trainee == t && al->pl[i].field == f;
    return n;
}

const placement_t *fx_find(const allocation_t *al, int t, int f)
{
    for (int i = 0; i < al->npl; i++)
        if (al->pl[i].trainee == t && al->pl[i].field == f)
            return &al->pl[i];
    return NULL;
}

int fx_violations(const instance_t *in, const allocation_t *al)
{
    int bad = 0;
    /* capacity: every placement (new and locked rows) overlapping a quarter */
    for (int s = 0; s < in->nsite; s++)
        for (int q = 0; q < in->nq; q++) {
            int a = quarter_first_day(in->q_first + q), b = quarter_last_day(in->q_first + q);
            int n = 0;
            for (int i = 0; i < al->npl; i++)
                if (al->pl[i].site == s && !al->pl[i].locked && al->pl[i].start <= b &&
                    al->pl[i].end >= a)
                    n++;
            for (int r = 0; r < in->nlk; r++)
                if (in->lk[r].site == s && in->lk[r].start <= b && in->lk[r].end >= a)
                    n++;
            if (n > in->site[s].cap[q])
                bad++;
        }
    for (int i = 0; i < al->npl; i++) {
        const placement_t *p = &al->pl[i];
        const trainee_t *t = &in->tr[p->trainee];
        if (in->site[p->site].field != p->field)
            bad++;
        if (in->site[p->site].min_factor_pm > t->factor_pm)
            bad++;
        int aex = t->ex_months[F_SEH] + t->ex_months[F_INT] + t->ex_months[F_KIN] +
                  t->ex_months[F_GYN];
        if (aex && (p->field == F_SEH || p->field == F_INT || p->field == F_KIN ||
                    p->field == F_GYN))
            bad++;
        if ((p->field == F_GGZ || p->field == F_CCZ) && t->ex_months[p->field])
            bad++;
        for (int j = 0; j < al->npl; j++)
            if (j != i && al->pl[j].trainee == p->trainee && al->pl[j].start <= p->end &&
                al->pl[j].end >= p->start)
                bad++; /* a trainee in two places at once */
    }
    return bad;
}
