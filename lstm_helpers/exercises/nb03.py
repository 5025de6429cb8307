"""Checks for notebook 03's exercises (the NumPy LSTM: one step's dWh, the carousel, a GRU step).

Each check takes the learner's answer (``None`` while the answer cell is
still the placeholder) and returns :func:`correct` or :func:`not_yet` with a
hint; none of them raises on a wrong or missing answer, not even when the
learner's function raises.
"""

from __future__ import annotations

import numpy as np

from ..lstm import lstm_step_backward, lstm_step_forward, sigmoid
from . import Feedback, as_number, correct, no_answer, not_yet

GATE_NAMES = ("i", "f", "g", "o")

# Exercise 1: dWh of one step, when the loss reaches the step only through next_h.
DWH_SIZES = {"N": 3, "D": 2, "H": 4}  # D != H, so dWx and dWh have different shapes

# Exercise 2: the share of dc that survives K steps back along the cell with f held at sigmoid(1).
CAROUSEL_STEPS = 20
CAROUSEL_FORGET_BIAS = 1.0  # Keras's unit_forget_bias: f = sigmoid(1) when the inputs are zero

# Exercise 3: a GRU step in Keras's layout (reset_after=False), gates [z, r, h~].
GRU_SIZES = {"N": 3, "D": 2, "H": 4}


def _problem(sizes, n_blocks, seed):
    rng = np.random.default_rng(seed)
    N, D, H = sizes["N"], sizes["D"], sizes["H"]
    return {
        "x": rng.standard_normal((N, D)),
        "prev_h": rng.standard_normal((N, H)) * 0.5,
        "prev_c": rng.standard_normal((N, H)),
        "Wx": rng.standard_normal((D, n_blocks * H)) * 0.7,
        "Wh": rng.standard_normal((H, n_blocks * H)) * 0.7,
        "b": rng.standard_normal(n_blocks * H) * 0.3,
        "dnext_h": rng.standard_normal((N, H)),
    }


def _call(fn, *args):
    """``(result, None)`` or ``(None, Feedback)`` when ``fn`` is missing, not callable or raises."""
    if fn is None:
        return None, None
    if not callable(fn):
        return None, not_yet(f"the answer must be a function, got {type(fn).__name__}")
    try:
        return fn(*args), None
    except Exception as exc:  # the learner's code: report, never raise
        return None, not_yet(
            f"your function raised {type(exc).__name__}: {exc}",
            hint="run it on the example in the notebook first and look at the shapes",
        )


def _as_array(value):
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


# --- exercise 1 ---


def dwh_example(seed: int = 0):
    """``(dnext_h, cache)`` of one step of exercise 1's size, from :func:`lstm_step_forward`."""
    p = _problem(DWH_SIZES, 4, seed)
    _, _, cache = lstm_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], p["b"])
    return p["dnext_h"], cache


