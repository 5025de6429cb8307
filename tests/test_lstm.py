"""The NumPy LSTM (``lstm_helpers.lstm``) against independent oracles.

- Gradients: ``lstm_helpers.gradcheck.check_gradients`` (Richardson-extrapolated centred differences) in float64.
- Outputs and gradients: ``keras.layers.LSTM`` and ``tf.GradientTape`` on the same weights.
- The two slower loops of ``lstm_helpers.lstm_variants`` must agree with the fast one.
- Every wrong argument gets a message naming it, the expected shape and what it got;
  dtypes are kept; no argument is modified.
"""

from __future__ import annotations

import copy
import re
import warnings

import numpy as np
import pytest

from lstm_helpers import lstm as L
from lstm_helpers import lstm_variants as V
from lstm_helpers.gradcheck import check_gradients, numerical_gradients, rel_error

GRAD_TOL = 1e-7  # the series' bound for every gradient (aim: 1e-8)
# Richardson extrapolation with h = 1e-3 is good to ~1e-12; a plain centred difference with
# h = 1e-5 only to ~1e-10 absolute, which puts gradient entries near zero above 1e-7 relative.
RICHARDSON = {"h": 1e-3, "richardson": True}


def make_problem(N, T, D, H, dtype=np.float64, seed=0, scale=0.5):
    """Random inputs, weights and upstream gradients; ``scale`` sets the weights' spread."""
    rng = np.random.default_rng(seed)
    p = {
        "x": rng.standard_normal((N, T, D)),
        "h0": rng.standard_normal((N, H)),
        "c0": rng.standard_normal((N, H)),
        "Wx": rng.standard_normal((D, 4 * H)) * scale,
        "Wh": rng.standard_normal((H, 4 * H)) * scale,
        "b": rng.standard_normal(4 * H) * scale,
        "dh": rng.standard_normal((N, T, H)),
        "dc": rng.standard_normal((N, H)),
    }
    return {k: v.astype(dtype) for k, v in p.items()}


# --- the sigmoid ---


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_matches_the_formula_and_keeps_the_dtype(dtype):
    x = np.linspace(-30, 30, 601).astype(dtype)
    expected = 1 / (1 + np.exp(-x.astype(np.float64)))
    out = L.sigmoid(x)
    assert out.dtype == dtype
    np.testing.assert_allclose(out, expected, rtol=1e-6 if dtype == np.float32 else 1e-14, atol=0)
    np.testing.assert_allclose(L.sigmoid(-x), 1 - out, atol=1e-7 if dtype == np.float32 else 1e-15)


def test_sigmoid_of_integers_and_booleans_is_computed_in_float64():
    # a learner typing sigmoid(0) or sigmoid(2), as notebook 02's exercise hints write them, gets 0.5 and 0.88
    assert L.sigmoid(0) == 0.5 and L.sigmoid(0).dtype == np.float64
    np.testing.assert_allclose(L.sigmoid(np.array([0, 1, 2])), 1 / (1 + np.exp(-np.array([0.0, 1.0, 2.0]))), rtol=1e-15)
    np.testing.assert_array_equal(L.sigmoid(np.array([False, True])), L.sigmoid(np.array([0.0, 1.0])))


def test_sigmoid_is_stable_for_huge_inputs():
    x = np.array([-1e6, -800.0, -50.0, 0.0, 50.0, 800.0, 1e6])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp would warn
        out = L.sigmoid(x)
    assert np.all(np.isfinite(out)) and out[0] == 0.0 and out[-1] == 1.0 and out[3] == 0.5
    assert out[2] == pytest.approx(np.exp(-50.0), rel=1e-12)  # relative precision in the tail


# --- gradient checks (float64) ---


@pytest.mark.parametrize("N, D, H, seed", [(3, 4, 5, 0), (2, 3, 6, 1), (1, 1, 1, 2)])
def test_step_backward_matches_numerical_gradients(N, D, H, seed):
    p = make_problem(N, 1, D, H, seed=seed)
    x, prev_h, prev_c, Wx, Wh, b = p["x"][:, 0], p["h0"], p["c0"], p["Wx"], p["Wh"], p["b"]
    dnext_h, dnext_c = p["dh"][:, 0], p["dc"]
    _, _, cache = L.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    grads = L.lstm_step_backward(dnext_h, dnext_c, cache)

    def step(x, prev_h, prev_c, Wx, Wh, b):
        return L.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)[:2]  # next_h, next_c

    report = check_gradients(step, [x, prev_h, prev_c, Wx, Wh, b], grads, df=(dnext_h, dnext_c), **RICHARDSON)
    assert list(report.errors) == ["x", "prev_h", "prev_c", "Wx", "Wh", "b"]
    assert report.max_error < GRAD_TOL, str(report)


