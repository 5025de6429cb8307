"""Notebook 05's exercise checks: the right answer passes, typical wrong answers say what is wrong with them,
and the hints come in stages over wrong answers, the same as the notebook's (every code hint gets "Correct").

The right answers are computed here independently (pandas, explicit loops), not with the checks' own code path.
"""

import numpy as np
import pytest
from notebook_hints import assert_hints_agree, assert_staged, notebook_exercises

from lstm_helpers import forecasting as fc
from lstm_helpers.data import load_sp500
from lstm_helpers.exercises import nb05


@pytest.fixture(scope="module")
def sp():
    return load_sp500()


def _train_end(n):
    return n - 2 * round(0.15 * n)


@pytest.mark.parametrize(
    "check, args",
    [
        (nb05.check_lag_peak, (None,)),
        (nb05.check_train_scaler, (None, None)),
        (nb05.check_weekly_persistence_rmse, (None,)),
        (nb05.check_volume_windows, (None, None)),
    ],
)
def test_placeholders_say_not_yet_without_raising(check, args):
    fb = check(*args)
    assert not fb and "no answer yet" in str(fb) and fb.hint


@pytest.mark.parametrize(
    "check, args, solution_bits",
    [
        (nb05.check_lag_peak, (None,), ["t-2", "t - 2", "lag 2", "P[t"]),
        (nb05.check_train_scaler, (None, None), ["r[:train_end]", "nanmean", "chronological_split("]),
        (nb05.check_weekly_persistence_rmse, (None,), ["fc.rmse(", "resample(", "persistence_forecast("]),
        (nb05.check_volume_windows, (None, None), ["column_stack", "make_windows(", "Scaler.fit("]),
    ],
)
def test_placeholder_hint_is_the_first_stage_only(check, args, solution_bits):
    # The placeholder's hint gives the idea; the formula and the code stay in the notebook's nested hints.
    hint = check(*args).hint
    assert "hints under the exercise" in hint
    assert not [bit for bit in solution_bits if bit in hint], hint


def test_lag_peak():
    # Independent oracle: a random walk and the forecast P_hat[t] = P[t-2].
    rng = np.random.default_rng(0)
    p = np.cumsum(rng.normal(size=3000))
    pred_change = np.diff(p[:-2])  # change of P_hat on days 3.. : P[t-2] - P[t-3]
    actual = np.diff(p)[2:]  # actual change on the same days
    lags = range(-4, 5)
    corr = [
        np.corrcoef(pred_change[max(k, 0) : len(actual) + min(k, 0)], actual[max(-k, 0) : len(actual) - max(k, 0)])[
            0, 1
        ]
        for k in lags
    ]
    peak = list(lags)[int(np.argmax(corr))]
    assert nb05.check_lag_peak(peak)
    assert nb05.check_lag_peak(float(peak))
    for wrong, words in [
        (1, "tomorrow = today"),
        (-2, "before"),
        (5, "not lag 5"),
        ("two", "whole number"),
        (2.5, "whole number"),
    ]:
        fb = nb05.check_lag_peak(wrong)
        assert not fb and words in fb.message and (fb.hint or fb.stage)
    assert "late" in nb05.check_lag_peak(0).message


def test_train_scaler(sp):
    r = np.log(sp["Close"]).diff()  # pandas: NaN on day 0
    train = r.iloc[: _train_end(len(r))]
    assert nb05.check_train_scaler(float(train.mean()), float(train.std()))  # pandas, ddof=1
    assert nb05.check_train_scaler(float(np.nanmean(train)), float(np.nanstd(train)))  # NumPy, ddof=0
    leak = nb05.check_train_scaler(float(r.mean()), float(r.std()))
    assert not leak and "test days included" in leak.message and "r[:train_end]" in leak.hint
    val_end = len(r) - round(0.15 * len(r))
    assert (
        "validation" in nb05.check_train_scaler(float(r.iloc[:val_end].mean()), float(r.iloc[:val_end].std())).message
    )
    prices = sp["Close"].iloc[: _train_end(len(r))]
    assert "prices" in nb05.check_train_scaler(float(prices.mean()), float(prices.std())).message
    mean, std = float(train.mean()), float(train.std())
    assert "the mean is the training days', the std 0.02 is not" in nb05.check_train_scaler(mean, 0.02).message
    assert "the std is the training days', the mean 0.01 is not" in nb05.check_train_scaler(0.01, std).message
    fb = nb05.check_train_scaler(np.float64(0.01), np.float64(0.02))
    assert fb.message == "mean 0.01, std 0.02 are not the training days' statistics." and "np." not in fb.message
    assert not nb05.check_train_scaler("0.1", 1.0)


def test_weekly_persistence_rmse(sp):
    weekly = sp["Close"].resample("W-FRI").last().dropna().to_numpy()
    assert len(weekly) == 1044
    test = weekly[len(weekly) - round(0.15 * len(weekly)) - 1 :]  # the test weeks and the week before them
    right = float(np.sqrt(np.mean(np.diff(test) ** 2)))
    fb = nb05.check_weekly_persistence_rmse(right)
    assert fb and "points a week" in fb.message
    daily = sp["Close"].to_numpy()
    d = daily[len(daily) - round(0.15 * len(daily)) - 1 :]
    assert "daily" in nb05.check_weekly_persistence_rmse(float(np.sqrt(np.mean(np.diff(d) ** 2)))).message
    assert "all weeks" in nb05.check_weekly_persistence_rmse(float(np.sqrt(np.mean(np.diff(weekly) ** 2)))).message
    assert not nb05.check_weekly_persistence_rmse(right * 1.01)
    assert "square root" in nb05.check_weekly_persistence_rmse(right**2).message


