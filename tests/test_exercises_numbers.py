"""Every exercise check reads a numeric answer the same way (``exercises.as_number``).

A one-element array counts as its number; booleans, strings, NaN and infinity
get a "Not yet" with a hint instead of an exception or a false "Correct".
"""

import numpy as np
import pytest

from lstm_helpers.exercises import nb01, nb05, nb06

NOT_NUMBERS = [True, "2", float("nan"), float("inf"), np.array([1.0, 2.0]), [3.0]]


def numeric_checks():
    # (name, check taking one answer, a right answer)
    return [
        ("nb01 steps to vanish", nb01.check_steps_to_vanish, 66),
        ("nb01 steps until below one", nb01.check_steps_until_below_one, nb01.steps_until_below_one()),
        ("nb01 half memory", nb01.check_half_memory_mse, 1 / 12),
        ("nb06 perplexity", lambda a: nb06.check_perplexity(a, 2.0), 4.0),
    ]


@pytest.mark.parametrize("name, check, right", numeric_checks(), ids=[c[0] for c in numeric_checks()])
def test_a_one_element_array_counts_as_its_number(name, check, right):
    assert check(right), name
    assert check(np.array([right])), name
    assert check(np.float64(right)), name


@pytest.mark.parametrize("name, check, right", numeric_checks(), ids=[c[0] for c in numeric_checks()])
@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_not_a_number_gets_a_hint_not_an_exception(name, check, right, bad):
    fb = check(bad)
    assert not fb and fb.hint, (name, bad)


@pytest.mark.parametrize("bad", NOT_NUMBERS, ids=repr)
def test_nb05_lag_rejects_non_numbers(bad):
    fb = nb05.check_lag_peak(bad)
    assert not fb and fb.hint
    assert nb05.check_lag_peak(np.array([2]))


def test_nb05_scaler_accepts_one_element_arrays():
    import warnings

    from lstm_helpers import forecasting as fc
    from lstm_helpers.data import load_sp500

    close = load_sp500()["Close"].to_numpy()
    r = fc.log_returns(close)
    train_end, _ = fc.chronological_split(len(close))
    mean, std = np.nanmean(r[:train_end]), np.nanstd(r[:train_end])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy deprecation from float() on an array
        assert nb05.check_train_scaler(np.array([mean]), np.array([std]))
