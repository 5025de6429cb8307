"""Timing the NumPy LSTM against Keras: the harness behind notebook 03's speed section and
``benchmarks/lstm_speed.py``.

One *pass* is a forward and a backward pass over a batch, with the gradients
of ``sum(h * dh)`` for the inputs, the initial state and the weights. The
contenders:

* ``optimised``: :func:`lstm_helpers.lstm.lstm_forward` + :func:`~lstm_helpers.lstm.lstm_backward`;
* ``steps``: a loop over the step functions (:mod:`lstm_helpers.lstm_variants`);
* ``naive``: the textbook loop, one product per gate (:mod:`lstm_helpers.lstm_variants`);
* ``keras``: ``keras.layers.LSTM(H, return_sequences=True)`` in a ``tf.function``
  with a ``tf.GradientTape``, the gradients copied out as NumPy arrays;
* ``keras_xla``: the same, in a ``tf.function(jit_compile=True)``: XLA compiles
  the whole forward and backward pass and fuses each step's elementwise work;
* ``matmul_floor``: only the matrix products that ``optimised`` does (the same
  shapes, except that ``dWh`` is one product here where ``lstm_backward`` makes two,
  the first step's and the later steps'; written into preallocated arrays): the
  time this BLAS needs for the same FLOPs in these calls, not a floor for every
  implementation.

:func:`time_interleaved` runs every contender once per round, in turn, so a
change in the machine's load during the measurement hits all of them alike;
the medians over the rounds are compared.
"""

from __future__ import annotations

import os
import platform
import time

import numpy as np

from . import lstm, lstm_variants
from ._shapes import check_int
from .stats import Interval, bootstrap_interval

SHAPE = {"N": 128, "T": 28, "D": 28, "H": 128}  # MNIST read row by row, as in notebook 04


def speed_problem(N=128, T=28, D=28, H=128, dtype=np.float32, seed=0) -> dict:
    """Random inputs, weights (Keras-like scale) and an upstream gradient for one pass."""
    rng = np.random.default_rng(seed)
    scale = np.sqrt(6 / (D + 4 * H))  # Glorot uniform, as Keras initialises the kernel
    p = {
        "x": rng.standard_normal((N, T, D)),
        "h0": rng.standard_normal((N, H)) * 0.1,
        "c0": rng.standard_normal((N, H)) * 0.1,
        "Wx": rng.uniform(-scale, scale, (D, 4 * H)),
        "Wh": np.linalg.qr(rng.standard_normal((4 * H, H)))[0].T,  # orthogonal rows, like Keras
        "b": np.concatenate([np.zeros(H), np.ones(H), np.zeros(2 * H)]),  # forget bias 1
        "dh": rng.standard_normal((N, T, H)),
    }
    return {k: v.astype(dtype) for k, v in p.items()}


def matmul_flops(N, T, D, H) -> int:
    """Floating-point operations in the matrix products of one forward + backward pass.

    Forward: the input projection (T*N, D) @ (D, 4H) and T products (N, H) @ (H, 4H).
    Backward: the same sizes three times each (dx, dWx; dh_{t-1} at every step, dWh).
    (:func:`~lstm_helpers.lstm.lstm_forward` carries the bias as one more input
    column, D + 1; the count here is of the LSTM's own products, with D.)
    A product of (m, k) @ (k, n) costs 2 m k n operations.
    """
    return 3 * 2 * T * N * 4 * H * (D + H)


def numpy_pass(forward, backward, p):
    """A function running ``backward(dh, forward(x, h0, Wx, Wh, b, c0)[1])`` on the problem ``p``."""

    def run():
        _, cache = forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"], p["c0"])
        return backward(p["dh"], cache)

    return run


def optimised_pass(p):
    return numpy_pass(lstm.lstm_forward, lstm.lstm_backward, p)


def steps_pass(p):
    return numpy_pass(lstm_variants.steps_forward, lstm_variants.steps_backward, p)


def naive_pass(p):
    return numpy_pass(lstm_variants.naive_forward, lstm_variants.naive_backward, p)


