/* cmd.h - what the command drivers (main.c, cmd_*.c) share
 *
 * Each command of the stagematch command line lives in main.c or in a file
 * cmd_NAME.c of its own; they share the exit codes (docs/usage.md), strict
 * option parsing, the interrupt flag set by SIGINT/SIGTERM and the way
 * diagnostics totals are printed.
 */
#ifndef STAGEMATCH_CMD_H
#define STAGEMATCH_CMD_H

#include <signal.h>

#include "io/output.h"
#include "models/diag.h"

#ifndef STAGEMATCH_VERSION
#define STAGEMATCH_VERSION "0.0.0"
#endif

enum {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_NO_ALLOCATION = 4,
    EXIT_SOLVER = 5,
    EXIT_OUTPUT = 6,
    EXIT_INTERRUPTED = 130
};

/* Set by SIGINT / SIGTERM once cmd_install_signals() ran.  The int copy is
 * what the solver and the folder writer poll. */
extern volatile sig_atomic_t cmd_interrupted;
extern volatile int cmd_interrupt_flag;
void cmd_install_signals(void);

/* "stagematch: MESSAGE\n(see 'stagematch --help')" on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) DIAG_PRINTF(1, 2);

/* Strict option values: the whole text must parse.  0 or -1. */
int opt_double(const char *s, double lo, double hi, double *out);
int opt_ulong(const char *s, unsigned long *out);
int opt_delim(const char *s, char *out);   /* ",", "comma", ";", "semicolon" */

/* Policy name (objective.md): "sum", "minimax", "lottery" into a policy_t
 * of solver/solve.h.  0 or -1. */
int opt_policy(const char *s, int *out);

/* The value options several commands share, checked and reported alike:
 * each returns 0, or EXIT_USAGE after printing the usage error. */
int arg_seed(const char *v, unsigned long *out);            /* --seed */
int arg_time_limit(const char *v, double *out);             /* --time-limit */
int arg_delim(const char *opt, const char *v, char *out);   /* --delimiter, --input-delimiter */
int arg_lang(const char *v, lang_t *out);                   /* --lang nl|en */

/* Whether to print progress lines: --progress (flag 1) always,
 * --no-progress (-1) never, neither (0) when stderr is a terminal; never
 * with --quiet (docs/usage.md). */
int want_progress(int flag, int quiet);

/* "stagematch: N errors, M warnings<tail>" on stderr. */
void print_totals(const diags_t *d, const char *tail);

/* Monotonic seconds. */
double now_seconds(void);

/* The commands that live in cmd_NAME.c: argv[1] is the command name. */
int cmd_fairness(int argc, char **argv);   /* cmd_fairness.c: policies x seeds, figures, report */
int cmd_commit(int argc, char **argv);     /* cmd_fairness.c: the lottery commitment */
int cmd_rerun(int argc, char **argv);      /* cmd_rerun.c: the swap-week re-run */

#endif
