"""Input checks that fail early with a message a learner can act on.

Messages name the argument, the expected shape in letters and in numbers,
and what was received, e.g. ``Wx must be (D, 4H) = (3, 20), got (3, 16)``.
"""

from __future__ import annotations

import numpy as np


def _fmt(shape) -> str:
    parts = [str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def as_float_array(name: str, value) -> np.ndarray:
    """``value`` as an ndarray, which must hold floating-point numbers."""
    arr = np.asarray(value)
    if not np.issubdtype(arr.dtype, np.floating):
        raise TypeError(f"{name} must be a floating-point array (float32 or float64), got dtype {arr.dtype}")
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
        numbers = f"a {len(expected)}-D array"
    else:
        numbers = _fmt("?" if e is None else e for e in expected)
    raise ValueError(f"{name} must be {_fmt(letters)} = {numbers}, got {_fmt(shape)}")


def check_same_dtype(**arrays: np.ndarray) -> np.dtype:
    """All arrays share one floating dtype (float32 or float64); return it."""
    dtypes = {name: arr.dtype for name, arr in arrays.items()}
    if len(set(dtypes.values())) > 1:
        listed = ", ".join(f"{name} {dt}" for name, dt in dtypes.items())
        raise TypeError(f"all arrays must share one dtype (cast them with .astype), got {listed}")
    return next(iter(dtypes.values()))
