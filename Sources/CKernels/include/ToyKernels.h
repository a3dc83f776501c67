// ToyKernels: the inner loops of the native toy-model trainer (AnisTensor/ToyModels):
// turning raw random bits into a sparse batch, and one fused float32 forward/backward
// pass of a ReLU-output autoencoder. Compiled like the other CKernels (one clone per
// vector width, no FMA contraction), so every CPU gives the same numbers.
#ifndef ANIS_TOY_KERNELS_H
#define ANIS_TOY_KERNELS_H

#include <stdint.h>

/// x[k] = 0 when u < s, else (u − s)·scale (k < count), where u = b·2⁻³² for the 32-bit
/// word b: the low half of draws[k/2] for even k, the high half for odd k. A feature is
/// kept with probability 1 − s, uniform on [0, 1) when scale = 1/(1 − s). The arithmetic
/// is in double; the float version rounds the result once.
void anis_toy_sparse_uniform_f64(const uint64_t *draws, double *x, long count, double s, double scale);
void anis_toy_sparse_uniform_f32(const uint64_t *draws, float *x, long count, double s, double scale);

/// Floats of scratch that anis_toy_relu_f32 needs for n features and m hidden units.
long anis_toy_relu_f32_scratch(long n, long m);

/// The loss (1/B) Σ_rows Σᵢ Iᵢ (relu(zᵢ) − xᵢ)², z = W_decᵀ(W_enc x) + b, of the batch x
/// (rows×n, row-major) and its gradients gwe (m×n), gwd (m×n, ignored when wd == we:
/// tied, both terms go to gwe), gb (n). The batch is taken 16 rows at a time, one row per
/// vector lane; the products accumulate in float32 in a fixed order, the loss in double.
/// scratch holds anis_toy_relu_f32_scratch(n, m) floats (best 64-byte aligned).
double anis_toy_relu_f32(const float *x, long rows, long n, long m,
                         const float *we, const float *wd, const float *b, const float *importance,
                         float *gwe, float *gwd, float *gb, float *scratch);

#endif
