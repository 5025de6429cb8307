"""Fixtures for the browser tests: a JupyterLab server on a copy of notebooks/ and a system Chromium.

These tests drive the real thing the way a learner does: JupyterLab in
Chromium, run all cells, drag a slider with the mouse. They need the system
Chromium (`make browser-deps`, or `sudo apt-get install chromium`) and the
Python package playwright (in requirements.txt); without Chromium they are
skipped with a message saying how to install it. Playwright never downloads a
browser here: it is pointed at the system executable.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from labserver import running_lab

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("LSTM_BROWSER_ARTIFACTS", ROOT / "test-artifacts" / "browser"))
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "no Chromium found: install the system browser with `make browser-deps` "
    "(runs `apt-get install chromium` on Debian/Ubuntu) or set CHROMIUM_PATH; "
    "the browser tests are skipped, nothing else depends on them"
)
# Flags for a headless Chromium on a machine with no network: no GPU, no background
# connections to Google's services, no first-run UI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium():
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _write_lab_settings(settings_dir: Path) -> None:
    """User settings: no popups over the page (news, update check), every cell rendered."""
    apputils = settings_dir / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True, exist_ok=True)
    (apputils / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True})
    )
    notebook = settings_dir / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True, exist_ok=True)
    # Render all cells (no virtual scrolling), so every prompt and widget is in the page.
    (notebook / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))


@pytest.fixture(scope="session")
def chromium_path():
    pytest.importorskip(
        "playwright.sync_api", reason="the Python package playwright is not installed (pip install -r requirements.txt)"
    )
    path = find_chromium()
    if path is None:
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium_path):
    """JupyterLab on 127.0.0.1 with a random port and token, serving a temporary copy of notebooks/.

    Kernels inherit this environment: fast mode (LSTM_FAST=1, set by the
    repository's conftest) and the offline guard. The server is stopped
    afterwards, whatever happens in the tests.
    """
    base = tmp_path_factory.mktemp("lab")
    served = base / "notebooks"
    source = Path(os.environ.get("LSTM_BROWSER_NOTEBOOKS", ROOT / "notebooks"))
    shutil.copytree(source, served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = base / "settings"
    _write_lab_settings(settings)
    extra = [f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={base / 'workspaces'}"]
    with running_lab(served, base, extra_args=extra, env=dict(os.environ, LSTM_FAST="1"), cwd=served) as lab:
        yield lab


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)  # lets the page fixture see a failure
    return report


@contextlib.contextmanager
def browser_page(request, chromium_path, artifacts_dir, **context_options):
    """A fresh headless Chromium page (Playwright); on a failed test a screenshot goes to the artifacts folder."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, **context_options)
            page = context.new_page()
            yield page
            failed = getattr(request.node, "rep_call", None)
            if failed is not None and failed.failed:
                page.screenshot(path=str(artifacts_dir / f"FAILED_{request.node.name}.png"))
            context.close()
        finally:
            browser.close()


@pytest.fixture
def page(request, chromium_path, lab_server, artifacts_dir):
    """A fresh Chromium page for the English notebooks' lab server."""
    with browser_page(request, chromium_path, artifacts_dir) as page:
        yield page


_ARTIFACTS_USED = []  # set once a browser test has asked for the folder in this run


@pytest.fixture(scope="session")
def artifacts_dir():
    """The screenshot folder, emptied of an earlier run's pictures so that all it shows is from this run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    _ARTIFACTS_USED.append(True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    shots = sorted(ARTIFACTS.glob("*.png")) if _ARTIFACTS_USED else []
    if shots:
        terminalreporter.write_line(f"browser screenshots ({len(shots)}) saved in {ARTIFACTS}")
