// ProgressBarTests: the bar's line — percentage, eighth-block bar, count, elapsed<remaining,
// rate — fits the width it is given.
import Testing
@testable import AnisTensor

@Suite struct ProgressBarTests {
    @Test func lineWithTotal() {
        let line = ProgressBar.line(done: 450, total: 1000, elapsed: 2, width: 100, label: "train", unit: "it", note: "")
        #expect(line.hasPrefix("train  45%|"))
        #expect(line.hasSuffix("| 450/1000 [00:02<00:02, 225 it/s]"))
        #expect(line.count < 100)
    }

    @Test func lineWithoutTotalAndNarrow() {
        #expect(ProgressBar.line(done: 30, total: nil, elapsed: 4, width: 80, label: "", unit: "it", note: "x")
                == "30 it [00:04, 7.5 it/s] x")
        let narrow = ProgressBar.line(done: 1, total: 3, elapsed: 1, width: 30, label: "a-long-label", unit: "it", note: "")
        #expect(narrow.count < 30)
    }

    @Test func barAndClock() {
        #expect(ProgressBar.bar(0.5, width: 4) == "██  ")
        #expect(ProgressBar.bar(1, width: 3) == "███")
        #expect(ProgressBar.bar(0.0625, width: 2) == "▏ ")
        #expect(ProgressBar.clock(65) == "01:05")
        #expect(ProgressBar.clock(3723) == "1:02:03")
    }
}
