// Builtins+Progress: `progress(xs)` wraps anything a for loop can iterate over and
// draws a tqdm-style bar (count, rate, elapsed and remaining time) on stderr while
// the loop runs — only when stderr is a terminal, so logs and pipes stay clean.
import Glibc
import AnisTensor

/// An object a for loop reports its iterations to (`progress(xs)`).
protocol LoopObserver: AnyObject {
    /// The elements to iterate over.
    var elements: [Value] { get }
    func loopStarted()
    func loopAdvanced(_ done: Int)
    /// Called however the loop ends: completion, break, error or Ctrl-C.
    func loopEnded(_ done: Int)
}

final class ProgressValue: AnisObject, LoopObserver {
    let elements: [Value]
    let label: String
    private let enabled: Bool
    private var bar: ProgressBar?

    init(elements: [Value], label: String, enabled: Bool) {
        self.elements = elements
        self.label = label
        self.enabled = enabled
    }

    var typeName: String { "progress" }
    func render(_ session: Interpreter) -> String { "<progress over \(elements.count) items>" }

    func loopStarted() { bar = ProgressBar(total: elements.count, label: label, enabled: enabled) }
    func loopAdvanced(_ done: Int) { bar?.update(done) }
    func loopEnded(_ done: Int) {
        bar?.finish(done)
        bar = nil
    }
}

extension Builtins {
    static let progressBuiltins: [Builtin] = [
        Builtin("progress", "xs, label: \"\"", topic: .functional,
                doc: "Wraps a range, list, tensor or string for a for loop and shows a progress bar on stderr while the loop runs: percentage, count, elapsed<remaining time and rate (like Python's tqdm). Nothing is drawn when stderr is not a terminal. The bar stays on screen when the loop ends, and says how far an interrupted loop got.",
                example: "W = ones(3); g = [0.1, 0.2, 0.3]\nfor step in progress(0:1000, label: \"train\") { W -= 0.01 * g }") { a in
            let value = try a.value(0)
            guard let elements = value.iterated() else {
                throw a.fail(0, "must be something a for loop can iterate over, got \(value.typeDescription)")
            }
            // Not in a sweep's worker processes: the sweep draws the one bar.
            return .object(ProgressValue(elements: elements, label: try a.string(1), enabled: isatty(2) == 1 && !a.interpreter.isSweepWorker))
        },
    ]
}
