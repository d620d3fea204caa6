/* cmd_rerun.c - `stagematch rerun`: the swap-week re-run (docs/rerun.md)
 *
 *   stagematch rerun INPUT_DIR --previous LETTERS.csv [--swaps SWAPS.csv]
 *                    --date YYYY-MM-DD -o OUT_DIR [--seed N] [--time-limit S]
 *                    [--lang nl|en] [--force] [-q] [--delimiter C] [--input-delimiter C]
 *                    [--progress | --no-progress]
 *
 * Reads the input folder as it is now, the announced letters and the agreed
 * swaps; fixes the frozen placements and the valid swaps (models/rerun.h);
 * solves with every aios's previous plan as a keep plan, so that the fewest
 * aiossen change and only then the cost is minimised; writes letters.csv,
 * brieven.csv, unplaced.csv, changes.csv, rejected_swaps.csv and the
 * summaries, all or nothing.  The letters are in the previous letters'
 * language unless --lang says otherwise.  Exit codes as allocate (cmd.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "io/letters_in.h"
#include "io/load.h"
#include "io/output.h"
#include "io/rerun_out.h"
#include "io/swaps_in.h"
#include "models/calendar.h"
#include "models/plans.h"
#include "models/rerun.h"
#include "solver/solve.h"

static const char rerun_help[] =
    "usage: stagematch rerun INPUT_DIR --previous LETTERS.csv [--swaps SWAPS.csv]\n"
    "                        --date YYYY-MM-DD -o OUTPUT_DIR [<options>]\n"
    "\n"
    "Swap week: re-plans the announced allocation (the letters.csv of the earlier run) with\n"
    "the input folder as it is now and the agreed swaps. Placements starting less than 42\n"
    "days after --date stay; valid swaps are applied, the others rejected with a reason;\n"
    "the fewest aiossen change, then the cost is lowest. Writes letters.csv, brieven.csv,\n"
    "unplaced.csv, changes.csv, rejected_swaps.csv, summary.txt and summary.json into\n"
    "OUTPUT_DIR: completely or not at all (docs/rerun.md).\n"
    "\n"
    "options:\n"
    "    --previous FILE       the announced letters.csv (English or Dutch headers)\n"
    "    --swaps FILE          swaps.csv: swap_id, trainee_a, quarter_a, trainee_b, quarter_b\n"
    "    --date YYYY-MM-DD     the day of the re-run\n"
    "    -o, --output DIR      output folder (a new folder; see --force)\n"
    "    --seed N              tie-breaking seed (default 1)\n"
    "    --time-limit S        stop after S seconds with the best allocation found\n"
    "    --lang nl|en          language of the letters and summary.txt (default: the letters\n"
    "                          in the language of --previous, the rest English)\n"
    "    --delimiter C         write the CSV files with ',' or ';' (default: as --previous)\n"
    "    --input-delimiter C   read every input file with ',' or ';' instead of detecting it\n"
    "    --force               replace an existing output folder of an earlier run\n"
    "    --progress            a progress line every 2 s while solving (the default when\n"
    "                          standard error is a terminal)\n"
    "    --no-progress         no progress lines, also on a terminal\n"
    "    -q, --quiet           print errors only\n"
    "    -h, --help            show this help\n"
    "\n"
    "exit status: 0 the output folder is complete, 2 usage error, 3 input errors,\n"
    "4 no allocation found in time, 5 solver failure, 6 output not written, 130 interrupted\n";

typedef struct rargs {
    const char *input, *output, *previous, *swaps, *date_text;
    unsigned long seed;
    double time_limit;
    char delimiter, in_delimiter;
    int force, quiet, progress; /* progress: -1 never, 0 on a terminal, 1 always */
    int date;
    lang_t lang;         /* LANG_DEFAULT when not given: follow --previous */
    int lang_given;
} rargs_t;

