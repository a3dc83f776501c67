#!/usr/bin/env bash
# fuzz.sh: builds the libFuzzer target (AnisFuzz, with -DFUZZING and ASan) in
# .build-fuzz and fuzzes Session.run for SECONDS (default 60), seeded from
# Tests/Fuzz/corpus/ with the dictionary Tests/Fuzz/anis.dict. New interesting
# inputs go to fuzz-corpus/ (git-ignored, kept between runs). A crash, hang or
# out-of-memory input is copied into Tests/Fuzz/crashes/.
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_LEAKS=1 scripts/fuzz.sh 300     # also report memory leaks (off by default)
#   FUZZ_ARGS="-jobs=2" scripts/fuzz.sh  # extra libFuzzer flags
#   FUZZ_TIMEOUT=10 scripts/fuzz.sh      # seconds of wall time one input may take (default 60:
#                                        # the step budget bounds every loop, but at nice 19
#                                        # on a loaded machine 100,000 LAPACK calls under ASan
#                                        # took over 10 s twice)
#   FUZZ_TARGET=npy scripts/fuzz.sh 300  # another target: npy, csv or plot (options of a
#                                        # plot call); each has its own corpus fuzz-corpus-TARGET/
#                                        # seeded from Tests/Fuzz/seeds-TARGET/
#
# Each run appends one line to Tests/Fuzz/ledger.tsv (date, commit, target, wall and
# CPU seconds of the fuzzer process alone, execs, coverage, findings), so the
# fuzzing done over time can be added up: scripts/fuzz.sh --ledger prints the totals.
# Runs may go at the same time, of one target or several: each run has its own log
# and artifacts, runs of one target share its corpus, and the build is serialised by
# a lock. The fuzzer's working folder is a temporary one, so files an input writes
# never land in the checkout.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

ledger=Tests/Fuzz/ledger.tsv
if [ "${1:-}" = "--ledger" ]; then
    # Totals per target over every recorded run.
    awk -F'\t' 'NR > 1 { cpu[$3] += $5; ex[$3] += $6; n[$3]++; if ($7 > cov[$3]) cov[$3] = $7; f[$3] += $8; all += $5 }
        END { printf "%-6s %5s %10s %14s %8s %8s\n", "target", "runs", "CPU-s", "execs", "max cov", "findings"
              for (t in cpu) printf "%-6s %5d %10d %14d %8d %8d\n", t, n[t], cpu[t], ex[t], cov[t], f[t]
              printf "total CPU: %.2f hours\n", all / 3600 }' "$ledger"
    exit 0
fi

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS]" >&2
    exit 2
fi

if ! grep -q '"AnisFuzz"' Package.swift; then
    echo "fuzz.sh: Package.swift has no AnisFuzz target (see scripts/README.md for the snippet)" >&2
    exit 1
fi

scratch=.build-fuzz
# --sanitize=fuzzer alone gives the link step libFuzzer; the coverage and ASan
# instrumentation must go to swiftc as one -sanitize= list (two separate
# --sanitize flags build a fuzzer with no coverage: `cov: 0`).
build=(swift build -c release --scratch-path "$scratch" --product anis-fuzz
       --sanitize=fuzzer
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING)
echo "fuzz.sh: building the fuzzer in $scratch ..."
mkdir -p "$scratch"
if ! flock "$scratch/build.lock" "${build[@]}" >"$scratch/build.log" 2>&1; then
    tail -n 40 "$scratch/build.log" >&2
    echo "fuzz.sh: build failed (full log: $scratch/build.log)" >&2
    exit 1
fi
fuzzer="$("${build[@]}" --show-bin-path)/anis-fuzz"
[ -x "$fuzzer" ] || { echo "fuzz.sh: no fuzzer at $fuzzer" >&2; exit 1; }

target="${FUZZ_TARGET:-lang}"
case "$target" in
    # The language: seeded from the small corpus, the golden files and the scripts (cut to -max_len).
    lang) corpus=fuzz-corpus; seeds=(Tests/Fuzz/corpus Tests/AnisLanguageTests/Golden scripts); dict=(-dict=Tests/Fuzz/anis.dict) ;;
    plot) corpus=fuzz-corpus-plot; seeds=(Tests/Fuzz/seeds-plot); dict=(-dict=Tests/Fuzz/anis.dict) ;;
    npy|csv) corpus="fuzz-corpus-$target"; seeds=("Tests/Fuzz/seeds-$target"); dict=() ;;
    *) echo "fuzz.sh: unknown FUZZ_TARGET '$target' (lang, npy, csv or plot)" >&2; exit 2 ;;
