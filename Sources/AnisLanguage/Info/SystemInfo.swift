// SystemInfo: what a maintainer needs to know about the machine to reproduce a
// report: the OS, the CPU model and the LAPACK actually loaded. Read from /proc,
// /etc/os-release and the dynamic linker; every field falls back to "unknown".
import AnisTensor
#if canImport(Glibc)
import Glibc
#endif

enum SystemInfo {
    /// "Debian GNU/Linux 12 (bookworm), Linux 6.1.0 x86_64".
    static var os: String {
        var u = utsname()
        var kernel = "unknown"
        if uname(&u) == 0 {
            kernel = "\(field(&u.sysname)) \(field(&u.release)) \(field(&u.machine))"
        }
        guard let release = try? TextFile.read("/etc/os-release"),
              let pretty = keyValue(release, key: "PRETTY_NAME", separator: "=") else { return kernel }
        return "\(pretty.trimmingCharacters(of: "\"")), \(kernel)"
    }

    /// The CPU's model name from /proc/cpuinfo, and the number of online cores.
    static var cpu: String {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let text = procText("/proc/cpuinfo") ?? ""
        let model = keyValue(text, key: "model name", separator: ":")
            ?? keyValue(text, key: "Hardware", separator: ":")
            ?? "unknown CPU"
        return "\(model), \(cores) cores"
    }

    /// "LAPACK 3.11.0 (/usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3)": the
    /// version ILAVER reports and the file the linker loaded it from.
    static var lapack: String {
        typealias ILAVER = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Void
        // OpenBLAS and LAPACKE are opened on first use, with local symbols: open them, then
        // look ILAVER up in the LAPACK they brought in (without loading anything new).
        guard case .success = BLASLoader.load() else { return "unknown (BLAS not loaded)" }
        let names: [String] = ["liblapack.so.3", "libopenblas.so.0"]
        let handles = names.compactMap { name in dlopen(name, RTLD_LAZY | RTLD_NOLOAD) }
        defer { for h in handles { dlclose(h) } }
        guard let symbol = (handles + [UnsafeMutableRawPointer(bitPattern: 0)]).lazy
            .compactMap({ dlsym($0, "ilaver_") }).first else { return "unknown" }
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        unsafeBitCast(symbol, to: ILAVER.self)(&major, &minor, &patch)
        var out = "LAPACK \(major).\(minor).\(patch)"
        if let path = mappedFile(containing: UInt(bitPattern: symbol)) {
            if let real = realpath(path, nil) {
                out += " (\(String(cString: real)))"
                free(real)
            } else {
                out += " (\(path))"
            }
        }
        return out
    }

    /// The file mapped at `address`, from /proc/self/maps ("start-end perms offset dev inode path").
    private static func mappedFile(containing address: UInt) -> String? {
        guard let maps = procText("/proc/self/maps") else { return nil }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let lo = UInt(range[0], radix: 16), let hi = UInt(range[1], radix: 16),
                  lo <= address, address < hi else { continue }
            let path = fields[5].trimmingWhitespaceAndNewlines
            return path.hasPrefix("/") ? path : nil
        }
        return nil
    }

    /// A /proc file's text: read to its end, since /proc files report a size of 0.
    private static func procText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < 1 << 24 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { bytes += chunk[0..<n]; continue }
            if n < 0, errno == EINTR { continue }
            break
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of the first `key SEPARATOR value` line.
    private static func keyValue(_ text: String, key: String, separator: Character) -> String? {
        for line in text.split(separator: "\n") {
            guard let i = line.firstIndex(of: separator) else { continue }
            if line[..<i].trimmingWhitespaceAndNewlines == key {
                return line[line.index(after: i)...].trimmingWhitespaceAndNewlines
            }
        }
        return nil
    }

    private static func field<T>(_ tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(of c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s = s.dropFirst() }
        while s.last == c { s = s.dropLast() }
        return String(s)
    }
}
