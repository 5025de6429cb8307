"""Checks for notebook 02's exercises (LSTM gate values by hand, gate biases, shapes).

Each check takes the learner's answer (``None`` while the answer cell is
still the placeholder) and returns :func:`correct` or :func:`not_yet` with a
hint; none of them raises on a wrong or missing answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..lstm import half_life_formula, lstm_step_forward, sigmoid
from . import Feedback, as_number, as_whole_number, correct, no_answer, not_yet

# Exercise 1: one step of a one-unit LSTM (D = H = 1), layout [i, f, g, o].
ONE_UNIT = {
    "x_t": 1.0,
    "h_prev": 0.0,
    "c_prev": 2.0,
    "Wx": [[0.0, 1.0, 1.0, 0.0]],  # (D, 4H) = (1, 4)
    "Wh": [[0.0, 0.0, 0.0, 0.0]],  # (H, 4H) = (1, 4)
    "b": [0.0, 1.0, 0.0, 0.0],  # (4H,): forget bias 1, as Keras starts it
}
TOLERANCE = 5e-4  # answers to 4 decimals are right

# Exercise 2: the forget bias that makes memory last this many steps.
TARGET_HALF_LIFE = 10.0

# Exercise 3: parameters of keras.layers.LSTM(H) on D input features.
PARAM_D, PARAM_H = 3, 5


def one_unit_problem() -> str:
    """The numbers of exercise 1, as the notebook prints them."""
    u = ONE_UNIT
    return (
        f"x_t = {u['x_t']}, h_(t-1) = {u['h_prev']}, c_(t-1) = {u['c_prev']}\n"
        f"Wx = {u['Wx']}   (D, 4H) = (1, 4), columns [i, f, g, o]\n"
        f"Wh = {u['Wh']}   (H, 4H) = (1, 4)\n"
        f"b  = {u['b']}   (4H,)"
    )


def _one_unit_answer():
    """``(c_t, h_t)`` of exercise 1 from the package's LSTM step."""
    u = ONE_UNIT
    x, h_prev, c_prev = (np.array([[u[k]]]) for k in ("x_t", "h_prev", "c_prev"))  # (N, D) = (N, H) = (1, 1)
    h, c, _ = lstm_step_forward(x, h_prev, c_prev, np.array(u["Wx"]), np.array(u["Wh"]), np.array(u["b"]))
    return float(c[0, 0]), float(h[0, 0])


def check_one_unit_step(c_t, h_t) -> Feedback:
    """Exercise 1: ``c_t`` and ``h_t`` of the one-unit step in :data:`ONE_UNIT`, to 4 decimals."""
    if c_t is None and h_t is None:
        return no_answer(
            "numbers for c_t and h_t", hint="start with the four pre-activations a = x_t Wx + h_(t-1) Wh + b"
        )
    c_val, h_val = as_number(c_t), as_number(h_t)
    if c_val is None or h_val is None:
        return not_yet(f"c_t and h_t must both be numbers, got {c_t!r} and {h_t!r}")
    c_ok, h_ok = _one_unit_answer()
    c_right = abs(c_val - c_ok) <= TOLERANCE
    h_right = abs(h_val - h_ok) <= TOLERANCE
    if c_right and h_right:
        return correct(f"c_t = {c_ok:.4f} and h_t = {h_ok:.4f}")
    u = ONE_UNIT
    a = np.array(u["Wx"][0]) * u["x_t"] + np.array(u["Wh"][0]) * u["h_prev"] + np.array(u["b"])
    sig = lambda z: 1 / (1 + math.exp(-z))
    c_with_sigmoid_g = sig(a[1]) * u["c_prev"] + sig(a[0]) * sig(a[2])  # a classic slip
    if not c_right and abs(c_val - c_with_sigmoid_g) <= TOLERANCE:
        return not_yet(
            f"c_t = {c_val:.4f} uses a sigmoid for the candidate g",
            hint="i, f and o use the sigmoid; the candidate g uses tanh",
        )
    if not c_right:
        return not_yet(
            f"c_t = {c_val:.4f} is not right yet",
            hint="c_t = f * c_(t-1) + i * g, with f = sigmoid(a_f), i = sigmoid(a_i), g = tanh(a_g); "
            "the columns of Wx are [i, f, g, o]",
        )
    return not_yet(
        f"c_t = {c_val:.4f} is right, h_t = {h_val:.4f} is not yet",
        hint="h_t = o * tanh(c_t), with the new c_t and o = sigmoid(a_o)",
    )


def check_forget_bias(b_f) -> Feedback:
    """Exercise 2: a forget bias whose memory half-life is :data:`TARGET_HALF_LIFE` steps (within 1%)."""
    if b_f is None:
        return no_answer("a number for b_f", hint=f"solve sigmoid(b_f) ** {TARGET_HALF_LIFE:g} = 0.5 for b_f")
    value = as_number(b_f)
    if value is None:
        return not_yet(f"b_f must be a number, got {b_f!r}")
    f = float(sigmoid(np.float64(value)))
    half_life = half_life_formula(value)  # ln(0.5) / ln(f), without overflow for large |b_f|
    if abs(half_life - TARGET_HALF_LIFE) <= 0.01 * TARGET_HALF_LIFE:
        return correct(f"b_f = {value:.4f} gives f = {f:.4f} and a half-life of {half_life:.2f} steps")
    f_target = 0.5 ** (1 / TARGET_HALF_LIFE)
    if abs(value - f_target) <= 1e-3:
        return not_yet(
            f"{value:.4f} is the forget gate value f, not its bias",
            hint="the bias is the pre-activation: b_f = ln(f / (1 - f))",
        )
    direction = "larger" if half_life < TARGET_HALF_LIFE else "smaller"
    return not_yet(
        f"b_f = {value:.4f} gives a half-life of {half_life:.2f} steps, not {TARGET_HALF_LIFE:g}",
        hint=f"try a {direction} b_f: first find f with f ** {TARGET_HALF_LIFE:g} = 0.5, then b_f = ln(f / (1 - f))",
    )


def check_param_count(count) -> Feedback:
    """Exercise 3: trainable parameters of ``keras.layers.LSTM(PARAM_H)`` on ``PARAM_D`` features."""
    D, H = PARAM_D, PARAM_H
    if count is None:
        return no_answer("a whole number for n_params", hint="count the entries of Wx (D, 4H), Wh (H, 4H) and b (4H,)")
    value = as_whole_number(count)
    if value is None:
        return not_yet(f"expected a whole number, got {count!r}", hint="parameter counts are whole numbers")
    right = D * 4 * H + H * 4 * H + 4 * H
    if value == right:
        return correct(f"{value} = {D}*{4 * H} (Wx) + {H}*{4 * H} (Wh) + {4 * H} (b)")
    if value == D * 4 * H + H * 4 * H:
        return not_yet(f"{value} leaves out the biases", hint="b has one entry per gate and unit: (4H,)")
    if value == (D + H + 1) * H:
        return not_yet(f"{value} counts one gate only", hint="there are four blocks [i, f, g, o]: Wx is (D, 4H)")
    if value == 4 * (D + H) * (D + H) + 4 * H:
        return not_yet(
            f"{value} treats [h, x] as both input and output",
            hint="each gate maps the (D + H)-vector [h_(t-1), x_t] to H values, not to D + H",
        )
    return not_yet(f"{value} is not the count yet", hint="add up the sizes: Wx is (D, 4H), Wh is (H, 4H), b is (4H,)")
