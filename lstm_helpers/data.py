"""Offline data: the committed files in ``data/`` and small generated tasks.

Every loader checks the file's sha256 before reading it and raises
:class:`DataFileError` (naming the file, what is wrong and how to restore it)
when it is missing, unreadable or changed. Loaders only read; they never
modify or download anything. :func:`find_data_dir` says where ``data/`` is
found (``LSTM_DATA_DIR``, the repository above the current directory, or
next to an editable install).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._shapes import check_int, check_number

#: sha256 of every committed data file (also listed in data/README.md).
CHECKSUMS = {
    "mnist.npz": "3e84e2deac2ffd7d5746b88c63f2ff1b3a146c234939ebb71b8ebaad4de7f449",
    "sp500.csv": "01193dd5b08e00dec0f7b591b4c1de8573f4a31142f4f0318d5cef3ab1758d4c",
    "shakespeare.txt": "c8a023a98085bb1cf5ebee34ead0fbde48d99bcf2deba79f49760062959339a3",
}

_RESTORE = "Restore it with `git checkout -- data/{name}` from the repository root."

#: Environment variable that names the data folder explicitly (checked first).
DATA_DIR_ENV = "LSTM_DATA_DIR"

# The repository around the package when it is used from there (editable install).
_REPO_ROOT = Path(__file__).resolve().parent.parent
_BESIDE_PACKAGE = _REPO_ROOT / "data"  # where an editable install finds data/


class DataFileError(RuntimeError):
    """A committed data file is missing, unreadable or not the file we expect."""


def _is_series_data_dir(folder: Path) -> bool:
    """True for the series' ``data/`` folder: its README.md and at least one of the checksummed files."""
    return (folder / "README.md").is_file() and any((folder / name).is_file() for name in CHECKSUMS)


def find_data_dir() -> Path:
    """The folder the loaders read from, found in this order:

    1. the folder named by the ``LSTM_DATA_DIR`` environment variable;
    2. the ``data/`` folder of the repository, searched from the current
       directory upward (a ``data/`` with README.md and the series' files),
       so ``pip install .`` works for anyone who runs inside their clone;
    3. ``data/`` next to the package (an editable install from the repository).

    Raises :class:`DataFileError` saying where it looked and what to set when
    none of them holds the data.
    """
    return find_series_folder(
        "data", DATA_DIR_ENV, _is_series_data_dir, DataFileError, f"README.md and {', '.join(sorted(CHECKSUMS))}"
    )


def find_series_folder(name: str, env_var: str, is_ours, error: type[Exception], holds: str) -> Path:
    """The series' folder ``name`` (``data``, ``weights``): ``env_var``, else upward from the current
    directory, else next to the package; ``is_ours(folder)`` recognises it, ``holds`` says what it holds."""
    explicit = os.environ.get(env_var)
    if explicit:
        folder = Path(explicit).expanduser()
        if not folder.is_dir():
            raise error(
                f"{env_var} is set to {explicit!r}, which is not a folder. "
                f"Set it to the repository's {name}/ folder (it holds {holds})."
            )
        return folder
    cwd = Path.cwd().resolve()
    for parent in (cwd, *cwd.parents):
        if is_ours(parent / name):
            return parent / name
    beside = _REPO_ROOT / name
    if is_ours(beside):
        return beside
    raise error(
        f"cannot find the series' {name} folder: {env_var} is not set, no {name}/ folder with {holds} "
        f"was found in {cwd} or any folder above it, and there is none next to the package ({beside}). "
        f"Run from inside the repository, or set {env_var} to its {name}/ folder, "
        f"e.g. `export {env_var}=/path/to/repo/{name}`."
    )


def __getattr__(name):
    # ``DATA_DIR`` is looked up when used, so it follows LSTM_DATA_DIR and the current directory.
    if name == "DATA_DIR":
        return find_data_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    folder = Path(data_dir) if data_dir is not None else find_data_dir()
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
    n, T = check_int("n", n, 1), check_int("T", T, 2)
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


# --- a synthetic stock-style price series with a known noise floor (notebook 05) ---


