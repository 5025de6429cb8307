"""Notebook 02's gate-bias explorer, used the way learners use it: JupyterLab in Chromium, a mouse drag."""

from __future__ import annotations

import math

import pytest

from .lab import drag_slider, number_after, open_notebook, run_all_cells, slider_value, wait_for_settled_text

pytestmark = pytest.mark.browser


def test_forget_bias_slider_moves_the_half_life(page, lab_server, artifacts_dir):
    open_notebook(page, lab_server, "02_lstm_gates_by_hand.ipynb")
    run_all_cells(page)
    before_value = slider_value(page, "gate-bias-forget")
    before_text = page.locator(".gate-half-life").first.inner_text().strip()

    drag_slider(page, "gate-bias-forget", dx=40)  # to the right: a larger forget bias
    after_text = wait_for_settled_text(page, "gate-half-life", before_text)
    after_value = slider_value(page, "gate-bias-forget")

    assert after_value > before_value, f"the slider did not move: {before_value} -> {after_value}"
    # The page shows ln(0.5) / ln(sigmoid(b_f)) for the slider's new value.
    expected = math.log(0.5) / math.log(1 / (1 + math.exp(-after_value)))
    shown = number_after("half-life (formula):", after_text)
    assert shown == pytest.approx(expected, abs=0.006, rel=0.005), (after_value, after_text)
    assert shown > number_after("half-life (formula):", before_text)
    explorer = page.locator(".jp-OutputArea-output", has=page.locator(".gate-bias-forget")).first
    explorer.screenshot(path=str(artifacts_dir / "02_gate_bias_explorer.png"))
