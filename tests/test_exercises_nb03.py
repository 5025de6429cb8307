"""Notebook 03's exercise checks: right answers pass, wrong ones get a hint, missing ones do not raise.

The right answers come from independent oracles: dWh from numerical gradients
of the step forward, the carousel factor from the math module, the GRU step
from keras.layers.GRU itself.
"""

import math

import numpy as np
import pytest

from lstm_helpers import lstm as L
from lstm_helpers.exercises import Feedback, nb03
from lstm_helpers.gradcheck import check_gradients


@pytest.mark.parametrize("check", [nb03.check_step_dWh, nb03.check_carousel_fraction, nb03.check_gru_step])
def test_placeholder_answers_say_not_yet_without_raising(check):
    fb = check(None)
    assert isinstance(fb, Feedback) and not fb and fb.hint
    assert str(fb).startswith("Not yet")


@pytest.mark.parametrize("check", [nb03.check_step_dWh, nb03.check_gru_step])
def test_function_answers_that_raise_or_are_not_functions_get_feedback(check):
    def broken(*args):
        raise IndexError("oops")

    fb = check(broken)
    assert not fb and "raised IndexError: oops" in fb.message
    fb = check(42)
    assert not fb and "must be a function" in fb.message
    fb = check(lambda *args: None)
    assert not fb and "returns None" in fb.message and fb.hint


# --- exercise 1: dWh of one step ---


def _dWh_by_hand(dnext_h, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    do = dnext_h * tanh_c
    dc = dnext_h * o * (1 - tanh_c**2)
    da = np.concatenate(
        [dc * g * i * (1 - i), dc * prev_c * f * (1 - f), dc * i * (1 - g**2), do * o * (1 - o)], axis=1
    )
    return prev_h.T @ da


def test_dWh_by_hand_matches_numerical_gradients():
    dnext_h, cache = nb03.dwh_example(0)
    p = nb03._problem(nb03.DWH_SIZES, 4, 0)  # the numbers behind dwh_example(0)
    x, prev_h, prev_c, Wx, Wh, b = (p[k] for k in ("x", "prev_h", "prev_c", "Wx", "Wh", "b"))

    def next_h(Wh):
        return L.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)[0]

    report = check_gradients(next_h, [Wh], [_dWh_by_hand(dnext_h, cache)], df=dnext_h, h=1e-6)
    assert report.max_error < 1e-6, str(report)


def test_dWh_right_answer_passes():
    assert nb03.check_step_dWh(_dWh_by_hand)
    assert nb03.check_step_dWh(lambda dh, cache: L.lstm_step_backward(dh, np.zeros_like(dh), cache)[4])


def test_dWh_wrong_answers_get_specific_hints():
    fb = nb03.check_step_dWh(lambda dh, cache: _dWh_by_hand(dh, cache).T)
    assert not fb and "transpose" in fb.message
    fb = nb03.check_step_dWh(lambda dh, cache: cache[0].T @ np.ones((dh.shape[0], 4 * dh.shape[1])))
    assert not fb and "dWx's shape" in fb.message

    def no_derivatives(dh, cache):
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        dc = dh * o * (1 - tanh_c**2)
        return prev_h.T @ np.concatenate([dc * g, dc * prev_c, dc * i, dh * tanh_c], axis=1)

    fb = nb03.check_step_dWh(no_derivatives)
    assert not fb and "derivatives" in fb.message

    def forgot_tanh_prime(dh, cache):  # dc = dh * o: misses tanh'(c), so i, f, g are wrong and o right
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        dc = dh * o
        da = np.concatenate(
            [dc * g * i * (1 - i), dc * prev_c * f * (1 - f), dc * i * (1 - g**2), dh * tanh_c * o * (1 - o)], axis=1
        )
        return prev_h.T @ da

    fb = nb03.check_step_dWh(forgot_tanh_prime)
    assert not fb and "i, f, g" in fb.message and "1 - tanh(c)**2" in fb.hint

    def wrong_o(dh, cache):
        right = _dWh_by_hand(dh, cache)
        H = dh.shape[1]
        right[:, 3 * H :] *= 2
        return right

    fb = nb03.check_step_dWh(wrong_o)
    assert not fb and "output gate" in fb.message


# --- exercise 2: the carousel ---


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


def test_carousel_right_answer_passes():
    f = _sigmoid(nb03.CAROUSEL_FORGET_BIAS)
    right = f**nb03.CAROUSEL_STEPS
    assert nb03.check_carousel_fraction(right)
    assert nb03.check_carousel_fraction(np.float32(right * 1.005))
    assert nb03.carousel_fraction() == pytest.approx(right, rel=1e-12)


def test_carousel_wrong_answers_get_hints():
    f, K = _sigmoid(nb03.CAROUSEL_FORGET_BIAS), nb03.CAROUSEL_STEPS
    assert "multiplies" in nb03.check_carousel_fraction(f * K).hint
    assert "count the steps" in nb03.check_carousel_fraction(f ** (K - 1)).hint
    assert "kept" in nb03.check_carousel_fraction((1 - f) ** K).hint
    assert "sigmoid" in nb03.check_carousel_fraction(0.5**K).hint
    assert "between 0 and 1" in nb03.check_carousel_fraction(3.0).message
    assert "must be a number" in nb03.check_carousel_fraction("0.002").message
    fb = nb03.check_carousel_fraction(0.3)
    assert not fb and fb.hint


# --- exercise 3: a GRU step ---


def test_gru_reference_equals_keras_gru():
    import lstm_helpers

    keras = lstm_helpers.import_keras()
    x, prev_h, Wx, Wh, b = nb03.gru_example(5)
    layer = keras.layers.GRU(prev_h.shape[1], reset_after=False, dtype="float64")
    layer.build((None, 1, x.shape[1]))
    layer.set_weights([Wx, Wh, b])
    keras_h = np.asarray(layer(x[:, None, :], initial_state=[prev_h]))
    np.testing.assert_allclose(nb03.gru_step_forward(x, prev_h, Wx, Wh, b), keras_h, rtol=0, atol=1e-12)


def test_gru_right_answer_passes():
    def gru_step(x, prev_h, Wx, Wh, b):
        H = prev_h.shape[1]
        sig = lambda a: 1 / (1 + np.exp(-a))
        z = sig(x @ Wx[:, :H] + prev_h @ Wh[:, :H] + b[:H])
        r = sig(x @ Wx[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H] + b[H : 2 * H])
        cand = np.tanh(x @ Wx[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :] + b[2 * H :])
        return z * prev_h + (1 - z) * cand

    assert nb03.check_gru_step(gru_step)
    assert nb03.check_gru_step(nb03.gru_step_forward)


@pytest.mark.parametrize(
    "k, word", [(0, "swapped"), (1, "reset_after=True"), (2, "sigmoid"), (3, "blocks are swapped")]
)
def test_gru_common_slips_get_their_hint(k, word):
    def slip(*args):
        return nb03._gru_variants(*args)[k][0]

    fb = nb03.check_gru_step(slip)
    assert not fb and word in fb.message


def test_gru_wrong_shape_and_other_errors():
    fb = nb03.check_gru_step(lambda x, h, Wx, Wh, b: h[:, :2])
    assert not fb and "must be (N, H)" in fb.message
    fb = nb03.check_gru_step(lambda x, h, Wx, Wh, b: h)
    assert not fb and "not right yet" in fb.message
