// gemm: the cblas_sgemm/cblas_dgemm forwarders. A product C = α·op(A)·op(B) + β·C is cut
// into blocks of C by a rule that looks at its shape only, and each block is one
// single-threaded library call; the blocks are spread over anis's pool (AnisParallel.h).
//
// Why not OpenBLAS's own threads (0.3.21, measured on the transformer step's products,
// 2048×64 activations times 64×64…64×256 weights and their gradients):
//  - they gained little: in a 2-thread float32 step the library's worker spent ~65% of its
//    time spinning in sched_yield and did only packing copies, the kernel ran on the
//    caller's thread; two threads each running the one-thread library on half of C took
//    ~0.5-0.6 of the one-thread time on the same shapes;
//  - its threaded results differ in the last bits from its one-thread results for some
//    shapes (about one random shape in seven, float64 mostly), so a sum depended on the
//    thread count. Here every block is the same call at any pool width (width 1 runs the
//    blocks one after another), so C's bits depend on the operands' shapes and values only.
//
// The rule: cut C's longer side (rows when M >= N: the other operand, the one each block
// repacks, is then the smaller) in two when each half gets BLOCK_MULADDS multiply-adds and
// NARROWEST rows (or columns), and further, in powers of two up to MAX_BLOCKS, while every
// block keeps BLOCK_MULADDS and WIDE rows; bounds fall on multiples of 16 (the kernels'
// unroll). Each block repacks the other operand, and narrow blocks use the kernels poorly:
// one thread running the blocks in turn took 1-2% longer than the whole product on the
// transformer's x·W and dY·Wᵀ, 3-13% on its Xᵀ·dY (two blocks of 30-128 columns, the other
// operand 2048 deep), and 1.3x on a 1000³ product cut into 32 blocks (the reason for WIDE).
// Blocks above 100³ multiply-adds also stay on the code path the
// whole product takes: OpenBLAS sends products of at most 100³ to its small-matrix kernels
// (SkylakeX/Cooperlake), whose sums can round differently; with that, a cut changed no bit of
// the transformer's products (checked in float64 and float32; it can for some others, e.g.
// float64 with more than 192 columns not a multiple of 8, where the library itself differs).
#include "AnisParallel.h"
#include "CLinearAlgebra.h"
#include "forwarding.h"
#include <stddef.h>

enum { MAX_BLOCKS = 64, BLOCK_ALIGN = 16, NARROWEST = 32, WIDE = 512 };
static const double BLOCK_MULADDS = 2e6;

typedef void (*dgemm_fn)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, double,
                         const double *, blasint, const double *, blasint, double, double *, blasint);
typedef void (*sgemm_fn)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, float,
                         const float *, blasint, const float *, blasint, float, float *, blasint);

/// A row-major product and its blocks (rows of C when byRows, else columns).
typedef struct {
    void *fn;
    int isDouble, byRows;
    CBLAS_TRANSPOSE ta, tb;
    blasint m, n, k, lda, ldb, ldc;
    double alpha, beta;
    const char *a, *b;
    char *c;
    long blocks;
} gemm_blocks;

/// The first row (or column) of block i; block `blocks` ends at the extent.
static blasint block_start(const gemm_blocks *g, long i) {
    blasint extent = g->byRows ? g->m : g->n;
    long units = (extent + BLOCK_ALIGN - 1) / BLOCK_ALIGN;
    long start = i * units / g->blocks * BLOCK_ALIGN;
    return start < extent ? (blasint)start : extent;
}

