"""Claims: the result sentences of a notebook's prose, checked on the run at hand.

A conclusion is markdown that a person wrote. Every result it states (a
comparison, a verdict, a number) is a *claim*: the paragraph names its claims
in an invisible marker, and a short code cell after it checks them::

    The same-size SimpleRNN stays far above that line: 0.71 of the baseline's error.
    <!-- claims: rnn32_not_clear, rnn32_ratio -->

    claims(
        rnn32_not_clear=above(results["SimpleRNN 32"]["ratio"], CLEAR_MARGIN, "SimpleRNN 32's MSE / baseline"),
        rnn32_ratio=rounds_to(results["SimpleRNN 32"]["ratio"].estimate, "0.71", "SimpleRNN 32's MSE / baseline"),
    )

prints ``✓ The 2 statements above hold on this run.`` A check names the
evidence it rests on (an interval, a figure), and when it does not hold the
line says which statement fails, on what evidence and by how much.

The checks (each returns a :class:`Check`): :func:`below`, :func:`above`
(a number, or a whole :class:`~lstm_helpers.stats.Interval`, against a
limit), :func:`contains` (an interval contains a value: indistinguishable
from it), :func:`between`, :func:`rounds_to` (a number in the prose is the
run's value at the digits shown), :func:`equals`, :func:`all_of` (for "in
every seed") and :func:`holds` (any other condition, worded as evidence).

Where the claims are enforced is decided by the run, not by the author:

- **the committed run** (full mode, the results computed from the committed
  weights, or with no training at all): a statement that does not hold
  raises :class:`ClaimError`, so the series' tests fail;
- **a learner's own training** (full mode after a training cell trained here,
  ``TRAIN = True``): the cell prints which statements this run does not
  support, and the notebook goes on;
- **fast mode**: its small models are not what the prose describes, so the
  cell says so and checks nothing; ``every_mode=True`` marks claims that do
  not depend on the mode (a formula, a hand computation): checked in every
  mode;
- ``timing=True`` marks claims about this machine's timings: printed, never
  raised (another CPU may order the contenders differently).

:func:`markers_in` and :func:`claim_names_in` read the markers and the checks
back from a notebook's cells (``tests/test_claims.py`` and the Chinese
edition's generator use them), so a sentence cannot lose its check unnoticed.
"""

from __future__ import annotations

import ast
import math
import numbers
import re
from dataclasses import dataclass

import numpy as np

from ._shapes import check_str, describe
from .config import is_fast_mode
from .language import text as _t
from .printing import wrap
from .stats import Interval

#: The invisible marker a paragraph names its claims with: ``<!-- claims: name_a, name_b -->``.
MARKER = re.compile(r"<!--\s*claims:\s*(.*?)\s*-->", re.S)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Keyword arguments of :func:`claims` that are settings, not claim names.
SETTINGS = ("every_mode", "timing")


class ClaimError(AssertionError):
    """A statement of the prose does not hold on the committed run: the text and the code disagree."""


@dataclass(frozen=True)
class Check:
    """The verdict on one claim: whether it ``holds``, and the evidence in words (what was measured)."""

    holds: bool
    evidence: str

    def __bool__(self) -> bool:
        return self.holds


# ----------------------------------------------------------------------------- numbers in words


def _num(value) -> str:
    """A number as a person writes it in a message: 4 significant digits, no ``np.float64(...)``."""
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.3g}"
    return f"{value:.4g}"


def _span(interval: Interval) -> str:
    return f"[{_num(interval.low)}, {_num(interval.high)}]"


def _what(what) -> str:
    return check_str("what", what, non_empty=True).strip()


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    if isinstance(value, np.ndarray):
        if value.size != 1:
            raise TypeError(f"{name} must be a number, got {describe(value)}")
        value = value.item()
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value} (a diverged run, or a division by zero?)")
    return value


def _checked_interval(name: str, value) -> Interval:
    if not isinstance(value, Interval):
        raise TypeError(f"{name} must be an Interval (from lstm_helpers.stats), got {describe(value)}")
    for end in (value.low, value.high):
        _number(f"{name}'s end", end)
    return value


# ----------------------------------------------------------------------------- the checks


