// BuildInfoTests: the commit is read from a repository's files (loose refs, packed
// refs, worktrees, detached HEAD), and a tree without .git (a tarball) says nothing.
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct BuildInfoTests {
    static let hash = "0123456789abcdef0123456789abcdef01234567"
    static let other = "fedcba9876543210fedcba9876543210fedcba98"

    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anis-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func looseAndPackedRefsAndDetachedHead() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("ref: refs/heads/main\n", root + "/.git/HEAD")
        #expect(GitHead(root: root) == nil)                    // the branch has no commit yet
        try Self.write("# pack-refs\n\(Self.other) refs/heads/main\n", root + "/.git/packed-refs")
        #expect(GitHead(root: root)?.commit == Self.other)
        try Self.write(Self.hash + "\n", root + "/.git/refs/heads/main")
        #expect(GitHead(root: root)?.commit == Self.hash)      // a loose ref wins over packed-refs
        try Self.write(Self.other + "\n", root + "/.git/HEAD")
        #expect(GitHead(root: root)?.commit == Self.other)     // detached
    }

    @Test func worktreeFollowsGitdirAndCommondir() throws {
        let main = try Self.folder(), tree = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: main); try? FileManager.default.removeItem(atPath: tree) }
        try Self.write(Self.hash + "\n", main + "/.git/refs/heads/feature")
        try Self.write("ref: refs/heads/feature\n", main + "/.git/worktrees/feature/HEAD")
        try Self.write("../..\n", main + "/.git/worktrees/feature/commondir")
        try Self.write("gitdir: \(main)/.git/worktrees/feature\n", tree + "/.git")
        #expect(GitHead(root: tree)?.commit == Self.hash)
    }

    @Test func aTarballHasNoCommit() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("// swift-tools-version: 6.0\n", root + "/Package.swift")
        #expect(GitHead(root: root) == nil)
        #expect(BuildInfo.packageRoot(of: root + "/.build/x86_64-unknown-linux-gnu/release/anis") == root)
        #expect(BuildInfo.packageRoot(of: "/usr/local/bin/anis") == nil)   // installed: no guessing
    }
}
