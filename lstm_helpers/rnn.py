"""A vanilla (Elman) RNN in NumPy: forward and backward, and how its gradients fade over time.

Shapes (batch first, as in Keras):
    N  batch size          T  time steps
    D  input features      H  hidden units

One step, with the same letters as in notebook 01 (every state and every
gradient is a *row*, one per sequence of the batch):

    next_h = tanh(x Wx + prev_h Wh + b)        x (N, D), prev_h (N, H), next_h (N, H)

with ``Wx (D, H)``, ``Wh (H, H)`` and ``b (H,)``, the layout of
``keras.layers.SimpleRNN`` (kernel, recurrent_kernel, bias). Going back one
step multiplies the row gradient on the right by the Jacobian
``dh_t/dh_{t-1} = diag(1 - h_t**2) Wh.T``:

    dL/dh_{t-1} = (dL/dh_t * (1 - h_t**2)) @ Wh.T

(:data:`BACKWARD_FORMULA`, :data:`BACKWARD_CODE`; the diagrams print these), so a
gradient that starts at the last step is multiplied by ``T - 1 - t`` such
factors on its way to step ``t``: :func:`hidden_gradient_norms` measures how
its norm shrinks or grows.

Every function is pure: inputs are never modified. float32 and float64 both
work; all arrays must share one dtype, which the outputs keep.
"""

from __future__ import annotations

import numpy as np

from ._shapes import as_float_array, check_int, check_number, check_same_dtype, check_shape, check_time_steps, describe

#: One step forward and one step back, as this module computes them, on rows (batch first). ``_{..}`` marks a
#: subscript and ``^{..}`` a superscript, as :mod:`lstm_helpers.diagrams` draws them; the diagrams print these.
STEP_FORMULA = "h_{t} = tanh(x_{t} Wx + h_{t−1} Wh + b)"
BACKWARD_FORMULA = "dL/dh_{t−1} = (dL/dh_{t} ⊙ (1 − h_{t}^{2})) Wh^{T}"
#: The backward step in code: ``dh`` is dL/dh_t (N, H), ``h`` is h_t (N, H); it evaluates to dL/dh_{t-1}.
BACKWARD_CODE = "(dh * (1 - h**2)) @ Wh.T"

#: The one setting of notebook 01's gradient-decay measurements (section 2, the explorer, exercise 2):
#: T steps, H units, averaged over N sequences.
DECAY_T, DECAY_H, DECAY_N = 100, 64, 16


def _check_weights(Wx, Wh, b, D):
    """Validate ``Wx, Wh, b`` against input size D; return H."""
    check_shape("Wh", Wh, ("H", "H"), (None, None))
    H = Wh.shape[0]
    check_shape("Wh", Wh, ("H", "H"), (H, H))
    check_shape("Wx", Wx, ("D", "H"), (D, H))
    check_shape("b", b, ("H",), (H,))
    return H


def _floats(**arrays):
    return [as_float_array(name, value) for name, value in arrays.items()]


# --- one time step ---


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """One RNN step: ``next_h = tanh(x Wx + prev_h Wh + b)``.

    x (N, D), prev_h (N, H), Wx (D, H), Wh (H, H), b (H,).
    Returns ``next_h (N, H), cache`` (the cache feeds :func:`rnn_step_backward`).
    """
    x, prev_h, Wx, Wh, b = _floats(x=x, prev_h=prev_h, Wx=Wx, Wh=Wh, b=b)
    check_shape("x", x, ("N", "D"), (None, None))
    N, D = x.shape
    H = _check_weights(Wx, Wh, b, D)
    check_shape("prev_h", prev_h, ("N", "H"), (N, H))
    check_same_dtype(x=x, prev_h=prev_h, Wx=Wx, Wh=Wh, b=b)

    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)  # (N, H)
    cache = (x, prev_h, Wx, Wh, next_h)
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    """Backward pass of :func:`rnn_step_forward`.

    dnext_h (N, H): the upstream gradient of the loss with respect to next_h.
    Returns ``dx (N, D), dprev_h (N, H), dWx (D, H), dWh (H, H), db (H,)``.
    """
    x, prev_h, Wx, Wh, next_h = cache
    dnext_h = as_float_array("dnext_h", dnext_h)
    check_shape("dnext_h", dnext_h, ("N", "H"), next_h.shape)

    da = dnext_h * (1 - next_h**2)  # (N, H): back through tanh, tanh' = 1 - tanh^2
    dx = da @ Wx.T  # (N, D)
    dprev_h = da @ Wh.T  # (N, H)
    dWx = x.T @ da  # (D, H)
    dWh = prev_h.T @ da  # (H, H)
    db = da.sum(axis=0)  # (H,)
    return dx, dprev_h, dWx, dWh, db


