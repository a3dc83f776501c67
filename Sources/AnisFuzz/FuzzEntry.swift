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
// Like the `anis` command line (Sources/anis/InterpreterThread.swift), inputs run
// on a thread with a big stack, so deep recursion meets the language's own
// call-depth limit (a Diagnostic) rather than overflowing an 8 MB stack.
import AnisLanguage
#if canImport(Glibc)
import Glibc
#endif

/// Loop iterations and calls one input may perform before it is stopped.
let fuzzStepBudget = 100_000

/// Runs one input the way the fuzzer does; Diagnostics are expected and dropped.
func runFuzzInput(_ bytes: UnsafeBufferPointer<UInt8>) {
    let source = String(decoding: bytes, as: UTF8.self)
    runOnBigStack {
        let session = Session(output: { _ in })
        session.stepBudget = fuzzStepBudget
        _ = try? session.run(source, file: "<fuzz>")
    }
}

/// Runs `body` on the big-stack worker thread and waits for it (on this thread
/// when no such thread could be made, e.g. under a tight `ulimit -v`).
func runOnBigStack(_ body: @escaping () -> Void) {
    #if canImport(Glibc)
    if let worker = BigStackWorker.shared {
        worker.run(body)
        return
    }
    #endif
    body()
}

#if canImport(Glibc)
/// One long-lived thread with a large stack (reserved, not committed) that runs
/// jobs handed to it one at a time. Made once, because a fresh 1 GiB thread per
/// input costs the fuzzer a good part of its speed.
final class BigStackWorker: @unchecked Sendable {
    // @unchecked: `job` is written by the caller before `start` is posted and read
    // by the worker after it waits on `start`; the semaphores order every access.
    static let shared: BigStackWorker? = BigStackWorker()

    private let start = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    private var job: (() -> Void)?

    private init?() {
        guard sem_init(start, 0, 0) == 0, sem_init(done, 0, 0) == 0 else { return nil }
        for size in [1 << 30, 256 << 20, 64 << 20] {
            var attr = pthread_attr_t()
            guard pthread_attr_init(&attr) == 0 else { break }
            defer { pthread_attr_destroy(&attr) }
            guard pthread_attr_setstacksize(&attr, size) == 0 else { continue }
            var thread = pthread_t()
            // The worker never exits, so it keeps its reference for good.
            let context = Unmanaged.passRetained(self).toOpaque()
            if pthread_create(&thread, &attr, bigStackWorkerEntry, context) == 0 {
                pthread_detach(thread)
                return
            }
            Unmanaged<BigStackWorker>.fromOpaque(context).release()
        }
        return nil
    }

    /// Runs `body` on the worker thread; returns when it has finished.
    func run(_ body: @escaping () -> Void) {
        job = body
        sem_post(start)
        while sem_wait(done) != 0 {}   // retry on EINTR (libFuzzer's timers use signals)
    }

    fileprivate func loop() -> Never {
        while true {
            while sem_wait(start) != 0 {}
            job?()
            job = nil
            sem_post(done)
        }
    }
}

private let bigStackWorkerEntry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
    guard let context else { return nil }
    Unmanaged<BigStackWorker>.fromOpaque(context).takeUnretainedValue().loop()
}
#endif

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    runFuzzInput(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
import Foundation

@main
struct AnisFuzzReplay {
    static func main() {
        let paths = Array(CommandLine.arguments.dropFirst())
        if paths.isEmpty || paths.contains("-h") || paths.contains("--help") {
            let usage = """
                usage: anis-fuzz FILE...
                Runs each file through a fresh anis Session (step budget \(fuzzStepBudget)), as the
                fuzzer does. Prints nothing on success; a crash reproduces the fuzzer's finding.
                To fuzz, use scripts/fuzz.sh.

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
