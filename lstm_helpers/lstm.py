"""An LSTM layer in NumPy: forward and backward, step by step and over a sequence.

Shapes (batch first, as in Keras):
    N  batch size          T  time steps
    D  input features      H  hidden units (cell size)

Weights use Keras's layout, so ``keras.layers.LSTM(H).get_weights()`` plugs in
unchanged and back: ``Wx (D, 4H)`` (Keras ``kernel``), ``Wh (H, 4H)``
(``recurrent_kernel``) and ``b (4H,)`` (``bias``), the four column blocks
being the gates in the order ``[i, f, g, o]`` (Keras names the candidate
``c``). One step, with ``sigma`` the logistic sigmoid:

    a   = x_t Wx + h_{t-1} Wh + b              (N, 4H) pre-activations
    i   = sigma(a_i)   f = sigma(a_f)   o = sigma(a_o)   g = tanh(a_g)
    c_t = f * c_{t-1} + i * g                  (the cell, "constant error carousel")
    h_t = o * tanh(c_t)

The step functions (:func:`lstm_step_forward`, :func:`lstm_step_backward`)
are written to be read; the sequence functions (:func:`lstm_forward`,
:func:`lstm_backward`) compute the same numbers, organised for speed.

Every function is pure: inputs are never modified. float32 and float64 both
work; all arrays must share one dtype, which the outputs keep.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from ._shapes import (
    as_float_array,
    check_int,
    check_number,
    check_same_dtype,
    check_shape,
    check_time_steps,
    describe,
)

GATES = ("i", "f", "g", "o")  # the column blocks of Wx, Wh and b, in Keras's order


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, stable for any input: never overflows ``exp``; keeps a floating dtype.

    Integer and boolean input is computed in float64 (``sigmoid(0)`` is 0.5, not an integer 0).
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    z = np.exp(-np.abs(x))  # in (0, 1]: no overflow for large |x|
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z)).astype(x.dtype, copy=False)


def _check(name, arr, letters, expected, sizes):
    """``check_shape``, adding where the sizes come from to the message.

    ``sizes`` maps letters to ``(value, source)``, e.g. ``{"N": (2, "x.shape[0]")}``;
    a failure reads "prev_h must be (N, H) = (2, 5), got (3, 5) (N = 2 from x.shape[0], H = 5 from
    Wh.shape[0])".
    """
    try:
        check_shape(name, arr, letters, expected)
    except ValueError as exc:
        groups = {}  # source -> ["N = 2", ...], in order
        for k, (v, src) in sizes.items():
            if any(k in axis for axis in letters):
                groups.setdefault(src, []).append(f"{k} = {v}")
        where = ", ".join(f"{', '.join(items)} from {src}" for src, items in groups.items())
        raise ValueError(f"{exc} ({where})" if where else str(exc)) from None


def _check_weights(Wx, Wh, b, D, D_from="x.shape[-1]"):
    """Validate ``Wx, Wh, b`` against input size D (taken from ``D_from``); return H."""
    check_shape("Wh", Wh, ("H", "4H"), (None, None))
    H = Wh.shape[0]
    sizes = {"D": (D, D_from), "H": (H, "Wh.shape[0]")}
    _check("Wh", Wh, ("H", "4H"), (H, 4 * H), sizes)
    if H < 1:
        raise ValueError(f"Wh must be (H, 4H) with H >= 1, got {Wh.shape}")
    _check("Wx", Wx, ("D", "4H"), (D, 4 * H), sizes)
    _check("b", b, ("4H",), (4 * H,), sizes)
    return H


def _floats(**arrays):
    return [as_float_array(name, value) for name, value in arrays.items()]


# --- one time step: written to be read ---


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One LSTM step.

    x (N, D), prev_h (N, H), prev_c (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,).
    Returns ``next_h (N, H), next_c (N, H), cache`` (the cache feeds
    :func:`lstm_step_backward`).
    """
    x, prev_h, prev_c, Wx, Wh, b = _floats(x=x, prev_h=prev_h, prev_c=prev_c, Wx=Wx, Wh=Wh, b=b)
    check_shape("x", x, ("N", "D"), (None, None))
    N, D = x.shape
    H = _check_weights(Wx, Wh, b, D)
    sizes = {"N": (N, "x.shape[0]"), "H": (H, "Wh.shape[0]")}
    _check("prev_h", prev_h, ("N", "H"), (N, H), sizes)
    _check("prev_c", prev_c, ("N", "H"), (N, H), sizes)
    check_same_dtype(x=x, prev_h=prev_h, prev_c=prev_c, Wx=Wx, Wh=Wh, b=b)

    a = x @ Wx + prev_h @ Wh + b  # (N, 4H): all four gates, one product per weight matrix
    a_i, a_f, a_g, a_o = np.split(a, 4, axis=1)  # (N, H) each, in the order [i, f, g, o]
    i = sigmoid(a_i)  # input gate: how much of the candidate to write
    f = sigmoid(a_f)  # forget gate: how much of the old cell to keep
    g = np.tanh(a_g)  # candidate values, in (-1, 1)
    o = sigmoid(a_o)  # output gate: how much of the cell to show
    next_c = f * prev_c + i * g  # (N, H)
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c  # (N, H)
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Backward pass of :func:`lstm_step_forward`.

    dnext_h, dnext_c (N, H): upstream gradients of the loss with respect to
    next_h and next_c. Returns ``dx (N, D), dprev_h (N, H), dprev_c (N, H),
    dWx (D, 4H), dWh (H, 4H), db (4H,)``.
    """
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = _unpack_step_cache(cache)
    N, H = prev_h.shape
    dnext_h, dnext_c = _floats(dnext_h=dnext_h, dnext_c=dnext_c)
    sizes = {"N": (N, "the forward step's cache"), "H": (H, "the forward step's cache")}
    _check("dnext_h", dnext_h, ("N", "H"), (N, H), sizes)
    _check("dnext_c", dnext_c, ("N", "H"), (N, H), sizes)
    check_same_dtype(dnext_h=dnext_h, dnext_c=dnext_c, cache=prev_h)

    do = dnext_h * tanh_c  # h = o * tanh(c)
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)  # both paths into c_t: from c_(t+1), through h_t
    di = dc * g  # c_t = f * c_{t-1} + i * g
    df = dc * prev_c
    dg = dc * i
    dprev_c = dc * f  # the constant-error carousel: dc_{t-1} = dc_t * f_t
    da = np.concatenate(  # back through the activations: sigma' = s(1 - s), tanh' = 1 - tanh^2
        [di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1
    )  # (N, 4H), in the order [i, f, g, o]
    dx = da @ Wx.T  # (N, D)
    dprev_h = da @ Wh.T  # (N, H)
    dWx = x.T @ da  # (D, 4H)
    dWh = prev_h.T @ da  # (H, 4H)
    db = da.sum(axis=0)  # (4H,)
    return dx, dprev_h, dprev_c, dWx, dWh, db


def _unpack_step_cache(cache):
    if isinstance(cache, dict):
        raise TypeError(
            "cache must be the tuple returned by lstm_step_forward; "
            "got the dict of lstm_forward: pass it to lstm_backward instead"
        )
    if not isinstance(cache, tuple) or len(cache) != 10:
        raise TypeError(f"cache must be the tuple returned by lstm_step_forward, got {describe(cache)}")
    return cache


# --- a whole sequence: the same arithmetic, organised for speed ---


def _gate_affine(H: int, dtype):
    """``(scale, shift)``, each (4H,): sigma(a) = (1 + tanh(a/2)) / 2 for i, f, o; plain tanh for g.

    Scaling the i, f and o columns of the weights by 1/2 (exact in floating point)
    lets one ``tanh`` call activate all four gates; then ``gates * scale + shift``
    turns tanh(a/2) into sigma(a) for i, f, o and leaves g = tanh(a_g) as it is.
    """
    scale = np.full(4 * H, 0.5, dtype=dtype)
    scale[2 * H : 3 * H] = 1.0
    shift = np.full(4 * H, 0.5, dtype=dtype)
    shift[2 * H : 3 * H] = 0.0
    return scale, shift


def sequence_inputs(x, h0, Wx, Wh, b, c0=None):
    """``x, h0, c0, Wx, Wh, b`` checked as :func:`lstm_forward` takes them: float arrays of one dtype.

    x (N, T, D) with T >= 1, h0 and c0 (N, H) (c0 zeros when None), Wx (D, 4H),
    Wh (H, 4H), b (4H,). A wrong shape raises ValueError, a wrong dtype
    TypeError, each saying what was expected and what came.
    """
    x, h0, Wx, Wh, b = _floats(x=x, h0=h0, Wx=Wx, Wh=Wh, b=b)
    check_shape("x", x, ("N", "T", "D"), (None, None, None))
    N, T, D = x.shape
    check_time_steps("x", x)
    H = _check_weights(Wx, Wh, b, D)
    sizes = {"N": (N, "x.shape[0]"), "H": (H, "Wh.shape[0]")}
    _check("h0", h0, ("N", "H"), (N, H), sizes)
    c0 = np.zeros_like(h0) if c0 is None else as_float_array("c0", c0)
    _check("c0", c0, ("N", "H"), (N, H), sizes)
    check_same_dtype(x=x, h0=h0, c0=c0, Wx=Wx, Wh=Wh, b=b)
    return x, h0, c0, Wx, Wh, b


def lstm_forward(x, h0, Wx, Wh, b, c0=None):
    """Run an LSTM over a sequence.

    x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), c0 (N, H) or
    ``None`` for zeros. Returns ``h (N, T, H), cache``: the hidden state at
    every step, like ``keras.layers.LSTM(H, return_sequences=True)``. The
    cache feeds :func:`lstm_backward`; ``cache["c"] (N, T, H)`` holds the cell
    states and ``cache["gates"] (N, T, 4H)`` the activated gates ``[i, f, g, o]``
    (read-only views).

    For speed: the input projection of all T steps, bias included (a column
    of ones beside the inputs), is one matrix product before the loop; each step does one fused ``(N, H) @ (H, 4H)`` product and
    one ``tanh`` for all four gates (``sigma(a) = (1 + tanh(a/2)) / 2``); the
    local derivatives the backward pass needs are computed while each step's
    gates are still in the CPU cache; every array is allocated once,
    time-major so that each step's slice is contiguous, and filled with ``out=``.
    """
    x, h0, c0, Wx, Wh, b = sequence_inputs(x, h0, Wx, Wh, b, c0)
    N, T, D = x.shape
    H = h0.shape[1]
    dtype = x.dtype

    scale, shift = _gate_affine(H, dtype)  # (4H,) each
    Wh_half = Wh * scale  # (H, 4H), a new array: Wh itself is untouched
    x_tm = np.empty((T * N, D + 1), dtype=dtype)  # (T*N, D+1): the inputs, time-major, and a column of ones ...
    x_tm.reshape(T, N, D + 1)[:, :, :D] = x.transpose(1, 0, 2)
    x_tm[:, D] = 1
    Wxb = np.empty((D + 1, 4 * H), dtype=dtype)  # ... so that one product adds the bias: [x 1] @ [Wx; b]
    np.multiply(Wx, scale, out=Wxb[:D])
    np.multiply(b, scale, out=Wxb[D])
    gates = (x_tm @ Wxb).reshape(T, N, 4 * H)  # (T, N, 4H): every step's input projection at once
    h = np.empty((T, N, H), dtype=dtype)
    c = np.empty((T, N, H), dtype=dtype)
    # Local derivatives for the backward pass (see lstm_backward):
    #   dgate (T, N, 4H) = [g i(1-i), c_{t-1} f(1-f), i (1-g^2), tanh(c_t) o(1-o)],  dcell (T, N, H) = o (1 - tanh(c_t)^2)
    dgate = np.empty((T, N, 4 * H), dtype=dtype)
    dcell = np.empty((T, N, H), dtype=dtype)
    tanh_c = np.empty((N, H), dtype=dtype)  # scratch, one step
    ig = np.empty((N, H), dtype=dtype)  # scratch for i * g
    rec = np.empty((N, 4 * H), dtype=dtype)  # scratch for h_{t-1} Wh

    prev_h, prev_c = h0, c0
    for t in range(T):
        a = gates[t]  # (N, 4H): holds the input projection, becomes the activated gates
        np.matmul(prev_h, Wh_half, out=rec)
        a += rec
        np.tanh(a, out=a)  # tanh(a/2) for i, f, o and tanh(a_g) for g ...
        a *= scale  # ... then sigma(a) = (1 + tanh(a/2)) / 2 for i, f, o
        a += shift
        i, f, g, o = a[:, :H], a[:, H : 2 * H], a[:, 2 * H : 3 * H], a[:, 3 * H :]
        np.multiply(f, prev_c, out=c[t])  # c_t = f * c_{t-1} + i * g
        np.multiply(i, g, out=ig)
        c[t] += ig
        np.tanh(c[t], out=tanh_c)
        np.multiply(o, tanh_c, out=h[t])  # h_t = o * tanh(c_t)

        d = dgate[t]  # (N, 4H)
        np.subtract(1, a, out=d)  # s (1 - s) for the sigmoid gates ...
        d *= a
        d_i, d_f, d_g, d_o = d[:, :H], d[:, H : 2 * H], d[:, 2 * H : 3 * H], d[:, 3 * H :]
        np.multiply(ig, g, out=d_g)  # ... and i (1 - g^2) = i - (i g) g for the candidate
        np.subtract(i, d_g, out=d_g)
        d_i *= g
        d_f *= prev_c
        d_o *= tanh_c
        np.multiply(h[t], tanh_c, out=dcell[t])  # o (1 - tanh(c)^2) = o - h tanh(c)
        np.subtract(o, dcell[t], out=dcell[t])
        prev_h, prev_c = h[t], c[t]

    for arr in (h, c, gates, dgate, dcell, x_tm):
        arr.flags.writeable = False  # the cache must stay as the forward pass left it
    cache = {
        "x_tm": x_tm,
        "h0": h0,
        "c0": c0,
        "Wx": Wx,
        "Wh": Wh,
        "h_tm": h,
        "c_tm": c,
        "gates_tm": gates,
        "dgate_tm": dgate,
        "dcell_tm": dcell,
        "c": c.transpose(1, 0, 2),
        "gates": gates.transpose(1, 0, 2),  # (N, T, H), (N, T, 4H) views
    }
    return h.transpose(1, 0, 2).copy(), cache  # (N, T, H), a fresh (writeable) array


def lstm_forward_clamped(x, h0, Wx, Wh, b, unit, values, c0=None):
    """:func:`lstm_forward` with one unit's hidden state held at given values at every step (its removal).

    x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), c0 (N, H) or ``None``;
    ``unit`` in ``[0, H)``; ``values`` (T,) (the same at every sequence, e.g. the
    unit's mean over a data set at each step) or (N, T). After each step, unit
    ``unit``'s ``h_t`` is replaced by ``values[..., t]`` before anything reads it,
    so the replaced value is what the next step's gates receive through ``Wh``
    and what a read-out of ``h`` sees. The unit's own cell runs on, but its only
    way out is ``h``. Returns ``h (N, T, H)``, with ``h[:, t, unit] == values[..., t]``.
    Clamped to its own values from :func:`lstm_forward`, a unit gives back that run
    to rounding (tested, as is the equality with a plain loop of :func:`lstm_step_forward`).
    """
    x, h0, c0, Wx, Wh, b = sequence_inputs(x, h0, Wx, Wh, b, c0)
    N, T, _ = x.shape
    H = h0.shape[1]
    unit = check_int("unit", unit, 0, H - 1)
    values = as_float_array("values", values)
    if values.shape not in ((T,), (N, T)):
        raise ValueError(f"values must be (T,) = ({T},) or (N, T) = ({N}, {T}), got {values.shape}")
    check_same_dtype(x=x, values=values)
    values = np.broadcast_to(values, (N, T))
    scale, shift = _gate_affine(H, x.dtype)  # one tanh for the four gates, as in lstm_forward
    xw = x @ (Wx * scale) + b * scale  # (N, T, 4H): every step's input projection, halved for i, f, o
    Wh_half = Wh * scale
    h = np.empty((N, T, H), dtype=x.dtype)
    prev_h, prev_c = h0, c0
    for t in range(T):
        a = np.tanh(xw[:, t] + prev_h @ Wh_half) * scale + shift  # (N, 4H): the gates [i, f, g, o]
        i, f, g, o = a[:, :H], a[:, H : 2 * H], a[:, 2 * H : 3 * H], a[:, 3 * H :]
        prev_c = f * prev_c + i * g
        h[:, t] = o * np.tanh(prev_c)
        h[:, t, unit] = values[:, t]  # the unit tells the next step and the read-out only this
        prev_h = h[:, t]
    return h


_CACHE_KEYS = ("x_tm", "h0", "c0", "Wx", "Wh", "h_tm", "c_tm", "gates_tm", "dgate_tm", "dcell_tm")


def lstm_backward(dh, cache):
    """Backward pass of :func:`lstm_forward`.

    dh (N, T, H): the upstream gradient of the loss with respect to every
    hidden state (zeros where a step has no loss of its own). Returns
    ``dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)``.

    The same arithmetic as :func:`lstm_step_backward`, organised for speed:
    the factors that do not depend on the gradient flowing back in time
    (``g * i * (1 - i)`` and the like) were computed by the forward pass, so
    the loop does 7 NumPy calls per step, one of them the fused
    ``(N, 4H) @ (4H, H)`` product; the weight gradients are summed over time
    after the loop, in one product for ``dWx`` and ``db`` together (the forward
    pass's column of ones) and two for ``dWh`` (the first step's, from ``h0``,
    and the later steps' together).
    """
    if not isinstance(cache, dict) or any(k not in cache for k in _CACHE_KEYS):
        hint = " (lstm_step_forward's cache goes to lstm_step_backward)" if isinstance(cache, tuple) else ""
        raise TypeError(f"cache must be the dict returned by lstm_forward, got {describe(cache)}{hint}")
    x_tm, h0, Wx, Wh = (cache[k] for k in ("x_tm", "h0", "Wx", "Wh"))
    h, gates, dgate, dcell = cache["h_tm"], cache["gates_tm"], cache["dgate_tm"], cache["dcell_tm"]
    T, N, H = h.shape
    D = Wx.shape[0]
    dh = as_float_array("dh", dh)
    sizes = {k: (v, "the forward pass") for k, v in zip("NTH", (N, T, H))}
    _check("dh", dh, ("N", "T", "H"), (N, T, H), sizes)
    dtype = check_same_dtype(dh=dh, cache=h)
    dh_tm = dh.transpose(1, 0, 2)  # (T, N, H) view

    # With dc = dc_next + dh * o (1 - tanh(c)^2)  [dcell],  the gate gradients are
    #   da_i = dc * g i (1 - i),  da_f = dc * c_{t-1} f (1 - f),  da_g = dc * i (1 - g^2),  da_o = dh * tanh(c) o (1 - o)
    # i.e. [dc, dc, dc, dh] times dgate, block by block.
    dgate3 = dgate.reshape(T, N, 4, H)  # views: the gates as an axis of their own
    da = np.empty((T, N, 4 * H), dtype=dtype)
    da3 = da.reshape(T, N, 4, H)
    f = gates[:, :, H : 2 * H]  # (T, N, H) view
    Wh_T = Wh.T  # (4H, H)
    dh_t = np.empty((N, H), dtype=dtype)  # total gradient reaching h_t
    dc = np.empty((N, H), dtype=dtype)  # total gradient reaching c_t
    dh_next = np.zeros((N, H), dtype=dtype)  # gradient reaching h_t from step t+1
    dc_next = np.zeros((N, H), dtype=dtype)  # gradient reaching c_t from step t+1
    for t in reversed(range(T)):
        np.add(dh_tm[t], dh_next, out=dh_t)
        np.multiply(dh_t, dcell[t], out=dc)
        dc += dc_next
        np.multiply(dgate3[t, :, :3], dc[:, None, :], out=da3[t, :, :3])  # i, f, g are driven by dc ...
        np.multiply(dgate3[t, :, 3], dh_t, out=da3[t, :, 3])  # ... the output gate by dh
        np.multiply(dc, f[t], out=dc_next)  # the carousel: dc_{t-1} = dc_t * f_t
        np.matmul(da[t], Wh_T, out=dh_next)  # (N, H)

    da_flat = da.reshape(T * N, 4 * H)
    dx = (da_flat @ Wx.T).reshape(T, N, D).transpose(1, 0, 2)  # (N, T, D)
    dWxb = x_tm.T @ da_flat  # (D+1, 4H), summed over all steps: dWx, and db from the column of ones
    dWx, db = dWxb[:D], dWxb[D].copy()
    dWh = h0.T @ da[0] + h[:-1].reshape((T - 1) * N, H).T @ da_flat[N:]  # (H, 4H): h_{t-1} for every t
    return np.ascontiguousarray(dx), dh_next, dWx, dWh, db


# --- moving weights between NumPy and Keras ---


def _check_keras_lstm(layer):
    """``layer`` is a ``keras.layers.LSTM`` computing the standard cell (tanh and sigmoid)."""
    keras = sys.modules.get("keras")  # a Keras layer can only exist once Keras is imported
    LSTM = getattr(getattr(keras, "layers", None), "LSTM", None)
    if LSTM is None or not isinstance(layer, LSTM):
        raise TypeError(f"layer must be a keras.layers.LSTM, got {describe(layer)}")
    for attr, expected in (("activation", "tanh"), ("recurrent_activation", "sigmoid")):
        got = getattr(getattr(layer, attr, None), "__name__", None)
        if got != expected:
            raise ValueError(
                f"layer {layer.name!r} uses {attr}={got!r}; the NumPy LSTM computes the standard cell "
                f"with {attr}={expected!r}, so its outputs would differ"
            )


def weights_from_keras(layer):
    """``(Wx, Wh, b)`` from a built ``keras.layers.LSTM`` (kernel, recurrent_kernel, bias)."""
    _check_keras_lstm(layer)
    weights = layer.get_weights()
    if len(weights) != 3:
        hint = " (build it first: call it on an input, or layer.build((None, T, D)))" if not weights else ""
        raise ValueError(
            f"layer must be a built LSTM with use_bias=True (3 weight arrays: kernel, recurrent_kernel, bias), "
            f"got {len(weights)} arrays from {type(layer).__name__} {layer.name!r}{hint}"
        )
    Wx, Wh, b = weights
    H = Wh.shape[0]
    check_shape("recurrent_kernel (Wh)", Wh, ("H", "4H"), (H, 4 * H))
    check_shape("kernel (Wx)", Wx, ("D", "4H"), (None, 4 * H))
    check_shape("bias (b)", b, ("4H",), (4 * H,))
    return Wx, Wh, b


def weights_to_keras(layer, Wx, Wh, b) -> None:
    """Load ``(Wx, Wh, b)`` into a built ``keras.layers.LSTM`` with matching D and H."""
    _check_keras_lstm(layer)
    Wx, Wh, b = _floats(Wx=Wx, Wh=Wh, b=b)
    check_shape("Wx", Wx, ("D", "4H"), (None, None))
    H = _check_weights(Wx, Wh, b, Wx.shape[0])
    current = [tuple(w.shape) for w in layer.get_weights()]
    if current != [Wx.shape, Wh.shape, b.shape]:
        hint = " (build it first: call it on an input, or layer.build((None, T, D)))" if not current else ""
        raise ValueError(
            f"layer {layer.name!r} holds weights of shapes {current}, "
            f"got Wx {Wx.shape}, Wh {Wh.shape}, b {b.shape} (D={Wx.shape[0]}, H={H}){hint}"
        )
    layer.set_weights([Wx, Wh, b])


# --- how long the cell remembers ---


def forget_gate_products(f):
    """``prod_{k=t+1}^{T-1} f_k`` for every step t: the LSTM's cell-path gain ``dc_{T-1}/dc_t``.

    ``f (N, T, H)`` holds the forget gate at every step (for example
    ``cache["gates"][:, :, H:2*H]`` from :func:`lstm_forward`).
    Along the cell path ``c_t = f_t * c_{t-1} + ...`` the Jacobian is
    ``diag(f_t)``, so the gain from step t to the last step is the product of
    the later forget gates (1 at t = T-1). Returns ``(N, T, H)`` in float64,
    computed as a sum of logs so that long products do not underflow early.
    """
    f = as_float_array("f", f)
    check_shape("f", f, ("N", "T", "H"), (None, None, None))
    if np.any((f < 0) | (f > 1)):
        raise ValueError("f must hold forget-gate values in [0, 1]")
    with np.errstate(divide="ignore"):
        log_f = np.log(f.astype(np.float64))  # (N, T, H); log 0 = -inf is fine
    later = np.concatenate([log_f[:, 1:], np.zeros_like(log_f[:, :1])], axis=1)  # log f_{t+1}, 0 past the end
    return np.exp(np.cumsum(later[:, ::-1], axis=1)[:, ::-1])  # (N, T, H)


def half_life_formula(b_f):
    """Memory half-life in steps for forget bias ``b_f``: ``ln(0.5) / ln(sigmoid(b_f))``.

    What the cell stored is multiplied by ``f = sigmoid(b_f)`` at every step
    (when the forget gate is set by its bias alone), so it halves after this
    many steps. Computed as ``ln(2) / softplus(-b_f)`` (the same number, since
    ``ln(sigmoid(b)) = -ln(1 + e^-b)``), which neither overflows nor loses
    digits for large ``|b_f|``. Scalars give a float, arrays an array;
    ``inf`` only when ``softplus(-b_f)`` underflows to 0 (``b_f`` above
    about 745); from ``b_f`` about 37 on, ``sigmoid(b_f)`` already rounds to 1
    in float64 while this formula still gives the finite half-life.
    """
    b = np.asarray(b_f, dtype=np.float64)
    decay = np.logaddexp(0.0, -b)  # -ln(sigmoid(b_f)) > 0
    out = np.divide(math.log(2.0), decay, out=np.full_like(decay, np.inf), where=decay > 0)
    return float(out) if out.ndim == 0 else out


RELIABLE_SHARE = 1e-6  # measured_half_life fits, by default, only samples above this share of the first one


def measured_half_life(memory, floor: float = RELIABLE_SHARE) -> float:
    """Half-life in steps of a decaying trace ``memory[t]``, measured by a straight-line fit of its log.

    ``memory`` (T,) is the share of what was written at step 0 that is still
    there at step t (``memory[0]`` > 0). The fit uses the leading samples
    above ``floor * memory[0]`` (below it, a simulated trace is rounding
    noise) and returns ``ln(0.5) / slope``: ``inf`` if the trace does not
    decay, ``nan`` if fewer than two samples are usable. It never reads the
    forget gate itself; but for a gate that sits at its bias the trace *is*
    ``f**t``, so there the fit only checks that a simulation computes the
    formula (:func:`half_life_crossing` reads a state-dependent trace).
    """
    m = np.asarray(memory, dtype=np.float64)
    if m.ndim != 1 or m.size == 0:
        raise ValueError(f"memory must be a non-empty 1-D array (T,), got shape {m.shape}")
    floor = check_number("floor", floor, 0, 1, low_open=True, high_open=True)
    if not np.isfinite(m).all() or not m[0] > 0:
        return math.nan
    usable = m > floor * m[0]
    n = int(np.argmin(usable)) if not usable.all() else m.size  # leading run of usable samples
    if n < 2:
        return math.nan
    t = np.arange(n, dtype=np.float64)
    y = np.log(m[:n] / m[0])  # ln(share left), 0 at t = 0
    slope = float(((t - t.mean()) * (y - y.mean())).sum() / ((t - t.mean()) ** 2).sum())
    if slope >= 0:
        return math.inf
    return math.log(0.5) / slope


def half_life_crossing(memory) -> float:
    """The step at which a trace ``memory[t]`` (``memory[0] = 1``) first falls to one half, interpolated.

    Unlike :func:`measured_half_life`, which fits one decay rate, this needs
    no assumption that the decay is exponential: it reads the time off the
    trace, interpolating ``ln memory`` linearly between the two samples around
    one half. For ``memory = f ** t`` both give ``ln 0.5 / ln f``. Returns
    ``inf`` when the trace stays above one half.
    """
    m = np.asarray(memory, dtype=np.float64)
    if m.ndim != 1 or m.size < 2 or not np.isfinite(m).all() or m[0] != 1.0 or (m[1:] <= 0).any():
        raise ValueError(
            f"memory must be a finite 1-D trace (T,) with T >= 2, memory[0] = 1 and positive values, "
            f"got shape {m.shape}" + (f", memory[0] = {m[0]:g}" if m.size else "")
        )
    below = np.flatnonzero(m <= 0.5)
    if below.size == 0:
        return math.inf
    k = int(below[0])  # memory[k - 1] > 0.5 >= memory[k]
    y0, y1 = math.log(m[k - 1]), math.log(m[k])
    return (k - 1) + (math.log(0.5) - y0) / (y1 - y0)
