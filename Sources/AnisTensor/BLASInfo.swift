// BLASInfo: what the BLAS says about itself (library and build, the kernel core it
// runs and how that was chosen, its threads), for `anis --version` and
// `session_info()`. Reading config, coreName or threads loads the library.
import CLinearAlgebra

public enum BLASInfo {
    /// The library's configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64",
    /// or why it could not be loaded.
    public static var config: String {
        if case .failure(let e) = BLASLoader.load() { return e.message }
        guard let c = anis_blas_config() else { return "OpenBLAS" }
        return String(cString: c)
    }

    /// The kernel core OpenBLAS runs, e.g. "Haswell" or "SkylakeX".
    public static var coreName: String {
        guard case .success = BLASLoader.load(), let c = anis_blas_corename() else { return "unknown" }
        return String(cString: c)
    }

    /// How the core was chosen, e.g. "auto (CPU: GenuineIntel, AVX-512)" or
    /// "OPENBLAS_CORETYPE=Haswell set by user". Does not load the library.
    public static var coreChoice: String {
        switch BLASLoader.coreSource {
        case .user(let name): return "OPENBLAS_CORETYPE=\(name) set by user"
        case .chosen(_, let cpu): return "auto (CPU: \(cpu))"
        case .library(let cpu): return "library's own detection (CPU: \(cpu))"
        }
    }

    /// The most threads a BLAS call may use (large calls; smaller ones run on one, see `threadRule`).
    public static var threads: Int {
        guard case .success = BLASLoader.load() else { return 1 }
        return Int(anis_blas_library_threads())
    }

    /// The per-call thread rule in words. Matrix products (gemm) never use the library's
    /// threads: they run in blocks over the loop threads (CLinearAlgebra's gemm.c).
    public static var threadRule: String {
        let rest = BLASLoader.userSetThreads ? "fixed by the environment"
            : "1 below \(Int(BLASLoader.singleThreadBelowFlops / 1e6)) MFLOP per call"
        return "products: blocks over the loop threads; other calls: \(rest)"
    }

    /// Caps the threads of every BLAS call (0: no cap) and returns the previous cap: a
    /// sweep's cells run with 1, so their sums do not depend on where they ran.
    public static func capThreads(_ cap: Int) -> Int { Int(anis_blas_cap_threads(Int32(cap))) }
}
