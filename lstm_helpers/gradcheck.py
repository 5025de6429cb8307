"""Numerical gradients for checking hand-written backward passes (CS231n style)."""

from __future__ import annotations

import numpy as np


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numerical gradient of ``sum(f(x) * df)`` with respect to ``x``, by centred differences.

    ``f`` takes no arguments and reads ``x`` (the same array object), so each
    entry of ``x`` is nudged in place by ``+h`` and ``-h``; the original value
    is always restored, even if ``f`` raises. ``df`` is the upstream gradient,
    with the shape of ``f()``'s output. Use float64 arrays: in float32 the
    differences drown in rounding.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"x must be a floating-point array, got dtype {x.dtype}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        try:
            x[ix] = old + h
            pos = np.array(f(), copy=True)
            x[ix] = old - h
            neg = np.array(f(), copy=True)
        finally:
            x[ix] = old
        if pos.shape != np.shape(df):
            raise ValueError(f"df must have the shape of f()'s output {pos.shape}, got {np.shape(df)}")
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad


def rel_error(x, y) -> float:
    """Largest relative error ``|x - y| / max(1e-8, |x| + |y|)`` over all entries."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error needs arrays of one shape, got {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))
