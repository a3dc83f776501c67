// SweepWorkers: the worker processes of a sweep (why processes: see Sweep.swift).
//
// The parent forks the workers, then feeds cell numbers into a task pipe (4 bytes
// each; reads of 4 bytes from a pipe are atomic, so each cell goes to exactly one
// worker, and a fast worker simply takes more cells). Workers report on a second pipe
// with 12-byte messages (started / finished / failed, worker, cell), which the parent
// polls to draw the progress bar and to notice Ctrl-C. A finished cell is a file in
// the results folder; a failed cell's report is a file in a private scratch folder.
// Workers die with the parent (PR_SET_PDEATHSIG), so `kill`, `scancel` or Ctrl-C
// never leave orphans computing.
import AnisTensor
import CSystem
import Glibc

struct SweepWorkers {
    let sweep: Sweep
    let store: CellStore

    private enum Message: Int32 { case started = 0, finished = 1, failed = 2 }

    func run(_ todo: [SweepCell], workers: Int) throws -> SweepOutcome {
        let reports = try CellStore.scratch()
        defer { reports.remove() }
        var tasks: [Int32] = [-1, -1], done: [Int32] = [-1, -1]
        guard pipe(&tasks) == 0 else { throw RuntimeError("sweep: cannot create a pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&done) == 0 else {
            close(tasks[0]); close(tasks[1])
            throw RuntimeError("sweep: cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // A worker that dies must not kill the parent with SIGPIPE while it feeds the task pipe.
        var ignore = sigaction(), previousPipe = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigaction(SIGPIPE, &ignore, &previousPipe)
        defer { sigaction(SIGPIPE, &previousPipe, nil) }

        // An interrupted BLAS call may still run on a REPL worker thread (Detached): let it end.
        while Detached.running.load(ordering: .acquiring) > 0 && !Interrupt.isRequested { usleep(10_000) }
        fflush(nil)  // buffered output would otherwise be written once more by every child
        let parent = getpid()
        var pids: [pid_t] = []
        for w in 0..<workers {
            let pid = fork()
            if pid == 0 {
                close(tasks[1]); close(done[0])
                work(worker: w, todo: todo, tasks: tasks[0], done: done[1], reports: reports, parent: parent)
            }
            if pid > 0 { pids.append(pid) }
        }
        close(tasks[0]); close(done[1])
        guard !pids.isEmpty else {
            close(tasks[1]); close(done[0])
            throw RuntimeError("sweep: cannot start worker processes: \(String(cString: strerror(errno)))")
        }
        let outcome = supervise(todo, pids: pids, tasks: tasks[1], done: done[0], reports: reports)
        close(done[0])
        return outcome
    }

    /// The parent's loop: feeds the task pipe, reads progress, stops the workers on Ctrl-C.
    private func supervise(_ todo: [SweepCell], pids: [pid_t], tasks: Int32, done: Int32, reports: CellStore) -> SweepOutcome {
        var outcome = SweepOutcome()
        var progress = SweepProgress(total: todo.count, enabled: sweep.interpreter.sweepSettings.progress)
        var feed = todo.indices.map { Int32($0) }.withUnsafeBytes { Array($0) }
        var fed = 0, tasksOpen = true
        for fd in [tasks, done] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var inbox: [UInt8] = []
        var current = [Int](repeating: -1, count: pids.count)  // the cell each worker is on
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if tasksOpen && fed < feed.count {
                let n = feed.withUnsafeBytes { write(tasks, $0.baseAddress! + fed, feed.count - fed) }
                if n > 0 { fed += n } else if n < 0 && errno != EAGAIN && errno != EINTR { fed = feed.count }
            }
            if tasksOpen && fed >= feed.count { close(tasks); tasksOpen = false; feed = [] }
            var fds = [pollfd(fd: done, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: tasksOpen ? tasks : -1, events: Int16(POLLOUT), revents: 0)]
            _ = poll(&fds, 2, 200)
            if Interrupt.isRequested && !outcome.interrupted {
                Interrupt.clear()
                outcome.interrupted = true
                for pid in pids { kill(pid, SIGTERM) }
                if tasksOpen { close(tasks); tasksOpen = false }
            }
            let n = buffer.withUnsafeMutableBytes { read(done, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { progress.draw(); continue }
                break
            }
            inbox += buffer[0..<n]
            while inbox.count >= 12 {
                let m = inbox.withUnsafeBytes { p in (0..<3).map { p.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self) } }
                inbox.removeFirst(12)
                let worker = Int(m[1]), k = Int(m[2])
                guard worker >= 0, worker < pids.count, k >= 0, k < todo.count else { continue }
                switch Message(rawValue: m[0]) {
                case .started: current[worker] = k
                case .finished: current[worker] = -1; progress.advance()
                case .failed:
                    current[worker] = -1
                    let failure = readFailure(todo[k], reports: reports)
                    progress.clear()
                    sweep.report(failure)
                    outcome.failures.append(failure)
                case nil: break
                }
            }
            progress.draw()
        }
        if tasksOpen { close(tasks) }
        progress.finish()
        for (w, pid) in pids.enumerated() {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7f
            if signal != 0 && signal != 0x7f && !outcome.interrupted && current[w] >= 0 {
                let failure = Sweep.Failure(cell: todo[current[w]], rendered: "the worker process was killed by signal \(signal)\n",
                                            message: "the worker process was killed by signal \(signal)")
                sweep.report(failure)
                outcome.failures.append(failure)
            }
        }
        return outcome
    }

    /// A worker process: takes cells from the task pipe until it is empty, then exits.
    private func work(worker: Int, todo: [SweepCell], tasks: Int32, done: Int32, reports: CellStore, parent: pid_t) -> Never {
        signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)  // the batch runner's handlers stop at checks; a worker just dies
        signal(SIGPIPE, SIG_DFL)
        anis_terminate_with_parent()
        if getppid() != parent { _exit(0) }
        sweep.interpreter.isSweepWorker = true
        Detached.enabled = false  // the REPL's BLAS-on-a-thread: a worker is stopped by a signal instead
        func send(_ m: Message, _ k: Int) {
            var words: [Int32] = [m.rawValue, Int32(worker), Int32(k)]
            _ = words.withUnsafeMutableBytes { write(done, $0.baseAddress, 12) }
        }
        var k: Int32 = 0
        while true {
            let n = read(tasks, &k, 4)
            if n < 0 && errno == EINTR { continue }
            guard n == 4, k >= 0, Int(k) < todo.count else { break }
            let cell = todo[Int(k)]
            send(.started, Int(k))
            switch sweep.evaluate(cell) {
            case .finished(let text):
                do throws(RuntimeError) {
                    try store.write(cell, text: text)
                    send(.finished, Int(k))
                } catch {
                    writeFailure(Sweep.Failure(cell: cell, rendered: error.message + "\n", message: error.message), reports)
                    send(.failed, Int(k))
                }
            case .failed(let failure):
                if failure.message == "interrupted" { _exit(0) }
                writeFailure(failure, reports)
                send(.failed, Int(k))
            }
        }
        _exit(0)
    }

    private func reportPath(_ cell: SweepCell, _ reports: CellStore) -> String { reports.folder + "/error-\(cell.index).txt" }

    /// A failure travels as a file: its message on the first line, the rendered report after it.
    private func writeFailure(_ failure: Sweep.Failure, _ reports: CellStore) {
        let message = failure.message.split(separator: "\n").first.map(String.init) ?? ""
        try? TextFile.write(message + "\n" + failure.rendered, to: reportPath(failure.cell, reports), op: "sweep")
    }

    private func readFailure(_ cell: SweepCell, reports: CellStore) -> Sweep.Failure {
        guard let text = try? TextFile.read(reportPath(cell, reports), op: "sweep"), let newline = text.firstIndex(of: "\n") else {
            return Sweep.Failure(cell: cell, rendered: "(the worker left no report)\n", message: "failed")
        }
        return Sweep.Failure(cell: cell, rendered: String(text[text.index(after: newline)...]), message: String(text[..<newline]))
    }
}
