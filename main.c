/* main.c - the stagematch command line: parse arguments, run one command
 *
 * Everything else lives in the library (models/, io/, solver/); this file
 * only wires a run together and maps outcomes to exit codes (docs/usage.md):
 *   0 success, 1 internal error, 2 usage error, 3 input errors,
 *   4 no allocation found in time, 5 solver failure, 6 output not written,
 *   130 interrupted.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "io/commit.h"
#include "io/load.h"
#include "io/output.h"
#include "models/calendar.h"
#include "models/diag.h"
#include "models/plans.h"
#include "solver/solve.h"

#ifndef STAGEMATCH_VERSION
#define STAGEMATCH_VERSION "0.0.0"
#endif

static const char usage_text[] =
    "usage: stagematch <command> [options]\n"
    "\n"
    "commands:\n"
    "  allocate INPUT_DIR -o OUTPUT_DIR   place the trainees and write the letters\n"
    "  check INPUT_DIR                    validate the input files, print the diagnostics\n"
    "  fairness INPUT_DIR --policies sum,minimax,lottery --seeds 1-50 -o OUTPUT_DIR\n"
    "                                     fairness figures and report per policy and seed\n"
    "                                     (docs/fairness.md; also --letters LETTERS.csv)\n"
    "  commit INPUT_DIR --seed N          the SHA-256 commitment of the seed and the inputs\n"
    "  rerun INPUT_DIR --previous LETTERS.csv [--swaps SWAPS.csv] --date YYYY-MM-DD -o OUT_DIR\n"
    "                                     swap week: re-run with the fewest changes (docs/rerun.md)\n"
    "\n"
    "allocate options:\n"
    "  -o, --output DIR      output folder (written completely or not at all)\n"
    "  --seed N              tie-breaking seed (default 1)\n"
    "  --time-limit S        stop the search after S seconds with the best allocation\n"
    "  --mip-gap G           stop when within relative gap G of the optimum (default 0)\n"
    "  --policy P            allocation policy: sum (default), minimax or lottery\n"
    "  --export-model FILE   also write the integer program (.lp or .mps)\n"
    "  --delimiter C         write the CSV files with ',' or ';' (default: as preferences.csv)\n"
    "  --force               replace an existing output folder\n"
    "  --progress            print a progress line every few seconds while solving\n"
    "  -q, --quiet           print errors only\n"
    "\n"
    "both commands:\n"
    "  --input-delimiter C   read every input file with ',' or ';' instead of detecting it\n"
    "\n"
    "exit status: 0 done, 2 usage, 3 input errors, 4 no allocation found in time,\n"
    "5 solver failure, 6 output not written, 130 interrupted (docs/usage.md)\n";

typedef struct args {
    const char *cmd, *input, *output, *policy, *export_path;
    unsigned long seed;
    double time_limit, mip_gap;
    char delimiter, in_delimiter;
    int force, quiet, progress;
} args_t;

static int parse_args(int argc, char **argv, args_t *a)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
    a->policy = "sum";
    a->cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDV()                                                                   \
    do {                                                                          \
        if (!v)                                                                   \
            return usage_error("option '%s' needs a value", s);                  \
        i++;                                                                      \
    } while (0)
        if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) {
            NEEDV();
            a->output = v;
        } else if (strcmp(s, "--seed") == 0) {
            NEEDV();
            if (opt_ulong(v, &a->seed) < 0)
                return usage_error("--seed '%s': expected a whole number", v);
        } else if (strcmp(s, "--time-limit") == 0) {
            NEEDV();
            if (opt_double(v, 0.001, 1e7, &a->time_limit) < 0)
                return usage_error("--time-limit '%s': expected seconds, greater than 0", v);
        } else if (strcmp(s, "--mip-gap") == 0) {
            NEEDV();
            if (opt_double(v, 0.0, 1.0, &a->mip_gap) < 0)
                return usage_error("--mip-gap '%s': expected a number from 0 to 1", v);
        } else if (strcmp(s, "--policy") == 0) {
            NEEDV();
            int pol;
            if (opt_policy(v, &pol) < 0)
                return usage_error("--policy '%s': unknown policy (expected sum, minimax or "
                                   "lottery)",
                                   v);
            a->policy = v;
        } else if (strcmp(s, "--export-model") == 0) {
            NEEDV();
            a->export_path = v;
        } else if (strcmp(s, "--delimiter") == 0) {
            NEEDV();
            if (opt_delim(v, &a->delimiter) < 0)
                return usage_error("--delimiter '%s': expected ',' or ';'", v);
        } else if (strcmp(s, "--input-delimiter") == 0) {
            NEEDV();
            if (opt_delim(v, &a->in_delimiter) < 0)
                return usage_error("--input-delimiter '%s': expected ',' or ';'", v);
        } else if (strcmp(s, "--force") == 0) {
            a->force = 1;
        } else if (strcmp(s, "--progress") == 0) {
            a->progress = 1;
        } else if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
            a->quiet = 1;
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else if (!a->input) {
            a->input = s;
        } else {
            return usage_error("unexpected argument '%s'", s);
        }
#undef NEEDV
    }
    if (!a->input)
        return usage_error("%s: missing INPUT_DIR", a->cmd);
    if (strcmp(a->cmd, "allocate") == 0 && !a->output)
        return usage_error("%s: missing -o OUTPUT_DIR", a->cmd);
    return 0;
}

/* Load and validate: instance, plans and diagnostics.  Returns 0 or EXIT_INPUT
 * / EXIT_INTERNAL; the diagnostics are printed by the caller. */
