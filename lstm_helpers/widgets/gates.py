"""Gate-bias explorer (notebook 02): how the four gate biases of one LSTM unit make memory last or fade.

The pure part, :func:`gate_bias_response`, runs one LSTM unit (D = H = 1)
through :func:`lstm_helpers.lstm.lstm_step_forward` for ``steps`` time steps.
The input ``x_t`` feeds only the candidate (weight ``INPUT_WEIGHT``), and there
are no recurrent weights, so the gates ``i, f, o`` are set by their biases
alone and stay constant in time::

    i = sigma(b_i)    f = sigma(b_f)    o = sigma(b_o)    g_t = tanh(INPUT_WEIGHT * x_t + b_g)
    c_t = f * c_{t-1} + i * g_t        h_t = o * tanh(c_t)        (c_{-1} = h_{-1} = 0)

What the cell stored at step 0 is multiplied by ``f`` at every later step, so
it halves after ``ln(0.5) / ln(f)`` steps: the memory half-life
(:func:`lstm_helpers.lstm.half_life_formula`).
:func:`lstm_helpers.lstm.measured_half_life` measures the same thing from the
simulated ``c_t`` alone, without using ``f``. Both are LSTM maths and live in
:mod:`lstm_helpers.lstm`; this module only simulates, draws and wires.

The explorer, :class:`GateBiasExplorer` (built by :func:`gate_bias_explorer`),
only wires ipywidgets sliders to the pure function and draws its result with
:func:`plot_gate_bias_response`.
ipywidgets, IPython and matplotlib are imported lazily, inside the functions
that need them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._shapes import check_choice, check_int, check_number
from ..language import text
from ..lstm import RELIABLE_SHARE, half_life_formula, lstm_step_forward, measured_half_life, sigmoid
from .explorer import Explorer, NumberControl

PATTERNS = ("pulse", "constant")  # a single input of 1 at t = 0, or an input of 1 at every step
INPUT_WEIGHT = 1.0  # the candidate's input weight: g_t = tanh(INPUT_WEIGHT * x_t + b_g)
BIAS_RANGE = (-6.0, 6.0)  # the sliders' range (every corner is unit-tested)
# The sliders' order on the page (not the weights' [i, f, g, o] order, lstm.GATES); CSS class "gate-bias-<name>".
SLIDER_ORDER = ("forget", "input", "output", "candidate")
_ROUNDING_MARGIN = 1e3  # ... and above this many float64 roundings of the largest |c_t|


@dataclass(frozen=True)
class GateBiasResponse:
    """What :func:`gate_bias_response` computed: every array has shape (steps,)."""

    b_f: float
    b_i: float
    b_o: float
    b_g: float
    pattern: str
    t: np.ndarray  # time steps 0 .. steps-1
    x: np.ndarray  # the input x_t
    i: np.ndarray  # input gate
    f: np.ndarray  # forget gate
    g: np.ndarray  # candidate
    o: np.ndarray  # output gate
    c: np.ndarray  # cell state c_t
    h: np.ndarray  # hidden state h_t
    c_rest: np.ndarray  # c_t of the same unit with no input (x_t = 0): where the biases alone drive it
    h_rest: np.ndarray  # h_t with no input
    memory: np.ndarray  # share of the step-0 input still in c_t (1 at t = 0)
    half_life_formula: float  # ln(0.5) / ln(sigmoid(b_f)), in steps
    half_life_measured: (
        float  # fitted to the simulated c_t (measured_half_life(memory)): the formula, with no weights into f
    )
    gate_values: dict = field(repr=False)  # {"i", "f", "o", "g at rest", "g with input"}: scalars


def gate_bias_response(
    b_f, b_i, b_o, b_g, steps: int = 50, pattern: str = "pulse", *, forget_from_h: float = 0.0, amplitude: float = 1.0
) -> GateBiasResponse:
    """Run one LSTM unit with gate biases ``b_f, b_i, b_o, b_g`` for ``steps`` steps.

    ``pattern`` is ``"pulse"`` (input 1 at t = 0, then 0) or ``"constant"``
    (input 1 at every step). The unit is simulated twice in one batch, with
    the pattern and with no input at all, by the package's
    ``lstm_step_forward``; the difference is what the input wrote into the
    cell. ``memory[t]`` is the share of the step-0 input still in ``c_t``:
    for a pulse, that difference itself; for a constant input, each step adds
    a new copy, so it is the difference's growth at step t. Both are divided
    by their value at t = 0. Returns a :class:`GateBiasResponse`.

    ``forget_from_h`` is a recurrent weight from ``h_{t-1}`` into the forget
    gate, ``f_t = sigmoid(b_f + forget_from_h * h_{t-1})``. At 0 (the
    default, and the explorer's setting) ``f`` is constant and the half-life
    formula holds exactly; otherwise ``f`` follows the state, and the
    measured half-life parts from the formula. The arrays ``i, f, g, o`` are
    the gates the simulation used; ``gate_values`` are the biases-alone values.

    ``amplitude`` is the input's value where the pattern is on (1 by default; -1 writes a negative pulse).

    Raises ``ValueError`` when no half-life can be measured: when what the
    input writes at step 0 decays below float64 rounding within one step
    (e.g. ``b_f = b_i = b_o = -10, b_g = 10``, far outside the sliders' range).
    """
    b_f, b_i, b_o, b_g = (check_number(n, v) for n, v in (("b_f", b_f), ("b_i", b_i), ("b_o", b_o), ("b_g", b_g)))
    steps = check_int("steps", steps, 2)
    pattern = check_choice("pattern", pattern, PATTERNS)
    forget_from_h = check_number("forget_from_h", forget_from_h)
    amplitude = check_number("amplitude", amplitude)
    if amplitude == 0:
        raise ValueError("amplitude must be a nonzero number (an input of 0 writes nothing to remember), got 0")

    x = np.zeros(steps)  # (T,)
    if pattern == "pulse":
        x[0] = amplitude
    else:
        x[:] = amplitude
    Wx = np.array([[0.0, 0.0, INPUT_WEIGHT, 0.0]])  # (D, 4H) = (1, 4): the input feeds only g
    Wh = np.array([[0.0, forget_from_h, 0.0, 0.0]])  # (H, 4H): at most h_{t-1} -> f; with 0, i, f, o are constant
    b = np.array([b_i, b_f, b_g, b_o])  # (4H,), layout [i, f, g, o]

    h_prev = np.zeros((2, 1))  # (N, H): row 0 the pattern, row 1 no input
    c_prev = np.zeros((2, 1))
    c = np.empty((2, steps))
    h = np.empty((2, steps))
    gates = np.empty((4, steps))  # i, f, g, o of row 0, as the simulation computed them
    for t in range(steps):
        xt = np.array([[x[t]], [0.0]])  # (N, D)
        h_prev, c_prev, cache = lstm_step_forward(xt, h_prev, c_prev, Wx, Wh, b)
        c[:, t], h[:, t] = c_prev[:, 0], h_prev[:, 0]
        gates[:, t] = [gate[0, 0] for gate in cache[5:9]]  # the step's cache holds (..., i, f, g, o, tanh_c)
    i, f, g, o = gates  # each (T,)

    written = c[0] - c[1]  # (T,) what the input put into c_t
    trace = written if pattern == "pulse" else np.diff(written, prepend=0.0)
    # The step-0 write is i * (tanh(w x_0 + b_g) - tanh(b_g)), nonzero for any finite biases and x_0 != 0; it
    # only underflows to 0 for biases far outside the sliders' range.
    memory = trace / trace[0] if trace[0] != 0 else np.full(steps, np.nan)
    # Samples of `written` carry a rounding error of about eps * |c_t|: fit only well above it.
    noise = _ROUNDING_MARGIN * np.finfo(np.float64).eps * float(np.abs(c).max())
    floor = min(0.5, max(RELIABLE_SHARE, noise / abs(trace[0]))) if trace[0] != 0 else RELIABLE_SHARE

    i0, f0, o0 = (float(v) for v in sigmoid(np.array([b_i, b_f, b_o])))
    gate_values = {
        "i": i0,
        "f": f0,
        "o": o0,
        "g at rest": math.tanh(b_g),
        "g with input": math.tanh(INPUT_WEIGHT * amplitude + b_g),
    }
    measured = measured_half_life(memory, floor)
    if math.isnan(measured):
        raise ValueError(
            f"no half-life can be measured for b_f = {b_f:g}, b_i = {b_i:g}, b_o = {b_o:g}, b_g = {b_g:g}: what the "
            f"input writes at step 0 decays below float64 rounding within one step (the formula gives "
            f"{half_life_formula(b_f):.3g} steps); use biases in the sliders' range {BIAS_RANGE[0]:g} to {BIAS_RANGE[1]:g}"
        )
    return GateBiasResponse(
        b_f=b_f,
        b_i=b_i,
        b_o=b_o,
        b_g=b_g,
        pattern=pattern,
        t=np.arange(steps),
        x=x,
        i=i,
        f=f,
        g=g,
        o=o,
        c=c[0],
        h=h[0],
        c_rest=c[1],
        h_rest=h[1],
        memory=memory,
        half_life_formula=half_life_formula(b_f),
        half_life_measured=measured,
        gate_values=gate_values,
    )


def step_zero_values(resp: GateBiasResponse) -> dict:
    """The unit's first step (t = 0, from h_{-1} = c_{-1} = 0) as the values dict of ``diagrams.lstm_cell_svg``."""
    return {
        "x": float(resp.x[0]), "h_prev": 0.0, "c_prev": 0.0,
        "i": float(resp.i[0]), "f": float(resp.f[0]), "g": float(resp.g[0]), "o": float(resp.o[0]),
        "c": float(resp.c[0]), "h": float(resp.h[0]),
    }  # fmt: skip


def cell_diagram_html(resp: GateBiasResponse) -> str:
    """The LSTM cell diagram of the unit's first step with the current gate values, sized for the explorer."""
    from ..diagrams import lstm_cell_svg

    svg = lstm_cell_svg(step_zero_values(resp), H=1, D=1)
    caption = text(
        "The unit's first step (t = 0, from h = c = 0) with the current biases:",
        "该单元的第一步（t = 0，从 h = c = 0 开始），使用当前的偏置：",
    )
    return f'<div style="width:640px;max-width:100%"><p>{caption}</p>{svg}</div>'


def half_life_text(resp: GateBiasResponse) -> str:
    """The readout: ``half-life (formula): X.XX steps; fitted to the simulated c_t: X.XX steps, ...``.

    In the Chinese edition ``半衰期（公式）：X.XX 步；按模拟的 c_t 拟合：X.XX 步，……`` (the browser tests read
    the number after ``half-life (formula):`` or ``半衰期（公式）：``).

    With no weights into the forget gate the fit equals the formula by construction: it checks that the
    simulation is the formula, it is not a second measurement. When the memory never falls to one half
    within the simulated steps, the readout says so and calls the fitted value what it is, an extrapolation.
    """
    steps, measured, formula = len(resp.t), f"{resp.half_life_measured:.2f}", f"{resp.half_life_formula:.2f}"
    f = f"{resp.gate_values['f']:.4f}"
    if resp.memory.min() > 0.5:
        fitted = text(
            f"fitted half-life: not within the {steps} simulated steps (the memory never fell to one half; "
            f"a line fitted to its decay extrapolates to {measured} steps)",
            f"拟合的半衰期：不在模拟的 {steps} 步之内（记忆从未降到一半；按其衰减拟合的直线外推到 {measured} 步）",
        )
    else:
        fitted = text(f"fitted to the simulated c_t: {measured} steps", f"按模拟的 c_t 拟合：{measured} 步")
    return text(
        f"half-life (formula): {formula} steps; {fitted}, with f = sigmoid(b_f) = {f}",
        f"半衰期（公式）：{formula} 步；{fitted}，其中 f = sigmoid(b_f) = {f}",
    )


def plot_gate_bias_response(resp: GateBiasResponse, axes=None):
    """Draw a response on three axes: gate values, c_t and h_t over time, and the memory left.

    ``axes`` is a sequence of three matplotlib Axes; without it a new figure
    is made. Returns the figure.
    """
    import matplotlib.pyplot as plt

    from ..plots import COLORS, GATE_COLORS

    if axes is None:
        fig, axes = plt.subplots(1, 3, figsize=(10.5, 3.2), width_ratios=[0.8, 1.2, 1.2], layout="constrained")
    else:
        fig = axes[0].figure
    ax_gates, ax_state, ax_mem = axes
    names = ["i", "f", "g at rest", "g with input", "o"]  # the weights' order [i, f, g, o]
    values = [resp.gate_values[n] for n in names]
    bars = ax_gates.bar(range(len(names)), values, color=[GATE_COLORS[n[0]] for n in names])
    bars[2].set_alpha(0.55)  # g with no input, lighter than g with the input
    ax_gates.bar_label(bars, fmt="%.2f", fontsize=8, padding=1)
    ax_gates.set_xticks(range(len(names)), ["i", "f", "g\nx=0", "g\nx=1", "o"])
    ax_gates.set_ylim(-1.15, 1.15)
    ax_gates.axhline(0, color="0.3", lw=0.6)
    ax_gates.set_ylabel("gate value")
    ax_gates.set_title("gates (constant in time)")

    ax_state.plot(resp.t, resp.c, color=COLORS[0], label="c_t")
    ax_state.plot(resp.t, resp.h, color=COLORS[1], label="h_t")
    ax_state.plot(resp.t, resp.c_rest, color=COLORS[0], ls=":", label="c_t, no input")
    ax_state.plot(resp.t, resp.h_rest, color=COLORS[1], ls=":", label="h_t, no input")
    ax_state.set_xlabel("time step t")
    ax_state.set_ylabel("state value")
    ax_state.set_title(f"cell and hidden state ({'pulse at t=0' if resp.pattern == 'pulse' else 'constant input'})")
    lo = min(resp.c.min(), resp.h.min(), resp.c_rest.min(), resp.h_rest.min())
    hi = max(resp.c.max(), resp.h.max(), resp.c_rest.max(), resp.h_rest.max())
    span = max(hi - lo, 1e-3)
    ax_state.set_ylim(lo - 0.05 * span, hi + 0.5 * span)  # headroom for the legend above the curves
    ax_state.legend(loc="upper right", fontsize=8, ncols=2)

    ax_mem.plot(resp.t, resp.memory, color=COLORS[2], marker=".", ms=3, label="simulated")
    ax_mem.axhline(0.5, color="0.4", lw=0.8, ls="--")
    hl = resp.half_life_formula
    if hl <= resp.t[-1]:
        ax_mem.axvline(hl, color=COLORS[3], lw=1.2, ls="--", label=f"half-life {hl:.2f} steps")
    else:
        ax_mem.plot([], [], color=COLORS[3], ls="--", label=f"half-life {hl:.0f} steps (off the chart)")
    ax_mem.set_ylim(-0.02, 1.05)
    ax_mem.set_xlabel("time step t")
    ax_mem.set_ylabel("share left")
    ax_mem.set_title("memory of the step-0 input")
    ax_mem.legend(loc="upper right", bbox_to_anchor=(1.0, 0.46), fontsize=8)  # under the 0.5 line
    return fig


class GateBiasExplorer(Explorer):
    """Sliders for the four gate biases and an input-pattern choice, wired to :func:`gate_bias_response`.

    ``sliders`` maps "forget", "input", "output", "candidate" to FloatSliders
    (CSS classes ``gate-bias-forget`` ...), ``pattern`` is the input choice,
    ``readout`` shows the half-life (CSS class ``gate-half-life``),
    ``response`` the current :class:`GateBiasResponse`, ``widget`` the box to
    display. Displaying the explorer displays ``widget``.
    """

    def __init__(self, b_f=1.0, b_i=0.0, b_o=0.0, b_g=0.0, steps=50, pattern="pulse", draw=True):
        import ipywidgets as widgets

        self.steps = steps
        self.draw = draw
        lo, hi = BIAS_RANGE
        start = {"forget": b_f, "input": b_i, "output": b_o, "candidate": b_g}
        labels = {
            "forget": text("forget b_f", "遗忘门 b_f"),
            "input": text("input b_i", "输入门 b_i"),
            "output": text("output b_o", "输出门 b_o"),
            "candidate": text("candidate b_g", "候选记忆元 b_g"),
        }
        names = {
            "forget": text("forget bias", "遗忘门偏置"),
            "input": text("input bias", "输入门偏置"),
            "output": text("output bias", "输出门偏置"),
            "candidate": text("candidate bias", "候选记忆元偏置"),
        }
        self.sliders = {
            name: NumberControl(labels[name], start[name], lo, hi, 0.1, name=names[name], css=f"gate-bias-{name}")
            for name in SLIDER_ORDER
        }
        self.pattern = widgets.ToggleButtons(
            options=[
                (text("single pulse at t=0", "t=0 处的单个脉冲"), "pulse"),
                (text("constant input", "恒定输入"), "constant"),
            ],
            value=pattern,
            description=text("input x_t", "输入 x_t"),
            style={"description_width": "100px"},
        )
        self.pattern.add_class("gate-input-pattern")
        self.readout = widgets.HTML()
        self.readout.add_class("gate-half-life")
        self.diagram = widgets.HTML()  # the cell at t = 0 with the current gate values (CSS class gate-cell-diagram)
        self.diagram.add_class("gate-cell-diagram")
        # A fixed height keeps the page from jumping while the figure is redrawn.
        self.output = widgets.Output(layout=widgets.Layout(height="300px", overflow="hidden"))
        self.response = None
        self.update()
        for control in self.sliders.values():
            control.observe(lambda value: self.update())
        self.pattern.observe(self.update, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox(
                    [
                        widgets.VBox([c.widget for c in list(self.sliders.values())[:2]]),
                        widgets.VBox([c.widget for c in list(self.sliders.values())[2:]]),
                    ]
                ),
                self.pattern,
                self.readout,
                self.output,
                self.diagram,
            ]
        )

    def update(self, change=None) -> GateBiasResponse:
        """Recompute from the current widget values, refresh the readout and redraw."""
        s = self.sliders
        self.response = gate_bias_response(
            s["forget"].value,
            s["input"].value,
            s["output"].value,
            s["candidate"].value,
            steps=self.steps,
            pattern=self.pattern.value,
        )
        self.readout.value = f"<b>{half_life_text(self.response)}</b>"
        self.diagram.value = cell_diagram_html(self.response)
        if self.draw:
            self._redraw()
        return self.response

    def _redraw(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        fig = plot_gate_bias_response(self.response)
        with self.output:
            self.output.clear_output(wait=True)  # the old figure stays until the new one arrives
            display(fig)
        plt.close(fig)


def gate_bias_explorer(b_f=1.0, b_i=0.0, b_o=0.0, b_g=0.0, steps=50, pattern="pulse", draw=True) -> GateBiasExplorer:
    """Build the explorer (see :class:`GateBiasExplorer`); ``draw=False`` skips the figure (headless tests)."""
    return GateBiasExplorer(b_f=b_f, b_i=b_i, b_o=b_o, b_g=b_g, steps=steps, pattern=pattern, draw=draw)
