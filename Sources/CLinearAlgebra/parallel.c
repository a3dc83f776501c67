// parallel: anis's worker pool (see AnisParallel.h).
//
// Jobs are short (20 µs to 1 ms) and come back to back, so a pthread_create or a condition
// variable per job would cost as much as the work. Workers are started once, on first need,
// and wait for the next job by spinning briefly, then sleeping on a futex.
//
// The protocol. `state` packs a job's generation (high bits), its chunk count and the next
// unclaimed chunk (8 bits each) in one 64-bit word. Chunks are claimed with a compare-and-
// swap on that word, so a thread can only claim a chunk of the generation it saw, never pair
// one job's generation with another's count, and each chunk runs exactly once. The
// submitter writes the job (fn, ctx, n), sets `pending` to the chunk count, publishes
// `state` with chunk 0 claimed for itself, then rings `bell` (the futex word sleepers wait
// on). Every thread that finishes a chunk decrements `pending`; the job's fields are not
// rewritten until `pending` is 0, i.e. until every thread that read them is done. After
// its own chunk the submitter claims the chunks no worker has taken yet (a worker that
// wakes late, or is descheduled on a busy machine, costs its chunk's time, not a wake-up's),
// then waits for `pending` to reach 0 (spin, then futex). Which thread runs a chunk changes
// from run to run; where the chunks begin and end does not.
//
// One job at a time: `submit_lock` is taken with trylock, so a second thread that submits
// while a job is running (an interrupted REPL call finishing on its own thread) runs its
// loop inline instead of waiting. A call from inside a chunk runs inline too.
//
// Signals are blocked in the workers (Ctrl-C reaches the interpreter's threads; chunks
// are short and never wait on anything a handler could hold). Fork: sweeps fork worker
// processes; the prepare handler takes `submit_lock`, so no job is in flight in the
// copied memory, and the child forgets the workers (threads do not survive fork) and
// starts new ones if it ever needs them.
#include "AnisParallel.h"
#include "CLinearAlgebra.h"
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

enum { MAX_WORKERS = 63 };          // chunks fit the 8 low bits of `state`

static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static int workers;  // started (guarded by submit_lock)
static int width_override;

// The current job (written by the submitter only while no worker can read it).
static anis_chunk_fn job_fn;
static void *job_ctx;
static long job_n;

static uint64_t state;      // generation << 16 | chunks << 8 | next unclaimed chunk
static uint32_t bell;       // futex: bumped after each publication
static int sleepers;        // workers asleep (or about to be) on `bell`
static uint32_t pending;    // futex: chunks of the current job not yet done
static int submitter_asleep;

static __thread int in_chunk;

int anis_parallel_in_chunk(void) { return in_chunk; }

void anis_parallel_set_width_override(int n) { __atomic_store_n(&width_override, n < 0 ? 0 : n, __ATOMIC_RELEASE); }

int anis_parallel_width(void) {
    int n = __atomic_load_n(&width_override, __ATOMIC_ACQUIRE);
    if (n <= 0) {
        n = anis_blas_library_threads();  // 0 before the library is loaded
        int cap = anis_blas_thread_cap();
        if (cap > 0 && n > cap) n = cap;
    }
    if (n < 1) n = 1;
    if (n > MAX_WORKERS + 1) n = MAX_WORKERS + 1;
    return n;
}

#ifdef __linux__
static void futex_wait(uint32_t *word, uint32_t expected) {
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
}
static void futex_wake_all(uint32_t *word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0); }

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

// How long a waiting thread spins before it sleeps. Long enough to span the interpreter's
// work between two loops, short enough not to hold a core through a BLAS call that
// OpenBLAS's own threads need (1 ms spins measured slower on the transformer step).
static const long SPIN_NS = 50000;

