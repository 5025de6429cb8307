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
