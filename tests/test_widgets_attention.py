"""Attention explorer (lstm_helpers.widgets.attention): reading the input, the view, the heatmap, the builder."""

import numpy as np
import pytest
from widget_fakes import fake_translate

from lstm_helpers import numerals as nm
from lstm_helpers.widgets import attention as wa


@pytest.mark.parametrize(
    "typed, number", [("3012", 3012), (" 3,012 ", 3012), ("three thousand and twelve", 3012), ("Twenty-One", 21)]
)
def test_read_number_takes_words_or_digits(typed, number):
    r = wa.read_number(typed)
    assert r.number == number and r.tokens == tuple(nm.english_tokens(number)) and r.message == ""


@pytest.mark.parametrize(
    "typed, words",
    [
        ("", "Type a number in words"),
        ("a dozen eggs", "Not a word of the number vocabulary: 'a', 'dozen', 'eggs'"),
        ("1000000000000", "at most 12 digits"),
        ("12.5", "whole number in digits"),
    ],
)
def test_read_number_says_what_was_expected(typed, words):
    r = wa.read_number(typed)
    assert r.tokens == () and r.number is None and words in r.message


def test_known_words_in_another_order_are_translated_with_a_note():
    r = wa.read_number("three thousand twelve")
    assert r.tokens == ("three", "thousand", "twelve") and r.number is None
    assert "is written 'three thousand and twelve'" in r.message and "shown anyway" in r.message


def test_translation_view_lines_and_checks():
    view = wa.translation_view(fake_translate, "3012", plain_fn=lambda t: "三千")
    assert view.output == "三千零一十二" and view.reference == "三千零一十二" and view.correct
    lines = view.lines()
    assert lines[0] == "input (4 words): 3,012: three thousand and twelve"
    assert lines[1].endswith("(right)") and lines[2] == "without attention: 三千  (wrong)"
    assert wa.translation_view(fake_translate, "a dozen") is None
    with pytest.raises(ValueError, match=r"weights must be \(T, S\) with S = 4 words"):
        wa.translation_view(lambda t: ("三", np.ones((2, 3))), "3012")


def test_plot_attention_draws_the_heatmap():
    import matplotlib

    matplotlib.use("Agg")
    view = wa.translation_view(fake_translate, "twelve thousand")
    ax = wa.plot_attention(view.reading.tokens, view.output, view.weights, title="x")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["twelve", "thousand"]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[-1] == "<end>" and len(rows) == len(view.output) + 1
    assert rows[0] in ("一", "1")  # the character, or its meaning without a CJK font
    with pytest.raises(ValueError, match="one row per character and <end>"):
        wa.plot_attention(["a"], "三", np.ones((5, 1)))
    import matplotlib.pyplot as plt

    plt.close("all")


def test_figures_without_a_cjk_font_write_numerals_in_digits():
    assert wa.readable_without_cjk("'3012': 三千零一十二") == "'3012': 3,012"
    assert wa.readable_without_cjk("一亿零五") == "100,000,005"
    # a malformed numeral (a model's mistake) is spelled out, never read as some other number
    assert wa.readable_without_cjk("三三千") == "3 3 x1000"
    assert wa.readable_without_cjk("no numeral") == "no numeral"


def test_a_cjk_font_installed_after_matplotlib_cached_its_fonts_is_found():
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig to list the system's fonts")
    listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False).stdout.lower()
    if not any(hint in listed.replace("-", "").replace("_", "") for hint in wa._CJK_FILE_HINTS):
        pytest.skip("no font of wa.CJK_FONTS installed (make browser-deps installs WenQuanYi Micro Hei)")
    assert wa.cjk_font() in wa.CJK_FONTS


def test_explorer_translates_shows_bad_input_and_keeps_working():
    pytest.importorskip("ipywidgets")
    ui = wa.attention_explorer(fake_translate, plain_fn=lambda t: "三", text="3012")
    assert ui.view.output == "三千零一十二" and "<img" in ui.output.value and ui.message == ""
    assert "attention-number" in ui.number._dom_classes and "attention-output" in ui.output._dom_classes
    ui.number.value = "a dozen"
    assert ui.view is None and "attention-message" in ui.output.value and "'dozen'" in ui.output.value
    assert "&#x27;" not in ui.output.value
    ui.number.value = "twelve thousand and five"
    assert ui.view.reading.number == 12005 and "attention-message" not in ui.output.value
    assert "12,005" in ui.output.value


def test_explorer_shows_an_error_of_the_translation_function():
    pytest.importorskip("ipywidgets")

    def broken(tokens):
        raise ValueError("the model refuses")

    ui = wa.attention_explorer(broken, text="seven")
    assert ui.view is None and "Could not translate: the model refuses" in ui.output.value
    ui.translate_fn = fake_translate
    ui.number.value = "eight"
    assert ui.view.output == "八"
