// PNGPixels: reading a written PNG back to check what was drawn — its size, how
// many pixels carry ink, and where — for the image tests of every figure kind.
import CCairo

/// Counts of pixels in the region (fractions of the image) that are not white, and that have exactly `rgb`.
func pixels(_ path: String, _ rgb: UInt32, region: (Double, Double, Double, Double) = (0, 0, 1, 1))
    -> (size: (Int, Int), inked: Int, exact: Int) {
    guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS,
          let data = cairo_image_surface_get_data(s) else { return ((0, 0), 0, 0) }
    defer { cairo_surface_destroy(s) }
    let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s))
    let stride = Int(cairo_image_surface_get_stride(s))
    var inked = 0, exact = 0
    for y in Int(region.1 * Double(h))..<Int(region.3 * Double(h)) {
        let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
        for x in Int(region.0 * Double(w))..<Int(region.2 * Double(w)) {
            let p = row[x] & 0xffffff
            if p != 0xffffff { inked += 1 }
            if p == rgb { exact += 1 }
        }
    }
    return ((w, h), inked, exact)
}

/// The bounding box (x0, y0, x1, y1) in pixels of the pixels that have exactly `rgb`; nil when there are none.
func inkBox(_ path: String, _ rgb: UInt32) -> (Int, Int, Int, Int)? {
    guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS,
          let data = cairo_image_surface_get_data(s) else { return nil }
    defer { cairo_surface_destroy(s) }
    let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s))
    let stride = Int(cairo_image_surface_get_stride(s))
    var box: (Int, Int, Int, Int)?
    for y in 0..<h {
        let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
        for x in 0..<w where row[x] & 0xffffff == rgb {
            box = box.map { (min($0.0, x), min($0.1, y), max($0.2, x), max($0.3, y)) } ?? (x, y, x, y)
        }
    }
    return box
}

/// The rightmost column that is black over most of the image's middle rows (the axes' right spine); nil when none is.
func rightSpine(_ path: String) -> (x: Int, width: Int)? {
    guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS,
          let data = cairo_image_surface_get_data(s) else { return nil }
    defer { cairo_surface_destroy(s) }
    let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s))
    let stride = Int(cairo_image_surface_get_stride(s))
    var dark = [Int](repeating: 0, count: w)
    for y in (h / 5)..<(4 * h / 5) {
        let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
        for x in 0..<w where row[x] & 0xffffff < 0x404040 { dark[x] += 1 }
    }
    guard let x = dark.lastIndex(where: { $0 > h / 2 }) else { return nil }
    return (x, w)
}
