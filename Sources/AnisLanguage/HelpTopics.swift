// HelpTopics: the help pages that are not built-ins: operators (`help +`) and
// syntax topics (`help indexing`), plus how a user function's leading comment is
// found. Each page is a synopsis line, then paragraphs; lines indented by two
// spaces are examples and are not re-wrapped.

enum HelpTopics {
    static let operators: [String: String] = {
        var pages: [String: String] = [
            "+": "a + b\nAddition; elementwise with NumPy broadcasting on tensors. Joins two strings or two lists.",
            "-": "a - b,  -a\nSubtraction and negation; elementwise with broadcasting on tensors.",
            "*": "a * b\nElementwise multiplication with broadcasting (not the matrix product: see '@').",
            "/": "a / b\nTrue division, elementwise. Division by zero gives inf or nan, never an error.",
            "%": "a % b\nFloor modulo: the result has the sign of the divisor, as in Python (-7 % 3 is 2).",
            "^": "a ^ b  (also a ** b)\nPower, elementwise with broadcasting.",
            "@": "A @ B\nMatrix product (NumPy's matmul, computed by BLAS): vector·vector is the dot product, matrix·vector, vector·matrix, and batched over leading axes with broadcasting. Mismatched shapes name both: `@: shapes (3, 4) and (5, 2) do not align (4 ≠ 5)`.",
            "'": "A'\nTranspose: reverses all axes (the same as A.T); vectors and numbers are unchanged.",
            "==": "a == b,  a != b\nElementwise 0/1 mask on numeric values (use all(a == b) for one answer); structural equality, a bool, between strings, lists, records and other values.",
            "<": "a < b,  a <= b,  a > b,  a >= b\nNumeric comparison, an elementwise mask on tensors; strings compare lexicographically.",
            "=": "name = value\nAssignment. `a, b = pair` unpacks; `A[i, j] = v` and `r.field = v` update in place; `x += 1` (also -=, *=, /=, ^=) updates.",
            "->": "x -> expr,  (a, b) -> expr\nA lambda: an anonymous one-expression function, e.g. map(xs, x -> x * x).",
            ":": "a:b,  a:b:step\nA range of integers from a up to b (exclusive); in an index, a slice (x[1:3], x[::-1]).",
            ".": "r.name\nReads a record field; tensors have A.T, A.shape, A.size, A.ndim; functions have f.name.",
            "[]": "[a, b, c],  x[i]\nBrackets build a list (a tensor when its items are numbers) and index a value; see 'help indexing'.",
            "{}": "{name: value, ...}\nBraces build a record, or delimit a block after if, for, while and fn.",
        ]
        for (alias, page) in [("!=", "=="), ("<=", "<"), (">", "<"), (">=", "<"), ("**", "^"),
                              ("+=", "="), ("-=", "="), ("*=", "="), ("/=", "="), ("^=", "=")] {
            pages[alias] = pages[page]
        }
        return pages
    }()

