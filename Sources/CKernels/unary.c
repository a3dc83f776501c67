// unary: the elementwise built-ins whose Swift loops ran one element at a time (Swift's
// map over a closure is not vectorised, and libm's log is a call per element): relu, abs,
// exp, log, sqrt, tanh, the logistic sigmoid and SiLU, for float64 and float32 tensors, at
// the CPU's vector width (VECTOR_KERNEL).
//
// For float64, exp, tanh, sigmoid and silu are FastMath.swift's algorithms operation for
// operation, so a number and a tensor element give the same bits (UnaryKernelTests). float32
// is computed in float arithmetic (sixteen lanes to an AVX-512 register; in double, with
// twice the registers per element, the loops spilled and ran at a fifth of NumPy's speed):
// exp within 1.2 float32 ulp, log 0.9, tanh 1.3, sigmoid 2.3, silu 3 (UnaryKernelTests, against
// long double). sqrt is IEEE's (exact rounding) in both. log is new here: x = 2ᵉ·m with
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
    // m ∈ (√½, √2] and its exponent in one integer step: adding 1 − (√½'s pattern, rounded up)
    // carries into the exponent exactly when the mantissa exceeds √2's, halving m.
    uint64_t b = double_to_bits(xs) + (0x3ff0000000000000ull - 0x3fe6a09e667f3bceull);
    double expo = bits_to_double(0x4330000000000000ull | (b >> 52 & 0x7ff)) - two52;   // the exponent, + 1 if halved
    double m = bits_to_double((b & 0x000fffffffffffffull) + 0x3fe6a09e667f3bceull);
    double e = expo - 1023 - (sub ? 54.0 : 0.0);
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

/// e^x in float as (e^x·2^−k2)·scale, scale = 2^k2: n = round(x·log₂e), r = x − n·ln 2 (ln 2
/// in two parts, n·ln2Hi exact), e^r by its Taylor polynomial of degree 7 (exp_neg_f's), 2ⁿ
/// as two exponent-field factors so that overflow gives inf and results down among the
/// subnormals come out (0 below). The first factor is always normal, so a caller can
/// multiply into it before the last rounding (silu).
INLINE float exp_f_parts(float x, float *scale) {
    const float shifter = 12582912.0f;                        // 1.5·2²³
    float lo = x < -110 ? -110 : x;                           // e^−110 rounds to 0
    float xc = lo > 89 ? 89 : lo;                             // a nan stays nan
    float t = xc * 1.44269502f + shifter;
    float n = t - shifter;
    float r = (xc - n * 0.693145752f) - n * 1.42860677e-6f;
    float p = exp_taylor7_f(r);
    int32_t k = (int32_t)(float_to_bits(t) - float_to_bits(shifter));     // n, −159 ≤ n ≤ 129
    int32_t k1 = k >> 1, k2 = k - k1;
    *scale = pow2f(k2);
    return p * pow2f(k1);
}

INLINE float exp_f(float x) {
    float scale, head = exp_f_parts(x, &scale);
    return head * scale;
}

/// σ(x) = 1/(1 + e^(−x)) in float from e = e^(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) below
/// (no overflow, and e^x's relative accuracy for x ≪ 0).
INLINE float logistic_f(float x) {
    float e = exp_f(x < 0 ? x : -x);
    return (x >= 0 ? 1 : e) / (1 + e);
}

/// x·σ(x) in float; for x < 0, x·e^x/(1 + e^x) is rounded once, also among the subnormals
/// (below −110 it is −0; −inf gives nan, as −inf·σ(−inf) does in float64).
INLINE float silu_f(float x) {
    float scale, head = exp_f_parts(x < 0 ? x : -x, &scale), e = head * scale;
    float y = x >= 0 ? x / (1 + e) : (x * head / (1 + e)) * scale;
    return x < -110 ? x * 0 : y;
}

/// e^min(y, 20) for y ≥ 0 (or nan), for tanh_f: exp_f's operations less its clamp below and
/// its split of 2ⁿ (n ≤ 29 here, one exact factor), so the same value. Past 20, where
/// 1 − 2/(e^y + 1) rounds to 1 anyway, tanh comes out as with exp_f; 15% faster tanh.
INLINE float exp_tanh_f(float y) {
    const float shifter = 12582912.0f;                        // 1.5·2²³
    float yc = y > 20 ? 20 : y;                               // a nan stays nan
    float t = yc * 1.44269502f + shifter;
    float n = t - shifter;
    float r = (yc - n * 0.693145752f) - n * 1.42860677e-6f;
    float p = exp_taylor7_f(r);
    return p * pow2f((int32_t)(float_to_bits(t) - float_to_bits(shifter)));
}

