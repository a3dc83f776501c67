// WireMessage: one Jupyter message and its wire format (messaging protocol 5.3):
// routing identities, the `<IDS|MSG>` delimiter, the HMAC-SHA256 signature (hex) of
// the four JSON parts, then header, parent header, metadata, content and any raw buffers.
import CCrypto
import FoundationEssentials
import Glibc

struct WireMessage {
    /// ZeroMQ routing prefixes of the request; a reply goes back with the same ones.
    var identities: [[UInt8]] = []
    var header: JSONObject
    var parentHeader: JSONObject = [:]
    var metadata: JSONObject = [:]
    var content: JSONObject = [:]
    var buffers: [[UInt8]] = []

    static let delimiter = Array("<IDS|MSG>".utf8)
    static let protocolVersion = "5.3"

    var type: String { header["msg_type"] as? String ?? "" }
    var id: String { header["msg_id"] as? String ?? "" }

    /// A new message of `type` in `session`, answering `parent` (its header becomes our parent header).
    init(type: String, session: String, parent: WireMessage?, content: JSONObject) {
        header = [
            "msg_id": WireMessage.newID(),
            "session": session,
            "username": "anis",
            "date": WireMessage.timestamp(),
            "msg_type": type,
            "version": WireMessage.protocolVersion,
        ]
        parentHeader = parent?.header ?? [:]
        identities = parent?.identities ?? []
        self.content = content
    }

    init(identities: [[UInt8]], header: JSONObject, parentHeader: JSONObject, metadata: JSONObject,
         content: JSONObject, buffers: [[UInt8]]) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// A fresh message or session id (a random UUID, lowercase as jupyter_client writes it).
    static func newID() -> String { UUID().uuidString.lowercased() }

    /// ISO 8601 in UTC with microseconds, as jupyter_client writes it.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var t = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &t)
        func digits(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(digits(Int(t.tm_year) + 1900, 4))-\(digits(Int(t.tm_mon) + 1, 2))-\(digits(Int(t.tm_mday), 2))T"
            + "\(digits(Int(t.tm_hour), 2)):\(digits(Int(t.tm_min), 2)):\(digits(Int(t.tm_sec), 2))."
            + "\(digits(now.tv_nsec / 1000, 6))Z"
    }

    // MARK: wire format

    /// The frames to send, signed with `signer`.
    func frames(signer: Signer) -> [[UInt8]] {
        let parts = [header, parentHeader, metadata, content].map(JSON.encode)
        return identities + [WireMessage.delimiter, Array(signer.signature(parts).utf8)] + parts + buffers
    }

    /// Decodes received frames; nil when the delimiter is missing, the signature does not
    /// match, or a part is not a JSON object (the kernel drops such messages).
    static func decode(_ frames: [[UInt8]], signer: Signer) -> WireMessage? {
        guard let split = frames.firstIndex(of: delimiter), frames.count >= split + 6 else { return nil }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        guard signer.verify(Array(frames[split + 1]), parts) else { return nil }
        guard let header = JSON.decode(parts[0]), header["msg_type"] is String,
              let parent = JSON.decode(parts[1]), let metadata = JSON.decode(parts[2]),
              let content = JSON.decode(parts[3]) else { return nil }
        return WireMessage(identities: Array(frames[..<split]), header: header, parentHeader: parent,
                           metadata: metadata, content: content, buffers: Array(frames[(split + 6)...]))
    }
}

/// Signs messages with the connection file's key (HMAC-SHA256, hex digest). An empty
/// key means no authentication: the signature is empty and not checked.
struct Signer: Sendable {
    let key: [UInt8]

    func signature(_ parts: [[UInt8]]) -> String {
        guard !key.isEmpty else { return "" }
        let data = parts.flatMap { $0 }
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBytes { k in
            data.withUnsafeBufferPointer { d in
                anis_hmac_sha256(k.baseAddress, Int32(k.count), d.baseAddress, d.count, &digest)
            }
        }
        guard ok == 1 else { return "" }
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// True when `signature` is the one `parts` should carry (compared in constant time).
    func verify(_ signature: [UInt8], _ parts: [[UInt8]]) -> Bool {
        guard !key.isEmpty else { return true }
        let expected = Array(self.signature(parts).utf8)
        guard !expected.isEmpty, expected.count == signature.count else { return false }
        return anis_constant_time_equal(expected, signature, expected.count) == 1
    }
}
