// RowKernelTests: the fused layers' row loops (CKernels' rows.c, through Fused) against
// plain Swift loops that compute the same formulas in index order: float64 results must
// agree bit for bit (the seed scripts' printed numbers depend on it), float32 results
// within float32 rounding of the float64 ones. Rows are long enough (n ≥ 8) to reach
// the vectorised lanes and short tails.
import Foundation
import Testing
@testable import AnisTensor

@Suite struct RowKernelTests {
    func values(_ shape: [Int], _ a: Double, _ b: Double) -> Tensor {
        let n = shape.reduce(1, *)
        return try! Tensor(shape: shape, elements: (0..<n).map { 3 * sin(Double($0) * a + b) + cos(Double($0) * 0.37) })
    }

    func sameBits(_ a: Tensor, _ b: [Double], _ what: String) {
        #expect(a.count == b.count, "\(what): count")
        for (k, (x, y)) in zip(a.elements, b).enumerated() where x.bitPattern != y.bitPattern {
            Issue.record("\(what): element \(k): \(x) vs \(y)")
            return
        }
    }

    func close(_ a: Tensor, _ b: Tensor, _ what: String, tolerance: Double = 4e-7) {
        #expect(a.dtype == .float32 && a.shape == b.shape, "\(what): dtype/shape")
        let scale = b.elements.map(abs).max() ?? 1
        for (k, (x, y)) in zip(a.elements, b.elements).enumerated() where abs(x - y) > tolerance * max(1, scale) {
            Issue.record("\(what): element \(k): float32 \(x), float64 \(y)")
            return
        }
    }

    @Test(arguments: [true, false]) func attentionMatchesTheIndexOrderLoops(causal: Bool) throws {
        let q = values([2, 13, 5], 0.7, 0.1), k = values([2, 11, 5], 1.3, 0.2), v = values([2, 11, 3], 0.9, 0.3)
        let (out, saved) = try Fused.attention(q, k, v, causal: causal)
        // Reference: scores, then each row's max, exps, ordered sum, scaling; masked entries 0.
        var p = try Tensor.matmul(q, k, transposeA: false, transposeB: true).elements
        let t = 13, s = 11, root = 5.0.squareRoot()
        for row in 0..<(p.count / s) {
            let visible = causal ? min(row % t + 1, s) : s
            var m = -Double.infinity
            for j in 0..<visible { m = max(m, p[row * s + j] / root) }
            for j in 0..<visible { p[row * s + j] = FastMath.exp(p[row * s + j] / root - m) }
            var total = 0.0
            for j in 0..<visible { total += p[row * s + j] }
            for j in 0..<visible { p[row * s + j] *= 1 / total }
            for j in visible..<s { p[row * s + j] = 0 }
        }
        sameBits(saved.probs, p, "probs")
        sameBits(out, try Tensor.matmul(try Tensor(shape: saved.probs.shape, elements: p), v).elements, "output")
        let g = values(out.shape, 0.45, 0.6)
        let (dq, dk, dv) = try Fused.attentionBackward(saved, grad: g)
        var dS = try Tensor.matmul(g, v, transposeA: false, transposeB: true).elements
        for row in 0..<(dS.count / s) {
            var dot = 0.0
            for j in 0..<s { dot += dS[row * s + j] * p[row * s + j] }
            for j in 0..<s { dS[row * s + j] = p[row * s + j] * (dS[row * s + j] - dot) / root }
        }
        let dSt = try Tensor(shape: saved.probs.shape, elements: dS)
        sameBits(dq, try Tensor.matmul(dSt, k).elements, "dq")
        sameBits(dk, try Tensor.matmul(dSt, q, transposeA: true, transposeB: false).elements, "dk")
        _ = dv
        // float32: within float32 rounding of float64.
        let (q32, k32, v32) = (q.converted(to: .float32), k.converted(to: .float32), v.converted(to: .float32))
        let (out32, saved32) = try Fused.attention(q32, k32, v32, causal: causal)
        let (ref, refSaved) = try Fused.attention(q32.converted(to: .float64), k32.converted(to: .float64), v32.converted(to: .float64), causal: causal)
        close(out32, ref, "float32 output", tolerance: 2e-6)
        let (dq32, _, _) = try Fused.attentionBackward(saved32, grad: g.converted(to: .float32))
        let (dqRef, _, _) = try Fused.attentionBackward(refSaved, grad: g.converted(to: .float32).converted(to: .float64))
        close(dq32, dqRef, "float32 dq", tolerance: 2e-6)
    }

