#!/usr/bin/env bash
# test_cli.sh: end-to-end checks of the anis command line: exit statuses (0/1/2),
# -e, stdin, script arguments, shebang, --seed and the stderr error format.
# Usage: scripts/test_cli.sh [path/to/anis]   (default: builds and uses .build/debug/anis)
set -u
ANIS=${1:-}
if [ -n "$ANIS" ]; then ANIS=$(cd "$(dirname "$ANIS")" && pwd)/$(basename "$ANIS"); fi
cd "$(dirname "$0")/.."
if [ -z "$ANIS" ]; then
    swift build --product anis >/dev/null || { echo "test_cli.sh: build failed" >&2; exit 2; }
    ANIS=$PWD/.build/debug/anis
fi
[ -x "$ANIS" ] || { echo "no anis binary at $ANIS" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0

# check NAME EXPECTED_RC EXPECTED_STDOUT STDERR_PATTERN -- command...
# STDERR_PATTERN is a grep -E pattern the stderr must match ('' = stderr must be empty).
check() {
    local name=$1 want_rc=$2 want_out=$3 err_pat=$4; shift 5
    "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    local rc=$? out err; out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
    local ok=1
    [ "$rc" = "$want_rc" ] || ok=0
    [ "$want_out" = "*" ] || [ "$out" = "$want_out" ] || ok=0
    if [ -z "$err_pat" ]; then [ -z "$err" ] || ok=0; else grep -Eq -- "$err_pat" "$TMP/err" || ok=0; fi
    report "$name" $ok "rc=$rc (want $want_rc)
stdout: $out
stderr: $err"
}

report() {
    if [ "$2" = 1 ]; then pass=$((pass + 1)); echo "ok   $1"
    else fail=$((fail + 1)); echo "FAIL $1"; echo "$3" | sed 's/^/     /'; fi
}

# --- options ---------------------------------------------------------------
check "--version"              0 "*" "" -- "$ANIS" --version
[ "$(head -1 "$TMP/out")" = "anis 0.1.0" ] && report "--version starts with the version" 1 "" \
    || report "--version starts with the version" 0 "$(cat "$TMP/out")"
check "--help lists exit codes" 0 "*" "" -- "$ANIS" --help
"$ANIS" --help | grep -q "2  usage error" && "$ANIS" --help | grep -q -- "--seed" \
    && report "--help documents --seed and exit status" 1 "" || report "--help documents --seed and exit status" 0 "$("$ANIS" --help)"
check "unknown option -> 2"    2 "" "unknown option '--bogus'" -- "$ANIS" --bogus
check "-e without code -> 2"   2 "" "needs a value" -- "$ANIS" -e
check "bad --seed -> 2"        2 "" "non-negative integer" -- "$ANIS" --seed minus
check "missing script -> 2"    2 "" "cannot open '$TMP/nope.anis'" -- "$ANIS" "$TMP/nope.anis"

# --- -e --------------------------------------------------------------------
check "-e prints last value"   0 "3" "" -- "$ANIS" -e '1 + 2'
check "-e assignment prints nothing" 0 "" "" -- "$ANIS" -e 'x = 1'
check "-e statements then value" 0 "42" "" -- "$ANIS" -e 'x = 40
x + 2'
check "-e print, none not shown" 0 "hi" "" -- "$ANIS" -e 'print("hi")'
check "-e repeated joins lines" 0 "5" "" -- "$ANIS" -e 'a = 2' -e 'a + 3'
check "-e sees args"           0 "p
q" "" -- "$ANIS" -e 'for a in args { print(a) }' p q

# --- errors: status and format ------------------------------------------------
check "runtime error -> 1"     1 "" "^<-e>:1:7: error: undefined variable 'y'" -- "$ANIS" -e 'print(y)'
grep -q '^ 1 | print(y)$' "$TMP/err" && grep -Eq '^   \|       \^' "$TMP/err" \
    && report "error shows source line and caret" 1 "" || report "error shows source line and caret" 0 "$(cat "$TMP/err")"
grep -q $'\e' "$TMP/err" && report "no colour when stderr is not a terminal" 0 "$(cat -v "$TMP/err")" \
    || report "no colour when stderr is not a terminal" 1 ""
check "syntax error -> 2"      2 "" "^<-e>:1:[0-9]+: error: " -- "$ANIS" -e '1 + * 2'
check "output before error kept" 1 "before" "error: " -- "$ANIS" -e 'print("before")
print(nope)'

# --- scripts -----------------------------------------------------------------
printf 'print("script")\nfor a in args { print(a) }\n' >"$TMP/args.anis"
check "script with args"       0 "script
one
two words" "" -- "$ANIS" "$TMP/args.anis" one "two words"
check "options after script go to args" 0 "script
--seed" "" -- "$ANIS" "$TMP/args.anis" --seed
check "-- ends options"        0 "script" "" -- "$ANIS" -- "$TMP/args.anis"
printf '1 + 2\n' >"$TMP/value.anis"
check "script does not print last value" 0 "" "" -- "$ANIS" "$TMP/value.anis"
printf 'x = 1\nprint(x)\nprint(x + undefined_thing)\n' >"$TMP/err.anis"
check "script runtime error names file:line" 1 "1" "err.anis:3:[0-9]+: error: " -- "$ANIS" "$TMP/err.anis"
printf 'x = (1 +\n' >"$TMP/syn.anis"
check "script syntax error -> 2" 2 "" "syn.anis:[0-9]+:[0-9]+: error: " -- "$ANIS" "$TMP/syn.anis"
mkdir -p "$TMP/bin" && ln -sf "$ANIS" "$TMP/bin/anis"
printf '#!/usr/bin/env anis\n# a shebang script\nprint("shebang", args[0])\n' >"$TMP/sb.anis" && chmod +x "$TMP/sb.anis"
check "shebang script"         0 "shebang hello" "" -- env PATH="$TMP/bin:$PATH" "$TMP/sb.anis" hello
check "directory as script -> 2" 2 "" "directory" -- "$ANIS" "$TMP"

# --- stdin -------------------------------------------------------------------
run_stdin() { local input=$1; shift; printf '%s' "$input" | "$@" >"$TMP/out" 2>"$TMP/err"; echo $? >"$TMP/rc"; }
run_stdin 'x = 1; print(x + 1)' "$ANIS"
[ "$(cat "$TMP/rc")" = 0 ] && [ "$(cat "$TMP/out")" = "2" ] \
    && report "piped stdin runs as a script" 1 "" || report "piped stdin runs as a script" 0 "rc=$(cat "$TMP/rc") out=$(cat "$TMP/out") err=$(cat "$TMP/err")"
run_stdin 'for a in args { print(a) }' "$ANIS" - u v
[ "$(cat "$TMP/out")" = "u
v" ] && report "anis - with args" 1 "" || report "anis - with args" 0 "out=$(cat "$TMP/out") err=$(cat "$TMP/err")"
run_stdin 'print(1)
print(zzz)' "$ANIS"
[ "$(cat "$TMP/rc")" = 1 ] && grep -q '^<stdin>:2:' "$TMP/err" \
    && report "stdin error named <stdin>, exit 1" 1 "" || report "stdin error named <stdin>, exit 1" 0 "rc=$(cat "$TMP/rc") err=$(cat "$TMP/err")"
run_stdin 'fn f(' "$ANIS"
[ "$(cat "$TMP/rc")" = 2 ] && report "stdin syntax error exit 2" 1 "" || report "stdin syntax error exit 2" 0 "rc=$(cat "$TMP/rc")"

# --- --seed --------------------------------------------------------------------
RANDEXPR=${RANDEXPR:-randn(4)}
a=$("$ANIS" --seed 7 -e "$RANDEXPR" 2>&1); b=$("$ANIS" --seed 7 -e "$RANDEXPR" 2>&1)
c=$("$ANIS" --seed 8 -e "$RANDEXPR" 2>&1); d=$("$ANIS" --seed=8 -e "$RANDEXPR" 2>&1)
e=$("$ANIS" -e "$RANDEXPR" 2>&1); f=$("$ANIS" -e "$RANDEXPR" 2>&1)
[ "$a" = "$b" ] && [ "$a" != "$c" ] && [ "$c" = "$d" ] && [ "$e" = "$f" ] && ! echo "$a" | grep -q error \
    && report "--seed: same seed same numbers, different seed different" 1 "" \
    || report "--seed: same seed same numbers, different seed different" 0 "7: $a
7: $b
8: $c
default: $e"

# --- deep recursion runs on the big stack ------------------------------------------
"$ANIS" -e 'fn depth(n) = if n == 0 { 0 } else { 1 + depth(n - 1) }
depth(9900)' >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc = 0 ] && [ "$(cat "$TMP/out")" = 9900 ] \
    && report "recursion just under the language's depth limit succeeds" 1 "" \
    || report "recursion just under the language's depth limit succeeds" 0 "rc=$rc $(head -c 300 "$TMP/err")"
"$ANIS" -e "x = $(printf '(%.0s' $(seq 200))1$(printf ')%.0s' $(seq 200))" >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc = 0 ] || [ $rc = 2 ] && report "deeply nested expression: no crash (rc=$rc)" 1 "" \
    || report "deeply nested expression: no crash" 0 "rc=$rc $(head -c 300 "$TMP/err")"
"$ANIS" -e 'fn inf(n) = 1 + inf(n + 1)
inf(0)' >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc = 1 ] && grep -q "error:" "$TMP/err" \
    && report "unbounded recursion -> runtime error, exit 1" 1 "" \
    || report "unbounded recursion -> runtime error, exit 1" 0 "rc=$rc $(head -c 300 "$TMP/err")"

# --- reprex and check ------------------------------------------------------------
printf 'x = linspace(0, 1, 5)\nx[1] * 2\nplot(x, x ^ 2)\nprint("after")\ny + 1\n' > "$TMP/snip.anis"
check "reprex writes Markdown"  0 "" "wrote $TMP/snip.md" -- "$ANIS" reprex "$TMP/snip.anis"
grep -qx '#> 0.5' "$TMP/snip.md" && grep -qx '!\[plot 1\](snip-1.png)' "$TMP/snip.md" && [ -s "$TMP/snip-1.png" ] \
    && grep -qx "#> <reprex>:5:1: error: undefined variable 'y'" "$TMP/snip.md" && grep -Eq '^random_stream: +v1' "$TMP/snip.md" \
    && report "reprex: output, plot PNG, error in place, session info" 1 "" \
    || report "reprex: output, plot PNG, error in place, session info" 0 "$(cat "$TMP/snip.md")"
check "check passes on a reprex" 0 "ok   $TMP/snip.md" "" -- "$ANIS" check "$TMP/snip.md"
check "reprex from stdin"       0 "*" "" -- sh -c "printf '1 + 1\n' | '$ANIS' reprex"
"$ANIS" reprex < /dev/null >/dev/null 2>&1; printf '1 + 1\n' | "$ANIS" reprex | grep -qx '#> 2' \
    && report "reprex stdin prints #> lines" 1 "" || report "reprex stdin prints #> lines" 0 ""
check "reprex --html"           0 "" "wrote $TMP/page.html" -- "$ANIS" reprex --html -o "$TMP/page.html" "$TMP/snip.anis"
grep -q 'src="data:image/png;base64,iVBOR' "$TMP/page.html" && report "html embeds the PNG" 1 "" || report "html embeds the PNG" 0 ""
sed 's/^#> 0.5$/#> 0.7/' "$TMP/snip.md" > "$TMP/bad.md"
check "check mismatch -> 1 with diff" 1 "*" "" -- "$ANIS" check "$TMP/bad.md"
grep -q "bad.md:3: output differs" "$TMP/out" && grep -qx -- '-#> 0.7' "$TMP/out" && grep -qx -- '+#> 0.5' "$TMP/out" \
    && report "mismatch names file:line, unified diff" 1 "" || report "mismatch names file:line, unified diff" 0 "$(cat "$TMP/out")"
sed 's/^#> 0.5$/#> 0.50000000001/' "$TMP/snip.md" > "$TMP/close.md"
check "numbers within tolerance" 0 "*" "" -- "$ANIS" check "$TMP/close.md"
check "--tolerance 0 is exact"  1 "*" "" -- "$ANIS" check --tolerance 0 "$TMP/close.md"
check "check --update"          0 "*" "" -- "$ANIS" check --update "$TMP/bad.md"
cmp -s "$TMP/bad.md" "$TMP/snip.md" && report "--update restores the output" 1 "" || report "--update restores the output" 0 "$(diff "$TMP/bad.md" "$TMP/snip.md")"
check "check missing file -> 2" 2 "" "cannot open" -- "$ANIS" check "$TMP/none.md"
check "check bad option -> 2"   2 "" "unknown option" -- "$ANIS" check --bogus x.md
if command -v script >/dev/null; then   # the REPL needs a terminal: util-linux script gives it one
    printf 'x = 2\nx * 3\n:reprex\n:quit\n' | HOME="$TMP" ANIS_HISTORY="$TMP/hist" timeout 20 script -qc "$ANIS" /dev/null >"$TMP/repl" 2>&1
    tr -d '\r' <"$TMP/repl" | grep -q '^#> 6$' && tr -d '\r' <"$TMP/repl" | grep -q '^x = 2$' \
        && report "REPL :reprex reruns the inputs as a reprex" 1 "" || report "REPL :reprex reruns the inputs as a reprex" 0 "$(cat "$TMP/repl")"
fi
check "--version --verbose"     0 "*" "" -- "$ANIS" --version --verbose
grep -Eq '^random_stream: +v1' "$TMP/out" && grep -q '^blas_core:' "$TMP/out" && grep -q '^lapack:' "$TMP/out" \
    && report "--version --verbose lists stream, BLAS, LAPACK" 1 "" || report "--version --verbose lists stream, BLAS, LAPACK" 0 "$(cat "$TMP/out")"

# --- --shard (sweeps under GNU parallel and Slurm: scripts/test_sweep_engines.sh) ----
check "bad --shard -> 2"       2 "" "--shard needs I/N" -- "$ANIS" --shard 4/4 -e 1
check "--shard without I/N -> 2" 2 "" "--shard needs I/N" -- "$ANIS" --shard=two -e 1
check "sharded sweep needs a folder -> 1" 1 "" "needs a results folder" -- "$ANIS" --shard 0/2 -e 'sweep({x: 0:4}, c -> c.x)'
check "shard 0/2 computes its share, exit 0" 0 "" "shard 0/2 finished its 2 cells" -- "$ANIS" --shard 0/2 -e "sweep({x: 0:4}, c -> c.x, folder: \"$TMP/shards\")"
check "a Slurm array task is a shard (ID - MIN of COUNT)" 0 "" "shard 1/2 finished its 2 cells" -- env SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=2 "$ANIS" -e "sweep({x: 0:4}, c -> c.x, folder: \"$TMP/slurm\")"
check "--shard overrides the Slurm array" 0 "" "shard 0/4 finished its 1 cell " -- env SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 "$ANIS" --shard 0/4 -e "sweep({x: 0:4}, c -> c.x, folder: \"$TMP/slurm2\")"
# The loop pool's threads exist (a 300×300 gelu after the BLAS library loaded) when the sweep forks.
check "a sweep forks after the loop pool started: cells agree with the parent" 0 "true true" "" -- "$ANIS" -e 'x = randn(300, 300); m = matmul(x, x); y = sum(gelu(x)); t = sweep({k: 0:3}, c -> sum(gelu(x)) + c.k); print(t[0].value == y, t[2].value == y + 2)'
check "a failed cell names its grid point" 1 "" "cell 1 \{x: 1\} failed" -- "$ANIS" -e 'sweep({x: 0:3}, c -> if c.x == 1 { error("no") } else { c.x })'
check "cells print after the sweep, in grid order" 0 "0
1
2" "" -- "$ANIS" -e 'sweep({x: 0:3}, c -> print(c.x)); none'

# --- anis kernel (the Jupyter kernel itself: scripts/test_jupyter.sh) -------------
check "kernel without arguments -> usage, exit 2" 2 "" "needs|usage: anis kernel" -- "$ANIS" kernel
check "kernel with an unreadable connection file -> exit 1" 1 "" "cannot read the connection file" -- "$ANIS" kernel -f "$TMP/none.json"
check "kernel install --prefix writes kernel.json" 0 "installed the anis kernelspec in $TMP/k/share/jupyter/kernels/anis" "" -- "$ANIS" kernel install --prefix "$TMP/k"
grep -q '"argv":\["/' "$TMP/k/share/jupyter/kernels/anis/kernel.json" \
    && report "the kernelspec starts anis by its absolute path" 1 "" \
    || report "the kernelspec starts anis by its absolute path" 0 "$(cat "$TMP/k/share/jupyter/kernels/anis/kernel.json")"

# --- help, suggestions and diagnostics (issue 13) -------------------------------------
check "--help NAME shows a page" 0 "*" "" -- "$ANIS" --help svd
grep -q '^svd(A, full: false)$' "$TMP/out" && report "--help svd starts with the signature" 1 "" \
    || report "--help svd starts with the signature" 0 "$(head -3 "$TMP/out")"
check "--help unknown -> 1 with a suggestion" 1 "" "no help for 'svdval' \(did you mean 'svdvals'\?\)" -- "$ANIS" --help svdval
check "-e 'help NAME # comment'" 0 "*" "" -- "$ANIS" -e 'help seed      # a comment'
grep -q '^seed(n' "$TMP/out" && report "-e help seed shows seed's page" 1 "" || report "-e help seed shows seed's page" 0 "$(cat "$TMP/out")"
check "-e '?NAME'"             0 "*" "" -- "$ANIS" -e '?for'
grep -q '^for x in xs' "$TMP/out" && report "?for shows the for page" 1 "" || report "?for shows the for page" 0 "$(cat "$TMP/out")"
check "help(NAME) of an operator" 0 "*" "" -- "$ANIS" -e 'help(@)'
grep -q '^A @ B' "$TMP/out" && report "help(@) shows the @ page" 1 "" || report "help(@) shows the @ page" 0 "$(cat "$TMP/out")"
check "help of a user function in a script" 0 "*" "" -- "$ANIS" -e '# Doubles x.
fn twice(x) = 2 * x
help(twice)'
grep -q 'defined at <-e>:2:1' "$TMP/out" && grep -q 'Doubles x.' "$TMP/out" \
    && report "user function page: definition site and comment" 1 "" || report "user function page: definition site and comment" 0 "$(cat "$TMP/out")"
check "did you mean a variable" 1 "" "undefined variable 'activatons' \(did you mean 'activations'\?\)" -- "$ANIS" -e 'activations = 1
activatons'
printf 'y = 1\nx = (y +\n' >"$TMP/open.anis"
check "unclosed bracket at its opener" 2 "" "open.anis:2:5: error: '\(' is never closed" -- "$ANIS" "$TMP/open.anis"
grep -q '^ 2 | x = (y +$' "$TMP/err" && report "unclosed bracket shows its line" 1 "" || report "unclosed bracket shows its line" 0 "$(cat "$TMP/err")"
printf 'a = 1\nb = [1, 2] @ [1, 2, 3]\n' >"$TMP/lib.anis"
printf 'x = 0\ninclude("%s")\n' "$TMP/lib.anis" >"$TMP/main.anis"
check "error in an included file" 1 "" "lib.anis:2:5: error: @: shapes" -- "$ANIS" "$TMP/main.anis"
grep -q "included from $TMP/main.anis:2:1: include(" "$TMP/err" && report "include note names the include call" 1 "" \
    || report "include note names the include call" 0 "$(cat "$TMP/err")"
printf 'while true {}\n' >"$TMP/loop.anis"
timeout --preserve-status -s INT 1 "$ANIS" "$TMP/loop.anis" >/dev/null 2>&1; rc=$?
[ $rc = 130 ] && report "batch mode: Ctrl-C exits 130" 1 "" || report "batch mode: Ctrl-C exits 130" 0 "rc=$rc"
check "tensors off a terminal keep 80 columns" 0 "*" "" -- env COLUMNS=200 "$ANIS" -e 'linspace(0, 1, 30)'
[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/out")" -le 80 ] \
    && report "80-column rows off a terminal" 1 "" || report "80-column rows off a terminal" 0 "$(cat "$TMP/out")"

# --- memory and long inputs (relcore) -----------------------------------------
# Resident memory after 1e5 and after 1e6 calls of a function that stores a lambda in a
# local: a leaked frame per call (~300 bytes) would add ~270 MB; allow 32 MB of slack.
# The same over 1e5 and 4e5 calls (each leaked ~350 bytes, ~100 MB in all) for local
# functions that call each other, or sit in a record they read: cycles through their
# captured cells, which the cycle collector frees.
rss_after_calls() {  # CALLS DEFINITIONS LOOP-BODY
    "$ANIS" -e "$2
for j in 0:$1 { $3 }
print(read_text(\"/proc/self/statm\"))" 2>/dev/null | awk -v page="$(getconf PAGESIZE)" 'NF > 1 { print $2 * page }'
}
rss_flat() {  # NAME CALLS DEFINITIONS LOOP-BODY
    small=$(rss_after_calls 100000 "$3" "$4"); big=$(rss_after_calls "$2" "$3" "$4")
    [ -n "$small" ] && [ -n "$big" ] && [ $((big - small)) -lt $((32 << 20)) ] \
        && report "$1: resident memory flat over $2 calls" 1 "" \
        || report "$1: resident memory flat over $2 calls" 0 "1e5 calls: $small bytes, $2 calls: $big bytes"
}
if [ -r /proc/self/statm ]; then
    rss_flat "closures in locals" 1000000 'fn mk(i) { g = x -> x + i; g(1) }' 'mk(j)'
    rss_flat "mutually recursive local functions" 400000 'fn mk(n) {
    fn even(k) = if k == 0 { true } else { odd(k - 1) }
    fn odd(k) = if k == 0 { false } else { even(k - 1) }
    even(n)
}' 'mk(1)'
    rss_flat "a local function in a record it reads" 400000 \
        'fn mk(n) { fn g(x) = if x == 0 { 0 } else { r.fs[0](x - 1) }; r = {fs: [g]}; r.fs[0](n) }' 'mk(1)'
fi
# A 3M-operator chain (an 18 MB line) must neither overflow the stack nor take long.
{ printf 'x = 1'; yes ' and 1' | head -n 3000000 | tr -d '\n'; printf '\nprint(x)\n'; } >"$TMP/chain.anis"
check "3M-operator 'and' chain runs" 0 "true" "" -- "$ANIS" "$TMP/chain.anis"

# --- the REPL on a pseudo-terminal (util-linux `script`; skipped without it) ---------
if command -v script >/dev/null 2>&1; then
    printf '%s\n' 'for i in 0:3 {' '  y = = 2' '  z = i' '}' 'z' '?svdval' 'help svd   # a comment' \
        ':timeit 1 + 1' 'x = (1 +' '2)' 'x' ':quit' \
        | NO_COLOR=1 TERM=dumb ANIS_HISTORY="$TMP/history" timeout 60 script -qec "$ANIS" /dev/null 2>&1 \
        | tr -d '\r' | sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >"$TMP/repl"
    repl_has() { grep -qF -- "$2" "$TMP/repl" && report "REPL: $1" 1 "" || report "REPL: $1" 0 "$(cat "$TMP/repl")"; }
    repl_has "a syntax error in a block is reported once, in its entry" "<repl:1>:2:7: error: expected an expression, found '='"
    repl_has "the rest of that block did not run at the top level" "<repl:2>:1:1: error: undefined variable 'z'"
    repl_has "?NAME suggests a topic" "no help for 'svdval' (did you mean 'svdvals'?)"
    repl_has "help NAME # comment shows the page" "svd(A, full: false)"
    repl_has ":timeit reports mean and spread" "per loop (mean ± std. dev. of 7 runs,"
    grep -qx 'anis> x' "$TMP/repl" && grep -qx '3' "$TMP/repl" && report "REPL: multi-line entry evaluates" 1 "" \
        || report "REPL: multi-line entry evaluates" 0 "$(cat "$TMP/repl")"
else
    echo "skip REPL checks: util-linux 'script' is not installed"
fi

# Tensors are counted against a memory budget (ANIS_MEMORY_LIMIT lowers it for this check):
# the second 69 MiB tensor does not fit in 100 MiB, and the error names the shape and the bytes.
check "memory budget: a result that does not fit -> error" 1 "" "2:5: error: \+: shape \(3000, 3000\) needs 68.7 MiB; tensors already hold 68.7 MiB of the 100 MiB" \
    -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e 'x = ones(3000, 3000)
y = x + 1'
check "memory budget: freed tensors make room" 0 "18000000" "" -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e 'x = ones(3000, 3000)
x = 0
y = ones(3000, 3000)
y += 1
sum(y)'
# Every other path whose size the input decides is refused the same way: unary maps,
# copies made by copy-on-write, LAPACK workspaces, a loaded file's elements; strings and
# lists may not grow into what the tensors leave either.
save_npy="save(ones(3000, 3000), \"$TMP/big.npy\")"
for expr in 'exp(x)' '-x' 'relu(x)' 'isotropic(tanh)(x)' 'not x' 'softmax(x)' 'y = x; y[0, 0] = 5' 'y = x; y *= 2' \
            'svdvals(x)' 'lstsq(x, ones(3000))' 'top_singular_vector(x)' "$save_npy; load(\"$TMP/big.npy\")" \
            's = "ab"; while true { s = s + s }' 's = ["a"]; while true { s = s + s }' \
            's = "ab"; while true { s = "{s}{s}" }' 's = []; for i in 0:1e7 { s = append(s, i) }'; do
    check "memory budget refuses: $expr" 1 "" "^<-e>:2:[0-9]+: error: .*(needs [0-9.]+ MiB; tensors already hold|would take [0-9.]+ MiB, (more than the [0-9.]+ (MiB|KiB|bytes) left|and anis already uses [0-9.]+ MiB, all of the 100 MiB))" \
        -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e "x = ones(3000, 3000)
$expr"
done

# dtype conversions are copies too: float64(x) of a float32 tensor doubles its bytes, and a
# float32 tensor that meets a float64 one, or is reduced by std or argmax, is widened first.
for expr in 'float64(x)' 'tensor(x, dtype: float64)' 'std(x)' 'argmax(x)' 'x @ ones(4000)'; do
    check "memory budget refuses the float64 copy: $expr" 1 "" "^<-e>:2:[0-9]+: error: [^ ]+: shape \(4000, 4000\) needs 122 MiB; tensors already hold 61.[0-9] MiB of the 100 MiB" \
        -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e "x = ones(4000, 4000, dtype: float32)
$expr"
done
# Strings are not tensors: a large one is checked against what the process has resident, so
# many 32 MiB strings cannot add up past the budget.
check "memory budget counts the strings held" 1 "" "^<-e>:4:[0-9]+: error: \+: the string would take 32.0 MiB, (more than the [0-9.]+ (MiB|KiB|bytes) left \(anis already uses [0-9.]+ MiB of|and anis already uses [0-9.]+ MiB, all of) the 200 MiB" \
    -- env ANIS_MEMORY_LIMIT=200M "$ANIS" -e 's = "ab"
for i in 0:24 { s = s + s }
xs = []
for i in 0:10 { xs = append(xs, s + str(i)) }'

# --- reliability: writers, signals, lost output, hangs (a file of its own) -----------------
. scripts/test_cli_reliability.sh
. scripts/test_cli_hardening.sh
. scripts/test_cli_float32.sh

# --- start-up loads only what every run needs --------------------------------------
# OpenBLAS, Cairo/Pango (plot files), ZeroMQ and libcrypto (the Jupyter kernel) are
# opened on first use, and Foundation (with its ICU data) is not linked: loading them
# took about 12 of `anis -e 1`'s 19 ms of CPU. A new linked library or `import
# Foundation` (use FoundationEssentials, or Glibc) shows up here. Objects that an
# incremental build kept from before Foundation left can still link it, so outside
# CI (a fresh clone) Foundation is only reported.
loaded=$(LD_DEBUG=files "$ANIS" -e 1 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u | tr '\n' ' ')
heavy=$(printf '%s\n' $loaded | grep -E 'cairo|pango|glib|gobject|harfbuzz|fontconfig|X11|zmq|crypto|openblas|lapack' | tr '\n' ' ')
report "anis -e 1 loads no plot, kernel or BLAS library" "$([ -n "$loaded" ] && [ -z "$heavy" ] && echo 1 || echo 0)" \
    "loaded: $loaded
should not be: $heavy"
foundation=$(printf '%s\n' $loaded | grep -E 'libFoundation\.so|FoundationInternationalization|FoundationICU' | tr '\n' ' ')
if [ "${CI:-}" = true ]; then
    report "anis -e 1 loads no Foundation (FoundationEssentials only)" "$([ -z "$foundation" ] && echo 1 || echo 0)" "loaded: $foundation"
elif [ -n "$foundation" ]; then
    echo "info anis links Foundation ($foundation): a new 'import Foundation', or stale objects (rm -rf .build/debug/anis.build .build/debug/Anis*.build; touch Package.swift)"
fi

# --- start-up time -------------------------------------------------------------
start=$(date +%s%N)
for _ in $(seq 20); do "$ANIS" -e 1 >/dev/null; done
ms=$(( ($(date +%s%N) - start) / 20000000 ))
echo "info start-up: anis -e 1 takes ~${ms} ms"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
