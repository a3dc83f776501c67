import Foundation
import Testing
@testable import AnisTensor

// Fixtures written by NumPy 2.4 (`np.save` / `numpy.lib.format.write_array`), base64-encoded.
private let fixtures: [String: String] = [
    "f8": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAANA/AAAAAAAA4D8AAAAAAADoPwAAAAAAAPA/AAAAAAAA9D8=",
    "f4": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPgAAAD8AAEA/AACAPwAAoD8=",
    "i8": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//////////wIAAAAAAAAAAwAAAAAAAAAEAAAAAAAAAPv/////////BgAAAAAAAAA=",
    "i4": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr5////CAAAAA==",
    "i2": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIArU/iwB",
    "i1": "k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqAfw==",
    "u8": "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAgAAEAAAAAAAAA",
    "u4": "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAKGvu",
    "u2": "k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//w==",
    "u1": "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr/AA==",
    "b1": "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=",
    "fortran": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAChAAAAAAAAAEEAAAAAAAAAwQAAAAAAAACBAAAAAAAAANEAAAAAAAADwPwAAAAAAACpAAAAAAAAAFEAAAAAAAAAxQAAAAAAAACJAAAAAAAAANUAAAAAAAAAAQAAAAAAAACxAAAAAAAAAGEAAAAAAAAAyQAAAAAAAACRAAAAAAAAANkAAAAAAAAAIQAAAAAAAAC5AAAAAAAAAHEAAAAAAAAAzQAAAAAAAACZAAAAAAAAAN0A=",
    "fortran2d": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAwAAAAEAAAAEAAAAAgAAAAUAAAA=",
    "scalar": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAMQA==",
    "empty": "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=",
    "v2": "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA",
    "v3": "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA",
    "bigendian": "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/8AAAAAAAAA==",
    "object": "k05VTVBZAQB2AHsnZGVzY3InOiAnfE8nLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAqABJWQAAAAAAAAAIwWbnVtcHkuX2NvcmUubXVsdGlhcnJheZSMDF9yZWNvbnN0cnVjdJSTlIwFbnVtcHmUjAduZGFycmF5lJOUSwCFlEMBYpSHlFKUKEsBSwKFlGgDjAVkdHlwZZSTlIwCTziUiYiHlFKUKEsDjAF8lE5OTkr/////Sv////9LP3SUYoldlChLAYwBYZRldJRiLg==",
    "structured": "k05VTVBZAQB2AHsnZGVzY3InOiBbKCdhJywgJzxmOCcpLCAoJ2InLCAnPGk0JyldLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
]

private func tempDir() throws -> String {
    let dir = NSTemporaryDirectory() + "anis-npy-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func write(_ bytes: [UInt8], _ path: String) {
    guard let f = fopen(path, "wb") else { return }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
}

private func fixture(_ name: String, in dir: String) throws -> String {
    let path = dir + "/\(name).npy"
    let data = try #require(Data(base64Encoded: fixtures[name] ?? ""))
    write(Array(data), path)
    return path
}

@Test func npyRoundTrip() throws {
    let dir = try tempDir()
    for shape in [[2, 3], [5], [], [0, 3], [2, 1, 3]] {
        let n = shape.reduce(1, *)
        let t = try Tensor(shape: shape, elements: (0..<n).map { Double($0) * 0.1 - 1e-300 })
        let path = dir + "/t.npy"
        try NPY.save(t, to: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let headerLen = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLen) % 64 == 0 && bytes[10 + headerLen - 1] == 0x0A)
        let back = try NPY.load(path)
        #expect(back.shape == shape && back.elements == t.elements)
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir)
    #expect(leftovers == ["t.npy"])
}

@Test func npyWrittenBytesMatchNumPy() throws {
    let dir = try tempDir()
    let t = try Tensor(shape: [2, 3], elements: (0..<6).map { Double($0) / 4 })
    try NPY.save(t, to: dir + "/a.npy")
    let ours = try #require(FileManager.default.contents(atPath: dir + "/a.npy"))
    #expect(ours == Data(base64Encoded: fixtures["f8"] ?? ""))
}

@Test func npyReadsNumPyDtypes() throws {
    let dir = try tempDir()
    let expect: [(String, [Int], [Double])] = [
        ("f8", [2, 3], [0, 0.25, 0.5, 0.75, 1, 1.25]),
        ("f4", [2, 3], [0, 0.25, 0.5, 0.75, 1, 1.25]),
        ("i8", [2, 3], [-1, 2, 3, 4, -5, 6]),
        ("i4", [2], [-7, 8]),
        ("i2", [2], [-300, 300]),
        ("i1", [2], [-128, 127]),
        ("u8", [2], [9007199254740992, 1]),
        ("u4", [1], [4000000000]),
        ("u2", [1], [65535]),
        ("u1", [2], [255, 0]),
        ("b1", [3], [1, 0, 1]),
        ("fortran", [2, 3, 4], (0..<24).map(Double.init)),
        ("fortran2d", [2, 3], [0, 1, 2, 3, 4, 5]),
        ("scalar", [], [3.5]),
        ("empty", [0, 3], []),
        ("v2", [2], [1, 2]),
        ("v3", [2], [1, 2]),
    ]
    for (name, shape, values) in expect {
        let t = try NPY.load(try fixture(name, in: dir))
        #expect(t.shape == shape, "\(name)")
        #expect(t.elements == values, "\(name)")
    }
}