def below(value, limit, what: str) -> Check:
    """``value < limit``; for an :class:`Interval`, its whole range lies below ``limit`` (its upper end does)."""
    what, limit = _what(what), _number("limit", limit)
    if isinstance(value, Interval):
        iv = _checked_interval("value", value)
        if iv.high < limit:
            return Check(
                True, _t(f"{what} {_span(iv)} lies below {_num(limit)}", f"{what} {_span(iv)} 整体低于 {_num(limit)}")
            )
        return Check(
            False,
            _t(
                f"{what} {_span(iv)} does not lie below {_num(limit)} (its upper end is {_num(iv.high - limit)} above it)",
                f"{what} {_span(iv)} 并非整体低于 {_num(limit)}（其上端高出 {_num(iv.high - limit)}）",
            ),
        )
    v = _number("value", value)
    if v < limit:
        return Check(True, _t(f"{what} = {_num(v)} is below {_num(limit)}", f"{what} = {_num(v)} 低于 {_num(limit)}"))
    return Check(
        False,
        _t(
            f"{what} = {_num(v)} is not below {_num(limit)} (by {_num(v - limit)})",
            f"{what} = {_num(v)} 不低于 {_num(limit)}（高出 {_num(v - limit)}）",
        ),
    )


def above(value, limit, what: str) -> Check:
    """``value > limit``; for an :class:`Interval`, its whole range lies above ``limit`` (its lower end does)."""
    what, limit = _what(what), _number("limit", limit)
    if isinstance(value, Interval):
        iv = _checked_interval("value", value)
        if iv.low > limit:
            return Check(
                True, _t(f"{what} {_span(iv)} lies above {_num(limit)}", f"{what} {_span(iv)} 整体高于 {_num(limit)}")
            )
        return Check(
            False,
            _t(
                f"{what} {_span(iv)} does not lie above {_num(limit)} (its lower end is {_num(limit - iv.low)} below it)",
                f"{what} {_span(iv)} 并非整体高于 {_num(limit)}（其下端低了 {_num(limit - iv.low)}）",
            ),
        )
    v = _number("value", value)
    if v > limit:
        return Check(True, _t(f"{what} = {_num(v)} is above {_num(limit)}", f"{what} = {_num(v)} 高于 {_num(limit)}"))
    return Check(
        False,
        _t(
            f"{what} = {_num(v)} is not above {_num(limit)} (by {_num(limit - v)})",
            f"{what} = {_num(v)} 不高于 {_num(limit)}（低了 {_num(limit - v)}）",
        ),
    )


def contains(interval, value, what: str) -> Check:
    """The interval contains ``value`` (ends included): the data cannot tell the estimate from ``value``."""
    what, iv, v = _what(what), _checked_interval("interval", interval), _number("value", value)
    if iv.low <= v <= iv.high:
        return Check(True, _t(f"{what} {_span(iv)} contains {_num(v)}", f"{what} {_span(iv)} 包含 {_num(v)}"))
    side, gap = ("below", v - iv.high) if iv.high < v else ("above", iv.low - v)
    side_zh = "低" if side == "below" else "高"
    return Check(
        False,
        _t(
            f"{what} {_span(iv)} does not contain {_num(v)} (it lies {_num(gap)} {side} it)",
            f"{what} {_span(iv)} 不包含 {_num(v)}（区间比它{side_zh} {_num(gap)}）",
        ),
    )


def between(value, low, high, what: str) -> Check:
    """``low <= value <= high``."""
    what = _what(what)
    v, lo, hi = _number("value", value), _number("low", low), _number("high", high)
    if lo > hi:
        raise ValueError(f"low must be at most high, got low {lo} and high {hi}")
    if lo <= v <= hi:
        return Check(
            True,
            _t(
                f"{what} = {_num(v)} lies in [{_num(lo)}, {_num(hi)}]",
                f"{what} = {_num(v)} 位于 [{_num(lo)}, {_num(hi)}] 内",
            ),
        )
    off = f"{_num(lo - v)} below" if v < lo else f"{_num(v - hi)} above"
    off_zh = f"低了 {_num(lo - v)}" if v < lo else f"高出 {_num(v - hi)}"
    return Check(
        False,
        _t(
            f"{what} = {_num(v)} lies outside [{_num(lo)}, {_num(hi)}] ({off} it)",
            f"{what} = {_num(v)} 位于 [{_num(lo)}, {_num(hi)}] 之外（{off_zh}）",
        ),
    )


_SHOWN = re.compile(r"^[+-]?(\d+(,\d{3})*|\d*)(\.\d+)?([eE][+-]?\d+)?$")


