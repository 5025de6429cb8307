"""Binomial intervals and the paired (block) bootstrap, against textbook values and plain arithmetic."""

import math

import numpy as np
import pytest
from arch.bootstrap import CircularBlockBootstrap

from lstm_helpers import stats


@pytest.mark.parametrize(
    "k, n, low, high",
    [
        (50, 100, 0.4038, 0.5962),  # Wilson score interval, the textbook example (Newcombe 1998, Table I style)
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (81, 263, 0.2553, 0.3662),  # Newcombe (1998), example: 81/263
    ],
)
def test_wilson_interval_matches_published_values(k, n, low, high):
    iv = stats.binomial_interval(k, n)
    assert iv.estimate == pytest.approx(k / n)
    assert iv.low == pytest.approx(low, abs=1e-4)
    assert iv.high == pytest.approx(high, abs=1e-4)


def test_wilson_is_the_closed_form():
    k, n, z = 9916, 10000, 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    iv = stats.binomial_interval(k, n)
    assert (iv.low, iv.high) == pytest.approx((centre - half, centre + half), rel=1e-12)
    assert "95% CI" in str(iv) and iv.contains(0.99) and not iv.contains(0.995)


@pytest.mark.parametrize(
    "args, exc, words",
    [
        ((5, 0), ValueError, "n must be an integer >= 1, got 0"),
        ((11, 10), ValueError, "at most n = 10"),
        ((-1, 10), ValueError, "successes must be an integer >= 0, got -1"),
        ((5.0, 10), TypeError, "successes must be an integer, got a float 5.0"),
        ((5, 10, 1.5), ValueError, "confidence must be"),
    ],
)
def test_binomial_interval_rejects_bad_input(args, exc, words):
    with pytest.raises(exc, match=words):
        stats.binomial_interval(*args)


def test_bootstrap_of_a_mean_is_close_to_the_normal_interval():
    x = np.random.default_rng(1).standard_normal(2000)
    iv = stats.bootstrap_interval(np.mean, x, n_resamples=4000, seed=3)
    half = 1.96 * x.std(ddof=1) / math.sqrt(x.size)
    assert iv.estimate == pytest.approx(x.mean())
    assert iv.high - iv.low == pytest.approx(2 * half, rel=0.1)
    assert iv.low < x.mean() < iv.high


def test_paired_bootstrap_resamples_items_together():
    a = np.random.default_rng(0).standard_normal(500)
    diff = stats.bootstrap_interval(lambda u, v: float(np.mean(u - v)), a, a.copy())
    assert (diff.low, diff.estimate, diff.high) == (0.0, 0.0, 0.0)  # the same items every time: no spread


def test_block_bootstrap_widens_the_interval_of_a_dependent_series():
    rng = np.random.default_rng(4)
    e = rng.standard_normal(4000)
    x = np.convolve(e, np.ones(20) / 20, mode="same")  # strongly autocorrelated over ~20 items
    iid = stats.bootstrap_interval(np.mean, x, block=1, n_resamples=1000)
    blocked = stats.bootstrap_interval(np.mean, x, block=50, n_resamples=1000)
    assert (blocked.high - blocked.low) > 2.5 * (iid.high - iid.low)


def test_circular_blocks_weigh_the_last_items_like_the_others():
    """A moving-block bootstrap puts the last items in fewer blocks; the circular one does not (arch.bootstrap)."""
    N, block = 200, 20
    counts = np.zeros(N)
    x = np.arange(N, dtype=float)
    for seed in range(40):
        for (data,), _ in CircularBlockBootstrap(block, x, seed=seed).bootstrap(25):
            counts += np.bincount(data.astype(int), minlength=N)
    assert counts[-block:].mean() == pytest.approx(counts[block:-block].mean(), rel=0.1)
    iv = stats.bootstrap_interval(np.mean, x, block=block, kind="circular", n_resamples=500)
    assert iv.low < x.mean() < iv.high


def test_stationary_bootstrap_is_available():
    x = np.random.default_rng(2).standard_normal(500)
    iv = stats.bootstrap_interval(np.mean, x, block=10, kind="stationary", n_resamples=500)
    assert iv.low < x.mean() < iv.high


def test_bootstrap_is_reproducible_and_seeded():
    x = np.arange(100.0)
    assert stats.bootstrap_interval(np.mean, x, seed=5) == stats.bootstrap_interval(np.mean, x, seed=5)
    assert stats.bootstrap_interval(np.mean, x, seed=5) != stats.bootstrap_interval(np.mean, x, seed=6)


