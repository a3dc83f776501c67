// ConnectionInfo: the connection file a Jupyter kernel manager writes and passes
// with `-f`: transport, address, the five ports and the signing key.
import FoundationEssentials
import Glibc

struct ConnectionInfo {
    var transport: String
    var ip: String
    var shellPort: Int
    var iopubPort: Int
    var stdinPort: Int
    var controlPort: Int
    var heartbeatPort: Int
    var key: [UInt8]

    /// Reads and checks the file; a message naming what is wrong otherwise.
    static func read(_ path: String) -> Result<ConnectionInfo, KernelError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(KernelError("cannot read the connection file '\(path)'"))
        }
        guard let object = JSON.decode([UInt8](data)) else {
            return .failure(KernelError("the connection file '\(path)' is not a JSON object"))
        }
        if let scheme = object["signature_scheme"] as? String, !scheme.isEmpty, scheme != "hmac-sha256" {
            return .failure(KernelError("unsupported signature scheme '\(scheme)' (anis signs with hmac-sha256)"))
        }
        func port(_ name: String) -> Result<Int, KernelError> {
            guard let p = JSON.int(object[name]), (0...65535).contains(p) else {
                return .failure(KernelError("the connection file has no valid '\(name)'"))
            }
            return .success(p)
        }
        do {
            return .success(ConnectionInfo(
                transport: object["transport"] as? String ?? "tcp",
                ip: object["ip"] as? String ?? "127.0.0.1",
                shellPort: try port("shell_port").get(),
                iopubPort: try port("iopub_port").get(),
                stdinPort: try port("stdin_port").get(),
                controlPort: try port("control_port").get(),
                heartbeatPort: try port("hb_port").get(),
                key: Array((object["key"] as? String ?? "").utf8)))
        } catch {
            return .failure(error)
        }
    }

    /// The ZeroMQ endpoint of a port: `tcp://ip:port`, or `ipc://ip-port` for the ipc transport.
    func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}

/// A kernel start-up or installation failure, shown as `anis kernel: message`.
struct KernelError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
