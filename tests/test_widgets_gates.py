"""The gate-bias explorer of notebook 02: its pure function, the half-life helpers and the slider wiring.

Every warning raised in these tests is an error (``filterwarnings("error")``
below), and NumPy floating-point problems raise too (``np.errstate``), so a
corner of the slider ranges that overflows or divides by zero fails loudly.
"""

import itertools
import math

import numpy as np
import pytest

import lstm_helpers.widgets as widgets_pkg
from lstm_helpers.lstm import GATES, half_life_formula, measured_half_life
from lstm_helpers.widgets.gates import (
    BIAS_RANGE,
    PATTERNS,
    SLIDER_ORDER,
    gate_bias_explorer,
    gate_bias_response,
    half_life_text,
)

pytestmark = pytest.mark.filterwarnings("error")

LO, HI = BIAS_RANGE
CORNERS = list(itertools.product([LO, HI], repeat=4))  # (b_f, b_i, b_o, b_g)
ARRAYS = ("t", "x", "i", "f", "g", "o", "c", "h", "c_rest", "h_rest", "memory")


def _sigmoid(z):  # an independent scalar oracle
    return 1 / (1 + math.exp(-z))


def test_exported_from_the_widgets_package():
    assert widgets_pkg.gate_bias_response is gate_bias_response


def test_slider_range_is_at_least_minus_6_to_6():
    assert LO <= -6 and HI >= 6


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("b_f, b_i, b_o, b_g", CORNERS)
def test_every_corner_gives_finite_arrays_without_warnings(b_f, b_i, b_o, b_g, pattern):
    with np.errstate(all="raise"):
        r = gate_bias_response(b_f, b_i, b_o, b_g, steps=50, pattern=pattern)
    for name in ARRAYS:
        arr = getattr(r, name)
        assert arr.shape == (50,), name
        assert np.isfinite(arr).all(), name
    assert math.isfinite(r.half_life_formula) and math.isfinite(r.half_life_measured)
    assert r.half_life_measured == pytest.approx(r.half_life_formula, rel=0.01)


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("b_f", np.linspace(LO, HI, 25))
def test_half_life_formula_matches_the_simulated_decay_within_1_percent(b_f, pattern):
    with np.errstate(all="raise"):
        r = gate_bias_response(b_f, 0.5, -0.5, 0.3, steps=50, pattern=pattern)
    expected = math.log(0.5) / math.log(_sigmoid(b_f))  # the formula, written out
    assert r.half_life_formula == pytest.approx(expected, rel=1e-9)
    assert r.half_life_measured == pytest.approx(expected, rel=0.01)


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("k", [1, 4, 10, 25])
def test_memory_is_halved_after_a_whole_number_half_life(k, pattern):
    b_f = math.log(0.5 ** (1 / k) / (1 - 0.5 ** (1 / k)))  # sigmoid(b_f) ** k == 0.5
    r = gate_bias_response(b_f, 1.0, 0.0, -0.5, steps=60, pattern=pattern)
    assert r.memory[0] == 1.0
    assert r.memory[k] == pytest.approx(0.5, rel=1e-6)
    assert r.memory[2 * k] == pytest.approx(0.25, rel=1e-6)
    assert r.half_life_formula == pytest.approx(k, rel=1e-9)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_state_follows_the_lstm_equations_with_the_shown_gates(pattern):
    b_f, b_i, b_o, b_g = 1.5, -0.7, 0.4, 0.2
    r = gate_bias_response(b_f, b_i, b_o, b_g, steps=30, pattern=pattern)
    c_prev = 0.0
    for t in range(30):
        i, f, o = _sigmoid(b_i), _sigmoid(b_f), _sigmoid(b_o)
        g = math.tanh(r.x[t] * 1.0 + b_g)
        c = f * c_prev + i * g
        assert (r.i[t], r.f[t], r.o[t], r.g[t]) == pytest.approx((i, f, o, g), rel=1e-12)
        assert r.c[t] == pytest.approx(c, rel=1e-12)
        assert r.h[t] == pytest.approx(o * math.tanh(c), rel=1e-12)
        c_prev = c
    expected_x = [1.0] + [0.0] * 29 if pattern == "pulse" else [1.0] * 30
    assert r.x.tolist() == expected_x
    assert r.gate_values["f"] == pytest.approx(_sigmoid(b_f))
    assert r.gate_values["g with input"] == pytest.approx(math.tanh(1.0 + b_g))


def test_without_a_candidate_bias_the_resting_unit_stays_at_zero():
    r = gate_bias_response(2.0, 0.0, 0.0, 0.0, steps=20)
    assert np.all(r.c_rest == 0) and np.all(r.h_rest == 0)
    assert np.all(np.diff(r.c) < 0)  # the pulse's trace only fades


