// AnisParallel: a small pool of worker threads for anis's own loops (row and elementwise
// kernels), so a step's non-BLAS work uses the cores OpenBLAS is allowed to use.
//
// A job splits [0, n) into contiguous chunks by a fixed rule (chunk k of c is
// [k·n/c, (k+1)·n/c)); the caller's thread runs chunk 0 and the workers the rest. Kernels
// that compute each row (or element) on its own give the same bits for any width.
#ifndef ANIS_PARALLEL_H
#define ANIS_PARALLEL_H

/// One chunk of a job: items [begin, end). Must not throw, longjmp or call anis_parallel_for
/// expecting parallelism (a nested call runs inline).
typedef void (*anis_chunk_fn)(void *ctx, long begin, long end);

/// Runs fn over [0, n) split into at most anis_parallel_width() contiguous chunks, each of at
/// least `grain` items (so n < 2·grain runs inline on the caller); the caller's thread runs
/// the first chunk; returns when every chunk is done. A call made from inside a chunk
/// (nesting), or while another thread's job holds the pool, runs inline, serially.
void anis_parallel_for(long n, long grain, anis_chunk_fn fn, void *ctx);

/// Threads a call may use now (>= 1): the override if set, else OpenBLAS's own thread count
/// (OPENBLAS_NUM_THREADS or all cores) under the cap of anis_blas_cap_threads; 1 before the
/// library is loaded.
int anis_parallel_width(void);

/// 1 while the calling thread is running a chunk (a thread-local flag), else 0.
int anis_parallel_in_chunk(void);

/// Tests: force a width (0 = back to the default rule).
void anis_parallel_set_width_override(int n);

#endif