/// tanh in float: FastMath.tanh's two forms, the rational one with its coefficients rounded
/// to float.
INLINE float tanh_f(float x) {
    float a = x < 0 ? -x : x, z = x * x;
    float p = (-9.64399179e-1f * z + -9.92877231e1f) * z + -1.61468768e3f;
    float q = ((z + 1.12811678e2f) * z + 2.23548839e3f) * z + 4.84406305e3f;
    float small = a + a * z * p / q;
    float large = 1 - 2 / (exp_tanh_f(2 * a) + 1);
    return __builtin_copysignf(a < 0.625f ? small : large, x);
}

/// log in float: log_inline's reduction and series (terms to s¹⁰), subnormals scaled by 2²⁴.
INLINE float log_f(float x) {
    int sub = x < 0x1p-126f;
    float xs = sub ? x * 0x1p24f : x;
    uint32_t b = float_to_bits(xs) + (0x3f800000u - 0x3f3504f4u);   // as in log_inline: m ∈ (√½, √2]
    float expo = (float)(int32_t)(b >> 23 & 0xff);
    float m = bits_to_float((b & 0x007fffffu) + 0x3f3504f4u);
    float e = expo - 127 - (sub ? 24.0f : 0.0f);
    float f = m - 1;
    float s = f / (2 + f), z = s * s;
    float t = 1.0f / 9;
    t = t * z + 1.0f / 7;
    t = t * z + 1.0f / 5;
    t = t * z + 1.0f / 3;
    float l = f - s * (f - 2 * (z * t));
    float y = e * 0.693145752f + (l + e * 1.42860677e-6f);
    y = x == __builtin_inff() ? x : y;
    y = x == 0 ? -__builtin_inff() : y;
    return x < 0 || x != x ? __builtin_nanf("") : y;
}

// One kernel per function and dtype: y[i] = EXPR(v), v the element (a double or a float).
#define UNARY_KERNEL(NAME, T, SUFFIX, EXPR)                                                        \
    INLINE void anis_##NAME##_##SUFFIX##_body(const T *restrict x, T *restrict y, long n) {        \
        INTERLEAVE for (long i = 0; i < n; i++) { T v = x[i]; y[i] = (EXPR); }                     \
    }                                                                                              \
    VECTOR_KERNEL(anis_##NAME##_##SUFFIX, (const T *restrict x, T *restrict y, long n), (x, y, n))

UNARY_KERNEL(relu, double, f64, v > 0 ? v : 0)            // (nan gives 0, as Swift's loop did)
UNARY_KERNEL(abs, double, f64, __builtin_fabs(v))
UNARY_KERNEL(exp, double, f64, fast_exp(v))
UNARY_KERNEL(log, double, f64, log_inline(v))
UNARY_KERNEL(sqrt, double, f64, __builtin_elementwise_sqrt(v))
UNARY_KERNEL(tanh, double, f64, tanh_inline(v))
UNARY_KERNEL(sigmoid, double, f64, logistic_inline(v))
UNARY_KERNEL(silu, double, f64, v * logistic_inline(v))

UNARY_KERNEL(relu, float, f32, v > 0 ? v : 0)
UNARY_KERNEL(abs, float, f32, __builtin_fabsf(v))
UNARY_KERNEL(exp, float, f32, exp_f(v))
UNARY_KERNEL(log, float, f32, log_f(v))
UNARY_KERNEL(sqrt, float, f32, __builtin_elementwise_sqrt(v))
UNARY_KERNEL(tanh, float, f32, tanh_f(v))
UNARY_KERNEL(sigmoid, float, f32, logistic_f(v))
UNARY_KERNEL(silu, float, f32, silu_f(v))

double anis_log(double x) { return log_inline(x); }
float anis_expf(float x) { return exp_f(x); }
float anis_logf(float x) { return log_f(x); }
float anis_tanhf(float x) { return tanh_f(x); }
float anis_sigmoidf(float x) { return logistic_f(x); }
float anis_siluf(float x) { return silu_f(x); }
