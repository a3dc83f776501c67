// Subcommands: `anis NAME ...` words that are tools rather than scripts
// (`anis reprex`, `anis check`, `anis kernel`). Each lives in its own file as a
// `Subcommand` value and is listed here once; a script with such a name runs as
// `anis ./NAME`.

struct Subcommand: Sendable {
    let name: String
    /// One line for `anis --help`.
    let summary: String
    /// Runs with the words after the name; returns the exit status.
    let run: @Sendable ([String]) -> Int32
}

enum Subcommands {
    static let all: [Subcommand] = [ReprexCommand.subcommand, CheckCommand.subcommand, KernelCommand.subcommand]

    static func named(_ name: String) -> Subcommand? { all.first { $0.name == name } }

    /// The `tools:` section of `anis --help`: one line per tool word.
    static var helpSection: String {
        let width = all.map(\.name.count).max() ?? 0
        return "tools (anis NAME --help for details):\n" + all.map { tool in
            "  " + tool.name + String(repeating: " ", count: width - tool.name.count + 3) + tool.summary + "\n"
        }.joined() + "\n"
    }
}
