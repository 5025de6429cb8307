"""The Chinese edition as its readers see it: notebooks/zh/ in JupyterLab with the Chinese interface (`make lab-zh`).

The server gets the project's .jupyter-zh settings (locale zh_CN, from jupyterlab-language-pack-zh-cn) in a
temporary copy, so neither the repository nor anyone's own JupyterLab settings are touched. The test checks
a menu label and a markdown heading are Chinese, runs notebook 02, drags its forget-gate slider, answers exercise 3
wrong and then right in its answer cell and reads the Chinese feedback (还不对 with a Chinese hint, then 正确), and saves
a screenshot to test-artifacts/browser/ only (never into the repository: docs/zh_edition.png, the README's
picture, is copied from there by hand when it should change).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from labserver import running_lab  # tests/labserver.py, on sys.path through conftest.py

from .conftest import ROOT, _write_lab_settings, browser_page
from .lab import drag_and_read, number_after, open_notebook, run_all_cells, run_cell_with

pytestmark = pytest.mark.browser

NOTEBOOK = "02_lstm_gates_by_hand.ipynb"
ZH_SETTINGS = ROOT / ".jupyter-zh" / "settings"
ZH_SERVER_CONFIG = ROOT / ".jupyter-zh" / "jupyter_server_config.json"


def _first_heading(path: Path) -> str:
    """The title of the generated Chinese notebook (its first markdown cell's '# ' line)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(cell for cell in nb["cells"] if cell["cell_type"] == "markdown")
    return "".join(first["source"]).splitlines()[0].lstrip("# ").strip()


@pytest.fixture(scope="module")
def zh_lab(tmp_path_factory, chromium_path):
    """JupyterLab serving a copy of notebooks/zh/ with the zh_CN locale, as `make lab-zh` does."""
    pytest.importorskip("jupyterlab_language_pack_zh_CN", reason="pip install -r requirements.txt (language pack)")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        pytest.skip("no CJK font: `make browser-deps` installs fonts-wqy-microhei, without it Chinese shows as boxes")
    # jupyter silently ignores a --config file that is missing, so say it here (it must be committed).
    assert ZH_SERVER_CONFIG.is_file(), f"{ZH_SERVER_CONFIG} is missing: without it the file browser shows catalog/"
    base = tmp_path_factory.mktemp("lab-zh")
    served = base / "zh"
    shutil.copytree(ROOT / "notebooks" / "zh", served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = base / "settings"
    shutil.copytree(ZH_SETTINGS, settings)
    _write_lab_settings(settings)  # no popups, every cell rendered (as for the other browser tests)
    extra = [
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        f"--config={ZH_SERVER_CONFIG}",  # as `make lab-zh`: the catalogs hidden from the file browser
    ]
    env = dict(os.environ, LSTM_FAST="1", LSTM_DATA_DIR=str(ROOT / "data"))
    with running_lab(served, base, extra_args=extra, env=env, cwd=served) as lab:
        yield lab


@pytest.fixture
def zh_page(request, chromium_path, zh_lab, artifacts_dir):
    with browser_page(request, chromium_path, artifacts_dir, locale="zh-CN") as page:
        yield page


def test_chinese_notebook_02_in_the_chinese_interface(zh_page, zh_lab, artifacts_dir):
    page = zh_page
    open_notebook(page, zh_lab, NOTEBOOK, idle_label="空闲")

    # The interface is Chinese: the File menu is 文件, the Run menu 运行.
    assert page.get_by_role("menuitem", name="文件", exact=True).is_visible(), "the menu bar is not in Chinese"
    assert page.get_by_role("menuitem", name="File", exact=True).count() == 0
    # The notebook is the Chinese edition: its title renders as the catalog's translation.
    title = _first_heading(ROOT / "notebooks" / "zh" / NOTEBOOK)
    assert re.search(r"[\u4e00-\u9fff]", title), f"the generated title is not Chinese: {title!r}"
    heading = page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first
    assert heading.inner_text().strip().rstrip("¶").strip() == title
    # The file browser shows the notebooks and the glossary, not the edition's machinery (catalog/).
    page.locator(".jp-DirListing-item").first.wait_for(timeout=30_000)
    listed = [name.strip() for name in page.locator(".jp-DirListing-item .jp-DirListing-itemText").all_inner_texts()]
    assert NOTEBOOK in listed and "GLOSSARY.md" in listed, listed
    assert "catalog" not in listed and "conftest.py" not in listed, f"the file browser shows {listed}"

    run_all_cells(page, menu="运行", item="运行所有单元格")
    drag = drag_and_read(
        page, "gate-bias-forget", "gate-half-life", dx=40, screenshot=artifacts_dir / "zh_02_gate_bias_explorer.png"
    )
    assert drag.value_after > drag.value_before, f"the slider did not move: {drag}"
    expected = math.log(0.5) / math.log(1 / (1 + math.exp(-drag.value_after)))
    # The kernel runs in notebooks/zh/ (its .lstm-language says zh): the readout is Chinese.
    shown = number_after("半衰期（公式）：", drag.text_after)
    assert shown == pytest.approx(expected, abs=0.006, rel=0.005), drag

    # The picture README.zh-CN.md shows (docs/zh_edition.png, copied by hand): the Chinese menu bar,
    # the section-5 heading and the explorer.
    section = page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h2", has_text="门偏置交互演示").first
    section.scroll_into_view_if_needed()
    section.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    shot = artifacts_dir / "zh_02_notebook.png"
    page.screenshot(path=str(shot))

    # An exercise answered as a learner answers it: the kernel runs in notebooks/zh/ (its .lstm-language says
    # zh), so the check speaks Chinese although the code cell is the English edition's.
    placeholder = page.locator(".jp-NotebookPanel .jp-CodeCell", has_text="ex3_n_params = None").first
    assert "还不对：尚未作答" in placeholder.inner_text(), placeholder.inner_text()
    wrong = run_cell_with(
        page, "nb02.check_param_count", "ex3_n_params = 160\nnb02.check_param_count(ex3_n_params)", "漏掉了偏置"
    )
    assert wrong.startswith("还不对：160 漏掉了偏置") and "提示 1/3（思路）：这一层仅有的参数是" in wrong, wrong
    assert not re.search(r"Not yet|Hint|Correct", wrong), wrong
    right = run_cell_with(
        page, "nb02.check_param_count", "ex3_n_params = 180\nnb02.check_param_count(ex3_n_params)", "正确"
    )
    assert right.strip().startswith("正确：180 = 3*20 (Wx)"), right
    page.locator(".jp-NotebookPanel .jp-CodeCell", has_text="ex3_n_params = 180").first.screenshot(
        path=str(artifacts_dir / "zh_02_exercise_feedback.png")
    )
