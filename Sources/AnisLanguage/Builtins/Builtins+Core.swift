// Builtins+Core: printing, types, conversions, session settings.
import AnisTensor
import Glibc

extension Builtins {
    static let core: [Builtin] = [
        Builtin("print", "values...", topic: .core,
                doc: "Prints the values separated by spaces, then a newline. Strings print without quotes; tensors print like NumPy.",
                example: "print(\"loss\", 0.25)  # loss 0.25") { a in
            let items = try a.list(0)
            a.interpreter.output(items.map { a.interpreter.display($0) }.joined(separator: " ") + "\n")
            return .none
        },
        Builtin("show", "value", topic: .core,
                doc: "Prints a value the way the REPL shows it (strings quoted; plots drawn). In a Jupyter notebook a plot is shown inline as an image.",
                example: "show([1, 2])") { a in
            let value = try a.value(0)
            if let rich = a.interpreter.richDisplay, rich(value) { return .none }
            a.interpreter.output(a.interpreter.render(value) + "\n")
            return .none
        },
        Builtin("type", "x", topic: .core,
                doc: "The type of a value as a string: number, bool, string, none, tensor, list, record, function, range.",
                example: "type([1, 2])  # \"tensor\"") { a in
            .string(try a.value(0).typeName)
        },
        Builtin("str", "x", topic: .core,
                doc: "Converts a value to the string print would write.",
                example: "str(3) + \"x\"  # \"3x\"") { a in
            .string(a.interpreter.display(try a.value(0)))
        },
        Builtin("num", "x", topic: .core,
                doc: "Converts a string, bool or one-element tensor to a number. As in Python's float(), whitespace around the number (spaces, tabs, line breaks) is ignored, so num(\"2.5\\n\") is 2.5; a string that is not a number is an error.",
                example: "num(\"2.5\") * 2  # 5") { a in
            let v = try a.value(0)
            if case .string(let s) = v {
                guard let d = Double(s.trimmingWhitespace()) else { throw RuntimeError("num: \(Interpreter.quoted(s)) is not a number") }
                return .number(d)
            }
            guard let d = v.scalar else { throw a.fail(0, "must be a string, bool or one-element tensor, got \(v.typeDescription)") }
            return .number(d)
        },
        Builtin("len", "x", topic: .core,
                doc: "Length of a list, string, record or range, or the first dimension of a tensor.",
                example: "len(zeros(3, 4))  # 3") { a in
            let v = try a.value(0)
            switch v {
            case .list(let xs): return .number(Double(xs.count))
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.count))
            case .range(let r): return .number(Double(r.count))
            case .tensor(let t): return .number(Double(t.rank == 0 ? 1 : t.shape[0]))
            default: throw a.fail(0, "has no length (\(v.typeDescription))")
            }
        },
        Builtin("keys", "r", topic: .core,
                doc: "The field names of a record, as a list of strings.",
                example: "keys({lr: 0.1, steps: 5})  # [\"lr\", \"steps\"]") { a in
            let v = try a.value(0)
            guard case .record(let r) = v else { throw a.fail(0, "must be a record, got \(v.typeDescription)") }
            return .list(r.keys.map { .string($0) })
        },
        Builtin("seed", "n: none, stream: \"v1\"", topic: .random,
                doc: "Reseeds the random generator and returns none; with no argument, returns the seed last set. Scripts start from seed 0 unless --seed is given. The same seed gives the same numbers on every machine and in every anis version: the numbers come from a named, versioned stream (\"v1\": PCG64 seeded through SplitMix64, Marsaglia's polar normals). A future stream gets a new name and this one stays selectable with stream: \"v1\". rng_state saves and restores the exact position in the stream.",
                example: "seed(0); randn(3)\nseed()") { a in
            let stream = try a.string(1)
            guard PCG64.knownStreams.contains(stream) else {
                throw a.fail(1, "names no random stream: '\(stream)' (known: \(PCG64.knownStreams.joined(separator: ", ")))")
            }
            guard a.optional(0) != nil else { return .number(Double(a.interpreter.currentSeed)) }
            let n = try a.int(0)
            guard n >= 0 else { throw a.fail(0, "must be a non-negative integer, got \(n)") }
            a.interpreter.seed(UInt64(n))
            return .none
        },
        Builtin("session_info", "", topic: .core,
                doc: "A record of what decides the numbers this session prints: anis's version and commit, the random stream and the seed last set, the BLAS library (its build, kernel core and threads), the threads of anis's own loops, LAPACK, the OS and the CPU. A reprex ends with it; anis --version --verbose prints the same.",
                example: "info = session_info()\ninfo.random_stream") { a in
            SessionInfo(seed: a.interpreter.currentSeed).record
        },
        Builtin("rng_state", "state: none", topic: .random,
                doc: "With no argument, returns the random generator's whole state as a string (the stream name, then its state in hex); rng_state(s) sets the generator back to a state saved earlier, so the same numbers are drawn again. The string can be printed and pasted into another session.",
                example: "s = rng_state(); a = rand(2)\nrng_state(s); b = rand(2)\nall(a == b)") { a in
            guard a.optional(0) != nil else { return .string(a.interpreter.rng.stateToken) }
            let token = try a.string(0)
            guard let rng = PCG64(stateToken: token) else {
                throw a.fail(0, "is not a generator state from rng_state() (expected \"\(PCG64.streamName):<32 hex>:<32 hex>:<16 hex or ->\")")
            }
            a.interpreter.rng = rng
            return .none
        },
        Builtin("precision", "digits", topic: .core,
                doc: "Sets how many digits after the decimal point numbers and tensors print with. Tensors use 4 by default; a single number prints as the shortest text that reads back to the same value (1.3893212202926497) until precision is called. Returns the previous setting.",
                example: "precision(8); pi") { a in
            let n = try a.int(0)
            guard (0...17).contains(n) else { throw a.fail(0, "must be between 0 and 17, got \(n)") }
            let old = a.interpreter.format.precision
            a.interpreter.format.precision = n
            a.interpreter.format.shortestScalars = false
            return .number(Double(old))
        },
        Builtin("assert", "condition, message: \"assertion failed\"", topic: .core,
                doc: "Stops with an error carrying `message` unless the condition is true.",
                example: "A = randn(4, 3)\nassert(rank(A) == 3, message: \"A should have full rank\")") { a in
            let v = try a.value(0)
            let ok: Bool
            do { ok = try v.truth() } catch { throw a.fail(0, "must be true or false, got \(v.typeDescription)") }
            if !ok { throw RuntimeError(a.interpreter.display(try a.value(1))) }
            return .none
        },
        Builtin("error", "message", topic: .core,
                doc: "Stops the program with an error showing `message` (and where it was raised).",
                example: "x = 2\nif x < 0 { error(\"x must be positive\") }") { a in
            throw RuntimeError(a.interpreter.display(try a.value(0)))
        },
        Builtin("include", "path", topic: .core,
                doc: "Runs an anis file in the global scope, as if its text stood here: the functions and variables it defines become globals (a library of model pieces shared by several scripts). Inside it script_dir is the included file's folder; a relative path is read from the working directory, so scripts write \"{script_dir}/lib.anis\". Errors point into the included file. Returns none.",
                example: "include(\"{script_dir}/lib/transformer.anis\")") { a in
            try a.interpreter.include(try a.string(0))
        },
        Builtin("clock", "", topic: .core,
                doc: "Seconds since an arbitrary starting point, from a monotonic clock: subtract two readings to time code.",
                example: "t = clock(); svd(randn(500, 500)); print(clock() - t)") { _ in
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return .number(Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9)
        },
        Builtin("isnone", "x", topic: .core,
                doc: "True when x is none.",
                example: "isnone(none)  # true") { a in
            if case .none = try a.value(0) { return .bool(true) }
            return .bool(false)
        },
        Builtin("format", "x, digits: 4", topic: .core,
                doc: "A number formatted with a fixed number of digits after the decimal point, as a string; a tensor as print would show it with `digits` digits (one call, the session's precision is unchanged).",
                example: "format(pi, digits: 2)  # \"3.14\"\nprint(format([1/3, 2], digits: 2))  # [0.33, 2.00]") { a in
            let d = try a.int(1)
            guard (0...17).contains(d) else { throw a.fail(1, "must be between 0 and 17, got \(d)") }
            if case .tensor(let t) = try a.value(0) {
                var format = a.interpreter.format
                format.precision = d
                format.shortestScalars = false
                return .string(t.formatted(format))
            }
            return .string(String(printf: "%.\(d)f", try a.number(0)))
        },
    ]
}
