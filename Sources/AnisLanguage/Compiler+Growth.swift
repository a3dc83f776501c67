// Compiler+Growth: `s = s + t`, `xs = xs + ys` and `xs = append(xs, x)` grow the
// variable's string or list in place when nothing else holds it, so a loop that
// builds a value step by step is linear, not quadratic. The variable is emptied
// just before the append (after every operand has been evaluated, so the order
// of evaluation is unchanged); copy-on-write then finds the storage unique.
// `+=` on a name gets the same treatment (Compiler+Assignment.swift).

extension Compiler {
    /// The statement code for `name = value` when `value` grows `name` (see above), else nil.
    /// `general` computes `value` the ordinary way, for every case the fast path does not take.
    func growthAssignment(_ name: String, _ variable: Slot, _ value: Expr, general: @escaping Code) throws -> Code? {
        switch value.kind {
        case .binary(.add, let lhs, let rhs):
            guard case .name(name) = lhs.kind else { return nil }
            let r = try operand(rhs)
            let located = self.located
            return { f in
                guard var current = variable.read(f), Compiler.isGrowable(current) else {
                    variable.write(f, try general(f))
                    return .none
                }
                let b = try r.evaluate(f)
                if Compiler.grow(&current, by: b, variable, f) { return .none }
                do { variable.write(f, try Operators.binary(.add, current, b)) } catch { throw located(error, value.span) }
                return .none
            }
        case .call(let callee, let args):
            guard case .name(let fnName) = callee.kind, fnName == "append", args.count == 2,
                  args.allSatisfy({ $0.label == nil }), case .name(name) = args[0].value.kind else { return nil }
            let appendSlot = slot(for: fnName)
            let item = try expression(args[1].value)
            return { f in
                // Reading names has no side effects, so checking first and falling back is safe.
                guard case .function(let fn)? = appendSlot.read(f), case .builtin(let b) = fn.kind, b.name == "append",
                      var current = variable.read(f), case .list = current else {
                    variable.write(f, try general(f))
                    return .none
                }
                let x = try item(f)
                if !Compiler.grow(&current, by: .list([x]), variable, f) { variable.write(f, try general(f)) }
                return .none
            }
        default:
            return nil
        }
    }

    static func isGrowable(_ v: Value) -> Bool {
        switch v {
        case .string, .list: true
        default: false
        }
    }

    /// `current + b` for two strings or two lists, stored into `slot` with `current`'s
    /// storage reused when the slot held the only other reference. False (and nothing
    /// stored) for any other pair, and past ValueLimits (the general path raises the error).
    static func grow(_ current: inout Value, by b: Value, _ slot: Slot, _ f: Frame) -> Bool {
        switch b {
        case .string(let t):
            guard case .string(var s) = current, ValueLimits.stringFits(bytes: s.utf8.count + t.utf8.count) else { return false }
            slot.write(f, .none)
            current = .none
            s += t
            slot.write(f, .string(s))
        case .list(let ys):
            guard case .list(var xs) = current, !ValueLimits.listExceeds(count: xs.count + ys.count) else { return false }
            slot.write(f, .none)
            current = .none
            xs += ys
            slot.write(f, .list(xs))
        default:
            return false
        }
        return true
    }
}