    @Test func layerNormMatchesTheIndexOrderLoops() throws {
        let n = 21, x = values([3, 5, n], 0.61, 0.2), gain = values([n], 0.3, 1), bias = values([n], 0.8, 2)
        let (y, saved) = try Fused.layerNorm(x, gain: gain, bias: bias, eps: 1e-5)
        let xs = x.elements, gs = gain.elements, bs = bias.elements
        var ref = [Double](repeating: 0, count: xs.count), mean: [Double] = [], rstd: [Double] = []
        for row in 0..<(xs.count / n) {
            var s = 0.0
            for k in 0..<n { s += xs[row * n + k] }
            let mu = s / Double(n)
            var ss = 0.0
            for k in 0..<n { let d = xs[row * n + k] - mu; ss += d * d }
            let sd = (ss / Double(n) + 1e-5).squareRoot()
            for k in 0..<n { ref[row * n + k] = (xs[row * n + k] - mu) / sd * gs[k] + bs[k] }
            mean.append(mu); rstd.append(1 / sd)
        }
        sameBits(y, ref, "layer_norm")
        let g = values(x.shape, 0.29, 0.7), gv = g.elements
        let (dx, dgain, dbias) = try Fused.layerNormBackward(x, gain: gain, saved, grad: g)
        var refDx = [Double](repeating: 0, count: xs.count)
        var refGain = [Double](repeating: 0, count: n), refBias = [Double](repeating: 0, count: n)
        for row in 0..<(xs.count / n) {
            let mu = mean[row], r = rstd[row]
            var sd = 0.0, sdx = 0.0
            for k in 0..<n {
                let gk = gv[row * n + k], xh = (xs[row * n + k] - mu) * r, d = gk * gs[k]
                sd += d; sdx += d * xh; refGain[k] += gk * xh; refBias[k] += gk
            }
            let md = sd / Double(n), mdx = sdx / Double(n)
            for k in 0..<n { refDx[row * n + k] = r * (gv[row * n + k] * gs[k] - md - (xs[row * n + k] - mu) * r * mdx) }
        }
        sameBits(dx, refDx, "dx"); sameBits(dgain, refGain, "dgain"); sameBits(dbias, refBias, "dbias")
        let (x32, gain32, bias32) = (x.converted(to: .float32), gain.converted(to: .float32), bias.converted(to: .float32))
        let (y32, saved32) = try Fused.layerNorm(x32, gain: gain32, bias: bias32, eps: 1e-5)
        let (y64, saved64) = try Fused.layerNorm(x32.converted(to: .float64), gain: gain32.converted(to: .float64), bias: bias32.converted(to: .float64), eps: 1e-5)
        close(y32, y64, "float32 layer_norm")
        let g32 = g.converted(to: .float32)
        let d32 = try Fused.layerNormBackward(x32, gain: gain32, saved32, grad: g32)
        let d64 = try Fused.layerNormBackward(x32.converted(to: .float64), gain: gain32.converted(to: .float64), saved64, grad: g32.converted(to: .float64))
        close(d32.0, d64.0, "float32 dx", tolerance: 2e-6); close(d32.1, d64.1, "float32 dgain"); close(d32.2, d64.2, "float32 dbias")
    }

    @Test func crossEntropyMatchesTheIndexOrderLoops() throws {
        let v = 23, rows = 7
        let z = values([rows, v], 0.83, 0.4), targets = Tensor((0..<rows).map { Double($0 * 5 % v) })
        let (loss, saved) = try Fused.crossEntropy(z, targets: targets, weights: nil)
        let zs = z.elements
        var refLoss = 0.0, lse: [Double] = []
        for i in 0..<rows {
            var m = -Double.infinity
            for k in 0..<v { m = max(m, zs[i * v + k]) }
            var total = 0.0
            for k in 0..<v { total += FastMath.exp(zs[i * v + k] - m) }
            lse.append(m + log(total))
            refLoss += (1 / Double(rows)) * (lse[i] - zs[i * v + i * 5 % v])
        }
        #expect(loss.bitPattern == refLoss.bitPattern, "loss \(loss) vs \(refLoss)")
        let dz = try Fused.crossEntropyBackward(z, saved, grad: 1.5)
        var refDz = [Double](repeating: 0, count: zs.count)
        for i in 0..<rows {
            let sc = 1.5 * (1 / Double(rows))
            for k in 0..<v { refDz[i * v + k] = sc * FastMath.exp(zs[i * v + k] - lse[i]) - (k == i * 5 % v ? sc : 0) }
        }
        sameBits(dz, refDz, "dz")
        let z32 = z.converted(to: .float32)
        let (loss32, saved32) = try Fused.crossEntropy(z32, targets: targets, weights: nil)
        let (loss64, saved64) = try Fused.crossEntropy(z32.converted(to: .float64), targets: targets, weights: nil)
        #expect(abs(loss32 - loss64) <= 1e-12 * abs(loss64))
        close(try Fused.crossEntropyBackward(z32, saved32, grad: 1.5), try Fused.crossEntropyBackward(z32.converted(to: .float64), saved64, grad: 1.5), "float32 dz")
        // A row of −inf (and one with +inf) keeps the primitive's log-sum-exp.
        let special = try Tensor(shape: [2, 9], elements: [Double](repeating: -.infinity, count: 9) + [Double](repeating: 0, count: 8) + [.infinity])
        let (l, _) = try Fused.crossEntropy(special, targets: Tensor([0, 0]), weights: nil)
        #expect(l.isNaN)
    }

    @Test func sumKeepsFloat64BitsAndAccumulatesFloat32InFloat64() throws {
        let x = values([5, 37, 3], 0.77, 0.5)
        for axis in [nil, 0, 1, 2] as [Int?] {
            let s = try x.sum(axis: axis)
            let ref = try x.reduce(op: "sum", axis: axis, keepdims: false, needsElements: false, initial: 0,
                                   row: Tensor.rowSum, combine: { $0 + $1 }, finish: { a, _ in a })
            sameBits(s, ref.elements, "sum axis \(axis.map(String.init) ?? "nil")")
            let x32 = x.converted(to: .float32)
            let s32 = try x32.sum(axis: axis), ref32 = try x32.converted(to: .float64).sum(axis: axis).converted(to: .float32)
            #expect(s32.dtype == .float32 && s32.elements == ref32.elements)
        }
        #expect(try Tensor.zeros([0, 3]).sum(axis: 0).elements == [0, 0, 0])
        #expect(try Tensor.zeros([3, 0]).sum(axis: 0).shape == [0])
        #expect(try x.sum(axis: 1, keepdims: true).shape == [5, 1, 3])
    }
}
