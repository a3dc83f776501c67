// TextBlock: a rectangle of terminal cells (character + optional foreground and
// background colour) that the terminal renderer composes — panels side by side,
// titles above — and finally turns into text, with ANSI colour escapes only when
// a colour mode is asked for. Every character used is one column wide.

/// How (and whether) the terminal renderer colours its output.
public enum ColorMode: Sendable, Equatable {
    /// Plain text, no escape sequences (pipes, files, NO_COLOR).
    case none
    /// xterm's 256-colour palette (`ESC[38;5;Nm`).
    case ansi256
    /// 24-bit colour (`ESC[38;2;R;G;Bm`), when COLORTERM says so.
    case trueColor
}

struct Cell: Equatable {
    var ch: Character
    var fg: RGB?
    var bg: RGB?
    init(_ ch: Character, fg: RGB? = nil, bg: RGB? = nil) { self.ch = ch; self.fg = fg; self.bg = bg }
    static let blank = Cell(" ")
}

struct TextBlock {
    private(set) var lines: [[Cell]]
    let width: Int

    init(width: Int, height: Int) {
        self.width = max(0, width)
        lines = Array(repeating: Array(repeating: Cell.blank, count: max(0, width)), count: max(0, height))
    }

    var height: Int { lines.count }

    subscript(row: Int, col: Int) -> Cell {
        get { lines[row][col] }
        set { if row >= 0, row < lines.count, col >= 0, col < width { lines[row][col] = newValue } }
    }

    /// Writes `text` from column `col` of `row`, clipped to the block.
    mutating func put(_ text: String, row: Int, col: Int, fg: RGB? = nil) {
        for (i, ch) in text.enumerated() { self[row, col + i] = Cell(ch, fg: fg) }
    }

    /// Writes `text` centred on the block's width (or on `span` starting at `from`).
    mutating func center(_ text: String, row: Int, from: Int = 0, span: Int? = nil) {
        let s = Self.clip(text, span ?? width)
        let w = span ?? width
        put(s, row: row, col: from + max(0, (w - s.count) / 2))
    }

    /// Copies `other` with its top-left corner at (row, col).
    mutating func paste(_ other: TextBlock, row: Int, col: Int) {
        for r in 0..<other.height { for c in 0..<other.width { self[row + r, col + c] = other[r, c] } }
    }

    /// `text` cut to `n` characters, with an ellipsis when cut.
    static func clip(_ text: String, _ n: Int) -> String {
        guard text.count > n else { return text }
        return n <= 1 ? String(text.prefix(max(0, n))) : String(text.prefix(n - 1)) + "…"
    }

    /// The text of the block: lines joined by "\n", trailing blanks trimmed.
    func render(_ mode: ColorMode) -> String {
        lines.map { line in
            var end = line.count
            while end > 0, line[end - 1].ch == " ", line[end - 1].bg == nil { end -= 1 }
            var out = ""
            var current: (RGB?, RGB?) = (nil, nil)
            for cell in line[0..<end] {
                if mode != .none, cell.fg != current.0 || cell.bg != current.1 {
                    if current.0 != nil || current.1 != nil { out += "\u{1B}[0m" }
                    if let f = cell.fg { out += Self.escape(f, mode, background: false) }
                    if let b = cell.bg { out += Self.escape(b, mode, background: true) }
                    current = (cell.fg, cell.bg)
                }
                out.append(cell.ch)
            }
            if current.0 != nil || current.1 != nil { out += "\u{1B}[0m" }
            return out
        }.joined(separator: "\n")
    }

    static func escape(_ c: RGB, _ mode: ColorMode, background: Bool) -> String {
        let (r, g, b) = c.bytes
        let lead = background ? 48 : 38
        switch mode {
        case .none: return ""
        case .trueColor: return "\u{1B}[\(lead);2;\(r);\(g);\(b)m"
        case .ansi256: return "\u{1B}[\(lead);5;\(ansi256(r, g, b))m"
        }
    }

    /// The nearest colour in xterm's 6×6×6 cube or grey ramp.
    static func ansi256(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let steps = [0, 95, 135, 175, 215, 255]
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeErr = sq(steps[lr] - r) + sq(steps[lg] - g) + sq(steps[lb] - b)
        let avg = (r + g + b) / 3
        let gi = min(23, max(0, (avg - 8 + 5) / 10))
        let gv = 8 + 10 * gi
        let grayErr = sq(gv - r) + sq(gv - g) + sq(gv - b)
        return grayErr < cubeErr ? 232 + gi : cube
    }

    private static func sq(_ x: Int) -> Int { x * x }
}
