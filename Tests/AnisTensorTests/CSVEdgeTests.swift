// CSVEdgeTests: bytes that used to be misread silently (issue 19 item 7): a NUL byte is
// an error naming its line (not a skipped "header"), a UTF-8 byte-order mark does not turn
// the first row into a header, and lone \r line endings separate rows.
import Testing
@testable import AnisTensor

@Test func csvNulByteIsAnErrorNamingItsLine() throws {
    for (text, line) in [("1\u{0},2\n3,4\n", 1), ("a,b\n1,2\n3\u{0}4\n", 3)] {
        #expect(throws: TensorError("read_csv: t.csv: line \(line) contains a NUL byte (not a text file?)")) {
            try CSV.parse(Array(text.utf8), name: "t.csv")
        }
    }
}

@Test func csvByteOrderMarkAndCarriageReturns() throws {
    for bytes in [[0xEF, 0xBB, 0xBF] + Array("1,2\n3,4\n".utf8), Array("a,b\r1,2\r3,4\r".utf8),
                  Array("a,b\r\n1,2\r\n\r\n3,4".utf8)] {
        let t = try CSV.parse(bytes, name: "t")
        #expect(t.shape == [2, 2] && t.elements == [1, 2, 3, 4])
    }
    #expect(throws: TensorError("read_csv: t: line 3, field 2: 'x' is not a number")) {
        try CSV.parse(Array("a,b\r1,2\r3,x\r".utf8), name: "t")
    }
}
