"""Notebook 01's exercise checks: a right answer passes, wrong ones get a hint, placeholders never raise."""

import math

import numpy as np
import pytest

from lstm_helpers.exercises import nb01

# --- exercise 1 ---


def test_steps_to_vanish_by_brute_force():
    for rho, factor in [(0.9, 1e-3), (0.5, 0.25), (0.99, 0.01), (0.7, 1e-6)]:
        k = 0
        while rho**k >= factor:
            k += 1
        assert nb01.steps_to_vanish(rho, factor) == k


def test_check_steps_to_vanish():
    k = nb01.steps_to_vanish(0.9, 1e-3)
    assert 0.9**k < 1e-3 <= 0.9 ** (k - 1)
    assert nb01.check_steps_to_vanish(k)
    assert nb01.check_steps_to_vanish(np.int64(k))
    fb = nb01.check_steps_to_vanish(k - 1)
    assert not fb and "One more step" in fb.hint
    fb = nb01.check_steps_to_vanish(math.log(1e-3) / math.log(0.9))
    assert not fb and "Round up" in fb.hint
    fb = nb01.check_steps_to_vanish(10)
    assert not fb and "logarithms" in fb.hint
    for placeholder in [None, "66", [66], True]:
        fb = nb01.check_steps_to_vanish(placeholder)
        assert not fb and fb.hint


# --- exercise 2 ---


def test_check_decay_rate_uses_the_explorers_measurement():
    from lstm_helpers.rnn import gradient_decay_curve
    from lstm_helpers.widgets.rnn import rnn_explorer

    explorer = rnn_explorer(rho=1.25, input_scale=0.75, draw=False)  # the slider positions the exercise names
    measured = explorer.curve["decay_rate"]
    assert measured == gradient_decay_curve(1.25, 0.75)["decay_rate"]
    assert measured < 1 < 1.25  # the point of the exercise: rho > 1, and still it vanishes
    fb = nb01.check_decay_rate("explodes", round(measured, 3))  # what the readout shows
    assert fb and "although you predicted" in fb.message
    fb = nb01.check_decay_rate(" Vanishes", np.array([measured]))
    assert fb and "as you predicted" in fb.message


def test_check_decay_rate_hints():
    fb = nb01.check_decay_rate("vanishes", 1.25)
    assert not fb and "linear prediction" in fb.message and "gradient_decay_curve" in fb.hint
    fb = nb01.check_decay_rate("vanishes", 0.9)
    assert not fb and "sliders" in fb.hint
    for prediction in [None, "shrinks", 0.8]:
        fb = nb01.check_decay_rate(prediction, 0.8)
        assert not fb and fb.hint
    for rate in [None, "0.8", float("nan")]:
        fb = nb01.check_decay_rate("vanishes", rate)
        assert not fb and fb.hint


def test_check_decay_rate_explaining_an_explosion():
    from lstm_helpers.rnn import gradient_decay_curve

    measured = gradient_decay_curve(1.5, 0.0)["decay_rate"]  # linear range: the rate is rho
    fb = nb01.check_decay_rate("explodes", measured, rho=1.5, input_scale=0.0)
    assert fb and "explodes, as you predicted" in fb.message


# --- exercise 3 ---


def test_steps_until_below_one_against_the_rnn_package():
    from lstm_helpers import rnn

    Wh = np.array(nb01.NON_NORMAL_WH)
    _, cache = rnn.rnn_forward(np.zeros((1, 60, 2)), np.zeros((1, 2)), np.eye(2), Wh, np.zeros(2))
    norms = rnn.hidden_gradient_norms(cache)[::-1]  # by distance
    k = nb01.steps_until_below_one()
    assert 1 + np.flatnonzero(norms[1:] < 1)[0] == k
    assert max(abs(np.linalg.eigvals(Wh))) < 1 < np.linalg.norm(Wh, 2)  # shrinks in the long run, stretches first
    assert nb01.steps_until_below_one(0.5 * np.eye(3)) == 1  # rho * orthogonal: below 1 after one step
    with pytest.raises(ValueError, match="stays at or above 1"):
        nb01.steps_until_below_one(1.01 * np.eye(2), max_steps=50)


def test_check_steps_until_below_one():
    k = nb01.steps_until_below_one()
    assert nb01.check_steps_until_below_one(k)
    assert nb01.check_steps_until_below_one(float(k))
    fb = nb01.check_steps_until_below_one(1)
    assert not fb and "singular values" in fb.hint
    fb = nb01.check_steps_until_below_one(k + 1)
    assert not fb and "hidden_gradient_norms" in fb.hint
    assert not nb01.check_steps_until_below_one(None)


# --- exercise 4 ---


def test_half_memory_mse_by_simulation_and_check():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(size=(2, 400_000))
    simulated = float(np.mean((a + b - (b + 0.5)) ** 2))  # the best guess knowing b only
    assert simulated == pytest.approx(1 / 12, abs=1e-3)  # the check's exact answer, by simulation
    assert nb01.check_half_memory_mse(1 / 12)
    fb = nb01.check_half_memory_mse(1 / 6)
    assert not fb and "knows b" in fb.hint
    fb = nb01.check_half_memory_mse(1 / 3)  # guessing a = 0: E[a^2]
    assert not fb and "mean, 1/2" in fb.hint
    fb = nb01.check_half_memory_mse(0.5)
    assert not fb and "variance" in fb.hint
    assert not nb01.check_half_memory_mse(None)