def matmul_floor_pass(p):
    """A function doing the matrix products of ``optimised``, and nothing else.

    The same products in the same shapes, with one difference: ``dWh`` is one
    ``(H, T*N) @ (T*N, 4H)`` product here, where :func:`~lstm_helpers.lstm.lstm_backward`
    makes two (``h0`` with the first step's ``da``, and the later steps' in one), with
    the same FLOPs in all. :func:`matmul_flops` counts the LSTM's own products, with
    ``D`` inputs; the input products here have ``D + 1`` (the column of ones).
    """
    x, Wx, Wh = p["x"], p["Wx"], p["Wh"]
    N, T, D = x.shape
    H = Wh.shape[0]
    dtype = x.dtype
    x_tm = np.ones((T * N, D + 1), dtype=dtype)  # the inputs and a column of ones, as lstm_forward does
    x_tm[:, :D] = x.transpose(1, 0, 2).reshape(T * N, D)
    Wxb = np.vstack([Wx, p["b"][None, :]])  # (D+1, 4H)
    xw = np.empty((T * N, 4 * H), dtype=dtype)
    h = (np.tanh(np.ones((T, N, H))) * 0.5).astype(dtype)  # any values: BLAS does not look at them
    rec = np.empty((N, 4 * H), dtype=dtype)
    da = np.full((T, N, 4 * H), 0.01, dtype=dtype)
    dh_next = np.empty((N, H), dtype=dtype)
    dx = np.empty((T * N, D), dtype=dtype)
    dWxb = np.empty((D + 1, 4 * H), dtype=dtype)
    dWh = np.empty((H, 4 * H), dtype=dtype)
    da_flat, h_flat = da.reshape(T * N, 4 * H), h.reshape(T * N, H)

    def run():
        np.matmul(x_tm, Wxb, out=xw)  # forward: input projection, bias included
        for t in range(T):
            np.matmul(h[t], Wh, out=rec)  # forward: recurrent product
        for t in range(T):
            np.matmul(da[t], Wh.T, out=dh_next)  # backward: gradient to h_{t-1}
        np.matmul(da_flat, Wx.T, out=dx)
        np.matmul(x_tm.T, da_flat, out=dWxb)  # dWx and db
        np.matmul(h_flat.T, da_flat, out=dWh)
        return dx, dWxb, dWh

    return run


def keras_pass(p, jit_compile=False):
    """``keras.layers.LSTM`` forward + backward in a ``tf.function`` (built and traced here, once).

    ``jit_compile=True`` compiles the function with XLA (the setting notebook 01 compiles its training
    step with; whether it is faster depends on the shape and the machine, which notebook 03 measures).
    """
    from .config import import_keras

    keras = import_keras()
    import tensorflow as tf

    N, T, D = p["x"].shape
    H = p["Wh"].shape[0]
    layer = keras.layers.LSTM(H, return_sequences=True, dtype=str(p["x"].dtype))
    layer.build((None, T, D))
    lstm.weights_to_keras(layer, p["Wx"], p["Wh"], p["b"])
    x, h0, c0, dh = (tf.constant(p[k]) for k in ("x", "h0", "c0", "dh"))

    @tf.function(jit_compile=bool(jit_compile))
    def forward_backward():
        with tf.GradientTape() as tape:
            tape.watch([x, h0])
            h = layer(x, initial_state=[h0, c0])
            loss = tf.reduce_sum(h * dh)
        return tape.gradient(loss, [x, h0, *layer.trainable_weights])

    def run():
        return [g.numpy() for g in forward_backward()]

    run()  # trace (and, with XLA, compile) the tf.function now, not in the first timed round
    return run


def keras_xla_pass(p):
    """:func:`keras_pass` compiled with XLA: ``tf.function(jit_compile=True)``."""
    return keras_pass(p, jit_compile=True)


CONTENDERS = {
    "optimised": optimised_pass,
    "steps": steps_pass,
    "naive": naive_pass,
    "keras": keras_pass,
    "keras_xla": keras_xla_pass,
    "matmul_floor": matmul_floor_pass,
}


