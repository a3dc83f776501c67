#!/usr/bin/env bash
# test_sweep_engines.sh: a sweep under the engines a cluster already has.
#   1. all cores (worker processes) gives the reference table and cell files;
#   2. GNU parallel runs 4 shards (`anis --shard {}/4`); collect() of their folder equals
#      the reference bit for bit; a shard killed midway and re-run completes the folder
#      without rewriting the cells that had finished (their inodes stay the same);
#   3. killing an all-cores run kills its worker processes too, and a re-run resumes;
#   4. a single-node Slurm (slurm-wlm + munge, configured and started here, stopped at
#      the end, also on failure) runs the same script as a job array (`sbatch --array=0-3`,
#      no --shard: anis reads SLURM_ARRAY_TASK_*); the same checks, with scancel as the kill.
# Installs parallel, slurm-wlm and munge with apt-get when missing. Slurm's part is
# skipped, with the reason printed, only when the daemons cannot be installed or started.
# Usage: scripts/test_sweep_engines.sh [path/to/anis]   (default: builds .build/debug/anis)
set -uo pipefail
ANIS=${1:-}
if [ -n "$ANIS" ]; then ANIS=$(cd "$(dirname "$ANIS")" && pwd)/$(basename "$ANIS"); fi
cd "$(dirname "$0")/.."
if [ -z "$ANIS" ]; then
    swift build --product anis >/dev/null || { echo "test_sweep_engines.sh: build failed" >&2; exit 2; }
    ANIS=$PWD/.build/debug/anis
