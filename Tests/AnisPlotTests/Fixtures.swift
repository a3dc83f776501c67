// Fixtures: deterministic sample figures shared by the terminal and file tests —
// a leaky-ReLU sweep on a log y axis, a signed 20×20 WᵀW heatmap, a histogram, a
// bar chart, a scatter and a 2×3 grid of panels. No random numbers: the data
// comes from closed-form functions so snapshots never change by accident.
import Foundation
@testable import AnisPlot

enum Fixtures {
    static let alphas: [Double] = (0..<50).map { Double($0) / 49 }

    /// A quantity with a sharp transition near α = 0.3, spanning three decades.
    static func sweep(_ shift: Double) -> [Double] {
        alphas.map { a in pow(10, -3 + 3 / (1 + exp(-(a - shift) * 18))) }
    }

    static var leakySweep: Panel {
        var p = Panel(series: [Series(.line(x: alphas, y: sweep(0.3)), label: "σ₁/σ₂"),
                               Series(.line(x: alphas, y: sweep(0.5)), label: "erank")],
                      title: "Leaky-ReLU sweep", xlabel: "negative slope α", ylabel: "anisotropy")
        p.logy = true
        return p
    }

    /// WᵀW/20 − I for a fixed 20×20 W: signed, symmetric.
    static var gram: Matrix {
        let n = 20
        let w = (0..<n * n).map { k -> Double in
            let i = Double(k / n), j = Double(k % n)
            return sin(i * 1.3 + j * 0.7 + i * j * 0.11) + 0.4 * cos(j * 0.9)
        }
        var out = [Double](repeating: 0, count: n * n)
        for a in 0..<n { for b in 0..<n {
            var s = 0.0
            for k in 0..<n { s += w[k * n + a] * w[k * n + b] }
            out[a * n + b] = s / Double(n) - (a == b ? 0.5 : 0)
        } }
        return Matrix(rows: n, cols: n, values: out)
    }

    static var heatmap: Panel { Panel(series: [Series(.heatmap(gram))], title: "WᵀW") }

    /// 2000 deterministic, roughly normal samples (sums of quasi-random uniforms).
    static var samples: [Double] {
        (0..<2000).map { (k: Int) -> Double in
            var s = 0.0
            for j in 0..<6 {
                let u: Double = Double(k * (2 * j + 3)) * 0.6180339887
                s += u - u.rounded(.down)
            }
            return s - 3
        }
    }

    static var histogram: Panel {
        let (edges, counts) = Histogram.counts(samples, bins: 30)
        return Panel(series: [Series(.histogram(edges: edges!, counts: counts))], title: "activations", xlabel: "value", ylabel: "count")
    }

    static var bars: Panel {
        Panel(series: [Series(.bar(values: [0.53, 0.21, 0.87, -0.12], labels: ["relu", "tanh", "gelu", "sin"]))],
              title: "effective rank", ylabel: "ratio")
    }

    static var scatter: Panel {
        let t = (0..<200).map { Double($0) * 0.05 }
        return Panel(series: [Series(.scatter(x: t.map { cos($0) * $0 }, y: t.map { sin($0) * $0 }), label: "latent")],
                     title: "spiral", xlabel: "z₁", ylabel: "z₂")
    }

    static var lines: Panel {
        let x = (0..<100).map { -3 + Double($0) * 0.06 }
        return Panel(series: [Series(.line(x: x, y: x.map { max($0, 0) }), label: "relu"),
                              Series(.line(x: x, y: x.map { tanh($0) }), label: "tanh")],
                     title: "activations", xlabel: "x", ylabel: "φ(x)")
    }

    static var grid: Figure {
        Figure(panels: [leakySweep, heatmap, histogram, bars, scatter, lines], columns: 3, title: "Six panels")
    }
}
