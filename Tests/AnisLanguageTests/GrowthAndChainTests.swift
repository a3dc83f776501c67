// Growth and long chains: `xs = append(xs, x)`, `s = s + t` and friends reuse the
// variable's storage (checked by its address, not by timing), and a left-associative
// chain far longer than any nesting limit parses, compiles and runs without recursion.
import Testing
@testable import AnisLanguage

/// The global `name` of a session, as the interpreter holds it.
private func global(_ session: Session, _ name: String) -> Value? {
    guard let slot = session.interpreter.globalSlots[name] else { return nil }
    return session.interpreter.globals.slots[slot]
}

/// Address of the storage behind a string or list value.
private func storageAddress(_ v: Value?) -> UInt? {
    switch v {
    case .string(let s)?: return s.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
    case .list(let xs)?: return xs.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    default: return nil
    }
}

/// Runs `step` eight times and counts how often the variable kept its storage. Copying
/// on every step keeps it never; growing in place keeps it except when capacity runs out.
private func keptStorage(setup: String, step: String, variable: String) throws -> Int {
    let session = Session(output: { _ in })
    _ = try session.run(setup, file: "t.anis")
    var kept = 0
    var address = storageAddress(global(session, variable))
    for _ in 0..<8 {
        _ = try session.run(step, file: "t.anis")
        let now = storageAddress(global(session, variable))
        if now != nil, now == address { kept += 1 }
        address = now
    }
    return kept
}

@Test(arguments: [
    ("xs = []\nfor i in 0:1000 { xs = append(xs, i) }", "xs = append(xs, 1)", "xs"),
    ("xs = []\nfor i in 0:1000 { xs = xs + [\"b\"] }", "xs = xs + [\"b\"]", "xs"),
    ("s = \"\"\nfor i in 0:1000 { s = s + \"a\" }", "s = s + \"a\"", "s"),
    ("s = \"\"\nfor i in 0:1000 { s += \"a\" }", "s += \"ab\"", "s"),
    ("xs = []\nfor i in 0:1000 { xs += [\"b\"] }", "xs += [\"b\"]", "xs"),
])
func growingAVariableReusesItsStorage(_ setup: String, _ step: String, _ variable: String) throws {
    #expect(try keptStorage(setup: setup, step: step, variable: variable) >= 6)
}

@Test func growingASharedValueCopiesIt() throws {
    var out = ""
    let session = Session(output: { out += $0 })
    _ = try session.run("""
    xs = [1, 2]; ys = xs; xs = append(xs, 3); print(len(xs), len(ys))
    s = "ab"; t = s; s = s + "c"; print(s, t)
    fn f() { local = ["a"]; keep = local; local = local + ["b"]; [len(local), len(keep)] }
    print(f())
    """, file: "t.anis")
    #expect(out == "3 2\nabc ab\n[2, 1]\n")
}

@Test func recordsTakeManyFieldsOneByOne() throws {
    var out = ""
    let session = Session(output: { out += $0 })
    let program = "r = {}\n" + (0..<2000).map { "r.f\($0) = \($0)" }.joined(separator: "\n")
        + "\nprint(len(keys(r)), r.f0, r.f1999, keys(r)[17])\n"
    _ = try session.run(program, file: "t.anis")
    #expect(out == "2000 0 1999 f17\n")
}

@Test(arguments: [(" + 1", 200_000, "200001"), (" and 1", 200_000, "true"), (" - 2 * 1", 100_000, "-199999")])
func longLeftAssociativeChainsRunWithoutRecursion(_ link: String, _ count: Int, _ expected: String) throws {
    var out = ""
    let session = Session(output: { out += $0 })
    let program = "x = 1" + String(repeating: link, count: count) + "\nprint(x)\n"
    _ = try session.run(program, file: "chain.anis")
    #expect(out == expected + "\n")
}

@Test func anErrorInsideALongChainPointsAtItsOperator() throws {
    let session = Session(output: { _ in })
    let program = "x = 1" + String(repeating: " + 1", count: 100) + " + \"a\"" + String(repeating: " + 1", count: 100)
    do {
        _ = try session.run(program, file: "chain.anis")
        Issue.record("expected an error")
    } catch {
        #expect(error.message.contains("unsupported operands number and string"))
        #expect(error.line == 1 && error.column == 1 + "x = ".count)
    }
}

@Test func aLongPostfixChainIsALocatedError() throws {
    let session = Session(output: { _ in })
    let program = "r = {a: 1}\nx = r" + String(repeating: "'", count: 5000)
    do {
        _ = try session.run(program, file: "chain.anis")
        Issue.record("expected an error")
    } catch {
        #expect(error.message.contains("nesting is too deep"))
        #expect(error.line == 2)
    }
}
