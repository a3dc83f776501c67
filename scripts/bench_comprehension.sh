#!/usr/bin/env bash
# bench_comprehension.sh: list comprehensions against CPython's (never part of `swift test`).
# Builds anis in release, then times, best of 7 each, a 10,000-element numeric
# comprehension, a filtered one, one of strings and a nested 100×100 one, in anis and in
# CPython, and prints the milliseconds and the ratio. Target (issue 18): the 10,000-element
# comprehension under 50 ms.
#
#   scripts/bench_comprehension.sh
#   ANIS_SCRATCH=.build-bench PYTHON=python3.11 scripts/bench_comprehension.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scratch="${ANIS_SCRATCH:-.build}"
python="${PYTHON:-python3}"
swift build -c release --scratch-path "$scratch" --product anis >/dev/null
anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"

# Each case: a name, the anis expression, the Python expression.
cases=(
  "numbers 10000|[x * 2 + 1 for x in 0:10000]|[x * 2 + 1 for x in range(10000)]"
  "filtered 20000->10000|[x for x in 0:20000 if x % 2 == 0]|[x for x in range(20000) if x % 2 == 0]"
  "strings 10000|[\"s{x}\" for x in 0:10000]|[f\"s{x}\" for x in range(10000)]"
  "nested 100x100|[[i, j] for i in 0:100 for j in 0:100]|[[i, j] for i in range(100) for j in range(100)]"
)
printf '%-24s %10s %10s %8s\n' "comprehension" "anis ms" "python ms" "ratio"
for c in "${cases[@]}"; do
  IFS='|' read -r name a p <<<"$c"
  ams=$("$anis" -e "best = inf; for r in 0:7 { t0 = clock(); v = $a; best = minimum(best, clock() - t0) }; print(\"{best * 1000:.3f}\")")
  pms=$("$python" -c "
import time
best = 1e9
for r in range(7):
    t0 = time.perf_counter(); v = $p; best = min(best, time.perf_counter() - t0)
print('%.3f' % (best * 1000))")
  ratio=$(awk -v a="$ams" -v p="$pms" 'BEGIN { printf "%.2f", p / a }')
  printf '%-24s %10s %10s %7sx\n' "$name" "$ams" "$pms" "$ratio"
done
echo "(ratio = python time / anis time; > 1 means anis is faster)"
