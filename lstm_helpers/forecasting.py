"""Honest one-step and multi-step forecasting: splits, windows, scaling, baselines, metrics and comparisons.

Conventions (used by notebook 05 and its exercises):

- Everything is indexed by **day** ``t``: ``prices[t]`` is the close of day
  ``t`` and ``log_returns(prices)[t] = log(prices[t] / prices[t-1])``, with
  ``NaN`` on day 0 (it has no previous close). A forecast *for* day ``t`` is
  made at the close of day ``t-1`` and may use only days ``< t``.
- Splits are chronological: training days ``[0, train_end)``, validation
  ``[train_end, val_end)``, test ``[val_end, n)``. A window whose target lies in
  the test part may read inputs from the end of the validation part: those
  closes are in the past when the forecast is made, so that is no leak.
  Scalers and regressions are fitted on the training part only.
- Shapes: ``n`` days, ``N`` windows (samples), ``T`` time steps per window,
  ``D`` features per step, ``h`` steps ahead (horizon).

Comparing two forecasts scored on the same days (section "comparisons" below)
uses the field's tools for dependent data: the loss differential
``d_t = loss_model[t] - loss_reference[t]``, a Diebold-Mariano test with
Newey-West (HAC) standard errors from ``statsmodels`` (:func:`diebold_mariano`; for nested
models Clark and West's adjustment, :func:`clark_west`),
a block length chosen by ``arch.bootstrap.optimal_block_length``
(:func:`block_length`) for the circular block bootstrap of
:func:`lstm_helpers.stats.bootstrap_interval`, and rolling-origin
(walk-forward) splits (:func:`walk_forward_splits`).

Every function is pure: inputs are never modified.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._shapes import as_float_array, as_float_vector, check_int, check_number
from .stats import Interval


def _check_days(name: str, days, n: int, first: int) -> np.ndarray:
    """Integer day indices in ``[first, n)``."""
    idx = np.asarray(days)
    if idx.ndim != 1 or not np.issubdtype(idx.dtype, np.integer):
        raise TypeError(f"{name} must be a 1-D array of integer day indices, got dtype {idx.dtype} shape {idx.shape}")
    if idx.size and (idx.min() < first or idx.max() >= n):
        raise ValueError(f"{name} must lie in [{first}, {n}) (enough past days), got {idx.min()}..{idx.max()}")
    return idx


# --- data preparation ---


def log_returns(prices) -> np.ndarray:
    """Daily log returns aligned with the days: ``r[t] = log(prices[t] / prices[t-1])``, ``r[0] = NaN``.

    ``prices`` (n,) must be positive. Returns (n,) float64.
    """
    p = as_float_vector("prices", prices)
    if p.size < 2:
        raise ValueError(f"prices needs at least 2 days, got {p.size}")
    if not np.all(np.isfinite(p)) or np.any(p <= 0):
        raise ValueError("prices must be finite and positive (log returns need log(price))")
    r = np.full(p.size, np.nan)
    r[1:] = np.diff(np.log(p.astype(np.float64)))
    return r


def chronological_split(n: int, val_frac: float = 0.15, test_frac: float = 0.15) -> tuple[int, int]:
    """Day boundaries ``(train_end, val_end)``: train ``[0, train_end)``, val ``[train_end, val_end)``, test ``[val_end, n)``.

    The test part is the last ``round(test_frac * n)`` days, the validation
    part the ``round(val_frac * n)`` days before it; the rest, the oldest
    days, is for training. Nothing is shuffled.
    """
    n = check_int("n", n, 3)
    for name, frac in (("val_frac", val_frac), ("test_frac", test_frac)):
        check_number(name, frac, 0, 1, low_open=True, high_open=True)
    n_test, n_val = round(test_frac * n), round(val_frac * n)
    if min(n_test, n_val) < 1 or n - n_test - n_val < 1:
        raise ValueError(f"cannot split n={n} days into train/val/test with val_frac={val_frac}, test_frac={test_frac}")
    val_end = n - n_test
    return val_end - n_val, val_end


@dataclass(frozen=True)
class Scaler:
    """Standardisation ``(x - mean) / std`` per feature, fitted on the training part only.

    ``mean`` and ``std`` have shape (D,) for data (n, D), or shape () for data (n,).
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, x) -> Scaler:
        """Mean and standard deviation over axis 0 of ``x`` (n,) or (n, D), ignoring NaN."""
        arr = as_float_array("x", x)
        if arr.ndim not in (1, 2) or arr.shape[0] < 2:
            raise ValueError(f"x must be (n,) or (n, D) with n >= 2, got shape {arr.shape}")
        if np.any(np.isinf(arr)) or np.any(np.sum(~np.isnan(arr), axis=0) < 2):
            raise ValueError("x must be finite, with at least 2 non-NaN values per feature")
        mean = np.nanmean(arr, axis=0)
        std = np.nanstd(arr, axis=0)
        if np.any(std == 0):
            raise ValueError("x has a constant feature: its standard deviation is 0, so it cannot be scaled")
        return cls(mean=np.asarray(mean), std=np.asarray(std))

    def transform(self, x) -> np.ndarray:
        return (as_float_array("x", x) - self.mean) / self.std

    def inverse_transform(self, z) -> np.ndarray:
        return as_float_array("z", z) * self.std + self.mean


