import Testing
@testable import AnisTensor

// The core choice is a pure function of (vendor, features, known cores): every case
// here is a CPU described by its features, independent of the machine running the tests.

private let sse3: CPUFeatures = [.sse2, .sse3]
private let sse42: CPUFeatures = sse3.union([.ssse3, .sse41, .sse42])
private let avx: CPUFeatures = sse42.union([.avx, .osYMM])
private let avx2: CPUFeatures = avx.union([.avx2, .fma3])
private let avx512: CPUFeatures = avx2.union([.avx512f, .avx512cd, .avx512bw, .avx512dq, .avx512vl, .osZMM])
private let intel = "GenuineIntel", amd = "AuthenticAMD"
private let known0321 = BLASCore.knownCores

private func x86(_ vendor: String, _ f: CPUFeatures) -> CPUDescription {
    CPUDescription(architecture: .x86_64, vendor: vendor, features: f)
}
private func arm(_ f: CPUFeatures) -> CPUDescription { CPUDescription(architecture: .arm64, vendor: "", features: f) }

struct CoreCase: CustomTestStringConvertible, Sendable {
    let label: String
    let cpu: CPUDescription
    let known: Set<String>
    let expected: String?
    var testDescription: String { label }
}

private let cases: [CoreCase] = [
    CoreCase(label: "Sapphire Rapids Xeon (AVX-512 + BF16)", cpu: x86(intel, avx512.union(.avx512bf16)), known: known0321, expected: "Cooperlake"),
    CoreCase(label: "Skylake-SP (AVX-512, no BF16)", cpu: x86(intel, avx512), known: known0321, expected: "SkylakeX"),
    CoreCase(label: "AVX-512 listed but ZMM state not enabled by the OS", cpu: x86(intel, avx512.subtracting(.osZMM)), known: known0321, expected: "Haswell"),
    CoreCase(label: "AVX-512F without VL (Knights Landing)", cpu: x86(intel, avx2.union([.avx512f, .avx512cd, .osZMM])), known: known0321, expected: "Haswell"),
    CoreCase(label: "AVX2-only Intel", cpu: x86(intel, avx2), known: known0321, expected: "Haswell"),
    CoreCase(label: "AVX2 without FMA3", cpu: x86(intel, avx.union(.avx2)), known: known0321, expected: "Sandybridge"),
    CoreCase(label: "AVX listed but YMM state not enabled by the OS", cpu: x86(intel, avx2.subtracting(.osYMM)), known: known0321, expected: "Nehalem"),
    CoreCase(label: "Sandy Bridge", cpu: x86(intel, avx), known: known0321, expected: "Sandybridge"),
    CoreCase(label: "SSE4.2-only", cpu: x86(intel, sse42), known: known0321, expected: "Nehalem"),
    CoreCase(label: "SSSE3 (Core 2)", cpu: x86(intel, sse3.union(.ssse3)), known: known0321, expected: "Core2"),
    CoreCase(label: "SSE3-only: the baseline, left to the library", cpu: x86(intel, sse3), known: known0321, expected: nil),
    CoreCase(label: "no SSE3 at all", cpu: x86(intel, [.sse2]), known: known0321, expected: nil),
    CoreCase(label: "Zen 4 EPYC (AVX-512 + BF16)", cpu: x86(amd, avx512.union(.avx512bf16)), known: known0321, expected: "Cooperlake"),
    CoreCase(label: "Zen 2 (AVX2)", cpu: x86(amd, avx2), known: known0321, expected: "Zen"),
    CoreCase(label: "Hygon Dhyana (Zen-based)", cpu: x86("HygonGenuine", avx2), known: known0321, expected: "Zen"),
    CoreCase(label: "Excavator (AVX2 + FMA4)", cpu: x86(amd, avx2.union([.sse4a, .fma4, .xop])), known: known0321, expected: "Excavator"),
    CoreCase(label: "Piledriver (FMA3 + FMA4)", cpu: x86(amd, avx.union([.sse4a, .fma4, .xop, .fma3])), known: known0321, expected: "Piledriver"),
    CoreCase(label: "Bulldozer (FMA4)", cpu: x86(amd, avx.union([.sse4a, .fma4, .xop])), known: known0321, expected: "Bulldozer"),
    CoreCase(label: "K10 (SSE4a, no SSSE3)", cpu: x86(amd, sse3.union(.sse4a)), known: known0321, expected: "Barcelona"),
    CoreCase(label: "a build without Cooperlake", cpu: x86(intel, avx512.union(.avx512bf16)), known: known0321.subtracting(["Cooperlake"]), expected: "SkylakeX"),
    CoreCase(label: "a build without AVX-512 cores", cpu: x86(amd, avx512), known: ["Prescott", "Haswell", "Zen"], expected: "Zen"),
    CoreCase(label: "names compared case-insensitively", cpu: x86(intel, avx2), known: ["HASWELL", "prescott"], expected: "Haswell"),
    CoreCase(label: "a build knowing nothing usable", cpu: x86(intel, avx2), known: ["SkylakeX"], expected: nil),
    CoreCase(label: "arm64 ARMv8.0 NEON: left to the library", cpu: arm([.asimd]), known: known0321, expected: nil),
    CoreCase(label: "arm64 ARMv8.2 (Neoverse N1)", cpu: arm([.asimd, .atomics, .asimdrdm, .dcpop, .lrcpc]), known: known0321, expected: "neoversen1"),
    CoreCase(label: "arm64 ARMv8.4 + SVE (Neoverse V1)",
             cpu: arm([.asimd, .atomics, .asimdrdm, .dcpop, .asimddp, .lrcpc, .ilrcpc, .flagm, .uscat, .asimdfhm, .sve]),
             known: known0321, expected: "neoversev1"),
    CoreCase(label: "arm64 SVE without ARMv8.4", cpu: arm([.asimd, .atomics, .asimdrdm, .dcpop, .sve]), known: known0321, expected: "neoversen1"),
    CoreCase(label: "unknown architecture", cpu: CPUDescription(architecture: .other, vendor: "", features: []), known: known0321, expected: nil),
]

