// FileWriterTests: PNG, SVG and PDF files are valid, have the requested size,
// and carry the plot (the PNG's pixels are read back with Cairo); failures leave
// no file behind. Set ANIS_PLOT_OUT=DIR to keep the files for looking at.
import CCairo
import Foundation
import Testing
@testable import AnisPlot
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct FileWriterTests {
    let dir: String = {
        if let keep = ProcessInfo.processInfo.environment["ANIS_PLOT_OUT"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            return keep
        }
        let d = NSTemporaryDirectory() + "anis-plot-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    static let figures: [(String, Figure)] = [
        ("sweep", Figure(Fixtures.leakySweep)), ("gram", Figure(Fixtures.heatmap)),
        ("hist", Figure(Fixtures.histogram)), ("grid", Fixtures.grid),
    ]

    /// Width and height from a PNG's IHDR chunk.
    func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
              String(bytes: bytes[12..<16], encoding: .ascii) == "IHDR" else { return nil }
        func be(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    /// Fraction of pixels that are not white, and whether the series colour (tab:blue) appears.
    func ink(_ path: String) -> (fraction: Double, blue: Bool) {
        guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS,
              let data = cairo_image_surface_get_data(s) else { return (0, false) }
        defer { cairo_surface_destroy(s) }
        let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s))
        let stride = Int(cairo_image_surface_get_stride(s))
        var inked = 0, blue = false
        for y in 0..<h {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let p = row[x] & 0xffffff
                if p != 0xffffff { inked += 1 }
                if p == 0x1f77b4 { blue = true }
            }
        }
        return (Double(inked) / Double(w * h), blue)
    }

    @Test(arguments: 0..<figures.count) func pngIsValidAndCarriesThePlot(_ i: Int) throws {
        let (name, figure) = Self.figures[i]
        let path = "\(dir)/\(name).png"
        try FileWriter.write(figure, to: path, width: 8, height: 5)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let size = try #require(pngSize(data))
        #expect(size == (800, 500))
        let (fraction, blue) = ink(path)
        #expect(fraction > 0.03, "\(name).png looks blank (\(fraction) of pixels inked)")
        #expect(fraction < 0.9)
        if name != "gram" { #expect(blue, "\(name).png has no pixel of the first series' colour") }
    }

    /// matplotlib's rule: a higher dpi means more pixels for the same figure, drawn alike.
    @Test func dpiScalesPixelsNotDrawing() throws {
        let f = Figure(Fixtures.lines)
        try FileWriter.write(f, to: "\(dir)/lines100.png", width: 6.4, height: 4.8, dpi: 100)
        try FileWriter.write(f, to: "\(dir)/lines300.png", width: 6.4, height: 4.8, dpi: 300)
        let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/lines100.png"))
        let b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/lines300.png"))
        #expect(pngSize(a)! == (640, 480) && pngSize(b)! == (1920, 1440))
        // Same drawing, three times the pixels each way: the inked fraction stays close.
        let (inkA, inkB) = (ink("\(dir)/lines100.png").fraction, ink("\(dir)/lines300.png").fraction)
        #expect(abs(inkA - inkB) < 0.5 * inkA, "ink \(inkA) at 100 dpi vs \(inkB) at 300 dpi")
        // A paper figure in one call: 3.5×2.5 inches at 300 dpi.
        try FileWriter.write(f, to: "\(dir)/paper.png", width: 3.5, height: 2.5, dpi: 300)
        #expect(pngSize(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/paper.png")))! == (1050, 750))
        // Pixel sizes passed as inches are refused with a hint.
        #expect(throws: PlotError.self) { try FileWriter.write(f, to: "\(dir)/px.png", width: 800, height: 600) }
    }

    @Test(arguments: 0..<figures.count) func svgIsXMLOfTheRightSize(_ i: Int) throws {
        let (name, figure) = Self.figures[i]
        let path = "\(dir)/\(name).svg"
        try FileWriter.write(figure, to: path, width: 6.4, height: 4.8)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        final class Root: NSObject, XMLParserDelegate {
            var attributes: [String: String]?
            func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if self.attributes == nil, name == "svg" { self.attributes = attributes }
            }
        }
        let root = Root()
        let parser = XMLParser(data: data)
        parser.delegate = root
        #expect(parser.parse(), "\(name).svg is not well-formed XML")
        let attrs = try #require(root.attributes)
        // 6.4×4.8 inches = 460.8×345.6 pt.
        #expect(attrs["width"].flatMap { Double($0.replacingOccurrences(of: "pt", with: "")) } == 460.8)
        #expect(attrs["height"].flatMap { Double($0.replacingOccurrences(of: "pt", with: "")) } == 345.6)
        #expect(data.count > 5_000)
    }

    @Test(arguments: 0..<figures.count) func pdfIsAPDF(_ i: Int) throws {
        let (name, figure) = Self.figures[i]
        let path = "\(dir)/\(name).pdf"
        try FileWriter.write(figure, to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.starts(with: Array("%PDF-".utf8)))
        let tail = String(decoding: data.suffix(16), as: UTF8.self)
        #expect(tail.contains("%%EOF"))
        #expect(data.count > 3_000)
    }

    @Test func failuresLeaveNoFile() throws {
        let f = Figure(Fixtures.lines)
        #expect(throws: PlotError.self) { try FileWriter.write(f, to: "\(dir)/plot.bmp") }
        try FileWriter.write(f, to: "\(dir)/new/folder/plot.png")  // folders are created
        #expect(throws: PlotError.self) { try FileWriter.write(f, to: "\(dir)/new/folder/plot.png/x.png") }
        #expect(throws: PlotError.self) { try FileWriter.write(f, to: "\(dir)/tiny.png", width: 0.02, height: 0.02) }
        #expect(throws: PlotError.self) { try FileWriter.write(Figure(Panel(series: [])), to: "\(dir)/empty.png") }
        for name in ["plot.bmp", "tiny.png", "empty.png"] {
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(name)"))
        }
        try FileWriter.write(f, to: "\(dir)/ok.pdf")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
