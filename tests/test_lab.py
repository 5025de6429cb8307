"""`make lab` serves notebooks/ in JupyterLab: start the same server headless and fetch /lab."""

import os
import urllib.request
from pathlib import Path

from labserver import running_lab

ROOT = Path(__file__).resolve().parent.parent


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8", "replace")


def test_jupyterlab_serves_the_notebooks(tmp_path):
    # --ServerApp.root_dir=notebooks from the repository root, as in the Makefile's `lab` target.
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"))  # ignore the user's own Jupyter config
    with running_lab("notebooks", tmp_path, env=env, cwd=ROOT) as lab:
        status, body = _get(f"{lab['url']}/lab?token={lab['token']}")
        assert status == 200 and "JupyterLab" in body
        status, listing = _get(f"{lab['url']}/api/contents?token={lab['token']}")
        notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
        assert status == 200 and all(name in listing for name in notebooks)


def test_the_series_jupyterlab_asks_no_news_question(tmp_path):
    """`make lab` installs .jupyter-lab/overrides.json as the venv's JupyterLab defaults: no news popup, no update
    check, without touching the learner's own settings (an empty user settings folder here)."""
    import json
    import sys

    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_text() == (ROOT / ".jupyter-lab" / "overrides.json").read_text(), "run `make setup`"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    extra = [f"--LabApp.user_settings_dir={tmp_path / 'user-settings'}"]
    with running_lab("notebooks", tmp_path, env=env, cwd=ROOT, extra_args=extra) as lab:
        url = f"{lab['url']}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={lab['token']}"
        status, body = _get(url)
        defaults = json.loads(body)["schema"]["properties"]  # the overrides replace the schema's defaults
        assert status == 200 and defaults["fetchNews"]["default"] == "false"
        assert defaults["checkForUpdates"]["default"] is False


def test_the_chinese_edition_asks_no_news_question_either():
    import json

    path = ROOT / ".jupyter-zh" / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert json.loads(path.read_text()) == {"fetchNews": "false", "checkForUpdates": False}
