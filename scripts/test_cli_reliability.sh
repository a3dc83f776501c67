# test_cli_reliability.sh: process-level reliability checks, sourced by test_cli.sh
# (uses its $ANIS, $TMP, check and report): writes never damage links, devices or FIFOs;
# signals and unwritable stdout never lose output silently; input cannot hang anis.

# --- writers: links, devices, FIFOs, NUL, write errors ---------------------------------
W="$TMP/writes"; mkdir -p "$W"
echo old >"$W/t.txt"; ln -s t.txt "$W/link"; mkfifo "$W/fifo"; ln -s /dev/null "$W/null"
check "write through a symlink replaces its target" 0 "" "" -- "$ANIS" -e "write_text(\"new\", \"$W/link\")"
[ -L "$W/link" ] && [ "$(cat "$W/t.txt")" = new ] && report "the symlink stays a link" 1 "" \
    || report "the symlink stays a link" 0 "$(ls -la "$W")"
check "write to a FIFO without reader is an error" 1 "" "is a FIFO that no process is reading" -- \
    "$ANIS" -e "write_text(\"x\", \"$W/fifo\")"
[ -p "$W/fifo" ] && report "the FIFO stays a FIFO" 1 "" || report "the FIFO stays a FIFO" 0 "$(ls -la "$W")"
check "save through a link to /dev/null" 0 "" "" -- "$ANIS" -e "save([1, 2], \"$W/null\" + \".npy\"); write_csv([1], \"$W/null\")"
[ -c /dev/null ] && [ -L "$W/null" ] && report "/dev/null stays a device" 1 "" || report "/dev/null stays a device" 0 "$(ls -la /dev/null)"
if [ "$(id -u)" = 0 ]; then
    mknod "$W/dev" c 1 3 && check "write_text to a device node writes through" 0 "" "" -- "$ANIS" -e "write_text(\"x\", \"$W/dev\")"
    [ -c "$W/dev" ] && report "the device node stays a device" 1 "" || report "the device node stays a device" 0 "$(ls -la "$W")"
fi
if [ -e /dev/full ]; then
    check "write_text to /dev/full reports ENOSPC" 1 "" "write_text: /dev/full: No space left on device" -- \
        "$ANIS" -e 'write_text("x", "/dev/full")'
    ln -s /dev/full "$W/full.png"
    check "a plot to /dev/full reports ENOSPC" 1 "" "No space left on device" -- "$ANIS" -e "save(plot([1, 2]), \"$W/full.png\")"
fi
# Past `ulimit -f` a write fails with EFBIG (SIGXFSZ is ignored): an error, the old file kept whole.
echo old >"$W/big.txt"
(ulimit -f 1; "$ANIS" -e 's = "ab"; for i in 0:12 { s = s + s }; write_text(s, "'"$W/big.txt"'")' \
    >/dev/null 2>"$TMP/err"); rc=$?
[ $rc = 1 ] && grep -q "write_text: $W/big.txt: File too large" "$TMP/err" && [ "$(cat "$W/big.txt")" = old ] \
    && report "a write past ulimit -f is an error and keeps the old file" 1 "" \
    || report "a write past ulimit -f is an error and keeps the old file" 0 "rc=$rc $(cat "$TMP/err"; ls -la "$W")"
(ulimit -f 1; "$ANIS" -e 'save(randn(100, 100), "'"$W/big.npy"'")' >/dev/null 2>"$TMP/err"); rc=$?
[ $rc = 1 ] && grep -q "save: $W/big.npy: File too large" "$TMP/err" && [ ! -e "$W/big.npy" ] \
    && report "a .npy past ulimit -f is an error and leaves no file" 1 "" \
    || report "a .npy past ulimit -f is an error and leaves no file" 0 "rc=$rc $(cat "$TMP/err"; ls -la "$W")"
