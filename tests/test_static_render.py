"""What a reader sees without running anything: the committed notebooks rendered statically.

Every committed notebook is rendered in-process with nbconvert's HTML
exporter (template "lab", offline) and its saved outputs are checked for what
GitHub, nbconvert and JupyterLab before "Run All" show a reader.

Rules
-----
(a) Control characters. No saved output that a renderer shows holds a C0
    control character other than newline and tab: no backspace ``\\x08``, no
    carriage return ``\\r`` that is not part of ``\\r\\n``, no ANSI escape
    ``\\x1b``. nbconvert copies ``\\b`` into the HTML as it is (a browser draws
    boxes) and a ``\\r`` redraw keeps every intermediate line. Checked: stream
    text, every text/html and text/markdown, and text/plain when it is what is
    shown (no richer representation beside it); and the rendered HTML itself.
    Fix: ``lstm_helpers.progress`` (``ProgressBar``, ``steps``) instead of
    Keras's or tqdm's bars; ``model.summary()`` prints rich HTML beside ANSI
    text/plain, which is fine because the HTML is what is shown.
(b) Widgets need a static twin. An output with
    ``application/vnd.jupyter.widget-view+json`` (an explorer, a tqdm notebook
    bar) renders as an empty box in a static render: nbconvert writes only the
    widget's id into the page, and the widget itself needs a live kernel or
    the widget JavaScript from a CDN; without saved widget state it falls
    back to the widget's text repr. So:

    * **Marker convention for static twins**: within the widget's own cell
      or the three cells after it there is a markdown cell, or a printed or
      displayed text output, containing the words ``Static view`` (e.g. a
      markdown cell "**Static view:** the explorer at rho = 1.5 and input scale
      0.5, drawn once:"), and in the same window (at or after the marker, or
      in the widget's cell) a figure (image/png or image/svg+xml) or that
      marked text output itself showing the explorer's numbers.
    * The rendered HTML must not show a widget's text repr
      (``VBox(children=(FloatSlider(value=1.0, ...``): checked on the page's
      text with the tags removed. nbconvert shows it when the notebook was
      saved without the widget's model in its widget state (metadata
      "widgets"); with the model saved, it writes only the widget's id.
    * The saved text/plain of a widget output is what JupyterLab shows before
      the cells run and what renderers that know no widgets show: it must not
      be a widget repr or a progress-bar frame (``0%| | 0/3000``); it should be
      a sentence such as "Interactive explorer: run the notebook to use it
      (static view below)".
(c) Figure pixel density. Every saved PNG is at least as dense as the
    series' setting (``lstm_helpers.plots.FIGURE_DPI`` CSS pixels per figure
    inch, ``FIGURE_SCALE`` PNG pixels per CSS pixel): the width a renderer
    shows is the output's metadata width (the inline backend writes it for
    'retina' PNGs) or else the PNG's own width; PNG width / shown width must
    be >= FIGURE_SCALE, and the dpi matplotlib writes into the PNG (its pHYs
    chunk) divided by that scale must be >= FIGURE_DPI. A PNG without a dpi
    fails (it was not drawn through matplotlib with ``lh.use_style()``).
(d) Line widths. Every line of text shown in a monospace block (stream text,
    a shown text/plain, ``<pre>`` in text/html) is at most MAX_LINE = 100
    characters (ANSI codes not counted). JupyterLab's and nbconvert's CSS set
    ``word-break: break-all`` on output ``<pre>``: a longer line is broken at
    the edge of the output area *inside a word* ("Si|mpleRNN"), spaces or
    not. 100 characters is what the lab template's output area holds in an
    800 px-wide window (measured in Chromium: 100 at 800 px, 116 at 1024 px).
    Tables (text/html ``<table>``, markdown tables) must fit the same width:
    the widest row, as the sum of its cells' text plus 3 characters of
    padding per column, is at most MAX_LINE.

(e) Training logs. One line per epoch: no Keras ``verbose=1/2`` log (an
    ``Epoch k/N`` line on its own, or Keras's ``66/66 - 1s - ... loss`` lines);
    fit with ``verbose=0, callbacks=[ProgressBar()]``.

The checks run over the committed notebooks (or over the folder named by
LSTM_STATIC_RENDER_NOTEBOOKS, e.g. executed copies checked before a commit);
the tests of the rules themselves run on small synthetic notebooks.
"""

