// cpu_probe: the raw identification registers BLASCore decodes. Only reading happens
// here; which features count and which core they allow is Swift code with tests.
#include "CLinearAlgebra.h"
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

// XGETBV(0): which register states the OS saves on a context switch. Only valid when
// CPUID.1:ECX.OSXSAVE[bit 27] is set; the instruction faults otherwise.
static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ __volatile__("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

void anis_probe_cpu(anis_cpu_probe *out) {
    memset(out, 0, sizeof *out);
    out->isX86 = 1;
    unsigned a, b, c, d;
    if (!__get_cpuid(0, &a, &b, &c, &d)) return;
    unsigned maxLeaf = a;
    memcpy(out->vendor, &b, 4);
    memcpy(out->vendor + 4, &d, 4);
    memcpy(out->vendor + 8, &c, 4);
    out->vendor[12] = 0;
    if (maxLeaf >= 1 && __get_cpuid(1, &a, &b, &c, &d)) {
        out->leaf1ECX = c;
        out->leaf1EDX = d;
        if (c & (1u << 27)) out->xcr0 = read_xcr0();
    }
    if (maxLeaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        out->leaf7EBX = b;
        out->leaf7ECX = c;
        out->leaf7EDX = d;
        unsigned subleaves = a;
        if (subleaves >= 1) {
            __cpuid_count(7, 1, a, b, c, d);
            out->leaf7s1EAX = a;
        }
    }
    if (__get_cpuid(0x80000000u, &a, &b, &c, &d) && a >= 0x80000001u && __get_cpuid(0x80000001u, &a, &b, &c, &d)) {
        out->ext1ECX = c;
        out->ext1EDX = d;
    }
}

#elif defined(__aarch64__)
#include <sys/auxv.h>

void anis_probe_cpu(anis_cpu_probe *out) {
    memset(out, 0, sizeof *out);
    out->isARM64 = 1;
    out->hwcap = getauxval(AT_HWCAP);
    out->hwcap2 = getauxval(AT_HWCAP2);
}

#else
void anis_probe_cpu(anis_cpu_probe *out) { memset(out, 0, sizeof *out); }
#endif
