// toy_autoencoder: the toy-model trainer's inner loops (see ToyKernels.h).
//
// The fused pass takes the batch 16 rows at a time, one row per lane of a 16-float vector
// (one AVX-512 register; two AVX2 or four SSE registers in the other clones). A model of
// this size (n·m up to about a thousand) is too small for BLAS: each product is a few
// hundred multiply-adds per row, less than a gemm call costs, and the forward pass, the
// loss, the ReLU's mask and the three backward products would each be another pass over
// the batch. Here they are one pass: per block of 16 rows, P = W_enc X and Z = W_decᵀP + b
// in registers, the loss and dZ, then dP = W_dec dZ and the weight gradients P·dZᵀ and
// dP·Xᵀ added to per-lane accumulators; the lanes are summed once at the end.
#include "ToyKernels.h"
#include "kernel_common.h"

// The 16-float vectors pass between always-inlined helpers only, never across a call, so
// the ABI note for clones without AVX-512 does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

#define SPARSE_UNIFORM(NAME, T)                                                                     \
    VECTOR_CLONES void NAME(const uint64_t *restrict draws, T *restrict x, long count, double s, double scale) { \
        for (long d = 0; d < count / 2; d++) {                                                      \
            double lo = (double)(uint32_t)draws[d] * 0x1p-32, hi = (double)(uint32_t)(draws[d] >> 32) * 0x1p-32; \
            x[2 * d] = lo < s ? 0 : (T)((lo - s) * scale);                                          \
            x[2 * d + 1] = hi < s ? 0 : (T)((hi - s) * scale);                                      \
        }                                                                                           \
        if (count % 2) {                                                                            \
            double u = (double)(uint32_t)draws[count / 2] * 0x1p-32;                                \
            x[count - 1] = u < s ? 0 : (T)((u - s) * scale);                                        \
        }                                                                                           \
    }
SPARSE_UNIFORM(anis_toy_sparse_uniform_f64, double)
SPARSE_UNIFORM(anis_toy_sparse_uniform_f32, float)

enum { LANES = 16, MAX_UNROLLED_M = 8 };
typedef float v16f __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));
typedef double v8d __attribute__((vector_size(64)));
typedef float v8f __attribute__((vector_size(32)));

INLINE v16f ld(const float *p) { v16f v; memcpy(&v, p, sizeof v); return v; }
INLINE void st(float *p, v16f v) { memcpy(p, &v, sizeof v); }
INLINE v16f splat(float a) { return (v16f){a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a}; }
/// c ? a : 0, lane by lane (c from a vector comparison: all ones or all zeros).
INLINE v16f keep(v16i c, v16f a) { return (v16f)((v16i)a & c); }

/// The 16 lanes summed pairwise (halves, then quarters, ...): the same order in every clone.
INLINE float lane_sum(v16f v) {
    v8f a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    float s4[4] = {a[0] + a[4], a[1] + a[5], a[2] + a[6], a[3] + a[7]};
    return (s4[0] + s4[2]) + (s4[1] + s4[3]);
}

long anis_toy_relu_f32_scratch(long n, long m) { return LANES * (4 * n + 2 * m * n + 2 * m); }

