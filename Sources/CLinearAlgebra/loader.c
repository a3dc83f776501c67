// loader: opens OpenBLAS and LAPACKE on the first call and forwards anis's BLAS and
// LAPACK calls to them, choosing each call's thread count from its size. (gemm has its
// own forwarders, in gemm.c: they split a product over anis's pool instead.)
//
// Why dlopen rather than linking: see CLinearAlgebra.h. The forwarders below carry the
// libraries' own names and prototypes (the compiler checks them against <cblas.h> and
// <lapacke.h>) and are hidden, so they never interpose on the libraries' symbols.
#include "CLinearAlgebra.h"
#include "forwarding.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *openblas, *lapacke;
static char load_error[512];
static int load_status = -1;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

// The thread rule (see anis_blas_set_thread_rule) and the count last given to the library.
static int size_rule = 1;
static double size_threshold = 4e6;
static int thread_cap;
static int library_threads;
static int current_threads;
static void (*set_threads)(int);

static void open_libraries(void) {
    anis_blas_prepare();
    // libopenblas first (CBLAS and its own API), then LAPACKE, which reaches the same
    // libopenblas through Debian's liblapack.so.3: one library, one thread pool.
    openblas = dlopen("libopenblas.so.0", RTLD_LAZY | RTLD_LOCAL);
    if (openblas) lapacke = dlopen("liblapacke.so.3", RTLD_LAZY | RTLD_LOCAL);
    if (!openblas || !lapacke) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load OpenBLAS/LAPACKE (%s); install libopenblas0 and liblapacke",
                 why ? why : "unknown error");
        return;
    }
    int (*get_threads)(void) = (int (*)(void))dlsym(openblas, "openblas_get_num_threads");
    set_threads = (void (*)(int))dlsym(openblas, "openblas_set_num_threads");
    if (!get_threads || !set_threads) {
        snprintf(load_error, sizeof load_error, "libopenblas.so.0 lacks openblas_get_num_threads/openblas_set_num_threads");
        return;
    }
    library_threads = get_threads();
    __atomic_store_n(&current_threads, library_threads, __ATOMIC_RELEASE);
    __atomic_store_n(&load_status, 0, __ATOMIC_RELEASE);
}

int anis_blas_load(void) {
    pthread_once(&load_once, open_libraries);
    return __atomic_load_n(&load_status, __ATOMIC_ACQUIRE);
}

const char *anis_blas_load_error(void) { return load_error; }
int anis_blas_is_loaded(void) { return __atomic_load_n(&load_status, __ATOMIC_ACQUIRE) == 0; }
int anis_blas_library_threads(void) { return anis_blas_is_loaded() ? library_threads : 0; }

void anis_blas_set_thread_rule(int sizeRule, double flops) {
    size_rule = sizeRule;
    size_threshold = flops;
}

int anis_blas_cap_threads(int cap) { return __atomic_exchange_n(&thread_cap, cap, __ATOMIC_ACQ_REL); }
int anis_blas_thread_cap(void) { return __atomic_load_n(&thread_cap, __ATOMIC_ACQUIRE); }

// A missing library is an installation fault, not a user error: say so and stop, as
// the dynamic linker did when anis linked the library directly.
void *anis_blas_symbol(const char *name) {
    if (anis_blas_load() != 0) {
        fprintf(stderr, "anis: %s\n", load_error);
        exit(70);
    }
    void *f = dlsym(openblas, name);
    if (!f) f = dlsym(lapacke, name);
    if (!f) {
        fprintf(stderr, "anis: the BLAS library lacks %s\n", name);
        exit(70);
    }
    return f;
}

// Holders of anis_blas_hold_one_thread (several threads may hold at once).
static int one_thread_holds;

