"""What a reader sees: every committed notebook was saved from one clean, in-order, full-mode run."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/[a-z])")


def _code_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_notebooks_are_numbered_in_reading_order():
    all_notebooks = sorted(p.name for p in NOTEBOOKS[0].parent.glob("*.ipynb")) if NOTEBOOKS else []
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", name) for name in all_notebooks), all_notebooks
    numbers = [int(name[:2]) for name in all_notebooks]
    assert len(set(numbers)) == len(numbers), f"two notebooks share a number: {all_notebooks}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_from_one_in_order_run_without_errors(path):
    cells = _code_cells(path)
    counts = [c.get("execution_count") for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"execution counts {counts}: re-run with `make notebooks`"
    for i, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"code cell {i} saved with an error: {out.get('ename')}"
            assert not MACHINE_PATH.search(json.dumps(out)), f"code cell {i} output shows a machine path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_in_full_mode_with_the_setup_cell_first(path):
    first = _code_cells(path)[0]
    source = "".join(first["source"])
    assert source.startswith("# Setup"), "the first code cell must be the series' Setup cell"
    printed = "".join("".join(o.get("text", "")) for o in first.get("outputs", []))
    assert "FULL mode" in printed, "saved outputs must come from a full-mode run (`make notebooks`)"


def test_every_notebook_starts_with_the_same_setup_cell():
    setups = {path.name: "".join(_code_cells(path)[0]["source"]) for path in NOTEBOOKS}
    first = setups[NOTEBOOKS[0].name]
    assert "TRAIN = lh.is_training()" in first and "lh.mode_banner(TRAIN)" in first
    assert all(source == first for source in setups.values()), [n for n, s in setups.items() if s != first]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_come_from_a_training_run(path):
    """`make notebooks` trains (LSTM_TRAIN=1): the committed notebooks show real training, the weights its result."""
    printed = "".join("".join(o.get("text", "")) for o in _code_cells(path)[0].get("outputs", []))
    assert "trains from scratch" in printed, printed
