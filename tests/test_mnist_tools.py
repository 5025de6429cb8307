"""lstm_helpers.mnist_tools: evaluation helpers against loop oracles, per-step models against Keras."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from lstm_helpers import mnist_tools as mt


def _loop_confusion(y_true, y_pred, K):
    cm = np.zeros((K, K), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[t, p] += 1
    return cm


def test_confusion_matrix_matches_a_counting_loop():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, size=500)
    y_pred = np.where(rng.random(500) < 0.7, y_true, rng.integers(0, 10, size=500))
    cm = mt.confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(cm, _loop_confusion(y_true, y_pred, 10))
    assert cm.sum() == 500 and np.trace(cm) == int((y_true == y_pred).sum())


def test_confusion_matrix_rows_are_true_labels():
    cm = mt.confusion_matrix(np.array([3, 3, 5]), np.array([5, 3, 5]), n_classes=6)
    assert cm[3, 5] == 1 and cm[5, 3] == 0 and cm[3, 3] == 1 and cm[5, 5] == 1


@pytest.mark.parametrize(
    "y_true, y_pred, error, words",
    [
        (np.array([1, 2]), np.array([1]), ValueError, "same length"),
        (np.array([1.0, 2.0]), np.array([1, 2]), TypeError, "integer"),
        (np.array([1, 10]), np.array([1, 2]), ValueError, "[0, 10)"),
        (np.array([[1, 2]]), np.array([1, 2]), ValueError, "1-D"),
    ],
)
def test_confusion_matrix_rejects_bad_labels(y_true, y_pred, error, words):
    with pytest.raises(error, match=words.replace("[", r"\[").replace(")", r"\)")):
        mt.confusion_matrix(y_true, y_pred)


def test_most_confused_sorts_off_diagonal_counts():
    cm = np.diag([50, 40, 30]).astype(int)
    cm[0, 2], cm[2, 1], cm[1, 0] = 4, 7, 4
    assert mt.most_confused(cm, k=2) == [(2, 1, 7), (0, 2, 4)]
    assert mt.most_confused(cm, k=10) == [(2, 1, 7), (0, 2, 4), (1, 0, 4)]
    assert mt.most_confused(np.eye(3, dtype=int)) == []


def test_accuracy_per_step_matches_a_loop():
    rng = np.random.default_rng(1)
    probs = rng.random((40, 6, 4))
    y = rng.integers(0, 4, size=40)
    expected = [np.mean([probs[n, t].argmax() == y[n] for n in range(40)]) for t in range(6)]
    np.testing.assert_allclose(mt.accuracy_per_step(probs, y), expected)
    with pytest.raises(ValueError, match="N = 40"):
        mt.accuracy_per_step(probs, y[:5])


def test_reveal_rows_hides_the_unread_rows_without_touching_the_input():
    image = np.arange(28 * 28, dtype=np.uint8).reshape(28, 28)
    before = image.copy()
    shown = mt.reveal_rows(image, 10)
    np.testing.assert_array_equal(image, before)
    np.testing.assert_array_equal(shown[:10], image[:10])
    assert np.isnan(shown[10:]).all()
    assert np.isnan(mt.reveal_rows(image, 0)).all() and not np.isnan(mt.reveal_rows(image, 28)).any()
    with pytest.raises(ValueError, match="rows must be"):
        mt.reveal_rows(image, 29)


keras = pytest.importorskip("keras")


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("recurrent_activation", ["sigmoid", "hard_sigmoid"])
@pytest.mark.parametrize("unroll", [False, True])
@pytest.mark.parametrize("use_bias", [True, False])
def test_fused_kernel_blockers_agree_with_the_rule_keras_documents(activation, recurrent_activation, unroll, use_bias):
    # The oracle is Keras's public documentation of keras.layers.LSTM (its docstring), not its private code.
    doc = " ".join(keras.layers.LSTM.__doc__.split())
    for requirement in (
        "`activation` == `tanh`",
        "`recurrent_activation` == `sigmoid`",
        "`unroll` is `False`",
        "`use_bias` is `True`",
    ):
        assert requirement in doc, requirement
    documented = activation == "tanh" and recurrent_activation == "sigmoid" and not unroll and use_bias
    layer = keras.layers.LSTM(
        4, activation=activation, recurrent_activation=recurrent_activation, unroll=unroll, use_bias=use_bias
    )
    blockers = mt.fused_kernel_blockers(layer)
    assert (blockers == []) == documented
    assert len(blockers) == (activation != "tanh") + (recurrent_activation != "sigmoid") + unroll + (not use_bias)


def test_fused_kernel_blockers_name_the_setting():
    assert mt.fused_kernel_blockers(keras.layers.LSTM(4)) == []
    assert "activation='relu'" in mt.fused_kernel_blockers(keras.layers.LSTM(4, activation="relu"))[0]
    assert "recurrent_dropout" in mt.fused_kernel_blockers(keras.layers.LSTM(4, recurrent_dropout=0.2))[0]
    with pytest.raises(TypeError, match="keras.layers.LSTM"):
        mt.fused_kernel_blockers(keras.layers.GRU(4))


def _small_model(T=None):
    keras.utils.set_random_seed(3)
    inputs = keras.Input((T, 5))
    h = keras.layers.LSTM(6, return_sequences=True)(inputs)
    h = keras.layers.GRU(4)(h)
    outputs = keras.layers.Dense(3, activation="softmax")(h)
    return keras.Model(inputs, outputs)


def test_stepwise_model_equals_the_model_on_every_prefix():
    model = _small_model()
    x = np.random.default_rng(2).normal(size=(7, 9, 5)).astype("float32")
    steps = mt.stepwise_model(model).predict(x, verbose=0)  # (N, T, K)
    assert steps.shape == (7, 9, 3)
    for t in range(9):
        np.testing.assert_allclose(steps[:, t], model.predict(x[:, : t + 1], verbose=0), atol=1e-5)


def test_stepwise_model_shares_the_head_and_copies_the_recurrent_weights():
    model = _small_model(T=9)
    step = mt.stepwise_model(model)
    assert model.layers[-1] in step.layers  # the Dense layer is the same object
    for a, b in zip(model.get_weights(), step.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_stepwise_model_rejects_bidirectional_layers():
    inputs = keras.Input((9, 5))
    outputs = keras.layers.Dense(3)(keras.layers.Bidirectional(keras.layers.LSTM(4))(inputs))
    with pytest.raises(ValueError, match="Bidirectional"):
        mt.stepwise_model(keras.Model(inputs, outputs))


def test_plots_draw_the_expected_panels():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(4)
    image = rng.random((28, 28))
    probs = rng.dirichlet(np.ones(10), size=28)
    axes = mt.plot_reading(image, probs, label=3, title="a 3")
    assert len(axes) == 5 and axes[-1].get_title() == "a 3"
    assert axes[0].get_title() == f"7 rows \u2192 {probs[6].argmax()}"
    ax = mt.plot_confusion(np.diag(np.full(10, 90)) + 1)
    assert ax.get_xlabel() == "predicted digit"
    y, p = np.array([1, 2, 3, 4]), np.array([1, 7, 3, 9])
    conf = np.zeros((4, 10))
    conf[1, 7], conf[3, 9] = 0.61, 0.904
    fig = mt.plot_misclassified(rng.random((4, 28, 28)), y, p, probs=conf)
    assert [a.get_title() for a in fig.axes if a.get_title()] == ["2\u21927 (61%)", "4\u21929 (90%)"]
    fig = mt.plot_gates(rng.random((28, 32)), image=image, unit_order=rng.permutation(8))
    assert [a.get_title() for a in fig.axes[:5]] == ["input", *mt.GATE_NAMES]
    with pytest.raises(ValueError, match="permutation"):
        mt.plot_gates(rng.random((28, 32)), unit_order=[0, 0, 1, 2, 3, 4, 5, 6])
    plt.close("all")


# --- random_shifts: the batch version of pad + random crop ---


def _shift_loop(image, dy, dx):
    """Oracle: move one image by (dy, dx) pixels with explicit loops; uncovered pixels are 0."""
    R, C = image.shape
    out = np.zeros_like(image)
    for r in range(R):
        for c in range(C):
            if 0 <= r - dy < R and 0 <= c - dx < C:
                out[r, c] = image[r - dy, c - dx]
    return out


def test_random_shifts_match_a_loop_for_the_drawn_shifts():
    images = np.random.default_rng(1).random((40, 6, 5)).astype("float32")
    before = images.copy()
    out = mt.random_shifts(images, 2, np.random.default_rng(7))
    np.testing.assert_array_equal(images, before)  # pure
    assert out.shape == images.shape and out.dtype == images.dtype
    top, left = np.random.default_rng(7).integers(0, 5, size=(2, 40))  # the same draws
    for n in range(40):
        np.testing.assert_array_equal(out[n], _shift_loop(images[n], 2 - top[n], 2 - left[n]))


def test_random_shifts_cover_every_offset_and_zero_shift_is_identity():
    image = np.zeros((1, 7, 7))
    image[0, 3, 3] = 1.0  # one lit pixel in the middle: its new place is the shift
    seen = set()
    rng = np.random.default_rng(0)
    for _ in range(300):
        r, c = np.argwhere(mt.random_shifts(image, 2, rng)[0] == 1.0)[0]
        seen.add((int(r) - 3, int(c) - 3))
    assert seen == {(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)}
    x = np.random.default_rng(2).random((3, 4, 4))
    np.testing.assert_array_equal(mt.random_shifts(x, 0, np.random.default_rng(0)), x)


@pytest.mark.parametrize(
    "images, max_shift, rng, error, words",
    [
        (np.zeros((28, 28)), 2, np.random.default_rng(0), ValueError, "3-D"),
        (np.zeros((2, 28, 28)), -1, np.random.default_rng(0), ValueError, "max_shift"),
        (np.zeros((2, 28, 28)), 2, 0, TypeError, "Generator"),
    ],
)
def test_random_shifts_reject_bad_input(images, max_shift, rng, error, words):
    with pytest.raises(error, match=words):
        mt.random_shifts(images, max_shift, rng)


# --- hidden_gradient_norms: ||dL/dh_t|| of a trained classifier, against NumPy backward passes ---


def _classifier(kind, T=7, D=5, H=6, K=4, seed=5):
    keras.utils.set_random_seed(seed)
    layer = {"SimpleRNN": keras.layers.SimpleRNN, "LSTM": keras.layers.LSTM, "GRU": keras.layers.GRU}[kind]
    return keras.Sequential([keras.Input((T, D)), layer(H), keras.layers.Dense(K, activation="softmax")])


def _data(N=9, T=7, D=5, K=4, seed=6):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(N, T, D)).astype("float32"), rng.integers(0, K, size=N)


def _dloss_dlast(model, h_last, y):
    """dL/dh_{T-1} (N, H) of each image's cross-entropy through the Dense softmax head: (p - onehot) Wd^T."""
    Wd, bd = (np.asarray(a, dtype=np.float64) for a in model.layers[-1].get_weights())
    z = h_last @ Wd + bd
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1.0
    return p @ Wd.T


