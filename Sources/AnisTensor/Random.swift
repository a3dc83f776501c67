// Random: anis's own seeded generator, so a seed gives the same numbers on every machine.
//
// Generator: PCG64 exactly as M. E. O'Neill's pcg64 (pcg_setseq_128_xsl_rr_64): a 128-bit
// LCG `state = state * 0x2360ed051fc65da44385df649fccf645 + inc` (inc odd, chosen by the
// stream), advanced before each output; output XSL-RR: `rotr64(hi64(state) ^ lo64(state),
// state >> 122)`. Seeding follows pcg64_srandom_r(initstate, initseq): inc = initseq<<1 | 1,
// state = 0, step, state += initstate, step. `PCG64(seed:)` draws initstate and initseq
// (128 bits each, high word first) from four outputs of SplitMix64 started at `seed`.
// Uniform doubles in [0, 1): `Double(next() >> 11) * 0x1p-53`.
// Normals: Marsaglia's polar method (u, v uniform in [-1, 1), s = u²+v², reject s ≥ 1 or
// s = 0, both `u·√(-2 ln s / s)` and `v·√(…)` are used, the second cached for the next call).
// Only +, -, *, /, sqrt (exact in IEEE) and glibc's log are involved.
// Bounded integers: Lemire's multiply-shift with rejection (unbiased).
import Glibc

/// SplitMix64 (Steele, Lea, Flood), used only to expand a 64-bit seed.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}

/// O'Neill's pcg64 (128-bit LCG, XSL-RR output): seeded, fast, reproducible everywhere.
public struct PCG64: Sendable {
    public internal(set) var state: UInt128
    public internal(set) var increment: UInt128
    // Internal (not private) so RandomState.swift can save and restore them.
    var spare: Double = 0
    var hasSpare = false

    static let multiplier: UInt128 = 0x2360ed051fc65da44385df649fccf645

