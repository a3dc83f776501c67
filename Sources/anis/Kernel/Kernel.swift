// Kernel: the sockets and threads of a running Jupyter kernel.
//
//   - the calling (big-stack interpreter) thread polls the shell socket and runs each
//     request to its end, cells included;
//   - a control thread answers interrupt and shutdown requests while a cell runs, and
//     every 50 ms publishes the output a running cell has printed so far;
//   - a heartbeat thread echoes pings (zmq_proxy of the socket onto itself).
// IOPub is the one socket two threads use; `iopubLock` serialises it.
import CCrypto
import CZeroMQ
import Glibc
import AnisTensor
import Synchronization

final class Kernel: @unchecked Sendable {
    let signer: Signer
    /// This kernel's session id, in the header of every message it sends.
    let sessionID = WireMessage.newID()
    private let context: ZMQContext
    private let shell: ZMQSocket, control: ZMQSocket, iopub: ZMQSocket, stdin: ZMQSocket, heartbeat: ZMQSocket
    private let iopubLock = Mutex(())
    /// Printed text not yet published, and the request it belongs to (guarded by iopubLock).
    private var pendingStreams: [(name: String, text: String)] = []
    private var streamParent: WireMessage?
    /// Set by a shutdown request: the shell loop ends after the current request.
    private let stopping = Atomic<Bool>(false)
    private let shellLoopDone = Atomic<Bool>(false)
    private var handlers: ShellHandlers!

    /// Binds all five sockets; a message naming the port that failed otherwise.
    static func start(_ info: ConnectionInfo) -> Result<Kernel, KernelError> {
        // libzmq and libcrypto are opened here, not at every start of anis (CLazyLibrary.h).
        guard anis_zmq_load() == 0 else { return .failure(KernelError(String(cString: anis_zmq_load_error()))) }
        guard anis_crypto_load() == 0 else { return .failure(KernelError(String(cString: anis_crypto_load_error()))) }
        let context = ZMQContext()
        let specs: [(String, Int32, Int)] = [("shell", ZMQ_ROUTER, info.shellPort), ("control", ZMQ_ROUTER, info.controlPort),
                                             ("iopub", ZMQ_PUB, info.iopubPort), ("stdin", ZMQ_ROUTER, info.stdinPort),
                                             ("hb", ZMQ_ROUTER, info.heartbeatPort)]
        var sockets: [ZMQSocket] = []
        for (name, type, port) in specs {
            guard let socket = ZMQSocket(context, type: type) else {
                return .failure(KernelError("cannot create the \(name) socket"))
            }
            if let error = socket.bind(info.endpoint(port)) {
                return .failure(KernelError("cannot bind the \(name) socket to \(info.endpoint(port)): \(error)"))
            }
            sockets.append(socket)
        }
        return .success(Kernel(context: context, sockets: sockets, key: info.key))
    }

    private init(context: ZMQContext, sockets: [ZMQSocket], key: [UInt8]) {
        self.signer = Signer(key: key)
        (shell, control, iopub, stdin, heartbeat) = (sockets[0], sockets[1], sockets[2], sockets[3], sockets[4])
        self.context = context
        handlers = ShellHandlers(kernel: self)
    }

    /// Serves requests until a shutdown request; returns the exit status.
    func run() -> Int32 {
        startThread { [heartbeat] in
            zmq_proxy(heartbeat.handle, heartbeat.handle, nil)
            heartbeat.close()
        }
        startThread { [self] in controlLoop() }
        publish("status", ["execution_state": "starting"], parent: nil)
        while !stopping.load(ordering: .relaxed) {
            guard let ready = ZMQSocket.poll([shell], milliseconds: 100) else { break }
            guard !ready.isEmpty, let frames = shell.receive(wait: false),
                  let request = WireMessage.decode(frames, signer: signer) else { continue }
            var aborted: [WireMessage] = []
            serve(request) { aborted = handlers.handle($0) }
            for request in aborted { serveAborted(request) }
        }
        shellLoopDone.store(true, ordering: .relaxed)
        flushStreams()
        for socket in [shell, iopub, stdin] { socket.close() }
        context.terminate()
        return 0
    }

    /// The requests waiting on the shell socket, taken without blocking. A failed cell
    /// takes them before it replies, so they are exactly the ones queued behind it.
    func takeQueuedRequests() -> [WireMessage] {
        var requests: [WireMessage] = []
        while let frames = shell.receive(wait: false) {
            if let request = WireMessage.decode(frames, signer: signer) { requests.append(request) }
        }
        return requests
    }

    /// A request queued behind a failed cell: a cell is answered `aborted` without
    /// running (stop_on_error: a notebook's "run all" stops there); others are served.
    private func serveAborted(_ request: WireMessage) {
        serve(request) { request in
            if request.type == "execute_request" {
                reply(to: request, ["status": "aborted", "execution_count": handlers.cells.executionCount])
            } else {
                _ = handlers.handle(request)
            }
        }
    }

