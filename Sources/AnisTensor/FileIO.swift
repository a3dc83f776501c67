// FileIO: whole-file reads and safe writes with errors phrased for a built-in
// (`op: path: reason`), shared by text, .npy and CSV files. Reads never hang: a FIFO
// or device is read in polled steps that Ctrl-C interrupts, and sizes are checked
// before anything is allocated.
import Glibc

public enum FileIO {
    final class Bytes { var bytes: [UInt8]; init(_ b: [UInt8]) { bytes = b } }

    /// The most bytes read from a pipe, FIFO or device (which has no size to check up front).
    static let streamLimit = 1 << 30

    /// Decides whether `bytes` more may be read: throws the error to report when not.
    public typealias Admit = (_ bytes: Int) throws(TensorError) -> Void

    /// The default `Admit`: the bytes must fit in what the memory budget has left (the
    /// file's bytes are held while the tensor made from them is checked and allocated).
    static func fitsBudget(_ path: String, op: String) -> Admit {
        return { (bytes: Int) throws(TensorError) in
            guard bytes > MemoryBudget.availableBytes else { return }
            throw TensorError("\(op): \(path): reading \(MemoryBudget.describe(bytes)) would pass the memory budget (tensors already hold \(MemoryBudget.describe(MemoryBudget.heldBytes)) of the \(MemoryBudget.describe(MemoryBudget.limitBytes)) this machine can give them)")
        }
    }

    /// The whole file at `path`. `admit` is asked before anything is allocated: with a
    /// regular file's size before reading it, and with the bytes so far while a pipe, FIFO,
    /// device or growing file is read (the memory budget unless the caller has a tighter
    /// cap: a string's 1 GiB). `interrupted` is polled while waiting on a FIFO or device
    /// (the Ctrl-C flag; tests pass their own).
    static func readAll(_ path: String, op: String, admit: Admit? = nil,
                        interrupted: () -> Bool = { Interrupt.isRequested }) throws(TensorError) -> Bytes {
        let admit = admit ?? fitsBudget(path, op: op)
        // O_NONBLOCK: opening a FIFO must not wait for a writer (Ctrl-C could not stop it).
        let (fd, st) = try reporting(op) { () throws(FileError) -> (Int32, stat) in
            try SafeWriter.checkPath(path)
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { throw FileError(path, SafeWriter.errnoText()) }
            var st = stat()
            guard fstat(fd, &st) == 0 else { close(fd); throw FileError(path, SafeWriter.errnoText()) }
            return (fd, st)
        }
        defer { close(fd) }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: throw TensorError("\(op): \(path): is a directory")
        case S_IFREG:
            let size = Int(st.st_size)
            guard size <= ProcessMemory.physicalBytes / 2 else {
                throw TensorError("\(op): \(path): is too large to read (\(size) bytes, on a machine with \(ProcessMemory.physicalBytes))")
            }
            try admit(size)
            return Bytes(try readRegular(fd, size: size, path: path, op: op, admit: admit))
        default:
            return Bytes(try readStream(fd, path: path, op: op, admit: admit, interrupted: interrupted))
        }
    }

    /// Runs `body`, turning a FileError into the built-in's TensorError.
    static func reporting<T>(_ op: String, _ body: () throws(FileError) -> T) throws(TensorError) -> T {
        do throws(FileError) { return try body() } catch { throw TensorError("\(op): \(error)") }
    }

    /// Reads a regular file: `size` bytes in one go, then on to the end of the file (files
    /// under /proc report a size of 0, and a file may grow while it is read).
    private static func readRegular(_ fd: Int32, size: Int, path: String, op: String, admit: Admit) throws(TensorError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Swift.max(size, 0) + 4096)
        var got = 0
        while true {
            if got == out.count {
                guard out.count <= ProcessMemory.physicalBytes / 2 else { throw TensorError("\(op): \(path): is too large to read") }
                try admit(out.count * 2)
                out += [UInt8](repeating: 0, count: out.count)
            }
            let r = out.withUnsafeMutableBytes { b in b.baseAddress.map { read(fd, $0 + got, b.count - got) } ?? 0 }
            if r < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw TensorError("\(op): \(path): \(SafeWriter.errnoText())")
            }
            if r == 0 { break }
            got += r
        }
        out.removeLast(out.count - got)
        return out
    }

    /// Reads a FIFO, pipe or device to its end, waiting in 100 ms polls so that Ctrl-C
    /// (the interrupt flag) can stop it, and refusing more than `streamLimit` bytes.
    private static func readStream(_ fd: Int32, path: String, op: String, admit: Admit, interrupted: () -> Bool) throws(TensorError) -> [UInt8] {
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if interrupted() { throw TensorError("interrupted") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, 100)
            if ready < 0 && errno != EINTR { throw TensorError("\(op): \(path): \(SafeWriter.errnoText())") }
            guard ready > 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return out }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw TensorError("\(op): \(path): \(SafeWriter.errnoText())")
            }
            guard out.count + n <= streamLimit else {
                throw TensorError("\(op): \(path): more than \(streamLimit) bytes; anis reads at most that much from a pipe or device")
            }
            try admit(out.count + n)
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes `path` through `SafeWriter` (see there), with errors as `op: path: reason`.
    static func writeAtomically(_ path: String, op: String, _ body: (Int32) throws(FileError) -> Void) throws(TensorError) {
        try reporting(op) { () throws(FileError) in try SafeWriter.write(path, body) }
    }
}
