// Builtins+Functional: lists and higher-order functions (map, filter, reduce...).
import AnisTensor

extension Builtins {
    static let functional: [Builtin] = [
        Builtin("list", "items...", topic: .functional,
                doc: "A list of the arguments; with one iterable argument (range, tensor, string), the list of its elements.",
                example: "list(0:3)  # [0, 1, 2]") { a in
            let items = try a.list(0)
            if items.count == 1, !items[0].isScalarLike, let inner = items[0].iterated() { return .list(inner) }
            return .list(items)
        },
        Builtin("append", "xs, x", topic: .functional,
                doc: "A new list: xs with x added at the end (xs itself is unchanged; write xs = append(xs, x)).",
                example: "append([relu], tanh)") { a in
            var xs = try a.list(0)
            try ValueLimits.checkList(count: xs.count + 1, op: "append")
            xs.append(try a.value(1))
            return .list(xs)
        },
        Builtin("map", "xs, f", topic: .functional,
                doc: "Applies f to each element of a list, range or tensor (along its first axis) and returns the list of results; if every result is a number, a tensor.",
                example: "map([relu, tanh], f -> f.name)") { a in
            let xs = try a.list(0), f = try a.function(1)
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            for x in xs { out.append(try a.interpreter.call(f, [x])) }
            if !out.isEmpty, out.allSatisfy({ if case .number = $0 { true } else { false } }) {
                return try Value.bracket(out)
            }
            return .list(out)
        },
        Builtin("filter", "xs, f", topic: .functional,
                doc: "The elements of xs for which f returns true, as a list.",
                example: "filter(0:10, i -> i % 3 == 0)  # [0, 3, 6, 9]") { a in
            let xs = try a.list(0), f = try a.function(1)
            var out: [Value] = []
            for x in xs where try a.interpreter.call(f, [x]).truth() { out.append(x) }
            return .list(out)
        },
        Builtin("reduce", "xs, f, init", topic: .functional,
                doc: "Folds xs from the left: f(f(f(init, x0), x1), x2)...",
                example: "reduce(1:5, (a, b) -> a * b, 1)  # 24") { a in
            let xs = try a.list(0), f = try a.function(1)
            var acc = try a.value(2)
            for x in xs { acc = try a.interpreter.call(f, [acc, x]) }
            return acc
        },
        Builtin("zip", "a, b", topic: .functional,
                doc: "Pairs up elements: a list of [a_i, b_i] lists, as long as the shorter input.",
                example: "for a, b in zip([1, 2], [\"x\", \"y\"]) { print(a, b) }") { a in
            let xs = try a.list(0), ys = try a.list(1)
            return .list(zip(xs, ys).map { .list([$0, $1]) })
        },
        Builtin("enumerate", "xs", topic: .functional,
                doc: "A list of [i, x] pairs: each element with its position.",
                example: "for i, f in enumerate([relu, tanh]) { print(i, f.name) }") { a in
            let xs = try a.list(0)
            return .list(xs.enumerated().map { .list([.number(Double($0.offset)), $0.element]) })
        },
        Builtin("reverse", "xs", topic: .functional,
                doc: "The elements of a list (or string) in reverse order.",
                example: "reverse([1, \"a\", none])") { a in
            let v = try a.value(0)
            if case .string(let s) = v { return .string(String(s.reversed())) }
            return .list(try a.list(0).reversed())
        },
        Builtin("any", "x", topic: .functional,
                doc: "True if any element is true (non-zero).",
                example: "any([0, 0, 1])  # true") { a in
            let v = try a.value(0)
            if case .tensor(let t) = v { return .bool((0..<t.count).contains { t.element($0) != 0 }) }
            return .bool(try a.list(0).contains { try $0.truth() })
        },
        Builtin("all", "x", topic: .functional,
                doc: "True if every element is true (non-zero).",
                example: "all([1, 2, 3] > 0)  # true") { a in
            let v = try a.value(0)
            if case .tensor(let t) = v { return .bool((0..<t.count).allSatisfy { t.element($0) != 0 }) }
            return .bool(try a.list(0).allSatisfy { try $0.truth() })
        },
        Builtin("apply", "f, args", topic: .functional,
                doc: "Calls f with the elements of the list args as its positional arguments.",
                example: "apply(maximum, [[1, 5], [3, 2]])") { a in
            try a.interpreter.call(try a.function(0), try a.list(1))
        },
    ]
}
