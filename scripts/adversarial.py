#!/usr/bin/env python3
"""adversarial.py: generated hostile calls of every built-in, checked for crashes,
hangs and errors without a location.

    scripts/adversarial.py [--cases N] [--seed S] [--timeout SECONDS] [--keep DIR] [--float32]

Reads the built-ins and their parameters from `anis --library-reference` (the registry),
writes N small programs (default 6000: every built-in called with edge values: empty,
NaN, subnormal and huge numbers, ragged lists, wrong types, missing and extra
arguments, hostile keyword values, functions that fail) plus --programs random
well-formed programs from the grammar (default 2000), and runs them in-process
with `anis-fuzz --check` (fresh Session each, the fuzzer's step budget and tensor
limit, a 20 s watchdog per input; see Sources/AnisFuzz/AdversarialCheck.swift), in a
temporary working folder so written files go nowhere. A crash restarts the runner
after the input that crashed. --float32 makes every tensor value float32 (mixed with
float64 ones in operators). Runs set ANIS_STRICT_WIDENING=1, so a float64 copy of a
float32 tensor that skips the memory budget's check is a crash (MemoryBudget.swift). Prints a summary and every finding; exits 1 if any.
Builds the debug products first unless ANIS and ANIS_FUZZ point at binaries.
"""
import argparse, os, random, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NUMBERS = ["0", "-1", "1", "2", "3", "0.5", "-0.0", "1e308", "-1e308", "1e-320", "5e-324", "nan",
           "inf", "-inf", "2^53", "2^62", "1e9", "7", "-2.5", "100"]
TENSORS = ["zeros(0)", "zeros(0, 3)", "zeros(3, 0)", "[1, 2, 3]", "[[1, 2], [3, 4]]", "randn(4, 3)",
           "full([2, 2], nan)", "eye(1)", "zeros(1, 0, 2)", "ones(2, 3, 4)", "[1e308, -1e308]",
           "[0, 1e-320]", "arange(10)", "[true, false]", "[nan, 1]", "[-1, 0, 1]", "randn(3, 3)",
           "[[0, 0], [0, 0]]", "[inf, -inf]", "ones(1, 1)", "float32(randn(3, 2))", "zeros(2, dtype: float32)",
           "float32([1e38, 1e-45, nan])", "ones(0, 2, dtype: float32)"]
STRINGS = ['""', '"a"', '"relu"', '"\\0"', '"x.png"', '"x.npy"', '"x.csv"', '"x.txt"', '"x.svg"',
           '"/dev/full"', '"no_such_dir/x.npy"', '"\\n"', '"a\\0b.png"', '"."', '"ij,jk->ik"', '"C0"',
           '"\\u"'.replace("\\u", "é"), '"x.jsonl"', '" 1.5\\n"', '"\\t-2e3 "']
LISTS = ["[]", '["a"]', "[[], 1]", "[relu, tanh]", '[1, "a"]', "list([1, 2])", "[[1, 2], [3]]",
         "[zeros(2), ones(3)]", '[{a: 1}, {a: 2}]', "[none]"]
RECORDS = ["{}", "{a: 1}", "{W: randn(2, 2), b: zeros(2)}", '{x: "s"}', "{a: {b: {c: 1}}}"]
OTHERS = ["none", "true", "false", "relu", "x -> x", "(a, b) -> a", 'x -> error("boom")', "0:0", "0:3",
          "10:0:-1", "plot([1, 2])", "x -> x * nan", "print", "sgd(lr: 0.1)", "x -> [x, x]"]
POOLS = [(NUMBERS, 5), (TENSORS, 5), (STRINGS, 2), (LISTS, 2), (RECORDS, 1), (OTHERS, 2)]


def use_float32():
    """--float32: tensor values are float32 (a few float64 ones stay, for mixed promotion)."""
    numeric = [t for t in TENSORS if "float32" not in t and "dtype" not in t]
    TENSORS[:] = [f"float32({t})" for t in numeric[:8]] + TENSORS[-4:] + [f"float32({t})" for t in numeric[8:]] + numeric[:3]
    LISTS[:] = LISTS + ["[float32([1, 2]), ones(2)]", "[float32(randn(2, 2))]"]
    RECORDS[:] = RECORDS + ["{W: float32(randn(2, 2)), b: zeros(2, dtype: float32)}"]
    Grammar.START = ["a = float32(randn(3, 3))", "b = float32([1, 2, 3])"]

