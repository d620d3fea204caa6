/* diag.c - collecting and printing diagnostics */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diags_init(diags_t *d) { memset(d, 0, sizeof *d); }

void diags_release(diags_t *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].column);
        free(d->v[i].msg);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

static char *dupstr(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static int errors_in_file(const diags_t *d, const char *file)
{
    int k = 0;
    for (int i = 0; i < d->n; i++)
        if (d->v[i].level == DIAG_ERROR &&
            ((!file && !d->v[i].file) ||
             (file && d->v[i].file && strcmp(file, d->v[i].file) == 0)))
            k++;
    return k;
}

void diags_add(diags_t *d, diag_level_t lv, const char *file, int line,
               const char *column, const char *fmt, ...)
{
    if (lv == DIAG_ERROR)
        d->nerr++;
    else
        d->nwarn++;
    if (lv == DIAG_ERROR && errors_in_file(d, file) >= DIAG_MAX_PER_FILE) {
        d->suppressed++;
        return;
    }
    if (d->n == d->cap) {
        int nc = d->cap ? 2 * d->cap : 16;
        diag_t *nv = realloc(d->v, (size_t)nc * sizeof *nv);
        if (!nv) {
            d->oom = 1;
            return;
        }
        d->v = nv;
        d->cap = nc;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (msg) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    diag_t *g = &d->v[d->n];
    g->level = lv;
    g->line = line;
    g->file = dupstr(file);
    g->column = dupstr(column);
    g->msg = msg;
    if (!msg || (file && !g->file) || (column && !g->column)) {
        free(g->file);
        free(g->column);
        free(msg);
        d->oom = 1;
        return;
    }
    d->n++;
}

char *diag_format(const diag_t *g)
{
    char lbuf[32] = "";
    if (g->line > 0)
        snprintf(lbuf, sizeof lbuf, ":%d", g->line);
    const char *file = g->file ? g->file : "stagematch";
    size_t n = strlen(file) + strlen(lbuf) + strlen(g->msg) + 64 +
               (g->column ? strlen(g->column) : 0);
    char *s = malloc(n);
    if (!s)
        return NULL;
    snprintf(s, n, "%s%s: %s%s%s%s%s", file, lbuf, g->column ? "column '" : "",
             g->column ? g->column : "", g->column ? "': " : "",
             g->level == DIAG_WARNING ? "warning: " : "", g->msg);
    return s;
}

void diags_print(const diags_t *d, FILE *fp)
{
    /* the format of diag_format, printed directly: running out of memory
     * here must not drop a diagnostic */
    for (int i = 0; i < d->n; i++) {
        const diag_t *g = &d->v[i];
        fputs(g->file ? g->file : "stagematch", fp);
        if (g->line > 0)
            fprintf(fp, ":%d", g->line);
        fputs(": ", fp);
        if (g->column)
            fprintf(fp, "column '%s': ", g->column);
        fprintf(fp, "%s%s\n", g->level == DIAG_WARNING ? "warning: " : "", g->msg);
    }
    if (d->suppressed)
        fprintf(fp, "stagematch: %d more errors not shown\n", d->suppressed);
    if (d->oom)
        fprintf(fp, "stagematch: out of memory while recording diagnostics\n");
}

/* Rank of a file: the position of its first diagnostic. */
static int file_rank(const diags_t *d, const char *file)
{
    for (int i = 0; i < d->n; i++) {
        const char *f = d->v[i].file;
        if ((!f && !file) || (f && file && strcmp(f, file) == 0))
            return i;
    }
    return d->n;
}

void diags_sort(diags_t *d)
{
    /* insertion sort: stable, and diagnostic lists are short */
    int *rank = malloc((size_t)(d->n ? d->n : 1) * sizeof *rank);
    if (!rank)
        return;
    for (int i = 0; i < d->n; i++)
        rank[i] = file_rank(d, d->v[i].file);
    for (int i = 1; i < d->n; i++) {
        diag_t g = d->v[i];
        int r = rank[i];
        int j = i - 1;
        while (j >= 0 && (rank[j] > r || (rank[j] == r && d->v[j].line > g.line))) {
            d->v[j + 1] = d->v[j];
            rank[j + 1] = rank[j];
            j--;
        }
        d->v[j + 1] = g;
        rank[j + 1] = r;
    }
    free(rank);
}