static int parse(int argc, char **argv, rargs_t *a)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
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
        } else if (strcmp(s, "--previous") == 0) {
            NEEDV();
            a->previous = v;
        } else if (strcmp(s, "--swaps") == 0) {
            NEEDV();
            a->swaps = v;
        } else if (strcmp(s, "--date") == 0) {
            NEEDV();
            if (date_parse(v, &a->date) != 0)
                return usage_error("--date '%s': expected a date YYYY-MM-DD", v);
            a->date_text = v;
        } else if (strcmp(s, "--seed") == 0) {
            NEEDV();
            if (arg_seed(v, &a->seed))
                return EXIT_USAGE;
        } else if (strcmp(s, "--time-limit") == 0) {
            NEEDV();
            if (arg_time_limit(v, &a->time_limit))
                return EXIT_USAGE;
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
            a->lang_given = 1;
        } else if (strcmp(s, "--force") == 0) {
            a->force = 1;
        } else if (strcmp(s, "--progress") == 0) {
            a->progress = 1;
        } else if (strcmp(s, "--no-progress") == 0) {
            a->progress = -1;
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
        return usage_error("rerun: missing INPUT_DIR");
    if (!a->previous)
        return usage_error("rerun: missing --previous LETTERS.csv (the announced letters)");
    if (!a->date_text)
        return usage_error("rerun: missing --date YYYY-MM-DD (the date of the re-run)");
    if (!a->output)
        return usage_error("rerun: missing -o OUTPUT_DIR");
    return 0;
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

/* Only the errors of the second plan build count (see cmd_rerun). */
static void keep_errors(const diags_t *from, diags_t *to)
{
    for (int i = 0; i < from->n; i++)
        if (from->v[i].level == DIAG_ERROR)
            diags_add(to, DIAG_ERROR, from->v[i].file, from->v[i].line, from->v[i].column, "%s",
                      from->v[i].msg);
    if (from->oom)
        to->oom = 1;
}

int cmd_rerun(int argc, char **argv)
{
    /* --help anywhere among the arguments wins (docs/usage.md) */
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(rerun_help, stdout);
            return EXIT_OK;
        }
    rargs_t a;
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc;
    cmd_install_signals();
    double t0 = now_seconds();
    instance_t in;
    memset(&in, 0, sizeof in);
    planset_t ps0, ps;
    memset(&ps0, 0, sizeof ps0);
    memset(&ps, 0, sizeof ps);
    allocation_t al;
    memset(&al, 0, sizeof al);
    letters_t L;
    memset(&L, 0, sizeof L);
    swaps_t S;
    memset(&S, 0, sizeof S);
    rerun_t R;
    memset(&R, 0, sizeof R);
    rr_prev_t *prev = NULL;
    rr_swap_row_t *rows = NULL;
    solve_keep_t *keep = NULL;
    diags_t d;
    diags_init(&d);

    /* read everything; every input error is reported before stopping */
    load_opts_t lo = {a.in_delimiter};
    int bad = load_instance(a.input, &lo, &in, &d) != 0 || d.nerr > 0;
    if (!bad) {
        bad |= letters_read(a.previous, &in, a.in_delimiter, &L, &d) != 0;
        if (a.swaps)
            bad |= swaps_read(a.swaps, a.in_delimiter, &S, &d) != 0;
    }
    if (!bad) {
        if (plans_build(&in, &ps0, &d) != 0) {
            rc = EXIT_INTERNAL;
            goto fail;
        }
        prev = calloc((size_t)(L.nrow ? L.nrow : 1), sizeof *prev);
        rows = calloc((size_t)(S.nrow ? S.nrow : 1), sizeof *rows);
        if (!prev || !rows) {
            diag_error(&d, NULL, 0, NULL, "out of memory");
            rc = EXIT_INTERNAL;
            goto fail;
        }
        for (int i = 0; i < L.nrow; i++) {
            const letter_row_t *r = &L.row[i];
            prev[i] = (rr_prev_t){r->trainee_id, r->name, r->trainee, r->site_id, r->site,
                                  r->field,      r->start, r->end,    r->line};
        }
        for (int i = 0; i < S.nrow; i++) {
            const swap_row_t *r = &S.row[i];
            rows[i] = (rr_swap_row_t){r->swap_id, r->ta, r->tb, r->qa, r->qb, r->line};
        }
        if (rerun_prepare(&in, &ps0, prev, L.nrow, rows, S.nrow, S.name, a.date, &R,
                          &d) != 0) {
            rc = EXIT_INTERNAL;
            goto fail;
        }
        bad = d.nerr > 0;
    }
    if (bad) {
        rc = EXIT_INPUT;
        goto fail;
    }
    planset_free(&ps0);
    /* the plans again, with the fixed placements as locked rows of their
     * aiossen; its warnings about wishes only the fixed placements rule out
     * would read as if capacity did: the first build's warnings stand */
    diags_t pd;
    diags_init(&pd);
    int pr = plans_build(&in, &ps, &pd);
    keep_errors(&pd, &d);
    diags_release(&pd);
    if (pr != 0 || d.nerr) {
        rc = EXIT_INTERNAL;
        goto fail;
    }
    keep = calloc((size_t)(in.ntr ? in.ntr : 1), sizeof *keep);
    if (!keep || rerun_keep(&in, &ps, &R, keep) != 0) {
        diag_error(&d, NULL, 0, NULL, "out of memory");
        rc = EXIT_INTERNAL;
        goto fail;
    }
    if (!a.quiet)
        diags_print(&d, stderr);

    solve_opts_t so = {.seed = a.seed,
                       .time_limit = a.time_limit,
                       .progress = want_progress(a.progress, a.quiet), /* as allocate's */
                       .interrupt = &cmd_interrupt_flag,
                       .policy = POLICY_SUM,
                       .keep = keep};
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
        fprintf(stderr, "stagematch: no allocation found within the time limit; nothing was "
                        "written (try a longer --time-limit)\n");
        rc = EXIT_NO_ALLOCATION;
        goto done;
    }
    diags_t fd;
    diags_init(&fd);
    if (rerun_finish(&in, &al, &R, &fd) != 0) {
        diags_print(&fd, stderr);
        diags_release(&fd);
        rc = EXIT_INTERNAL;
        goto done;
    }
    diags_release(&fd);

    run_info_t ri;
    memset(&ri, 0, sizeof ri);
    ri.command = "rerun";
    ri.input_dir = a.input;
    ri.policy = "sum";
    ri.seed = a.seed;
    ri.time_limit = a.time_limit;
    ri.version = STAGEMATCH_VERSION;
    ri.diags = &d;
    ri.total_seconds = now_seconds() - t0;
    /* the letters in the language of the announced ones, unless --lang */
    ri.lang = a.lang_given ? a.lang : (L.dutch ? LANG_DEFAULT : LANG_EN);
    ri.delimiter = a.delimiter ? a.delimiter : (L.delimiter ? L.delimiter : ',');
    ri.decimal_comma = ri.delimiter == ';';
    ri.cancel = &cmd_interrupt_flag;
    rerun_out_t ro = {&in, &al, &R, &ri, a.previous, a.swaps};
    output_ctx_t octx = {&in, &al, &ri};
    out_file_t files[] = {
        {"letters.csv", rerun_write_letters, &ro},
        {"brieven.csv", output_brieven_file, &octx},
        {"unplaced.csv", rerun_write_unplaced, &ro},
        {"changes.csv", rerun_write_changes, &ro},
        {"rejected_swaps.csv", rerun_write_rejected, &ro},
        {"summary.txt", rerun_write_summary_txt, &ro},
        {"summary.json", rerun_write_summary_json, &ro},
    };
    diags_t od;
    diags_init(&od);
    if (output_folder_write(a.output, a.force, a.input, files, (int)(sizeof files / sizeof files[0]),
                            &cmd_interrupt_flag, &od) != 0) {
        diags_print(&od, stderr);
        diags_release(&od);
        fprintf(stderr, "stagematch: %s; nothing was written\n",
                cmd_interrupted ? "interrupted" : "the output folder could not be written");
        rc = cmd_interrupted ? EXIT_INTERRUPTED : EXIT_OUTPUT;
        goto done;
    }
    diags_print(&od, stderr);
    diags_release(&od);
    if (!a.quiet) {
        int placed = 0, unplaced = 0;
        for (int t = 0; t < al.ntr; t++) {
            if (!in.tr[t].planned)
                continue;
            placed += al.res[t].outcome == OUT_PLACED;
            unplaced += al.res[t].outcome == OUT_UNPLACED;
        }
        fprintf(stderr,
                "stagematch: %s: %d placed, %d unplaced; %d aiossen changed, %d new, %d left; "
                "swaps %d applied, %d rejected; %d frozen, %d manual decisions; total cost %ld; "
                "letters in %s\n",
                status_words(&al), placed, unplaced, R.changed, R.nnew, R.nleft, R.napplied,
                R.nswap - R.napplied, R.nfrozen, R.nmanual, al.objective, a.output);
    }
    rc = EXIT_OK;
    goto done;
fail:
    diags_print(&d, stderr);
    print_totals(&d, "; nothing was written");
done:
    free(keep);
    free(prev);
    free(rows);
    rerun_free(&R);
    allocation_free(&al);
    planset_free(&ps0);
    planset_free(&ps);
    letters_free(&L);
    swaps_free(&S);
    instance_free(&in);
    diags_release(&d);
    return rc;
}
