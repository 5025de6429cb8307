"""Notebook 01's exercise checks: a right answer passes, wrong ones say what is wrong, placeholders never raise;
the hints come in stages over wrong answers and agree with the notebook's; and the code of every exercise's last
hint, the notebook's and the check's own, gives an answer its check accepts."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from notebook_hints import assert_hints_agree, assert_staged, notebook_exercises

from lstm_helpers import rnn
from lstm_helpers.exercises import nb01

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_rnn_vanishing_gradients.ipynb"

# --- exercise 1 ---


def test_steps_to_vanish_by_brute_force():
    for rho, factor in [(0.9, 1e-3), (0.5, 0.25), (0.99, 0.01), (0.7, 1e-6)]:
        k = 0
        while rho**k >= factor:
            k += 1
        assert nb01.steps_to_vanish(rho, factor) == k


def test_check_steps_to_vanish():
    k = nb01.steps_to_vanish(0.9, 1e-3)
    assert 0.9**k < 1e-3 <= 0.9 ** (k - 1)
    assert nb01.check_steps_to_vanish(k)
    assert nb01.check_steps_to_vanish(np.int64(k))
    fb = nb01.check_steps_to_vanish(k - 1)
    assert not fb and "One more step" in fb.hint
    fb = nb01.check_steps_to_vanish(math.log(1e-3) / math.log(0.9))
    assert not fb and "Round up" in fb.hint
    fb = nb01.check_steps_to_vanish(10)
    assert not fb and "too few" in fb.message and "0.3487" in fb.message and not fb.hint
    fb = nb01.check_steps_to_vanish(70)
    assert not fb and "too many" in fb.message and "log" not in fb.message
    assert "not a number of steps" in nb01.check_steps_to_vanish(-3).message
    for placeholder in [None, "66", [66], True]:
        fb = nb01.check_steps_to_vanish(placeholder)
        assert not fb and fb.hint


# --- exercise 2 ---


def test_check_decay_rate_uses_the_explorers_measurement():
    from lstm_helpers.rnn import gradient_decay_curve
    from lstm_helpers.widgets.rnn import rnn_explorer

    explorer = rnn_explorer(rho=1.25, input_scale=0.75, draw=False)  # the slider positions the exercise names
    measured = explorer.curve["decay_rate"]
    assert measured == gradient_decay_curve(1.25, 0.75)["decay_rate"]
    assert measured < 1 < 1.25  # the point of the exercise: rho > 1, and still it vanishes
    fb = nb01.check_decay_rate("explodes", round(measured, 3))  # what the readout shows
    assert fb and "although you predicted" in fb.message
    fb = nb01.check_decay_rate(" Vanishes", np.array([measured]))
    assert fb and "as you predicted" in fb.message


def test_check_decay_rate_hints():
    fb = nb01.check_decay_rate("vanishes", 1.25)
    assert not fb and "linear prediction" in fb.message and not fb.hint  # the recipe is left to the stages
    fb = nb01.check_decay_rate("vanishes", 0.9)
    assert not fb and "not the rate measured for rho = 1.25 and input scale 0.75" in fb.message
    assert "T = 100 steps" in fb.message and "gradient_decay_curve" not in str(fb).split("Hint 1")[0]
    for prediction in [None, "shrinks", 0.8]:
        fb = nb01.check_decay_rate(prediction, 0.8)
        assert not fb and fb.hint
    for rate in [None, "0.8", float("nan")]:
        fb = nb01.check_decay_rate("vanishes", rate)
        assert not fb and fb.hint


def test_check_decay_rate_tells_the_two_predictions_from_the_measurement():
    curve = rnn.gradient_decay_curve(1.25, 0.75)  # the one setting: T = 100, H = 64, N = 16
    assert (curve["norms"].size, curve["h"].shape) == (rnn.DECAY_T, (rnn.DECAY_N, rnn.DECAY_T, rnn.DECAY_H))
    rms, mean = 1.25 * rnn.rms_slope(curve["h"]), 1.25 * float(np.mean(1 - curve["h"] ** 2))
    assert abs(rms - curve["decay_rate"]) < 0.012 < curve["decay_rate"] - mean  # RMS predicts, the mean runs low
    fb = nb01.check_decay_rate("vanishes", mean)
    assert not fb and "mean slope" in fb.message and "root-mean-square" in fb.message
    fb = nb01.check_decay_rate("vanishes", rms)
    assert not fb and "now measure" in fb.message
    fb = nb01.check_decay_rate("vanishes", curve["decay_rate"])
    assert fb and f"predicted {rms:.3f}" in fb.message


def test_check_decay_rate_explaining_an_explosion():
    from lstm_helpers.rnn import gradient_decay_curve

    measured = gradient_decay_curve(1.5, 0.0)["decay_rate"]  # linear range: the rate is rho
    fb = nb01.check_decay_rate("explodes", measured, rho=1.5, input_scale=0.0)
    assert fb and "explodes, as you predicted" in fb.message


# --- exercise 3 ---


def test_steps_until_below_one_against_the_rnn_package():
    from lstm_helpers import rnn

    Wh = np.array(nb01.NON_NORMAL_WH)
    _, cache = rnn.rnn_forward(np.zeros((1, 60, 2)), np.zeros((1, 2)), np.eye(2), Wh, np.zeros(2))
    norms = rnn.hidden_gradient_norms(cache)[::-1]  # by distance
    k = nb01.steps_until_below_one()
    assert 1 + np.flatnonzero(norms[1:] < 1)[0] == k
    assert max(abs(np.linalg.eigvals(Wh))) < 1 < np.linalg.norm(Wh, 2)  # shrinks in the long run, stretches first
    assert nb01.steps_until_below_one(0.5 * np.eye(3)) == 1  # rho * orthogonal: below 1 after one step
    with pytest.raises(ValueError, match="stays at or above 1"):
        nb01.steps_until_below_one(1.01 * np.eye(2), max_steps=50)


def test_check_steps_until_below_one():
    k = nb01.steps_until_below_one()
    assert nb01.check_steps_until_below_one(k)
    assert nb01.check_steps_until_below_one(float(k))
    fb = nb01.check_steps_until_below_one(1)
    assert not fb and "singular values" in fb.hint
    fb = nb01.check_steps_until_below_one(k + 1)
    assert not fb and "below 1, but not for the first time" in fb.message and not fb.hint
    fb = nb01.check_steps_until_below_one(k - 1)
    assert not fb and f"at distance {k - 1} the norm is 1.12, still at or above 1" in fb.message
    assert "not a distance" in nb01.check_steps_until_below_one(2.5).message
    assert "not a distance" in nb01.check_steps_until_below_one(0).message
    assert not nb01.check_steps_until_below_one(None)


# --- exercise 4 ---


def test_half_memory_accepts_a_simulation_and_names_the_fraction():
    fb = nb01.check_half_memory_mse(0.0834)
    assert fb and "simulation" in fb.message and "1/12" in fb.message
    # the notebook's caveat: a plateau at 1/12 is consistent with a half memory, it does not show one
    assert "consistent with" in fb.message and "does not show it" in fb.message and "means" not in fb.message
    assert "simulation" not in nb01.check_half_memory_mse(1 / 12).message
    assert not nb01.check_half_memory_mse(0.086)  # 3% off: not a simulation of 1/12 with a million draws


def test_half_memory_mse_by_simulation_and_check():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(size=(2, 400_000))
    simulated = float(np.mean((a + b - (b + 0.5)) ** 2))  # the best guess knowing b only
    assert simulated == pytest.approx(1 / 12, abs=1e-3)  # the check's exact answer, by simulation
    assert nb01.check_half_memory_mse(1 / 12)
    fb = nb01.check_half_memory_mse(1 / 6)
    assert not fb and "knows b" in fb.hint
    fb = nb01.check_half_memory_mse(1 / 3)  # guessing a = 0: E[a^2]
    assert not fb and "mean, 1/2" in fb.hint
    fb = nb01.check_half_memory_mse(0.5)
    assert not fb and "not the error left when only b is known" in fb.message and not fb.hint
    assert "negative" in nb01.check_half_memory_mse(-0.1).message
    assert not nb01.check_half_memory_mse(None)


# --- every hint's code, as the notebook prints it, against its check ---

CHECKS = {  # exercise number: (the check, the variables the hint's code must define, extra answers the learner gives)
    1: (nb01.check_steps_to_vanish, ["ex1_steps"], {}),
    2: (nb01.check_decay_rate, ["ex2_prediction", "ex2_rate"], {"ex2_prediction": "vanishes"}),
    3: (nb01.check_steps_until_below_one, ["ex3_steps"], {}),
    4: (nb01.check_half_memory_mse, ["ex4_mse"], {}),
}


def hint_code(number: int) -> list[str]:
    """The code spans of exercise ``number``'s 'Hint 3: the code', read from the committed notebook."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = next(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "markdown" and f"**Exercise {number}:" in "".join(c["source"])
    )
    exercise = text[text.index(f"**Exercise {number}:") :]
    hint = exercise[exercise.index("Hint 3: the code") : exercise.index("</details>")]
    return re.findall(r"`([^`]+)`", hint)


