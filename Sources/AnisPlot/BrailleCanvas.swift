// BrailleCanvas: a grid of terminal cells where each cell is a 2×4 block of
// Unicode braille dots (U+2800…U+28FF), so a W×H character area has 2W×4H
// addressable dots. Lines are clipped to the canvas and drawn dot by dot; each
// cell keeps the colour of the last series that touched it (as UnicodePlots does).

struct BrailleCanvas {
    let width: Int, height: Int
    private var bits: [UInt8]
    private var colors: [RGB?]

    init(width: Int, height: Int) {
        self.width = max(1, width); self.height = max(1, height)
        bits = Array(repeating: 0, count: self.width * self.height)
        colors = Array(repeating: nil, count: self.width * self.height)
    }

    var dotWidth: Int { width * 2 }
    var dotHeight: Int { height * 4 }

    /// Dot bit for (column 0–1, row 0–3) inside a cell, per the braille pattern layout.
    private static let bit: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (x, y), dot coordinates with y growing downward; outside dots are ignored.
    mutating func set(_ x: Int, _ y: Int, _ color: RGB?) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y / 4) * width + x / 2
        bits[i] |= Self.bit[x % 2][y % 4]
        colors[i] = color
    }

    /// A dot at fractional dot coordinates (rounded).
    mutating func point(_ x: Double, _ y: Double, _ color: RGB?) {
        guard x.isFinite, y.isFinite, x > -1e9, x < 1e9, y > -1e9, y < 1e9 else { return }
        set(Int(x.rounded()), Int(y.rounded()), color)
    }

    /// A straight line between two points in dot coordinates, clipped to the canvas.
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ color: RGB?) {
        guard let (a, b, c, d) = Self.clip(x0, y0, x1, y1, xmax: Double(dotWidth - 1), ymax: Double(dotHeight - 1)) else { return }
        let steps = Int(max(Swift.abs(c - a), Swift.abs(d - b)).rounded(.up))
        if steps == 0 { point(a, b, color); return }
        for k in 0...steps {
            let t = Double(k) / Double(steps)
            point(a + (c - a) * t, b + (d - b) * t, color)
        }
    }

    /// Liang–Barsky clipping of a segment to [-0.5, xmax+0.5] × [-0.5, ymax+0.5].
    static func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double,
                     xmax: Double, ymax: Double) -> (Double, Double, Double, Double)? {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        let checks: [(Double, Double)] = [(-dx, x0 + 0.5), (dx, xmax + 0.5 - x0), (-dy, y0 + 0.5), (dy, ymax + 0.5 - y0)]
        for (p, q) in checks {
            if p == 0 { if q < 0 { return nil }; continue }
            let r = q / p
            if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) } else { if r < t0 { return nil }; t1 = min(t1, r) }
        }
        return (x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy)
    }

    /// The canvas as cells; empty cells are blank (not U+2800, which some fonts draw as dots).
    func cells() -> TextBlock {
        var block = TextBlock(width: width, height: height)
        for r in 0..<height {
            for c in 0..<width {
                let i = r * width + c
                guard bits[i] != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(bits[i])) else { continue }
                block[r, c] = Cell(Character(scalar), fg: colors[i])
            }
        }
        return block
    }
}
