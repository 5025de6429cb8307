"""The synthetic price series of notebook 05: reproducible, positive, with its stated noise floor."""

import numpy as np
import pandas as pd
import pytest

from lstm_helpers import forecasting as fc
from lstm_helpers.data import synthetic_prices


@pytest.fixture(scope="module")
def series():
    return synthetic_prices(6000, seed=0)


def test_reproducible_by_seed():
    a, b, c = synthetic_prices(500, seed=7), synthetic_prices(500, seed=7), synthetic_prices(500, seed=8)
    np.testing.assert_array_equal(a.prices, b.prices)
    np.testing.assert_array_equal(a.expected_log_returns, b.expected_log_returns)
    assert not np.allclose(a.prices, c.prices)


def test_positive_prices_and_aligned_arrays(series):
    assert series.prices.shape == (6000,) and series.prices[0] == pytest.approx(100.0)
    assert np.all(np.isfinite(series.prices)) and np.all(series.prices > 0)
    for arr in (series.log_returns, series.expected_log_returns, series.noise):
        assert arr.shape == (6000,) and np.isnan(arr[0]) and np.all(np.isfinite(arr[1:]))
    np.testing.assert_allclose(series.log_returns[1:], np.diff(np.log(series.prices)), atol=1e-12)
    np.testing.assert_allclose(
        series.log_returns, series.expected_log_returns + series.noise, atol=1e-15, equal_nan=True
    )


@pytest.mark.parametrize("sigma", [0.01, 0.02])
def test_the_stated_noise_level_is_recovered_from_the_output(sigma):
    s = synthetic_prices(20000, seed=1, noise_std=sigma)
    assert s.noise_std == sigma
    # The ideal forecast's error is the noise: its RMSE is sigma up to sampling (SE of the std ~ sigma/sqrt(2n)).
    err = s.log_returns[1:] - s.expected_log_returns[1:]
    assert np.sqrt(np.mean(err**2)) == pytest.approx(sigma, rel=4 / np.sqrt(2 * 20000))
    assert abs(np.mean(err)) < 4 * sigma / np.sqrt(20000)


def test_the_noise_is_unpredictable_from_the_past(series):
    e, r = series.noise[1:], series.log_returns
    for lag in (1, 2, 5):
        assert abs(np.corrcoef(e[lag:], r[1:-lag])[0, 1]) < 4 / np.sqrt(6000)
    assert abs(np.corrcoef(e, series.expected_log_returns[1:])[0, 1]) < 4 / np.sqrt(6000)


def test_the_ideal_forecast_uses_only_past_closes(series):
    # Recompute m_t from the prices alone, with pandas, from the documented formula.
    y = pd.Series(np.log(series.prices))
    r = y.diff()
    sigma, M, R = 0.01, 3, 20
    z = r.rolling(M).sum().shift(1) / (sigma * np.sqrt(M))  # r_{t-1} + ... + r_{t-M}
    momentum = (2.0 * sigma * z * np.exp(-(z**2) / (2 * 1.5**2))).fillna(0.0)
    pullback = (y.shift(1) - y.rolling(R).mean().shift(1)).fillna(0.0)  # y_{t-1} - mean(y_{t-R}..y_{t-1})
    m = 3e-4 + momentum - 0.1 * pullback
    np.testing.assert_allclose(series.expected_log_returns[1:], m.to_numpy()[1:], rtol=1e-9, atol=1e-12)


def test_the_series_is_learnable_and_the_floor_is_below_persistence(series):
    # The predictable part carries about as much variance as the noise ...
    m = series.expected_log_returns[1:]
    assert 0.7 < np.var(m) / series.noise_std**2 < 1.5
    # ... so the ideal forecast beats "tomorrow = today" clearly, in price units too.
    days = np.arange(1, 6000)
    ideal = series.ideal_price_forecast()[days]
    persistence = fc.persistence_forecast(series.prices, days)
    ratio = fc.rmse(series.prices[days], ideal) / fc.rmse(series.prices[days], persistence)
    assert ratio < 0.8
    # A linear AR(20) fitted by least squares captures only part of it (the momentum is nonlinear).
    r = series.log_returns
    coef = fc.fit_autoregression(r, 20, 21, 4200)
    test_days = np.arange(4200, 6000)
    ar_rmse = fc.rmse(r[test_days], fc.autoregression_forecast(coef, r, test_days))
    ideal_rmse = fc.rmse(r[test_days], series.expected_log_returns[test_days])
    assert ar_rmse > 1.1 * ideal_rmse


def test_ideal_price_forecast_is_the_expected_return_applied_to_the_last_close(series):
    ideal = series.ideal_price_forecast()
    assert np.isnan(ideal[0])
    np.testing.assert_allclose(ideal[1:], series.prices[:-1] * np.exp(series.expected_log_returns[1:]), rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n=1), "n must be an integer >= 2"),
        (dict(n=10, noise_std=0.0), "noise_std must be a finite number > 0"),
        (dict(n=10, start_price=-1.0), "start_price must be a finite number > 0"),
        (dict(n=10, momentum_days=0), "momentum_days must be an integer >= 1"),
        (dict(n=10, drift=float("nan")), "drift must be a finite number"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        synthetic_prices(**kwargs)


def test_a_wrong_kind_of_argument_is_a_type_error():
    with pytest.raises(TypeError, match="n must be an integer, got a float 10.0"):
        synthetic_prices(n=10.0)