def _normalised(shown: str) -> str:
    text = check_str("shown", shown, non_empty=True).strip().replace("\u2212", "-").replace("%", "").strip()
    if not _SHOWN.match(text) or not re.search(r"\d", text):
        raise ValueError(
            f"shown must be a number as the prose writes it (e.g. '0.71', '-0.087', '4,513', "
            f"'3.1e-4', '98.0'), got {shown!r}"
        )
    return text.replace(",", "").lstrip("+")


def _as_shown(value: float, shown: str) -> str:
    """``value`` written with exactly the precision of ``shown`` (decimals, or a mantissa in e-notation)."""
    mantissa, _, exponent = shown.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if exponent:
        text = f"{value:.{decimals}e}"
        m, e = text.split("e")
        return f"{m}e{int(e)}"
    text = f"{value:.{decimals}f}"
    return "0" + text[2:] if text.startswith("-0") and float(text) == 0 else text  # -0.00 reads as 0.00


def rounds_to(value, shown: str, what: str, scale: float = 1.0) -> Check:
    """A number of the prose: ``value * scale`` written at the precision of ``shown`` is ``shown``.

    ``shown`` is the number as the sentence writes it: ``"0.71"``, ``"-0.087"``, ``"4,513"``,
    ``"3.1e-4"``; ``scale=100`` for a share the prose gives in percent (``"98.0"`` or ``"98.0%"``).
    """
    what, target = _what(what), _normalised(shown)
    v = _number("value", value) * _number("scale", scale)
    mantissa, _, exponent = target.lower().partition("e")
    expected = f"{mantissa}e{int(exponent)}" if exponent else target
    got = _as_shown(v, target)
    if got == expected:
        return Check(
            True, _t(f"{what} = {_num(v)} rounds to {shown.strip()}", f"{what} = {_num(v)} 舍入后为 {shown.strip()}")
        )
    return Check(
        False,
        _t(
            f"{what} = {_num(v)} rounds to {got}, not {shown.strip()} (off by {_num(v - float(target))})",
            f"{what} = {_num(v)} 舍入后为 {got}，不是 {shown.strip()}（相差 {_num(v - float(target))}）",
        ),
    )


def equals(value, expected, what: str) -> Check:
    """``value == expected`` exactly: a count, a chosen order, a name."""
    what = _what(what)
    shown = lambda v: _num(v) if isinstance(v, numbers.Real) and not isinstance(v, bool) else repr(v)
    if value == expected:
        return Check(True, _t(f"{what} is {shown(value)}", f"{what} 是 {shown(value)}"))
    return Check(
        False,
        _t(f"{what} is {shown(value)}, not {shown(expected)}", f"{what} 是 {shown(value)}，不是 {shown(expected)}"),
    )


def holds(condition, what: str) -> Check:
    """Any other condition: ``what`` says in words what was tested (it is the evidence the line shows)."""
    what = _what(what)
    if not isinstance(condition, (bool, np.bool_)):
        raise TypeError(f"condition must be a bool (True or False), got {describe(condition)}")
    return Check(bool(condition), what if condition else _t(f"not so: {what}", f"并非如此：{what}"))


def all_of(checks, what: str) -> Check:
    """Every check in ``checks`` holds ("in every seed"); the evidence names the ones that do not."""
    what, checks = _what(what), list(checks)
    if not checks or not all(isinstance(c, Check) for c in checks):
        raise TypeError(f"checks must be a non-empty list of checks (below(...), rounds_to(...), ...), got {checks!r}")
    failed = [c.evidence for c in checks if not c.holds]
    if not failed:
        return Check(True, _t(f"{what}: all {len(checks)} hold", f"{what}：{len(checks)} 项全部成立"))
    return Check(
        False,
        _t(f"{what}: {len(failed)} of {len(checks)} do not: ", f"{what}：{len(checks)} 项中有 {len(failed)} 项不成立：")
        + _t("; ", "；").join(failed),
    )


# ----------------------------------------------------------------------------- the claims cell


def _trained_here() -> bool:
    from .weights import trained_here  # weights imports data and config only; no cycle at import time

    return trained_here()


def _statements(n: int) -> str:
    return "The statement above" if n == 1 else f"The {n} statements above"


def _statements_zh(n: int) -> str:
    return "上面的陈述" if n == 1 else f"上面的 {n} 条陈述"


