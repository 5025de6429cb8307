"""Trained weights committed with the series: written by the notebooks' own training cells, loaded instead of training.

In full mode a notebook loads the weights its training cells produced
(``weights/``), so *Run All* takes about a minute and every figure and
explorer still works on the trained models; ``LSTM_TRAIN=1``, or the Setup
cell's ``TRAIN = True``, trains from scratch (:func:`lstm_helpers.is_training`).
Fast mode always trains its small models and never reads or writes here.

One call does it, in the training cell::

    run = weights.train_or_load("04_final", model, fit, train=TRAIN, notebook="04_mnist_row_lstm.ipynb",
                                settings={"epochs": 7, "batch": 128, "peak_lr": 2e-3})
    run.history["val_accuracy"]      # the training history, trained here or saved with the weights
    run.seconds                      # the training time (here, or of the run that made the file)

``fit()`` trains the model and returns its history: a dict of per-epoch
lists (or any arrays, e.g. the time of every epoch).

The files. For every training, ``weights/<name>.npz`` holds

- ``weight/00``, ``weight/01``, ...: the model's arrays in the order of
  ``model.weights`` (Keras's order, e.g. an LSTM's ``kernel`` (D, 4H),
  ``recurrent_kernel`` (H, 4H) and ``bias`` (4H,) in the [i, f, g, o] layout);
- ``history/<key>``: the history ``fit()`` returned;

and ``weights/manifest.json`` gives each file's sha256 and size, the
notebook, the cell's training settings, the training time, the weights'
Keras paths and shapes, and the machine and versions it ran on.

Why ``.npz``: NumPy reads it without Keras or h5py (notebook 06's NumPy
sampler and the tests' NumPy re-scoring read the same arrays a Keras model
loads), it needs no pickle (``allow_pickle=False``: loading runs no code),
and every array is named and listed by ``np.load(path).files``.

The files are written only when ``LSTM_WRITE_WEIGHTS=1`` (``make notebooks``
and ``make weights`` set it), so a learner's own training never changes the
committed files. Loading checks the checksum, the settings and every shape,
and raises :class:`WeightsFileError` naming the file, what is wrong and how
to restore it, like the data loaders' ``DataFileError``.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._shapes import check_str, describe
from .config import env_flag, is_fast_mode, is_training
from .data import find_series_folder, sha256_of

WEIGHTS_DIR_ENV = "LSTM_WEIGHTS_DIR"
WRITE_ENV = "LSTM_WRITE_WEIGHTS"
MANIFEST = "manifest.json"
FORMAT = 1

_NAME = re.compile(r"^[0-9a-z][0-9a-z_]*$")
_RESTORE = "Restore the committed file with `git checkout -- weights/` from the repository root"
_RETRAIN = "train from scratch (TRAIN = True in the Setup cell, or LSTM_TRAIN=1)"
_RETRAIN_FIRST = _RETRAIN[0].upper() + _RETRAIN[1:]  # not str.capitalize: it would lower-case TRAIN = True


_TRAINED_HERE: list[str] = []  # the trainings this process ran (not loaded), in order


def trained_here() -> bool:
    """True once a :func:`train_or_load` call in this process has trained (rather than loaded) its model.

    The claims of the prose are enforced on the committed run only: after a
    learner's own training they are reported instead (:mod:`lstm_helpers.claims`).
    """
    return bool(_TRAINED_HERE)


class WeightsFileError(RuntimeError):
    """A committed weight file is missing, changed, or does not fit the model or the settings asking for it."""


@dataclass
class Run:
    """What a training cell goes on with: the history, the training time, and whether it was loaded."""

    name: str
    history: dict
    seconds: float
    loaded: bool
    record: dict = field(default_factory=dict)  # the manifest entry (empty when trained here and not written)


# ---------------------------------------------------------------- where the files are


def _is_weights_dir(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def find_weights_dir() -> Path:
    """``LSTM_WEIGHTS_DIR``, else ``weights/`` (with its manifest.json) upward from here, else beside the package."""
    return find_series_folder("weights", WEIGHTS_DIR_ENV, _is_weights_dir, WeightsFileError, MANIFEST)


def slug(*parts) -> str:
    """A file name from labels: ``slug("05", "S&P 500, LSTM")`` is ``"05_s_p_500_lstm"``."""
    text = "_".join(check_str("label", p, non_empty=True) for p in parts)
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def _check_name(name) -> str:
    name = check_str("weights name", name, non_empty=True)
    if not _NAME.match(name):
        raise ValueError(f"weights name must be lower-case letters, digits and _ (e.g. '04_final'), got {name!r}")
    return name


def read_manifest(weights_dir=None) -> dict:
    """The manifest: ``{"format": 1, "files": {name: entry}}`` (an empty one if the folder has none yet)."""
    folder = Path(weights_dir) if weights_dir is not None else find_weights_dir()
    path = folder / MANIFEST
    if not path.is_file():
        return {"format": FORMAT, "files": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WeightsFileError(f"weights/{MANIFEST} cannot be read ({exc}). {_RESTORE}.") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise WeightsFileError(f"weights/{MANIFEST} is not a weights manifest (no 'files' table). {_RESTORE}.")
    return manifest


# ---------------------------------------------------------------- writing


def writing() -> bool:
    """True when trained weights are to be written (``LSTM_WRITE_WEIGHTS=1``; never in fast mode)."""
    return env_flag(WRITE_ENV) and not is_fast_mode()


def _is_keras_model(model) -> bool:
    """A Keras model (its ``weights``); anything else is a list of NumPy arrays, like notebook 03's parameters."""
    return hasattr(model, "weights") and hasattr(model, "get_weights") and hasattr(model, "set_weights")