@pytest.mark.parametrize(
    "N, T, D, H, seed",
    [(2, 3, 4, 5, 0), (3, 5, 4, 6, 1), (2, 10, 3, 4, 2), (1, 4, 3, 5, 3), (3, 1, 4, 5, 4), (2, 4, 3, 1, 5)],
    ids=["small", "medium", "T=10", "N=1", "T=1", "H=1"],
)
def test_sequence_backward_matches_numerical_gradients(N, T, D, H, seed):
    p = make_problem(N, T, D, H, seed=seed)
    x, h0, c0, Wx, Wh, b, dh = (p[k] for k in ("x", "h0", "c0", "Wx", "Wh", "b", "dh"))
    _, cache = L.lstm_forward(x, h0, Wx, Wh, b, c0)
    grads = L.lstm_backward(dh, cache)

    def h(x, h0, Wx, Wh, b):
        return L.lstm_forward(x, h0, Wx, Wh, b, c0)[0]

    report = check_gradients(h, [x, h0, Wx, Wh, b], grads, df=dh, **RICHARDSON)
    assert report.max_error < GRAD_TOL, str(report)


def test_numerical_gradient_helper_is_accurate_where_a_plain_difference_is_not():
    """The oracle itself: on exp (derivative known exactly) it beats the plain h = 1e-5 difference."""
    x = np.linspace(-2, 2, 9)
    df = np.ones_like(x)
    exact = np.exp(x)
    (rich,) = numerical_gradients(np.exp, [x], df, **RICHARDSON)
    (plain,) = numerical_gradients(np.exp, [x], df, h=1e-5)
    assert rel_error(rich, exact) < 1e-12 < rel_error(plain, exact)


# --- the sequence functions agree with the step functions and the two slow loops ---


@pytest.mark.parametrize("with_c0", [True, False])
def test_sequence_equals_the_step_loop_and_the_naive_loop(with_c0):
    p = make_problem(3, 6, 4, 5, seed=7)
    c0 = p["c0"] if with_c0 else None
    args = (p["x"], p["h0"], p["Wx"], p["Wh"], p["b"], c0)
    h, cache = L.lstm_forward(*args)
    grads = L.lstm_backward(p["dh"], cache)
    for forward, backward in [(V.steps_forward, V.steps_backward), (V.naive_forward, V.naive_backward)]:
        h_v, cache_v = forward(*args)
        np.testing.assert_allclose(h_v, h, rtol=0, atol=1e-13)
        for g_v, g in zip(backward(p["dh"], cache_v), grads):
            np.testing.assert_allclose(g_v, g, rtol=1e-11, atol=1e-13)


def test_cache_holds_the_cell_states_and_gates_batch_first():
    p = make_problem(2, 5, 3, 4, seed=8)
    h, cache = L.lstm_forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"], p["c0"])
    prev_h, prev_c = p["h0"], p["c0"]
    H = 4
    for t in range(5):
        prev_h, prev_c, step = L.lstm_step_forward(p["x"][:, t], prev_h, prev_c, p["Wx"], p["Wh"], p["b"])
        i, f, g, o = step[5:9]
        np.testing.assert_allclose(cache["c"][:, t], prev_c, atol=1e-14)
        np.testing.assert_allclose(cache["gates"][:, t], np.concatenate([i, f, g, o], axis=1), atol=1e-14)
        np.testing.assert_allclose(h[:, t], prev_h, atol=1e-14)
    assert cache["c"].shape == (2, 5, H) and cache["gates"].shape == (2, 5, 4 * H)


def test_c0_none_means_zeros():
    p = make_problem(2, 3, 3, 4, seed=9)
    h_none, _ = L.lstm_forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"])
    h_zero, _ = L.lstm_forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"], np.zeros_like(p["h0"]))
    np.testing.assert_array_equal(h_none, h_zero)


# --- equality with Keras ---


@pytest.fixture(scope="module")
def keras():
    import lstm_helpers

    return lstm_helpers.import_keras()


