// unary: the elementwise built-ins whose Swift loops ran one element at a time (Swift's
// map over a closure is not vectorised, and libm's log is a call per element): exp, log,
// sqrt, tanh, the logistic sigmoid and SiLU, for float64 and float32 tensors, at the CPU's
// vector width (VECTOR_KERNEL).
//
// exp, tanh, sigmoid and silu are FastMath.swift's algorithms operation for operation, so a
// number and a tensor element give the same bits (UnaryKernelTests). A float32 element is
// widened, computed in double and rounded once, as Tensor.map did, so float32 results
// keep their bits too. sqrt is IEEE's (exact rounding). log is new here: x = 2ᵉ·m with
// m ∈ [√½, √2), log x = e·ln 2 + log(1 + f), f = m − 1, by the atanh series of softplus.c's
// log1p (|s| ≤ 0.172, terms to s²⁰), within 2 ulp (measured 1.3); log 0 = −inf, log of a
// negative number or nan is nan, log inf = inf, subnormals are scaled first.
#include "CKernels.h"
#include "kernel_common.h"

INLINE double tanh_inline(double x) {
    const double p0 = -9.64399179425052238628e-1, p1 = -9.92877231001918586564e1, p2 = -1.61468768441708447952e3;
    const double q0 = 1.12811678491632931402e2, q1 = 2.23548839060100448583e3, q2 = 4.84406305325125486048e3;
    double a = x < 0 ? -x : x, z = x * x;
    double p = (p0 * z + p1) * z + p2;
    double q = ((z + q0) * z + q1) * z + q2;
    double small = a + a * z * p / q;
    double large = 1 - 2 / (fast_exp(2 * a) + 1);
    return __builtin_copysign(a < 0.625 ? small : large, x);
}

INLINE double logistic_inline(double x) { return 1 / (1 + fast_exp(-x)); }

INLINE double log_inline(double x) {
    const double ln2Hi = 0.6931471803691238, ln2Lo = 1.9082149292705877e-10;
    const double two52 = 4503599627370496.0;                  // 2⁵²: its pattern's low bits hold integers
    int sub = x < 0x1p-1022;                                  // subnormal (or ≤ 0, handled at the end)
    double xs = sub ? x * 0x1p54 : x;
    uint64_t b = double_to_bits(xs);
    double expo = bits_to_double(0x4330000000000000ull | (b >> 52 & 0x7ff)) - two52;   // the exponent field
    double m = bits_to_double((b & 0x000fffffffffffffull) | 0x3ff0000000000000ull);  // [1, 2)
    int big = m > 1.4142135623730951;
    m = big ? 0.5 * m : m;
    double e = expo - 1023 + (big ? 1.0 : 0.0) - (sub ? 54.0 : 0.0);
    double f = m - 1;                                         // exact
    double s = f / (2 + f), z = s * s, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    double t12 = 1.0 / 3 + z * (1.0 / 5), t34 = 1.0 / 7 + z * (1.0 / 9), t56 = 1.0 / 11 + z * (1.0 / 13);
    double t78 = 1.0 / 15 + z * (1.0 / 17), t910 = 1.0 / 19 + z * (1.0 / 21);
    double t = z * ((t12 + z2 * t34) + z4 * (t56 + z2 * t78) + z8 * t910);
    double l = f - s * (f - 2 * t);                           // log(1 + f)
    double y = e * ln2Hi + (l + e * ln2Lo);                   // e·ln2Hi is exact
    y = x == __builtin_inf() ? x : y;
    y = x == 0 ? -__builtin_inf() : y;
    return x < 0 || x != x ? __builtin_nan("") : y;
}

// One kernel per function and dtype: y[i] = EXPR(v) with v the element as a double.
#define UNARY_KERNEL(NAME, EXPR)                                                                   \
    INLINE void anis_##NAME##_f64_body(const double *restrict x, double *restrict y, long n) {     \
        INTERLEAVE for (long i = 0; i < n; i++) { double v = x[i]; y[i] = (EXPR); }                \
    }                                                                                              \
    VECTOR_KERNEL(anis_##NAME##_f64, (const double *restrict x, double *restrict y, long n), (x, y, n)) \
    INLINE void anis_##NAME##_f32_body(const float *restrict x, float *restrict y, long n) {       \
        INTERLEAVE for (long i = 0; i < n; i++) { double v = x[i]; y[i] = (float)(EXPR); }         \
    }                                                                                              \
    VECTOR_KERNEL(anis_##NAME##_f32, (const float *restrict x, float *restrict y, long n), (x, y, n))

UNARY_KERNEL(exp, fast_exp(v))
UNARY_KERNEL(log, log_inline(v))
UNARY_KERNEL(sqrt, __builtin_elementwise_sqrt(v))
UNARY_KERNEL(tanh, tanh_inline(v))
UNARY_KERNEL(sigmoid, logistic_inline(v))
UNARY_KERNEL(silu, v * logistic_inline(v))

double anis_log(double x) { return log_inline(x); }
