"""Argument checks, one home for all of them: every module of the package checks its inputs here.

Each check returns the value in the form the caller computes with (an ``int``,
a ``float``, an ndarray) or raises at once with a message a learner can act on.

The message contract, one convention and one wording per kind of error:

- A wrong *kind* of thing raises ``TypeError``:
  ``"<name> must be <what was expected>, got <a type> <value>"``,
  e.g. ``steps must be an integer, got a float 2.5`` or
  ``Wx must be a floating-point array (float32 or float64), got dtype int64``.
- A wrong *value* of the right kind raises ``ValueError``:
  ``"<name> must be <what was expected>, got <value>"``,
  e.g. ``T must be an integer >= 2, got 1`` or ``rho must be a finite number >= 0, got -0.5``.
- A wrong *shape* raises ``ValueError`` naming the argument, the expected shape
  in letters and in numbers, and the shape received:
  ``Wx must be (D, 4H) = (3, 20), got (3, 16)``.
- A sequence without time steps always reads
  ``x must be (N, T, D) with at least one time step (T >= 1), got (2, 0, 3)``.

``bool`` is never accepted where a number is expected (``True`` is not a count).
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def _fmt(shape) -> str:
    parts = [str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def describe(value) -> str:
    """What a wrong argument was, for a message: ``"a float 2.5"``, ``"a str '3'"``, ``"None"``,
    ``"an ndarray of shape (2, 3)"``, ``"a list of length 10"``, ``"a GRU"`` (other objects: the type only)."""
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape}"
    if isinstance(value, (tuple, list, dict)):
        return f"{article} {name} of length {len(value)}"
    if isinstance(value, (numbers.Number, str, bytes, np.generic)):
        text = repr(value)
        return f"{article} {name} {text if len(text) <= 60 else text[:57] + '...'}"
    return f"{article} {name}"


# --- numbers ---


def _bound_text(low, high, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high}"
    return ""


def check_int(name: str, value, low: int | None = None, high: int | None = None) -> int:
    """``value`` as an ``int``: an integer (Python or NumPy, not ``bool``) in ``[low, high]``.

    TypeError for anything that is not an integer (``2.0`` included), ValueError
    "``<name> must be an integer >= <low>, got <value>``" for one out of range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer{_bound_text(low, high, False, False)}, got {value}")
    return value


def check_number(
    name: str,
    value,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a finite ``float``: a real number (not ``bool``) within the bounds.

    ``low_open`` / ``high_open`` exclude the bound itself (``low=0, low_open=True``
    means ``> 0``). TypeError for anything that is not a real number, ValueError
    "``<name> must be a finite number > 0, got <value>``" for NaN, infinity or a
    value out of range.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    value = float(value)
    bad = not math.isfinite(value)
    if low is not None:
        bad = bad or value < low or (low_open and value == low)
    if high is not None:
        bad = bad or value > high or (high_open and value == high)
    if bad:
        raise ValueError(f"{name} must be a finite number{_bound_text(low, high, low_open, high_open)}, got {value!r}")
    return value


def check_choice(name: str, value, choices) -> object:
    """``value``, which must be one of ``choices`` (ValueError naming them otherwise)."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}, got {value!r}")
    return value


def check_str(name: str, value, non_empty: bool = False) -> str:
    """``value``, which must be a ``str`` (TypeError) and, with ``non_empty``, not ``""`` (ValueError)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {describe(value)}")
    if non_empty and not value:
        raise ValueError(f"{name} must be a non-empty str, got ''")
    return value


# --- arrays ---


def as_float_array(name: str, value) -> np.ndarray:
    """``value`` as an ndarray, which must hold floating-point numbers (TypeError otherwise)."""
    arr = np.asarray(value)
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point array (float32 or float64), got dtype {arr.dtype}")
    return arr


def as_float_vector(name: str, value) -> np.ndarray:
    """``value`` as a 1-D floating-point array ``(n,)``."""
    arr = as_float_array(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array (n,), got shape {arr.shape}")
    return arr


def as_int_array(
    name: str, value, what: str = "integers", low: int | None = None, high: int | None = None, high_name: str = ""
):
    """``value`` as a 1-D integer array ``(L,)`` whose entries lie in ``[low, high)``.

    ``what`` names the entries in the messages, e.g. ``"character ids"``;
    ``high_name`` the letter of the upper bound (``"V"`` gives ``[0, V) = [0, 73)``). A wrong
    number of axes raises ValueError, a non-integer dtype TypeError (an empty
    array passes whatever its dtype), an entry out of range ValueError.
    """
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of {what} (L,), got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold {what}, got dtype {arr.dtype}")
    if arr.size and ((low is not None and arr.min() < low) or (high is not None and arr.max() >= high)):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        span = f"[{lo}, {high_name}) = [{lo}, {hi})" if high_name else f"[{lo}, {hi})"
        raise ValueError(f"{name} must hold {what} in {span}, got values from {arr.min()} to {arr.max()}")
    return arr


def check_shape(name: str, arr: np.ndarray, letters: tuple, expected: tuple) -> None:
    """Raise ``ValueError`` unless ``arr.shape`` matches ``expected`` (``None`` = any size).

    ``letters`` names each axis, e.g. ``("D", "4H")``.
    """
    shape = arr.shape
    ok = len(shape) == len(expected) and all(e is None or s == e for s, e in zip(shape, expected))
    if ok:
        return
    if all(e is None for e in expected):
        numbers_ = f"a {len(expected)}-D array"
    else:
        numbers_ = _fmt("?" if e is None else e for e in expected)
    raise ValueError(f"{name} must be {_fmt(letters)} = {numbers_}, got {_fmt(shape)}")


def check_time_steps(name: str, arr: np.ndarray, letters: tuple = ("N", "T", "D"), axis: int = 1) -> int:
    """The number of time steps ``arr.shape[axis]``, which must be at least 1 (one wording for every model)."""
    T = arr.shape[axis]
    if T < 1:
        raise ValueError(f"{name} must be {_fmt(letters)} with at least one time step (T >= 1), got {_fmt(arr.shape)}")
    return T


def check_same_dtype(**arrays: np.ndarray) -> np.dtype:
    """All arrays share one floating dtype (float32 or float64); return it."""
    dtypes = {name: arr.dtype for name, arr in arrays.items()}
    if len(set(dtypes.values())) > 1:
        listed = ", ".join(f"{name} {dt}" for name, dt in dtypes.items())
        raise TypeError(f"all arrays must share one dtype (cast them with .astype), got {listed}")
    return next(iter(dtypes.values()))
