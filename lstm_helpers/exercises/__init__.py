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
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass, replace

import numpy as np

from ..printing import wrap

STAGES = ("the idea", "the formula", "the code")


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``ok``, what was found, and a hint when it is not right yet.

    ``stage`` is the staged hint of :func:`staged` checks (``"Hint 2 of 3, the formula: ..."``);
    ``unanswered`` marks the reply to the placeholder ``None``.
    """

    ok: bool
    message: str
    hint: str = ""
    stage: str = ""
    unanswered: bool = False

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return wrap(f"Correct: {self.message}")
        lines = [wrap(f"Not yet: {self.message}")]
        if self.hint:
            lines.append(wrap(f"Hint: {self.hint}"))
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
    return Feedback(False, f"no answer yet: replace None with {what}.", hint=hint, unanswered=True)


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


def staged(*hints: str):
    """Decorate a check with its staged hints, one per wrong answer: the idea, then the formula, then the code.

    ``@staged("idea", "formula", "code")`` on ``def check_x(answer) -> Feedback``: the first wrong answer
    gets hint 1, the next hint 2, every later one the last. Right answers and the placeholder do not count.
    """
    if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
        raise TypeError("staged needs the hints as non-empty strings: the idea, the formula, the code")

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
            label = f", {STAGES[k]}" if len(hints) == len(STAGES) else ""
            return replace(feedback, stage=f"Hint {k + 1} of {len(hints)}{label}: {hints[k]}")

        run.hints = hints
        return run

    return decorate
