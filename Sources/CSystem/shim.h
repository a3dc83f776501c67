// CSystem: the few glibc calls Swift's Glibc module hides (behind _GNU_SOURCE, or in
// headers it does not export such as <malloc.h>).
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>
#include <pthread.h>
#include <stdint.h>

/// Lowest address of the calling thread's stack, or 0 when unknown.
static inline uintptr_t anis_stack_low(void) {
    pthread_attr_t attr;
    void *base = 0;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    if (pthread_attr_getstack(&attr, &base, &size) != 0) base = 0;
    pthread_attr_destroy(&attr);
    return (uintptr_t)base;
}

/// Keeps up to 256 MiB of freed memory in the heap instead of trimming it, serves
/// blocks up to 32 MiB from the heap instead of fresh mmaps, and puts every thread on
/// the main arena (whose trimming obeys that threshold): a training loop frees and
/// reallocates the same activations every step, and re-faulting them cost more than
/// the arithmetic of a small model. Call before other threads allocate.
static inline void anis_keep_freed_memory(void) {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

#include <sys/mman.h>

/// Asks for transparent huge pages (2 MiB) under the whole 4 KiB pages of a fresh block
/// of `bytes` bytes at `p` (NumPy does the same for arrays of 4 MiB and more). Blocks
/// beyond malloc's mmap threshold (32 MiB in anis) are new mappings every time, and
/// faulting them in 4 KiB at a time cost three times the arithmetic of a 4M-element relu
/// (with the kernel's THP setting "madvise"). A hint: errors are ignored.
static inline void anis_advise_huge_pages(void *p, size_t bytes) {
    uintptr_t start = ((uintptr_t)p + 4095) & ~(uintptr_t)4095, end = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
}

/// An unnamed regular file in the folder `dir` (O_TMPFILE), open for writing with
/// mode `mode` (less the umask); -1 with errno set when the filesystem cannot make one.
/// Nothing is visible in the folder until `anis_link_tmpfile` gives it a name, so a
/// process killed while writing leaves nothing behind.
static inline int anis_open_tmpfile(const char *dir, unsigned int mode) {
    return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, (mode_t)mode);
}

/// Gives the O_TMPFILE descriptor `fd` the name `path` (which must not exist):
/// through /proc/self/fd, else AT_EMPTY_PATH (which needs CAP_DAC_READ_SEARCH).
static inline int anis_link_tmpfile(int fd, const char *path) {
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0) return 0;
    return linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH);
}

#include <signal.h>
#include <sys/prctl.h>

/// Asks the kernel to send SIGTERM to this process when its parent exits (a sweep
/// worker must not outlive the anis that forked it, e.g. after `kill` or `scancel`).
static inline void anis_terminate_with_parent(void) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}
