"""Does the quiet start cost speed? Train the same small LSTM with and without it.

"default": plain ``import keras`` with TensorFlow's C++ logging at its default level.
"quiet":   ``lstm_helpers.import_keras()`` as every notebook does it
           (``TF_CPP_MIN_LOG_LEVEL=3`` and fd 2 silenced while TensorFlow is imported).

Each setting runs in a fresh process, alternating, ``--repeats`` times; the
script prints the median import and training times and the number of lines
each wrote to stderr, and saves them to ``benchmarks/quiet_start.json``.
Run it alone on the machine (``flock /tmp/lstm-cpu.lock``): it measures time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import time, sys
t0 = time.perf_counter()
if QUIET:
    import lstm_helpers as lh
    keras = lh.import_keras()
else:
    import keras
t_import = time.perf_counter() - t0
import numpy as np
keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(128 * 60, 28, 28)).astype("float32")
y = np.random.default_rng(1).integers(0, 10, size=len(x))
model = keras.Sequential([keras.Input((28, 28)), keras.layers.LSTM(64), keras.layers.Dense(10)])
model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x[:256], y[:256], batch_size=128, epochs=1, verbose=0)  # build and trace outside the timing
t0 = time.perf_counter()
model.fit(x, y, batch_size=128, epochs=2, verbose=0)
print(t_import, time.perf_counter() - t0)
"""


def run(quiet: bool):
    env = dict(os.environ)
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    code = f"QUIET = {quiet}\n" + PROBE
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    t_import, t_train = map(float, out.stdout.split()[-2:])
    return t_import, t_train, len([line for line in out.stderr.splitlines() if line.strip()])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rows = {"default": [], "quiet": []}
    for _ in range(args.repeats):
        for name in rows:
            rows[name].append(run(quiet=name == "quiet"))
    summary = {}
    for name, runs in rows.items():
        summary[name] = {
            "import_s": round(statistics.median(r[0] for r in runs), 2),
            "train_s": round(statistics.median(r[1] for r in runs), 2),
            "stderr_lines": max(r[2] for r in runs),
        }
    summary["train_ratio_quiet_to_default"] = round(summary["quiet"]["train_s"] / summary["default"]["train_s"], 3)
    print(json.dumps(summary, indent=2))
    (ROOT / "benchmarks" / "quiet_start.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
