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

/* The help texts (docs/usage.md and docs/stagematch.1 say the same). */
static const char top_help[] =
    "usage: stagematch [--version] [--help] <command> [<args>]\n"
    "\n"
    "Places GP trainees (aiossen) in their second-year internships.\n"
    "\n"
    "commands:\n"
    "   allocate   place the trainees and write the letters (letters.csv, brieven.csv, ...)\n"
    "   check      read an input folder and report every problem in it\n"
    "   rerun      re-plan after swaps and changes, keeping what was announced\n"
    "   fairness   compare allocation policies over many seeds\n"
    "   commit     print the SHA-256 commitment of a seed and the input files\n"
    "\n"
    "'stagematch <command> --help' or 'stagematch help <command>' shows a command's options;\n"
    "'man stagematch' the whole manual.\n"
    "\n"
    "exit status: 0 done, 1 internal error, 2 usage error, 3 input errors,\n"
    "4 no allocation found in time, 5 solver failure, 6 output not written, 130 interrupted\n";

static const char allocate_help[] =
    "usage: stagematch allocate INPUT_DIR -o OUTPUT_DIR [<options>]\n"
    "\n"
    "Reads the input folder, places the trainees and writes OUTPUT_DIR with letters.csv,\n"
    "brieven.csv, unplaced.csv, summary.txt and summary.json: completely or not at all.\n"
    "\n"
    "options:\n"
    "    -o, --output DIR      output folder (a new folder; see --force)\n"
    "    --seed N              tie-breaking seed (default 1)\n"
    "    --time-limit S        stop after S seconds with the best allocation found\n"
    "    --mip-gap G           stop within relative gap G of the optimum (default 0: prove it)\n"
    "    --policy P            allocation policy: sum (default), minimax, lottery\n"
    "    --export-model FILE   also write the integer program (.lp or .mps)\n"
    "    --lang nl|en          language of the letters, reasons, summary.txt, messages and\n"
    "                          last line (default: Dutch letters, the rest English)\n"
    "    --delimiter C         write the CSV files with ',' or ';' (default: as preferences.csv)\n"
    "    --input-delimiter C   read every input file with ',' or ';' instead of detecting it\n"
    "    --html-letters        also one printable HTML letter per aios in OUTPUT_DIR/brieven/\n"
    "    --force               replace an existing output folder of an earlier run\n"
    "    --progress            a progress line every 2 s while solving (best allocation,\n"
    "                          bound, gap, time); the default when stderr is a terminal\n"
    "    --no-progress         no progress lines, also on a terminal\n"
    "    -q, --quiet           print errors only\n"
    "    -v, --verbose         also say what each step read, built and took\n"
    "    -h, --help            show this help\n"
    "\n"
    "exit status: 0 the output folder is complete, 2 usage error, 3 input errors,\n"
    "4 no allocation found in time, 5 solver failure, 6 output not written, 130 interrupted\n";

static const char check_help[] =
    "usage: stagematch check INPUT_DIR [<options>]\n"
    "\n"
    "Reads the input folder like allocate does and reports every problem (file, line,\n"
    "column, what was expected); prints a one-line overview when the inputs are usable.\n"
    "Nothing is written.\n"
    "\n"
    "options:\n"
    "    --input-delimiter C   read every input file with ',' or ';' instead of detecting it\n"
    "    --lang nl|en          language of the messages (default English; the CSV reader's\n"
    "                          and the plan builder's messages stay English)\n"
    "    -q, --quiet           print errors only (no warnings, no totals)\n"
    "    -v, --verbose         also say what each step read and took\n"
    "    -h, --help            show this help\n"
    "\n"
    "exit status: 0 usable (warnings allowed), 2 usage error, 3 input errors\n";

typedef struct args {
    const char *cmd, *input, *output, *policy, *export_path;
    unsigned long seed;
    double time_limit, mip_gap;
    char delimiter, in_delimiter;
    int force, quiet, verbose, html_letters, progress; /* progress: -1 never, 0 on a terminal, 1 always */
    lang_t lang;
} args_t;

/* Options only allocate takes (check refuses them). */
static int allocate_only(const char *s)
{
    static const char *const opts[] = {"-o",        "--output",       "--seed",  "--time-limit",
                                       "--mip-gap", "--policy",       "--delimiter",
                                       "--force",   "--export-model", "--progress",
                                       "--no-progress", "--html-letters", NULL};
    for (int i = 0; opts[i]; i++)
        if (strcmp(s, opts[i]) == 0)
            return 1;
    return 0;
}