def make_windows(inputs, targets, window: int, horizon: int = 1, start: int | None = None, stop: int | None = None):
    """Sliding windows for supervised forecasting, with their target days.

    For every target day ``t`` with ``start <= t`` and ``t + horizon <= stop``
    (and ``t >= window``) the sample is

        X[k] = inputs[t - window : t]         (T, D): the ``window`` days before t
        Y[k] = targets[t : t + horizon]       (h,):   days t .. t+h-1

    Args:
        inputs: (n,) or (n, D) features per day; a 1-D input becomes D = 1.
        targets: (n,) the series to predict.
        window: T, the number of past days the model sees.
        horizon: h, the number of future days to predict (1 for one-step).
        start, stop: the target days' range (a split's part); defaults 0 and n.

    Returns:
        X (N, T, D), Y (N, h) and days (N,) int: each window's first target day.

    Raises ``ValueError`` if a window or target contains NaN (e.g. a window
    reaching day 0 of a return series): start later.
    """
    x = as_float_array("inputs", inputs)
    if x.ndim == 1:
        x = x[:, None]  # (n, 1)
    if x.ndim != 2:
        raise ValueError(f"inputs must be (n,) or (n, D), got shape {x.shape}")
    y = as_float_vector("targets", targets)
    n = x.shape[0]
    if y.shape[0] != n:
        raise ValueError(f"inputs and targets must cover the same n days, got {n} and {y.shape[0]}")
    window = check_int("window", window, 1)
    horizon = check_int("horizon", horizon, 1)
    start = 0 if start is None else check_int("start", start, 0)
    stop = n if stop is None else check_int("stop", stop, 0)
    if stop > n:
        raise ValueError(f"stop must be <= n = {n}, got {stop}")
    days = np.arange(max(start, window), stop - horizon + 1)  # (N,)
    if days.size == 0:
        raise ValueError(f"no window fits: window={window}, horizon={horizon}, days [{start}, {stop}) of n={n}")
    past = days[:, None] + np.arange(-window, 0)[None, :]  # (N, T) day indices
    ahead = days[:, None] + np.arange(horizon)[None, :]  # (N, h)
    X = x[past]  # (N, T, D)
    Y = y[ahead]  # (N, h)
    if np.isnan(X).any() or np.isnan(Y).any():
        raise ValueError("a window or target contains NaN (day 0 of a return series?): use a later start")
    return X, Y, days


# --- baselines (forecasts for the target days, from the past only) ---


def persistence_forecast(prices, days) -> np.ndarray:
    """Tomorrow = today: the forecast for day ``t`` is ``prices[t-1]``. Returns (N,)."""
    p = as_float_vector("prices", prices)
    idx = _check_days("days", days, p.size, 1)
    return p[idx - 1]


def moving_average_forecast(prices, days, k: int) -> np.ndarray:
    """The mean of the ``k`` closes before day ``t``: ``mean(prices[t-k:t])``. Returns (N,)."""
    p = as_float_vector("prices", prices)
    k = check_int("k", k, 1)
    idx = _check_days("days", days, p.size, k)
    csum = np.concatenate([[0.0], np.cumsum(p, dtype=np.float64)])  # csum[j] = sum(p[:j])
    return (csum[idx] - csum[idx - k]) / k


