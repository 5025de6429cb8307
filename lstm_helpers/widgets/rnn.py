"""Notebook 01's explorer: how the spectral radius of ``Wh`` and the input scale move the gradient decay.

:func:`gradient_decay_curve` computes what the explorer shows (pure, tested,
no ipywidgets); :func:`rnn_explorer` wires two sliders to it and redraws one
figure in a fixed-height output area.

The browser test relies on these CSS classes: ``rnn-spectral-radius`` and
``rnn-input-scale`` on the sliders, ``rnn-decay-readout`` on the readout, whose
text contains ``decay rate per step: X.XXX``.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..rnn import decay_rate, hidden_gradient_norms, rnn_forward, scaled_orthogonal


def _positive_int(name, value, low=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    return int(value)


def _non_negative(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def gradient_decay_curve(spectral_radius, input_scale, T=60, H=32, N=16, seed=0) -> dict:
    """Measure ``||dL/dh_t||`` against the distance ``T - 1 - t`` for one RNN setting.

    The RNN has ``H`` units, ``Wh`` a random orthogonal matrix times
    ``spectral_radius``, ``Wx`` the identity (D = H), ``b = 0`` and ``h0 = 0``; its
    inputs are Gaussian noise of standard deviation ``input_scale``. The loss
    looks at the last step only (``dL/dh_{T-1}`` a unit vector), and the norm
    is averaged over ``N`` sequences. At ``input_scale = 0`` the states stay at
    0, tanh acts as the identity and the measured curve is exactly the linear
    prediction ``rho ** distance``; larger inputs saturate tanh and the curve
    falls below it.

    Returns a dict of float64 arrays indexed by distance (0 = the last step):
    ``distance (T,)``, ``norms (T,)``, ``linear (T,)`` (= ``rho ** distance``)
    and ``decay_rate`` (float: the measured factor per step, :func:`decay_rate`).
    """
    rho = _non_negative("spectral_radius", spectral_radius)
    scale = _non_negative("input_scale", input_scale)
    T, H, N = _positive_int("T", T, 2), _positive_int("H", H), _positive_int("N", N)
    rng = np.random.default_rng(seed)
    x = scale * rng.standard_normal((N, T, H))  # (N, T, D) with D = H
    Wh = scaled_orthogonal(H, rho, seed=seed)
    _, cache = rnn_forward(x, np.zeros((N, H)), np.eye(H), Wh, np.zeros(H))
    norms = hidden_gradient_norms(cache)[::-1].copy()  # (T,), now indexed by distance
    distance = np.arange(T, dtype=np.float64)
    return {
        "distance": distance,
        "norms": norms,
        "linear": rho**distance,
        "decay_rate": decay_rate(norms[::-1]),
    }


def readout_text(curve: dict) -> str:
    """The readout line under the sliders, e.g. ``decay rate per step: 0.874``."""
    return f"decay rate per step: {curve['decay_rate']:.3f}"


def rnn_explorer(T=60, H=32, N=16, seed=0, rho=1.0, input_scale=0.5):
    """Sliders for the spectral radius and the input scale, a readout and the redrawn curve.

    Returns an ``ipywidgets.VBox``; display it as a cell's last expression.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import clear_output, display

    style = {"description_width": "150px"}
    layout = widgets.Layout(width="460px")
    rho_slider = widgets.FloatSlider(
        value=rho, min=0.5, max=1.5, step=0.05, description="spectral radius ρ",
        continuous_update=False, readout_format=".2f", style=style, layout=layout,
    )
    rho_slider.add_class("rnn-spectral-radius")
    scale_slider = widgets.FloatSlider(
        value=input_scale, min=0.0, max=2.0, step=0.05, description="input scale",
        continuous_update=False, readout_format=".2f", style=style, layout=layout,
    )
    scale_slider.add_class("rnn-input-scale")
    readout = widgets.HTML()
    readout.add_class("rnn-decay-readout")
    out = widgets.Output(layout=widgets.Layout(height="330px"))  # fixed height: no jumping page

    def redraw(*_):
        curve = gradient_decay_curve(rho_slider.value, scale_slider.value, T=T, H=H, N=N, seed=seed)
        readout.value = f"<b>{readout_text(curve)}</b> (linear prediction: {rho_slider.value:.3f})"
        with out:
            clear_output(wait=True)  # replace the figure only when the new one is ready: no flicker
            fig, ax = plt.subplots(figsize=(6.5, 3.6))
            ax.semilogy(curve["distance"], curve["linear"], "--", color="0.4", label="linear RNN: ρ^(T−1−t)")
            ax.semilogy(curve["distance"], np.maximum(curve["norms"], 1e-300), lw=2, label="measured (tanh RNN)")
            ax.set_ylim(1e-20, 1e12)  # fixed axes, so that moving a slider moves the curve, not the scale
            ax.set_xlabel("distance from the loss T − 1 − t (steps)")
            ax.set_ylabel("‖dL/dh_t‖")
            ax.set_title(f"ρ = {rho_slider.value:.2f}, input scale = {scale_slider.value:.2f}")
            ax.legend(loc="lower left")
            fig.tight_layout()
            display(fig)
            plt.close(fig)

    rho_slider.observe(redraw, names="value")
    scale_slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([rho_slider, scale_slider, readout, out])
