// WireMessageTests: the signing and wire format the kernel speaks: HMAC-SHA256 against
// RFC 4231's vector, round trips, and messages the kernel must drop (bad signature,
// no delimiter, parts that are not JSON objects).
import Foundation
import Testing
@testable import anis

@Suite struct WireMessageTests {
    let signer = Signer(key: Array("Jefe".utf8))

    @Test func signatureIsHMACSHA256OfTheConcatenatedParts() {
        // RFC 4231, test case 2; the parts are signed as one byte string.
        let parts = ["what do ya ", "want ", "for nothing", "?"].map { Array($0.utf8) }
        #expect(signer.signature(parts) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Signer(key: []).signature(parts) == "")
    }

    @Test func framesRoundTripAndKeepIdentities() throws {
        let request = WireMessage(identities: [[1, 2, 3]], header: ["msg_type": "execute_request", "msg_id": "a"],
                                  parentHeader: [:], metadata: [:], content: ["code": "1 + 1"], buffers: [])
        var reply = WireMessage(type: "execute_reply", session: "s", parent: request, content: ["status": "ok"])
        reply.buffers = [[9, 9]]
        let frames = reply.frames(signer: signer)
        #expect(frames[0] == [1, 2, 3] && frames[1] == WireMessage.delimiter && frames.last == [9, 9])
        let decoded = try #require(WireMessage.decode(frames, signer: signer))
        #expect(decoded.type == "execute_reply" && decoded.identities == [[1, 2, 3]])
        #expect(decoded.parentHeader["msg_id"] as? String == "a" && decoded.content["status"] as? String == "ok")
        #expect(decoded.header["version"] as? String == "5.3")
    }

    @Test func tamperedOrMalformedMessagesAreDropped() {
        let message = WireMessage(type: "kernel_info_request", session: "s", parent: nil, content: [:])
        var frames = message.frames(signer: signer)
        #expect(WireMessage.decode(frames, signer: Signer(key: Array("other".utf8))) == nil)
        frames[frames.count - 1] = Array("{\"code\": \"evil\"}".utf8)
        #expect(WireMessage.decode(frames, signer: signer) == nil)
        #expect(WireMessage.decode(Array(frames.dropFirst()), signer: signer) == nil)
        #expect(WireMessage.decode([], signer: signer) == nil)
        let unsigned = Signer(key: [])
        let junk = [WireMessage.delimiter, [], Array("[1]".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        #expect(WireMessage.decode(junk, signer: unsigned) == nil)
    }

    @Test func connectionFileIsReadAndChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anis-kernel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.json"), bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256"}"#.utf8).write(to: good)
        try Data(#"{"shell_port": "x"}"#.utf8).write(to: bad)
        let info = try ConnectionInfo.read(good.path).get()
        #expect(info.endpoint(info.heartbeatPort) == "tcp://127.0.0.1:5" && info.key == Array("k".utf8))
        #expect(throws: KernelError.self) { try ConnectionInfo.read(bad.path).get() }
        #expect(throws: KernelError.self) { try ConnectionInfo.read(folder.appendingPathComponent("none").path).get() }
    }

    @Test func kernelspecStartsThisExecutable() {
        let spec = Kernelspec.spec(executable: "/opt/anis")
        #expect(spec["argv"] as? [String] == ["/opt/anis", "kernel", "-f", "{connection_file}"])
        #expect(Kernelspec.folder(.prefix("/venv")) == "/venv/share/jupyter/kernels/anis")
        #expect(Kernelspec.folder(.user, environment: ["JUPYTER_DATA_DIR": "/d"]) == "/d/kernels/anis")
        #expect(Kernelspec.folder(.user, environment: ["XDG_DATA_HOME": "/x"]) == "/x/jupyter/kernels/anis")
    }
}

@Suite struct KernelJSONTests {
    @Test func encodesSortedKeysEscapesAndNumbers() {
        let object: JSONObject = ["b": [1, 2.5, true, "x"] as [Any], "a": "q\"\\\n\u{1}é😀", "c": JSON.null,
                                  "d": ["z": 1] as JSONObject, "e": 1e-7, "f": Double.nan]
        #expect(String(decoding: JSON.encode(object), as: UTF8.self)
            == #"{"a":"q\"\\\n\u0001é😀","b":[1,2.5,true,"x"],"c":null,"d":{"z":1},"e":1e-07,"f":null}"#)
    }

    @Test func decodesWhatItEncodesAndJupytersEscapes() throws {
        let text = #" { "s": "tab\there \u00e9 \ud83d\ude00 \/", "n": -12, "x": 2.5e3, "t": true, "f": false, "z": null, "a": [ {}, [] ] } "#
        let o = try #require(JSON.decode(Array(text.utf8)))
        #expect(o["s"] as? String == "tab\there é 😀 /")
        #expect(o["n"] as? Int == -12 && o["x"] as? Double == 2500 && o["t"] as? Bool == true && o["f"] as? Bool == false)
        #expect(o["z"] is JSON.Null && (o["a"] as? [Any])?.count == 2)
        let again = try #require(JSON.decode(JSON.encode(o)))
        #expect(again["s"] as? String == "tab\there é 😀 /" && again["n"] as? Int == -12)
        #expect(JSON.decode(Array(#"{"s": "\ud800x"}"#.utf8))?["s"] as? String == "\u{FFFD}x")
    }

    @Test func malformedOrTooDeepInputIsRefused() {
        for bad in ["", "{", "[1]", #"{"a" 1}"#, #"{"a": tru}"#, #"{"a": 1,}"#, #"{"a": "\u12"}"#, #"{"a": 1} x"#,
                    #"{"a": 1e999}"#, #"{"a": "open}"#] {
            #expect(JSON.decode(Array(bad.utf8)) == nil, "\(bad)")
        }
        let deep = "{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        #expect(JSON.decode(Array(deep.utf8)) == nil)
        let fine = "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(JSON.decode(Array(fine.utf8)) != nil)
    }
}
