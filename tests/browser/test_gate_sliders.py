"""Notebook 02's gate-bias explorer, used the way learners use it: JupyterLab in Chromium, a mouse drag."""

from __future__ import annotations

import math

import pytest

from .lab import drag_and_read, number_after, open_notebook, run_all_cells, slider_value, type_number

pytestmark = pytest.mark.browser


def test_forget_bias_slider_moves_the_half_life(page, lab_server, artifacts_dir):
    open_notebook(page, lab_server, "02_lstm_gates_by_hand.ipynb")
    run_all_cells(page)
    drag = drag_and_read(
        page,
        "gate-bias-forget",
        "gate-half-life",
        dx=40,  # to the right: a larger forget bias
        screenshot=artifacts_dir / "02_gate_bias_explorer.png",
    )

    assert drag.value_after > drag.value_before, f"the slider did not move: {drag}"
    # The page shows ln(0.5) / ln(sigmoid(b_f)) for the slider's new value.
    expected = math.log(0.5) / math.log(1 / (1 + math.exp(-drag.value_after)))
    shown = number_after("half-life (formula):", drag.text_after)
    assert shown == pytest.approx(expected, abs=0.006, rel=0.005), drag
    assert shown > number_after("half-life (formula):", drag.text_before), drag

    # The cell diagram under the explorer shows step 0 with the new biases: its forget gate is sigmoid(b_f)
    # (h_(-1) = 0), to the 4 decimals it prints.
    texts = [t.strip() for t in page.locator(".gate-cell-diagram svg text").all_text_contents()]
    assert "f (N, 1)" in texts, f"no forget-gate label on the diagram: {texts}"
    f_shown = float(texts[texts.index("f (N, 1)") + 1])
    assert f"{f_shown:.4f}" == f"{1 / (1 + math.exp(-drag.value_after)):.4f}", (f_shown, drag)

    # Typed values are never changed silently: out of range, the control says what it used and why; off the
    # slider's steps, it uses (and shows) the nearest step, and the half-life is that value's.
    note, text = type_number(page, "gate-bias-forget", "50", "gate-half-life")
    assert note == "6.0 is the largest forget bias here; you typed 50.", note
    assert slider_value(page, "gate-bias-forget") == 6.0
    assert "not within the 50 simulated steps" in text, text  # beyond the simulation: an extrapolation, said so
    note, text = type_number(page, "gate-bias-forget", "2.63", "gate-half-life")
    assert note == "forget bias moves in steps of 0.1: using 2.6 for the 2.63 you typed.", note
    assert slider_value(page, "gate-bias-forget") == 2.6
    expected = math.log(0.5) / math.log(1 / (1 + math.exp(-2.6)))
    assert number_after("half-life (formula):", text) == pytest.approx(expected, abs=0.006), text
