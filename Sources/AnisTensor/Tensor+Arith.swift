// Tensor+Arith: + − × ÷ of two tensors through CKernels' vectorised loops (arith.c) for
// the layouts broadcasting produces most: equal shapes, a one-element operand, and one
// operand repeated row by row (a bias over a batch). Other broadcasts take the general
// odometer of Broadcast.swift. The results are those of `binary` with the same operation,
// bit for bit, in both dtypes (ArithKernels.h says why float32 agrees).
import CKernels

extension Tensor {
    /// The four operations the C kernels implement, with their `binary` closures.
    public enum Arith: Int32, Sendable {
        case add = 0, sub = 1, mul = 2, div = 3

        var name: String { ["+", "-", "*", "/"][Int(rawValue)] }

        @inline(__always) func apply(_ x: Double, _ y: Double) -> Double {
            switch self {
            case .add: x + y
            case .sub: x - y
            case .mul: x * y
            case .div: x / y
            }
        }
    }

    /// `a op b` with broadcasting.
    public static func arith(_ op: Arith, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        let dt = DType.result(a, b)
        let a = try a.converted(to: dt, op: op.name), b = try b.converted(to: dt, op: op.name)
        let shape = a.shape == b.shape ? a.shape : try broadcastShape(a.shape, b.shape, op: op.name)
        guard let layout = ArithLayout(a, b, shape) else { return try binary(a, b, op: op.name) { op.apply($0, $1) } }
        let out = try Tensor(uninitializedShape: shape, dtype: dt, op: op.name)
        try out.runArith(op, a, b, layout)
        return out
    }

    /// `self = self + b` in place when `self` already has the broadcast shape and dtype
    /// (autodiff accumulates every gradient with it), otherwise replaced by the sum.
    public mutating func formAdd(_ b: Tensor) throws(TensorError) {
        guard DType.result(self, b) == dtype, let layout = ArithLayout(self, b, shape),
              try Tensor.broadcastShape(shape, b.shape, op: "+") == shape else {
            self = try Tensor.arith(.add, self, b)
            return
        }
        let b = try b.converted(to: dtype, op: "+")
        // A shared storage (a gradient also kept by a tap) gets the sum as a new array: one
        // pass, where a copy and then the addition in place would take two.
        guard claimUnshared() else {
            self = try Tensor.arith(.add, self, b)
            return
        }
        try runArith(.add, self, b, layout)
    }

    /// Runs the kernel over `layout`'s rows into this tensor's storage, polling Ctrl-C
    /// every `pollInterval` elements. `a` may be this tensor itself. Each poll's share is
    /// split across the pool's threads, by rows or, for one long row, by elements (each
    /// element is computed alone, so the split does not change a bit).
    private func runArith(_ op: Arith, _ a: Tensor, _ b: Tensor, _ layout: ArithLayout) throws(TensorError) {
        let l = layout
        guard l.rows > 0 && l.m > 0 else { return }
        if l.rows == 1 {
            Parallel.forEachElementChunk(l.m) { r in arithKernel(op, a, b, l, rows: 0..<1, columns: r) }
            return
        }
        let chunk = Swift.max(1, Tensor.pollInterval / l.m)
        var r = 0
        while r < l.rows {
            let rows = Swift.min(chunk, l.rows - r), first = r
            Parallel.forEachRowChunk(rows, rowLength: l.m) { rr in
                arithKernel(op, a, b, l, rows: first + rr.lowerBound..<first + rr.upperBound, columns: 0..<l.m)
            }
            r += rows
            if r < l.rows { try Interrupt.check() }
        }
    }

    /// The kernel on one block of the layout: `rows` × `columns` of the result.
    @inline(__always)
    private func arithKernel(_ op: Arith, _ a: Tensor, _ b: Tensor, _ l: ArithLayout, rows: Range<Int>, columns: Range<Int>) {
        let r = rows.lowerBound, j = columns.lowerBound
        let aStart = r * l.aRow + j * l.aStep, bStart = r * l.bRow + j * l.bStep, outStart = r * l.m + j
        switch dtype {
        case .float64:
            anis_arith_f64(op.rawValue, a.buffer.typed(Double.self) + aStart, l.aRow, l.aStep, b.buffer.typed(Double.self) + bStart,
                           l.bRow, l.bStep, buffer.typed(Double.self) + outStart, rows.count, columns.count)
        case .float32:
            anis_arith_f32(op.rawValue, a.buffer.typed(Float.self) + aStart, l.aRow, l.aStep, b.buffer.typed(Float.self) + bStart,
                           l.bRow, l.bStep, buffer.typed(Float.self) + outStart, rows.count, columns.count)
        }
    }
}

