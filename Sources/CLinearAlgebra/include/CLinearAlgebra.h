// CLinearAlgebra: OpenBLAS's CBLAS and LAPACKE, loaded on first use.
//
// anis does not link libopenblas/liblapacke. OpenBLAS picks its kernels ("core") in a
// load-time constructor from OPENBLAS_CORETYPE or its own CPU detection, and the
// detection in Debian's 0.3.21 falls back to generic Prescott kernels on CPUs newer
// than itself. Loading the library ourselves, on the first BLAS or LAPACK call, lets
// anis choose the core first (AnisTensor's BLASCore; the user's OPENBLAS_CORETYPE
// always wins) without re-executing the process, and keeps a snippet that never
// multiplies a matrix from paying for the library and its thread pool at start-up.
//
// The routines anis calls keep their usual names and prototypes (from <cblas.h> and
// <lapacke.h>): loader.c defines them, hidden from other shared objects, as forwarders
// to the loaded library that also choose the thread count from the problem size.
#ifndef ANIS_CLINEARALGEBRA_H
#define ANIS_CLINEARALGEBRA_H

#include <cblas.h>
#include <lapacke.h>
#include <stdint.h>
#include "AnisParallel.h"

/// Raw CPU identification, decoded in Swift (BLASCore) so the policy is testable.
/// x86-64: cpuid leaves 0, 1, 7.0, 7.1, 0x80000001 and XCR0 (0 when OSXSAVE is off).
/// arm64: AT_HWCAP and AT_HWCAP2. Fields of the other architecture stay zero.
typedef struct {
    int isX86, isARM64;
    char vendor[13];
    uint32_t leaf1ECX, leaf1EDX, leaf7EBX, leaf7ECX, leaf7EDX, leaf7s1EAX, ext1ECX, ext1EDX;
    uint64_t xcr0;
    uint64_t hwcap, hwcap2;
} anis_cpu_probe;

void anis_probe_cpu(anis_cpu_probe *out);

/// Loads the library if it is not loaded yet (calling anis_blas_prepare first);
/// returns 0, or -1 with a message from anis_blas_load_error().
int anis_blas_load(void);
const char *anis_blas_load_error(void);
int anis_blas_is_loaded(void);

/// Implemented in Swift (BLASLoader): sets OPENBLAS_CORETYPE when anis chooses the
/// core. Called once, just before the library is loaded.
void anis_blas_prepare(void);

/// Threads by problem size: calls below `flops` run on one thread, larger ones on
/// `maxThreads` (0: the library's own count at load, i.e. OPENBLAS_NUM_THREADS or all
/// cores). `sizeRule` 0 leaves the library's count alone (the user set
/// OPENBLAS_NUM_THREADS). Set by BLASLoader before the first call.
void anis_blas_set_thread_rule(int sizeRule, double flops);

/// Caps the threads of every call (e.g. 1 while toy models run their own workers);
/// returns the previous cap. 0 means no cap.
int anis_blas_cap_threads(int cap);

/// The cap set by anis_blas_cap_threads (0: none).
int anis_blas_thread_cap(void);

/// The library's own thread count when it was loaded (0 before loading).
int anis_blas_library_threads(void);

/// Runs the library on one thread (loading it first if needed) until the matching release,
/// whatever other calls ask for meanwhile: for a parallel loop whose chunks call BLAS
/// (AnisParallel.h), so that each chunk's calls run on the chunk's own thread and give the
/// same bits at any width. Holds nest and may come from several threads; take and release
/// them outside chunks (chunks never change the library's thread count).
void anis_blas_hold_one_thread(void);
void anis_blas_release_one_thread(void);

/// How many blocks of C the gemm forwarders cut a row-major m×n×k product into (gemm.c);
/// each block is one single-threaded library call, the blocks spread over the pool.
long anis_gemm_block_count(int m, int n, int k);

/// What the library says about itself; NULL before loading.
const char *anis_blas_config(void);
const char *anis_blas_corename(void);

#endif
