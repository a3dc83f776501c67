// Sharding: which share of every sweep this process computes, and how sweeps run
// here. A shard comes from `--shard I/N`, or else from a Slurm job array's environment
// (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN, divided by SLURM_ARRAY_TASK_STEP, of
// SLURM_ARRAY_TASK_COUNT tasks), so `sbatch --array=0-9 job.sh` needs no arguments.
// GNU parallel passes the shard on the command line: `parallel anis --shard {}/4 s.anis ::: 0 1 2 3`.
import Glibc
import AnisLanguage

/// `--shard I/N` as given (0 ≤ I < N).
struct ShardOption: Sendable, Equatable {
    let index: Int, count: Int

    static func parse(_ s: String) -> Result<ShardOption, UsageError> {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n {
            return .success(ShardOption(index: i, count: n))
        }
        return .failure(UsageError(message: "--shard needs I/N with 0 ≤ I < N (e.g. --shard 0/4), got '\(s)'"))
    }

    /// The shard of a Slurm array task, or nil outside one (or with a malformed environment).
    static func slurm(_ environment: (String) -> String?) -> ShardOption? {
        guard let id = environment("SLURM_ARRAY_TASK_ID").flatMap({ Int($0) }),
              let count = environment("SLURM_ARRAY_TASK_COUNT").flatMap({ Int($0) }), count >= 1 else { return nil }
        let low = environment("SLURM_ARRAY_TASK_MIN").flatMap { Int($0) } ?? 0
        let step = max(1, environment("SLURM_ARRAY_TASK_STEP").flatMap { Int($0) } ?? 1)
        let index = (id - low) / step
        return index >= 0 && index < count ? ShardOption(index: index, count: count) : nil
    }
}

extension Invocation {
    func sharded(_ shard: ShardOption?) -> Invocation {
        var copy = self
        copy.shard = shard
        return copy
    }
}

enum Sharding {
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// How sweeps run in a command-line session: in worker processes (the interpreter is
    /// this process's only Swift thread), a progress bar when stderr is a terminal, reports
    /// on stderr, and the shard. A shard uses one worker unless Slurm gave its task more
    /// CPUs (SLURM_CPUS_PER_TASK), so `parallel -j N` or an array does not oversubscribe.
    /// The REPL passes `sharded: false` (an interactive session computes whole sweeps).
    static func settings(_ invocation: Invocation, sharded: Bool = true) -> SweepSettings {
        var s = SweepSettings()
        s.parallel = true
        s.progress = Terminal.isTerminal(2)
        s.report = { Terminal.writeError($0) }
        if sharded, let shard = invocation.shard ?? ShardOption.slurm(environment) {
            s.shard = Shard(index: shard.index, count: shard.count)
            s.workers = environment("SLURM_CPUS_PER_TASK").flatMap { Int($0) } ?? 1
        }
        return s
    }
}