def drift_forecast(prices, days, fit_stop: int) -> np.ndarray:
    """Constant drift: ``prices[t-1] * exp(mu)``, ``mu`` the mean daily log return of days ``[1, fit_stop)``.

    ``mu`` is fitted on the days before ``fit_stop`` only (use ``train_end``);
    it equals ``log(prices[fit_stop-1] / prices[0]) / (fit_stop - 1)``. Every
    forecast day must come after the fitting days. Returns (N,).
    """
    p = as_float_vector("prices", prices)
    fit_stop = check_int("fit_stop", fit_stop, 2)
    if fit_stop > p.size:
        raise ValueError(f"fit_stop must be <= the number of days {p.size}, got {fit_stop}")
    idx = _check_days("days", days, p.size, fit_stop)
    mu = np.mean(log_returns(p[:fit_stop])[1:])  # the training days' mean log return
    return p[idx - 1] * np.exp(mu)


def _lag_matrix(series: np.ndarray, days: np.ndarray, p: int) -> np.ndarray:
    """Rows ``[1, s[t-1], ..., s[t-p]]`` for each day t: (N, p + 1)."""
    lags = series[days[:, None] - np.arange(1, p + 1)[None, :]]  # (N, p)
    return np.concatenate([np.ones((days.size, 1)), lags], axis=1)


def fit_autoregression(series, p: int, start: int, stop: int) -> np.ndarray:
    """Least-squares AR(p) with intercept: ``s[t] ~ c + a_1 s[t-1] + ... + a_p s[t-p]``.

    Fitted on the target days ``[max(start, p), stop)`` only (use the training
    part), usually on log returns (start >= p + 1 so no lag is day 0's NaN).
    Returns ``coef`` (p + 1,) = ``[c, a_1, ..., a_p]``.
    """
    s = as_float_vector("series", series)
    p = check_int("p", p, 1)
    days = np.arange(max(check_int("start", start, 0), p), check_int("stop", stop, 1))
    if days.size < p + 1:
        raise ValueError(f"AR({p}) needs more than {p + 1} target days, got {days.size} in [{start}, {stop})")
    A = _lag_matrix(s, days, p)  # (N, p + 1)
    b = s[days]  # (N,)
    if np.isnan(A).any() or np.isnan(b).any():
        raise ValueError("the fitting range touches NaN (day 0 of a return series?): use start >= p + 1")
    coef, *_ = np.linalg.lstsq(A, b, rcond=None)
    return coef


def autoregression_forecast(coef, series, days) -> np.ndarray:
    """One-step AR forecasts ``c + a_1 s[t-1] + ... + a_p s[t-p]`` for each day t. Returns (N,)."""
    c = as_float_vector("coef", coef)
    s = as_float_vector("series", series)
    p = c.size - 1
    if p < 1:
        raise ValueError(f"coef must be [c, a_1, ..., a_p] with p >= 1, got {c.size} numbers")
    idx = _check_days("days", days, s.size, p)
    return _lag_matrix(s, idx, p) @ c


def returns_to_prices(last_prices, log_returns_ahead) -> np.ndarray:
    """Price paths from forecast log returns: ``last * exp(cumsum(r_hat))``.

    ``last_prices`` (N,) are the closes the forecasts start from;
    ``log_returns_ahead`` (N,) for one step or (N, h) for h steps. Returns the
    same shape as ``log_returns_ahead``.
    """
    last = as_float_vector("last_prices", last_prices)
    r = as_float_array("log_returns_ahead", log_returns_ahead)
    if r.ndim == 1:
        if r.shape != last.shape:
            raise ValueError(f"log_returns_ahead must be (N,) = ({last.size},), got {r.shape}")
        return last * np.exp(r)
    if r.ndim != 2 or r.shape[0] != last.size:
        raise ValueError(f"log_returns_ahead must be (N,) or (N, h) with N = {last.size}, got {r.shape}")
    return last[:, None] * np.exp(np.cumsum(r, axis=1))  # (N, h)


def recursive_forecast(predict_next: Callable[[np.ndarray], np.ndarray], windows, steps: int) -> np.ndarray:
    """Multi-step forecasts by feeding one-step predictions back in.

    ``predict_next`` maps windows (N, T, 1) to the next value (N,) or (N, 1),
    in the same units as the windows (e.g. scaled log returns). Each step
    drops the oldest value and appends the prediction. Returns (N, steps).
    """
    w = as_float_array("windows", windows)
    if w.ndim != 3 or w.shape[2] != 1:
        raise ValueError(f"windows must be (N, T, 1) = a single-feature batch, got shape {w.shape}")
    steps = check_int("steps", steps, 1)
    out = np.empty((w.shape[0], steps), dtype=w.dtype)  # (N, steps)
    current = w
    for j in range(steps):
        nxt = np.asarray(predict_next(current)).reshape(-1)  # (N,)
        if nxt.shape[0] != w.shape[0]:
            raise ValueError(f"predict_next must return one value per window ({w.shape[0]}), got {nxt.shape}")
        out[:, j] = nxt
        current = np.concatenate([current[:, 1:, :], nxt.reshape(-1, 1, 1).astype(w.dtype)], axis=1)  # (N, T, 1)
    return out


