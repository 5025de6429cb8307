"""Checks for notebook 01's exercises (vanishing and exploding gradients in a vanilla RNN).

Each check returns a :class:`~lstm_helpers.exercises.Feedback`: truthy and
"Correct: ..." when the answer is right, otherwise "Not yet: ..." saying what
is wrong with this answer. An unanswered exercise (``None``) gets a hint too;
no check ever raises on a learner's answer. The hints come in stages over
successive wrong answers (:func:`~lstm_helpers.exercises.staged`): the idea,
the formula, the code, the same three as under the exercise in the notebook.
"""

from __future__ import annotations

import math

import numpy as np

from ..rnn import DECAY_H, DECAY_N, DECAY_T, gradient_decay_curve, rms_slope
from . import as_number, correct, no_answer, not_yet, show, staged


def _no_number(answer, what):
    if answer is None:
        return no_answer(what, hint=f"Give {what}.")
    return not_yet(f"expected a single number, got {type(answer).__name__} {show(answer)}.", hint=f"Give {what}.")


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


@staged(
    "each step back multiplies the norm by exactly rho (section 1).",
    "you need the smallest whole k with rho ** k < 1e-3, i.e. k > ln(1e-3) / ln(rho), here with rho = 0.9.",
    "ex1_steps = int(np.floor(np.log(1e-3) / np.log(0.9))) + 1; 0.9 ** ex1_steps < 1e-3 <= 0.9 ** (ex1_steps - 1)",
)
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
            f"{show(value)} is where the curve crosses {show(factor)}, but steps come whole.",
            hint="Round up: the first whole step past the crossing.",
        )
    if value == k - 1:
        return not_yet(
            f"after {show(k - 1)} steps the norm is {show(rho ** (k - 1))}, not yet below {show(factor)}.",
            hint="One more step.",
        )
    if not float(value).is_integer() or value < 0:
        return not_yet(f"{show(value)} is not a number of steps: steps back come whole, 0 or more.")
    if value < k:
        return not_yet(
            f"too few: after {show(value)} steps the norm is {show(rho**value)}, not yet below {show(factor)}."
        )
    return not_yet(
        f"too many: after {show(value)} steps the norm is below {show(factor)}, but it was so one step earlier too."
    )


# --- exercise 2: predict, then measure a decay rate ---

PREDICTIONS = ("vanishes", "explodes")