def _arrays_of(model) -> tuple[list, list]:
    """(arrays, [(path, shape)]) of a Keras model, or of a list of arrays (paths ``array/k``)."""
    if _is_keras_model(model):
        arrays = [np.asarray(a) for a in model.get_weights()]
        paths = [getattr(w, "path", getattr(w, "name", f"array/{k}")) for k, w in enumerate(model.weights)]
    else:
        arrays = [np.asarray(a) for a in model]
        paths = [f"array/{k}" for k in range(len(arrays))]
    return arrays, [(p, list(a.shape)) for p, a in zip(paths, arrays)]


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"weights settings must be numbers, strings, booleans, lists or dicts, got {describe(value)}")


def machine() -> str:
    """The machine a training ran on, for the manifest: CPU model, cores, OS."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def save(
    name, model, *, notebook: str, settings: dict, seconds: float, history: dict | None = None, weights_dir=None
) -> Path:
    """Write ``weights/<name>.npz`` (the model's arrays and ``history``) and its manifest entry; returns the path."""
    name = _check_name(name)
    folder = Path(weights_dir) if weights_dir is not None else find_weights_dir()
    arrays, shapes = _arrays_of(model)
    content = {f"weight/{k:02d}": a for k, a in enumerate(arrays)}
    for key, values in (history or {}).items():
        content[f"history/{key}"] = np.asarray(values, dtype=np.float64)
    path = folder / f"{name}.npz"
    partial = folder / f".{name}.partial.npz"
    np.savez_compressed(partial, **content)
    os.replace(partial, path)
    keras = sys.modules.get("keras")
    tf = sys.modules.get("tensorflow")
    manifest = read_manifest(folder)
    manifest["format"] = FORMAT
    manifest["files"][name] = {
        "file": path.name,
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
        "notebook": notebook,
        "settings": _jsonable(settings),
        "train_seconds": round(float(seconds), 1),
        "weights": [{"path": p, "shape": s} for p, s in shapes],
        "parameters": int(sum(a.size for a in arrays)),
        "history": sorted(history or {}),
        "machine": machine(),
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "tensorflow": getattr(tf, "__version__", None),
            "keras": getattr(keras, "__version__", None),
        },
        "trained_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    manifest["files"] = dict(sorted(manifest["files"].items()))
    partial = folder / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, folder / MANIFEST)
    return path


# ---------------------------------------------------------------- reading


@dataclass
class Loaded:
    """A verified weight file: its arrays in ``model.weights`` order, its history and its manifest entry."""

    name: str
    arrays: list
    history: dict
    record: dict


