"""notebook_test.py: executes examples/seed000_anisotropy.ipynb on the anis kernel
with nbclient (the engine of `jupyter nbconvert --execute`) and checks its outputs:
the values as text/plain, the table the cells print, and three inline figures as
image/png of plausible size (valid PNG, 640×480).

    python notebook_test.py NOTEBOOK [FIGURE_FOLDER]

The executed notebook is written to FIGURE_FOLDER/executed.ipynb and each figure to
FIGURE_FOLDER/figureN.png (to look at). The notebook file itself is not changed.
"""
import base64
import os
import struct
import sys
import tempfile

import nbclient
import nbformat

path = sys.argv[1]
folder = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp()
os.makedirs(folder, exist_ok=True)

nb = nbformat.read(path, as_version=4)
for cell in nb.cells:
    if cell.cell_type == "code":
        cell.outputs = []
# Runs in a temporary folder so nothing the notebook might write lands in the repository.
nbclient.NotebookClient(nb, timeout=600, kernel_name="anis",
                        resources={"metadata": {"path": tempfile.mkdtemp()}}).execute()
nbformat.write(nb, os.path.join(folder, "executed.ipynb"))

code = [c for c in nb.cells if c.cell_type == "code"]
failures = []


def expect(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


errors = [o for c in code for o in c.outputs if o.output_type == "error"]
expect(not errors, "no cell raised an error %s" % [e.get("evalue") for e in errors])


def result(cell):
    values = [o.data["text/plain"] for o in cell.outputs if o.output_type == "execute_result"]
    return values[0] if values else None


def printed(cell):
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


expect(result(code[0]) == "[10000, 400]", "shape(Z) shows as text/plain [10000, 400]: %r" % result(code[0]))

rows = {}
for line in printed(code[1]).splitlines()[1:]:
    words = line.split()
    if len(words) >= 2:
        rows[words[0]] = float(words[1])
expect(set(rows) == {"linear", "relu", "silu", "tanh", "gelu", "sigmoid"}, "the table has one row per activation: %s" % rows)
expect(5.0 < rows.get("relu", 0) < 5.5 and 0.95 < rows.get("linear", 0) < 1.1,
       "relu's sigma1/sigma2 stands out (about 5.25), linear's is about 1: %s" % rows)

cos = result(code[3])
expect(cos is not None and 0.99 < float(cos) <= 1.0, "relu's top singular vector is nearly the ones direction: %r" % cos)
expect("linear: |cos(v1, ones)| = 0.0" in printed(code[3]), "linear's is a random direction: %r" % printed(code[3]))

figures = [o for c in code for o in c.outputs if o.output_type == "display_data" and "image/png" in o.data]
expect(len(figures) == 3, "three inline figures (a plot value twice, show(p) once): %d" % len(figures))
for i, figure in enumerate(figures, 1):
    png = base64.b64decode(figure.data["image/png"])
    file = os.path.join(folder, "figure%d.png" % i)
    with open(file, "wb") as f:
        f.write(png)
    width, height = struct.unpack(">II", png[16:24]) if len(png) > 24 else (0, 0)
    expect(png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (640, 480) and 8_000 < len(png) < 2_000_000,
           "figure %d is a 640x480 PNG of %d bytes (%s)" % (i, len(png), file))
    expect("<svg" in figure.data.get("image/svg+xml", "") and figure.data.get("text/plain"),
           "figure %d also comes as SVG and as text" % i)

print("%s: %d check(s) failed" % (path, len(failures)) if failures else "%s: all checks passed" % path)
sys.exit(1 if failures else 0)
