/* translate.h - rewriting fixed English wordings into Dutch by pattern
 *
 * Messages and reasons are worded in English where they are made; for
 * --lang nl they are matched against a table of patterns and rewritten.  A
 * pattern is literal text with wildcards: '*' stands for a part copied as it
 * is (a number, an id, a quoted cell), '#' for a part that is itself
 * rewritten with a second table (a phrase such as "the site's name").
 * Wildcards match one or more characters, shortest first.  Text that no
 * pattern matches is kept as it is: an untranslated message is better than
 * a wrong one.  Nothing here allocates except tr_rewrite's result.
 */
#ifndef STAGEMATCH_TRANSLATE_H
#define STAGEMATCH_TRANSLATE_H

#include <stddef.h>

#define TR_MAX_PARTS 8

/* One wording: the English pattern and its Dutch template, with the same
 * wildcards in the same order. */
typedef struct tr_pair {
    const char *en, *nl;
} tr_pair_t;

/* 1 if s matches pat (both '*' and '#' are wildcards); then part[i] /
 * plen[i] hold the text of the i-th wildcard.  0 otherwise. */
int tr_match(const char *pat, const char *s, const char **part, size_t *plen);

/* s rewritten with the first pair of tab[0..n-1] that matches it: its nl
 * template with the parts filled in ('#' parts rewritten with sub[0..nsub-1],
 * '*' parts copied); a copy of s when no pair matches.  *hit (may be NULL)
 * tells which.  Malloc'ed; NULL with errno ENOMEM. */
char *tr_rewrite(const char *s, const tr_pair_t *tab, size_t n, const tr_pair_t *sub,
                 size_t nsub, int *hit);

#endif
