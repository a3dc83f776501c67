// CLI: dispatches a parsed command line to the batch runner or the REPL, on
// the big-stack interpreter thread, and returns the process exit status.
import Glibc
import AnisLanguage
import AnisTensor

enum CLI {
    /// Runs anis with the arguments after the program name; returns the exit status.
    static func main(_ argv: [String]) -> Int32 {
        Terminal.reserveStandardDescriptors()
        // Hidden flag (not in --help): the generated library section of grammar.md,
        // for scripts/update_grammar.sh.
        if argv == ["--library-reference"] {
            Terminal.write(Session.libraryReference())
            Terminal.flush()
            return 0
        }
        let invocation: Invocation
        switch ArgumentParser.parse(argv, stdinIsTerminal: Terminal.isTerminal(0)) {
        case .success(let inv): invocation = inv
        case .failure(let error):
            Terminal.writeError("anis: \(error.message)\nTry 'anis --help' for more information.\n")
            return 2
        }
        _ = AllocatorTuning.applied
        switch invocation.mode {
        case .help(nil):
            Terminal.write(ArgumentParser.usage + Subcommands.helpSection)
            return 0
        case .help(let topic?):
            let session = Session(output: Terminal.write)
            if Terminal.isTerminal(1) { session.lineWidth = Terminal.width }
            do {
                Terminal.write(try session.helpPage(topic))
                Terminal.flush()
                return 0
            } catch {
                Terminal.writeError("anis: \(error.message)\n")
                return 1
            }
        case .version:
            Terminal.write(ArgumentParser.version + "\n"
                           + "BLAS: \(BLASInfo.config)\ncore: \(BLASInfo.coreName), \(BLASInfo.coreChoice)\n"
                           + "threads: \(BLASInfo.threads) (\(BLASInfo.threadRule))\n"
                           + "loop threads: \(Parallel.width) (\(Parallel.rule))\n")
            return 0
        case .versionVerbose:
            Terminal.write(SessionInfo(seed: nil).text)
            return 0
        case .subcommand(let name, let arguments):
            guard let tool = Subcommands.named(name) else { return 2 }
            return tool.run(arguments)
        case .repl:
            Signals.installInterruptHandler()
            return InterpreterThread.run { REPL(seed: invocation.seed).run() }
        case .script, .eval, .stdin:
            // Ctrl-C or SIGTERM stops the run at the next check, keeping its output.
            BatchSignals.install()
            let status = InterpreterThread.run(supervised: true) { BatchRunner.run(invocation) }
            return Terminal.finish(BatchSignals.status(after: status))
        }
    }
}
