"""Run modes (fast for tests, full for readers), seeding and a quiet Keras import.

Fast mode is chosen with the environment variable ``LSTM_FAST=1``; the test
suite sets it for every notebook kernel. A person who opens a notebook gets
full mode, the one that reaches the headline numbers.

Training is the second switch (:func:`is_training`): full mode loads the
committed trained weights (``weights/``, see :mod:`lstm_helpers.weights`)
unless ``LSTM_TRAIN=1`` asks to train from scratch; fast mode always trains
its small models.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import sys
from typing import TypeVar

import numpy as np

from ._shapes import check_int

FAST_ENV = "LSTM_FAST"
TRAIN_ENV = "LSTM_TRAIN"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}

T = TypeVar("T")


def env_flag(name: str) -> bool:
    """An on/off environment variable: 1/true/yes/on, or 0/false/no/off or unset; anything else is an error."""
    raw = os.environ.get(name, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/true/yes/on or 0/false/no/off (or unset), got {raw!r}")


def is_fast_mode() -> bool:
    """True when ``LSTM_FAST`` asks for the small, quick configuration."""
    return env_flag(FAST_ENV)


def is_training() -> bool:
    """True when the long trainings run here: always in fast mode, in full mode only with ``LSTM_TRAIN=1``.

    Otherwise (full mode, the default) a notebook loads the committed weights
    that its own training cells produced (:func:`lstm_helpers.weights.train_or_load`).
    The Setup cell's ``TRAIN = lh.is_training()`` is the one switch; set
    ``TRAIN = True`` there to train from scratch.
    """
    return is_fast_mode() or env_flag(TRAIN_ENV)


def pick(fast: T, full: T) -> T:
    """Return ``fast`` in fast mode and ``full`` otherwise, e.g. ``T = pick(20, 200)``."""
    return fast if is_fast_mode() else full


def mode_banner(train: bool | None = None) -> str:
    """Which mode this run is in and how to change it, then the versions and hardware it runs on.

    ``train`` is the Setup cell's ``TRAIN`` switch (default: :func:`is_training`).
    The second line (:func:`versions_line`) lets a learner compare their run
    with the README's reference run.
    """
    train = is_training() if train is None else bool(train)
    if is_fast_mode():
        mode = f"FAST mode ({FAST_ENV}=1): small data and short training, as the test suite runs it."
    elif train:
        mode = f"FULL mode, TRAIN = True: a training cell, if any, trains from scratch ({FAST_ENV}=1: a quick run)."
    else:
        mode = "FULL mode, TRAIN = False: a training cell, if any, loads the committed trained weights."
    return f"{mode}\n{versions_line()}"


def versions_line() -> str:
    """Python, NumPy, TensorFlow and Keras versions, CPU cores and whether a GPU is visible, on one line.

    Reads TensorFlow and Keras only if they are already imported (``import
    lstm_helpers`` never imports TensorFlow); the Setup cell calls
    :func:`import_keras` first, so there they are.
    """
    parts = [f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    tf = sys.modules.get("tensorflow")
    keras = sys.modules.get("keras")
    parts.append(f"TensorFlow {tf.__version__}" if tf is not None else "TensorFlow not imported")
    if keras is not None:
        parts.append(f"Keras {keras.__version__}")
    cores = os.cpu_count() or 0
    parts.append(f"{cores} CPU core{'s' if cores != 1 else ''}")
    if tf is not None:
        gpus = tf.config.list_physical_devices("GPU")
        parts.append(f"{len(gpus)} GPU{'s' if len(gpus) != 1 else ''} visible" if gpus else "no GPU visible")
    return " · ".join(parts)


def seed_everything(seed: int = 42, *, keras: bool = False) -> np.random.Generator:
    """Seed Python's ``random`` and NumPy's global generator; with ``keras=True`` Keras too.

    ``keras=True`` imports Keras (through :func:`import_keras`) and calls
    ``keras.utils.set_random_seed``, which also seeds the TensorFlow backend.
    Returns a fresh ``np.random.Generator`` for code that prefers explicit
    generators (every notebook uses it as ``rng``).
    """
    seed = check_int("seed", seed, 0)
    random.seed(seed)
    np.random.seed(seed)
    if keras:
        import_keras().utils.set_random_seed(seed)
    return np.random.default_rng(seed)


@contextlib.contextmanager
def _stderr_fd_silenced():
    """Send file descriptor 2 to /dev/null for the duration of the block.

    TensorFlow's C++ runtime writes a few lines straight to fd 2 while it is
    imported, before its logging is configured, so no environment variable
    hides them. Python-level errors still propagate as exceptions.
    """
    try:
        fd = sys.__stderr__.fileno() if sys.__stderr__ is not None else 2
    except (AttributeError, OSError, ValueError):
        fd = 2
    try:
        saved = os.dup(fd)
    except OSError:  # no usable fd 2: nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def import_keras():
    """Import and return ``keras`` (Keras 3 on TensorFlow) without TensorFlow's start-up noise."""
    if "keras" in sys.modules and "tensorflow" in sys.modules:
        return sys.modules["keras"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    with _stderr_fd_silenced():
        import keras
        import tensorflow  # noqa: F401  (the C++ runtime starts here)
    return keras