@pytest.mark.parametrize(
    "samples, kwargs, exc, words",
    [
        ((np.ones(5), np.ones(6)), {}, ValueError, "aligned"),
        ((np.array([1.0, np.nan]),), {}, ValueError, "NaN or inf at items \\[1\\]"),
        ((np.ones(5),), {"block": 6}, ValueError, "block must be at most"),
        ((np.ones(5),), {"n_resamples": 10}, ValueError, "n_resamples must be an integer >= 100"),
        ((np.array(["a", "b"]),), {}, TypeError, "must hold numbers"),
        ((np.ones(5),), {"kind": "moving"}, ValueError, "kind must be one of iid, circular, stationary"),
        ((np.ones(5),), {"kind": "iid", "block": 2}, ValueError, "block must be 1"),
        ((), {}, TypeError, "at least one per-item array"),
    ],
)
def test_bootstrap_rejects_bad_input(samples, kwargs, exc, words):
    with pytest.raises(exc, match=words):
        stats.bootstrap_interval(np.mean, *samples, **kwargs)


def test_interval_format():
    assert stats.Interval(0.5, 0.25, 0.75).format(".1f", scale=100, unit="%") == "50.0% (95% CI 25.0% to 75.0%)"


def test_interval_short_form_for_tables():
    assert stats.Interval(1.0001, 0.9918, 1.0051).short() == "1.0001 [0.9918, 1.0051]"
    assert stats.Interval(0.302, 0.274, 0.331).short(".1f", 100, "%") == "30.2% [27.4%, 33.1%]"


def test_seed_interval_is_a_t_interval_over_the_seeds():
    iv = stats.seed_interval([-1.70, -1.03, -1.45])
    assert iv.estimate == pytest.approx(-1.3933, abs=1e-4)
    assert (iv.low, iv.high) == (pytest.approx(-2.2344, abs=1e-4), pytest.approx(-0.5523, abs=1e-4))
    assert stats.seed_interval([1.0, 1.0]).low == 1.0  # no spread between the seeds: no width


@pytest.mark.parametrize("values", [[1.0], [[1.0, 2.0]], [1.0, float("nan")]])
def test_seed_interval_needs_one_finite_number_per_seed(values):
    with pytest.raises(ValueError, match="seed"):
        stats.seed_interval(values)


def _welch_by_hand(a, b, confidence=0.95):
    # the textbook formula: Welch-Satterthwaite degrees of freedom, t quantile from scipy
    from scipy.stats import t

    a, b = np.asarray(a, float), np.asarray(b, float)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    half = t.ppf(0.5 + confidence / 2, df) * np.sqrt(va + vb)
    d = a.mean() - b.mean()
    return d, d - half, d + half


@pytest.mark.parametrize(
    "a, b",
    [([94.7, 95.3, 95.4], [96.4, 97.0, 96.8]), ([0.1, 0.4, 0.2, 0.9, 0.5], [0.3, 0.35]), ([1.0, 1.5, 1.0], [0.0, 2.0])],
)
def test_difference_interval_is_welchs_unpaired_interval(a, b):
    iv = stats.difference_interval(a, b)
    d, low, high = _welch_by_hand(a, b)
    assert (iv.estimate, iv.low, iv.high) == (pytest.approx(d), pytest.approx(low), pytest.approx(high))
    # unpaired: the order of the runs inside a group does not matter
    assert stats.difference_interval(a[::-1], b) == iv


def test_difference_interval_docstring_example():
    iv = stats.difference_interval([94.7, 95.3, 95.4], [96.4, 97.0, 96.8])
    assert f"{iv.estimate:.2f} {iv.low:.2f} {iv.high:.2f}" == "-1.60 -2.39 -0.81"


@pytest.mark.parametrize(
    "a, b, message",
    [
        ([1.0], [1.0, 2.0], "a must be one value per run or sample, at least 2"),
        ([1.0, 2.0], [[1.0, 2.0]], "b must be one value per run or sample"),
        ([1.0, float("nan")], [1.0, 2.0], "a holds NaN or inf at positions \\[1\\]"),
        ([1.0, 1.0], [2.0, 2.0], "both constant"),
    ],
)
def test_difference_interval_says_what_it_needs(a, b, message):
    with pytest.raises(ValueError, match=message):
        stats.difference_interval(a, b)


def test_batch_means_is_the_classic_formula_with_a_t_quantile():
    x = np.random.default_rng(4).standard_normal(1200)
    iv = stats.batch_means_interval(x, 100)  # 12 equal batches
    means = x.reshape(12, 100).mean(axis=1)
    se = means.std(ddof=1) / math.sqrt(12)
    assert stats.batch_means_se(x, 100) == pytest.approx(se, rel=1e-12)
    from scipy.stats import t

    assert iv.estimate == pytest.approx(x.mean())
    assert (iv.low, iv.high) == pytest.approx((x.mean() - t.ppf(0.975, 11) * se, x.mean() + t.ppf(0.975, 11) * se))


