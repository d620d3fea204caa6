/* rules.c - stage year, exemptions and part-time durations (rules.md) */
#include "rules.h"

int rules_a_exempt_months(const trainee_t *t)
{
    return t->ex_months[F_SEH] + t->ex_months[F_INT] + t->ex_months[F_KIN] +
           t->ex_months[F_GYN];
}

int rules_a_quarters(const trainee_t *t)
{
    int m = rules_a_exempt_months(t);
    return m >= 6 ? 0 : m >= 3 ? 1 : 2;
}

int rules_b_quarters(const trainee_t *t)
{
    return 2 - (t->ex_months[F_GGZ] >= 3) - (t->ex_months[F_CCZ] >= 3);
}

int rules_year_quarters(const trainee_t *t)
{
    return rules_a_quarters(t) + rules_b_quarters(t);
}

int rules_field_forbidden(const trainee_t *t, int f)
{
    if (f == F_SEH || f == F_INT || f == F_KIN || f == F_GYN)
        return rules_a_exempt_months(t) > 0;
    if (f == F_GGZ || f == F_CCZ)
        return t->ex_months[f] > 0;
    return 0;
}

int rules_parttime(const trainee_t *t) { return t->factor_pm < 1000; }

int rules_parttime_days(int factor_pm, int n)
{
    /* weeks = ceil(13 n * 1000 / factor_pm), in integers */
    int num = 13 * n * 1000;
    int weeks = (num + factor_pm - 1) / factor_pm;
    return 7 * weeks;
}
