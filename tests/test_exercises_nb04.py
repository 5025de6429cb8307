"""Exercise checks of notebook 04: right answers pass, typical wrong answers say what is wrong with them, and the
hints come in stages over wrong answers, the same as the notebook's (every code hint gets "Correct")."""

import numpy as np
import pytest
from notebook_hints import assert_hints_agree, assert_staged, notebook_exercises

from lstm_helpers.exercises import nb04


@pytest.fixture
def x_rows():
    return np.random.default_rng(0).random((5, 28, 28)).astype("float32")


def test_columns_right_answer(x_rows):
    assert nb04.check_columns(np.swapaxes(x_rows, 1, 2), x_rows)
    cols = np.stack([[img[:, t] for t in range(28)] for img in x_rows])  # loop oracle
    assert nb04.check_columns(cols, x_rows)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda x: None, "no answer"),
        (lambda x: x, "still the row-by-row"),
        (lambda x: x.reshape(5, 28, 28), "still the row-by-row"),
        (lambda x: x.reshape(5, 784, 1), "shape"),
        (lambda x: x.transpose(0, 2, 1)[:, :, ::-1], "flipped"),
        (lambda x: x.transpose(0, 2, 1)[:, ::-1, :], "not in the column-by-column order"),
        (lambda x: x.transpose(0, 2, 1)[::-1], "not built from the images of x_test in their order"),
    ],
)
def test_columns_wrong_answers_get_a_hint(x_rows, make, words):
    fb = nb04.check_columns(make(x_rows), x_rows)
    assert not fb and words in fb.message and (fb.hint or fb.stage)
    assert "transpose" not in fb.message + fb.hint  # the code is the third stage's


def test_param_count_right_answer_matches_keras():
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.LSTM(128), keras.layers.Dense(10)])
    assert nb04.lstm_classifier_params(28, 128, 10) == model.count_params()
    assert nb04.check_lstm_param_count(model.count_params())
    assert nb04.check_lstm_param_count(np.int64(model.count_params()))


@pytest.mark.parametrize(
    "answer, words",
    [
        (None, "no answer"),
        (81674.5, "whole number"),
        (4 * (28 * 128 + 128 * 128 + 128), "LSTM layer only"),
        (28 * 128 + 128 * 128 + 128 + 1290, "one gate"),
        (4 * (28 * 128 + 128 * 128) + 1280, "biases"),
        (4 * (28 * 128 + 128) + 1290, "recurrent"),
        (28 * nb04.lstm_classifier_params(28, 128, 10), "28 times the count"),
        (12345, "not the count yet"),
    ],
)
def test_param_count_wrong_answers_get_a_hint(answer, words):
    fb = nb04.check_lstm_param_count(answer)
    assert not fb and words in fb.message and (fb.hint or fb.stage)
    assert "(D, 4H)" not in fb.message + fb.hint  # the formula is the second stage's


@pytest.fixture
def step_acc():
    return np.linspace(0.1, 0.99, 28)  # reaches 0.9 at index 24 (after 25 rows)


def test_rows_needed_right_answer(step_acc):
    right = int(np.argmax(step_acc >= 0.9)) + 1
    assert step_acc[right - 1] >= 0.9 > step_acc[right - 2]
    assert nb04.check_rows_needed(right, step_acc)


@pytest.mark.parametrize(
    "offset, words",
    [(-1, "the index"), (-3, "below 90%"), (2, "at or above 90%, but fewer rows"), (10, "not a row count")],
)
def test_rows_needed_wrong_answers_get_a_hint(step_acc, offset, words):
    right = int(np.argmax(step_acc >= 0.9)) + 1
    fb = nb04.check_rows_needed(right + offset, step_acc)
    assert not fb and words in fb.message and (fb.hint or fb.stage)
    assert "argmax" not in fb.message + fb.hint


def test_rows_needed_without_answer_or_when_never_reached(step_acc):
    assert not nb04.check_rows_needed(None, step_acc)
    assert "never reaches" in nb04.check_rows_needed(5, step_acc * 0.5).message


# --- exercise 3: the digit with the largest error rate ---


def _hard_cm():
    """Digit 0: 4 errors of 100 (4%); digit 1: 3 of 10 (30%, the hardest); digit 2: 1 of 50 (2%)."""
    return np.array([[96, 0, 4], [2, 7, 1], [1, 0, 49]])


def test_error_rate_per_digit_matches_a_loop():
    cm = np.random.default_rng(0).integers(1, 50, size=(10, 10))
    loop = [sum(cm[d, p] for p in range(10) if p != d) / cm[d].sum() for d in range(10)]
    np.testing.assert_allclose(nb04.error_rate_per_digit(cm), loop)


def test_hardest_digit_right_answer():
    fb = nb04.check_hardest_digit(1, _hard_cm())
    assert fb and "30.00%" in fb.message
    assert nb04.check_hardest_digit(np.int64(1), _hard_cm())


