"""The one shape of every explorer in the series, and the number control every explorer uses.

An explorer is a class that holds its controls as attributes, computes what
it shows with a pure, unit-tested function of the control values (no
ipywidgets inside), keeps the last result as an attribute, and puts
everything in one ipywidgets box, ``widget``. Displaying the explorer (as a
cell's last expression) displays ``widget``; ``update()`` recomputes from the
current control values, so a test can set a control and read the state
headless, without a browser or a kernel.

Every number a learner sets goes through a :class:`NumberControl`: a slider
and a box for typing, where a typed value outside the range or off the
slider's steps is never changed silently (the control says what it used and
why), and the value shown is the value used.

Every sentence an explorer shows a learner (labels, readouts, notes, messages) is written in English and
Chinese where it is made, with :func:`lstm_helpers.language.text`, and picked when the explorer is built or
the readout is written: an explorer built in the Chinese edition speaks Chinese.
"""

from __future__ import annotations

from ..language import text


class Explorer:
    """Base class: subclasses set ``self.widget`` (an ipywidgets box) and define ``update()``."""

    widget = None

    def update(self, change=None):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @staticmethod
    def static_text() -> str:
        """What a reader sees where the controls cannot appear (GitHub, a static HTML page, JupyterLab before the
        cells have run): a sentence instead of ipywidgets' ``VBox(children=...)`` repr."""
        return text(
            "Interactive explorer: its controls appear here once the cells above have run in JupyterLab "
            "(the static view below shows it at a few settings).",
            "交互演示：在 JupyterLab 中运行上面的单元格后，它的控件会出现在这里（下面的静态视图给出它在几种设置下的样子）。",
        )

    def _repr_mimebundle_(self, **kwargs):
        """How Jupyter shows the explorer: as its widget, with :meth:`static_text` as the plain-text fallback."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        plain = self.static_text()
        if isinstance(bundle, tuple):  # (data, metadata)
            data, metadata = bundle
            return {**data, "text/plain": plain}, metadata
        return {**bundle, "text/plain": plain}


# ----------------------------------------------------------------------------- a number that is never changed silently


def snap(typed: float, low: float, high: float, step: float, decimals: int) -> float:
    """The value a control uses for a typed number: clamped to ``[low, high]``, then put on the grid of ``step``
    from ``low`` and rounded to ``decimals`` (what the box shows is exactly what is used)."""
    value = min(max(float(typed), low), high)
    value = low + round((value - low) / step) * step
    return round(min(max(value, low), high), decimals)


def snap_note(typed: float, used: float, low: float, high: float, step: float, name: str, fmt: str) -> str:
    """What the control says when it used another value than the one typed ('' when it used the typed one).

    ``name`` is the quantity in the learner's language (the control's ``name``, picked when it was built).
    A value within float rounding of the one used says nothing: a slider dragged in the browser sends its grid
    point as the browser computes it (2.7000000000000006 for 2.7), and "using 2.7 for the 2.7 you typed" would
    tell the learner nothing."""
    if abs(typed - used) <= 1e-9 * step:
        return ""
    shown = format(used, fmt)
    if typed > high:
        return text(
            f"{shown} is the largest {name} here; you typed {typed:g}.",
            f"这里的{name}最大为 {shown}；你输入的是 {typed:g}。",
        )
    if typed < low:
        return text(
            f"{shown} is the smallest {name} here; you typed {typed:g}.",
            f"这里的{name}最小为 {shown}；你输入的是 {typed:g}。",
        )
    return text(
        f"{name} moves in steps of {step:g}: using {shown} for the {typed:g} you typed.",
        f"{name}以 {step:g} 为步长移动：你输入的 {typed:g} 取为 {shown}。",
    )


class NumberControl:
    """A slider with a number box beside it that never changes a value silently.

    ipywidgets' own slider readout clamps and rounds a typed number in the browser, so the kernel never
    learns what was typed. Here the box is a separate ``FloatText``: what is typed reaches the kernel, the
    control puts it on the slider's grid (:func:`snap`), shows the value it uses in the box and on the
    slider, and says in ``note`` what it changed and why (:func:`snap_note`), e.g. "6.0 is the largest
    forget bias here; you typed 50." (in the Chinese edition "这里的遗忘门偏置最大为 6.0；你输入的是 50。").
    ``description`` and ``name`` are in the learner's language (the caller picks them with ``text(en, zh)``
    when it builds the control). ``value`` is the value used; ``observe(callback)`` calls
    ``callback(value)`` once per change, from the slider or from the box. CSS classes (for the browser
    tests): ``css`` on the whole control, ``css-box`` on the box, ``css-note`` on the note.
    """

    def __init__(
        self,
        description: str,
        value: float,
        low: float,
        high: float,
        step: float,
        *,
        name: str,
        fmt: str = ".1f",
        css: str,
        width: str = "420px",
        description_width: str = "100px",
    ):
        import ipywidgets as widgets

        self.low, self.high, self.step, self.name, self.fmt = float(low), float(high), float(step), name, fmt
        self.decimals = int(fmt.strip(".f") or 0)
        start = snap(value, self.low, self.high, self.step, self.decimals)
        self.slider = widgets.FloatSlider(
            value=start,
            min=low,
            max=high,
            step=step,
            readout=False,
            description=description,
            style={"description_width": description_width},
            layout=widgets.Layout(width=width),
            continuous_update=False,  # recompute when the slider is released
        )
        self.box = widgets.FloatText(value=start, layout=widgets.Layout(width="70px"))
        self.box.add_class(f"{css}-box")
        self.note = widgets.HTML("")
        self.note.add_class(f"{css}-note")
        self.widget = widgets.VBox([widgets.HBox([self.slider, self.box]), self.note])
        self.widget.add_class(css)
        self._callbacks, self._busy, self._used = [], False, start
        self.slider.observe(self._from_slider, names="value")
        self.box.observe(self._from_box, names="value")

    @property
    def value(self) -> float:
        return self._used

    @value.setter
    def value(self, typed: float) -> None:
        self._use(typed)

    def observe(self, callback) -> None:
        self._callbacks.append(callback)

    def _use(self, typed) -> None:
        used = snap(typed, self.low, self.high, self.step, self.decimals)
        self.note.value = snap_note(float(typed), used, self.low, self.high, self.step, self.name, self.fmt)
        changed, self._used = used != self._used, used
        self._busy = True
        try:
            self.box.value = used
            self.slider.value = used
        finally:
            self._busy = False
        if changed:
            for callback in self._callbacks:
                callback(used)

    def _from_slider(self, change) -> None:
        if not self._busy:
            self._use(change["new"])

    def _from_box(self, change) -> None:
        if not self._busy:
            self._use(change["new"])
