"""Uncertainty for the series' comparisons: binomial intervals, the (block) bootstrap and seed intervals.

Every comparison the notebooks print carries an interval, and the prose says
"indistinguishable" only where the interval contains the value of no
difference (a claim the notebook checks, see :mod:`lstm_helpers.claims`).
The tools the series uses:

- :func:`binomial_interval`: an accuracy measured on ``n`` independent items
  (images, sequences), as a Wilson score interval, which stays inside [0, 1]
  and behaves near 0% and 100%, unlike ``p ± 1.96 SE``.
- :func:`bootstrap_interval`: any statistic of one or more *aligned* per-item
  arrays (the same test images scored by two models; the squared errors of two
  forecasts on the same days), resampled together (paired), either item by
  item (``block=1``) or in circular or stationary blocks, which keep the
  dependence between neighbouring days or characters. The resampling is the
  well-kept ``arch.bootstrap``'s; this module adds the pairing, the checks and
  the :class:`Interval` the notebooks print.

- :func:`proportion_difference`: the difference of two accuracies measured on *different* items (one model on
  the short test inputs and on the long ones), as Newcombe's hybrid score interval, built from the two
  Wilson intervals (statsmodels' ``confint_proportions_2indep(..., method="newcomb")``); :func:`fisher_p` is
  the two-sided p-value of Fisher's exact test of the same two counts (``scipy.stats.fisher_exact``). Both
  cover test sampling, as :func:`binomial_interval` does.

- :func:`seed_interval`: a mean over training runs (one value per seed: an
  accuracy, or the difference between two models whose runs of one seed share
  something, such as the same starting weights), as a Student-t interval. It
  covers **training-seed variance** (what another run of the same recipe would
  give), which test-sampling intervals (the two above) do not: a notebook
  reports the two apart.
- :func:`difference_interval`: the difference of two means over independent
  groups (the runs of two models that share nothing but the seed's number, or
  two models' independent samples), as Welch's t interval: pairing such runs by
  seed index would make the interval depend on which run is called "seed 0".

- :func:`batch_means_interval`: the mean of one long dependent series (a text's per-character
  losses, or their difference between two models), or of the items a mask selects, with a t interval
  from consecutive batches of the series taken as clusters (``statsmodels``' cluster-robust errors,
  ``G - 1`` degrees of freedom for ``G`` batches): the small-sample-corrected interval once the
  batches are longer than the dependence. :func:`batch_means_se` is its standard error, to plot against
  the batch length and see where it stops growing.

All return an :class:`Interval`. Letters: ``N`` the number of items, ``S`` the number of seeds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ._shapes import check_int, check_number


@dataclass(frozen=True)
class Interval:
    """A point estimate with a two-sided confidence interval ``[low, high]``."""

    estimate: float
    low: float
    high: float
    confidence: float = 0.95

    def contains(self, value: float) -> bool:
        """True when ``value`` lies inside the interval (ends included)."""
        return self.low <= value <= self.high

    def format(self, fmt: str = ".4f", scale: float = 1.0, unit: str = "") -> str:
        """``"0.9987 (95% CI 0.9962 to 1.0011)"``; ``scale=100, unit="%"`` for percentages."""
        e, lo, hi = (format(v * scale, fmt) + unit for v in (self.estimate, self.low, self.high))
        return f"{e} ({self.confidence:.0%} CI {lo} to {hi})"

    def short(self, fmt: str = ".4f", scale: float = 1.0, unit: str = "") -> str:
        """``"0.9987 [0.9962, 1.0011]"``: the compact form for a table whose header says "[95% CI]"."""
        e, lo, hi = (format(v * scale, fmt) + unit for v in (self.estimate, self.low, self.high))
        return f"{e} [{lo}, {hi}]"

    def __str__(self) -> str:
        return self.format()


def _check_confidence(confidence) -> float:
    return check_number("confidence", confidence, 0, 1, low_open=True, high_open=True)


def binomial_interval(successes, n, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a success rate ``successes / n`` (an accuracy on ``n`` items).

    ``estimate`` is ``successes / n``. For 9,916 correct of 10,000 test images:
    ``binomial_interval(9916, 10000)`` -> 0.9916 (95% CI 0.9897 to 0.9932).
    """
    n = check_int("n", n, 1)
    k = check_int("successes", successes, 0)
    if k > n:
        raise ValueError(f"successes must be at most n = {n}, got {k}")
    confidence = _check_confidence(confidence)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half), confidence)