    /// Wraps a request in busy/idle status messages, as the protocol asks for every request.
    private func serve(_ request: WireMessage, _ body: (WireMessage) -> Void) {
        publish("status", ["execution_state": "busy"], parent: request)
        body(request)
        publish("status", ["execution_state": "idle"], parent: request)
    }

    // MARK: control

    private func controlLoop() {
        let parent = KernelParent()
        while true {
            guard let ready = ZMQSocket.poll([control], milliseconds: 50) else { break }
            flushStreams()
            if parent.isGone, !stopping.load(ordering: .relaxed) { requestShutdown() }
            if ready.isEmpty { if stopping.load(ordering: .relaxed) { break } else { continue } }
            guard let frames = control.receive(wait: false),
                  let request = WireMessage.decode(frames, signer: signer) else { continue }
            serve(request) { request in
                switch request.type {
                case "interrupt_request":
                    Interrupt.request()
                    reply(to: request, on: control, ["status": "ok"])
                case "shutdown_request":
                    reply(to: request, on: control, ["status": "ok", "restart": JSON.bool(request.content["restart"], default: false)])
                    requestShutdown()
                case "kernel_info_request":
                    reply(to: request, on: control, ShellHandlers.kernelInfo())
                default:
                    break
                }
            }
        }
        control.close()
        guard stopping.load(ordering: .relaxed) else { return }
        // A cell stuck in a long library call never sees the interrupt: give it two
        // seconds, then leave anyway so the kernel manager's restart does not wait.
        for _ in 0..<40 where !shellLoopDone.load(ordering: .relaxed) { usleep(50_000) }
        if !shellLoopDone.load(ordering: .relaxed) { _exit(0) }
    }

    /// The kernel manager that started us (JPY_PARENT_PID, as ipykernel reads it): when
    /// it dies without a shutdown request we are reparented, and leave instead of
    /// running on as an orphan. PID 1 (init) never dies, so it is not watched.
    private struct KernelParent {
        let pid: pid_t? = {
            guard let text = getenv("JPY_PARENT_PID"), let pid = pid_t(String(cString: text)), pid > 1,
                  pid == getppid() else { return nil }
            return pid
        }()
        var isGone: Bool { pid.map { getppid() != $0 } ?? false }
    }

    /// Ends the shell loop after the running request, stopping a running cell.
    func requestShutdown() {
        stopping.store(true, ordering: .relaxed)
        Interrupt.request()
    }

    // MARK: sending

    /// Sends the reply to `request` (type `…_reply`) on the socket it came from.
    func reply(to request: WireMessage, on socket: ZMQSocket? = nil, _ content: JSONObject) {
        let type = request.type.hasSuffix("_request") ? String(request.type.dropLast(8)) + "_reply" : request.type + "_reply"
        let message = WireMessage(type: type, session: sessionID, parent: request, content: content)
        (socket ?? shell).send(message.frames(signer: signer))
    }

    /// Publishes on IOPub, after any output printed before it.
    func publish(_ type: String, _ content: JSONObject, parent: WireMessage?) {
        iopubLock.withLock { _ in
            flushStreamsLocked()
            var message = WireMessage(type: type, session: sessionID, parent: parent, content: content)
            message.identities = [Array("kernel.\(sessionID).\(type)".utf8)]
            iopub.send(message.frames(signer: signer))
        }
    }

    /// Queues printed text for the `stream` messages of the request being served.
    func stream(_ name: String, _ text: String, parent: WireMessage?) {
        iopubLock.withLock { _ in
            if let last = pendingStreams.last, last.name == name {
                pendingStreams[pendingStreams.count - 1].text += text
            } else {
                pendingStreams.append((name, text))
            }
            streamParent = parent
            if pendingStreams.reduce(0, { $0 + $1.text.utf8.count }) > 1 << 16 { flushStreamsLocked() }
        }
    }

    func flushStreams() {
        iopubLock.withLock { _ in
            flushStreamsLocked()
        }
    }

    private func flushStreamsLocked() {
        let streams = pendingStreams
        pendingStreams = []
        for (name, text) in streams {
            var message = WireMessage(type: "stream", session: sessionID, parent: streamParent,
                                      content: ["name": name, "text": text])
            message.identities = [Array("kernel.\(sessionID).stream".utf8)]
            iopub.send(message.frames(signer: signer))
        }
    }

    /// Runs `body` on a new detached thread.
    private func startThread(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, nil, { context in
            context.map { Unmanaged<ThreadBody>.fromOpaque($0).takeRetainedValue().run() }
            return nil
        }, context) == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            Terminal.writeError("anis kernel: cannot start a thread\n")
            return
        }
        pthread_detach(thread)
    }

    private final class ThreadBody {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
