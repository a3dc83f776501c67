// BLASCore: which OpenBLAS kernel core ("OPENBLAS_CORETYPE") this CPU should run.
//
// OpenBLAS's own detection matches CPU family/model numbers it knew when it was
// released, so Debian's 0.3.21 falls back to generic Prescott kernels on some newer
// CPUs. anis instead asks what the CPU can execute (feature bits, with the register
// state the OS actually saves, from XGETBV) and picks the best core, in a preference
// order per vendor, among those the library build knows. The policy is a pure function
// of (vendor, features, known cores) so every case is a table test; reading the
// registers is cpu_probe.c's job, decoding them is `CPUDescription.init(probe:)`.

/// What anis knows about the CPU, decoded from the identification registers.
public struct CPUDescription: Equatable, Sendable {
    public enum Architecture: Sendable { case x86_64, arm64, other }
    public var architecture: Architecture
    /// cpuid's vendor string on x86-64 ("GenuineIntel", "AuthenticAMD", ...); "" on arm64.
    public var vendor: String
    public var features: CPUFeatures

    public init(architecture: Architecture, vendor: String, features: CPUFeatures) {
        self.architecture = architecture
        self.vendor = vendor
        self.features = features
    }

    /// AMD and Hygon (a Zen licensee) prefer the cores tuned for AMD's caches.
    var isAMDLike: Bool { vendor == "AuthenticAMD" || vendor == "HygonGenuine" }

    /// A short summary for `anis --version`, e.g. "AuthenticAMD, AVX-512".
    public var summary: String {
        let f = features
        let level: String
        switch architecture {
        case .x86_64:
            level = f.isSuperset(of: BLASCore.avx512) ? "AVX-512"
                : f.isSuperset(of: BLASCore.avx2) ? "AVX2"
                : f.isSuperset(of: BLASCore.avx) ? "AVX"
                : f.contains(.sse42) ? "SSE4.2" : "SSE"
        case .arm64: level = f.contains(.sve) ? "SVE" : "NEON"
        case .other: level = "unknown ISA"
        }
        return vendor.isEmpty ? level : "\(vendor), \(level)"
    }
}

/// Instruction-set features that decide which kernels may run. `osYMM`/`osZMM` say
/// the OS saves the AVX and AVX-512 register state (XCR0); without them the
/// instructions fault even when cpuid lists them.
public struct CPUFeatures: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let sse2 = CPUFeatures(rawValue: 1 << 0)
    public static let sse3 = CPUFeatures(rawValue: 1 << 1)
    public static let ssse3 = CPUFeatures(rawValue: 1 << 2)
    public static let sse41 = CPUFeatures(rawValue: 1 << 3)
    public static let sse42 = CPUFeatures(rawValue: 1 << 4)
    public static let sse4a = CPUFeatures(rawValue: 1 << 5)
    public static let avx = CPUFeatures(rawValue: 1 << 6)
    public static let avx2 = CPUFeatures(rawValue: 1 << 7)
    public static let fma3 = CPUFeatures(rawValue: 1 << 8)
    public static let fma4 = CPUFeatures(rawValue: 1 << 9)
    public static let xop = CPUFeatures(rawValue: 1 << 10)
    public static let avx512f = CPUFeatures(rawValue: 1 << 11)
    public static let avx512cd = CPUFeatures(rawValue: 1 << 12)
    public static let avx512bw = CPUFeatures(rawValue: 1 << 13)
    public static let avx512dq = CPUFeatures(rawValue: 1 << 14)
    public static let avx512vl = CPUFeatures(rawValue: 1 << 15)
    public static let avx512bf16 = CPUFeatures(rawValue: 1 << 16)
    public static let osYMM = CPUFeatures(rawValue: 1 << 17)
    public static let osZMM = CPUFeatures(rawValue: 1 << 18)
    // arm64 (Linux HWCAP names)
    public static let asimd = CPUFeatures(rawValue: 1 << 32)
    public static let atomics = CPUFeatures(rawValue: 1 << 33)
    public static let asimdrdm = CPUFeatures(rawValue: 1 << 34)
    public static let dcpop = CPUFeatures(rawValue: 1 << 35)
    public static let asimddp = CPUFeatures(rawValue: 1 << 36)
    public static let lrcpc = CPUFeatures(rawValue: 1 << 37)
    public static let ilrcpc = CPUFeatures(rawValue: 1 << 38)
    public static let flagm = CPUFeatures(rawValue: 1 << 39)
    public static let uscat = CPUFeatures(rawValue: 1 << 40)
    public static let asimdfhm = CPUFeatures(rawValue: 1 << 41)
    public static let sve = CPUFeatures(rawValue: 1 << 42)
}

