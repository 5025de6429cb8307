"""Checks for notebook 05's exercises (forecasting the S&P 500 honestly).

Every check accepts ``None`` (the notebook's placeholder) and answers "Not yet"
without raising, so the notebook runs top to bottom before anyone tries.
The placeholder's hint is the first stage only (the idea), so it never shows
the solution. A wrong answer's message says what is wrong with it, and the
hints come in stages over successive wrong answers (:func:`staged`): the idea,
the formula, the code, the same three as under the exercise in the notebook.
The references follow the notebook's conventions: S&P 500 ``Close``,
``lstm_helpers.forecasting.chronological_split`` with its default 15% / 15%,
windows of ``WINDOW`` days.
"""

from __future__ import annotations

import numpy as np

from .. import forecasting as fc
from ..data import load_sp500
from . import Feedback, as_number, as_whole_number, correct, no_answer, not_yet, show, staged

#: Days of history per window, as in the notebook (``T``).
WINDOW = 30


def _close(x, ref, rtol, atol=0.0) -> bool:
    return bool(np.isclose(as_number(x), float(ref), rtol=rtol, atol=atol))


# --- exercise 1: where does the lag trap's cross-correlation peak? ---


@staged(
    "write the predicted curve's change on day t as an actual change of some earlier day.",
    "P_hat[t] - P_hat[t-1] = P[t-2] - P[t-3]. Section 5 pairs the predicted change on day t with the actual change "
    "on day t - k.",
    "k = 2; walk = np.cumsum(rng.normal(size=3000)); actual = walk[k:]; forecast = walk[:len(walk) - k]; "
    "lags_k, corr_k = fc.cross_correlation(np.diff(forecast), np.diff(actual), max_lag=4); "
    "lag_answer = int(lags_k[np.argmax(corr_k)])",
)
def check_lag_peak(answer) -> Feedback:
    """A model predicts ``P_hat[t] = P[t-2]``: at which lag does corr(change of P_hat at t, actual change at t - lag) peak?"""
    hint = (
        "Write the predicted curve's change on day t as an actual change of some earlier day "
        "(the hints under the exercise go further)."
    )
    if answer is None:
        return no_answer("a whole number of days (the lag)", hint=hint)
    lag = as_whole_number(answer)
    if lag is None:
        return not_yet(f"expected a whole number of days, got {show(answer)}", hint="A lag counts whole days.")
    if lag == 2:
        return correct("lag 2: a model that copies the close of two days ago moves two days after the truth.")
    if lag == -2:
        return not_yet("lag -2 would mean the model moves two days *before* the truth (a real forecast).")
    if lag == 1:
        return not_yet("lag 1 is the peak for 'tomorrow = today'; this model copies an older close.")
    if lag == 0:
        return not_yet("lag 0 pairs each predicted change with the same day's actual change: this model is late.")
    return not_yet(f"not lag {show(lag)}.")


# --- exercise 2: the scaler, fitted without looking at the future ---


def _sp500_returns():
    close = load_sp500()["Close"].to_numpy()
    return close, fc.log_returns(close)


