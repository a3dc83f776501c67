// swift-tools-version: 6.0
// anis: an array language for representation-geometry experiments on neural networks.
//
// Targets draw the architecture, each layer using only the ones before it:
//   C shims (CLinearAlgebra, CReadline) -> AnisTensor (knows nothing of the language)
//   -> AnisLanguage (lexer, parser, compiler, values, built-ins) -> anis (command line, REPL).
import PackageDescription

let package = Package(
    name: "anis",
    products: [
        .executable(name: "anis", targets: ["anis"]),
        .executable(name: "anis-fuzz", targets: ["AnisFuzz"]),
    ],
    targets: [
        // OpenBLAS and LAPACKE, opened on first use after anis picks the kernel core (see its header).
        .target(name: "CLinearAlgebra", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CSystem", path: "Sources/CSystem"),
        // Libraries that a run may never use are opened on first use, not linked, so they
        // cost nothing at start-up (see CLazyLibrary.h): ZeroMQ and OpenSSL's HMAC for the
        // Jupyter kernel (Sources/anis/Kernel), Cairo (PNG/SVG/PDF surfaces) and Pango
        // (text) for plot files. Their headers come from libzmq3-dev, libssl-dev, libcairo2-dev.
        .target(name: "CLazyLibrary", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "CZeroMQ", dependencies: ["CLazyLibrary"]),
        .target(name: "CCrypto", dependencies: ["CLazyLibrary"]),
        .target(name: "CCairo", dependencies: ["CLazyLibrary"]),
        // Elementwise kernels compiled per vector width (SSE2, AVX2, AVX-512), chosen at load.
        .target(name: "CKernels"),
        .target(name: "AnisTensor", dependencies: ["CLinearAlgebra", "CSystem", "CKernels"]),
        // Plot model, terminal renderer and Cairo renderer; knows nothing of the language.
        .target(name: "AnisPlot", dependencies: ["AnisTensor", "CCairo"]),
        // The interpreter keeps frames in classes; dynamic exclusivity checks on
        // every slot access cost more than the work itself, and the evaluator is
        // single-threaded, so they are switched off for this target only.
        .target(name: "AnisLanguage", dependencies: ["AnisTensor", "AnisPlot", "CSystem"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]),
        .executableTarget(name: "anis", dependencies: ["AnisLanguage", "AnisPlot", "CReadline", "CSystem", "CZeroMQ", "CCrypto"]),
        // libFuzzer entry point (scripts/fuzz.sh builds it with -DFUZZING); a replay tool otherwise.
        .executableTarget(name: "AnisFuzz", dependencies: ["AnisLanguage", "AnisTensor"], path: "Sources/AnisFuzz"),
        .testTarget(name: "AnisTensorTests", dependencies: ["AnisTensor"]),
        .testTarget(name: "AnisPlotTests", dependencies: ["AnisPlot", "CCairo"], exclude: ["Snapshots"]),
        .testTarget(name: "AnisLanguageTests", dependencies: ["AnisLanguage"],
                    resources: [.copy("Golden")]),
        // The Jupyter kernel's wire format and execute path, without sockets
        // (the kernel with real clients: scripts/test_jupyter.sh).
        .testTarget(name: "KernelTests", dependencies: ["anis"]),
    ]
)
