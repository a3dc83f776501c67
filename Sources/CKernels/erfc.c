// erfc: a branch-free erfc (FastMath.erfc; libm's is a call per element with branches on
// the range, about 15 ns here). GELU no longer goes through it: gelu64.c computes Φ from
// e^(−x²/2) and a table, without the rounding of the argument x/√2 that erfc(−x/√2) carries.
//
// |x| < ½: erf = x·S(x²), erfc = 1 − erf. |x| ≥ ½: erfc = e^(−x²)·t·Q(u) with
// t = 1/(1 + x/4) and u = (t − ½)·5/2, where e^(−x²) is e^(−h²)·e^(−(|x|−h)(|x|+h)) for h = |x|
// with its low 27 bits cleared (h² is exact), so the rounding of x² (up to 729) costs
// nothing. S (degree 9 in x² on [0, ¼]) and Q (degree 21, a ∈ [½, 27]; beyond, erfc is 0)
// are Chebyshev fits to 40 digits (mpmath) of erf(a)/a and of erfc(a)·e^(a²)/t, both within
// 1e-17 relative. e^y is FastMath.exp's algorithm (see FastMath.swift).
#include "CKernels.h"
#include "kernel_common.h"

INLINE double erfc_inline(double x) {
    double a = x < 0 ? -x : x, z = a * a;
    double s = -1.4620913409451748679e-7;
    s = s * z + 1.6371234425770000733e-6;
    s = s * z + -0.000014923003368152098786;
    s = s * z + 0.00012055286202005713254;
    s = s * z + -0.00085483265107247963985;
    s = s * z + 0.0052239776220169363623;
    s = s * z + -0.026866170644999719804;
    s = s * z + 0.11283791670954869097;
    s = s * z + -0.3761263890318375052;
    s = s * z + 1.1283791670955125739;
    double erfSmall = a * s;                                 // erf(a), a < 1/2
    double ac = a < 0.5 ? 0.5 : (a > 27 ? 27 : a);           // selects; a nan stays nan
    double t = 1 / (1 + 0.25 * ac), u = (t - 0.5) * 2.5;
    double q = 4.5510470079173026405e-13;
    q = q * u + -3.471571755759395451e-11;
    q = q * u + -6.9556424951161978438e-12;
    q = q * u + 5.3673243967867820387e-10;
    q = q * u + 4.3306597900528744622e-10;
    q = q * u + -5.9263475923913462361e-9;
    q = q * u + -1.2536145101631501609e-8;
    q = q * u + 5.1593816404107923467e-8;
    q = q * u + 2.5922797773074650303e-7;
    q = q * u + -6.2441030003662876832e-8;
    q = q * u + -3.7970288573910689983e-6;
    q = q * u + -0.000012215230868012455834;
    q = q * u + 9.4274158030398791925e-6;
    q = q * u + 0.00025635819552371400918;
    q = q * u + 0.0013825502524651396125;
    q = q * u + 0.0050057389610172208409;
    q = q * u + 0.014254975978704567932;
    q = q * u + 0.033879202598713267224;
    q = q * u + 0.069229290408093719938;
    q = q * u + 0.12371339236243781952;
    q = q * u + 0.19530974581617640342;
    q = q * u + 0.27399891525012278024;
    double h = bits_to_double(double_to_bits(ac) & 0xFFFFFFFFF8000000ull);
    double d = (ac - h) * (ac + h);                          // ac² − h², below 5e-5
    double expD = 1 - d * (1 - d * (0.5 - d * (1.0 / 6 - d * (1.0 / 24))));
    double erfcLarge = fast_exp(-(h * h)) * expD * t * q;    // erfc(a), a ≥ 1/2
    double erfcA = a < 0.5 ? 1 - erfSmall : erfcLarge;
    return x != x ? x : (x < 0 ? 2 - erfcA : erfcA);
}

double anis_erfc(double x) { return erfc_inline(x); }
