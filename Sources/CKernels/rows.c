// rows: the row loops of the fused layers (Sources/AnisTensor/Fused): attention's scaled,
// masked softmax and its backward, layer norm and its backward, and cross-entropy's
// log-sum-exp and gradient, over whole stacks of rows, for float64 and float32 elements.
//
// Arithmetic is in double for both element types (grammar.md: the fused layers accumulate
// their row statistics in float64 and store float32). Each row's sums run in index order,
// exactly as the Swift loops they replace, so float64 results keep their bits; to keep
// the FPU busy anyway, rows go in blocks of four whose sums advance side by side (four
// independent chains instead of one). Maxima are exact in any order and use eight lanes.
#include "CKernels.h"
#include "kernel_common.h"

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

/// Rows per block (G = 4), and single rows for the rest (G = 1): the block bodies below are
/// always-inline functions of a constant G, so their loops over the block's rows unroll.
#define DEFINE_ROW_KERNELS(T, SUFFIX)                                                             \
INLINE void softmax_block_##SUFFIX(T *s, long row0, const int G, long n, long t, int causal,      \
                                   double root) {                                                 \
    T *p[4];                                                                                      \
    long vis[4], common = n;                                                                      \
    double total[4] = {0, 0, 0, 0};                                                               \
    for (int r = 0; r < G; r++) {                                                                 \
        long i = (row0 + r) % t;                                                                  \
        p[r] = s + (row0 + r) * n;                                                                \
        vis[r] = causal ? (i + 1 < n ? i + 1 : n) : n;                                            \
        common = vis[r] < common ? vis[r] : common;                                               \
        double m;                                                                                 \
        T *q = p[r];                                                                              \
        MAX_LANES(vis[r], j, (double)q[j] / root, m);                                             \
        for (long j = 0; j < vis[r]; j++) q[j] = (T)fast_exp((double)q[j] / root - m);           \
    }                                                                                             \
    for (long j = 0; j < common; j++)                                                             \
        for (int r = 0; r < G; r++) total[r] += (double)p[r][j];                                  \
    for (int r = 0; r < G; r++) {                                                                 \
        T *q = p[r];                                                                              \
        for (long j = common; j < vis[r]; j++) total[r] += (double)q[j];                          \
        double inv = 1 / total[r];                                                                \
        for (long j = 0; j < vis[r]; j++) q[j] = (T)((double)q[j] * inv);                        \
        for (long j = vis[r]; j < n; j++) q[j] = 0;                                               \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_attention_softmax_##SUFFIX(T *restrict s, long rows, long n, long t,     \
                                                  int causal, double root) {                     \
    long row = 0;                                                                                 \
    for (; row + 4 <= rows; row += 4) softmax_block_##SUFFIX(s, row, 4, n, t, causal, root);     \
    for (; row < rows; row++) softmax_block_##SUFFIX(s, row, 1, n, t, causal, root);             \
}                                                                                                 \
                                                                                                  \
INLINE void softmax_backward_block_##SUFFIX(T *dp, const T *p, long row0, const int G, long n,    \
                                            double root) {                                        \
    double dot[4] = {0, 0, 0, 0};                                                                 \
    for (long j = 0; j < n; j++)                                                                  \
        for (int r = 0; r < G; r++) dot[r] += (double)dp[(row0 + r) * n + j] * (double)p[(row0 + r) * n + j]; \
    for (int r = 0; r < G; r++) {                                                                 \
        T *d = dp + (row0 + r) * n;                                                               \
        const T *q = p + (row0 + r) * n;                                                          \
        for (long j = 0; j < n; j++) d[j] = (T)((double)q[j] * ((double)d[j] - dot[r]) / root);  \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_attention_softmax_backward_##SUFFIX(T *restrict dp, const T *restrict p,  \
                                                           long rows, long n, double root) {     \
    long row = 0;                                                                                 \
    for (; row + 4 <= rows; row += 4) softmax_backward_block_##SUFFIX(dp, p, row, 4, n, root);   \
    for (; row < rows; row++) softmax_backward_block_##SUFFIX(dp, p, row, 1, n, root);           \
}                                                                                                 \
                                                                                                  \
INLINE void layer_norm_block_##SUFFIX(const T *x, T *y, long row0, const int G, long n,           \
                                      const T *gain, const T *bias, double eps,                  \
                                      double *mean, double *rstd) {                               \
    double s[4] = {0, 0, 0, 0}, ss[4] = {0, 0, 0, 0}, mu[4];                                      \
    for (long k = 0; k < n; k++)                                                                  \
        for (int r = 0; r < G; r++) s[r] += (double)x[(row0 + r) * n + k];                        \
    for (int r = 0; r < G; r++) mu[r] = s[r] / (double)n;                                         \
    for (long k = 0; k < n; k++)                                                                  \
        for (int r = 0; r < G; r++) {                                                             \
            double d = (double)x[(row0 + r) * n + k] - mu[r];                                     \
            ss[r] += d * d;                                                                       \
        }                                                                                         \
    for (int r = 0; r < G; r++) {                                                                 \
        const T *xr = x + (row0 + r) * n;                                                         \
        T *yr = y + (row0 + r) * n;                                                               \
        double sd = __builtin_sqrt(ss[r] / (double)n + eps);                                      \
        /* Divides rather than multiplying by 1/σ: the same rounding as the primitive form. */   \
        for (long k = 0; k < n; k++)                                                              \
            yr[k] = (T)(((double)xr[k] - mu[r]) / sd * (double)gain[k] + (double)bias[k]);        \
        mean[row0 + r] = mu[r];                                                                   \
        rstd[row0 + r] = 1 / sd;                                                                  \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_layer_norm_##SUFFIX(const T *restrict x, T *restrict y, long rows, long n, \
                                           const T *restrict gain, const T *restrict bias,       \
                                           double eps, double *restrict mean, double *restrict rstd) { \
    long row = 0;                                                                                 \
    for (; row + 4 <= rows; row += 4) layer_norm_block_##SUFFIX(x, y, row, 4, n, gain, bias, eps, mean, rstd); \
    for (; row < rows; row++) layer_norm_block_##SUFFIX(x, y, row, 1, n, gain, bias, eps, mean, rstd); \
}                                                                                                 \
                                                                                                  \
INLINE void layer_norm_backward_block_##SUFFIX(const T *x, const T *g, T *dx, long row0,          \
        const int G, long n, const T *gain, const double *mean, const double *rstd,              \
        const int params, double *dgain, double *dbias) {                                         \
    double sd[4] = {0, 0, 0, 0}, sdx[4] = {0, 0, 0, 0}, mu[4], rs[4];                             \
    for (int r = 0; r < G; r++) { mu[r] = mean[row0 + r]; rs[r] = rstd[row0 + r]; }               \
    for (long k = 0; k < n; k++)                                                                  \
        for (int r = 0; r < G; r++) {                                                             \
            double gk = (double)g[(row0 + r) * n + k];                                            \
            double xh = ((double)x[(row0 + r) * n + k] - mu[r]) * rs[r], d = gk * (double)gain[k]; \
            sd[r] += d;                                                                           \
            sdx[r] += d * xh;                                                                     \
            if (params) {                                                                         \
                dgain[k] += gk * xh;  /* rows in order, as one row at a time */                  \
                dbias[k] += gk;                                                                   \
            }                                                                                     \
        }                                                                                         \
    for (int r = 0; r < G; r++) {                                                                 \
        const T *xr = x + (row0 + r) * n, *gr = g + (row0 + r) * n;                               \
        T *dr = dx + (row0 + r) * n;                                                              \
        double md = sd[r] / (double)n, mdx = sdx[r] / (double)n, m = mu[r], q = rs[r];            \
        for (long k = 0; k < n; k++)                                                              \
            dr[k] = (T)(q * ((double)gr[k] * (double)gain[k] - md - ((double)xr[k] - m) * q * mdx)); \
    }                                                                                             \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_layer_norm_backward_##SUFFIX(const T *restrict x, const T *restrict g,    \
        T *restrict dx, long rows, long n, const T *restrict gain, const double *restrict mean,   \
        const double *restrict rstd, double *restrict dgain, double *restrict dbias) {            \
    long row = 0;                                                                                 \
    for (; row + 4 <= rows; row += 4)                                                             \
        layer_norm_backward_block_##SUFFIX(x, g, dx, row, 4, n, gain, mean, rstd, 1, dgain, dbias); \
    for (; row < rows; row++)                                                                     \
        layer_norm_backward_block_##SUFFIX(x, g, dx, row, 1, n, gain, mean, rstd, 1, dgain, dbias); \
}                                                                                                 \
                                                                                                  \
