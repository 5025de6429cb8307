"""The same LSTM weights as Keras, PyTorch and CS231n's assignment lay them out, and converters.

The series uses Keras's layout (see :mod:`lstm_helpers.lstm`): ``Wx (D, 4H)``,
``Wh (H, 4H)``, ``b (4H,)``, one step being ``a = x Wx + h Wh + b`` with the
column blocks of ``a`` in the order ``[i, f, g, o]`` (g the candidate).
Letters: D input features, H hidden units, N batch size.

- **Keras** (``keras.layers.LSTM``): ``kernel (D, 4H)``, ``recurrent_kernel (H, 4H)``,
  ``bias (4H,)``, column blocks ``[i, f, c, o]`` where Keras's ``c`` is our ``g``.
  The same arrays as ours: :func:`lstm_helpers.lstm.weights_from_keras` and
  :func:`~lstm_helpers.lstm.weights_to_keras` move them, no conversion needed.
- **PyTorch** (``torch.nn.LSTM`` / ``LSTMCell``): ``weight_ih (4H, D)``,
  ``weight_hh (4H, H)``, ``bias_ih (4H,)``, ``bias_hh (4H,)``, *row* blocks
  ``[i, f, g, o]``; a column vector x gives ``i = sigma(W_ii x + b_ii + W_hi h + b_hi)``
  and so on. So ``Wx = weight_ih.T``, ``Wh = weight_hh.T`` and
  ``b = bias_ih + bias_hh`` (two biases that only ever appear as a sum).
  :func:`to_pytorch` puts all of ``b`` in ``bias_ih`` and zeros in ``bias_hh``.
- **CS231n** (assignment 3, ``lstm_step_forward``): ``Wx (D, 4H)``, ``Wh (H, 4H)``,
  ``b (4H,)`` like ours, but the column blocks are ``[i, f, o, g]``: the last two
  blocks swap (:func:`from_cs231n`, :func:`to_cs231n`).

:data:`LAYOUTS` holds this as data; :func:`layout_table_markdown` prints it as a
markdown table for a notebook. Converters return new arrays (never views of
their arguments) and check shapes, raising ``ValueError`` with the expected
shape in letters and numbers and what came.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._shapes import as_float_array, check_same_dtype, check_shape


@dataclass(frozen=True)
class Layout:
    """How one library stores an LSTM layer's weights."""

    library: str
    gate_order: str  # the gate blocks in that library's own names
    blocks: str  # "columns" or "rows": which axis of the weight matrices the gate blocks split
    input_weight: str  # name and shape of the input-to-hidden weights
    recurrent_weight: str  # name and shape of the hidden-to-hidden weights
    bias: str  # name(s) and shape(s) of the bias
    to_series: str  # how to get the series' (Wx, Wh, b)


LAYOUTS = (
    Layout("this series", "[i, f, g, o]", "columns", "Wx (D, 4H)", "Wh (H, 4H)", "b (4H,)", "(itself)"),
    Layout(
        "Keras",
        "[i, f, c, o] (c is our g)",
        "columns",
        "kernel (D, 4H)",
        "recurrent_kernel (H, 4H)",
        "bias (4H,)",
        "unchanged: lstm.weights_from_keras(layer)",
    ),
    Layout(
        "PyTorch",
        "[i, f, g, o]",
        "rows",
        "weight_ih (4H, D)",
        "weight_hh (4H, H)",
        "bias_ih (4H,) + bias_hh (4H,)",
        "layouts.from_pytorch: transpose both, add the biases",
    ),
    Layout(
        "CS231n",
        "[i, f, o, g]",
        "columns",
        "Wx (D, 4H)",
        "Wh (H, 4H)",
        "b (4H,)",
        "layouts.from_cs231n: swap the last two blocks",
    ),
)

_ROWS = (  # one row per property, one column per library (narrow enough for a notebook page)
    ("gate order", "gate_order"),
    ("gate blocks are", "blocks"),
    ("input weights", "input_weight"),
    ("recurrent", "recurrent_weight"),
    ("bias", "bias"),
)


def layout_table_markdown() -> str:
    """:data:`LAYOUTS` as markdown: a table (a column per library), then how to convert each to this series' layout.

    Show it with ``IPython.display.Markdown``.
    """
    header = "| | " + " | ".join(lay.library for lay in LAYOUTS) + " |"
    rule = "|---|" + "|".join("---" for _ in LAYOUTS) + "|"
    rows = [
        "| " + title + " | " + " | ".join(f"`{getattr(lay, attr)}`" for lay in LAYOUTS) + " |" for title, attr in _ROWS
    ]
    notes = [f"- **{lay.library}** to this series' `Wx, Wh, b`: `{lay.to_series}`" for lay in LAYOUTS[1:]]
    return "\n".join([header, rule, *rows, "", *notes])


# --- checks ---