    /// A generator whose whole stream is fixed by `seed` (via SplitMix64).
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        let s0 = sm.next(), s1 = sm.next(), q0 = sm.next(), q1 = sm.next()
        self.init(initState: UInt128(s0) << 64 | UInt128(s1), initSequence: UInt128(q0) << 64 | UInt128(q1))
    }

    /// Seeding exactly as the reference `pcg64_srandom_r(initstate, initseq)`.
    public init(initState: UInt128, initSequence: UInt128) {
        increment = (initSequence << 1) | 1
        state = 0
        step()
        state &+= initState
        step()
    }

    @inline(__always) private mutating func step() {
        state = state &* PCG64.multiplier &+ increment
    }

    /// XSL-RR: the output for a state.
    @inline(__always) static func output(_ state: UInt128) -> UInt64 {
        let rot = UInt64(truncatingIfNeeded: state >> 122)
        let x = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
        return (x >> rot) | (x << ((64 &- rot) & 63))
    }

    /// The next 64 random bits.
    @inline(__always) public mutating func next() -> UInt64 {
        step()
        return PCG64.output(state)
    }

    /// Fills `p[0..<count]` with the next `count` outputs, exactly as `count` calls of
    /// `next()`. One state after another is a chain of dependent 128-bit multiplies; four
    /// interleaved chains, each jumping four states at once (s ↦ a⁴s + c·(1 + a + a² + a³)),
    /// let the multiplies overlap.
    public mutating func fill(_ p: UnsafeMutablePointer<UInt64>, _ count: Int) {
        var k = 0
        if count >= 8 {
            let a = PCG64.multiplier, a2 = a &* a, a4 = a2 &* a2
            let c4 = increment &* (1 &+ a &+ a2 &+ a2 &* a)
            step(); var s0 = state
            step(); var s1 = state
            step(); var s2 = state
            step(); var s3 = state
            // s0…s3 are the states of outputs k…k+3.
            while true {
                p[k] = PCG64.output(s0); p[k + 1] = PCG64.output(s1)
                p[k + 2] = PCG64.output(s2); p[k + 3] = PCG64.output(s3)
                k += 4
                if k + 4 > count { break }
                s0 = s0 &* a4 &+ c4; s1 = s1 &* a4 &+ c4; s2 = s2 &* a4 &+ c4; s3 = s3 &* a4 &+ c4
            }
            state = s3
        }
        while k < count { p[k] = next(); k += 1 }
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always) public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Two independent standard normals by Marsaglia's polar method.
    @inline(__always) mutating func normalPair() -> (Double, Double) {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s < 1 && s > 0 {
                let f = (-2 * Glibc.log(s) / s).squareRoot()
                return (u * f, v * f)
            }
        }
    }

    /// A standard normal (mean 0, variance 1).
    public mutating func normal() -> Double {
        if hasSpare {
            hasSpare = false
            return spare
        }
        let (a, b) = normalPair()
        spare = b
        hasSpare = true
        return a
    }

    /// A uniform integer in `0..<n` (0 when `n ≤ 1`), without modulo bias.
    public mutating func int(below n: Int) -> Int {
        guard n > 1 else { return 0 }
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let t = (0 &- bound) % bound
            while m.low < t { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Fills `p[0..<n]` with standard normals, consuming the stream exactly as `n` calls of `normal()`.
    mutating func fillNormals(_ p: UnsafeMutablePointer<Double>, _ n: Int) throws(TensorError) {
        var i = 0
        if n > 0 && hasSpare { p[0] = spare; hasSpare = false; i = 1 }
        var sincePoll = 0
        while i + 1 < n {
            let (a, b) = normalPair()
            p[i] = a
            p[i + 1] = b
            i += 2
            sincePoll += 2
            if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
        }
        if i < n { p[i] = normal() }
    }
}

extension Tensor {
    /// Uniform samples in [0, 1).
    public static func rand(_ shape: [Int], rng: inout PCG64) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: shape, op: "rand")
        let p = out.storage.pointer
        let n = out.count
        var s = 0
        while s < n {
            let e = Swift.min(n, s + pollInterval)
            for i in s..<e { p[i] = rng.uniform() }
            s = e
            if s < n { try Interrupt.check() }
        }
        return out
    }

    /// Standard normal samples.
    public static func randn(_ shape: [Int], rng: inout PCG64) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: shape, op: "randn")
        try rng.fillNormals(out.storage.pointer, out.count)
        return out
    }

    /// Uniform integers in `low..<high` (as doubles); throws unless `low < high`.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int], rng: inout PCG64) throws(TensorError) -> Tensor {
        guard low < high else { throw TensorError("randint: low (\(low)) must be less than high (\(high))") }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow else { throw TensorError("randint: range \(low)..<\(high) is too large") }
        let out = try Tensor(uninitializedShape: shape, op: "randint")
        let p = out.storage.pointer
        for i in 0..<out.count {
            p[i] = Double(low + rng.int(below: span))
            if i % pollInterval == pollInterval - 1 { try Interrupt.check() }
        }
        return out
    }

    /// A random ordering of `0..<n` as a rank-1 tensor (Fisher–Yates).
    public static func permutation(_ n: Int, rng: inout PCG64) throws(TensorError) -> Tensor {
        guard n >= 0 else { throw TensorError("permutation: n must be non-negative, got \(n)") }
        var out = try Tensor.arange(n)
        try out.shuffle(rng: &rng)
        return out
    }

    /// Shuffles the tensor in place along its first axis (rows of a matrix), Fisher–Yates.
    public mutating func shuffle(rng: inout PCG64) throws(TensorError) {
        guard rank > 0, shape[0] > 1 else { return }
        if dtype == .float32 {  // shuffled as float64 (exact both ways), so the writes below reach the buffer
            var wide = try converted(to: .float64, op: "shuffle")
            try wide.shuffle(rng: &rng)
            self = try wide.converted(to: .float32, op: "shuffle")
            return
        }
        try makeUniqueChecked(op: "shuffle")
        let n = shape[0], row = count / n
        let p = storage.pointer
        if row == 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = rng.int(below: i + 1)
                let t = p[i]; p[i] = p[j]; p[j] = t
            }
            return
        }
        let tmp = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(row, 1))
        defer { tmp.deallocate() }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = rng.int(below: i + 1)
            if i == j || row == 0 { continue }
            tmp.update(from: p + i * row, count: row)
            (p + i * row).update(from: p + j * row, count: row)
            (p + j * row).update(from: tmp, count: row)
        }
    }

    /// A copy shuffled along its first axis.
    public func shuffled(rng: inout PCG64) throws(TensorError) -> Tensor {
        var t = self
        try t.shuffle(rng: &rng)
        return t
    }
}