@dataclass(frozen=True)
class SyntheticPrices:
    """A synthetic price series and everything the generator knows about it.

    All arrays have length ``n`` and are indexed by day ``t``; day 0 has no
    return, so the return arrays hold ``NaN`` there.

    - ``prices`` (n,): closes, all positive; ``prices[0]`` is the start price.
    - ``log_returns`` (n,): ``r_t = log(prices[t] / prices[t-1])``.
    - ``expected_log_returns`` (n,): ``m_t``, the part of ``r_t`` fixed by the
      closes up to day ``t-1``: the ideal one-step forecast of ``r_t``.
    - ``noise`` (n,): ``r_t - m_t``, i.i.d. normal with standard deviation ``noise_std``.
    - ``noise_std``: the **noise floor in return space**: no forecast made at
      the close of day ``t-1`` can have an expected squared error on ``r_t``
      below ``noise_std**2``, and the ideal forecast ``m_t`` reaches it.
    """

    prices: np.ndarray
    log_returns: np.ndarray
    expected_log_returns: np.ndarray
    noise: np.ndarray
    noise_std: float

    def ideal_price_forecast(self) -> np.ndarray:
        """The ideal forecast in price units, ``prices[t-1] * exp(m_t)`` (n,; NaN on day 0).

        This turns the ideal log-return forecast into a price the same way a
        model's forecast ``r_hat`` is turned into ``prices[t-1] * exp(r_hat)``,
        so its RMSE on a set of days is the noise floor in price units for those
        days. (The conditional mean would add ``noise_std**2 / 2`` to the
        exponent; for ``noise_std = 0.01`` that changes the RMSE by about 1e-5 of itself.)
        """
        forecast = np.full(len(self.prices), np.nan)
        forecast[1:] = self.prices[:-1] * np.exp(self.expected_log_returns[1:])
        return forecast


def synthetic_prices(
    n: int,
    seed: int = 0,
    *,
    noise_std: float = 0.01,
    drift: float = 3e-4,
    momentum: float = 2.0,
    momentum_days: int = 3,
    momentum_scale: float = 1.5,
    reversion: float = 0.1,
    reversion_days: int = 20,
    start_price: float = 100.0,
) -> SyntheticPrices:
    """A stock-style daily series whose best possible one-step error is known exactly.

    With ``y_t = log(prices[t])`` and ``r_t = y_t - y_{t-1}``, each day's log return is

        r_t = m_t + e_t,    e_t ~ N(0, noise_std**2), i.i.d. (the unpredictable part)
        m_t = drift + momentum_t - reversion * (y_{t-1} - mean(y_{t-R}, ..., y_{t-1}))
        momentum_t = momentum * noise_std * z * exp(-z**2 / (2 * momentum_scale**2)),
        z = (r_{t-1} + ... + r_{t-M}) / (noise_std * sqrt(M))

    with ``M = momentum_days`` and ``R = reversion_days``. ``m_t`` depends only on
    the closes up to day ``t-1``, so it is the ideal one-step forecast and its
    error is exactly the noise: the **noise floor** is ``noise_std`` in
    log-return space (returned as ``.noise_std``; see
    :meth:`SyntheticPrices.ideal_price_forecast` for price units).

    The learnable part behaves like a market with trend runs and pull-backs:
    a moderate 3-day move tends to continue (momentum), a large one does not
    (the bump ``z * exp(-z**2/2s**2)`` falls back towards zero), and the price
    is pulled back towards its 20-day average. The bump is nonlinear, so a
    linear autoregression can only use part of it. Momentum terms start once
    ``M`` past returns exist, the pull-back once ``R`` past closes exist.

    With the defaults the predictable part has about the variance of the noise,
    far more predictable than any real market: the point is a series where a
    model *can* win and we know by how much.
    """
    n, M, R = (
        check_int("n", n, 2),
        check_int("momentum_days", momentum_days, 1),
        check_int("reversion_days", reversion_days, 1),
    )
    for name, value in (("noise_std", noise_std), ("momentum_scale", momentum_scale), ("start_price", start_price)):
        check_number(name, value, 0, low_open=True)
    for name, value in (("drift", drift), ("momentum", momentum), ("reversion", reversion)):
        check_number(name, value)
    rng = np.random.default_rng(seed)
    noise = np.full(n, np.nan)
    noise[1:] = rng.normal(0.0, noise_std, size=n - 1)
    y = np.empty(n)  # log prices
    r = np.full(n, np.nan)  # log returns, none on day 0
    m = np.full(n, np.nan)  # expected log returns
    y[0] = np.log(start_price)
    for t in range(1, n):
        mean_t = drift
        if t - M >= 1:  # M past returns r_{t-M} .. r_{t-1}
            z = r[t - M : t].sum() / (noise_std * np.sqrt(M))
            mean_t += momentum * noise_std * z * np.exp(-(z * z) / (2.0 * momentum_scale**2))
        if t - R >= 0:  # R past closes y_{t-R} .. y_{t-1}
            mean_t -= reversion * (y[t - 1] - y[t - R : t].mean())
        m[t] = mean_t
        r[t] = mean_t + noise[t]
        y[t] = y[t - 1] + r[t]
    return SyntheticPrices(
        prices=np.exp(y), log_returns=r, expected_log_returns=m, noise=noise, noise_std=float(noise_std)
    )
