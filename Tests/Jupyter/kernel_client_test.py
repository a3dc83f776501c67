"""kernel_client_test.py: drives `anis kernel` with a real Jupyter client
(jupyter_client from PyPI) through every message the kernel answers: kernel_info,
execute (counts, streams, results, errors, rich display), is_complete, complete,
inspect, history, comm_info, interrupts (SIGINT and interrupt_request), heartbeat,
bad signatures, restart and shutdown, and a kernel orphaned by its manager.

Run by scripts/test_jupyter.sh, which installs the kernelspec into the virtual
environment this runs in. Prints `ok NAME` / `FAIL NAME` lines; exits 1 on a failure.
"""
import base64
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30
results = []


def check(name):
    def wrap(fn):
        try:
            fn()
            results.append((name, None))
            print("ok   " + name, flush=True)
        except Exception:
            results.append((name, traceback.format_exc()))
            print("FAIL " + name + "\n" + traceback.format_exc(), flush=True)
        return fn
    return wrap


def run(code, **kw):
    """Executes code; returns (reply content, [(msg_type, content), ...] from IOPub)."""
    messages = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda m: messages.append((m["msg_type"], m["content"])), **kw)
    return reply["content"], messages


def request(channel, msg_type, content):
    """Sends a request on a channel and returns the reply content."""
    msg = kc.session.msg(msg_type, content)
    getattr(kc, channel + "_channel").send(msg)
    while True:
        reply = getattr(kc, channel + "_channel").get_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply


def outputs(messages, msg_type):
    return [c for t, c in messages if t == msg_type]


km, kc = start_new_kernel(kernel_name="anis", startup_timeout=60)


@check("kernel_info: protocol 5.3, language anis")
def _():
    reply = request("shell", "kernel_info_request", {})
    c = reply["content"]
    assert c["status"] == "ok" and c["protocol_version"] == "5.3", c
    assert c["language_info"]["name"] == "anis" and c["language_info"]["file_extension"] == ".anis", c
    assert reply["header"]["msg_type"] == "kernel_info_reply"


@check("execute: counts, stdout stream, execute_result, execute_input, busy/idle")
def _():
    reply, msgs = run("x = 1 + 2\nprint(\"x is\", x)\nx * 10")
    assert reply["status"] == "ok", reply
    first = reply["execution_count"]
    assert [c["text"] for c in outputs(msgs, "stream")] == ["x is 3\n"], msgs
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "30", msgs
    assert outputs(msgs, "execute_result")[0]["execution_count"] == first
    assert outputs(msgs, "execute_input")[0]["code"].startswith("x = 1"), msgs
    states = [c["execution_state"] for c in outputs(msgs, "status")]
    assert states == ["busy", "idle"], states
    reply, msgs = run("y = x + 1")
    assert reply["execution_count"] == first + 1 and not outputs(msgs, "execute_result"), (reply, msgs)
    reply, _ = run("x", silent=True)
    assert reply["execution_count"] == first + 1, reply  # silent cells are not counted


@check("execute: variables and functions persist across cells; tensors as text/plain and HTML tables")
def _():
    run("fn double(v) = 2 * v\nA = [[1, 2], [3, 4]]")
    reply, msgs = run("double(A)")
    assert reply["status"] == "ok", reply
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "[[2, 4],\n [6, 8]]", msgs
    assert outputs(msgs, "execute_result")[0]["data"]["text/html"].count("<td") == 4, msgs


@check("execute: syntax error carries the located diagnostic in its traceback")
def _():
    reply, msgs = run("a = [1, 2\nb = 3 +")
    assert reply["status"] == "error" and reply["ename"] == "SyntaxError", reply
    text = "\n".join(reply["traceback"])
    assert ":2:" in text and "^" in text and "<cell" in text, text
    assert outputs(msgs, "error")[0]["evalue"] == reply["evalue"], msgs


@check("execute: runtime error after output, with the source line and caret")
def _():
    reply, msgs = run("print(\"before\")\n[1, 2] @ [1, 2, 3]")
    assert reply["status"] == "error" and reply["ename"] == "RuntimeError", reply
    assert "do not align" in reply["evalue"], reply
    assert any("[1, 2] @ [1, 2, 3]" in line for line in reply["traceback"]), reply
    assert outputs(msgs, "stream")[0]["text"] == "before\n", msgs
    types = [t for t, _ in msgs]
    assert types.index("stream") < types.index("error"), types


@check("execute: stdout streamed while the cell runs")
def _():
    msg_id = kc.execute("print(\"early\")\nt = clock()\nwhile clock() - t < 1.5 { }\nprint(\"late\")")
    start = time.time()
    seen = {}
    while "late" not in seen:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
            for word in ("early", "late"):
                if word in m["content"]["text"]:
                    seen[word] = time.time() - start
    kc.get_shell_msg(timeout=TIMEOUT)
    assert seen["late"] - seen["early"] > 1.0, seen


