// BuildInfo: anis's version, and the git commit of the source tree it was built
// from. SwiftPM has no build-time hook short of a plugin, so the commit is read at
// run time, without running git: from the `.git` beside the `.build` folder that
// holds the executable (worktrees and packed refs included). A build from a
// tarball, or an executable copied elsewhere, has no such folder and says "unknown"
// rather than guessing from whatever repository happens to surround it.
import AnisTensor
#if canImport(Glibc)
import Glibc
#endif

public enum BuildInfo {
    public static let version = "0.1.0"

    /// The full commit hash of the source tree, or nil when it cannot be found.
    public static let commit: String? = {
        guard let root = packageRoot(of: executablePath()) else { return nil }
        return GitHead(root: root)?.commit
    }()

    /// `d1e5521` or `unknown`.
    public static var shortCommit: String { commit.map { String($0.prefix(12)) } ?? "unknown" }

    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "" }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The folder above the `.build` folder the executable lives in, when it has Package.swift.
    static func packageRoot(of executable: String) -> String? {
        var parts = executable.split(separator: "/").map(String.init)
        guard let buildIndex = parts.lastIndex(of: ".build") else { return nil }
        parts = Array(parts[..<buildIndex])
        let root = "/" + parts.joined(separator: "/")
        guard access(root + "/Package.swift", R_OK) == 0 else { return nil }
        return root
    }
}

/// Reads HEAD's commit from a repository's files (no git process).
struct GitHead {
    let commit: String

    init?(root: String) {
        let dotGit = root + "/.git"
        var gitDir = dotGit
        if let file = Self.text(dotGit) {
            // In a worktree `.git` is a file: "gitdir: /path/to/main/.git/worktrees/NAME".
            guard file.hasPrefix("gitdir:") else { return nil }
            let target = file.dropFirst("gitdir:".count).trimmingWhitespaceAndNewlines
            gitDir = target.hasPrefix("/") ? target : root + "/" + target
        } else if Self.directory(dotGit) == nil {
            return nil
        }
        // Shared refs live in the common folder (named by `commondir` in a worktree).
        var common = gitDir
        if let c = Self.text(gitDir + "/commondir") {
            common = c.hasPrefix("/") ? c : gitDir + "/" + c
        }
        guard let head = Self.text(gitDir + "/HEAD") else { return nil }
        guard head.hasPrefix("ref:") else {
            guard Self.isHash(head) else { return nil }
            commit = head
            return
        }
        let ref = head.dropFirst("ref:".count).trimmingWhitespaceAndNewlines
        if let loose = Self.text(gitDir + "/" + ref) ?? Self.text(common + "/" + ref), Self.isHash(loose) {
            commit = loose
            return
        }
        // Packed refs: "<hash> <refname>" lines.
        guard let packed = Self.text(common + "/packed-refs") else { return nil }
        for line in packed.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[1] == ref, Self.isHash(String(fields[0])) {
                commit = String(fields[0])
                return
            }
        }
        return nil
    }

    /// A small file's text without its trailing newline; nil if it is not a readable file.
    private static func text(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 1 << 24,
              let s = try? TextFile.read(path) else { return nil }
        return s.trimmingWhitespaceAndNewlines
    }

    private static func directory(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return path
    }

    private static func isHash(_ s: String) -> Bool {
        (s.count == 40 || s.count == 64) && s.allSatisfy { $0.isHexDigit }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CRs and newlines.
    var trimmingWhitespaceAndNewlines: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
