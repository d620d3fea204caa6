/* shim.c - an LD_PRELOAD library that injects faults into stagematch
 *
 * Used by tests/faults/run.sh (docs/reliability.md).  Each fault is chosen by
 * an environment variable; without any, the shim changes nothing.
 *   SHIM_MALLOC_FAIL=N    the Nth call of malloc, calloc, realloc,
 *                         reallocarray, posix_memalign or aligned_alloc in the
 *                         process returns NULL with errno ENOMEM (N >= 1);
 *   SHIM_MALLOC_MODE=from with SHIM_MALLOC_FAIL: that call and every later
 *                         one fail (memory stays exhausted); default: only
 *                         that one;
 *   SHIM_COUNT=FILE       at exit, write "ALLOCS FSYNCS LIVE" to FILE: the
 *                         number of allocation and fsync calls (so a test
 *                         knows the range of N) and of blocks allocated and
 *                         not freed at exit (a leak shows as more than a
 *                         fault-free run leaves: stdio's buffers and the like);
 *   SHIM_FSYNC_FAIL=N     the Nth call of fsync or fdatasync fails with ENOSPC
 *                         (a full disk noticed when the data is flushed);
 *   SHIM_RAISE_ON_OPEN=S  the first open() of a path containing S raises
 *                         SHIM_RAISE_SIG (INT or TERM, default INT) first:
 *                         an interrupt while the output folder is written.
 * glibc's own internal calls to malloc go through these symbols too; its
 * stdio writes do not go through write(), which is why a full disk on write
 * is simulated with RLIMIT_FSIZE instead (see run.sh).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* glibc's allocator under its own names: no recursion through dlsym */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t k, size_t n);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t a, size_t n);

void *malloc(size_t n);
void free(void *p);
extern void __libc_free(void *p);
void *calloc(size_t k, size_t n);
void *realloc(void *p, size_t n);
void *reallocarray(void *p, size_t k, size_t n);
int posix_memalign(void **out, size_t a, size_t n);
void *aligned_alloc(size_t a, size_t n);
int fsync(int fd);
int fdatasync(int fd);
int open(const char *path, int flags, ...);

static long nalloc, nfsync, nlive;
static long fail_alloc = -1, fail_fsync = -1;
static int fail_from, inited;
static const char *raise_on;
static int raise_sig = SIGINT;

static long env_long(const char *name)
{
    const char *s = getenv(name);
    return s && *s ? strtol(s, NULL, 10) : -1;
}

static void init(void)
{
    if (inited)
        return;
    inited = 1;
    fail_alloc = env_long("SHIM_MALLOC_FAIL");
    const char *m = getenv("SHIM_MALLOC_MODE");
    fail_from = m && strcmp(m, "from") == 0;
    fail_fsync = env_long("SHIM_FSYNC_FAIL");
    raise_on = getenv("SHIM_RAISE_ON_OPEN");
    const char *sg = getenv("SHIM_RAISE_SIG");
    if (sg && strcmp(sg, "TERM") == 0)
        raise_sig = SIGTERM;
}

/* 1 if this allocation is to fail */
static int alloc_fails(void)
{
    init();
    nalloc++;
    if (fail_alloc > 0 && (nalloc == fail_alloc || (fail_from && nalloc > fail_alloc))) {
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

static void *live(void *p)
{
    if (p)
        nlive++;
    return p;
}

void *malloc(size_t n) { return alloc_fails() ? NULL : live(__libc_malloc(n)); }
void *calloc(size_t k, size_t n) { return alloc_fails() ? NULL : live(__libc_calloc(k, n)); }
void free(void *p)
{
    if (p)
        nlive--;
    __libc_free(p);
}
void *realloc(void *p, size_t n)
{
    if (!p)
        return malloc(n);
    if (!n) {
        free(p);
        return NULL;
    }
    return alloc_fails() ? NULL : __libc_realloc(p, n);
}
void *reallocarray(void *p, size_t k, size_t n)
{
    if (n && k > (size_t)-1 / n) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, k * n);
}
int posix_memalign(void **out, size_t a, size_t n)
{
    if (alloc_fails())
        return ENOMEM;
    void *p = live(__libc_memalign(a, n));
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
void *aligned_alloc(size_t a, size_t n)
{
    return alloc_fails() ? NULL : live(__libc_memalign(a, n));
}

static int fsync_fails(void)
{
    init();
    nfsync++;
    if (fail_fsync > 0 && nfsync == fail_fsync) {
        errno = ENOSPC;
        return 1;
    }
    return 0;
}

int fsync(int fd)
{
    static int (*real)(int);
    if (fsync_fails())
        return -1;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fsync");
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (fsync_fails())
        return -1;
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fdatasync");
    return real(fd);
}

int open(const char *path, int flags, ...)
{
    static int (*real)(const char *, int, ...);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    init();
    if (raise_on && strstr(path, raise_on)) {
        raise_on = NULL;
        raise(raise_sig);
    }
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "open");
    return real(path, flags, mode);
}

__attribute__((destructor)) static void report(void)
{
    const char *f = getenv("SHIM_COUNT");
    if (!f || !*f)
        return;
    char buf[96];
    int n = snprintf(buf, sizeof buf, "%ld %ld %ld\n", nalloc, nfsync, nlive);
    int fd = creat(f, 0600);
    if (fd >= 0) {
        if (write(fd, buf, (size_t)n) != n)
            n = 0;
        close(fd);
    }
}
