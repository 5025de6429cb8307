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
from . import Feedback, _t, as_number, as_whole_number, code, correct, no_answer, not_yet, show, staged

#: Days of history per window, as in the notebook (``T``).
WINDOW = 30


def _close(x, ref, rtol, atol=0.0) -> bool:
    return bool(np.isclose(as_number(x), float(ref), rtol=rtol, atol=atol))


# --- exercise 1: where does the lag trap's cross-correlation peak? ---


@staged(
    (
        "write the predicted curve's change on day t as an actual change of some earlier day.",
        "把预测曲线在第 t 天的变化写成更早某一天的实际变化。",
    ),
    (
        "P_hat[t] - P_hat[t-1] = P[t-2] - P[t-3]. Section 5 pairs the predicted change on day t with the actual change "
        "on day t - k.",
        "P_hat[t] - P_hat[t-1] = P[t-2] - P[t-3]。第 5 节把第 t 天的预测变化与第 t - k 天的实际变化配对。",
    ),
    code(
        "k = 2; walk = np.cumsum(rng.normal(size=3000)); actual = walk[k:]; forecast = walk[:len(walk) - k]; "
        "lags_k, corr_k = fc.cross_correlation(np.diff(forecast), np.diff(actual), max_lag=4); "
        "lag_answer = int(lags_k[np.argmax(corr_k)])"
    ),
)
def check_lag_peak(answer) -> Feedback:
    """A model predicts ``P_hat[t] = P[t-2]``: at which lag does corr(change of P_hat at t, actual change at t - lag) peak?"""
    hint = _t(
        "Write the predicted curve's change on day t as an actual change of some earlier day "
        "(the hints under the exercise go further).",
        "把预测曲线在第 t 天的变化写成更早某一天的实际变化（练习下面的提示会讲得更多）。",
    )
    if answer is None:
        return no_answer(_t("a whole number of days (the lag)", "一个整数天数（滞后）"), hint=hint)
    lag = as_whole_number(answer)
    if lag is None:
        return not_yet(
            _t(f"expected a whole number of days, got {show(answer)}", f"需要一个整数天数，得到的是 {show(answer)}"),
            hint=_t("A lag counts whole days.", "滞后以整天计。"),
        )
    if lag == 2:
        return correct(
            _t(
                "lag 2: a model that copies the close of two days ago moves two days after the truth.",
                "滞后 2：照抄两天前收盘价的模型，比真实走势晚两天变动。",
            )
        )
    if lag == -2:
        return not_yet(
            _t(
                "lag -2 would mean the model moves two days *before* the truth (a real forecast).",
                "滞后 -2 意味着模型比真实走势*早*两天变动（那才是真正的预测）。",
            )
        )
    if lag == 1:
        return not_yet(
            _t(
                "lag 1 is the peak for 'tomorrow = today'; this model copies an older close.",
                "滞后 1 是“明天 = 今天”的峰值；这个模型照抄的是更早的收盘价。",
            )
        )
    if lag == 0:
        return not_yet(
            _t(
                "lag 0 pairs each predicted change with the same day's actual change: this model is late.",
                "滞后 0 把每个预测变化与同一天的实际变化配对：这个模型是滞后的。",
            )
        )
    return not_yet(_t(f"not lag {show(lag)}.", f"不是滞后 {show(lag)}。"))


# --- exercise 2: the scaler, fitted without looking at the future ---


def _sp500_returns():
    close = load_sp500()["Close"].to_numpy()
    return close, fc.log_returns(close)


