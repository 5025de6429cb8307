"""Notebook 02's exercise checks: right answers pass, wrong ones get a hint, missing ones do not raise.

The right answers come from independent oracles: the LSTM equations written
out with the math module, the half-life definition, and Keras's own count.
"""

import math

import pytest

from lstm_helpers.exercises import Feedback, nb02


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


def _one_unit_by_hand():
    u = nb02.ONE_UNIT
    a = [u["x_t"] * wx + u["h_prev"] * wh + b for wx, wh, b in zip(u["Wx"][0], u["Wh"][0], u["b"])]
    i, f, g, o = _sigmoid(a[0]), _sigmoid(a[1]), math.tanh(a[2]), _sigmoid(a[3])
    c = f * u["c_prev"] + i * g
    return c, o * math.tanh(c)


@pytest.mark.parametrize(
    "check, args",
    [
        (nb02.check_one_unit_step, (None, None)),
        (nb02.check_forget_bias, (None,)),
        (nb02.check_param_count, (None,)),
    ],
)
def test_placeholder_answers_say_not_yet_without_raising(check, args):
    fb = check(*args)
    assert isinstance(fb, Feedback) and not fb and fb.hint
    assert str(fb).startswith("Not yet")


def test_one_unit_step_right_answer_to_4_decimals():
    c, h = _one_unit_by_hand()
    assert nb02.check_one_unit_step(round(c, 4), round(h, 4))
    assert nb02.check_one_unit_step(c, h)


def test_one_unit_step_wrong_answers_get_specific_hints():
    c, h = _one_unit_by_hand()
    u = nb02.ONE_UNIT
    c_sigmoid_g = _sigmoid(1.0) * u["c_prev"] + _sigmoid(0.0) * _sigmoid(1.0)  # candidate through a sigmoid
    fb = nb02.check_one_unit_step(c_sigmoid_g, h)
    assert not fb and "tanh" in fb.hint
    fb = nb02.check_one_unit_step(c, math.tanh(c))  # forgot the output gate
    assert not fb and "o * tanh(c_t)" in fb.hint
    fb = nb02.check_one_unit_step(c + 0.01, h)
    assert not fb and "c_t = f * c_(t-1) + i * g" in fb.hint
    assert not nb02.check_one_unit_step("2.14", h)


def test_forget_bias_for_the_target_half_life():
    f = 0.5 ** (1 / nb02.TARGET_HALF_LIFE)
    b_f = math.log(f / (1 - f))
    assert nb02.check_forget_bias(b_f) and nb02.check_forget_bias(round(b_f, 3))
    fb = nb02.check_forget_bias(f)  # the gate value instead of the bias
    assert not fb and "ln(f / (1 - f))" in fb.hint
    fb = nb02.check_forget_bias(1.0)  # Keras's default: too short
    assert not fb and "larger" in fb.hint
    fb = nb02.check_forget_bias(6.0)
    assert not fb and "smaller" in fb.hint
    assert not nb02.check_forget_bias(float("inf"))


def test_param_count_agrees_with_keras():
    from lstm_helpers.config import import_keras

    keras = import_keras()
    layer = keras.layers.LSTM(nb02.PARAM_H)
    layer.build((None, None, nb02.PARAM_D))
    right = layer.count_params()
    assert nb02.check_param_count(right) and nb02.check_param_count(float(right))
    D, H = nb02.PARAM_D, nb02.PARAM_H
    fb = nb02.check_param_count(right - 4 * H)
    assert not fb and "biases" in fb.message
    fb = nb02.check_param_count((D + H + 1) * H)
    assert not fb and "four" in fb.hint
    assert not nb02.check_param_count(right + 1)
    assert not nb02.check_param_count(180.5)
