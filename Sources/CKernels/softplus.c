// softplus: log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)) without libm, for double and
// float, branch-free so that its loops vectorise (glibc's log1p and exp are two calls per
// element). Both pieces are written for the one range softplus needs:
//
//   e^(−a), a ≥ 0: a = n·ln 2 − r (|r| ≤ ½ ln 2), e^r = 1 + r + r²·Q(r) (elu.c's series),
//     and 2⁻ⁿ as two exponent-field factors, so results come out right down among the
//     subnormals (e^(−745) is the smallest double; past it, 0). For x ≪ 0 softplus is this
//     e^x itself, to the last subnormal.
//   log1p(u), 0 ≤ u ≤ 1: with f = u for u < ½ and f = (u − 1)/2 (exact) and a term ln 2
//     otherwise, log(1 + f) = 2·atanh(s), s = f/(2 + f), |s| ≤ 1/5; as 2s = f − s·f,
//     log(1 + f) = f − s·(f − 2T), T = Σₖ s²ᵏ/(2k + 1) (k ≤ 11 for double, 5 for float), so
//     s's rounding only touches a correction below f/4, and tiny u give u itself.
//
// For x ≫ 0 the sum is x + e^(−x) rounded once: x exactly once e^(−x) is below half x's ulp.
// The slope is the logistic σ(x) from the same e = e^(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e)
// otherwise (accurate for x ≪ 0, where 1 − σ(−x) would cancel).
// Accuracy (SoftplusTests, dense grids with tails and subnormals, against long double):
// log1p within 1 ulp, softplus within 2 ulp for double and 2 float32 ulp for float.
#include "CKernels.h"
#include "kernel_common.h"

/// log(1 + u) for 0 ≤ u ≤ 1.
INLINE double log1p_unit(double u) {
    const double ln2Hi = 0.6931471803691238, ln2Lo = 1.9082149292705877e-10;
    int big = u >= 0.5;
    double f = big ? 0.5 * (u - 1) : u;                       // 1 + u = 2·(1 + f) when big
    double s = f / (2 + f), z = s * s, z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
    double t12 = 1.0 / 3 + z * (1.0 / 5), t34 = 1.0 / 7 + z * (1.0 / 9), t56 = 1.0 / 11 + z * (1.0 / 13);
    double t78 = 1.0 / 15 + z * (1.0 / 17), t910 = 1.0 / 19 + z * (1.0 / 21), t11 = 1.0 / 23;
    double series = (t12 + z2 * t34) + z4 * (t56 + z2 * t78) + z8 * (t910 + z2 * t11);
    double t = z * series;                                    // Σ s²ᵏ/(2k + 1), k = 1…11
    double l = f - s * (f - 2 * t);
    return big ? ln2Hi + (l + ln2Lo) : l;
}

/// log(1 + u) for 0 ≤ u ≤ 1, in float.
INLINE float log1pf_unit(float u) {
    int big = u >= 0.5f;
    float f = big ? 0.5f * (u - 1) : u;
    float s = f / (2 + f), z = s * s;
    float series = 1.0f / 11;
    series = series * z + 1.0f / 9;
    series = series * z + 1.0f / 7;
    series = series * z + 1.0f / 5;
    series = series * z + 1.0f / 3;
    float l = f - s * (f - 2 * (z * series));
    return big ? 0.693145752f + (l + 1.42860677e-6f) : l;
}

double anis_log1p_unit(double u) { return log1p_unit(u); }
float anis_log1pf_unit(float u) { return log1pf_unit(u); }

INLINE void anis_softplus_f64_body(const double *restrict x, double *restrict y, double *restrict slope, long n) {
    if (slope) {
        INTERLEAVE for (long i = 0; i < n; i++) {
            double v = x[i], a = v < 0 ? -v : v, e = exp_neg(a);
            double sp = (v > 0 ? v : 0) + log1p_unit(e), sig = (v >= 0 ? 1 : e) / (1 + e);
            y[i] = v != v ? v : sp;
            slope[i] = v != v ? v : sig;
        }
    } else {
        INTERLEAVE for (long i = 0; i < n; i++) {
            double v = x[i], a = v < 0 ? -v : v;
            double sp = (v > 0 ? v : 0) + log1p_unit(exp_neg(a));
            y[i] = v != v ? v : sp;
        }
    }
}
VECTOR_KERNEL(anis_softplus_f64, (const double *restrict x, double *restrict y, double *restrict slope, long n),
              (x, y, slope, n))

/// e^(−a) for a ≥ 0 in float (0 past 104, where it rounds to 0; a nan gives nan).
INLINE float exp_neg_clamped_f(float a) {
    return a > 104 ? 0 : exp_neg_f(a, 0);
}

INLINE void anis_softplus_f32_body(const float *restrict x, float *restrict y, float *restrict slope, long n) {
    if (slope) {
        INTERLEAVE for (long i = 0; i < n; i++) {
            float v = x[i], a = v < 0 ? -v : v, e = exp_neg_clamped_f(a);
            float sp = (v > 0 ? v : 0) + log1pf_unit(e), sig = (v >= 0 ? 1 : e) / (1 + e);
            y[i] = v != v ? v : sp;
            slope[i] = v != v ? v : sig;
        }
    } else {
        INTERLEAVE for (long i = 0; i < n; i++) {
            float v = x[i], a = v < 0 ? -v : v;
            float sp = (v > 0 ? v : 0) + log1pf_unit(exp_neg_clamped_f(a));
            y[i] = v != v ? v : sp;
        }
    }
}
VECTOR_KERNEL(anis_softplus_f32, (const float *restrict x, float *restrict y, float *restrict slope, long n),
              (x, y, slope, n))
