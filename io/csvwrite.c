/* csvwrite.c - quoting, formula neutralisation and checked closing */
#include "csvwrite.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void csvw_init(csvw_t *w, FILE *fp, char delim)
{
    w->fp = fp;
    w->delim = delim;
    w->ncell = 0;
    w->err = fp ? 0 : EINVAL;
}

/* A cell a spreadsheet would read as a formula (or that Excel would eat the
 * first character of) starts with one of these. */
static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int csv_write_cell(FILE *fp, const char *s, char delim)
{
    if (!s)
        s = "";
    int quote = strchr(s, '"') || strchr(s, '\r') || strchr(s, '\n') ||
                (delim && strchr(s, delim));
    errno = 0;
    if (quote && putc('"', fp) == EOF)
        goto fail;
    if (formula_start(*s) && putc('\'', fp) == EOF)
        goto fail;
    for (const char *p = s; *p; p++) {
        if (*p == '"' && putc('"', fp) == EOF)
            goto fail;
        if (putc(*p, fp) == EOF)
            goto fail;
    }
    if (quote && putc('"', fp) == EOF)
        goto fail;
    return 0;
fail:
    if (!errno)
        errno = EIO;
    return -1;
}

void csvw_cell(csvw_t *w, const char *s)
{
    if (w->err)
        return;
    errno = 0;
    if (w->ncell > 0 && putc(w->delim, w->fp) == EOF) {
        w->err = errno ? errno : EIO;
        return;
    }
    w->ncell++;
    if (csv_write_cell(w->fp, s, w->delim) != 0)
        w->err = errno;
}

void csvw_cellf(csvw_t *w, const char *fmt, ...)
{
    if (w->err)
        return;
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        w->err = EINVAL;
        return;
    }
    if ((size_t)n < sizeof small) {
        csvw_cell(w, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        w->err = ENOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    csvw_cell(w, big);
    free(big);
}

void csvw_endrow(csvw_t *w)
{
    if (w->err)
        return;
    errno = 0;
    if (putc('\n', w->fp) == EOF)
        w->err = errno ? errno : EIO;
    w->ncell = 0;
}

int csvw_error(const csvw_t *w) { return w->err; }

int file_close_synced(FILE *fp)
{
    if (!fp) {
        errno = EINVAL;
        return -1;
    }
    int err = 0;
    errno = 0;
    if (ferror(fp))
        err = EIO;   /* an earlier write failed; its errno is gone */
    if (fflush(fp) != 0 && !err)
        err = errno ? errno : EIO;
    int fd = fileno(fp);
    struct stat st;
    if (!err && fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && fsync(fd) != 0)
        err = errno;
    errno = 0;
    if (fclose(fp) != 0 && !err)
        err = errno ? errno : EIO;
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

int csvw_close(csvw_t *w)
{
    int err = w->err;
    int r = w->fp ? file_close_synced(w->fp) : 0;
    if (r != 0 && !err)
        err = errno;
    w->fp = NULL;
    w->err = err;
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}
