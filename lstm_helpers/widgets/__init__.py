"""Interactive explorers for the notebooks.

Each explorer is split in two: a pure function that computes what is shown
(unit-tested, importable without ipywidgets) and a builder that only wires
sliders to it. Modules: ``gates`` (notebook 02), ``rnn`` (notebook 01),
``sampling`` (notebook 06). Builders import ipywidgets lazily.
"""
from . import rnn  # noqa: E402,F401  (notebook 01)

from .gates import gate_bias_response  # noqa: E402,F401  (notebook 02)
from . import sampling  # noqa: E402,F401  (notebook 06)