@check("execute: help pages as cells; stderr for a REPL command's complaint; :timeit")
def _():
    reply, msgs = run("help svd")
    assert reply["status"] == "ok" and "svd" in outputs(msgs, "stream")[0]["text"], msgs
    reply, _ = run("help svdval")
    assert reply["status"] == "error" and "did you mean 'svdvals'" in reply["evalue"], reply
    reply, msgs = run(":nonsense")
    assert reply["status"] == "ok" and outputs(msgs, "stream")[0]["name"] == "stderr", msgs
    reply, msgs = run(":timeit 1 + 1")
    assert reply["status"] == "ok" and "per loop" in outputs(msgs, "stream")[-1]["text"], msgs


@check("display: a plot value and show(p) send display_data with PNG, SVG and text")
def _():
    for code in ["plot([1, 4, 9, 16], title: \"squares\")", "p = plot([1, 4, 9, 16])\nshow(p)\n1"]:
        reply, msgs = run(code)
        assert reply["status"] == "ok", reply
        shown = outputs(msgs, "display_data")
        assert len(shown) == 1, msgs
        data = shown[0]["data"]
        png = base64.b64decode(data["image/png"])
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000, len(png)
        assert data["image/svg+xml"].lstrip().startswith("<?xml") and "<svg" in data["image/svg+xml"]
        assert data["text/plain"], data


@check("a failing cell aborts the cells queued behind it (stop_on_error), unless told not to")
def _():
    slow_failure = "t = clock()\nwhile clock() - t < 0.5 { }\nnot_defined_here"
    ids = [kc.execute(slow_failure), kc.execute("queued = 1"), kc.execute("queued = 2")]
    replies = {}
    while len(replies) < len(ids):
        m = kc.get_shell_msg(timeout=TIMEOUT)
        replies[m["parent_header"]["msg_id"]] = m["content"]["status"]
    assert [replies[i] for i in ids] == ["error", "aborted", "aborted"], [replies[i] for i in ids]
    ids = [kc.execute(slow_failure, stop_on_error=False), kc.execute("after = 2")]
    replies = {}
    while len(replies) < len(ids):
        m = kc.get_shell_msg(timeout=TIMEOUT)
        replies[m["parent_header"]["msg_id"]] = m["content"]["status"]
    assert [replies[i] for i in ids] == ["error", "ok"], [replies[i] for i in ids]
    reply, _ = run("queued")
    assert reply["status"] == "error", reply
    reply, msgs = run("after")
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "2", msgs


@check(":timeit show(p) draws the figure once, not once per timed run")
def _():
    run("p = plot([1, 2])")
    reply, msgs = run(":timeit show(p)")
    assert reply["status"] == "ok" and len(outputs(msgs, "display_data")) == 1, [t for t, _ in msgs]


@check("is_complete: open blocks are incomplete, finished code complete")
def _():
    c = request("shell", "is_complete_request", {"code": "for i in 0:3 {"})["content"]
    assert c["status"] == "incomplete", c
    c = request("shell", "is_complete_request", {"code": "for i in 0:3 { print(i) }"})["content"]
    assert c["status"] == "complete", c


@check("complete: built-ins, this session's variables, record fields (the REPL's engine)")
def _():
    run("my_variable = 1")
    c = request("shell", "complete_request", {"code": "s = svdv", "cursor_pos": 8})["content"]
    assert "svdvals" in c["matches"] and c["cursor_start"] == 4 and c["cursor_end"] == 8, c
    c = request("shell", "complete_request", {"code": "my_v", "cursor_pos": 4})["content"]
    assert c["matches"] == ["my_variable"], c
    run("cfg = {lr: 1, steps: 2}")
    c = request("shell", "complete_request", {"code": "x = cfg.st", "cursor_pos": 10})["content"]
    assert c["matches"] == ["steps"] and c["cursor_start"] == 8, c
    c = request("shell", "complete_request", {"code": "ab", "cursor_pos": 999})["content"]
    assert c["status"] == "ok", c


@check("inspect: the help page of the name at the cursor")
def _():
    c = request("shell", "inspect_request", {"code": "s = svdvals(X)", "cursor_pos": 6, "detail_level": 0})["content"]
    assert c["found"] and "svdvals" in c["data"]["text/plain"], c
    c = request("shell", "inspect_request", {"code": "qqq_none", "cursor_pos": 3, "detail_level": 0})["content"]
    assert c["status"] == "ok" and not c["found"], c


@check("history: the cells run so far")
def _():
    c = request("shell", "history_request", {"hist_access_type": "tail", "n": 3, "output": False, "raw": True})["content"]
    assert c["status"] == "ok" and len(c["history"]) == 3, c
    assert c["history"][-1][2] == "cfg = {lr: 1, steps: 2}" and c["history"][-2][2] == "my_variable = 1", c
    assert c["history"][-1][1] == c["history"][-2][1] + 1, c