@staged(
    "the scaler may only know the days a model trains on: which days are those, in the split of section 2?",
    "daily log returns r_t = log(P_t / P_(t-1)) of the closes, on the training days [0, train_end); "
    "day 0 has no return.",
    'close = sp["Close"].to_numpy(); r = fc.log_returns(close); train_end, _ = fc.chronological_split(len(close)); '
    "scaler_mean, scaler_std = np.nanmean(r[:train_end]), np.nanstd(r[:train_end])",
)
def check_train_scaler(mean, std) -> Feedback:
    """``mean`` and ``std`` of the S&P 500 daily log returns, from the training days only."""
    hint = (
        "The scaler may only know the days a model trains on: the oldest part of the notebook's split, "
        "in log returns (the hints under the exercise go further)."
    )
    if mean is None or std is None:
        return no_answer("numbers for mean and std", hint=hint)
    if as_number(mean) is None or as_number(std) is None:
        return not_yet(f"mean and std must be numbers, got {type(mean).__name__} and {type(std).__name__}")
    close, r = _sp500_returns()
    train_end, val_end = fc.chronological_split(len(close))

    def matches(part):
        # std within 0.1% accepts both ddof=0 (NumPy) and ddof=1 (pandas).
        return _close(mean, np.nanmean(part), 0, atol=1e-7) and _close(std, np.nanstd(part), 1e-3)

    if matches(r[:train_end]):
        return correct(
            f"mean {np.nanmean(r[:train_end]):+.6f}, std {np.nanstd(r[:train_end]):.6f}: "
            "statistics of the training days only, so nothing from the test years leaks into the inputs."
        )
    if matches(r):
        return not_yet(
            "these are the statistics of all days, test days included: the scaler would know the future.",
            hint="Fit on the training part only: r[:train_end].",
        )
    if matches(r[:val_end]):
        return not_yet("these include the validation days.", hint="Fit on the training part only: r[:train_end].")
    if matches(close[:train_end]) or matches(close):
        return not_yet("these are statistics of prices; the models here see log returns.")
    return not_yet(_scaler_mismatch(mean, std, r[:train_end]))


def _scaler_mismatch(mean, std, train) -> str:
    """What is wrong with ``mean`` and ``std`` as the statistics of the training returns ``train``."""
    mean_ok, std_ok = _close(mean, np.nanmean(train), 0, atol=1e-7), _close(std, np.nanstd(train), 1e-3)
    if mean_ok:
        return f"the mean is the training days', the std {show(std)} is not."
    if std_ok:
        return f"the std is the training days', the mean {show(mean)} is not."
    return f"mean {show(mean)}, std {show(std)} are not the training days' statistics."


# --- exercise 3: weekly instead of daily ---


def weekly_closes(close_series):
    """The last close of each week ending on Friday (``resample("W-FRI").last()``)."""
    return close_series.resample("W-FRI").last().dropna()


@staged(
    "the same recipe as the daily persistence baseline, with weeks in place of days.",
    "on each test week t the forecast is W_(t-1); the RMSE is sqrt(mean_t (W_t - W_(t-1))**2) over the test weeks.",
    'w = sp["Close"].resample("W-FRI").last().dropna().to_numpy(); _, w_val_end = fc.chronological_split(len(w)); '
    "w_days = np.arange(w_val_end, len(w)); weekly_rmse = fc.rmse(w[w_days], fc.persistence_forecast(w, w_days))",
)
def check_weekly_persistence_rmse(value) -> Feedback:
    """RMSE (index points) of "next week = this week" on the test weeks of the weekly S&P 500 closes."""
    hint = (
        "The same recipe as the daily persistence baseline, with weeks in place of days, scored on the test "
        "weeks only (the hints under the exercise go further)."
    )
    if value is None:
        return no_answer("the RMSE in index points", hint=hint)
    if as_number(value) is None:
        return not_yet(f"expected a number (the RMSE in index points), got {show(value)}")
    table = load_sp500()
    w = weekly_closes(table["Close"]).to_numpy()
    _, val_end = fc.chronological_split(len(w))
    weeks = np.arange(val_end, len(w))
    ref = fc.rmse(w[weeks], w[weeks - 1])
    d = table["Close"].to_numpy()
    _, d_val_end = fc.chronological_split(len(d))
    days = np.arange(d_val_end, len(d))
    daily = fc.rmse(d[days], d[days - 1])
    if _close(value, ref, 1e-6):
        return correct(
            f"{ref:.2f} points a week against {daily:.2f} a day: the error of 'no change' grows with the "
            f"horizon (ratio {ref / daily:.2f}; a random walk would give about sqrt(5) = 2.24)."
        )
    if _close(value, daily, 1e-6):
        return not_yet("that is the daily persistence RMSE.")
    if _close(value, fc.rmse(w[1:], w[:-1]), 1e-6):
        return not_yet("that is the RMSE over all weeks; score the test weeks only.")
    if _close(value, ref**2, 1e-6):
        return not_yet("that is the mean squared error: take its square root.")
    return not_yet(f"{show(value)} is not the weekly persistence RMSE on the test weeks.")


