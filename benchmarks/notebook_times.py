"""Execute the notebooks, time them, collect their key figures and write the README table.

    python benchmarks/notebook_times.py --mode fast              # time every notebook in fast mode
    python benchmarks/notebook_times.py --mode full --inplace --write-weights
                                        # `make notebooks`: re-execute in full mode, training from scratch,
                                        # save the outputs and the trained weights together, time them
    python benchmarks/notebook_times.py --mode load              # full mode with the committed weights
                                                                 # (what a learner's Run All does)
    python benchmarks/notebook_times.py --mode full --only 04    # one notebook

Modes: ``fast`` (``LSTM_FAST=1``), ``full`` (full mode, training from scratch:
``LSTM_TRAIN=1``) and ``load`` (full mode as a learner gets it: the committed
weights are loaded). ``--write-weights`` (full mode only) sets
``LSTM_WRITE_WEIGHTS=1``, so every training also rewrites its file in
``weights/`` and the manifest.

Notebooks report their headline numbers with ``lstm_helpers.report(key, value,
unit)``; this script points ``LSTM_REPORT_FILE`` at a temporary file for each
run and reads it back, so nothing is scraped from printed text. Results
accumulate in ``benchmarks/results.json`` (a run updates only the rows and the
mode it ran) and are rendered into ``benchmarks/RESULTS.md`` and into the
README between the ``notebook-table`` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"
README = ROOT / "README.md"
START, END = "<!-- notebook-table:start -->", "<!-- notebook-table:end -->"

sys.path.insert(0, str(ROOT))
from lstm_helpers.report import REPORT_FILE_ENV, read_reports  # noqa: E402


def title_of(nb) -> str:
    """The notebook's first markdown heading, without the leading '#'s."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


MODE_ENV = {  # mode -> the environment the kernel runs with
    "fast": {"LSTM_FAST": "1", "LSTM_TRAIN": "0"},
    "full": {"LSTM_FAST": "0", "LSTM_TRAIN": "1"},
    "load": {"LSTM_FAST": "0", "LSTM_TRAIN": "0"},
}


def execute(path: Path, mode: str, inplace: bool, write_weights: bool = False, timeout: int | None = None):
    """Run one notebook top to bottom in a fresh kernel, in ``mode`` (``timeout``: seconds per cell).

    Returns ``(seconds, figures, nb)``: the wall-clock time, the figures it
    reported (``lh.report``) and the executed notebook with its outputs.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    fd, report_file = tempfile.mkstemp(prefix="lstm-report-", suffix=".jsonl")
    os.close(fd)
    env = {**MODE_ENV[mode], "LSTM_WRITE_WEIGHTS": "1" if write_weights else "0", REPORT_FILE_ENV: report_file}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
        )
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
        figures = read_reports(report_file)
    finally:
        os.unlink(report_file)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if inplace:
        nbformat.write(nb, path)
    return seconds, figures, nb


def _fmt_value(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.2f}%"
    if unit == "s":
        return f"{value:.0f} s"
    if unit == "x":
        return f"{value:.2f}x"
    if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e5):
        return f"{value:.2e}" + (f" {unit}" if unit else "")
    return f"{value:.4g}" + (f" {unit}" if unit else "")


def render(results: dict) -> str:
    lines = [
        "| Notebook | Fast mode | Full mode, training | Full mode, loading the weights | Key figures (full mode) |",
        "|---|---:|---:|---:|---|",
    ]
    for name in sorted(results):
        row = results[name]
        fast, full, load = (f"{row[f'{m}_seconds']:.0f} s" if f"{m}_seconds" in row else "–" for m in MODE_ENV)
        figures = row.get("full_figures", {})
        shown = "; ".join(f"{k} = {_fmt_value(v, u)}" for k, (v, u) in figures.items()) or "–"
        link = f"[{name}](notebooks/{name})"
        title = row.get("title", "")
        lines.append(f"| {link}<br>{title} | {fast} | {full} | {load} | {shown} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=list(MODE_ENV), required=True)
    parser.add_argument("--inplace", action="store_true", help="save the executed notebook over the original")
    parser.add_argument("--write-weights", action="store_true", help="full mode: rewrite weights/ from the trainings")
    parser.add_argument("--only", nargs="*", default=[], help="notebook number prefixes, e.g. 01 04")
    args = parser.parse_args(argv)
    if args.write_weights and args.mode != "full":
        parser.error("--write-weights needs --mode full (only a full-mode training writes the committed weights)")

    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        paths = [p for p in paths if p.name[:2] in args.only]
        if not paths:
            parser.error(f"no notebook matches {args.only}")
    stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    notebooks = {k: v for k, v in stored.get("notebooks", {}).items() if (NOTEBOOKS / k).exists()}
    failures = []
    for path in paths:
        print(f"{path.name}: running in {args.mode} mode ...", flush=True)
        try:
            seconds, figures, nb = execute(path, args.mode, inplace=args.inplace, write_weights=args.write_weights)
        except Exception as exc:  # report and go on with the other notebooks
            failures.append(path.name)
            print(f"{path.name}: FAILED: {type(exc).__name__}: {str(exc)[:2000]}", flush=True)
            continue
        row = notebooks.setdefault(path.name, {})
        row["title"] = title_of(nb)
        row[f"{args.mode}_seconds"] = round(seconds, 1)
        row[f"{args.mode}_figures"] = {k: [v, u] for k, (v, u) in figures.items()}
        print(f"{path.name}: {seconds:.0f} s, {len(figures)} figures", flush=True)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    # Notebooks by name; each notebook's figures in the order the notebook reported them (how a reader meets them).
    ordered = {name: notebooks[name] for name in sorted(notebooks)}
    RESULTS.write_text(json.dumps({"machine": machine, "notebooks": ordered}, indent=2) + "\n")
    table = render(notebooks)
    RESULTS_MD.write_text(
        "# Notebook benchmark\n\nWritten by `benchmarks/notebook_times.py` "
        f"(`make notebooks` for full mode, `make benchmark` for fast mode and full mode with the committed weights) on {machine}.\n\n{table}\n"
    )
    if README.exists():
        text = README.read_text()
        if START in text and END in text:
            head, rest = text.split(START, 1)
            _, tail = rest.split(END, 1)
            README.write_text(f"{head}{START}\n{table}\n\n_Measured on {machine}._\n{END}{tail}")
    if failures:
        print("failed:", ", ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