static int parse_args(int argc, char **argv, args_t *a)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
    a->policy = "sum";
    a->cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a->cmd, "check") == 0 && allocate_only(s))
            return usage_error("check: '%s' is an option of allocate, not of check", s);
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
            if (arg_seed(v, &a->seed))
                return EXIT_USAGE;
        } else if (strcmp(s, "--time-limit") == 0) {
            NEEDV();
            if (arg_time_limit(v, &a->time_limit))
                return EXIT_USAGE;
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
            if (arg_delim(s, v, &a->delimiter))
                return EXIT_USAGE;
        } else if (strcmp(s, "--input-delimiter") == 0) {
            NEEDV();
            if (arg_delim(s, v, &a->in_delimiter))
                return EXIT_USAGE;
        } else if (strcmp(s, "--lang") == 0) {
            NEEDV();
            if (arg_lang(v, &a->lang))
                return EXIT_USAGE;
        } else if (strcmp(s, "--force") == 0) {
            a->force = 1;
        } else if (strcmp(s, "--html-letters") == 0) {
            a->html_letters = 1;
        } else if (strcmp(s, "--progress") == 0) {
            a->progress = 1;
        } else if (strcmp(s, "--no-progress") == 0) {
            a->progress = -1;
        } else if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
            a->quiet = 1;
        } else if (strcmp(s, "-v") == 0 || strcmp(s, "--verbose") == 0) {
            a->verbose = 1;
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else if (!a->input) {
            a->input = s;
        } else {
            return usage_error("unexpected argument '%s'", s);
        }
#undef NEEDV
    }
    if (a->quiet && a->verbose)
        return usage_error("%s: --quiet and --verbose exclude each other", a->cmd);
    if (!a->input)
        return usage_error("%s: missing INPUT_DIR", a->cmd);
    if (strcmp(a->cmd, "allocate") == 0 && !a->output)
        return usage_error("%s: missing -o OUTPUT_DIR", a->cmd);
    return 0;
}

