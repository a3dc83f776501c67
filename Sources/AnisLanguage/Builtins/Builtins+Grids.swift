// Builtins+Grids: logspace and meshgrid, coordinate grids built from 1-D tensors.
import AnisTensor
import Glibc

extension Builtins {
    static let grids: [Builtin] = [
        Builtin("logspace", "start, stop, n: 50, base: 10, dtype: none", topic: .creation,
                doc: "n numbers evenly spaced on a log scale, from base^start to base^stop, both included (NumPy's logspace: base raised to linspace(start, stop, n); computed in float64, dtype: float32 rounds them).",
                example: "logspace(-3, 0, 4)   # [0.001, 0.01, 0.1, 1]\nlogspace(0, 3, 4, base: 2)  # [1, 2, 4, 8]") { a in
            let base = try a.number(3)
            return .tensor(try Tensor.linspace(try a.number(0), try a.number(1), try a.int(2)).map { Glibc.pow(base, $0) }
                .converted(to: try a.dtype(4), op: "logspace"))
        },
        Builtin("meshgrid", "xs..., indexing: \"xy\"", topic: .creation,
                doc: "Coordinate grids from 1-D tensors, as NumPy's meshgrid: a list with one tensor per input, each holding that input's values repeated along the other axes. With the default indexing: \"xy\" (Cartesian) two inputs of lengths nx and ny give grids of shape (ny, nx), so X varies along columns, as plotting expects; indexing: \"ij\" (matrix) gives shape (nx, ny).",
                example: "X, Y = meshgrid([1, 2, 3], [10, 20])\n# X → [[1, 2, 3], [1, 2, 3]], Y → [[10, 10, 10], [20, 20, 20]]\nZ = X ^ 2 + Y          # a function evaluated on the grid") { a in
            let inputs = try a.list(0).enumerated().map { k, v in
                do { return try v.toTensor().reshaped([try v.toTensor().count]) } catch {
                    throw RuntimeError("meshgrid: argument \(k) must be a tensor, got \(v.typeDescription)")
                }
            }
            let indexing = try a.string(1)
            guard indexing == "xy" || indexing == "ij" else {
                throw a.fail(1, "must be \"xy\" or \"ij\", got \"\(indexing)\"")
            }
            var shape = inputs.map(\.count)
            var axisOf = Array(inputs.indices)
            if indexing == "xy" && inputs.count >= 2 { shape.swapAt(0, 1); axisOf.swapAt(0, 1) }
            return .list(try inputs.enumerated().map { k, t in
                var lifted = [Int](repeating: 1, count: shape.count)
                lifted[axisOf[k]] = t.count
                return .tensor(try t.reshaped(lifted).broadcast(to: shape, op: "meshgrid"))
            })
        },
    ]
}
