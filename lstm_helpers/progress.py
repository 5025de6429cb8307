"""Progress bars that leave plain, readable text in a saved notebook.

Two bars, one mechanism. While a loop runs, a live line (a small bar, the
step count, the elapsed time, an estimate of the time left and the latest
metrics) is redrawn in place at most every ``interval`` seconds; when the
epoch or the loop ends, that line is replaced by one final line of plain
text. Under Jupyter the live line is an IPython display updated through its
handle (``display(..., display_id=True)`` then ``.update(...)``), so the saved
notebook keeps only the final lines: no ``\\b``, no ``\\r``, no ANSI colour
codes, nothing that a static render (GitHub, nbconvert) shows as boxes.
Outside IPython (scripts, tests) every line is printed as a line of its own.

Keras training, one final line per epoch (use ``verbose=0`` so that Keras
draws no second bar)::

    from lstm_helpers.progress import ProgressBar
    model.fit(x, y, epochs=7, validation_data=(x_val, y_val), verbose=0, callbacks=[ProgressBar()])
    # Epoch 3/7 · 422/422 · 41 s · loss 0.0812 · accuracy 0.9751 · val_loss 0.0790 · val_accuracy 0.9760

Before the epoch lines, the bar says how long the whole fit will take, measured
on this machine from its first steps (``estimate_steps`` of them, after the
first, which also builds the graph)::

    Estimated: 21 s per epoch, 2 min 27 s for all 7 epochs (steps 2-21: 0.050 s each)

A fit that an ``EarlyStopping`` callback ends early closes with a line such
as ``stopped early after epoch 23 of 200 (early stopping)``.

A NumPy loop::

    from lstm_helpers.progress import steps
    bar = steps(range(1, STEPS + 1), desc="NumPy LSTM")
    for step in bar:
        ...
        bar.set(test_mse=test_mse)
    # NumPy LSTM: 3000/3000 steps · 1 min 32 s · test_mse 0.001234

The estimate of the time left ignores the first step of every epoch or loop
(in Keras the first step also traces and compiles the graph, often 100 times
slower than the others): it is measured from the end of the first step on.

Importing this module does not import Keras: :class:`ProgressBar` is built
on first use (a module-level ``__getattr__``), so :func:`steps` and
:class:`StepProgress` work in a notebook that never imports TensorFlow.
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Callable, Iterable, Iterator

from ._shapes import check_int, check_number

BAR_WIDTH = 20  # characters of the live bar: "[########------------]"
SEP = " · "


# ---------------------------------------------------------------- formatting


def format_duration(seconds: float) -> str:
    """``0.4 s``, ``41 s``, ``4 min 05 s``, ``1 h 02 min``: how long, readable at a glance."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def format_value(value) -> str:
    """A metric as four significant digits (``0.0812``, ``0.0005012``); anything else as ``str``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        try:
            value = float(value)  # a NumPy or TensorFlow scalar
        except (TypeError, ValueError):
            return str(value)
    return f"{float(value):.4g}"


def format_metrics(metrics) -> str:
    """``loss 0.0812 · accuracy 0.9751``, in the order given."""
    return SEP.join(f"{name} {format_value(value)}" for name, value in dict(metrics or {}).items())


def _bar(done: int, total: int | None) -> str:
    if not total:
        return ""
    filled = min(BAR_WIDTH, int(BAR_WIDTH * done / total))
    return "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"


def _check_interval(interval, name: str) -> float:
    """A redraw interval: a finite number of seconds >= 0 (the shared check's wording)."""
    return check_number(name, interval, 0)


# ---------------------------------------------------------------- where lines go


class Screen:
    """Where a bar's lines go: a live line redrawn in place, then final lines.

    Under an IPython kernel, :meth:`live` shows a text display the first time
    and updates it through its display handle afterwards; :meth:`final`
    replaces the live display by the final text (or shows the final text when
    there was no live display). Elsewhere both print one line each.
    ``display`` and ``print_`` can be passed in (the tests capture them).
    """

    def __init__(self, display: Callable | None = None, print_: Callable = print):
        self._display = display if display is not None else _kernel_display()
        self._print = print_
        self._handle = None
        self._final = None

    def live(self, text: str) -> None:
        if self._display is None:
            self._print(text)
        elif self._handle is None:
            self._handle = self._display({"text/plain": text}, raw=True, display_id=True)
        else:
            self._handle.update({"text/plain": text}, raw=True)

    def final(self, text: str) -> None:
        """End the live line with ``text``; the next :meth:`live` starts a new one below."""
        if self._display is None:
            self._print(text)
        elif self._handle is None:
            self._final = self._display({"text/plain": text}, raw=True, display_id=True)
        else:
            self._handle.update({"text/plain": text}, raw=True)
            self._final = self._handle
        self._handle = None

    def amend(self, text: str) -> None:
        """Rewrite the last final line (under IPython in place; elsewhere printed again)."""
        if self._display is None or self._final is None:
            self._print(text)
        else:
            self._final.update({"text/plain": text}, raw=True)

    def line(self, text: str) -> None:
        """A line of its own (after the final lines), e.g. why a fit stopped."""
        if self._display is None:
            self._print(text)
        else:
            self._display({"text/plain": text}, raw=True)


def _kernel_display():
    """IPython's ``display`` when running in a Jupyter kernel, else None (plain printing)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return None
    from IPython.display import display

    return display


# ---------------------------------------------------------------- the shared clockwork


class _Pace:
    """Elapsed time, the time left from the rate after the first step, and when to redraw."""

    def __init__(self, interval: float, clock: Callable[[], float]):
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.after_first = None  # time at the end of step 1: the rate is measured from here
        self.last_draw = None

    def step(self, done: int) -> None:
        if done >= 1 and self.after_first is None:
            self.after_first = self.clock() if done == 1 else self.start

    def elapsed(self) -> float:
        return self.clock() - self.start

    def remaining(self, done: int, total: int | None) -> float | None:
        """Seconds left at the rate of steps 2..done; None while unknown (before step 2, no total)."""
        if total is None or self.after_first is None or done < 2:
            return None
        rate = (self.clock() - self.after_first) / (done - 1)
        return rate * max(total - done, 0)

    def due(self) -> bool:
        """True for the first draw and then once every ``interval`` seconds."""
        now = self.clock()
        if self.last_draw is None or now - self.last_draw >= self.interval:
            self.last_draw = now
            return True
        return False


def _live_text(head: str, done: int, total: int | None, pace: _Pace, metrics) -> str:
    parts = [f"{_bar(done, total)} {done}/{total}" if total else f"{done} steps", format_duration(pace.elapsed())]
    left = pace.remaining(done, total)
    parts.append("ETA --" if left is None and total else f"ETA {format_duration(left)}" if left is not None else "")
    metrics_text = format_metrics(metrics)
    if metrics_text:
        parts.append(metrics_text)
    text = SEP.join(p for p in parts if p)
    if not head:
        return text
    return f"{head} {text}" if head.endswith(":") else f"{head}{SEP}{text}"


# ---------------------------------------------------------------- NumPy loops


class StepProgress:
    """A progress bar for a plain Python loop, ending in one final line.

    ``total`` is the number of steps (None if unknown), ``every`` the seconds
    between redraws, ``desc`` the name the lines start with. Advance it with
    :meth:`update`, set the values shown beside it with :meth:`set`, and end
    it with :meth:`done` (``bar.done(f"loss {loss:.4f}")``), which writes
    ``desc: 3000/3000 steps · 1 min 32 s · <result or the values set>``.
    :func:`steps` wraps an iterable and calls :meth:`done` when it runs out.
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        every: float = 10.0,
        desc: str = "",
        clock: Callable[[], float] = time.monotonic,
        screen: Screen | None = None,
    ):
        self.total = None if total is None else check_int("total", total, 0)
        self.every = _check_interval(every, "every")
        self.desc = str(desc)
        self.n = 0
        self.postfix: dict = {}
        self.finished = False
        self._last_line = None
        self._screen = screen if screen is not None else Screen()
        self._pace = _Pace(self.every, clock)

    def _head(self) -> str:
        return f"{self.desc}:" if self.desc else ""

    def set(self, **postfix) -> None:
        """Values shown after the bar and on the final line, e.g. ``bar.set(test_mse=0.0012)``."""
        self.postfix.update(postfix)

    def update(self, n: int = 1, **postfix) -> None:
        """``n`` more steps done (and, optionally, new values to show); redraws when due."""
        self.n += n
        self.postfix.update(postfix)
        self._pace.step(self.n)
        if self._pace.due():
            self._screen.live(_live_text(self._head(), self.n, self.total, self._pace, self.postfix))

    def final_line(self, result: str | None = None) -> str:
        count = f"{self.n}/{self.total} steps" if self.total is not None else f"{self.n} steps"
        tail = result if result is not None else format_metrics(self.postfix)
        text = SEP.join(p for p in (count, format_duration(self._pace.elapsed()), tail) if p)
        return f"{self._head()} {text}" if self.desc else text

    def done(self, result: str | None = None) -> None:
        """Replace the live bar by the final line (``result``, or else the values set).

        Calling it again (e.g. after :func:`steps` has finished the loop)
        rewrites the final line with the new ``result``. Returns None, so
        that a cell ending with it shows no ``Out[]`` (:meth:`final_line`
        gives the text).
        """
        line = self.final_line(result)
        if not self.finished:
            self._screen.final(line)
        elif line != self._last_line:
            self._screen.amend(line)
        self._last_line = line
        self.finished = True

    def __enter__(self) -> StepProgress:
        return self

    def __exit__(self, *exc) -> None:
        if not self.finished:
            self.done()


