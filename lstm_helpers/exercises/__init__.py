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
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from ..printing import wrap


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``ok``, what was found, and a hint when it is not right yet."""

    ok: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return wrap(f"Correct: {self.message}")
        return wrap(f"Not yet: {self.message}") + (f"\n{wrap(f'Hint: {self.hint}')}" if self.hint else "")

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
    """The reply to an exercise still holding its placeholder ``None``: say what to put there, with a hint."""
    return not_yet(f"no answer yet: replace None with {what}.", hint=hint)
