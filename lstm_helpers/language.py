"""The language the package speaks to a learner: English, or Chinese in the Chinese edition.

The two editions share their code cells, so a notebook never chooses its language. It is, in order:

1. the environment variable ``LSTM_LANGUAGE`` (``"en"`` or ``"zh"``), which ``make lab-zh`` sets;
2. else the file ``.lstm-language`` in the kernel's working folder or the nearest folder above it that
   has one (``notebooks/zh/.lstm-language`` holds ``zh``): JupyterLab and nbval start a notebook's kernel
   in the notebook's own folder, so a notebook opened from ``notebooks/zh/`` speaks Chinese;
3. else English.

Every sentence the package prints for a learner (exercise feedback, claims, explorer labels) is written
in both languages where it is made, with :func:`text`::

    text("Correct: {what}", "正确：{what}").format(what=...)
"""

from __future__ import annotations

import os
from pathlib import Path

LANGUAGES = ("en", "zh")
ENV = "LSTM_LANGUAGE"
MARKER = ".lstm-language"


def _checked(value: str, where: str) -> str:
    language = value.strip().lower()
    if language not in LANGUAGES:
        raise ValueError(f"{where} must say one of {', '.join(map(repr, LANGUAGES))}, got {value.strip()!r}")
    return language


def current() -> str:
    """The learner's language now: ``"en"`` or ``"zh"`` (read afresh each call: cheap, and never stale)."""
    if os.environ.get(ENV, "").strip():
        return _checked(os.environ[ENV], f"the environment variable {ENV}")
    here = Path.cwd()
    for folder in (here, *here.parents):
        marker = folder / MARKER
        if marker.is_file():
            return _checked(marker.read_text(encoding="utf-8"), str(marker))
    return "en"


def text(en: str, zh: str) -> str:
    """``zh`` in the Chinese edition, else ``en``: one sentence, written once in each language."""
    if not isinstance(en, str) or not isinstance(zh, str):
        raise TypeError(f"text needs two strings (English, Chinese), got {type(en).__name__} and {type(zh).__name__}")
    return zh if current() == "zh" else en
