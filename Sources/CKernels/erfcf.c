// erfcf: erfc and erf for float32, and float32 GELU with its gradient, in float
// arithmetic (sixteen lanes to an AVX-512 register) and branch-free, so the tensor
// loops vectorise:
//   a < ½:  erf(a) = a·(2/√π + z·S(z)), z = a², S of degree 3 (least squares against
//           scipy's erf with float coefficients, relative error < 5e-9; 2/√π as two floats);
//   a ≥ ½:  erfc(a) = e^(−a²)·t·Q(u), t = 1/(1 + a/4), u = (t − ½)·5/2 (erfc.c's
//           substitution), Q of degree 10 fitted on [½, 10.1] against scipy's erfcx with
//           float coefficients (relative error < 4e-9); beyond, erfc(a) rounds to 0.
// erfc(a) changes by 2a² ulp per ulp of a, so e^(−a²) must not see a rounded a²: the square
// is split exactly (a = ah + al, 12 bits each) and e^(−ah² − (2ah + al)·al) is computed by
// reduction to e^r with r = n·ln 2 − ah² exact. So results are within a few float32 ulp of
// the exact value across the range (ErfcfTests: against glibc's erfcf/erff on a dense grid).
// GELU x·Φ(x) = ½·x·erfc(−x/√2) uses x²/2 = ½·(split of x²); its slope Φ(x) + x·φ(x)
// shares that e^(−x²/2).
#include "CKernels.h"
#include "kernel_common.h"

/// v² as zh + zl for 0 ≤ v < 2⁶³: zh = vh² exact for vh = v's top 12 bits, zl the rest
/// (rounded once, far below zh's ulp).
INLINE void square_split(float v, float *zh, float *zl) {
    float vh = bits_to_float(float_to_bits(v) & 0xFFFFF000u), vl = v - vh;
    *zh = vh * vh;
    *zl = (vh + vh + vl) * vl;
}

/// erfc(a) for a ≥ 0 given e = e^(−a²) computed from the exact square (a nan is the callers').
INLINE float erfc_core(float a, float e) {
    float z = a * a;
    float s = 0.00475722738f;
    s = s * z + -0.0267758928f;
    s = s * z + 0.112831056f;
    s = s * z + -0.37612623f;
    float erfSmall = a * (1.12837923f + z * s) + a * -5.86353828e-8f;
    float ac = a < 0.5f ? 0.5f : a;                           // a select, so the loop vectorises
    float t = 1 / (1 + 0.25f * ac), u = (t - 0.5f) * 2.5f;
    float q = -1.56733986e-05f;
    q = q * u + 4.3049622e-06f;
    q = q * u + 0.000261512643f;
    q = q * u + 0.0013849322f;
    q = q * u + 0.00500322413f;
    q = q * u + 0.0142544508f;
    q = q * u + 0.0338797122f;
    q = q * u + 0.0692293495f;
    q = q * u + 0.123713352f;
    q = q * u + 0.195309743f;
    q = q * u + 0.273998916f;
    return a < 0.5f ? 1 - erfSmall : e * (t * q);
}

/// erf(a) for 0 ≤ a < ½ from the same polynomial (no cancellation near 0).
INLINE float erf_small(float a) {
    float z = a * a;
    float s = 0.00475722738f;
    s = s * z + -0.0267758928f;
    s = s * z + 0.112831056f;
    s = s * z + -0.37612623f;
    return a * (1.12837923f + z * s) + a * -5.86353828e-8f;
}

/// erfc(|x|) and e^(−x²) (0 past 10.1, where erfc is 0 in float).
INLINE float erfc_abs_f(float x) {
    float a = x < 0 ? -x : x, ac = a > 10.1f ? 10.1f : a, zh, zl;
    square_split(ac, &zh, &zl);
    float e = a > 10.1f ? 0 : exp_neg_f(zh, zl);
    return erfc_core(ac, e);
}

float anis_erfcf(float x) {
    float e = erfc_abs_f(x);
    return x != x ? x : (x < 0 ? 2 - e : e);
}

float anis_erff(float x) {
    float a = x < 0 ? -x : x;
    float r = a < 0.5f ? erf_small(a) : 1 - erfc_abs_f(a);
    return x != x ? x : __builtin_copysignf(r, x);           // odd; keeps −0
}

/// Φ₂(x) = erfc(−x/√2) = 2Φ(x), and the Gaussian factor e^(−x²/2) (0 past |x| = 14.28).
INLINE float cdf2_f(float x, float *gauss) {
    float ax = x < 0 ? -x : x, xc = ax > 14.28f ? 14.28f : ax, zh, zl;
    square_split(xc, &zh, &zl);
    float e = ax > 14.28f ? 0 : exp_neg_f(0.5f * zh, 0.5f * zl);
    *gauss = e;
    float tail = erfc_core(xc * 0.707106781f, e);           // erfc(|x|/√2)
    return x < 0 ? tail : 2 - tail;
}

INLINE void anis_gelu_f32_body(const float *restrict x, float *restrict y, float *restrict slope, long n) {
    const float invSqrt2Pi = 0.398942280f;
    if (slope) {
        INTERLEAVE for (long i = 0; i < n; i++) {
            float v = x[i], gauss;
            float c2 = cdf2_f(v, &gauss);
            float tail = gauss == 0 ? 0 : v * invSqrt2Pi * gauss;   // ±inf·0 would be nan
            float d = 0.5f * c2 + tail;
            y[i] = v != v ? v : 0.5f * v * c2;
            slope[i] = v != v ? v : d;
        }
    } else {
        INTERLEAVE for (long i = 0; i < n; i++) {
            float v = x[i], gauss;
            float y2 = 0.5f * v * cdf2_f(v, &gauss);
            y[i] = v != v ? v : y2;
        }
    }
}
VECTOR_KERNEL(anis_gelu_f32, (const float *restrict x, float *restrict y, float *restrict slope, long n),
              (x, y, slope, n))