// Gives the library n threads (at most the cap; 1 while held) unless it has them already.
static void use_threads(int n) {
    if (__atomic_load_n(&one_thread_holds, __ATOMIC_SEQ_CST) > 0) n = 1;
    int cap = __atomic_load_n(&thread_cap, __ATOMIC_ACQUIRE);
    if (cap > 0 && n > cap) n = cap;
    if (n < 1) n = 1;
    if (n != __atomic_load_n(&current_threads, __ATOMIC_ACQUIRE)) {
        set_threads(n);
        __atomic_store_n(&current_threads, n, __ATOMIC_RELEASE);
        // A hold taken on another thread while this one raised the count wins.
        if (n > 1 && __atomic_load_n(&one_thread_holds, __ATOMIC_SEQ_CST) > 0) {
            set_threads(1);
            __atomic_store_n(&current_threads, 1, __ATOMIC_RELEASE);
        }
    }
}

// One thread below the threshold (waking the pool costs more than it saves there, and
// idle workers spin), the library's count above it, never more than the cap.
static void size_threads(double flops) { use_threads((size_rule && flops < size_threshold) ? 1 : library_threads); }

void anis_blas_hold_one_thread(void) {
    __atomic_add_fetch(&one_thread_holds, 1, __ATOMIC_SEQ_CST);
    if (anis_blas_load() == 0) use_threads(1);
}

void anis_blas_release_one_thread(void) { __atomic_sub_fetch(&one_thread_holds, 1, __ATOMIC_SEQ_CST); }

const char *anis_blas_config(void) {
    if (!anis_blas_is_loaded()) return NULL;
    char *(*f)(void) = (char *(*)(void))dlsym(openblas, "openblas_get_config");
    return f ? f() : NULL;
}

const char *anis_blas_corename(void) {
    if (!anis_blas_is_loaded()) return NULL;
    char *(*f)(void) = (char *(*)(void))dlsym(openblas, "openblas_get_corename");
    return f ? f() : NULL;
}

#define FORWARD_VOID(name, flops, params, args)                                           \
    __attribute__((visibility("hidden"))) void name params {                             \
        RESOLVED(name)                                                                   \
        size_threads(flops);                                                             \
        f args;                                                                          \
    }

#define FORWARD(type, name, flops, params, args)                                         \
    __attribute__((visibility("hidden"))) type name params {                             \
        RESOLVED(name)                                                                   \
        size_threads(flops);                                                             \
        return f args;                                                                   \
    }

typedef double D;
typedef const double CD;
typedef lapack_int LI; // not "I": <complex.h> defines that
typedef const CBLAS_ORDER O;
typedef const CBLAS_TRANSPOSE T;
typedef const CBLAS_UPLO U;

// Flop counts are the textbook leading terms; they only need to be right within a
// factor of a few to put a call on the right side of the threshold.
FORWARD_VOID(cblas_dgemv, 2.0 * m * n,
             (O o, T t, const blasint m, const blasint n, CD alpha, CD *a, const blasint lda, CD *x, const blasint incx,
              CD beta, D *y, const blasint incy),
             (o, t, m, n, alpha, a, lda, x, incx, beta, y, incy))
FORWARD(double, cblas_ddot, 2.0 * n, (const blasint n, CD *x, const blasint incx, CD *y, const blasint incy),
        (n, x, incx, y, incy))
FORWARD_VOID(cblas_dsyrk, 1.0 * N * N * K,
             (O o, U u, T t, const blasint N, const blasint K, CD alpha, CD *a, const blasint lda, CD beta, D *c,
              const blasint ldc),
             (o, u, t, N, K, alpha, a, lda, beta, c, ldc))
FORWARD_VOID(cblas_dtrsm, (s == CblasLeft ? 1.0 * M * M * N : 1.0 * M * N * N),
             (O o, const CBLAS_SIDE s, U u, T t, const CBLAS_DIAG d, const blasint M, const blasint N, CD alpha,
              CD *a, const blasint lda, D *b, const blasint ldb),
             (o, s, u, t, d, M, N, alpha, a, lda, b, ldb))
FORWARD_VOID(cblas_dtrmm, (s == CblasLeft ? 1.0 * M * M * N : 1.0 * M * N * N),
             (O o, const CBLAS_SIDE s, U u, T t, const CBLAS_DIAG d, const blasint M, const blasint N, CD alpha,
              CD *a, const blasint lda, D *b, const blasint ldb),
             (o, s, u, t, d, M, N, alpha, a, lda, b, ldb))
