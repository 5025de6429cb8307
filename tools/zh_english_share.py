"""How much of what a learner reads in the Chinese edition is still English: one share per notebook.

What counts as read: every markdown cell, and the text a code cell shows (printed lines, a result's plain text
or markdown, a static widget view's HTML with its tags removed). What does not count, as the edition's goal
says: code, the training logs (Keras's epoch lines and progress bars, the package's time estimates), the
Shakespeare text the language model reads and writes (the lines under a ``--- ... ---`` sample header), figures
(images and SVG, whose labels may stay English), and warnings on stderr.

A line is *English* when it holds at least two English words (three letters or more) and no Chinese character;
a line with neither (numbers, symbols, a table of figures) is not counted either way. In markdown, maths,
code spans, fenced code, HTML comments (the claim markers) and link targets are removed first, so
``$W_x$`` or ``lstm_forward`` does not make a Chinese sentence English. The share is English lines over all
counted lines, separately for markdown and for outputs, and for both together.

    python tools/zh_english_share.py              # the table for notebooks/zh/
    python tools/zh_english_share.py FILE...      # the same for the named notebooks
"""

from __future__ import annotations

import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZH_DIR = ROOT / "notebooks" / "zh"

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"(?<![A-Za-z_])[A-Za-z]{3,}(?![A-Za-z_\d])")
TRAINING_LOG = re.compile(
    r"^\s*(Epoch \d+/\d+|\d+/\d+\s+\S*[━═]|.*\bstep - loss\b|.*━|Estimated: .* per epoch|Estimate:|预计)"
)
SAMPLE_HEADER = re.compile(r"^--- .* ---\s*$")

_MARKDOWN_DROPS = [
    re.compile(r"<!--.*?-->", re.S),  # claim markers and other comments
    re.compile(r"```.*?```", re.S),  # fenced code
    re.compile(r"\$\$.*?\$\$", re.S),  # display maths
    re.compile(r"(?<!\\)\$[^$\n]+\$"),  # inline maths
    re.compile(r"`[^`\n]+`"),  # code spans
    re.compile(r"\]\([^)]*\)"),  # a link's target (its text stays)
    re.compile(r"https?://\S+"),
    re.compile(r"<[^>]+>"),  # HTML tags
]


@dataclass
class Share:
    english: int
    counted: int

    @property
    def value(self) -> float:
        return self.english / self.counted if self.counted else 0.0


def is_english(line: str) -> bool | None:
    """True for an English line, False for a Chinese one, None for a line that is neither (numbers, symbols)."""
    if CJK.search(line):
        return False
    if len(WORD.findall(line)) >= 2:
        return True
    return None


def markdown_lines(text: str) -> list[str]:
    for pattern in _MARKDOWN_DROPS:
        text = pattern.sub(" ", text)
    return [line for line in html.unescape(text).splitlines() if line.strip()]


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_lines(output: dict) -> list[str]:
    """The lines a learner reads in one saved output, without training logs and sample text."""
    if output.get("output_type") == "stream":
        if output.get("name") != "stdout":
            return []
        text = _text(output.get("text", ""))
    elif output.get("output_type") in ("execute_result", "display_data"):
        data = output.get("data", {})
        if "text/markdown" in data:
            text = _text(data["text/markdown"])
        elif "text/html" in data:
            text = re.sub(r"<svg.*?</svg>", " ", _text(data["text/html"]), flags=re.S)
            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        elif any(key.startswith("image/") for key in data):
            return []
        else:
            text = _text(data.get("text/plain", ""))
    else:  # errors
        return []
    lines, in_sample = [], False
    for line in text.splitlines():
        if SAMPLE_HEADER.match(line):
            in_sample = True
            lines.append(line)
            continue
        if in_sample or TRAINING_LOG.match(line) or not line.strip():
            continue
        lines.append(line)
    return lines


def notebook_share(nb: dict) -> dict[str, Share]:
    counts = {"markdown": Share(0, 0), "outputs": Share(0, 0)}
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            kind, lines = "markdown", markdown_lines(_text(cell["source"]))
        elif cell["cell_type"] == "code":
            kind = "outputs"
            lines = [line for output in cell.get("outputs", []) for line in output_lines(output)]
        else:
            continue
        for line in lines:
            verdict = is_english(line)
            if verdict is None:
                continue
            counts[kind].counted += 1
            counts[kind].english += verdict
    counts["all"] = Share(
        counts["markdown"].english + counts["outputs"].english, counts["markdown"].counted + counts["outputs"].counted
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])] or sorted(ZH_DIR.glob("[0-9][0-9]_*.ipynb"))
    print(f"{'notebook':<36} {'markdown':>9} {'outputs':>9} {'all':>9}  (English lines / counted lines)")
    for path in paths:
        share = notebook_share(json.loads(path.read_text(encoding="utf-8")))
        cols = " ".join(f"{share[k].value:>8.1%} " for k in ("markdown", "outputs", "all"))
        print(f"{path.name:<36} {cols} {share['all'].english}/{share['all'].counted}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