@staged(
    "rho > 1 stretches the gradient at every step; saturated tanh units (1 - h**2 well below 1) shrink it. "
    "Which wins depends on how large the inputs are (section 2's saturation table).",
    "one step back multiplies the row gradient by diag(1 - h_t**2), then by Wh^T = rho Q^T, which rotates it and "
    "scales it by rho: the norm changes by about rho * sqrt(mean((1 - h**2)**2)), rho times the root-mean-square "
    "slope (the mean slope runs low). Predict with it, then measure: the rate is exp(slope) of a line fitted to "
    "log ||dL/dh_t||.",
    'curve = rnn.gradient_decay_curve(1.25, 0.75); ex2_predicted = 1.25 * rnn.rms_slope(curve["h"]); '
    'ex2_rate = curve["decay_rate"]',
)
def check_decay_rate(prediction, rate, rho: float = 1.25, input_scale: float = 0.75):
    """Exercise 2: a prediction ("vanishes" or "explodes"), then the decay rate measured for ``rho``, ``input_scale``.

    The right rate is what :func:`~lstm_helpers.rnn.gradient_decay_curve` measures with its defaults, notebook
    01's one setting (``T = DECAY_T`` steps, ``H = DECAY_H`` units, ``N = DECAY_N`` sequences), which section 2
    and the explorer use too; the explorer shows three decimals, so an answer within 0.0006 counts. The
    prediction never makes the check fail: the feedback says whether it matched the measurement, and why.
    """
    words = " or ".join(repr(p) for p in PREDICTIONS)
    if prediction is None:
        return no_answer(
            f"your prediction, {words}",
            hint="Decide before you measure: what does rho > 1 say, and what do large inputs do to tanh's slope?",
        )
    guess = prediction.strip().lower() if isinstance(prediction, str) else None
    if guess not in PREDICTIONS:
        return not_yet(f"the prediction must be {words}, got {show(prediction)}.", hint=f"Write one of {words}.")
    what = f"the measured decay rate per step for rho = {rho}, input scale {input_scale}"
    value = as_number(rate)
    if value is None:
        return _no_number(rate, what)
    curve = gradient_decay_curve(rho, input_scale)
    measured = curve["decay_rate"]
    rms_prediction = rho * rms_slope(curve["h"])
    mean_prediction = rho * float(np.mean(1 - curve["h"] ** 2))
    if abs(value - measured) <= 6e-4:
        verdict = "vanishes" if measured < 1 else "explodes"
        matched = "as you predicted" if guess == verdict else f"although you predicted it {guess}"
        if measured < 1 < rho:
            why = (
                f"saturated units (1 - h**2 well below 1) shrink it at every step by more than rho = {rho} stretches it"
            )
        elif measured < 1:
            why = f"rho = {rho} already shrinks it, and saturation shrinks it further"
        else:
            why = "rho stretches it by more than saturation shrinks it"
        return correct(
            f"{measured:.3f} per step: the gradient {verdict}, {matched}; {why}. rho times the root-mean-square "
            f"slope predicted {rms_prediction:.3f}."
        )
    if math.isclose(value, rho, rel_tol=1e-3):
        return not_yet(f"{show(value)} is the linear prediction rho, which ignores tanh's slope.")
    if abs(value - mean_prediction) <= 6e-4:
        return not_yet(
            f"{show(value)} is rho times the mean slope, a prediction that runs low: the norm follows the "
            f"root-mean-square slope ({show(rms_prediction)}), and the rate itself is measured."
        )
    if abs(value - rms_prediction) <= 6e-4:
        return not_yet(f"{show(value)} is the prediction rho times the RMS slope, close: now measure the rate.")
    return not_yet(
        f"{show(value)} is not the rate measured for rho = {show(rho)} and input scale {show(input_scale)} "
        f"(T = {DECAY_T} steps, H = {DECAY_H} units, N = {DECAY_N} sequences: the explorer's setting)."
    )


# --- exercise 3: a matrix that shrinks in the long run but stretches first ---

NON_NORMAL_WH = ((0.8, 2.0), (0.0, 0.8))  # both eigenvalues 0.8; largest singular value above 2


def steps_until_below_one(Wh=NON_NORMAL_WH, max_steps: int = 10_000) -> int:
    """The first distance k >= 1 at which ``||u (Wh^T)^k||`` is below 1, for ``u = ones(H) / sqrt(H)``.

    That is ``||dL/dh_t||`` at distance k in a linear RNN (tanh at h = 0, slope 1) whose loss puts the unit
    gradient ``u`` on the last state, computed here with plain matrix products, independently of
    :mod:`lstm_helpers.rnn`.
    """
    Wh = np.asarray(Wh, dtype=np.float64)
    g = np.ones(Wh.shape[0]) / np.sqrt(Wh.shape[0])
    for k in range(1, max_steps + 1):
        g = g @ Wh.T
        if np.linalg.norm(g) < 1:
            return k
    raise ValueError(f"the norm stays at or above 1 for {max_steps} steps: Wh = {Wh.tolist()}")


def _norm_at(Wh, k: int) -> float:
    """``||u (Wh^T)^k||`` for ``u = ones(H) / sqrt(H)``: the gradient's norm at distance k (see above)."""
    Wh = np.asarray(Wh, dtype=np.float64)
    u = np.ones(Wh.shape[0]) / np.sqrt(Wh.shape[0])
    return float(np.linalg.norm(u @ np.linalg.matrix_power(Wh.T, k)))


