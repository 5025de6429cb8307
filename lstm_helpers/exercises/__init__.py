"""Check functions for the notebooks' exercises: one module per notebook (``nb01``, ``nb02``, ...).

Every check returns a :class:`Feedback` that prints as a friendly verdict
(shown by Jupyter) and is truthy when the answer is right, so a notebook can
both show it and assert on it in the solution cells.

One convention for every check:

- An unanswered exercise (the placeholder ``None``) gets :func:`no_answer`:
  ``Not yet: no answer yet: replace None with <what>.`` and a hint.
- A numeric answer is read with :func:`as_number` (a real number or a
  one-element array, finite; never a bool or a string); a count with
  :func:`as_whole_number`, which also accepts a whole float such as
  ``180.0`` (what ``4 * (D + H + 1) * H / 1`` gives) and refuses ``180.5``.
- No check raises on a learner's answer.
- Hints come in stages, as they do under the exercises: a check decorated
  with :func:`staged` gives, with each wrong answer to the same exercise,
  the next of its hints (the idea, then the formula, then the code). The
  count is kept per exercise in the kernel; the check's own message says
  what is wrong with this answer.
- Numbers a check quotes are written as a person writes them (:func:`show`),
  never as ``np.float64(2.08...)``.
- Every sentence is written in English and Chinese side by side, ``_t(en, zh)``
  (:func:`lstm_helpers.language.text`), and a staged hint as an ``(en, zh)`` pair
  (or :func:`code`, the same in both languages). The language is decided when a
  check runs: its message, its :class:`Feedback`'s prefixes (``Correct:`` or
  ``正确：``) and its staged hint are all in the language of that moment
  (``Feedback.lang``), so one verdict never mixes the two.
"""

from __future__ import annotations

import functools
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from .. import language
from ..printing import wrap

STAGES = ("the idea", "the formula", "the code")
STAGES_ZH = ("思路", "公式", "代码")
#: What a verdict starts with, in each language: right, not right yet, the hint.
PREFIXES = {
    "en": ("Correct: ", "Not yet: ", "Hint: "),
    "zh": ("正确：", "还不对：", "提示："),
}


def _t(en: str, zh: str) -> str:
    """One sentence of a check, in English and in Chinese: the one of the learner's language now."""
    return language.text(en, zh)


def code(snippet: str) -> tuple[str, str]:
    """A staged hint that is code only (names, expressions): the same text in both languages."""
    return (snippet, snippet)


class Texts(Mapping):
    """A constant of sentences a learner reads (the statements of a multiple-choice question): every value an
    ``(en, zh)`` pair, read in the learner's language when it is looked up, so ``T_CHOICES["b"]`` and
    ``T_CHOICES.items()`` speak the language of the moment."""

    def __init__(self, pairs: dict[str, tuple[str, str]]):
        if not all(isinstance(p, tuple) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in pairs.values()):
            raise TypeError("Texts needs (English, Chinese) pairs of strings")
        self._pairs = dict(pairs)

    def __getitem__(self, key: str) -> str:
        return _t(*self._pairs[key])

    def __iter__(self):
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __repr__(self) -> str:
        return repr(dict(self))


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``ok``, what was found, and a hint when it is not right yet.

    ``stage`` is the staged hint of :func:`staged` checks (``"Hint 2 of 3, the formula: ..."``);
    ``unanswered`` marks the reply to the placeholder ``None``; ``lang`` is the learner's language when the
    check ran (``"en"`` or ``"zh"``), the language of its message, and so of the prefixes it prints with.
    """

    ok: bool
    message: str
    hint: str = ""
    stage: str = ""
    unanswered: bool = False
    lang: str = field(default_factory=language.current)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        right, not_right, hint = PREFIXES.get(self.lang, PREFIXES["en"])
        if self.ok:
            return wrap(f"{right}{self.message}")
        lines = [wrap(f"{not_right}{self.message}")]
        if self.hint:
            lines.append(wrap(f"{hint}{self.hint}"))
        if self.stage:
            lines.append(wrap(self.stage))
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):  # how IPython shows it as a cell's result
        printer.text(str(self))


def correct(message: str) -> Feedback:
    return Feedback(True, message)


def not_yet(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


def as_number(value):
    """``value`` as a finite float (a real number or a one-element array), or ``None`` if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def as_whole_number(value):
    """``value`` as an ``int`` when it is a whole number (``180``, ``180.0``, ``np.array([180])``), else ``None``."""
    number = as_number(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def no_answer(what: str, hint: str) -> Feedback:
    """The reply to an exercise still holding its placeholder ``None``: say what to put there, with a hint.

    The hint is the exercise's first idea, never its formula: the placeholder's output is on the page
    before the learner has tried anything.
    """
    message = _t(f"no answer yet: replace None with {what}.", f"尚未作答，请把 None 换成{_spaced(what)}。")
    return Feedback(False, message, hint=hint, unanswered=True)


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _spaced(words: str) -> str:
    """``words`` to follow a Chinese character: a space first when they start with a Latin letter or a digit
    (d2l-zh's spacing); a Chinese start, or a quote or bracket, needs none."""
    return words if not words or _CJK.match(words) or not words[0].isalnum() else f" {words}"


def show(value) -> str:
    """A number as a person writes it in a message: ``2.082``, ``1.6e-06``, ``180``; anything else as ``repr``."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        return f"{v:.4g}" if v == 0 or 1e-3 <= abs(v) < 1e5 else f"{v:.3g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, threshold=8)
    return repr(value)


_ATTEMPTS: dict[str, int] = {}


def staged(*hints: tuple[str, str]):
    """Decorate a check with its staged hints, one per wrong answer: the idea, then the formula, then the code.

    ``@staged((idea, 思路), (formula, 公式), code("x = ..."))`` on ``def check_x(answer) -> Feedback``: every
    hint an ``(en, zh)`` pair (:func:`code` for one that is code only). The first wrong answer gets hint 1,
    the next hint 2, every later one the last, in the language of the check's message. Right answers and the
    placeholder do not count. ``check.hints`` holds the English hints, ``check.hints_zh`` the Chinese.
    """
    if not hints or not all(
        isinstance(h, tuple) and len(h) == 2 and all(isinstance(s, str) and s.strip() for s in h) for h in hints
    ):
        raise TypeError(
            "staged needs the hints as (English, Chinese) pairs of non-empty strings: the idea, the formula, "
            "the code (code(...) for a hint that is code only)"
        )
    by_language = {"en": tuple(h[0] for h in hints), "zh": tuple(h[1] for h in hints)}

    def decorate(check):
        key = f"{check.__module__}.{check.__qualname__}"

        @functools.wraps(check)
        def run(*args, **kwargs) -> Feedback:
            feedback = check(*args, **kwargs)
            if feedback.ok or feedback.unanswered:
                return feedback
            n = _ATTEMPTS.get(key, 0)
            _ATTEMPTS[key] = n + 1
            k = min(n, len(hints) - 1)
            if feedback.lang == "zh":
                label = f"（{STAGES_ZH[k]}）" if len(hints) == len(STAGES) else ""
                stage = f"提示 {k + 1}/{len(hints)}{label}：{by_language['zh'][k]}"
            else:
                label = f", {STAGES[k]}" if len(hints) == len(STAGES) else ""
                stage = f"Hint {k + 1} of {len(hints)}{label}: {by_language['en'][k]}"
            return replace(feedback, stage=stage)

        run.hints = by_language["en"]
        run.hints_zh = by_language["zh"]
        return run

    return decorate
