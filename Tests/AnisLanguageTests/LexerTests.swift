// Lexer unit tests: token kinds, numbers, strings with interpolation, errors.
import Testing
@testable import AnisLanguage

private func kinds(_ text: String) throws -> [TokenKind] {
    var lexer = Lexer(SourceText(name: "t", text: text))
    return try lexer.tokenize().map(\.kind)
}

@Test func operatorsAndKeywords() throws {
    #expect(try kinds("a += b' @ c ^ 2") == [.identifier, .plusAssign, .identifier, .transpose, .at, .identifier, .caret, .number, .eof])
    #expect(try kinds("fn f(x) = x -> x") == [.kwFn, .identifier, .lparen, .identifier, .rparen, .assign, .identifier, .arrow, .identifier, .eof])
    #expect(try kinds("a == b != c <= d >= e") == [.identifier, .equal, .identifier, .notEqual, .identifier, .lessEqual, .identifier, .greaterEqual, .identifier, .eof])
    #expect(try kinds("x ** 2") == [.identifier, .caret, .number, .eof])
}

@Test func commentsNewlinesAndContinuation() throws {
    #expect(try kinds("a # comment\nb") == [.identifier, .newline, .identifier, .eof])
    #expect(try kinds("a \\\n b") == [.identifier, .identifier, .eof])
    #expect(try kinds("#!/usr/bin/env anis\n1") == [.newline, .number, .eof])
}

@Test(arguments: [("42", 42.0), ("1_000", 1000), ("1e-3", 0.001), (".5", 0.5), ("2.", 2), ("6.02E23", 6.02e23)])
func numbers(_ text: String, _ value: Double) throws {
    var lexer = Lexer(SourceText(name: "t", text: text))
    let t = try lexer.tokenize()
    #expect(t[0].kind == .number)
    #expect(t[0].number == value)
}

@Test func stringsAndInterpolation() throws {
    var lexer = Lexer(SourceText(name: "t", text: #""a\n{x + 1}b\{""#))
    let t = try lexer.tokenize()
    #expect(t[0].kind == .string)
    #expect(t[0].pieces.count == 3)
    #expect(t[0].pieces[0] == .text("a\n"))
    #expect(t[0].pieces[2] == .text("b{"))
}

@Test func lexicalErrors() {
    for (text, atEnd) in [("\"open", true), ("a ! b", false), ("1x", false), ("\"\\q\"", false), ("$", false)] {
        var lexer = Lexer(SourceText(name: "t", text: text))
        do {
            _ = try lexer.tokenize()
            Issue.record("expected a lexical error for \(text)")
        } catch {
            #expect(error.atEndOfInput == atEnd, "\(text): \(error.message)")
        }
    }
}

@Test func positionsAreOneBasedInCharacters() {
    let s = SourceText(name: "t", text: "σ = 1\n  bad")
    let (line, column) = s.position(of: Array("σ = 1\n  ".utf8).count)
    #expect(line == 2 && column == 3)
    #expect(s.line(2) == "  bad")
}