from __future__ import annotations

import base64
import functools
import html as html_lib
import io
import json
import os
import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbconvert = pytest.importorskip("nbconvert")

from lstm_helpers import plots  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# LSTM_STATIC_RENDER_NOTEBOOKS: check another folder (e.g. the notebooks of a commit, checked out elsewhere).
NOTEBOOKS = sorted(Path(os.environ.get("LSTM_STATIC_RENDER_NOTEBOOKS", ROOT / "notebooks")).glob("*.ipynb"))
MAX_LINE = 100
TWIN_WINDOW = 3  # cells after the widget's own cell
MARKER = "Static view"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/svg+xml")
RICHER_THAN_TEXT = (WIDGET_MIME, "text/html", "text/markdown", "image/png", "image/svg+xml", "image/jpeg", "text/latex")

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)")
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
WIDGET_REPR = re.compile(r"\b[A-Z][A-Za-z]*\((?:children|value|description|layout|options|min|max)=")
PROGRESS_FRAME = re.compile(r"\d+%\|")


# ---------------------------------------------------------------- reading outputs


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def shown_texts(output) -> list[tuple[str, str]]:
    """(kind, text) of every text a renderer shows for ``output``: stream, text/plain if nothing richer, html, markdown."""
    if output.get("output_type") == "stream":
        return [("stream", _text(output.get("text", "")))]
    data = output.get("data", {})
    shown = []
    for mime in ("text/html", "text/markdown"):
        if mime in data:
            shown.append((mime, _text(data[mime])))
    if "text/plain" in data and not any(m in data for m in RICHER_THAN_TEXT):
        shown.append(("text/plain", _text(data["text/plain"])))
    return shown


def _outputs(cell):
    return cell.get("outputs", []) if cell.get("cell_type") == "code" else []


# ---------------------------------------------------------------- the rules


def check_control_characters(nb, name) -> list[str]:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        hits = [
            (kind, text, found)
            for output in _outputs(cell)
            for kind, text in shown_texts(output)
            for found in [CONTROL.search(text)]
            if found
        ]
        if hits:
            kind, text, found = hits[0]
            kinds = sorted({repr(m.group()) for _, t, _ in hits for m in CONTROL.finditer(t)})
            problems.append(
                f"{name} cell {i}: {len(hits)} {kind} output(s) hold control characters {', '.join(kinds)} "
                f"(e.g. {text[max(0, found.start() - 20) : found.start() + 30]!r}); a static render shows \\x08 as boxes "
                "and keeps every \\r redraw: use lstm_helpers.progress (ProgressBar, steps) instead of Keras's/tqdm's bars"
            )
    return problems


EPOCH_HEADER = re.compile(r"^Epoch \d+/\d+$", re.M)
KERAS_EPOCH_LINE = re.compile(r"^\d+/\d+ - \d+m?s - .*loss", re.M)


def check_training_logs(nb, name) -> list[str]:
    """One line per epoch: no 'Epoch k/N' line on its own (Keras's verbose=1/2 log), no Keras 'steps - time - loss' lines."""
    problems = []
    for i, cell in enumerate(nb["cells"]):
        text = "".join(
            t for output in _outputs(cell) for kind, t in shown_texts(output) if kind in ("stream", "text/plain")
        )
        headers, keras_lines = len(EPOCH_HEADER.findall(text)), len(KERAS_EPOCH_LINE.findall(text))
        if headers or keras_lines:
            problems.append(
                f"{name} cell {i}: a Keras training log ({headers} 'Epoch k/N' header lines, {keras_lines} Keras epoch "
                f"lines, {text.count(chr(10))} lines in all): fit with verbose=0 and callbacks=[ProgressBar()] "
                "(one line per epoch, and a line saying where early stopping stopped)"
            )
    return problems