check "NUL in a path is refused" 1 "" "the path contains a NUL character" -- "$ANIS" -e "save(plot([1]), \"$W/a\\0b.png\")"
[ ! -e "$W/a" ] && report "no file named after the text before the NUL" 1 "" || report "no file named after the text before the NUL" 0 "$(ls -la "$W")"
ls -A "$W" | grep -q 'anis-tmp' && report "no temporary files left" 0 "$(ls -la "$W")" || report "no temporary files left" 1 ""

# --- lost output -------------------------------------------------------------------------
"$ANIS" -e 'print("hi")' >/dev/full 2>"$TMP/err"; rc=$?
[ $rc = 120 ] && grep -q "cannot write to standard output" "$TMP/err" && report "stdout on /dev/full -> 120" 1 "" \
    || report "stdout on /dev/full -> 120" 0 "rc=$rc $(cat "$TMP/err")"
"$ANIS" -e 'print("hi")' >&- 2>"$TMP/err"; rc=$?
[ $rc = 120 ] && report "closed stdout -> 120" 1 "" || report "closed stdout -> 120" 0 "rc=$rc $(cat "$TMP/err")"
(ulimit -f 1; "$ANIS" -e 'for i in 0:10000 { print("line {i}") }' >"$TMP/big" 2>"$TMP/err"); rc=$?
[ $rc = 120 ] && grep -q "File too large" "$TMP/err" && report "stdout past ulimit -f -> 120" 1 "" \
    || report "stdout past ulimit -f -> 120" 0 "rc=$rc $(cat "$TMP/err")"
for sig in TERM INT; do
    "$ANIS" -e 'for i in 0:1e9 { print("line {i}") }' >"$TMP/out" 2>"$TMP/err" & pid=$!
    sleep 1; kill -$sig $pid; wait $pid; rc=$?
    want=$([ $sig = TERM ] && echo 143 || echo 130)
    [ $rc = "$want" ] && [ "$(tail -c 1 "$TMP/out" | od -An -c | tr -d ' ')" = '\n' ] && [ -s "$TMP/out" ] \
        && report "SIG$sig: exit $want, output ends on a whole line" 1 "" \
        || report "SIG$sig: exit $want, output ends on a whole line" 0 "rc=$rc tail=$(tail -c 40 "$TMP/out") $(head -c 300 "$TMP/err")"
done
"$ANIS" -e 'print("before the crash"); while true {}' >"$TMP/out" 2>/dev/null & pid=$!
sleep 1; kill -SEGV $pid; sleep 2; kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null
[ "$(cat "$TMP/out")" = "before the crash" ] && report "a crash keeps the output printed before it" 1 "" \
    || report "a crash keeps the output printed before it" 0 "out=$(cat "$TMP/out")"

# --- crashes and hangs -----------------------------------------------------------------------
(ulimit -v 3000000; timeout 60 "$ANIS" -e 's = "ab"; while true { s = s + s }' >"$TMP/out" 2>"$TMP/err"); rc=$?
[ $rc = 1 ] && grep -q "the string would take" "$TMP/err" && report "string doubling ends in an anis error" 1 "" \
    || report "string doubling ends in an anis error" 0 "rc=$rc $(head -c 300 "$TMP/err")"
(ulimit -v 3000000; timeout 60 "$ANIS" -e 'xs = ["a"]; while true { xs = xs + xs }' >"$TMP/out" 2>"$TMP/err"); rc=$?
[ $rc = 1 ] && grep -q "a list of" "$TMP/err" && report "list doubling ends in an anis error" 1 "" \
    || report "list doubling ends in an anis error" 0 "rc=$rc $(head -c 300 "$TMP/err")"
