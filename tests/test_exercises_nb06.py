"""Notebook 06 exercise checks: right answers pass, common mistakes get a hint."""

import math
import re

import numpy as np
import pytest

from lstm_helpers import text as tx
from lstm_helpers.exercises import nb06


def test_perplexity():
    assert nb06.check_perplexity(2.0**2.1, 2.1)
    for wrong, hint in [(math.exp(2.1), "2 \\*\\* x"), (2.1 * math.log(2), "Perplexity is"), (3.0, "Perplexity =")]:
        fb = nb06.check_perplexity(wrong, 2.1)
        assert not fb and re.search(hint, fb.hint), (wrong, fb)
        assert fb.hint
    assert "Not yet" in str(nb06.check_perplexity(None, 2.1))
    assert not nb06.check_perplexity("4.3", 2.1)


def test_temperature():
    p = np.array([0.5, 0.3, 0.2])
    q = p**2 / (p**2).sum()  # independent: tau = 0.5 squares the probabilities
    assert nb06.check_temperature(q, p, 0.5)
    assert nb06.check_temperature(q.tolist(), p, 0.5)
    unnormalised = nb06.check_temperature(p**2, p, 0.5)
    assert not unnormalised and "sum to 1" in unnormalised.message
    divided = nb06.check_temperature(p / 0.5, p, 0.5)
    assert not divided and "logits" in divided.hint
    inverse = nb06.check_temperature(np.sqrt(p) / np.sqrt(p).sum(), p, 0.5)
    assert not inverse and "1 / temperature" in inverse.hint
    assert not nb06.check_temperature([0.5, 0.5], p, 0.5)
    assert not nb06.check_temperature(None, p, 0.5)


@pytest.mark.parametrize("n_train, T", [(1000, 100), (1001, 100), (757620, 50)])
def test_window_count_matches_the_windows_function(n_train, T):
    want = len(tx.windows(np.zeros(n_train, dtype=np.int32), T)[0])  # oracle: the real function
    assert nb06.check_window_count(want, n_train, T)
    assert not nb06.check_window_count(want + 7, n_train, T)
    assert nb06.check_window_count(float(want), n_train, T)  # a whole float counts, as in every check
    fb = nb06.check_window_count(want + 0.5, n_train, T)
    assert not fb and "whole number" in fb.message and fb.hint
    assert not nb06.check_window_count(None, n_train, T)


def test_window_count_off_by_one_gets_a_hint():
    fb = nb06.check_window_count(10, 1000, 100)  # 1000 // 100, but only 9 windows fit
    assert not fb and "last window" in fb.hint


def test_T_effect():
    assert nb06.check_T_effect("b") and nb06.check_T_effect(" B ")
    for key in "acd":
        fb = nb06.check_T_effect(key)
        assert not fb and fb.hint
    assert "gradient still stops" in nb06.check_T_effect("c").hint  # carried state: truncated, not full, BPTT
    assert "T - 1" not in nb06.T_CHOICES["b"]  # a window of T inputs gives its last prediction T characters
    assert not nb06.check_T_effect("e")
    assert not nb06.check_T_effect(None)


@pytest.mark.parametrize(
    "check, args, solution_bits",
    [
        (nb06.check_perplexity, (None, 2.1), ["2 **", "2**", "2 ^", "exp("]),
        (nb06.check_temperature, (None, [0.5, 0.3, 0.2], 0.5), ["1 / temperature", "** (1", "squared", "renormalise"]),
        (nb06.check_window_count, (None, 1000, 50), ["// T", "(len(", "- 1)"]),
        (nb06.check_T_effect, (None,), ['"b"', "(b)", "T characters", "truncated"]),
    ],
)
def test_placeholder_hint_is_the_first_stage_only(check, args, solution_bits):
    # The placeholder's hint gives the idea; the formula and the code stay in the notebook's nested hints.
    hint = check(*args).hint
    assert "hints under the exercise" in hint
    assert not [bit for bit in solution_bits if bit in hint], hint