# Keyword values that must stay small for a run to finish (a legal huge request is no bug).
BOUNDED = {"steps": ["0", "1", "2", "-1", "nan", "1.5"], "batch": ["1", "2", "0", "-3"],
           "workers": ["1"], "bins": ["1", "3", "0", "10001", "nan"], "samples": ["1", "2", "0"],
           "n": ["0", "1", "2", "3", "-1", "nan", "2.5", "1e300"], "m": ["0", "1", "2", "-1"],
           "iters": ["0", "1", "5"], "epochs": ["0", "1"]}
# Built-ins left out: they wait for input, fork workers or sleep by design.
SKIP = {"input", "sweep", "sleep", "collect"}


def value(rng):
    pool = rng.choices([p for p, _ in POOLS], weights=[w for _, w in POOLS])[0]
    return rng.choice(pool)


def builtins(anis):
    """(name, parameters, keyword parameters, example code) of every built-in."""
    text = subprocess.run([anis, "--library-reference"], capture_output=True, text=True, check=True).stdout
    found = []
    for m in re.finditer(r"^#### `(\w+)\((.*)\)`$", text, re.M):
        name, params = m.group(1), m.group(2)
        rest = text[m.end():]
        nxt = rest.find("\n#### ")
        block = re.search(r"```anis\n(.*?)```", rest[:nxt if nxt >= 0 else len(rest)], re.S)
        ps = []
        depth, cur = 0, ""
        for ch in params:  # split on top-level commas
            if ch in "([{": depth += 1
            if ch in ")]}": depth -= 1
            if ch == "," and depth == 0:
                ps.append(cur.strip()); cur = ""
            else:
                cur += ch
        if cur.strip(): ps.append(cur.strip())
        found.append((name, [p.split(":")[0].strip() for p in ps], [p for p in ps if ":" in p or p.endswith("...")],
                      block.group(1) if block else ""))
    return [f for f in found if f[0] not in SKIP]


def mutated(rng, example):
    """The built-in's own example with one to three literals replaced by hostile values:
    calls that get past the argument checks and into the computation."""
    tokens = list(re.finditer(r'(?<![\w.])-?\d+(\.\d+)?(e-?\d+)?(?![\w.])|"[^"\n{}]*"', example))
    if not tokens:
        return example
    out = example
    for t in sorted(rng.sample(tokens, min(len(tokens), rng.randint(1, 3))), key=lambda t: -t.start()):
        new = rng.choice(STRINGS) if t.group(0).startswith('"') else rng.choice(NUMBERS + TENSORS[:8])
        out = out[:t.start()] + new + out[t.end():]
    # Keep long runs short: a legal but huge request is no finding.
    out = re.sub(r"\bsteps: *[0-9e.]+", "steps: 3", out)
    # An example that trains with the default 10000 steps is left to the generated calls.
    return "" if re.search(r"train_autoencoder\((?![^)]*steps:)", out) else out


def call(rng, name, params, keywords):
    names = [p.rstrip(".") for p in params]
    count = rng.choice([0, 1, 2, len(names), len(names), len(names) + 1, max(0, len(names) - 1)])
    args = []
    for i in range(count):
        p = names[i] if i < len(names) else ""
        args.append(rng.choice(BOUNDED[p]) if p in BOUNDED else value(rng))
    for p in names:  # keep sizes small where a huge legal value would only take long
        if p in BOUNDED and p in [k.split(":")[0].strip() for k in keywords] and rng.random() < 0.8:
            if names.index(p) >= count:
                args.append(f"{p}: {rng.choice(BOUNDED[p])}")
    if keywords and rng.random() < 0.5:
        k = rng.choice(keywords).split(":")[0].strip().rstrip(".")
        if not any(a.startswith(k + ":") for a in args):
            args.append(f"{k}: {rng.choice(BOUNDED[k]) if k in BOUNDED else value(rng)}")
    if rng.random() < 0.05:
        args.append(f"bogus_keyword: {value(rng)}")
    return f"{name}({', '.join(args)})"


def program(rng, name, params, keywords, example):
    if example and rng.random() < 0.4 and (m := mutated(rng, example)):
        return m + "\n"
    c = call(rng, name, params, keywords)
    shape = rng.random()
    if shape < 0.6:
        return f"r = {c}\n"
    if shape < 0.75:
        return f"r = {c}\nprint(r)\nshow(r)\n"
    if shape < 0.85:
        return f"fn f(x) = {c}\nr = map([1, 2], f)\n"
    if shape < 0.95:
        return f"r = {c}\ns = str(r); t = type(r); u = r == r\n"
    return f"g = grad(x -> sum({c} * x))\nr = g(1)\n"


