// gelu64: float64 GELU, y = x·Φ(x), and its slope Φ(x) + x·φ(x), in one branch-free pass
// that vectorises (no libm calls, no division). For a = |x|:
//
//   Φ(−a) = e^(−a²/2)·R(a),   R(a) = Φ(−a)·e^(a²/2)   (½ at 0, about 1/(a√(2π)) for large a)
//
// so both the value and the slope share one exponential: for x < 0, y = x·e·R and the slope
// e·(R + x/√(2π)); for x ≥ 0, y = x − x·e·R and the slope 1 + e·(x/√(2π) − R), neither with
// a cancellation worse than Φ's own (Φ ≥ ½ there).
//
// e^(−a²/2): a² = qh + ql exactly (qh the square of a's top 26 bits), so the rounding of a²
// (up to 1600) costs nothing; n = round(a²/(2 ln 2)), e^(−a²/2) = 2⁻ⁿ·e^s with
// s = r/2, r = n·2 ln 2 − qh − ql, |r| ≤ ln 2, and e^s = 1 + r/2 + r²·Q(r), Q a degree-9 fit
// (scripts/fit_gelu64.py, relative error 1.3e-17), 1 + … left unrounded; 2⁻ⁿ as two factors,
// the last applied last, so results among the subnormals round once.
// R(a): the table gelu64_table.c holds R(j/64), j = 0…2560, correctly rounded; R's Taylor
// series at the nearest point r (|a − r| ≤ 1/128, exact) to degree 6 has coefficients from
// R's differential equation R′ = aR − 1/√(2π): T₁ = r·T₀ − 1/√(2π), (k+1)·T_{k+1} = r·T_k + T_{k−1}
// (truncation below 1.4e-17; the recurrence's cancellation for large r costs at most
// (r/128)ᵏ·ε in the k-th term). One table load per element — a gather, which on AVX-512 costs
// about what six multiplications do, so a table of polynomial coefficients per interval lost
// to this (two loads beat eight).
//
// Measured (Gelu64KernelTests, against long double on dense grids, tails included): y within
// 3.3 ulp, the slope within 1.8 epsilons of its terms' size (Φ + x·φ cancels near x = −0.75).
// 2.1× the speed of the erfc-based kernel it replaced (2.7 against 5.6 ns per element with the
// slope, AVX-512 on Zen 4, in cache), which was 17 ulp off near x = −2.8 and 1,600 in the tail.
// Past |x| = 40 every result is as at ±40: y = x for x ≥ 40 and 0 (−0) for x ≤ −40 (Φ(−38.5)
// is below the smallest subnormal). Special values as x·Φ(x) and Φ + x·φ give them (as
// before): GELU(inf) = inf, GELU(−inf) = nan (−inf·0), slope(±inf) = nan, nan stays nan.
#include "CKernels.h"
#include "kernel_common.h"

extern const double anis_gelu64_mills[];            // gelu64_table.c: R(j/64), j = 0…2560

/// e^(−(qh + ql)/2) = (1 + p)·f·scale, returning p (|p| < 0.42) and setting f = 2^−k1 and
/// scale = 2^−k2, for 0 ≤ qh ≤ 1600, |ql| ≪ qh's ulp. 1 + p is left unrounded: a caller
/// multiplies v by it as v + v·p (the rounding of 1 + p alone would cost 0.7 ulp).
INLINE double exp_neg_half(double qh, double ql, double *f, double *scale) {
    const double shifter = 6755399441055744.0;          // 1.5·2⁵²: adding it rounds to an integer
    const double inv2Ln2 = 0.72134752044448170368;      // 1/(2 ln 2)
    const double ln4Hi = 1.3862943607382476, ln4Lo = 3.8164298585411754e-10;   // 2 ln 2 (32 + 53 bits)
    double t = qh * inv2Ln2 + shifter;
    double n = t - shifter;                              // 0 ≤ n ≤ 1154
    double r = ((n * ln4Hi - qh) + n * ln4Lo) - ql;      // n·ln4Hi − qh is exact; |r| ≤ ln 2
    double q = 1.2219062832400585e-11;
    q = q * r + 2.6983531885614374e-10;
    q = q * r + 5.382325653076783e-09;
    q = q * r + 9.688082155009646e-08;
    q = q * r + 1.550099187266112e-06;
    q = q * r + 2.1701388979226715e-05;
    q = q * r + 0.00026041666667035956;
    q = q * r + 0.0026041666666572643;
    q = q * r + 0.020833333333333103;
    q = q * r + 0.1250000000000003;
    int64_t k = (int64_t)(double_to_bits(t) - double_to_bits(shifter)), k1 = k >> 1;
    *f = pow2(-k1);
    *scale = pow2(k1 - k);
    return r * (0.5 + r * q);                            // e^(r/2) − 1
}

/// R(a) = Φ(−a)·e^(a²/2) for 0 ≤ a ≤ 40 (see the header).
INLINE double mills(double a) {
    const double shifter = 105553116266496.0;            // 1.5·2⁴⁶: adding it rounds to a multiple of 1/64
    const double invSqrt2Pi = 0.39894228040143267794;
    double t = a + shifter;
    double r = t - shifter;                              // the nearest grid point
    double d = a - r;                                    // exact, |d| ≤ 1/128
    double t0 = anis_gelu64_mills[double_to_bits(t) - double_to_bits(shifter)];
    double t1 = r * t0 - invSqrt2Pi;
    double t2 = (r * t1 + t0) * 0.5;
    double t3 = (r * t2 + t1) * (1.0 / 3);
    double t4 = (r * t3 + t2) * 0.25;
    double t5 = (r * t4 + t3) * 0.2;
    double t6 = (r * t5 + t4) * (1.0 / 6);
    return t0 + d * (t1 + d * (t2 + d * (t3 + d * (t4 + d * (t5 + d * t6)))));
}

INLINE void gelu64(double x, double *value, double *slope) {
    const double invSqrt2Pi = 0.39894228040143267794;
    double a = __builtin_fabs(x), ac = a < 40 ? a : 40; // a nan becomes 40 here; x carries it out
    double ah = bits_to_double(double_to_bits(ac) & 0xFFFFFFFFF8000000ull), al = ac - ah;
    double f, scale, p = exp_neg_half(ah * ah, (ac + ah) * al, &f, &scale);   // e^(−ac²/2) = (1 + p)·f·scale
    double w = mills(ac);
    int neg = x < 0;
    double xc = neg ? -ac : ac, wx = neg ? w : -w;      // −0 takes the x ≥ 0 side: y = −0
    double base = neg ? -(x - x) : x;                   // −0, but nan for −inf, as x·Φ(x) gives
    double u = xc * wx, v = wx + xc * invSqrt2Pi;       // y = base + u·e, slope = [x ≥ 0] + v·e
    *value = base + ((u + u * p) * f) * scale;
    *slope = ((neg ? 0 : 1) + (x - x)) + ((v + v * p) * f) * scale;
}

INLINE void anis_gelu_body(const double *restrict x, double *restrict y, double *restrict slope, long n) {
    if (slope) {
        INTERLEAVE for (long i = 0; i < n; i++) gelu64(x[i], &y[i], &slope[i]);
    } else {
        INTERLEAVE for (long i = 0; i < n; i++) {
            double unused;
            gelu64(x[i], &y[i], &unused);
        }
    }
}

VECTOR_KERNEL(anis_gelu, (const double *restrict x, double *restrict y, double *restrict slope, long n),
              (x, y, slope, n))
