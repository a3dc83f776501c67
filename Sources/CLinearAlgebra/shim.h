// CLinearAlgebra: OpenBLAS's CBLAS and LAPACKE, behind one module.
// Debian's libopenblas carries no LAPACKE symbols, so the module map links both.
#include <cblas.h>
#include <lapacke.h>

static inline void anis_openblas_set_num_threads(int n) { openblas_set_num_threads(n); }
static inline int anis_openblas_get_num_threads(void) { return openblas_get_num_threads(); }
