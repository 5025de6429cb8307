"""Check functions for the notebooks' exercises: one module per notebook (``nb01``, ``nb02``, ...).

Every check returns a :class:`Feedback` that prints as a friendly verdict
(shown by Jupyter) and is truthy when the answer is right, so a notebook can
both show it and assert on it in the solution cells.
"""

from __future__ import annotations

from dataclasses import dataclass


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
            return f"Correct: {self.message}"
        return f"Not yet: {self.message}" + (f"\nHint: {self.hint}" if self.hint else "")

    def _repr_pretty_(self, printer, cycle):  # how IPython shows it as a cell's result
        printer.text(str(self))


def correct(message: str) -> Feedback:
    return Feedback(True, message)


def not_yet(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)
