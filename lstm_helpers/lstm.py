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

Every function is pure: inputs are never modified. float32 and float64 both
work; all arrays must share one dtype, which the outputs keep.
"""

from __future__ import annotations

import numpy as np

from ._shapes import as_float_array, check_same_dtype, check_shape


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, stable for any input: never overflows ``exp``; keeps the dtype."""
    x = np.asarray(x)
    z = np.exp(-np.abs(x))  # in (0, 1]: no overflow for large |x|
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z)).astype(x.dtype, copy=False)


# --- shared cell arithmetic (used by the step functions and the sequence loops) ---


def _activate(a: np.ndarray, H: int) -> np.ndarray:
    """Activated gates ``[i, f, g, o]`` (N, 4H) from pre-activations ``a`` (N, 4H)."""
    act = sigmoid(a)  # i, f, o use the sigmoid ...
    act[:, 2 * H : 3 * H] = np.tanh(a[:, 2 * H : 3 * H])  # ... the candidate g uses tanh
    return act


def _split(act: np.ndarray, H: int):
    """The four (N, H) blocks ``i, f, g, o`` of an (N, 4H) gate array (views, no copies)."""
    return act[:, :H], act[:, H : 2 * H], act[:, 2 * H : 3 * H], act[:, 3 * H :]


def _cell_backward(dh, dc_next, i, f, g, o, tanh_c, prev_c):
    """Gradients through one cell: returns ``da (N, 4H)`` and ``dprev_c (N, H)``.

    ``dh`` is dL/dh_t, ``dc_next`` the gradient arriving at c_t from step t+1.
    """
    do = dh * tanh_c  # h = o * tanh(c)
    dc = dc_next + dh * o * (1 - tanh_c**2)  # both paths into c_t
    di = dc * g  # c = f * c_prev + i * g
    df = dc * prev_c
    dg = dc * i
    dprev_c = dc * f  # the carousel: dc_{t-1} = dc_t * f_t (+ the path through h_{t-1})
    da = np.concatenate(  # back through the activations, in the [i, f, g, o] layout
        [di * i * (1 - i), df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1
    )  # (N, 4H)
    return da, dprev_c


def _check_weights(Wx, Wh, b, D):
    """Validate ``Wx, Wh, b`` against input size D; return H."""
    check_shape("Wh", Wh, ("H", "4H"), (None, None))
    H = Wh.shape[0]
    check_shape("Wh", Wh, ("H", "4H"), (H, 4 * H))
    check_shape("Wx", Wx, ("D", "4H"), (D, 4 * H))
    check_shape("b", b, ("4H",), (4 * H,))
    return H


# --- one time step ---


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One LSTM step.

    x (N, D), prev_h (N, H), prev_c (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,).
    Returns ``next_h (N, H), next_c (N, H), cache`` (the cache feeds
    :func:`lstm_step_backward`).
    """
    x, prev_h, prev_c = (as_float_array(n, v) for n, v in (("x", x), ("prev_h", prev_h), ("prev_c", prev_c)))
    Wx, Wh, b = (as_float_array(n, v) for n, v in (("Wx", Wx), ("Wh", Wh), ("b", b)))
    check_shape("x", x, ("N", "D"), (None, None))
    N, D = x.shape
    H = _check_weights(Wx, Wh, b, D)
    check_shape("prev_h", prev_h, ("N", "H"), (N, H))
    check_shape("prev_c", prev_c, ("N", "H"), (N, H))
    check_same_dtype(x=x, prev_h=prev_h, prev_c=prev_c, Wx=Wx, Wh=Wh, b=b)

    a = x @ Wx + prev_h @ Wh + b  # (N, 4H), one fused product per weight matrix
    i, f, g, o = _split(_activate(a, H), H)
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * tanh_c
    cache = (x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c)
    return next_h, next_c, cache


def lstm_step_backward(dnext_h, dnext_c, cache):
    """Backward pass of :func:`lstm_step_forward`.

    dnext_h, dnext_c (N, H): upstream gradients of the loss with respect to
    next_h and next_c. Returns ``dx (N, D), dprev_h (N, H), dprev_c (N, H),
    dWx (D, 4H), dWh (H, 4H), db (4H,)``.
    """
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    N, H = prev_h.shape
    dnext_h = as_float_array("dnext_h", dnext_h)
    dnext_c = as_float_array("dnext_c", dnext_c)
    check_shape("dnext_h", dnext_h, ("N", "H"), (N, H))
    check_shape("dnext_c", dnext_c, ("N", "H"), (N, H))

    da, dprev_c = _cell_backward(dnext_h, dnext_c, i, f, g, o, tanh_c, prev_c)  # (N, 4H)
    dx = da @ Wx.T  # (N, D)
    dprev_h = da @ Wh.T  # (N, H)
    dWx = x.T @ da  # (D, 4H)
    dWh = prev_h.T @ da  # (H, 4H)
    db = da.sum(axis=0)  # (4H,)
    return dx, dprev_h, dprev_c, dWx, dWh, db


# --- a whole sequence ---


def lstm_forward(x, h0, Wx, Wh, b, c0=None):
    """Run an LSTM over a sequence.

    x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), c0 (N, H) or
    ``None`` for zeros. Returns ``h (N, T, H), cache``: the hidden state at
    every step, like ``keras.layers.LSTM(H, return_sequences=True)``. The
    cache feeds :func:`lstm_backward`; ``cache["c"] (N, T, H)`` holds the cell
    states and ``cache["gates"] (N, T, 4H)`` the activated gates ``[i, f, g, o]``.

    For speed, the input projection of all T steps is one matrix product before
    the loop, each step does one fused ``(N, H) @ (H, 4H)`` product, and the
    arrays the backward pass needs are allocated once, time-major so that
    every step reads and writes contiguous memory.
    """
    x, h0 = as_float_array("x", x), as_float_array("h0", h0)
    Wx, Wh, b = (as_float_array(n, v) for n, v in (("Wx", Wx), ("Wh", Wh), ("b", b)))
    check_shape("x", x, ("N", "T", "D"), (None, None, None))
    N, T, D = x.shape
    if T < 1:
        raise ValueError(f"x must hold at least one time step (T >= 1), got x of shape {x.shape}")
    H = _check_weights(Wx, Wh, b, D)
    check_shape("h0", h0, ("N", "H"), (N, H))
    c0 = np.zeros_like(h0) if c0 is None else as_float_array("c0", c0)
    check_shape("c0", c0, ("N", "H"), (N, H))
    dtype = check_same_dtype(x=x, h0=h0, c0=c0, Wx=Wx, Wh=Wh, b=b)

    x_tm = x.transpose(1, 0, 2).reshape(T * N, D)  # (T*N, D), time-major copy
    xw = (x_tm @ Wx).reshape(T, N, 4 * H) + b  # (T, N, 4H): every step's input projection at once
    h = np.empty((T, N, H), dtype=dtype)
    c = np.empty((T, N, H), dtype=dtype)
    tanh_c = np.empty((T, N, H), dtype=dtype)
    gates = np.empty((T, N, 4 * H), dtype=dtype)  # activated [i, f, g, o]

    prev_h, prev_c = h0, c0
    for t in range(T):
        a = xw[t] + prev_h @ Wh  # (N, 4H)
        gates[t] = _activate(a, H)  # [i, f, g, o]
        i, f, g, o = _split(gates[t], H)
        np.add(f * prev_c, i * g, out=c[t])  # c_t = f * c_{t-1} + i * g
        np.tanh(c[t], out=tanh_c[t])
        np.multiply(o, tanh_c[t], out=h[t])  # h_t = o * tanh(c_t)
        prev_h, prev_c = h[t], c[t]

    cache = {
        "x_tm": x_tm, "h0": h0, "c0": c0, "Wx": Wx, "Wh": Wh,
        "h_tm": h, "c_tm": c, "tanh_c_tm": tanh_c, "gates_tm": gates,
        "c": c.transpose(1, 0, 2), "gates": gates.transpose(1, 0, 2),  # batch-first views
    }
    return h.transpose(1, 0, 2), cache  # (N, T, H)


def lstm_backward(dh, cache):
    """Backward pass of :func:`lstm_forward`.

    dh (N, T, H): the upstream gradient of the loss with respect to every
    hidden state (zeros where a step has no loss of its own). Returns
    ``dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)``.
    The weight gradients are summed over time in one product each, after the loop.
    """
    x_tm, h0, c0, Wx, Wh = cache["x_tm"], cache["h0"], cache["c0"], cache["Wx"], cache["Wh"]
    h, c, tanh_c, gates = cache["h_tm"], cache["c_tm"], cache["tanh_c_tm"], cache["gates_tm"]
    T, N, H = h.shape
    D = Wx.shape[0]
    dh = as_float_array("dh", dh)
    check_shape("dh", dh, ("N", "T", "H"), (N, T, H))
    dh_tm = dh.transpose(1, 0, 2)  # (T, N, H) view

    da = np.empty((T, N, 4 * H), dtype=h.dtype)
    dh_next = np.zeros_like(h0)  # gradient reaching h_t from step t+1
    dc_next = np.zeros_like(c0)  # gradient reaching c_t from step t+1
    for t in reversed(range(T)):
        i, f, g, o = _split(gates[t], H)
        prev_c = c[t - 1] if t > 0 else c0
        da[t], dc_next = _cell_backward(dh_tm[t] + dh_next, dc_next, i, f, g, o, tanh_c[t], prev_c)
        dh_next = da[t] @ Wh.T  # (N, H)

    da_flat = da.reshape(T * N, 4 * H)
    prev_h = np.concatenate([h0[None], h[:-1]], axis=0).reshape(T * N, H)  # h_{t-1} for every t
    dx = (da_flat @ Wx.T).reshape(T, N, D).transpose(1, 0, 2)  # (N, T, D)
    dWx = x_tm.T @ da_flat  # (D, 4H), summed over all steps
    dWh = prev_h.T @ da_flat  # (H, 4H)
    db = da_flat.sum(axis=0)  # (4H,)
    return dx, dh_next, dWx, dWh, db


# --- moving weights between NumPy and Keras ---


def weights_from_keras(layer):
    """``(Wx, Wh, b)`` from a built ``keras.layers.LSTM`` (kernel, recurrent_kernel, bias)."""
    weights = layer.get_weights()
    if len(weights) != 3:
        raise ValueError(
            f"expected an LSTM layer with use_bias=True (3 weight arrays: kernel, recurrent_kernel, bias), "
            f"got {len(weights)} arrays from {type(layer).__name__} {layer.name!r}"
        )
    Wx, Wh, b = weights
    H = Wh.shape[0]
    check_shape("recurrent_kernel (Wh)", Wh, ("H", "4H"), (H, 4 * H))
    check_shape("kernel (Wx)", Wx, ("D", "4H"), (None, 4 * H))
    return Wx, Wh, b


def weights_to_keras(layer, Wx, Wh, b) -> None:
    """Load ``(Wx, Wh, b)`` into a built ``keras.layers.LSTM`` with matching D and H."""
    Wx, Wh, b = (as_float_array(n, v) for n, v in (("Wx", Wx), ("Wh", Wh), ("b", b)))
    current = [w.shape for w in layer.get_weights()]
    H = _check_weights(Wx, Wh, b, Wx.shape[0])
    if current != [Wx.shape, Wh.shape, b.shape]:
        raise ValueError(
            f"layer {layer.name!r} holds weights of shapes {current}, "
            f"got Wx {Wx.shape}, Wh {Wh.shape}, b {b.shape} (D={Wx.shape[0]}, H={H})"
        )
    layer.set_weights([Wx, Wh, b])