def load_arrays(name, *, settings: dict | None = None, weights_dir=None) -> Loaded:
    """Read ``weights/<name>.npz`` after checking its sha256 (and, if given, that it was trained with ``settings``)."""
    name = _check_name(name)
    folder = Path(weights_dir) if weights_dir is not None else find_weights_dir()
    entries = read_manifest(folder)["files"]
    if name not in entries:
        known = ", ".join(sorted(entries)) or "none"
        raise WeightsFileError(
            f"no committed weights named {name!r} in weights/{MANIFEST} (it lists: {known}). {_RESTORE}, or {_RETRAIN}."
        )
    record = entries[name]
    path = folder / record["file"]
    where = f"weights/{record['file']}"
    if not path.is_file():
        raise WeightsFileError(f"weight file {where} is missing (looked for {path}). {_RESTORE}, or {_RETRAIN}.")
    actual = sha256_of(path)
    if actual != record["sha256"]:
        raise WeightsFileError(
            f"weight file {where} failed its checksum: the manifest says sha256 {record['sha256'][:16]}..., "
            f"the file has {actual[:16]}... It is corrupt or was changed. {_RESTORE}, or {_RETRAIN}."
        )
    if settings is not None:
        wanted, saved = _jsonable(settings), record.get("settings", {})
        differ = [
            f"{k}: trained with {saved.get(k)!r}, this cell asks for {wanted.get(k)!r}"
            for k in sorted(set(wanted) | set(saved))
            if wanted.get(k) != saved.get(k)
        ]
        if differ:
            raise WeightsFileError(
                f"weight file {where} was trained with other settings than this cell's ({'; '.join(differ)}). "
                f"{_RETRAIN_FIRST}, or restore the cell's settings."
            )
    try:
        with np.load(path, allow_pickle=False) as content:
            keys = sorted(k for k in content.files if k.startswith("weight/"))
            arrays = [content[k] for k in keys]
            history = {k.split("/", 1)[1]: content[k] for k in content.files if k.startswith("history/")}
    except (OSError, ValueError, KeyError) as exc:
        raise WeightsFileError(f"weight file {where} cannot be read ({exc}). {_RESTORE}.") from exc
    history = {k: v.tolist() if v.ndim == 1 else v for k, v in history.items()}
    return Loaded(name, arrays, history, record)


def load(name, model, *, settings: dict | None = None, weights_dir=None) -> Loaded:
    """Put the verified weights of ``weights/<name>.npz`` into ``model``; returns what was read.

    ``model`` is a Keras model, or a list of NumPy arrays (a NumPy model's
    parameters, as notebook 03 keeps them), which are filled in place.
    Every array must fit the model's weight of the same position (its count
    and shapes are checked first); a model built differently from the one
    trained gets a :class:`WeightsFileError` listing the first mismatch.
    """
    loaded = load_arrays(name, settings=settings, weights_dir=weights_dir)
    where = f"weights/{loaded.record['file']}"
    keras_model = _is_keras_model(model)
    targets = list(model.weights) if keras_model else list(model)
    if len(targets) != len(loaded.arrays):
        raise WeightsFileError(
            f"weight file {where} holds {len(loaded.arrays)} arrays, but the model has {len(targets)} weights: "
            f"it was trained for a different model. {_RETRAIN_FIRST}."
        )
    for k, (var, arr) in enumerate(zip(targets, loaded.arrays)):
        if tuple(var.shape) != arr.shape:
            saved_path = loaded.record["weights"][k]["path"]
            raise WeightsFileError(
                f"weight file {where}: array {k} ({saved_path}) has shape {arr.shape}, the model's weight "
                f"{getattr(var, 'path', getattr(var, 'name', f'array {k}'))} is {tuple(var.shape)}: it was trained "
                f"for a different model. {_RETRAIN_FIRST}."
            )
    if keras_model:
        model.set_weights(loaded.arrays)
    else:
        for target, arr in zip(targets, loaded.arrays):
            target[...] = arr  # the caller's own parameter arrays, filled in place
    return loaded


# ---------------------------------------------------------------- the training cell's one call


def train_or_load(
    name,
    model,
    fit: Callable[[], dict],
    *,
    notebook: str,
    settings: dict,
    train: bool | None = None,
    say: Callable[[str], None] | None = None,
    weights_dir=None,
) -> Run:
    """Train ``model`` with ``fit()`` (fast mode, or ``train``), else load its committed weights.

    ``train`` is the Setup cell's ``TRAIN`` (default :func:`lstm_helpers.is_training`);
    fast mode always trains. After training with ``LSTM_WRITE_WEIGHTS=1``
    the weights and the history are written to ``weights/<name>.npz``.
    Loading says what it loaded and the training time it skipped.
    """
    name = _check_name(name)
    if say is None:
        from .printing import say
    train = is_training() if train is None else bool(train)
    if train or is_fast_mode():
        start = time.perf_counter()
        history = fit()
        seconds = time.perf_counter() - start
        _TRAINED_HERE.append(name)
        if not isinstance(history, dict):
            raise TypeError(f"fit() must return the training history as a dict, got {describe(history)}")
        record = {}
        if writing():
            path = save(
                name,
                model,
                notebook=notebook,
                settings=settings,
                seconds=seconds,
                history=history,
                weights_dir=weights_dir,
            )
            record = read_manifest(path.parent)["files"][name]
        return Run(name, dict(history), seconds, loaded=False, record=record)
    from .progress import format_duration

    loaded = load(name, model, settings=settings, weights_dir=weights_dir)
    rec = loaded.record
    say(
        f"{name}: loaded the committed weights (weights/{rec['file']}, sha256 checked); training them took "
        f"{format_duration(rec['train_seconds'])} on {rec['machine']}."
    )
    return Run(name, loaded.history, float(rec["train_seconds"]), loaded=True, record=rec)
