// FileWriter: writes a Figure to PNG, SVG or PDF (chosen by the extension) with
// the Cairo renderer. Sizes are in pixels at `dpi` (default 100): a 640×480 PNG
// at 100 dpi is a 6.4×4.8 inch figure, and the SVG/PDF of the same options have
// that size in points, so all three look alike; a higher dpi makes text and
// lines larger in pixels, as in matplotlib. The file is written under a
// temporary name in the same directory and renamed, so a failure leaves no half file;
// missing folders on the path are created.
import CCairo
import Foundation

public enum FileFormat: String, Sendable, CaseIterable {
    case png, svg, pdf

    /// The format named by `path`'s extension (case-insensitive).
    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }
}

public enum FileWriter {
    public static let defaultDPI = 100.0

    /// The default size in pixels: 640×480 for one panel, about 400×320 per panel in a grid.
    public static func defaultSize(_ figure: Figure) -> (width: Int, height: Int) {
        if figure.panels.count == 1 && figure.title == nil { return (640, 480) }
        return (400 * figure.columns, 320 * figure.rows + (figure.title == nil ? 0 : 30))
    }

    /// Writes `figure` to `path`. Throws a PlotError (without the built-in's name) on
    /// an unknown extension, bad size, missing directory or a Cairo failure.
    public static func write(_ figure: Figure, to path: String, width: Int? = nil, height: Int? = nil,
                             dpi: Double? = nil) throws(PlotError) {
        try figure.validate()
        guard let format = FileFormat(path: path) else {
            throw PlotError("cannot tell the format of '\(path)': use a .png, .svg or .pdf extension")
        }
        let size = defaultSize(figure)
        let w = width ?? size.width, h = height ?? size.height, d = dpi ?? defaultDPI
        guard (16...20_000).contains(w), (16...20_000).contains(h) else {
            throw PlotError("width and height must be between 16 and 20000 pixels, got \(w)×\(h)")
        }
        guard d.isFinite, d >= 10, d <= 2400 else { throw PlotError("dpi must be between 10 and 2400, got \(Ticks.compact(d))") }

        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            // Missing folders are created (like mkdir -p), so scripts can name an output folder.
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw PlotError("cannot write '\(path)': cannot create the folder '\(dir)'")
            }
        } else if !isDir.boolValue {
            throw PlotError("cannot write '\(path)': '\(dir)' is not a folder")
        }
        let temp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do throws(PlotError) {
            try render(figure, format: format, to: temp, width: w, height: h, dpi: d)
            guard rename(temp, path) == 0 else {
                throw PlotError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(temp)
            throw error
        }
    }

    private static func render(_ figure: Figure, format: FileFormat, to file: String,
                               width: Int, height: Int, dpi: Double) throws(PlotError) {
        let scale = dpi / 72
        let wPt = Double(width) / scale, hPt = Double(height) / scale
        let surface: OpaquePointer?
        switch format {
        case .png: surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        case .svg: surface = cairo_svg_surface_create(file, wPt, hPt)
        case .pdf: surface = cairo_pdf_surface_create(file, wPt, hPt)
        }
        guard let surface else { throw PlotError("cannot create a \(format.rawValue) surface") }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), file)
        guard let cr = cairo_create(surface) else { throw PlotError("cannot create a drawing context") }
        if format == .png { cairo_scale(cr, scale, scale) }
        CairoRenderer(cr).draw(figure, width: wPt, height: hPt)
        let drawStatus = cairo_status(cr)
        cairo_destroy(cr)
        try check(drawStatus, file)
        if format == .png {
            try check(cairo_surface_write_to_png(surface, file), file)
        } else {
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface), file)
        }
    }

    private static func check(_ status: cairo_status_t, _ file: String) throws(PlotError) {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw PlotError("cannot write the plot: \(String(cString: cairo_status_to_string(status)))")
    }
}