static int prepare(const args_t *a, instance_t *in, planset_t *ps, diags_t *d)
{
    load_opts_t lo = {a->in_delimiter};
    if (load_instance(a->input, &lo, in, d) != 0 || d->nerr > 0)
        return EXIT_INPUT;
    if (plans_build(in, ps, d) != 0)
        return EXIT_INTERNAL;
    return d->nerr ? EXIT_INPUT : 0;
}

static const char *status_words(const allocation_t *al)
{
    switch (al->status) {
    case SOLVE_OPTIMAL: return "optimal";
    case SOLVE_TIME_LIMIT: return "stopped at the time limit, not proven optimal";
    case SOLVE_NO_ALLOCATION: return "no allocation found";
    default: return "solver failed";
    }
}

static int cmd_check(const args_t *a)
{
    instance_t in;
    memset(&in, 0, sizeof in);
    planset_t ps;
    memset(&ps, 0, sizeof ps);
    diags_t d;
    diags_init(&d);
    int rc = prepare(a, &in, &ps, &d);
    diags_print(&d, stderr);
    if (rc == 0) {
        int nplan = 0, nun = 0;
        for (int t = 0; t < in.ntr; t++) {
            nplan += in.tr[t].planned;
            nun += in.tr[t].planned && !ps.tp[t].empty_year && ps.tp[t].ntmpl == 0;
        }
        char q0[8], q1[8];
        quarter_format(in.q_first, q0);
        quarter_format(in.q_first + in.nq - 1, q1);
        printf("inputs OK: %d trainees to plan, %d sites, %d locked placements, quarters %s to "
               "%s\n",
               nplan, in.nsite, in.nlk, q0, q1);
        if (nun)
            printf("%d trainee%s cannot be placed under any capacity (see the unplaced list "
                   "after allocate)\n",
                   nun, nun == 1 ? "" : "s");
    }
    if (rc != 0 || d.nerr || d.nwarn)
        print_totals(&d, "");
    planset_free(&ps);
    instance_free(&in);
    diags_release(&d);
    return rc;
}

