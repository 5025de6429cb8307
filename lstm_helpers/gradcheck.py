"""Checking hand-written backward passes against numerical gradients: one checker for the whole series.

For a function ``f(*args)`` whose output (or outputs) meets an upstream
gradient ``df``, the loss is ``L = sum(f(*args) * df)`` (summed over every
output when ``f`` returns a tuple). :func:`numerical_gradients` estimates
``dL/d args[k]`` by centred differences, nudging one entry at a time of a
*private copy* of ``args[k]`` and passing that copy to ``f``: the caller's
arrays are never modified, and ``f`` must compute from its arguments (not
from variables it closed over). :func:`check_gradients` compares the
estimates with the analytic gradients of a backward pass and reports the
relative error per argument.

The finite-difference step is ``step`` (written delta in the notebooks, so
that ``h`` stays the hidden state; ``h=`` is accepted as its older name). A
centred difference has an error of order ``step**2`` plus rounding of order
``eps / step``. Richardson extrapolation (``richardson=True``) combines the
centred differences of steps ``step`` and ``2 step`` as ``(4 D(step) -
D(2 step)) / 3``, which cancels the ``step**2`` term, so a larger step can be
used and the rounding shrinks too. On a smooth function such as ``exp`` it is
good to about 1e-12 in float64 with ``step = 1e-3``, where a plain difference
with ``step = 1e-5`` is good to about 1e-10 (``tests/test_gradcheck.py``); on
an LSTM's gradients, whose small entries make relative errors larger,
notebook 03 measures what each reaches. Use float64 arrays: in float32 the
differences drown in rounding.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import numpy as np

from ._shapes import as_float_array, check_number


def rel_error(x, y) -> float:
    """Largest relative error ``|x - y| / max(1e-8, |x| + |y|)`` over all entries."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error needs arrays of one shape, got {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def _as_tuple(value) -> tuple:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _outputs(f, args, df) -> tuple:
    """``f(*args)`` as a tuple of float64 arrays, checked against the upstream gradients ``df``."""
    outs = _as_tuple(f(*args))
    if len(outs) != len(df):
        raise ValueError(f"df must hold one upstream gradient per output of f ({len(outs)}), got {len(df)}")
    outs = tuple(np.array(out, dtype=np.float64) for out in outs)  # copies: f may reuse its buffers
    for k, (out, d) in enumerate(zip(outs, df)):
        if out.shape != d.shape:
            raise ValueError(f"df[{k}] must have the shape of f's output {k}, {out.shape}, got {d.shape}")
    return outs


def _centred_difference(outputs_at, x: np.ndarray, df: tuple, step: float) -> np.ndarray:
    """``dL/dx`` by centred differences; ``outputs_at`` receives a nudged copy of ``x``, never ``x`` itself.

    The outputs are subtracted before they meet ``df`` (``sum((pos - neg) * df)``),
    which keeps more digits than subtracting two sums.
    """
    work = np.array(x, copy=True)
    grad = np.zeros(x.shape, dtype=np.float64)
    for ix in np.ndindex(x.shape):
        old = work[ix]
        work[ix] = old + step
        pos = outputs_at(work)
        work[ix] = old - step
        neg = outputs_at(work)
        work[ix] = old
        grad[ix] = sum(float(np.sum((p - n) * d)) for p, n, d in zip(pos, neg, df)) / (2 * step)
    return grad


def _derivative(outputs_at, x, df, step: float, richardson: bool) -> np.ndarray:
    d = _centred_difference(outputs_at, x, df, step)
    if richardson:
        d = (4 * d - _centred_difference(outputs_at, x, df, 2 * step)) / 3
    return d.astype(x.dtype, copy=False)


DEFAULT_STEP = 1e-5


