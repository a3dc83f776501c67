// CellRunnerTests: the kernel's execute path without sockets: values, printed output,
// inline figures, errors with their located diagnostic, REPL commands in cells — and a
// replay of the fuzz corpus and crash reproducers through the cell runner and the
// completion/inspection adapters at every cursor position, so no cell input crashes it.
import Foundation
import Testing
@testable import anis

@Suite struct CellRunnerTests {
    func run(_ runner: CellRunner, _ code: String) -> (CellRunner.Outcome, [CellRunner.Event]) {
        var events: [CellRunner.Event] = []
        runner.onEvent = { events.append($0) }
        return (runner.run(code, name: "<cell>"), events)
    }

    func printed(_ events: [CellRunner.Event]) -> String {
        events.map { if case .stream(_, let text) = $0 { text } else { "" } }.joined()
    }

    @Test func valuesPrintsAndVariablesPersist() {
        let runner = CellRunner()
        guard case .ok(nil) = run(runner, "x = 2\nprint(\"x\", x)").0 else { Issue.record("assignment shows nothing"); return }
        let (outcome, events) = run(runner, "print(x)\nx * [1, 2]")
        guard case .ok(let bundle?) = outcome else { Issue.record("expected a value, got \(outcome)"); return }
        #expect(bundle["text/plain"] == "[2, 4]" && printed(events) == "2\n")
    }

    @Test func smallTensorsAlsoComeAsHTMLTables() {
        let runner = CellRunner()
        guard case .ok(let matrix?) = run(runner, "[[1, 2.5], [3, 4]]").0,
              case .ok(let mask?) = run(runner, "[1, 2] > 1").0,
              case .ok(let big?) = run(runner, "zeros(21, 2)").0 else { Issue.record("expected values"); return }
        #expect(matrix["text/html"] == "<table>\n" + [["1", "2.5"], ["3", "4"]].map { row in
            "<tr>" + row.map { "<td style=\"text-align: right\">\($0)</td>" }.joined() + "</tr>\n"
        }.joined() + "</table>")
        #expect(mask["text/html"]?.contains(">false</td><td style=\"text-align: right\">true<") == true)
        #expect(big["text/html"] == nil && big["text/plain"] != nil)
    }

    @Test func plotsAreShownAsImages() throws {
        let runner = CellRunner()
        for code in ["plot([1, 2, 3])", "show(plot([1, 2, 3]))"] {
            let (outcome, events) = run(runner, code)
            guard case .ok(nil) = outcome, case .display(let bundle)? = events.first else {
                Issue.record("\(code): expected one figure, got \(outcome) \(events)"); continue
            }
            let png = try #require(Data(base64Encoded: bundle["image/png"] ?? ""))
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            #expect(bundle["image/svg+xml"]?.contains("<svg") == true && bundle["text/plain"]?.isEmpty == false)
        }
    }

    @Test func errorsCarryTheLocatedDiagnostic() {
        let runner = CellRunner()
        guard case .error(let name, let value, let traceback) = run(runner, "a = 1\nb = a +* 2").0 else {
            Issue.record("expected a syntax error"); return
        }
        let text = traceback.joined(separator: "\n")
        #expect(name == "SyntaxError" && !value.isEmpty)
        #expect(text.contains("<cell>:2:") && text.contains("b = a +* 2") && text.contains("^"))
        guard case .error(let runtime, _, _) = run(runner, "undefined_name").0 else { Issue.record("expected an error"); return }
        #expect(runtime == "RuntimeError")
    }

    @Test func replCommandsWorkInOneLineCells() {
        let runner = CellRunner()
        _ = run(runner, "v = 1")
        #expect(printed(run(runner, ":vars").1).contains("v = 1"))
        #expect(printed(run(runner, "help svd").1).contains("svd"))
        #expect(printed(run(runner, ":time 1 + 1").1).contains("time:"))
        _ = run(runner, ":reset")
        guard case .error = run(runner, "v").0 else { Issue.record(":reset forgets variables"); return }
    }

    @Test func countsOnlyCellsStoredInHistory() {
        let runner = CellRunner()
        #expect(runner.count("1", storeHistory: true) == 1 && runner.count("2", storeHistory: false) == 1)
        #expect(runner.count("3", storeHistory: true) == 2 && runner.history.map(\.code) == ["1", "3"])
    }

    @Test func introspectionAnswersAnyCursor() {
        let runner = CellRunner()
        _ = run(runner, "my_value = 1")
        let completed = KernelIntrospection.complete(["code": "s = my_v", "cursor_pos": 8], session: runner.session)
        #expect(completed["matches"] as? [String] == ["my_value"] && completed["cursor_start"] as? Int == 4)
        // Keyword arguments from the REPL's engine; positions in code points, not bytes.
        let argument = KernelIntrospection.complete(["code": "é = svd(A, fu", "cursor_pos": 13], session: runner.session)
        #expect(argument["matches"] as? [String] == ["full: "] && argument["cursor_start"] as? Int == 11)
        let inspected = KernelIntrospection.inspect(["code": "svd(A)", "cursor_pos": 5], session: runner.session)
        #expect(inspected["found"] as? Bool == true)
        #expect(KernelIntrospection.isComplete("for i in 0:3 {", session: runner.session)["status"] as? String == "incomplete")
        for cursor in [-5, 0, 3, 1000] {
            _ = KernelIntrospection.complete(["code": "é(ab", "cursor_pos": cursor], session: runner.session)
            _ = KernelIntrospection.inspect(["code": "é(ab", "cursor_pos": cursor], session: runner.session)
        }
    }

    /// Every fuzz corpus entry and crash reproducer through the kernel's execute path.
    @Test func fuzzCorpusReplaysThroughTheKernel() throws {
        let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz")
        var files: [URL] = []
        for folder in ["corpus", "crashes"] {
            let url = fuzz.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files += names.sorted().map { url.appendingPathComponent($0) }
        }
        #expect(files.count > 10)
        let runner = CellRunner()
        runner.session.stepBudget = 100_000
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let code = String(decoding: data, as: UTF8.self)
            _ = run(runner, code)
            let length = code.unicodeScalars.count
            for cursor in stride(from: 0, through: length, by: max(1, length / 16)) {
                _ = KernelIntrospection.complete(["code": code, "cursor_pos": cursor], session: runner.session)
                _ = KernelIntrospection.inspect(["code": code, "cursor_pos": cursor], session: runner.session)
            }
            _ = KernelIntrospection.isComplete(code, session: runner.session)
        }
    }
}
