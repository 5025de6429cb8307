"""Attention explorer for notebook 07: type a number, see its translation and where the decoder looked.

Pure part (unit-tested, no ipywidgets): :func:`read_number` turns what was
typed (words, or digits converted to words) into the model's input tokens or
a message saying what was expected; :func:`translation_view` calls the
notebook's translation function and prepares what is shown, and
:func:`plot_attention` draws the heatmap (rows: the characters written,
columns: the words read). The explorer, :class:`AttentionExplorer` (built by
:func:`attention_explorer`), only wires a text box to these; a bad input gets
its message on the page and the explorer keeps answering.

The translation function is the notebook's: ``translate_fn(tokens) ->
(characters, weights (T, S))``, ``weights[t, j]`` the attention on word ``j``
while writing character ``t`` (the last row for ``<end>``).
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import numerals as nm
from .._shapes import as_float_array, check_str
from ..language import text as _t
from .explorer import Explorer

#: Font families with Chinese characters that matplotlib may find (the first one installed is used).
CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)


#: Words in the file names of the fonts in :data:`CJK_FONTS`, to find one matplotlib's font cache predates.
_CJK_FILE_HINTS = (
    "wqy",
    "wenquanyi",
    "notosanscjk",
    "notosanssc",
    "sourcehansans",
    "simhei",
    "msyh",
    "pingfang",
    "uming",
)


@functools.cache
def cjk_font() -> str | None:
    """The first font of :data:`CJK_FONTS` that matplotlib can use on this machine, or None.

    matplotlib caches the list of system fonts the first time it runs, so a
    font installed later (``make browser-deps`` installs WenQuanYi Micro Hei)
    is unknown to it; such a font file is added to its font manager here.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    if (found := known()) is not None:
        return found
    for path in font_manager.findSystemFonts():
        if any(hint in Path(path).name.lower().replace("-", "").replace("_", "") for hint in _CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a font file matplotlib cannot read
                continue
    return known()


_NUMERAL_RUN = re.compile("[" + "".join(nm.CHAR_MEANINGS) + "]+")


def readable_without_cjk(text: str) -> str:
    """``text`` with each Chinese numeral written in digits (``三千零一十二`` -> ``3,012``), for a figure with no CJK font.

    A run of characters that is not a well-formed numeral (a model's mistake)
    is spelled out by meaning instead (``三三`` -> ``3 3``), never read as a number it is not.
    """

    def digits(match: re.Match) -> str:
        run = match.group(0)
        value = nm.chinese_to_number(run)
        if nm.chinese_numeral(value) == run:
            return f"{value:,}"
        return " ".join(nm.CHAR_MEANINGS[ch] for ch in run)

    return _NUMERAL_RUN.sub(digits, check_str("text", text))


@dataclass(frozen=True)
class Reading:
    """What was typed, read as the model's input: ``tokens`` (empty when nothing can be translated)."""

    text: str
    tokens: tuple
    number: int | None  # the number the tokens name, when they are written as the generator writes it
    message: str  # "" when the input is a number the task knows


_HELP_EN = "Type a number in words (such as 'three thousand and twelve') or in digits (such as 3012)."
_HELP_ZH = "请输入一个数：用英文词（例如 'three thousand and twelve'）或数字（例如 3012）。"
# How numerals.parse_english names the number that words not written its way come closest to.
_CLOSEST = re.compile(r"; ([0-9,]+) is written '([^']*)'$")


def read_number(text) -> Reading:
    """Read a typed number: digits become the generator's words, words are checked against the vocabulary.

    Unknown words, a number with more than 12 digits, or nothing at all give
    no tokens and a message; known words not written the generator's way are
    kept (the model translates them) with a message saying how the generator
    writes the number. The message is in the learner's language (the English one
    is :mod:`lstm_helpers.numerals`' own error, the Chinese one is written here).
    """
    text = check_str("text", text)
    plain = text.strip()
    if not plain:
        return Reading(text, (), None, _t(_HELP_EN, _HELP_ZH))
    if re.search(r"\d", plain):
        try:
            n = nm.digits_to_number(plain)
        except ValueError as err:
            digits = re.sub(r"[,\s_]", "", plain)  # as digits_to_number reads them
            if digits.isascii() and digits.isdigit():
                big = int(digits)
                zh = (
                    f"这个任务的数最多有 {nm.MAX_DIGITS} 位（小于 {nm.LIMIT:,}），"
                    f"得到的是 {big:,}（{len(str(big))} 位）。"
                )
            else:
                zh = f"请用数字写一个整数，例如 3012；得到的是 {plain!r}。"
            return Reading(text, (), None, _t(f"{err}. {_HELP_EN}", zh + _HELP_ZH))
        return Reading(text, tuple(nm.english_tokens(n)), n, "")
    tokens = tuple(nm.tokenize(plain))
    try:
        return Reading(text, tokens, nm.parse_english(list(tokens)), "")
    except ValueError as err:
        unknown = list(dict.fromkeys(t for t in tokens if t not in nm.WORD_IDS or t == nm.WORDS[nm.PAD]))
        if unknown:
            said = str(err)
            zh = (
                f"数的词表里没有这些词：{'、'.join(repr(t) for t in unknown)}；词表中的词是：{' '.join(nm.WORDS[1:])}。"
            )
            return Reading(text, (), None, _t(f"{said[0].upper()}{said[1:]}.", zh))
        shown_anyway = "; the model's translation of these words is shown anyway."
        if not tokens:  # only commas, hyphens or spaces
            return Reading(text, tokens, None, _t(f"{err}{shown_anyway}", f"没有读到任何词。{_HELP_ZH}"))
        closest = _CLOSEST.search(str(err))
        written = f"；{closest.group(1)} 写作 '{closest.group(2)}'" if closest else ""
        zh = (
            f"'{' '.join(tokens)}' 不是本笔记本写数的方式（数的范围为 0 到 {nm.LIMIT - 1:,}，"
            f"英式写法，带 'and'）{written}；下面仍显示模型对这些词的翻译。"
        )
        return Reading(text, tokens, None, _t(f"{err}{shown_anyway}", zh))


@dataclass(frozen=True)
class TranslationView:
    """What the explorer shows for one input."""

    reading: Reading
    output: str  # the attention model's characters
    weights: np.ndarray | None  # (T, S): one row per character written and one for <end>
    plain_output: str | None = None  # the model without attention, if given

    @property
    def reference(self) -> str | None:
        return None if self.reading.number is None else nm.chinese_numeral(self.reading.number)

    @property
    def correct(self) -> bool | None:
        return None if self.reference is None else self.output == self.reference

    def lines(self) -> list[str]:
        """The view as plain text lines (the static view prints them)."""
        r = self.reading
        n, words = len(r.tokens), " ".join(r.tokens)
        if r.number is None:
            lines = [_t(f"input ({n} words): {words}", f"输入（{n} 个词）：{words}")]
        else:
            lines = [_t(f"input ({n} words): {r.number:,}: {words}", f"输入（{n} 个词）：{r.number:,}：{words}")]
        right, nothing = _t("  (right)", "（正确）"), _t("(nothing)", "（空）")
        mark = ""
        if self.correct is not None:
            mark = right if self.correct else _t(f"  (wrong: {self.reference})", f"（错误，应为{self.reference}）")
        lines.append(_t("with attention:    ", "带注意力：  ") + f"{self.output or nothing}{mark}")
        if self.plain_output is not None:
            plain_mark = ""
            if self.reference is not None:
                plain_mark = right if self.plain_output == self.reference else _t("  (wrong)", "（错误）")
            lines.append(_t("without attention: ", "不带注意力：") + f"{self.plain_output or nothing}{plain_mark}")
        return lines


def translation_view(translate_fn, text, plain_fn=None) -> TranslationView | None:
    """Read ``text`` and translate it with ``translate_fn`` (and ``plain_fn``); None when nothing can be read.

    ``translate_fn(tokens) -> (characters, weights (T, S))`` with ``S = len(tokens)``;
    ``plain_fn(tokens) -> characters`` (optional).
    """
    reading = read_number(text)
    if not reading.tokens:
        return None
    output, weights = translate_fn(list(reading.tokens))
    if not isinstance(output, str):
        raise TypeError(f"translate_fn must return (str, weights), got a {type(output).__name__} first")
    weights = as_float_array("weights", weights)
    if weights.ndim != 2 or weights.shape[1] != len(reading.tokens):
        raise ValueError(f"weights must be (T, S) with S = {len(reading.tokens)} words, got {weights.shape}")
    plain = None if plain_fn is None else plain_fn(list(reading.tokens))
    return TranslationView(reading, output, weights, plain)


def plot_attention(tokens, output, weights, ax=None, title: str | None = None):
    """Heatmap of ``weights (T, S)``: rows the characters of ``output`` then ``<end>``, columns the words.

    Characters are labelled in Chinese when a CJK font is installed
    (:func:`cjk_font`), else by their meaning (``3``, ``x10^4``, ...).
    """
    import matplotlib.pyplot as plt

    weights = as_float_array("weights", weights)
    tokens = list(tokens)
    rows = list(output) + ["<end>"]
    if weights.shape != (len(rows), len(tokens)) and weights.shape != (len(rows) - 1, len(tokens)):
        raise ValueError(
            f"weights must be (T, S) = ({len(rows)}, {len(tokens)}): one row per character and <end>, "
            f"one column per word, got {weights.shape}"
        )
    rows = rows[: weights.shape[0]]
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.0, 0.32 * len(tokens) + 1.6), max(2.6, 0.26 * len(rows) + 1.4)))
    font = cjk_font()
    labels = rows if font else [nm.CHAR_MEANINGS.get(ch, ch) for ch in rows]
    ax.imshow(weights, cmap="Greys", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(tokens)), tokens, rotation=90)
    family = {"fontfamily": font} if font else {}
    ax.set_yticks(range(len(rows)), labels, **family)
    ax.grid(False)
    ax.set(xlabel="word read (encoder)", ylabel="character written (decoder)")
    if title:
        ax.set_title(title if font else readable_without_cjk(title), **family)
    return ax


