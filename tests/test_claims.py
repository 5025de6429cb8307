"""Claims: every result sentence of the prose is named in a marker and checked on the run (lstm_helpers.claims).

Three parts: the checks and their messages; where a claim is enforced (the committed run raises, a learner's
own training reports, fast mode skips); and the notebooks themselves: every marker has its check, every check
its marker, every number of a marked paragraph is checked, and the committed runs printed that all hold.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

from lstm_helpers import claims as C
from lstm_helpers import weights
from lstm_helpers.stats import Interval

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ZH_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
HOLD = "\u2713"


def cells_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


# ----------------------------------------------------------------------------- the checks


def test_below_and_above_read_a_number_or_a_whole_interval():
    assert C.below(0.05, 0.1, "MSE")
    fail = C.below(0.23, 0.1, "MSE")
    assert not fail and fail.evidence == "MSE = 0.23 is not below 0.1 (by 0.13)"
    iv = Interval(0.71, 0.688, 0.733)
    assert C.above(iv, 0.1, "ratio") and not C.below(iv, 0.7, "ratio")
    assert "its upper end is 0.033 above it" in C.below(iv, 0.7, "ratio").evidence
    assert "its lower end is 0.012 below it" in C.above(iv, 0.7, "ratio").evidence


def test_contains_says_on_which_side_and_how_far():
    assert C.contains(Interval(1.0005, 0.9923, 1.0057), 1.0, "LSTM / persistence")
    miss = C.contains(Interval(0.71, 0.688, 0.733), 1.0, "ratio")
    assert not miss and "does not contain 1 (it lies 0.267 below it)" in miss.evidence


@pytest.mark.parametrize(
    ("value", "shown", "scale", "ok"),
    [
        (0.7104, "0.71", 1, True),
        (0.7154, "0.71", 1, False),
        (-0.0869, "-0.087", 1, True),
        (-0.0869, "0.087", 1, False),  # the sign is part of the number
        (-0.0869, "\u22120.087", 1, True),  # a typographic minus
        (0.047, "+0.047", 1, True),
        (4513, "4,513", 1, True),
        (3.12e-4, "3.1e-4", 1, True),
        (3.12e-4, "3.2e-4", 1, False),
        (0.98, "98.0%", 100, True),
        (0.98, "98.0", 100, True),
        (-0.0004, "0.000", 1, True),  # -0.000 reads as 0.000
    ],
)
def test_rounds_to_compares_at_the_digits_the_prose_shows(value, shown, scale, ok):
    assert bool(C.rounds_to(value, shown, "x", scale=scale)) is ok


def test_rounds_to_says_what_the_value_rounds_to():
    assert C.rounds_to(0.7154, "0.71", "ratio").evidence == "ratio = 0.7154 rounds to 0.72, not 0.71 (off by 0.0054)"


def test_equals_holds_and_all_of():
    assert C.equals(6, 6, "the chosen order")
    assert C.equals("direct", "recursive", "the better forecast").evidence == (
        "the better forecast is 'direct', not 'recursive'"
    )
    assert C.holds(True, "every seed's interval lies below 0")
    assert C.holds(False, "x").evidence == "not so: x"
    both = C.all_of([C.below(-1.7, 0, "seed 0"), C.below(0.4, 0, "seed 1")], "in every seed")
    assert not both and "1 of 2 do not: seed 1 = 0.4 is not below 0" in both.evidence


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: C.below("0.1", 1, "x"), TypeError, "value must be a number, got a str '0.1'"),
        (lambda: C.below(float("nan"), 1, "x"), ValueError, "finite"),
        (lambda: C.rounds_to(0.5, "about half", "x"), ValueError, "as the prose writes it"),
        (lambda: C.contains(0.5, 1, "x"), TypeError, "must be an Interval"),
        (lambda: C.holds(1, "x"), TypeError, "must be a bool"),
        (lambda: C.below(1, 2, ""), ValueError, "what"),
        (lambda: C.between(1, 3, 2, "x"), ValueError, "low must be at most high"),
        (lambda: C.claims(), TypeError, "at least one claim"),
        (lambda: C.claims(a=True), TypeError, "must be a check such as below"),
        (lambda: C.claims(Bad=C.holds(True, "x")), ValueError, "lower-case"),
    ],
)
def test_bad_arguments_get_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ----------------------------------------------------------------------------- where they are enforced


@pytest.fixture
def full_mode(monkeypatch):
    monkeypatch.setenv("LSTM_FAST", "0")
    monkeypatch.setattr(weights, "_TRAINED_HERE", [])


def test_the_committed_run_prints_one_line_when_all_hold(full_mode, capsys):
    C.claims(a=C.below(1, 2, "one"), b=C.contains(Interval(1, 0, 2), 1, "iv"))
    assert capsys.readouterr().out == f"{HOLD} The 2 statements above hold on this run.\n"
    C.claims(a=C.below(1, 2, "one"))
    assert capsys.readouterr().out == f"{HOLD} The statement above holds on this run.\n"


def test_the_committed_run_raises_on_a_claim_that_does_not_hold(full_mode):
    with pytest.raises(C.ClaimError) as err:
        C.claims(ok=C.below(1, 2, "one"), rnn_clear=C.below(0.23, 0.1, "SimpleRNN's MSE ratio"))
    assert str(err.value) == (
        "1 of the 2 statements above do not hold on this run:\n- rnn_clear: SimpleRNN's MSE ratio = 0.23 is not "
        "below 0.1 (by 0.13)"
    )


def test_after_a_training_here_the_cell_reports_and_goes_on(full_mode, monkeypatch, capsys):
    monkeypatch.setattr(weights, "_TRAINED_HERE", ["01_lstm_32_chrono"])
    C.claims(rnn_clear=C.below(0.23, 0.1, "ratio"))
    out = capsys.readouterr().out
    assert out.startswith("\u2717 The statement above does not hold on this run:")
    assert "rnn_clear: ratio = 0.23 is not below 0.1" in out and "TRAIN = True" in out


def test_timing_claims_are_reported_never_raised(full_mode, capsys):
    C.claims(timing=True, numpy_faster=C.below(1.2, 1.0, "NumPy / Keras"))
    assert "timings of this machine" in capsys.readouterr().out


def test_fast_mode_checks_nothing_unless_the_claims_hold_in_every_mode(monkeypatch, capsys):
    monkeypatch.setenv("LSTM_FAST", "1")
    C.claims(a=C.below(3, 1, "x"), b=C.below(3, 1, "y"))
    assert capsys.readouterr().out.startswith("Fast mode: its small, short-trained models are not the ones")
    with pytest.raises(C.ClaimError):  # a fast-mode training does not excuse a claim that needs none
        monkeypatch.setattr(weights, "_TRAINED_HERE", ["something"])
        C.claims(every_mode=True, formula=C.below(3, 1, "x"))


def test_train_or_load_records_a_training_here(monkeypatch, tmp_path):
    monkeypatch.setattr(weights, "_TRAINED_HERE", [])
    monkeypatch.setenv("LSTM_WRITE_WEIGHTS", "0")
    weights.train_or_load("fixture", [], lambda: {"loss": [1.0]}, notebook="x.ipynb", settings={}, train=True)
    assert weights.trained_here()


def _fixture_notebook(tmp_path: Path, claim: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from lstm_helpers.claims import claims, below"),
        nbformat.v4.new_markdown_cell("Two is below one. <!-- claims: two_below_one -->"),
        nbformat.v4.new_code_cell(f"claims(two_below_one=below({claim}, 1, 'two'))"),
    ]
    path = tmp_path / "claims_fixture.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def notebook_times():
    spec = importlib.util.spec_from_file_location("notebook_times", ROOT / "benchmarks" / "notebook_times.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_load_mode_run_fails_when_a_claim_fails(tmp_path, notebook_times):
    """What tests/test_full_mode_loading.py runs for every notebook, on a fixture whose claim is false."""
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError, match="two_below_one: two = 2 is not below 1"):
        notebook_times.execute(_fixture_notebook(tmp_path, "2"), "load", inplace=False, timeout=120)
    _, _, nb = notebook_times.execute(_fixture_notebook(tmp_path, "0.5"), "load", inplace=False, timeout=120)
    assert nb.cells[2].outputs[0]["text"] == f"{HOLD} The statement above holds on this run.\n"


# ----------------------------------------------------------------------------- the notebooks


def _problems(cells, numbers=True):
    return C.notebook_problems(cells, numbers=numbers)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_marker_has_its_check_and_every_check_its_marker(path):
    assert _problems(cells_of(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_conclusions_are_claimed_prose(path):
    """Every notebook states results as claims, its summary included, and generates no verdict prose."""
    cells = cells_of(path)
    assert any(C.claims_calls(source(c)) for c in cells if c["cell_type"] == "code"), "no claims cell"
    summary = [c for c in cells if c["cell_type"] == "markdown" and source(c).lstrip().startswith("## Summary")]
    assert summary and C.markers_in(source(summary[0])), "the summary states results: mark them as claims"
    for i, cell in enumerate(cells):
        code = source(cell) if cell["cell_type"] == "code" else ""
        assert "verdict(" not in code, f"cell {i} generates a verdict in code: write it as prose with claims"
        if "Markdown(" in code:
            assert "Markdown(f" not in code.replace(" ", ""), f"cell {i} builds prose with an f-string"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_committed_run_printed_that_every_claim_holds(path):
    for i, cell in enumerate(cells_of(path)):
        if cell["cell_type"] != "code" or not C.claims_calls(source(cell)):
            continue
        printed = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        assert printed.startswith(HOLD), f"cell {i}: the committed run printed {printed!r}"


@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=lambda p: p.name)
def test_the_chinese_edition_keeps_every_marker(path):
    english = cells_of(ROOT / "notebooks" / path.name)
    chinese = cells_of(path)
    assert [C.markers_in(source(c)) for c in chinese] == [C.markers_in(source(c)) for c in english]
    assert _problems(chinese, numbers=False) == []


# Each way a notebook can lose a check, shown on a real notebook's cells (copied, never changed on disk).


def _first_marked(cells):
    return next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and C.markers_in(source(c)))


def _claims_cell_after(cells, i):
    return next(
        j for j in range(i + 1, len(cells)) if cells[j]["cell_type"] == "code" and C.claims_calls(source(cells[j]))
    )


@pytest.fixture
def real_cells():
    cells = copy.deepcopy(cells_of(ROOT / "notebooks" / "02_lstm_gates_by_hand.ipynb"))
    assert _problems(cells) == []
    return cells


def test_a_removed_marker_is_found(real_cells):
    i = _first_marked(real_cells)
    real_cells[i]["source"] = C.MARKER.sub("", source(real_cells[i]))
    assert any("no paragraph" in p for p in _problems(real_cells))


def test_a_check_that_lost_its_marker_name_is_found(real_cells):
    i = _first_marked(real_cells)
    j = _claims_cell_after(real_cells, i)
    name = C.claim_names_in(source(real_cells[j]))[0]
    real_cells[j]["source"] = source(real_cells[j]).replace(f"{name}=", f"{name}_renamed=", 1)
    problems = _problems(real_cells)
    assert any(f"{name!r} must be checked" in p for p in problems)
    assert any(f"{name + '_renamed'!r} is checked, but no paragraph" in p for p in problems)


def test_a_number_without_its_check_is_found(real_cells):
    i = _first_marked(real_cells)
    real_cells[i]["source"] = source(real_cells[i]) + "\n\nIt reached 0.4321 of the baseline."
    assert any("the number 0.4321" in p for p in _problems(real_cells))


def test_prose_numbers_leave_out_maths_code_markers_and_references():
    text = "Notebook 03, section 6: $x = 0.5$, `T = 200`, Le (2015), 98.0% of 4,000 and 7 of them. <!-- claims: a1 -->"
    assert C.prose_numbers(text) == ["98.0", "4,000"]