def test_hidden_gradient_norms_of_a_simple_rnn_match_notebook_01s_numpy_backward_pass():
    from lstm_helpers import rnn

    model = _classifier("SimpleRNN")
    x, y = _data()
    Wx, Wh, b = (np.asarray(a, dtype=np.float64) for a in model.layers[0].get_weights())
    h, cache = rnn.rnn_forward(x.astype(np.float64), np.zeros((len(x), 6)), Wx, Wh, b)
    expected = rnn.hidden_gradient_norms(cache, _dloss_dlast(model, h[:, -1], y))  # (T,)
    np.testing.assert_allclose(mt.hidden_gradient_norms(model, x, y), expected, rtol=2e-4)


def test_hidden_gradient_norms_of_an_lstm_match_a_numpy_backward_pass_from_every_step():
    from lstm_helpers.lstm import lstm_backward, lstm_forward

    model = _classifier("LSTM")
    x, y = _data()
    x64 = x.astype(np.float64)
    Wx, Wh, b = (np.asarray(a, dtype=np.float64) for a in model.layers[0].get_weights())
    h, cache = lstm_forward(x64, np.zeros((len(x), 6)), Wx, Wh, b)  # (N, T, H)
    c = cache["c"]
    dlast = _dloss_dlast(model, h[:, -1], y)
    expected = []
    for t in range(x.shape[1]):  # dL/dh_t: run on from (h_t, c_t) and read the gradient reaching the start state
        if t == x.shape[1] - 1:
            expected.append(np.linalg.norm(dlast, axis=1).mean())
            continue
        _, rest = lstm_forward(x64[:, t + 1 :], h[:, t], Wx, Wh, b, c0=c[:, t])
        dh = np.zeros((len(x), x.shape[1] - t - 1, 6))
        dh[:, -1] = dlast
        expected.append(np.linalg.norm(lstm_backward(dh, rest)[1], axis=1).mean())
    np.testing.assert_allclose(mt.hidden_gradient_norms(model, x, y), expected, rtol=2e-4)


def test_hidden_gradient_norms_reject_other_models():
    x, y = _data()
    with pytest.raises(TypeError, match="SimpleRNN, GRU or LSTM"):
        mt.hidden_gradient_norms(keras.Sequential([keras.Input((7, 5)), keras.layers.Flatten()]), x, y)
    seq = keras.Sequential([keras.Input((7, 5)), keras.layers.LSTM(3, return_sequences=True)])
    with pytest.raises(ValueError, match="last step only"):
        mt.hidden_gradient_norms(seq, x, y)
    with pytest.raises(ValueError, match="N = 9"):
        mt.hidden_gradient_norms(_classifier("GRU"), x, y[:4])