/// The pass for one m; with m a constant (the unrolled cases) P and dP stay in registers.
INLINE double relu_pass(const float *restrict x, long rows, long n, const long m,
                        const float *we, const float *wd, const float *restrict b, const float *restrict imp,
                        float *gwe, float *gwd, float *restrict gb, float *restrict scratch,
                        float *restrict P, float *restrict DP) {
    const int tied = wd == we;
    float *X = scratch, *DZ = X + LANES * n, *GB = DZ + LANES * n;
    float *lastRows = GB + LANES * n, *accE = lastRows + LANES * n, *accD = tied ? accE : accE + LANES * m * n;
    memset(GB, 0, sizeof(float) * LANES * n);
    memset(accE, 0, sizeof(float) * LANES * n * (tied ? m : 2 * m));
    const float twoOverB = (float)(2.0 / (double)rows);
    const v16f zero = {0}, one = zero + 1.0f;
    const v16i lane = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    v8d loss = {0};
    for (long r0 = 0; r0 < rows; r0 += LANES) {
        const long valid = rows - r0 < LANES ? rows - r0 : LANES;
        // X: the block transposed, feature i of the 16 rows in X[16i...]; lanes past the
        // last row are 0, and `mask` keeps them out of the loss and the gradients.
        const float *block = x + r0 * n;
        if (valid < LANES) {
            memcpy(lastRows, block, sizeof(float) * valid * n);
            memset(lastRows + valid * n, 0, sizeof(float) * (LANES - valid) * n);
            block = lastRows;
        }
        for (long i = 0; i < n; i++) {
#pragma clang loop vectorize(enable) vectorize_width(16) interleave(disable)
            for (long l = 0; l < LANES; l++) X[LANES * i + l] = block[l * n + i];
        }
        const v16f mask = keep(lane < (int32_t)valid, one);
        // P = W_enc X (m×16).
        for (long j = 0; j < m; j++) {
            const float *w = we + j * n;
            v16f p = splat(w[0]) * ld(X);
            for (long i = 1; i < n; i++) p += splat(w[i]) * ld(X + LANES * i);
            st(P + LANES * j, p);
            st(DP + LANES * j, zero);
        }
        // Z = W_decᵀ P + b feature by feature; the loss, dZ = (z > 0)·(2/B)·I·(relu(z) − x), dP += W_dec dZ.
        v16f lossBlock = zero;
        for (long i = 0; i < n; i++) {
            v16f z = splat(b[i]);
            for (long j = 0; j < m; j++) z += splat(wd[j * n + i]) * ld(P + LANES * j);
            const v16i positive = z > zero;
            const v16f d = (keep(positive, z) - ld(X + LANES * i)) * mask;
            const v16f w = splat(imp[i]) * d;
            lossBlock += w * d;
            const v16f dz = keep(positive, splat(twoOverB) * w);
            st(DZ + LANES * i, dz);
            st(GB + LANES * i, ld(GB + LANES * i) + dz);
            for (long j = 0; j < m; j++) st(DP + LANES * j, ld(DP + LANES * j) + splat(wd[j * n + i]) * dz);
        }
        // The weight gradients: W_dec gets P·dZᵀ, W_enc gets dP·Xᵀ (the same matrix when tied).
        for (long j = 0; j < m; j++) {
            const v16f p = ld(P + LANES * j), dp = ld(DP + LANES * j);
            float *ae = accE + LANES * j * n, *ad = accD + LANES * j * n;
            if (tied) {
                for (long i = 0; i < n; i++)
                    st(ae + LANES * i, ld(ae + LANES * i) + (p * ld(DZ + LANES * i) + dp * ld(X + LANES * i)));
            } else {
                for (long i = 0; i < n; i++) {
                    st(ad + LANES * i, ld(ad + LANES * i) + p * ld(DZ + LANES * i));
                    st(ae + LANES * i, ld(ae + LANES * i) + dp * ld(X + LANES * i));
                }
            }
        }
        loss += __builtin_convertvector(__builtin_shufflevector(lossBlock, lossBlock, 0, 1, 2, 3, 4, 5, 6, 7), v8d)
              + __builtin_convertvector(__builtin_shufflevector(lossBlock, lossBlock, 8, 9, 10, 11, 12, 13, 14, 15), v8d);
    }
    for (long k = 0; k < m * n; k++) {
        gwe[k] = lane_sum(ld(accE + LANES * k));
        if (!tied) gwd[k] = lane_sum(ld(accD + LANES * k));
    }
    for (long i = 0; i < n; i++) gb[i] = lane_sum(ld(GB + LANES * i));
    const double total = ((loss[0] + loss[4]) + (loss[2] + loss[6])) + ((loss[1] + loss[5]) + (loss[3] + loss[7]));
    return total / (double)rows;
}

VECTOR_CLONES double anis_toy_relu_f32(const float *x, long rows, long n, long m,
                                       const float *we, const float *wd, const float *b, const float *importance,
                                       float *gwe, float *gwd, float *gb, float *scratch) {
    float P[LANES * MAX_UNROLLED_M], DP[LANES * MAX_UNROLLED_M];
#define CASE(M) case M: return relu_pass(x, rows, n, M, we, wd, b, importance, gwe, gwd, gb, scratch, P, DP);
    switch (m) {
    CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8)
    default: {
        // Past the unrolled sizes P and dP live after the accumulators in scratch.
        float *tail = scratch + LANES * (4 * n + 2 * m * n);
        return relu_pass(x, rows, n, m, we, wd, b, importance, gwe, gwd, gb, scratch, tail, tail + LANES * m);
    }
    }
#undef CASE
}
