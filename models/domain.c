/* domain.c - field codes, plan identities and instance helpers */
#include "domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const codes[FIELD_COUNT] = {
    "SEH", "INT", "KIN", "GYN", "CAR", "NEU", "ORT",
    "REU", "GGZ", "CCZ", "WO", "URO", "PIJN", "GEN"};

const char *field_code(int f)
{
    return f >= 0 && f < FIELD_COUNT ? codes[f] : "?";
}

int field_parse(const char *s)
{
    for (int f = 0; f < FIELD_COUNT; f++)
        if (strcasecmp(s, codes[f]) == 0)
            return f;
    return FIELD_NONE;
}

int field_in_hospital(int f) { return f != F_GGZ && f != F_CCZ && f != F_WO; }

int field_is_six_week(int f) { return f == F_URO || f == F_PIJN || f == F_GEN; }

/* Copy s without spaces into buf (size n); -1 if too long. */
static int squeeze(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t')
            continue;
        if (k + 1 >= n)
            return -1;
        buf[k++] = *s;
    }
    buf[k] = 0;
    return 0;
}

int plan_parse(const char *s)
{
    char b[16];
    if (squeeze(s, b, sizeof b) < 0)
        return PLAN_NONE;
    if (strcasecmp(b, "SEH") == 0)
        return PLAN_SEH;
    if (strncasecmp(b, "SEH+", 4) == 0) {
        int x = field_parse(b + 4);
        if (x >= F_INT && x <= F_ORT)
            return PLAN_SEH_X(x);
        return PLAN_NONE;
    }
    int x = field_parse(b);
    if (x == F_CAR || x == F_NEU || x == F_ORT)
        return PLAN_SINGLE(x);
    return PLAN_NONE;
}

void plan_format(int plan, char *buf)
{
    switch (PLAN_KIND(plan)) {
    case 0: snprintf(buf, 12, "SEH"); break;
    case 1: snprintf(buf, 12, "SEH+%s", field_code(PLAN_X(plan))); break;
    case 2: snprintf(buf, 12, "%s", field_code(PLAN_X(plan))); break;
    default: snprintf(buf, 12, "?"); break;
    }
}

void site_release(site_t *s)
{
    free(s->id);
    free(s->name);
    free(s->institution);
    free(s->subtype);
    free(s->supervisor);
    free(s->region_name);
    free(s->cap);
    memset(s, 0, sizeof *s);
}

void instance_free(instance_t *in)
{
    if (!in)
        return;
    for (int i = 0; i < in->ntr; i++) {
        trainee_t *t = &in->tr[i];
        free(t->id);
        free(t->name);
        free(t->email);
        free(t->subtype_wish[0]);
        free(t->subtype_wish[1]);
    }
    free(in->tr);
    for (int i = 0; i < in->nsite; i++)
        site_release(&in->site[i]);
    free(in->site);
    for (int i = 0; i < in->nlk; i++)
        free(in->lk[i].trainee_id);
    free(in->lk);
    for (int i = 0; i < in->nregion; i++)
        free(in->region[i]);
    free(in->region);
    memset(in, 0, sizeof *in);
}

int instance_find_site(const instance_t *in, const char *id)
{
    for (int i = 0; i < in->nsite; i++)
        if (strcmp(in->site[i].id, id) == 0)
            return i;
    return -1;
}

int instance_find_trainee(const instance_t *in, const char *id)
{
    for (int i = 0; i < in->ntr; i++)
        if (strcmp(in->tr[i].id, id) == 0)
            return i;
    return -1;
}

int instance_find_region(const instance_t *in, const char *name)
{
    for (int i = 0; i < in->nregion; i++)
        if (strcasecmp(in->region[i], name) == 0)
            return i;
    return -1;
}

int instance_cap(const instance_t *in, int s, int q)
{
    if (q < in->q_first || q >= in->q_first + in->nq)
        return -1;
    return in->site[s].cap[q - in->q_first];
}