/* With --verbose: "stagematch: TEXT" on stderr. */
static void verbose(const args_t *a, const char *fmt, ...) DIAG_PRINTF(2, 3);
static void verbose(const args_t *a, const char *fmt, ...)
{
    if (!a->verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("stagematch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The diagnostics of d on fp: all, or only the errors with --quiet; in
 * Dutch with --lang nl (messages the Dutch table does not know stay
 * English). */
static void print_diags(const args_t *a, const diags_t *d, FILE *fp)
{
    int nl = a->lang == LANG_NL;
    if (!a->quiet && !nl) {
        diags_print(d, fp);
        return;
    }
    for (int i = 0; i < d->n; i++) {
        if (a->quiet && d->v[i].level == DIAG_WARNING)
            continue;
        char *line = nl ? load_diag_format_nl(&d->v[i]) : diag_format(&d->v[i]);
        fprintf(fp, "%s\n", line ? line : "stagematch: out of memory");
        free(line);
    }
    if (d->suppressed)
        fprintf(fp, nl ? "stagematch: nog %d fouten niet getoond\n"
                       : "stagematch: %d more errors not shown\n",
                d->suppressed);
    if (d->oom)
        fprintf(fp, nl ? "stagematch: onvoldoende geheugen voor de meldingen\n"
                       : "stagematch: out of memory while recording diagnostics\n");
}

/* "stagematch: N errors, M warnings<tail>", in Dutch with --lang nl. */
static void totals(const args_t *a, const diags_t *d, int nothing_written)
{
    if (a->lang != LANG_NL) {
        print_totals(d, nothing_written ? "; nothing was written" : "");
        return;
    }
    fprintf(stderr, "stagematch: %d fout%s, %d waarschuwing%s%s\n", d->nerr,
            d->nerr == 1 ? "" : "en", d->nwarn, d->nwarn == 1 ? "" : "en",
            nothing_written ? "; er is niets geschreven" : "");
}

/* Load and validate: instance, plans and diagnostics.  Returns 0 or EXIT_INPUT
 * / EXIT_INTERNAL; the diagnostics are printed by the caller. */
static int prepare(const args_t *a, instance_t *in, planset_t *ps, diags_t *d)
{
    load_opts_t lo = {a->in_delimiter};
    double t0 = now_seconds();
    if (load_instance(a->input, &lo, in, d) != 0 || d->nerr > 0)
        return EXIT_INPUT;
    char q0[8], q1[8];
    quarter_format(in->q_first, q0);
    quarter_format(in->q_first + in->nq - 1, q1);
    verbose(a, "read %s: %d trainees, %d sites, %d regions, %d locked placements, quarters %s "
               "to %s (%.2f s)",
            a->input, in->ntr, in->nsite, in->nregion, in->nlk, q0, q1, now_seconds() - t0);
    t0 = now_seconds();
    if (plans_build(in, ps, d) != 0)
        return EXIT_INTERNAL;
    long nplans = 0;
    for (int t = 0; t < ps->ntr; t++)
        nplans += ps->tp[t].ntmpl;
    verbose(a, "built %ld candidate plans for %d trainees (%.2f s)", nplans, ps->ntr,
            now_seconds() - t0);
    return d->nerr ? EXIT_INPUT : 0;
}

static const char *status_words(const allocation_t *al, int nl)
{
    switch (al->status) {
    case SOLVE_OPTIMAL: return nl ? "optimaal" : "optimal";
    case SOLVE_TIME_LIMIT:
        return nl ? "gestopt bij de tijdslimiet, niet bewezen optimaal"
                  : "stopped at the time limit, not proven optimal";
    case SOLVE_NO_ALLOCATION: return nl ? "geen verdeling gevonden" : "no allocation found";
    default: return nl ? "solver mislukt" : "solver failed";
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
    print_diags(a, &d, stderr);
    if (rc == 0) {
        int nplan = 0, nun = 0;
        for (int t = 0; t < in.ntr; t++) {
            nplan += in.tr[t].planned;
            nun += in.tr[t].planned && !ps.tp[t].empty_year && ps.tp[t].ntmpl == 0;
        }
        char q0[8], q1[8];
        quarter_format(in.q_first, q0);
        quarter_format(in.q_first + in.nq - 1, q1);
        if (a->lang == LANG_NL) {
            printf("invoer in orde: %d te plannen aiossen, %d stageplaatsen, %d vastgelegde "
                   "stages, kwartalen %s tot en met %s\n",
                   nplan, in.nsite, in.nlk, q0, q1);
            if (nun)
                printf("%d %s bij geen enkele capaciteit geplaatst worden (zie de lijst niet "
                       "geplaatste aiossen na allocate)\n",
                       nun, nun == 1 ? "aios kan" : "aiossen kunnen");
        } else {
            printf("inputs OK: %d trainees to plan, %d sites, %d locked placements, quarters %s "
                   "to %s\n",
                   nplan, in.nsite, in.nlk, q0, q1);
            if (nun)
                printf("%d trainee%s cannot be placed under any capacity (see the unplaced list "
                       "after allocate)\n",
                       nun, nun == 1 ? "" : "s");
        }
    }
    if (rc != 0 || d.nerr || (d.nwarn && !a->quiet))
        totals(a, &d, 0);
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
        print_diags(a, &d, stderr);
        totals(a, &d, 1);
        goto done;
    }
    if (!a->quiet)
        print_diags(a, &d, stderr);
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
        fprintf(stderr,
                a->lang == LANG_NL
                    ? "stagematch: commitment %s (seed %s en de invoerbestanden; docs/fairness.md)\n"
                    : "stagematch: commitment %s (seed %s and the input files; docs/fairness.md)\n",
                commitment, seed_text);
    int policy;
    opt_policy(a->policy, &policy);
    solve_opts_t so = {.seed = a->seed,
                       .time_limit = a->time_limit,
                       .mip_gap = a->mip_gap,
                       .export_path = a->export_path,
                       .progress = want_progress(a->progress, a->quiet),
                       .interrupt = &cmd_interrupt_flag,
                       .policy = (policy_t)policy};
    diags_t sd;
    diags_init(&sd);
    double ts = now_seconds();
    int sr = solve_run(&in, &ps, &so, &al, &sd);
    verbose(a, "solved with %s: %s, cost %ld, bound %ld, %d variables, %d constraints (%.2f s)",
            al.solver_version, status_words(&al, 0), al.objective, al.bound, al.nvars, al.nrows,
            now_seconds() - ts);
    verbose(a, "solve phases: build %.2f s, relaxation %.2f s, first allocation %.2f s, "
               "branch and bound %.2f s",
            al.t_build, al.t_lp, al.t_dive, al.t_search);
    diags_print(&sd, stderr);
    diags_release(&sd);
    if (cmd_interrupted) {
        fprintf(stderr, "stagematch: interrupted; nothing was written\n");
        rc = EXIT_INTERRUPTED;
        goto done;
    }
    if (sr != 0) {
        fprintf(stderr, "stagematch: %s; nothing was written\n", status_words(&al, 0));
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
    ri.lang = a->lang;
    /* the mail-merge file: one row per aios, placements side by side; with
     * --html-letters also one printable letter per aios in brieven/ */
    output_ctx_t octx = {&in, &al, &ri};
    output_html_letters_t html;
    memset(&html, 0, sizeof html);
    if (a->html_letters && output_html_letters_build(&html, &octx) != 0) {
        fprintf(stderr, "stagematch: out of memory; nothing was written\n");
        rc = EXIT_OUTPUT;
        goto done;
    }
    out_file_t *extra = malloc((size_t)(1 + html.n) * sizeof *extra);
    if (!extra) {
        output_html_letters_release(&html);
        fprintf(stderr, "stagematch: out of memory; nothing was written\n");
        rc = EXIT_OUTPUT;
        goto done;
    }
    extra[0] = (out_file_t){"brieven.csv", output_brieven_file, &octx};
    for (int k = 0; k < html.n; k++)
        extra[1 + k] = html.files[k];
    ri.extra = extra;
    ri.nextra = 1 + html.n;
    diags_t od;
    diags_init(&od);
    double tw = now_seconds();
    int wr = output_write(a->output, a->force, &in, &al, &ri, &od);
    tw = now_seconds() - tw;
    free(extra);
    output_html_letters_release(&html);
    if (wr != 0) {
        diags_print(&od, stderr);
        diags_release(&od);
        fprintf(stderr, "stagematch: %s; nothing was written\n",
                cmd_interrupted ? "interrupted" : "the output folder could not be written");
        rc = cmd_interrupted ? EXIT_INTERRUPTED : EXIT_OUTPUT;
        goto done;
    }
    diags_print(&od, stderr); /* e.g. an old folder that could not be removed */
    diags_release(&od);
    verbose(a, "wrote %s: letters.csv (%d rows), brieven.csv, unplaced.csv, summary.txt, "
               "summary.json%s (%.2f s)",
            a->output, al.npl, a->html_letters ? ", brieven/*.html" : "", tw);
    if (!a->quiet) {
        int placed = 0, unplaced = 0, exempt = 0;
        for (int t = 0; t < al.ntr; t++) {
            if (!in.tr[t].planned)
                continue;
            placed += al.res[t].outcome == OUT_PLACED;
            unplaced += al.res[t].outcome == OUT_UNPLACED;
            exempt += al.res[t].outcome == OUT_EMPTY_YEAR;
        }
        int nl = a->lang == LANG_NL;
        fprintf(stderr,
                nl ? "stagematch: %s: %d geplaatst, %d niet geplaatst, %d volledig vrijgesteld; "
                     "totale kosten %ld"
                   : "stagematch: %s: %d placed, %d unplaced, %d fully exempt; total cost %ld",
                status_words(&al, nl), placed, unplaced, exempt, al.objective);
        if (al.status == SOLVE_TIME_LIMIT || a->mip_gap > 0) {
            char gap[32];
            snprintf(gap, sizeof gap, "%.2f", 100.0 * al.gap);
            if (nl && strchr(gap, '.'))
                *strchr(gap, '.') = ',';
            fprintf(stderr, nl ? " (ondergrens %ld, gap %s%%)" : " (bound %ld, gap %s%%)",
                    al.bound, gap);
        }
        fprintf(stderr, nl ? "; brieven in %s\n" : "; letters in %s\n", a->output);
    }
    rc = EXIT_OK;
done:
    allocation_free(&al);
    planset_free(&ps);
    instance_free(&in);
    diags_release(&d);
    return rc;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(top_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        (strcmp(cmd, "help") == 0 && argc == 2)) {
        fputs(top_help, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0) {
        /* 'help CMD' is 'CMD --help', also for the commands of cmd_*.c */
        if (argc > 3)
            return usage_error("help: expected one command name, e.g. 'stagematch help allocate'");
        char *hargv[] = {argv[0], argv[2], (char *)"--help", NULL};
        return run(3, hargv);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0 || strcmp(cmd, "version") == 0) {
        printf("stagematch %s (%s)\n", STAGEMATCH_VERSION, solve_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "check") == 0 || strcmp(cmd, "allocate") == 0) {
        for (int i = 2; i < argc; i++)
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                fputs(strcmp(cmd, "check") == 0 ? check_help : allocate_help, stdout);
                return EXIT_OK;
            }
        cmd_install_signals();
        args_t a;
        int r = parse_args(argc, argv, &a);
        if (r)
            return r;
        return strcmp(a.cmd, "check") == 0 ? cmd_check(&a) : cmd_allocate(&a);
    }
    if (cmd[0] == '-')
        return usage_error("unknown option '%s'", cmd);
    if (strcmp(cmd, "rerun") == 0)
        return cmd_rerun(argc, argv);
    if (strcmp(cmd, "fairness") == 0)
        return cmd_fairness(argc, argv);
    if (strcmp(cmd, "commit") == 0)
        return cmd_commit(argc, argv);
    return usage_error("'%s' is not a stagematch command (expected allocate, check, rerun, "
                       "fairness or commit)",
                       cmd);
}

int main(int argc, char **argv) { return run(argc, argv); }
