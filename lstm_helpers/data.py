"""Offline data: the committed files in ``data/`` and small generated tasks.

Every loader checks the file's sha256 before reading it and raises
:class:`DataFileError` (naming the file, what is wrong and how to restore it)
when it is missing, unreadable or changed. Loaders only read; they never
modify or download anything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

#: The repository's data folder (the package is installed editable from the repo).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

#: sha256 of every committed data file (also listed in data/README.md).
CHECKSUMS = {
    "mnist.npz": "3e84e2deac2ffd7d5746b88c63f2ff1b3a146c234939ebb71b8ebaad4de7f449",
    "sp500.csv": "01193dd5b08e00dec0f7b591b4c1de8573f4a31142f4f0318d5cef3ab1758d4c",
    "shakespeare.txt": "c8a023a98085bb1cf5ebee34ead0fbde48d99bcf2deba79f49760062959339a3",
}

_RESTORE = "Restore it with `git checkout -- data/{name}` from the repository root."


class DataFileError(RuntimeError):
    """A committed data file is missing, unreadable or not the file we expect."""


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verified_path(name: str, data_dir=None) -> Path:
    """Path of data file ``name`` after checking that it exists and matches its checksum."""
    if name not in CHECKSUMS:
        raise ValueError(f"unknown data file {name!r}; known files: {sorted(CHECKSUMS)}")
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    path = folder / name
    restore = _RESTORE.format(name=name)
    if not path.is_file():
        raise DataFileError(f"data file {name} is missing (looked for {path}). {restore}")
    try:
        actual = sha256_of(path)
    except OSError as exc:
        raise DataFileError(f"data file {name} cannot be read ({exc.strerror or exc}). {restore}") from exc
    expected = CHECKSUMS[name]
    if actual != expected:
        raise DataFileError(
            f"data file {name} failed its checksum: expected sha256 {expected[:16]}..., "
            f"got {actual[:16]}... The file is corrupt or was edited. {restore}"
        )
    return path


def load_mnist(data_dir=None):
    """MNIST as ``(x_train, y_train), (x_test, y_test)``, exactly like ``keras.datasets.mnist.load_data()``.

    ``x_*`` are uint8 arrays ``(N, 28, 28)`` with pixels 0..255, ``y_*`` uint8
    labels ``(N,)``; N is 60,000 for training and 10,000 for testing. Read from
    ``data/mnist.npz`` with NumPy (no Keras download cache involved).
    """
    path = verified_path("mnist.npz", data_dir)
    try:
        with np.load(path, allow_pickle=False) as f:
            x_train, y_train = f["x_train"], f["y_train"]
            x_test, y_test = f["x_test"], f["y_test"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataFileError(f"data file mnist.npz cannot be read ({exc}). {_RESTORE.format(name='mnist.npz')}") from exc
    return (x_train, y_train), (x_test, y_test)


def load_sp500(data_dir=None):
    """The S&P 500 daily table, 1999-01-04 to 2018-12-31, oldest first.

    A ``pandas.DataFrame`` indexed by ``Date`` (a ``DatetimeIndex``) with the
    float columns ``Open, High, Low, Close, Adj Close`` and the integer column
    ``Volume``; one row per trading day (5,031 rows).
    """
    import pandas as pd  # only the forecasting notebook needs pandas

    path = verified_path("sp500.csv", data_dir)
    try:
        table = pd.read_csv(path, parse_dates=["Date"], index_col="Date")
    except (OSError, ValueError) as exc:
        raise DataFileError(f"data file sp500.csv cannot be read ({exc}). {_RESTORE.format(name='sp500.csv')}") from exc
    return table.sort_index()


def load_shakespeare(data_dir=None) -> str:
    """Six Shakespeare tragedies as one string (pure ASCII, ``\\n`` line endings, 841,800 characters)."""
    path = verified_path("shakespeare.txt", data_dir)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(
            f"data file shakespeare.txt cannot be read ({exc}). {_RESTORE.format(name='shakespeare.txt')}"
        ) from exc


def adding_problem(n: int, T: int, seed: int = 0, dtype=np.float32):
    """The adding problem (Hochreiter & Schmidhuber 1997; the form of Le, Jaitly & Hinton 2015).

    Returns ``x (n, T, 2)`` and ``y (n,)``. Channel 0 holds values drawn
    uniformly from [0, 1]; channel 1 is a mask with exactly two ones, one at a
    random step of the first half of the sequence and one in the second half.
    The target is the sum of the two marked values, so it lies in [0, 2].
    Predicting the constant 1 gives an expected mean squared error of 1/6.
    """
    for name, value, low in (("n", n, 1), ("T", T, 2)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    rng = np.random.default_rng(seed)
    half = T // 2
    values = rng.uniform(0.0, 1.0, size=(n, T))
    first = rng.integers(0, half, size=n)  # a step in [0, T/2)
    second = rng.integers(half, T, size=n)  # a step in [T/2, T)
    mask = np.zeros((n, T))
    rows = np.arange(n)
    mask[rows, first] = 1.0
    mask[rows, second] = 1.0
    x = np.stack([values, mask], axis=-1).astype(dtype)  # (n, T, 2)
    y = (values[rows, first] + values[rows, second]).astype(dtype)  # (n,)
    return x, y