def check_rendered_html(html: str, name: str) -> list[str]:
    """Rules (a) and (b) on the page itself: no raw control characters, no widget repr as visible text."""
    problems = []
    found = CONTROL.search(html)
    if found:
        problems.append(
            f"{name}: the rendered HTML contains {len(CONTROL.findall(html))} control characters "
            f"(first {found.group()!r}); see the cells named by the control-character check"
        )
    visible = html_lib.unescape(re.sub(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", " ", html, flags=re.S))
    for match in WIDGET_REPR.finditer(visible):
        problems.append(
            f"{name}: the rendered page shows a widget's text repr {visible[match.start() : match.start() + 60]!r}; "
            "give the widget output a static twin and a sentence as its text/plain"
        )
        break
    return problems


def _marked(cell) -> bool:
    if cell.get("cell_type") == "markdown":
        return MARKER in _text(cell.get("source", ""))
    return any(MARKER in text for output in _outputs(cell) for _, text in shown_texts(output))


def _has_image(cell) -> bool:
    return any(m in output.get("data", {}) for output in _outputs(cell) for m in IMAGE_MIMES)


def _prints_numbers(cell) -> bool:
    """A code cell whose printed output carries numbers: a text twin of an explorer at one setting."""
    return cell.get("cell_type") == "code" and any(
        re.search(r"\d", text)
        for output in _outputs(cell)
        if output.get("output_type") == "stream"
        for _, text in shown_texts(output)
    )


def check_widget_twins(nb, name) -> list[str]:
    problems = []
    cells = nb["cells"]
    for i, cell in enumerate(cells):
        widgets = [o for o in _outputs(cell) if WIDGET_MIME in o.get("data", {})]
        if not widgets:
            continue
        window = cells[i : i + 1 + TWIN_WINDOW]
        marks = [k for k, c in enumerate(window) if _marked(c)]
        twin = bool(marks) and (
            any(_has_image(c) for c in window[marks[0] :])
            or _has_image(cell)
            or any(c.get("cell_type") == "code" for c in window[marks[0] :] if _marked(c))
            or any(_prints_numbers(c) for c in window[marks[0] + 1 :])  # the mark, then printed numbers
        )
        if not twin:
            problems.append(
                f"{name} cell {i}: widget output without a static twin: within this cell and the next {TWIN_WINDOW} "
                f"add a markdown cell (or printed text) containing '{MARKER}' and a figure or printed numbers of the "
                "explorer in one setting (a static render shows the widget as an empty box)"
            )
        for output in widgets:
            plain = _text(output.get("data", {}).get("text/plain", ""))
            if WIDGET_REPR.search(plain) or PROGRESS_FRAME.search(plain):
                problems.append(
                    f"{name} cell {i}: the widget's saved text/plain is {plain[:60]!r}..., which JupyterLab shows before "
                    "the cells run: display the widget with a sentence as text/plain (e.g. 'Interactive explorer: run the "
                    "notebook to use it (static view below)'), or use lstm_helpers.progress.steps instead of tqdm"
                )
    return problems


def png_density(b64: str, metadata: dict) -> tuple[float, float | None, int, int]:
    """(PNG pixels per shown pixel, shown pixels per figure inch or None without a dpi, PNG width, shown width)."""
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(b64)))
    width = image.size[0]
    shown = int((metadata or {}).get("image/png", {}).get("width", width))
    scale = width / shown
    dpi = image.info.get("dpi")
    return scale, (float(dpi[0]) / scale if dpi else None), width, shown


