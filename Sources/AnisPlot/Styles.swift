// Styles: how a series looks — colour, line style, marker — and where a legend
// goes, with the spellings users write (matplotlib's: "--", "o", "C1", "red",
// "#1f77b4", "upper left"). Both renderers read the resolved values here.

public enum LineStyle: String, Sendable, CaseIterable {
    case solid, dashed, dotted, dashdot, none

    /// "-", "--", ":", "-." or a name; nil when unknown.
    public static func parse(_ s: String) -> LineStyle? {
        switch s {
        case "-", "solid": .solid
        case "--", "dashed": .dashed
        case ":", "dotted": .dotted
        case "-.", "dashdot": .dashdot
        case "none", "", " ": LineStyle.none
        default: nil
        }
    }

    /// On/off lengths in multiples of the line width (empty: solid).
    var dashPattern: [Double] {
        switch self {
        case .dashed: [3.7, 1.6]
        case .dotted: [1, 1.65]
        case .dashdot: [6.4, 1.6, 1, 1.6]
        case .solid, .none: []
        }
    }

    /// Which of the braille dots along a terminal line are drawn (a repeating on/off pattern).
    var dotPattern: [Bool] {
        switch self {
        case .dashed: [true, true, true, false, false]
        case .dotted: [true, false, false]
        case .dashdot: [true, true, true, true, false, false, true, false, false]
        case .solid, .none: [true]
        }
    }

    /// Two characters for the legend in the terminal.
    var legendSample: String {
        switch self {
        case .dashed: "╌╌"
        case .dotted: "┈┈"
        case .dashdot: "─·"
        case .solid: "──"
        case .none: "  "
        }
    }
}

public enum Marker: String, Sendable, CaseIterable {
    case none, circle, square, triangle, diamond, cross, plus, point

    /// "o", "s", "^", "d", "x", "+", "." or a name; nil when unknown.
    public static func parse(_ s: String) -> Marker? {
        switch s {
        case "o", "circle": .circle
        case "s", "square": .square
        case "^", "triangle": .triangle
        case "d", "D", "diamond": .diamond
        case "x", "cross": .cross
        case "+", "plus": .plus
        case ".", "point": .point
        case "none", "": Marker.none
        default: nil
        }
    }

    /// The character standing for the marker in the terminal (drawn in the point's cell).
    var character: Character {
        switch self {
        case .circle: "o"
        case .square: "■"
        case .triangle: "▲"
        case .diamond: "◆"
        case .cross: "x"
        case .plus: "+"
        case .point, .none: "•"
        }
    }
}

/// A series' look; nil parts mean "the default for this kind of series".
public struct SeriesStyle: Sendable, Equatable {
    public var color: RGB?
    public var line: LineStyle?
    public var marker: Marker?
    /// Opacity of a band's fill (0–1).
    public var alpha: Double?
    public init(color: RGB? = nil, line: LineStyle? = nil, marker: Marker? = nil, alpha: Double? = nil) {
        self.color = color; self.line = line; self.marker = marker; self.alpha = alpha
    }
}

/// Where a legend goes: a corner of the axes, the corner hiding the least data ("best"), or nowhere.
public enum LegendPlacement: String, Sendable, CaseIterable {
    case best
    case upperRight = "upper right", upperLeft = "upper left", lowerLeft = "lower left", lowerRight = "lower right"
    case none
}

extension RGB {
    /// Colour names: "C0"…"C9" (the series palette), matplotlib's single letters and
    /// basic names, and "#rrggbb".
    public static func parse(_ s: String) -> RGB? {
        let name = s.lowercased()
        if name.hasPrefix("#"), name.count == 7, let v = UInt32(name.dropFirst(), radix: 16) { return RGB(hex: v) }
        if name.count == 2, name.hasPrefix("c"), let k = Int(name.dropFirst()) { return Palette.color(k) }
        let table: [String: UInt32] = [
            "b": 0x0000ff, "blue": 0x1f77b4, "g": 0x008000, "green": 0x2ca02c, "r": 0xff0000, "red": 0xd62728,
            "c": 0x00bfbf, "cyan": 0x17becf, "m": 0xbf00bf, "magenta": 0xe377c2, "y": 0xbfbf00, "yellow": 0xbcbd22,
            "k": 0x000000, "black": 0x000000, "w": 0xffffff, "white": 0xffffff, "orange": 0xff7f0e,
            "purple": 0x9467bd, "brown": 0x8c564b, "pink": 0xe377c2, "gray": 0x7f7f7f, "grey": 0x7f7f7f,
            "olive": 0xbcbd22,
        ]
        return table[name].map { RGB(hex: $0) }
    }
}

extension Series {
    /// The series' colour: its own, else the palette colour of its position in the panel.
    public func color(at index: Int) -> RGB {
        if let c = style.color { return c }
        switch kind {
        case .hline, .vline: return RGB(0.35, 0.35, 0.35)
        case .text: return RGB(0, 0, 0)
        default: return Palette.color(index)
        }
    }

    /// The line style: its own, else solid for lines and dashed for reference lines.
    var lineStyle: LineStyle {
        if let l = style.line { return l }
        switch kind {
        case .hline, .vline: return .dashed
        case .scatter, .errorbar: return .none
        default: return .solid
        }
    }

    /// The marker: its own, else circles for scatter plots and error bars, none otherwise.
    var marker: Marker {
        if let m = style.marker { return m }
        switch kind {
        case .scatter, .errorbar: return .circle
        default: return .none
        }
    }

    /// Reference lines and annotations sit on the data's axes but are not data of their own.
    var isDecoration: Bool {
        switch kind {
        case .hline, .vline, .text: true
        default: false
        }
    }
}
