"""What a learner's *Run All* does by default: full mode on the committed weights, top to bottom.

Every notebook is executed in full mode with the default switch
(``LSTM_TRAIN`` unset: load, do not train), in a fresh kernel, offline like
every notebook under the tests. It must run without an error (a claim of the
prose that does not hold raises, see lstm_helpers.claims), say that it loaded
the committed weights when it has any, and report the same headline figures as the
committed full-mode run that trained them (``benchmarks/results.json``,
written by ``make notebooks``): this time computed by Keras, from the loaded
weights, in the notebook itself. Nothing may go to stderr (the red box a
learner would take for an error) unless the notebook explains it. Not compared: training times (a loaded
notebook reports the time of the run that made the weights), speed ratios
(``numpy_over_keras``: timings of this run) and float32 rounding
differences between two implementations (``*_max_abs_diff_*``), which
depend on the machine, not on the weights.

Tolerances: figures are compared to 1e-4 relative (0.02 points for
percentages: one image in 10,000 is 0.01), since another CPU may round an
argmax near a tie or a float32 sum differently.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TRAINING = sorted(
    {entry["notebook"] for entry in json.loads((ROOT / "weights" / "manifest.json").read_text())["files"].values()}
)
ALL = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
NOT_COMPARED = re.compile(r"_seconds$|_over_|_max_(abs|rel)_diff")
# stderr lines a notebook explains in its text, by notebook (none today): a warning is explained before it is listed
EXPECTED_STDERR: dict[str, tuple[str, ...]] = {}
COMMITTED = json.loads((ROOT / "benchmarks" / "results.json").read_text())["notebooks"]

# The benchmark harness runs a notebook in a mode (the kernel's environment, the report file): the same here.
_spec = importlib.util.spec_from_file_location("notebook_times", ROOT / "benchmarks" / "notebook_times.py")
notebook_times = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notebook_times)


def unexplained_stderr(cells, expected=()) -> list[str]:
    """The non-blank stderr lines of executed ``cells`` that contain none of the ``expected`` texts."""
    lines = []
    for cell in cells:
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr":
                text = out.get("text", "")
                text = "".join(text) if isinstance(text, list) else text
                lines += [line for line in text.splitlines() if line.strip() and not any(e in line for e in expected)]
    return lines


def test_stderr_lines_are_found_unless_the_notebook_expects_them():
    cells = [
        {"outputs": [{"name": "stdout", "text": "fine\n"}]},
        {"outputs": [{"name": "stderr", "text": ["UserWarning: Skipping variable loading\n", "\n"]}]},
        {"cell_type": "markdown"},
    ]
    assert unexplained_stderr(cells) == ["UserWarning: Skipping variable loading"]
    assert unexplained_stderr(cells, ("Skipping variable loading",)) == []
    assert unexplained_stderr(cells[:1]) == []


@pytest.mark.parametrize("name", ALL)
def test_full_mode_runs_top_to_bottom_on_the_committed_weights(name):
    # raises CellExecutionError on any error
    seconds, figures, nb = notebook_times.execute(NOTEBOOKS / name, "load", inplace=False, timeout=600)

    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("text") or out.get("data", {}).get("text/plain", "")
            texts.append("".join(text) if isinstance(text, list) else text)
    printed = "\n".join(texts)
    # what a learner's default Run All shows in a red box: nothing the notebook does not explain
    warnings = unexplained_stderr(nb.cells, EXPECTED_STDERR.get(name, ()))
    assert not warnings, f"{name}: stderr in the default run that the notebook does not explain: {warnings[:5]}"
    assert "FULL mode, TRAIN = False: a training cell, if any, loads the committed trained weights" in printed
    if name in TRAINING:
        assert "loaded the committed weights" in printed or "committed weights (weights/" in printed
    assert "Epoch 1/" not in printed, "a long fit ran although the weights were there to load"

    committed = COMMITTED[name]["full_figures"]
    compared = [key for key in committed if not NOT_COMPARED.search(key)]
    assert compared, f"{name}: the committed run reported no figures"
    for key in compared:
        value, unit = committed[key]
        assert key in figures, f"{name}: {key} was not reported when loading"
        tolerance = pytest.approx(value, abs=0.02) if unit == "%" else pytest.approx(value, rel=1e-4, abs=1e-12)
        assert figures[key][0] == tolerance, (key, figures[key][0], value)
    print(f"{name}: {seconds:.0f} s in full mode with the committed weights")