# --- metrics ---


def _pair(actual, predicted) -> tuple[np.ndarray, np.ndarray]:
    a = as_float_array("actual", actual)
    f = as_float_array("predicted", predicted)
    if a.shape != f.shape:
        raise ValueError(f"actual and predicted must have the same shape, got {a.shape} and {f.shape}")
    if a.size == 0:
        raise ValueError("actual and predicted are empty")
    return a, f


def mae(actual, predicted) -> float:
    """Mean absolute error, in the units of the data."""
    a, f = _pair(actual, predicted)
    return float(np.mean(np.abs(a - f)))


def rmse(actual, predicted) -> float:
    """Root mean squared error, in the units of the data."""
    a, f = _pair(actual, predicted)
    return float(np.sqrt(np.mean((a - f) ** 2)))


def direction_scores(actual, predicted, previous) -> np.ndarray:
    """Each day's direction score: 1 when ``sign(predicted - previous)`` equals ``sign(actual - previous)``.

    0 when the two signs are opposite, and 0.5 when either change is exactly zero: a forecast of "no
    change" (persistence) says nothing about direction and scores one half. Returns (N,) float64, one
    score per day, for intervals on the share (:func:`directional_accuracy` is their mean).
    """
    a, f = _pair(actual, predicted)
    prev = as_float_array("previous", previous)
    if prev.shape != a.shape:
        raise ValueError(f"previous must have the shape of actual {a.shape}, got {prev.shape}")
    true_dir, pred_dir = np.sign(a - prev), np.sign(f - prev)
    return np.where((true_dir == 0) | (pred_dir == 0), 0.5, (true_dir == pred_dir).astype(float))


def directional_accuracy(actual, predicted, previous) -> float:
    """Share of days the forecast gets the direction of the change from ``previous`` right.

    The mean of :func:`direction_scores`: a day scores 1 when the signs of the predicted and the actual
    change agree, 0 when they are opposite, 0.5 when either change is exactly zero (persistence scores
    0.5). The base rate a forecast of direction must beat is not 0.5 but "always up" (or "always down"):
    the share of days the series rose.
    """
    return float(np.mean(direction_scores(actual, predicted, previous)))


def evaluate(actual, predicted, previous) -> dict:
    """``{"MAE", "RMSE", "direction"}`` of a one-step price forecast (direction as a share in [0, 1])."""
    return {
        "MAE": mae(actual, predicted),
        "RMSE": rmse(actual, predicted),
        "direction": directional_accuracy(actual, predicted, previous),
    }


def cross_correlation(x, y, max_lag: int) -> tuple[np.ndarray, np.ndarray]:
    """Pearson correlation of ``x[t]`` with ``y[t - lag]`` for ``lag = -max_lag .. max_lag``.

    A peak at ``lag = +1`` means ``x`` repeats what ``y`` did one step earlier:
    with ``x`` a model's predicted changes and ``y`` the actual changes, the
    model is following the data a day late. Returns ``(lags, corr)``, both (2L + 1,).
    """
    a = as_float_vector("x", x)
    b = as_float_vector("y", y)
    if a.shape != b.shape:
        raise ValueError(f"x and y must have the same length, got {a.size} and {b.size}")
    max_lag = check_int("max_lag", max_lag, 0)
    if a.size - max_lag < 3:
        raise ValueError(f"max_lag={max_lag} leaves fewer than 3 overlapping points of {a.size}")
    lags = np.arange(-max_lag, max_lag + 1)
    corr = np.empty(lags.size)
    n = a.size
    for k, lag in enumerate(lags):
        if lag >= 0:
            u, v = a[lag:], b[: n - lag]  # x[t] with y[t - lag]
        else:
            u, v = a[: n + lag], b[-lag:]
        u, v = u - u.mean(), v - v.mean()
        denom = np.sqrt((u * u).sum() * (v * v).sum())
        corr[k] = (u * v).sum() / denom if denom > 0 else np.nan
    return lags, corr


# --- comparisons of two forecasts on the same days (dependent data) ---


