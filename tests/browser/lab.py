"""Driving JupyterLab like a person: open a notebook, run all cells, drag a slider, read text."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

RUN_TIMEOUT_MS = int(__import__("os").environ.get("LSTM_BROWSER_RUN_TIMEOUT_MS", 150_000))


def open_notebook(page, server, name: str, idle_label: str = "Idle") -> None:
    """Open ``name`` as the only tab: ``reset`` starts from an empty workspace.

    Without it JupyterLab restores the tabs an earlier test left open, and a
    hidden notebook panel ahead in the page would catch the selectors below.
    """
    page.goto(f"{server['url']}/lab/tree/{name}?reset&token={server['token']}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    wait_for_idle_kernel(page, timeout_ms=60_000, idle_label=idle_label)


def wait_for_idle_kernel(page, timeout_ms: int, idle_label: str = "Idle") -> None:
    """Wait until the notebook's kernel is connected and idle (the status bar says "| Idle", in Chinese "| 空闲")."""
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout_ms)
    page.get_by_text(re.compile(r"\| " + re.escape(idle_label) + "$")).first.wait_for(timeout=timeout_ms)


def run_all_cells(page, menu: str = "Run", item: str = "Run All Cells") -> None:
    """Run > Run All Cells from the menu bar (``menu`` > ``item`` in another language), then wait until every cell has finished."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.get_by_role("menuitem", name=menu, exact=True).click()
    page.get_by_role("menuitem", name=re.compile("^" + re.escape(item))).click()
    # Running: a prompt shows [*]. Done: no [*] left, the kernel idle, every code cell numbered.
    page.wait_for_function(
        """() => {
            const busy = [...document.querySelectorAll('.jp-NotebookPanel .jp-InputPrompt')]
                .some(p => p.textContent.includes('*'));
            const idle = document.querySelector(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']");
            const unrun = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt')]
                .some(p => p.textContent.trim() === '[ ]:');
            return !busy && idle && !unrun;
        }""",
        timeout=RUN_TIMEOUT_MS,
        polling=500,
    )
    errors = page.locator(
        ".jp-NotebookPanel .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).filter(has_text="Traceback")
    assert errors.count() == 0, "a cell raised an error:\n" + errors.first.inner_text()[:2000]


def slider_value(page, css_class: str) -> float:
    """The value a number control shows in its box (lstm_helpers.widgets.explorer.NumberControl)."""
    return float(page.locator(f".{css_class}-box input").first.input_value().strip())


def type_number(page, css_class: str, text: str, readout_class: str, timeout_s: float = 30.0) -> tuple[str, str]:
    """Type ``text`` into a number control's box and press Enter, as a learner does; wait for the readout
    to settle. Returns ``(the control's note, the readout's text)``."""
    before = page.locator(f".{readout_class}").first.inner_text().strip()
    box = page.locator(f".{css_class}-box input").first
    box.scroll_into_view_if_needed()
    box.fill(text)
    box.press("Enter")
    after = wait_for_settled_text(page, readout_class, before, timeout_s) if before else before
    return page.locator(f".{css_class}-note").first.inner_text().strip(), after


def drag_slider(page, css_class: str, dx: float) -> None:
    """Press the slider's handle with the mouse and move it ``dx`` pixels sideways."""
    widget = page.locator(f".{css_class}").first
    widget.scroll_into_view_if_needed()
    handle = widget.locator(".noUi-handle").first
    box = handle.bounding_box()
    assert box is not None, f"slider .{css_class} is not visible"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):  # a real drag: several intermediate mouse moves
        page.mouse.move(x + dx * step / 10, y)
        time.sleep(0.02)
    page.mouse.up()


def wait_for_settled_text(page, css_class: str, old: str, timeout_s: float = 30.0) -> str:
    """Wait until the element with ``css_class`` shows new text that stays put for a second.

    While the mouse drags, the kernel recomputes for intermediate slider
    values; the readout is read once those updates have stopped arriving.
    """
    locator = page.locator(f".{css_class}").first
    deadline = time.monotonic() + timeout_s
    last, since = locator.inner_text().strip(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        text = locator.inner_text().strip()
        if text != last:
            last, since = text, time.monotonic()
        elif text != old and time.monotonic() - since >= 1.0:
            return text
    raise AssertionError(f".{css_class} did not settle on a new text within {timeout_s} s (shows {last!r})")


def number_after(label: str, text: str) -> float:
    """The number printed right after ``label`` in ``text``."""
    match = re.search(re.escape(label) + r"\s*(-?[0-9.]+|inf)", text)
    assert match, f"no '{label}' number in {text!r}"
    return float(match.group(1))


@dataclass(frozen=True)
class Drag:
    """A slider and its readout, read before and after one mouse drag."""

    value_before: float
    value_after: float
    text_before: str
    text_after: str


def drag_and_read(page, slider_class: str, readout_class: str, dx: float, screenshot=None) -> Drag:
    """Drag the slider with ``slider_class`` by ``dx`` pixels and wait for the readout to settle.

    With ``screenshot`` (a path), the output area that holds the slider is
    saved there after the drag.
    """
    value_before = slider_value(page, slider_class)
    text_before = page.locator(f".{readout_class}").first.inner_text().strip()
    drag_slider(page, slider_class, dx=dx)
    text_after = wait_for_settled_text(page, readout_class, text_before)
    drag = Drag(value_before, slider_value(page, slider_class), text_before, text_after)
    if screenshot is not None:
        explorer = page.locator(".jp-OutputArea-output", has=page.locator(f".{slider_class}")).first
        explorer.screenshot(path=str(screenshot))
    return drag


def run_cell_with(page, marker: str, source: str, expect: str, timeout_ms: int = 60_000) -> str:
    """Replace the source of the code cell holding ``marker`` with ``source``, as a learner does (click into the
    editor, select all, type), run it with Shift+Enter and wait until its output shows ``expect``.

    Returns the output's text."""
    cell = page.locator(".jp-NotebookPanel .jp-CodeCell", has_text=marker).first
    cell.scroll_into_view_if_needed()
    editor = cell.locator(".cm-content").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(source)
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output").filter(has_text=expect).first
    output.wait_for(timeout=timeout_ms)
    return output.inner_text()