def keras_lstm(keras, p, dtype, initial_state):
    """A Keras LSTM holding ``p``'s weights; returns (layer, outputs, gradients of sum(h * dh))."""
    import tensorflow as tf

    N, T, D = p["x"].shape
    H = p["Wh"].shape[0]
    layer = keras.layers.LSTM(H, return_sequences=True, return_state=True, dtype=dtype)
    layer.build((None, T, D))
    L.weights_to_keras(layer, p["Wx"], p["Wh"], p["b"])
    x, h0, c0, dh = (tf.constant(p[k]) for k in ("x", "h0", "c0", "dh"))
    with tf.GradientTape() as tape:
        tape.watch([x, h0])
        if initial_state:
            h, _, c_last = layer(x, initial_state=[h0, c0])
        else:
            h, _, c_last = layer(x)
        loss = tf.reduce_sum(h * dh)
    grads = tape.gradient(loss, [x, h0, *layer.trainable_weights] if initial_state else [x, *layer.trainable_weights])
    return layer, (h.numpy(), c_last.numpy()), [g.numpy() for g in grads]


def numpy_lstm(p, initial_state):
    N, H = p["h0"].shape
    h0 = p["h0"] if initial_state else np.zeros_like(p["h0"])
    c0 = p["c0"] if initial_state else None
    h, cache = L.lstm_forward(p["x"], h0, p["Wx"], p["Wh"], p["b"], c0)
    dx, dh0, dWx, dWh, db = L.lstm_backward(p["dh"], cache)
    grads = [dx, dh0, dWx, dWh, db] if initial_state else [dx, dWx, dWh, db]
    return (h, cache["c"][:, -1]), grads


KERAS_SHAPES = [(4, 6, 3, 5), (1, 7, 2, 3), (3, 1, 4, 6), (5, 8, 3, 1), (2, 1, 1, 1)]
KERAS_IDS = ["general", "N=1", "T=1", "H=1", "N=T=D=H=1"]


@pytest.mark.parametrize("initial_state", [False, True], ids=["zero-state", "given-state"])
@pytest.mark.parametrize("N, T, D, H", KERAS_SHAPES, ids=KERAS_IDS)
def test_forward_and_gradients_equal_keras_in_float32(keras, N, T, D, H, initial_state):
    p = make_problem(N, T, D, H, dtype=np.float32, seed=N * 100 + T * 10 + H, scale=0.6)
    _, (h_k, c_k), grads_k = keras_lstm(keras, p, "float32", initial_state)
    (h, c_last), grads = numpy_lstm(p, initial_state)
    assert h.dtype == np.float32
    assert np.max(np.abs(h - h_k)) <= 1e-5
    assert np.max(np.abs(c_last - c_k)) <= 1e-5
    for g, g_k in zip(grads, grads_k):
        assert g.shape == g_k.shape and g.dtype == np.float32
        # relative to each gradient's largest entry (float32 rounds entries near zero)
        np.testing.assert_allclose(g, g_k, rtol=1e-4, atol=1e-4 * np.max(np.abs(g_k)))


def test_forward_and_gradients_equal_keras_in_float64(keras):
    p = make_problem(3, 9, 4, 5, dtype=np.float64, seed=11, scale=0.8)
    _, (h_k, c_k), grads_k = keras_lstm(keras, p, "float64", initial_state=True)
    (h, c_last), grads = numpy_lstm(p, initial_state=True)
    assert np.max(np.abs(h - h_k)) <= 1e-13 and np.max(np.abs(c_last - c_k)) <= 1e-13
    for g, g_k in zip(grads, grads_k):
        np.testing.assert_allclose(g, g_k, rtol=1e-10, atol=1e-12)


def test_step_forward_equals_keras_one_step(keras):
    p = make_problem(4, 1, 3, 5, dtype=np.float32, seed=12, scale=0.6)
    _, (h_k, c_k), _ = keras_lstm(keras, p, "float32", initial_state=True)
    next_h, next_c, _ = L.lstm_step_forward(p["x"][:, 0], p["h0"], p["c0"], p["Wx"], p["Wh"], p["b"])
    assert np.max(np.abs(next_h - h_k[:, 0])) <= 1e-5 and np.max(np.abs(next_c - c_k)) <= 1e-5


