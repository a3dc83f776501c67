// CompletionTests: the completion engine offers what the context calls for —
// keyword arguments inside a call, record fields after a dot, paths inside strings
// and after :load, help topics, names elsewhere.
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct CompletionTests {
    func texts(_ session: Session, _ input: String) -> [String] { session.complete(input).candidates.map(\.text) }

    @Test func keywordArgumentsInsideACall() throws {
        let session = Session()
        #expect(texts(session, "svd(randn(3, 3), fu") == ["full: "])
        #expect(session.complete("svd(randn(3, 3), fu").start == "svd(randn(3, 3), ".utf8.count)
        _ = try session.run("fn penalty(w, sparsity: 0.1, scale: 1) = w", file: "t")
        #expect(texts(session, "penalty(w, sp") == ["sparsity: "])
        // Right after `(`: keywords first, then names. Not at an argument's start: names only.
        #expect(texts(session, "svd(fu") == ["full: ", "full"])
        #expect(!texts(session, "x = fu").contains("full: "))
    }

    @Test func fieldsAfterADot() throws {
        let session = Session()
        _ = try session.run("cfg = {steps: 100, stride: 2, lr: 0.1, opt: {beta: 0.9}}", file: "t")
        #expect(texts(session, "cfg.st") == ["steps", "stride"])
        #expect(texts(session, "print(cfg.opt.b") == ["beta"])
        #expect(texts(session, "A = ones(2); A.sh") == [])   // A is not assigned yet
        _ = try session.run("A = ones(2)", file: "t")
        #expect(texts(session, "A.sh") == ["shape"])
    }

    @Test func pathsInStringsAndAfterLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anis-completion-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("runs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["data_train.csv", "data_test.csv"] {
            FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data())
        }
        let session = Session()
        #expect(texts(session, "read_csv(\"\(dir.path)/data_") == ["data_test.csv", "data_train.csv"])
        #expect(texts(session, "x = \"\(dir.path)/r") == ["runs/"])
        #expect(texts(session, ":load \(dir.path)/data_tr") == ["data_train.csv"])
        // A closed string is code again.
        #expect(texts(session, "s = \"\(dir.path)/\"; le").contains("len"))
    }

    @Test func namesAndHelpTopics() throws {
        let session = Session()
        #expect(texts(session, "svdv") == ["svdvals"])
        #expect(session.complete("svdv").candidates.first?.kind == .name(isFunction: true))
        #expect(texts(session, "help inde") == ["indexing"])
        #expect(texts(session, "x = 1 # comment rel") == [])
    }
}