@pytest.mark.parametrize("number", sorted(CHECKS))
def test_the_last_hints_code_gives_an_answer_its_check_accepts(number):
    check, names, given = CHECKS[number]
    namespace = {"np": np, "rnn": rnn, "nb01": nb01, "rng": np.random.default_rng(42), **given}
    spans = hint_code(number)
    assert spans, f"exercise {number}: no code in hint 3"
    for span in spans:
        exec(span, namespace)
    fb = check(*(namespace[n] for n in names))
    assert fb, f"exercise {number}: the hint's code gives {[namespace[n] for n in names]}, and the check says: {fb}"


def test_the_simulation_hint_passes_for_any_seed():
    spans = hint_code(4)
    for seed in range(5):
        namespace = {"np": np, "rng": np.random.default_rng(seed)}
        for span in spans:
            exec(span, namespace)
        assert nb01.check_half_memory_mse(namespace["ex4_mse"]), (seed, namespace["ex4_mse"])


# --- the staged hints: the idea, the formula, the code, one more with each wrong answer ---

STAGED = {  # the check: (three wrong answers, a right one, the placeholder), each a tuple of arguments
    "check_steps_to_vanish": ([(10,), (65.5,), (70,)], (66,), (None,)),
    "check_decay_rate": (
        [("vanishes", 1.25), ("explodes", 0.9), ("shrinks", 0.8)],
        ("vanishes", rnn.gradient_decay_curve(1.25, 0.75)["decay_rate"]),
        ("vanishes", None),
    ),
    "check_steps_until_below_one": ([(1,), (14,), (16,)], (nb01.steps_until_below_one(),), (None,)),
    "check_half_memory_mse": ([(1 / 6,), (1 / 3,), (0.5,)], (1 / 12,), (None,)),
}


