"""``lstm_helpers.diagrams``: well-formed SVG carrying the labels and the numbers it was given.

Each diagram is parsed with ElementTree; its text is read from the text nodes
(``<text>`` with their ``<tspan>`` subscripts joined), so a label or number
counts only if a reader sees it. Bad input must raise a clear error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from lstm_helpers import diagrams as dg
from lstm_helpers.lstm import lstm_step_backward, lstm_step_forward
from lstm_helpers.plots import GATE_COLORS

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.get("aria-label") and root.find(SVG + "title").text == root.get("aria-label")
    w, h = map(float, root.get("viewBox").split()[2:])
    assert 700 <= w <= 800 and h > 0
    first = root.find(SVG + "rect")  # a white background, for dark themes
    assert first.get("fill") == "#FFFFFF" and float(first.get("width")) == w
    for el in root.iter(SVG + "text"):
        assert float(el.get("font-size")) >= 11.5  # subscripts scale down from their text's size
    for el in root.iter(SVG + "path"):  # every arrowhead points to a marker that is defined
        m = el.get("marker-end")
        if m:
            assert root.find(f".//{SVG}marker[@id='{m[5:-1]}']") is not None
    return root


def texts(svg: str) -> list[str]:
    return ["".join(el.itertext()) for el in parse(svg).iter(SVG + "text")]


def has(svg: str, label: str) -> bool:
    return any(label in t for t in texts(svg))


def one_step(D=1, H=3, seed=0):
    rng = np.random.default_rng(seed)
    x, h, c = rng.normal(size=(2, D)), rng.normal(size=(2, H)), rng.normal(size=(2, H))
    Wx, Wh, b = rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)
    return x, h, c, Wx, Wh, b


# --- a. the RNN ---


def test_rnn_labels():
    svg = dg.rnn_unrolled_svg(4)
    for label in ("x0", "x3", "h0", "h3", "h-1", "Wx", "Wh", "diag(1 − h12) WhT", "tanh"):
        assert has(svg, label), label
    assert sum(t == "tanh" for t in texts(svg)) == 4


def test_rnn_backward_arrows_name_the_later_state():
    """The arrow from step t + 1 to step t multiplies by diag(1 - h_{t+1}^2) Wh^T: the slope of the later state."""
    svg = dg.rnn_unrolled_svg(4, t0=5)
    jacobians = [t for t in texts(svg) if t.startswith("× diag(")]
    assert jacobians == ["× diag(1 − h62) WhT", "× diag(1 − h72) WhT", "× diag(1 − h82) WhT"]


def test_rnn_formulas_are_the_codes_row_convention():
    """The diagram prints the backward step of lstm_helpers.rnn, where the convention is defined, and that
    formula is what the code computes: on rows, dL/dh_{t-1} = (dL/dh_t ⊙ (1 - h_t^2)) Wh^T."""
    from lstm_helpers import rnn

    svg = dg.rnn_unrolled_svg(4)
    shown = " ".join(texts(svg))
    assert "dL/dht−1 = (dL/dht ⊙ (1 − ht2)) WhT" in shown  # subscripts and superscripts joined as read
    assert "(dh * (1 - h**2)) @ Wh.T" in shown and "ht = tanh(xt Wx + ht−1 Wh + b)" in shown
    desc = parse(svg).find(SVG + "desc").text
    assert "dL/dh_t−1 = (dL/dh_t ⊙ (1 − h_t^2)) Wh^T" in desc
    for wrong in ("Wh^T dL/dh", "WhT dL/dh", "Wh^{T} dL/dh"):  # the column-vector order, wrong for these rows
        assert wrong not in shown and wrong not in desc
    # the printed code is the package's backward step: evaluated, it equals rnn_step_backward's dprev_h
    rng = np.random.default_rng(0)
    x, prev_h = rng.normal(size=(3, 2)), rng.normal(size=(3, 4))
    Wx, Wh, b = rng.normal(size=(2, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    h, cache = rnn.rnn_step_forward(x, prev_h, Wx, Wh, b)
    dh = rng.normal(size=(3, 4))
    printed = eval(rnn.BACKWARD_CODE, {}, {"dh": dh, "h": h, "Wh": Wh})
    np.testing.assert_allclose(printed, rnn.rnn_step_backward(dh, cache)[1], rtol=1e-12)


def test_rnn_grad_norms_are_printed_and_set_arrow_widths():
    norms = [1.23456e-4, 0.0031, 0.5, 2.0]
    svg = dg.rnn_unrolled_svg(4, grad_norms=norms, t0=10)
    for t, n in zip(range(10, 14), norms):
        assert has(svg, f"‖dL/dh{t}‖ = {n:.3g}")
    root = parse(svg)
    widths = [
        float(p.get("stroke-width"))
        for p in root.iter(SVG + "path")
        if p.get("stroke") == dg.GRAD and p.get("marker-end")
    ]
    assert widths == sorted(widths) and widths[0] < widths[-1]  # larger norm, wider arrow
    assert has(dg.rnn_unrolled_svg(8, grad_norms=np.geomspace(1e-6, 1, 8), fmt=".2e"), "1.00e-06")


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"steps": 0}, ValueError, "steps must be an integer in [1, 10], got 0"),
        ({"steps": 2.0}, TypeError, "steps must be an integer, got a float 2.0"),
        ({"steps": 11}, ValueError, "steps must be an integer in [1, 10], got 11"),
        ({"steps": 3, "grad_norms": [1.0, 2.0]}, ValueError, "shape (steps,) = (3,), got (2,)"),
        ({"steps": 2, "grad_norms": [1.0, np.nan]}, ValueError, "grad_norms must be finite"),
        ({"steps": 2, "grad_norms": [1.0, -0.5]}, ValueError, "grad_norms must be non-negative"),
        ({"steps": 2, "grad_norms": "ab"}, TypeError, "grad_norms must be a 1-D array of 2 numbers, got str"),
    ],
)
def test_rnn_bad_input(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        dg.rnn_unrolled_svg(**kwargs)


def test_rnn_zero_norm_is_drawn():
    assert has(dg.rnn_unrolled_svg(2, grad_norms=[0.0, 1.0]), "‖dL/dh0‖ = 0")


# --- b. the cell ---


def test_cell_names_shapes_and_gate_colours():
    svg = dg.lstm_cell_svg()
    for label in (
        "ct−1 (N, H)",
        "ht−1 (N, H)",
        "xt (N, D)",
        "a = xt Wx + ht−1 Wh + b   (N, 4H)",
        "prev_c",
        "prev_h",
        "next_c",
        "next_h",
        "i = σ",
        "f = σ",
        "g = tanh",
        "o = σ",
        "ct = f ⊙ ct−1 + i ⊙ g",
        "tanh(ct)",
        "o ⊙ tanh(ct)",
        "a[:, 0:H]",
        "a[:, H:2H]",
        "a[:, 2H:3H]",
        "a[:, 3H:4H]",
    ):
        assert has(svg, label), label
    for gate, color in GATE_COLORS.items():
        assert f'fill="{color}"' in svg and f'stroke="{color}"' in svg, gate


def test_cell_with_sizes_puts_numbers_in_shapes():
    svg = dg.lstm_cell_svg(H=5, D=3)
    for label in ("(N, 5)", "(N, 3)", "(N, 20)", "a[:, 5:10]", "a[:, 15:20]"):
        assert has(svg, label), label


def test_cell_carries_each_number_as_formatted():
    vals = dg.step_values(*one_step(), n=1, unit=2)
    for fmt in (".4f", ".6g"):
        t = texts(dg.lstm_cell_svg(vals, fmt=fmt))
        for key in dg.CELL_REQUIRED + dg.CELL_OPTIONAL:
            assert format(vals[key], fmt) in t, key
        assert format(vals["i"] * vals["g"], fmt) in t  # the products too
        assert format(np.tanh(vals["c"]), fmt) in t


def test_step_values_are_the_steps_numbers():
    x, h, c, Wx, Wh, b = one_step(D=1, H=3)
    next_h, next_c, cache = lstm_step_forward(x, h, c, Wx, Wh, b)
    vals = dg.step_values(x, h, c, Wx, Wh, b, n=1, unit=2)
    assert vals["h"] == next_h[1, 2] and vals["c"] == next_c[1, 2] and vals["x"] == x[1, 0]
    assert vals["f"] == cache[6][1, 2] and vals["c_prev"] == c[1, 2]
    assert "x" not in dg.step_values(*one_step(D=2))  # D numbers, not one per unit
    with pytest.raises(ValueError, match=re.escape("unit must be an integer in [0, 2], got 3 (the hidden size H = 3)")):
        dg.step_values(x, h, c, Wx, Wh, b, unit=3)


def test_cell_accepts_one_element_arrays_and_hand_rounded_values():
    vals = {k: np.array([round(v, 4)]) for k, v in dg.step_values(*one_step()).items()}
    assert has(dg.lstm_cell_svg(vals), format(vals["h"][0], ".4f"))


def _good():
    return dg.step_values(*one_step())


@pytest.mark.parametrize(
    "change, error, message",
    [
        (lambda v: v.pop("f"), ValueError, "values is missing 'f'"),
        (lambda v: v.update(c_next=1.0), ValueError, "values has unknown key(s) 'c_next'"),
        (lambda v: v.update(i=np.nan), ValueError, "values['i'] must be a finite number, got nan"),
        (lambda v: v.update(h=np.inf), ValueError, "values['h'] must be a finite number, got inf"),
        (
            lambda v: v.update(g=np.zeros(3)),
            ValueError,
            "values['g'] must be one number (a scalar or a 1-element array), got an array of shape (3,)",
        ),
        (lambda v: v.update(o="0.5"), TypeError, "values['o'] must be a number"),
        (lambda v: v.update(f=1.5), ValueError, "values['f'] is the forget gate, a sigmoid in [0, 1]; got 1.5"),
        (lambda v: v.update(c=v["c"] + 0.5), ValueError, "values['c'] must be f * c_prev + i * g"),
        (lambda v: v.update(h=v["h"] + 0.5), ValueError, "values['h'] must be o * tanh(c)"),
    ],
)
def test_cell_bad_values(change, error, message):
    v = _good()
    change(v)
    with pytest.raises(error, match=re.escape(message)):
        dg.lstm_cell_svg(v)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"values": [0.1] * 7}, TypeError, "values must be a dict"),
        ({"H": 0}, ValueError, "H must be an integer >= 1, got 0"),
        ({"D": True}, TypeError, "D must be an integer, got a bool True"),
        ({"fmt": ".4q"}, ValueError, "fmt must be a format spec"),
    ],
)
def test_cell_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        dg.lstm_cell_svg(**kwargs)


# --- c. the weight layout ---


@pytest.mark.parametrize("D, H", [(3, 5), (1, 1), (28, 64)])
def test_weight_layout_blocks_and_ranges(D, H):
    svg = dg.weight_layout_svg(D, H)
    for label in (
        f"i: 0:H = 0:{H}",
        f"f: H:2H = {H}:{2 * H}",
        f"g: 2H:3H = {2 * H}:{3 * H}",
        f"o: 3H:4H = {3 * H}:{4 * H}",
        "Wx (D, 4H)",
        "Wh (H, 4H)",
        "b (4H,)",
        f"({D}, {4 * H})",
        f"({H}, {4 * H})",
        f"({4 * H},)",
    ):
        assert has(svg, label), label
    root = parse(svg)
    for gate, color in GATE_COLORS.items():  # one block per gate in each of Wx, Wh and b
        assert sum(r.get("fill") == color for r in root.iter(SVG + "rect")) == 3, gate


@pytest.mark.parametrize(
    "D, H, message",
    [
        (0, 3, "D must be an integer >= 1, got 0"),
        (3, -1, "H must be an integer >= 1, got -1"),
        (3, 2.5, "H must be an integer, got a float 2.5"),
    ],
)
def test_weight_layout_bad_sizes(D, H, message):
    with pytest.raises((ValueError, TypeError), match=re.escape(message)):
        dg.weight_layout_svg(D, H)


# --- d. backward ---


def test_backward_names_are_lstm_step_backwards():
    svg = dg.lstm_backward_svg()
    for label in (
        "dnext_c (N, H)",
        "dnext_h (N, H)",
        "dprev_c (N, H)",
        "dprev_h (N, H)",
        "dx (N, D) = da @ Wx.T",
        "= dc * f",
        "do = dnext_h * tanh_c",
        "di = dc * g",
        "df = dc * prev_c",
        "dg = dc * i",
        "dc = dnext_c + dnext_h * o * (1 - tanh_c**2)",
        "da (N, 4H), blocks [i, f, g, o]",
        "da[:, 2H:3H]",
    ):
        assert has(svg, label), label
    for color in GATE_COLORS.values():
        assert f'stroke="{color}"' in svg


def test_backward_paths_are_named_for_where_they_lead():
    """Two paths lead into c_t (along the cell, and through h_t times o (1 - tanh^2 c_t)); c_(t-1) gets the
    carousel dc * f here and, through h_(t-1), its own path 2 at step t-1. Subscripts read as joined text."""
    svg = dg.lstm_backward_svg()
    t = texts(svg)
    for label in (
        "path 1 into ct: along the cell",
        "path 2 into ct:",
        "through ht",
        "* o",
        "* (1 - tanh_c**2)",
        "the carousel to ct−1",
        "into ct−1 at step t−1,",
        "as its path 2 (via ht−1)",
        "both paths into c_t",
    ):
        assert any(label in line for line in t), label
    shown = " ".join(t).lower()
    for wrong in ("through the output gate", "paths reach ct−1", "path 1: the carousel"):
        assert wrong not in shown, wrong
    desc = parse(svg).find(SVG + "desc").text
    assert "Two paths into c_t" in desc and "through h_t-1 (dprev_h) at step t-1" in desc


def test_backward_values_match_lstm_step_backward_and_are_printed():
    x, h, c, Wx, Wh, b = one_step(D=1, H=3)
    _, _, cache = lstm_step_forward(x[:1], h[:1], c[:1], Wx, Wh, b)
    rng = np.random.default_rng(1)
    dnext_h, dnext_c = rng.normal(size=(1, 3)), rng.normal(size=(1, 3))
    dx, dprev_h, dprev_c, _, _, db = lstm_step_backward(dnext_h, dnext_c, cache)
    vals = dg.backward_values(dnext_h, dnext_c, cache, unit=1)
    assert vals["dprev_c"] == dprev_c[0, 1] and vals["dprev_h"] == dprev_h[0, 1] and vals["dx"] == dx[0, 0]
    for k, gate in enumerate("ifgo"):  # with N = 1, db is da itself
        assert vals[f"da_{gate}"] == pytest.approx(db[k * 3 + 1], rel=1e-12)
    assert vals["dprev_c"] == pytest.approx(vals["dc"] * cache[6][0, 1], rel=1e-12)
    t = texts(dg.lstm_backward_svg(vals))
    for key, value in vals.items():
        assert format(value, ".4g") in t, key


@pytest.mark.parametrize(
    "values, error, message",
    [
        ({"dnext_h": 1.0}, ValueError, "values is missing 'dnext_c'"),
        ("dc", TypeError, "values must be a dict"),
        (
            {**dict.fromkeys(dg.BACKWARD_REQUIRED, 0.1), "dc": np.nan},
            ValueError,
            "values['dc'] must be a finite number",
        ),
        ({**dict.fromkeys(dg.BACKWARD_REQUIRED, 0.1), "da": 1.0}, ValueError, "unknown key(s) 'da'"),
    ],
)
def test_backward_bad_values(values, error, message):
    with pytest.raises(error, match=re.escape(message)):
        dg.lstm_backward_svg(values)


def test_text_is_escaped_and_svg_has_no_style_sheet():
    for svg in (dg.rnn_unrolled_svg(), dg.lstm_cell_svg(), dg.weight_layout_svg(2, 2), dg.lstm_backward_svg()):
        parse(svg)
        assert "<style" not in svg  # inline SVG in a notebook would apply it to the whole page


def test_drawn_numbers_reads_each_value_under_its_own_label_and_ignores_the_description():
    values = {"h_prev": 0.5, "c_prev": 0.8, "i": 0.7211, "f": 0.7503, "g": 0.1489, "o": 0.657, "c": 0.7076, "h": 0.4002}
    svg = dg.lstm_cell_svg(values, H=2, D=2)
    drawn = dg.drawn_numbers(svg)
    assert drawn["f (N, 2)"] == 0.7503 and drawn["i (N, 2)"] == 0.7211 and drawn["g (N, 2)"] == 0.1489
    assert drawn["i ⊙ g"] == pytest.approx(0.7211 * 0.1489, abs=5e-5)
    no_numbers = re.sub(r"(<text[^>]*>)[-−]?\d+\.\d+(</text>)", r"\1\2", svg)  # the drawing without its numbers
    assert "0.7503" in no_numbers and dg.drawn_numbers(no_numbers) == {}  # <desc> still has them: not counted
