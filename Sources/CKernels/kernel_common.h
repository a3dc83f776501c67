// kernel_common.h: what every CKernels file shares (private to this target): the
// always-inline helpers, the branch-free e^x of FastMath.swift, and the attribute that
// compiles a loop once per vector width with the CPU's choice made at load.
#ifndef ANIS_KERNEL_COMMON_H
#define ANIS_KERNEL_COMMON_H
#include <stdint.h>
#include <string.h>

// No contraction into FMA: every vector width (and Swift) rounds the same way.
#pragma STDC FP_CONTRACT OFF

#define INLINE static inline __attribute__((always_inline))

// One clone per vector width; the dynamic loader picks one for this CPU (an ifunc).
#if defined(__x86_64__) && defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

// Independent elements in flight per loop iteration: the polynomials are long dependency
// chains, so one vector at a time leaves the FPU waiting on latency. Interleaving changes
// no element's arithmetic, only how many are computed side by side.
#define INTERLEAVE _Pragma("clang loop interleave_count(4)")

INLINE double bits_to_double(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }
INLINE uint64_t double_to_bits(double d) { uint64_t b; memcpy(&b, &d, sizeof b); return b; }

// e^x for every double, FastMath.exp's algorithm operation for operation (so Swift and C
// give the same bits): below e^−708.39 it is 0, overflow gives inf, nan stays nan.
INLINE double fast_exp(double x) {
    const double log2e = 1.4426950408889634, ln2Hi = 0.6931471803691238, ln2Lo = 1.9082149292705877e-10;
    const double shifter = 6755399441055744.0;
    double lo = x < -708.39 ? -708.39 : x;
    double xc = lo > 710.0 ? 710.0 : lo;
    double t = xc * log2e + shifter;
    double n = t - shifter;
    double r = (xc - n * ln2Hi) - n * ln2Lo;
    double r2 = r * r, r4 = r2 * r2;
    double a01 = 1.0 + r, a23 = 0.5 + r * (1.0 / 6.0);
    double a45 = 1.0 / 24.0 + r * (1.0 / 120.0), a67 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    double a89 = 1.0 / 40320.0 + r * (1.0 / 362880.0), a1011 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
    double a1213 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    double low = a01 + r2 * a23, mid = a45 + r2 * a67, high = a89 + r2 * a1011 + r4 * a1213;
    double p = low + r4 * (mid + r4 * high);
    int64_t k = (int64_t)(double_to_bits(t) - double_to_bits(shifter));
    int64_t k1 = k >> 1, k2 = k - k1;
    double y = p * bits_to_double((uint64_t)(k1 + 1023) << 52) * bits_to_double((uint64_t)(k2 + 1023) << 52);
    return x != x ? x : (x < -708.39 ? 0 : y);
}

#endif
