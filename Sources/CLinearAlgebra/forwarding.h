// forwarding: what loader.c shares with the forwarders in this target's other files
// (gemm.c). Private to CLinearAlgebra: include/ holds the public header.
#ifndef ANIS_FORWARDING_H
#define ANIS_FORWARDING_H

/// The library's symbol `name`, loading the library first; exits with a message when the
/// library or the symbol is missing (an installation fault, not a user error).
__attribute__((visibility("hidden"))) void *anis_blas_symbol(const char *name);

/// Declares `f`, the library's `name` (same type), resolved once.
#define RESOLVED(name)                                                                   \
    static __typeof__(&name) fn;                                                         \
    __typeof__(&name) f = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);                        \
    if (!f) {                                                                            \
        f = (__typeof__(&name))anis_blas_symbol(#name);                                  \
        __atomic_store_n(&fn, f, __ATOMIC_RELEASE);                                      \
    }

#endif
