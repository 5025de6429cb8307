"""Notebook 01's explorer: the pure curve function against closed forms, and the widget's wiring."""

import numpy as np
import pytest

from lstm_helpers import rnn
from lstm_helpers.widgets import rnn as explorer


def test_without_inputs_the_curve_is_the_linear_prediction():
    for rho in [0.5, 0.9, 1.0, 1.2, 1.5]:
        curve = rnn.gradient_decay_curve(rho, 0.0, T=40, H=16, N=4)
        np.testing.assert_allclose(curve["distance"], np.arange(40))
        np.testing.assert_allclose(curve["linear"], rho ** np.arange(40))
        np.testing.assert_allclose(curve["norms"], curve["linear"], rtol=1e-10)
        assert curve["decay_rate"] == pytest.approx(rho, rel=1e-10)
        assert curve["norms"][0] == pytest.approx(1.0)


def test_curve_matches_a_direct_measurement_indexed_by_distance():
    curve = rnn.gradient_decay_curve(1.1, 0.7, T=25, H=8, N=5, seed=3)
    inputs_seed, weights_seed = np.random.SeedSequence(3).spawn(2)  # two independent generators
    x = 0.7 * np.random.default_rng(inputs_seed).standard_normal((5, 25, 8))
    Wh = rnn.scaled_orthogonal(8, 1.1, seed=np.random.default_rng(weights_seed))
    h, cache = rnn.rnn_forward(x, np.zeros((5, 8)), np.eye(8), Wh, np.zeros(8))
    by_step = rnn.hidden_gradient_norms(cache)
    np.testing.assert_allclose(curve["norms"], by_step[::-1])
    np.testing.assert_allclose(curve["h"], h)
    assert curve["decay_rate"] == pytest.approx(rnn.decay_rate(by_step))


def test_inputs_are_not_the_numbers_behind_the_recurrent_matrix():
    """One generator for both would make sequence 0's first rows the Gaussian matrix that QR turns into Q."""
    H, scale = 8, 0.5
    curve = rnn.gradient_decay_curve(1.0, scale, T=20, H=H, N=2, seed=0)
    x0 = np.arctanh(curve["h"][0, 0]) / scale  # h_0 = tanh(x_0) with h_{-1} = 0 and Wx = I: the first input row
    shared = np.random.default_rng(0).standard_normal((H, H))  # what scaled_orthogonal(seed=0) would QR
    assert not np.allclose(x0, shared[0])


def test_one_setting_for_section_2_the_explorer_and_exercise_2():
    assert (rnn.DECAY_T, rnn.DECAY_H, rnn.DECAY_N) == (100, 64, 16)
    pytest.importorskip("ipywidgets")
    e = explorer.rnn_explorer(draw=False)
    assert (e.T, e.H, e.N) == (rnn.DECAY_T, rnn.DECAY_H, rnn.DECAY_N)
    assert e.curve["decay_rate"] == rnn.gradient_decay_curve(e.rho.value, e.input_scale.value)["decay_rate"]


@pytest.mark.parametrize("scale", [0.0, 0.1, 0.5, 1.0, 2.0])
def test_decay_rate_rises_with_the_spectral_radius(scale):
    rates = [rnn.gradient_decay_curve(rho, scale)["decay_rate"] for rho in np.arange(0.5, 1.51, 0.1)]
    assert np.all(np.diff(rates) > 0), rates


def test_saturation_makes_it_vanish_faster_even_at_rho_one():
    rates = [rnn.gradient_decay_curve(1.0, s)["decay_rate"] for s in [0.0, 0.1, 0.5, 1.0, 2.0]]
    assert rates[0] == pytest.approx(1.0)
    assert np.all(np.diff(rates) < 0), rates
    assert rates[-1] < 0.9


def test_the_browser_test_imports_the_curve_from_the_widget_module():
    assert explorer.gradient_decay_curve is rnn.gradient_decay_curve  # one function, its home is rnn.py


def test_readout_text_format():
    assert (
        explorer.readout_text({"decay_rate": 0.87351}) == "decay rate per step: 0.874 (below 1: the gradient vanishes)"
    )
    assert "above 1: the gradient grows" in explorer.readout_text({"decay_rate": 1.234})  # never read as a decay


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"spectral_radius": -0.1, "input_scale": 0.5}, "spectral_radius"),
        ({"spectral_radius": 0.9, "input_scale": float("nan")}, "input_scale"),
        ({"spectral_radius": 0.9, "input_scale": 0.5, "T": 1}, "T must be an integer >= 2"),
    ],
)
def test_bad_arguments_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        rnn.gradient_decay_curve(**kwargs)


def test_widget_has_the_browser_test_classes_and_updates_the_readout():
    pytest.importorskip("ipywidgets")
    import matplotlib

    matplotlib.use("Agg")
    e = explorer.rnn_explorer(T=30, H=8, N=4)
    assert isinstance(e, explorer.RNNExplorer)
    by_class = {}
    for child in e.widget.children:
        for cls in child._dom_classes:
            by_class[cls] = child
    assert by_class["rnn-spectral-radius"] is e.rho.widget and by_class["rnn-input-scale"] is e.input_scale.widget
    slider, scale, readout = e.rho, e.input_scale, by_class["rnn-decay-readout"]
    assert type(slider.slider).__name__ == "FloatSlider" and readout is e.readout

    def shown_rate():
        text = readout.value
        assert "decay rate per step: " in text
        return float(text.split("decay rate per step: ")[1][:5])

    expected = rnn.gradient_decay_curve(slider.value, scale.value, T=30, H=8, N=4)["decay_rate"]
    assert shown_rate() == pytest.approx(expected, abs=5e-4)
    before = shown_rate()
    slider.value = slider.value + 0.3
    assert shown_rate() > before
    scale.value = 0.0
    assert shown_rate() == pytest.approx(slider.value, abs=5e-4)
    assert e.curve["decay_rate"] == pytest.approx(slider.value, rel=1e-9)  # the state, read headless


def test_headless_explorer_without_a_figure_keeps_the_state():
    pytest.importorskip("ipywidgets")
    e = explorer.rnn_explorer(T=20, H=4, N=2, rho=0.8, input_scale=0.0, draw=False)
    assert e.curve["decay_rate"] == pytest.approx(0.8, rel=1e-9)
    e.rho.value = 1.2
    assert e.curve["decay_rate"] == pytest.approx(1.2, rel=1e-9) and "1.200" in e.readout.value


def test_a_typed_value_is_never_changed_silently():
    pytest.importorskip("ipywidgets")
    e = explorer.rnn_explorer(T=20, H=4, N=2, rho=1.0, input_scale=0.0, draw=False)
    e.rho.box.value = 9  # typed
    assert e.rho.value == 1.5 and e.rho.note.value == "1.50 is the largest spectral radius here; you typed 9."
    e.rho.box.value = 1.234  # off the steps of 0.05: the readout uses what the box shows
    assert e.rho.box.value == 1.25 and "linear prediction: 1.250" in e.readout.value
    assert "using 1.25 for the 1.234 you typed" in e.rho.note.value
