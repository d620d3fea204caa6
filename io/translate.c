/* translate.c - pattern rewriting of English wordings (translate.h) */
#include "translate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int match_at(const char *pat, const char *s, const char **part, size_t *plen, int k)
{
    for (;;) {
        if (*pat == '*' || *pat == '#') {
            if (k >= TR_MAX_PARTS)
                return 0;
            for (size_t len = 1; s[len - 1]; len++) {
                /* the text after a wildcard must start right here */
                if (pat[1] && pat[1] != '*' && pat[1] != '#' && s[len] != pat[1])
                    continue;
                part[k] = s;
                plen[k] = len;
                if (match_at(pat + 1, s + len, part, plen, k + 1))
                    return 1;
            }
            return 0;
        }
        if (*pat != *s)
            return 0;
        if (!*pat)
            return 1;
        pat++, s++;
    }
}

int tr_match(const char *pat, const char *s, const char **part, size_t *plen)
{
    return match_at(pat, s, part, plen, 0);
}

char *tr_rewrite(const char *s, const tr_pair_t *tab, size_t n, const tr_pair_t *sub,
                 size_t nsub, int *hit)
{
    const char *part[TR_MAX_PARTS];
    size_t plen[TR_MAX_PARTS];
    if (hit)
        *hit = 0;
    for (size_t i = 0; i < n; i++) {
        if (!tr_match(tab[i].en, s, part, plen))
            continue;
        /* the parts first, '#' ones rewritten, then the template around them */
        char *text[TR_MAX_PARTS] = {NULL};
        size_t total = strlen(tab[i].nl) + 1;
        int k = 0, oom = 0;
        for (const char *q = tab[i].nl; *q && !oom; q++) {
            if (*q != '*' && *q != '#')
                continue;
            if (k >= TR_MAX_PARTS)
                break;
            char *copy = malloc(plen[k] + 1);
            if (!copy) {
                oom = 1;
                break;
            }
            memcpy(copy, part[k], plen[k]);
            copy[plen[k]] = '\0';
            if (*q == '#' && sub) {
                text[k] = tr_rewrite(copy, sub, nsub, sub, nsub, NULL);
                free(copy);
                if (!text[k])
                    oom = 1;
            } else
                text[k] = copy;
            if (text[k])
                total += strlen(text[k]);
            k++;
        }
        char *out = oom ? NULL : malloc(total);
        if (out) {
            size_t len = 0;
            int j = 0;
            for (const char *q = tab[i].nl; *q; q++) {
                if ((*q == '*' || *q == '#') && j < k) {
                    size_t m = strlen(text[j]);
                    memcpy(out + len, text[j], m);
                    len += m;
                    j++;
                } else
                    out[len++] = *q;
            }
            out[len] = '\0';
        }
        for (int j = 0; j < TR_MAX_PARTS; j++)
            free(text[j]);
        if (!out) {
            errno = ENOMEM;
            return NULL;
        }
        if (hit)
            *hit = 1;
        return out;
    }
    char *copy = strdup(s);
    if (!copy)
        errno = ENOMEM;
    return copy;
}
