"""How fast is the NumPy LSTM? Forward + backward against Keras (with and without XLA), a naive loop and the BLAS floor.

    flock /tmp/lstm-cpu.lock .venv/bin/python benchmarks/lstm_speed.py            # N=128, T=28, D=28, H=128
    flock /tmp/lstm-cpu.lock .venv/bin/python benchmarks/lstm_speed.py --rounds 50

Run it alone on the machine (the flock above serialises it with other timed runs): timings
are only honest when nothing else runs.
One pass = forward + backward over a float32 batch (gradients for the inputs,
the initial state and the weights). The contenders run interleaved, once per
round each (see ``lstm_helpers.lstm_timing``); the medians over the rounds are
compared. Writes ``benchmarks/lstm_speed.json`` and prints a table.

The package's NumPy version must stay within 2.0x of Keras, in a plain
``tf.function`` and in one compiled with XLA (``jit_compile=True``); the script
exits with status 1 if it does not. The NumPy/Keras ratios are printed with a
paired bootstrap interval over the rounds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lstm_helpers import lstm_timing  # noqa: E402

OUT = ROOT / "benchmarks" / "lstm_speed.json"
LIMIT = 2.0  # the series' goal for the NumPy/Keras ratio on a 2-core CPU


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30, help="interleaved timed rounds (default 30)")
    for dim, value in lstm_timing.SHAPE.items():
        parser.add_argument(f"--{dim}", type=int, default=value, help=f"{dim} (default {value})")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the JSON results")
    args = parser.parse_args(argv)

    shape = {dim: getattr(args, dim) for dim in lstm_timing.SHAPE}
    print(f"timing forward + backward, {shape}, float32, {args.rounds} interleaved rounds ...", flush=True)
    start = time.perf_counter()
    result = lstm_timing.measure(rounds=args.rounds, **shape)
    result["seconds"] = round(time.perf_counter() - start, 1)
    result["limit_numpy_over_keras"] = LIMIT
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")

    r = result["ratios"]
    print(lstm_timing.table(result))
    print()
    print(
        f"NumPy (optimised) / Keras      : {lstm_timing.ratio_interval(result, 'optimised', 'keras')}   "
        f"(must be <= {LIMIT:.1f})"
    )
    print(
        f"NumPy (optimised) / Keras + XLA: {lstm_timing.ratio_interval(result, 'optimised', 'keras_xla')}   "
        f"(must be <= {LIMIT:.1f})"
    )
    print(f"Keras / Keras + XLA            : {r['keras_over_keras_xla']:.2f}x")
    print(f"naive / optimised NumPy        : {r['naive_over_optimised']:.2f}x")
    print(f"step-function loop / optimised : {r['steps_over_optimised']:.2f}x")
    print(
        f"optimised / matmul floor       : {r['optimised_over_matmul_floor']:.2f}x   "
        f"(floor: {result['matmul_gflop_per_pass']:.2f} GFLOP at {result['matmul_floor_gflops']:.0f} GFLOP/s)"
    )
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0 if max(r["numpy_over_keras"], r["numpy_over_keras_xla"]) <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
