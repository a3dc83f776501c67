#!/usr/bin/env bash
# bench_sweep.sh: a 64-cell toy-model grid (scripts/bench_sweep.anis) as a for loop and
# as a sweep on all cores (target: the sweep takes ≤ 0.55× the loop's time on 2 cores),
# then the same grid as 4 GNU parallel shards, whose merged table must equal the
# single run's bit for bit. Prints the ratio of each of REPEATS runs and the best;
# timings are noisy when other work shares the machine (say so with the numbers).
# Usage: scripts/bench_sweep.sh [path/to/anis] [REPEATS=2] [STEPS=1500]
# Needs /usr/bin/time (Debian: time) and bc.
#   (default anis: a release build, made here with `swift build -c release`)
set -euo pipefail
ANIS=${1:-}
if [ -n "$ANIS" ]; then ANIS=$(cd "$(dirname "$ANIS")" && pwd)/$(basename "$ANIS"); fi
cd "$(dirname "$0")/.."
if [ -z "$ANIS" ]; then
    swift build -c release --product anis >/dev/null
    ANIS=$PWD/.build/release/anis
fi
REPEATS=${2:-2} STEPS=${3:-1500}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; $("$ANIS" --version | sed -n 2p)"
# seconds of wall-clock and of CPU (user + sys, workers included) for one mode
measure() { /usr/bin/time -f "%e %U %S" "$ANIS" scripts/bench_sweep.anis "$1" "$STEPS" 2>&1 >/dev/null | tail -1; }
best=""
for r in $(seq "$REPEATS"); do
    read -r lw lu ls <<<"$(measure loop)"
    read -r sw su ss <<<"$(measure sweep)"
    ratio=$(echo "scale=3; $sw / $lw" | bc)
    echo "run $r: for loop $lw s (CPU $(echo "$lu + $ls" | bc) s), sweep $sw s (CPU $(echo "$su + $ss" | bc) s): ratio $ratio"
    best=$(printf '%s\n%s\n' "$ratio" "${best:-$ratio}" | sort -g | head -1)
done
echo "best ratio sweep / for loop (wall-clock): $best (target ≤ 0.55 on 2 cores); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

command -v parallel >/dev/null || { echo "GNU parallel is not installed (apt-get install parallel): shard check skipped"; exit 0; }
"$ANIS" scripts/bench_sweep.anis run "$STEPS" "$W/single" "$W/single.jsonl" 2>/dev/null
start=$(date +%s.%N)
parallel --will-cite -j 4 "$ANIS" --shard {}/4 scripts/bench_sweep.anis run "$STEPS" "$W/shards" "$W/unused.jsonl" ::: 0 1 2 3 2>/dev/null
echo "4 GNU parallel shards: $(echo "$(date +%s.%N) - $start" | bc) s"
"$ANIS" -e "save(collect(\"$W/shards\"), \"$W/merged.jsonl\")"
if cmp -s "$W/single.jsonl" "$W/merged.jsonl"; then
    echo "merged table of the 4 shards equals the single run bit for bit ($(wc -l <"$W/merged.jsonl") rows)"
else
    echo "MISMATCH: the merged table differs from the single run"; exit 1
fi