def check_figure_density(nb, name) -> list[str]:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        low, undated = [], 0
        for output in _outputs(cell):
            if "image/png" not in output.get("data", {}):
                continue
            scale, css_dpi, width, shown = png_density(_text(output["data"]["image/png"]), output.get("metadata", {}))
            if css_dpi is None:
                undated += 1
            elif scale < plots.FIGURE_SCALE - 0.01 or css_dpi < plots.FIGURE_DPI - 0.5:
                low.append(f"{width} px shown {shown} px wide ({scale:.2f} px per shown px, {css_dpi:.0f} dpi)")
        if undated:
            problems.append(
                f"{name} cell {i}: {undated} PNG(s) without a dpi: draw them with matplotlib after lh.use_style()"
            )
        if low:
            problems.append(
                f"{name} cell {i}: {len(low)} figure(s) below the series' {plots.FIGURE_SCALE} x {plots.FIGURE_DPI} dpi, "
                f"e.g. stored at {low[0]}: re-execute with lh.use_style() (no figure.dpi or "
                "set_matplotlib_formats override in the cell)"
            )
    return problems


def _table_width(table_html: str) -> int:
    widest = 0
    for row in re.findall(r"<tr\b.*?</tr>", table_html, flags=re.S):
        cells = re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)
        texts = [html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]
        widest = max(widest, sum(len(t) + 3 for t in texts))
    return widest


def _markdown_table_width(markdown: str) -> int:
    rows = [line for line in markdown.splitlines() if line.strip().startswith("|")]
    return max((sum(len(c.strip()) + 3 for c in row.strip().strip("|").split("|")) for row in rows), default=0)


def check_line_widths(nb, name) -> list[str]:
    problems = []
    for i, cell in enumerate(nb["cells"]):
        long, kinds, widest_table = [], set(), 0
        for output in _outputs(cell):
            for kind, text in shown_texts(output):
                if kind == "text/html":
                    blocks = [
                        html_lib.unescape(re.sub(r"<[^>]+>", "", b))
                        for b in re.findall(r"<pre\b.*?</pre>", text, flags=re.S)
                    ]
                    tables = [_table_width(t) for t in re.findall(r"<table\b.*?</table>", text, flags=re.S)]
                elif kind == "text/markdown":
                    blocks, tables = [], [_markdown_table_width(text)]
                else:
                    blocks, tables = [text], []
                for block in blocks:
                    found = [line for line in re.split(r"\r?\n", ANSI.sub("", block)) if len(line) > MAX_LINE]
                    long += found
                    kinds |= {kind} if found else set()
                widest_table = max([widest_table, *tables])
        if long:
            where = (
                "; an exercise's feedback: wrap its hint in lstm_helpers.exercises"
                if any(line.startswith("Hint:") for line in long)
                else ""
            )
            problems.append(
                f"{name} cell {i}: {len(long)} {'/'.join(sorted(kinds))} line(s) over {MAX_LINE} characters "
                f"(longest {max(map(len, long))}: {long[0][:50]!r}...), which a renderer breaks inside a word: "
                f"print at most {MAX_LINE} characters a line (textwrap.fill, or one value per line){where}"
            )
        if widest_table > MAX_LINE:
            problems.append(
                f"{name} cell {i}: a table {widest_table} characters wide (limit {MAX_LINE}) has to scroll sideways: "
                "fewer or narrower columns (round numbers, shorter headers), or transpose it"
            )
    return problems


RULES = {
    "control_characters": check_control_characters,
    "widget_twins": check_widget_twins,
    "figure_density": check_figure_density,
    "line_widths": check_line_widths,
    "training_logs": check_training_logs,
}


@functools.cache
def rendered(path: Path) -> tuple[dict, str]:
    """The notebook as JSON and as the HTML page nbconvert's lab template makes of it (in-process, offline)."""
    nb = nbformat.read(path, as_version=4)
    html, _ = nbconvert.HTMLExporter(template_name="lab").from_notebook_node(nb)
    return json.loads(path.read_text(encoding="utf-8")), html


# ---------------------------------------------------------------- the committed notebooks


@pytest.mark.parametrize("rule", sorted(RULES))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_committed_notebook_reads_right_without_running(path, rule):
    nb, _ = rendered(path)
    problems = RULES[rule](nb, path.name)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_committed_notebook_rendered_page(path):
    _, html = rendered(path)
    problems = check_rendered_html(html, path.name)
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the rules on synthetic notebooks (always run)


def _png(dpi: float) -> str:
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _code(*outputs):
    cell = nbformat.v4.new_code_cell("pass")
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    return cell


