/* rules.h - the rules of rules.md for one trainee: stage year, plans, costs
 *
 * rules_* functions are pure and read only the instance.
 */
#ifndef STAGEMATCH_RULES_H
#define STAGEMATCH_RULES_H

#include "domain.h"

/* Months of exemption that shorten traject A (SEH, INT, KIN, GYN together). */
int rules_a_exempt_months(const trainee_t *t);
/* Quarters of traject A: 2, 1 (3-month A exemption) or 0 (6 months). */
int rules_a_quarters(const trainee_t *t);
/* Quarters of traject B: 2 minus one per GGZ / CCZ exemption. */
int rules_b_quarters(const trainee_t *t);
/* Quarters of the stage year: rules_a_quarters + rules_b_quarters. */
int rules_year_quarters(const trainee_t *t);
/* 1 if the trainee's exemptions forbid any stage in field f. */
int rules_field_forbidden(const trainee_t *t, int f);
/* 1 if the trainee is part-time (factor below 1.0). */
int rules_parttime(const trainee_t *t);
/* Length in days of a part-time A block of n one-quarter units:
 * 7 * ceil(13 n / f) (26 weeks for n = 2), for f < 1. */
int rules_parttime_days(int factor_pm, int n);

#endif