@Test(arguments: cases)
func coreChoice(_ c: CoreCase) {
    #expect(BLASCore.choose(for: c.cpu, known: c.known) == c.expected)
}

/// Whatever the features, the chosen core never needs one the CPU lacks.
@Test func coreChoiceNeverExceedsTheCPU() {
    var state: UInt64 = 0x9E3779B97F4A7C15
    let all = BLASCore.intelOrder + BLASCore.amdOrder
    for _ in 0..<2000 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let features = CPUFeatures(rawValue: (state >> 20) & 0x7FFFF)
        for vendor in [intel, amd] {
            guard let name = BLASCore.choose(for: x86(vendor, features)) else { continue }
            let core = all.first { $0.name == name }
            #expect(core.map { features.isSuperset(of: $0.requires) } == true, "\(name) for \(features)")
        }
    }
}

@Test func decodesCPUIDAndXCR0() {
    // This project's AMD EPYC (Zen 4): leaf 1 ECX/EDX, leaf 7 EBX, leaf 7.1 EAX, 0x80000001 ECX, XCR0.
    let epyc = CPUDescription(leaf1ECX: 0xFEDA_3203, leaf1EDX: 0x178B_FBFF, leaf7EBX: 0xF1BF_07AB, leaf7ECX: 0x0040_5FCE,
                              leaf7s1EAX: 0x0000_0020, ext1ECX: 0x0040_0000 | 0x0000_00F3, xcr0: 0xE7, vendor: amd)
    #expect(epyc.features.isSuperset(of: avx512.union(.avx512bf16)))
    #expect(BLASCore.choose(for: epyc) == "Cooperlake")
    // The same CPU under an OS that saves only the SSE and AVX state.
    let noZMM = CPUDescription(leaf1ECX: 0xFEDA_3203, leaf1EDX: 0x178B_FBFF, leaf7EBX: 0xF1BF_07AB, leaf7ECX: 0,
                               leaf7s1EAX: 0x20, ext1ECX: 0xF3, xcr0: 0x7, vendor: amd)
    #expect(!noZMM.features.contains(.osZMM) && noZMM.features.contains(.osYMM))
    #expect(BLASCore.choose(for: noZMM) == "Zen")
    // OSXSAVE clear: XCR0 is not to be trusted, no AVX of any kind.
    let noOSXSAVE = CPUDescription(leaf1ECX: 0xFEDA_3203 & ~(1 << 27), leaf1EDX: 0x178B_FBFF, leaf7EBX: 0xF1BF_07AB,
                                   leaf7ECX: 0, leaf7s1EAX: 0x20, ext1ECX: 0xF3, xcr0: 0xE7, vendor: amd)
    #expect(BLASCore.choose(for: noOSXSAVE) == "Nehalem")
    let neoverse = CPUDescription(hwcap: (1 << 1) | (1 << 8) | (1 << 12) | (1 << 16))
    #expect(BLASCore.choose(for: neoverse) == "neoversen1")
}

/// When anis chose the core, the loaded library runs it (whatever this machine is).
@Test func theLibraryRunsTheChosenCore() {
    #expect(!BLASInfo.config.isEmpty)
    switch BLASLoader.coreSource {
    case .chosen(let core, _): #expect(BLASInfo.coreName.lowercased() == core.lowercased())
    case .user(let name) where BLASCore.knownCores.contains(name) && name != "Cooperlake":
        #expect(BLASInfo.coreName.lowercased() == name.lowercased())
    default: break
    }
    #expect(BLASInfo.threads >= 1)
}
