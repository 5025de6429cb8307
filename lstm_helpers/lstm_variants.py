"""Two slower ways to run an LSTM over a sequence, kept to show what :mod:`lstm_helpers.lstm` does better.

Both compute exactly what :func:`lstm_helpers.lstm.lstm_forward` and
:func:`lstm_helpers.lstm.lstm_backward` compute, with the same arguments and
shapes (N batch, T steps, D inputs, H hidden units, gates ``[i, f, g, o]``):

* :func:`naive_forward` / :func:`naive_backward`: the textbook loop. Every
  step projects its own input, and every gate has its own weight matrices,
  so a step does 8 small matrix products forward and 16 backward instead of
  one fused product each way.
* :func:`steps_forward` / :func:`steps_backward`: a loop over the package's
  :func:`~lstm_helpers.lstm.lstm_step_forward` and
  :func:`~lstm_helpers.lstm.lstm_step_backward`. The gates are fused into one
  product per weight matrix, but the input projection and the weight
  gradients are still computed one step at a time.

Notebook 03 times them against the package's version and Keras.
"""

from __future__ import annotations

import numpy as np

from ._shapes import as_float_array, check_same_dtype, check_shape
from .lstm import lstm_step_backward, lstm_step_forward, sequence_inputs, sigmoid


def _check_dh(dh, h_shape, dtype):
    dh = as_float_array("dh", dh)
    check_shape("dh", dh, ("N", "T", "H"), h_shape)
    check_same_dtype(dh=dh, cache=np.empty(0, dtype=dtype))
    return dh


# --- the textbook loop: one product per gate, the input projected inside the loop ---


def naive_forward(x, h0, Wx, Wh, b, c0=None):
    """:func:`~lstm_helpers.lstm.lstm_forward`, written the textbook way. Returns ``h (N, T, H), cache``."""
    x, h0, c0, Wx, Wh, b = sequence_inputs(x, h0, Wx, Wh, b, c0)
    Wx_i, Wx_f, Wx_g, Wx_o = np.split(Wx, 4, axis=1)  # (D, H) each
    Wh_i, Wh_f, Wh_g, Wh_o = np.split(Wh, 4, axis=1)  # (H, H) each
    b_i, b_f, b_g, b_o = np.split(b, 4)  # (H,) each
    h, c = h0, c0
    hs, steps = [], []
    for t in range(x.shape[1]):
        x_t = x[:, t, :]  # (N, D)
        i = sigmoid(x_t @ Wx_i + h @ Wh_i + b_i)  # (N, H)
        f = sigmoid(x_t @ Wx_f + h @ Wh_f + b_f)
        g = np.tanh(x_t @ Wx_g + h @ Wh_g + b_g)
        o = sigmoid(x_t @ Wx_o + h @ Wh_o + b_o)
        prev_h, prev_c = h, c
        c = f * prev_c + i * g
        h = o * np.tanh(c)
        hs.append(h)
        steps.append((x_t, prev_h, prev_c, i, f, g, o, c))
    cache = {"steps": steps, "Wx": (Wx_i, Wx_f, Wx_g, Wx_o), "Wh": (Wh_i, Wh_f, Wh_g, Wh_o)}
    return np.stack(hs, axis=1), cache  # (N, T, H)


def naive_backward(dh, cache):
    """:func:`~lstm_helpers.lstm.lstm_backward` for :func:`naive_forward`: ``dx, dh0, dWx, dWh, db``."""
    steps, Wxs, Whs = cache["steps"], cache["Wx"], cache["Wh"]
    N, H = steps[0][1].shape
    T, D = len(steps), Wxs[0].shape[0]
    dh = _check_dh(dh, (N, T, H), steps[0][1].dtype)
    dx = np.zeros((N, T, D), dtype=dh.dtype)
    dWxs = [np.zeros_like(W) for W in Wxs]
    dWhs = [np.zeros_like(W) for W in Whs]
    dbs = [np.zeros(H, dtype=dh.dtype) for _ in range(4)]
    dh_next = np.zeros((N, H), dtype=dh.dtype)
    dc_next = np.zeros((N, H), dtype=dh.dtype)
    for t in reversed(range(T)):
        x_t, prev_h, prev_c, i, f, g, o, c = steps[t]
        dh_t = dh[:, t, :] + dh_next
        tanh_c = np.tanh(c)
        dc = dc_next + dh_t * o * (1 - tanh_c**2)
        da = (  # gradients of the four pre-activations, (N, H) each
            dc * g * i * (1 - i),
            dc * prev_c * f * (1 - f),
            dc * i * (1 - g**2),
            dh_t * tanh_c * o * (1 - o),
        )
        dc_next = dc * f
        dh_next = np.zeros_like(dh_next)
        for k in range(4):  # every gate on its own: 4 products per gate
            dx[:, t, :] += da[k] @ Wxs[k].T
            dh_next += da[k] @ Whs[k].T
            dWxs[k] += x_t.T @ da[k]
            dWhs[k] += prev_h.T @ da[k]
            dbs[k] += da[k].sum(axis=0)
    return dx, dh_next, np.concatenate(dWxs, axis=1), np.concatenate(dWhs, axis=1), np.concatenate(dbs)


# --- a loop over the package's step functions: fused gates, but still one step at a time ---


def steps_forward(x, h0, Wx, Wh, b, c0=None):
    """:func:`~lstm_helpers.lstm.lstm_forward` as a loop of :func:`lstm_step_forward`.

    Returns ``h, caches``.
    """
    x, h0, c0, Wx, Wh, b = sequence_inputs(x, h0, Wx, Wh, b, c0)
    h, c = h0, c0
    hs, caches = [], []
    for t in range(x.shape[1]):
        h, c, step_cache = lstm_step_forward(x[:, t, :], h, c, Wx, Wh, b)
        hs.append(h)
        caches.append(step_cache)
    return np.stack(hs, axis=1), caches  # (N, T, H)


def steps_backward(dh, caches):
    """:func:`~lstm_helpers.lstm.lstm_backward` as a loop of :func:`lstm_step_backward`.

    Returns ``dx, dh0, dWx, dWh, db``.
    """
    N, H = caches[0][1].shape
    T = len(caches)
    dh = _check_dh(dh, (N, T, H), caches[0][1].dtype)
    dxs = [None] * T
    dh_next = np.zeros((N, H), dtype=dh.dtype)
    dc_next = np.zeros((N, H), dtype=dh.dtype)
    dWx = dWh = db = 0
    for t in reversed(range(T)):
        step_grads = lstm_step_backward(dh[:, t, :] + dh_next, dc_next, caches[t])
        dxs[t], dh_next, dc_next, dWx_t, dWh_t, db_t = step_grads
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    return np.stack(dxs, axis=1), dh_next, dWx, dWh, db