VECTOR_CLONES void anis_layer_norm_backward_dx_##SUFFIX(const T *restrict x, const T *restrict g, \
        T *restrict dx, long rows, long n, const T *restrict gain, const double *restrict mean,   \
        const double *restrict rstd) {                                                            \
    long row = 0;                                                                                 \
    for (; row + 4 <= rows; row += 4)                                                             \
        layer_norm_backward_block_##SUFFIX(x, g, dx, row, 4, n, gain, mean, rstd, 0, NULL, NULL); \
    for (; row < rows; row++)                                                                     \
        layer_norm_backward_block_##SUFFIX(x, g, dx, row, 1, n, gain, mean, rstd, 0, NULL, NULL); \
}                                                                                                 \
                                                                                                  \
/* The fused kernel's dgain and dbias sums, column by column: each column's rows in order. */    \
VECTOR_CLONES void anis_layer_norm_param_grads_##SUFFIX(const T *restrict x, const T *restrict g, \
        long rows, long n, long k0, long k1, const double *restrict mean,                        \
        const double *restrict rstd, double *restrict dgain, double *restrict dbias) {            \
    for (long row = 0; row < rows; row++) {                                                       \
        const T *xr = x + row * n, *gr = g + row * n;                                             \
        double mu = mean[row], rs = rstd[row];                                                    \
        for (long k = k0; k < k1; k++) {                                                          \
            double gk = (double)gr[k], xh = ((double)xr[k] - mu) * rs;                            \
            dgain[k] += gk * xh;                                                                  \
            dbias[k] += gk;                                                                       \
        }                                                                                         \
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
            for (long k = 0; k < len; k++) total += e[k];                                         \
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

DEFINE_ROW_KERNELS(double, f64)
DEFINE_ROW_KERNELS(float, f32)