def _hidden_size(name: str, arr: np.ndarray, letters: tuple, axis: int) -> int:
    """H read from ``arr.shape[axis]`` of a 2-D array; must be at least 1."""
    check_shape(name, arr, letters, (None, None))
    H = arr.shape[axis]
    if H < 1:
        raise ValueError(f"{name} must be ({', '.join(letters)}) with H >= 1, got {arr.shape}")
    return H


def _series_weights(Wx, Wh, b, names=("Wx", "Wh", "b")):
    """Check ``Wx (D, 4H), Wh (H, 4H), b (4H,)`` (column-block layouts); return them as float arrays."""
    Wx, Wh, b = (as_float_array(n, v) for n, v in zip(names, (Wx, Wh, b)))
    H = _hidden_size(names[1], Wh, ("H", "4H"), 0)
    check_shape(names[1], Wh, ("H", "4H"), (H, 4 * H))
    check_shape(names[0], Wx, ("D", "4H"), (None, 4 * H))
    check_shape(names[2], b, ("4H",), (4 * H,))
    check_same_dtype(**dict(zip(names, (Wx, Wh, b))))
    return Wx, Wh, b


def _swap_g_o(W: np.ndarray) -> np.ndarray:
    """Swap the last two of four column blocks (a new array): [i, f, g, o] <-> [i, f, o, g]."""
    H = W.shape[-1] // 4
    i, f, third, fourth = (W[..., k * H : (k + 1) * H] for k in range(4))
    return np.concatenate([i, f, fourth, third], axis=-1)


# --- PyTorch ---


def from_pytorch(weight_ih, weight_hh, bias_ih=None, bias_hh=None):
    """``(Wx, Wh, b)`` in the series' layout from PyTorch's LSTM weights.

    weight_ih (4H, D), weight_hh (4H, H), bias_ih (4H,), bias_hh (4H,) as in
    ``torch.nn.LSTM``'s ``weight_ih_l0`` etc. (convert tensors with
    ``.detach().numpy()``); a bias that is ``None`` (``bias=False``) counts as
    zeros. Returns ``Wx (D, 4H) = weight_ih.T``, ``Wh (H, 4H) = weight_hh.T``,
    ``b (4H,) = bias_ih + bias_hh``; both use the gate order [i, f, g, o].
    """
    weight_ih = as_float_array("weight_ih", weight_ih)
    weight_hh = as_float_array("weight_hh", weight_hh)
    H = _hidden_size("weight_hh", weight_hh, ("4H", "H"), 1)
    check_shape("weight_hh", weight_hh, ("4H", "H"), (4 * H, H))
    check_shape("weight_ih", weight_ih, ("4H", "D"), (4 * H, None))
    biases = {}
    for name, value in (("bias_ih", bias_ih), ("bias_hh", bias_hh)):
        arr = np.zeros(4 * H, dtype=weight_hh.dtype) if value is None else as_float_array(name, value)
        check_shape(name, arr, ("4H",), (4 * H,))
        biases[name] = arr
    check_same_dtype(weight_ih=weight_ih, weight_hh=weight_hh, **biases)
    Wx = np.ascontiguousarray(weight_ih.T)  # (D, 4H), a copy
    Wh = np.ascontiguousarray(weight_hh.T)  # (H, 4H), a copy
    b = biases["bias_ih"] + biases["bias_hh"]  # (4H,)
    return Wx, Wh, b


def to_pytorch(Wx, Wh, b) -> dict:
    """PyTorch's LSTM weights from the series' ``Wx (D, 4H), Wh (H, 4H), b (4H,)``.

    Returns ``{"weight_ih": (4H, D), "weight_hh": (4H, H), "bias_ih": (4H,),
    "bias_hh": (4H,)}``. PyTorch's two biases are only ever added, so the
    split is a choice: all of ``b`` goes to ``bias_ih`` and ``bias_hh`` is zeros.
    Load into ``torch.nn.LSTM`` with ``torch.from_numpy`` on each array.
    """
    Wx, Wh, b = _series_weights(Wx, Wh, b)
    return {
        "weight_ih": np.ascontiguousarray(Wx.T),  # (4H, D)
        "weight_hh": np.ascontiguousarray(Wh.T),  # (4H, H)
        "bias_ih": b.copy(),  # (4H,)
        "bias_hh": np.zeros_like(b),  # (4H,)
    }


# --- CS231n ---


def from_cs231n(Wx, Wh, b):
    """``(Wx, Wh, b)`` in the series' order [i, f, g, o] from CS231n's [i, f, o, g] (same shapes)."""
    Wx, Wh, b = _series_weights(Wx, Wh, b)
    return _swap_g_o(Wx), _swap_g_o(Wh), _swap_g_o(b)


def to_cs231n(Wx, Wh, b):
    """CS231n's ``(Wx, Wh, b)``, gate order [i, f, o, g], from the series' [i, f, g, o] (same shapes)."""
    Wx, Wh, b = _series_weights(Wx, Wh, b)
    return _swap_g_o(Wx), _swap_g_o(Wh), _swap_g_o(b)
