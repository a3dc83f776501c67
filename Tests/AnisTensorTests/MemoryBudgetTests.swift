// MemoryBudget: the parts that do not depend on the machine. The budget itself is
// checked end to end (ANIS_MEMORY_LIMIT, a process of its own) in scripts/test_cli.sh,
// since tests running alongside allocate tensors too.
import Testing
@testable import AnisTensor

@Test func memoryLimitsParseWithUnits() {
    #expect(MemoryBudget.parseBytes("100M") == 100 << 20)
    #expect(MemoryBudget.parseBytes("2g") == 2 << 30)
    #expect(MemoryBudget.parseBytes("4096") == 4096)
    #expect(MemoryBudget.parseBytes("lots") == nil)
    #expect(MemoryBudget.parseBytes("-1G") == nil)
    #expect(MemoryBudget.parseBytes("99999999999G") == Int.max)
}

@Test func byteCountsReadAsBinaryUnits() {
    #expect(MemoryBudget.describe(20_000_000_000) == "18.6 GiB")
    #expect(MemoryBudget.describe(72_000_000) == "68.7 MiB")
    #expect(MemoryBudget.describe(300 << 30) == "300 GiB")
    #expect(MemoryBudget.describe(12) == "12 bytes")
}

@Test func aTensorPastTheBudgetIsRefusedBeforeAllocating() throws {
    // One larger than the whole budget fails whatever else is held, without allocating it.
    let side = Int(Double(MemoryBudget.limitBytes / 8).squareRoot()) + 2
    do {
        _ = try Tensor(uninitializedShape: [side, side], op: "zeros")
        Issue.record("expected a refusal")
    } catch {
        #expect(error.message.contains("zeros: shape (\(side), \(side)) needs"))
    }
}
