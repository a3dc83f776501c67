// Tensor+Indexing: NumPy-style basic and array indexing (`A[i]`, `A[a:b:s]`,
// `A[[0, 2]]`, `A[mask]`) for reading (`subscripted`) and writing (`assign`).

/// How one axis is indexed.
public enum IndexSpec: Sendable {
    /// One position (negative counts from the end); the axis is dropped.
    case index(Int)
    /// A Python slice; missing parts take the defaults, bounds clamp, step 0 is an error.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// The whole axis.
    case all
    /// Listed positions along the axis, in order (repeats allowed).
    case indices([Int])
    /// A 0/1 tensor: rank-1 over this axis, or (as the only spec) the tensor's full shape.
    case mask(Tensor)
}

/// One axis resolved to positions: an arithmetic run or an explicit list.
struct AxisSelection {
    var start = 0, step = 1, count = 0
    var list: [Int]? = nil
    var keep = true

    func position(_ k: Int) -> Int { list?[k] ?? start + k * step }
}

extension Tensor {
    /// Python's `slice.indices`: (start, step, count) of the clamped slice over `n` elements.
    static func resolveSlice(start: Int?, stop: Int?, step: Int?, n: Int) throws(TensorError) -> (Int, Int, Int) {
        let st = step ?? 1
        guard st != 0 else { throw TensorError("index: slice step cannot be zero") }
        func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int {
            let w = v < 0 ? v + n : v  // v < 0, n >= 0: no overflow
            return w < lo ? lo : (w > hi ? hi : w)
        }
        if st > 0 {
            let a = start.map { clamp($0, 0, n) } ?? 0
            let b = stop.map { clamp($0, 0, n) } ?? n
            return (a, st, b > a ? (b - a - 1) / st + 1 : 0)
        }
        let a = start.map { clamp($0, -1, n - 1) } ?? n - 1
        let b = stop.map { clamp($0, -1, n - 1) } ?? -1
        let count = a > b ? Int((UInt(a - b) - 1) / st.magnitude) + 1 : 0
        return (a, st, count)
    }

    static func checkedIndex(_ i: Int, axis: Int, size n: Int) throws(TensorError) -> Int {
        let j = i < 0 ? i + n : i
        guard j >= 0 && j < n else {
            throw TensorError("index \(i) is out of bounds for axis \(axis) with size \(n)")
        }
        return j
    }

    /// Each axis resolved, or nil for a single full-shape boolean mask (handled separately).
    func resolve(_ specs: [IndexSpec]) throws(TensorError) -> [AxisSelection]? {
        if specs.count == 1, case .mask(let m) = specs[0], m.shape == shape, rank != 1 { return nil }
        guard specs.count <= rank else {
            throw TensorError("index: too many indices (\(specs.count)) for tensor of shape \(shapeDescription)")
        }
        var sels: [AxisSelection] = []
        sels.reserveCapacity(rank)
        for d in 0..<rank {
            let n = shape[d]
            var s = AxisSelection()
            switch d < specs.count ? specs[d] : .all {
            case .all:
                s.count = n
            case .index(let i):
                s.start = try Tensor.checkedIndex(i, axis: d, size: n)
                s.count = 1
                s.keep = false
            case .slice(let a, let b, let st):
                (s.start, s.step, s.count) = try Tensor.resolveSlice(start: a, stop: b, step: st, n: n)
            case .indices(let list):
                var l = [Int](repeating: 0, count: list.count)
                for (k, i) in list.enumerated() { l[k] = try Tensor.checkedIndex(i, axis: d, size: n) }
                s.list = l
                s.count = l.count
            case .mask(let m):
                guard m.shape == [n] else {
                    throw TensorError("index: boolean mask of shape \(m.shapeDescription) does not match axis \(d) of shape \(shapeDescription)")
                }
                var l: [Int] = []
                m.forEachElement { k, v in if v != 0 { l.append(k) } }
                s.list = l
                s.count = l.count
            }
            sels.append(s)
        }
        return sels
    }

    /// Calls `body(source offset, result offset, run length)` for every contiguous run of the
    /// selection, in row-major order of the result. Trailing whole axes (and one step-1 range
    /// before them) merge into a single run, so `A[i]` and `A[a:b]` are one copy.
    @inline(__always)
    func walk(_ sels: [AxisSelection], _ body: (Int, Int, Int) -> Void) throws(TensorError) {
        let strides = Tensor.strides(shape)
        var total = 1
        for s in sels { total *= s.count }
        if total == 0 { return }
        var block = 1, base = 0, m = sels.count
        while m > 0 {
            let s = sels[m - 1]
            guard s.list == nil && (s.step == 1 || s.count == 1) else { break }
            base += s.start * strides[m - 1]
            block *= s.count
            m -= 1
            if s.count != shape[m] { break }
        }
        if m == 0 { body(base, 0, block); return }
        var offs: [[Int]] = []
        for d in 0..<m {
            let s = sels[d], st = strides[d]
            offs.append((0..<s.count).map { s.position($0) * st })
        }
        let last = offs[m - 1]
        var idx = [Int](repeating: 0, count: m)
        var off = base
        for d in 0..<(m - 1) { off += offs[d][0] }
        var dst = 0, sincePoll = 0
        while dst < total {
            for j in last {
                body(off + j, dst, block)
                dst += block
            }
            sincePoll += last.count * block
            if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            var d = m - 2
            while d >= 0 {
                off -= offs[d][idx[d]]
                idx[d] += 1
                if idx[d] < offs[d].count { off += offs[d][idx[d]]; break }
                idx[d] = 0
                off += offs[d][0]
                d -= 1
            }
            if d < 0 { break }
        }
    }