esac
# Per-run names (the process id): two runs of one target may go at once, sharing
# the corpus (as libFuzzer's -jobs do) but not their log, times or findings.
run="$target-$$"
artifacts="$scratch/artifacts-$run"
crashes=Tests/Fuzz/crashes
mkdir -p "$corpus" "$artifacts"
rm -f "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*
log="$scratch/fuzz-$run.log"
times="$scratch/times-$run"

# The fuzzer runs in a fresh temporary folder: a lang input may write files
# (save, write_text, write_csv) under relative names, which must not land in the
# checkout. The folder goes away with the run.
workdir="$(mktemp -d "${TMPDIR:-/tmp}/anis-fuzz.XXXXXX")"
# At exit the run's log becomes the target's latest log and empty per-run folders go.
trap 'rm -rf "$workdir" "$times"; mv -f "$log" "$scratch/fuzz-$target.log" 2>/dev/null; rmdir "$artifacts" 2>/dev/null' EXIT
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$root" "$1" ;; esac; }
corpus_dirs=("$(abs "$corpus")")
for s in "${seeds[@]}"; do corpus_dirs+=("$(abs "$s")"); done
dict_flags=()
for d in ${dict[@]+"${dict[@]}"}; do dict_flags+=("-dict=$(abs "${d#-dict=}")"); done

leaks="${FUZZ_LEAKS:-0}"
echo "fuzz.sh: fuzzing for ${seconds}s (log: $log) ..."
set +e
# shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
started=$SECONDS
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=$leaks}" \
ANIS_FUZZ_TARGET="$target" /usr/bin/time -f '%U %S' -o "$(abs "$times")" \
    env --chdir="$workdir" "$(abs "$fuzzer")" "${corpus_dirs[@]}" \
    ${dict_flags[@]+"${dict_flags[@]}"} \
    -max_total_time="$seconds" -max_len=512 -timeout="${FUZZ_TIMEOUT:-60}" -rss_limit_mb=4096 \
    -detect_leaks="$leaks" -print_final_stats=1 \
    -artifact_prefix="$(abs "$artifacts")/" ${FUZZ_ARGS:-} \
    >"$log" 2>&1
status=$?
set -e

# Summary: the last coverage line and the run count.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
execs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1 || true)"
cov="$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
wall=$((SECONDS - started))
cpu="$(awk 'END { printf "%d", $1 + $2 }' "$times" 2>/dev/null || echo 0)"  # the last line: time writes a status line first when the fuzzer fails
echo "fuzz.sh: execs: ${execs:-?}  cov: ${cov:-?}  CPU: ${cpu}s  (exit status $status)"
if [ "${cov:-0}" = "0" ]; then
    echo "fuzz.sh: warning: no coverage: the fuzzer was built without instrumentation" >&2
fi

found=0
findings=0
for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*; do
    [ -e "$f" ] && findings=$((findings + 1))
done
[ -s "$ledger" ] || printf 'date\tcommit\ttarget\twall_s\tcpu_s\texecs\tcov\tfindings\n' >"$ledger"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" "$target" "$wall" "${cpu:-0}" \
    "${execs:-0}" "${cov:-0}" "$findings" >>"$ledger"
for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*; do
    [ -e "$f" ] || continue
    mkdir -p "$crashes"
    name="$(basename "$f").anis"
    cp "$f" "$crashes/$name"
    found=1
    echo "fuzz.sh: FOUND $(basename "$f" | cut -d- -f1): $crashes/$name"
done
if [ "$found" = 1 ]; then
    echo "----- fuzzer report (tail of $log) -----"
    grep -v -E '^#[0-9]+' "$log" | tail -n 40
    cat <<'MSG'
----------------------------------------
Reproduce with:  swift run anis-fuzz Tests/Fuzz/crashes/<file>   (or the sanitized fuzzer binary)
Then fix the bug and turn the reproducer into a golden test: minimize it, save it as
Tests/AnisLanguageTests/Golden/regress_<what>.anis with `# expect:` / `# error:`
comments (see Tests/README.md), and delete it from Tests/Fuzz/crashes/.
MSG
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "fuzz.sh: the fuzzer exited with status $status; see $log" >&2
    tail -n 20 "$log" >&2
    exit "$status"
fi
echo "fuzz.sh: no crashes."
