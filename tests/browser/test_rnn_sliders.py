"""Notebook 01's spectral-radius explorer, used the way learners use it: JupyterLab in Chromium, a mouse drag."""

from __future__ import annotations

import pytest

from lstm_helpers.widgets.rnn import gradient_decay_curve

from .lab import drag_and_read, number_after, open_notebook, run_all_cells, slider_value, type_number

pytestmark = pytest.mark.browser


def test_spectral_radius_slider_moves_the_decay_rate(page, lab_server, artifacts_dir):
    open_notebook(page, lab_server, "01_rnn_vanishing_gradients.ipynb")
    run_all_cells(page)
    drag = drag_and_read(
        page,
        "rnn-spectral-radius",
        "rnn-decay-readout",
        dx=40,  # to the right: a larger radius
        screenshot=artifacts_dir / "01_spectral_radius_explorer.png",
    )

    assert drag.value_after > drag.value_before, f"the slider did not move: {drag}"
    before_rate = number_after("decay rate per step:", drag.text_before)
    after_rate = number_after("decay rate per step:", drag.text_after)
    assert after_rate > before_rate, f"a larger spectral radius must slow the decay: {drag}"
    # The page shows the rate measured for the slider's new value (the explorer's defaults: 100 steps, 64 units).
    expected = gradient_decay_curve(drag.value_after, slider_value(page, "rnn-input-scale"))["decay_rate"]
    assert after_rate == pytest.approx(expected, abs=0.0006), drag
    assert number_after("linear prediction:", drag.text_after) == pytest.approx(drag.value_after, abs=0.0006), drag

    # Typed values are never changed silently: 9 is above the range, 1.234 between the steps of 0.05.
    note, text = type_number(page, "rnn-spectral-radius", "9", "rnn-decay-readout")
    assert note == "1.50 is the largest spectral radius here; you typed 9.", note
    assert slider_value(page, "rnn-spectral-radius") == 1.5 and "linear prediction: 1.500" in text, text
    note, text = type_number(page, "rnn-spectral-radius", "1.234", "rnn-decay-readout")
    assert "using 1.25 for the 1.234 you typed" in note, note
    assert slider_value(page, "rnn-spectral-radius") == 1.25 and "linear prediction: 1.250" in text, text
    note, text = type_number(page, "rnn-input-scale", "0", "rnn-decay-readout")  # the linear range: rate = rho
    assert "above 1: the gradient grows" in text, text  # a rate of 1.25 is not called a decay