public enum BLASCore {
    struct Core {
        let name: String
        let requires: CPUFeatures
    }

    static let sse3: CPUFeatures = [.sse2, .sse3]
    static let sse42: CPUFeatures = sse3.union([.ssse3, .sse41, .sse42])
    static let avx: CPUFeatures = sse42.union([.avx, .osYMM])
    static let avx2: CPUFeatures = avx.union([.avx2, .fma3])
    static let avx512: CPUFeatures = avx2.union([.avx512f, .avx512cd, .avx512bw, .avx512dq, .avx512vl, .osZMM])
    static let bulldozer: CPUFeatures = avx.union([.sse4a, .fma4, .xop])
    // OpenBLAS builds these arm64 cores with -march=armv8.2-a and armv8.4-a+sve: require
    // the features those levels let the compiler emit.
    static let armv82: CPUFeatures = [.asimd, .atomics, .asimdrdm, .dcpop]
    static let armv84sve: CPUFeatures = armv82.union([.asimddp, .lrcpc, .ilrcpc, .flagm, .uscat, .asimdfhm, .sve])

    /// Best first. Cooperlake and SkylakeX share their double-precision kernels;
    /// Cooperlake adds bf16 ones. Zen runs Haswell's instruction set with AMD blocking.
    static let intelOrder: [Core] = [
        Core(name: "Cooperlake", requires: avx512.union(.avx512bf16)),
        Core(name: "SkylakeX", requires: avx512),
        Core(name: "Haswell", requires: avx2),
        Core(name: "Sandybridge", requires: avx),
        Core(name: "Nehalem", requires: sse42),
        Core(name: "Core2", requires: sse3.union(.ssse3)),
        Core(name: "Prescott", requires: sse3),
    ]
    static let amdOrder: [Core] = [
        Core(name: "Cooperlake", requires: avx512.union(.avx512bf16)),
        Core(name: "SkylakeX", requires: avx512),
        // FMA4 marks the Bulldozer family, which Zen (no FMA4) must not be mistaken for.
        Core(name: "Excavator", requires: bulldozer.union([.fma3, .avx2])),
        Core(name: "Zen", requires: avx2),
        Core(name: "Piledriver", requires: bulldozer.union(.fma3)),
        Core(name: "Bulldozer", requires: bulldozer),
        Core(name: "Haswell", requires: avx2),
        Core(name: "Sandybridge", requires: avx),
        Core(name: "Nehalem", requires: sse42),
        Core(name: "Barcelona", requires: sse3.union(.sse4a)),
        Core(name: "Core2", requires: sse3.union(.ssse3)),
        Core(name: "Prescott", requires: sse3),
    ]
    static let armOrder: [Core] = [
        Core(name: "neoversev1", requires: armv84sve),
        Core(name: "neoversen1", requires: armv82),
        Core(name: "armv8", requires: [.asimd]),
    ]

    /// The cores Debian's OpenBLAS 0.3.21 (DYNAMIC_ARCH) builds. Its OPENBLAS_CORETYPE
    /// parser does not accept "Cooperlake"; an unaccepted name sends it to its
    /// feature-based fallback, which selects Cooperlake exactly when AVX512-VL state
    /// and BF16 are present, the same condition as ours, and later releases accept the
    /// name, so naming it is right for both.
    public static let knownCores: Set<String> = [
        "Prescott", "Core2", "Nehalem", "Sandybridge", "Haswell", "SkylakeX", "Cooperlake", "Zen",
        "Atom", "Barcelona", "Bulldozer", "Piledriver", "Steamroller", "Excavator",
        "armv8", "cortexa53", "cortexa55", "cortexa57", "cortexa72", "cortexa73", "falkor", "thunderx",
        "thunderx2t99", "tsv110", "emag8180", "neoversen1", "neoversev1", "neoversen2", "thunderx3t110",
    ]

