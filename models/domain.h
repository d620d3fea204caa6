/* domain.h - the allocation problem as read from the input folder
 *
 * An instance_t owns every string and array hanging off it; instance_free()
 * releases them all (and accepts a zeroed or partly filled instance).
 * Indices are size_t-free ints: trainee, site and region indices are
 * positions in the instance's arrays, -1 meaning "none".
 */
#ifndef STAGEMATCH_DOMAIN_H
#define STAGEMATCH_DOMAIN_H

#include <stddef.h>

/* Field codes of rules.md.  The order is part of the contract of the tables
 * in domain.c; URO, PIJN and GEN are reserved (six-week electives). */
typedef enum {
    F_SEH, F_INT, F_KIN, F_GYN, F_CAR, F_NEU, F_ORT, F_REU,
    F_GGZ, F_CCZ, F_WO, F_URO, F_PIJN, F_GEN,
    FIELD_COUNT
} field_t;
#define FIELD_NONE (-1)

const char *field_code(int f);          /* "SEH"; "?" for out of range */
/* A code (case-insensitive) or a Dutch name ("spoedeisende hulp",
 * "psychiatrie", "verpleeghuis"; case, spaces and punctuation free; the
 * list is in domain.c and docs/inputs.md), else FIELD_NONE. */
int field_parse(const char *s);
/* The Dutch name of a field as messages and letters show it ("spoedeisende
 * hulp"); "?" for out of range. */
const char *field_name_nl(int f);
int field_in_hospital(int f);           /* 1 for SEH..REU and URO/PIJN/GEN */
int field_is_six_week(int f);           /* URO, PIJN, GEN */

/* A traject-A plan identity (objective.md): SEH, SEH+X, or for a 3-month A
 * exemption the single field X. */
#define PLAN_NONE (-1)
#define PLAN_SEH 0
#define PLAN_SEH_X(x) (16 + (x))
#define PLAN_SINGLE(x) (32 + (x))
#define PLAN_KIND(p) ((p) / 16)          /* 0 SEH, 1 SEH+X, 2 single */
#define PLAN_X(p) ((p) % 16)
/* Parse "SEH", "SEH+INT", "CAR" (case-insensitive, spaces around '+'
 * allowed; each part may be a Dutch field name as field_parse() takes it,
 * "spoedeisende hulp + cardiologie"); PLAN_NONE if malformed.  A single field is accepted only for
 * CAR, NEU, ORT; an X of SEH+X only for INT KIN GYN CAR NEU ORT. */
int plan_parse(const char *s);
/* "SEH", "SEH+INT", "CAR" into buf (at least 12 bytes). */
void plan_format(int plan, char *buf);

typedef struct trainee {
    char *id;                /* trainee_id */
    char *name;
    char *email;             /* "" when absent */
    int line;                /* line in preferences.csv; 0 if not planned */
    int planned;             /* 1 if the trainee has a preference form */
    int stage_start;         /* quarter index */
    int a_choice[3];         /* plan or PLAN_NONE (blank) */
    int b_elective;          /* field or FIELD_NONE */
    int b_replaces;          /* F_GGZ, F_CCZ or FIELD_NONE */
    int b_priority;          /* 0..3 */
    int a_period;            /* quarter or QUARTER_NONE */
    int site_wish[3];        /* site index or -1 */
    char *subtype_wish[2];   /* NULL when blank */
    int outside_weeks;       /* outside_weeks_planned, >= 0 */
    int factor_pm;           /* part-time factor in thousandths, 500..1000 */
    int parttime_line;       /* line in parttime.csv, 0 if none */
    int ex_months[FIELD_COUNT]; /* exempted months per field (0, 3, 6) */
    int ex_line[FIELD_COUNT];   /* line in exemptions.csv, 0 if none */
    int region_pref[3];      /* region index or -1 */
    int regions_line;        /* line in regions.csv, 0 if none */
} trainee_t;

typedef struct site {
    char *id, *name, *institution, *subtype, *supervisor, *region_name;
    int field;
    int region;              /* index into instance_t.region */
    int min_factor_pm;       /* default 500 */
    int borrowed;            /* 0 or 1 */
    int *cap;                /* capacity per horizon quarter, nq entries */
    int line;
} site_t;

typedef struct locked {
    char *trainee_id;
    int trainee;             /* index into instance_t.tr, -1 if other cohort */
    int site;
    int start, end;          /* inclusive day numbers */
    int line;
} locked_t;

typedef struct instance {
    trainee_t *tr;   int ntr;   /* planned trainees first, in file order */
    site_t *site;    int nsite;
    locked_t *lk;    int nlk;
    char **region;   int nregion; /* display names; matched case-insensitively */
    int q_first, nq;             /* planning horizon: quarters q_first .. q_first+nq-1 */
    char delimiter;              /* delimiter of preferences.csv (',' or ';'): the letters use it */
    int decimal_comma;           /* 1 if preferences.csv / parttime.csv wrote numbers as 0,8 */
} instance_t;

void instance_free(instance_t *in);
/* Free a site's strings and capacities and zero it. */
void site_release(site_t *s);
/* Index of the trainee / site with this id, or -1. Linear; callers that
 * look up many ids build their own hash. */
int instance_find_site(const instance_t *in, const char *id);
int instance_find_trainee(const instance_t *in, const char *id);
/* Region index by case-insensitive name, or -1. */
int instance_find_region(const instance_t *in, const char *name);
/* Capacity of site s in quarter q, or -1 when q lies outside the horizon. */
int instance_cap(const instance_t *in, int s, int q);

#endif
