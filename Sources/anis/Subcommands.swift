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
    static let all: [Subcommand] = [ReprexCommand.subcommand, CheckCommand.subcommand]

    static func named(_ name: String) -> Subcommand? { all.first { $0.name == name } }
}
