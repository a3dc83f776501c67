// Builtins+Text: text files and character-level tokenisation, enough to train a
// character language model on a corpus: read_text → vocab → tokenize → tensors of
// ids, and detokenize to read samples back. A "character" is a Swift Character
// (an extended grapheme cluster), the same unit `len` and string indexing count.
import AnisTensor

extension Builtins {
    /// The position of each character of `vocab`; a repeated character is an error.
    private static func positions(_ vocab: String, _ a: Arguments, _ i: Int) throws -> [Character: Int] {
        var map: [Character: Int] = [:]
        for (k, c) in vocab.enumerated() {
            guard map.updateValue(k, forKey: c) == nil else {
                throw a.fail(i, "repeats the character \(quoted(c)) (a vocabulary lists each character once)")
            }
        }
        return map
    }

    /// A character as it would be written in an anis string literal.
    private static func quoted(_ c: Character) -> String {
        switch c {
        case "\n": return "\"\\n\""
        case "\t": return "\"\\t\""
        case "\r\n": return "\"\\r\\n\""
        case "\"": return "\"\\\"\""
        default: return "\"\(c)\""
        }
    }

    static let text: [Builtin] = [
        Builtin("read_text", "path", topic: .text,
                doc: "The contents of a UTF-8 text file as a string. A missing file, a directory or bytes that are not UTF-8 are errors (naming the offset of the first bad byte), and so is a file larger than a string may hold (1 GiB), refused before it is read.",
                example: "corpus = read_text(\"{script_dir}/data/genesis_kjv.txt\")\nlen(corpus)") { a in
            let path = try a.string(0)
            return .string(try TextFile.read(path, admit: ValueLimits.admitString(path, op: "read_text")))
        },
        Builtin("write_text", "text, path", topic: .text,
                doc: "Writes a string to a file as UTF-8, safely: a regular file is replaced whole (through a symlink), a device or FIFO written through. Returns none.",
                example: "write_text(detokenize([2, 0, 1], \"abc\"), \"sample.txt\")") { a in
            try TextFile.write(try a.string(0), to: try a.string(1))
            return .none
        },
        Builtin("vocab", "text", topic: .text,
                doc: "The distinct characters of a string, sorted by their Unicode scalars, as a string: the vocabulary of a character-level model (len(vocab(text)) is its size, and tokenize/detokenize translate with it).",
                example: "vocab(\"hello world\")  # \" dehlorw\"") { a in
            let distinct = Set(try a.string(0))
            return .string(String(distinct.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }))
        },
        Builtin("tokenize", "text, vocab", topic: .text,
                doc: "The character ids of a string: a vector whose k-th entry is the position in vocab of the text's k-th character. A character missing from vocab is an error naming it and where it occurs.",
                example: "v = vocab(\"abc\")\ntokenize(\"cab\", v)  # [2, 0, 1]") { a in
            let text = try a.string(0)
            let map = try positions(try a.string(1), a, 1)
            var ids: [Double] = []
            ids.reserveCapacity(text.utf8.count)
            for (k, c) in text.enumerated() {
                guard let id = map[c] else {
                    throw a.fail(1, "has no character \(quoted(c)) (character \(k) of the text)")
                }
                ids.append(Double(id))
            }
            return .tensor(try Tensor(shape: [ids.count], elements: ids))
        },
        Builtin("detokenize", "ids, vocab", topic: .text,
                doc: "The string spelled by a tensor (or list) of character ids, read in row-major order: the inverse of tokenize. Every id must be an integer in 0 ..< len(vocab).",
                example: "v = vocab(\"abc\")\ndetokenize([2, 0, 1], v)  # \"cab\"") { a in
            let ids = try a.tensor(0)
            let chars = Array(try a.string(1))
            var out = ""
            for d in ids.elements {
                guard let n = exactInt(d), n >= 0, n < chars.count else {
                    throw a.fail(0, "holds \(Tensor.formatScalar(d, precision: 6)), not a character id in 0 ..< \(chars.count)")
                }
                out.append(chars[n])
            }
            return .string(out)
        },
    ]
}
