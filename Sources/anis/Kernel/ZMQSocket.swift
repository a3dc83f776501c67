// ZMQSocket: the few libzmq calls the kernel needs, as a small Swift type: bind,
// send and receive multipart messages, poll. Calls interrupted by a signal (the
// kernel manager's SIGINT) are retried; a terminated context ends them.
import CZeroMQ
import Glibc

final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer?

    init() { handle = zmq_ctx_new() }

    /// Makes blocked calls in every thread return (ETERM) and waits until every socket
    /// is closed and its queued messages are sent (up to each socket's linger).
    func terminate() {
        guard let handle else { return }
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// One socket. Not thread-safe: each is used by one thread at a time (the kernel guards
/// the one IOPub socket that several threads publish on with a lock).
final class ZMQSocket: @unchecked Sendable {
    private(set) var handle: UnsafeMutableRawPointer?

    init?(_ context: ZMQContext, type: Int32) {
        guard let handle = zmq_socket(context.handle, type) else { return nil }
        self.handle = handle
        // Queued replies get one second to leave when the kernel shuts down.
        var linger: Int32 = 1000
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    /// Binds to an endpoint such as `tcp://127.0.0.1:5555`; the error text on failure.
    func bind(_ endpoint: String) -> String? {
        guard zmq_bind(handle, endpoint) == 0 else { return String(cString: zmq_strerror(zmq_errno())) }
        return nil
    }

    /// Sends the frames as one multipart message; false when the socket cannot send.
    @discardableResult
    func send(_ frames: [[UInt8]]) -> Bool {
        guard let handle else { return false }
        for (i, frame) in frames.enumerated() {
            let flags = i + 1 < frames.count ? ZMQ_SNDMORE : 0
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if sent >= 0 { break }
                if zmq_errno() != EINTR { return false }
            }
        }
        return true
    }

    /// Receives one multipart message, waiting for it unless `wait` is false (then nil
    /// when none is queued). Nil also when the context was terminated.
    func receive(wait: Bool = true) -> [[UInt8]]? {
        guard let handle else { return nil }
        var frames: [[UInt8]] = []
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            var received: Int32
            repeat {
                received = zmq_msg_recv(&message, handle, wait || !frames.isEmpty ? 0 : ZMQ_DONTWAIT)
            } while received < 0 && zmq_errno() == EINTR
            if received < 0 { return nil }
            let size = zmq_msg_size(&message)
            if size > 0, let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    func close() {
        guard let handle else { return }
        zmq_close(handle)
        self.handle = nil
    }

    /// Waits up to `milliseconds` (-1: forever) for input on any of `sockets`; the
    /// readable ones' indices. Empty on timeout or signal, nil once the context is terminated.
    static func poll(_ sockets: [ZMQSocket], milliseconds: Int) -> [Int]? {
        var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let count = zmq_poll(&items, Int32(items.count), milliseconds)
        if count < 0 { return zmq_errno() == EINTR ? [] : nil }
        return items.indices.filter { items[$0].revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
