// ProgressBar: a tqdm-style bar on stderr, drawn only when stderr is a terminal:
// `train 45%|█████▍      | 450/1000 [00:02<00:03, 210.5 it/s] loss 0.25`.
// Redraws at most 10 times a second; `finish` leaves the final bar on its own line.
// Used by `progress(xs)` for user loops and by train_autoencoder.
import Glibc

public final class ProgressBar: @unchecked Sendable {  // drawn from one thread at a time
    public let total: Int?
    public let label: String
    public let unit: String
    /// Off a terminal the bar draws nothing (logs stay clean).
    public let enabled: Bool
    private let start: Double
    private var lastDraw = -1.0
    private var finished = false

    public init(total: Int?, label: String = "", unit: String = "it", enabled: Bool = isatty(2) == 1) {
        self.total = total
        self.label = label
        self.unit = unit
        self.enabled = enabled
        self.start = ProgressBar.now()
    }

    /// Seconds on the monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Redraws with `done` items finished, unless the last draw was under 0.1 s ago.
    public func update(_ done: Int, note: String = "") {
        guard enabled, !finished else { return }
        let t = ProgressBar.now()
        if t - lastDraw < 0.1 { return }
        lastDraw = t
        write("\r" + ProgressBar.line(done: done, total: total, elapsed: t - start, width: ProgressBar.columns(),
                                      label: label, unit: unit, note: note) + "\u{1B}[K")
    }

    /// Draws the final state and ends the line.
    public func finish(_ done: Int, note: String = "") {
        guard enabled, !finished else { return }
        finished = true
        write("\r" + ProgressBar.line(done: done, total: total, elapsed: ProgressBar.now() - start, width: ProgressBar.columns(),
                                      label: label, unit: unit, note: note) + "\u{1B}[K\n")
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            offset += n
        }
    }

    /// Columns of the terminal on stderr (80 when unknown).
    static func columns() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// One bar line fitted to `width` columns: label, percentage, bar, count, elapsed<remaining, rate, note.
    public static func line(done: Int, total: Int?, elapsed: Double, width: Int, label: String, unit: String, note: String) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let rateText = rate >= 100 ? "\(Int(rate.rounded())) \(unit)/s" : "\(oneDecimal(rate)) \(unit)/s"
        let head = label.isEmpty ? "" : label + " "
        let tail = note.isEmpty ? "" : " " + note
        guard let total, total > 0 else {
            return clip(head + "\(done) \(unit) [\(clock(elapsed)), \(rateText)]" + tail, width)
        }
        let fraction = min(1, Double(done) / Double(total))
        let remaining = rate > 0 ? Double(total - min(done, total)) / rate : 0
        let percent = String(Int((fraction * 100).rounded(.down)))
        let stats = "| \(done)/\(total) [\(clock(elapsed))<\(clock(remaining)), \(rateText)]" + tail
        let prefix = head + String(repeating: " ", count: max(0, 3 - percent.count)) + percent + "%|"
        let barWidth = max(0, min(40, width - prefix.count - stats.count - 1))
        return clip(prefix + bar(fraction, width: barWidth) + stats, width)
    }

    /// Eighth-block bar: `█████▍    `.
    static func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int((fraction * Double(width) * 8).rounded(.down))
        let full = min(width, eighths / 8)
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let partial = full < width ? partials[eighths % 8] : ""
        let used = full + (partial.isEmpty ? 0 : 1)
        return String(repeating: "█", count: full) + partial + String(repeating: " ", count: max(0, width - used))
    }

    /// `01:05`, or `1:02:03` past an hour.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.isFinite ? seconds.rounded() : 0))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(two(s / 60)):\(two(s % 60))"
    }

    private static func oneDecimal(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count < width ? text : String(text.prefix(max(1, width - 1)))
    }
}
