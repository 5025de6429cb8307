"""Interactive explorers for the notebooks.

Every explorer has one shape (:class:`~lstm_helpers.widgets.explorer.Explorer`):
a class holding its controls, a pure function that computes what is shown
(unit-tested, importable without ipywidgets, living with the maths in
:mod:`lstm_helpers.lstm` or :mod:`lstm_helpers.rnn` when it is model maths),
and a ``widget`` box displayed in the notebook. Modules: ``gates``
(notebook 02), ``rnn`` (notebook 01), ``sampling`` (notebook 06),
``attention`` (notebook 07).
ipywidgets is imported lazily, when an explorer is built.
"""

from . import attention, rnn, sampling  # notebooks 07, 01 and 06
from .gates import gate_bias_response  # notebook 02

__all__ = ["attention", "gate_bias_response", "rnn", "sampling"]