def _step(step, h) -> float:
    """The finite-difference step from ``step`` or its older name ``h`` (not both)."""
    if h is not None:
        if step is not None:
            raise TypeError(
                f"step and h are one setting (h is step's older name): give one of them, got step={step!r} and h={h!r}"
            )
        step = h
    return check_number("step", DEFAULT_STEP if step is None else step, 0, low_open=True)


def numerical_gradients(f, args, df, wrt=None, step: float | None = None, richardson: bool = False, *, h=None) -> list:
    """Numerical ``dL/d args[k]`` for ``L = sum(f(*args) * df)``, for every k in ``wrt`` (default: all).

    ``df`` is one upstream gradient with the shape of ``f``'s output, or a
    tuple of them when ``f`` returns a tuple. Returns a list with one array
    per argument (``None`` for the arguments not in ``wrt``). The arguments
    are not modified: ``f`` is called on copies with one entry nudged by
    ``+-step`` (default 1e-5; ``h`` is the older name of ``step``).
    """
    args = list(args)
    df = tuple(np.asarray(d, dtype=np.float64) for d in _as_tuple(df))
    step = _step(step, h)
    wrt = range(len(args)) if wrt is None else list(wrt)
    grads = [None] * len(args)
    for k in wrt:
        x = as_float_array(f"args[{k}]", args[k])

        def outputs_at(nudged, k=k):
            return _outputs(f, args[:k] + [nudged] + args[k + 1 :], df)

        grads[k] = _derivative(outputs_at, x, df, step, richardson)
    return grads


@dataclass(frozen=True)
class GradientCheck:
    """What :func:`check_gradients` measured: per argument, the relative error of analytic vs numeric."""

    errors: dict  # name -> rel_error(analytic, numeric)
    numeric: dict = field(repr=False)  # name -> the numerical gradient

    @property
    def max_error(self) -> float:
        """The largest relative error over all checked arguments."""
        return max(self.errors.values(), default=0.0)

    def __str__(self) -> str:
        return ", ".join(f"d{name} {err:.1e}" for name, err in self.errors.items())


def _arg_names(f, n: int) -> list:
    try:
        params = [
            p.name
            for p in inspect.signature(f).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        params = []
    return params[:n] if len(params) >= n else [f"args[{k}]" for k in range(n)]


def check_gradients(
    f, args, analytic, df, step: float | None = None, richardson: bool = False, names=None, *, h=None
) -> GradientCheck:
    """Compare analytic gradients with numerical ones, argument by argument.

    ``f(*args)`` returns one output or a tuple of outputs; ``df`` holds the
    upstream gradient(s) with their shapes. ``analytic`` holds, for each of
    ``args`` in order, the gradient of ``L = sum(f(*args) * df)`` that the
    backward pass computed (``None`` to skip an argument; it may be shorter
    than ``args``). ``step`` is the finite-difference step (default 1e-5;
    ``h`` is its older name). ``names`` default to ``f``'s parameter names. Returns a
    :class:`GradientCheck` whose ``errors`` map each name to
    ``rel_error(analytic, numeric)``; an analytic gradient whose shape is not
    its argument's raises ValueError. Nothing passed in is modified.
    """
    args = list(args)
    analytic = list(analytic)
    if len(analytic) > len(args):
        raise ValueError(f"analytic must hold at most one gradient per argument ({len(args)}), got {len(analytic)}")
    names = _arg_names(f, len(args)) if names is None else list(names)
    wrt = [k for k, g in enumerate(analytic) if g is not None]
    for k in wrt:
        if np.shape(analytic[k]) != np.shape(args[k]):
            raise ValueError(
                f"analytic[{k}] (d{names[k]}) must have the shape of args[{k}], {np.shape(args[k])}, "
                f"got {np.shape(analytic[k])}"
            )
    numeric = numerical_gradients(f, args, df, wrt=wrt, step=_step(step, h), richardson=richardson)
    errors = {names[k]: rel_error(analytic[k], numeric[k]) for k in wrt}
    return GradientCheck(errors=errors, numeric={names[k]: numeric[k] for k in wrt})
