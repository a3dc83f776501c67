// ShellHandlers: the answer to each shell request (kernel_info, execute, is_complete,
// complete, inspect, history, comm_info, shutdown), with the IOPub messages that
// go with it. A comm_open is closed at once (no comm targets); other unknown
// requests are ignored, as the protocol allows.
import AnisLanguage
import Glibc

final class ShellHandlers {
    private unowned let kernel: Kernel
    let cells = CellRunner()

    init(kernel: Kernel) {
        self.kernel = kernel
        // Long BLAS/LAPACK calls run on a worker thread, so an interrupt returns at once.
        cells.session.detachesLongCalls = true
    }

    /// Answers one request. Returns the requests queued behind a cell that failed with
    /// stop_on_error (the default), which the kernel answers without running them.
    func handle(_ request: WireMessage) -> [WireMessage] {
        switch request.type {
        case "kernel_info_request": kernel.reply(to: request, ShellHandlers.kernelInfo())
        case "execute_request": return execute(request)
        case "is_complete_request":
            let code = request.content["code"] as? String ?? ""
            kernel.reply(to: request, KernelIntrospection.isComplete(code, session: cells.session))
        case "complete_request":
            kernel.reply(to: request, KernelIntrospection.complete(request.content, session: cells.session))
        case "inspect_request":
            kernel.reply(to: request, KernelIntrospection.inspect(request.content, session: cells.session))
        case "history_request": kernel.reply(to: request, history(request.content))
        case "comm_info_request": kernel.reply(to: request, ["status": "ok", "comms": JSONObject()])
        case "comm_open":
            // anis has no comm targets: the protocol asks for an immediate close.
            kernel.publish("comm_close", ["comm_id": request.content["comm_id"] as? String ?? "", "data": JSONObject()],
                           parent: request)
        case "shutdown_request":
            kernel.reply(to: request, ["status": "ok", "restart": JSON.bool(request.content["restart"], default: false)])
            kernel.requestShutdown()
        default: break
        }
        return []
    }

    static func kernelInfo() -> JSONObject {
        [
            "status": "ok",
            "protocol_version": WireMessage.protocolVersion,
            "implementation": "anis",
            "implementation_version": String(ArgumentParser.version.split(separator: " ").last ?? ""),
            "language_info": [
                "name": "anis",
                "version": String(ArgumentParser.version.split(separator: " ").last ?? ""),
                "mimetype": "text/x-anis",
                "file_extension": ".anis",
                "pygments_lexer": "text",
                "codemirror_mode": "text/plain",
            ] as JSONObject,
            "banner": "\(ArgumentParser.version): an array language for representation-geometry experiments\n"
                + "help lists built-ins, help NAME explains one",
            "help_links": [Any](),
            "debugger": false,
        ]
    }

    // MARK: execute

    /// Runs a cell with its IOPub messages and reply; when it fails with stop_on_error,
    /// the requests queued behind it (taken before the reply, so none sent after it).
    private func execute(_ request: WireMessage) -> [WireMessage] {
        let code = request.content["code"] as? String ?? ""
        let silent = JSON.bool(request.content["silent"], default: false)
        let storeHistory = JSON.bool(request.content["store_history"], default: !silent) && !silent
        let count = cells.count(code, storeHistory: storeHistory)
        if !silent {
            kernel.publish("execute_input", ["code": code, "execution_count": count], parent: request)
        }
        cells.onEvent = { [kernel] event in
            guard !silent else { return }
            switch event {
            case .stream(let name, let text): kernel.stream(name, text, parent: request)
            case .display(let bundle):
                kernel.publish("display_data", ["data": bundle, "metadata": JSONObject(), "transient": JSONObject()], parent: request)
            }
        }
        defer { cells.onEvent = { _ in } }
        switch cells.run(code, name: "<cell \(count)>") {
        case .ok(let bundle):
            if let bundle, !silent {
                kernel.publish("execute_result", ["execution_count": count, "data": bundle, "metadata": JSONObject()], parent: request)
            }
            let expressions = userExpressions(request.content["user_expressions"] as? JSONObject ?? [:])
            kernel.reply(to: request, ["status": "ok", "execution_count": count, "payload": [Any](),
                                       "user_expressions": expressions])
            return []
        case .error(let name, let value, let traceback):
            let error: JSONObject = ["ename": name, "evalue": value, "traceback": traceback]
            if !silent { kernel.publish("error", error, parent: request) }
            let queued = JSON.bool(request.content["stop_on_error"], default: true) ? kernel.takeQueuedRequests() : []
            kernel.reply(to: request, error.merging(["status": "error", "execution_count": count]) { $1 })
            return queued
        }
    }

    /// Evaluates each user expression after the cell: its text, or its error.
    private func userExpressions(_ expressions: JSONObject) -> JSONObject {
        var results = JSONObject()
        for (name, expression) in expressions {
            guard let code = expression as? String else { continue }
            do {
                let value = try cells.session.run(code, file: "<expression>") ?? .none
                results[name] = ["status": "ok", "data": ["text/plain": cells.session.render(value)],
                                 "metadata": JSONObject()] as JSONObject
            } catch {
                results[name] = ["status": "error", "ename": "RuntimeError", "evalue": error.message,
                                 "traceback": [error.rendered(color: false)]] as JSONObject
            }
        }
        return results
    }

    // MARK: history

    /// This session's stored cells, as `[session, line, input]` triples (session 1 is the current one).
    private func history(_ content: JSONObject) -> JSONObject {
        var entries = cells.history
        switch content["hist_access_type"] as? String ?? "tail" {
        case "range":
            let start = JSON.int(content["start"]) ?? 0, stop = JSON.int(content["stop"]) ?? Int.max
            entries = entries.filter { $0.count >= start && $0.count < stop }
        case "search":
            let pattern = content["pattern"] as? String ?? "*"
            entries = entries.filter { fnmatch(pattern, $0.code, 0) == 0 }
            if JSON.bool(content["unique"], default: false) {
                var seen = Set<String>()
                entries = entries.reversed().filter { seen.insert($0.code).inserted }.reversed()
            }
            if let n = JSON.int(content["n"]), n >= 0 { entries = Array(entries.suffix(n)) }
        default:
            if let n = JSON.int(content["n"]), n >= 0 { entries = Array(entries.suffix(n)) }
        }
        return ["status": "ok", "history": entries.map { [1, $0.count, $0.code] as [Any] }]
    }
}
