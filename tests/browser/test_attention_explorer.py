"""Notebook 07's attention explorer, used the way learners use it: numbers typed on the keyboard.

A number typed in digits is translated, with its attention map drawn under it; an input with words outside the
vocabulary must give a message on the page naming them, and the explorer must keep working: a number typed in
words afterwards is translated again.
"""

from __future__ import annotations

import pytest

from .lab import open_notebook, run_all_cells, wait_for_settled_text

pytestmark = pytest.mark.browser

BAD_INPUT = "a dozen eggs"


def _type(page, text: str) -> None:
    box = page.locator(".attention-number input").first
    box.fill(text)
    box.press("Enter")  # continuous_update=False: the box sends its value on Enter (or when it loses focus)


def test_typed_numbers_are_translated_and_a_bad_input_is_named(page, lab_server, artifacts_dir):
    open_notebook(page, lab_server, "07_seq2seq_attention.ipynb")
    run_all_cells(page)
    output = page.locator(".attention-output").first
    output.scroll_into_view_if_needed()
    first = output.inner_text().strip()
    assert "three thousand and twelve" in first and "with attention:" in first, first

    _type(page, "4,500,600")
    digits = wait_for_settled_text(page, "attention-output", first)
    assert "input (7 words): 4,500,600: four million five hundred thousand six hundred" in digits, digits
    assert output.locator("img[alt='attention heatmap']").count() == 1

    _type(page, BAD_INPUT)
    bad = wait_for_settled_text(page, "attention-output", digits)
    assert "Not a word of the number vocabulary: 'a', 'dozen', 'eggs'" in bad, bad
    assert output.locator("img").count() == 0

    _type(page, "twelve thousand and five")
    again = wait_for_settled_text(page, "attention-output", bad)
    assert "12,005: twelve thousand and five" in again and "vocabulary" not in again, again
    page.locator(".jp-OutputArea-output", has=page.locator(".attention-number")).first.screenshot(
        path=str(artifacts_dir / "07_attention_explorer.png")
    )