@staged(
    "rho alone says one step. But this Wh is not rho times an orthogonal matrix: its largest singular value is "
    "above 1, so the gradient grows first (section 1's non-normal example).",
    "with zero inputs and h_(-1) = 0 every state is 0 and every tanh slope is 1, so the gradient at distance k is "
    "u (Wh^T)^k: find the first k >= 1 where its norm is below 1.",
    "Wh = np.array(nb01.NON_NORMAL_WH); "
    "_, cache = rnn.rnn_forward(np.zeros((1, 60, 2)), np.zeros((1, 2)), np.eye(2), Wh, np.zeros(2)); "
    "norms = rnn.hidden_gradient_norms(cache)[::-1]; ex3_steps = 1 + np.flatnonzero(norms[1:] < 1)[0]",
)
def check_steps_until_below_one(answer, Wh=NON_NORMAL_WH):
    """Exercise 3: for the linear RNN with ``Wh``, at what distance does ``||dL/dh_t||`` first fall below 1?"""
    what = "the first distance k >= 1 at which the gradient norm is below 1 (a whole number)"
    value = as_number(answer)
    if value is None:
        return _no_number(answer, what)
    k = steps_until_below_one(Wh)
    rho = float(max(abs(np.linalg.eigvals(np.asarray(Wh, dtype=np.float64)))))
    if value == k:
        return correct(
            f"{k} steps: with rho = {rho:g} the linear prediction rho**k is below 1 after one step, but this "
            f"non-normal Wh stretches the gradient first; rho decides only the long run."
        )
    if value == 1:
        return not_yet(
            f"that is what rho = {show(rho)} alone predicts (rho**1 < 1); this Wh is not rho times an orthogonal matrix.",
            hint="Measure it: the singular values, not the eigenvalues, decide the first steps.",
        )
    if not float(value).is_integer() or value < 1:
        return not_yet(f"{show(value)} is not a distance: k is a whole number of steps, 1 or more.")
    norm = _norm_at(Wh, int(value))
    if norm >= 1:
        return not_yet(f"at distance {show(value)} the norm is {show(norm)}, still at or above 1.")
    return not_yet(f"at distance {show(value)} the norm is {show(norm)}, below 1, but not for the first time.")


# --- exercise 4: the adding problem with half a memory ---


@staged(
    "knowing b, the only error left comes from not knowing a; the best guess for an unknown value is its mean.",
    "predict b + E[a]; the expected squared error is E[(a - E[a])**2] = Var(a), for a uniform on [0, 1].",
    "a, b = rng.uniform(size=(2, 1_000_000)); ex4_mse = np.mean((a + b - (b + 0.5)) ** 2)  # then the fraction",
)
def check_half_memory_mse(answer):
    """Exercise 4: the best test MSE on the adding problem for a model that only remembers the second marked value.

    The target is ``a + b`` with ``a, b`` uniform on [0, 1]. Knowing ``b`` only,
    the best prediction is ``b + E[a] = b + 1/2`` and the error left is
    ``Var(a) = 1/12``, half of the knows-nothing baseline 1/6. A simulated answer
    (hint 3: a million draws) is accepted within 1%; the feedback gives the exact value.
    """
    value = as_number(answer)
    what = "the mean squared error as a number (a fraction like 1/7 is fine)"
    if value is None:
        return _no_number(answer, what)
    if math.isclose(value, 1 / 12, rel_tol=1e-2):
        simulated = "" if math.isclose(value, 1 / 12, rel_tol=1e-6) else f"Your {value:.5f} is a simulation of it. "
        return correct(
            f"{simulated}1/12: predicting b + 1/2 leaves the error of the forgotten value, Var(a) = 1/12, "
            "half the constant baseline 1/6. A plateau near 0.083 means the model remembers one number."
        )
    if math.isclose(value, 1 / 6, rel_tol=1e-2):
        return not_yet(
            "1/6 is the baseline of a model that remembers nothing.",
            hint="This model knows b: what is its best guess for a + b, and what error is left?",
        )
    if math.isclose(value, 1 / 4, rel_tol=1e-2) or math.isclose(value, 1 / 3, rel_tol=1e-2):
        return not_yet(
            f"{show(value)} is the error of predicting b + a guess for a that is not the best one.",
            hint="The best constant guess for a uniform value on [0, 1] is its mean, 1/2.",
        )
    if value < 0:
        return not_yet(f"{show(value)} is negative: a mean squared error never is.")
    return not_yet(f"{show(value)} is not the error left when only b is known.")
