"""Notebook 01's explorer: how the spectral radius of ``Wh`` and the input scale move the gradient decay.

What the explorer shows is computed by :func:`lstm_helpers.rnn.gradient_decay_curve`
(pure, tested, no ipywidgets: RNN maths lives in :mod:`lstm_helpers.rnn`);
:class:`RNNExplorer` (built by :func:`rnn_explorer`) wires two sliders to it
and redraws one figure in a fixed-height output area.

The browser test relies on these CSS classes: ``rnn-spectral-radius`` and
``rnn-input-scale`` on the sliders, ``rnn-decay-readout`` on the readout, whose
text contains ``decay rate per step: X.XXX`` and ``linear prediction: X.XXX``
(in the Chinese edition ``每步衰减率：X.XXX`` and ``线性预测：X.XXX``).
"""

from __future__ import annotations

import numpy as np

from ..language import text
from ..rnn import DECAY_H, DECAY_N, DECAY_T, gradient_decay_curve
from .explorer import Explorer, NumberControl

__all__ = ["RNNExplorer", "gradient_decay_curve", "readout_text", "rnn_explorer"]


def readout_text(curve: dict) -> str:
    """The readout line under the sliders, e.g. ``decay rate per step: 0.874 (below 1: the gradient vanishes)``.

    A "decay rate" above 1 is growth: the readout says which it is, so 1.234 never reads as a decay.
    """
    rate = curve["decay_rate"]
    if rate > 1:
        what = text("above 1: the gradient grows, it explodes", "大于 1：梯度增长，即梯度爆炸")
    elif rate < 1:
        what = text("below 1: the gradient vanishes", "小于 1：梯度消失")
    else:
        what = text("exactly 1: the gradient keeps its size", "恰好为 1：梯度大小不变")
    return text(f"decay rate per step: {rate:.3f} ({what})", f"每步衰减率：{rate:.3f}（{what}）")


def plot_decay_curve(curve: dict, rho: float, input_scale: float, ax=None):
    """Draw a :func:`~lstm_helpers.rnn.gradient_decay_curve` result against its linear prediction; returns the figure."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.6))
    ax.semilogy(curve["distance"], curve["linear"], "--", color="0.4", label="linear RNN: ρ^(T−1−t)")
    ax.semilogy(curve["distance"], np.maximum(curve["norms"], 1e-300), lw=2, label="measured (tanh RNN)")
    ax.set_ylim(1e-20, 1e12)  # fixed axes, so that moving a slider moves the curve, not the scale
    ax.set_xlabel("distance from the loss T − 1 − t (steps)")
    ax.set_ylabel("‖dL/dh_t‖")
    ax.set_title(f"ρ = {rho:.2f}, input scale = {input_scale:.2f}")
    ax.legend(loc="lower left")
    ax.figure.tight_layout()
    return ax.figure


class RNNExplorer(Explorer):
    """Sliders for the spectral radius and the input scale, a readout and the redrawn curve.

    ``rho`` and ``input_scale`` are number controls (:class:`~lstm_helpers.widgets.explorer.NumberControl`, CSS classes
    ``rnn-spectral-radius``, ``rnn-input-scale``), ``readout`` the HTML line
    (``rnn-decay-readout``), ``output`` the figure's area, ``curve`` the current
    :func:`~lstm_helpers.rnn.gradient_decay_curve` result and ``widget`` the box
    to display. Displaying the explorer displays ``widget``; ``draw=False``
    skips the figure (headless tests).
    """

    def __init__(self, T=DECAY_T, H=DECAY_H, N=DECAY_N, seed=0, rho=1.0, input_scale=0.5, draw=True):
        import ipywidgets as widgets

        self.T, self.H, self.N, self.seed, self.draw = T, H, N, seed, draw
        self.rho = NumberControl(
            text("spectral radius ρ", "谱半径 ρ"),
            rho,
            0.5,
            1.5,
            0.05,
            name=text("spectral radius", "谱半径"),
            fmt=".2f",
            css="rnn-spectral-radius",
            width="460px",
            description_width="150px",
        )
        self.input_scale = NumberControl(
            text("input scale", "输入尺度"),
            input_scale,
            0.0,
            2.0,
            0.05,
            name=text("input scale", "输入尺度"),
            fmt=".2f",
            css="rnn-input-scale",
            width="460px",
            description_width="150px",
        )
        self.readout = widgets.HTML()
        self.readout.add_class("rnn-decay-readout")
        self.output = widgets.Output(layout=widgets.Layout(height="330px"))  # fixed height: no jumping page
        self.curve = None
        self.update()
        for control in (self.rho, self.input_scale):
            control.observe(lambda value: self.update())
        self.widget = widgets.VBox([self.rho.widget, self.input_scale.widget, self.readout, self.output])

    def update(self, change=None) -> dict:
        """Recompute the curve from the current slider values, refresh the readout and redraw."""
        rho, scale = self.rho.value, self.input_scale.value
        self.curve = gradient_decay_curve(rho, scale, T=self.T, H=self.H, N=self.N, seed=self.seed)
        linear = text(f" (linear prediction: {rho:.3f})", f"（线性预测：{rho:.3f}）")
        self.readout.value = f"<b>{readout_text(self.curve)}</b>{linear}"
        if self.draw:
            self._redraw()
        return self.curve

    def _redraw(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        fig = plot_decay_curve(self.curve, self.rho.value, self.input_scale.value)
        with self.output:
            self.output.clear_output(wait=True)  # replace the figure only when the new one is ready: no flicker
            display(fig)
        plt.close(fig)


def rnn_explorer(T=DECAY_T, H=DECAY_H, N=DECAY_N, seed=0, rho=1.0, input_scale=0.5, draw=True) -> RNNExplorer:
    """Build the explorer (see :class:`RNNExplorer`); display it as a cell's last expression.

    Its default size and length are notebook 01's one setting (``lstm_helpers.rnn.DECAY_T``, ``DECAY_H``,
    ``DECAY_N``), the same as section 2's measurements and exercise 2's check.
    """
    return RNNExplorer(T=T, H=H, N=N, seed=seed, rho=rho, input_scale=input_scale, draw=draw)