# --- a whole sequence ---


def rnn_forward(x, h0, Wx, Wh, b):
    """Run a vanilla RNN over a sequence.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,). Returns
    ``h (N, T, H), cache``: the hidden state at every step, like
    ``keras.layers.SimpleRNN(H, return_sequences=True)``. The cache feeds
    :func:`rnn_backward` and :func:`hidden_gradient_norms`.
    """
    x, h0, Wx, Wh, b = _floats(x=x, h0=h0, Wx=Wx, Wh=Wh, b=b)
    check_shape("x", x, ("N", "T", "D"), (None, None, None))
    N, T, D = x.shape
    check_time_steps("x", x)
    H = _check_weights(Wx, Wh, b, D)
    check_shape("h0", h0, ("N", "H"), (N, H))
    dtype = check_same_dtype(x=x, h0=h0, Wx=Wx, Wh=Wh, b=b)

    x_tm = x.transpose(1, 0, 2).reshape(T * N, D)  # (T*N, D), time-major copy
    xw = (x_tm @ Wx).reshape(T, N, H) + b  # (T, N, H): every step's input projection at once
    h = np.empty((T, N, H), dtype=dtype)  # time-major: each step writes contiguous memory
    prev_h = h0
    for t in range(T):
        np.tanh(xw[t] + prev_h @ Wh, out=h[t])  # (N, H)
        prev_h = h[t]

    cache = {"x_tm": x_tm, "h0": h0, "Wx": Wx, "Wh": Wh, "h_tm": h}
    return h.transpose(1, 0, 2), cache  # (N, T, H)


def _backward_through_time(dh, cache):
    """The backward loop; also returns ``dh_total (T, N, H)``, the full dL/dh_t at every step."""
    x_tm, h0, Wx, Wh, h = cache["x_tm"], cache["h0"], cache["Wx"], cache["Wh"], cache["h_tm"]
    T, N, H = h.shape
    D = Wx.shape[0]
    dh = as_float_array("dh", dh)
    check_shape("dh", dh, ("N", "T", "H"), (N, T, H))
    dh_tm = dh.transpose(1, 0, 2)  # (T, N, H) view

    da = np.empty((T, N, H), dtype=h.dtype)  # gradient at the pre-activation of every step
    dh_total = np.empty((T, N, H), dtype=h.dtype)
    dh_next = np.zeros_like(h0)  # gradient reaching h_t from step t+1
    for t in reversed(range(T)):
        dh_total[t] = dh_tm[t] + dh_next  # this step's own loss + everything later
        da[t] = dh_total[t] * (1 - h[t] ** 2)  # back through tanh
        dh_next = da[t] @ Wh.T  # (N, H): the row times one Jacobian, diag(1 - h_t^2) Wh^T

    da_flat = da.reshape(T * N, H)
    prev_h = np.concatenate([h0[None], h[:-1]], axis=0).reshape(T * N, H)  # h_{t-1} for every t
    dx = (da_flat @ Wx.T).reshape(T, N, D).transpose(1, 0, 2)  # (N, T, D)
    dWx = x_tm.T @ da_flat  # (D, H), summed over all steps
    dWh = prev_h.T @ da_flat  # (H, H)
    db = da_flat.sum(axis=0)  # (H,)
    return dx, dh_next, dWx, dWh, db, dh_total


def rnn_backward(dh, cache):
    """Backward pass of :func:`rnn_forward`.

    dh (N, T, H): the upstream gradient of the loss with respect to every
    hidden state (zeros where a step has no loss of its own). Returns
    ``dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)``.
    """
    dx, dh0, dWx, dWh, db, _ = _backward_through_time(dh, cache)
    return dx, dh0, dWx, dWh, db


# --- how the gradient fades ---


