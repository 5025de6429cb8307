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

    def _repr_mimebundle_(self, **kwargs):
        """How Jupyter shows the explorer: as its widget."""
        return self.widget._repr_mimebundle_(**kwargs)
