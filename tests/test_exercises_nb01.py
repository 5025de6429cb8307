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


def test_check_backprop_step_accepts_the_chain_rule():
    def right(dh_t, h_t, Wh):
        return (dh_t * (1 - h_t**2)) @ Wh.T

    assert nb01.check_backprop_step(right)


@pytest.mark.parametrize(
    "wrong, hint_word",
    [
        (lambda dh, h, Wh: dh @ Wh.T, "1 - h_t**2"),
        (lambda dh, h, Wh: (dh * (1 - h**2)) @ Wh, "Wh.T"),
        (lambda dh, h, Wh: (dh * (1 - np.tanh(h) ** 2)) @ Wh.T, "tanh'"),
        (lambda dh, h, Wh: dh * (1 - h**2), "Chain rule"),
        (lambda dh, h, Wh: (dh * (1 - h**2) @ Wh.T)[:, :2], "one row per example"),
        (lambda dh, h, Wh: None, "Return"),
        (lambda dh, h, Wh: 1 / 0, "NumPy arrays"),
    ],
)
def test_check_backprop_step_hints(wrong, hint_word):
    fb = nb01.check_backprop_step(wrong)
    assert not fb and hint_word in fb.hint


def test_check_backprop_step_placeholders():
    for placeholder in [None, 3]:
        fb = nb01.check_backprop_step(placeholder)
        assert not fb and "backprop_one_step" in fb.hint


# --- exercise 3 ---


def test_check_clipping_share():
    assert nb01.check_clipping_share(1e-9)
    fb = nb01.check_clipping_share(1e-9 / 500)
    assert not fb and "new total" in fb.hint
    fb = nb01.check_clipping_share(0.5)
    assert not fb and "one factor" in fb.hint
    assert not nb01.check_clipping_share(None)


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
