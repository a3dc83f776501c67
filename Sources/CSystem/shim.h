// CSystem: the few glibc calls Swift's Glibc module hides (behind _GNU_SOURCE, or in
// headers it does not export such as <malloc.h>).
#define _GNU_SOURCE
#include <malloc.h>
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

#include <signal.h>
#include <sys/prctl.h>

/// Asks the kernel to send SIGTERM to this process when its parent exits (a sweep
/// worker must not outlive the anis that forked it, e.g. after `kill` or `scancel`).
static inline void anis_terminate_with_parent(void) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}
