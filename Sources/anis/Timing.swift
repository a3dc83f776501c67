// Timing: wall-clock measurement for `:time` (one run) and `:timeit` (IPython's
// %timeit: loops of runs sized to last about 0.2 s each, repeated, reported as
// mean ± standard deviation of the time per run).
import Glibc
import AnisLanguage

/// Monotonic wall-clock time.
enum Clock {
    /// Nanoseconds on CLOCK_MONOTONIC.
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// `812 µs`, `12.345 ms`, `3.210 s`.
    static func format(_ nanoseconds: UInt64) -> String {
        let ns = Double(nanoseconds)
        if ns < 1e6 { return "\(Int((ns / 1e3).rounded())) µs" }
        if ns < 1e9 { return fixed(ns / 1e6) + " ms" }
        return fixed(ns / 1e9) + " s"
    }

    /// `1.23 ms`: three significant digits, for means and spreads.
    static func short(_ nanoseconds: Double) -> String {
        let (value, unit): (Double, String) = nanoseconds < 1e3 ? (nanoseconds, "ns")
            : nanoseconds < 1e6 ? (nanoseconds / 1e3, "µs") : nanoseconds < 1e9 ? (nanoseconds / 1e6, "ms") : (nanoseconds / 1e9, "s")
        let decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var scaled = Int((value * pow(10, Double(decimals))).rounded())
        var digits = ""
        for _ in 0..<decimals { digits = String(scaled % 10) + digits; scaled /= 10 }
        return decimals == 0 ? "\(scaled) \(unit)" : "\(scaled).\(digits) \(unit)"
    }

    /// Three decimals without Foundation's String(format:).
    private static func fixed(_ x: Double) -> String {
        let thousandths = Int((x * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// `:timeit`'s plan and report.
enum TimeIt {
    /// Compiles `code` once, runs it once to size the loops (its output shown), then
    /// times `repeats` loops with output discarded; returns the report line.
    static func measure(_ code: String, file: String, in session: Session) throws(Diagnostic) -> String {
        let run = try session.prepare(code, file: file)
        var start = Clock.now()
        _ = try run()
        let first = Clock.now() - start
        let loops = loops(firstRun: first)
        var perLoop: [Double] = []
        for _ in 0..<repeats(firstRun: first) {
            start = Clock.now()
            for _ in 0..<loops { _ = try session.quietly(run) }
            perLoop.append(Double(Clock.now() - start) / Double(loops))
        }
        return report(perLoop: perLoop, loops: loops)
    }

    /// Runs per timed loop: the smallest power of ten whose loop lasts at least 0.2 s,
    /// judged from one untimed first run (as IPython does).
    static func loops(firstRun nanoseconds: UInt64) -> Int {
        var loops = 1
        while loops < 1_000_000, Double(loops) * Double(max(nanoseconds, 1)) < 2e8 { loops *= 10 }
        return loops
    }

    /// Loops timed: 7, fewer when one run is slow (so a 5-second call is not run 35 s more).
    static func repeats(firstRun nanoseconds: UInt64) -> Int {
        nanoseconds > 2_000_000_000 ? 3 : 7
    }

    /// IPython's words: `1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 100 loops each)`,
    /// where a "run" is one timed batch of `loops` executions. `times` are per execution.
    static func report(perLoop times: [Double], loops: Int) -> String {
        let n = Double(times.count)
        let mean = times.reduce(0, +) / n
        let variance = times.count > 1 ? times.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let runWord = times.count == 1 ? "run" : "runs", loopWord = loops == 1 ? "loop" : "loops"
        return "\(Clock.short(mean)) ± \(Clock.short(variance.squareRoot())) per loop"
            + " (mean ± std. dev. of \(times.count) \(runWord), \(loops) \(loopWord) each)\n"
    }
}
