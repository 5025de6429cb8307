"""Printed sentences that read well in every render of a notebook.

JupyterLab's output area and a static HTML render (nbconvert, GitHub) break
a line that is too long for the page *inside* a word. The series keeps every
printed line within :data:`LINE_WIDTH` characters, which an output area
shows unbroken at notebook width; :func:`say` prints a generated sentence
wrapped at words to that width (``tests/test_static_render.py`` checks the
saved notebooks).
"""

from __future__ import annotations

import textwrap

#: The widest printed line the series allows (what the output area shows at 800 px).
LINE_WIDTH = 100


def wrap(text: str, width: int = LINE_WIDTH) -> str:
    """Each line of ``text`` wrapped at words to ``width`` characters, continuation lines indented by two."""
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
        if len(line) > width
        else line
        for line in str(text).split("\n")
    )


def say(*parts, sep: str = " ") -> None:
    """Print ``parts`` joined by ``sep`` like ``print``, wrapped at words to :data:`LINE_WIDTH`."""
    print(wrap(sep.join(str(p) for p in parts)))
