// Broadcast: NumPy broadcasting rules and the binary elementwise kernel, with fast
// paths for equal shapes, one-element operands and trailing-shape rows, and a
// coalesced strided odometer for everything else.

extension Tensor {
    /// Elements processed between two `Interrupt.check()` polls in long loops.
    public static let pollInterval = 1 << 16

    /// The NumPy broadcast of two shapes; throws `"+: shapes (3, 4) and (5,) cannot broadcast"`.
    public static func broadcastShape(_ a: [Int], _ b: [Int], op: String) throws(TensorError) -> [Int] {
        let r = Swift.max(a.count, b.count)
        let offA = r - a.count, offB = r - b.count
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < offA ? 1 : a[i - offA]
            let db = i < offB ? 1 : b[i - offB]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                throw TensorError("\(op): shapes \(describe(a)) and \(describe(b)) cannot broadcast")
            }
        }
        return out
    }

    /// Strides (in elements) of a tensor of `shape` viewed as `target`, with 0 along broadcast axes.
    /// `shape` must broadcast to `target`.
    @usableFromInline static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let off = target.count - shape.count
        var s = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 {
            s[i + off] = own[i]
        }
        return s
    }

    /// Drops extent-1 axes and merges adjacent axes that every operand walks contiguously,
    /// so the odometer's inner loop is as long as possible. `strides[k]` belongs to operand k.
    @usableFromInline static func coalesce(_ shape: [Int], _ strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var shp: [Int] = []
        var st = [[Int]](repeating: [], count: strides.count)
        for d in 0..<shape.count where shape[d] != 1 {
            if let last = shp.last {
                var mergeable = true
                for k in 0..<strides.count where st[k][st[k].count - 1] != strides[k][d] * shape[d] {
                    mergeable = false
                }
                if mergeable {
                    shp[shp.count - 1] = last * shape[d]
                    for k in 0..<strides.count { st[k][st[k].count - 1] = strides[k][d] }
                    continue
                }
            }
            shp.append(shape[d])
            for k in 0..<strides.count { st[k].append(strides[k][d]) }
        }
        if shp.isEmpty {
            shp = [1]
            for k in 0..<strides.count { st[k] = [0] }
        }
        return (shp, st)
    }

    /// `f` applied elementwise to `a` and `b` broadcast together; `op` names the operation in errors.
    /// The result's dtype is `DType.result(a, b)`; in float32 each element is computed in
    /// float64 and rounded once (for + − × ÷ that is exactly float32 arithmetic).
    @inlinable @inline(__always)
    public static func binary(_ a: Tensor, _ b: Tensor, op: String,
                              _ f: (Double, Double) -> Double) throws(TensorError) -> Tensor {
        switch DType.result(a, b) {
        case .float64:
            return try binaryKernel(a.converted(to: .float64, op: op), b.converted(to: .float64, op: op), op: op, f)
        case .float32:
            return try binaryKernel(a.converted(to: .float32, op: op), b.converted(to: .float32, op: op), op: op) {
                Float(f(Double($0), Double($1)))
            }
        }
    }

    /// `binary` for two tensors of element type `T`, giving a `T` tensor.
    @inlinable @inline(__always)
    public static func binaryKernel<T: TensorScalar>(_ a: Tensor, _ b: Tensor, op: String,
                                                     _ f: (T, T) -> T) throws(TensorError) -> Tensor {
        let pa = UnsafePointer(a.buffer.typed(T.self)), pb = UnsafePointer(b.buffer.typed(T.self))
        // Equal shapes: one tight loop.
        if a.shape == b.shape {
            let out = try Tensor(uninitializedShape: a.shape, dtype: T.dtype, op: op)
            let po = out.buffer.typed(T.self)
            let n = out.count
            var s = 0
            while s < n {
                let e = Swift.min(n, s + pollInterval)
                for i in s..<e { po[i] = f(pa[i], pb[i]) }
                s = e
                if s < n { try Interrupt.check() }
            }
            return out
        }
        let shape = try broadcastShape(a.shape, b.shape, op: op)
        let out = try Tensor(uninitializedShape: shape, dtype: T.dtype, op: op)
        let po = out.buffer.typed(T.self)
        let n = out.count
        if n == 0 { return out }
        // One-element operand on either side: its single value meets every element of the other.
        if a.count == 1 || b.count == 1 {
            var s = 0
            if a.count == 1 {
                let x = pa[0]
                while s < n {
                    let e = Swift.min(n, s + pollInterval)
                    for i in s..<e { po[i] = f(x, pb[i]) }
                    s = e
                    if s < n { try Interrupt.check() }
                }
            } else {
                let y = pb[0]
                while s < n {
                    let e = Swift.min(n, s + pollInterval)
                    for i in s..<e { po[i] = f(pa[i], y) }
                    s = e
                    if s < n { try Interrupt.check() }
                }
            }
            return out
        }
        // Row broadcasting: one operand's shape is the other's trailing shape.
        let rowB = b.shape.drop(while: { $0 == 1 }), rowA = a.shape.drop(while: { $0 == 1 })
        if a.shape == shape && shape.suffix(rowB.count).elementsEqual(rowB) {
            let m = b.count
            var base = 0
            while base < n {
                for j in 0..<m { po[base + j] = f(pa[base + j], pb[j]) }
                base += m
                if base % pollInterval < m { try Interrupt.check() }
            }
            return out
        }
        if b.shape == shape && shape.suffix(rowA.count).elementsEqual(rowA) {
            let m = a.count
            var base = 0
            while base < n {
                for j in 0..<m { po[base + j] = f(pa[j], pb[base + j]) }
                base += m
                if base % pollInterval < m { try Interrupt.check() }
            }
            return out
        }
        // General case: coalesced odometer over the broadcast shape.
        let (shp, st) = coalesce(shape, [broadcastStrides(a.shape, to: shape),
                                         broadcastStrides(b.shape, to: shape)])
        let r = shp.count
        let inner = shp[r - 1], sa = st[0][r - 1], sb = st[1][r - 1]
        var idx = [Int](repeating: 0, count: r)
        var offA = 0, offB = 0, o = 0, sincePoll = 0
        while o < n {
            var ia = offA, ib = offB
            for j in 0..<inner {
                po[o + j] = f(pa[ia], pb[ib])
                ia += sa
                ib += sb
            }
            o += inner
            sincePoll += inner
            if sincePoll >= pollInterval {
                sincePoll = 0
                try Interrupt.check()
            }
            var d = r - 2
            while d >= 0 {
                idx[d] += 1
                offA += st[0][d]
                offB += st[1][d]
                if idx[d] < shp[d] { break }
                offA -= st[0][d] * shp[d]
                offB -= st[1][d] * shp[d]
                idx[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// `self = f(self, b)` in place when `self` already has the broadcast shape and dtype;
    /// otherwise `self` is replaced by the broadcast result.
    @inlinable @inline(__always)
    public mutating func formBinary(_ b: Tensor, op: String,
                                    _ f: (Double, Double) -> Double) throws(TensorError) {
        switch (dtype, DType.result(self, b)) {
        case (.float64, .float64): try formBinaryKernel(b.converted(to: .float64, op: op), op: op, f)
        case (.float32, .float32):
            try formBinaryKernel(b.converted(to: .float32, op: op), op: op) { (x: Float, y: Float) in Float(f(Double(x), Double(y))) }
        default: self = try Tensor.binary(self, b, op: op, f)
        }
    }

    @inlinable @inline(__always)
    mutating func formBinaryKernel<T: TensorScalar>(_ b: Tensor, op: String, _ f: (T, T) -> T) throws(TensorError) {
        let shape = try Tensor.broadcastShape(self.shape, b.shape, op: op)
        let trailing = b.shape.drop(while: { $0 == 1 })
        if shape != self.shape || (b.count != 1 && !shape.suffix(trailing.count).elementsEqual(trailing)) {
            self = try Tensor.binaryKernel(self, b, op: op, f)
            return
        }
        try makeUniqueChecked(op: op)
        let pa = buffer.typed(T.self), pb = UnsafePointer(b.buffer.typed(T.self))
        let n = count, m = b.count
        if m == 1 {
            let y = pb[0]
            var s = 0
            while s < n {
                let e = Swift.min(n, s + Tensor.pollInterval)
                for i in s..<e { pa[i] = f(pa[i], y) }
                s = e
                if s < n { try Interrupt.check() }
            }
            return
        }
        // Same shape or trailing-shape rows: walk b cyclically.
        var base = 0
        while base < n {
            for j in 0..<m { pa[base + j] = f(pa[base + j], pb[j]) }
            base += m
            if base % Tensor.pollInterval < m { try Interrupt.check() }
        }
    }

    /// This tensor's elements repeated to `target`, which its shape must broadcast to.
    public func broadcast(to target: [Int], op: String = "broadcast") throws(TensorError) -> Tensor {
        let s = try Tensor.broadcastShape(shape, target, op: op)
        guard s == target else {
            throw TensorError("\(op): cannot broadcast shape \(shapeDescription) to \(Tensor.describe(target))")
        }
        if shape == target { return self }
        switch dtype {
        case .float64: return try broadcastKernel(Double.self, to: target, op: op)
        case .float32: return try broadcastKernel(Float.self, to: target, op: op)
        }
    }

    private func broadcastKernel<T: TensorScalar>(_: T.Type, to target: [Int], op: String) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: target, dtype: T.dtype, op: op)
        let n = out.count
        if n == 0 { return out }
        let src = UnsafePointer(buffer.typed(T.self)), po = out.buffer.typed(T.self)
        if count == 1 {
            po.initialize(repeating: src[0], count: n)
            return out
        }
        try Tensor.gatherStrided(from: src, shape: target, strides: Tensor.broadcastStrides(shape, to: target), into: po)
        return out
    }
}

extension Tensor {
    /// Copies the strided view (`shape`, element `strides`, starting at `src`) into the
    /// contiguous row-major buffer `dst`: the one odometer behind broadcasting and
    /// axis permutation. Adjacent axes are merged first, the innermost run is copied
    /// in one go when contiguous, and Ctrl-C is polled every `pollInterval` elements.
    static func gatherStrided<T>(from src: UnsafePointer<T>, shape: [Int], strides: [Int],
                                 into dst: UnsafeMutablePointer<T>) throws(TensorError) {
        let n = shape.reduce(1, *)
        guard n > 0 else { return }
        let (shp, st) = Tensor.coalesce(shape, [strides])
        let r = shp.count
        let inner = shp[r - 1], si = st[0][r - 1]
        var idx = [Int](repeating: 0, count: r)
        var off = 0, o = 0, sincePoll = 0
        while o < n {
            if si == 1 {
                (dst + o).update(from: src + off, count: inner)
            } else {
                var i = off
                for j in 0..<inner { dst[o + j] = src[i]; i += si }
            }
            o += inner
            sincePoll += inner
            if sincePoll >= Tensor.pollInterval {
                sincePoll = 0
                try Interrupt.check()
            }
            var d = r - 2
            while d >= 0 {
                idx[d] += 1
                off += st[0][d]
                if idx[d] < shp[d] { break }
                off -= st[0][d] * shp[d]
                idx[d] = 0
                d -= 1
            }
        }
    }
}
