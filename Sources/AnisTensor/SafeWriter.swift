// SafeWriter: the one way anis writes a file (text, .npy, CSV, plots, REPL history),
// so that no write ever damages what was there:
//   - a symbolic link is followed and its target replaced (the link stays a link);
//   - a regular file is replaced whole: the bytes go to an unnamed O_TMPFILE in the
//     same folder (a named temporary file where the filesystem has none), are fsynced,
//     and only then renamed over the target, keeping its permission bits;
//   - a character device or FIFO (/dev/null, /dev/stdout, a named pipe) is written
//     through, never renamed over; block devices, sockets and folders are refused;
//   - every write, fsync and close error (ENOSPC, EFBIG, EIO) is reported;
//   - a path with a NUL character is refused (C would silently cut it short);
//   - Ctrl-C stops a long write between chunks (the old file stays), and a process
//     that exits on a signal while a write is under way removes its temporary name.
import CSystem
import FoundationEssentials
import Glibc
import Synchronization

/// Why a file could not be written or read: the path and the reason, for the caller to prefix.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public init(_ path: String, _ reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): \(reason)" }
}

public enum SafeWriter {
    /// Writes the bytes that `body` writes to the descriptor it is given to `path` (see the top of the
    /// file). `createFolders` makes missing folders on the path first, like `mkdir -p`.
    public static func write(_ path: String, createFolders: Bool = false,
                             _ body: (Int32) throws(FileError) -> Void) throws(FileError) {
        try checkPath(path)
        let target = try resolveLinks(path)
        let (dir, base) = split(target)
        guard !base.isEmpty, base != ".", base != ".." else { throw FileError(path, "is a folder") }
        var info = stat()
        if stat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: return try replace(target, dir: dir, base: base, keeping: info, shownAs: path, body)
            case S_IFDIR: throw FileError(path, "is a folder")
            case S_IFCHR, S_IFIFO: return try writeThrough(target, isFIFO: info.st_mode & S_IFMT == S_IFIFO, shownAs: path, body)
            case S_IFBLK: throw FileError(path, "is a block device; anis does not write to devices of that kind")
            default: throw FileError(path, "is not a regular file (a socket?); refusing to replace it")
            }
        }
        if createFolders { try makeFolders(dir, shownAs: path) }
        try replace(target, dir: dir, base: base, keeping: nil, shownAs: path, body)
    }

    /// Writes all `count` bytes at `bytes` to `fd`, retrying short writes; `path` names the file in errors.
    /// An `interruptible` write (all but the REPL's history) goes in 8 MiB chunks and stops
    /// with an error when Ctrl-C has been pressed, so the file being replaced is kept.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, path: String,
                                interruptible: Bool = true) throws(FileError) {
        guard let bytes else { return }
        var done = 0
        while done < count {
            if interruptible, Interrupt.isRequested { throw FileError(path, "interrupted") }
            let w = Glibc.write(fd, bytes + done, Swift.min(count - done, interruptible ? 8 << 20 : 1 << 30))
            if w < 0 {
                if errno == EINTR { continue }
                throw FileError(path, errnoText())
            }
            if w == 0 { throw FileError(path, "the device accepted no more bytes") }
            done += w
        }
    }

    /// `writeAll` for an array of bytes (see there).
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String, interruptible: Bool = true) throws(FileError) {
        let failed = bytes.withUnsafeBytes { b -> FileError? in
            do throws(FileError) { try writeAll(fd, b.baseAddress, b.count, path: path, interruptible: interruptible); return nil } catch { return error }
        }
        if let failed { throw failed }
    }

    /// Refuses an empty path and one with a NUL character.
    public static func checkPath(_ path: String) throws(FileError) {
        if path.isEmpty { throw FileError("''", "the path is empty") }
        if path.utf8.contains(0) {
            throw FileError(path.replacing("\0", with: "\\0"), "the path contains a NUL character")
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    // MARK: replacing a regular file

    /// The marker in the names of temporary files, so that a later write can find stale ones.
    static let tempMarker = ".anis-tmp-"

    /// ANIS_NO_TMPFILE=1 writes through named temporary files as on a filesystem without
    /// O_TMPFILE (for the tests of what a signal leaves behind).
    static let namedTemporariesOnly = ProcessInfo.processInfo.environment["ANIS_NO_TMPFILE"] == "1"

    /// The temporary names that exist now (created, not yet renamed or removed). A name is
    /// created, renamed and forgotten under this lock, so `abandonWrites` sees every one.
    private static let unfinished = Mutex<Set<String>>([])

    /// For a process that exits while a write may be under way (a second Ctrl-C, or a write
    /// that outlasts the grace after a signal): removes the temporary names and runs `exit`
    /// holding the lock, so that no write names a file afterwards. The files being replaced
    /// are left as they were.
    public static func abandonWrites(thenExit exit: () -> Never) -> Never {
        unfinished.withLock { names in
            for name in names { unlink(name) }
            exit()
        }
    }

    /// `abandonWrites` for a signal handler (the REPL's third Ctrl-C), which must not wait:
    /// removes the temporary names unless the interrupted thread holds the lock.
    public static func abandonWritesFromSignalHandler() {
        _ = unfinished.withLockIfAvailable { names in
            for name in names { unlink(name) }
        }
    }

    /// Runs `create` (which makes the file `name`) and records the name, under the lock.
    private static func naming(_ name: String, _ create: () -> Int32) -> Int32 {
        unfinished.withLock { names in
            let r = create()
            if r >= 0 { names.insert(name) }
            return r
        }
    }

    /// Renames the temporary `name` over `target` (removes it when `target` is nil), and forgets it.
    private static func finish(_ name: String, renamingTo target: String?) -> Int32 {
        unfinished.withLock { names in
            names.remove(name)
            return target.map { rename(name, $0) } ?? unlink(name)
        }
    }

    private static func replace(_ target: String, dir: String, base: String, keeping old: stat?, shownAs path: String,
                                _ body: (Int32) throws(FileError) -> Void) throws(FileError) {
        let tempName = "\(dir)/.\(base)\(tempMarker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if !namedTemporariesOnly {
            let unnamed = anis_open_tmpfile(dir, 0o666)
            if unnamed >= 0 {
                if try commit(unnamed, linking: true, tempName, target, old, path, body) { return }
                // No way to name the unnamed file (no /proc): write it again under a temporary name.
            } else if !(errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
                throw FileError(path, errnoText())
            }
        }
        removeStaleTemporaries(dir: dir, base: base)
        let named = naming(tempName) { open(tempName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
        guard named >= 0 else { throw FileError(path, errnoText()) }
        _ = try commit(named, linking: false, tempName, target, old, path, body)
    }

    /// Fills `fd` through `body`, syncs it, gives it `tempName` when it is unnamed (`linking`), and
    /// renames it over `target`. Returns false, having closed `fd`, when an unnamed file cannot be linked.
    private static func commit(_ fd: Int32, linking: Bool, _ tempName: String, _ target: String, _ old: stat?,
                               _ path: String, _ body: (Int32) throws(FileError) -> Void) throws(FileError) -> Bool {
        var isOpen = true
        do throws(FileError) {
            if let old {  // keep the replaced file's permissions (and owner, where we may)
                _ = fchmod(fd, old.st_mode & 0o7777)
                if old.st_uid != geteuid() || old.st_gid != getegid() { _ = fchown(fd, old.st_uid, old.st_gid) }
            }
            try body(fd)
            guard fsync(fd) == 0 else { throw FileError(path, errnoText()) }
            if linking, naming(tempName, { anis_link_tmpfile(fd, tempName) }) != 0 {
                let code = errno
                isOpen = false
                close(fd)
                if code == EEXIST { throw FileError(path, String(cString: strerror(code))) }
                return false
            }
            isOpen = false
            guard close(fd) == 0 else { throw FileError(path, errnoText()) }
            guard finish(tempName, renamingTo: target) == 0 else { throw FileError(path, errnoText()) }
        } catch {
            if isOpen { close(fd) }
            _ = finish(tempName, renamingTo: nil)
            throw error
        }
        syncFolder(split(target).dir)
        return true
    }

    /// Deletes `.BASE.anis-tmp-PID-N` files in `dir` left by processes that no longer run
    /// (killed while writing on a filesystem without O_TMPFILE).
    static func removeStaleTemporaries(dir: String, base: String) {
        let prefix = ".\(base)\(tempMarker)"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink("\(dir)/\(name)") }
        }
    }

    /// Makes the rename durable; a folder that cannot be synced is no error.
    private static func syncFolder(_ dir: String) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    // MARK: devices and FIFOs

    /// Writes to a character device or FIFO in place. A FIFO without a reader is an error
    /// (rather than waiting forever for one).
    private static func writeThrough(_ target: String, isFIFO: Bool, shownAs path: String,
                                     _ body: (Int32) throws(FileError) -> Void) throws(FileError) {
        let fd = open(target, O_WRONLY | O_CLOEXEC | (isFIFO ? O_NONBLOCK : 0))
        guard fd >= 0 else {
            throw FileError(path, isFIFO && errno == ENXIO ? "is a FIFO that no process is reading" : errnoText())
        }
        if isFIFO { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        do throws(FileError) {
            try body(fd)
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw FileError(path, errnoText()) }
    }

    // MARK: paths

    /// Follows symbolic links in the last component until it names something that is not a
    /// link (or does not exist yet: a dangling link's target is created).
    static func resolveLinks(_ path: String) throws(FileError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { throw FileError(path, errnoText()) }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : split(current).dir + "/" + link
        }
        throw FileError(path, "too many levels of symbolic links")
    }

    /// The folder and the last component of `path` ("." for a bare name).
    static func split(_ path: String) -> (dir: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    private static func makeFolders(_ dir: String, shownAs path: String) throws(FileError) {
        var isDir = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir { throw FileError(path, "'\(dir)' is not a folder") }
            return
        }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw FileError(path, "cannot create the folder '\(dir)'")
        }
    }
}