def test_larger_forget_bias_remembers_longer():
    lives = [gate_bias_response(b, 0, 0, 0).half_life_measured for b in (-2.0, 0.0, 1.0, 3.0, 5.0)]
    assert lives == sorted(lives) and len(set(lives)) == len(lives)


def test_half_life_formula_is_stable_far_outside_the_slider_range():
    # exp(-800) underflowing to 0 is the right answer here, so only over/divide/invalid raise
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert half_life_formula(-800.0) == pytest.approx(math.log(2) / 800.0, rel=1e-12)
        assert half_life_formula(800.0) == math.inf
        arr = half_life_formula(np.array([0.0, 1.0]))
    assert arr.shape == (2,) and arr[0] == pytest.approx(1.0)
    assert half_life_formula(1.0) == pytest.approx(math.log(0.5) / math.log(_sigmoid(1.0)))


def test_measured_half_life_of_a_geometric_trace_and_of_edge_cases():
    t = np.arange(40)
    assert measured_half_life(0.8**t) == pytest.approx(math.log(0.5) / math.log(0.8), rel=1e-9)
    assert measured_half_life(np.ones(10)) == math.inf
    assert math.isnan(measured_half_life(np.array([1.0, 0.0, 0.0])))  # decays below resolution at once
    with pytest.raises(ValueError, match="memory must be a non-empty 1-D array"):
        measured_half_life(np.ones((2, 2)))
    with pytest.raises(ValueError, match="floor"):
        measured_half_life(0.8**t, floor=0.0)


def test_inputs_are_checked_with_clear_messages():
    with pytest.raises(ValueError, match="pattern must be one of"):
        gate_bias_response(1, 0, 0, 0, pattern="step")
    with pytest.raises(ValueError, match="steps must be an integer >= 2"):
        gate_bias_response(1, 0, 0, 0, steps=1)
    with pytest.raises(TypeError, match="steps must be an integer, got a float 10.0"):
        gate_bias_response(1, 0, 0, 0, steps=10.0)
    with pytest.raises(ValueError, match="b_i must be a finite number, got nan"):
        gate_bias_response(1, float("nan"), 0, 0)
    with pytest.raises(TypeError, match="b_o must be a real number"):
        gate_bias_response(1, 0, "0", 0)
    with pytest.raises(TypeError, match="b_g must be a real number"):
        gate_bias_response(1, 0, 0, True)


def test_readout_text_has_the_browser_contract_format():
    r = gate_bias_response(1.0, 0, 0, 0)
    text = half_life_text(r)
    expected = math.log(0.5) / math.log(_sigmoid(1.0))
    assert f"half-life (formula): {expected:.2f} steps" in text
    assert text.index("half-life (formula):") < text.index(
        f"fitted to the simulated c_t: {r.half_life_measured:.2f} steps"
    )


# --- the ipywidgets explorer, headless (no browser, no kernel) ---


def test_slider_order_is_a_name_of_its_own_not_the_weights_gate_order():
    assert GATES == ("i", "f", "g", "o")
    assert SLIDER_ORDER == ("forget", "input", "output", "candidate")


def test_sliders_have_the_css_classes_and_range_the_browser_test_uses():
    ipywidgets = pytest.importorskip("ipywidgets")
    e = gate_bias_explorer(draw=False)
    assert tuple(e.sliders) == SLIDER_ORDER
    for name in ("forget", "input", "output", "candidate"):
        control = e.sliders[name]
        assert isinstance(control.slider, ipywidgets.FloatSlider) and not control.slider.readout  # our box instead
        assert f"gate-bias-{name}" in control.widget._dom_classes
        assert f"gate-bias-{name}-box" in control.box._dom_classes
        assert control.slider.min <= -6 and control.slider.max >= 6
    assert "gate-half-life" in e.readout._dom_classes


def test_a_typed_value_is_never_changed_silently():
    """A number typed out of range or off the slider's steps is used as shown, and the explorer says so."""
    e = gate_bias_explorer(draw=False)
    forget = e.sliders["forget"]
    forget.box.value = 50  # what typing 50 into the box sends
    assert forget.value == forget.box.value == forget.slider.value == 6.0
    assert forget.note.value == "6.0 is the largest forget bias here; you typed 50."
    assert e.response.b_f == 6.0
    forget.box.value = 2.63
    assert forget.value == forget.box.value == 2.6 and e.response.b_f == 2.6
    assert forget.note.value == "forget bias moves in steps of 0.1: using 2.6 for the 2.63 you typed."
    forget.slider.value = 3.0  # a drag: nothing to say
    assert forget.note.value == "" and forget.box.value == 3.0 and e.response.b_f == 3.0


def test_a_half_life_beyond_the_simulation_is_not_called_measured():
    e = gate_bias_explorer(draw=False)
    e.sliders["forget"].value = 6.0
    text = half_life_text(e.response)
    assert "not within the 50 simulated steps" in text and "extrapolates to 279.98 steps" in text
    e.sliders["forget"].value = 2.0
    assert "fitted to the simulated c_t:" in half_life_text(e.response)


