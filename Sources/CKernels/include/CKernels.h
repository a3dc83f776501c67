// CKernels: elementwise kernels too long to run at memory speed in the baseline x86-64
// vector width (two doubles), compiled once per vector width (SSE2, AVX2, AVX-512)
// with the CPU's choice made when anis is loaded (target_clones). Contraction into FMA
// is off, so every width rounds the same way: the same numbers on every machine.
#ifndef ANIS_CKERNELS_H
#define ANIS_CKERNELS_H

#include "ToyKernels.h"

/// erfc(x) for every double, within a few ulp of libm's (KernelTests check it).
double anis_erfc(double x);

/// GELU(x) = x·Φ(x) = ½·x·erfc(−x/√2) of n elements into y; when slope is not NULL,
/// also GELU′(x) = Φ(x) + x·φ(x). Through erfc, so Φ keeps its relative accuracy for
/// x ≪ 0, where ½(1 + erf) cancels. One element (n = 1) rounds exactly as in a long loop.
void anis_gelu(const double *x, double *y, double *slope, long n);

#endif