def _stream(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def _display(data, metadata=None):
    return {"output_type": "display_data", "data": data, "metadata": metadata or {}}


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


KERAS_FRAME = "\x08" * 20 + "\r\x1b[1m468/500\x1b[0m \x1b[32m━━━━━━\x1b[0m 0s 21ms/step - loss: 0.2025"
WIDGET = {
    WIDGET_MIME: {"model_id": "ab", "version_major": 2, "version_minor": 0},
    "text/plain": "VBox(children=(FloatSlider(value=1.0, description='rho'),))",
}


def test_control_characters_of_a_keras_bar_are_found_and_clean_lines_pass():
    assert check_control_characters(_nb(_code(_stream(KERAS_FRAME))), "x.ipynb")[0].startswith(
        "x.ipynb cell 0: 1 stream output(s)"
    )
    assert check_control_characters(_nb(_code(_stream("\r\x1b[1m  1/500\x1b[0m"))), "x.ipynb")
    clean = _code(
        _stream("Epoch 1/2 · 500/500 · 41 s · loss 0.2\r\n\tdone\n"),
        _display({"text/plain": "Epoch 2/2 · 500/500 · 40 s · loss 0.1"}),
    )
    assert check_control_characters(_nb(clean), "x.ipynb") == []


def test_ansi_text_plain_beside_rich_html_is_not_what_is_shown():
    summary = _display({"text/html": '<pre>Model: "row_lstm"</pre>', "text/plain": '\x1b[1mModel: "row_lstm"\x1b[0m'})
    assert check_control_characters(_nb(_code(summary)), "x.ipynb") == []


def test_a_widget_needs_a_marked_static_twin_and_a_sentence_as_text():
    bare = check_widget_twins(_nb(_code(_display(WIDGET)), _code(_display({"image/png": _png(200)}))), "x.ipynb")
    assert len(bare) == 2 and "without a static twin" in bare[0] and "text/plain" in bare[1], bare
    good_widget = dict(WIDGET, **{"text/plain": "Interactive explorer: run the notebook to use it (static view below)"})
    twin = _nb(
        _code(_display(good_widget)),
        nbformat.v4.new_markdown_cell("**Static view:** rho = 1.5, drawn once."),
        _code(_display({"image/png": _png(200), "text/plain": "<Figure size 700x360 with 1 Axes>"})),
    )
    assert check_widget_twins(twin, "x.ipynb") == []
    printed = _nb(
        _code(_display(good_widget)),
        nbformat.v4.new_markdown_cell("Static view: two temperatures, printed."),
        _code(nbformat.v4.new_output("stream", name="stdout", text="--- temperature 0.50 ---\nROMEO.\n")),
    )
    assert check_widget_twins(printed, "x.ipynb") == []
    words_only = _nb(
        _code(_display(good_widget)),
        nbformat.v4.new_markdown_cell("Static view: below."),
        _code(nbformat.v4.new_output("stream", name="stdout", text="see above\n")),
    )
    assert len(check_widget_twins(words_only, "x.ipynb")) == 1
    too_far = _nb(
        _code(_display(good_widget)),
        *[nbformat.v4.new_markdown_cell("prose") for _ in range(3)],
        nbformat.v4.new_markdown_cell("Static view:"),
        _code(_display({"image/png": _png(200)})),
    )
    assert len(check_widget_twins(too_far, "x.ipynb")) == 1
    tqdm = dict(WIDGET, **{"text/plain": "NumPy LSTM, T=100:   0%|          | 0/3000 [00:00<?, ?it/s]"})
    assert any("steps instead of tqdm" in p for p in check_widget_twins(_nb(_code(_display(tqdm))), "x.ipynb"))


def test_nbconvert_shows_the_widget_repr_unless_the_widget_state_holds_the_model():
    # What the rule about the rendered page rests on. With the widget's model in the saved widget state
    # nbconvert writes only the widget's id (an empty box offline); without it, it falls back to text/plain.
    nb = _nb(_code(_display(WIDGET)))
    html, _ = nbconvert.HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert "VBox(children=" in html
    assert "widget's text repr" in check_rendered_html(html, "x.ipynb")[0]
    nb.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {
            "state": {
                "ab": {
                    "model_name": "VBoxModel",
                    "model_module": "@jupyter-widgets/controls",
                    "model_module_version": "2.0.0",
                    "state": {},
                }
            },
            "version_major": 2,
            "version_minor": 0,
        }
    }
    html, _ = nbconvert.HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert "VBox(children=" not in html and '"model_id": "ab"' in html
    assert check_rendered_html(html, "x.ipynb") == []
    assert check_rendered_html("<pre>\x08\x08</pre>", "x.ipynb")