    /// The core anis asks for, or nil to leave the choice to the library: the CPU is
    /// unknown, or it can run nothing better than the architecture's baseline (which the
    /// library's own model tables may refine, e.g. to a Cortex-A72).
    public static func choose(for cpu: CPUDescription, known: Set<String> = knownCores) -> String? {
        let order: [Core]
        switch cpu.architecture {
        case .x86_64: order = cpu.isAMDLike ? amdOrder : intelOrder
        case .arm64: order = armOrder
        case .other: return nil
        }
        let knownLowercased = Set(known.map { $0.lowercased() })
        guard let best = order.first(where: { cpu.features.isSuperset(of: $0.requires)
                                              && knownLowercased.contains($0.name.lowercased()) }),
              best.name != order.last?.name else { return nil }
        return best.name
    }
}

extension CPUDescription {
    /// Decodes cpu_probe.c's registers. AVX counts only when the OS saves YMM state
    /// (XCR0 bits 1–2) and AVX-512 only when it also saves the opmask and ZMM state
    /// (bits 5–7): a hypervisor or kernel may hide them while cpuid still lists them.
    init(leaf1ECX: UInt32, leaf1EDX: UInt32, leaf7EBX: UInt32, leaf7ECX: UInt32, leaf7s1EAX: UInt32,
         ext1ECX: UInt32, xcr0: UInt64, vendor: String) {
        func bit(_ r: UInt32, _ i: Int) -> Bool { r & (1 << UInt32(i)) != 0 }
        var f: CPUFeatures = []
        if bit(leaf1EDX, 26) { f.insert(.sse2) }
        if bit(leaf1ECX, 0) { f.insert(.sse3) }
        if bit(leaf1ECX, 9) { f.insert(.ssse3) }
        if bit(leaf1ECX, 12) { f.insert(.fma3) }
        if bit(leaf1ECX, 19) { f.insert(.sse41) }
        if bit(leaf1ECX, 20) { f.insert(.sse42) }
        if bit(leaf1ECX, 28) { f.insert(.avx) }
        if bit(leaf7EBX, 5) { f.insert(.avx2) }
        if bit(leaf7EBX, 16) { f.insert(.avx512f) }
        if bit(leaf7EBX, 17) { f.insert(.avx512dq) }
        if bit(leaf7EBX, 28) { f.insert(.avx512cd) }
        if bit(leaf7EBX, 30) { f.insert(.avx512bw) }
        if bit(leaf7EBX, 31) { f.insert(.avx512vl) }
        if bit(leaf7s1EAX, 5) { f.insert(.avx512bf16) }
        if bit(ext1ECX, 6) { f.insert(.sse4a) }
        if bit(ext1ECX, 11) { f.insert(.xop) }
        if bit(ext1ECX, 16) { f.insert(.fma4) }
        let osxsave = bit(leaf1ECX, 27)
        if osxsave && xcr0 & 0x6 == 0x6 { f.insert(.osYMM) }
        if osxsave && xcr0 & 0xE6 == 0xE6 { f.insert(.osZMM) }
        self.init(architecture: .x86_64, vendor: vendor, features: f)
    }

    /// Decodes Linux's AT_HWCAP bits on arm64.
    init(hwcap: UInt64) {
        let names: [(Int, CPUFeatures)] = [
            (1, .asimd), (8, .atomics), (12, .asimdrdm), (15, .lrcpc), (16, .dcpop), (20, .asimddp),
            (22, .sve), (23, .asimdfhm), (25, .uscat), (26, .ilrcpc), (27, .flagm),
        ]
        var f: CPUFeatures = []
        for (i, feature) in names where hwcap & (1 << UInt64(i)) != 0 { f.insert(feature) }
        self.init(architecture: .arm64, vendor: "", features: f)
    }
}