def time_interleaved(fns: dict, rounds: int = 20, warmup: int = 2) -> dict:
    """Seconds per call of every function in ``fns``, over ``rounds`` interleaved rounds.

    Every round calls each function once, in turn (the order rotates from round
    to round). Returns ``{name: array of rounds timings}``.
    """
    rounds = check_int("rounds", rounds, 1)
    names = list(fns)
    for _ in range(warmup):
        for name in names:
            fns[name]()
    times = {name: [] for name in names}
    for r in range(rounds):
        for k in range(len(names)):
            name = names[(r + k) % len(names)]
            start = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - start)
    return {name: np.array(t) for name, t in times.items()}


def measure(rounds: int = 20, contenders=tuple(CONTENDERS), warmup: int = 2, **shape) -> dict:
    """Time the contenders on one problem (``SHAPE`` unless overridden, float32).

    Returns a JSON-ready dict: the shape, the median milliseconds per pass of
    each contender, the ratios the notebook and the README quote, and the
    machine. ``rounds`` interleaved rounds, after ``warmup`` untimed ones.
    """
    unknown = [c for c in contenders if c not in CONTENDERS]
    if unknown:
        raise ValueError(f"contenders must be among {list(CONTENDERS)}, got {unknown}")
    dims = {**SHAPE, **shape}
    p = speed_problem(**dims)
    fns = {name: CONTENDERS[name](p) for name in contenders}
    times = time_interleaved(fns, rounds=rounds, warmup=warmup)
    ms = {name: float(np.median(t) * 1e3) for name, t in times.items()}
    ratios = {}
    pairs = {
        "numpy_over_keras": ("optimised", "keras"),
        "numpy_over_keras_xla": ("optimised", "keras_xla"),
        "keras_over_keras_xla": ("keras", "keras_xla"),
        "naive_over_optimised": ("naive", "optimised"),
        "steps_over_optimised": ("steps", "optimised"),
        "optimised_over_matmul_floor": ("optimised", "matmul_floor"),
        "keras_over_matmul_floor": ("keras", "matmul_floor"),
    }
    for key, (a, b) in pairs.items():
        if a in ms and b in ms:
            ratios[key] = ms[a] / ms[b]
    flops = matmul_flops(**dims)
    return {
        "shape": dims,
        "dtype": "float32",
        "rounds": int(rounds),
        "median_ms": ms,
        "quartiles_ms": {
            n: [float(np.percentile(t, 25) * 1e3), float(np.percentile(t, 75) * 1e3)] for n, t in times.items()
        },
        "times_ms": {n: [float(v * 1e3) for v in t] for n, t in times.items()},  # per round, in round order
        "ratios": ratios,
        "matmul_gflop_per_pass": flops / 1e9,
        "matmul_floor_gflops": flops / (ms["matmul_floor"] * 1e-3) / 1e9 if "matmul_floor" in ms else None,
        "machine": machine(),
    }


def ratio_interval(result: dict, a: str, b: str, confidence: float = 0.95) -> Interval:
    """The ratio of medians ``a / b`` of a :func:`measure` result, with a paired bootstrap interval over rounds.

    The rounds are the items: in round ``r`` both contenders ran back to back,
    so a change in the machine's load hits both (the pairing keeps that).
    """
    times = result.get("times_ms", {})
    missing = [name for name in (a, b) if name not in times]
    if missing:
        raise ValueError(f"contenders {missing} were not timed in this result (timed: {sorted(times)})")
    ta, tb = np.asarray(times[a]), np.asarray(times[b])
    return bootstrap_interval(lambda x, y: float(np.median(x) / np.median(y)), ta, tb, confidence=confidence)


def machine() -> dict:
    """What the timings ran on: CPU count, processor, Python, NumPy and its BLAS."""
    info = {
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # pragma: no cover - depends on how NumPy was built
        info["blas"] = "unknown"
    return info


def table(result: dict) -> str:
    """A small Markdown table of a :func:`measure` result."""
    ms = result["median_ms"]
    fastest_numpy = ms.get("optimised")
    lines = ["| contender | median ms per pass | vs optimised NumPy |", "|---|---:|---:|"]
    for name, value in sorted(ms.items(), key=lambda kv: kv[1]):
        rel = f"{value / fastest_numpy:.2f}x" if fastest_numpy else "–"
        lines.append(f"| {name} | {value:.1f} | {rel} |")
    return "\n".join(lines)
