import Testing
@testable import AnisTensor

@Test func shapeCountsAreChecked() throws {
    #expect(throws: TensorError.self) { try Tensor(shape: [1_000_000, 1_000_000], repeating: 0) }
    #expect(throws: TensorError.self) { try Tensor(shape: [-1], repeating: 0) }
    let t = try Tensor(shape: [2, 3], repeating: 1)
    #expect(t.count == 6)
}
