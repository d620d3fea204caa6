/* cmd_fairness.c - `stagematch fairness` and `stagematch commit`
 *
 *   stagematch fairness INPUT_DIR --policies sum,minimax,lottery --seeds 1-50 -o OUT_DIR
 *   stagematch commit INPUT_DIR [--seed N | --seeds RANGE]
 *
 * fairness solves the same input once per policy and seed (the seed breaks
 * ties in `sum` and `minimax` and draws the order of `lottery`), computes
 * the figures of models/fairness.h for each allocation, and writes
 * fairness.csv, aios.csv and report.html (io/fair_out.h) all or nothing.
 * The runs are independent, so they are spread over --jobs worker
 * processes (default: one per CPU); each worker writes its results to an
 * unnamed temporary file that the parent reads back in job order, so the
 * output does not depend on the number of workers.
 *
 * commit prints the commitment of io/commit.h, for the secretariat to
 * publish before the run.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "io/commit.h"
#include "io/fair_out.h"
#include "io/letters_in.h"
#include "io/load.h"
#include "io/output.h"
#include "models/calendar.h"
#include "models/fairness.h"
#include "models/plans.h"
#include "solver/solve.h"

static const char fairness_help[] =
    "usage: stagematch fairness INPUT_DIR --policies sum,minimax,lottery --seeds 1-50\n"
    "                           -o OUTPUT_DIR [<options>]\n"
    "       stagematch fairness --letters LETTERS.csv INPUT_DIR -o OUTPUT_DIR [<options>]\n"
    "\n"
    "Solves the input once per policy and seed and writes fairness.csv (one row per run,\n"
    "one column per figure), aios.csv (per aios and policy: cost over the seeds, A plans\n"
    "given) and report.html (charts, no network needed) into OUTPUT_DIR: completely or\n"
    "not at all. With --letters: the same figures for an allocation made elsewhere.\n"
    "Prints the SHA-256 commitment of the seeds and the input files (docs/fairness.md).\n"
    "\n"
    "options:\n"
    "    --policies LIST       sum, minimax, lottery, comma-separated (default sum)\n"
    "    --seeds RANGE         seeds and ranges, e.g. 1-50 or 1,3,5-7 (default 1)\n"
    "    --letters FILE        analyse this letters.csv instead of solving\n"
    "    -o, --output DIR      output folder (a new folder; see --force)\n"
    "    --jobs N              worker processes (default: one per CPU)\n"
    "    --time-limit S        stop each run after S seconds with the best allocation found\n"
    "    --delimiter C         write the CSV files with ',' or ';' (default: as preferences.csv)\n"
    "    --input-delimiter C   read every input file with ',' or ';' instead of detecting it\n"
    "    --force               replace an existing output folder of an earlier run\n"
    "    --progress            a line per finished run (policy, seed, total cost, time),\n"
    "                          also when standard error is not a terminal\n"
    "    --no-progress         no such lines, also on a terminal\n"
    "    -q, --quiet           print errors only\n"
    "    -h, --help            show this help\n"
    "\n"
    "exit status: 0 the output folder is complete, 2 usage error, 3 input errors,\n"
    "4 no allocation found in time, 5 solver failure, 6 output not written, 130 interrupted\n";

static const char commit_help[] =
    "usage: stagematch commit INPUT_DIR [--seed N | --seeds RANGE]\n"
    "\n"
    "Prints the SHA-256 commitment of the seed (or the seeds of a fairness run) and the\n"
    "input files: publish it before a lottery, so anyone can check the run afterwards.\n"
    "The same as, in INPUT_DIR:\n"
    "    { sha256sum preferences.csv capacity.csv exemptions.csv parttime.csv regions.csv \\\n"
    "        locked.csv 2>/dev/null; echo 'seed N'; } | sha256sum\n"
    "(docs/fairness.md).\n"
    "\n"
    "options:\n"
    "    --seed N, --seeds RANGE   the seed(s), e.g. 7 or 1-50 (default 1)\n"
    "    -h, --help                show this help\n"
    "\n"
    "exit status: 0 printed, 2 usage error, 3 the input folder has no preferences.csv\n";

/* 1 if --help or -h is among the arguments (it wins, docs/usage.md). */
static int wants_help(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

#define MAX_SEEDS 100000
#define MAX_POLICIES 3

/* ------------------------------------------------------------ options */

typedef struct fopts {
    const char *input, *output, *letters;
    const char *policy[MAX_POLICIES];
    int policy_id[MAX_POLICIES];
    int npolicy;
    unsigned long *seed;
    int nseed;
    char seeds_text[256];
    double time_limit;
    long workers;            /* 0: one per CPU */
    char delimiter, in_delimiter;
    int force, quiet;
    int progress; /* a line per finished run: -1 never, 0 on a terminal, 1 always */
} fopts_t;

static int cmp_ulong(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return (x > y) - (x < y);
}

/* "1-50", "1,3,5-7": every seed once, at most MAX_SEEDS; sorted into o->seed
 * and written back canonically (ascending, runs as ranges) into o->seeds_text. */
static int parse_seeds(const char *s, fopts_t *o)
{
    free(o->seed);
    o->seed = NULL;
    o->nseed = 0;
    size_t cap = 0;
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char part[48];
        if (len == 0 || len >= sizeof part)
            return -1;
        memcpy(part, p, len);
        part[len] = '\0';
        char *dash = strchr(part, '-');
        unsigned long lo, hi;
        if (dash) {
            *dash = '\0';
            if (opt_ulong(part, &lo) < 0 || opt_ulong(dash + 1, &hi) < 0 || hi < lo)
                return -1;
        } else if (opt_ulong(part, &lo) < 0) {
            return -1;
        } else {
            hi = lo;
        }
        if (hi - lo >= (unsigned long)MAX_SEEDS || (size_t)o->nseed + (hi - lo) >= MAX_SEEDS)
            return -2;
        for (unsigned long v = lo;; v++) {
            if ((size_t)o->nseed == cap) {
                cap = cap ? 2 * cap : 64;
                unsigned long *nv = realloc(o->seed, cap * sizeof *nv);
                if (!nv)
                    return -3;
                o->seed = nv;
            }
            o->seed[o->nseed++] = v;
            if (v == hi)
                break;
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    qsort(o->seed, (size_t)o->nseed, sizeof *o->seed, cmp_ulong);
    size_t n = 0;
    o->seeds_text[0] = '\0';
    for (int i = 0; i < o->nseed;) {
        if (i > 0 && o->seed[i] == o->seed[i - 1])
            return -4;
        int j = i;
        while (j + 1 < o->nseed && o->seed[j + 1] == o->seed[j] + 1)
            j++;
        char buf[48];
        if (j > i)
            snprintf(buf, sizeof buf, "%s%lu-%lu", i ? "," : "", o->seed[i], o->seed[j]);
        else
            snprintf(buf, sizeof buf, "%s%lu", i ? "," : "", o->seed[i]);
        if (n + strlen(buf) >= sizeof o->seeds_text)
            return -2; /* too scattered to name in a commitment line */
        strcpy(o->seeds_text + n, buf);
        n += strlen(buf);
        i = j + 1;
    }
    return 0;
}

static int seeds_error(const char *v, int r)
{
    if (r == -3)
        return usage_error("out of memory while reading --seeds");
    if (r == -4)
        return usage_error("--seeds '%s': a seed is listed twice", v);
    if (r == -2)
        return usage_error("--seeds '%s': too many seeds (at most %d, in at most a few dozen "
                           "ranges)",
                           v, MAX_SEEDS);
    return usage_error("--seeds '%s': expected seeds and ranges such as 1-50 or 1,3,5-7", v);
}

static int parse_policies(const char *v, fopts_t *o)
{
    o->npolicy = 0;
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char name[16];
        int id;
        if (len == 0 || len >= sizeof name)
            return usage_error("--policies '%s': expected a list of sum, minimax, lottery", v);
        memcpy(name, p, len);
        name[len] = '\0';
        if (opt_policy(name, &id) < 0)
            return usage_error("--policies '%s': unknown policy '%s' (expected sum, minimax or "
                               "lottery)",
                               v, name);
        for (int i = 0; i < o->npolicy; i++)
            if (o->policy_id[i] == id)
                return usage_error("--policies '%s': '%s' is listed twice", v, name);
        static const char *const names[] = {"sum", "minimax", "lottery"};
        o->policy[o->npolicy] = names[id];
        o->policy_id[o->npolicy++] = id;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

static int parse_fairness_args(int argc, char **argv, fopts_t *o)
{
    const char *policies = "sum", *seeds = NULL;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0 ||
                    strcmp(s, "--policies") == 0 || strcmp(s, "--seeds") == 0 ||
                    strcmp(s, "--letters") == 0 || strcmp(s, "--time-limit") == 0 ||
                    strcmp(s, "--jobs") == 0 || strcmp(s, "--delimiter") == 0 ||
                    strcmp(s, "--input-delimiter") == 0;
        if (takes) {
            if (!v)
                return usage_error("option '%s' needs a value", s);
            i++;
        }
        if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) {
            o->output = v;
        } else if (strcmp(s, "--policies") == 0) {
            policies = v;
        } else if (strcmp(s, "--seeds") == 0) {
            seeds = v;
        } else if (strcmp(s, "--letters") == 0) {
            o->letters = v;
        } else if (strcmp(s, "--time-limit") == 0) {
            if (arg_time_limit(v, &o->time_limit))
                return EXIT_USAGE;
        } else if (strcmp(s, "--jobs") == 0) {
            unsigned long n;
            if (opt_ulong(v, &n) < 0 || n < 1 || n > 256)
                return usage_error("--jobs '%s': expected a number of worker processes, 1 to "
                                   "256",
                                   v);
            o->workers = (long)n;
        } else if (strcmp(s, "--delimiter") == 0) {
            if (arg_delim(s, v, &o->delimiter))
                return EXIT_USAGE;
        } else if (strcmp(s, "--input-delimiter") == 0) {
            if (arg_delim(s, v, &o->in_delimiter))
                return EXIT_USAGE;
        } else if (strcmp(s, "--force") == 0) {
            o->force = 1;
        } else if (strcmp(s, "-q") == 0 || strcmp(s, "--quiet") == 0) {
            o->quiet = 1;
        } else if (strcmp(s, "--progress") == 0) {
            o->progress = 1;
        } else if (strcmp(s, "--no-progress") == 0) {
            o->progress = -1;
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else if (!o->input) {
            o->input = s;
        } else {
            return usage_error("unexpected argument '%s'", s);
        }
    }
    if (!o->input)
        return usage_error("fairness: missing INPUT_DIR");
    if (!o->output)
        return usage_error("fairness: missing -o OUTPUT_DIR");
    int r = parse_policies(policies, o);
    if (r)
        return r;
    if (o->letters && (seeds || strcmp(policies, "sum") != 0))
        return usage_error("fairness: --letters analyses one given allocation; --policies and "
                           "--seeds do not apply");
    r = parse_seeds(seeds ? seeds : "1", o);
    return r ? seeds_error(seeds ? seeds : "1", r) : 0;
}

/* ------------------------------------------------------------ the runs */

typedef struct fctx {
    const fopts_t *o;
    instance_t in;
    planset_t ps;
    fair_groups_t G;
    fair_job_t *job;
    int njob;
    /* per seed: what this process's sum run of that seed gives the
     * lottery of the same seed (solve_opts_t.sum_hint); a worker runs the
     * sum jobs of its seeds before their lottery jobs (run_parallel) */
    solve_sum_hint_t *hint;
    unsigned char *has_hint;
} fctx_t;

/* Solve job j and fill its record.  Returns 0 or an exit status (after
 * printing why). */
static int run_job(fctx_t *c, int j)
{
    const fopts_t *o = c->o;
    fair_job_t *job = &c->job[j];
    int p = j / o->nseed;
    job->policy = p;
    job->seed = o->seed[j % o->nseed];
    solve_opts_t so = {.seed = job->seed,
                       .time_limit = o->time_limit,
                       .interrupt = &cmd_interrupt_flag,
                       .policy = (policy_t)o->policy_id[p]};
    int si = j % o->nseed;
    if (so.policy == POLICY_LOTTERY && c->has_hint[si])
        so.sum_hint = &c->hint[si];
    allocation_t al;
    memset(&al, 0, sizeof al);
    diags_t sd;
    diags_init(&sd);
    double t0 = now_seconds();
    int sr = solve_run(&c->in, &c->ps, &so, &al, &sd);
    int rc = 0;
    if (cmd_interrupted) {
        rc = EXIT_INTERRUPTED;
    } else if (sr != 0) {
        diags_print(&sd, stderr);
        fprintf(stderr, "stagematch: policy %s, seed %lu: solver failed\n", o->policy[p],
                job->seed);
        rc = EXIT_SOLVER;
    } else if (al.status == SOLVE_NO_ALLOCATION) {
        fprintf(stderr,
                "stagematch: policy %s, seed %lu: no allocation found within the time limit "
                "(try a longer --time-limit)\n",
                o->policy[p], job->seed);
        rc = EXIT_NO_ALLOCATION;
    } else {
        if (so.policy == POLICY_SUM && solve_sum_hint(&c->in, &c->ps, &al, &c->hint[si]) == 0)
            c->has_hint[si] = 1;
        job->status = al.status;
        job->objective = al.objective;
        if (fair_job_fill(&c->in, &c->ps, &c->G, &al, job) != 0) {
            fprintf(stderr, "stagematch: out of memory while computing the figures\n");
            rc = EXIT_INTERNAL;
        } else if (want_progress(o->progress, o->quiet)) {
            /* a line per finished run (on a terminal, or with --progress): the
             * lottery can take minutes, and a log shows which run was slow */
            fprintf(stderr, "stagematch: fairness: policy %s, seed %lu: total cost %ld, %s (%.1f s)\n",
                    o->policy[p], job->seed, al.objective,
                    al.status == SOLVE_OPTIMAL ? "optimal" : "stopped at the time limit",
                    now_seconds() - t0);
        }
    }
    diags_release(&sd);
    allocation_free(&al);
    return rc;
}

/* A job's record in a worker's result file. */
typedef struct rec {
    int j, rc;
    solve_status_t status;
    long objective;
    fairness_t F;            /* its group pointer is not used */
} rec_t;

static int rec_write(FILE *fp, const fair_job_t *job, int j, int rc, int ntr)
{
    rec_t r;
    memset(&r, 0, sizeof r);
    r.j = j;
    r.rc = rc;
    if (rc == 0) {
        r.status = job->status;
        r.objective = job->objective;
        r.F = job->F;
        r.F.group = NULL;
    }
    fwrite(&r, sizeof r, 1, fp);
    if (rc == 0) {
        fwrite(job->F.group, sizeof *job->F.group, (size_t)job->F.ngroup, fp);
        fwrite(job->cost, sizeof *job->cost, (size_t)ntr, fp);
        fwrite(job->plan, sizeof *job->plan, (size_t)ntr, fp);
    }
    return ferror(fp) ? -1 : 0;
}

/* Read one record back into c->job; returns its rc, or -1 at the end / on
 * a short file. */
static int rec_read(FILE *fp, fctx_t *c, int *jout)
{
    rec_t r;
    if (fread(&r, sizeof r, 1, fp) != 1 || r.j < 0 || r.j >= c->njob)
        return -1;
    *jout = r.j;
    if (r.rc != 0)
        return r.rc;
    fair_job_t *job = &c->job[r.j];
    int ntr = c->in.ntr, ng = c->G.n;
    job->policy = r.j / c->o->nseed;
    job->seed = c->o->seed[r.j % c->o->nseed];
    job->status = r.status;
    job->objective = r.objective;
    job->F = r.F;
    job->F.group = calloc((size_t)(ng ? ng : 1), sizeof *job->F.group);
    job->cost = malloc((size_t)(ntr ? ntr : 1) * sizeof *job->cost);
    job->plan = malloc((size_t)(ntr ? ntr : 1) * sizeof *job->plan);
    if (!job->F.group || !job->cost || !job->plan)
        return EXIT_INTERNAL;
    if (r.F.ngroup != ng ||
        fread(job->F.group, sizeof *job->F.group, (size_t)ng, fp) != (size_t)ng ||
        fread(job->cost, sizeof *job->cost, (size_t)ntr, fp) != (size_t)ntr ||
        fread(job->plan, sizeof *job->plan, (size_t)ntr, fp) != (size_t)ntr)
        return -1;
    return 0;
}

static void ctx_release(fctx_t *c)
{
    for (int j = 0; c->job && j < c->njob; j++)
        fair_job_release(&c->job[j]);
    free(c->job);
    free(c->hint);
    free(c->has_hint);
    fair_groups_release(&c->G);
    planset_free(&c->ps);
    instance_free(&c->in);
}

/* Run every job over nw worker processes.  Returns 0 or an exit status. */
static int run_parallel(fctx_t *c, int nw)
{
    FILE **res = calloc((size_t)nw, sizeof *res);
    pid_t *pid = calloc((size_t)nw, sizeof *pid);
    int rc = 0, started = 0;
    if (!res || !pid) {
        fprintf(stderr, "stagematch: out of memory while starting the workers\n");
        free(res);
        free(pid);
        return EXIT_INTERNAL;
    }
    fflush(stdout);
    fflush(stderr);
    for (int w = 0; w < nw; w++) {
        res[w] = tmpfile();
        if (!res[w]) {
            fprintf(stderr, "stagematch: cannot create a temporary file for the workers: %s\n",
                    strerror(errno));
            rc = EXIT_INTERNAL;
            break;
        }
        pid[w] = fork();
        if (pid[w] < 0) {
            fprintf(stderr, "stagematch: cannot start a worker process: %s\n", strerror(errno));
            fclose(res[w]);
            res[w] = NULL;
            rc = EXIT_INTERNAL;
            break;
        }
        if (pid[w] == 0) {
            /* the worker: with at least as many seeds as workers, every
             * policy of the seeds s with s mod nw = w (so that the sum run
             * of a seed is at hand for its lottery: solve_opts_t.sum_hint);
             * else jobs w, w + nw, ... */
            int crc = 0, nseed = c->o->nseed, by_seed = nseed >= nw;
            for (int j = 0; j < c->njob && crc == 0; j++) {
                if ((by_seed ? (j % nseed) % nw : j % nw) != w)
                    continue;
                crc = run_job(c, j);
                if (rec_write(res[w], &c->job[j], j, crc, c->in.ntr) != 0 && crc == 0)
                    crc = EXIT_INTERNAL;
                fair_job_release(&c->job[j]);
            }
            if (fflush(res[w]) != 0 && crc == 0)
                crc = EXIT_INTERNAL;
            fclose(res[w]);
            for (int k = 0; k < w; k++)
                fclose(res[k]);
            free(res);
            free(pid);
            ctx_release(c);
            fflush(stderr);
            _exit(crc);
        }
        started++;
    }
    for (int w = 0; w < started; w++) {
        int st;
        while (waitpid(pid[w], &st, 0) < 0 && errno == EINTR)
            ;
        int wrc = WIFEXITED(st) ? WEXITSTATUS(st) : EXIT_INTERNAL;
        if (wrc != 0 && rc == 0)
            rc = wrc;
    }
    int seen = 0;
    for (int w = 0; w < started && rc == 0; w++) {
        rewind(res[w]);
        int j, r;
        while ((r = rec_read(res[w], c, &j)) == 0)
            seen++;
        if (r > 0)
            rc = r;
    }
    if (rc == 0 && seen != c->njob) {
        fprintf(stderr, "stagematch: a worker process ended without its results\n");
        rc = EXIT_INTERNAL;
    }
    for (int w = 0; w < nw; w++)
        if (res[w])
            fclose(res[w]);
    free(res);
    free(pid);
    return cmd_interrupted ? EXIT_INTERRUPTED : rc;
}

static int run_all(fctx_t *c)
{
    long nw = c->o->workers;
    if (nw <= 0) {
        nw = sysconf(_SC_NPROCESSORS_ONLN);
        if (nw < 1)
            nw = 1;
    }
    if (nw > c->njob)
        nw = c->njob;
    if (nw > 1)
        return run_parallel(c, (int)nw);
    for (int j = 0; j < c->njob; j++) {
        int rc = run_job(c, j);
        if (rc)
            return rc;
    }
    return 0;
}

/* ------------------------------------------------------------ --letters */

static int cmp_pl(const void *pa, const void *pb)
{
    const placement_t *a = pa, *b = pb;
    if (a->trainee != b->trainee)
        return a->trainee - b->trainee;
    return a->start - b->start;
}

/* The allocation the letters describe, costed like the solver's: each
 * planned aios's rows must be exactly one plan of plans.h with sites its
 * slots allow; an aios without rows, or whose rows are no such plan (a
 * warning says why), counts as unplaced.  Rows of aiossen who are not
 * planned in this input are left out.  0 or -1 (out of memory). */
static int letters_allocation(const instance_t *in, const planset_t *ps, const letters_t *L,
                              allocation_t *al, diags_t *d)
{
    memset(al, 0, sizeof *al);
    al->ntr = in->ntr;
    al->res = calloc((size_t)(in->ntr ? in->ntr : 1), sizeof *al->res);
    al->pl = malloc((size_t)(in->ntr ? in->ntr : 1) * PLAN_MAX_SLOTS * sizeof *al->pl);
    if (!al->res || !al->pl)
        return -1;
    al->status = SOLVE_OPTIMAL;
    snprintf(al->solver_version, sizeof al->solver_version, "letters");
    long cost = 0, borrowed = 0;
    int unplaced = 0;
    for (int t = 0; t < in->ntr; t++) {
        const trainee_t *tr = &in->tr[t];
        trainee_result_t *res = &al->res[t];
        res->plan = PLAN_NONE;
        res->a_start = QUARTER_NONE;
        if (!tr->planned)
            continue;
        int first = 0, n = letters_trainee_rows(L, tr->id, &first);
        if (ps->tp[t].empty_year) {
            res->outcome = OUT_EMPTY_YEAR;
            continue;
        }
        int site[PLAN_MAX_SLOTS], sites_ok = 0;
        int k = n > 0 ? letters_match(in, ps, t, &L->row[first], n, site, &sites_ok) : -1;
        if (k < 0 || !sites_ok) {
            res->outcome = OUT_UNPLACED;
            unplaced++;
            if (n == 0)
                diag_warn(d, L->name, 0, NULL,
                          "trainee %s has no placement in the letters: counted as unplaced",
                          tr->id);
            else
                diag_warn(d, L->name, L->row[first].line, NULL,
                          "trainee %s: the placements in the letters are %s: counted as "
                          "unplaced",
                          tr->id,
                          k < 0 ? "no plan the rules allow this aios (fields and dates)"
                                : "at a site the rules do not allow this aios (field, "
                                  "min_factor or no capacity)");
            continue;
        }
        res->outcome = OUT_PLACED;
        borrowed += plans_evaluate(in, ps, t, k, site, res);
        cost += res->cost;
        const ptmpl_t *tm = &ps->tp[t].tmpl[k];
        for (int j = 0; j < tm->nslot; j++) {
            placement_t *p = &al->pl[al->npl++];
            memset(p, 0, sizeof *p);
            p->trainee = t;
            p->site = site[j];
            p->field = tm->slot[j].field;
            p->traject = tm->slot[j].traject;
            p->start = tm->slot[j].start;
            p->end = tm->slot[j].end;
            p->locked = tm->slot[j].locked_row >= 0;
            p->year_quarters = tm->slot[j].yq;
        }
    }
    qsort(al->pl, (size_t)al->npl, sizeof *al->pl, cmp_pl);
    al->borrowed_cost = borrowed;
    al->objective = cost + borrowed + 1000L * unplaced;
    al->bound = al->objective;
    return 0;
}

/* ------------------------------------------------------------ output */

static int w_csv(FILE *fp, void *ctx) { return fair_write_csv(fp, ctx); }
static int w_aios(FILE *fp, void *ctx) { return fair_write_aios(fp, ctx); }
static int w_report(FILE *fp, void *ctx) { return fair_write_report(fp, ctx); }

/* One line per policy: the objective's range over the seeds. */
static void print_policy_lines(const fair_run_t *r)
{
    for (int p = 0; p < r->npolicy; p++) {
        long lo = 0, hi = 0;
        int worst_lo = 0, worst_hi = 0, proven = 1;
        for (int s = 0; s < r->nseed; s++) {
            const fair_job_t *j = &r->job[p * r->nseed + s];
            if (s == 0 || j->objective < lo)
                lo = j->objective;
            if (s == 0 || j->objective > hi)
                hi = j->objective;
            if (s == 0 || j->F.cost_max < worst_lo)
                worst_lo = j->F.cost_max;
            if (s == 0 || j->F.cost_max > worst_hi)
                worst_hi = j->F.cost_max;
            proven &= j->status == SOLVE_OPTIMAL;
        }
        fprintf(stderr, "stagematch: %s: %d run%s, total cost %ld", r->policy[p], r->nseed,
                r->nseed == 1 ? "" : "s", lo);
        if (hi != lo)
            fprintf(stderr, " to %ld", hi);
        fprintf(stderr, ", worst-off cost %d", worst_lo);
        if (worst_hi != worst_lo)
            fprintf(stderr, " to %d", worst_hi);
        fprintf(stderr, "%s\n", proven ? "" : " (not every run proven optimal)");
    }
}

int cmd_fairness(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(fairness_help, stdout);
        return EXIT_OK;
    }
    cmd_install_signals();
    fopts_t o;
    memset(&o, 0, sizeof o);
    fctx_t c;
    memset(&c, 0, sizeof c);
    c.o = &o;
    diags_t d;
    diags_init(&d);
    letters_t L;
    memset(&L, 0, sizeof L);
    int rc = parse_fairness_args(argc, argv, &o);
    if (rc)
        goto done;
    load_opts_t lo = {o.in_delimiter};
    if (load_instance(o.input, &lo, &c.in, &d) != 0 || d.nerr > 0)
        rc = EXIT_INPUT;
    else if (plans_build(&c.in, &c.ps, &d) != 0)
        rc = EXIT_INTERNAL;
    else if (d.nerr)
        rc = EXIT_INPUT;
    else if (o.letters && letters_read(o.letters, &c.in, o.in_delimiter, &L, &d) != 0)
        rc = EXIT_INPUT;
    if (rc || !o.quiet)
        diags_print(&d, stderr);
    if (rc) {
        print_totals(&d, "; nothing was written");
        goto done;
    }
    char commitment[65] = "";
    const char *failed;
    if (o.letters) {
        static const char *const letters_policy[] = {"letters"};
        o.policy[0] = letters_policy[0];
        o.npolicy = 1;
    } else if (commit_compute(o.input, o.seeds_text, commitment, &failed) != 0) {
        fprintf(stderr, "stagematch: cannot read '%s/%s' for the commitment: %s; nothing was "
                "written\n", o.input, failed ? failed : "", strerror(errno));
        rc = EXIT_INPUT;
        goto done;
    }
    if (!o.quiet && !o.letters)
        fprintf(stderr, "stagematch: commitment %s (seeds %s and the input files; "
                "docs/fairness.md)\n", commitment, o.seeds_text);
    c.njob = o.npolicy * o.nseed;
    c.job = calloc((size_t)c.njob, sizeof *c.job);
    c.hint = calloc((size_t)(o.nseed ? o.nseed : 1), sizeof *c.hint);
    c.has_hint = calloc((size_t)(o.nseed ? o.nseed : 1), 1);
    if (!c.job || !c.hint || !c.has_hint || fair_groups_build(&c.in, &c.G) != 0) {
        fprintf(stderr, "stagematch: out of memory; nothing was written\n");
        rc = EXIT_INTERNAL;
        goto done;
    }
    if (o.letters) {
        allocation_t al;
        diags_t ld;
        diags_init(&ld);
        if (letters_allocation(&c.in, &c.ps, &L, &al, &ld) != 0 ||
            fair_job_fill(&c.in, &c.ps, &c.G, &al, &c.job[0]) != 0) {
            fprintf(stderr, "stagematch: out of memory; nothing was written\n");
            rc = EXIT_INTERNAL;
        } else {
            c.job[0].status = al.status;
            c.job[0].objective = al.objective;
            if (!o.quiet)
                diags_print(&ld, stderr);
        }
        diags_release(&ld);
        allocation_free(&al);
        if (rc)
            goto done;
    } else {
        rc = run_all(&c);
    }
    if (rc) {
        fprintf(stderr, "stagematch: %s; nothing was written\n",
                rc == EXIT_INTERRUPTED ? "interrupted" : "not every run succeeded");
        goto done;
    }
    fair_run_t r = {.in = &c.in,
                    .G = &c.G,
                    .policy = o.policy,
                    .npolicy = o.npolicy,
                    .seed = o.seed,
                    .nseed = o.nseed,
                    .job = c.job,
                    .njob = c.njob,
                    .input_dir = o.input,
                    .seeds_text = o.seeds_text,
                    .commitment = o.letters ? NULL : commitment,
                    .letters = o.letters,
                    .version = STAGEMATCH_VERSION};
    r.delimiter = o.delimiter ? o.delimiter : (c.in.delimiter ? c.in.delimiter : ',');
    r.decimal_comma = r.delimiter == ';';
    out_file_t files[] = {{"fairness.csv", w_csv, &r},
                          {"aios.csv", w_aios, &r},
                          {"report.html", w_report, &r}};
    diags_t od;
    diags_init(&od);
    if (output_folder_write(o.output, o.force, o.input, files, 3, &cmd_interrupt_flag, &od) !=
        0) {
        diags_print(&od, stderr);
        diags_release(&od);
        fprintf(stderr, "stagematch: %s; nothing was written\n",
                cmd_interrupted ? "interrupted" : "the output folder could not be written");
        rc = cmd_interrupted ? EXIT_INTERRUPTED : EXIT_OUTPUT;
        goto done;
    }
    diags_print(&od, stderr);
    diags_release(&od);
    if (!o.quiet) {
        print_policy_lines(&r);
        fprintf(stderr, "stagematch: %d run%s; fairness.csv, aios.csv and report.html in %s\n",
                c.njob, c.njob == 1 ? "" : "s", o.output);
    }
    rc = EXIT_OK;
done:
    letters_free(&L);
    ctx_release(&c);
    free(o.seed);
    diags_release(&d);
    return rc;
}

/* ------------------------------------------------------------ commit */

int cmd_commit(int argc, char **argv)
{
    if (wants_help(argc, argv)) {
        fputs(commit_help, stdout);
        return EXIT_OK;
    }
    const char *input = NULL, *seeds = NULL;
    fopts_t o;
    memset(&o, 0, sizeof o);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--seed") == 0 || strcmp(s, "--seeds") == 0) {
            if (i + 1 >= argc)
                return usage_error("option '%s' needs a value", s);
            seeds = argv[++i];
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option '%s'", s);
        } else if (!input) {
            input = s;
        } else {
            return usage_error("unexpected argument '%s'", s);
        }
    }
    if (!input)
        return usage_error("commit: missing INPUT_DIR");
    int r = parse_seeds(seeds ? seeds : "1", &o);
    if (r) {
        free(o.seed);
        return seeds_error(seeds ? seeds : "1", r);
    }
    free(o.seed);
    /* preferences.csv must be there: a mistyped folder must not give a
     * commitment of the seed alone */
    char *pref = malloc(strlen(input) + 20);
    if (!pref)
        return EXIT_INTERNAL;
    sprintf(pref, "%s/preferences.csv", input);
    struct stat st;
    int ok = stat(pref, &st) == 0;
    free(pref);
    if (!ok) {
        fprintf(stderr, "preferences.csv: cannot read '%s/preferences.csv': %s\n", input,
                strerror(errno));
        return EXIT_INPUT;
    }
    char hex[65];
    const char *failed;
    if (commit_compute(input, o.seeds_text, hex, &failed) != 0) {
        fprintf(stderr, "stagematch: cannot read '%s/%s': %s\n", input, failed ? failed : "",
                strerror(errno));
        return failed ? EXIT_INPUT : EXIT_INTERNAL;
    }
    printf("%s\n", hex);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_OUTPUT;
}