fi
[ -x "$ANIS" ] || { echo "no anis binary at $ANIS" >&2; exit 2; }
W=$(mktemp -d)
chmod 755 "$W"  # munged runs as the munge user and must reach its files in here
PIDS_TO_STOP=()
cleanup() {
    for f in "$W"/slurm/slurmd.pid "$W"/slurm/slurmctld.pid "$W"/munge/munged.pid; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    for p in "${PIDS_TO_STOP[@]}"; do kill "$p" 2>/dev/null; done
    sleep 0.5
    rm -rf "$W"
}
trap cleanup EXIT
pass=0 fail=0
report() {
    if [ "$2" = 1 ]; then pass=$((pass + 1)); echo "ok   $1"
    else fail=$((fail + 1)); echo "FAIL $1"; [ -n "${3:-}" ] && echo "$3" | sed 's/^/     /'; fi
}
need() {  # need COMMAND PACKAGE...: installs the packages when the command is missing
    command -v "$1" >/dev/null && return 0
    shift
    [ "$(id -u)" = 0 ] || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$W/apt.log" 2>&1 ||
        { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$W/apt.log" 2>&1; }
}

# The sweep: 16 cells of a few tenths of a second; args: FOLDER [TABLE.jsonl].
cat >"$W/sweep.anis" <<'EOF'
fn cell(c) {
    X = randn(2000, 100)
    W = randn(100, 100) / sqrt(100)
    H = X
    for layer in 0:8 { H = c.act(H @ W) * (1 + c.p) }
    {erank: effective_rank(H), top: svdvals(H)[0:3]}
}
t = sweep({act: [relu, tanh], p: linspace(0, 1, 4), seed: 0:2}, cell, folder: args[0])
if len(args) > 1 { save(t, args[1]) }
EOF
cells() { find "$1" -maxdepth 1 -name 'cell-*.json' 2>/dev/null | wc -l; }
# inode and name of every cell file: a recomputed cell is renamed into place (new inode).
inodes() { (cd "$1" 2>/dev/null && ls -i cell-*.json 2>/dev/null | sort); }
merged_equals_reference() {  # FOLDER NAME
    "$ANIS" -e "save(collect(\"$1\"), \"$1.jsonl\")" >/dev/null 2>&1
    if cmp -s "$1.jsonl" "$W/ref.jsonl" && diff -r -q "$W/ref" "$1" >/dev/null; then report "$2: merged table equals the all-cores run bit for bit" 1
    else report "$2: merged table equals the all-cores run bit for bit" 0 "$(diff "$1.jsonl" "$W/ref.jsonl" | head -5)"; fi
}
# wait_for_cells FOLDER N: until the folder holds at least N cells (at most 60 s)
wait_for_cells() { for _ in $(seq 600); do [ "$(cells "$1")" -ge "$2" ] && return 0; sleep 0.1; done; return 1; }
# killed_then_resumed NAME FOLDER BEFORE: BEFORE = inodes listed when the run was killed
killed_then_resumed() {
    local kept; kept=$(comm -12 <(echo "$3") <(inodes "$2") | grep -c .)
    local had; had=$(echo "$3" | grep -c .)
    report "$1: the re-run kept the $had finished cells (not recomputed) and completed the folder" \
        "$([ "$kept" = "$had" ] && [ "$had" -ge 1 ] && [ "$(cells "$2")" = 16 ] && echo 1 || echo 0)" \
        "kept $kept of $had; $(cells "$2") of 16 cells"
}

# --- 1. all cores ----------------------------------------------------------------
"$ANIS" "$W/sweep.anis" "$W/ref" "$W/ref.jsonl" >"$W/ref.out" 2>&1
report "all cores: 16 cells and a table" "$([ "$(cells "$W/ref")" = 16 ] && [ "$(wc -l <"$W/ref.jsonl")" = 16 ] && echo 1 || echo 0)" "$(cat "$W/ref.out")"
"$ANIS" "$W/sweep.anis" "$W/ref" "$W/ref2.jsonl" >/dev/null 2>&1
report "all cores: a re-run reads the folder and gives the same table" "$(cmp -s "$W/ref.jsonl" "$W/ref2.jsonl" && echo 1 || echo 0)"

# --- 2. GNU parallel ---------------------------------------------------------------
if need parallel parallel; then
    parallel --will-cite -j 4 "$ANIS" --shard {}/4 "$W/sweep.anis" "$W/par" ::: 0 1 2 3 >"$W/par.out" 2>&1
    report "GNU parallel: 4 shards exit 0 and write 16 cells" "$([ $? = 0 ] && [ "$(cells "$W/par")" = 16 ] && echo 1 || echo 0)" "$(cat "$W/par.out")"
    merged_equals_reference "$W/par" "GNU parallel"

    # kill one shard midway (after its first cell), then let parallel run all four again
    "$ANIS" --shard 1/4 "$W/sweep.anis" "$W/park" >/dev/null 2>&1 &
    shard=$!; PIDS_TO_STOP+=("$shard")
    wait_for_cells "$W/park" 1; kill -TERM "$shard"; wait "$shard" 2>/dev/null
    before=$(inodes "$W/park")
    report "GNU parallel: the killed shard left only whole cells, fewer than its 4" \
        "$([ "$(echo "$before" | grep -c .)" -lt 4 ] && ! ls "$W/park" | grep -q tmp && echo 1 || echo 0)" "$before"
    parallel --will-cite -j 4 "$ANIS" --shard {}/4 "$W/sweep.anis" "$W/park" ::: 0 1 2 3 >/dev/null 2>&1
    killed_then_resumed "GNU parallel" "$W/park" "$before"
    merged_equals_reference "$W/park" "GNU parallel after the kill"
else
    report "GNU parallel installed" 0 "$(tail -3 "$W/apt.log" 2>/dev/null)"
fi

# --- 3. killing an all-cores run ---------------------------------------------------
"$ANIS" "$W/sweep.anis" "$W/allk" >/dev/null 2>&1 &
run=$!; PIDS_TO_STOP+=("$run")
wait_for_cells "$W/allk" 2
workers=$(pgrep -P "$run" | tr '\n' ' ')
kill -TERM "$run"; wait "$run" 2>/dev/null; sleep 0.5
# a worker counts as alive while it runs (a zombie waiting for init to reap it has ended)
alive=0; for p in $workers; do grep -qs '^State:[[:space:]]*[RSD]' "/proc/$p/status" && alive=$((alive + 1)); done
report "all cores: killing anis ends its $(echo $workers | wc -w) worker processes too" "$([ -n "$workers" ] && [ $alive = 0 ] && echo 1 || echo 0)" "workers: $workers; alive: $alive"
before=$(inodes "$W/allk")
"$ANIS" "$W/sweep.anis" "$W/allk" "$W/allk2.jsonl" >/dev/null 2>&1
killed_then_resumed "all cores" "$W/allk" "$before"
report "all cores after the kill: the same table" "$(cmp -s "$W/allk2.jsonl" "$W/ref.jsonl" && echo 1 || echo 0)"

# --- 4. Slurm job array --------------------------------------------------------------
slurm_skip=""
if ! need sbatch slurm-wlm munge || ! command -v munged >/dev/null; then
    slurm_skip="slurm-wlm and munge could not be installed (not root, or no package source)"
fi
start_slurm() {
    local S="$W/slurm" M="$W/munge" host; host=$(hostname -s)
    mkdir -p "$S/state" "$S/spool" "$M/etc" "$M/run" "$M/log" "$M/lib"
    dd if=/dev/urandom of="$M/etc/munge.key" bs=1024 count=1 status=none
    chown -R munge:munge "$M" 2>/dev/null; chmod 700 "$M/etc"; chmod 400 "$M/etc/munge.key"
    runuser -u munge -- /usr/sbin/munged --key-file="$M/etc/munge.key" --socket="$M/run/munge.socket" \
        --pid-file="$M/munged.pid" --log-file="$M/log/munged.log" --seed-file="$M/lib/munge.seed" 2>"$W/munged.err" ||
        { echo "munged did not start: $(cat "$W/munged.err")"; return 1; }
    cat >"$S/slurm.conf" <<EOF
ClusterName=anistest
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$M/run/munge.socket
CryptoType=crypto/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$S/slurm.conf"
    /usr/sbin/slurmctld -f "$SLURM_CONF" 2>"$W/slurmctld.err" || { echo "slurmctld did not start: $(cat "$W/slurmctld.err")"; return 1; }
    /usr/sbin/slurmd -f "$SLURM_CONF" 2>"$W/slurmd.err" || { echo "slurmd did not start: $(cat "$W/slurmd.err")"; return 1; }
    for _ in $(seq 100); do sinfo -h -o %t 2>/dev/null | grep -q idle && return 0; sleep 0.2; done
    echo "the node never became idle: $(sinfo 2>&1 | tail -2); $(tail -3 "$S/slurmd.log" 2>/dev/null)"
    return 1
}
if [ -z "$slurm_skip" ] && ! start_slurm >"$W/slurm_start.log" 2>&1; then
    slurm_skip=$(cat "$W/slurm_start.log")
fi
if [ -n "$slurm_skip" ]; then
    echo "skip Slurm: $slurm_skip"
else
    cat >"$W/job.sh" <<EOF
#!/bin/sh
exec "$ANIS" "$W/sweep.anis" "\$1"
EOF
    chmod +x "$W/job.sh"
    sbatch --wait --array=0-3 -o "$W/slurm_%a.out" "$W/job.sh" "$W/slurm_cells" >"$W/sbatch.out" 2>&1
    report "Slurm: a job array of 4 tasks writes 16 cells" "$([ $? = 0 ] && [ "$(cells "$W/slurm_cells")" = 16 ] && echo 1 || echo 0)" "$(cat "$W/sbatch.out" "$W"/slurm_*.out 2>/dev/null | tail -8)"
    merged_equals_reference "$W/slurm_cells" "Slurm"

    # cancel the array once a few cells are there, then submit it again
    job=$(sbatch --parsable --array=0-3 -o /dev/null "$W/job.sh" "$W/slurmk")
    wait_for_cells "$W/slurmk" 2; scancel "$job"
    for _ in $(seq 100); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 0.2; done
    before=$(inodes "$W/slurmk")
    report "Slurm: the cancelled array left only whole cells, fewer than 16" \
        "$([ "$(echo "$before" | grep -c .)" -lt 16 ] && ! ls "$W/slurmk" | grep -q tmp && echo 1 || echo 0)" "$before"
    sbatch --wait --array=0-3 -o /dev/null "$W/job.sh" "$W/slurmk" >/dev/null 2>&1
    killed_then_resumed "Slurm" "$W/slurmk" "$before"
    merged_equals_reference "$W/slurmk" "Slurm after scancel"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
