// MathText: matplotlib's `$...$` notation for the few things plot labels need —
// subscripts (`$σ_1$`, `$W_{ij}$`), superscripts (`$x^2$`, `$10^{-3}$`) and Greek
// letters by name (`$\sigma_1/\sigma_2$`) — turned into Unicode (σ₁/σ₂, W_ij → Wᵢⱼ,
// x², 10⁻³) so that every renderer, the terminal's included, draws it with plain text.
// Only text between a pair of `$` changes; a sub- or superscript that Unicode has no
// characters for stays as written (`$p_c$` → p_c), so nothing is silently lost.

public enum MathText {
    /// `s` with each `$...$` span rendered; text without a pair of `$` is returned unchanged.
    public static func render(_ s: String) -> String {
        guard s.contains("$") else { return s }
        let parts = s.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return s }
        var out = ""
        for (k, part) in parts.enumerated() {
            let isMath = k % 2 == 1 && k < parts.count - 1   // an unpaired last `$` stays literal
            if isMath { out += math(part) } else { out += (k % 2 == 1 ? "$" : "") + part }
        }
        return out
    }

    /// One `$...$` span: Greek names first, then `_` and `^` groups.
    static func math(_ s: String) -> String {
        var text = ""
        var chars = Array(s)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\" {
                let name = String(chars.prefix { $0.isLetter })
                if let g = greek[name] { text.append(g); chars = chars.dropFirst(name.count); continue }
                text.append(c); continue
            }
            guard c == "_" || c == "^", let next = chars.first else { text.append(c); continue }
            var group: String
            if next == "{", let close = chars.firstIndex(of: "}") {
                group = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
            } else {
                group = String(next); chars = chars.dropFirst()
            }
            group = math(group)
            let table = c == "_" ? subscripts : superscripts
            let mapped = group.map { table[$0] }
            if mapped.allSatisfy({ $0 != nil }) { text += String(mapped.compactMap { $0 }) } else { text += "\(c)\(group)" }
        }
        return text
    }

    static let subscripts: [Character: Character] = Dictionary(uniqueKeysWithValues: zip(
        Array("0123456789+-=()aehijklmnoprstuvxβγρφχ"), Array("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ")))

    static let superscripts: [Character: Character] = Dictionary(uniqueKeysWithValues: zip(
        Array("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ"),
        Array("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡ")))

    static let greek: [String: Character] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
        "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ",
        "Psi": "Ψ", "Omega": "Ω", "ell": "ℓ", "infty": "∞", "cdot": "·", "times": "×", "pm": "±",
        "le": "≤", "ge": "≥", "approx": "≈", "neq": "≠", "partial": "∂", "nabla": "∇",
    ]
}

extension Figure {
    /// The figure with `$...$` rendered in every title, axis label, legend entry, note,
    /// tick label and category name.
    public func renderingMathText() -> Figure {
        func m(_ s: String?) -> String? { s.map(MathText.render) }
        var f = self
        f.title = m(title)
        f.panels = panels.map { p in
            var p = p
            p.title = m(p.title); p.xlabel = m(p.xlabel); p.ylabel = m(p.ylabel)
            if let label = p.twin?.ylabel { p.twin?.ylabel = MathText.render(label) }
            p.xtickLabels = p.xtickLabels?.map(MathText.render)
            p.ytickLabels = p.ytickLabels?.map(MathText.render)
            p.categories = p.categories?.map(MathText.render)
            p.series = p.series.map { s in
                var s = s
                s.label = m(s.label)
                switch s.kind {
                case .text(let x, let y, let t): s.kind = .text(x: x, y: y, MathText.render(t))
                case .bar(let values, let labels): s.kind = .bar(values: values, labels: labels.map(MathText.render))
                default: break
                }
                return s
            }
            return p
        }
        return f
    }
}
