// HardeningTests: the parts of issue 19's last gaps that need no process of their own
// (the budget trips, signals and sparse files are end to end in scripts/test_cli_hardening.sh):
// reading a float32 tensor in place makes no float64 copy, the checked copy is the one that
// `storage` then reads, and a reader asks its caller before it reads a file's bytes.
import Foundation
import Testing
@testable import AnisTensor

@Suite struct HardeningTests {
    @Test func readingAFloat32TensorInPlaceMakesNoFloat64Copy() throws {
        let t = Tensor([1.5, -2, 0, 1e-40]).converted(to: .float32)
        #expect(t.elements == [1.5, -2, 0, Double(Float(1e-40))])
        #expect(t.element(1) == -2)
        var nonzero: [Int] = []
        t.forEachElement { i, v in if v != 0 { nonzero.append(i) } }
        #expect(nonzero == [0, 1, 3])
        #expect(t.formatted() == "[ 1.5000e+00, -2.0000e+00,  0.0000e+00,  9.9999e-41]")
        #expect(!t.buffer.isWidened, "a read in place filled the widened copy")
        // The checked copy is made once, and `storage` reads it afterwards.
        let wide = try t.widenedStorage(op: "test")
        #expect(t.buffer.isWidened && wide.pointer[1] == -2)
        #expect(t.storage === wide)
    }

    @Test func aReaderAsksBeforeReadingAFilesBytes() throws {
        let path = NSTemporaryDirectory() + "anis-hardening-\(UUID().uuidString).txt"
        defer { unlink(path) }
        try TextFile.write(String(repeating: "ab", count: 5000), to: path)
        var asked: [Int] = []
        let text = try TextFile.read(path, admit: { (n: Int) throws(TensorError) in asked.append(n) })
        #expect(text.utf8.count == 10_000 && asked == [10_000])
        do {
            _ = try TextFile.read(path, admit: { (n: Int) throws(TensorError) in throw TensorError("too big: \(n)") })
            Issue.record("expected the admit closure's error")
        } catch {
            #expect(error.message == "too big: 10000")
        }
    }
}