def hidden_gradient_norms(cache, dh_last=None):
    """``||dL/dh_t||`` for every step t, for a loss on the last step only, averaged over the batch.

    ``cache`` comes from :func:`rnn_forward`. ``dh_last (N, H)`` is dL/dh_{T-1},
    the gradient the loss puts on the last hidden state; by default every row
    is the unit vector ``ones(H) / sqrt(H)``, so ``norms[T-1] == 1`` and
    ``norms[t] = ||u (dh_{T-1}/dh_t)||``: the norm of the Jacobian chain from
    step t to the last step, applied to ``u``. One backward pass gives all T.

    Returns ``norms (T,)`` in float64, indexed by step t; the distance from
    the loss is ``T - 1 - t``.
    """
    if not isinstance(cache, dict) or "h_tm" not in cache:
        raise TypeError(f"cache must be the dict returned by rnn_forward, got {describe(cache)}")
    T, N, H = cache["h_tm"].shape
    dtype = cache["h_tm"].dtype
    if dh_last is None:
        dh_last = np.full((N, H), 1 / np.sqrt(H), dtype=dtype)
    dh_last = as_float_array("dh_last", dh_last)
    check_shape("dh_last", dh_last, ("N", "H"), (N, H))
    dh = np.zeros((N, T, H), dtype=dtype)
    dh[:, -1] = dh_last  # the loss looks at the last step only
    dh_total = _backward_through_time(dh, cache)[-1]  # (T, N, H)
    norms = np.linalg.norm(dh_total.astype(np.float64), axis=2)  # (T, N)
    return norms.mean(axis=1)  # (T,)


def unit_gradient_norms(cache) -> np.ndarray:
    """``||e_j dh_{T-1}/dh_t||`` for every step t and unit j, averaged over the batch: ``(T, H)`` in float64.

    Column j is :func:`hidden_gradient_norms` with the loss's gradient on unit j alone (``dh_last`` the
    unit vector ``e_j`` on every row): how much of a gradient that starts on one unit at the last step is
    left at each earlier step. For a diagonal Jacobian, such as the LSTM's cell path ``diag(f_t)``, the
    same quantity is the product of that unit's own factors, so the two can be compared unit by unit.
    Indexed by step t, like :func:`hidden_gradient_norms`.
    """
    if not isinstance(cache, dict) or "h_tm" not in cache:
        raise TypeError(f"cache must be the dict returned by rnn_forward, got {describe(cache)}")
    T, N, H = cache["h_tm"].shape
    norms = np.empty((T, H))
    for j in range(H):
        e_j = np.zeros((N, H), dtype=cache["h_tm"].dtype)
        e_j[:, j] = 1.0  # the loss's gradient on unit j of the last state, in every sequence
        norms[:, j] = hidden_gradient_norms(cache, e_j)
    return norms


def dWh_per_step(dh, cache):
    """Each step's term of ``dWh``: ``terms[t] = h_{t-1}^T da_t`` (summed over the batch), shape (T, H, H).

    ``dh (N, T, H)`` and ``cache`` as for :func:`rnn_backward`, whose ``dWh``
    is ``terms.sum(axis=0)``. Term t is what step t contributes to the update of
    ``Wh``; when the gradient vanishes, the terms of early steps (far from a
    loss at the end) are the ones that fade.
    """
    h0, h = cache["h0"], cache["h_tm"]
    da = _backward_through_time(dh, cache)[-1] * (1 - h**2)  # (T, N, H): dL/da_t
    prev_h = np.concatenate([h0[None], h[:-1]], axis=0)  # (T, N, H): h_{t-1} for every t
    return np.einsum("tni,tnj->tij", prev_h, da)  # (T, H, H)


def decay_rate(norms) -> float:
    """The measured factor by which a gradient norm changes per step going back in time.

    ``norms (T,)`` as returned by :func:`hidden_gradient_norms` (index t, the
    loss at t = T-1). Fits a straight line to ``log(norms)`` against the
    distance ``T - 1 - t`` by least squares and returns ``exp(slope)``: below 1
    the gradient vanishes, above 1 it explodes, and for a linear RNN whose
    ``Wh`` is an orthogonal matrix times ``rho`` it is exactly ``rho``.
    Norms that underflowed to 0 are left out of the fit.
    """
    norms = as_float_array("norms", norms)
    check_shape("norms", norms, ("T",), (None,))
    distance = (norms.size - 1 - np.arange(norms.size)).astype(np.float64)
    keep = np.isfinite(norms) & (norms > 0)
    if keep.sum() < 2:
        raise ValueError(f"norms must hold at least two positive finite values, got {int(keep.sum())}")
    slope = np.polyfit(distance[keep], np.log(norms[keep].astype(np.float64)), 1)[0]
    return float(np.exp(slope))


def rms_slope(h) -> float:
    """The root-mean-square tanh slope ``sqrt(mean((1 - h**2)**2))`` over every unit, step and sequence of ``h``.

    With ``Wh = rho * Q`` (Q orthogonal), one step back multiplies a row gradient g by ``diag(1 - h_t**2)``
    and then rotates it and scales it by ``rho``, so its norm changes by ``rho * ||g * (1 - h_t**2)|| / ||g||``.
    For a gradient spread evenly over many units that is about ``rho`` times the root mean square of the
    slopes: ``rho * rms_slope(h)`` predicts :func:`decay_rate` (notebook 01, section 2). The mean slope is
    smaller (Jensen's inequality) and underestimates the rate.
    """
    h = as_float_array("h", h)
    if h.size == 0:
        raise ValueError("h must hold at least one hidden state, got an empty array")
    slope = 1.0 - h.astype(np.float64) ** 2
    return float(np.sqrt(np.mean(slope**2)))


