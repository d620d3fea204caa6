/* fuzz_load.c - libFuzzer targets for loading and validating an input folder
 *
 * Built once per input file (docs/reliability.md, `make fuzz`):
 *   -DFUZZ_FILE='"preferences.csv"'  the fuzz input becomes that one file of
 *       an otherwise valid input folder (a copy of FUZZ_BASE, the small
 *       valid fixture of the unit tests), so each file's parser in
 *       io/load.c and the cross-file checks see it;
 *   no FUZZ_FILE (fuzz_folder)        the fuzz input is a whole folder: its
 *       parts, separated by lines "=====", become preferences.csv,
 *       capacity.csv, exemptions.csv, parttime.csv, regions.csv and
 *       locked.csv in that order (missing parts: the file is absent).
 * Either way the run is what `stagematch check` does: load_instance() and,
 * when the inputs are valid, plans_build(); every diagnostic is formatted.
 * A crash, a sanitizer report or a leak is a finding; a diagnostic is not.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../io/load.h"
#include "../../models/diag.h"
#include "../../models/plans.h"

#ifndef FUZZ_BASE
#define FUZZ_BASE "tests/unit/fixtures/valid"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"preferences.csv", "capacity.csv", "exemptions.csv",
                                    "parttime.csv",    "regions.csv",  "locked.csv"};
#define NFILES ((int)(sizeof files / sizeof files[0]))

static char dir[256];

static void die(const char *what)
{
    fprintf(stderr, "fuzz_load: %s: %s\n", what, strerror(errno));
    abort();
}

static void put(const char *name, const uint8_t *p, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || (n && fwrite(p, 1, n, fp) != n) || fclose(fp) != 0)
        die(path);
}

static void drop(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (unlink(path) != 0 && errno != ENOENT)
        die(path);
}

static void cleanup(void)
{
    for (int i = 0; i < NFILES; i++)
        drop(files[i]);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    if (access("/dev/shm", W_OK) == 0)
        tmp = "/dev/shm";
    snprintf(dir, sizeof dir, "%s/stagematch-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        die(dir);
    atexit(cleanup);
#ifdef FUZZ_FILE
    for (int i = 0; i < NFILES; i++) {
        if (strcmp(files[i], FUZZ_FILE) == 0)
            continue;
        char src[512];
        snprintf(src, sizeof src, "%s/%s", FUZZ_BASE, files[i]);
        FILE *fp = fopen(src, "rb");
        if (!fp)
            die(src);
        static uint8_t buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf, fp);
        fclose(fp);
        put(files[i], buf, n);
    }
#endif
    return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
#ifdef FUZZ_FILE
    put(FUZZ_FILE, data, size);
#else
    static const char sep[] = "=====\n";
    size_t at = 0;
    for (int i = 0; i < NFILES; i++) {
        if (at > size || (at == size && i > 0)) {
            drop(files[i]);
            continue;
        }
        const uint8_t *p = data + at;
        size_t left = size - at, n = left;
        for (size_t k = 0; k + sizeof sep - 1 <= left; k++)
            if ((k == 0 || p[k - 1] == '\n') && memcmp(p + k, sep, sizeof sep - 1) == 0) {
                n = k;
                break;
            }
        put(files[i], p, n);
        at += n + sizeof sep - 1;
    }
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    write_input(data, size);
    instance_t in;
    planset_t ps;
    memset(&ps, 0, sizeof ps);
    diags_t d;
    diags_init(&d);
    load_opts_t lo = {0};
    if (load_instance(dir, &lo, &in, &d) == 0 && d.nerr == 0)
        plans_build(&in, &ps, &d);
    for (int i = 0; i < d.n; i++) {
        char *s = diag_format(&d.v[i]);
        if (!s && !d.oom)
            abort();
        free(s);
    }
    planset_free(&ps);
    instance_free(&in);
    diags_release(&d);
    return 0;
}