extension Tensor {
    /// One Adam/AdamW update of `count` elements, in place in the moments m and v, the new
    /// parameters into `out` (ArithKernels.h's formula, computed in double per element).
    public static func adamStep<T: TensorScalar>(p: UnsafePointer<T>, grad: UnsafePointer<T>, m: UnsafeMutableBufferPointer<T>,
                                                 v: UnsafeMutableBufferPointer<T>, out: UnsafeMutablePointer<T>, count n: Int,
                                                 beta1: Double, beta2: Double, eps: Double, coupled: Double, decoupled: Double,
                                                 stepSize: Double, c2Root: Double) {
        guard n > 0, let pm = m.baseAddress, let pv = v.baseAddress, m.count >= n, v.count >= n else { return }
        // Split across the pool's threads: each element's update is computed alone.
        Parallel.forEachElementChunk(n, cost: 2) { r in
            let k = r.lowerBound
            switch T.dtype {
            case .float64:
                anis_adam_f64(UnsafeRawPointer(p + k).assumingMemoryBound(to: Double.self), UnsafeRawPointer(grad + k).assumingMemoryBound(to: Double.self),
                              UnsafeMutableRawPointer(pm + k).assumingMemoryBound(to: Double.self), UnsafeMutableRawPointer(pv + k).assumingMemoryBound(to: Double.self),
                              UnsafeMutableRawPointer(out + k).assumingMemoryBound(to: Double.self), r.count, beta1, beta2, eps, coupled, decoupled, stepSize, c2Root)
            case .float32:
                anis_adam_f32(UnsafeRawPointer(p + k).assumingMemoryBound(to: Float.self), UnsafeRawPointer(grad + k).assumingMemoryBound(to: Float.self),
                              UnsafeMutableRawPointer(pm + k).assumingMemoryBound(to: Float.self), UnsafeMutableRawPointer(pv + k).assumingMemoryBound(to: Float.self),
                              UnsafeMutableRawPointer(out + k).assumingMemoryBound(to: Float.self), r.count, beta1, beta2, eps, coupled, decoupled, stepSize, c2Root)
            }
        }
    }
}

/// How two operands meet the result of `shape` as rows of m elements: an operand either
/// runs along the row (step 1) or is one value per row (step 0), and moves by its row
/// stride from row to row. Nil for broadcasts this does not cover.
struct ArithLayout {
    let rows: Int, m: Int
    let aRow: Int, aStep: Int, bRow: Int, bStep: Int

    init?(_ a: Tensor, _ b: Tensor, _ shape: [Int]) {
        let n = a.shape == shape ? a.count : b.count
        if shape.contains(0) {
            (rows, m, aRow, aStep, bRow, bStep) = (0, 0, 0, 0, 0, 0)
        } else if a.shape == b.shape {
            (rows, m, aRow, aStep, bRow, bStep) = (1, n, 0, 1, 0, 1)
        } else if a.count == 1 || b.count == 1 {
            if a.shape != shape && b.shape != shape { return nil }
            (rows, m) = (1, a.count == 1 ? b.count : a.count)
            (aRow, aStep, bRow, bStep) = (0, a.count == 1 ? 0 : 1, 0, b.count == 1 ? 0 : 1)
        } else if a.shape == shape, ArithLayout.isRow(b.shape, of: shape) {
            (rows, m, aRow, aStep, bRow, bStep) = (n / b.count, b.count, b.count, 1, 0, 1)
        } else if b.shape == shape, ArithLayout.isRow(a.shape, of: shape) {
            (rows, m, aRow, aStep, bRow, bStep) = (n / a.count, a.count, 0, 1, a.count, 1)
        } else {
            return nil
        }
    }

    /// Whether `row` (leading 1s dropped) is the trailing part of `shape`.
    static func isRow(_ row: [Int], of shape: [Int]) -> Bool {
        let r = row.drop(while: { $0 == 1 })
        return shape.suffix(r.count).elementsEqual(r)
    }
}