def claims(*, every_mode: bool = False, timing: bool = False, **checks) -> None:
    """Check the claims named by the markers of the paragraphs above; print one line (see the module).

    ``claims(name=check, ...)``: every keyword is a claim name (lower-case, as in the marker) and its value
    a :class:`Check`. Returns None, so the cell shows only its printed line.
    """
    if not checks:
        raise TypeError("claims needs at least one claim: claims(name=below(...), ...)")
    for name, check in checks.items():
        if not _NAME.match(name):
            raise ValueError(f"claim names are lower-case letters, digits and _, as in the marker, got {name!r}")
        if not isinstance(check, Check):
            raise TypeError(
                f"claim {name!r} must be a check such as below(...) or rounds_to(...), got {describe(check)}"
            )
    n = len(checks)
    if is_fast_mode() and not every_mode:
        print(
            wrap(
                _t(
                    f"Fast mode: its small, short-trained models are not the ones the text describes, so "
                    f"{_statements(n).lower()} {'is' if n == 1 else 'are'} not checked here (full mode checks them).",
                    f"快速模式：它的模型小、训练时间短，不是正文所描述的模型，所以这里不检查{_statements_zh(n)}"
                    f"（完整模式会检查）。",
                )
            )
        )
        return None
    failed = {name: c for name, c in checks.items() if not c.holds}
    if not failed:
        print(
            _t(
                f"\u2713 {_statements(n)} {'holds' if n == 1 else 'hold'} on this run.",
                f"\u2713 {_statements_zh(n)}{'在这次运行中成立' if n == 1 else '在这次运行中全部成立'}。",
            )
        )
        return None
    head = _t(
        f"{'The statement above does' if n == 1 else f'{len(failed)} of the {n} statements above do'} "
        f"not hold on this run:",
        f"{'上面的陈述' if n == 1 else f'上面的 {n} 条陈述中有 {len(failed)} 条'}在这次运行中不成立：",
    )
    lines = [head] + [_t(f"- {name}: {c.evidence}", f"- {name}：{c.evidence}") for name, c in failed.items()]
    if timing:
        lines.append(
            _t(
                "These are timings of this machine: another CPU, or a busy one, can order them differently.",
                "这些是本机的计时：换一个 CPU，或者 CPU 正忙时，它们的先后顺序可能不同。",
            )
        )
        print(wrap("\u2717 " + "\n".join(lines)))
        return None
    if _trained_here() and not is_fast_mode():  # in fast mode only every_mode claims get here: enforced
        lines.append(
            _t(
                "This run trained its own models (TRAIN = True), so its numbers differ from the run the "
                "text describes; the notebook goes on.",
                "这次运行训练了自己的模型（TRAIN = True），所以它的数字与正文描述的那次运行不同；笔记本会继续运行。",
            )
        )
        print(wrap("\u2717 " + "\n".join(lines)))
        return None
    raise ClaimError(wrap("\n".join(lines)))


# ----------------------------------------------------------------------------- reading them back


def markers_in(markdown: str) -> list[str]:
    """The claim names of every ``<!-- claims: ... -->`` marker in a markdown text, in order."""
    names = []
    for match in MARKER.finditer(markdown):
        names += [n for n in re.split(r"[\s,]+", match.group(1)) if n]
    return names


def _is_claims_call(func: ast.expr) -> bool:
    return (isinstance(func, ast.Name) and func.id == "claims") or (
        isinstance(func, ast.Attribute) and func.attr == "claims"
    )


