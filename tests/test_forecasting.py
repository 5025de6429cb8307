"""Forecasting helpers: every function against an independent oracle (loops, pandas, Keras, known processes)."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from lstm_helpers import forecasting as fc


@pytest.fixture
def prices():
    rng = np.random.default_rng(0)
    return 100 * np.exp(np.cumsum(rng.normal(0, 0.01, 300)))


# --- data preparation ---


def test_log_returns_are_aligned_with_days(prices):
    r = fc.log_returns(prices)
    assert r.shape == prices.shape and np.isnan(r[0])
    for t in (1, 2, 150, 299):
        assert r[t] == pytest.approx(np.log(prices[t] / prices[t - 1]), rel=1e-12)


def test_log_returns_reject_non_positive_prices():
    with pytest.raises(ValueError, match="positive"):
        fc.log_returns(np.array([1.0, 0.0, 2.0]))
    with pytest.raises(TypeError, match="prices must be a floating-point array"):
        fc.log_returns(np.array([1, 2, 3]))


def test_chronological_split_is_ordered_and_covers_everything():
    train_end, val_end = fc.chronological_split(1000, 0.15, 0.15)
    assert (train_end, val_end) == (700, 850)
    train_end, val_end = fc.chronological_split(5031)
    assert 0 < train_end < val_end < 5031
    assert 5031 - val_end == round(0.15 * 5031) and val_end - train_end == round(0.15 * 5031)


@pytest.mark.parametrize(
    "kwargs", [dict(n=2), dict(n=100, val_frac=0.0), dict(n=100, test_frac=1.0), dict(n=4, val_frac=0.5, test_frac=0.5)]
)
def test_chronological_split_rejects_impossible_splits(kwargs):
    with pytest.raises(ValueError):
        fc.chronological_split(**kwargs)


def test_scaler_uses_only_the_data_it_is_fitted_on():
    rng = np.random.default_rng(1)
    x = np.concatenate([[np.nan], rng.normal(3.0, 2.0, 500), rng.normal(50.0, 9.0, 100)])
    scaler = fc.Scaler.fit(x[:501])  # the "training part", with day 0's NaN
    assert float(scaler.mean) == pytest.approx(np.mean(x[1:501]))
    assert float(scaler.std) == pytest.approx(np.std(x[1:501]))
    z = scaler.transform(x[1:501])
    assert z.mean() == pytest.approx(0, abs=1e-12) and z.std() == pytest.approx(1)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(x[1:])), x[1:], rtol=1e-12)


def test_scaler_is_per_feature_and_rejects_constant_features():
    x = np.column_stack([np.arange(10.0), 5 * np.arange(10.0) + 1])
    s = fc.Scaler.fit(x)
    np.testing.assert_allclose(s.mean, [4.5, 23.5])
    np.testing.assert_allclose(s.transform(x)[:, 0], s.transform(x)[:, 1])
    with pytest.raises(ValueError, match="constant"):
        fc.Scaler.fit(np.ones((5, 2)))
    with pytest.raises(ValueError, match="non-NaN"):
        fc.Scaler.fit(np.full(5, np.nan))


def test_make_windows_matches_a_loop(prices):
    r = fc.log_returns(prices)
    X, Y, days = fc.make_windows(r, r, window=10, horizon=3, start=100, stop=200)
    assert X.shape == (len(days), 10, 1) and Y.shape == (len(days), 3)
    assert days[0] == 100 and days[-1] == 197  # the last 3-day target block ends at day 199
    for k, t in enumerate(days):
        np.testing.assert_array_equal(X[k, :, 0], r[t - 10 : t])
        np.testing.assert_array_equal(Y[k], r[t : t + 3])
        assert X[k, -1, 0] == r[t - 1], "the newest input is the day before the first target: no look-ahead"


def test_make_windows_matches_keras_timeseries_dataset(prices):
    keras = pytest.importorskip("keras")
    r = fc.log_returns(prices)
    T = 7
    X, Y, days = fc.make_windows(r, r, window=T, start=1 + T)
    # Keras pairs data[i : i + T] with targets[i]; shift the targets by T so each window predicts the next day.
    ds = keras.utils.timeseries_dataset_from_array(
        r[1:-1], r[1 + T :], sequence_length=T, batch_size=1000, shuffle=False
    )
    xk, yk = next(iter(ds))
    np.testing.assert_allclose(X[:, :, 0], np.asarray(xk))
    np.testing.assert_allclose(Y[:, 0], np.asarray(yk))


def test_make_windows_with_several_features_and_clear_errors(prices):
    feats = np.column_stack([prices, -prices])  # (n, 2)
    X, Y, days = fc.make_windows(feats, prices, window=5, start=50, stop=60)
    assert X.shape == (10, 5, 2) and list(days) == list(range(50, 60))
    np.testing.assert_array_equal(X[:, :, 1], -X[:, :, 0])
    r = fc.log_returns(prices)
    with pytest.raises(ValueError, match="NaN"):
        fc.make_windows(r, r, window=5)  # the first window reaches day 0
    with pytest.raises(ValueError, match="same n days"):
        fc.make_windows(prices, prices[:-1], window=5)
    with pytest.raises(ValueError, match="no window fits"):
        fc.make_windows(prices, prices, window=5, start=10, stop=12, horizon=5)


# --- baselines ---


def test_persistence_and_moving_average_against_pandas(prices):
    days = np.arange(20, 300)
    np.testing.assert_array_equal(fc.persistence_forecast(prices, days), prices[19:299])
    rolling = pd.Series(prices).rolling(5).mean().shift(1)  # mean of the 5 days before t
    np.testing.assert_allclose(fc.moving_average_forecast(prices, days, 5), rolling.to_numpy()[20:], rtol=1e-12)
    with pytest.raises(ValueError, match=r"days must lie in \[5, 300\)"):
        fc.moving_average_forecast(prices, np.arange(3, 10), 5)
    with pytest.raises(TypeError, match="integer day indices"):
        fc.persistence_forecast(prices, np.array([1.0, 2.0]))


def test_drift_forecast_applies_the_training_mean_log_return(prices):
    # Oracle: the mean of the training days' log returns telescopes to log(P[stop-1] / P[0]) / (stop - 1).
    stop, days = 200, np.arange(200, 300)
    mu = np.log(prices[stop - 1] / prices[0]) / (stop - 1)
    np.testing.assert_allclose(fc.drift_forecast(prices, days, stop), prices[199:299] * np.exp(mu), rtol=1e-12)
    # Only the fitting days matter: changing a later price moves no forecast except the one that starts from it.
    later = prices.copy()
    later[250] *= 2
    moved = fc.drift_forecast(later, days, stop) != fc.drift_forecast(prices, days, stop)
    np.testing.assert_array_equal(np.flatnonzero(moved), [251 - 200])
    # A price series growing by exactly 1% a day: the forecast is that growth applied to yesterday.
    steady = 50 * 1.01 ** np.arange(40)
    np.testing.assert_allclose(fc.drift_forecast(steady, np.arange(30, 40), 30), steady[30:40], rtol=1e-12)
    with pytest.raises(ValueError, match=r"days must lie in \[200, 300\)"):
        fc.drift_forecast(prices, np.arange(150, 210), stop)  # forecast days inside the fitting days
    with pytest.raises(ValueError, match="fit_stop must be <= the number of days 300"):
        fc.drift_forecast(prices, days, 301)
    with pytest.raises(TypeError, match="fit_stop must be an integer"):
        fc.drift_forecast(prices, days, 200.0)


def test_autoregression_recovers_a_noise_free_process_exactly():
    s = np.empty(60)
    s[:2] = [1.0, -0.5]
    for t in range(2, 60):
        s[t] = 0.1 + 0.5 * s[t - 1] - 0.3 * s[t - 2]
    coef = fc.fit_autoregression(s, 2, start=2, stop=40)
    np.testing.assert_allclose(coef, [0.1, 0.5, -0.3], atol=1e-10)
    days = np.arange(40, 60)
    np.testing.assert_allclose(fc.autoregression_forecast(coef, s, days), s[40:], atol=1e-10)


def test_autoregression_estimates_a_noisy_process():
    rng = np.random.default_rng(3)
    s = np.zeros(20000)
    for t in range(2, s.size):
        s[t] = 0.3 * s[t - 1] + 0.2 * s[t - 2] + rng.normal()
    coef = fc.fit_autoregression(s, 3, start=3, stop=s.size)
    np.testing.assert_allclose(coef, [0.0, 0.3, 0.2, 0.0], atol=0.03)


def test_autoregression_fits_only_the_given_part_and_refuses_nan(prices):
    r = fc.log_returns(prices)
    spoiled = r.copy()
    spoiled[200:] = 1e6  # changing the future must not change a fit on days < 200
    np.testing.assert_array_equal(fc.fit_autoregression(r, 3, 4, 200), fc.fit_autoregression(spoiled, 3, 4, 200))
    with pytest.raises(ValueError, match="NaN"):
        fc.fit_autoregression(r, 3, 0, 200)


def test_returns_to_prices_inverts_log_returns(prices):
    r = fc.log_returns(prices)
    np.testing.assert_allclose(fc.returns_to_prices(prices[:-1], r[1:]), prices[1:], rtol=1e-12)
    paths = fc.returns_to_prices(prices[:3], np.array([[0.1, 0.2], [0.0, 0.0], [-0.1, 0.1]]))
    np.testing.assert_allclose(paths[0], prices[0] * np.exp([0.1, 0.3]))
    np.testing.assert_allclose(paths[1], [prices[1], prices[1]])
    np.testing.assert_allclose(paths[2], [prices[2] * np.exp(-0.1), prices[2]])


def test_recursive_forecast_feeds_predictions_back():
    rng = np.random.default_rng(4)
    w = rng.normal(size=(6, 4, 1))
    coef = np.array([0.5, -0.2, 0.1, 0.3])  # a linear rule on the window, oldest to newest

    def predict(batch):
        return batch[:, :, 0] @ coef

    out = fc.recursive_forecast(predict, w, steps=3)
    for k in range(6):  # the same thing as a plain loop on one list
        seq = list(w[k, :, 0])
        for j in range(3):
            nxt = float(np.dot(seq[-4:], coef))
            assert out[k, j] == pytest.approx(nxt)
            seq.append(nxt)
    assert w.shape == (6, 4, 1), "the input windows are left unchanged"
    with pytest.raises(ValueError, match="single-feature"):
        fc.recursive_forecast(predict, np.zeros((2, 4, 2)), 2)


# --- metrics ---


def test_mae_rmse_by_hand():
    a, f = np.array([1.0, 2.0, 4.0]), np.array([2.0, 2.0, 1.0])
    assert fc.mae(a, f) == pytest.approx((1 + 0 + 3) / 3)
    assert fc.rmse(a, f) == pytest.approx(np.sqrt((1 + 0 + 9) / 3))
    with pytest.raises(ValueError, match="same shape"):
        fc.rmse(a, f[:2])


def test_directional_accuracy_scores_no_change_as_a_coin_flip():
    prev = np.array([10.0, 10.0, 10.0, 10.0])
    actual = np.array([11.0, 9.0, 12.0, 10.0])
    pred = np.array([10.5, 10.5, 10.0, 11.0])  # right, wrong, no change, actual flat
    assert fc.directional_accuracy(actual, pred, prev) == pytest.approx((1 + 0 + 0.5 + 0.5) / 4)
    assert fc.directional_accuracy(actual, prev, prev) == 0.5, "persistence scores exactly 0.5"
    res = fc.evaluate(actual, pred, prev)
    assert set(res) == {"MAE", "RMSE", "direction"} and res["direction"] == pytest.approx(0.5)


def test_cross_correlation_against_numpy_and_a_known_lag():
    rng = np.random.default_rng(5)
    y = rng.normal(size=400)
    x = np.concatenate([[0.0], y[:-1]])  # x[t] = y[t-1]: x follows y one step late
    lags, corr = fc.cross_correlation(x, y, 3)
    assert list(lags) == [-3, -2, -1, 0, 1, 2, 3]
    assert lags[np.argmax(corr)] == 1 and corr[lags == 1][0] == pytest.approx(1.0)
    for lag, c in zip(lags, corr):
        u, v = (x[lag:], y[: 400 - lag]) if lag >= 0 else (x[:lag], y[-lag:])
        assert c == pytest.approx(np.corrcoef(u, v)[0, 1])


def test_direction_scores_are_the_per_day_parts_of_the_accuracy():
    prev = np.array([10.0, 10.0, 10.0, 10.0, 10.0])
    actual = np.array([11.0, 9.0, 12.0, 10.0, 8.0])
    pred = np.array([10.5, 10.5, 10.0, 11.0, 9.0])  # right, wrong, no change, actual flat, right
    np.testing.assert_array_equal(fc.direction_scores(actual, pred, prev), [1.0, 0.0, 0.5, 0.5, 1.0])
    # "always up" scores the share of up days (days where the price did not move count one half)
    np.testing.assert_allclose(fc.directional_accuracy(actual, prev + 1.0, prev), (2 + 0.5) / 5)
    with pytest.raises(ValueError, match="previous must have the shape"):
        fc.direction_scores(actual, pred, prev[:3])


# --- comparing two forecasts: Diebold-Mariano with Newey-West errors, block lengths, walk-forward splits ---


def newey_west_by_hand(d, lags):
    """The Newey-West standard error of the mean of d, written out with loops (no library)."""
    n = len(d)
    mean = sum(d) / n
    u = [v - mean for v in d]
    gamma = [sum(u[t] * u[t - k] for t in range(k, n)) / n for k in range(lags + 1)]
    long_run = gamma[0] + 2 * sum((1 - k / (lags + 1)) * gamma[k] for k in range(1, lags + 1))
    return mean, (long_run / n) ** 0.5


def test_diebold_mariano_matches_a_hand_written_newey_west():
    loss_a = np.array([1.0, 4.0, 0.5, 2.0, 3.5, 0.2, 1.1, 2.9, 0.7, 1.6, 2.2, 0.3])
    loss_b = np.array([1.5, 2.0, 1.0, 2.5, 1.0, 1.2, 0.1, 3.0, 1.7, 0.6, 1.2, 1.3])
    for lags in (0, 1, 3):
        mean, se = newey_west_by_hand(list(loss_a - loss_b), lags)
        dm = fc.diebold_mariano(loss_a, loss_b, lags=lags)
        assert (dm.mean, dm.lags, dm.n) == (pytest.approx(mean, abs=1e-12), lags, 12)
        assert dm.se == pytest.approx(se, rel=1e-10) and dm.statistic == pytest.approx(mean / se, rel=1e-10)
        from scipy.stats import norm

        assert dm.p_value == pytest.approx(2 * norm.sf(abs(mean / se)), rel=1e-8)
        iv = dm.interval
        assert iv.estimate == dm.mean and iv.high - iv.estimate == pytest.approx(1.959964 * se, rel=1e-6)
    # swapping the two forecasts negates the statistic and keeps the p-value
    swapped = fc.diebold_mariano(loss_b, loss_a, lags=1)
    assert swapped.statistic == pytest.approx(-fc.diebold_mariano(loss_a, loss_b, lags=1).statistic)


def test_diebold_mariano_against_statsmodels_ols_with_hac_errors():
    import statsmodels.api as sm

    rng = np.random.default_rng(6)
    e = rng.normal(size=801)
    d = 0.1 + e[1:] - 0.5 * e[:-1]  # an MA(1) differential: negatively autocorrelated
    loss_ref = rng.exponential(size=800)
    dm = fc.diebold_mariano(loss_ref + d, loss_ref)
    assert dm.lags == fc.newey_west_lags(800) == 6
    ols = sm.OLS(d, sm.add_constant(np.zeros(800), has_constant="add")[:, :1]).fit(
        cov_type="HAC", cov_kwds={"maxlags": 6, "use_correction": False}
    )
    assert dm.mean == pytest.approx(ols.params[0]) and dm.se == pytest.approx(ols.bse[0], rel=1e-10)
    assert dm.p_value == pytest.approx(ols.pvalues[0], rel=1e-8)
    # Known answer: the long-run variance of e_t - 0.5 e_(t-1) is (1 - 0.5)^2 = 0.25, a quarter of the iid
    # variance 1.25 / 5; the HAC standard error is near sqrt(0.25 / n), the iid one near sqrt(1.25 / n).
    assert dm.se == pytest.approx(np.sqrt(0.25 / 800), rel=0.25)
    assert d.std() / np.sqrt(800) == pytest.approx(np.sqrt(1.25 / 800), rel=0.1)


def test_clark_west_matches_a_hand_written_adjusted_differential():
    rng = np.random.default_rng(11)
    actual = rng.normal(size=40)
    reference = np.zeros(40)  # persistence in returns: a forecast of 0
    forecast = 0.3 * actual + rng.normal(scale=0.5, size=40)  # a larger model, partly right
    for lags in (0, 2):
        adjusted = [(a - r) ** 2 - ((a - f) ** 2 - (f - r) ** 2) for a, f, r in zip(actual, forecast, reference)]
        mean, se = newey_west_by_hand(adjusted, lags)
        cw = fc.clark_west(actual, forecast, reference, lags=lags)
        from scipy.stats import norm

        assert (cw.lags, cw.n) == (lags, 40)
        assert cw.statistic == pytest.approx(mean / se, rel=1e-10)
        assert cw.p_value == pytest.approx(norm.sf(mean / se), rel=1e-8)  # one-sided: the larger model better
    with pytest.raises(ValueError, match="aligned day by day, got 40, 39 and 40 days"):
        fc.clark_west(actual, forecast[:-1], reference)


def test_clark_west_rejects_at_about_its_level_where_the_larger_model_adds_noise():
    # The null of nested models: the larger model's forecast is the reference plus estimation noise. A plain
    # DM test rejects "the larger model is better" far less than 5% of the time; Clark and West near 5%.
    rng = np.random.default_rng(12)
    cw_p, dm_p = [], []
    for _ in range(400):
        actual = rng.normal(size=300)
        forecast = rng.normal(scale=0.2, size=300)  # noise around the true (zero) mean
        cw_p.append(fc.clark_west(actual, forecast, np.zeros(300)).p_value)
        dm = fc.diebold_mariano((actual - forecast) ** 2, actual**2)
        dm_p.append(dm.p_value / 2 if dm.statistic < 0 else 1 - dm.p_value / 2)  # one-sided, model better
    assert 0.02 < np.mean(np.array(cw_p) < 0.05) < 0.09
    assert np.mean(np.array(dm_p) < 0.05) < 0.02


def test_diebold_mariano_rejects_at_its_level_under_the_null():
    # Two forecasts with equal expected loss and autocorrelated differentials: about 5% of p-values below 0.05.
    rng = np.random.default_rng(7)
    p = []
    for _ in range(400):
        e = rng.normal(size=301)
        d = e[1:] + 0.5 * e[:-1]
        p.append(fc.diebold_mariano(d + 5.0, np.full(300, 5.0)).p_value)
    rate = np.mean(np.array(p) < 0.05)
    assert 0.02 <= rate <= 0.10, rate


def test_diebold_mariano_clear_errors():
    with pytest.raises(ValueError, match="aligned day by day"):
        fc.diebold_mariano(np.ones(20), np.ones(19))
    with pytest.raises(ValueError, match="same on every day"):
        fc.diebold_mariano(np.ones(20) * 2, np.ones(20))
    with pytest.raises(ValueError, match="at least 10 days"):
        fc.diebold_mariano(np.ones(5), np.zeros(5))
    with pytest.raises(ValueError, match="lags must be below"):
        fc.diebold_mariano(np.arange(20.0), np.zeros(20), lags=20)


def test_newey_west_lags_rule_of_thumb():
    for n in (100, 150, 755, 900, 5000):
        assert fc.newey_west_lags(n) == int(4 * (n / 100) ** (2 / 9))
    assert [fc.newey_west_lags(n) for n in (100, 755)] == [4, 6]


def test_block_length_is_arch_s_circular_choice_rounded_up():
    from arch.bootstrap import optimal_block_length

    rng = np.random.default_rng(8)
    x = np.zeros(2000)
    for t in range(1, 2000):
        x[t] = 0.8 * x[t - 1] + rng.normal()
    b = fc.block_length(x)
    assert b == int(np.ceil(optimal_block_length(x)["circular"].iloc[0]))
    white = fc.block_length(rng.normal(size=2000))
    assert 1 <= white < b, (white, b)  # persistent series need longer blocks than white noise
    with pytest.raises(ValueError, match="constant"):
        fc.block_length(np.ones(50))


def test_walk_forward_splits_cover_the_test_days_without_looking_ahead():
    splits = fc.walk_forward_splits(5031, 4276, 5, 755)
    assert len(splits) == 5 and splits[0] == (3521, 4276, 4427)  # fold 0 is the fixed split's first window
    stops = [s for _, _, s in splits]
    origins = [v for _, v, _ in splits]
    assert origins[0] == 4276 and stops[-1] == 5031 and origins[1:] == stops[:-1]  # consecutive, no gap
    assert max(stops[k] - origins[k] for k in range(5)) - min(stops[k] - origins[k] for k in range(5)) <= 1
    for train_end, val_end, stop in splits:
        assert val_end - train_end == 755 and train_end < val_end < stop
    with pytest.raises(ValueError, match="folds must be at most"):
        fc.walk_forward_splits(100, 95, 6, 10)
    with pytest.raises(ValueError, match="fewer than 2 training days"):
        fc.walk_forward_splits(100, 50, 2, 49)


def test_small_sample_p_value_is_harvey_leybourne_newbold():
    rng = np.random.default_rng(3)
    loss_ref = rng.exponential(size=60)
    dm = fc.diebold_mariano(loss_ref + rng.normal(0.3, 1.0, 60), loss_ref, lags=4)
    n, h = dm.n, 5
    corrected = dm.statistic * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    assert dm.small_sample_p_value(horizon=h) == pytest.approx(2 * scipy_stats.t.sf(abs(corrected), n - 1))
    # the correction only ever weakens the evidence, and for one step over many days it nearly vanishes
    assert dm.small_sample_p_value(horizon=h) > dm.p_value
    big = fc.diebold_mariano(rng.normal(0.1, 1.0, 5000) + 5.0, np.full(5000, 5.0), lags=0)
    assert big.small_sample_p_value() == pytest.approx(big.p_value, rel=0.02)


def test_small_sample_p_value_clear_errors():
    dm = fc.diebold_mariano(np.arange(10.0), np.zeros(10), lags=1)
    with pytest.raises(ValueError, match="horizon must be below half the number of days 10, got 6"):
        dm.small_sample_p_value(horizon=6)
    with pytest.raises(ValueError, match="horizon"):
        dm.small_sample_p_value(horizon=0)
