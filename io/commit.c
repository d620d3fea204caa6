/* commit.c - the SHA-256 commitment of a run's seed and input files (commit.h) */
#include "commit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

int commit_compute(const char *dir, const char *seeds, char hex[65], const char **failed)
{
    *failed = NULL;
    const char *const *names = output_input_files();
    size_t cap = 64 + strlen(seeds), len = 0;
    for (int k = 0; names[k]; k++)
        cap += 67 + strlen(names[k]);
    char *text = malloc(cap);
    char *path = malloc(strlen(dir) + 32);
    if (!text || !path) {
        free(text);
        free(path);
        errno = ENOMEM;
        return -1;
    }
    for (int k = 0; names[k]; k++) {
        char sha[65];
        sprintf(path, "%s/%s", dir, names[k]);
        if (output_sha256_file(path, sha) != 0) {
            if (errno == ENOENT)
                continue; /* an optional file that is not there */
            int e = errno;
            *failed = names[k];
            free(text);
            free(path);
            errno = e;
            return -1;
        }
        len += (size_t)sprintf(text + len, "%s  %s\n", sha, names[k]);
    }
    len += (size_t)sprintf(text + len, "seed %s\n", seeds);
    output_sha256_bytes(text, len, hex);
    free(text);
    free(path);
    return 0;
}
