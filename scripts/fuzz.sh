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
#   FUZZ_TARGET=npy scripts/fuzz.sh 300  # another target: npy, csv or plot (options of a
#                                        # plot call); each has its own corpus fuzz-corpus-TARGET/
#                                        # seeded from Tests/Fuzz/seeds-TARGET/
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

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
if ! "${build[@]}" >"$scratch/build.log" 2>&1; then
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
artifacts="$scratch/artifacts"
crashes=Tests/Fuzz/crashes
mkdir -p "$corpus" "$artifacts"
rm -f "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*
log="$scratch/fuzz.log"

leaks="${FUZZ_LEAKS:-0}"
echo "fuzz.sh: fuzzing for ${seconds}s (log: $log) ..."
set +e
# shellcheck disable=SC2086  # FUZZ_ARGS is a list of flags
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=$leaks}" \
ANIS_FUZZ_TARGET="$target" "$fuzzer" "$corpus" "${seeds[@]}" \
    ${dict[@]+"${dict[@]}"} \
    -max_total_time="$seconds" -max_len=512 -timeout=10 -rss_limit_mb=4096 \
    -detect_leaks="$leaks" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
    >"$log" 2>&1
status=$?
set -e

# Summary: the last coverage line and the run count.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
execs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1 || true)"
cov="$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
echo "fuzz.sh: execs: ${execs:-?}  cov: ${cov:-?}  (exit status $status)"
if [ "${cov:-0}" = "0" ]; then
    echo "fuzz.sh: warning: no coverage: the fuzzer was built without instrumentation" >&2
fi

found=0
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
