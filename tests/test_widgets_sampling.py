"""Temperature explorer (lstm_helpers.widgets.sampling): the pure functions and the builder."""

import math

import numpy as np
import pytest
from widget_fakes import fake_sampler

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
    assert ui.widget.children[0].children == (temp.widget, seed_box) and ui.widget.children[1:] == (box, out)
    first = out.value
    assert calls[-1] == ("ROMEO.", pytest.approx(0.8), 1)
    temp.value = 1.5
    assert calls[-1][1] == pytest.approx(1.5) and out.value != first
    temp.value = 0.8
    assert out.value == first  # same settings, same text
    box.value = "JULIET."
    assert "<b>JULIET.</b>" in out.value
    seed_box.value = "2"
    assert calls[-1] == ("JULIET.", pytest.approx(0.8), 2)
    assert ui.view.seed == 2
    box.value = ""
    assert ui.view is None and "Type a prompt" in out.value


VOCAB = "\n .ABCDEIJKLMNORTUGa"


def test_check_prompt_names_each_unknown_character_once():
    checked = ws.check_prompt("KING €€ ∑é", VOCAB)
    assert checked.known == "KING  " and checked.unknown == ("€", "∑", "é")
    msg = checked.message()
    assert "'€', '∑', 'é'" in msg and "left out of the prompt" in msg and repr(VOCAB) in msg
    assert f"{len(VOCAB)} characters" in msg
    nothing = ws.check_prompt("∑é€", VOCAB)
    assert nothing.known == "" and "nothing of the prompt is left" in nothing.message()
    assert ws.check_prompt("ROMEO.\n", VOCAB).message() == ""


def strict_sampler(prompt, length, temperature, seed):
    """Like the notebook's sampler: it refuses a character outside VOCAB (tx.encode raises ValueError)."""
    bad = [ch for ch in prompt if ch not in VOCAB]
    if bad:
        raise ValueError(f"text holds character {bad[0]!r} that is not in vocab")
    return fake_sampler(prompt, length, temperature, seed)


def test_explorer_shows_unknown_characters_and_keeps_working():
    pytest.importorskip("ipywidgets")
    ui = ws.sampling_explorer(strict_sampler, prompt="ROMEO.\n", length=30, seed=1, vocab=VOCAB)
    assert ui.message == "" and ui.view.prompt == "ROMEO.\n"  # the newline of the prompt is kept
    ui.prompt.value = "KING €"
    assert "'€'" in ui.message and "sampling-message" in ui.output.value and "'€'" in ui.output.value
    assert "&#x27;" not in ui.output.value  # quotes read as quotes on the page
    assert ui.view is not None and ui.view.prompt == "KING "  # sampled from what the model can read
    before = ui.output.value
    ui.temperature.value = 1.5  # a later change still regenerates
    assert ui.view.temperature == pytest.approx(1.5) and ui.output.value != before and "'€'" in ui.output.value
    ui.prompt.value = "∑é€"
    assert ui.view is None and "nothing of the prompt is left" in ui.output.value
    ui.prompt.value = "JULIET."
    assert ui.message == "" and "sampling-message" not in ui.output.value and "<b>JULIET.</b>" in ui.output.value


def test_explorer_shows_a_sampler_error_instead_of_freezing():
    pytest.importorskip("ipywidgets")
    ui = ws.sampling_explorer(strict_sampler, prompt="ROMEO.", length=30)  # no vocab: the sampler's own check
    ui.prompt.value = "KING €"
    assert ui.view is None and "Could not sample" in ui.message and "'€'" in ui.output.value
    ui.prompt.value = "KING"
    assert ui.view is not None and ui.message == ""


def test_explorer_controls_fit_their_labels_and_take_whole_seeds():
    widgets = pytest.importorskip("ipywidgets")
    ui = ws.sampling_explorer(fake_sampler, length=10)
    assert isinstance(ui.prompt, widgets.Textarea) and ui.prompt.value == "ROMEO.\n"
    for control in (ui.temperature.slider, ui.prompt, ui.seed):
        assert control.style.description_width not in ("", "auto"), control.description  # no "temperat..."
    ui.seed.value = "1.5"  # refused with a message; it never becomes 15 or 1
    assert ui.view is None and "whole number" in ui.output.value and "'1.5'" in ui.output.value
    ui.seed.value = " 7 "
    assert ui.view.seed == 7 and "sampling-message" not in ui.output.value
    assert {"sampling-temperature", "sampling-prompt", "sampling-output"} <= {
        c for w in (ui.temperature.widget, ui.prompt, ui.output) for c in w._dom_classes
    }


def test_a_typed_temperature_is_never_changed_silently():
    pytest.importorskip("ipywidgets")
    ui = ws.sampling_explorer(fake_sampler, length=10)
    ui.temperature.box.value = 0  # typed: below the range
    assert ui.view.temperature == ui.temperature.box.value == 0.1
    assert ui.temperature.note.value == "0.10 is the smallest temperature here; you typed 0."
    ui.temperature.box.value = 50
    assert (
        ui.view.temperature == 2.0
        and "2.00 is the largest temperature here; you typed 50." in ui.temperature.note.value
    )
    ui.temperature.box.value = 0.83  # off the steps of 0.05
    assert (
        ui.view.temperature == pytest.approx(0.85) and "using 0.85 for the 0.83 you typed" in ui.temperature.note.value
    )


def test_a_prompt_of_unknown_characters_is_not_asked_for_again():
    pytest.importorskip("ipywidgets")
    ui = ws.sampling_explorer(strict_sampler, prompt="ROMEO.\n", length=30, vocab=VOCAB)
    ui.prompt.value = "∑é€"
    assert "Type a prompt to start from" not in ui.output.value and "None of the prompt's characters" in ui.output.value


def test_a_long_prompt_is_echoed_by_its_end():
    pytest.importorskip("ipywidgets")
    long_prompt = "ROMEO. " * 740  # 5,180 characters
    view = ws.sample_view(fake_sampler, long_prompt, 0.8, 20, seed=0)
    shown = view.html()
    assert len(shown) < 1200 and "of 5,180 characters]" in shown and long_prompt[-50:] in shown


@pytest.mark.parametrize("typed, seed", [("0", 0), ("42", 42), (" 3 ", 3)])
def test_parse_seed_takes_whole_numbers(typed, seed):
    assert ws.parse_seed(typed) == (seed, "")


@pytest.mark.parametrize("typed", ["1.5", "-1", "", "abc", "1e3", "٣"])
def test_parse_seed_refuses_anything_else_with_a_message(typed):
    seed, message = ws.parse_seed(typed)
    assert seed is None and "whole number >= 0" in message and repr(typed.strip()) in message
