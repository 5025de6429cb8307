"""Diagrams of the vanilla RNN and the LSTM cell, as SVG text, drawn from the learner's own numbers.

Every function is pure and returns a string of SVG; a notebook shows it with
``IPython.display.SVG(text)``. The SVG is written by hand (no plotting or
graph-drawing dependency) because SVG is crisp at any zoom, a few kilobytes,
renders on GitHub and in static HTML exports, and keeps its text as text: the
labels and numbers in a diagram can be searched for and tested.

Names and shapes are the code's (see :mod:`lstm_helpers.lstm`, :mod:`lstm_helpers.rnn`):
    N  batch size      D  input features      H  hidden units
and each gate i, f, g, o has one colour, :data:`lstm_helpers.plots.GATE_COLORS`,
the same in every diagram and plot of the series.

- :func:`rnn_unrolled_svg` the vanilla RNN over a few steps, with ``||dL/dh_t||`` on the backward arrows.
- :func:`lstm_cell_svg` one LSTM step (``lstm_step_forward``), optionally with one unit's numbers.
- :func:`weight_layout_svg` ``Wx``, ``Wh`` and ``b`` with their gate column blocks.
- :func:`lstm_backward_svg` the backward graph of one step (``lstm_step_backward``).
- :func:`step_values` and :func:`backward_values` pick one unit's numbers out of a step for the diagrams.

Styling is done with attributes only, never a ``<style>`` sheet (inline SVG in
a notebook page would apply it to the whole page); arrowhead ids are named
after their colour and size, so several diagrams on one page share them safely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from ._shapes import check_int
from .plots import COLORS, GATE_COLORS
from .rnn import BACKWARD_CODE, BACKWARD_FORMULA, STEP_FORMULA

INK = "#222222"  # text and the data path
MUTED = "#666666"  # code names and secondary labels
GRAD = COLORS[4]  # orange: gradients flowing backward (not a gate colour)
PANEL = "#F6F6F6"  # the cell's background
SANS = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
MONO = "'DejaVu Sans Mono', Menlo, Consolas, monospace"
STROKE = 2.0  # every data arrow
WIDTH = 800  # viewBox width, notebook width
MAX_STEPS = 10  # unrolled steps that fit at notebook width with readable labels

NONLINEARITY = {"i": "σ", "f": "σ", "g": "tanh", "o": "σ"}
GATE_WORD = {"i": "input", "f": "forget", "g": "candidate", "o": "output"}


# --- checks (the shared ones in _shapes; here only what is particular to the diagrams) ---


def _number(name: str, value) -> float:
    """One finite number from a scalar or a 1-element array; ``name`` says where it came from."""
    if isinstance(value, (str, bytes)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number (a scalar or a 1-element array), got {value!r}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be a number (a scalar or a 1-element array), got {type(value).__name__}"
        ) from None
    if arr.size != 1:
        raise ValueError(
            f"{name} must be one number (a scalar or a 1-element array), got an array of shape {arr.shape}"
        )
    x = float(arr.reshape(()))
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x}")
    return x


def _check_fmt(fmt) -> str:
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format spec string such as '.4f', got {fmt!r}")
    try:
        format(1.0, fmt)
    except ValueError:
        raise ValueError(f"fmt must be a format spec for a float such as '.4f' or '.3g', got {fmt!r}") from None
    return fmt


def _read_values(values, required, optional, what) -> dict:
    """``values`` as a dict of floats: every required key present, no unknown key."""
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a dict of {what}, got {type(values).__name__}")
    missing = [k for k in required if k not in values]
    if missing:
        raise ValueError(
            f"values is missing {', '.join(map(repr, missing))}: it needs {', '.join(required)}"
            + (f" (optional: {', '.join(optional)})" if optional else "")
        )
    unknown = [k for k in values if k not in required and k not in optional]
    if unknown:
        raise ValueError(
            f"values has unknown key(s) {', '.join(map(repr, unknown))}; known keys: {', '.join(required + optional)}"
        )
    return {k: _number(f"values[{k!r}]", v) for k, v in values.items()}


# --- drawing ---

_MARKUP = re.compile(r"([_^])\{([^}]*)\}")


def _rich(s: str) -> str:
    """Escaped SVG text with ``_{sub}`` and ``^{sup}`` as shifted, smaller tspans."""
    out, pos = [], 0
    for m in _MARKUP.finditer(s):
        out.append(escape(s[pos : m.start()]))
        shift = "sub" if m.group(1) == "_" else "super"
        out.append(f'<tspan baseline-shift="{shift}" font-size="75%">{escape(m.group(2))}</tspan>')
        pos = m.end()
    out.append(escape(s[pos:]))
    return "".join(out)


def _plain(s: str) -> str:
    """The same label as plain text (for titles): ``h_{t-1}`` -> ``h_t-1``."""
    return _MARKUP.sub(lambda m: ("_" if m.group(1) == "_" else "^") + m.group(2), s)


class _Canvas:
    def __init__(self, width: int, height: int, title: str, desc: str):
        self.width, self.height, self.title, self.desc = width, height, title, desc
        self.markers: dict[str, str] = {}
        self.parts: list[str] = []

    def _marker(self, color: str, size: float) -> str:
        mid = f"lh-arrow-{color.lstrip('#')}-{round(size)}"
        if mid not in self.markers:
            self.markers[mid] = (
                f'<marker id="{mid}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" '
                f'markerWidth="{size:g}" markerHeight="{size:g}" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
            )
        return mid

    def path(self, points, color=INK, width=STROKE, arrow=True, dash=None, opacity=None):
        d = " ".join(("M" if k == 0 else "L") + f"{x:g},{y:g}" for k, (x, y) in enumerate(points))
        attrs = f'd="{d}" fill="none" stroke="{color}" stroke-width="{width:g}" stroke-linejoin="round"'
        if arrow:
            attrs += f' marker-end="url(#{self._marker(color, max(10.0, 2.4 * width))})"'
        if dash:
            attrs += f' stroke-dasharray="{dash}"'
        if opacity is not None:
            attrs += f' stroke-opacity="{opacity:g}"'
        self.parts.append(f"<path {attrs}/>")

    def rect(self, x, y, w, h, stroke=INK, fill="#FFFFFF", width=STROKE, rx=6, fill_opacity=None):
        fo = f' fill-opacity="{fill_opacity:g}"' if fill_opacity is not None else ""
        self.parts.append(
            f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{rx:g}" '
            f'fill="{fill}"{fo} stroke="{stroke}" stroke-width="{width:g}"/>'
        )

    def op(self, cx, cy, symbol, r=12):
        """A pointwise operation: ``×`` or ``+`` in a circle."""
        self.parts.append(
            f'<circle cx="{cx:g}" cy="{cy:g}" r="{r}" fill="#FFFFFF" stroke="{INK}" stroke-width="{STROKE:g}"/>'
        )
        self.text(cx, cy + 6, symbol, size=18, weight="bold")

    def text(self, x, y, s, size=14, color=INK, anchor="middle", weight=None, family=SANS, italic=False):
        attrs = f'x="{x:g}" y="{y:g}" font-family={quoteattr(family)} font-size="{size:g}" fill="{color}" text-anchor="{anchor}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        if italic:
            attrs += ' font-style="italic"'
        self.parts.append(f"<text {attrs}>{_rich(s)}</text>")

    def code(self, x, y, s, anchor="start", color=MUTED, size=12):
        self.text(x, y, s, size=size, color=color, anchor=anchor, family=MONO)

    def svg(self) -> str:
        w, h = self.width, self.height
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
            f'role="img" aria-label={quoteattr(self.title)} style="max-width:100%;height:auto">'
        )
        defs = "<defs>" + "".join(self.markers.values()) + "</defs>" if self.markers else ""
        return "\n".join(
            [
                head,
                f"<title>{escape(self.title)}</title>",
                f"<desc>{escape(self.desc)}</desc>",
                defs,
                f'<rect x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>',
                *self.parts,
                "</svg>",
            ]
        )


def _shape(letters: str, sizes: dict) -> str:
    """``"(N, 4H)"`` with the known sizes put in: ``{"H": 5}`` -> ``"(N, 20)"``."""

    def one(axis):
        m = re.fullmatch(r"(\d*)([A-Z])", axis)
        if m and m.group(2) in sizes:
            return str(int(m.group(1) or 1) * sizes[m.group(2)])
        return axis

    axes = [one(a.strip()) for a in letters.strip("()").split(",") if a.strip()]
    return "(" + ", ".join(axes) + ("," if len(axes) == 1 else "") + ")"


def _slice(k: int, H) -> str:
    """Columns of gate block k: ``"2H:3H"`` for letters, ``"10:15"`` when H is known."""
    if H is None:
        lo = "0" if k == 0 else ("H" if k == 1 else f"{k}H")
        return f"{lo}:{'H' if k == 0 else f'{k + 1}H'}"
    return f"{k * H}:{(k + 1) * H}"


# --- a. the vanilla RNN, unrolled ---


def rnn_unrolled_svg(steps: int = 4, grad_norms=None, *, t0: int = 0, fmt: str = ".3g") -> str:
    """The vanilla RNN unrolled over ``steps`` steps, with the backward Jacobian on the backward arrows.

    Forward: ``h_t = tanh(x_t Wx + h_{t-1} Wh + b)``. States and gradients are rows (batch first), so each
    backward arrow, from step t to step t-1, multiplies the row gradient on the right by the Jacobian
    ``dh_t/dh_{t-1} = diag(1 - h_t²) Whᵀ``: ``dL/dh_{t-1} = (dL/dh_t ⊙ (1 - h_t²)) Whᵀ``, in code
    ``(dh * (1 - h**2)) @ Wh.T``; the label on the arrow from step t + 1 to step t names the later
    state, ``diag(1 - h_{t+1}²) Whᵀ``. The formulas printed under the diagram are
    :data:`lstm_helpers.rnn.STEP_FORMULA`, :data:`~lstm_helpers.rnn.BACKWARD_FORMULA` and
    :data:`~lstm_helpers.rnn.BACKWARD_CODE`, the module that defines the convention.
    ``grad_norms`` (``steps`` non-negative numbers, e.g. the last few of
    :func:`lstm_helpers.rnn.hidden_gradient_norms`) gives ``||dL/dh_t||`` for
    each step: the backward arrow into h_t gets a width growing with its log and
    the label ``format(norm, fmt)``. Steps are labelled t0, t0+1, ...
    (at most :data:`MAX_STEPS` steps fit).
    """
    steps = check_int("steps", steps, 1, MAX_STEPS)
    t0 = check_int("t0", t0)
    fmt = _check_fmt(fmt)
    norms = None
    if grad_norms is not None:
        if isinstance(grad_norms, (str, bytes, Mapping)):
            raise TypeError(f"grad_norms must be a 1-D array of {steps} numbers, got {type(grad_norms).__name__}")
        try:
            arr = np.asarray(grad_norms, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"grad_norms must be a 1-D array of {steps} numbers, got {type(grad_norms).__name__}"
            ) from None
        if arr.shape != (steps,):
            raise ValueError(f"grad_norms must have one norm per step, shape (steps,) = ({steps},), got {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"grad_norms must be finite, got {arr.tolist()}")
        if np.any(arr < 0):
            raise ValueError(f"grad_norms must be non-negative (they are norms), got {arr.tolist()}")
        norms = arr

    left, right = 60, 60
    dx = (WIDTH - left - right) / steps
    cx = [left + dx * (k + 0.5) for k in range(steps)]
    bw, bh = min(96, dx - 54), 56
    y_h, y_cell, y_x = 70, 200, 350
    y_fwd, y_bwd = y_cell - 12, y_cell + 14
    full = dx >= 160  # room for the full label on every arrow
    height = 462
    title = f"A vanilla RNN unrolled over {steps} steps" + (
        ", with the gradient norm at every step" if norms is not None else ""
    )
    desc = (
        f"Forward: {_plain(STEP_FORMULA)}. Backward arrows carry the row dL/dh_t, multiplied on the right by "
        f"the Jacobian diag(1 - h_t^2) Wh^T: {_plain(BACKWARD_FORMULA)}."
        + ("" if norms is None else " Norms: " + ", ".join(format(v, fmt) for v in norms))
    )
    cv = _Canvas(WIDTH, height, title, desc)
    cv.text(20, 24, title, size=15, weight="bold", anchor="start")

    widths = _log_widths(norms) if norms is not None else [STROKE + 1] * steps
    for k, x in enumerate(cx):
        t = t0 + k
        cv.rect(x - bw / 2, y_cell - bh / 2, bw, bh, fill=PANEL)
        cv.text(x, y_cell + 6, "tanh", size=15)
        cv.path([(x, y_x - 16), (x, y_cell + bh / 2)])  # x_t up into the cell
        cv.text(x, y_x + 4, f"x_{{{t}}}", size=15)
        cv.code(x, y_x + 22, "(N, D)", anchor="middle")
        cv.text(x - 6, y_x - 30, "Wx", size=13, anchor="end", italic=True)
        cv.path([(x, y_cell - bh / 2), (x, y_h + 12)])  # h_t up, out
        cv.text(x, y_h + 2, f"h_{{{t}}}", size=15)
        cv.code(x, y_h - 16, "(N, H)", anchor="middle")
        # forward: h_{t-1} into the cell (h_{t0-1} from the left edge)
        x_from = x - dx + bw / 2 if k else 12
        cv.path([(x_from, y_fwd), (x - bw / 2, y_fwd)])
        cv.text((x_from + x - bw / 2) / 2, y_fwd - 8, "Wh", size=13, italic=True)
        # backward: dL/dh_t reaches cell t from step t+1 (from the loss L after the last step)
        start = WIDTH - 12 if k == steps - 1 else cx[k + 1] - bw / 2
        end = x + bw / 2
        cv.path([(start, y_bwd), (end + 2, y_bwd)], color=GRAD, width=widths[k])
        mid = (start + end) / 2
        if norms is not None:
            label = f"‖dL/dh_{{{t}}}‖ = {format(norms[k], fmt)}" if full else format(norms[k], fmt)
            cv.text(mid, y_cell + bh / 2 + 22, label, size=12.5, weight="bold")
        if full and k < steps - 1:  # from step t + 1 to step t: the slope of the later state, h_{t+1}
            cv.text(
                mid,
                y_cell + bh / 2 + (42 if norms is not None else 22),
                f"× diag(1 − h_{{{t + 1}}}^{{2}}) Wh^{{T}}",
                size=12,
                color=MUTED,
            )
    cv.text(16, y_fwd - 26, f"h_{{{t0 - 1}}}", size=14, anchor="start")
    cv.text(WIDTH - 12, y_bwd + 24 if norms is None else y_bwd - 16, "from L", size=12, color=MUTED, anchor="end")
    cv.text(20, height - 32, f"forward:  {STEP_FORMULA}", size=13, anchor="start")
    back = f"backward (orange):  {BACKWARD_FORMULA}    in rnn.py: {BACKWARD_CODE}"
    cv.text(20, height - 12, back, size=13, anchor="start")
    if norms is not None:
        cv.text(
            20,
            height - 54,
            "arrow widths: log ‖dL/dh_{t}‖" + ("" if full else ";  numbers: ‖dL/dh_{t}‖ at each step"),
            size=13,
            anchor="start",
            color=MUTED,
        )
    return cv.svg()


def _log_widths(norms, lo=1.5, hi=10.0):
    """Stroke widths growing with log(norm), from ``lo`` (smallest positive norm, or zero) to ``hi``."""
    pos = norms[norms > 0]
    if pos.size == 0:
        return [lo] * len(norms)
    a, b = np.log(pos.min()), np.log(pos.max())
    if b - a < 1e-12:
        return [lo if v == 0 else (lo + hi) / 2 for v in norms]
    return [lo if v == 0 else lo + (hi - lo) * (np.log(v) - a) / (b - a) for v in norms]


# --- b. one LSTM cell, forward ---

CELL_REQUIRED = ("c_prev", "i", "f", "g", "o", "c", "h")
CELL_OPTIONAL = ("x", "h_prev")


def _check_cell_values(v: dict) -> None:
    """Gates in range and c, h consistent with them (to 1e-3, so 4-decimal hand values pass)."""
    for k in ("i", "f", "o"):
        if not 0 <= v[k] <= 1:
            raise ValueError(f"values[{k!r}] is the {GATE_WORD[k]} gate, a sigmoid in [0, 1]; got {v[k]}")
    if not -1 <= v["g"] <= 1:
        raise ValueError(f"values['g'] is the candidate tanh(a_g), in [-1, 1]; got {v['g']}")
    c = v["f"] * v["c_prev"] + v["i"] * v["g"]
    if abs(c - v["c"]) > 1e-3 * (1 + abs(c)):
        raise ValueError(f"values['c'] must be f * c_prev + i * g = {c:.6g}, got {v['c']} (are two keys swapped?)")
    h = v["o"] * math.tanh(v["c"])
    if abs(h - v["h"]) > 1e-3:
        raise ValueError(f"values['h'] must be o * tanh(c) = {h:.6g}, got {v['h']} (are two keys swapped?)")


# Under each label with a shape, the number drawn is one entry of that array: sample 0's, one hidden unit's.
NUMBERS_NOTE = "bold numbers: one unit's entry of each array"


def lstm_cell_svg(values=None, H=None, D=None, *, fmt: str = ".4f") -> str:
    """One LSTM step as ``lstm_step_forward`` computes it, names and shapes on every arrow.

    ``H`` and ``D`` (positive ints, optional) put the sizes into the shapes and
    the gate slices (``a[:, H:2H]`` becomes ``a[:, 5:10]`` for H = 5).
    ``values`` (optional) annotates the diagram with one unit's numbers, each
    ``format(value, fmt)``: a dict with keys ``c_prev, i, f, g, o, c, h`` and
    optionally ``x`` (when D = 1) and ``h_prev``, each a scalar or 1-element
    array (:func:`step_values` makes it from a step). Gates must be in range and
    ``c``, ``h`` consistent with them, or ValueError says which key is off.
    """
    H = None if H is None else check_int("H", H, 1)
    D = None if D is None else check_int("D", D, 1)
    fmt = _check_fmt(fmt)
    v = None
    if values is not None:
        v = _read_values(values, CELL_REQUIRED, CELL_OPTIONAL, "one unit's numbers of one step")
        _check_cell_values(v)
    sizes = {k: n for k, n in (("H", H), ("D", D)) if n is not None}
    sNH, sND, sN4H = _shape("(N, H)", sizes), _shape("(N, D)", sizes), _shape("(N, 4H)", sizes)

    def num(key):
        return "" if v is None or key not in v else f" = {format(v[key], fmt)}"

    height = 520
    title = "One LSTM step: lstm_step_forward" + (" with one unit's numbers" if v is not None else "")
    desc = (
        "a = x_t Wx + h_t-1 Wh + b split into [i, f, g, o]; i, f, o = sigma, g = tanh; "
        "c_t = f * c_t-1 + i * g; h_t = o * tanh(c_t)."
        + ("" if v is None else " Values: " + ", ".join(f"{k} = {format(x, fmt)}" for k, x in v.items()))
    )
    cv = _Canvas(WIDTH, height, title, desc)
    cv.text(20, 24, title, size=15, weight="bold", anchor="start")
    cv.code(WIDTH - 20, 24, "monospace: names in lstm.py", anchor="end")
    cv.rect(112, 40, 628, 420, stroke="#BBBBBB", fill=PANEL, width=1.5, rx=14)

    y_c, y_op, y_gate, y_a, y_h = 95, 205, 305, 405, 405
    gx = {"f": 245, "i": 345, "g": 455, "o": 555}
    x_plus, x_tanh = 455, 682

    # the cell state line: c_{t-1} -> x f -> + i*g -> c_t
    cv.path([(14, y_c), (gx["f"] - 13, y_c)])
    cv.text(16, y_c - 26, "c_{t−1} " + sNH, anchor="start")
    cv.code(16, y_c - 10, "prev_c")
    if v is not None:
        cv.text(16, y_c + 22, num("c_prev").removeprefix(" = "), size=13, weight="bold", anchor="start")
    cv.op(gx["f"], y_c, "×")
    cv.path([(gx["f"] + 12, y_c), (x_plus - 13, y_c)])
    cv.text((gx["f"] + x_plus) / 2, y_c - 10, "f ⊙ c_{t−1}", size=13)
    if v is not None:
        cv.text((gx["f"] + x_plus) / 2, y_c + 22, format(v["f"] * v["c_prev"], fmt), size=13, weight="bold")
    cv.op(x_plus, y_c, "+")
    cv.path([(x_plus + 12, y_c), (WIDTH - 12, y_c)])
    cv.text(x_plus + 20, y_c - 10, "c_{t} = f ⊙ c_{t−1} + i ⊙ g", size=13, anchor="start")
    cv.text(WIDTH - 14, y_c + 22, "c_{t} " + sNH, anchor="end")
    cv.code(WIDTH - 14, y_c + 38, "next_c", anchor="end")
    if v is not None:
        cv.text(WIDTH - 14, y_c + 56, format(v["c"], fmt), size=13, weight="bold", anchor="end")

    # x_t and h_{t-1} into the pre-activations a
    a_left, a_right = 195, 605
    cv.rect(a_left, y_a - 20, a_right - a_left, 40, fill="#FFFFFF")
    cv.text((a_left + a_right) / 2, y_a + 5, f"a = x_{{t}} Wx + h_{{t−1}} Wh + b   {sN4H}", size=14)
    cv.path([(14, y_h), (a_left, y_h)])
    cv.text(16, y_h - 26, "h_{t−1} " + sNH, anchor="start")
    cv.code(16, y_h - 10, "prev_h")
    if v is not None and "h_prev" in v:
        cv.text(16, y_h + 22, format(v["h_prev"], fmt), size=13, weight="bold", anchor="start")
    cv.path([(400, height - 8), (400, y_a + 20)])
    cv.text(410, height - 34, "x_{t} " + sND, anchor="start")
    cv.code(410, height - 18, "x")
    if v is not None and "x" in v:
        cv.text(392, height - 18, format(v["x"], fmt), size=13, weight="bold", anchor="end")

    # the four gates, fed by their column blocks of a
    for k, gate in enumerate("ifgo"):
        x, col = gx[gate], GATE_COLORS[gate]
        cv.path([(x, y_a - 20), (x, y_gate + 22)], color=col)
        cv.code(x + 6, y_a - 30, f"a[:, {_slice(k, H)}]", color=col)
        cv.rect(x - 43, y_gate - 22, 86, 44, stroke=col, fill=col, fill_opacity=0.16, width=2.5)
        cv.text(x, y_gate + 6, f"{gate} = {NONLINEARITY[gate]}", size=14, weight="bold", color=col)
    # f up to the carousel
    cv.path([(gx["f"], y_gate - 22), (gx["f"], y_c + 13)], color=GATE_COLORS["f"])
    _gate_label(cv, gx["f"] + 8, 170, "f", sNH, num("f"))
    # i and g meet at i * g, which goes up into the sum
    cv.path([(gx["i"], y_gate - 22), (gx["i"], y_op), (x_plus - 13, y_op)], color=GATE_COLORS["i"])
    _gate_label(cv, gx["i"] + 8, 258, "i", sNH, num("i"))
    cv.path([(gx["g"], y_gate - 22), (gx["g"], y_op + 13)], color=GATE_COLORS["g"])
    _gate_label(cv, gx["g"] + 8, 258, "g", sNH, num("g"))
    cv.op(x_plus, y_op, "×")
    cv.path([(x_plus, y_op - 12), (x_plus, y_c + 13)])
    cv.text(x_plus + 8, 150, "i ⊙ g", size=13, anchor="start")
    if v is not None:
        cv.text(x_plus + 8, 167, format(v["i"] * v["g"], fmt), size=13, weight="bold", anchor="start")
    # the output: tanh(c_t), times o, is h_t
    cv.path([(x_tanh, y_c), (x_tanh, 145)])
    cv.rect(x_tanh - 32, 145, 64, 32, fill="#FFFFFF")
    cv.text(x_tanh, 167, "tanh", size=14)
    cv.path([(x_tanh, 177), (x_tanh, y_gate - 13)])
    cv.text(x_tanh + 8, 222, "tanh(c_{t})", size=13, anchor="start")
    cv.code(x_tanh + 8, 238, "tanh_c")
    if v is not None:
        cv.text(x_tanh + 8, 255, format(math.tanh(v["c"]), fmt), size=13, weight="bold", anchor="start")
    cv.path([(gx["o"] + 43, y_gate), (x_tanh - 13, y_gate)], color=GATE_COLORS["o"])
    _gate_label(cv, gx["o"] + 47, y_gate - 28, "o", sNH, num("o"))
    cv.op(x_tanh, y_gate, "×")
    cv.path([(x_tanh, y_gate + 12), (x_tanh, y_h), (WIDTH - 12, y_h)])
    cv.text(x_tanh + 8, y_gate + 40, "o ⊙ tanh(c_{t})", size=13, anchor="start")
    cv.text(WIDTH - 14, y_h + 24, "h_{t} " + sNH, anchor="end")
    cv.code(WIDTH - 14, y_h + 40, "next_h", anchor="end")
    if v is not None:
        cv.text(WIDTH - 14, y_h + 58, format(v["h"], fmt), size=13, weight="bold", anchor="end")
        cv.text(20, height - 14, NUMBERS_NOTE, size=12, color=MUTED, anchor="start")
    return cv.svg()


def _gate_label(cv, x, y, gate, shape, number=""):
    cv.text(x, y, f"{gate} {shape}", size=13, color=GATE_COLORS[gate], anchor="start", weight="bold")
    if number:
        cv.text(x, y + 17, number.removeprefix(" = "), size=13, anchor="start", weight="bold")


# --- c. the weight layout ---


def weight_layout_svg(D: int, H: int) -> str:
    """``Wx (D, 4H)``, ``Wh (H, 4H)`` and ``b (4H,)`` drawn as matrices, column blocks ``[i | f | g | o]``.

    Each block is in its gate colour and labelled with its columns, e.g.
    ``f: H:2H = 5:10`` for H = 5 (Keras's ``kernel``, ``recurrent_kernel``,
    ``bias``). Rows are drawn one per input feature / hidden unit up to 12; larger
    matrices are drawn to scale without row lines.
    """
    D = check_int("D", D, 1)
    H = check_int("H", H, 1)
    left, top = 190, 96
    span = WIDTH - left - 30  # width of the 4H columns
    col_w = span / (4 * H)
    row_h = 18
    grid = 4 * H <= 48

    def rows_height(n):
        return n * row_h if n <= 12 else 6 * row_h

    hx, hh = rows_height(D), rows_height(H)
    y_wx, y_wh = top, top + hx + 50
    y_b = y_wh + hh + 50
    height = int(y_b + row_h + 60)
    title = (
        f"The LSTM weights for D = {D}, H = {H}: Wx {_shape('(D, 4H)', {'D': D, 'H': H})}, "
        f"Wh {_shape('(H, 4H)', {'H': H})}, b ({4 * H},)"
    )
    desc = "Column blocks [i | f | g | o] in every weight array: " + ", ".join(
        f"{g}: columns {_slice(k, None)} = {_slice(k, H)}" for k, g in enumerate("ifgo")
    )
    cv = _Canvas(WIDTH, height, title, desc)
    cv.text(20, 24, title, size=15, weight="bold", anchor="start")

    for k, gate in enumerate("ifgo"):
        x0 = left + k * H * col_w
        cx = x0 + H * col_w / 2
        cv.text(cx, 52, f"{gate}: {_slice(k, None)} = {_slice(k, H)}", size=13, color=GATE_COLORS[gate], weight="bold")
        cv.text(cx, 70, f"{GATE_WORD[gate]} ({NONLINEARITY[gate]})", size=12, color=MUTED)

    for name, keras, letters, n_rows, y in (
        ("Wx", "kernel", "(D, 4H)", D, y_wx),
        ("Wh", "recurrent_kernel", "(H, 4H)", H, y_wh),
        ("b", "bias", "(4H,)", 1, y_b),
    ):
        height_px = rows_height(n_rows) if name != "b" else row_h
        cv.text(left - 12, y + height_px / 2 - 4, f"{name} {letters}", size=14, anchor="end", weight="bold")
        cv.text(left - 12, y + height_px / 2 + 13, _shape(letters, {"D": D, "H": H}), size=13, anchor="end")
        cv.code(left - 12, y + height_px / 2 + 29, f"Keras {keras}", anchor="end")
        for k, gate in enumerate("ifgo"):
            cv.rect(
                left + k * H * col_w,
                y,
                H * col_w,
                height_px,
                stroke=GATE_COLORS[gate],
                fill=GATE_COLORS[gate],
                fill_opacity=0.25,
                width=1.5,
                rx=0,
            )
        if grid:
            lines = [f"M{left + j * col_w:g},{y:g} V{y + height_px:g}" for j in range(1, 4 * H) if j % H]
            if name != "b" and n_rows <= 12:
                lines += [f"M{left:g},{y + r * row_h:g} H{left + span:g}" for r in range(1, n_rows)]
            if lines:
                cv.parts.append(f'<path d="{" ".join(lines)}" stroke="#FFFFFF" stroke-width="1" fill="none"/>')
        if n_rows > 12:
            cv.text(left + span / 2, y + height_px / 2 + 5, f"{n_rows} rows (drawn shortened)", size=12, color=MUTED)
    cv.text(
        20,
        height - 16,
        "a = x Wx + h Wh + b   (N, 4H): its columns split the same way, "
        f"a[:, {_slice(2, H)}] is the candidate's pre-activation",
        size=13,
        anchor="start",
    )
    return cv.svg()


# --- d. one LSTM step, backward ---

BACKWARD_REQUIRED = ("dnext_h", "dnext_c", "do", "dc", "di", "df", "dg", "dprev_c")
BACKWARD_OPTIONAL = ("da_i", "da_f", "da_g", "da_o", "dprev_h", "dx")


def lstm_backward_svg(values=None, *, fmt: str = ".4g") -> str:
    """The backward graph of one LSTM step, named as in ``lstm_step_backward``.

    Two paths reach the cell ``c_t``: along the cell from ``c_{t+1}``
    (``dnext_c``), and through ``h_t = o * tanh(c_t)``, where ``dnext_h`` is
    multiplied by ``o * (1 - tanh_c**2)``; their sum is ``dc``. From ``c_t``
    the gradient reaches ``c_{t-1}`` along the cell, the carousel ``dprev_c =
    dc * f``, and through ``h_{t-1}``: ``dprev_h = da @ Wh.T`` enters step
    ``t-1``'s cell as that step's path through its ``h``. ``values``
    (optional) annotates one unit of one example, each
    ``format(value, fmt)`` (``.4g``: gradients can be tiny): a dict with keys
    ``dnext_h, dnext_c, do, dc, di, df, dg, dprev_c`` and optionally
    ``da_i, da_f, da_g, da_o, dprev_h, dx`` (:func:`backward_values` makes it).
    """
    fmt = _check_fmt(fmt)
    v = None
    if values is not None:
        v = _read_values(values, BACKWARD_REQUIRED, BACKWARD_OPTIONAL, "one unit's gradients of one step")

    def num(key):
        return None if v is None or key not in v else format(v[key], fmt)

    height = 580
    title = "One LSTM step backward: lstm_step_backward" + (" with one unit's numbers" if v is not None else "")
    desc = (
        "Gradients flow right to left. Two paths into c_t: along the cell (dnext_c) and through h_t "
        "(dnext_h times o * (1 - tanh_c**2)): dc = dnext_c + dnext_h * o * (1 - tanh_c**2). Into c_t-1: "
        "the carousel dprev_c = dc * f, and through h_t-1 (dprev_h) at step t-1. "
        "do = dnext_h * tanh_c; di = dc * g; df = dc * prev_c; dg = dc * i; "
        "da = [di i(1-i), df f(1-f), dg (1-g^2), do o(1-o)]; dx = da @ Wx.T; dprev_h = da @ Wh.T."
        + ("" if v is None else " Values: " + ", ".join(f"{k} = {format(x, fmt)}" for k, x in v.items()))
    )
    cv = _Canvas(WIDTH, height, title, desc)
    cv.text(20, 24, title, size=15, weight="bold", anchor="start")
    cv.rect(112, 40, 628, 430, stroke="#BBBBBB", fill=PANEL, width=1.5, rx=14)

    y_c, y_fan, y_gate, y_da = 110, 195, 310, 420
    gx = {"f": 245, "i": 345, "g": 455, "o": 580}
    x_sum, x_fan = 700, 455
    thick = STROKE + 1.5  # the carousel

    def value(x, y, key, anchor="start"):
        if num(key) is not None:
            cv.text(x, y, num(key), size=13, weight="bold", anchor=anchor)

    # path 1, the carousel: dnext_c -> (+) -> dc -> * f -> dprev_c
    cv.path([(WIDTH - 10, y_c), (x_sum + 13, y_c)], color=GRAD, width=thick)
    cv.code(WIDTH - 12, y_c - 26, "dnext_c (N, H)", anchor="end", color=INK, size=13)
    value(WIDTH - 12, y_c + 22, "dnext_c", anchor="end")
    cv.op(x_sum, y_c, "+")
    cv.path([(x_sum - 13, y_c), (gx["f"] + 13, y_c)], color=GRAD, width=thick)
    cv.code(x_sum - 22, y_c - 10, "dc (N, H)", anchor="end", color=INK, size=13)
    value(x_sum - 22, y_c + 20, "dc", anchor="end")
    cv.text(x_sum + 28, y_c - 44, "path 1 into c_{t}: along the cell", size=12, color=MUTED, anchor="end")
    cv.text((gx["f"] + x_fan) / 2, y_c - 10, "the carousel to c_{t−1}", size=12, color=MUTED)
    cv.op(gx["f"], y_c, "×")
    cv.path([(gx["f"] - 13, y_c), (12, y_c)], color=GRAD, width=thick)
    cv.code(14, y_c - 26, "dprev_c (N, H)", color=INK, size=13)
    cv.code(14, y_c - 10, "= dc * f")
    value(14, y_c + 22, "dprev_c")

    # path 2, through h_t: dnext_h -> * o * (1 - tanh_c**2) -> (+)
    cv.path([(WIDTH - 10, y_gate), (x_sum, y_gate), (x_sum, 236)], color=GRAD)
    cv.code(WIDTH - 12, y_gate + 24, "dnext_h (N, H)", anchor="end", color=INK, size=13)
    value(WIDTH - 12, y_gate + 42, "dnext_h", anchor="end")
    cv.rect(x_sum - 66, 150, 132, 84, fill="#FFFFFF")
    cv.text(x_sum, 164, "path 2 into c_{t}:", size=12, color=MUTED)
    cv.text(x_sum, 179, "through h_{t}", size=12, color=MUTED)
    cv.code(x_sum, 195, "* o", anchor="middle", color=INK)
    cv.code(x_sum, 210, "* (1 - tanh_c**2)", anchor="middle", color=INK, size=11.5)
    cv.text(x_sum, 226, "added to dnext_c", size=12, color=MUTED)
    cv.path([(x_sum, 150), (x_sum, y_c + 13)], color=GRAD)

    # dc fans out through c_t = f * prev_c + i * g; dnext_h reaches the output gate
    cv.path([(x_fan, y_c), (x_fan, y_fan - 13)], color=GRAD)
    cv.op(x_fan, y_fan, "×")
    cv.code(x_fan + 10, 140, "c_t = f * prev_c + i * g")
    cv.path([(gx["f"], y_c + 13), (gx["f"], y_gate - 22)], color=GATE_COLORS["f"])
    cv.path([(x_fan - 13, y_fan), (gx["i"], y_fan), (gx["i"], y_gate - 22)], color=GATE_COLORS["i"])
    cv.path([(x_fan, y_fan + 13), (x_fan, y_gate - 22)], color=GATE_COLORS["g"])
    cv.path([(x_sum, y_gate), (gx["o"] + 44, y_gate)], color=GATE_COLORS["o"])
    labels = {
        "f": ("df = dc * prev_c", gx["f"] + 8, 165),
        "i": ("di = dc * g", gx["i"] + 8, 245),
        "g": ("dg = dc * i", gx["g"] + 8, 245),
        "o": ("do = dnext_h * tanh_c", gx["o"] - 44, 262),
    }
    for gate, (text, x_lab, y_lab) in labels.items():
        cv.code(x_lab, y_lab, text, color=GATE_COLORS[gate])
        value(x_lab, y_lab + 16, "d" + gate)

    # back through each gate's nonlinearity into da
    deriv = {"i": "* i(1-i)", "f": "* f(1-f)", "g": "* (1-g**2)", "o": "* o(1-o)"}
    a_left, a_right = 195, 640
    for k, gate in enumerate("ifgo"):
        x, col = gx[gate], GATE_COLORS[gate]
        cv.rect(x - 44, y_gate - 22, 88, 44, stroke=col, fill=col, fill_opacity=0.16, width=2.5)
        cv.text(x, y_gate - 3, f"{gate}: {NONLINEARITY[gate]}′", size=13, weight="bold", color=col)
        cv.code(x, y_gate + 14, deriv[gate], anchor="middle", color=col)
        cv.path([(x, y_gate + 22), (x, y_da - 18)], color=col)
        cv.code(x + 5, y_da - 26, f"da[:, {_slice(k, None)}]", color=col)
        value(x + 5, y_da - 42, f"da_{gate}")
    cv.rect(a_left, y_da - 18, a_right - a_left, 36, fill="#FFFFFF")
    cv.code((a_left + a_right) / 2, y_da + 5, "da (N, 4H), blocks [i, f, g, o]", anchor="middle", color=INK, size=13)
    cv.path([(a_left, y_da), (12, y_da)], color=GRAD)
    cv.code(14, y_da - 26, "dprev_h (N, H)", color=INK, size=13)
    cv.code(14, y_da - 10, "= da @ Wh.T")
    cv.text(14, y_da + 40, "into c_{t−1} at step t−1,", size=12, color=MUTED, anchor="start")
    cv.text(14, y_da + 56, "as its path 2 (via h_{t−1})", size=12, color=MUTED, anchor="start")
    value(14, y_da + 22, "dprev_h")
    cv.path([(400, y_da + 18), (400, height - 52)], color=GRAD)
    cv.code(410, height - 76, "dx (N, D) = da @ Wx.T", color=INK, size=13)
    value(410, height - 58, "dx")
    cv.code(
        20,
        height - 30,
        "dc = dnext_c + dnext_h * o * (1 - tanh_c**2)  (both paths into c_t; orange: gradients)",
        color=INK,
    )
    cv.code(20, height - 12, "dWx = x.T @ da;  dWh = prev_h.T @ da;  db = da.sum(axis=0)")
    if v is not None:
        cv.text(WIDTH - 14, height - 12, NUMBERS_NOTE, size=12, color=MUTED, anchor="end")
    return cv.svg()


# --- one unit's numbers out of a step, for the diagrams ---


def _index(name, value, size, what):
    """An index into an axis of ``size`` entries (``what`` names the axis, e.g. "the batch size N")."""
    try:
        return check_int(name, value, 0, size - 1)
    except ValueError as err:
        raise ValueError(f"{err} ({what} = {size})") from None


def step_values(x, prev_h, prev_c, Wx, Wh, b, n: int = 0, unit: int = 0) -> dict:
    """One step of ``lstm_step_forward`` reduced to sample ``n``, hidden unit ``unit``: the dict for :func:`lstm_cell_svg`.

    Arguments as for ``lstm_step_forward`` (x (N, D), prev_h, prev_c (N, H),
    Wx (D, 4H), Wh (H, 4H), b (4H,)). ``x`` is included only when D = 1 (it has
    D numbers, not one per unit).
    """
    from .lstm import lstm_step_forward

    next_h, next_c, cache = lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    x_, prev_h_, prev_c_, _, _, i, f, g, o, _ = cache
    N, H = next_h.shape
    n = _index("n", n, N, "the batch size N")
    unit = _index("unit", unit, H, "the hidden size H")
    out = {
        "h_prev": prev_h_[n, unit],
        "c_prev": prev_c_[n, unit],
        "i": i[n, unit],
        "f": f[n, unit],
        "g": g[n, unit],
        "o": o[n, unit],
        "c": next_c[n, unit],
        "h": next_h[n, unit],
    }
    if x_.shape[1] == 1:
        out["x"] = x_[n, 0]
    return {k: float(val) for k, val in out.items()}


def backward_values(dnext_h, dnext_c, cache, n: int = 0, unit: int = 0) -> dict:
    """One step of ``lstm_step_backward`` reduced to sample ``n``, unit ``unit``: the dict for :func:`lstm_backward_svg`.

    ``dnext_h, dnext_c (N, H)`` and the ``cache`` of ``lstm_step_forward``.
    ``dprev_c``, ``dprev_h`` (and ``dx`` when D = 1) are ``lstm_step_backward``'s
    own outputs; the intermediate gradients are its first lines, repeated
    here for one unit because the function does not return them.
    """
    from .lstm import lstm_step_backward

    dx, dprev_h, dprev_c, _, _, _ = lstm_step_backward(dnext_h, dnext_c, cache)
    x, prev_h, prev_c, _, _, i, f, g, o, tanh_c = cache
    N, H = prev_h.shape
    n = _index("n", n, N, "the batch size N")
    u = _index("unit", unit, H, "the hidden size H")
    dh, dcn = np.asarray(dnext_h)[n, u], np.asarray(dnext_c)[n, u]
    i, f, g, o, tanh_c, prev_c_ = i[n, u], f[n, u], g[n, u], o[n, u], tanh_c[n, u], prev_c[n, u]
    do = dh * tanh_c
    dc = dcn + dh * o * (1 - tanh_c**2)
    di, df, dg = dc * g, dc * prev_c_, dc * i
    out = {
        "dnext_h": dh,
        "dnext_c": dcn,
        "do": do,
        "dc": dc,
        "di": di,
        "df": df,
        "dg": dg,
        "dprev_c": dprev_c[n, u],
        "da_i": di * i * (1 - i),
        "da_f": df * f * (1 - f),
        "da_g": dg * (1 - g**2),
        "da_o": do * o * (1 - o),
        "dprev_h": dprev_h[n, u],
    }
    if x.shape[1] == 1:
        out["dx"] = dx[n, 0]
    return {k: float(val) for k, val in out.items()}


_NUMBER_TEXT = re.compile(r"^[-−]?\d+(\.\d+)?(e[-+]?\d+)?$")


def drawn_numbers(svg: str) -> dict[str, float]:
    """The numbers a diagram draws, by the label drawn before each: ``{"f (N, 2)": 0.7503, "i ⊙ g": 0.1074, ...}``.

    Only the drawn ``<text>`` elements count (the ``<desc>`` that screen readers get lists the values too, and
    is left out), so a test can check that a value sits under its own label, not merely somewhere in the file.
    A code name between a label and its number (``prev_c``) is skipped.
    """
    texts = [_plain(re.sub(r"<[^>]+>", "", t)).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
    drawn, label = {}, None
    for text in texts:
        if _NUMBER_TEXT.match(text.replace("−", "-")):
            if label is not None and label not in drawn:
                drawn[label] = float(text.replace("−", "-"))
        elif not re.fullmatch(r"[a-z_]+", text):  # a label, not a code name such as prev_c
            label = text
    return drawn
