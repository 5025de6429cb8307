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
        (nb02.check_bias_gradient, (None,)),
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
    c_sigmoid_g = _sigmoid(2.2) * u["c_prev"] + _sigmoid(0.0) * _sigmoid(1.0)  # a_f = 2.2; g through a sigmoid
    fb = nb02.check_one_unit_step(c_sigmoid_g, h)
    assert not fb and "g uses tanh" in fb.message
    fb = nb02.check_one_unit_step(c, math.tanh(c))  # forgot the output gate
    assert not fb and "o * tanh(c_t)" in fb.message
    fb = nb02.check_one_unit_step(c + 0.01, h)
    assert not fb and "not right yet" in fb.message
    assert not nb02.check_one_unit_step("2.14", h)


def test_forget_bias_for_the_target_half_life():
    f = 0.5 ** (1 / nb02.TARGET_HALF_LIFE)
    b_f = math.log(f / (1 - f))
    assert nb02.check_forget_bias(b_f) and nb02.check_forget_bias(round(b_f, 3))
    fb = nb02.check_forget_bias(f)  # the gate value instead of the bias
    assert not fb and "not its bias" in fb.message
    fb = nb02.check_forget_bias(1.0)  # Keras's default: too short
    assert not fb and "larger" in fb.message
    fb = nb02.check_forget_bias(6.0)
    assert not fb and "smaller" in fb.message
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
    assert not fb and "four" in fb.message
    assert not nb02.check_param_count(right + 1)
    assert not nb02.check_param_count(180.5)


def test_the_placeholder_gives_the_idea_never_the_formula():
    """What is on the page before the learner has tried anything must not give the recipe away."""
    for fb in (nb02.check_one_unit_step(None, None), nb02.check_forget_bias(None), nb02.check_param_count(None)):
        assert fb.unanswered and not fb.stage and "=" not in fb.hint and "**" not in fb.hint, fb.hint


def test_hints_come_in_stages_over_wrong_answers(monkeypatch):
    from lstm_helpers import exercises

    monkeypatch.setattr(exercises, "_ATTEMPTS", {})
    stages = [nb02.check_forget_bias(1.0).stage, nb02.check_forget_bias(1.5).stage, nb02.check_forget_bias(2.0).stage]
    assert [s.split(":")[0] for s in stages] == [
        "Hint 1 of 3, the idea",
        "Hint 2 of 3, the formula",
        "Hint 3 of 3, the code",
    ]
    assert nb02.check_forget_bias(3.0).stage.startswith("Hint 3 of 3")  # the last stage stays
    assert not nb02.check_forget_bias(nb02.check_forget_bias.hints and 2.6342).stage  # a right answer gets none


def _run_hint_code(code: str, env: dict):
    exec(code.replace("; ", "\n"), env)


def test_every_stage_3_hint_gives_an_answer_its_check_accepts():
    """The code hint of each exercise, run as written, passes the exercise's own check."""
    import numpy as np

    from lstm_helpers.lstm import half_life_formula, sigmoid

    def lstm_step_by_hand(x, h_prev, c_prev, Wx, Wh, b):  # notebook 02's section 2 function, in short
        a = [
            sum(x[d] * Wx[d][k] for d in range(len(x))) + sum(h_prev[j] * Wh[j][k] for j in range(len(h_prev))) + b[k]
            for k in range(len(b))
        ]
        i, f, g, o = _sigmoid(a[0]), _sigmoid(a[1]), math.tanh(a[2]), _sigmoid(a[3])
        c = f * c_prev[0] + i * g
        return {"c": [c], "h": [o * math.tanh(c)]}

    env = {"np": np, "sigmoid": sigmoid, "half_life_formula": half_life_formula, "lstm_step_by_hand": lstm_step_by_hand}
    code1 = nb02.check_one_unit_step.hints[2]
    step = eval(code1.split(", then ")[0].removeprefix("step = "), env)
    assert nb02.check_one_unit_step(step["c"][0], step["h"][0])
    _run_hint_code(nb02.check_forget_bias.hints[2].split("; check it")[0].replace(" then ", "\n"), env)
    assert nb02.check_forget_bias(env["ex2_b_f"])
    _run_hint_code(nb02.check_param_count.hints[2].replace(" then ", "\n").rstrip("."), env)
    assert nb02.check_param_count(env["ex3_n_params"])
    _run_hint_code(nb02.check_bias_gradient.hints[2].split("; compare")[0], env)
    assert nb02.check_bias_gradient(env["ex4_grad"])


def test_bias_gradient_closed_form_equals_backpropagation():
    import numpy as np

    from lstm_helpers.lstm import lstm_backward, lstm_forward

    for b_f, x_value in ((0.0, 1.0), (1.0, 1.0), (2.0, 2.0), (3.0, 1.0)):
        x = np.full((1, 3000, 1), x_value)
        h, cache = lstm_forward(
            x, np.zeros((1, 1)), np.array([[0.0, 0.0, 1.0, 0.0]]), np.zeros((1, 4)), np.array([0.0, b_f, 0.0, 0.0])
        )
        dh = np.zeros_like(h)
        dh[0, -1, 0] = 1.0
        measured = lstm_backward(dh, cache)[4][1]
        assert nb02.bias_gradient_closed_form(b_f, x_value) == pytest.approx(measured, rel=1e-9)
    right = nb02.bias_gradient_closed_form(2.0, 2.0)
    assert nb02.check_bias_gradient(right)
    assert "one step's gradient" in nb02.check_bias_gradient(right * (1 - _sigmoid(2.0))).message
    assert "under x_t = 1" in nb02.check_bias_gradient(nb02.bias_gradient_closed_form(2.0, 1.0)).message
