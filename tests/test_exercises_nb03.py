"""Notebook 03's exercise checks: right answers pass, wrong ones get a hint, missing ones do not raise.

The right answers come from independent oracles: the gate gradients and dWh
from numerical gradients of the step forward and from lstm_step_backward, the
carried shares from a plain-Python product, the GRU step from
keras.layers.GRU itself.
"""

import numpy as np
import pytest

from lstm_helpers import lstm as L
from lstm_helpers.exercises import Feedback, nb03
from lstm_helpers.gradcheck import check_gradients

ALL_CHECKS = [nb03.check_gate_gradients, nb03.check_step_dWh, nb03.check_carried_share, nb03.check_gru_step]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_placeholder_answers_say_not_yet_without_raising(check):
    fb = check(None)
    assert isinstance(fb, Feedback) and not fb and fb.hint
    assert str(fb).startswith("Not yet")


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_function_answers_that_raise_or_are_not_functions_get_feedback(check):
    def broken(*args):
        raise IndexError("oops")

    fb = check(broken)
    assert not fb and "raised IndexError: oops" in fb.message
    fb = check(42)
    assert not fb and "must be a function" in fb.message
    fb = check(lambda *args: None)
    assert not fb and "returns None" in fb.message and fb.hint


# --- section 2: one step's gate gradients ---


def _gate_grads_by_hand(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    return dnext_h * tanh_c, dc * g, dc * prev_c, dc * i, dc * f


def test_gate_gradients_reference_matches_lstm_step_backward_and_numerics():
    for seed in range(3):
        dnext_h, dnext_c, cache = nb03.gate_gradients_example(seed)
        ref = nb03.gate_gradients(dnext_h, dnext_c, cache)
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        _, _, dprev_c, _, _, _ = L.lstm_step_backward(dnext_h, dnext_c, cache)
        np.testing.assert_allclose(ref["dprev_c"], dprev_c, rtol=1e-12)
        # row by row, db of a one-row batch is that row's da: the gate gradients times the activations' derivatives
        for n in range(len(x)):
            _, _, row_cache = L.lstm_step_forward(
                x[n : n + 1], prev_h[n : n + 1], prev_c[n : n + 1], Wx, Wh, np.zeros(Wx.shape[1]) + _bias(seed)
            )
            db = L.lstm_step_backward(dnext_h[n : n + 1], dnext_c[n : n + 1], row_cache)[5]
            da = np.concatenate(
                [
                    ref["di"][n] * i[n] * (1 - i[n]),
                    ref["df"][n] * f[n] * (1 - f[n]),
                    ref["dg"][n] * (1 - g[n] ** 2),
                    ref["do"][n] * o[n] * (1 - o[n]),
                ]
            )
            np.testing.assert_allclose(da, db, rtol=1e-10, atol=1e-12)
    # and prev_c's gradient from numerical differences (the loss through next_h and next_c)
    p = nb03._problem(nb03.GATE_GRAD_SIZES, 4, 0)
    dnext_h, dnext_c, cache = nb03.gate_gradients_example(0)
    report = check_gradients(
        lambda prev_c: L.lstm_step_forward(p["x"], p["prev_h"], prev_c, p["Wx"], p["Wh"], p["b"])[:2],
        [p["prev_c"]],
        [nb03.gate_gradients(dnext_h, dnext_c, cache)["dprev_c"]],
        df=(dnext_h, dnext_c),
        h=1e-3,
        richardson=True,
    )
    assert report.max_error < 1e-8, str(report)


def _bias(seed):
    return nb03._problem(nb03.GATE_GRAD_SIZES, 4, seed)["b"]


def test_gate_gradients_right_answer_passes():
    assert nb03.check_gate_gradients(_gate_grads_by_hand)
    assert nb03.check_gate_gradients(lambda *a: list(_gate_grads_by_hand(*a)))


def test_gate_gradients_slips_get_specific_feedback():
    def missing_h_path(dnext_h, dnext_c, cache):
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        dc = dnext_c
        return dnext_h * tanh_c, dc * g, dc * prev_c, dc * i, dc * f

    fb = nb03.check_gate_gradients(missing_h_path)
    assert not fb and "through h_t" in fb.message

    def no_f(dnext_h, dnext_c, cache):
        do, di, df, dg, dprev_c = _gate_grads_by_hand(dnext_h, dnext_c, cache)
        return do, di, df, dg, dprev_c / cache[6]

    fb = nb03.check_gate_gradients(no_f)
    assert not fb and "forget gate" in fb.message

    def wrong_do(dnext_h, dnext_c, cache):
        do, di, df, dg, dprev_c = _gate_grads_by_hand(dnext_h, dnext_c, cache)
        return dnext_h * cache[2], di, df, dg, dprev_c

    fb = nb03.check_gate_gradients(wrong_do)
    assert not fb and fb.message.startswith("do not right") and "tanh(c_t)" in fb.hint
    fb = nb03.check_gate_gradients(lambda *a: _gate_grads_by_hand(*a)[:4])
    assert not fb and "five arrays" in fb.message
    fb = nb03.check_gate_gradients(lambda *a: tuple(x[:, :2] for x in _gate_grads_by_hand(*a)))
    assert not fb and "must be (N, H)" in fb.message


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


# --- exercise 2: how far back the gradient reaches along the cell ---


def _carried_by_hand(f):
    T = len(f)
    out = []
    for t in range(T):
        share = 1.0
        for k in range(t + 1, T):
            share *= float(f[k])
        out.append(share)
    return np.array(out)


def test_carried_reference_equals_plain_python_products():
    for f in nb03.carried_examples():
        np.testing.assert_allclose(nb03.carried_share_reference(f), _carried_by_hand(f), rtol=1e-12)


def test_carried_right_answers_pass():
    assert nb03.check_carried_share(_carried_by_hand)
    assert nb03.check_carried_share(lambda f: np.append(np.cumprod(f[:0:-1])[::-1], 1.0))


def test_carried_wrong_answers_get_hints():
    fb = nb03.check_carried_share(lambda f: np.cumprod(f[::-1])[::-1])
    assert not fb and "own step" in fb.message
    fb = nb03.check_carried_share(lambda f: np.cumprod(f))
    assert not fb and "forwards" in fb.message
    fb = nb03.check_carried_share(lambda f: np.ones(len(f) + 1))
    assert not fb and "shape (T,)" in fb.message
    fb = nb03.check_carried_share(lambda f: np.sum(f) - np.cumsum(f))
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