static void run_blocks(void *ctx, long begin, long end) {
    const gemm_blocks *g = ctx;
    size_t size = g->isDouble ? sizeof(double) : sizeof(float);
    for (long i = begin; i < end; i++) {
        size_t lo = (size_t)block_start(g, i);
        blasint count = block_start(g, i + 1) - (blasint)lo, m = g->m, n = g->n;
        const char *a = g->a, *b = g->b;
        char *c = g->c;
        if (g->byRows) {  // rows lo… of op(A) and of C
            a += size * lo * (g->ta == CblasNoTrans ? (size_t)g->lda : 1);
            c += size * lo * (size_t)g->ldc;
            m = count;
        } else {  // columns lo… of op(B) and of C
            b += size * lo * (g->tb == CblasNoTrans ? 1 : (size_t)g->ldb);
            c += size * lo;
            n = count;
        }
        if (g->isDouble)
            ((dgemm_fn)g->fn)(CblasRowMajor, g->ta, g->tb, m, n, g->k, g->alpha, (const double *)a, g->lda,
                              (const double *)b, g->ldb, g->beta, (double *)c, g->ldc);
        else
            ((sgemm_fn)g->fn)(CblasRowMajor, g->ta, g->tb, m, n, g->k, (float)g->alpha, (const float *)a, g->lda,
                              (const float *)b, g->ldb, (float)g->beta, (float *)c, g->ldc);
    }
}

/// Describes the call as a row-major product (a column-major C is the row-major Cᵀ =
/// op(B)ᵀ·op(A)ᵀ) and counts its blocks: 1 when it is too small to cut or its arguments are
/// not valid (the library then reports them, once).
static gemm_blocks plan(void *fn, int isDouble, CBLAS_ORDER o, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, blasint m,
                        blasint n, blasint k, double alpha, const void *a, blasint lda, const void *b, blasint ldb,
                        double beta, void *c, blasint ldc) {
    gemm_blocks g = {fn, isDouble, 1, ta, tb, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c, 1};
    if (o == CblasColMajor) {
        g.ta = tb, g.tb = ta, g.m = n, g.n = m, g.lda = ldb, g.ldb = lda, g.a = b, g.b = a;
    } else if (o != CblasRowMajor) return g;
    int transA = g.ta != CblasNoTrans, transB = g.tb != CblasNoTrans;
    if (g.m <= 0 || g.n <= 0 || g.k <= 0 || g.ldc < g.n || g.lda < (transA ? g.m : g.k) ||
        g.ldb < (transB ? g.k : g.n))
        return g;
    g.byRows = g.m >= g.n;
    double extent = g.byRows ? g.m : g.n, muladds = (double)g.m * g.n * g.k;
    if (muladds < 2 * BLOCK_MULADDS || extent < 2 * NARROWEST) return g;
    g.blocks = 2;
    while (g.blocks < MAX_BLOCKS && muladds / (2.0 * g.blocks) >= BLOCK_MULADDS && extent / (2.0 * g.blocks) >= WIDE)
        g.blocks *= 2;
    return g;
}

/// Runs the call on one library thread, its blocks over the pool. From inside a chunk the
/// library is already held at one thread and the blocks run inline, on the chunk's thread.
#define RUN(g, call)                                                                     \
    do {                                                                                 \
        int outside = !anis_parallel_in_chunk();                                         \
        if (outside) anis_blas_hold_one_thread();                                        \
        if ((g).blocks > 1) anis_parallel_for((g).blocks, 1, run_blocks, &(g));          \
        else call;                                                                       \
        if (outside) anis_blas_release_one_thread();                                     \
    } while (0)

long anis_gemm_block_count(int m, int n, int k) {
    return plan(NULL, 1, CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, NULL, k, NULL, n, 0, NULL, n).blocks;
}

typedef const CBLAS_ORDER O;
typedef const CBLAS_TRANSPOSE T;

__attribute__((visibility("hidden"))) void cblas_dgemm(O o, T ta, T tb, const blasint M, const blasint N,
                                                       const blasint K, const double alpha, const double *a,
                                                       const blasint lda, const double *b, const blasint ldb,
                                                       const double beta, double *c, const blasint ldc) {
    RESOLVED(cblas_dgemm)
    gemm_blocks g = plan((void *)f, 1, o, ta, tb, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc);
    RUN(g, f(o, ta, tb, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc));
}

__attribute__((visibility("hidden"))) void cblas_sgemm(O o, T ta, T tb, const blasint M, const blasint N,
                                                       const blasint K, const float alpha, const float *a,
                                                       const blasint lda, const float *b, const blasint ldb,
                                                       const float beta, float *c, const blasint ldc) {
    RESOLVED(cblas_sgemm)
    gemm_blocks g = plan((void *)f, 0, o, ta, tb, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc);
    RUN(g, f(o, ta, tb, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc));
}