    /// Syntax topics, looked up in lower case.
    static let syntax: [String: String] = [
        "indexing": "x[i],  A[i, j],  A[1:3, :],  A[A > 0]\n0-based, -1 is the last element, one entry per axis. An integer drops its axis; a slice a:b:c keeps it (bounds clamp, negative steps go backwards); a list or integer tensor gathers; a mask selects. Several gather entries select orthogonally (A[[0, 2], [1, 3]] is a 2×2 block); one element per row is take_along_axis(A, idx). Assignment broadcasts the value over the selection as reading shapes it: A[:, 0] = 0, E[ids] = v with v shaped like E[ids]. Lists and strings take one entry; records take a field name.",
        "slicing": "x[a:b:c]\nSee 'help indexing': positions a, a+c, ... before b; any part may be omitted; x[::-1] reverses.",
        "dtypes": "zeros(2, 3, dtype: float32),  float32(x),  float64(x),  dtype(x),  x.dtype\nTensors are float64 (the default) or float32 (half the memory, sgemm). Promotion is NumPy 2's: float32 with float32 stays float32, with a float64 tensor it widens; numbers and masks (comparison results) take the tensor's dtype. Elementwise float32 results are computed in float64 and rounded once; reductions accumulate in float64. Rank-0 float32 results stay float32 scalars. Each built-in's help says what it does with float32. See grammar.md, 'dtypes'.",
        "broadcasting": "a + b with shapes (2, 3) and (3,)\nNumPy's rule: shapes align from the right and each axis must match or be 1. ones(2, 3) + [1, 2, 3] works; ones(2, 3) + [1, 2] is an error naming both shapes.",
        "functions": "fn f(x, p: 0.1) { body }  or  fn f(x) = expr  or  x -> expr\nA function returns the value of its last expression (or `return v`). Parameters with defaults are passed by keyword: f(x, p: 0.2). Functions are values: they can be stored in lists and records and passed to map, grad, value_and_grad. A comment on the lines above `fn` is the function's help page.",
        "strings": "\"text {expr}\"\nDouble-quoted, with escapes \\n \\t \\\" \\\\ and interpolation: {expr} inserts the value as print writes it, {expr:.3f} formats it with a format spec (see 'help interpolation'). + joins strings; s[i] indexes characters.",
        "interpolation": "\"text {expr} text {expr:spec}\"\nStrings interpolate expressions; a format spec after ':' is Python's mini-language, [[fill]align][sign][0][width][,][.precision][type] with types d f e g % x o b s. Tensors, ranges and lists are formatted element by element. The first ':' outside brackets starts the spec, so write a range in parentheses: {(0:3)}. See grammar.md, 'Printing'.\n  \"{pi:.3f}\"          # 3.142\n  \"{42:5d}\"           # '   42'\n  \"{0.1234:.1%}\"      # 12.3%\n  \"{1234567:,}\"       # 1,234,567\n  \"{\"hi\":>6}\"        # '    hi'\n  \"{[1, 2.5]:.2f}\"    # [1.00, 2.50]",
        "format": "\"{x:.3f}\"\nFormat specs in string interpolation: see 'help interpolation'. format(x, digits: n) formats one value with n digits.",
        "comprehensions": "[f(x) for x in xs if cond]\nA list comprehension: one or more for clauses (nested left to right, the last innermost) and if filters. The result follows the bracket rule (numbers give a tensor); the loop variables belong to the comprehension alone. See grammar.md, 'List comprehensions'.\n  [x ^ 2 for x in 0:5]                  # [0, 1, 4, 9, 16]\n  [x for x in v if x > 0]               # the positive entries\n  [[i, j] for i in 0:3 for j in 0:i]    # pairs with j < i",
        "records": "{lr: 1e-3, steps: 100}\nA record maps field names to values, in insertion order. r.lr reads a field, r.lr = 0.1 sets one, keys(r) lists them, for k in r iterates over the names.",
        "lists": "[1, \"a\", relu]\nA list holds any values; a list of numbers is a tensor. + joins two lists; append, len, map and filter work on lists; xs[i] indexes.",
        "ranges": "0:10,  0:10:2\nThe integers from start up to stop (exclusive) by step. A range iterates in for loops and acts as a tensor in arithmetic.",
        "printing": "print(x),  precision(n),  format(x, digits: n)\nA number prints as the shortest text that reads back to the same value (0.1, 1.3893212202926497) until precision(n) sets the digits. Tensors print like NumPy with a shared format per tensor, 4 digits by default, rows fitted to the terminal width; format(x, digits: n) formats one value with n digits. Empty tensors show their shape: zeros(0, 3) prints as tensor(shape (0, 3)). See grammar.md, 'Printing'.",
        "repl": "anis> help NAME, ?NAME, :time, :timeit, :vars, :load, :reset, :quit\nThe REPL numbers its inputs (<repl:3>:1:5 in an error). Tab completes names, keyword arguments inside a call, record fields after a dot and file paths inside strings. Ctrl-C stops a running computation, also a long matrix product or decomposition, and keeps the variables.",
        "comments": "# text\nA comment runs from # to the end of the line.",
        "errors": "file:line:col: error: message\nEvery error names its place, shows the source line and puts a caret under the culprit; an error inside a function lists the calls that led there. error(msg) raises one; assert(cond) checks a condition.",
    ]

    /// The comment lines directly above line `line` of `source` (without their `#`),
    /// or else the comment lines that open the function body: a user function's doc.
    /// The comment text of a source made only of comments and blank lines, else nil.
    static func commentOnly(_ source: SourceText) -> String? {
        var comments: [String] = []
        for n in 1...max(1, source.lineStarts.count) {
            let text = source.line(n).trimmingSpaces
            if text.isEmpty { continue }
            guard text.hasPrefix("#") else { return nil }
            comments.append(String(text.dropFirst().drop(while: { $0 == " " })))
        }
        return comments.isEmpty ? nil : comments.joined(separator: " ")
    }

    /// `fallback`: the comment of the REPL entry before this one, used when the function
    /// starts its entry.
    static func leadingComment(_ source: SourceText, line: Int, fallback: String? = nil) -> String {
        func comment(_ n: Int) -> String? {
            let text = source.line(n).trimmingSpaces
            guard text.hasPrefix("#") else { return nil }
            return String(text.dropFirst().drop(while: { $0 == " " }))
        }
        var above: [String] = []
        var n = line - 1
        while n >= 1, let c = comment(n) { above.insert(c, at: 0); n -= 1 }
        if !above.isEmpty { return above.joined(separator: " ") }
        if let fallback, (1..<line).allSatisfy({ source.line($0).trimmingSpaces.isEmpty }) { return fallback }
        var inside: [String] = []
        n = line + 1
        while let c = comment(n) { inside.append(c); n += 1 }
        return inside.joined(separator: " ")
    }
}
