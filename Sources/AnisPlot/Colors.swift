// Colors: RGB colours, the series palette (matplotlib's tab10), the heatmap
// colormaps (viridis, magma, gray, and a blue–white–red diverging map), and the
// colour scale that maps heatmap values to colours: `auto` chooses the diverging
// map centred on 0 for signed data (limits ±max|v|), viridis otherwise.
import Glibc

public struct RGB: Sendable, Equatable {
    public var r: Double, g: Double, b: Double
    public init(_ r: Double, _ g: Double, _ b: Double) { self.r = r; self.g = g; self.b = b }
    public init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xff) / 255, Double((hex >> 8) & 0xff) / 255, Double(hex & 0xff) / 255)
    }
    /// Linear interpolation towards `o` by `t` in [0, 1].
    func mix(_ o: RGB, _ t: Double) -> RGB { RGB(r + (o.r - r) * t, g + (o.g - g) * t, b + (o.b - b) * t) }
    /// 0–255 components.
    public var bytes: (Int, Int, Int) {
        func c(_ x: Double) -> Int { Int((min(max(x, 0), 1) * 255).rounded()) }
        return (c(r), c(g), c(b))
    }
    /// Perceived brightness in [0, 1].
    public var luminance: Double { 0.299 * r + 0.587 * g + 0.114 * b }
}

public enum Palette {
    /// matplotlib's tab10 cycle.
    public static let series: [RGB] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                       0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf].map { RGB(hex: $0) }
    public static func color(_ i: Int) -> RGB { series[((i % series.count) + series.count) % series.count] }
}

public enum Colormap {
    static let viridis: [UInt32] = [0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
                                    0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725]
    static let magma: [UInt32] = [0x000004, 0x140e36, 0x3b0f70, 0x641a80, 0x8c2981, 0xb73779,
                                  0xde4968, 0xf7705c, 0xfe9f6d, 0xfecf92, 0xfcfdbf]
    static let diverging: [UInt32] = [0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
                                      0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f]

    /// The colour at `t` in [0, 1] of a concrete (not `auto`) colormap.
    public static func color(_ name: ColormapName, _ t: Double) -> RGB {
        let u = t.isFinite ? min(max(t, 0), 1) : 0
        let stops: [UInt32]
        switch name {
        case .gray: return RGB(u, u, u)
        case .magma: stops = magma
        case .diverging: stops = diverging
        case .viridis, .auto: stops = viridis
        case .categorical: return Palette.color(Int((u * Double(Palette.series.count - 1)).rounded()))
        }
        let x = u * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return RGB(hex: stops[i]).mix(RGB(hex: stops[i + 1]), x - Double(i))
    }
}

/// Maps the values of one heatmap to [0, 1] and to colours.
public struct ColorScale: Sendable {
    public let map: ColormapName
    public let lo: Double, hi: Double

    public init(_ m: Matrix, _ requested: ColormapName, limits: Limits? = nil) {
        if requested == .categorical {
            // Category k is palette colour k; lo and hi span the categories present.
            map = .categorical
            lo = 0; hi = max(1, m.values.filter(\.isFinite).max() ?? 1)
            return
        }
        if let limits {
            map = requested == .auto ? (limits.lo < 0 && limits.hi > 0 ? .diverging : .viridis) : requested
            lo = limits.lo; hi = limits.hi
            return
        }
        var e = Extent()
        for v in m.values { e.add(v) }
        if e.isEmpty { e.add(0); e.add(1) }
        let signed = e.lo < 0 && e.hi > 0
        map = requested == .auto ? (signed ? .diverging : .viridis) : requested
        if map == .diverging {
            let a = max(Swift.abs(e.lo), Swift.abs(e.hi))
            lo = a == 0 ? -1 : -a; hi = a == 0 ? 1 : a
        } else if e.lo == e.hi {
            lo = e.lo - 0.5; hi = e.hi + 0.5
        } else {
            lo = e.lo; hi = e.hi
        }
    }

    /// Position of `v` in [0, 1]; NaN for non-finite values.
    public func fraction(_ v: Double) -> Double {
        guard v.isFinite else { return .nan }
        return min(max((v - lo) / (hi - lo), 0), 1)
    }

    /// The colour of `v`, or nil for nan/inf (drawn as a gap).
    public func color(_ v: Double) -> RGB? {
        if map == .categorical { return v.isFinite && v >= 0 ? Palette.color(Int(v.rounded())) : nil }
        let f = fraction(v)
        return f.isNaN ? nil : Colormap.color(map, f)
    }
}