def _volume_answer(sp, scale_volume="train"):
    """The exercise's answer built with pandas and a loop."""
    n = len(sp)
    tr = _train_end(n)
    r = np.log(sp["Close"]).diff().to_numpy()
    dv = np.log(sp["Volume"].astype(float)).diff().to_numpy()
    z = (r - np.nanmean(r[:tr])) / np.nanstd(r[:tr])
    if scale_volume == "train":
        zv = (dv - np.nanmean(dv[:tr])) / np.nanstd(dv[:tr])
    elif scale_volume == "all":
        zv = (dv - np.nanmean(dv)) / np.nanstd(dv)
    else:
        zv = dv
    T = 30
    X = np.array([np.column_stack([z[t - T : t], zv[t - T : t]]) for t in range(T + 1, tr)])
    Y = np.array([[z[t]] for t in range(T + 1, tr)])
    return X, Y


def test_volume_windows(sp):
    X, Y = _volume_answer(sp)
    assert X.shape == (_train_end(len(sp)) - 31, 30, 2)
    assert nb05.check_volume_windows(X, Y)
    assert nb05.check_volume_windows(X.astype("float32"), Y[:, 0].astype("float32")), (
        "float32 and (N,) targets are fine"
    )
    raw = nb05.check_volume_windows(*_volume_answer(sp, "raw"))
    assert not raw and "scale it" in raw.message
    leak = nb05.check_volume_windows(*_volume_answer(sp, "all"))
    assert not leak and "test days included" in leak.message
    shape = nb05.check_volume_windows(X[:, :, :1], Y)
    assert not shape and "shape" in shape.message
    shifted = nb05.check_volume_windows(X, np.roll(Y, 1))
    assert not shifted and "next day" in shifted.message


def test_the_volume_placeholder_names_the_notebook_s_variables():
    # The notebook's cell reads `X_volume, y_volume = None, None`: the "Not yet" must name those, not X and Y.
    text = str(nb05.check_volume_windows(None, None))
    assert "X_volume" in text and "y_volume" in text, text


# --- the staged hints: the idea, the formula, the code, one more with each wrong answer ---


def _notebook_names(sp):
    """The names the notebook's code hints use: sp, fc, np, rng, T and data["S&P 500"] as its prepare builds it."""
    close = sp["Close"].to_numpy()
    r = fc.log_returns(close)
    train_end, _ = fc.chronological_split(len(close))
    z = fc.Scaler.fit(r[:train_end]).transform(r)
    return {
        "np": np,
        "fc": fc,
        "sp": sp,
        "rng": np.random.default_rng(42),
        "T": nb05.WINDOW,
        "data": {"S&P 500": {"z": z, "train_end": train_end}},
    }


RUNS = {  # the check: the names its code hint sets, in the order the check takes them
    "check_lag_peak": ["lag_answer"],
    "check_train_scaler": ["scaler_mean", "scaler_std"],
    "check_weekly_persistence_rmse": ["weekly_rmse"],
    "check_volume_windows": ["X_volume", "y_volume"],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_stage_3_hint_gives_an_answer_its_check_accepts(name, sp):
    env = _notebook_names(sp)
    check = getattr(nb05, name)
    exec(check.hints[2], env)
    fb = check(*(env[n] for n in RUNS[name]))
    assert fb, f"{name}: its code hint gets {fb}"


def test_the_stages_agree_with_the_notebooks_hints():
    exercises_ = notebook_exercises("05_stock_forecasting.ipynb")
    assert [checks for _, checks in exercises_] == [
        ["check_lag_peak"],
        ["check_train_scaler"],
        ["check_weekly_persistence_rmse"],
        ["check_volume_windows"],
    ]
    for hints, (name,) in exercises_:
        assert_hints_agree(getattr(nb05, name), hints)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_hints_come_in_stages_over_wrong_answers(name, sp, monkeypatch):
    env = _notebook_names(sp)
    exec(getattr(nb05, name).hints[2], env)
    right = tuple(env[n] for n in RUNS[name])
    wrong = _wrong_answers(name, right)
    assert_staged(monkeypatch, getattr(nb05, name), wrong, right, (None,) * len(right))


def _wrong_answers(name, right):
    """Three different wrong answers to each exercise, from its right answer ``right`` (a tuple of arguments)."""
    if name == "check_lag_peak":
        return [(1,), (-2,), ("two",)]
    if name == "check_train_scaler":
        return [(0.0, 1.0), (right[0], 2 * right[1]), ("a", 1.0)]
    if name == "check_weekly_persistence_rmse":
        return [(1.0,), (right[0] ** 2,), ("x",)]
    X, Y = right
    return [(X[:, :, :1], Y), (X, np.roll(Y, 1)), (2 * X, Y)]
