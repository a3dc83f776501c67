// SessionInfo: everything that decides what a snippet prints, gathered in one place
// for `session_info()`, `anis --version --verbose` and the footer of a reprex.
import AnisTensor

public struct SessionInfo {
    /// (name, value) in display order.
    public let fields: [(String, String)]

    /// The session's details: version, commit, random stream and seed, BLAS, LAPACK, OS, CPU.
    /// `seed` is nil outside a session (`anis --version --verbose`).
    public init(seed: UInt64?) {
        var f: [(String, String)] = [
            ("anis", BuildInfo.version),
            ("commit", BuildInfo.commit ?? "unknown"),
            ("random_stream", "\(PCG64.streamName) (PCG64 seeded by SplitMix64; polar normals)"),
        ]
        if let seed { f.append(("seed", String(seed))) }
        f += [
            ("blas", BLASInfo.config),
            ("blas_core", BLASInfo.coreName),
            ("blas_core_choice", BLASInfo.coreChoice),
            ("blas_threads", String(BLASInfo.threads)),
            ("blas_thread_rule", BLASInfo.threadRule),
            ("loop_threads", String(Parallel.width)),
            ("lapack", SystemInfo.lapack),
            ("os", SystemInfo.os),
            ("cpu", SystemInfo.cpu),
        ]
        fields = f
    }

    /// `name: value` lines, names padded to one width.
    public var text: String {
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 + "\n" }.joined()
    }

    /// The record `session_info()` returns (numbers stay numbers).
    var record: Value {
        .record(Record(fields.map { key, value in
            if key == "seed" || key == "blas_threads" || key == "loop_threads", let d = Double(value) { return (key, .number(d)) }
            return (key, .string(value))
        }))
    }
}
