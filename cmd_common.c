/* cmd_common.c - helpers shared by the command drivers (cmd.h) */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "solver/solve.h"

volatile sig_atomic_t cmd_interrupted;
volatile int cmd_interrupt_flag;

static void on_signal(int sig)
{
    (void)sig;
    cmd_interrupted = 1;
    cmd_interrupt_flag = 1;
}

void cmd_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* past a file size limit (ulimit -f) a write fails with EFBIG and is
     * reported like a full disk, instead of killing the run halfway */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, NULL);
}

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "stagematch: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see 'stagematch --help')\n");
    va_end(ap);
    return EXIT_USAGE;
}

int opt_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    if (!*s || strchr(s, 'x') || strchr(s, 'X') || strchr(s, 'n') || strchr(s, 'N'))
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int opt_ulong(const char *s, unsigned long *out)
{
    if (!*s || strlen(s) > 18)
        return -1;
    unsigned long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    *out = v;
    return 0;
}

int opt_delim(const char *s, char *out)
{
    if (strcmp(s, ",") == 0 || strcmp(s, "comma") == 0)
        *out = ',';
    else if (strcmp(s, ";") == 0 || strcmp(s, "semicolon") == 0)
        *out = ';';
    else
        return -1;
    return 0;
}

int opt_policy(const char *s, int *out)
{
    static const struct {
        const char *name;
        policy_t p;
    } tab[] = {{"sum", POLICY_SUM}, {"minimax", POLICY_MINIMAX}, {"lottery", POLICY_LOTTERY}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].name) == 0) {
            *out = (int)tab[i].p;
            return 0;
        }
    return -1;
}

int arg_seed(const char *v, unsigned long *out)
{
    if (opt_ulong(v, out) < 0)
        return usage_error("--seed '%s': expected a whole number", v);
    return 0;
}

int arg_time_limit(const char *v, double *out)
{
    if (opt_double(v, 0.001, 1e7, out) < 0)
        return usage_error("--time-limit '%s': expected seconds, greater than 0", v);
    return 0;
}

int arg_delim(const char *opt, const char *v, char *out)
{
    if (opt_delim(v, out) < 0)
        return usage_error("%s '%s': expected ',' or ';'", opt, v);
    return 0;
}

int arg_lang(const char *v, lang_t *out)
{
    if (strcmp(v, "nl") == 0)
        *out = LANG_NL;
    else if (strcmp(v, "en") == 0)
        *out = LANG_EN;
    else
        return usage_error("--lang '%s': expected nl or en", v);
    return 0;
}

int want_progress(int flag, int quiet)
{
    return !quiet && (flag > 0 || (flag == 0 && isatty(STDERR_FILENO)));
}

void print_totals(const diags_t *d, const char *tail)
{
    fprintf(stderr, "stagematch: %d error%s, %d warning%s%s\n", d->nerr, d->nerr == 1 ? "" : "s",
            d->nwarn, d->nwarn == 1 ? "" : "s", tail);
}

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
