// TensorFormatter: NumPy-like text for tensors (aligned columns, nested brackets,
// summarised edges, wrapped rows) and for single numbers.
import Glibc

/// Printing options, mirroring NumPy's `set_printoptions`.
public struct TensorFormat: Sendable {
    /// Digits after the decimal point (significant digits for magnitudes below 1).
    public var precision = 4
    /// Above this many elements, only `edgeItems` at each end of each axis are shown.
    public var threshold = 1000
    public var edgeItems = 3
    /// Rows longer than this wrap.
    public var lineWidth = 80
    /// A single number prints as the shortest text that reads back to the same Double
    /// (as Python and Julia print floats) until `precision(n)` asks for fixed digits.
    public var shortestScalars = true

    public init(precision: Int = 4, threshold: Int = 1000, edgeItems: Int = 3, lineWidth: Int = 80) {
        self.precision = precision
        self.threshold = threshold
        self.edgeItems = edgeItems
        self.lineWidth = lineWidth
    }
}

extension Tensor {
    /// Drops trailing zeros (and a bare trailing point) from a fixed-point rendering.
    static func trimFixed(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.last == "0" { t = t.dropLast() }
        if t.last == "." { t = t.dropLast() }
        return String(t)
    }

    /// Trims the mantissa of a `%e` rendering: `1.2500e+05` → `1.25e+05`.
    static func trimScientific(_ s: String) -> String {
        guard let e = s.firstIndex(of: "e") else { return s }
        return trimFixed(String(s[..<e])) + s[e...]
    }

    /// Extra decimals so that magnitudes below 1 keep `precision` significant digits.
    static func extraDecimals(_ ax: Double) -> Int {
        guard ax > 0 && ax < 1 else { return 0 }
        return Swift.max(0, Int(-Glibc.log10(ax).rounded(.down)) - 1)
    }

    /// One number as text: integers without a point (`3`), otherwise `precision` decimals with
    /// trailing zeros trimmed (`2.5`, `0.3333`), scientific below 1e-4 or from 1e16 (`1e-10`).
    public static func formatScalar(_ x: Double, precision: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let p = Swift.max(0, Swift.min(precision, 17))
        let ax = Swift.abs(x)
        if x == x.rounded() && ax < 1e16 { return String(Int64(x)) }
        if ax < 1e-4 || ax >= 1e16 { return trimScientific(String(printf: "%.\(p)e", x)) }
        return trimFixed(String(printf: "%.\(Swift.min(p + extraDecimals(ax), 20))f", x))
    }

    /// The shortest text that reads back to exactly `x`: `0.1`, `1.3893212202926497`,
    /// `1e-05`, `1.5e+20`; integers without a point below 1e16.
    public static func shortestScalar(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && Swift.abs(x) < 1e16 { return String(Int64(x)) }
        return x.description
    }

    /// A single number as the REPL and `print` show it under `fmt`.
    public static func formatNumber(_ x: Double, _ fmt: TensorFormat) -> String {
        fmt.shortestScalars ? shortestScalar(x) : formatScalar(x, precision: fmt.precision)
    }

    /// Indices shown along an axis of extent `n`; nil marks the `…` gap.
    static func shown(_ n: Int, summarise: Bool, edge: Int) -> [Int?] {
        if !summarise || n <= 2 * edge { return (0..<n).map { Optional($0) } }
        return (0..<edge).map { Optional($0) } + [nil] + ((n - edge)..<n).map { Optional($0) }
    }