static int cmd_allocate(const args_t *a)
{
    double t0 = now_seconds();
    instance_t in;
    memset(&in, 0, sizeof in);
    planset_t ps;
    memset(&ps, 0, sizeof ps);
    allocation_t al;
    memset(&al, 0, sizeof al);
    diags_t d;
    diags_init(&d);
    int rc = prepare(a, &in, &ps, &d);
    if (rc != 0) {
        diags_print(&d, stderr);
        print_totals(&d, "; nothing was written");
        goto done;
    }
    if (!a->quiet)
        diags_print(&d, stderr);
    char seed_text[32], commitment[65];
    snprintf(seed_text, sizeof seed_text, "%lu", a->seed);
    const char *failed;
    if (commit_compute(a->input, seed_text, commitment, &failed) != 0) {
        fprintf(stderr, "stagematch: cannot read '%s/%s' for the commitment: %s; nothing was "
                "written\n", a->input, failed ? failed : "", strerror(errno));
        rc = EXIT_INPUT;
        goto done;
    }
    if (!a->quiet)
        fprintf(stderr, "stagematch: commitment %s (seed %s and the input files; "
                "docs/fairness.md)\n", commitment, seed_text);
    int policy;
    opt_policy(a->policy, &policy);
    solve_opts_t so = {.seed = a->seed,
                       .time_limit = a->time_limit,
                       .mip_gap = a->mip_gap,
                       .export_path = a->export_path,
                       .progress = a->progress,
                       .interrupt = &cmd_interrupt_flag,
                       .policy = (policy_t)policy};
    diags_t sd;
    diags_init(&sd);
    int sr = solve_run(&in, &ps, &so, &al, &sd);
    diags_print(&sd, stderr);
    diags_release(&sd);
    if (cmd_interrupted) {
        fprintf(stderr, "stagematch: interrupted; nothing was written\n");
        rc = EXIT_INTERRUPTED;
        goto done;
    }
    if (sr != 0) {
        fprintf(stderr, "stagematch: %s; nothing was written\n", status_words(&al));
        rc = EXIT_SOLVER;
        goto done;
    }
    if (al.status == SOLVE_NO_ALLOCATION) {
        fprintf(stderr,
                "stagematch: no allocation found within the time limit; nothing was written "
                "(try a longer --time-limit)\n");
        rc = EXIT_NO_ALLOCATION;
        goto done;
    }
    run_info_t ri;
    memset(&ri, 0, sizeof ri);
    ri.command = "allocate";
    ri.input_dir = a->input;
    ri.policy = a->policy;
    ri.seed = a->seed;
    ri.commitment = commitment;
    ri.time_limit = a->time_limit;
    ri.mip_gap = a->mip_gap;
    ri.version = STAGEMATCH_VERSION;
    ri.diags = &d;
    ri.total_seconds = now_seconds() - t0;
    ri.delimiter = a->delimiter ? a->delimiter : (in.delimiter ? in.delimiter : ',');
    ri.decimal_comma = ri.delimiter == ';';
    ri.cancel = &cmd_interrupt_flag;
    diags_t od;
    diags_init(&od);
    if (output_write(a->output, a->force, &in, &al, &ri, &od) != 0) {
        diags_print(&od, stderr);
        diags_release(&od);
        fprintf(stderr, "stagematch: %s; nothing was written\n",
                cmd_interrupted ? "interrupted" : "the output folder could not be written");
        rc = cmd_interrupted ? EXIT_INTERRUPTED : EXIT_OUTPUT;
        goto done;
    }
    diags_print(&od, stderr); /* e.g. an old folder that could not be removed */
    diags_release(&od);
    if (!a->quiet) {
        int placed = 0, unplaced = 0, exempt = 0;
        for (int t = 0; t < al.ntr; t++) {
            if (!in.tr[t].planned)
                continue;
            placed += al.res[t].outcome == OUT_PLACED;
            unplaced += al.res[t].outcome == OUT_UNPLACED;
            exempt += al.res[t].outcome == OUT_EMPTY_YEAR;
        }
        fprintf(stderr, "stagematch: %s: %d placed, %d unplaced, %d fully exempt; total cost %ld",
                status_words(&al), placed, unplaced, exempt, al.objective);
        if (al.status == SOLVE_TIME_LIMIT || a->mip_gap > 0)
            fprintf(stderr, " (bound %ld, gap %.2f%%)", al.bound, 100.0 * al.gap);
        fprintf(stderr, "; letters in %s\n", a->output);
    }
    rc = EXIT_OK;
done:
    allocation_free(&al);
    planset_free(&ps);
    instance_free(&in);
    diags_release(&d);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("stagematch %s (%s)\n", STAGEMATCH_VERSION, solve_version());
        return EXIT_OK;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        }
    cmd_install_signals();

    args_t a;
    if (strcmp(argv[1], "fairness") == 0)
        return cmd_fairness(argc, argv);
    if (strcmp(argv[1], "commit") == 0)
        return cmd_commit(argc, argv);
    if (strcmp(argv[1], "rerun") == 0)
        return cmd_rerun(argc, argv);
    if (strcmp(argv[1], "check") != 0 && strcmp(argv[1], "allocate") != 0)
        return usage_error("unknown command '%s' (expected allocate or check)", argv[1]);
    int r = parse_args(argc, argv, &a);
    if (r)
        return r;
    if (strcmp(a.cmd, "check") == 0)
        return cmd_check(&a);
    return cmd_allocate(&a);
}
