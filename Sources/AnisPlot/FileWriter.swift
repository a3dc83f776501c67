// FileWriter: writes a Figure to PNG, SVG or PDF (chosen by the extension) with
// the Cairo renderer. Sizes are matplotlib's: width and height in inches
// (default 6.4×4.8), dpi pixels per inch (default 100). A PNG has width·dpi ×
// height·dpi pixels, so a higher dpi means more pixels for the same drawing (a
// 300-dpi figure for a paper); SVG and PDF have the size in points (72 per inch)
// and look the same as the PNG. Cairo streams the file into SafeWriter, so a
// failure leaves no half file and a symlink or device is respected;
// missing folders on the path are created.
import AnisTensor
import CCairo
import Glibc

public enum FileFormat: String, Sendable, CaseIterable {
    case png, svg, pdf

    /// The format named by `path`'s extension (case-insensitive).
    public init?(path: String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }
}

public enum FileWriter {
    public static let defaultDPI = 100.0

    /// The default size in inches: 6.4×4.8 for one panel (matplotlib's), 4×3.2 per panel in a grid.
    public static func defaultSize(_ figure: Figure) -> (width: Double, height: Double) {
        if figure.panels.count == 1 && figure.title == nil { return (6.4, 4.8) }
        return (4 * Double(figure.columns), 3.2 * Double(figure.rows) + (figure.title == nil ? 0 : 0.3))
    }

    /// Writes `figure` to `path`, `width` × `height` inches at `dpi`. Throws a PlotError
    /// (without the built-in's name) on an unknown extension, bad size, missing directory
    /// or a Cairo failure.
    public static func write(_ figure: Figure, to path: String, width: Double? = nil, height: Double? = nil,
                             dpi: Double? = nil) throws(PlotError) {
        try figure.validate()
        guard let format = FileFormat(path: path) else {
            throw PlotError("cannot tell the format of '\(path)': use a .png, .svg or .pdf extension")
        }
        let (w, h, d) = try pixels(figure, width: width, height: height, dpi: dpi)
        try loadCairo()

        // SafeWriter replaces the file whole (or writes through to a device), so a failure
        // leaves whatever was there; missing folders on the path are created (like mkdir -p).
        do throws(FileError) {
            try SafeWriter.write(path, createFolders: true) { fd throws(FileError) in
                let sink = StreamSink(fd: fd, path: path)
                do throws(PlotError) {
                    try render(figure, format: format, to: sink, width: w, height: h, dpi: d)
                } catch {
                    throw sink.failure ?? FileError(path, error.message)
                }
            }
        } catch {
            throw PlotError("cannot write '\(error.path)': \(error.reason)")
        }
    }

    /// The file `write` would produce, as bytes in memory (a notebook's image/png, a
    /// reprex's embedded figure), with the same size rules and no file on disk.
    public static func encode(_ figure: Figure, as format: FileFormat, width: Double? = nil, height: Double? = nil,
                              dpi: Double? = nil) throws(PlotError) -> [UInt8] {
        try figure.validate()
        let (w, h, d) = try pixels(figure, width: width, height: height, dpi: dpi)
        try loadCairo()
        let sink = StreamSink(fd: -1, path: "")
        try render(figure, format: format, to: sink, width: w, height: h, dpi: d)
        return sink.bytes
    }

    /// Cairo and Pango are opened by the first figure drawn (see CCairo.h); their absence
    /// is this call's error, before any file is touched.
    private static func loadCairo() throws(PlotError) {
        guard anis_cairo_load() == 0 else { throw PlotError(String(cString: anis_cairo_load_error())) }
    }

    /// Pixels and dpi for a size in inches (the defaults where nil), checked.
    private static func pixels(_ figure: Figure, width: Double?, height: Double?,
                               dpi: Double?) throws(PlotError) -> (Int, Int, Double) {
        let size = defaultSize(figure)
        let wIn = width ?? size.width, hIn = height ?? size.height, d = dpi ?? defaultDPI
        guard d.isFinite, d >= 10, d <= 2400 else { throw PlotError("dpi must be between 10 and 2400, got \(Ticks.compact(d))") }
        for (name, inches) in [("width", wIn), ("height", hIn)] where !(inches.isFinite && inches > 0 && inches <= 200) {
            // A size in the hundreds was almost surely meant in pixels (the old rule).
            let hint = inches > 200 && inches.isFinite
                ? "; sizes are inches, as matplotlib's figsize: \(Ticks.compact(inches)) pixels at 100 dpi is \(name): \(Ticks.compact(inches / 100))" : ""
            throw PlotError("\(name) must be between 0 and 200 inches, got \(Ticks.compact(inches))\(hint)")
        }
        let w = Int((wIn * d).rounded()), h = Int((hIn * d).rounded())
        guard (16...20_000).contains(w), (16...20_000).contains(h) else {
            throw PlotError("\(Ticks.compact(wIn))×\(Ticks.compact(hIn)) inches at \(Ticks.compact(d)) dpi is \(w)×\(h) pixels; the image must be between 16 and 20000 pixels a side")
        }
        return (w, h, d)
    }

    /// Where Cairo's stream callbacks write: the descriptor (or, when it is -1, `bytes`
    /// in memory), and the first write error.
    private final class StreamSink {
        let fd: Int32, path: String
        var bytes: [UInt8] = []
        var failure: FileError?
        init(fd: Int32, path: String) { self.fd = fd; self.path = path }
    }

    private static let writeToSink: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<StreamSink>.fromOpaque(closure).takeUnretainedValue()
        guard sink.failure == nil else { return CAIRO_STATUS_WRITE_ERROR }
        if sink.fd < 0 {
            if let data { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length))) }
            return CAIRO_STATUS_SUCCESS
        }
        do throws(FileError) {
            try SafeWriter.writeAll(sink.fd, UnsafeRawPointer(data), Int(length), path: sink.path)
            return CAIRO_STATUS_SUCCESS
        } catch {
            sink.failure = error
            return CAIRO_STATUS_WRITE_ERROR
        }
    }

    private static func render(_ figure: Figure, format: FileFormat, to sink: StreamSink,
                               width: Int, height: Int, dpi: Double) throws(PlotError) {
        let scale = dpi / 72
        let wPt = Double(width) / scale, hPt = Double(height) / scale
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer?
        switch format {
        case .png: surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        case .svg: surface = cairo_svg_surface_create_for_stream(writeToSink, closure, wPt, hPt)
        case .pdf: surface = cairo_pdf_surface_create_for_stream(writeToSink, closure, wPt, hPt)
        }
        guard let surface else { throw PlotError("cannot create a \(format.rawValue) surface") }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface))
        guard let cr = cairo_create(surface) else { throw PlotError("cannot create a drawing context") }
        if format == .png { cairo_scale(cr, scale, scale) }
        CairoRenderer(cr).draw(figure, width: wPt, height: hPt)
        let drawStatus = cairo_status(cr)
        cairo_destroy(cr)
        try check(drawStatus)
        if format == .png {
            try check(cairo_surface_write_to_png_stream(surface, writeToSink, closure))
        } else {
            cairo_surface_finish(surface)
            try check(cairo_surface_status(surface))
        }
    }

    private static func check(_ status: cairo_status_t) throws(PlotError) {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        throw PlotError("cannot write the plot: \(String(cString: cairo_status_to_string(status)))")
    }
}