@staged(
    (
        "the scaler may only know the days a model trains on: which days are those, in the split of section 2?",
        "缩放器只能知道模型在其上训练的那些日子：在第 2 节的划分中，是哪些日子？",
    ),
    (
        "daily log returns r_t = log(P_t / P_(t-1)) of the closes, on the training days [0, train_end); "
        "day 0 has no return.",
        "收盘价的日对数收益率 r_t = log(P_t / P_(t-1))，取训练日 [0, train_end)；第 0 天没有收益率。",
    ),
    code(
        'close = sp["Close"].to_numpy(); r = fc.log_returns(close); train_end, _ = fc.chronological_split(len(close)); '
        "scaler_mean, scaler_std = np.nanmean(r[:train_end]), np.nanstd(r[:train_end])"
    ),
)
def check_train_scaler(mean, std) -> Feedback:
    """``mean`` and ``std`` of the S&P 500 daily log returns, from the training days only."""
    hint = _t(
        "The scaler may only know the days a model trains on: the oldest part of the notebook's split, "
        "in log returns (the hints under the exercise go further).",
        "缩放器只能知道模型在其上训练的那些日子：本笔记本划分中最早的那一段，用对数收益率（练习下面的提示会讲得更多）。",
    )
    if mean is None or std is None:
        return no_answer(_t("numbers for mean and std", "mean 和 std 的数值"), hint=hint)
    if as_number(mean) is None or as_number(std) is None:
        return not_yet(
            _t(
                f"mean and std must be numbers, got {type(mean).__name__} and {type(std).__name__}",
                f"mean 和 std 必须是数，得到的是 {type(mean).__name__} 和 {type(std).__name__}",
            )
        )
    close, r = _sp500_returns()
    train_end, val_end = fc.chronological_split(len(close))

    def matches(part):
        # std within 0.1% accepts both ddof=0 (NumPy) and ddof=1 (pandas).
        return _close(mean, np.nanmean(part), 0, atol=1e-7) and _close(std, np.nanstd(part), 1e-3)

    if matches(r[:train_end]):
        return correct(
            _t(
                f"mean {np.nanmean(r[:train_end]):+.6f}, std {np.nanstd(r[:train_end]):.6f}: "
                "statistics of the training days only, so nothing from the test years leaks into the inputs.",
                f"均值 {np.nanmean(r[:train_end]):+.6f}，标准差 {np.nanstd(r[:train_end]):.6f}："
                "只用训练日的统计量，所以测试年份的信息不会泄漏到输入中。",
            )
        )
    fit_train = _t("Fit on the training part only: r[:train_end].", "只在训练部分上拟合：r[:train_end]。")
    if matches(r):
        return not_yet(
            _t(
                "these are the statistics of all days, test days included: the scaler would know the future.",
                "这些是全部日子的统计量，包括测试日：缩放器就会知道未来。",
            ),
            hint=fit_train,
        )
    if matches(r[:val_end]):
        return not_yet(_t("these include the validation days.", "这些包括了验证集的日子。"), hint=fit_train)
    if matches(close[:train_end]) or matches(close):
        return not_yet(
            _t(
                "these are statistics of prices; the models here see log returns.",
                "这些是价格的统计量；这里的模型看到的是对数收益率。",
            )
        )
    return not_yet(_scaler_mismatch(mean, std, r[:train_end]))


def _scaler_mismatch(mean, std, train) -> str:
    """What is wrong with ``mean`` and ``std`` as the statistics of the training returns ``train``."""
    mean_ok, std_ok = _close(mean, np.nanmean(train), 0, atol=1e-7), _close(std, np.nanstd(train), 1e-3)
    if mean_ok:
        return _t(
            f"the mean is the training days', the std {show(std)} is not.",
            f"均值是训练日的，标准差 {show(std)} 不是。",
        )
    if std_ok:
        return _t(
            f"the std is the training days', the mean {show(mean)} is not.",
            f"标准差是训练日的，均值 {show(mean)} 不是。",
        )
    return _t(
        f"mean {show(mean)}, std {show(std)} are not the training days' statistics.",
        f"均值 {show(mean)}、标准差 {show(std)} 不是训练日的统计量。",
    )


# --- exercise 3: weekly instead of daily ---


def weekly_closes(close_series):
    """The last close of each week ending on Friday (``resample("W-FRI").last()``)."""
    return close_series.resample("W-FRI").last().dropna()