def test_weights_round_trip_through_keras(keras):
    layer = keras.layers.LSTM(4)
    layer.build((None, 5, 3))
    Wx, Wh, b = L.weights_from_keras(layer)
    assert (Wx.shape, Wh.shape, b.shape) == ((3, 16), (4, 16), (16,))
    assert Wx.dtype == Wh.dtype == b.dtype == np.float32
    np.testing.assert_array_equal(b[4:8], 1.0)  # Keras's unit_forget_bias sits in the second block: [i, f, g, o]
    other = keras.layers.LSTM(4)
    other.build((None, 5, 3))
    L.weights_to_keras(other, Wx, Wh, b)
    for w_a, w_b in zip(layer.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(w_a, w_b)


def test_keras_weight_helpers_reject_other_layers(keras):
    unbuilt = keras.layers.LSTM(4)
    with pytest.raises(ValueError, match=r"got 0 arrays from LSTM .*build it first"):
        L.weights_from_keras(unbuilt)
    no_bias = keras.layers.LSTM(4, use_bias=False)
    no_bias.build((None, 5, 3))
    with pytest.raises(ValueError, match=r"use_bias=True \(3 weight arrays.*got 2 arrays"):
        L.weights_from_keras(no_bias)
    relu = keras.layers.LSTM(4, activation="relu")
    relu.build((None, 5, 3))
    with pytest.raises(ValueError, match=r"uses activation='relu'; the NumPy LSTM computes the standard cell"):
        L.weights_from_keras(relu)
    gru = keras.layers.GRU(4)
    gru.build((None, 5, 3))
    with pytest.raises(TypeError, match=r"^layer must be a keras.layers.LSTM, got a GRU$"):
        L.weights_from_keras(gru)
    with pytest.raises(TypeError, match=r"^layer must be a keras.layers.LSTM, got an ndarray of shape \(3, 16\)$"):
        L.weights_from_keras(np.zeros((3, 16)))
    layer = keras.layers.LSTM(4)
    layer.build((None, 5, 3))
    p = make_problem(1, 1, 3, 5, dtype=np.float32)
    with pytest.raises(
        ValueError, match=re.escape("holds weights of shapes [(3, 16), (4, 16), (16,)], got Wx (3, 20)")
    ):
        L.weights_to_keras(layer, p["Wx"], p["Wh"], p["b"])
    with pytest.raises(ValueError, match=re.escape("b must be (4H,) = (16,), got (20,) (H = 4 from Wh.shape[0])")):
        L.weights_to_keras(layer, p["Wx"][:, :16], p["Wh"][:4, :16], p["b"])


# --- bad arguments: clear messages ---

N_, T_, D_, H_ = 2, 4, 3, 5
SIZES_STEP = "(N = 2 from x.shape[0], H = 5 from Wh.shape[0])"
SIZES_W = "(D = 3 from x.shape[-1], H = 5 from Wh.shape[0])"


def step_args():
    p = make_problem(N_, 1, D_, H_)
    return {"x": p["x"][:, 0], "prev_h": p["h0"], "prev_c": p["c0"], "Wx": p["Wx"], "Wh": p["Wh"], "b": p["b"]}


def seq_args():
    p = make_problem(N_, T_, D_, H_)
    return {"x": p["x"], "h0": p["h0"], "Wx": p["Wx"], "Wh": p["Wh"], "b": p["b"], "c0": p["c0"]}


STEP_FORWARD_CASES = [
    ("x", (2, 3, 1), "x must be (N, D) = a 2-D array, got (2, 3, 1)"),
    ("x", (2, 4), "Wx must be (D, 4H) = (4, 20), got (3, 20) (D = 4 from x.shape[-1], H = 5 from Wh.shape[0])"),
    ("prev_h", (3, 5), f"prev_h must be (N, H) = (2, 5), got (3, 5) {SIZES_STEP}"),
    ("prev_h", (2, 4), f"prev_h must be (N, H) = (2, 5), got (2, 4) {SIZES_STEP}"),
    ("prev_h", (5,), f"prev_h must be (N, H) = (2, 5), got (5,) {SIZES_STEP}"),
    ("prev_c", (2, 6), f"prev_c must be (N, H) = (2, 5), got (2, 6) {SIZES_STEP}"),
    ("prev_c", (1, 2, 5), f"prev_c must be (N, H) = (2, 5), got (1, 2, 5) {SIZES_STEP}"),
    ("Wx", (3, 16), f"Wx must be (D, 4H) = (3, 20), got (3, 16) {SIZES_W}"),
    ("Wx", (20,), f"Wx must be (D, 4H) = (3, 20), got (20,) {SIZES_W}"),
    ("Wh", (5, 16), "Wh must be (H, 4H) = (5, 20), got (5, 16) (H = 5 from Wh.shape[0])"),
    ("Wh", (20, 5), "Wh must be (H, 4H) = (20, 80), got (20, 5) (H = 20 from Wh.shape[0])"),
    ("Wh", (5, 20, 1), "Wh must be (H, 4H) = a 2-D array, got (5, 20, 1)"),
    ("b", (16,), "b must be (4H,) = (20,), got (16,) (H = 5 from Wh.shape[0])"),
    ("b", (1, 20), "b must be (4H,) = (20,), got (1, 20) (H = 5 from Wh.shape[0])"),
]


def _replaced(args, name, shape):
    return {**args, name: np.zeros(shape)}


@pytest.mark.parametrize("name, shape, message", STEP_FORWARD_CASES)
def test_step_forward_bad_shapes(name, shape, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        L.lstm_step_forward(**_replaced(step_args(), name, shape))


SEQ_SIZES = "(N = 2 from x.shape[0], H = 5 from Wh.shape[0])"
SEQ_FORWARD_CASES = [
    ("x", (2, 3), "x must be (N, T, D) = a 3-D array, got (2, 3)"),
    ("x", (2, 0, 3), "x must be (N, T, D) with at least one time step (T >= 1), got (2, 0, 3)"),
    ("x", (2, 4, 2), "Wx must be (D, 4H) = (2, 20), got (3, 20) (D = 2 from x.shape[-1], H = 5 from Wh.shape[0])"),
    ("x", (3, 4, 3), "h0 must be (N, H) = (3, 5), got (2, 5) (N = 3 from x.shape[0], H = 5 from Wh.shape[0])"),
    ("h0", (2, 6), f"h0 must be (N, H) = (2, 5), got (2, 6) {SEQ_SIZES}"),
    ("h0", (2, 1, 5), f"h0 must be (N, H) = (2, 5), got (2, 1, 5) {SEQ_SIZES}"),
    ("c0", (1, 5), f"c0 must be (N, H) = (2, 5), got (1, 5) {SEQ_SIZES}"),
    ("c0", (10,), f"c0 must be (N, H) = (2, 5), got (10,) {SEQ_SIZES}"),
    ("Wx", (4, 20), f"Wx must be (D, 4H) = (3, 20), got (4, 20) {SIZES_W}"),
    ("Wx", (3, 20, 1), f"Wx must be (D, 4H) = (3, 20), got (3, 20, 1) {SIZES_W}"),
    ("Wh", (5, 21), "Wh must be (H, 4H) = (5, 20), got (5, 21) (H = 5 from Wh.shape[0])"),
    ("Wh", (20,), "Wh must be (H, 4H) = a 2-D array, got (20,)"),
    ("Wh", (0, 0), "Wh must be (H, 4H) with H >= 1, got (0, 0)"),
    ("b", (21,), "b must be (4H,) = (20,), got (21,) (H = 5 from Wh.shape[0])"),
]


@pytest.mark.parametrize("name, shape, message", SEQ_FORWARD_CASES)
def test_sequence_forward_bad_shapes(name, shape, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        L.lstm_forward(**_replaced(seq_args(), name, shape))


@pytest.mark.parametrize("forward", [V.naive_forward, V.steps_forward], ids=["naive", "steps"])
@pytest.mark.parametrize("name, shape, message", SEQ_FORWARD_CASES[:2] + SEQ_FORWARD_CASES[4:5])
def test_slow_loops_check_their_arguments_too(forward, name, shape, message):
    with pytest.raises(ValueError, match="^" + re.escape(message.split(" (N = ")[0])):
        forward(**_replaced(seq_args(), name, shape))


def _mutations(shape):
    """Every wrong rank (one axis more or less) and wrong size (one axis + 1) of ``shape``."""
    yield shape + (1,)
    if len(shape) > 1:
        yield shape[:-1]
    for k in range(len(shape)):
        yield shape[:k] + (shape[k] + 1,) + shape[k + 1 :]


SHAPE_MESSAGE = re.compile(
    r"^(?P<name>\w+) must be \([A-Z0-9, ]+\) = (\([0-9, ]+\)|a \d-D array), got (?P<got>\([0-9, ]*\))"
    r"( \((\w = \d+(, \w = \d+)* from [\w.\[\]\-' ]+(, )?)+\))?$"
)


def _all_bad_shape_calls():
    """(function, argument, wrong shape, call) for every array argument of the four functions."""
    step = step_args()
    _, _, step_cache = L.lstm_step_forward(**step)
    seq = seq_args()
    _, seq_cache = L.lstm_forward(**seq)
    calls = []
    for name, value in step.items():
        for shape in _mutations(value.shape):
            calls.append(
                ("lstm_step_forward", name, shape, lambda n=name, s=shape: L.lstm_step_forward(**_replaced(step, n, s)))
            )
    for name in ("dnext_h", "dnext_c"):
        for shape in _mutations((N_, H_)):
            good = {"dnext_h": np.zeros((N_, H_)), "dnext_c": np.zeros((N_, H_))}
            calls.append(
                (
                    "lstm_step_backward",
                    name,
                    shape,
                    lambda n=name, s=shape, g=good: L.lstm_step_backward(**_replaced(g, n, s), cache=step_cache),
                )
            )
    for name, value in seq.items():
        for shape in _mutations(value.shape):
            if name == "x" and len(shape) == 3 and shape[1] != T_:
                continue  # T is free: a longer sequence is a valid input
            calls.append(("lstm_forward", name, shape, lambda n=name, s=shape: L.lstm_forward(**_replaced(seq, n, s))))
    for shape in _mutations((N_, T_, H_)):
        calls.append(("lstm_backward", "dh", shape, lambda s=shape: L.lstm_backward(np.zeros(s), seq_cache)))
    return calls


@pytest.mark.parametrize(
    "function, name, shape, call",
    _all_bad_shape_calls(),
    ids=lambda v: v if isinstance(v, str) else str(v) if isinstance(v, tuple) else "",
)
def test_every_wrong_rank_or_size_gets_a_clear_message(function, name, shape, call):
    """Each array argument with one axis more, one less, or one axis a size too big."""
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    match = SHAPE_MESSAGE.match(message)
    assert match, f"{function}({name}={shape}): unclear message {message!r}"
    # the message names an argument of the call and shows that argument's actual shape
    blamed = match["name"]
    assert blamed in {"x", "prev_h", "prev_c", "Wx", "Wh", "b", "h0", "c0", "dnext_h", "dnext_c", "dh"}
    if blamed == name:
        assert match["got"] == str(shape)


def test_step_backward_bad_arguments():
    step = step_args()
    _, _, cache = L.lstm_step_forward(**step)
    good = np.zeros((N_, H_))
    with pytest.raises(
        ValueError,
        match=re.escape("dnext_h must be (N, H) = (2, 5), got (2, 4) (N = 2, H = 5 from the forward step's cache)"),
    ):
        L.lstm_step_backward(np.zeros((2, 4)), good, cache)
    with pytest.raises(ValueError, match=re.escape("dnext_c must be (N, H) = (2, 5), got (3, 5)")):
        L.lstm_step_backward(good, np.zeros((3, 5)), cache)
    with pytest.raises(
        TypeError, match="^cache must be the tuple returned by lstm_step_forward, got a list of length 10$"
    ):
        L.lstm_step_backward(good, good, list(cache))
    _, seq_cache = L.lstm_forward(**seq_args())
    with pytest.raises(TypeError, match="got the dict of lstm_forward: pass it to lstm_backward instead"):
        L.lstm_step_backward(good, good, seq_cache)
    with pytest.raises(TypeError, match=r"all arrays must share one dtype .*dnext_h float32"):
        L.lstm_step_backward(good.astype(np.float32), good, cache)


def test_sequence_backward_bad_arguments():
    _, cache = L.lstm_forward(**seq_args())
    with pytest.raises(
        ValueError,
        match="^"
        + re.escape("dh must be (N, T, H) = (2, 4, 5), got (2, 3, 5) (N = 2, T = 4, H = 5 from the forward pass)")
        + "$",
    ):
        L.lstm_backward(np.zeros((2, 3, 5)), cache)
    with pytest.raises(ValueError, match=re.escape("dh must be (N, T, H) = (2, 4, 5), got (2, 5)")):
        L.lstm_backward(np.zeros((2, 5)), cache)
    _, _, step_cache = L.lstm_step_forward(**step_args())
    with pytest.raises(
        TypeError,
        match=re.escape(
            "cache must be the dict returned by lstm_forward, got a tuple of length 10 "
            "(lstm_step_forward's cache goes to lstm_step_backward)"
        ),
    ):
        L.lstm_backward(np.zeros((2, 4, 5)), step_cache)
    with pytest.raises(TypeError, match="^cache must be the dict returned by lstm_forward, got a dict of length 1$"):
        L.lstm_backward(np.zeros((2, 4, 5)), {"c": 1})
    with pytest.raises(TypeError, match=r"all arrays must share one dtype .*dh float32, cache float64"):
        L.lstm_backward(np.zeros((2, 4, 5), dtype=np.float32), cache)


@pytest.mark.parametrize("name", ["x", "h0", "Wx", "Wh", "b", "c0"])
def test_integer_arrays_are_refused_by_name(name):
    args = seq_args()
    args[name] = args[name].astype(np.int64)
    with pytest.raises(
        TypeError, match=f"^{name} must be a floating-point array \\(float32 or float64\\), got dtype int64$"
    ):
        L.lstm_forward(**args)


@pytest.mark.parametrize("name", ["x", "prev_h", "prev_c", "Wx", "Wh", "b"])
def test_mixed_dtypes_are_refused_naming_each_array(name):
    args = step_args()
    args[name] = args[name].astype(np.float32)
    with pytest.raises(
        TypeError, match=f"all arrays must share one dtype \\(cast them with .astype\\), got .*{name} float32"
    ):
        L.lstm_step_forward(**args)


# --- dtypes kept, nothing modified ---


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_output_keeps_the_input_dtype(dtype):
    p = make_problem(2, 3, 4, 5, dtype=dtype)
    next_h, next_c, cache = L.lstm_step_forward(p["x"][:, 0], p["h0"], p["c0"], p["Wx"], p["Wh"], p["b"])
    outs = [next_h, next_c, *L.lstm_step_backward(p["dh"][:, 0], p["dc"], cache)]
    h, seq_cache = L.lstm_forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"])
    outs += [h, seq_cache["c"], seq_cache["gates"], *L.lstm_backward(p["dh"], seq_cache)]
    for forward, backward in [(V.naive_forward, V.naive_backward), (V.steps_forward, V.steps_backward)]:
        h_v, cache_v = forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"])
        outs += [h_v, *backward(p["dh"], cache_v)]
    assert [o.dtype for o in outs] == [np.dtype(dtype)] * len(outs)


def test_no_argument_is_modified():
    p = make_problem(3, 4, 2, 5, seed=13)
    before = copy.deepcopy(p)
    next_h, next_c, step_cache = L.lstm_step_forward(p["x"][:, 0], p["h0"], p["c0"], p["Wx"], p["Wh"], p["b"])
    step_cache_before = copy.deepcopy(step_cache)
    L.lstm_step_backward(p["dh"][:, 0], p["dc"], step_cache)
    h, cache = L.lstm_forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"], p["c0"])
    cache_before = copy.deepcopy(cache)
    first = L.lstm_backward(p["dh"], cache)
    for forward, backward in [(V.naive_forward, V.naive_backward), (V.steps_forward, V.steps_backward)]:
        backward(p["dh"], forward(p["x"], p["h0"], p["Wx"], p["Wh"], p["b"], p["c0"])[1])
    for k in p:
        np.testing.assert_array_equal(p[k], before[k], err_msg=f"{k} was modified")
    for a, b in zip(step_cache, step_cache_before):
        np.testing.assert_array_equal(a, b)
    for k in cache:
        np.testing.assert_array_equal(cache[k], cache_before[k], err_msg=f"cache[{k!r}] was modified")
    h[:] = 0  # the returned h is the caller's to change: the cache does not share it ...
    for a, b in zip(L.lstm_backward(p["dh"], cache), first):
        np.testing.assert_array_equal(a, b)  # ... so the backward pass is unaffected
    with pytest.raises(ValueError, match="read-only"):
        cache["gates"][0, 0, 0] = 1.0  # and the cache itself cannot be changed by accident


# --- the cell-path gain (notebook 01) ---


def test_forget_gate_products_against_a_loop():
    rng = np.random.default_rng(11)
    f = rng.uniform(0.2, 1.0, size=(2, 6, 3))
    got = L.forget_gate_products(f)
    expected = np.ones_like(f)
    for t in range(6):
        for k in range(t + 1, 6):
            expected[:, t] *= f[:, k]
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        L.forget_gate_products(f + 1)


def test_half_life_crossing_reads_the_time_off_the_trace():
    import math

    from lstm_helpers.lstm import half_life_crossing, half_life_formula

    f = 1 / (1 + np.exp(-1.0))
    assert half_life_crossing(f ** np.arange(20.0)) == pytest.approx(half_life_formula(1.0), rel=1e-12)
    assert half_life_crossing(np.array([1.0, 0.5, 0.25])) == pytest.approx(1.0)
    assert half_life_crossing(np.array([1.0, 0.9, 0.8])) == math.inf
    # a slower decay after a fast first step: 0.6 at t=1, then 0.45 at t=2 -> between 1 and 2
    assert 1 < half_life_crossing(np.array([1.0, 0.6, 0.45, 0.4])) < 2
    with pytest.raises(ValueError, match="memory\\[0\\] = 2"):
        half_life_crossing(np.array([2.0, 1.0]))


def test_source_that_notebook_03_prints_fits_100_characters():
    import inspect

    for fn in (L.lstm_step_forward, L.lstm_step_backward, V.steps_forward, V.steps_backward):
        long = [line for line in inspect.getsource(fn).splitlines() if len(line) > 100]
        assert not long, f"{fn.__name__} has lines over 100 characters (notebook 03 prints it): {long}"


# --- one unit removed: its hidden state clamped at every step (notebook 03, section 7) ---


def _clamped_by_step_loop(x, h0, Wx, Wh, b, unit, values, c0):
    """A plain loop of lstm_step_forward, replacing the unit's h after every step."""
    h, c, hs = h0, c0, []
    for t in range(x.shape[1]):
        h, c, _ = L.lstm_step_forward(x[:, t], h, c, Wx, Wh, b)
        h = h.copy()
        h[:, unit] = values[..., t]
        hs.append(h)
    return np.stack(hs, axis=1)


def _clamp_problem(seed=0, N=4, T=7, D=3, H=5, dtype=np.float64):
    g = np.random.default_rng(seed)
    arrays = (
        g.standard_normal((N, T, D)),
        g.standard_normal((N, H)) * 0.5,
        g.standard_normal((D, 4 * H)) * 0.7,
        g.standard_normal((H, 4 * H)) * 0.7,
        g.standard_normal(4 * H) * 0.3,
        g.standard_normal((N, H)),
    )
    return [a.astype(dtype) for a in arrays]


@pytest.mark.parametrize("unit", [0, 2, 4])
def test_clamped_forward_equals_a_step_loop_and_gives_back_the_run_at_its_own_values(unit):
    x, h0, Wx, Wh, b, c0 = _clamp_problem(unit)
    h, _ = L.lstm_forward(x, h0, Wx, Wh, b, c0)
    np.testing.assert_allclose(L.lstm_forward_clamped(x, h0, Wx, Wh, b, unit, h[:, :, unit], c0), h, rtol=1e-12)
    mean = h[:, :, unit].mean(axis=0)  # (T,): the same number for every sequence
    clamped = L.lstm_forward_clamped(x, h0, Wx, Wh, b, unit, mean, c0)
    np.testing.assert_allclose(clamped, _clamped_by_step_loop(x, h0, Wx, Wh, b, unit, mean, c0), rtol=1e-12)
    assert np.all(clamped[:, :, unit] == mean)
    others = np.delete(np.arange(h0.shape[1]), unit)
    assert not np.allclose(clamped[:, 1:, others], h[:, 1:, others])  # the others read the unit through Wh


def test_clamping_a_unit_that_feeds_nothing_changes_only_its_own_column():
    x, h0, Wx, Wh, b, c0 = _clamp_problem(3)
    Wh[2] = 0  # unit 2's h reaches no gate
    h, _ = L.lstm_forward(x, h0, Wx, Wh, b, c0)
    clamped = L.lstm_forward_clamped(x, h0, Wx, Wh, b, 2, np.zeros(x.shape[1]), c0)
    np.testing.assert_allclose(np.delete(clamped, 2, axis=2), np.delete(h, 2, axis=2), rtol=1e-12)


def test_clamped_forward_keeps_float32_modifies_nothing_and_checks_its_arguments():
    x, h0, Wx, Wh, b, c0 = _clamp_problem(1, dtype=np.float32)
    copies = [a.copy() for a in (x, h0, Wx, Wh, b, c0)]
    values = np.zeros(x.shape[1], np.float32)
    out = L.lstm_forward_clamped(x, h0, Wx, Wh, b, 1, values, c0)
    assert out.dtype == np.float32 and out.shape == (4, 7, 5)
    for a, before in zip((x, h0, Wx, Wh, b, c0), copies):
        np.testing.assert_array_equal(a, before)
    with pytest.raises(ValueError, match=r"unit must be an integer in \[0, 4\], got 5"):
        L.lstm_forward_clamped(x, h0, Wx, Wh, b, 5, values, c0)
    with pytest.raises(ValueError, match=r"values must be \(T,\) = \(7,\) or \(N, T\) = \(4, 7\), got \(6,\)"):
        L.lstm_forward_clamped(x, h0, Wx, Wh, b, 1, values[:6], c0)
    with pytest.raises(TypeError, match="values"):
        L.lstm_forward_clamped(x, h0, Wx, Wh, b, 1, values.astype(np.float64), c0)