def check_step_dWh(fn) -> Feedback:
    """Exercise 1: ``fn(dnext_h, cache) -> dWh (H, 4H)`` for one step, with no gradient arriving at next_c."""
    if fn is None:
        return no_answer(
            "your function step_dWh(dnext_h, cache)",
            hint="follow the error back: do and dc from h = o * tanh(c), then di, df, dg, "
            "then through the gates' derivatives to da (N, 4H), then dWh = prev_h.T @ da",
        )
    for seed in (0, 1, 2):
        dnext_h, cache = dwh_example(seed)
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        N, H = prev_h.shape
        D = x.shape[1]
        dWh = lstm_step_backward(dnext_h, np.zeros_like(dnext_h), cache)[4]
        answer, failed = _call(fn, dnext_h.copy(), tuple(a.copy() for a in cache))
        if failed is not None:
            return failed
        if answer is None:
            return not_yet(
                "your function returns None: put your dWh in its return line",
                hint="do and dc from h = o * tanh(c), then di, df, dg, then da (N, 4H) "
                "through the gates' derivatives, then dWh = prev_h.T @ da",
            )
        answer = _as_array(answer)
        if answer is None or answer.shape == ():
            return not_yet("your function must return an array dWh of shape (H, 4H)")
        if answer.shape == (4 * H, H):
            return not_yet(
                f"dWh has shape {answer.shape}, the transpose of (H, 4H) = {(H, 4 * H)}",
                hint="a = prev_h @ Wh + ..., so dWh = prev_h.T @ da",
            )
        if answer.shape == (D, 4 * H):
            return not_yet(
                f"dWh has shape {answer.shape} = (D, 4H): that is dWx's shape",
                hint="Wh multiplies prev_h, so dWh = prev_h.T @ da",
            )
        if answer.shape != (H, 4 * H):
            return not_yet(f"dWh must be (H, 4H) = {(H, 4 * H)}, got {answer.shape}")
        if np.allclose(answer, dWh, rtol=1e-6, atol=1e-9):
            continue
        do = dnext_h * tanh_c
        dc = dnext_h * o * (1 - tanh_c**2)
        no_derivatives = prev_h.T @ np.concatenate([dc * g, dc * prev_c, dc * i, do], axis=1)
        if np.allclose(answer, no_derivatives, rtol=1e-6, atol=1e-9):
            return not_yet(
                "dWh misses the activations' derivatives",
                hint="da_i = di * i * (1 - i) (sigmoid' = s (1 - s)), da_g = dg * (1 - g**2) (tanh')",
            )
        wrong = [
            name
            for k, name in enumerate(GATE_NAMES)
            if not np.allclose(answer[:, k * H : (k + 1) * H], dWh[:, k * H : (k + 1) * H], rtol=1e-6, atol=1e-9)
        ]
        if wrong == ["o"]:
            return not_yet(
                "the i, f and g blocks are right; the output gate's block is not",
                hint="h = o * tanh(c): do = dnext_h * tanh(c), then da_o = do * o * (1 - o)",
            )
        if "o" not in wrong:
            return not_yet(
                f"the blocks of {', '.join(wrong)} are not right yet (o is)",
                hint="they all go through c: dc = dnext_h * o * (1 - tanh(c)**2); then "
                "di = dc * g, df = dc * prev_c, dg = dc * i; columns in the order [i, f, g, o]",
            )
        return not_yet(
            f"the blocks of {', '.join(wrong)} are not right yet",
            hint="compare with lstm_step_backward's derivation above: da (N, 4H) is "
            "[di*i*(1-i), df*f*(1-f), dg*(1-g**2), do*o*(1-o)], and dWh = prev_h.T @ da",
        )
    return correct("dWh = prev_h.T @ da, with da through all four gates (checked on 3 random steps)")


# --- exercise 2 ---


def carousel_fraction() -> float:
    """Exercise 2's answer: ``sigmoid(b_f) ** K``."""
    return float(sigmoid(np.float64(CAROUSEL_FORGET_BIAS))) ** CAROUSEL_STEPS


def check_carousel_fraction(fraction) -> Feedback:
    """Exercise 2: the factor ``dc_(t-K) / dc_t`` along the cell path, f = sigmoid(b_f) at every step (1%)."""
    K, b_f = CAROUSEL_STEPS, CAROUSEL_FORGET_BIAS
    if fraction is None:
        return no_answer(
            "a number for fraction",
            hint="one step back along the cell multiplies the gradient by f_t: dc_(t-1) = dc_t * f_t",
        )
    value = as_number(fraction)
    if value is None:
        return not_yet(f"the fraction must be a number, got {fraction!r}")
    f = float(sigmoid(np.float64(b_f)))
    right = f**K
    if abs(value - right) <= 0.01 * right:
        return correct(
            f"f = sigmoid({b_f:g}) = {f:.4f}, and f ** {K} = {right:.3g}: "
            f"the gradient along the cell shrinks to {100 * right:.2f}% over {K} steps"
        )
    if abs(value - f * K) <= 0.01 * f * K:
        return not_yet(f"{value:.4g} adds the forget gates up", hint="each step back multiplies by f: f ** K")
    for k in (K - 1, K + 1):
        if abs(value - f**k) <= 0.01 * f**k:
            return not_yet(f"{value:.4g} is f ** {k}", hint=f"count the steps: {K} steps back, {K} factors of f")
    if abs(value - (1 - f) ** K) <= 0.01 * (1 - f) ** K:
        return not_yet(f"{value:.4g} uses 1 - f", hint="f is the share that is kept, so the factor per step is f")
    if abs(value - b_f**K) <= 1e-9 or abs(value - 0.5**K) <= 0.01 * 0.5**K:
        return not_yet(
            f"{value:.4g} does not use the gate value",
            hint=f"the forget gate is f = sigmoid(b_f) = sigmoid({b_f:g}), not b_f itself",
        )
    if value > 1 or value < 0:
        return not_yet(
            f"{value:.4g} is not a share between 0 and 1",
            hint="every factor f lies in (0, 1), so their product does too",
        )
    return not_yet(f"{value:.4g} is not right yet", hint=f"f = sigmoid({b_f:g}); the answer is f ** {K}")


# --- exercise 3 ---