@Test func npyRefusesUnsupported() throws {
    let dir = try tempDir()
    #expect(throws: TensorError.self) { try NPY.load(try fixture("bigendian", in: dir)) }
    #expect(throws: TensorError.self) { try NPY.load(try fixture("object", in: dir)) }
    #expect(throws: TensorError.self) { try NPY.load(try fixture("structured", in: dir)) }
    do { _ = try NPY.load(try fixture("bigendian", in: dir)) } catch let e as TensorError {
        #expect(e.message.contains("big-endian"))
    }
    do { _ = try NPY.load(try fixture("object", in: dir)) } catch let e as TensorError {
        #expect(e.message.contains("object arrays"))
    }
}

@Test func npyTruncatedAndCorrupt() throws {
    let dir = try tempDir()
    let full = Array(try #require(Data(base64Encoded: fixtures["f8"] ?? "")))
    let path = dir + "/h.npy"
    write(Array(full.prefix(128 + 5)), path)
    #expect(throws: TensorError("load: \(path): file is truncated (expected 48 bytes of data, found 5)")) { try NPY.load(path) }
    // Every prefix and many single-byte corruptions must fail cleanly or load, never crash.
    for cut in 0..<full.count {
        write(Array(full.prefix(cut)), path)
        #expect(throws: TensorError.self) { try NPY.load(path) }
    }
    for i in 0..<128 {
        for v: UInt8 in [0x00, 0x28, 0x29, 0x2C, 0x39, 0x7D, 0xFF] {
            var bad = full
            bad[i] = v
            write(bad, path)
            _ = try? NPY.load(path)
        }
    }
    write(Array("hello, world".utf8), path)
    #expect(throws: TensorError("load: \(path): not a .npy file (bad magic string)")) { try NPY.load(path) }
    #expect(throws: TensorError.self) { try NPY.load(dir + "/missing.npy") }
    #expect(throws: TensorError.self) { try NPY.load(dir) }
}

@Test func npySaveFailureLeavesNoFile() throws {
    // A folder that cannot exist on any machine: it would sit under a regular file.
    let dir = try tempDir()
    FileManager.default.createFile(atPath: dir + "/plain", contents: Data([1]))
    #expect(throws: TensorError.self) { try NPY.save(Tensor([1]), to: dir + "/plain/x.npy") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["plain"])
}

// MARK: CSV

@Test func csvRoundTrip() throws {
    let dir = try tempDir()
    let t = try Tensor(shape: [2, 3], elements: [0.1, -2, 1e-300, .infinity, 3.141592653589793, 1 / 3])
    try CSV.write(t, to: dir + "/a.csv", header: ["x", "y", "z"])
    let text = try String(contentsOfFile: dir + "/a.csv", encoding: .utf8)
    #expect(text.hasPrefix("x,y,z\n0.1,-2,1e-300\n"))
    let back = try CSV.read(dir + "/a.csv")
    #expect(back.shape == [2, 3] && back.elements == t.elements)
    try CSV.write(Tensor([1, 2]), to: dir + "/v.csv")
    #expect(try CSV.read(dir + "/v.csv").shape == [2, 1])
    #expect(throws: TensorError.self) { try CSV.write(Tensor(scalar: 1), to: dir + "/s.csv") }
}

@Test func csvParsing() throws {
    let ok = try CSV.parse(Array("a, b\r\n1, 2\r\n\n 3 ,4\n".utf8), name: "f.csv")
    #expect(ok.shape == [2, 2] && ok.elements == [1, 2, 3, 4])
    #expect(throws: TensorError("read_csv: f.csv: line 3 has 3 fields, expected 2")) {
        try CSV.parse(Array("1,2\n3,4\n5,6,7\n".utf8), name: "f.csv")
    }
    #expect(throws: TensorError("read_csv: f.csv: line 2, field 2: 'abc' is not a number")) {
        try CSV.parse(Array("1,2\n3,abc\n".utf8), name: "f.csv")
    }
    #expect(throws: TensorError("read_csv: f.csv: line 2, field 2 is empty")) {
        try CSV.parse(Array("1,2,3\n1,,3\n".utf8), name: "f.csv")
    }
    #expect(try CSV.parse([], name: "e.csv").shape == [0, 0])
    #expect(try CSV.parse(Array("nan,inf\n".utf8), name: "f.csv").elements[1] == .infinity)
}
