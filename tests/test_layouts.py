"""``lstm_helpers.layouts`` against each library's own equations.

For every layout, the test writes that layout's documented step in plain NumPy
(from the library's documentation, not from lstm.py), runs it on random weights
in that layout, converts the weights, runs the series' ``lstm_step_forward``
and asserts equal ``h`` and ``c`` to 1e-12 in float64. PyTorch is not
installed: its equations are written out here.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from lstm_helpers import layouts
from lstm_helpers.lstm import lstm_step_forward

N, D, H = 3, 5, 4
TOL = 1e-12


def sig(z):
    return 1 / (1 + np.exp(-z))


@pytest.fixture
def rng():
    return np.random.default_rng(17)


def states(rng):
    return rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H))


def assert_same_step(h_ref, c_ref, x, h, c, Wx, Wh, b):
    h_ours, c_ours, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
    np.testing.assert_allclose(h_ours, h_ref, rtol=0, atol=TOL)
    np.testing.assert_allclose(c_ours, c_ref, rtol=0, atol=TOL)


# --- the libraries' documented equations, one sample at a time (column vectors) ---


def pytorch_step(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    """torch.nn.LSTMCell's documentation: W_ih = (W_ii|W_if|W_ig|W_io) stacked as rows, likewise W_hh, b_ih, b_hh.

    i = s(W_ii x + b_ii + W_hi h + b_hi), f = s(W_if x + b_if + W_hf h + b_hf),
    g = tanh(W_ig x + b_ig + W_hg h + b_hg), o = s(W_io x + b_io + W_ho h + b_ho),
    c' = f * c + i * g, h' = o * tanh(c').
    """
    Hs = weight_hh.shape[1]
    rows = {k: slice(n * Hs, (n + 1) * Hs) for n, k in enumerate("ifgo")}
    h_out, c_out = np.empty_like(h), np.empty_like(c)
    for n in range(x.shape[0]):  # one sample: x_n a vector of D
        xn, hn, cn = x[n], h[n], c[n]
        pre = {k: weight_ih[r] @ xn + bias_ih[r] + weight_hh[r] @ hn + bias_hh[r] for k, r in rows.items()}
        i, f, g, o = sig(pre["i"]), sig(pre["f"]), np.tanh(pre["g"]), sig(pre["o"])
        c_out[n] = f * cn + i * g
        h_out[n] = o * np.tanh(c_out[n])
    return h_out, c_out


def cs231n_step(x, h, c, Wx, Wh, b):
    """CS231n assignment 3: a = x Wx + h Wh + b (N, 4H); a_i first H columns, then a_f, a_o, a_g."""
    Hs = Wh.shape[0]
    a = x @ Wx + h @ Wh + b
    ai, af, ao, ag = a[:, :Hs], a[:, Hs : 2 * Hs], a[:, 2 * Hs : 3 * Hs], a[:, 3 * Hs :]
    i, f, o, g = sig(ai), sig(af), sig(ao), np.tanh(ag)
    c_next = f * c + i * g
    return o * np.tanh(c_next), c_next


def keras_step(x, h, c, kernel, recurrent_kernel, bias):
    """keras.layers.LSTMCell: z = x kernel + h recurrent_kernel + bias split in four: i, f, c (candidate), o."""
    z0, z1, z2, z3 = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=1)
    i, f, o = sig(z0), sig(z1), sig(z3)
    c_next = f * c + i * np.tanh(z2)
    return o * np.tanh(c_next), c_next


# --- equal outputs after conversion ---


def test_pytorch_weights_give_the_same_step(rng):
    x, h, c = states(rng)
    w_ih, w_hh = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H))
    b_ih, b_hh = rng.normal(size=4 * H), rng.normal(size=4 * H)
    h_ref, c_ref = pytorch_step(x, h, c, w_ih, w_hh, b_ih, b_hh)
    assert_same_step(h_ref, c_ref, x, h, c, *layouts.from_pytorch(w_ih, w_hh, b_ih, b_hh))


def test_pytorch_without_biases_counts_them_as_zeros(rng):
    x, h, c = states(rng)
    w_ih, w_hh = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H))
    zeros = np.zeros(4 * H)
    h_ref, c_ref = pytorch_step(x, h, c, w_ih, w_hh, zeros, zeros)
    assert_same_step(h_ref, c_ref, x, h, c, *layouts.from_pytorch(w_ih, w_hh))


def test_to_pytorch_gives_weights_pytorch_equations_agree_with(rng):
    x, h, c = states(rng)
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    torch_w = layouts.to_pytorch(Wx, Wh, b)
    assert {k: v.shape for k, v in torch_w.items()} == {
        "weight_ih": (4 * H, D),
        "weight_hh": (4 * H, H),
        "bias_ih": (4 * H,),
        "bias_hh": (4 * H,),
    }
    np.testing.assert_array_equal(torch_w["bias_hh"], 0)  # the documented split: all of b in bias_ih
    h_ref, c_ref = pytorch_step(x, h, c, **{k: torch_w[k] for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")})
    assert_same_step(h_ref, c_ref, x, h, c, Wx, Wh, b)


def test_cs231n_weights_give_the_same_step(rng):
    x, h, c = states(rng)
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    h_ref, c_ref = cs231n_step(x, h, c, Wx, Wh, b)
    assert_same_step(h_ref, c_ref, x, h, c, *layouts.from_cs231n(Wx, Wh, b))


def test_to_cs231n_gives_weights_cs231n_equations_agree_with(rng):
    x, h, c = states(rng)
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    h_ref, c_ref = cs231n_step(x, h, c, *layouts.to_cs231n(Wx, Wh, b))
    assert_same_step(h_ref, c_ref, x, h, c, Wx, Wh, b)


def test_keras_layout_is_the_series_layout(rng):
    x, h, c = states(rng)
    kernel, rec, bias = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    h_ref, c_ref = keras_step(x, h, c, kernel, rec, bias)
    assert_same_step(h_ref, c_ref, x, h, c, kernel, rec, bias)


def test_cs231n_layout_differs_without_conversion(rng):
    """The oracles can tell the layouts apart: unconverted CS231n weights give another step."""
    x, h, c = states(rng)
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    h_ref, _ = cs231n_step(x, h, c, Wx, Wh, b)
    h_raw, _, _ = lstm_step_forward(x, h, c, Wx, Wh, b)
    assert np.max(np.abs(h_raw - h_ref)) > 1e-3


# --- round trips, purity ---


def test_round_trips_are_exact(rng):
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    for back in (
        layouts.from_pytorch(**layouts.to_pytorch(Wx, Wh, b)),
        layouts.from_cs231n(*layouts.to_cs231n(Wx, Wh, b)),
    ):
        for got, want in zip(back, (Wx, Wh, b)):
            np.testing.assert_array_equal(got, want)
    w_ih, w_hh = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H))
    again = layouts.to_pytorch(*layouts.from_pytorch(w_ih, w_hh, np.ones(4 * H), np.ones(4 * H)))
    np.testing.assert_array_equal(again["weight_ih"], w_ih)
    np.testing.assert_array_equal(again["weight_hh"], w_hh)
    np.testing.assert_array_equal(again["bias_ih"] + again["bias_hh"], 2 * np.ones(4 * H))


def test_converters_return_new_arrays_and_keep_dtype(rng):
    Wx, Wh, b = (rng.normal(size=s).astype(np.float32) for s in ((D, 4 * H), (H, 4 * H), (4 * H,)))
    before = [a.copy() for a in (Wx, Wh, b)]
    outs = [*layouts.from_cs231n(Wx, Wh, b), *layouts.to_pytorch(Wx, Wh, b).values()]
    outs += list(layouts.from_pytorch(np.ascontiguousarray(Wx.T), np.ascontiguousarray(Wh.T), b, b))
    for out in outs:
        assert out.dtype == np.float32
        assert not any(np.shares_memory(out, a) for a in (Wx, Wh, b))
        out[...] = 0  # writing to an output leaves the inputs alone
    for a, a0 in zip((Wx, Wh, b), before):
        np.testing.assert_array_equal(a, a0)


# --- clear errors ---


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: layouts.from_pytorch(np.zeros((16, 5)), np.zeros((16, 3))),
            "weight_hh must be (4H, H) = (12, 3), got (16, 3)",
        ),
        (
            lambda: layouts.from_pytorch(np.zeros((12, 5)), np.zeros((16, 4))),
            "weight_ih must be (4H, D) = (16, ?), got (12, 5)",
        ),
        (
            lambda: layouts.from_pytorch(np.zeros((16, 5)), np.zeros((16, 4)), np.zeros(12)),
            "bias_ih must be (4H,) = (16,), got (12,)",
        ),
        (
            lambda: layouts.from_pytorch(np.zeros((16, 5)), np.zeros((16, 4)), None, np.zeros((16, 1))),
            "bias_hh must be (4H,) = (16,), got (16, 1)",
        ),
        (
            lambda: layouts.from_pytorch(np.zeros((16, 5)), np.zeros(16)),
            "weight_hh must be (4H, H) = a 2-D array, got (16,)",
        ),
        (
            lambda: layouts.to_pytorch(np.zeros((5, 12)), np.zeros((4, 16)), np.zeros(16)),
            "Wx must be (D, 4H) = (?, 16), got (5, 12)",
        ),
        (
            lambda: layouts.from_cs231n(np.zeros((5, 16)), np.zeros((4, 12)), np.zeros(16)),
            "Wh must be (H, 4H) = (4, 16), got (4, 12)",
        ),
        (
            lambda: layouts.to_cs231n(np.zeros((5, 16)), np.zeros((4, 16)), np.zeros(15)),
            "b must be (4H,) = (16,), got (15,)",
        ),
        (
            lambda: layouts.to_cs231n(np.zeros((5, 0)), np.zeros((0, 0)), np.zeros(0)),
            "Wh must be (H, 4H) with H >= 1, got (0, 0)",
        ),
    ],
)
def test_wrong_shapes_name_the_argument(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_integer_weights_are_refused():
    with pytest.raises(TypeError, match="Wx must be a floating-point array"):
        layouts.from_cs231n(np.zeros((5, 16), dtype=int), np.zeros((4, 16)), np.zeros(16))


def test_mixed_dtypes_are_refused():
    with pytest.raises(TypeError, match="share one dtype"):
        layouts.to_pytorch(np.zeros((5, 16), np.float32), np.zeros((4, 16)), np.zeros(16))


# --- the table ---


def test_table_lists_every_layout_with_its_shapes():
    md = layouts.layout_table_markdown()
    table = md.split("\n\n")[0].splitlines()
    assert len(table) == 2 + len(layouts._ROWS)
    assert all(line.count("|") == len(layouts.LAYOUTS) + 2 for line in table)
    assert max(len(line) for line in md.splitlines()) <= 100  # fits a notebook page (the static-render rule)
    assert md.count("- **") == len(layouts.LAYOUTS) - 1  # a conversion note per other library
    for text in (
        "Keras",
        "PyTorch",
        "CS231n",
        "[i, f, c, o]",
        "[i, f, o, g]",
        "weight_ih (4H, D)",
        "recurrent_kernel (H, 4H)",
        "bias_ih (4H,) + bias_hh (4H,)",
    ):
        assert text in md