class Grammar:
    """Random well-formed programs from anis's grammar (grammar.md §3): expressions over every
    operator, calls with keyword arguments, nested functions, closures over locals, lambdas,
    comprehensions, records, indexing and slicing, bounded loops, destructuring."""

    ITERABLES = ["0:3", "[1, 2]", '"ab"', "[]", "{u: 1}"]
    OPS = ["+", "-", "*", "/", "%", "^", "@", "==", "!=", "<", "<=", ">", ">=", "and", "or"]
    SPECS = [".3f", ">8", "<5", "^7.2e", "+.1%", ",", "x", "08.2f", ".0g", "s", "q"]
    COMPOUND = ["+=", "-=", "*=", "/="]

    def __init__(self, rng, names):
        self.rng, self.names, self.vars = rng, names, ["a", "b"]

    def expr(self, d=0):
        r = self.rng
        if d > 3 or r.random() < 0.25:
            return r.choice(self.vars + NUMBERS[:10] + TENSORS[:8] + ['"s"', "[]", "none", "true"])
        k = r.randrange(12)
        if k == 0: return f"({self.expr(d + 1)} {r.choice(self.OPS)} {self.expr(d + 1)})"
        if k == 1: return f"{r.choice(['-', 'not '])}{self.expr(d + 1)}"
        if k == 2: return f"{r.choice(self.names)}({self.expr(d + 1)})"
        if k == 3: return f"{r.choice(self.names)}({self.expr(d + 1)}, {self.expr(d + 1)})"
        if k == 4: return f"(x -> {self.expr(d + 1)})({self.expr(d + 1)})"
        if k == 5: return f"[{self.expr(d + 1)} for x in {r.choice(self.ITERABLES)} if {self.expr(d + 1)}]"
        if k == 6: return f"{{p: {self.expr(d + 1)}, q: {self.expr(d + 1)}}}.{r.choice(['p', 'q', 'z'])}"
        if k == 7: return f"{self.expr(d + 1)}[{r.choice(['0', '-1', '1:', ':, 0', '::2', '[0, 0]', 'x > 0'])}]"
        if k == 8: return f"(if {self.expr(d + 1)} {{ {self.expr(d + 1)} }} else {{ {self.expr(d + 1)} }})"
        if k == 9: return f'"{{{self.expr(d + 1)}}}"'
        if k == 10: return f'"{{{self.expr(d + 1)}:{r.choice(self.SPECS)}}}"'
        return f"{self.expr(d + 1)}'"

    START = ["a = randn(3, 3)", "b = [1, 2, 3]"]

    def program(self):
        r, lines = self.rng, list(self.START)
        for _ in range(r.randint(1, 6)):
            k = r.randrange(12)
            if k == 0:
                lines.append(f"fn f{len(lines)}(x, y: {self.expr(2)}) {{ z = {self.expr(1)}; g = w -> w + z + x; g({self.expr(2)}) }}")
                lines.append(f"c = f{len(lines) - 1}({self.expr(2)})")
            elif k == 1:
                lines.append(f"for i in 0:{r.randint(0, 4)} {{ a = {self.expr(1)} }}")
            elif k == 2:
                lines.append(f"n = 0; while n < {r.randint(0, 5)} {{ n += 1; b = {self.expr(1)} }}")
            elif k == 3:
                lines.append(f"p, q = {self.expr(1)}, {self.expr(1)}")
            elif k == 4:
                lines.append(f"a[{r.choice(['0', '-1', ':', '0, 0'])}] = {self.expr(2)}")
            elif k == 5:
                lines.append(f"fn mk(k) {{ h = () -> k * {self.expr(2)}; h }}; v = mk({self.expr(2)})()")
            elif k == 6:
                # Mutually recursive local functions: a cycle through their captured cells.
                lines.append(f"fn mr(n) {{ fn ev(k) = if k <= 0 {{ {self.expr(2)} }} else {{ od(k - 1) }}; "
                             f"fn od(k) = if k <= 0 {{ {self.expr(2)} }} else {{ ev(k - 1) }}; ev(n) }}; "
                             f"c = mr({r.randint(-1, 6)})")
            elif k == 7:
                # A local function kept in a record and a list that it reads.
                lines.append(f"fn kr(n) {{ fn g(x) = if x <= 0 {{ {self.expr(2)} }} else {{ r.fs[0](x - 1) }}; "
                             f"r = {{fs: [g], v: {self.expr(2)}}}; r.fs[0](n) }}; c = kr({r.randint(-1, 4)})")
            elif k == 8:
                lines.append(f"{r.choice(['a', 'b'])} {r.choice(self.COMPOUND)} {self.expr(2)}")
            elif k == 9:
                lines.append(f"rec = {{k: {self.expr(2)}}}; rec.{r.choice(['k', 'm'])} = {self.expr(2)}; "
                             f"rec[\"{r.choice(['k', 'n'])}\"] = {self.expr(2)}; print(rec)")
            elif k == 11 and r.random() < 0.3:
                # Lines that start with an operator: inside brackets they continue; outside, a
                # '+', or a '-' indented under the line before, is a syntax error.
                lines.append(f"a = ({self.expr(2)}\n    {r.choice(['+', '-', '*'])} {self.expr(2)})")
                lines.append(f"b = {self.expr(2)}\n{r.choice(['    ', ''])}{r.choice(['+', '-'])} {self.expr(2)}")
            elif k == 10:
                lines.append(f"fn early(x) {{ for i in 0:{r.randint(0, 5)} {{ if i == {r.randint(0, 3)} {{ "
                             f"{r.choice(['return x', 'return', 'break', 'continue'])} }} }}; {self.expr(2)} }}; "
                             f"c = early({self.expr(2)})")
            else:
                lines.append(f"print({self.expr()})")
        return "\n".join(lines) + "\n"