def test_batch_means_of_selected_items_is_the_clustered_ratio_estimate():
    rng = np.random.default_rng(5)
    x, where = rng.standard_normal(1050), rng.random(1050) < 0.3
    groups = np.minimum(np.arange(1050) // 100, 9)  # 10 batches, the last one 150 items long
    R = x[where].mean()
    e = np.array([(x[where & (groups == g)] - R).sum() for g in range(10)])
    se = math.sqrt(10 / 9 * (e**2).sum()) / where.sum()  # cluster-robust (CR1) standard error of a mean
    assert stats.batch_means_se(x, 100, where=where) == pytest.approx(se, rel=1e-10)
    iv = stats.batch_means_interval(x, 100, where=where, confidence=0.99)
    assert iv.estimate == pytest.approx(R) and iv.confidence == 0.99


def test_batch_means_standard_error_levels_off_beyond_the_dependence():
    # AR(1) with phi = 0.9: long-run sd of the mean sqrt((1 + phi) / (1 - phi)) / sqrt(N) = 4.36 / sqrt(N)
    rng = np.random.default_rng(6)
    e, x = rng.standard_normal(200_000), np.empty(200_000)
    x[0] = e[0]
    for i in range(1, x.size):
        x[i] = 0.9 * x[i - 1] + e[i] * math.sqrt(1 - 0.81)
    se = {b: stats.batch_means_se(x, b) for b in (1, 10, 200, 2000)}
    assert se[1] < se[10] < se[200]
    assert se[2000] == pytest.approx(se[200], rel=0.25)
    assert se[2000] == pytest.approx(math.sqrt(1.9 / 0.1) / math.sqrt(x.size), rel=0.25)


@pytest.mark.parametrize(
    "values, batch, where, words",
    [
        (np.arange(10.0), 6, None, "at least 2 whole batches"),
        (np.arange(10.0), 0, None, "batch must be an integer >= 1"),
        (np.array([1.0, np.nan, 2.0, 3.0]), 2, None, "NaN or inf"),
        (np.arange(10.0), 2, np.ones(9, bool), "boolean mask of shape"),
        (np.arange(10.0), 2, np.arange(10) < 2, "at least 2 batches"),
    ],
)
def test_batch_means_rejects_bad_input(values, batch, where, words):
    with pytest.raises(ValueError, match=words):
        stats.batch_means_interval(values, batch, where=where)


@pytest.mark.parametrize(
    "counts, low, high",
    [  # Newcombe (1998), Statistics in Medicine 17: 873-890, Table II, method 10
        ((56, 70, 48, 80), 0.0524, 0.3339),
        ((9, 10, 3, 10), 0.1705, 0.8090),
        ((5, 56, 0, 29), -0.0381, 0.1926),
        ((0, 10, 0, 20), -0.1611, 0.2775),
        ((10, 10, 0, 20), 0.6791, 1.0000),
    ],
)
def test_proportion_difference_is_newcombes_method_10(counts, low, high):
    iv = stats.proportion_difference(*counts)
    assert iv.estimate == pytest.approx(counts[0] / counts[1] - counts[2] / counts[3])
    assert (iv.low, iv.high) == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))


def test_proportion_difference_combines_the_two_wilson_intervals():
    # Newcombe's hybrid by hand: d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
    (k1, n1), (k2, n2) = (184, 192), (1603, 1613)
    a, b = stats.binomial_interval(k1, n1, 0.9), stats.binomial_interval(k2, n2, 0.9)
    p1, p2 = k1 / n1, k2 / n2
    low = p1 - p2 - math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2)
    high = p1 - p2 + math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2)
    iv = stats.proportion_difference(k1, n1, k2, n2, confidence=0.9)
    assert (iv.low, iv.high) == (pytest.approx(low, rel=1e-9), pytest.approx(high, rel=1e-9))
    assert iv.confidence == 0.9 and iv.high < 0  # 184/192 is measurably below 1603/1613


def test_fisher_p_is_the_exact_hypergeometric_test():
    assert stats.fisher_p(3, 4, 1, 4) == pytest.approx(34 / 70)  # Fisher's tea tasting: 17/35
    # the one-table case by hand: 2 of 2 against 0 of 2, two-sided, is 2 * C(2,2)C(2,0)/C(4,2) = 1/3
    assert stats.fisher_p(2, 2, 0, 2) == pytest.approx(1 / 3)
    assert stats.fisher_p(5, 10, 5, 10) == 1.0


@pytest.mark.parametrize(
    "counts, exc, words",
    [
        ((5, 0, 1, 2), ValueError, "n_a must be an integer >= 1, got 0"),
        ((3, 2, 1, 2), ValueError, "successes_a must be at most n_a = 2, got 3"),
        ((1, 2, -1, 2), ValueError, "successes_b must be an integer >= 0, got -1"),
        ((1, 2, 1.0, 2), TypeError, "successes_b must be an integer"),
    ],
)
def test_two_proportion_tools_reject_bad_counts(counts, exc, words):
    for tool in (stats.proportion_difference, stats.fisher_p):
        with pytest.raises(exc, match=words):
            tool(*counts)
