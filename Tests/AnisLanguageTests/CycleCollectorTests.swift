// CycleCollectorTests: local functions that call each other, or that sit in a record
// or list they read, form reference cycles through their captured cells; the
// collector frees them (without that every call leaked its cells and all they held)
// and never frees what is still in use. Checked by weak references to a tensor's
// storage, so tests running alongside cannot disturb them; scripts/test_cli.sh checks
// resident memory over 1e6 calls in a process of its own.
import Testing
import AnisTensor
@testable import AnisLanguage

@Suite struct CycleCollectorTests {
    /// Runs `program`, whose value is a tensor `t` that the cycle's cells also hold, and
    /// says whether the storage outlives the value (the cells leaked).
    func storageOutlivesValue(_ program: String) throws -> Bool {
        weak var storage: TensorStorage?
        try {
            let session = Session(output: { _ in })
            guard case .tensor(let t)? = try session.run(program, file: "cycle.anis") else {
                Issue.record("expected a tensor"); return
            }
            storage = t.storage
        }()
        return storage != nil
    }

    @Test(arguments: [
        // Two local functions calling each other: each one's cell holds a closure over both.
        """
        fn mk(n) {
            t = zeros(3)
            fn even(k) = if k == 0 { sum(t) } else { odd(k - 1) }
            fn odd(k) = if k == 0 { 0 } else { even(k - 1) }
            even(n)
            t
        }
        mk(3)
        """,
        // A local function kept in a record it reads.
        "fn mk(n) { t = zeros(3); fn g(x) = if x == 0 { sum(t) } else { r.h(x - 1) }; r = {h: g}; r.h(n); t }\nmk(2)",
        // ... and in a list, twice (two references from one buffer).
        "fn mk(n) { t = zeros(3); fn g(x) = if x == 0 { sum(t) } else { fs[1](x - 1) }; fs = [g, g]; fs[0](n); t }\nmk(2)",
        // A lambda default value that reads the cell holding its own function.
        "fn mk() { t = zeros(3); fn g(f = x -> h(x)) = f(0); h = x -> sum(t); g(); t }\nmk()",
    ])
    func cyclesThroughCellsAreFreed(_ program: String) throws {
        #expect(try !storageOutlivesValue(program))
    }

    /// Many cycles, so the collector runs while the loop goes on, mixed with closures
    /// that are still in use (returned, kept in a list, in a global record): those keep working.
    @Test func closuresInUseSurviveCollections() throws {
        var out = ""
        let session = Session(output: { out += $0 })
        _ = try session.run("""
            fn mk() {
                fn even(k) = if k == 0 { true } else { odd(k - 1) }
                fn odd(k) = if k == 0 { false } else { even(k - 1) }
                even
            }
            e = mk()
            keep = [mk() for i in 0:1500]
            fn box(n) {
                fn g(x) = if x == 0 { n } else { r.h(x - 1) }
                r = {h: g, all: [g, g]}
                r
            }
            b = box(7)
            for i in 0:3000 { mk()(3); box(i) }
            print(e(10), e(7), keep[1499](4), b.h(5), b.all[1](2))
            """, file: "cycle.anis")
        #expect(out == "true false true 7 7\n")
        // Everything the loop made is gone; what the globals hold stays.
        let live = session.interpreter.cycles.trackedCount
        #expect(live >= 1502 && live < 1600, "live environments: \(live)")
    }

    /// The loop's garbage is freed while it runs, not only when it ends: `print`
    /// samples how many captured environments are alive.
    @Test func collectionsKeepTheLiveEnvironmentsBounded() throws {
        final class Sampler { weak var interpreter: Interpreter?; var most = 0; var samples = 0 }
        let sampler = Sampler()
        let session = Session(output: { _ in
            sampler.samples += 1
            sampler.most = max(sampler.most, sampler.interpreter?.cycles.trackedCount ?? .max)
        })
        sampler.interpreter = session.interpreter
        _ = try session.run("""
            fn mk(n) {
                fn even(k) = if k == 0 { true } else { odd(k - 1) }
                fn odd(k) = if k == 0 { false } else { even(k - 1) }
                even(n)
            }
            for i in 0:8000 { mk(3); if i % 100 == 0 { print(i) } }
            """, file: "cycle.anis")
        #expect(sampler.samples == 80)
        #expect(sampler.most <= 2 * CycleCollector.minimumThreshold, "most live environments: \(sampler.most)")
    }
}
