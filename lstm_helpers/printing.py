"""Printed sentences that read well in every render of a notebook.

JupyterLab's output area and a static HTML render (nbconvert, GitHub) break
a line that is too long for the page *inside* a word. The series keeps every
printed line within :data:`LINE_WIDTH` columns, which an output area
shows unbroken at notebook width; :func:`say` prints a generated sentence
wrapped at words to that width (``tests/test_static_render.py`` checks the
saved notebooks).

Chinese text (the Chinese edition's messages) is measured in columns: a
Chinese character, or a full-width punctuation mark, takes two, as a
monospaced output area shows it. It has no spaces, so a line may break
between any two Chinese characters, though never before a closing mark
(``，。：）``) nor after an opening one (``（“``); Latin words and numbers
inside it are kept whole, as in English.
"""

from __future__ import annotations

import textwrap
import unicodedata

#: The widest printed line the series allows (what the output area shows at 800 px).
LINE_WIDTH = 100

_NO_LINE_START = set("，。、：；！？）》」』】〉〕”’…·%,.;:!?)]}")  # marks that close: never first on a line
_NO_LINE_END = set("（《「『【〈〔“‘([{")  # marks that open: never last on a line


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def columns(text: str) -> int:
    """The columns ``text`` takes in a monospaced output area: two for a Chinese (wide) character, else one."""
    return sum(2 if _is_wide(c) else 1 for c in text)


def _pieces(line: str) -> list[str]:
    """A line in the pieces it may break between: runs of spaces, single wide characters, Latin words."""
    pieces, word = [], ""
    for char in line:
        if char.isspace() or _is_wide(char):
            if word:
                pieces.append(word)
                word = ""
            if char.isspace() and pieces and pieces[-1].isspace():
                pieces[-1] += char
            else:
                pieces.append(char)
        else:
            word += char
    return pieces + [word] if word else pieces


def _wrap_wide(line: str, width: int, indent: str = "  ") -> list[str]:
    """A line holding wide characters, wrapped greedily by columns (see the module)."""
    done: list[str] = []
    prefix, current = "", []  # the line being filled: its indent, and its pieces

    def used() -> int:
        return columns(prefix) + sum(columns(p) for p in current)

    for piece in _pieces(line):
        if piece.isspace():
            if current or not done:  # spaces inside a line (or leading the first one) stay
                current.append(piece)
            continue
        if not current or (current[-1].isspace() and len(current) == 1 and not done):
            current.append(piece)
            continue
        if used() + columns(piece) <= width:
            current.append(piece)
            continue
        spaced = current[-1].isspace()
        while current and current[-1].isspace():
            current.pop()
        carried: list[str] = []
        if piece[0] in _NO_LINE_START and not spaced:  # a closing mark keeps its word (and the marks before it)
            while len(current) > 1 and (not carried or carried[0][0] in _NO_LINE_START):
                carried.insert(0, current.pop())
        while len(current) > 1 and current[-1][-1] in _NO_LINE_END:  # an opening mark goes with what it opens
            carried.insert(0, current.pop())
        done.append(prefix + "".join(current).rstrip())
        prefix, current = indent, [*carried, piece]
    done.append(prefix + "".join(current).rstrip())
    return done


def wrap(text: str, width: int = LINE_WIDTH) -> str:
    """Each line of ``text`` wrapped at words to ``width`` columns, continuation lines indented by two.

    A line with Chinese characters is measured in columns (two per Chinese character) and may also break
    between two Chinese characters; a line without any is wrapped by :func:`textwrap.fill`, at spaces only.
    """
    out = []
    for line in str(text).split("\n"):
        if any(_is_wide(c) for c in line):
            out.append("\n".join(_wrap_wide(line, width)) if columns(line) > width else line)
        elif len(line) > width:
            out.append(
                textwrap.fill(line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
            )
        else:
            out.append(line)
    return "\n".join(out)


def say(*parts, sep: str = " ") -> None:
    """Print ``parts`` joined by ``sep`` like ``print``, wrapped at words to :data:`LINE_WIDTH`."""
    print(wrap(sep.join(str(p) for p in parts)))