def _two_counts(successes_a, n_a, successes_b, n_b) -> tuple[int, int, int, int]:
    counts = []
    for name, k, n in (("a", successes_a, n_a), ("b", successes_b, n_b)):
        n = check_int(f"n_{name}", n, 1)
        k = check_int(f"successes_{name}", k, 0)
        if k > n:
            raise ValueError(f"successes_{name} must be at most n_{name} = {n}, got {k}")
        counts += [k, n]
    return tuple(counts)


def proportion_difference(successes_a, n_a, successes_b, n_b, confidence: float = 0.95) -> Interval:
    """Newcombe's hybrid score interval of ``successes_a / n_a - successes_b / n_b``, two independent samples.

    For two accuracies measured on different items (a model's exact match on the short test inputs minus
    its exact match on the long ones): Newcombe's (1998) method 10, which combines the two Wilson intervals,
    stays inside [-1, 1] and behaves near 0% and 100%, where ``d ± 1.96 SE`` does not. The computation is
    statsmodels' ``confint_proportions_2indep(..., method="newcomb")``. Newcombe's own example:
    ``proportion_difference(56, 70, 48, 80)`` -> 0.2000 (95% CI 0.0524 to 0.3339).
    """
    k_a, n_a, k_b, n_b = _two_counts(successes_a, n_a, successes_b, n_b)
    confidence = _check_confidence(confidence)
    from statsmodels.stats.proportion import confint_proportions_2indep  # imported here: importing stays cheap

    low, high = confint_proportions_2indep(k_a, n_a, k_b, n_b, method="newcomb", compare="diff", alpha=1 - confidence)
    return Interval(k_a / n_a - k_b / n_b, float(low), float(high), confidence)


def fisher_p(successes_a, n_a, successes_b, n_b) -> float:
    """Two-sided p-value of Fisher's exact test that two success rates are equal (``scipy.stats.fisher_exact``).

    The same two counts as :func:`proportion_difference`, as the 2 x 2 table [[successes, failures] of a,
    [successes, failures] of b]; exact, so it needs no large sample. Fisher's tea-tasting lady, 3 of 4 cups
    right each way: ``fisher_p(3, 4, 1, 4)`` -> 0.486.
    """
    k_a, n_a, k_b, n_b = _two_counts(successes_a, n_a, successes_b, n_b)
    from scipy.stats import fisher_exact  # imported here: importing lstm_helpers stays cheap

    return float(fisher_exact([[k_a, n_a - k_a], [k_b, n_b - k_b]]).pvalue)


def _aligned(samples) -> list[np.ndarray]:
    if not samples:
        raise TypeError("bootstrap_interval needs at least one per-item array after the statistic")
    arrays = []
    for k, s in enumerate(samples):
        a = np.asarray(s)
        if a.ndim == 0 or a.shape[0] == 0:
            raise ValueError(f"sample {k} must be a non-empty array of per-item values (N, ...), got shape {a.shape}")
        if not np.issubdtype(a.dtype, np.number) and a.dtype != bool:
            raise TypeError(f"sample {k} must hold numbers, got dtype {a.dtype}")
        if np.issubdtype(a.dtype, np.floating) and not np.isfinite(a).all():
            raise ValueError(f"sample {k} holds NaN or inf at items {np.flatnonzero(~np.isfinite(a))[:5].tolist()}")
        arrays.append(a)
    lengths = {a.shape[0] for a in arrays}
    if len(lengths) > 1:
        raise ValueError(
            f"the samples must be aligned (the same N items each), got lengths {[a.shape[0] for a in arrays]}"
        )
    return arrays


BOOTSTRAPS = ("iid", "circular", "stationary")


