"""The notebook benchmark's table rendering and the README markers it writes between."""

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("notebook_times", ROOT / "benchmarks" / "notebook_times.py")
notebook_times = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebook_times)


def test_render_shows_times_and_figures():
    table = notebook_times.render(
        {
            "01_a.ipynb": {
                "title": "First",
                "fast_seconds": 12.3,
                "full_seconds": 301.0,
                "load_seconds": 21.4,
                "full_figures": {"lstm_mse": [0.0042, ""], "rnn_seconds": [95.2, "s"]},
            },
            "02_b.ipynb": {"title": "Second", "fast_seconds": 4.0},
        }
    )
    lines = table.splitlines()
    assert lines[0].startswith("| Notebook |")
    assert (
        "| [01_a.ipynb](notebooks/01_a.ipynb)<br>First | 12 s | 301 s | 21 s | lstm_mse = 0.0042; rnn_seconds = 95 s |"
        in lines
    )
    assert "| [02_b.ipynb](notebooks/02_b.ipynb)<br>Second | 4 s | – | – | – |" in lines


def test_each_mode_runs_the_kernel_with_its_switches():
    env = notebook_times.MODE_ENV
    assert env["fast"]["LSTM_FAST"] == "1"
    assert env["full"] == {"LSTM_FAST": "0", "LSTM_TRAIN": "1"}  # the committed run trains
    assert env["load"] == {"LSTM_FAST": "0", "LSTM_TRAIN": "0"}  # a learner's Run All loads


def test_weights_are_written_only_by_a_full_mode_training():
    import pytest

    with pytest.raises(SystemExit):
        notebook_times.main(["--mode", "load", "--write-weights"])


def test_title_is_the_first_markdown_heading():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("Intro\n## 01 · Vanishing gradients\ntext"),
    ]
    assert notebook_times.title_of(nb) == "01 · Vanishing gradients"


def test_readme_has_the_table_markers():
    text = (ROOT / "README.md").read_text()
    assert text.count(notebook_times.START) == 1 and text.count(notebook_times.END) == 1
    assert text.index(notebook_times.START) < text.index(notebook_times.END)


def test_figures_keep_the_order_the_notebook_reported_them():
    figures = {"test_accuracy": [99.1, "%"], "baseline": [0.5, ""], "a_train_seconds": [3.0, "s"]}
    table = notebook_times.render({"01_a.ipynb": {"title": "A", "full_figures": figures}})
    row = table.splitlines()[2]
    assert row.index("test_accuracy") < row.index("baseline") < row.index("a_train_seconds")