def test_hardest_digit_ties_accept_either():
    cm = np.array([[8, 2], [2, 8]])
    assert nb04.check_hardest_digit(0, cm) and nb04.check_hardest_digit(1, cm)


@pytest.mark.parametrize(
    "answer, words",
    [
        (None, "no answer"),
        (0, "most errors"),  # 4 errors, the most, but 4% of its images
        (2, "column"),  # 5 images wrongly read as a 2, the most of any label
        (1.5, "one digit"),
        (10, "one digit"),
    ],
)
def test_hardest_digit_wrong_answers_get_a_hint(answer, words):
    fb = nb04.check_hardest_digit(answer, _hard_cm())
    assert not fb and words in fb.message and fb.hint


def test_hardest_digit_another_digit():
    cm = np.array([[96, 4, 0, 0], [1, 9, 0, 0], [0, 0, 40, 10], [0, 0, 1, 99]])  # hardest: 2 (20%)
    fb = nb04.check_hardest_digit(1, cm)  # 10% of its images
    assert not fb and "larger share" in fb.message


def test_param_count_other_sizes_match_keras():
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((14, 56)), keras.layers.LSTM(64), keras.layers.Dense(10)])
    assert nb04.lstm_classifier_params(56, 64, 10) == model.count_params()
    assert nb04.check_lstm_param_count(model.count_params(), D=56, H=64, n_classes=10)
    assert not nb04.check_lstm_param_count(nb04.lstm_classifier_params(28, 128, 10), D=56, H=64, n_classes=10)


def test_rows_needed_quotes_percentages_as_a_person_writes_them(step_acc):
    fb = nb04.check_rows_needed(22, step_acc)
    assert f"after 22 rows the accuracy is {100 * step_acc[21]:.4g}%, below 90%." in fb.message


# --- the staged hints: the idea, the formula, the code, one more with each wrong answer ---


def _staged_cases(x_rows, step_acc):
    """Each check with three wrong answers, a right one and the placeholder (tuples of arguments), and its kwargs."""
    right_rows = int(np.argmax(step_acc >= 0.9)) + 1
    return {
        "check_columns": (
            [(x_rows, x_rows), (x_rows[:, ::-1, :], x_rows), (x_rows[:2], x_rows)],
            (x_rows.transpose(0, 2, 1), x_rows),
            (None, x_rows),
            {},
        ),
        "check_lstm_param_count": (
            [(1,), (2.5,), (12345,)],
            (nb04.lstm_classifier_params(56, 64, 10),),
            (None,),
            {"D": 56, "H": 64, "n_classes": 10},
        ),
        "check_hardest_digit": (
            [(0, _hard_cm()), (2, _hard_cm()), (11, _hard_cm())],
            (1, _hard_cm()),
            (None, _hard_cm()),
            {},
        ),
        "check_rows_needed": (
            [(right_rows - 1, step_acc), (1, step_acc), (40, step_acc)],
            (right_rows, step_acc),
            (None, step_acc),
            {"threshold": 0.9},
        ),
    }


STAGED = ["check_columns", "check_lstm_param_count", "check_hardest_digit", "check_rows_needed"]


@pytest.mark.parametrize("name", STAGED)
def test_hints_come_in_stages_over_wrong_answers(name, x_rows, step_acc, monkeypatch):
    wrong, right, placeholder, kwargs = _staged_cases(x_rows, step_acc)[name]
    assert_staged(monkeypatch, getattr(nb04, name), wrong, right, placeholder, **kwargs)


def test_the_stages_agree_with_the_notebooks_hints():
    exercises_ = notebook_exercises("04_mnist_row_lstm.ipynb")
    assert [checks for _, checks in exercises_] == [
        ["check_columns"],
        ["check_lstm_param_count"],
        ["check_hardest_digit"],
        ["check_rows_needed"],
    ]
    for hints, (name,) in exercises_:
        assert_hints_agree(getattr(nb04, name), hints)


def test_every_stage_3_hint_gives_an_answer_its_check_accepts(x_rows, step_acc):
    """Each check's code hint, run as written with the notebook's names, passes the check."""
    cm = np.random.default_rng(1).integers(1, 60, size=(10, 10)) + np.diag(np.full(10, 900))
    env = {"np": np, "x_test": x_rows, "cm": cm, "step_acc": step_acc}
    runs = {  # the check's code hint sets `x_cols` or `answer`: the check's call on it
        "check_columns": lambda: nb04.check_columns(env["x_cols"], x_rows),
        "check_lstm_param_count": lambda: nb04.check_lstm_param_count(env["answer"], D=56, H=64, n_classes=10),
        "check_hardest_digit": lambda: nb04.check_hardest_digit(env["answer"], cm),
        "check_rows_needed": lambda: nb04.check_rows_needed(env["answer"], step_acc, threshold=0.9),
    }
    for name, run in runs.items():
        exec(getattr(nb04, name).hints[2], env)
        assert run(), f"{name}: its code hint gets {run()}"