@pytest.mark.parametrize("name", sorted(STAGED))
def test_hints_come_in_stages_over_wrong_answers(name, monkeypatch):
    wrong, right, placeholder = STAGED[name]
    assert_staged(monkeypatch, getattr(nb01, name), wrong, right, placeholder)


@pytest.mark.parametrize("name", sorted(STAGED))
def test_the_placeholder_gives_no_stage(name, monkeypatch):
    from lstm_helpers import exercises

    monkeypatch.setattr(exercises, "_ATTEMPTS", {})
    fb = getattr(nb01, name)(*STAGED[name][2])
    assert fb.unanswered and not fb.stage and fb.hint


CHECKS_IN_ORDER = ["check_steps_to_vanish", "check_decay_rate", "check_steps_until_below_one", "check_half_memory_mse"]


def test_the_stages_agree_with_the_notebooks_hints():
    exercises_ = notebook_exercises(NOTEBOOK.name)
    assert [checks for _, checks in exercises_] == [[name] for name in CHECKS_IN_ORDER]
    for hints, (name,) in exercises_:
        assert_hints_agree(getattr(nb01, name), hints)


@pytest.mark.parametrize("number", sorted(CHECKS))
def test_every_stage_3_hint_gives_an_answer_its_check_accepts(number):
    """The check's own code hint, run as written (its statements are separated by semicolons), passes the check."""
    check, names, given = CHECKS[number]
    namespace = {"np": np, "rnn": rnn, "nb01": nb01, "rng": np.random.default_rng(42), **given}
    exec(check.hints[2], namespace)
    fb = check(*(namespace[n] for n in names))
    assert fb, f"{check.__name__}: its code hint gives {[namespace[n] for n in names]}, and the check says: {fb}"