# --- exercise 4: volume as a second feature ---


def _volume_reference():
    table = load_sp500()
    close, volume = table["Close"].to_numpy(), table["Volume"].to_numpy().astype(np.float64)
    r = fc.log_returns(close)
    dv = fc.log_returns(volume)  # the daily change of log volume, NaN on day 0
    train_end, _ = fc.chronological_split(len(close))
    z = fc.Scaler.fit(r[:train_end]).transform(r)
    zv = fc.Scaler.fit(dv[:train_end]).transform(dv)
    X, Y, _ = fc.make_windows(np.column_stack([z, zv]), z, window=WINDOW, start=WINDOW + 1, stop=train_end)
    return X, Y, dv, r, train_end


def _windows_of(series, X_ref):
    """Feature windows of ``series`` laid out like the reference windows (N, T)."""
    n_win, T = X_ref.shape[:2]
    days = WINDOW + 1 + np.arange(n_win)
    return series[days[:, None] + np.arange(-T, 0)[None, :]]


@staged(
    "each day becomes a row of two numbers; the windows are then built exactly as in section 2, and the second "
    "feature is scaled the honest way too.",
    "feature 1 is (dv_t - mean(dv)) / std(dv), with the mean and standard deviation of the training days; inputs "
    "are rows t - T, ..., t - 1, the target is feature 0 on day t.",
    'z, train_end = data["S&P 500"]["z"], data["S&P 500"]["train_end"]; '
    'dv = fc.log_returns(sp["Volume"].to_numpy(float)); zv = fc.Scaler.fit(dv[:train_end]).transform(dv); '
    "X_volume, y_volume, _ = fc.make_windows(np.column_stack([z, zv]), z, window=T, start=T + 1, stop=train_end)",
)
def check_volume_windows(X, Y) -> Feedback:
    """Training windows with two features: scaled log return and scaled daily change of log volume."""
    hint = (
        "Each day becomes a row of two numbers, the scaled log return and the scaled change of log volume, "
        "both scaled with training-day statistics; then windows as in section 2 (the hints under the exercise go further)."
    )
    if X is None or Y is None:
        return no_answer("your arrays X_volume and y_volume", hint=hint)
    X, Y = np.asarray(X), np.asarray(Y)
    X_ref, Y_ref, dv, r, train_end = _volume_reference()
    if X.shape != X_ref.shape:
        return not_yet(f"X has shape {X.shape}, expected (N, T, D) = {X_ref.shape}.")
    if Y.ndim == 0 or Y.reshape(len(Y), -1).shape != Y_ref.shape:
        return not_yet(f"Y has shape {Y.shape}, expected (N, 1) = {Y_ref.shape} (or (N,)).")
    if not np.allclose(X[:, :, 0], X_ref[:, :, 0], atol=1e-4):
        return not_yet("feature 0 is not the scaled log return.")
    if not np.allclose(X[:, :, 1], X_ref[:, :, 1], atol=1e-4):
        if np.allclose(X[:, :, 1], _windows_of(dv, X_ref), atol=1e-6):
            return not_yet("feature 1 is the raw change of log volume: scale it too.")
        full = (dv - np.nanmean(dv)) / np.nanstd(dv)
        if np.allclose(X[:, :, 1], _windows_of(full, X_ref), atol=1e-4):
            return not_yet("feature 1 was scaled with statistics of all days, test days included.")
        return not_yet("feature 1 is not the scaled daily change of log volume.")
    if not np.allclose(Y.reshape(Y_ref.shape), Y_ref, atol=1e-4):
        return not_yet("Y is not the next day's scaled log return.")
    return correct(
        f"{X.shape[0]} training windows of {WINDOW} days x 2 features. Now train build_lstm on them "
        "(with keras.Input((T, 2))) and compare its test RMSE with persistence."
    )
