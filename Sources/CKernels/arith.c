// arith: elementwise + − × ÷ and the Adam update at the CPU's vector width (see
// ArithKernels.h). Swift compiles for the x86-64 baseline (two doubles per register), so
// its loops over these memory-bound passes ran at a fraction of the bandwidth; here each
// row is one loop per (operation, stride pattern) that the compiler vectorises.
//
// Float32 elements: + − × ÷ are done in float, which gives the same bits as the double
// operation rounded to float (a double holds more than twice a float's precision, so the
// double rounding is innocuous). The Adam update is computed in double, like the Swift
// loop it replaces; its square root is the elementwise builtin (IEEE, correctly rounded,
// as Swift's squareRoot), which unlike sqrt() sets no errno and so vectorises.
#include "CKernels.h"
#include "kernel_common.h"

#define ROW_LOOP(T, EXPR)                                                                         \
    for (long r = 0; r < rows; r++) {                                                             \
        const T *x = a + r * a_row, *y = b + r * b_row;                                           \
        T *o = out + r * m;                                                                       \
        if (a_step && b_step) { for (long j = 0; j < m; j++) { T p = x[j], q = y[j]; o[j] = EXPR; } } \
        else if (a_step)      { T q = y[0]; for (long j = 0; j < m; j++) { T p = x[j]; o[j] = EXPR; } } \
        else if (b_step)      { T p = x[0]; for (long j = 0; j < m; j++) { T q = y[j]; o[j] = EXPR; } } \
        else                  { T p = x[0], q = y[0]; for (long j = 0; j < m; j++) o[j] = EXPR; }   \
    }

#define DEFINE_ARITH(T, SUFFIX)                                                                   \
VECTOR_CLONES void anis_arith_##SUFFIX(int op, const T *a, long a_row, long a_step, const T *b,   \
                                       long b_row, long b_step, T *out, long rows, long m) {      \
    switch (op) {                                                                                 \
    case ANIS_ADD: ROW_LOOP(T, p + q) break;                                                      \
    case ANIS_SUB: ROW_LOOP(T, p - q) break;                                                      \
    case ANIS_MUL: ROW_LOOP(T, p * q) break;                                                      \
    default:       ROW_LOOP(T, p / q) break;                                                      \
    }                                                                                             \
}

DEFINE_ARITH(double, f64)
DEFINE_ARITH(float, f32)

#define DEFINE_ADAM(T, SUFFIX)                                                                    \
VECTOR_CLONES void anis_adam_##SUFFIX(const T *restrict p, const T *restrict grad, T *restrict m, \
                                      T *restrict v, T *restrict out, long n, double b1, double b2, \
                                      double eps, double coupled, double decoupled,               \
                                      double step_size, double c2_root) {                         \
    for (long i = 0; i < n; i++) {                                                                \
        double pi = (double)p[i];                                                                 \
        double gi = (double)grad[i] + coupled * pi;                                               \
        double mi = b1 * (double)m[i] + (1 - b1) * gi;                                            \
        double vi = b2 * (double)v[i] + (1 - b2) * gi * gi;                                       \
        m[i] = (T)mi;                                                                             \
        v[i] = (T)vi;                                                                             \
        out[i] = (T)(pi * decoupled - step_size * mi / (__builtin_elementwise_sqrt(vi) / c2_root + eps));     \
    }                                                                                             \
}

DEFINE_ADAM(double, f64)
DEFINE_ADAM(float, f32)
