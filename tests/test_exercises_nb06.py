"""Notebook 06 exercise checks: right answers pass, common mistakes say what is wrong with them, and the hints
come in stages over wrong answers, the same as the notebook's (every code hint gets "Correct")."""

import math
import re

import numpy as np
import pytest
from notebook_hints import assert_hints_agree, assert_staged, notebook_exercises

from lstm_helpers import text as tx
from lstm_helpers.exercises import nb06


def test_perplexity():
    assert nb06.check_perplexity(2.0**2.1, 2.1)
    fb = nb06.check_perplexity(math.exp(2.1), 2.1)
    assert not fb and "e ** bpc" in fb.message and re.search("2 \\*\\* x", fb.hint)
    fb = nb06.check_perplexity(2.1 * math.log(2), 2.1)
    assert not fb and "loss in nats" in fb.message and "2 **" not in fb.hint
    fb = nb06.check_perplexity(3.0, 2.1)
    assert not fb and fb.message == "3 is not the perplexity of 2.1 bits per character." and not fb.hint
    assert "bits per character itself" in nb06.check_perplexity(2.1, 2.1).message
    assert "below 1" in nb06.check_perplexity(0.5, 2.1).message
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
    fb = nb06.check_temperature(np.array([0.4, 0.3, 0.3]), p, 0.5)
    assert not fb and "not sharper than p" in fb.message and not fb.hint
    fb = nb06.check_temperature(np.array([0.7, 0.3, 0.2]), p, 0.5)
    assert not fb and "sums to 1.2: a distribution sums to 1" in fb.message
    assert "not flatter" in nb06.check_temperature(np.array([0.6, 0.3, 0.1]), p, 2.0).message
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
    fb = nb06.check_window_count(900, 1000, 100)  # a window at every character
    assert not fb and "side by side" in fb.message
    fb = nb06.check_window_count(12, 1000, 100)
    assert not fb and fb.message == "12 windows is not right for T = 100." and not fb.hint


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


# --- the staged hints: the idea, the formula, the code, one more with each wrong answer ---

P = np.array([0.5, 0.3, 0.2])
STAGED = {  # the check: (three wrong answers, a right one, the placeholder), each a tuple of arguments
    "check_perplexity": ([(3.0, 2.1), (math.exp(2.1), 2.1), ("x", 2.1)], (2.0**2.1, 2.1), (None, 2.1)),
    "check_temperature": (
        [(P, P, 0.5), (P**2, P, 0.5), ([1.0], P, 0.5)],
        (P**2 / (P**2).sum(), P, 0.5),
        (None, P, 0.5),
    ),
    "check_window_count": ([(10, 1000, 100), (900, 1000, 100), (9.5, 1000, 100)], (9, 1000, 100), (None, 1000, 100)),
    "check_T_effect": ([("a",), ("c",), ("e",)], ("b",), (None,)),
}


@pytest.mark.parametrize("name", sorted(STAGED))
def test_hints_come_in_stages_over_wrong_answers(name, monkeypatch):
    wrong, right, placeholder = STAGED[name]
    assert_staged(monkeypatch, getattr(nb06, name), wrong, right, placeholder)


def test_the_stages_agree_with_the_notebooks_hints():
    exercises_ = notebook_exercises("06_char_lstm_language_model.ipynb")
    assert [checks for _, checks in exercises_] == [
        ["check_perplexity"],
        ["check_temperature"],
        ["check_window_count", "check_T_effect"],
    ]
    for hints, names in exercises_:
        for name in names:  # the notebook's code is part 1's (the window count); part 2 has none
            assert_hints_agree(getattr(nb06, name), hints, code=name != "check_T_effect")


def test_every_stage_3_hint_gives_an_answer_its_check_accepts():
    """Each check's code hint, run as written with the notebook's names, passes the check."""
    train_ids = np.random.default_rng(0).integers(0, 60, size=757_621).astype(np.int32)
    env = {
        "np": np,
        "tx": tx,
        "lstm_test_bpc": 2.085,
        "p": P.copy(),
        "train_ids": train_ids,
        "T": 100,
        "T2": 50,
        "BATCH": 32,
    }
    exec(nb06.check_perplexity.hints[2], env)
    assert nb06.check_perplexity(env["answer"], env["lstm_test_bpc"])
    exec(nb06.check_temperature.hints[2], env)
    assert nb06.check_temperature(env["answer"], env["p"], 0.5)
    exec(nb06.check_window_count.hints[2], env)
    assert nb06.check_window_count(env["n_windows"], len(train_ids), env["T2"])
    exec(nb06.check_T_effect.hints[2], env)
    assert nb06.check_T_effect(env["choice"])
    small, large = env["per_epoch"]  # the characters per epoch at T and at T2: about the same, so not (a)
    assert small == pytest.approx(large, rel=0.01)
