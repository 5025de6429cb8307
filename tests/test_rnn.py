"""The NumPy vanilla RNN: gradients against numerical differences, shapes, dtypes, clear errors,
and the gradient-norm measurements of notebook 01 against closed forms and Keras."""

import numpy as np
import pytest

from lstm_helpers import rnn
from lstm_helpers.gradcheck import check_gradients, numerical_gradients

N, T, D, H = 3, 5, 4, 6


def _params(rng, dtype=np.float64, scale=0.5):
    Wx = (scale * rng.standard_normal((D, H))).astype(dtype)
    Wh = (scale * rng.standard_normal((H, H))).astype(dtype)
    b = (0.1 * rng.standard_normal(H)).astype(dtype)
    return Wx, Wh, b


# --- gradient checks (float64, relative error below 1e-8) ---


def test_step_backward_matches_numerical_gradients():
    rng = np.random.default_rng(0)
    x, prev_h = rng.standard_normal((N, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    dnext_h = rng.standard_normal((N, H))
    _, cache = rnn.rnn_step_forward(x, prev_h, Wx, Wh, b)
    got = rnn.rnn_step_backward(dnext_h, cache)

    def f(x, prev_h, Wx, Wh, b):
        return rnn.rnn_step_forward(x, prev_h, Wx, Wh, b)[0]

    report = check_gradients(f, [x, prev_h, Wx, Wh, b], got, df=dnext_h)  # raises if a shape differs
    assert report.max_error < 1e-8, str(report)


def test_sequence_backward_matches_numerical_gradients():
    rng = np.random.default_rng(1)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    dh = rng.standard_normal((N, T, H))
    _, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    got = rnn.rnn_backward(dh, cache)

    def f(x, h0, Wx, Wh, b):
        return rnn.rnn_forward(x, h0, Wx, Wh, b)[0]

    report = check_gradients(f, [x, h0, Wx, Wh, b], got, df=dh)
    assert report.max_error < 1e-8, str(report)


def test_sequence_equals_repeated_steps():
    rng = np.random.default_rng(2)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    h, _ = rnn.rnn_forward(x, h0, Wx, Wh, b)
    prev = h0
    for t in range(T):
        prev, _ = rnn.rnn_step_forward(x[:, t], prev, Wx, Wh, b)
        np.testing.assert_allclose(h[:, t], prev, rtol=1e-12, atol=1e-12)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_forward_equals_keras_simple_rnn():
    from lstm_helpers.config import import_keras

    keras = import_keras()
    rng = np.random.default_rng(3)
    x = rng.standard_normal((N, T, D)).astype(np.float32)
    layer = keras.layers.SimpleRNN(H, return_sequences=True)
    expected = np.asarray(layer(x))  # builds the layer with Keras's own initialisers
    Wx, Wh, b = layer.get_weights()
    h, _ = rnn.rnn_forward(x, np.zeros((N, H), np.float32), Wx, Wh, b)
    np.testing.assert_allclose(h, expected, rtol=1e-5, atol=1e-5)


# --- shapes, dtypes, purity ---


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shapes_and_dtypes_are_kept(dtype):
    rng = np.random.default_rng(4)
    x, h0 = rng.standard_normal((N, T, D)).astype(dtype), rng.standard_normal((N, H)).astype(dtype)
    Wx, Wh, b = _params(rng, dtype)
    h, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    assert h.shape == (N, T, H) and h.dtype == dtype
    grads = rnn.rnn_backward(np.ones((N, T, H), dtype), cache)
    for g, ref in zip(grads, [x, h0, Wx, Wh, b]):
        assert g.shape == ref.shape and g.dtype == dtype
    step_h, step_cache = rnn.rnn_step_forward(x[:, 0], h0, Wx, Wh, b)
    assert step_h.shape == (N, H) and step_h.dtype == dtype
    for g, ref in zip(rnn.rnn_step_backward(np.ones((N, H), dtype), step_cache), [x[:, 0], h0, Wx, Wh, b]):
        assert g.shape == ref.shape and g.dtype == dtype


def test_inputs_are_not_modified():
    rng = np.random.default_rng(5)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    dh = rng.standard_normal((N, T, H))
    before = [a.copy() for a in (x, h0, Wx, Wh, b, dh)]
    _, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    rnn.rnn_backward(dh, cache)
    rnn.hidden_gradient_norms(cache)
    grads = [Wx, Wh]
    rnn.clip_by_global_norm(grads, 0.1)
    for a, a0 in zip((x, h0, Wx, Wh, b, dh), before):
        np.testing.assert_array_equal(a, a0)


# --- clear errors ---


def test_mismatched_shapes_name_the_argument_and_both_shapes():
    rng = np.random.default_rng(6)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    with pytest.raises(ValueError, match=r"Wx must be \(D, H\) = \(4, 6\), got \(5, 6\)"):
        rnn.rnn_forward(x, h0, rng.standard_normal((D + 1, H)), Wh, b)
    with pytest.raises(ValueError, match=r"h0 must be \(N, H\) = \(3, 6\), got \(3, 7\)"):
        rnn.rnn_forward(x, rng.standard_normal((N, H + 1)), Wx, Wh, b)
    with pytest.raises(ValueError, match=r"Wh must be \(H, H\) = \(6, 6\), got \(6, 5\)"):
        rnn.rnn_step_forward(x[:, 0], h0, Wx, rng.standard_normal((H, H - 1)), b)
    with pytest.raises(ValueError, match=r"x must be \(N, T, D\)"):
        rnn.rnn_forward(x[:, 0], h0, Wx, Wh, b)
    _, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    with pytest.raises(ValueError, match=r"dh must be \(N, T, H\) = \(3, 5, 6\), got \(3, 4, 6\)"):
        rnn.rnn_backward(np.ones((N, T - 1, H)), cache)


def test_mixed_dtypes_and_integers_are_refused():
    rng = np.random.default_rng(7)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    with pytest.raises(TypeError, match="share one dtype"):
        rnn.rnn_forward(x.astype(np.float32), h0, Wx, Wh, b)
    with pytest.raises(TypeError, match="x must be a floating-point array"):
        rnn.rnn_forward(np.ones((N, T, D), dtype=int), h0, Wx, Wh, b)


# --- gradient norms per step ---


def test_hidden_gradient_norms_equal_explicit_jacobian_products():
    rng = np.random.default_rng(8)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    h, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    u = rng.standard_normal((N, H))
    norms = rnn.hidden_gradient_norms(cache, dh_last=u)
    # Oracle: multiply the Jacobians dh_t/dh_{t-1} = diag(1 - h_t^2) Wh^T explicitly, example by example.
    expected = np.zeros(T)
    for n in range(N):
        g = u[n]
        expected[T - 1] += np.linalg.norm(g) / N
        for t in range(T - 1, 0, -1):
            J = np.diag(1 - h[n, t] ** 2) @ Wh.T  # (H, H): d h_t / d h_{t-1}
            g = g @ J
            expected[t - 1] += np.linalg.norm(g) / N
    np.testing.assert_allclose(norms, expected, rtol=1e-12)


def test_hidden_gradient_norms_by_numerical_differences():
    rng = np.random.default_rng(9)
    x, h0 = rng.standard_normal((1, T, D)), rng.standard_normal((1, H))
    Wx, Wh, b = _params(rng)
    h, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    u = rng.standard_normal((1, H))
    norms = rnn.hidden_gradient_norms(cache, dh_last=u)
    # Oracle for every t: restart the RNN from a copy of h_t and differentiate L = u . h_{T-1}
    # numerically with respect to that copy.
    for t in range(T - 1):

        def last_h(h_t, t=t):
            return rnn.rnn_forward(x[:, t + 1 :], h_t, Wx, Wh, b)[0][:, -1]

        (numeric,) = numerical_gradients(last_h, [h[:, t]], u)
        assert norms[t] == pytest.approx(np.linalg.norm(numeric), rel=1e-8)
    assert norms[-1] == pytest.approx(np.linalg.norm(u))


def test_dWh_per_step_sums_to_dWh_and_each_term_is_one_step():
    rng = np.random.default_rng(12)
    x, h0 = rng.standard_normal((N, T, D)), rng.standard_normal((N, H))
    Wx, Wh, b = _params(rng)
    dh = rng.standard_normal((N, T, H))
    h, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    terms = rnn.dWh_per_step(dh, cache)
    assert terms.shape == (T, H, H)
    np.testing.assert_allclose(terms.sum(axis=0), rnn.rnn_backward(dh, cache)[3], rtol=1e-12, atol=1e-12)
    # Oracle for the last step: the step function's dWh with the upstream gradient dh[:, -1].
    _, step_cache = rnn.rnn_step_forward(x[:, -1], h[:, -2], Wx, Wh, b)
    np.testing.assert_allclose(terms[-1], rnn.rnn_step_backward(dh[:, -1], step_cache)[3], rtol=1e-12)


def test_linear_regime_decays_exactly_at_the_spectral_radius():
    # With tiny activity tanh is the identity, and an orthogonal Wh times rho scales any vector by rho.
    for rho in [0.5, 0.9, 1.2]:
        Wh = rnn.scaled_orthogonal(8, rho, seed=1)
        assert max(abs(np.linalg.eigvals(Wh))) == pytest.approx(rho)
        x = np.zeros((2, 30, 8))
        _, cache = rnn.rnn_forward(x, np.zeros((2, 8)), np.eye(8), Wh, np.zeros(8))
        norms = rnn.hidden_gradient_norms(cache)
        distance = 29 - np.arange(30)
        np.testing.assert_allclose(norms, rho**distance, rtol=1e-10)
        assert rnn.decay_rate(norms) == pytest.approx(rho, rel=1e-10)


def test_decay_rate_ignores_underflow_and_refuses_too_little():
    norms = np.array([0.0, 0.0, 0.25, 0.5, 1.0])
    assert rnn.decay_rate(norms) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="at least two positive"):
        rnn.decay_rate(np.array([0.0, 0.0, 1.0]))


def test_clip_by_global_norm_scales_all_arrays_by_one_factor():
    rng = np.random.default_rng(10)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal(5)
    total = np.sqrt(np.sum(a**2) + np.sum(b**2))
    (ca, cb), norm = rnn.clip_by_global_norm([a, b], 0.5)
    assert norm == pytest.approx(total)
    assert np.sqrt(np.sum(ca**2) + np.sum(cb**2)) == pytest.approx(0.5)
    np.testing.assert_allclose(ca / a, 0.5 / total)
    np.testing.assert_allclose(cb / b, 0.5 / total)
    (ua, ub), _ = rnn.clip_by_global_norm([a, b], 10 * total)  # below the threshold: unchanged
    np.testing.assert_array_equal(ua, a)
    with pytest.raises(ValueError, match="max_norm"):
        rnn.clip_by_global_norm([a], 0.0)


def test_unit_gradient_norms_are_one_unit_vector_at_a_time():
    rng = np.random.default_rng(7)
    x, Wx, Wh, b = rng.standard_normal((N, T, D)), *_params(rng)
    _, cache = rnn.rnn_forward(x, np.zeros((N, H)), Wx, Wh, b)
    by_unit = rnn.unit_gradient_norms(cache)  # (T, H)
    assert by_unit.shape == (T, H)
    np.testing.assert_allclose(by_unit[-1], 1.0)  # the loss's own step: the unit vector itself
    for j in (0, H - 1):
        e_j = np.zeros((N, H))
        e_j[:, j] = 1.0
        np.testing.assert_allclose(by_unit[:, j], rnn.hidden_gradient_norms(cache, e_j))
    with pytest.raises(TypeError, match="cache must be the dict returned by rnn_forward"):
        rnn.unit_gradient_norms(None)


def test_unit_gradient_norms_of_a_diagonal_linear_rnn_are_products_of_its_factors():
    f = np.array([0.5, 0.9, 1.0])  # Wh = diag(f), zero inputs: every tanh slope is 1
    _, cache = rnn.rnn_forward(np.zeros((2, 12, 3)), np.zeros((2, 3)), np.eye(3), np.diag(f), np.zeros(3))
    by_distance = rnn.unit_gradient_norms(cache)[::-1]
    np.testing.assert_allclose(by_distance, f[None, :] ** np.arange(12)[:, None], rtol=1e-12)


def test_the_documented_backward_step_is_the_codes():
    """BACKWARD_CODE (what the diagrams print) evaluates to rnn_step_backward's dprev_h: rows, Jacobian on the right."""
    rng = np.random.default_rng(8)
    x, prev_h, (Wx, Wh, b) = rng.standard_normal((N, D)), rng.standard_normal((N, H)), _params(rng)
    h, cache = rnn.rnn_step_forward(x, prev_h, Wx, Wh, b)
    dh = rng.standard_normal((N, H))
    got = eval(rnn.BACKWARD_CODE, {}, {"dh": dh, "h": h, "Wh": Wh})
    np.testing.assert_allclose(got, rnn.rnn_step_backward(dh, cache)[1], rtol=1e-12)
    jacobian = np.diag(1 - h[0] ** 2) @ Wh.T  # dh_t/dh_{t-1} for sequence 0, numerator layout
    np.testing.assert_allclose(dh[0] @ jacobian, got[0], rtol=1e-12)
