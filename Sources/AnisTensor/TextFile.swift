// Text files: whole-file UTF-8 reads and atomic writes, on the same checked I/O
// helpers as .npy and CSV (a corpus for a language model is read this way).
import Glibc

public enum TextFile {
    /// The contents of `path` as a string; a missing file or bytes that are not UTF-8 are
    /// errors. `admit` (FileIO.readAll) caps the bytes before they are read: the language
    /// passes its string cap, so a file larger than a string may hold is refused unread.
    public static func read(_ path: String, op: String = "read_text", admit: FileIO.Admit? = nil) throws(TensorError) -> String {
        let file = try FileIO.readAll(path, op: op, admit: admit)
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            let offset = utf8ErrorOffset(file.bytes)
            throw TensorError("\(op): \(path): not UTF-8 text (invalid byte at offset \(offset))")
        }
        return text
    }

    /// Writes `text` as UTF-8 to a temporary file beside `path` and renames it over `path`.
    public static func write(_ text: String, to path: String, op: String = "write_text") throws(TensorError) {
        try FileIO.writeAtomically(path, op: op) { fd throws(FileError) in
            try SafeWriter.writeAll(fd, Array(text.utf8), path: path)
        }
    }

    /// The offset of the first byte that does not continue a valid UTF-8 sequence.
    private static func utf8ErrorOffset(_ bytes: [UInt8]) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput, .error: return offset
            }
        }
    }
}