def bootstrap_interval(
    statistic: Callable[..., float],
    *samples,
    n_resamples: int = 2000,
    block: int = 1,
    kind: str | None = None,
    confidence: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Percentile bootstrap interval of ``statistic(*samples)``, resampling the aligned items together.

    ``samples`` are arrays with the same first axis ``N`` (one row per item: an image, a test day, a
    character); every resample draws the same item indices for all of them (a *paired* bootstrap). The
    resampling is ``arch.bootstrap``'s (Kevin Sheppard's ``arch`` package), by ``kind``:

    - ``"iid"`` (the default when ``block=1``): items drawn with replacement, for independent items;
    - ``"circular"`` (the default when ``block > 1``): blocks of ``block`` consecutive items, wrapping
      around the end, so every item (the last days of a test period too) is in as many blocks as any other;
    - ``"stationary"``: blocks of random length, geometric with mean ``block`` (Politis & Romano).

    ``estimate`` is the statistic on the original samples. Example, the RMSE ratio of two forecasts on the
    same days, with a block length chosen by ``arch.bootstrap.optimal_block_length``::

        ratio = lambda a, b: np.sqrt(a.mean() / b.mean())
        bootstrap_interval(ratio, sq_err_lstm, sq_err_persistence, block=20)
    """
    if not callable(statistic):
        raise TypeError(f"statistic must be a function of the samples, got {type(statistic).__name__}")
    arrays = _aligned(samples)
    N = arrays[0].shape[0]
    n_resamples = check_int("n_resamples", n_resamples, 100)
    block = check_int("block", block, 1)
    if block > N:
        raise ValueError(f"block must be at most the number of items N = {N}, got {block}")
    kind = ("iid" if block == 1 else "circular") if kind is None else kind
    if kind not in BOOTSTRAPS:
        raise ValueError(f"kind must be one of {', '.join(BOOTSTRAPS)}, got {kind!r}")
    if kind == "iid" and block != 1:
        raise ValueError(f"kind 'iid' resamples single items: block must be 1, got {block}")
    confidence = _check_confidence(confidence)
    seed = check_int("seed", seed, 0)
    estimate = float(statistic(*arrays))
    if not math.isfinite(estimate):
        raise ValueError(f"statistic(*samples) must be a finite number, got {estimate}")
    from arch.bootstrap import CircularBlockBootstrap, IIDBootstrap, StationaryBootstrap  # not at import time

    if kind == "iid":
        bs = IIDBootstrap(*arrays, seed=seed)
    elif kind == "circular":
        bs = CircularBlockBootstrap(block, *arrays, seed=seed)
    else:
        bs = StationaryBootstrap(block, *arrays, seed=seed)
    values = bs.apply(lambda *a: np.array([float(statistic(*a))]), n_resamples)[:, 0]
    if not np.isfinite(values).all():
        raise ValueError("the statistic was not finite on some resamples (e.g. a division by a resampled zero)")
    tail = (1 - confidence) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return Interval(estimate, float(low), float(high), confidence)


def _per_run(name: str, values, unit: str, where: str) -> np.ndarray:
    """``values`` as a float array ``(S,)`` of one finite value per ``unit``, at least 2 of them, or a ValueError."""
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(f"{name} must be one value per {unit}, at least 2 of them (S,), got shape {v.shape}")
    if not np.isfinite(v).all():
        raise ValueError(f"{name} holds NaN or inf at {where} {np.flatnonzero(~np.isfinite(v)).tolist()}")
    return v


def seed_interval(values, confidence: float = 0.95) -> Interval:
    """Student-t interval of the mean of per-seed values ``(S,)``, ``S >= 2`` (one training run per seed).

    ``estimate`` is the mean; the half-width is ``t_{S-1} * sd / sqrt(S)``. With 3 seeds the t quantile is
    4.30 (95%): few seeds give wide intervals, as they should. Example, SimpleRNN minus LSTM accuracy in
    three paired runs: ``seed_interval([-1.70, -1.03, -1.45])`` -> -1.39 (95% CI -2.23 to -0.55). A difference
    per seed is a pair only when the two runs of a seed share something (the same starting weights); for runs
    that share nothing, use :func:`difference_interval`.
    """
    v = _per_run("values", values, "seed", "seeds")
    confidence = _check_confidence(confidence)
    from scipy.stats import t  # imported here: importing lstm_helpers stays cheap

    mean, sd = float(v.mean()), float(v.std(ddof=1))
    half = float(t.ppf(0.5 + confidence / 2, v.size - 1)) * sd / math.sqrt(v.size)
    return Interval(mean, mean - half, mean + half, confidence)


def difference_interval(a, b, confidence: float = 0.95) -> Interval:
    """Welch's t interval of ``mean(a) - mean(b)`` for two independent groups ``a (S_a,)`` and ``b (S_b,)``.

    For runs of two models that share nothing (different starting weights, so that a seed's number links
    nothing between them) or two models' independent samples: no pairing, unequal variances allowed
    (``scipy.stats.ttest_ind(a, b, equal_var=False)``). Each group needs at least 2 values, and not both
    groups may be constant. Example: ``difference_interval([94.7, 95.3, 95.4], [96.4, 97.0, 96.8])`` ->
    -1.60 (95% CI -2.39 to -0.81).
    """
    groups = [_per_run(name, values, "run or sample", "positions") for name, values in (("a", a), ("b", b))]
    if groups[0].std() == 0 and groups[1].std() == 0:
        raise ValueError("a and b are both constant: Welch's interval needs some spread in at least one group")
    confidence = _check_confidence(confidence)
    from scipy.stats import ttest_ind  # imported here: importing lstm_helpers stays cheap

    ci = ttest_ind(groups[0], groups[1], equal_var=False).confidence_interval(confidence)
    estimate = float(groups[0].mean() - groups[1].mean())
    return Interval(estimate, float(ci.low), float(ci.high), confidence)


def _batch_fit(values, batch: int, where):
    """statsmodels' OLS of the selected ``values`` on a constant, clustered by batch: ``(fit, groups)``."""
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(f"values must be one number per item (N,), at least 2 of them, got shape {v.shape}")
    if not np.isfinite(v).all():
        raise ValueError(f"values hold NaN or inf at items {np.flatnonzero(~np.isfinite(v))[:5].tolist()}")
    batch = check_int("batch", batch, 1)
    G = v.size // batch
    if G < 2:
        raise ValueError(f"batch must leave at least 2 whole batches of the N = {v.size} items, got {batch}")
    groups = np.minimum(np.arange(v.size) // batch, G - 1)  # (N,) the last batch takes the N mod batch left over
    if where is not None:
        mask = np.asarray(where)
        if mask.dtype != bool or mask.shape != v.shape:
            raise ValueError(f"where must be a boolean mask of shape {v.shape}, got {mask.dtype} {mask.shape}")
        if len(np.unique(groups[mask])) < 2:
            raise ValueError("where must select items in at least 2 batches")
        v, groups = v[mask], groups[mask]
    from statsmodels.regression.linear_model import OLS  # imported here: importing lstm_helpers stays cheap

    fit = OLS(v, np.ones((v.size, 1))).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    return fit, groups


def batch_means_se(values, batch: int, where=None) -> float:
    """Standard error of the mean of ``values (N,)``, from consecutive batches of ``batch`` items as clusters.

    For a series whose neighbouring items are correlated (the per-character losses of a text), cut it into
    ``G = N // batch`` stretches of ``batch`` items (the last one takes the ``N mod batch`` left over); with
    equal batches the result is the classic batch-means standard error ``sd(batch means) / sqrt(G)``. It
    grows with ``batch`` while the batches are shorter than the dependence and levels off once they are
    longer: plotted against ``batch``, the plateau says how long the dependence is. ``where`` (N,) bool: the
    mean of the selected items only (a row of a table), its batches still stretches of the whole series.
    """
    fit, _ = _batch_fit(values, batch, where)
    return float(fit.bse[0])


def batch_means_interval(values, batch: int, where=None, confidence: float = 0.95) -> Interval:
    """The mean of ``values (N,)`` (or of the items ``where`` selects) with a t interval over batches.

    ``estimate`` is the plain mean of all the (selected) items; the standard error is
    :func:`batch_means_se`'s, from ``statsmodels``' OLS on a constant with cluster-robust errors, one cluster
    per batch of ``batch`` consecutive items; the interval uses Student's t with ``G - 1`` degrees of freedom
    for ``G`` batches (clusters present), the small-sample correction that matters when long batches leave
    few of them: 14 batches give a t quantile of 2.16 instead of the normal 1.96. A difference of two
    models' losses on the same items is one series: pass ``loss_a - loss_b``.
    """
    confidence = _check_confidence(confidence)
    fit, _ = _batch_fit(values, batch, where)
    low, high = fit.conf_int(alpha=1 - confidence)[0]
    return Interval(float(fit.params[0]), float(low), float(high), confidence)
