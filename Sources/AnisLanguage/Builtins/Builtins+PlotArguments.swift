// Builtins+PlotArguments: turning the arguments of the plot built-ins into the
// AnisPlot model — series data from vectors, matrices and lists, the keyword
// options every plot shares (title, labels, limits, log axes, file), and the
// final step that validates the figure and writes `file:` when given. Errors
// name the built-in and the argument.
import AnisPlot
import AnisTensor

extension Arguments {
    /// The argument named `name`, or nil when omitted or `none`.
    func named(_ name: String) -> Value? {
        guard let i = builtin.parameters.firstIndex(where: { $0.name == name }) else { return nil }
        return optional(i)
    }

    private func index(_ name: String) -> Int {
        builtin.parameters.firstIndex(where: { $0.name == name }) ?? builtin.parameters.count
    }

    func namedString(_ name: String) throws -> String? {
        guard named(name) != nil else { return nil }
        return try string(index(name))
    }

    func namedBool(_ name: String) throws -> Bool {
        guard named(name) != nil else { return false }
        return try bool(index(name))
    }

    func namedInt(_ name: String) throws -> Int? {
        guard named(name) != nil else { return nil }
        return try int(index(name))
    }

    /// A vector of numbers: a 1-D tensor, a number, a range or a list of numbers.
    func vector(_ v: Value, _ what: String) throws -> [Double] {
        if case .list(let items) = v, items.isEmpty { return [] }
        let t: Tensor
        do { t = try v.toTensor() } catch { throw RuntimeError("\(builtin.name): \(what) must be numbers, got \(v.typeDescription)") }
        guard t.rank <= 1 else {
            throw RuntimeError("\(builtin.name): \(what) must be a vector, got a tensor of shape \(t.shapeDescription)")
        }
        return try t.checkedElements(op: builtin.name)
    }

    /// One or more series: a vector (or a list of numbers) is one series, a matrix
    /// one series per row, a list of vectors one series per item (lengths may differ).
    func seriesData(_ v: Value, _ what: String) throws -> [[Double]] {
        switch v {
        case .list(let items) where items.isEmpty || items.allSatisfy(\.isScalarLike):
            return [try vector(v, what)]  // a list of numbers built with append
        case .list(let items):
            guard !items.isEmpty else { throw RuntimeError("\(builtin.name): \(what) is empty") }
            return try items.enumerated().map { try vector($1, "\(what)[\($0)]") }
        case .tensor(let t) where t.rank == 2:
            guard t.shape[0] > 0 else { throw RuntimeError("\(builtin.name): \(what) is empty") }
            let cols = t.shape[1], e = try t.checkedElements(op: builtin.name, copies: 2)
            return (0..<t.shape[0]).map { Array(e[$0 * cols..<($0 + 1) * cols]) }
        default:
            return [try vector(v, what)]
        }
    }

    /// The `labels:` option: a string or a list of strings, one per series.
    func labels(count: Int) throws -> [String?] {
        guard let v = named("labels") else { return Array(repeating: nil, count: count) }
        var names: [String] = []
        switch v {
        case .string(let s): names = [s]
        case .list(let items):
            for item in items {
                guard case .string(let s) = item else {
                    throw RuntimeError("\(builtin.name): labels must be strings, got \(item.typeDescription)")
                }
                names.append(s)
            }
        default: throw RuntimeError("\(builtin.name): labels must be a string or a list of strings, got \(v.typeDescription)")
        }
        guard names.count == count else {
            throw RuntimeError("\(builtin.name): \(names.count) label\(names.count == 1 ? "" : "s") for \(count) series")
        }
        return names
    }

    /// `xlim:`/`ylim:` as [lo, hi].
    func limits(_ name: String) throws -> Limits? {
        guard let v = named(name) else { return nil }
        let xs = try vector(v, name)
        guard xs.count == 2 else { throw RuntimeError("\(builtin.name): \(name) must be [lo, hi], got \(xs.count) numbers") }
        return Limits(xs[0], xs[1])
    }

    /// Applies the shared options (those this built-in declares) to a panel.
    func options(_ panel: inout Panel) throws {
        let has = Set(builtin.parameters.map(\.name))
        if has.contains("title") { panel.title = try namedString("title") }
        if has.contains("xlabel") { panel.xlabel = try namedString("xlabel") }
        if has.contains("ylabel") { panel.ylabel = try namedString("ylabel") ?? panel.ylabel }
        if has.contains("xlim") { panel.xlim = try limits("xlim") }
        if has.contains("ylim") { panel.ylim = try limits("ylim") }
        if has.contains("logx") { panel.logx = try namedBool("logx") }
        if has.contains("logy") { panel.logy = try namedBool("logy") }
        if has.contains("aspect"), let name = try namedString("aspect") {
            guard let aspect = Aspect(rawValue: name) else {
                throw RuntimeError("\(builtin.name): aspect must be \"equal\" or \"auto\", got \"\(name)\"")
            }
            panel.aspect = aspect
        }
    }

    /// Renders `$...$` in its text (MathText), validates `figure`, writes `file:` if given,
    /// and returns the plot value.
    func finish(_ figure: Figure) throws -> Value {
        let figure = figure.renderingMathText()
        do { try figure.validate() } catch { throw RuntimeError("\(builtin.name): \(error.message)") }
        let plot = PlotValue(figure)
        if let path = try namedString("file") {
            try plot.write(to: path, width: nil, height: nil, dpi: nil, builtin: builtin.name)
        }
        return .object(plot)
    }
}