def claims_calls(code: str) -> list[ast.Call]:
    """Every ``claims(...)`` (or ``lh.claims(...)``) call in a code cell's source."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _is_claims_call(n.func)]


def claim_names_in(code: str) -> list[str]:
    """The claim names a code cell checks: the keywords of its ``claims(...)`` calls, settings left out."""
    return [kw.arg for call in claims_calls(code) for kw in call.keywords if kw.arg and kw.arg not in SETTINGS]


def shown_numbers_in(code: str) -> dict[str, list[str]]:
    """For every claim of a code cell, the numbers its ``rounds_to(..., "0.71", ...)`` checks say the prose shows."""
    shown = {}
    for call in claims_calls(code):
        for kw in call.keywords:
            if not kw.arg or kw.arg in SETTINGS:
                continue
            found = []
            for node in ast.walk(kw.value):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "rounds_to"
                ):
                    args = node.args[1:2] + [k.value for k in node.keywords if k.arg == "shown"]
                    found += [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            shown[kw.arg] = found
    return shown


# ----------------------------------------------------------------------------- a notebook's markers and checks

_NUMBER = re.compile(r"(?<![\w.])[-\u2212+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])", re.I)
_CITATION_YEAR = re.compile(r"(19|20)\d\d[a-z]?\)|[A-Z][a-z]+,? (et al\.,? )?(19|20)\d\d|\((19|20)\d\d")
_NOT_PROSE = [
    re.compile(r"<!--.*?-->", re.S),  # the markers themselves
    re.compile(r"\$\$.*?\$\$", re.S),  # display maths: formulas, not results
    re.compile(r"\$[^$\n]+\$"),  # inline maths
    re.compile(r"`[^`\n]+`"),  # code: names and settings
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\b(notebooks?|sections?|cells?|exercises?|hints?|steps? \d+ and)\s+\d+(\.\d+)*", re.I),
    re.compile(r"^\s*#+\s*\d+(\.\d+)*\.?", re.M),  # section numbers in headings
]


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _key(raw: str) -> str:
    """A number as written, without what does not change it: a thousands comma, a leading +, a % sign."""
    return raw.replace("\u2212", "-").replace(",", "").lstrip("+").rstrip("%")


def prose_numbers(markdown: str) -> list[str]:
    """The numbers a paragraph states as results: maths, code, links, markers, section and notebook
    numbers, citation years and small whole numbers (-10 to 10) left out."""
    text = markdown
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        raw = m.group(0)
        value = float(raw.replace("\u2212", "-").replace(",", ""))
        if value.is_integer() and abs(value) <= 10 and "." not in raw:
            continue
        if 1900 <= value <= 2030 and _CITATION_YEAR.search(text[max(0, m.start() - 40) : m.end() + 8]):
            continue
        found.append(raw)
    return found


def _code_constants(cells: list[dict]) -> set[float]:
    """Every number written in the notebook's code (its settings: ``T = 200``, ``lh.pick(10, 200)``)."""
    constants = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse(_cell_source(cell))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool)
            ):
                constants.add(float(node.value))
    return constants


def notebook_problems(cells: list[dict], numbers: bool = True) -> list[str]:
    """What is wrong with a notebook's claims, as sentences (an empty list when nothing is).

    - every name in a marker is checked by the first ``claims(...)`` cell after the marked paragraph;
    - every checked name is named by a marker in a paragraph between the previous claims cell and it;
    - every name is used once (one marker, one check);
    - with ``numbers``: every number a marked paragraph states is a setting written in the code or is
      checked by a ``rounds_to`` of its claims cell ("A number in prose is a claim").
    """
    problems, marked, checked = [], {}, {}
    claim_cells = [i for i, c in enumerate(cells) if c.get("cell_type") == "code" and claims_calls(_cell_source(c))]
    constants = _code_constants(cells) if numbers else set()
    for i, cell in enumerate(cells):
        source = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            for name in markers_in(source):
                if name in marked:
                    problems.append(f"cell {i}: claim {name!r} is named again (first in cell {marked[name]})")
                marked.setdefault(name, i)
        elif i in claim_cells:
            for name in claim_names_in(source):
                if name in checked:
                    problems.append(f"cell {i}: claim {name!r} is checked again (first in cell {checked[name]})")
                checked.setdefault(name, i)
    for name, i in marked.items():
        following = [j for j in claim_cells if j > i]
        if not following:
            problems.append(f"cell {i}: claim {name!r} is named in a marker, but no claims cell follows")
        elif checked.get(name) != following[0]:
            where = f"cell {checked[name]}" if name in checked else "no cell"
            problems.append(
                f"cell {i}: claim {name!r} must be checked by the claims cell that follows it "
                f"(cell {following[0]}); {where} checks it"
            )
    for name, j in checked.items():
        earlier = [k for k in claim_cells if k < j]
        start = earlier[-1] if earlier else -1
        if not (name in marked and start < marked[name] < j):
            problems.append(
                f"cell {j}: claim {name!r} is checked, but no paragraph between cell {start + 1} "
                f"and it names it in a marker"
            )
    if numbers:
        for i, cell in enumerate(cells):
            if cell.get("cell_type") != "markdown" or not markers_in(_cell_source(cell)):
                continue
            following = [j for j in claim_cells if j > i]
            if not following:
                continue
            shown = {_key(s) for found in shown_numbers_in(_cell_source(cells[following[0]])).values() for s in found}
            for raw in prose_numbers(_cell_source(cell)):
                if _key(raw) not in shown and float(_key(raw)) not in constants:
                    problems.append(
                        f"cell {i}: the number {raw} is neither a setting written in the code nor "
                        f"checked by a rounds_to(..., {raw.lstrip('+')!r}, ...) in cell {following[0]}"
                    )
    return problems
