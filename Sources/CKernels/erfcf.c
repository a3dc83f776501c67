// erfcf: erfc and erf for float32, and float32 GELU with its gradient, branch-free so
// the tensor loops vectorise. Each result is computed in double and rounded to float
// once, from fits accurate far beyond float32 (so results are within about half a
// float32 ulp plus 1e-10 relative of the exact value; KernelTests compares them with
// glibc's erfcf/erff in ulps over a dense grid of floats):
//   |a| < ½:  erf(a) = a·S(a²), S of degree 5 (least squares against scipy's erf, relative
//             error < 4e-11), erfc = 1 − erf;
//   |a| ≥ ½:  erfc(a) = e^(−a²)·t·Q(u), t = 1/(1 + a/4), u = (t − ½)·5/2 (erfc.c's
//             substitution), Q of degree 11 fitted on a ∈ [½, 10.1] against scipy's erfcx
//             (relative error < 1.1e-10). Beyond 10.1, erfc(a) < 2e-46 rounds to 0 in float.
// e^(−a²) is FastMath.exp's algorithm; a ≤ 10.1 keeps the rounding of a² below 2e-14 relative.
// GELU x·Φ(x) = ½·x·erfc(−x/√2); its slope Φ(x) + x·φ(x) shares e^(−x²/2) with erfc.
#include "CKernels.h"
#include "kernel_common.h"

/// For one a ≥ 0 (in double): erf(a) when a < ½ (else unspecified), erfc(a) when a ≥ ½
/// (else unspecified), and e^(−a²) (0 past 10.1), which GELU's slope shares.
INLINE void erf_parts(double a, double *erf_small, double *erfc_large, double *gauss) {
    double z = a * a;
    double s = -0.0007730276843103904;
    s = s * z + 0.005202474827960807;
    s = s * z + -0.02686355476878379;
    s = s * z + 0.11283777326596618;
    s = s * z + -0.37612638617376176;
    s = s * z + 1.1283791670863772;
    *erf_small = a * s;
    double ah = a > 10.1 ? 10.1 : a;                         // selects; nan is handled by the callers
    double ac = ah < 0.5 ? 0.5 : ah;
    double t = 1 / (1 + 0.25 * ac), u = (t - 0.5) * 2.5;
    double q = -2.4995559731193465e-06;
    q = q * u + -1.3366387224328791e-05;
    q = q * u + 8.771049595695936e-06;
    q = q * u + 0.00025722002562648467;
    q = q * u + 0.0013826361308223595;
    q = q * u + 0.005005503202465195;
    q = q * u + 0.014254979078987701;
    q = q * u + 0.03387922994151757;
    q = q * u + 0.06922928959762857;
    q = q * u + 0.12371339121535573;
    q = q * u + 0.19530974583070282;
    q = q * u + 0.273998915257908;
    double e = a > 10.1 ? 0 : fast_exp(-(ah * ah));
    *gauss = e;
    *erfc_large = e * t * q;
}

/// erfc(x) in double, for a float x; *gauss = e^(−x²).
INLINE double erfc_wide(double x, double *gauss) {
    double a = x < 0 ? -x : x, small, large;
    erf_parts(a, &small, &large, gauss);
    double e = a < 0.5 ? 1 - small : large;
    return x != x ? x : (x < 0 ? 2 - e : e);
}

float anis_erfcf(float x) {
    double gauss;
    return (float)erfc_wide((double)x, &gauss);
}

float anis_erff(float x) {
    double a = x < 0 ? -(double)x : (double)x, small, large, gauss;
    erf_parts(a, &small, &large, &gauss);
    double r = a < 0.5 ? small : 1 - large;                  // a·S(a²) near 0: no cancellation
    return x != x ? x : (float)(x < 0 ? -r : r);
}

VECTOR_CLONES void anis_gelu_f32(const float *restrict x, float *restrict y, long n) {
    const double invSqrt2 = 0.70710678118654752440;
    INTERLEAVE for (long i = 0; i < n; i++) {
        double v = x[i], gauss;
        y[i] = (float)(0.5 * v * erfc_wide(-v * invSqrt2, &gauss));
    }
}

VECTOR_CLONES void anis_gelu_backward_f32(const float *restrict x, const float *restrict g, float *restrict dx, long n) {
    const double invSqrt2 = 0.70710678118654752440, invSqrt2Pi = 0.39894228040143267794;
    INTERLEAVE for (long i = 0; i < n; i++) {
        double v = x[i], gauss;
        double cdf = 0.5 * erfc_wide(-v * invSqrt2, &gauss);   // gauss = e^(−v²/2)
        double tail = gauss == 0 ? 0 : v * invSqrt2Pi * gauss;   // ±inf·0 would be nan
        dx[i] = (float)((double)g[i] * (cdf + tail));
    }
}
