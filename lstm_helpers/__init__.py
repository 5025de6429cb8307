"""Helpers for the LSTM teaching notebooks.

The notebooks teach; this package holds what must be correct and reused:
NumPy RNN/LSTM cells and their gradients, data loaders, baselines, plots and
widget builders.

Importing the package is cheap on purpose: it never imports TensorFlow.
Notebooks that need Keras call :func:`import_keras`, which imports it once
and keeps TensorFlow's C++ start-up log lines out of the notebook.
"""

import os as _os

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)

# TensorFlow reads this when its C++ runtime starts: 3 hides its INFO/WARNING/
# ERROR log lines (e.g. "failed call to cuInit" on a machine without a GPU).
# It only filters log output; see benchmarks/quiet_start.py for the timing.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from .config import import_keras, is_fast_mode, is_training, mode_banner, pick, seed_everything
from .plots import use_style
from .printing import say
from .report import report

__all__ = [
    "import_keras",
    "is_fast_mode",
    "is_training",
    "mode_banner",
    "pick",
    "report",
    "say",
    "seed_everything",
    "use_style",
]
