"""constraints.txt pins what a passing `make test` ran with; requirements.txt and the venv must agree with it."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
# Not pinned: pip is upgraded on its own by the Makefile; lstm-helpers is this repository (editable).
UNPINNED = {"pip", "lstm-helpers"}


def requirement_lines(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def requirements() -> dict[str, Requirement]:
    reqs = [Requirement(line) for line in requirement_lines(REPO / "requirements.txt")]
    return {canonicalize_name(req.name): req for req in reqs}


def constraints() -> dict[str, Requirement]:
    """``{name: its pin}``; each pin is ``name==version``, with a marker when only some Pythons need it."""
    pins = {}
    for line in requirement_lines(REPO / "constraints.txt"):
        req = Requirement(line)
        (spec,) = req.specifier  # exactly one specifier ...
        assert spec.operator == "==" and "*" not in spec.version, f"not an exact pin: {line!r}"  # ... and ==
        name = canonicalize_name(req.name)
        assert name not in pins, f"{req.name} is pinned twice in constraints.txt"
        pins[name] = req
    return pins


def pinned_version(req: Requirement) -> Version:
    (spec,) = req.specifier
    return Version(spec.version)


def installed() -> dict[str, Version]:
    versions = {}
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name not in UNPINNED:
            versions[name] = Version(dist.version)
    return versions


def test_constraints_parse_as_exact_pins():
    pins = constraints()
    assert len(pins) > len(requirements()), "the constraints pin the dependencies' dependencies too"


@pytest.mark.parametrize("name", sorted(requirements()))
def test_every_requirement_is_pinned_within_its_range(name):
    req, pins = requirements()[name], constraints()
    assert name in pins, f"{req.name} is in requirements.txt but not pinned in constraints.txt"
    assert pins[name].marker is None, f"{req.name} is needed on every Python, but its pin has a marker"
    version = pinned_version(pins[name])
    assert req.specifier.contains(version, prereleases=True), (
        f"constraints.txt pins {req.name}=={version}, outside requirements.txt's {req.name}{req.specifier}"
    )


def test_venv_has_exactly_the_pinned_versions():
    pins, have = constraints(), installed()
    wanted_here = {name for name, req in pins.items() if req.marker is None or req.marker.evaluate()}
    wrong = {
        name: f"installed {have[name]}, pinned {pinned_version(pins[name])}"
        for name in pins.keys() & have.keys()
        if have[name] != pinned_version(pins[name])
    }
    unpinned = sorted(have.keys() - pins.keys())
    absent = sorted(wanted_here - have.keys())
    assert not wrong, f"the venv differs from constraints.txt: {wrong}"
    assert not unpinned, f"installed but not pinned in constraints.txt: {unpinned}"
    assert not absent, f"pinned in constraints.txt (for this Python) but not installed: {absent}"


# What requirements.txt lists is what the series uses: an import somewhere in the repository, or a tool a
# command runs. A requirement nothing uses any more (tqdm, once) fails here, so the list stays true.
TOOLS = {
    "jupyterlab": "make lab / make lab-zh run `jupyter lab`",
    "jupyterlab-language-pack-zh-cn": "make lab-zh: JupyterLab's interface in Chinese",
    "nbval": "pytest's notebook plugin (--nbval-lax in pyproject.toml)",
    "ruff": "tests/test_lint.py runs `python -m ruff`",
    "setuptools": "the build backend of pyproject.toml (tests/test_install.py builds the wheel)",
}
IMPORT_NAMES = {
    "tensorflow": "tensorflow",
    "ipywidgets": "ipywidgets",
}  # distribution name -> module, where they differ


def _sources() -> str:
    parts = []
    for folder in ("lstm_helpers", "tests", "tools", "benchmarks"):
        parts += [p.read_text(encoding="utf-8") for p in (REPO / folder).rglob("*.py")]
    for nb in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"):
        parts.append(nb.read_text(encoding="utf-8"))
    parts.append((REPO / "conftest.py").read_text(encoding="utf-8"))
    return "\n".join(parts)


@pytest.mark.parametrize("name", sorted(requirements()))
def test_every_requirement_is_used(name):
    if name in TOOLS:
        return
    module = IMPORT_NAMES.get(name, name.replace("-", "_"))
    text = _sources()
    imported = (f"import {module}", f"from {module}", f'importorskip("{module}")')
    assert any(way in text for way in imported), (
        f"{name} is in requirements.txt, but nothing imports {module}: remove it (or name the tool that runs it)"
    )