    func maskPositions(_ m: Tensor) -> [Int] {
        var l: [Int] = []
        m.forEachElement { k, v in if v != 0 { l.append(k) } }
        return l
    }

    /// The elements selected by `specs` (NumPy semantics; several `.indices`/`.mask` specs
    /// select orthogonally, like `np.ix_`, rather than pairing up).
    public func subscripted(_ specs: [IndexSpec]) throws(TensorError) -> Tensor {
        switch dtype {
        case .float64: return try subscripted(Double.self, specs)
        case .float32: return try subscripted(Float.self, specs)
        }
    }

    private func subscripted<T: TensorScalar>(_: T.Type, _ specs: [IndexSpec]) throws(TensorError) -> Tensor {
        if specs.isEmpty { return self }
        guard let sels = try resolve(specs) else {
            guard case .mask(let m) = specs[0] else { return self }
            var selected = 0
            m.forEachElement { _, v in if v != 0 { selected += 1 } }
            let out = try Tensor(uninitializedShape: [selected], dtype: T.dtype, op: "index")
            let p = UnsafePointer(buffer.typed(T.self)), po = out.buffer.typed(T.self)
            var k = 0
            m.forEachElement { i, v in if v != 0 { po[k] = p[i]; k += 1 } }
            return out
        }
        let out = try Tensor(uninitializedShape: sels.filter(\.keep).map(\.count), dtype: T.dtype, op: "index")
        let p = UnsafePointer(buffer.typed(T.self)), po = out.buffer.typed(T.self)
        try walk(sels) { src, dst, len in
            if len == 1 { po[dst] = p[src] } else { (po + dst).update(from: p + src, count: len) }
        }
        return out
    }

    /// The shape `subscripted(specs)` would have, without copying anything.
    public func selectionShape(_ specs: [IndexSpec]) throws(TensorError) -> [Int] {
        guard let sels = try resolve(specs) else {
            if case .mask(let m)? = specs.first { return [maskPositions(m).count] }
            return shape
        }
        return sels.filter(\.keep).map(\.count)
    }

    /// Writes `value`, broadcast to the shape `subscripted(specs)` would have, into the selection
    /// (rounded to this tensor's dtype when it is float32, as NumPy casts on assignment).
    public mutating func assign(_ specs: [IndexSpec], value: Tensor) throws(TensorError) {
        switch dtype {
        case .float64: try assign(Double.self, specs, value: value.converted(to: .float64, op: "assign"))
        case .float32: try assign(Float.self, specs, value: value.converted(to: .float32, op: "assign"))
        }
    }

    private mutating func assign<T: TensorScalar>(_: T.Type, _ specs: [IndexSpec], value: Tensor) throws(TensorError) {
        guard let sels = try resolve(specs) else {
            guard case .mask(let m) = specs[0] else { return }
            let pos = maskPositions(m)
            let v = try value.broadcast(to: [pos.count], op: "assign")
            try makeUniqueChecked(op: "assign")
            let p = buffer.typed(T.self), pv = UnsafePointer(v.buffer.typed(T.self))
            for (k, i) in pos.enumerated() { p[i] = pv[k] }
            return
        }
        let region = sels.filter(\.keep).map(\.count)
        let v: Tensor
        do {
            v = try value.broadcast(to: region, op: "assign")
        } catch {
            throw TensorError("assign: cannot broadcast value of shape \(value.shapeDescription) to selection of shape \(Tensor.describe(region))")
        }
        try makeUniqueChecked(op: "assign")
        let p = buffer.typed(T.self), pv = UnsafePointer(v.buffer.typed(T.self))
        if v.count == 1 && value.count == 1 {
            let x = pv[0]
            try walk(sels) { dst, _, len in
                if len == 1 { p[dst] = x } else { (p + dst).update(repeating: x, count: len) }
            }
            return
        }
        try walk(sels) { dst, src, len in
            if len == 1 { p[dst] = pv[src] } else { (p + dst).update(from: pv + src, count: len) }
        }
    }
}