@check("comm_info: no comms; a comm_open is closed at once")
def _():
    c = request("shell", "comm_info_request", {})["content"]
    assert c == {"status": "ok", "comms": {}}, c
    msg = kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "nothing", "data": {}})
    kc.shell_channel.send(msg)
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg["header"]["msg_id"] and m["msg_type"] == "comm_close":
            assert m["content"]["comm_id"] == "c1", m
            break


@check("interrupt (SIGINT from the kernel manager) stops while true { }; variables survive")
def _():
    msg_id = kc.execute("while true { }")
    time.sleep(1.0)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error" and "interrupted" in reply["content"]["evalue"], reply["content"]
    reply, msgs = run("x")
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "3", msgs


@check("interrupt_request on the control channel (interrupt_mode message) stops a cell")
def _():
    msg_id = kc.execute("n = 0\nwhile true { n += 1 }")
    time.sleep(1.0)
    c = request("control", "interrupt_request", {})["content"]
    assert c["status"] == "ok", c
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error", reply
    reply, msgs = run("n > 0")
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "true", msgs


@check("no cell input kills the kernel (recursion, huge tensors, bad indices, NaN, junk)")
def _():
    for code in ["fn f(n) = f(n + 1)\nf(0)", "zeros(100000000, 100000000)", "[1, 2][5]", "sqrt(-1) / 0",
                 "\x00\xff}{", ":load /nonexistent/file.anis", "exit", ":time", "\"unterminated"]:
        reply, _ = run(code)
        assert reply["status"] in ("ok", "error"), reply
    assert km.is_alive()
    reply, msgs = run("1 + 1")
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "2", msgs


@check("heartbeat echoes")
def _():
    info = km.get_connection_info()
    sock = zmq.Context.instance().socket(zmq.REQ)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect("tcp://%s:%d" % (info["ip"], info["hb_port"]))
    sock.send(b"ping")
    assert sock.poll(5000), "no heartbeat reply"
    assert sock.recv() == b"ping"
    sock.close()


@check("a message with a bad signature is ignored")
def _():
    msg = kc.session.msg("execute_request", {"code": "hacked = 1", "silent": False})
    frames = kc.session.serialize(msg)
    frames[1] = b"0" * 64  # wrong HMAC
    kc.shell_channel.socket.send_multipart(frames)
    time.sleep(0.5)
    reply, _ = run("isnone(none)")
    assert reply["status"] == "ok"
    reply, _ = run("hacked")
    assert reply["status"] == "error" and "undefined" in reply["evalue"], reply


@check("restart: a fresh session that counts from 1")
def _():
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    reply, _ = run("x")
    assert reply["status"] == "error" and reply["execution_count"] == 1, reply
    reply, msgs = run("x = 5\nx")
    assert outputs(msgs, "execute_result")[0]["data"]["text/plain"] == "5", msgs


@check("shutdown: the kernel answers on control and exits by itself")
def _():
    c = request("control", "shutdown_request", {"restart": False})["content"]
    assert c == {"status": "ok", "restart": False}, c
    deadline = time.time() + 5
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.1)
    assert not km.is_alive(), "the kernel still runs 5 s after its shutdown reply"
    kc.stop_channels()
    km.cleanup_resources()


@check("a kernel whose manager dies without a shutdown leaves by itself (JPY_PARENT_PID)")
def _():
    anis = KernelSpecManager().get_kernel_spec("anis").argv[0]
    connection_file, _ = write_connection_file(tempfile.mktemp(suffix=".json"))
    # A stand-in manager starts the kernel, reports its pid and dies.
    manager = ("import os, subprocess, sys, time\n"
               "p = subprocess.Popen([sys.argv[1], 'kernel', '-f', sys.argv[2]], start_new_session=True,\n"
               "                     env=dict(os.environ, JPY_PARENT_PID=str(os.getpid())))\n"
               "print(p.pid, flush=True)\n"
               "time.sleep(1.0)\n"
               "os._exit(0)\n")
    stand_in = subprocess.Popen([sys.executable, "-c", manager, anis, connection_file], stdout=subprocess.PIPE)
    pid = int(stand_in.stdout.readline())
    stand_in.wait()

    def running():
        try:
            with open("/proc/%d/status" % pid) as f:
                return not any(line.startswith("State:") and "Z" in line for line in f)
        except FileNotFoundError:
            return False
    deadline = time.time() + 5
    while running() and time.time() < deadline:
        time.sleep(0.1)
    if running():
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the orphaned kernel still runs 4 s after its manager died")
    os.unlink(connection_file)


failed = [n for n, e in results if e]
print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
sys.exit(1 if failed else 0)