def _png(view: TranslationView) -> str:
    import matplotlib.pyplot as plt

    ax = plot_attention(view.reading.tokens, view.output, view.weights)
    fig = ax.figure
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def view_html(view: TranslationView | None, message: str = "") -> str:
    """The explorer's output: a message (if any), the text lines, and the heatmap as an image."""
    parts = []
    if message:
        parts.append(f"<div class='attention-message' style='color:#b35900'>{html.escape(message, quote=False)}</div>")
    if view is not None:
        text = "\n".join(view.lines())
        parts.append(f"<pre style='white-space:pre-wrap;margin:0.3em 0'>{html.escape(text, quote=False)}</pre>")
        alt = _t("attention heatmap", "注意力热图")
        parts.append(f"<img alt='{alt}' src='data:image/png;base64,{_png(view)}'/>")
    return "".join(parts)


class AttentionExplorer(Explorer):
    """A text box (``number``) for a number in words or digits; ``output`` shows the translation and heatmap.

    ``view`` is the :class:`TranslationView` shown last (None when the input
    could not be read), ``message`` the notice above it ("" when none).
    """

    def __init__(self, translate_fn, plain_fn=None, text: str = "three thousand and twelve"):
        import ipywidgets as widgets

        self.translate_fn, self.plain_fn = translate_fn, plain_fn
        self.number = widgets.Text(
            value=check_str("text", text),
            description=_t("number", "数"),
            placeholder=_t(
                "words or digits, e.g. twelve thousand and five, or 12005",
                "英文词或数字，例如 twelve thousand and five 或 12005",
            ),
            continuous_update=False,
            style={"description_width": "70px"},
            layout=widgets.Layout(width="640px"),
        )
        self.output = widgets.HTML()
        self.number.add_class("attention-number")
        self.output.add_class("attention-output")
        self.view, self.message = None, ""
        self.widget = widgets.VBox([self.number, self.output])
        self.number.observe(self.update, names="value")
        self.update()

    def update(self, change=None) -> TranslationView | None:
        """Read the box, translate, and show the result (or what was wrong with the input)."""
        reading = read_number(self.number.value)
        self.message, self.view = reading.message, None
        try:
            self.view = translation_view(self.translate_fn, self.number.value, self.plain_fn)
        except (TypeError, ValueError) as error:  # shown on the page, not lost in a log console
            refused = _t(f"Could not translate: {error}", f"无法翻译：{error}")
            self.message = (self.message + _t(" ", "") if self.message else "") + refused
        self.output.value = view_html(self.view, self.message)
        return self.view


def attention_explorer(translate_fn, plain_fn=None, text: str = "three thousand and twelve") -> AttentionExplorer:
    """Build the explorer (see :class:`AttentionExplorer`); display it as a cell's last expression."""
    return AttentionExplorer(translate_fn, plain_fn=plain_fn, text=text)