def run_chunk(fuzz, files, cwd, timeout):
    """Runs files in one process; returns (outcomes, index of the next file to run)."""
    outcomes = {}
    proc = subprocess.run([fuzz, "--check"] + files, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout * len(files) + 60, stdin=subprocess.DEVNULL,
                          env=dict(os.environ, ANIS_CHECK_TIMEOUT=str(timeout), SWIFT_BACKTRACE="enable=no",
                                   ANIS_STRICT_WIDENING="1"))
    last = None
    for line in proc.stdout.splitlines():
        kind, _, rest = line.partition(" ")
        path = rest.split(" ")[0]
        if kind == "start":
            last = path
        else:
            outcomes[path] = (kind, rest[len(path):].strip())
            if kind != "HANG": last = None
    if last is not None and last not in outcomes:
        outcomes[last] = ("CRASH", f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return outcomes, len(outcomes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--programs", type=int, default=2000, help="random well-formed programs to add")
    ap.add_argument("--keep", help="write the cases (and findings) to this folder")
    ap.add_argument("--float32", action="store_true", help="float32 tensor values")
    a = ap.parse_args()
    if a.float32:
        use_float32()
    anis, fuzz = os.environ.get("ANIS"), os.environ.get("ANIS_FUZZ")
    if not anis or not fuzz:
        subprocess.run(["swift", "build", "--product", "anis"], cwd=ROOT, check=True, capture_output=True)
        subprocess.run(["swift", "build", "--product", "anis-fuzz"], cwd=ROOT, check=True, capture_output=True)
        anis, fuzz = f"{ROOT}/.build/debug/anis", f"{ROOT}/.build/debug/anis-fuzz"
    rng = random.Random(a.seed)
    table = builtins(anis)
    work = a.keep or tempfile.mkdtemp(prefix="anis-adversarial-")
    os.makedirs(work, exist_ok=True)
    files = []
    for i in range(a.cases):
        name, params, keywords, example = table[i % len(table)]
        path = f"case{i:05d}_{name}.anis"
        with open(os.path.join(work, path), "w") as f:
            f.write(program(rng, name, params, keywords, example))
        files.append(path)
    grammar = Grammar(rng, [n for n, _, _, _ in table if n not in ("print", "show", "help", "train_autoencoder")])
    for i in range(a.programs):
        path = f"prog{i:05d}.anis"
        with open(os.path.join(work, path), "w") as f:
            f.write(grammar.program())
        files.append(path)
    print(f"adversarial: {len(files)} cases ({a.cases} calls over {len(table)} built-ins, {a.programs} programs) in {work}", flush=True)
    results, start = {}, 0
    while start < len(files):
        chunk = files[start:start + 400]
        out, _ = run_chunk(fuzz, chunk, work, a.timeout)
        results.update(out)
        done = [i for i, f in enumerate(chunk) if f in out]
        start += (max(done) + 1) if done else 1
    counts = {}
    for kind, _ in results.values():
        counts[kind] = counts.get(kind, 0) + 1
    print("adversarial: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    findings = [(p, k, d) for p, (k, d) in sorted(results.items()) if k not in ("ok", "error")]
    for p, k, d in findings:
        print(f"{k} {p}: {d}\n    {open(os.path.join(work, p)).read().strip()}")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    missing = len(files) - len(results)
    if missing:
        print(f"adversarial: {missing} cases have no outcome")
    return 1 if findings or missing else 0


if __name__ == "__main__":
    sys.exit(main())
