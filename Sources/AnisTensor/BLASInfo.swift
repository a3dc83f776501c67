// BLASInfo: what the linked BLAS says about itself (library and build, the kernel
// core it runs, its thread count), for `anis --version` and `session_info()`.
import CLinearAlgebra

public enum BLASInfo {
    /// The library's configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64".
    public static var config: String {
        guard let c = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: c)
    }

    /// The kernel core OpenBLAS chose (or was told to use), e.g. "Haswell" or "SkylakeX".
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "unknown" }
        return String(cString: c)
    }

    /// The number of threads BLAS calls may use.
    public static var threads: Int { Int(anis_openblas_get_num_threads()) }

    /// Sets the number of threads BLAS calls may use (a sweep worker process uses 1).
    public static func setThreads(_ n: Int) { anis_openblas_set_num_threads(Int32(max(1, n))) }
}