@staged(
    (
        "the same recipe as the daily persistence baseline, with weeks in place of days.",
        "与按日的持续性基线做法相同，只是把日换成周。",
    ),
    (
        "on each test week t the forecast is W_(t-1); the RMSE is sqrt(mean_t (W_t - W_(t-1))**2) over the test weeks.",
        "在每个测试周 t，预测为 W_(t-1)；RMSE 是测试周上的 sqrt(mean_t (W_t - W_(t-1))**2)。",
    ),
    code(
        'w = sp["Close"].resample("W-FRI").last().dropna().to_numpy(); _, w_val_end = fc.chronological_split(len(w)); '
        "w_days = np.arange(w_val_end, len(w)); weekly_rmse = fc.rmse(w[w_days], fc.persistence_forecast(w, w_days))"
    ),
)
def check_weekly_persistence_rmse(value) -> Feedback:
    """RMSE (index points) of "next week = this week" on the test weeks of the weekly S&P 500 closes."""
    hint = _t(
        "The same recipe as the daily persistence baseline, with weeks in place of days, scored on the test "
        "weeks only (the hints under the exercise go further).",
        "与按日的持续性基线做法相同，只是把日换成周，并且只在测试周上评分（练习下面的提示会讲得更多）。",
    )
    if value is None:
        return no_answer(_t("the RMSE in index points", "以指数点计的 RMSE"), hint=hint)
    if as_number(value) is None:
        return not_yet(
            _t(
                f"expected a number (the RMSE in index points), got {show(value)}",
                f"需要一个数（以指数点计的 RMSE），得到的是 {show(value)}",
            )
        )
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
            _t(
                f"{ref:.2f} points a week against {daily:.2f} a day: the error of 'no change' grows with the "
                f"horizon (ratio {ref / daily:.2f}; a random walk would give about sqrt(5) = 2.24).",
                f"每周 {ref:.2f} 点，每天 {daily:.2f} 点：“不变”的误差随预测跨度增大"
                f"（比值 {ref / daily:.2f}；随机游走约为 sqrt(5) = 2.24）。",
            )
        )
    if _close(value, daily, 1e-6):
        return not_yet(_t("that is the daily persistence RMSE.", "这是按日的持续性预测的 RMSE。"))
    if _close(value, fc.rmse(w[1:], w[:-1]), 1e-6):
        return not_yet(
            _t(
                "that is the RMSE over all weeks; score the test weeks only.",
                "这是所有周上的 RMSE；只在测试周上评分。",
            )
        )
    if _close(value, ref**2, 1e-6):
        return not_yet(_t("that is the mean squared error: take its square root.", "这是均方误差：取它的平方根。"))
    return not_yet(
        _t(
            f"{show(value)} is not the weekly persistence RMSE on the test weeks.",
            f"{show(value)} 不是测试周上按周的持续性预测的 RMSE。",
        )
    )


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
    (
        "each day becomes a row of two numbers; the windows are then built exactly as in section 2, and the second "
        "feature is scaled the honest way too.",
        "每一天变成一行两个数；之后完全按第 2 节的方式构建窗口，第二个特征也用诚实的方式缩放。",
    ),
    (
        "feature 1 is (dv_t - mean(dv)) / std(dv), with the mean and standard deviation of the training days; inputs "
        "are rows t - T, ..., t - 1, the target is feature 0 on day t.",
        "特征 1 是 (dv_t - mean(dv)) / std(dv)，用训练日的均值和标准差；输入是第 t - T, ..., t - 1 行，"
        "目标是第 t 天的特征 0。",
    ),
    code(
        'z, train_end = data["S&P 500"]["z"], data["S&P 500"]["train_end"]; '
        'dv = fc.log_returns(sp["Volume"].to_numpy(float)); zv = fc.Scaler.fit(dv[:train_end]).transform(dv); '
        "X_volume, y_volume, _ = fc.make_windows(np.column_stack([z, zv]), z, window=T, start=T + 1, stop=train_end)"
    ),
)
def check_volume_windows(X, Y) -> Feedback:
    """Training windows with two features: scaled log return and scaled daily change of log volume."""
    hint = _t(
        "Each day becomes a row of two numbers, the scaled log return and the scaled change of log volume, "
        "both scaled with training-day statistics; then windows as in section 2 (the hints under the exercise go further).",
        "每一天变成一行两个数：缩放后的对数收益率和缩放后的对数成交量变化，两者都用训练日的统计量缩放；"
        "然后按第 2 节的方式构建窗口（练习下面的提示会讲得更多）。",
    )
    if X is None or Y is None:
        return no_answer(_t("your arrays X_volume and y_volume", "你的数组 X_volume 和 y_volume"), hint=hint)
    X, Y = np.asarray(X), np.asarray(Y)
    X_ref, Y_ref, dv, r, train_end = _volume_reference()
    if X.shape != X_ref.shape:
        return not_yet(
            _t(
                f"X has shape {X.shape}, expected (N, T, D) = {X_ref.shape}.",
                f"X 的形状是 {X.shape}，应为 (N, T, D) = {X_ref.shape}。",
            )
        )
    if Y.ndim == 0 or Y.reshape(len(Y), -1).shape != Y_ref.shape:
        return not_yet(
            _t(
                f"Y has shape {Y.shape}, expected (N, 1) = {Y_ref.shape} (or (N,)).",
                f"Y 的形状是 {Y.shape}，应为 (N, 1) = {Y_ref.shape}（或 (N,)）。",
            )
        )
    if not np.allclose(X[:, :, 0], X_ref[:, :, 0], atol=1e-4):
        return not_yet(_t("feature 0 is not the scaled log return.", "特征 0 不是缩放后的对数收益率。"))
    if not np.allclose(X[:, :, 1], X_ref[:, :, 1], atol=1e-4):
        if np.allclose(X[:, :, 1], _windows_of(dv, X_ref), atol=1e-6):
            return not_yet(
                _t(
                    "feature 1 is the raw change of log volume: scale it too.",
                    "特征 1 是未缩放的对数成交量变化：它也要缩放。",
                )
            )
        full = (dv - np.nanmean(dv)) / np.nanstd(dv)
        if np.allclose(X[:, :, 1], _windows_of(full, X_ref), atol=1e-4):
            return not_yet(
                _t(
                    "feature 1 was scaled with statistics of all days, test days included.",
                    "特征 1 是用全部日子（包括测试日）的统计量缩放的。",
                )
            )
        return not_yet(
            _t("feature 1 is not the scaled daily change of log volume.", "特征 1 不是缩放后的对数成交量日变化。")
        )
    if not np.allclose(Y.reshape(Y_ref.shape), Y_ref, atol=1e-4):
        return not_yet(_t("Y is not the next day's scaled log return.", "Y 不是下一天缩放后的对数收益率。"))
    return correct(
        _t(
            f"{X.shape[0]} training windows of {WINDOW} days x 2 features. Now train build_lstm on them "
            "(with keras.Input((T, 2))) and compare its test RMSE with persistence.",
            f"{X.shape[0]} 个训练窗口，每个 {WINDOW} 天 x 2 个特征。现在在它们上面训练 build_lstm"
            "（用 keras.Input((T, 2))），并把它的测试 RMSE 与持续性预测比较。",
        )
    )