def scaled_orthogonal(H: int, rho: float, seed=0, dtype=np.float64) -> np.ndarray:
    """A random orthogonal (H, H) matrix times ``rho``: every eigenvalue has modulus ``rho``.

    Its spectral radius and its largest singular value are both ``rho``, so in
    a linear RNN a gradient's norm changes by exactly ``rho`` per step. ``seed``
    is anything ``np.random.default_rng`` takes (an int, or a Generator of its own).
    """
    H = check_int("H", H, 1)
    rho = check_number("rho", rho, 0)
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.standard_normal((H, H)))
    q = q * np.sign(np.diag(r))  # sign fix: uniformly distributed over the orthogonal group
    return (rho * q).astype(dtype)


def clip_by_global_norm(grads, max_norm: float):
    """Scale a list of gradient arrays so that their joint L2 norm is at most ``max_norm``.

    Returns ``(clipped, norm)``: new arrays (the inputs are not modified) and
    the joint norm before clipping. Like Keras's ``global_clipnorm``: every
    array is multiplied by the same factor ``min(1, max_norm / norm)``, so the
    clipped gradient points where the gradient did and only its length changes.
    A plain gradient step (SGD) therefore keeps its direction; Adam, which divides
    each gradient by its running scale, does not step along the gradient anyway
    (notebook 01, section 4, shows what clipping changes there).
    """
    max_norm = check_number("max_norm", max_norm, 0, low_open=True)
    grads = [as_float_array(f"grads[{i}]", g) for i, g in enumerate(grads)]
    if not grads:
        raise ValueError("grads must hold at least one array, got an empty list")
    norm = float(np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads)))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return [g * np.asarray(scale, dtype=g.dtype) for g in grads], norm


def gradient_decay_curve(spectral_radius, input_scale, T=DECAY_T, H=DECAY_H, N=DECAY_N, seed=0) -> dict:
    """Measure ``||dL/dh_t||`` against the distance ``T - 1 - t`` for one RNN setting (notebook 01's explorer).

    The RNN has ``H`` units, ``Wh`` a random orthogonal matrix times
    ``spectral_radius`` (:func:`scaled_orthogonal`), ``Wx`` the identity
    (D = H), ``b = 0`` and ``h0 = 0``; its inputs are Gaussian noise of standard
    deviation ``input_scale``. The inputs and the orthogonal matrix come from two
    independent generators spawned from ``seed`` (two generators built from the
    same seed would draw the same numbers: the first ``H`` rows of the first
    sequence would be the very normals behind ``Wh``, times ``input_scale``).
    The loss looks at the last step only (``dL/dh_{T-1}`` a unit vector), and the
    norm is averaged over ``N`` sequences. At ``input_scale = 0`` the states stay
    at 0, tanh acts as the identity and the measured curve is exactly the linear
    prediction ``rho ** distance``; larger inputs saturate tanh and the curve falls
    below it. The defaults are notebook 01's one setting (:data:`DECAY_T`, ...).

    Returns a dict of float64 arrays indexed by distance (0 = the last step):
    ``distance (T,)``, ``norms (T,)``, ``linear (T,)`` (= ``rho ** distance``),
    ``decay_rate`` (float: the measured factor per step, :func:`decay_rate`) and
    ``h (N, T, H)``, the hidden states (their tanh slopes ``1 - h**2`` set the rate).
    """
    rho = check_number("spectral_radius", spectral_radius, 0)
    scale = check_number("input_scale", input_scale, 0)
    T, H, N = check_int("T", T, 2), check_int("H", H, 1), check_int("N", N, 1)
    inputs_rng, weights_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    x = scale * inputs_rng.standard_normal((N, T, H))  # (N, T, D) with D = H
    Wh = scaled_orthogonal(H, rho, seed=weights_rng)
    h, cache = rnn_forward(x, np.zeros((N, H)), np.eye(H), Wh, np.zeros(H))
    norms = hidden_gradient_norms(cache)[::-1].copy()  # (T,), now indexed by distance
    distance = np.arange(T, dtype=np.float64)
    return {
        "distance": distance,
        "norms": norms,
        "linear": rho**distance,
        "decay_rate": decay_rate(norms[::-1]),
        "h": h,
    }
