"""A real (non-editable) install: the wheel holds every module, and the installed package finds the data.

The wheel is built from a clean copy of the source (so a stale build/ folder
cannot hide a packaging mistake), installed with ``pip install --target``, and
used from a subprocess whose current directory is outside the repository and
whose ``PYTHONPATH`` starts with the install folder. Everything runs offline: setuptools
comes from the venv (``--no-build-isolation``) and ``--no-deps`` installs
nothing else.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = "lstm_helpers"


def source_modules(root: Path) -> set[str]:
    """Dotted names of every module and package under ``root/lstm_helpers``, read from the file tree."""
    names = set()
    for path in (root / PACKAGE).rglob("*.py"):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(root).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


# Runs in the installed copy: imports every module pkgutil finds there, checks each came from the
# install folder (not from the repository through the venv's editable-install finder), runs one
# exercise check and the data loaders three ways.
PROBE = textwrap.dedent(
    """
    import importlib, json, os, pkgutil, sys
    from pathlib import Path

    site = Path(sys.argv[1]).resolve()
    repo_notebooks = Path(sys.argv[2])
    import lstm_helpers
    found = {"lstm_helpers"} | {
        info.name for info in pkgutil.walk_packages(lstm_helpers.__path__, "lstm_helpers.")
    }
    outside = {}
    for name in sorted(found):
        module = importlib.import_module(name)
        if site not in Path(module.__file__).resolve().parents:
            outside[name] = module.__file__

    try:
        from lstm_helpers.exercises import nb01
        feedback = nb01.check_steps_to_vanish(66)  # 0.9**66 < 1e-3 <= 0.9**65
    except ImportError as exc:
        feedback = f"Not importable: {exc}"
    from lstm_helpers import data

    text = data.load_shakespeare()  # LSTM_DATA_DIR points at the repository's data/

    elsewhere = Path.cwd().resolve()
    del os.environ["LSTM_DATA_DIR"]  # cwd is outside the repository: nothing to find
    try:
        data.load_shakespeare()
        not_found = None
    except data.DataFileError as exc:
        not_found = str(exc)

    os.chdir(repo_notebooks)  # inside the repository: found by searching upward
    from_repo = str(data.find_data_dir())

    print(json.dumps({
        "found": sorted(found), "outside": outside,
        "feedback_ok": not isinstance(feedback, str) and bool(feedback), "feedback": str(feedback),
        "chars": len(text), "not_found": not_found, "from_repo": from_repo,
        "elsewhere": str(elsewhere), "beside": str(site / "data"),
    }))
    """
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(site folder, modules in the source tree) for a wheel built and installed from a clean copy."""
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(REPO / PACKAGE, src / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    wheels = tmp / "wheels"
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(wheels), str(src)],
        capture_output=True,
        text=True,
        cwd=tmp,
    )
    assert build.returncode == 0, f"building the wheel failed:\n{build.stdout}\n{build.stderr}"
    (wheel,) = wheels.glob("lstm_helpers-*.whl")
    site = tmp / "site"
    install = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        cwd=tmp,
    )
    assert install.returncode == 0, f"installing the wheel failed:\n{install.stdout}\n{install.stderr}"
    return site, source_modules(src)


@pytest.fixture(scope="module")
def probe(installed, tmp_path_factory):
    site, _ = installed
    outside_repo = tmp_path_factory.mktemp("elsewhere")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LSTM_DATA_DIR")}
    # -S: no site-packages processing, so the venv's editable-install finder (a .pth file) cannot
    # quietly serve a module the wheel lacks from the repository; the venv's packages (NumPy) are
    # still importable, after the install folder.
    venv_libs = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    env.update(PYTHONPATH=os.pathsep.join([str(site), *venv_libs]), LSTM_DATA_DIR=str(REPO / "data"))
    run = subprocess.run(
        [sys.executable, "-S", "-c", PROBE, str(site), str(REPO / "notebooks")],
        capture_output=True,
        text=True,
        cwd=outside_repo,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, f"the installed package failed:\n{run.stdout}\n{run.stderr}"
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_source_tree_walk_sees_the_subpackages(installed):
    _, modules = installed
    assert {"lstm_helpers.exercises", "lstm_helpers.exercises.nb01", "lstm_helpers.widgets.gates"} <= modules


def test_wheel_installs_every_module_of_the_source_tree(installed, probe):
    _, modules = installed
    missing = modules - set(probe["found"])
    assert not missing, f"modules in lstm_helpers/ but not in the installed wheel: {sorted(missing)}"
    assert not probe["outside"], f"modules imported from outside the install folder: {probe['outside']}"


def test_installed_exercise_check_runs(probe):
    assert probe["feedback_ok"], probe["feedback"]
    assert probe["feedback"].startswith("Correct:")


def test_installed_loader_reads_the_data_named_by_LSTM_DATA_DIR(probe):
    assert probe["chars"] == 841_800


def test_installed_loader_outside_the_repository_says_where_it_looked_and_what_to_set(probe):
    message = probe["not_found"]
    assert message is not None, "with no LSTM_DATA_DIR and no repository above, the loader must fail"
    assert "LSTM_DATA_DIR" in message and "cannot find the series' data folder" in message
    assert probe["elsewhere"] in message, "the message names the folder the upward search started from"
    assert probe["beside"] in message, "the message names the place next to the package it tried"


def test_installed_loader_inside_the_repository_finds_its_data(probe):
    assert Path(probe["from_repo"]) == REPO / "data"
