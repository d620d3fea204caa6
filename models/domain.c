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

/* Dutch names of the fields, as a secretariat writes them, normalised by
 * name_key(): lower case, letters and digits only ("Spoedeisende hulp" ->
 * "spoedeisendehulp").  The first name of each field is the one messages
 * and docs/inputs.md show. */
static const struct {
    int field;
    const char *key;
} dutch[] = {
    {F_SEH, "spoedeisendehulp"},  {F_SEH, "spoedeisendehulpseh"},
    {F_INT, "internegeneeskunde"}, {F_INT, "interne"},
    {F_KIN, "kindergeneeskunde"}, {F_KIN, "pediatrie"}, {F_KIN, "kinderen"},
    {F_GYN, "gynaecologie"},      {F_GYN, "verloskunde"},
    {F_GYN, "gynaecologieenverloskunde"}, {F_GYN, "verloskundeengynaecologie"},
    {F_GYN, "obstetrieengynaecologie"}, {F_GYN, "gynaecologieverloskunde"},
    {F_CAR, "cardiologie"},       {F_NEU, "neurologie"},
    {F_ORT, "orthopedie"},        {F_REU, "reumatologie"},
    {F_GGZ, "psychiatrie"},       {F_GGZ, "geestelijkegezondheidszorg"},
    {F_CCZ, "verpleeghuis"},      {F_CCZ, "chronischcomplexezorg"},
    {F_CCZ, "complexechronischezorg"}, {F_CCZ, "ouderengeneeskunde"},
    {F_CCZ, "verpleeghuisgeneeskunde"},
    {F_WO, "wetenschappelijkonderzoek"}, {F_WO, "onderzoek"},
    {F_URO, "urologie"},          {F_PIJN, "pijngeneeskunde"},
    {F_GEN, "klinischegenetica"}, {F_GEN, "genetica"},
};

/* s lower-cased with everything but ASCII letters and digits dropped, into
 * buf (size n); -1 if it does not fit. */
static int name_key(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            continue;
        if (k + 1 >= n)
            return -1;
        buf[k++] = c;
    }
    buf[k] = 0;
    return 0;
}

int field_parse(const char *s)
{
    for (int f = 0; f < FIELD_COUNT; f++)
        if (strcasecmp(s, codes[f]) == 0)
            return f;
    char key[64];
    if (name_key(s, key, sizeof key) < 0 || !key[0])
        return FIELD_NONE;
    for (int f = 0; f < FIELD_COUNT; f++)
        if (strcasecmp(key, codes[f]) == 0)
            return f;
    for (size_t i = 0; i < sizeof dutch / sizeof dutch[0]; i++)
        if (strcmp(key, dutch[i].key) == 0)
            return dutch[i].field;
    return FIELD_NONE;
}

static const char *const names_nl[FIELD_COUNT] = {
    "spoedeisende hulp", "interne geneeskunde", "kindergeneeskunde", "gynaecologie",
    "cardiologie", "neurologie", "orthopedie", "reumatologie", "psychiatrie",
    "verpleeghuis", "wetenschappelijk onderzoek", "urologie", "pijngeneeskunde",
    "klinische genetica"};

const char *field_name_nl(int f)
{
    return f >= 0 && f < FIELD_COUNT ? names_nl[f] : "?";
}

int field_in_hospital(int f) { return f != F_GGZ && f != F_CCZ && f != F_WO; }

int field_is_six_week(int f) { return f == F_URO || f == F_PIJN || f == F_GEN; }

/* Copy s without surrounding spaces into buf (size n); -1 if too long. */
static int trim_copy(const char *s, size_t len, char *buf, size_t n)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len + 1 > n)
        return -1;
    memcpy(buf, s, len);
    buf[len] = 0;
    return 0;
}

int plan_parse(const char *s)
{
    char a[80], x[80];
    const char *plus = strchr(s, '+');
    if (!plus) {
        if (trim_copy(s, strlen(s), a, sizeof a) < 0)
            return PLAN_NONE;
        int f = field_parse(a);
        if (f == F_SEH)
            return PLAN_SEH;
        if (f == F_CAR || f == F_NEU || f == F_ORT)
            return PLAN_SINGLE(f);
        return PLAN_NONE;
    }
    if (trim_copy(s, (size_t)(plus - s), a, sizeof a) < 0 ||
        trim_copy(plus + 1, strlen(plus + 1), x, sizeof x) < 0 || field_parse(a) != F_SEH)
        return PLAN_NONE;
    int f = field_parse(x);
    if (f >= F_INT && f <= F_ORT)
        return PLAN_SEH_X(f);
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
