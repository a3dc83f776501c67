// CKernels: elementwise kernels too long to run at memory speed in the baseline x86-64
// vector width (two doubles), compiled once per vector width (SSE2, AVX2, AVX-512)
// with the CPU's choice made when anis is loaded (target_clones) or at the call
// (VECTOR_KERNEL, for the kernels that have an `_at` twin; see "Vector levels"). Contraction into FMA
// is off, so every width rounds the same way: the same numbers on every machine.
#ifndef ANIS_CKERNELS_H
#define ANIS_CKERNELS_H

#include "ToyKernels.h"
#include "ArithKernels.h"

// Vector levels. The elementwise kernels below (GELU, ELU, softplus) are compiled once per
// level; each plain entry point runs the widest level the CPU (and OS) supports, and its
// `_at` twin takes the level explicitly (lowered to what the CPU runs), so tests can run
// every clone and compare them. Contraction into FMA is off, so all levels give the same bits.
#define ANIS_LEVEL_BASELINE 0  // x86-64's SSE2 (and every non-x86 CPU)
#define ANIS_LEVEL_AVX2 1
#define ANIS_LEVEL_AVX512 2

/// The widest level this CPU runs (cpuid and XGETBV, as the target_clones resolver does).
int anis_kernel_level(void);

/// erfc(x) for every double, within a few ulp of libm's (KernelTests check it).
double anis_erfc(double x);

/// GELU(x) = x·Φ(x) = ½·x·erfc(−x/√2) of n elements into y; when slope is not NULL,
/// also GELU′(x) = Φ(x) + x·φ(x) (gelu64.c: within 4 ulp, tails included; Gelu64KernelTests).
/// Φ(−a) is e^(−a²/2) times a tabulated smooth factor, so Φ keeps its relative accuracy for
/// x ≪ 0, where ½(1 + erf) cancels. One element (n = 1) rounds exactly as in a long loop.
void anis_gelu(const double *x, double *y, double *slope, long n);
void anis_gelu_at(int level, const double *x, double *y, double *slope, long n);

/// erfc and erf of a float in float arithmetic (erfcf.c): within 8 and 4 ulp of the exact
/// value (ErfcfTests compares them with glibc's erfcf/erff in ulps on a dense grid).
float anis_erfcf(float x);
float anis_erff(float x);

/// anis_gelu for floats, on erfcf.c's erfc in float arithmetic (within 8 ulp): y = x·Φ(x)
/// and, when slope is not NULL, GELU′(x) = Φ(x) + x·φ(x).
void anis_gelu_f32(const float *x, float *y, float *slope, long n);
void anis_gelu_f32_at(int level, const float *x, float *y, float *slope, long n);

/// e^x − 1 for every double / float (elu.c): within 1 ulp of the correctly rounded value
/// (EluTests: dense grids with tails and subnormals against long double and glibc's expm1).
double anis_expm1(double x);
float anis_expm1f(float x);

/// ELU of n elements into y: x for x > 0, alpha·(e^x − 1) otherwise; when slope is not NULL,
/// also ELU′(x): 1 for x > 0, alpha·e^x otherwise. float32 in float arithmetic (alpha
/// rounded to float). One element (n = 1) rounds exactly as in a long loop.
void anis_elu_f64(const double *x, double *y, double *slope, long n, double alpha);
void anis_elu_f64_at(int level, const double *x, double *y, double *slope, long n, double alpha);
void anis_elu_f32(const float *x, float *y, float *slope, long n, double alpha);
void anis_elu_f32_at(int level, const float *x, float *y, float *slope, long n, double alpha);

/// log(1 + u) for 0 ≤ u ≤ 1 only (softplus.c; softplus's range): within 1 ulp.
double anis_log1p_unit(double u);
float anis_log1pf_unit(float u);

/// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)) of n elements into y (within
/// 2 ulp; x for x ≫ 0, e^x down to the subnormals for x ≪ 0); when slope is not NULL,
/// also its derivative, the logistic σ(x).
void anis_softplus_f64(const double *x, double *y, double *slope, long n);
void anis_softplus_f64_at(int level, const double *x, double *y, double *slope, long n);
void anis_softplus_f32(const float *x, float *y, float *slope, long n);
void anis_softplus_f32_at(int level, const float *x, float *y, float *slope, long n);

