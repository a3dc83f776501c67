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

// The vector levels of VECTOR_KERNEL (CKernels.h declares anis_kernel_level).
#include "CKernels.h"

// One clone per vector width; the dynamic loader picks one for this CPU (an ifunc).
#if defined(__x86_64__) && defined(__clang__)
#define VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VECTOR_CLONES
#endif

// VECTOR_KERNEL(NAME, (PARAMS), (ARGS)) compiles the always-inline NAME_body(ARGS) once per
// vector width, like VECTOR_CLONES, but chooses at the call instead of at load, so that a
// test can run every width the CPU supports (CKernels.h, "Vector levels"). It defines
// void NAME(PARAMS), at the widest level the CPU runs, and void NAME_at(int level, PARAMS),
// at `level` lowered to what the CPU runs. One well-predicted branch per call.
#define UNPAREN(...) __VA_ARGS__
#if defined(__x86_64__) && defined(__clang__)
#define VECTOR_KERNEL(NAME, PARAMS, ARGS)                                                          \
    __attribute__((target("avx512f"))) static void NAME##_avx512(UNPAREN PARAMS) { NAME##_body ARGS; } \
    __attribute__((target("avx2"))) static void NAME##_avx2(UNPAREN PARAMS) { NAME##_body ARGS; }  \
    static void NAME##_baseline(UNPAREN PARAMS) { NAME##_body ARGS; }                              \
    void NAME##_at(int level, UNPAREN PARAMS) {                                                    \
        int cpu = anis_kernel_level();                                                             \
        level = level < cpu ? level : cpu;                                                         \
        if (level >= ANIS_LEVEL_AVX512) NAME##_avx512 ARGS;                                        \
        else if (level == ANIS_LEVEL_AVX2) NAME##_avx2 ARGS;                                       \
        else NAME##_baseline ARGS;                                                                 \
    }                                                                                              \
    void NAME(UNPAREN PARAMS) { NAME##_at(ANIS_LEVEL_AVX512, UNPAREN ARGS); }
#else
#define VECTOR_KERNEL(NAME, PARAMS, ARGS)                                                          \
    void NAME##_at(int level, UNPAREN PARAMS) { (void)level; NAME##_body ARGS; }                   \
    void NAME(UNPAREN PARAMS) { NAME##_body ARGS; }
#endif

// Independent elements in flight per loop iteration: the polynomials are long dependency
// chains, so one vector at a time leaves the FPU waiting on latency. Interleaving changes
// no element's arithmetic, only how many are computed side by side. Vectorising is forced:
// the cost model declines a few SSE2 loops for their emulated 64-bit integer operations,
// which still beat the scalar loop.
#define INTERLEAVE _Pragma("clang loop vectorize(enable) interleave_count(4)")

INLINE double bits_to_double(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }
INLINE uint64_t double_to_bits(double d) { uint64_t b; memcpy(&b, &d, sizeof b); return b; }

INLINE float bits_to_float(uint32_t b) { float f; memcpy(&f, &b, sizeof f); return f; }
INLINE uint32_t float_to_bits(float f) { uint32_t b; memcpy(&b, &f, sizeof b); return b; }

/// 2ᵏ for −1022 ≤ k ≤ 1023 (a normal double), from its exponent field.
INLINE double pow2(int64_t k) { return bits_to_double((uint64_t)(k + 1023) << 52); }
/// 2ᵏ for −126 ≤ k ≤ 127 (a normal float).
INLINE float pow2f(int32_t k) { return bits_to_float((uint32_t)(k + 127) << 23); }

/// e^r − 1 − r for |r| ≤ ½ ln 2 as r²·Q(r), Q the Taylor series of (e^r − 1 − r)/r² to
/// degree 12 (truncation below 2e-19 relative to e^r − 1), by Estrin's scheme.
INLINE double expm1_minus_r(double r) {
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double c01 = 1.0 / 2 + r * (1.0 / 6), c23 = 1.0 / 24 + r * (1.0 / 120);
    double c45 = 1.0 / 720 + r * (1.0 / 5040), c67 = 1.0 / 40320 + r * (1.0 / 362880);
    double c89 = 1.0 / 3628800 + r * (1.0 / 39916800), c1011 = 1.0 / 479001600 + r * (1.0 / 6227020800);
    double c12 = 1.0 / 87178291200;
    double q = (c01 + r2 * c23) + r4 * (c45 + r2 * c67) + r8 * ((c89 + r2 * c1011) + r4 * c12);
    return r2 * q;
}

/// The integer-valued double n (|n| ≤ 2048) as k1 + k2 with |k1|, |k2| ≤ |n|/2 + 1, for
/// applying 2ⁿ as 2^k1·2^k2 (each a normal double) without overflowing midway. Split in
/// floating point, each integer read from the low bits of value + 1.5·2⁵²: SSE2 has no
/// 64-bit arithmetic shift.
INLINE void split_exponent(double n, int64_t *k1, int64_t *k2) {
    const double shifter = 6755399441055744.0;
    double n1 = (n * 0.5 + shifter) - shifter, n2 = n - n1;
    *k1 = (int64_t)(double_to_bits(n1 + shifter) - double_to_bits(shifter));
    *k2 = (int64_t)(double_to_bits(n2 + shifter) - double_to_bits(shifter));
}

/// e^(−a) for a ≥ 0, down to the subnormals (0 from a = 746 on): a = n·ln 2 − r with
/// |r| ≤ ½ ln 2, e^r = 1 + r + r²·Q(r), and 2⁻ⁿ as two factors (the last one rounds once).
INLINE double exp_neg(double a) {
    const double log2e = 1.4426950408889634, ln2Hi = 0.6931471803691238, ln2Lo = 1.9082149292705877e-10;
    const double shifter = 6755399441055744.0;
    double ac = a > 746 ? 746 : a;
    double t = ac * log2e + shifter;
    double n = t - shifter;
    double r = (n * ln2Hi - ac) + n * ln2Lo;                 // e^(−a) = 2⁻ⁿ·e^r
    double p = 1 + (r + expm1_minus_r(r));
    int64_t k1, k2;
    split_exponent(n, &k1, &k2);
    return p * pow2(-k1) * pow2(-k2);                         // the last factor rounds into the subnormals
}

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

/// e^r by its Taylor polynomial of degree 7, in Horner form: shared by the float32
/// exponentials (exp_neg_f here, exp_f_parts in unary.c) so they round alike.
INLINE float exp_taylor7_f(float r) {
    float p = 1.0f / 5040;
    p = p * r + 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    return p * r + 1.0f;
}

/// e^(−(zh + zl)) for 0 ≤ zh ≤ 104 and 0 ≤ zl ≤ 2⁻¹⁰·zh, in float: n = round((zh + zl)·log₂e)
/// by the shifter trick, r = n·ln 2 − zh − zl (ln 2's high part has 16 bits, so n·ln2Hi − zh
/// is exact), e^r by its Taylor polynomial of degree 7 (truncation < 6e-9 for |r| ≤ 0.35),
/// and 2⁻ⁿ as two exponent-field factors so that results down among the subnormals come out.
INLINE float exp_neg_f(float zh, float zl) {
    const float shifter = 12582912.0f;                       // 1.5·2²³: adding it rounds to an integer
    float t = (zh + zl) * 1.44269502f + shifter;
    float n = t - shifter;
    float r = ((n * 0.693145752f - zh) + n * 1.42860677e-6f) - zl;
    float p = exp_taylor7_f(r);
    int32_t k = (int32_t)(float_to_bits(t) - float_to_bits(shifter));   // n, 0 ≤ n ≤ 151
    int32_t k1 = k >> 1, k2 = k - k1;
    return p * bits_to_float((uint32_t)(127 - k1) << 23) * bits_to_float((uint32_t)(127 - k2) << 23);
}

#endif
