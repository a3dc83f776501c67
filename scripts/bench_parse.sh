#!/usr/bin/env bash
# bench_parse.sh: parse + compile (+ run) time and peak memory for generated scripts
# of many shapes at growing sizes (never part of `swift test`). Times are CPU seconds
# (user + system: steadier than wall time on a shared machine). Linear means the
# time and memory columns grow with the size: ×8 from 125 KB to 1 MB, not ×64.
# The target: every 1 MB shape well under a second, memory proportional to size.
#
#   scripts/bench_parse.sh                 # builds anis in release first
#   ANIS=.build/debug/anis scripts/bench_parse.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${ANIS:-}" ]; then
    swift build -c release --product anis >/dev/null
    ANIS="$(swift build -c release --show-bin-path)/anis"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Each shape: a Python expression that writes about N bytes of anis source to `out`.
shapes=(
  "add_chain|out.write('x = 1' + ' + 1' * (N // 4) + '\n')"
  "and_chain|out.write('x = 1' + ' and 1' * (N // 6) + '\n')"
  "mixed_arith|out.write('y = 2\nx = y' + ' + y * 2 - 1' * (N // 12) + '\n')"
  "statements|out.write(''.join(f'x{i % 500} = {i} * 2 + y\n' for i in range(N // 16)).replace('y', '1'))"
  "list_literal|out.write('xs = [' + ', '.join('1' for _ in range(N // 3)) + ']\n')"
  "functions|out.write(''.join(f'fn f{i}(a, b) {{ c = a + b; g = x -> x + c; g(1) }}\n' for i in range(N // 48)))"
  "interpolation|out.write('v = 1\ns = \"' + 'a{v}' * (N // 4) + '\"\n')"
  "fields|out.write('r = {a: 1}\nx = r.a' + ' + r.a' * (N // 6) + '\n')"
  "nested_parens|out.write(('x = ' + '(' * 90 + '1' + ')' * 90 + '\n') * (N // 185))"
  "comments|out.write('# a comment line of some length here\n' * (N // 37))"
)
sizes=(125000 250000 500000 1000000)

printf '%-14s' shape
for n in "${sizes[@]}"; do printf '%16s' "$((n / 1000)) KB"; done
printf '%16s\n' "t(1M)/t(125K)"
for entry in "${shapes[@]}"; do
    name="${entry%%|*}"; code="${entry#*|}"
    printf '%-14s' "$name"
    first=""; last=""
    for n in "${sizes[@]}"; do
        file="$work/$name-$n.anis"
        N="$n" python3 -c "import os; N = int(os.environ['N']); out = open('$file', 'w'); $code"
        /usr/bin/time -o "$work/time" -f '%U %S %M' "$ANIS" "$file" >/dev/null 2>&1 || true
        stats="$(tail -1 "$work/time")"
        read -r user sys kb <<<"$stats"
        secs=$(python3 -c "print('%.2f' % ($user + $sys))")
        printf '%16s' "${secs}s $((kb / 1024))MB"
        [ -z "$first" ] && first="$secs"
        last="$secs"
    done
    python3 -c "print('%16s' % ('%.1f' % ($last / max($first, 0.005))))"
done
echo "(anis: $("$ANIS" --version | head -1); machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
