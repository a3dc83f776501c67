// levels: the vector level VECTOR_KERNEL's entry points run at (see CKernels.h).
#include "CKernels.h"

int anis_kernel_level(void) {
#if defined(__x86_64__) && defined(__clang__)
    static int cached = -1;                      // races only ever store the same value
    int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (level < 0) {
        // The same test the target_clones resolver makes: the CPU has the instructions and
        // the OS saves their registers (cpuid and XGETBV, inside __builtin_cpu_supports).
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx512f") ? ANIS_LEVEL_AVX512
              : __builtin_cpu_supports("avx2") ? ANIS_LEVEL_AVX2 : ANIS_LEVEL_BASELINE;
        __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    }
    return level;
#else
    return ANIS_LEVEL_BASELINE;
#endif
}
