// elu: e^x − 1 without libm, for double and float, branch-free so that ELU's loops
// vectorise (glibc's expm1 is a call per element with branches on the range).
//
// x = k·ln 2 + r with k = round(x·log₂e) by the shifter trick and |r| ≤ ½ ln 2 (ln 2 in two
// parts, the high one short enough that x − k·ln2Hi is exact, so r is kept as that and
// the small −k·ln2Lo); e^r − 1 = r + r²·Q(r), Q the
// Taylor series of (e^r − 1 − r)/r² (degree 12 for double, 6 for float); then
//     e^x − 1 = 2ᵏ·((c + r) + r²·Q(r)),  c = 1 − 2⁻ᵏ,
// where c is exact (or rounds below half an ulp of the sum), c + r is formed exactly as a
// sum of two numbers (|c| ≥ ½ > |r| unless c = 0), so the sum is rounded once, and 2ᵏ and 2⁻ᵏ are
// applied as two exponent-field factors each, so overflow to inf needs no branch (and no
// integer select, which SSE2 lacks for 64-bit lanes). For k = 0 this is r + r²·Q(r)
// with r = x, so tiny and subnormal x give x itself. Inputs are clamped first (to [−45, 710]
// for double, [−20, 89] for float: below, e^x − 1 rounds to −1; above, it overflows).
// Accuracy (EluTests, on a dense grid including tails and subnormals): within 1 ulp of the
// correctly rounded e^x − 1 for double and 1 float32 ulp for float (FastMath-style selects
// keep −0, ±inf and nan).
#include "CKernels.h"
#include "kernel_common.h"

INLINE double expm1_inline(double x) {
    const double log2e = 1.4426950408889634, ln2Hi = 0.6931471803691238, ln2Lo = 1.9082149292705877e-10;
    const double shifter = 6755399441055744.0;                // 1.5·2⁵²: adding it rounds to an integer
    double lo = x < -45 ? -45 : x;                            // selects: a nan stays nan
    double xc = lo > 710 ? 710 : lo;
    double t = xc * log2e + shifter;
    double n = t - shifter;
    double rh = xc - n * ln2Hi, rl = n * ln2Lo, r = rh - rl; // rh exact: r = rh − rl unrounded
    int64_t k1, k2;                                           // n, −65 ≤ n ≤ 1024, in two halves
    split_exponent(n, &k1, &k2);
    double c = 1 - pow2(-k1) * pow2(-k2);                     // (2⁻¹⁰²⁴ is a subnormal, exact)
    double hi = c + rh, tail = (rh - (hi - c)) - rl;          // c + rh exactly (|c| ≥ ½ > |rh| or c = 0)
    double s = hi + (tail + expm1_minus_r(r));                // e^r − 1 + c, rounded once
    double y = s * pow2(k1) * pow2(k2);
    return x != x || x == 0 ? x : y;                          // −0 stays −0
}

INLINE float expm1f_inline(float x) {
    const float shifter = 12582912.0f;                        // 1.5·2²³
    float lo = x < -20 ? -20 : x;
    float xc = lo > 89 ? 89 : lo;
    float t = xc * 1.44269502f + shifter;
    float n = t - shifter;
    float rh = xc - n * 0.693145752f, rl = n * 1.42860677e-6f, r = rh - rl;  // ln2Hi has 16 bits
    float r2 = r * r;
    float q = 1.0f / 40320;
    q = q * r + 1.0f / 5040;
    q = q * r + 1.0f / 720;
    q = q * r + 1.0f / 120;
    q = q * r + 1.0f / 24;
    q = q * r + 1.0f / 6;
    q = q * r + 0.5f;
    int32_t k = (int32_t)(float_to_bits(t) - float_to_bits(shifter));     // n, −29 ≤ n ≤ 129
    int32_t k1 = k >> 1, k2 = k - k1;
    float c = 1 - pow2f(-k1) * pow2f(-k2);
    float hi = c + rh, tail = (rh - (hi - c)) - rl;
    float s = hi + (tail + r2 * q);
    float y = s * pow2f(k1) * pow2f(k2);
    return x != x || x == 0 ? x : y;
}

double anis_expm1(double x) { return expm1_inline(x); }
float anis_expm1f(float x) { return expm1f_inline(x); }

// ELU: x for x > 0, α·(e^x − 1) otherwise; its slope 1, or α·e^x (from exp_neg, keeping the
// relative accuracy that e^x − 1 + 1 would lose for x ≪ 0). nan stays nan in both.
INLINE void anis_elu_f64_body(const double *restrict x, double *restrict y, double *restrict slope, long n,
                              double alpha) {
    if (slope) {
        INTERLEAVE for (long i = 0; i < n; i++) {
            double v = x[i];
            y[i] = v > 0 ? v : alpha * expm1_inline(v);
            slope[i] = v > 0 ? 1 : alpha * exp_neg(v > 0 ? 0 : -v);
        }
    } else {
        INTERLEAVE for (long i = 0; i < n; i++) {
            double v = x[i];
            y[i] = v > 0 ? v : alpha * expm1_inline(v);
        }
    }
}
VECTOR_KERNEL(anis_elu_f64, (const double *restrict x, double *restrict y, double *restrict slope, long n, double alpha),
              (x, y, slope, n, alpha))

INLINE void anis_elu_f32_body(const float *restrict x, float *restrict y, float *restrict slope, long n,
                              double alpha) {
    float a = (float)alpha;
    if (slope) {
        INTERLEAVE for (long i = 0; i < n; i++) {
            float v = x[i], m = -v;                           // e^v = exp_neg_f(−v) for −104 ≤ v ≤ 0
            m = m < 0 ? 0 : (m > 104 ? 104 : m);              // (a nan stays nan)
            y[i] = v > 0 ? v : a * expm1f_inline(v);
            slope[i] = v > 0 ? 1 : (v < -104 ? 0 : a * exp_neg_f(m, 0));
        }
    } else {
        INTERLEAVE for (long i = 0; i < n; i++) {
            float v = x[i];
            y[i] = v > 0 ? v : a * expm1f_inline(v);
        }
    }
}
VECTOR_KERNEL(anis_elu_f32, (const float *restrict x, float *restrict y, float *restrict slope, long n, double alpha),
              (x, y, slope, n, alpha))
