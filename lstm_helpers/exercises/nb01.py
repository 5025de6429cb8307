"""Checks for notebook 01's exercises (vanishing and exploding gradients in a vanilla RNN).

Each check returns a :class:`~lstm_helpers.exercises.Feedback`: truthy and
"Correct: ..." when the answer is right, otherwise "Not yet: ..." with a hint.
An unanswered exercise (``None``) gets a hint too; no check ever raises on a
learner's answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..rnn import rnn_step_backward, rnn_step_forward
from . import as_number, correct, no_answer, not_yet


def _no_number(answer, what):
    if answer is None:
        return no_answer(what, hint=f"Give {what}.")
    return not_yet(f"expected a single number, got {type(answer).__name__} {answer!r}.", hint=f"Give {what}.")


# --- exercise 1: how far back does a gradient survive? ---


def steps_to_vanish(rho: float, factor: float) -> int:
    """The smallest k with ``rho**k < factor``: steps until a linear RNN's gradient falls below ``factor``."""
    if not 0 < rho < 1 or not 0 < factor < 1:
        raise ValueError(f"rho and factor must lie in (0, 1), got rho={rho!r}, factor={factor!r}")
    k = math.floor(math.log(factor) / math.log(rho)) + 1  # the first integer strictly past the crossing
    while rho**k >= factor:  # guard against rounding in the logarithms, both ways
        k += 1
    while k > 1 and rho ** (k - 1) < factor:
        k -= 1
    return k


def check_steps_to_vanish(answer, rho: float = 0.9, factor: float = 1e-3):
    """Exercise 1: with spectral radius ``rho`` (linear RNN), how many steps until ``||dL/dh_t||`` < ``factor``?"""
    value = as_number(answer)
    what = f"the number of steps k after which {rho}**k first drops below {factor:g}"
    if value is None:
        return _no_number(answer, what)
    k = steps_to_vanish(rho, factor)
    if value == k:
        return correct(f"{rho}**{k} = {rho**k:.3g} < {factor:g}, while {rho}**{k - 1} = {rho ** (k - 1):.3g} is not.")
    if not float(value).is_integer() and abs(value - math.log(factor) / math.log(rho)) < 1e-3:
        return not_yet(
            f"{value:.4g} is where the curve crosses {factor:g}, but steps come whole.",
            hint="Round up: the first whole step past the crossing.",
        )
    if value == k - 1:
        return not_yet(
            f"after {k - 1} steps the norm is {rho ** (k - 1):.3g}, not yet below {factor:g}.", hint="One more step."
        )
    return not_yet(
        f"{value:g} steps give {rho}**{value:g} = {rho**value:.3g}.",
        hint=f"Solve {rho}**k < {factor:g} with logarithms: k > log({factor:g}) / log({rho}).",
    )


# --- exercise 2: one step of backpropagation through time ---


