// SweepProgress: one line on stderr, redrawn in place at most 5 times a second,
//   sweep ████████░░░░░░░░  23/64 cells  0:12 elapsed  ETA 0:21
// drawn only when the host says stderr is a terminal (SweepSettings.progress).
import Foundation
import Glibc

struct SweepProgress {
    let total: Int
    let enabled: Bool
    private(set) var finished = 0
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    mutating func advance() {
        finished += 1
        draw()
    }

    mutating func draw() {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.2 || finished == total else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(start)
        let width = 24, filled = total > 0 ? width * finished / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let eta = finished > 0 ? "  ETA " + SweepProgress.clock(elapsed / Double(finished) * Double(total - finished)) : ""
        SweepProgress.write("\r\u{1B}[Ksweep \(bar) \(finished)/\(total) cells  \(SweepProgress.clock(elapsed)) elapsed\(eta)")
        drawn = true
    }

    /// Erases the line (before an error report, and when the sweep ends).
    mutating func clear() {
        guard drawn else { return }
        SweepProgress.write("\r\u{1B}[K")
        drawn = false
        lastDraw = .distantPast
    }

    /// Straight to file descriptor 2 (unbuffered), so the bar appears at once.
    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let h = s / 3600, m = (s % 3600) / 60, r = s % 60
        let mm = h > 0 && m < 10 ? "0\(m)" : "\(m)"
        return (h > 0 ? "\(h):" : "") + mm + ":" + (r < 10 ? "0\(r)" : "\(r)")
    }
}