FORWARD_VOID(cblas_dswap, 1.0 * n, (const blasint n, D *x, const blasint incx, D *y, const blasint incy),
             (n, x, incx, y, incy))

// Single precision (float32 tensors): the same routines with s instead of d.
typedef float F;
typedef const float CF;
FORWARD_VOID(cblas_sgemv, 2.0 * m * n,
             (O o, T t, const blasint m, const blasint n, CF alpha, CF *a, const blasint lda, CF *x, const blasint incx,
              CF beta, F *y, const blasint incy),
             (o, t, m, n, alpha, a, lda, x, incx, beta, y, incy))
FORWARD(float, cblas_sdot, 2.0 * n, (const blasint n, CF *x, const blasint incx, CF *y, const blasint incy),
        (n, x, incx, y, incy))
FORWARD(LI, LAPACKE_sgesdd, 6.0 * m * n * (m < n ? m : n),
        (int l, char jobz, LI m, LI n, F *a, LI lda, F *s, F *u, LI ldu, F *vt, LI ldvt),
        (l, jobz, m, n, a, lda, s, u, ldu, vt, ldvt))
FORWARD(LI, LAPACKE_ssyevd, 9.0 * n * n * n, (int l, char jobz, char uplo, LI n, F *a, LI lda, F *w),
        (l, jobz, uplo, n, a, lda, w))

FORWARD(LI, LAPACKE_dgesdd, 6.0 * m * n * (m < n ? m : n),
        (int l, char jobz, LI m, LI n, D *a, LI lda, D *s, D *u, LI ldu, D *vt, LI ldvt),
        (l, jobz, m, n, a, lda, s, u, ldu, vt, ldvt))
FORWARD(LI, LAPACKE_dsyevd, 9.0 * n * n * n, (int l, char jobz, char uplo, LI n, D *a, LI lda, D *w),
        (l, jobz, uplo, n, a, lda, w))
FORWARD(LI, LAPACKE_dsyevr, 4.0 * n * n * n,
        (int l, char jobz, char range, char uplo, LI n, D *a, LI lda, D vl, D vu, LI il, LI iu, D abstol, LI *m, D *w,
         D *z, LI ldz, LI *isuppz),
        (l, jobz, range, uplo, n, a, lda, vl, vu, il, iu, abstol, m, w, z, ldz, isuppz))
FORWARD(LI, LAPACKE_dgeev, 10.0 * n * n * n,
        (int l, char jobvl, char jobvr, LI n, D *a, LI lda, D *wr, D *wi, D *vl, LI ldvl, D *vr, LI ldvr),
        (l, jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr))
FORWARD(LI, LAPACKE_dgeqrf, 2.0 * m * n * n, (int l, LI m, LI n, D *a, LI lda, D *tau), (l, m, n, a, lda, tau))
FORWARD(LI, LAPACKE_dlarft, 1.0 * n * k * k,
        (int l, char direct, char storev, LI n, LI k, CD *v, LI ldv, CD *tau, D *t, LI ldt),
        (l, direct, storev, n, k, v, ldv, tau, t, ldt))
FORWARD(LI, LAPACKE_dgeqp3, 4.0 * m * n * (m < n ? m : n), (int l, LI m, LI n, D *a, LI lda, LI *jpvt, D *tau),
        (l, m, n, a, lda, jpvt, tau))
FORWARD(LI, LAPACKE_dsygvd, 12.0 * n * n * n,
        (int l, LI itype, char jobz, char uplo, LI n, D *a, LI lda, D *b, LI ldb, D *w),
        (l, itype, jobz, uplo, n, a, lda, b, ldb, w))
FORWARD(LI, LAPACKE_dsytrd, 4.0 * n * n * n / 3, (int l, char uplo, LI n, D *a, LI lda, D *d, D *e, D *tau),
        (l, uplo, n, a, lda, d, e, tau))
