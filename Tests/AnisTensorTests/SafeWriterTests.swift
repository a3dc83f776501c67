// SafeWriterTests: writing never damages what is at the path (links are followed,
// devices and FIFOs are written through or refused, never renamed over), every write
// error is reported, and no temporary file is left; reading a FIFO can be interrupted.
import Foundation
import Testing
@testable import AnisTensor

@Suite(.serialized) struct SafeWriterTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "anis-safewriter-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func kind(_ path: String) -> mode_t { var st = stat(); lstat(path, &st); return st.st_mode & S_IFMT }
    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

    @Test func replacesARegularFileWholeAndLeavesNoTemporary() throws {
        try TextFile.write("old text that is longer", to: dir + "/a.txt")
        try TextFile.write("new", to: dir + "/a.txt")
        #expect(contents(dir + "/a.txt") == "new")
        #expect(names() == ["a.txt"])
    }

    @Test func keepsThePermissionBitsOfTheReplacedFile() throws {
        try TextFile.write("x", to: dir + "/p.txt")
        chmod(dir + "/p.txt", 0o600)
        try TextFile.write("y", to: dir + "/p.txt")
        var st = stat()
        stat(dir + "/p.txt", &st)
        #expect(st.st_mode & 0o777 == 0o600)
    }

    @Test func followsASymlinkAndReplacesItsTarget() throws {
        try TextFile.write("target", to: dir + "/t.txt")
        symlink("t.txt", dir + "/link")
        try TextFile.write("through the link", to: dir + "/link")
        #expect(kind(dir + "/link") == S_IFLNK)
        #expect(contents(dir + "/t.txt") == "through the link")
        symlink("made.txt", dir + "/dangling")  // a dangling link's target is created
        try TextFile.write("made", to: dir + "/dangling")
        #expect(kind(dir + "/dangling") == S_IFLNK)
        #expect(contents(dir + "/made.txt") == "made")
    }

    @Test func refusesAFIFOWithoutAReaderAndLeavesItAFIFO() throws {
        #expect(mkfifo(dir + "/fifo", 0o644) == 0)
        #expect(throws: TensorError("write_text: \(dir)/fifo: is a FIFO that no process is reading")) {
            try TextFile.write("x", to: dir + "/fifo")
        }
        #expect(kind(dir + "/fifo") == S_IFIFO)
    }

    @Test func writesThroughACharacterDeviceAndReportsItsErrors() throws {
        try TextFile.write("discarded", to: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
        if FileManager.default.fileExists(atPath: "/dev/full") {  // Linux: every write fails with ENOSPC
            #expect(throws: TensorError("save: /dev/full: \(String(cString: strerror(ENOSPC)))")) {
                try NPY.save(Tensor([1, 2]), to: "/dev/full")
            }
            #expect(kind("/dev/full") == S_IFCHR)
        }
    }

    @Test func refusesAPathWithANulCharacter() throws {
        #expect(throws: TensorError("write_text: \(dir)/a\\0b: the path contains a NUL character")) {
            try TextFile.write("x", to: dir + "/a\0b")
        }
        #expect(throws: TensorError.self) { try TextFile.read(dir + "/a\0b") }
        #expect(names().isEmpty)
    }

    @Test func aFailedBodyLeavesTheOldFileAndNoTemporary() throws {
        try TextFile.write("keep me", to: dir + "/k.txt")
        #expect(throws: FileError.self) {
            try SafeWriter.write(dir + "/k.txt") { fd throws(FileError) in
                try SafeWriter.writeAll(fd, Array("half".utf8), path: "k")
                throw FileError("k", "disk on fire")
            }
        }
        #expect(contents(dir + "/k.txt") == "keep me")
        #expect(names() == ["k.txt"])
    }

    @Test func refusesAFolder() throws {
        #expect(throws: TensorError("write_text: \(dir): is a folder")) { try TextFile.write("x", to: dir) }
    }

    @Test func removesTemporariesOfProcessesThatNoLongerRun() throws {
        // pid_max is at most 2^22 on Linux, so this process cannot exist.
        let stale = ".t.txt\(SafeWriter.tempMarker)999999999-7"
        let live = ".t.txt\(SafeWriter.tempMarker)\(getpid())-7"
        FileManager.default.createFile(atPath: dir + "/" + stale, contents: Data())
        FileManager.default.createFile(atPath: dir + "/" + live, contents: Data())
        SafeWriter.removeStaleTemporaries(dir: dir, base: "t.txt")
        #expect(names() == [live])
    }

    @Test func readingAFIFOWithoutAWriterCanBeInterrupted() throws {
        #expect(mkfifo(dir + "/in", 0o644) == 0)
        // The real flag is process-wide (other tests poll it), so a deadline stands in for Ctrl-C.
        let deadline = Date().addingTimeInterval(0.3)
        #expect(throws: TensorError("interrupted")) {
            try FileIO.readAll(dir + "/in", op: "read_text", interrupted: { Date() > deadline })
        }
    }
}
