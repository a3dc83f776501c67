// Builtins+Einsum: einsum (the contraction planner and kernels are in
// AnisTensor/Tensor+Einsum.swift; its gradient in Autodiff/GradientRules+Library.swift).
import AnisTensor

extension Builtins {
    /// The operands of einsum's variadic argument as tensors, errors naming the operand.
    static func einsumOperands(_ a: Arguments) throws -> [Tensor] {
        try a.list(1).enumerated().map { k, v in
            do { return try v.toTensor() } catch {
                throw RuntimeError("einsum: operand \(k) must be a tensor or a number, got \(v.typeDescription)")
            }
        }
    }

    static let einsum: [Builtin] = [
        Builtin("einsum", "subscripts, operands...", topic: .linalg, dtypes: .native,
                doc: "Einstein summation (NumPy's einsum without '...'): subscripts name each operand's axes with letters, 'ij,jk->ik'; letters shared by operands and missing from the output (after '->') are summed, a letter repeated in one operand takes its diagonal ('ii->i', 'ii->' is the trace). Without '->' the output is the letters used once, in alphabetical order. Two operands are contracted as one (batched) matrix product through BLAS (dgemm; sgemm when both are float32), with no transpose copy when the axes already sit in transposed order; more operands are contracted left to right. Differentiable with respect to every operand.",
                example: "A = randn(3, 4); B = randn(4, 5); x = randn(4); M = randn(4, 4); y = randn(4)\neinsum(\"ij,jk->ik\", A, B)                 # A @ B\neinsum(\"bij,bkj->bik\", randn(8, 3, 4), randn(8, 5, 4))   # batched A @ B'\neinsum(\"i,ij,j->\", x, M, y)                # the bilinear form x' M y\neinsum(\"ii\", eye(3))                       # trace: 3") { a in
            let operands = try einsumOperands(a)
            let spec = try Tensor.EinsumSpec(try a.string(0), operandCount: operands.count)
            return wrap(try Tensor.einsum(spec, operands))
        },
    ]
}