class _Steps(StepProgress):
    """:class:`StepProgress` over an iterable: iterate it, and the final line is written at the end."""

    def __init__(self, iterable: Iterable, total: int | None = None, **kwargs):
        if total is None:
            try:
                total = len(iterable)  # type: ignore[arg-type]
            except TypeError:
                total = None
        super().__init__(total, **kwargs)
        self._iterable = iterable

    def __iter__(self) -> Iterator:
        for item in self._iterable:
            yield item
            self.update(1)
        self.done()


def steps(iterable: Iterable, total: int | None = None, every: float = 10.0, desc: str = "", **kwargs) -> StepProgress:
    """Iterate ``iterable`` with a progress bar that ends in one final line.

    ``total`` defaults to ``len(iterable)``. Inside the loop, ``bar.set(name=value)``
    sets what the bar and the final line show; after a ``break``, call
    ``bar.done()`` yourself. ``bar.done("result text")`` after the loop
    replaces the final line's values by that text.
    """
    return _Steps(iterable, total, every=every, desc=desc, **kwargs)


# ---------------------------------------------------------------- Keras


def _make_progress_bar():
    from .config import import_keras

    keras = import_keras()

    class ProgressBar(keras.callbacks.Callback):
        """A Keras callback: one live bar per epoch, ending in one final line with all its metrics.

        ``interval``: seconds between redraws of the live bar (0 redraws after
        every batch). Use with ``fit(..., verbose=0)``. The lines read
        ``Epoch 3/7 · 422/422 · 41 s · loss 0.0812 · ... · val_accuracy 0.976``;
        a fit stopped early (``model.stop_training``, as ``EarlyStopping`` sets
        it) ends with ``stopped early after epoch k of N (early stopping)``.
        ``estimate_steps``: how many steps after the first one time the
        estimate of the whole fit printed above the epoch lines (0: no estimate).
        ``clock`` and ``screen`` are for tests.
        """

        def __init__(
            self,
            interval: float = 10.0,
            *,
            estimate_steps: int = 20,
            clock: Callable[[], float] = time.monotonic,
            screen: Screen | None = None,
        ):
            super().__init__()
            self.interval = _check_interval(interval, "interval")
            self.estimate_steps = check_int("estimate_steps", estimate_steps, 0)
            self.estimate = None  # the estimate's text, once measured
            self.clock = clock
            self.screen = screen if screen is not None else Screen()
            self.seen = 0  # batches done in this epoch
            self.epochs_done = 0
            self._epoch = 0
            self._pace = None
            self._logs: dict = {}

        def _head(self, epoch: int) -> str:
            return f"Epoch {epoch + 1}/{self.params.get('epochs', 1)}"

        def on_train_begin(self, logs=None):
            self.epochs_done = 0
            self.estimate = None
            if self.estimate_steps:
                self.screen.final(f"Estimating the training time from the first {self.estimate_steps + 1} steps ...")

        def _estimate_text(self) -> str | None:
            """The whole fit's duration at the pace of steps 2..seen of epoch 1 (None while unknown)."""
            steps, epochs = self.params.get("steps"), self.params.get("epochs", 1)
            if not steps or self._pace.after_first is None or self.seen < 2:
                return None
            per_step = (self.clock() - self._pace.after_first) / (self.seen - 1)
            first = self._pace.after_first - self._pace.start
            per_epoch = per_step * steps
            total = first + per_step * (steps * epochs - 1)
            return (  # at most 100 characters, like every printed line of the series
                f"Estimated: {format_duration(per_epoch)} per epoch, {format_duration(total)} for all "
                f"{epochs} epoch{'s' if epochs != 1 else ''} (steps 2-{self.seen}: {per_step:.3f} s each)"
            )

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch
            self.seen = 0
            self._logs = {}
            self._pace = _Pace(self.interval, self.clock)

        def on_train_batch_end(self, batch, logs=None):
            self.seen = batch + 1
            self._logs = dict(logs or {})
            self._pace.step(self.seen)
            if self.estimate is None and self.estimate_steps and self._epoch == 0:
                steps = self.params.get("steps")
                if self.seen == self.estimate_steps + 1 or (steps and self.seen == steps):
                    self.estimate = self._estimate_text()
                    if self.estimate is not None:
                        self.screen.amend(self.estimate)
            if self._pace.due():
                self.screen.live(
                    _live_text(self._head(self._epoch), self.seen, self.params.get("steps"), self._pace, self._logs)
                )

        def on_epoch_end(self, epoch, logs=None):
            total = self.params.get("steps") or self.seen
            parts = [
                self._head(epoch),
                f"{self.seen}/{total}",
                format_duration(self._pace.elapsed()),
                format_metrics(logs or self._logs),
            ]
            self.screen.final(SEP.join(p for p in parts if p))
            self.epochs_done = epoch + 1

        def on_train_end(self, logs=None):
            epochs = self.params.get("epochs", 1)
            if getattr(self.model, "stop_training", False) and self.epochs_done < epochs:
                self.screen.line(f"stopped early after epoch {self.epochs_done} of {epochs} (early stopping)")

    ProgressBar.__module__ = __name__
    ProgressBar.__qualname__ = "ProgressBar"
    return ProgressBar


def __getattr__(name):
    # ProgressBar subclasses keras.callbacks.Callback: built on first access so that
    # importing this module (for steps/StepProgress) does not import TensorFlow.
    if name == "ProgressBar":
        cls = _make_progress_bar()
        globals()["ProgressBar"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ProgressBar", "Screen", "StepProgress", "format_duration", "format_metrics", "format_value", "steps"]  # noqa: F822 (ProgressBar: built by __getattr__)
