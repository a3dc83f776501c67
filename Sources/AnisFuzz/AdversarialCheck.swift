// AdversarialCheck: `anis-fuzz --check FILE...`, the in-process runner behind
// scripts/adversarial.py. Each file runs in a fresh Session under the fuzzer's limits
// (step budget, tensor size), and one line per file says how it ended:
//   start PATH             before it runs (so a crash names its input)
//   ok PATH                it ran
//   error PATH L:C         it stopped with a located Diagnostic
//   UNLOCATED PATH MSG     it stopped with a Diagnostic lacking a line or its source text
//   HANG PATH              it ran longer than the watchdog allows (the process then exits 3)
// Output is flushed after every line; a crash ends the process after its `start` line.
#if !FUZZING
import AnisLanguage
import AnisTensor
import Foundation
import Synchronization

enum AdversarialCheck {
    /// Seconds one input may run before it counts as a hang.
    static let limit = Double(ProcessInfo.processInfo.environment["ANIS_CHECK_TIMEOUT"] ?? "") ?? 20
    /// The input now running, its start time (seconds since 1970) and its generation.
    private static let started = Atomic<Int>(0)
    nonisolated(unsafe) private static var current = ""

    static func run(_ paths: [String]) -> Int32 {
        Tensor.setMaxElements(fuzzMaxElements)
        let watchdog = Thread {
            while true {
                Thread.sleep(forTimeInterval: 0.25)
                let t = started.load(ordering: .acquiring)
                if t > 0, Int(Date().timeIntervalSince1970) - t > Int(limit) {
                    say("HANG \(current)")
                    exit(3)
                }
            }
        }
        watchdog.start()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { say("UNREADABLE \(path)"); continue }
            current = path
            say("start \(path)")
            started.store(Int(Date().timeIntervalSince1970), ordering: .releasing)
            let session = Session(output: { _ in })
            session.stepBudget = fuzzStepBudget
            do {
                _ = try session.run(String(decoding: data, as: UTF8.self), file: path)
                say("ok \(path)")
            } catch {
                if error.line >= 1, !error.sourceLine.isEmpty {
                    say("error \(path) \(error.line):\(error.column)")
                } else {
                    say("UNLOCATED \(path) \(error.message.prefix(200).replacingOccurrences(of: "\n", with: " "))")
                }
            }
            started.store(0, ordering: .releasing)
        }
        return 0
    }

    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
#endif
