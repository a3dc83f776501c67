import Foundation
import Testing
@testable import AnisTensor

private let grid: [Double] = [-3, -1, -0.5, -0.1, 0.1, 0.5, 1, 3]
private let pointwise: [Activation] = [.identity, .relu, .leakyRelu(0.2), .gelu, .geluTanh, .silu, .sigmoid, .tanh, .softplus, .elu(1.5)]

private func close(_ a: [Double], _ b: [Double], tol: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }
}

@Test func activationKnownValues() {
    let x = Tensor([-3, -1, -0.5, 0, 0.5, 1, 3])
    #expect(close(Activation.gelu.apply(x).elements,
                  [-0.00404969409489031, -0.15865525393145707, -0.15426876936299344, 0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511]))
    #expect(close(Activation.softplus.apply(x).elements,
                  [0.04858735157374196, 0.31326168751822286, 0.4740769841801067, 0.6931471805599453, 0.9740769841801067, 1.3132616875182228, 3.048587351573742]))
    #expect(Activation.relu.apply(x).elements == [0, 0, 0, 0, 0.5, 1, 3])
    #expect(close(Activation.leakyRelu(0.1).apply(x).elements, [-0.3, -0.1, -0.05, 0, 0.5, 1, 3]))
    #expect(Activation.sigmoid.scalar(0) == 0.5)
    #expect(Swift.abs(Activation.geluTanh.scalar(1) - 0.8411919906082768) < 1e-12)
    #expect(Swift.abs(Activation.silu.scalar(1) - 0.7310585786300049) < 1e-12)
    #expect(Swift.abs(Activation.elu(2).scalar(-1) - 2 * (exp(-1) - 1)) < 1e-12)
}

@Test func activationExtremesAreStable() {
    #expect(Activation.softplus.scalar(1000) == 1000)
    #expect(Activation.softplus.scalar(-1000) == 0)
    #expect(Activation.sigmoid.scalar(-1000) == 0)
    #expect(Activation.sigmoid.scalar(1000) == 1)
    #expect(Activation.silu.scalar(-1000) == 0)
    #expect(Activation.softplus.scalarDerivative(-1000).isFinite)
}

@Test(arguments: pointwise)
func derivativeMatchesFiniteDifferences(f: Activation) {
    let h = 1e-6
    let x = Tensor(grid)
    let d = f.derivative(x).elements
    for (i, v) in grid.enumerated() {
        let fd = (f.scalar(v + h) - f.scalar(v - h)) / (2 * h)
        #expect(Swift.abs(d[i] - fd) < 1e-6, "\(f.name) at \(v)")
        #expect(d[i] == f.scalarDerivative(v))
        #expect(f.apply(x).elements[i] == f.scalar(v))
    }
}

@Test func activationNames() {
    #expect(Activation(name: "leaky_relu", parameter: 0.3) == .leakyRelu(0.3))
    #expect(Activation(name: "gelu_tanh") == .geluTanh)
    #expect(Activation(name: "nope") == nil)
    for n in Activation.names { #expect(Activation(name: n) != nil) }
}

@Test func softmaxAndLogSoftmax() throws {
    let x = try Tensor(shape: [2, 3], elements: [1, 2, 3, 1000, 1000, 1000])
    let s = try Activation.softmax(x)
    let e = [exp(1.0), exp(2.0), exp(3.0)], t = e.reduce(0, +)
    let third = 1.0 / 3
    let expected: [Double] = [e[0] / t, e[1] / t, e[2] / t, third, third, third]
    #expect(close(s.elements, expected))
    let ls = try Activation.logSoftmax(x)
    #expect(close(ls.elements, s.elements.map { log($0) }))
    // axis 0
    let s0 = try Activation.softmax(try Tensor(shape: [2, 2], elements: [0, 1, 0, 1]), axis: 0)
    #expect(close(s0.elements, [0.5, 0.5, 0.5, 0.5]))
    #expect(throws: TensorError("softmax: axis 2 is out of range for shape (2, 3)")) { try Activation.softmax(x, axis: 2) }
}

/// Finite-difference VJP check: Σ grad ⊙ f(x) differentiated numerically.
private func numericVJP(_ f: (Tensor) throws -> Tensor, x: [Double], shape: [Int], grad: [Double]) throws -> [Double] {
    let h = 1e-6
    var out = [Double]()
    for i in 0..<x.count {
        var xp = x, xm = x
        xp[i] += h; xm[i] -= h
        let fp = try f(try Tensor(shape: shape, elements: xp)).elements
        let fm = try f(try Tensor(shape: shape, elements: xm)).elements
        out.append(zip(zip(fp, fm), grad).map { ($0.0 - $0.1) / (2 * h) * $1 }.reduce(0, +))
    }
    return out
}

@Test func nonPointwiseBackwardMatchesFiniteDifferences() throws {
    let xs: [Double] = [0.3, -1.2, 2.0, 0.7, -0.4, 1.1]
    let g: [Double] = [1.0, -0.5, 0.25, 2.0, 0.1, -1.0]
    let shape = [2, 3]
    let x = try Tensor(shape: shape, elements: xs), gt = try Tensor(shape: shape, elements: g)
    for axis in [0, 1] {
        let y = try Activation.softmax(x, axis: axis)
        let fd = try numericVJP({ try Activation.softmax($0, axis: axis) }, x: xs, shape: shape, grad: g)
        #expect(close(try Activation.softmaxBackward(y: y, grad: gt, axis: axis).elements, fd, tol: 1e-6))
        let ly = try Activation.logSoftmax(x, axis: axis)
        let lfd = try numericVJP({ try Activation.logSoftmax($0, axis: axis) }, x: xs, shape: shape, grad: g)
        #expect(close(try Activation.logSoftmaxBackward(y: ly, grad: gt, axis: axis).elements, lfd, tol: 1e-6))
    }
    let sfd = try numericVJP({ try Activation.solu($0) }, x: xs, shape: shape, grad: g)
    #expect(close(try Activation.soluBackward(x: x, grad: gt).elements, sfd, tol: 1e-6))
    for f in [Activation.relu, .tanh, .softplus, .identity] {
        let ifd = try numericVJP({ Activation.isotropic(f, $0) }, x: xs, shape: shape, grad: g)
        #expect(close(try Activation.isotropicBackward(f, x: x, grad: gt).elements, ifd, tol: 1e-6), "\(f.name)")
    }
}

@Test func isotropicRowsAndZero() throws {
    let x = try Tensor(shape: [2, 2], elements: [3, 4, 0, 0])
    let y = Activation.isotropic(.tanh, x)
    #expect(close(y.elements, [tanh(5) * 0.6, tanh(5) * 0.8, 0, 0]))
    let v = Activation.isotropic(.relu, Tensor([3, 4]))
    #expect(close(v.elements, [3, 4]))
    #expect(close(try Activation.solu(Tensor([0, 0])).elements, [0, 0]))
}
