// MetaCommands: REPL input that is not anis code: `exit`/`quit` and the colon
// commands (:time, :timeit, :vars, :load, :reset, :quit, :help). `help NAME` is
// handled by the session itself, so it works in scripts and `-e` too.

enum MetaCommand: Equatable {
    /// `:time code`.
    case time(code: String)
    /// `:timeit code`: repeated runs, mean ± standard deviation.
    case timeit(code: String)
    case vars
    /// `:load path`.
    case load(path: String)
    case reset
    /// `:reprex [N]`: the last N inputs (all when nil) as a reprex.
    case reprex(count: Int?)
    case quit
    /// `:help`: the command list.
    case commands
    /// A colon command that does not exist, or one used wrongly: the message to show.
    case invalid(message: String)

    /// Command names, for completion (without the colon).
    static let names = ["help", "load", "q", "quit", "reprex", "reset", "time", "timeit", "vars"]

    static let helpText = """
    commands:
      help             list built-ins;  help NAME (or ?NAME)  explains one
      :time CODE       run CODE, print its value and the wall time it took
      :timeit CODE     run CODE many times: mean ± standard deviation per run
      :vars            list the variables of this session
      :load FILE       run a file into this session
      :reset           forget all variables and restore the seed
      :reprex [N]      rerun the last N inputs (default all) in a fresh session
                       and print them as a reprex (Markdown with #> output)
      :quit, :q        leave (also `exit`, `quit`, or Ctrl-D)
      :help            this list
    keys: Tab completes, Up/Down recall history, Ctrl-R searches it,
          Ctrl-C interrupts a running computation or clears the line.

    """

    /// The meta command on a line, or nil when the line is ordinary code.
    static func parse(_ line: String) -> MetaCommand? {
        let text = line.trimmingWhitespace()
        if text == "exit" || text == "quit" { return .quit }
        guard text.hasPrefix(":") else { return nil }
        let body = text.dropFirst()
        let name = String(body.prefix(while: { !$0.isWhitespace }))
        let argument = body.dropFirst(name.count).trimmingWhitespace()
        switch name {
        case "time":
            return argument.isEmpty ? .invalid(message: "usage: :time CODE") : .time(code: argument)
        case "timeit":
            return argument.isEmpty ? .invalid(message: "usage: :timeit CODE") : .timeit(code: argument)
        case "vars": return .vars
        case "load":
            return argument.isEmpty ? .invalid(message: "usage: :load FILE") : .load(path: argument)
        case "reset": return .reset
        case "reprex":
            if argument.isEmpty { return .reprex(count: nil) }
            guard let n = Int(argument), n > 0 else { return .invalid(message: "usage: :reprex [N]  (N a positive count of inputs)") }
            return .reprex(count: n)
        case "quit", "q": return .quit
        case "help", "?", "": return .commands
        default:
            return .invalid(message: "unknown command ':\(name)' (type :help for the list)")
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (Foundation-free).
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