    /// NumPy-style text: `[1, 2, 3]`, `[1.0, 2.5, 3.0]`, `[[1, 2],\n [3, 4]]`, `1.2346e+05`.
    public func formatted(_ fmt: TensorFormat = .init()) -> String {
        if rank == 0 {
            // A float32 scalar shows float32's shortest round-trip digits (0.1, not 0.10000000149011612;
            // 1e+15, not 999999986991104); integers up to 2^24, all exact in float32, print whole.
            if dtype == .float32, fmt.shortestScalars, let x = scalarValue, x.isFinite, x != x.rounded() || Swift.abs(x) > 16_777_216 {
                return Float(x).description
            }
            return Tensor.formatNumber(scalarValue ?? .nan, fmt)
        }
        // An empty tensor shows its shape, as the call that makes one: `zeros(0, 3)`.
        if count == 0 { return "zeros(" + shape.map(String.init).joined(separator: ", ") + ")" }
        let summarise = count > fmt.threshold
        let edge = Swift.max(fmt.edgeItems, 1)
        let strides = Tensor.strides(shape)
        let axes = shape.map { Tensor.shown($0, summarise: summarise, edge: edge) }

        // Pass 1: the shown values, in print order.
        var values: [Double] = []
        func collect(_ d: Int, _ off: Int) {
            for i in axes[d] {
                guard let i else { continue }
                if d == rank - 1 { values.append(element(off + i)) } else { collect(d + 1, off + i * strides[d]) }
            }
        }
        collect(0, 0)

        let texts = Tensor.formatColumn(values, precision: fmt.precision)
        let width = texts.reduce(0) { Swift.max($0, $1.count) }
        var next = 0

        // Pass 2: brackets, separators and wrapping.
        func render(_ d: Int) -> String {
            if d == rank - 1 {
                var out = "["
                var col = d + 1
                let items = axes[d]
                for (k, i) in items.enumerated() {
                    var word: String
                    if i == nil {
                        word = "…"
                    } else {
                        let t = texts[next]
                        next += 1
                        word = String(repeating: " ", count: width - t.count) + t
                    }
                    let last = k == items.count - 1
                    if !last { word += "," }
                    if k > 0 {
                        if col + 1 + word.count > fmt.lineWidth {
                            out += "\n" + String(repeating: " ", count: d + 1)
                            col = d + 1
                        } else {
                            out += " "
                            col += 1
                        }
                    }
                    out += word
                    col += word.count
                }
                return out + "]"
            }
            let gap = ",\n" + String(repeating: "\n", count: rank - d - 2) + String(repeating: " ", count: d + 1)
            var parts: [String] = []
            for i in axes[d] {
                parts.append(i == nil ? "…" : render(d + 1))
            }
            return "[" + parts.joined(separator: gap) + "]"
        }
        return render(0)
    }

    /// Texts for values printed together: integers when all finite ones are integral, else a
    /// shared number of decimals (fixed or scientific, chosen by the dynamic range).
    static func formatColumn(_ values: [Double], precision: Int) -> [String] {
        let p = Swift.max(0, Swift.min(precision, 17))
        var maxAbs = 0.0, minAbs = Double.infinity, integral = true
        for x in values where x.isFinite {
            let ax = Swift.abs(x)
            maxAbs = Swift.max(maxAbs, ax)
            if ax > 0 { minAbs = Swift.min(minAbs, ax) }
            if x != x.rounded() { integral = false }
        }
        func special(_ x: Double) -> String? {
            if x.isNaN { return "nan" }
            if x.isInfinite { return x > 0 ? "inf" : "-inf" }
            return nil
        }
        if integral && maxAbs < 1e16 {
            return values.map { special($0) ?? String(Int64($0)) }
        }
        let scientific = maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3
        if scientific {
            var decimals = 0
            for x in values where x.isFinite {
                let m = trimScientific(String(printf: "%.\(p)e", x))
                if let e = m.firstIndex(of: "e"), let dot = m.firstIndex(of: ".") {
                    decimals = Swift.max(decimals, m.distance(from: dot, to: e) - 1)
                }
            }
            return values.map { special($0) ?? String(printf: "%.\(decimals)e", $0) }
        }
        let full = Swift.min(p + extraDecimals(maxAbs), 20)
        var decimals = full > 0 ? 1 : 0
        for x in values where x.isFinite {
            let t = trimFixed(String(printf: "%.\(full)f", x))
            if let dot = t.firstIndex(of: ".") { decimals = Swift.max(decimals, t.distance(from: dot, to: t.endIndex) - 1) }
        }
        return values.map { special($0) ?? String(printf: "%.\(decimals)f", $0) }
    }
}