# Without a ulimit the cap is 1 GiB (on machines with 4 GiB or more), so doubling reaches
# the error in a few seconds with under 2 GiB resident, not after filling a quarter of memory.
if [ "$(awk '/^MemTotal/ { print $2 }' /proc/meminfo 2>/dev/null || echo 0)" -ge 4194304 ]; then
    for case in 's = "ab"; while true { s = s + s }|the string would take 2.0 GiB, more than the 1 GiB a string may hold' \
                'xs = ["a"]; while true { xs = xs + xs }|a list of [0-9]+ elements would take 2.0 GiB, more than the 1 GiB a list may hold'; do
        code=${case%%|*} want=${case#*|}
        start=$(date +%s)
        (ulimit -v 8000000; timeout 60 "$ANIS" -e "$code" >"$TMP/out" 2>"$TMP/err"); rc=$?
        took=$(( $(date +%s) - start ))
        [ $rc = 1 ] && grep -Eq "$want" "$TMP/err" && report "doubling stops at the 1 GiB cap (${took} s): $code" 1 "" \
            || report "doubling stops at the 1 GiB cap: $code" 0 "rc=$rc after ${took} s: $(head -c 300 "$TMP/err")"
    done
fi
# opt.step on parameters nested 64k deep: path strings built at every level once took
# 2 bytes × depth² (4 GB here, past the ulimit); now they are built only for an error.
(ulimit -v 3000000; timeout 60 "$ANIS" -e 'opt = adam(lr: 0.1); p = 1
for i in 0:64000 { p = {a: p} }
q = opt.step(p, p)
for i in 0:64000 { q = q.a }
print(q)' >"$TMP/out" 2>"$TMP/err"); rc=$?
[ $rc = 0 ] && [ "$(cat "$TMP/out")" = 0.900000001 ] && report "opt.step on parameters nested 64k deep" 1 "" \
    || report "opt.step on parameters nested 64k deep" 0 "rc=$rc $(cat "$TMP/out") $(head -c 300 "$TMP/err")"
for expr in 'show(plot([0, 1e-320]))' 'show(hist([1e-320, 2e-320]))' 'show(plot([1, 2], ylim: [0, 1e-320]))'; do
    timeout 20 "$ANIS" -e "$expr" >/dev/null 2>"$TMP/err"; rc=$?
    [ $rc = 0 ] && report "no hang: $expr" 1 "" || report "no hang: $expr" 0 "rc=$rc $(head -c 300 "$TMP/err")"
done

# --- the REPL: Ctrl-C stops reading a FIFO; history through a symlink -------------------------
if command -v python3 >/dev/null; then
    mkfifo "$W/in"; echo "# old" >"$W/hist.real"; ln -s hist.real "$W/hist"
    ANIS_HISTORY="$W/hist" python3 scripts/repl_driver.py "$ANIS" \
        '&read_text("'"$W/in"'")' '^C' '40 + 2' >"$TMP/out" 2>&1; rc=$?
    [ $rc = 0 ] && grep -q interrupted "$TMP/out" && grep -a -A1 '40 + 2' "$TMP/out" | grep -q 42 \
        && report "REPL: Ctrl-C stops read_text of a FIFO, the session goes on" 1 "" \
        || report "REPL: Ctrl-C stops read_text of a FIFO, the session goes on" 0 "rc=$rc $(head -c 600 "$TMP/out")"
    [ -L "$W/hist" ] && grep -q '^40 + 2$' "$W/hist.real" && report "REPL history written through its symlink" 1 "" \
        || report "REPL history written through its symlink" 0 "$(ls -la "$W"; cat "$W/hist.real")"
    # One Ctrl-C stops a running loop, and a kernel poll (a big sort), with variables intact.
    ANIS_HISTORY="$W/hist2" python3 scripts/repl_driver.py "$ANIS" 'x = 5' '&while true { x = x }' '^C' 'x + 1' \
        '&for i in 0:1e12 { y = i }' '^C' 'x + 2' 2>&1 | tr -d '\r' | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >"$TMP/out"
    rc=${PIPESTATUS[0]}
    [ "$rc" = 0 ] && [ "$(grep -c 'error: interrupted' "$TMP/out")" = 2 ] && grep -a -A1 'x + 1$' "$TMP/out" | grep -qx 6 \
        && grep -a -A1 'x + 2$' "$TMP/out" | grep -qx 7 \
        && report "REPL: one Ctrl-C stops a running loop, the session goes on" 1 "" \
        || report "REPL: one Ctrl-C stops a running loop, the session goes on" 0 "rc=$rc $(head -c 600 "$TMP/out")"
fi
