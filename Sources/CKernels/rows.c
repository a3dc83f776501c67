// rows: the row loops of the fused layers (Sources/AnisTensor/Fused): attention's scaled,
// masked softmax and its backward, layer norm and its backward, and cross-entropy's
// log-sum-exp and gradient, over whole stacks of rows, for float64 and float32 elements.
//
// Arithmetic is in double for both element types (grammar.md: the fused layers accumulate
// their row statistics in float64 and store float32). Row sums of float64 rows run in
// index order, exactly as the Swift loops they replace, so float64 results keep their
// bits; float32 rows sum into eight float64 lanes (a vector register) combined at the
// end, which only reorders float64 additions of float32 values. Maxima are exact in any
// order and use the lanes for both types.
#include "CKernels.h"
#include "kernel_common.h"

/// acc += Σ_{j < n} expr, one term at a time in index order.
#define SUM_ORDERED(n, j, expr, acc) do { \
    for (long j = 0; j < (n); j++) (acc) += (expr); \
} while (0)

/// acc += Σ_{j < n} expr, from eight interleaved partial sums.
#define SUM_LANES(n, j, expr, acc) do { \
    double a_[8] = {0, 0, 0, 0, 0, 0, 0, 0}; \
    long b_ = 0; \
    for (; b_ + 8 <= (n); b_ += 8) \
        for (long l_ = 0; l_ < 8; l_++) { long j = b_ + l_; a_[l_] += (expr); } \
    double s_ = ((a_[0] + a_[1]) + (a_[2] + a_[3])) + ((a_[4] + a_[5]) + (a_[6] + a_[7])); \
    for (long j = b_; j < (n); j++) s_ += (expr); \
    (acc) += s_; \
} while (0)

/// out = max_{j < n} expr (−inf when n = 0; nan entries are skipped, as Swift.max(m, v) does).
#define MAX_LANES(n, j, expr, out) do { \
    double a_[8]; \
    for (int l_ = 0; l_ < 8; l_++) a_[l_] = -__builtin_inf(); \
    long b_ = 0; \
    for (; b_ + 8 <= (n); b_ += 8) \
        for (long l_ = 0; l_ < 8; l_++) { long j = b_ + l_; double v_ = (expr); a_[l_] = v_ >= a_[l_] ? v_ : a_[l_]; } \
    double m_ = -__builtin_inf(); \
    for (int l_ = 0; l_ < 8; l_++) m_ = a_[l_] >= m_ ? a_[l_] : m_; \
    for (long j = b_; j < (n); j++) { double v_ = (expr); m_ = v_ >= m_ ? v_ : m_; } \
    (out) = m_; \
} while (0)

/// Elements of a log-sum-exp's exponentials computed per block (vectorised) before their
/// ordered sum.
#define LSE_BLOCK 256