// Claims the next chunk of generation `generation`; returns its index, or -1 when none is left.
static int claim(uint64_t generation) {
    uint64_t s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
    for (;;) {
        if (s >> 16 != generation || (s & 0xff) >= ((s >> 8) & 0xff)) return -1;
        if (__atomic_compare_exchange_n(&state, &s, s + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return (int)(s & 0xff);
    }
}

// Runs chunk `index` of the current job (whose chunk count is `chunks`) and counts it done.
static void run_chunk(int chunks, int index) {
    long n = job_n;
    long begin = (long)((__int128)n * index / chunks), end = (long)((__int128)n * (index + 1) / chunks);
    in_chunk = 1;
    job_fn(job_ctx, begin, end);
    in_chunk = 0;
    if (__atomic_sub_fetch(&pending, 1, __ATOMIC_SEQ_CST) == 0 && __atomic_load_n(&submitter_asleep, __ATOMIC_SEQ_CST))
        futex_wake_all(&pending);
}

// Spins up to SPIN_NS while the state's generation is `seen`; returns the state last read.
static uint64_t spin_for_state(uint64_t seen) {
    long deadline = 0;
    for (int i = 0;; i++) {
        uint64_t s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
        if (s >> 16 != seen) return s;
        CPU_RELAX();
        if ((i & 255) == 255) {
            long t = now_ns();
            if (!deadline) deadline = t + SPIN_NS;
            else if (t > deadline) return s;
        }
    }
}

static void *worker_main(void *arg) {
    uint64_t seen = (uintptr_t)arg;  // the generation before this worker's first job
    for (;;) {
        uint64_t s = spin_for_state(seen);
        if (s >> 16 == seen) {
            uint32_t b = __atomic_load_n(&bell, __ATOMIC_SEQ_CST);
            __atomic_add_fetch(&sleepers, 1, __ATOMIC_SEQ_CST);
            if (__atomic_load_n(&state, __ATOMIC_SEQ_CST) >> 16 == seen) futex_wait(&bell, b);
            __atomic_sub_fetch(&sleepers, 1, __ATOMIC_SEQ_CST);
            continue;
        }
        seen = s >> 16;
        int chunks = (int)((s >> 8) & 0xff), index;
        while ((index = claim(seen)) >= 0) run_chunk(chunks, index);
    }
    return NULL;
}

static void before_fork(void) { pthread_mutex_lock(&submit_lock); }
static void after_fork_parent(void) { pthread_mutex_unlock(&submit_lock); }
static void after_fork_child(void) {
    workers = 0;  // the threads stayed in the parent
    sleepers = 0;
    pending = 0;
    submitter_asleep = 0;
    pthread_mutex_init(&submit_lock, NULL);
}
static void register_atfork(void) { pthread_atfork(before_fork, after_fork_parent, after_fork_child); }

// Starts workers up to `wanted` (called with submit_lock held, before the job is published);
// returns how many exist.
static int start_workers(int wanted) {
    if (workers >= wanted) return workers;
    pthread_once(&atfork_once, register_atfork);
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);  // the workers inherit a mask that blocks every signal
    uint64_t generation = __atomic_load_n(&state, __ATOMIC_ACQUIRE) >> 16;
    while (workers < wanted) {
        pthread_t thread;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attr, worker_main, (void *)(uintptr_t)generation);
        pthread_attr_destroy(&attr);
        if (failed) break;
        workers++;
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return workers;
}

void anis_parallel_for(long n, long grain, anis_chunk_fn fn, void *ctx) {
    if (n <= 0) return;
    if (grain < 1) grain = 1;
    long most = n / grain;
    int chunks = anis_parallel_width();
    if (most < chunks) chunks = (int)most;
    if (chunks <= 1 || in_chunk || pthread_mutex_trylock(&submit_lock) != 0) {
        fn(ctx, 0, n);
        return;
    }
    int available = start_workers(chunks - 1) + 1;
    if (available < chunks) chunks = available;
    if (chunks <= 1) {
        pthread_mutex_unlock(&submit_lock);
        fn(ctx, 0, n);
        return;
    }
    job_fn = fn;
    job_ctx = ctx;
    job_n = n;
    __atomic_store_n(&pending, (uint32_t)chunks, __ATOMIC_SEQ_CST);
    uint64_t generation = (__atomic_load_n(&state, __ATOMIC_ACQUIRE) >> 16) + 1;
    __atomic_store_n(&state, generation << 16 | (uint64_t)chunks << 8 | 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&bell, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&sleepers, __ATOMIC_SEQ_CST) > 0) futex_wake_all(&bell);

    run_chunk(chunks, 0);
    int index;
    while ((index = claim(generation)) >= 0) run_chunk(chunks, index);

    long deadline = 0;
    for (int i = 0; __atomic_load_n(&pending, __ATOMIC_ACQUIRE) != 0; i++) {
        CPU_RELAX();
        if ((i & 255) != 255) continue;
        long t = now_ns();
        if (!deadline) deadline = t + SPIN_NS;
        else if (t > deadline) {
            __atomic_store_n(&submitter_asleep, 1, __ATOMIC_SEQ_CST);
            uint32_t p;
            while ((p = __atomic_load_n(&pending, __ATOMIC_SEQ_CST)) != 0) futex_wait(&pending, p);
            __atomic_store_n(&submitter_asleep, 0, __ATOMIC_SEQ_CST);
            break;
        }
    }
    pthread_mutex_unlock(&submit_lock);
}
#else
// Without futexes (not Linux) every loop runs inline on the caller.
void anis_parallel_for(long n, long grain, anis_chunk_fn fn, void *ctx) {
    (void)grain;
    if (n > 0) fn(ctx, 0, n);
}
#endif
