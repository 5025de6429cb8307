"""The one shape of every explorer in the series.

An explorer is a class that holds its controls as attributes, computes what
it shows with a pure, unit-tested function of the control values (no
ipywidgets inside), keeps the last result as an attribute, and puts
everything in one ipywidgets box, ``widget``. Displaying the explorer (as a
cell's last expression) displays ``widget``; ``update()`` recomputes from the
current control values, so a test can set a control and read the state
headless, without a browser or a kernel.
"""

from __future__ import annotations


class Explorer:
    """Base class: subclasses set ``self.widget`` (an ipywidgets box) and define ``update()``."""

    widget = None

    def update(self, change=None):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    #: What a reader sees where the controls cannot appear (GitHub, a static HTML page, JupyterLab before the
    #: cells have run): a sentence instead of ipywidgets' ``VBox(children=...)`` repr.
    STATIC_TEXT = (
        "Interactive explorer: its controls appear here once the cells above have run in JupyterLab "
        "(the static view below shows it at a few settings)."
    )

    def _repr_mimebundle_(self, **kwargs):
        """How Jupyter shows the explorer: as its widget, with :attr:`STATIC_TEXT` as the plain-text fallback."""
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):  # (data, metadata)
            data, metadata = bundle
            return {**data, "text/plain": self.STATIC_TEXT}, metadata
        return {**bundle, "text/plain": self.STATIC_TEXT}