/// Elementwise relu (nan gives 0), abs, exp, log, sqrt, tanh, sigmoid 1/(1 + e^(−x)) and silu x/(1 + e^(−x)) of n
/// elements (unary.c): for float64, exp, tanh, sigmoid and silu are FastMath.swift's
/// algorithms, bit for bit, and log is within 2 ulp; float32 is in float arithmetic, within
/// 3 float32 ulp.
#define ANIS_UNARY_KERNEL(NAME)                                                  \
    void anis_##NAME##_f64(const double *x, double *y, long n);                  \
    void anis_##NAME##_f64_at(int level, const double *x, double *y, long n);    \
    void anis_##NAME##_f32(const float *x, float *y, long n);                    \
    void anis_##NAME##_f32_at(int level, const float *x, float *y, long n);
ANIS_UNARY_KERNEL(relu)
ANIS_UNARY_KERNEL(abs)
ANIS_UNARY_KERNEL(exp)
ANIS_UNARY_KERNEL(log)
ANIS_UNARY_KERNEL(sqrt)
ANIS_UNARY_KERNEL(tanh)
ANIS_UNARY_KERNEL(sigmoid)
ANIS_UNARY_KERNEL(silu)
#undef ANIS_UNARY_KERNEL

/// The tensor loops' functions at one number (log for `log` of a number; the rest for tests).
double anis_log(double x);
float anis_expf(float x);
float anis_logf(float x);
float anis_tanhf(float x);
float anis_sigmoidf(float x);
float anis_siluf(float x);

// The fused layers' row loops (rows.c), for float64 (_f64) and float32 (_f32) rows of n
// elements, `rows` rows stacked contiguously. Row statistics are double; float64 rows
// are summed in index order.

/// Attention's softmax in place: row r is query r mod t; each score is divided by root,
/// and with causal ≠ 0 only its first (r mod t) + 1 entries are kept (the rest become 0).
void anis_attention_softmax_f64(double *s, long rows, long n, long t, int causal, double root);
void anis_attention_softmax_f32(float *s, long rows, long n, long t, int causal, double root);
/// Its backward in place: dp = p ⊙ (dp − Σ dp ⊙ p) / root, row by row.
void anis_attention_softmax_backward_f64(double *dp, const double *p, long rows, long n, double root);
void anis_attention_softmax_backward_f32(float *dp, const float *p, long rows, long n, double root);

/// Layer norm y = (x − μ)/√(var + eps)·gain + bias per row, with each row's μ and 1/√(var + eps).
void anis_layer_norm_f64(const double *x, double *y, long rows, long n, const double *gain, const double *bias,
                         double eps, double *mean, double *rstd);
void anis_layer_norm_f32(const float *x, float *y, long rows, long n, const float *gain, const float *bias,
                         double eps, double *mean, double *rstd);
/// Its backward: dx per row; dgain and dbias (length n, double) accumulate over the rows.
void anis_layer_norm_backward_f64(const double *x, const double *g, double *dx, long rows, long n, const double *gain,
                                  const double *mean, const double *rstd, double *dgain, double *dbias);
void anis_layer_norm_backward_f32(const float *x, const float *g, float *dx, long rows, long n, const float *gain,
                                  const double *mean, const double *rstd, double *dgain, double *dbias);
/// The same, split in two so that each part can be split across threads without changing a
/// bit: dx alone (row by row), and dgain and dbias of columns [k0, k1) alone (each column's
/// rows summed in order, with the fused kernel's operations).
void anis_layer_norm_backward_dx_f64(const double *x, const double *g, double *dx, long rows, long n, const double *gain,
                                     const double *mean, const double *rstd);
void anis_layer_norm_backward_dx_f32(const float *x, const float *g, float *dx, long rows, long n, const float *gain,
                                     const double *mean, const double *rstd);
void anis_layer_norm_param_grads_f64(const double *x, const double *g, long rows, long n, long k0, long k1,
                                     const double *mean, const double *rstd, double *dgain, double *dbias);
void anis_layer_norm_param_grads_f32(const float *x, const float *g, long rows, long n, long k0, long k1,
                                     const double *mean, const double *rstd, double *dgain, double *dbias);

/// lse[r] = log Σ_k e^(x[r, k]), shifted by the row's maximum (which it is when not finite).
void anis_log_sum_exp_f64(const double *x, long rows, long n, double *lse);
void anis_log_sum_exp_f32(const float *x, long rows, long n, double *lse);
/// Cross-entropy's gradient: dx[r, k] = g·scale[r]·(e^(x[r, k] − lse[r]) − [k = targets[r]]).
void anis_cross_entropy_backward_f64(const double *x, double *dx, long rows, long n, const long *targets,
                                     const double *lse, const double *scale, double g);
void anis_cross_entropy_backward_f32(const float *x, float *dx, long rows, long n, const long *targets,
                                     const double *lse, const double *scale, double g);

#endif