def _losses(loss_model, loss_reference) -> np.ndarray:
    a = as_float_vector("loss_model", loss_model)
    b = as_float_vector("loss_reference", loss_reference)
    if a.shape != b.shape:
        raise ValueError(f"loss_model and loss_reference must be aligned day by day, got {a.size} and {b.size} days")
    if a.size < 10:
        raise ValueError(f"a comparison needs at least 10 days of losses, got {a.size}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("the losses must be finite numbers (NaN or inf found)")
    return a - b


def newey_west_lags(n: int) -> int:
    """Newey and West's (1994) rule of thumb for the HAC lags: ``floor(4 * (n / 100) ** (2 / 9))``.

    755 test days give 6 lags; 900 give 6; 150 give 4.
    """
    n = check_int("n", n, 2)
    return int(np.floor(4 * (n / 100) ** (2 / 9)))


@dataclass(frozen=True)
class DieboldMariano:
    """A Diebold-Mariano test of equal expected loss, with Newey-West (HAC) standard errors.

    ``mean`` is the mean loss differential ``d = loss_model - loss_reference`` (negative: the model's
    loss is lower), ``se`` its HAC standard error with ``lags`` lags (Bartlett weights), ``statistic``
    ``mean / se`` and ``p_value`` its two-sided p-value under the normal approximation.
    """

    mean: float
    se: float
    statistic: float
    p_value: float
    lags: int
    n: int
    confidence: float = 0.95

    def small_sample_p_value(self, horizon: int = 1) -> float:
        """Two-sided p-value with Harvey, Leybourne and Newbold's (1997) small-sample correction.

        The statistic is multiplied by ``sqrt((n + 1 - 2h + h(h - 1) / n) / n)`` for an ``h``-step
        forecast (``horizon``) and read against Student's t with ``n - 1`` degrees of freedom instead of
        the normal; for one-step forecasts over many days it is close to :attr:`p_value`.
        """
        from scipy import stats as scipy_stats  # imported here: importing lstm_helpers stays cheap

        h = check_int("horizon", horizon, 1)
        if 2 * h >= self.n + 1:
            raise ValueError(f"horizon must be below half the number of days {self.n}, got {h}")
        factor = math.sqrt((self.n + 1 - 2 * h + h * (h - 1) / self.n) / self.n)
        return float(2 * scipy_stats.t.sf(abs(self.statistic) * factor, self.n - 1))

    @property
    def interval(self) -> Interval:
        """The mean loss differential with its normal-approximation HAC interval, ``mean ± z * se``."""
        from statistics import NormalDist

        z = NormalDist().inv_cdf(0.5 + self.confidence / 2)
        return Interval(self.mean, self.mean - z * self.se, self.mean + z * self.se, self.confidence)


def diebold_mariano(loss_model, loss_reference, lags: int | None = None, confidence: float = 0.95) -> DieboldMariano:
    """Diebold-Mariano test on two aligned per-day losses (e.g. squared errors of two forecasts of the same days).

    The loss differential ``d_t = loss_model[t] - loss_reference[t]`` is regressed on a constant by
    ``statsmodels``' OLS with ``cov_type="HAC"`` (Newey-West: Bartlett weights ``1 - k / (lags + 1)``, no
    small-sample correction), so the standard error of its mean allows for autocorrelated and
    heteroskedastic days. ``lags`` defaults to :func:`newey_west_lags` of the number of days. For an
    ``h``-step forecast the errors of overlapping windows are correlated over at least ``h - 1`` lags: use
    ``lags >= h - 1``.
    """
    d = _losses(loss_model, loss_reference)
    n = d.size
    lags = newey_west_lags(n) if lags is None else check_int("lags", lags, 0)
    if lags >= n:
        raise ValueError(f"lags must be below the number of days {n}, got {lags}")
    confidence = check_number("confidence", confidence, 0, 1, low_open=True, high_open=True)
    if np.ptp(d) == 0:
        raise ValueError("the loss differential is the same on every day: the test needs it to vary")
    from statsmodels.regression.linear_model import OLS  # imported here: importing lstm_helpers stays cheap

    fit = OLS(d, np.ones((n, 1))).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": False})
    return DieboldMariano(
        mean=float(fit.params[0]),
        se=float(fit.bse[0]),
        statistic=float(fit.tvalues[0]),
        p_value=float(fit.pvalues[0]),
        lags=lags,
        n=n,
        confidence=confidence,
    )


@dataclass(frozen=True)
class ClarkWest:
    """Clark and West's (2007) test of a larger model against the nested reference it extends.

    ``statistic`` is the HAC t statistic of the mean adjusted differential (positive: the larger model
    better), ``p_value`` its one-sided p-value under the normal approximation, with ``lags`` Newey-West lags
    over ``n`` days.
    """

    statistic: float
    p_value: float
    lags: int
    n: int


def clark_west(actual, forecast, reference, lags: int | None = None) -> ClarkWest:
    """Clark and West's adjusted test for nested forecasts: does ``forecast`` beat ``reference``?

    Under the null that the larger model adds nothing, its estimated extra parameters add noise to its
    forecasts, so a plain Diebold-Mariano test rejects less often than it says (it is undersized). Clark
    and West add that noise back: with ``e_ref = actual - reference`` and ``e = actual - forecast``, the
    adjusted differential is ``e_ref^2 - (e^2 - (forecast - reference)^2)``, and its mean's HAC t
    statistic is read one-sided. Computed by :func:`diebold_mariano` (the same Newey-West errors, ``lags``
    defaulting to :func:`newey_west_lags`) on the losses ``e^2 - (forecast - reference)^2`` and
    ``e_ref^2``, with the sign turned so that positive favours ``forecast``.
    """
    y = as_float_vector("actual", actual)
    f = as_float_vector("forecast", forecast)
    r = as_float_vector("reference", reference)
    if not (y.shape == f.shape == r.shape):
        raise ValueError(
            f"actual, forecast and reference must be aligned day by day, got {y.size}, {f.size} and {r.size} days"
        )
    dm = diebold_mariano((y - f) ** 2 - (f - r) ** 2, (y - r) ** 2, lags=lags)
    from statistics import NormalDist

    return ClarkWest(statistic=-dm.statistic, p_value=float(NormalDist().cdf(dm.statistic)), lags=dm.lags, n=dm.n)


def block_length(series) -> int:
    """A block length for the circular block bootstrap of ``series``, chosen by a stated method.

    ``arch.bootstrap.optimal_block_length`` (Politis and White 2004, with the correction of Patton,
    Politis and White 2009) estimates the length that balances the bootstrap variance estimate's bias
    and variance from the series' own autocorrelations; this returns its circular-bootstrap value
    (``"circular"``), rounded up to a whole number of days, at least 1. Use it on the series whose mean
    the interval is about: for a paired comparison of two forecasts, their loss differential.
    """
    x = as_float_vector("series", series)
    if x.size < 10 or not np.isfinite(x).all():
        raise ValueError(f"series must hold at least 10 finite values, got {x.size} (finite: {np.isfinite(x).all()})")
    if np.ptp(x) == 0:
        raise ValueError("series is constant: it has no autocorrelation to choose a block length from")
    from arch.bootstrap import optimal_block_length  # imported here: importing lstm_helpers stays cheap

    b = float(optimal_block_length(x)["circular"].iloc[0])
    return int(min(max(1, np.ceil(b)), x.size))


def walk_forward_splits(n: int, test_start: int, folds: int, val_days: int) -> list[tuple[int, int, int]]:
    """Rolling-origin (walk-forward) evaluation: the test days ``[test_start, n)`` in ``folds`` windows.

    Fold ``k`` tests on the ``k``-th of ``folds`` consecutive windows ``[origin_k, stop_k)`` (lengths
    differ by at most one day) and is fitted on everything before its origin: training days
    ``[0, origin_k - val_days)``, validation ``[origin_k - val_days, origin_k)``. So the training part
    grows (an expanding window) while the validation part keeps its length, and no fold ever sees a day
    it is scored on. Returns ``[(train_end, val_end, stop), ...]`` with ``val_end = origin_k``.
    """
    n = check_int("n", n, 3)
    test_start = check_int("test_start", test_start, 1)
    folds = check_int("folds", folds, 1)
    val_days = check_int("val_days", val_days, 1)
    if test_start >= n:
        raise ValueError(f"test_start must be below n = {n}, got {test_start}")
    if folds > n - test_start:
        raise ValueError(f"folds must be at most the {n - test_start} test days, got {folds}")
    if test_start - val_days < 2:
        raise ValueError(f"val_days = {val_days} leaves fewer than 2 training days before day {test_start}")
    edges = test_start + np.round(np.linspace(0, n - test_start, folds + 1)).astype(int)
    return [(int(a) - val_days, int(a), int(b)) for a, b in itertools.pairwise(edges)]