@pytest.mark.parametrize("draw", [False, True])
def test_changing_a_slider_changes_the_explorers_state(draw):
    pytest.importorskip("ipywidgets")
    if draw:
        pytest.importorskip("matplotlib")
        import matplotlib

        matplotlib.use("Agg")
    e = gate_bias_explorer(b_f=1.0, draw=draw)
    before = e.response
    assert e.sliders["forget"].value == 1.0 and before.b_f == 1.0

    e.sliders["forget"].value = 3.0  # what a learner's drag does, without the browser
    after = e.response
    expected = math.log(0.5) / math.log(_sigmoid(3.0))
    assert after.b_f == 3.0 and after.half_life_formula == pytest.approx(expected)
    assert after.half_life_measured > before.half_life_measured
    assert f"half-life (formula): {expected:.2f} steps" in e.readout.value

    e.sliders["candidate"].value = -2.0
    assert e.response.b_g == -2.0 and not np.allclose(e.response.c_rest, 0)
    e.sliders["input"].value = 4.0
    assert e.response.gate_values["i"] == pytest.approx(_sigmoid(4.0))
    open_output = e.response
    e.sliders["output"].value = -5.0  # a nearly closed output gate hides the cell
    assert np.abs(e.response.h).max() < 0.02 * np.abs(open_output.h).max()
    assert np.array_equal(e.response.c, open_output.c)

    e.pattern.value = "constant"
    assert e.response.pattern == "constant" and e.response.x.tolist() == [1.0] * 50


def test_forget_gate_that_sees_the_state_parts_measurement_from_formula():
    constant = gate_bias_response(2.0, 0.0, 0.0, 0.0, steps=60)
    assert np.allclose(constant.f, constant.f[0])  # no weight into f: constant, the formula holds
    assert constant.half_life_measured == pytest.approx(constant.half_life_formula, rel=1e-9)
    state = gate_bias_response(2.0, 0.0, 0.0, 0.0, steps=60, forget_from_h=6.0)
    assert state.f.max() - state.f.min() > 0.05  # f follows h_{t-1} now
    assert np.isfinite(state.half_life_measured)
    assert abs(state.half_life_measured - state.half_life_formula) > 0.1 * state.half_life_formula


def test_gates_are_the_ones_the_simulation_used():
    r = gate_bias_response(1.0, 0.5, -0.5, 0.2, steps=5, pattern="constant")
    assert np.allclose(r.i, 1 / (1 + np.exp(-0.5))) and np.allclose(r.o, 1 / (1 + np.exp(0.5)))
    assert np.allclose(r.g, np.tanh(1.0 + 0.2))


def test_unmeasurable_half_life_is_refused_not_nan():
    with pytest.raises(ValueError, match="no half-life can be measured for b_f = -10.*sliders' range -6 to 6"):
        gate_bias_response(-10.0, -10.0, -10.0, 10.0)


def test_explorer_cell_diagram_follows_the_forget_slider():
    import xml.etree.ElementTree as ET

    from lstm_helpers.widgets.gates import gate_bias_explorer

    ex = gate_bias_explorer(b_f=1.0, draw=False)
    ex.sliders["forget"].value = 3.0
    html = ex.diagram.value
    svg = html[html.index("<svg") : html.rindex("</svg>") + len("</svg>")]
    texts = [t.strip() for t in ET.fromstring(svg).itertext() if t.strip()]
    f = 1 / (1 + math.exp(-3.0))
    assert f"{f:.4f}" in texts  # the forget gate of step 0 is sigmoid(b_f) with h_(-1) = 0
    assert f"{1 / (1 + math.exp(-1.0)):.4f}" not in texts


def test_explorer_plain_text_is_a_sentence_not_a_widget_repr():
    from lstm_helpers.widgets.gates import gate_bias_explorer

    bundle = gate_bias_explorer(draw=False)._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"].startswith("Interactive explorer") and "VBox" not in data["text/plain"]


def test_a_negative_write_with_w_behaves_as_a_positive_one_with_minus_w():
    """The unit is unchanged when h, c, g and w all change sign (notebook 02, section 5)."""
    from lstm_helpers.lstm import half_life_crossing

    for w in (3.0, 6.0):
        negative = gate_bias_response(2.0, 0.0, 0.0, 0.0, steps=60, forget_from_h=w, amplitude=-1.0)
        positive = gate_bias_response(2.0, 0.0, 0.0, 0.0, steps=60, forget_from_h=-w)
        assert half_life_crossing(negative.memory) == pytest.approx(half_life_crossing(positive.memory), rel=1e-12)
    with pytest.raises(ValueError, match="amplitude must be a nonzero number"):
        gate_bias_response(2.0, 0.0, 0.0, 0.0, amplitude=0.0)