#define DEFINE_ROW_KERNELS(T, SUFFIX, SUM)                                                        \
VECTOR_CLONES void anis_attention_softmax_##SUFFIX(T *restrict s, long rows, long n, long t,     \
                                                  int causal, double root) {                     \
    for (long row = 0; row < rows; row++) {                                                       \
        T *p = s + row * n;                                                                       \
        long i = row % t, visible = causal ? (i + 1 < n ? i + 1 : n) : n;                         \
        double m, total = 0;                                                                      \
        MAX_LANES(visible, j, (double)p[j] / root, m);                                            \
        for (long j = 0; j < visible; j++) p[j] = (T)fast_exp((double)p[j] / root - m);          \
        SUM(visible, j, (double)p[j], total);                                                     \
        double inv = 1 / total;                                                                   \
        for (long j = 0; j < visible; j++) p[j] = (T)((double)p[j] * inv);                       \
        for (long j = visible; j < n; j++) p[j] = 0;                                              \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_attention_softmax_backward_##SUFFIX(T *restrict dp, const T *restrict p,  \
                                                           long rows, long n, double root) {     \
    for (long row = 0; row < rows; row++) {                                                       \
        T *d = dp + row * n;                                                                      \
        const T *q = p + row * n;                                                                 \
        double dot = 0;                                                                           \
        SUM(n, j, (double)d[j] * (double)q[j], dot);                                              \
        for (long j = 0; j < n; j++) d[j] = (T)((double)q[j] * ((double)d[j] - dot) / root);     \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_layer_norm_##SUFFIX(const T *restrict x, T *restrict y, long rows, long n, \
                                           const T *restrict gain, const T *restrict bias,       \
                                           double eps, double *restrict mean, double *restrict rstd) { \
    for (long row = 0; row < rows; row++) {                                                       \
        const T *xr = x + row * n;                                                                \
        T *yr = y + row * n;                                                                      \
        double s = 0, ss = 0;                                                                          \
        SUM(n, k, (double)xr[k], s);                                                              \
        double mu = s / (double)n;                                                                \
        SUM(n, k, ((double)xr[k] - mu) * ((double)xr[k] - mu), ss);                               \
        double sd = __builtin_sqrt(ss / (double)n + eps);                                         \
        /* Divides rather than multiplying by 1/σ: the same rounding as the primitive form. */   \
        for (long k = 0; k < n; k++)                                                              \
            yr[k] = (T)(((double)xr[k] - mu) / sd * (double)gain[k] + (double)bias[k]);           \
        mean[row] = mu;                                                                           \
        rstd[row] = 1 / sd;                                                                       \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_layer_norm_backward_##SUFFIX(const T *restrict x, const T *restrict g,    \
        T *restrict dx, long rows, long n, const T *restrict gain, const double *restrict mean,   \
        const double *restrict rstd, double *restrict dgain, double *restrict dbias) {            \
    for (long row = 0; row < rows; row++) {                                                       \
        const T *xr = x + row * n, *gr = g + row * n;                                             \
        T *dr = dx + row * n;                                                                     \
        double mu = mean[row], r = rstd[row], sd = 0, sdx = 0;                                        \
        SUM(n, k, (double)gr[k] * (double)gain[k], sd);                                           \
        SUM(n, k, ((double)gr[k] * (double)gain[k]) * (((double)xr[k] - mu) * r), sdx);           \
        for (long k = 0; k < n; k++) {                                                            \
            double gk = (double)gr[k];                                                            \
            dgain[k] += gk * (((double)xr[k] - mu) * r);                                          \
            dbias[k] += gk;                                                                       \
        }                                                                                         \
        double md = sd / (double)n, mdx = sdx / (double)n;                                        \
        for (long k = 0; k < n; k++)                                                              \
            dr[k] = (T)(r * ((double)gr[k] * (double)gain[k] - md - ((double)xr[k] - mu) * r * mdx)); \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_log_sum_exp_##SUFFIX(const T *restrict x, long rows, long n,              \
                                            double *restrict lse) {                               \
    double e[LSE_BLOCK];                                                                          \
    for (long row = 0; row < rows; row++) {                                                       \
        const T *xr = x + row * n;                                                                \
        double m, total = 0;                                                                      \
        MAX_LANES(n, k, (double)xr[k], m);                                                        \
        if (!(m - m == 0)) { lse[row] = m; continue; }  /* ±inf or nan (or an empty row) */      \
        for (long b = 0; b < n; b += LSE_BLOCK) {                                                 \
            long len = n - b < LSE_BLOCK ? n - b : LSE_BLOCK;                                     \
            for (long k = 0; k < len; k++) e[k] = fast_exp((double)xr[b + k] - m);               \
            SUM(len, k, e[k], total);                                                             \
        }                                                                                         \
        lse[row] = m + __builtin_log(total);                                                      \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_cross_entropy_backward_##SUFFIX(const T *restrict x, T *restrict dx,      \
        long rows, long n, const long *restrict targets, const double *restrict lse,             \
        const double *restrict scale, double g) {                                                 \
    for (long row = 0; row < rows; row++) {                                                       \
        const T *xr = x + row * n;                                                                \
        T *dr = dx + row * n;                                                                     \
        double sc = g * scale[row], l = lse[row];                                                 \
        long t = targets[row];                                                                    \
        for (long k = 0; k < n; k++) dr[k] = (T)(sc * fast_exp((double)xr[k] - l) - (k == t ? sc : 0)); \
    }                                                                                             \
}

DEFINE_ROW_KERNELS(double, f64, SUM_ORDERED)
DEFINE_ROW_KERNELS(float, f32, SUM_LANES)
