"""Notebook 06's temperature explorer, used the way learners use it: a prompt typed on the keyboard, a mouse drag.

A prompt with a character the model has never seen (``KING €``) must give a
message on the page naming it, and the explorer must keep working: dragging
the temperature slider afterwards shows a new sample for the new temperature.
"""

from __future__ import annotations

import pytest

from .lab import drag_and_read, open_notebook, run_all_cells, slider_value, type_number, wait_for_settled_text

pytestmark = pytest.mark.browser

BAD_PROMPT = "KING €"


def test_unknown_prompt_character_is_named_and_the_explorer_keeps_working(page, lab_server, artifacts_dir):
    open_notebook(page, lab_server, "06_char_lstm_language_model.ipynb")
    run_all_cells(page)
    output = page.locator(".sampling-output").first
    output.scroll_into_view_if_needed()
    first = output.inner_text().strip()
    assert "temperature 0.80" in first, first  # the explorer's first sample is on the page

    box = page.locator(".sampling-prompt textarea").first
    box.fill(BAD_PROMPT)
    box.press("Tab")  # continuous_update=False: the box sends its value when it loses focus
    with_message = wait_for_settled_text(page, "sampling-output", first)
    assert "Not in the model's vocabulary: '€'" in with_message, with_message
    assert "The vocabulary holds these" in with_message, with_message
    assert "KING" in with_message and "temperature 0.80" in with_message, with_message  # sampled from "KING "

    drag = drag_and_read(
        page,
        "sampling-temperature",
        "sampling-output",
        dx=60,  # to the right: hotter
        screenshot=artifacts_dir / "06_sampling_explorer.png",
    )
    assert drag.value_after > drag.value_before, f"the slider did not move: {drag}"
    assert f"temperature {drag.value_after:.2f}" in drag.text_after, drag  # a new sample, for the new temperature
    assert "'€'" in drag.text_after, drag  # the prompt still holds it, and the page still says so
    new_sample = drag.text_after.split(f"temperature {drag.value_after:.2f}", 1)[1]
    old_sample = with_message.split("temperature 0.80", 1)[1]
    assert new_sample != old_sample, drag

    # A typed temperature is never changed silently: 0 is below the range, 0.83 is off the steps of 0.05.
    note, text = type_number(page, "sampling-temperature", "0", "sampling-output")
    assert note == "0.10 is the smallest temperature here; you typed 0.", note
    assert slider_value(page, "sampling-temperature") == 0.1 and "temperature 0.10" in text, text
    note, text = type_number(page, "sampling-temperature", "0.83", "sampling-output")
    assert "using 0.85 for the 0.83 you typed" in note, note
    assert slider_value(page, "sampling-temperature") == 0.85 and "temperature 0.85" in text, text
