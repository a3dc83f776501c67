// ParallelKernelTests: the kernels that split their rows or elements across the pool give
// the same bits at widths 1, 2 and 3 (forced with the test override, so nothing depends on
// the machine), in both dtypes. Sizes are large enough to be split, with ragged ends (row
// counts not a multiple of the 4-row blocks, element counts not a multiple of 64). Width 1
// takes the one-pass layer-norm backward, wider ones its split form, so this also checks
// that the two give the same dgain and dbias.
import Foundation
import Testing
@testable import AnisTensor

@Suite(.serialized) struct ParallelKernelTests {
    func values(_ shape: [Int], _ a: Double, _ b: Double, _ dtype: DType) -> Tensor {
        let n = shape.reduce(1, *)
        let t = try! Tensor(shape: shape, elements: (0..<n).map { 3 * sin(Double($0) * a + b) + cos(Double($0) * 0.37) })
        return t.converted(to: dtype)
    }

    /// `compute` at widths 1, 2 and 3: every later result must equal the first bit for bit.
    func sameAtEveryWidth(_ what: String, _ compute: () throws -> [Tensor]) throws {
        var reference: [[UInt64]] = []
        for width in [1, 2, 3] {
            Parallel.setWidthOverride(width)
            defer { Parallel.setWidthOverride(0) }
            let bits = try compute().map { $0.elements.map(\.bitPattern) }
            if reference.isEmpty { reference = bits; continue }
            for (k, (a, b)) in zip(reference, bits).enumerated() where a != b {
                Issue.record("\(what): result \(k) differs between width 1 and width \(width)")
            }
        }
    }

    @Test(arguments: [DType.float64, .float32])
    func activationsAndUnaryKernels(_ dtype: DType) throws {
        let x = values([123_457], 0.013, 0.4, dtype)
        try sameAtEveryWidth("activations \(dtype)") {
            let (gy, gs) = ActivationKernel.gelu.valueAndSlope(x)
            let (ey, es) = ActivationKernel.elu(0.7).valueAndSlope(x)
            return [gy, gs, ey, es, ActivationKernel.softplus.forward(x), x.exp(), x.tanh(), Activation.relu.apply(x),
                    Activation.silu.apply(x)]
        }
    }

    @Test(arguments: [DType.float64, .float32])
    func arithmeticLayouts(_ dtype: DType) throws {
        let a = values([1031, 67], 0.11, 0.3, dtype), b = values([1031, 67], 0.07, 1.3, dtype)
        let row = values([67], 0.5, 0.1, dtype), one = values([1], 0.5, 2.1, dtype)
        try sameAtEveryWidth("arith \(dtype)") {
            var acc = a
            try acc.formAdd(b)
            return [try Tensor.arith(.add, a, b), try Tensor.arith(.mul, a, row), try Tensor.arith(.div, row, a),
                    try Tensor.arith(.sub, one, a), acc]
        }
    }

    @Test(arguments: [DType.float64, .float32])
    func layerNormAndCrossEntropy(_ dtype: DType) throws {
        let n = 67, rows = 1031
        let x = values([rows, n], 0.61, 0.2, dtype), gain = values([n], 0.3, 1, dtype), bias = values([n], 0.8, 2, dtype)
        let g = values([rows, n], 0.17, 0.9, dtype)
        let logits = values([rows, 61], 0.29, 0.5, dtype)
        let targets = try Tensor(shape: [rows], elements: (0..<rows).map { Double(($0 * 7) % 61) })
        try sameAtEveryWidth("layer norm and cross-entropy \(dtype)") {
            let (y, saved) = try Fused.layerNorm(x, gain: gain, bias: bias, eps: 1e-5)
            let (dx, dgain, dbias) = try Fused.layerNormBackward(x, gain: gain, saved, grad: g)
            let (loss, ce) = try Fused.crossEntropy(logits, targets: targets, weights: nil)
            let dlogits = try Fused.crossEntropyBackward(logits, ce, grad: 0.75)
            return [y, dx, dgain, dbias, try Tensor(shape: [1], elements: [loss]), dlogits]
        }
    }

    @Test func softmaxFamily() throws {
        let x = values([37, 29, 41], 0.23, 0.6, .float64), g = values([37, 29, 41], 0.41, 0.1, .float64)
        try sameAtEveryWidth("softmax and log_softmax") {
            var out: [Tensor] = []
            for axis in [-1, 1, 0] {
                let y = try Activation.softmax(x, axis: axis), ly = try Activation.logSoftmax(x, axis: axis)
                out += [y, ly, try Activation.softmaxBackward(y: y, grad: g, axis: axis),
                        try Activation.logSoftmaxBackward(y: ly, grad: g, axis: axis)]
            }
            return out
        }
    }

    /// Loops over an empty axis or no rows run nothing and do not trap.
    @Test func emptyExtents() throws {
        Parallel.setWidthOverride(2)
        defer { Parallel.setWidthOverride(0) }
        let empty = try Tensor.zeros([3, 0]), noRows = try Tensor.zeros([0, 5])
        #expect(try empty.sum(axis: 0).shape == [0])
        #expect(try noRows.sum(axis: 0).elements == [0, 0, 0, 0, 0])
        #expect(try Activation.softmax(noRows).shape == [0, 5])
        #expect(try Activation.softmax(empty, axis: 0).shape == [3, 0])
        #expect(ActivationKernel.gelu.forward(noRows).shape == [0, 5])
    }

    @Test func adamUpdates() throws {
        let n = 70_001
        let p = values([n], 0.3, 0.1, .float64).elements, grad = values([n], 0.7, 0.2, .float64).elements
        try sameAtEveryWidth("adam") {
            var m = [Double](repeating: 0.01, count: n), v = [Double](repeating: 0.02, count: n), out = [Double](repeating: 0, count: n)
            p.withUnsafeBufferPointer { pp in
                grad.withUnsafeBufferPointer { pg in
                    m.withUnsafeMutableBufferPointer { pm in
                        v.withUnsafeMutableBufferPointer { pv in
                            out.withUnsafeMutableBufferPointer { po in
                                Tensor.adamStep(p: pp.baseAddress!, grad: pg.baseAddress!, m: pm, v: pv, out: po.baseAddress!, count: n,
                                                beta1: 0.9, beta2: 0.999, eps: 1e-8, coupled: 0.01, decoupled: 1, stepSize: 1e-3, c2Root: 0.5)
                            }
                        }
                    }
                }
            }
            return [try Tensor(shape: [n], elements: m), try Tensor(shape: [n], elements: v), try Tensor(shape: [n], elements: out)]
        }
    }
}