def test_figure_density_against_the_series_setting():
    retina = _display(
        {"image/png": _png(plots.FIGURE_DPI * plots.FIGURE_SCALE)},
        {"image/png": {"width": 2 * plots.FIGURE_DPI, "height": plots.FIGURE_DPI}},
    )
    assert check_figure_density(_nb(_code(retina)), "x.ipynb") == []
    old = _display({"image/png": _png(80)})
    problems = check_figure_density(_nb(_code(old)), "x.ipynb")
    assert len(problems) == 1 and "80 dpi" in problems[0] and "1.00 px per shown px" in problems[0], problems
    # 2x pixels but drawn at 80 dpi (figure.dpi overridden): still too small on the page.
    small = _display({"image/png": _png(160)}, {"image/png": {"width": 160, "height": 80}})
    assert len(check_figure_density(_nb(_code(small)), "x.ipynb")) == 1


def test_long_printed_lines_and_wide_tables_are_found():
    ok = "x" * MAX_LINE + "\n" + "a short line"
    assert check_line_widths(_nb(_code(_stream(ok))), "x.ipynb") == []
    prose = "At T = 200, on the same budget, the LSTM reached a test MSE of 0.0005 in 238 s, while the SimpleRNN ended at 0.1686."
    assert len(prose) > MAX_LINE
    assert "breaks inside a word" in check_line_widths(_nb(_code(_stream(prose))), "x.ipynb")[0]
    colored = "\x1b[1m" + "y" * 90 + "\x1b[0m"  # 90 visible characters
    assert check_line_widths(_nb(_code(_stream(colored))), "x.ipynb") == []
    hint = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/plain": "Hint: " + "word " * 30},
    }
    assert check_line_widths(_nb(_code(hint)), "x.ipynb")
    narrow = "<table><tr><th>model</th><th>accuracy</th></tr><tr><td>LSTM</td><td>0.9916</td></tr></table>"
    wide = "<table><tr>" + "".join(f"<th>column number {k}</th>" for k in range(8)) + "</tr></table>"
    assert check_line_widths(_nb(_code(_display({"text/html": narrow, "text/plain": "t"}))), "x.ipynb") == []
    assert (
        "scroll sideways"
        in check_line_widths(_nb(_code(_display({"text/html": wide, "text/plain": "t"}))), "x.ipynb")[0]
    )
    md = "| contender | median ms |\n|---|---:|\n| optimised | 38.7 |"
    assert check_line_widths(_nb(_code(_display({"text/markdown": md, "text/plain": "m"}))), "x.ipynb") == []


def test_keras_verbose_logs_are_found_and_progress_bar_lines_pass():
    verbose2 = "Epoch 1/60\n66/66 - 3s - 51ms/step - loss: 0.7811 - val_loss: 0.6829\nEpoch 2/60\n"
    assert (
        "2 'Epoch k/N' header lines, 1 Keras epoch lines"
        in check_training_logs(_nb(_code(_stream(verbose2))), "x.ipynb")[0]
    )
    ours = _code(
        _display({"text/plain": "Epoch 1/60 · 66/66 · 3.0 s · loss 0.7811 · val_loss 0.6829"}),
        _display({"text/plain": "stopped early after epoch 23 of 60 (early stopping)"}),
        _stream("epoch 2/13: training 2.496, held-out 2.404 bits/char\n"),
    )
    assert check_training_logs(_nb(ours), "x.ipynb") == []
