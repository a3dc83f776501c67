// SweepProgress: the sweep's bar on stderr (the shared tqdm-style ProgressBar, counting
// cells), drawn only when the host says stderr is a terminal (SweepSettings.progress):
//   sweep  36%|████▍       | 23/64 [00:12<00:21, 1.9 cells/s]
import AnisTensor
import Glibc

struct SweepProgress {
    private let bar: ProgressBar
    private var finished = 0

    init(total: Int, enabled: Bool) {
        bar = ProgressBar(total: total, label: "sweep", unit: "cells", enabled: enabled && total > 0)
    }

    mutating func advance() {
        finished += 1
        bar.update(finished)
    }

    /// Redraws (the elapsed time and ETA move on while cells run).
    func draw() { bar.update(finished) }

    /// Erases the bar's line, so an error report starts on a clean line.
    func clear() {
        guard bar.enabled else { return }
        var erase = Array("\r\u{1B}[K".utf8)
        _ = erase.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Leaves the final bar on its own line.
    func finish() { bar.finish(finished) }
}
