"""Temperature explorer (lstm_helpers.widgets.sampling): the pure functions and the builder."""

import math

import numpy as np
import pytest

from lstm_helpers.widgets import sampling as ws


def softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


@pytest.mark.parametrize("tau", [0.05, 0.5, 1.0, 2.0, 10.0])
def test_apply_temperature_equals_softmax_of_scaled_logits(tau):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 7)) * 3
    probs = softmax(logits)
    np.testing.assert_allclose(ws.apply_temperature(probs, tau), softmax(logits / tau), rtol=1e-9, atol=1e-300)


def test_apply_temperature_limits_and_zeros():
    p = np.array([0.5, 0.3, 0.2, 0.0])
    np.testing.assert_allclose(ws.apply_temperature(p, 1.0), p)
    cold = ws.apply_temperature(p, 1e-3)
    assert cold[0] == pytest.approx(1.0) and np.isfinite(cold).all()
    hot = ws.apply_temperature(p, 1e6)
    np.testing.assert_allclose(hot[:3], 1 / 3, atol=1e-5)
    assert hot[3] == 0.0  # an impossible character stays impossible
    before = p.copy()
    ws.apply_temperature(p, 0.5)
    np.testing.assert_array_equal(p, before)


@pytest.mark.parametrize("bad", [0, -1.0, float("inf")])
def test_apply_temperature_rejects_a_bad_temperature_value(bad):
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        ws.apply_temperature([0.5, 0.5], bad)


@pytest.mark.parametrize("bad", ["1", True, None])
def test_apply_temperature_rejects_a_temperature_that_is_not_a_number(bad):
    with pytest.raises(TypeError, match="temperature must be a real number"):
        ws.apply_temperature([0.5, 0.5], bad)


def test_apply_temperature_rejects_non_distributions():
    with pytest.raises(ValueError, match="sum to 1"):
        ws.apply_temperature([0.5, 0.6], 1.0)


def test_known_word_fraction():
    known = ws.words_of("To be, or not to be: that is the question. 'Tis nobler")
    assert ws.known_word_fraction("to be or xqz", known) == pytest.approx(3 / 4)
    assert ws.known_word_fraction("TO 'tis", known) == 1.0
    assert math.isnan(ws.known_word_fraction("... !", known))


def fake_sampler(prompt, length, temperature, seed):
    """Deterministic in its arguments, like the notebook's sampler."""
    rng = np.random.default_rng([seed, int(temperature * 1000), len(prompt)])
    return "".join(rng.choice(list("ab c\n"), size=length))


def test_sample_view_is_deterministic_and_measured():
    a = ws.sample_view(fake_sampler, "To be", 0.7, 40, seed=3, known_words={"a", "b"})
    b = ws.sample_view(fake_sampler, "To be", 0.7, 40, seed=3, known_words={"a", "b"})
    c = ws.sample_view(fake_sampler, "To be", 0.7, 40, seed=4, known_words={"a", "b"})
    assert a == b and a.sample != c.sample
    assert len(a.sample) == 40
    words = a.sample.split()
    assert a.known_fraction == pytest.approx(sum(w in {"a", "b"} for w in words) / len(words))
    assert "<b>To be</b>" in a.html() and "temperature 0.70" in a.html()


def test_sample_view_escapes_html_and_checks_arguments():
    view = ws.sample_view(lambda p, n, t, s: "<" * n, "a&b", 1.0, 3)
    assert "&lt;&lt;&lt;" in view.html() and "a&amp;b" in view.html()
    assert math.isnan(view.known_fraction) and "real words" not in view.summary()
    with pytest.raises(ValueError, match="prompt must be a non-empty str"):
        ws.sample_view(fake_sampler, "", 1.0, 10)
    with pytest.raises(ValueError, match="length must be an integer >= 1"):
        ws.sample_view(fake_sampler, "a", 1.0, 0)
    with pytest.raises(ValueError, match="must return a str of length 5, got 4 characters"):
        ws.sample_view(lambda p, n, t, s: "abcd", "a", 1.0, 5)


def test_explorer_regenerates_when_a_control_changes():
    pytest.importorskip("ipywidgets")
    calls = []

    def sampler(prompt, length, temperature, seed):
        calls.append((prompt, temperature, seed))
        return fake_sampler(prompt, length, temperature, seed)

    ui = ws.sampling_explorer(sampler, prompt="ROMEO.", length=30, seed=1)
    assert isinstance(ui, ws.SamplingExplorer)
    temp, seed_box, box, out = ui.temperature, ui.seed, ui.prompt, ui.output
    assert ui.widget.children[0].children == (temp, seed_box) and ui.widget.children[1:] == (box, out)
    first = out.value
    assert calls[-1] == ("ROMEO.", pytest.approx(0.8), 1)
    temp.value = 1.5
    assert calls[-1][1] == pytest.approx(1.5) and out.value != first
    temp.value = 0.8
    assert out.value == first  # same settings, same text
    box.value = "JULIET."
    assert "<b>JULIET.</b>" in out.value
    seed_box.value = 2
    assert calls[-1] == ("JULIET.", pytest.approx(0.8), 2)
    assert ui.view.seed == 2
    box.value = ""
    assert ui.view is None and "Type a prompt" in out.value
