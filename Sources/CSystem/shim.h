// CSystem: the few glibc calls Swift's Glibc module hides behind _GNU_SOURCE.
#define _GNU_SOURCE
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
