"""Checks for notebook 05's exercises (forecasting the S&P 500 honestly).

Every check accepts ``None`` (the notebook's placeholder) and answers "Not yet"
without raising, so the notebook runs top to bottom before anyone tries.
A check's hint is the first stage only (the idea); the notebook's nested
hints under each exercise go on to the formula and then the code, so a
placeholder never shows the solution. The references follow the notebook's
conventions: S&P 500 ``Close``,
``lstm_helpers.forecasting.chronological_split`` with its default 15% / 15%,
windows of ``WINDOW`` days.
"""

from __future__ import annotations

import numpy as np

from .. import forecasting as fc
from ..data import load_sp500
from . import Feedback, as_number, as_whole_number, correct, no_answer, not_yet

#: Days of history per window, as in the notebook (``T``).
WINDOW = 30


def _close(x, ref, rtol, atol=0.0) -> bool:
    return bool(np.isclose(as_number(x), float(ref), rtol=rtol, atol=atol))


# --- exercise 1: where does the lag trap's cross-correlation peak? ---


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
        return not_yet(f"expected a whole number of days, got {answer!r}", hint=hint)
    if lag == 2:
        return correct("lag 2: a model that copies the close of two days ago moves two days after the truth.")
    if lag == -2:
        return not_yet("lag -2 would mean the model moves two days *before* the truth (a real forecast).", hint=hint)
    if lag == 1:
        return not_yet("lag 1 is the peak for 'tomorrow = today'; this model copies an older close.", hint=hint)
    return not_yet(f"not lag {lag}.", hint=hint)


# --- exercise 2: the scaler, fitted without looking at the future ---


def _sp500_returns():
    close = load_sp500()["Close"].to_numpy()
    return close, fc.log_returns(close)


def check_train_scaler(mean, std) -> Feedback:
    """``mean`` and ``std`` of the S&P 500 daily log returns, from the training days only."""
    hint = (
        "The scaler may only know the days a model trains on: the oldest part of the notebook's split, "
        "in log returns (the hints under the exercise go further)."
    )
    if mean is None or std is None:
        return no_answer("numbers for mean and std", hint=hint)
    if as_number(mean) is None or as_number(std) is None:
        return not_yet(f"mean and std must be numbers, got {type(mean).__name__} and {type(std).__name__}", hint=hint)
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
        return not_yet("these are statistics of prices; the models here see log returns.", hint=hint)
    return not_yet(f"mean {float(mean):.6g}, std {float(std):.6g} are not the training days' statistics.", hint=hint)


# --- exercise 3: weekly instead of daily ---


def weekly_closes(close_series):
    """The last close of each week ending on Friday (``resample("W-FRI").last()``)."""
    return close_series.resample("W-FRI").last().dropna()


def check_weekly_persistence_rmse(value) -> Feedback:
    """RMSE (index points) of "next week = this week" on the test weeks of the weekly S&P 500 closes."""
    hint = (
        "The same recipe as the daily persistence baseline, with weeks in place of days, scored on the test "
        "weeks only (the hints under the exercise go further)."
    )
    if value is None:
        return no_answer("the RMSE in index points", hint=hint)
    if as_number(value) is None:
        return not_yet(f"expected a number (the RMSE in index points), got {value!r}", hint=hint)
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
        return not_yet("that is the daily persistence RMSE.", hint=hint)
    if _close(value, fc.rmse(w[1:], w[:-1]), 1e-6):
        return not_yet("that is the RMSE over all weeks; score the test weeks only.", hint=hint)
    return not_yet(f"{float(value):.4g} is not the weekly persistence RMSE on the test weeks.", hint=hint)


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
        return not_yet(f"X has shape {X.shape}, expected (N, T, D) = {X_ref.shape}.", hint=hint)
    if Y.reshape(len(Y), -1).shape != Y_ref.shape:
        return not_yet(f"Y has shape {Y.shape}, expected (N, 1) = {Y_ref.shape} (or (N,)).", hint=hint)
    if not np.allclose(X[:, :, 0], X_ref[:, :, 0], atol=1e-4):
        return not_yet("feature 0 is not the scaled log return.", hint=hint)
    if not np.allclose(X[:, :, 1], X_ref[:, :, 1], atol=1e-4):
        if np.allclose(X[:, :, 1], _windows_of(dv, X_ref), atol=1e-6):
            return not_yet("feature 1 is the raw change of log volume: scale it too.", hint=hint)
        full = (dv - np.nanmean(dv)) / np.nanstd(dv)
        if np.allclose(X[:, :, 1], _windows_of(full, X_ref), atol=1e-4):
            return not_yet("feature 1 was scaled with statistics of all days, test days included.", hint=hint)
        return not_yet("feature 1 is not the scaled daily change of log volume.", hint=hint)
    if not np.allclose(Y.reshape(Y_ref.shape), Y_ref, atol=1e-4):
        return not_yet("Y is not the next day's scaled log return.", hint=hint)
    return correct(
        f"{X.shape[0]} training windows of {WINDOW} days x 2 features. Now train build_lstm on them "
        "(with keras.Input((T, 2))) and compare its test RMSE with persistence."
    )
