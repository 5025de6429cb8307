"""The number control every explorer uses: a typed value is put on the slider's grid, shown as used, and named."""

import pytest

from lstm_helpers.widgets.explorer import NumberControl, snap, snap_note


@pytest.mark.parametrize(
    ("typed", "used"),
    [(9.0, 1.5), (-3.0, 0.5), (1.234, 1.23), (1.235, 1.24), (0.5, 0.5), (1.5, 1.5), (1.2, 1.2)],
)
def test_snap_clamps_then_puts_the_value_on_the_steps(typed, used):
    assert snap(typed, 0.5, 1.5, 0.01, 2) == pytest.approx(used, abs=1e-12)


def test_snap_note_says_what_was_changed_and_why():
    assert snap_note(9.0, 1.5, 0.5, 1.5, 0.01, "spectral radius", ".2f") == (
        "1.50 is the largest spectral radius here; you typed 9."
    )
    assert snap_note(-3.0, 0.5, 0.5, 1.5, 0.01, "spectral radius", ".2f") == (
        "0.50 is the smallest spectral radius here; you typed -3."
    )
    assert snap_note(1.234, 1.23, 0.5, 1.5, 0.01, "spectral radius", ".2f") == (
        "spectral radius moves in steps of 0.01: using 1.23 for the 1.234 you typed."
    )
    assert snap_note(1.2, 1.2, 0.5, 1.5, 0.01, "spectral radius", ".2f") == ""


def test_the_control_shows_the_value_it_uses_and_calls_back_once_per_change():
    pytest.importorskip("ipywidgets")
    control = NumberControl("forget b_f", 1.0, -6, 6, 0.1, name="forget bias", css="x")
    seen = []
    control.observe(seen.append)
    control.box.value = 50  # typed
    control.box.value = 2.63  # typed, off the steps
    control.slider.value = 3.0  # dragged
    control.value = 3.0  # no change: no call
    assert seen == [6.0, 2.6, 3.0]
    assert control.value == control.box.value == control.slider.value == 3.0 and control.note.value == ""
    assert not control.slider.readout  # the only number box is the control's own