FORWARD(LI, LAPACKE_dsterf, 1.0 * n * n, (LI n, D *d, D *e), (n, d, e))
FORWARD(LI, LAPACKE_dstedc, 4.0 * n * n * n / 3, (int l, char compz, LI n, D *d, D *e, D *z, LI ldz),
        (l, compz, n, d, e, z, ldz))
FORWARD(LI, LAPACKE_dormtr, 2.0 * m * m * n,
        (int l, char side, char uplo, char trans, LI m, LI n, CD *a, LI lda, CD *tau, D *c, LI ldc),
        (l, side, uplo, trans, m, n, a, lda, tau, c, ldc))
FORWARD(LI, LAPACKE_dorgqr, 2.0 * m * n * k, (int l, LI m, LI n, LI k, D *a, LI lda, CD *tau), (l, m, n, k, a, lda, tau))
FORWARD(LI, LAPACKE_dpotrf, 1.0 * n * n * n / 3, (int l, char uplo, LI n, D *a, LI lda), (l, uplo, n, a, lda))
FORWARD(LI, LAPACKE_dgetrf, 1.0 * m * n * n, (int l, LI m, LI n, D *a, LI lda, LI *ipiv), (l, m, n, a, lda, ipiv))
FORWARD(LI, LAPACKE_dgetri, 4.0 * n * n * n / 3, (int l, LI n, D *a, LI lda, const LI *ipiv), (l, n, a, lda, ipiv))
FORWARD(LI, LAPACKE_dgelsd, 4.0 * m * n * (m < n ? m : n) + 2.0 * m * n * nrhs,
        (int l, LI m, LI n, LI nrhs, D *a, LI lda, D *b, LI ldb, D *s, D rcond, LI *rank),
        (l, m, n, nrhs, a, lda, b, ldb, s, rcond, rank))

// The float32 decompositions and solvers (Tensor+Linalg.swift through LAPACKScalar):
// the s-twins of the d-routines above, with the same flop counts.
FORWARD_VOID(cblas_strsm, (s == CblasLeft ? 1.0 * M * M * N : 1.0 * M * N * N),
             (O o, const CBLAS_SIDE s, U u, T t, const CBLAS_DIAG d, const blasint M, const blasint N, CF alpha,
              CF *a, const blasint lda, F *b, const blasint ldb),
             (o, s, u, t, d, M, N, alpha, a, lda, b, ldb))
FORWARD(LI, LAPACKE_sgeev, 10.0 * n * n * n,
        (int l, char jobvl, char jobvr, LI n, F *a, LI lda, F *wr, F *wi, F *vl, LI ldvl, F *vr, LI ldvr),
        (l, jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr))
FORWARD(LI, LAPACKE_sgeqrf, 2.0 * m * n * n, (int l, LI m, LI n, F *a, LI lda, F *tau), (l, m, n, a, lda, tau))
FORWARD(LI, LAPACKE_sorgqr, 2.0 * m * n * k, (int l, LI m, LI n, LI k, F *a, LI lda, CF *tau), (l, m, n, k, a, lda, tau))
FORWARD(LI, LAPACKE_spotrf, 1.0 * n * n * n / 3, (int l, char uplo, LI n, F *a, LI lda), (l, uplo, n, a, lda))
FORWARD(LI, LAPACKE_sgetrf, 1.0 * m * n * n, (int l, LI m, LI n, F *a, LI lda, LI *ipiv), (l, m, n, a, lda, ipiv))
FORWARD(LI, LAPACKE_sgetri, 4.0 * n * n * n / 3, (int l, LI n, F *a, LI lda, const LI *ipiv), (l, n, a, lda, ipiv))
FORWARD(LI, LAPACKE_sgelsd, 4.0 * m * n * (m < n ? m : n) + 2.0 * m * n * nrhs,
        (int l, LI m, LI n, LI nrhs, F *a, LI lda, F *b, LI ldb, F *s, F rcond, LI *rank),
        (l, m, n, nrhs, a, lda, b, ldb, s, rcond, rank))
