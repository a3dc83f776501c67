// Suggestions: "did you mean" for a misspelt name (an undefined variable, an
// unknown keyword argument, a missing record field, a help topic). Candidates are
// ranked by edit distance, counting a swap of two neighbours as one edit
// (`activatons` → `activations`, `sparsty` → `sparsity`, `lenght` → `length`).

enum Suggestions {
    /// The closest candidate to `word`, when one is close enough to be a plausible typo:
    /// at most one edit for names of up to 4 characters, two up to 8, three beyond.
    static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        // A one-letter name is never a typo of another one-letter name (`x` is not `e`).
        let limit = target.count <= 1 ? 0 : target.count <= 4 ? 1 : target.count <= 8 ? 2 : 3
        var best: (name: String, distance: Int)?
        for name in candidates where name != word {
            guard limit > 0 || name.lowercased() == word.lowercased() else { continue }
            let other = Array(name.lowercased())
            guard abs(other.count - target.count) <= limit else { continue }
            let d = distance(target, other, limit: limit)
            guard d <= limit else { continue }
            // Ties go to the shorter, then alphabetically first name, so the answer is stable.
            if let b = best, d > b.distance || (d == b.distance && (name.count, name) >= (b.name.count, b.name)) { continue }
            best = (name, d)
        }
        return best?.name
    }

    /// ` (did you mean 'x'?)`, or nothing when no candidate is close.
    static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        guard let name = closest(to: word, among: candidates) else { return "" }
        return " (did you mean '\(name)'?)"
    }

    /// Optimal string alignment distance; stops early once every entry of a row exceeds `limit`.
    static func distance(_ a: [Character], _ b: [Character], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, before[j - 2] + 1) }
                current[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return rowMin }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
