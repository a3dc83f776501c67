#!/usr/bin/env python3
"""repl_driver.py ANIS INPUT...: runs the anis REPL on a pseudo-terminal and types each
INPUT as a line ('^C' sends Ctrl-C instead), waiting for the prompt in between; an INPUT
that starts with '&' is typed without waiting (an entry that blocks or loops, to be
interrupted by a '^C' next). Then Ctrl-D. Prints everything the REPL wrote. Exit status
0, or 1 on a timeout (a hang)."""
import os, pty, select, sys, time

def main():
    anis, inputs = sys.argv[1], sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(anis, [anis])
    seen = b""

    def read_until(marker, timeout=20.0):
        nonlocal seen
        end = time.time() + timeout
        while marker not in seen:
            left = end - time.time()
            if left <= 0:
                return False
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    return False
                if not chunk:
                    return False
                seen += chunk
        return True

    ok = read_until(b"anis> ")
    for line in inputs:
        if not ok:
            break
        seen = seen.replace(b"anis> ", b"anis>_", seen.count(b"anis> "))
        if line == "^C":
            os.write(fd, b"\x03")
        else:
            busy = line.startswith("&")
            os.write(fd, line.lstrip("&").encode() + b"\r")
            if busy:
                time.sleep(0.5)   # let it block or loop before the next input
                continue
        ok = read_until(b"anis> ")
    os.write(fd, b"\x04")
    time.sleep(0.3)
    sys.stdout.write(seen.decode(errors="replace"))
    try:
        os.kill(pid, 9)
    except OSError:
        pass
    return 0 if ok else 1

sys.exit(main())
