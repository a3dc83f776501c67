// CKernels: elementwise kernels too long to run at memory speed in the baseline x86-64
// vector width (two doubles), compiled once per vector width (SSE2, AVX2, AVX-512)
// with the CPU's choice made when anis is loaded (target_clones). Contraction into FMA
// is off, so every width rounds the same way: the same numbers on every machine.
#ifndef ANIS_CKERNELS_H
#define ANIS_CKERNELS_H

#include "ToyKernels.h"
#include "ArithKernels.h"

/// erfc(x) for every double, within a few ulp of libm's (KernelTests check it).
double anis_erfc(double x);

/// GELU(x) = x·Φ(x) = ½·x·erfc(−x/√2) of n elements into y; when slope is not NULL,
/// also GELU′(x) = Φ(x) + x·φ(x). Through erfc, so Φ keeps its relative accuracy for
/// x ≪ 0, where ½(1 + erf) cancels. One element (n = 1) rounds exactly as in a long loop.
void anis_gelu(const double *x, double *y, double *slope, long n);

/// erfc and erf of a float in float arithmetic (erfcf.c): within 8 and 4 ulp of the exact
/// value (ErfcfTests compares them with glibc's erfcf/erff in ulps on a dense grid).
float anis_erfcf(float x);
float anis_erff(float x);

/// anis_gelu for floats, on erfcf.c's erfc in float arithmetic (within 8 ulp): y = x·Φ(x)
/// and, when slope is not NULL, GELU′(x) = Φ(x) + x·φ(x).
void anis_gelu_f32(const float *x, float *y, float *slope, long n);

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

/// lse[r] = log Σ_k e^(x[r, k]), shifted by the row's maximum (which it is when not finite).
void anis_log_sum_exp_f64(const double *x, long rows, long n, double *lse);
void anis_log_sum_exp_f32(const float *x, long rows, long n, double *lse);
/// Cross-entropy's gradient: dx[r, k] = g·scale[r]·(e^(x[r, k] − lse[r]) − [k = targets[r]]).
void anis_cross_entropy_backward_f64(const double *x, double *dx, long rows, long n, const long *targets,
                                     const double *lse, const double *scale, double g);
void anis_cross_entropy_backward_f32(const float *x, float *dx, long rows, long n, const long *targets,
                                     const double *lse, const double *scale, double g);

#endif
