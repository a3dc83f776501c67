// FuzzEntry: the fuzzer's entry point (target AnisFuzz, product `anis-fuzz`).
//
// Built normally (`swift build`), `anis-fuzz FILE...` replays inputs, e.g. crash
// reproducers from Tests/Fuzz/crashes/, through a fresh Session each: it prints
// nothing when every input runs (errors are fine), and crashes where the fuzzer did.
//
// Built with `-Xswiftc -DFUZZING` and `-sanitize=fuzzer` (see scripts/fuzz.sh), it
// exports libFuzzer's `LLVMFuzzerTestOneInput` instead: each input is decoded as
// UTF-8 (invalid bytes replaced), run with a step budget, and its Diagnostics
// ignored. Only crashes, hangs and sanitizer reports count as findings.
//
// Deep recursion needs no special thread: the interpreter's StackGuard turns a
// nearly full native stack into a Diagnostic on whatever thread it runs.
import AnisLanguage
import AnisTensor
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Loop iterations and calls one input may perform before it is stopped.
let fuzzStepBudget = 100_000

/// Runs one input the way the fuzzer does; Diagnostics are expected and dropped.
/// Largest tensor one input may allocate: legal multi-gigabyte tensors would only
/// make the fuzzer time out while memory is filled.
let fuzzMaxElements = 4_000_000

/// What the input is fed to (`ANIS_FUZZ_TARGET`): `lang` (a program, the default), `npy`
/// (the bytes of a .npy file), `csv` (a CSV file), `plot` (the options of a plot call:
/// `show(plot(...))`, `hist` and `heatmap` with the input as their keyword arguments).
let fuzzTarget = ProcessInfo.processInfo.environment["ANIS_FUZZ_TARGET"] ?? "lang"

func runFuzzInput(_ bytes: UnsafeBufferPointer<UInt8>) {
    Tensor.setMaxElements(fuzzMaxElements)
    switch fuzzTarget {
    case "npy": _ = try? NPY.decode(Array(bytes), name: "<fuzz>")
    case "csv": _ = try? CSV.parse(Array(bytes), name: "<fuzz>")
    case "plot":
        let options = String(decoding: bytes, as: UTF8.self)
        runSource("p = plot([1, 3, 2], [0, 1, 2], \(options))\nshow(p)\nshow(hist(randn(50), \(options)))\n"
                  + "show(heatmap(randn(3, 4), \(options)))")
    default: runSource(String(decoding: bytes, as: UTF8.self))
    }
}

private func runSource(_ source: String) {
    let session = Session(output: { _ in })
    session.stepBudget = fuzzStepBudget
    _ = try? session.run(source, file: "<fuzz>")
}



#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    runFuzzInput(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else

@main
struct AnisFuzzReplay {
    static func main() {
        var paths = Array(CommandLine.arguments.dropFirst())
        if paths.first == "--check" {
            paths.removeFirst()
            exit(AdversarialCheck.run(paths))
        }
        if paths.isEmpty || paths.contains("-h") || paths.contains("--help") {
            let usage = """
                usage: anis-fuzz FILE...
                       anis-fuzz --check FILE...
                Runs each file through a fresh anis Session (step budget \(fuzzStepBudget)), as the
                fuzzer does. Prints nothing on success; a crash reproduces the fuzzer's finding.
                To fuzz, use scripts/fuzz.sh. --check reports each file's outcome on stdout
                (for scripts/adversarial.py; see AdversarialCheck.swift).

                """
            FileHandle.standardError.write(Data(usage.utf8))
            exit(paths.isEmpty ? 2 : 0)
        }
        var status: Int32 = 0
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("anis-fuzz: cannot read \(path)\n".utf8))
                status = 1
                continue
            }
            data.withUnsafeBytes { raw in
                runFuzzInput(raw.bindMemory(to: UInt8.self))
            }
        }
        exit(status)
    }
}
#endif