def check_backprop_step(fn):
    """Exercise 2: ``fn(dh_t, h_t, Wh)`` must return dL/dh_{t-1} for ``h_t = tanh(x Wx + h_{t-1} Wh + b)``."""
    hint = "Define `backprop_one_step(dh_t, h_t, Wh)` and pass the function itself (no brackets)."
    if fn is None:
        return no_answer("your function backprop_one_step", hint=hint)
    if not callable(fn):
        return not_yet(f"expected a function, got {type(fn).__name__}.", hint=hint)
    rng = np.random.default_rng(0)
    N, D, H = 3, 4, 5
    x, prev_h = rng.standard_normal((N, D)), rng.standard_normal((N, H))
    Wx, Wh, b = rng.standard_normal((D, H)), rng.standard_normal((H, H)), rng.standard_normal(H)
    h_t, cache = rnn_step_forward(x, prev_h, Wx, Wh, b)
    dh_t = rng.standard_normal((N, H))
    expected = rnn_step_backward(dh_t, cache)[1]  # dprev_h
    try:
        got = fn(dh_t.copy(), h_t.copy(), Wh.copy())
    except Exception as exc:  # the learner's code: report, don't raise
        return not_yet(
            f"your function raised {type(exc).__name__}: {exc}",
            hint="It gets dh_t (N, H), h_t (N, H) and Wh (H, H) as NumPy arrays.",
        )
    if got is None:
        return not_yet("your function returned None.", hint="Return the array dL/dh_{t-1}.")
    got = np.asarray(got)
    if got.shape != expected.shape:
        return not_yet(
            f"expected shape (N, H) = {expected.shape}, got {got.shape}.",
            hint="dL/dh_{t-1} has one row per example and one column per hidden unit.",
        )
    if np.allclose(got, expected, rtol=1e-6, atol=1e-9):
        return correct(
            "dL/dh_{t-1} = (dL/dh_t * (1 - h_t**2)) @ Wh.T, the transposed Jacobian applied to the gradient."
        )
    if np.allclose(got, dh_t @ Wh.T):
        return not_yet("you left out the derivative of tanh.", hint="Multiply dh_t by (1 - h_t**2) first.")
    if np.allclose(got, (dh_t * (1 - h_t**2)) @ Wh):
        return not_yet(
            "the tanh part is right, the matrix is not.",
            hint="h_t uses h_{t-1} @ Wh, so the gradient goes back through Wh.T.",
        )
    if np.allclose(got, (dh_t * (1 - np.tanh(h_t) ** 2)) @ Wh.T):
        return not_yet(
            "h_t is already tanh(...): don't apply tanh again.", hint="tanh'(a) = 1 - tanh(a)**2 = 1 - h_t**2."
        )
    return not_yet(
        "the values differ from dL/dh_{t-1}.",
        hint="Chain rule: back through tanh (times 1 - h_t**2), then back through the product with Wh.",
    )


# --- exercise 3: what clipping can't do ---


def check_clipping_share(answer, share: float = 1e-9, norm: float = 500.0, max_norm: float = 1.0):
    """Exercise 3: the share of the gradient from far-back steps after clipping a norm-``norm`` gradient."""
    value = as_number(answer)
    what = "the share after clipping, as a number (e.g. 1e-3)"
    if value is None:
        return _no_number(answer, what)
    if math.isclose(value, share, rel_tol=1e-6):
        return correct(
            f"still {share:g}: clipping multiplies every part of the gradient by the same "
            f"factor {max_norm:g}/{norm:g}, so shares never change."
        )
    if math.isclose(value, share * max_norm / norm, rel_tol=1e-6):
        return not_yet(
            "that is the far-back part's size after clipping, not its share.",
            hint="The total shrank by the same factor: divide by the new total.",
        )
    return not_yet(
        f"{value:g} is not it.",
        hint="Clipping rescales the whole gradient by one factor; what happens to a ratio of two parts?",
    )


# --- exercise 4: the adding problem with half a memory ---


def check_half_memory_mse(answer):
    """Exercise 4: the best test MSE on the adding problem for a model that only remembers the second marked value.

    The target is ``a + b`` with ``a, b`` uniform on [0, 1]. Knowing ``b`` only,
    the best prediction is ``b + E[a] = b + 1/2`` and the error left is
    ``Var(a) = 1/12``, half of the knows-nothing baseline 1/6.
    """
    value = as_number(answer)
    what = "the mean squared error as a number (a fraction like 1/7 is fine)"
    if value is None:
        return _no_number(answer, what)
    if math.isclose(value, 1 / 12, rel_tol=1e-3):
        return correct(
            "1/12: predicting b + 1/2 leaves the error of the forgotten value, Var(a) = 1/12, "
            "half the constant baseline 1/6. A plateau near 0.083 means the model remembers one number."
        )
    if math.isclose(value, 1 / 6, rel_tol=1e-3):
        return not_yet(
            "1/6 is the baseline of a model that remembers nothing.",
            hint="This model knows b: what is its best guess for a + b, and what error is left?",
        )
    if math.isclose(value, 1 / 4, rel_tol=1e-3) or math.isclose(value, 1 / 3, rel_tol=1e-3):
        return not_yet(
            f"{value:g} is the error of predicting b + a guess for a that is not the best one.",
            hint="The best constant guess for a uniform value on [0, 1] is its mean, 1/2.",
        )
    return not_yet(
        f"{value:g} is not it.",
        hint="The best guess is b + E[a]; its error is E[(a - E[a])**2], the variance of a uniform value on [0, 1].",
    )
