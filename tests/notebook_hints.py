"""Shared by the exercise tests: the staged hints under a notebook's exercises, and a test of a check's staging.

The notebooks are read as JSON, never run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lstm_helpers import exercises

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
_HINT = re.compile(r"<summary>Hint (\d): [^<]*</summary>(.*?)(?=<details>|</details>)", re.S)
_CHECK = re.compile(r"\bnb0\d\.(check_\w+)\(")
LABELS = ("Hint 1 of 3, the idea", "Hint 2 of 3, the formula", "Hint 3 of 3, the code")


def notebook_exercises(name: str) -> list[tuple[dict[int, str], list[str]]]:
    """``(hints, checks)`` of every exercise of notebook ``name``, in order.

    ``hints`` maps 1, 2, 3 to the text of the exercise's nested hints (its markdown cell); ``checks`` names the
    checks its answer cells call (the code cells up to the next exercise).
    """
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    found: list[tuple[dict[int, str], list[str]]] = []
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "<summary>Hint 1" in text:
            found.append(({int(n): body.strip() for n, body in _HINT.findall(text)}, []))
        elif cell["cell_type"] == "code" and found:
            found[-1][1].extend(_CHECK.findall(text))
    return found


def code_spans(markdown: str) -> list[str]:
    """The inline code spans of a hint, whitespace collapsed."""
    return [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", markdown)]


def assert_code_hint_agrees(check, notebook_hint: str) -> None:
    """Every code span of the notebook's Hint 3 appears in the check's third stage."""
    staged = " ".join(check.hints[2].split())
    missing = [span for span in code_spans(notebook_hint) if span not in staged]
    assert not missing, f"{check.__name__}: the notebook's code {missing} is not in its stage 3: {staged}"


def assert_staged(monkeypatch, check, wrong, right, placeholder, **kwargs) -> None:
    """Wrong answers get hints 1, 2, 3, then 3 again; right answers and the placeholder get none and do not count.

    ``wrong`` holds three tuples of arguments (wrong answers), ``right`` and ``placeholder`` one tuple each;
    ``kwargs`` go to every call.
    """
    monkeypatch.setattr(exercises, "_ATTEMPTS", {})  # module state: the count of wrong answers per check
    order = [placeholder, wrong[0], right, wrong[1], placeholder, right, wrong[2], wrong[0]]
    feedback = [check(*args, **kwargs) for args in order]
    stages = [fb.stage for fb in feedback]
    assert [s.split(":")[0] for s in stages] == ["", LABELS[0], "", LABELS[1], "", "", LABELS[2], LABELS[2]], stages
    assert feedback[0].unanswered and feedback[4].unanswered and feedback[2] and feedback[5]
    for k, stage in zip((0, 1, 2), (stages[1], stages[3], stages[6])):
        assert stage.endswith(check.hints[k]), (k, stage)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def assert_hints_agree(check, notebook_hints: dict[int, str], code: bool = True) -> None:
    """The check's stages say what the notebook's hints say: the idea and the formula in the notebook's words
    (at least 80% of their words of four letters or more are the notebook's), the idea without a formula, and the
    code holding the notebook's code spans (``code=False`` where the notebook's Hint 3 is another check's)."""
    for k in (1, 2):
        mine, theirs = _words(check.hints[k - 1]), _words(notebook_hints[k])
        assert len(mine & theirs) >= 0.8 * len(mine), (check.__name__, k, sorted(mine - theirs))
    assert "=" not in check.hints[0] and "np." not in check.hints[0], check.hints[0]
    if code:
        assert_code_hint_agrees(check, notebook_hints[3])
