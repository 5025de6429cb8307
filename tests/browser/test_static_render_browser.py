"""A static render in a real browser: notebook 06 as nbconvert's HTML, opened in Chromium from a file.

Notebook 06 has both things this test reads: a Keras training log (one line per epoch, from
lstm_helpers.progress.ProgressBar) and an explorer with its static twin. (Notebook 01 prints one
progress line per model instead of epoch lines.)

What a reader of the rendered page sees (no kernel, no network): the training
log has one line per epoch and no boxes, and the explorer's static twin (the
"Static view" marker, see tests/test_static_render.py) is on the page.
Screenshots of both go to test-artifacts/browser/. Every request that is not
for the local file is refused, as on a machine without network.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_static_render import MARKER, NOTEBOOKS, rendered

from .conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

NOTEBOOK = next((p for p in NOTEBOOKS if p.name.startswith("06_")), None)
BOXES = re.compile(
    r"[\ufffd\u25a1\u2610\u25af\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)  # replacement char, white boxes, controls


def _union_clip(boxes):
    x0, y0 = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
    x1, y1 = max(b["x"] + b["width"] for b in boxes), max(b["y"] + b["height"] for b in boxes)
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}


def test_rendered_training_log_and_static_twin_in_chromium(chromium_path, artifacts_dir, tmp_path):
    from playwright.sync_api import sync_playwright

    assert NOTEBOOK is not None, "notebooks/06_*.ipynb not found"
    _, html = rendered(NOTEBOOK)
    page_file = tmp_path / (NOTEBOOK.stem + ".html")
    page_file.write_text(html, encoding="utf-8")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 900})
            page.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort()
            )
            page.goto(page_file.as_uri(), wait_until="load")
            cells = page.locator(".jp-Cell")

            # The training log: the code cell whose outputs show "Epoch 1/N".
            log_cell = cells.filter(has=page.locator(".jp-OutputArea", has_text=re.compile(r"Epoch 1/\d+"))).first
            assert log_cell.count() == 1, f"{NOTEBOOK.name}: no training log (an output with 'Epoch 1/N') on the page"
            log_cell.scroll_into_view_if_needed()
            log_cell.locator(".jp-OutputArea").first.screenshot(
                path=str(artifacts_dir / "static_render_training_log.png")
            )
            text = log_cell.locator(".jp-OutputArea").first.inner_text()
            bad = BOXES.findall(text)
            assert not bad, (
                f"{NOTEBOOK.name}: the rendered training log shows {len(bad)} boxes or control characters "
                f"(first {bad[0]!r}): re-execute with lstm_helpers.progress.ProgressBar"
            )
            epoch_lines = re.findall(r"^Epoch (\d+)/(\d+)\b.*$", text, flags=re.M)
            # One cell may train several models: each run starts again at "Epoch 1/N".
            runs = []
            for k, n in epoch_lines:
                if int(k) == 1 or not runs:
                    runs.append((int(n), []))
                runs[-1][1].append(int(k))
            stops = re.findall(r"stopped early after epoch (\d+) of (\d+)", text)
            for total, numbers in runs:
                assert numbers == list(range(1, len(numbers) + 1)), f"epoch lines out of order or repeated: {numbers}"
                assert len(numbers) == total or (str(len(numbers)), str(total)) in stops, (
                    f"{NOTEBOOK.name}: {len(numbers)} epoch lines for {total} epochs and no early-stopping line"
                )
            full = [line for line in text.splitlines() if line.startswith("Epoch ")]
            assert all("loss" in line for line in full), f"an epoch line without its metrics: {full}"

            # The explorer's static twin: the cell with the marker and the cell after it.
            marked = [i for i in range(cells.count()) if MARKER in cells.nth(i).inner_text()]
            assert marked, f"{NOTEBOOK.name}: no '{MARKER}' on the page: the explorer has no static twin"
            first = cells.nth(marked[0])
            first.scroll_into_view_if_needed()
            boxes = [first.bounding_box()]
            if marked[0] + 1 < cells.count():
                boxes.append(cells.nth(marked[0] + 1).bounding_box())
            page.screenshot(
                path=str(artifacts_dir / "static_render_explorer_twin.png"),
                clip=_union_clip([b for b in boxes if b]),
                full_page=True,
            )
            # The twin is the marked cell and the one after it (the sentence, then the cell that prints the view).
            twin = range(marked[0], min(marked[0] + 2, cells.count()))
            twin_images = sum(cells.nth(i).locator("img").count() for i in twin)
            twin_text = "\n".join(cells.nth(i).inner_text() for i in twin)
            assert twin_images or re.search(r"\d", twin_text), (
                f"the static twin shows neither a figure nor numbers: {twin_text[:300]!r}"
            )
        finally:
            browser.close()
