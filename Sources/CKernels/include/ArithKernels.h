// ArithKernels: the arithmetic of the training loop at full vector width (arith.c):
// elementwise + − × ÷ of two operands with NumPy broadcasting's common layouts, and the
// optimizers' fused per-element updates. Compiled like the other CKernels (one clone
// per vector width, no FMA contraction), so every CPU gives the same numbers, and the
// same as the Swift loops they replace.
#ifndef ANIS_ARITH_KERNELS_H
#define ANIS_ARITH_KERNELS_H

/// The operations of anis_arith_*: out = a OP b.
enum { ANIS_ADD = 0, ANIS_SUB = 1, ANIS_MUL = 2, ANIS_DIV = 3 };

/// out[r·m + j] = a[r·a_row + j·a_step] OP b[r·b_row + j·b_step] for r < rows, j < m, where
/// a_step and b_step are 1 (the operand runs along the row) or 0 (one value for the whole
/// row): equal shapes, a one-element operand, and one operand repeated row by row are all
/// this loop. out may be a (in place); it overlaps b only if it is b. In float32 the result
/// of each operation is the float rounding of the exact one, as Float(Double(x) OP Double(y)) is.
void anis_arith_f64(int op, const double *a, long a_row, long a_step, const double *b, long b_row, long b_step,
                    double *out, long rows, long m);
void anis_arith_f32(int op, const float *a, long a_row, long a_step, const float *b, long b_row, long b_step,
                    float *out, long rows, long m);

/// One Adam/AdamW step of n parameters, per element in double and in this order:
/// g = grad + coupled·p; m = b1·m + (1 − b1)·g; v = b2·v + (1 − b2)·g·g;
/// out = p·decoupled − step_size·m / (√v / c2_root + eps). m and v are updated in place.
void anis_adam_f64(const double *p, const double *grad, double *m, double *v, double *out, long n, double b1,
                   double b2, double eps, double coupled, double decoupled, double step_size, double c2_root);
void anis_adam_f32(const float *p, const float *grad, float *m, float *v, float *out, long n, double b1,
                   double b2, double eps, double coupled, double decoupled, double step_size, double c2_root);

#endif
