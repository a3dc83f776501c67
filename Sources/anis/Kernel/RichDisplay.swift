// RichDisplay: a plot value as notebook output: the Cairo renderer's PNG (base64)
// and SVG, plus the terminal drawing as text/plain for front ends without images
// (jupyter console). The files go through AnisPlot's FileWriter in a private
// temporary folder, so a notebook figure is exactly what `save` writes.
import AnisLanguage
import AnisPlot
import Foundation

enum RichDisplay {
    /// The bundle for a plot value; nil for other values, or when drawing fails
    /// (the caller then shows the text).
    static func figureBundle(_ value: Value, text: String) -> MimeBundle? {
        guard case .object(let object) = value, let plot = object as? PlotValue else { return nil }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("anis-kernel-\(getpid())-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FileWriter.write(plot.figure, to: folder + "/figure.png")
            try FileWriter.write(plot.figure, to: folder + "/figure.svg")
        } catch {
            return nil
        }
        guard let png = FileManager.default.contents(atPath: folder + "/figure.png"),
              let svg = FileManager.default.contents(atPath: folder + "/figure.svg") else { return nil }
        return ["image/png": png.base64EncodedString(),
                "image/svg+xml": String(decoding: svg, as: UTF8.self),
                "text/plain": text]
    }
}