def gru_step_forward(x, prev_h, Wx, Wh, b):
    """A GRU step as ``keras.layers.GRU(H, reset_after=False)`` computes it: returns ``next_h (N, H)``.

    x (N, D), prev_h (N, H), Wx (D, 3H), Wh (H, 3H), b (3H,); column blocks [z, r, h~]:
    z = sigma(x Wx_z + h Wh_z + b_z), r = sigma(x Wx_r + h Wh_r + b_r),
    h~ = tanh(x Wx_h + (r * h) Wh_h + b_h), next_h = z * h + (1 - z) * h~.
    """
    H = prev_h.shape[1]
    xw = x @ Wx + b  # (N, 3H)
    z = sigmoid(xw[:, :H] + prev_h @ Wh[:, :H])  # update gate: how much of the old state to keep
    r = sigmoid(xw[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H])  # reset gate: how much of it the candidate sees
    h_tilde = np.tanh(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :])  # candidate state
    return z * prev_h + (1 - z) * h_tilde


def gru_example(seed: int = 0):
    """``(x, prev_h, Wx, Wh, b)`` of exercise 3's size."""
    p = _problem(GRU_SIZES, 3, seed)
    return p["x"], p["prev_h"], p["Wx"], p["Wh"], p["b"]


def _gru_variants(x, prev_h, Wx, Wh, b):
    """Common slips, each as (next_h, message, hint)."""
    H = prev_h.shape[1]
    xw = x @ Wx + b
    z = sigmoid(xw[:, :H] + prev_h @ Wh[:, :H])
    r = sigmoid(xw[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H])
    h_tilde = np.tanh(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :])
    after = np.tanh(xw[:, 2 * H :] + r * (prev_h @ Wh[:, 2 * H :]))
    z2 = sigmoid(xw[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H])
    r2 = sigmoid(xw[:, :H] + prev_h @ Wh[:, :H])
    swapped = np.tanh(xw[:, 2 * H :] + (r2 * prev_h) @ Wh[:, 2 * H :])
    return [
        (
            (1 - z) * prev_h + z * h_tilde,
            "z and 1 - z are swapped",
            "in Keras's convention z keeps the old state: next_h = z * prev_h + (1 - z) * h~",
        ),
        (
            z * prev_h + (1 - z) * after,
            "this is the reset_after=True variant",
            "here r multiplies prev_h before the product: (r * prev_h) @ Wh_h",
        ),
        (
            z * prev_h + (1 - z) * sigmoid(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :]),
            "the candidate uses a sigmoid",
            "the candidate h~ uses tanh, like the LSTM's g",
        ),
        (
            z2 * prev_h + (1 - z2) * swapped,
            "the z and r blocks are swapped",
            "the column blocks are [z, r, h~]: z is the first H columns",
        ),
    ]


def check_gru_step(fn) -> Feedback:
    """Exercise 3: ``fn(x, prev_h, Wx, Wh, b) -> next_h`` equal to :func:`gru_step_forward` (Keras's GRU)."""
    if fn is None:
        return no_answer(
            "your function gru_step(x, prev_h, Wx, Wh, b)",
            hint="three blocks [z, r, h~] instead of four; z and r like the LSTM's gates, "
            "h~ = tanh(x Wx_h + (r * prev_h) Wh_h + b_h), next_h = z * prev_h + (1 - z) * h~",
        )
    for seed in (0, 1, 2):
        args = gru_example(seed)
        expected = gru_step_forward(*args)
        answer, failed = _call(fn, *(a.copy() for a in args))
        if failed is not None:
            return failed
        if answer is None:
            return not_yet(
                "your function returns None: put your next_h in its return line",
                hint="z and r like the LSTM's gates (columns [z, r, h~]), "
                "h~ = tanh(x Wx_h + (r * prev_h) Wh_h + b_h), next_h = z * prev_h + (1 - z) * h~",
            )
        answer = _as_array(answer)
        if answer is None or answer.shape != expected.shape:
            got = None if answer is None else answer.shape
            return not_yet(
                f"next_h must be (N, H) = {expected.shape}, got {got}", hint="return one array: the new hidden state"
            )
        if np.allclose(answer, expected, rtol=1e-6, atol=1e-9):
            continue
        for variant, message, hint in _gru_variants(*args):
            if np.allclose(answer, variant, rtol=1e-6, atol=1e-9):
                return not_yet(message, hint=hint)
        return not_yet(
            "next_h is not right yet",
            hint="z = sigmoid(x Wx_z + prev_h Wh_z + b_z), r likewise with the second block, "
            "h~ = tanh(x Wx_h + (r * prev_h) Wh_h + b_h), next_h = z * prev_h + (1 - z) * h~",
        )
    return correct("your GRU step computes what keras.layers.GRU(reset_after=False) computes (3 random steps)")
