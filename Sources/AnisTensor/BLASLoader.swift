// BLASLoader: what anis decides just before OpenBLAS is loaded (on the first BLAS or
// LAPACK call, see CLinearAlgebra.h): the kernel core and the thread rule.
import CLinearAlgebra
import Glibc

public enum BLASLoader {
    /// How the core was chosen, for `anis --version` and `session_info()`.
    public enum CoreSource: Equatable, Sendable {
        /// The user's OPENBLAS_CORETYPE, passed through untouched.
        case user(String)
        /// anis set OPENBLAS_CORETYPE to this core for the CPU described.
        case chosen(String, cpu: String)
        /// Left to the library's own detection (nothing better known for this CPU).
        case library(cpu: String)
    }

    /// Calls smaller than this many floating-point operations (10 MFLOP: an `svd` of about
    /// 170×170, a 170³ product's worth) run on one thread. (Products themselves never use the
    /// library's threads: gemm.c runs them in blocks over anis's pool.) Waking the pool costs
    /// tens of microseconds and the woken workers then spin in sched_yield, which is where
    /// the system time of small multi-threaded products goes; below this size a split
    /// cannot win that back. scripts/bench_threads.sh measures the break-even (on the
    /// shared 2-core development machine the second thread never paid up to n = 384).
    public static let singleThreadBelowFlops = 1e7

    /// The environment variables through which OpenBLAS (pthread build) takes a thread count.
    static let threadVariables = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"]

    public static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// The CPU as the identification registers describe it.
    public static let cpu: CPUDescription = {
        var probe = anis_cpu_probe()
        anis_probe_cpu(&probe)
        if probe.isX86 != 0 {
            let vendor = withUnsafeBytes(of: probe.vendor) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            return CPUDescription(leaf1ECX: probe.leaf1ECX, leaf1EDX: probe.leaf1EDX, leaf7EBX: probe.leaf7EBX,
                                  leaf7ECX: probe.leaf7ECX, leaf7s1EAX: probe.leaf7s1EAX, ext1ECX: probe.ext1ECX,
                                  xcr0: probe.xcr0, vendor: vendor)
        }
        if probe.isARM64 != 0 { return CPUDescription(hwcap: probe.hwcap) }
        return CPUDescription(architecture: .other, vendor: "", features: [])
    }()

    /// The decision, made once; reading it does not load the library.
    public static let coreSource: CoreSource = {
        if let user = environment("OPENBLAS_CORETYPE") { return .user(user) }
        guard let core = BLASCore.choose(for: cpu) else { return .library(cpu: cpu.summary) }
        return .chosen(core, cpu: cpu.summary)
    }()

    /// True when the user fixed the thread count; the size rule then stays off.
    public static var userSetThreads: Bool { threadVariables.contains { environment($0) != nil } }

    /// Applies the decision to the process environment (OpenBLAS reads it in its load-time
    /// constructor) and sets the thread rule. Runs on the first BLAS call, under the
    /// loader's once-lock, before any OpenBLAS thread exists.
    static func prepare() {
        if case .chosen(let core, _) = coreSource { setenv("OPENBLAS_CORETYPE", core, 1) }
        anis_blas_set_thread_rule(userSetThreads ? 0 : 1, singleThreadBelowFlops)
    }

    /// Loads the library now (no-op when loaded); false with the reason when it cannot be.
    public static func load() -> Result<Void, TensorError> {
        if anis_blas_load() == 0 { return .success(()) }
        return .failure(TensorError(String(cString: anis_blas_load_error())))
    }
}

/// Called by the C loader just before it opens the library.
@_cdecl("anis_blas_prepare")
func anisBLASPrepare() { BLASLoader.prepare() }
