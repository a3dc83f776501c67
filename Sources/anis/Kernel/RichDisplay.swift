// RichDisplay: values as notebook output. A plot: the Cairo renderer's PNG (base64)
// and SVG, plus the terminal drawing as text/plain for front ends without images
// (jupyter console); the bytes come from AnisPlot's FileWriter, so a notebook
// figure is exactly what `save` writes. A small
// vector or matrix: an HTML table next to its text.
import AnisLanguage
import AnisPlot
import AnisTensor
import FoundationEssentials
import Glibc

enum RichDisplay {
    /// The bundle for a plot value; nil for other values, or when drawing fails
    /// (the caller then shows the text).
    static func figureBundle(_ value: Value, text: String) -> MimeBundle? {
        guard case .object(let object) = value, let plot = object as? PlotValue else { return nil }
        guard let png = try? FileWriter.encode(plot.figure, as: .png),
              let svg = try? FileWriter.encode(plot.figure, as: .svg) else { return nil }
        return ["image/png": Data(png).base64EncodedString(),
                "image/svg+xml": String(decoding: svg, as: UTF8.self),
                "text/plain": text]
    }

    /// Vectors and matrices up to this many rows and columns also come as an HTML table.
    static let tableLimit = 20

    /// text/plain, plus text/html for a small vector or matrix.
    static func valueBundle(_ value: Value, text: String, precision: Int) -> MimeBundle {
        guard case .tensor(let tensor) = value, (1...2).contains(tensor.rank), tensor.count > 0,
              tensor.shape.allSatisfy({ $0 <= tableLimit }) else { return ["text/plain": text] }
        let columns = tensor.shape.last ?? 1
        let elements = tensor.elements
        var html = "<table>\n"
        for row in stride(from: 0, to: tensor.count, by: columns) {
            html += "<tr>" + elements[row..<(row + columns)].map { x in
                let cell = tensor.isMask ? (x != 0 ? "true" : "false") : Tensor.formatScalar(x, precision: precision)
                return "<td style=\"text-align: right\">\(cell)</td>"
            }.joined() + "</tr>\n"
        }
        return ["text/plain": text, "text/html": html + "</table>"]
    }
}
