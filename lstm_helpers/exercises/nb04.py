"""Checks for the exercises of notebook 04 (MNIST read row by row).

Each check takes the learner's answer (``None`` while the answer cell is still
the placeholder) and returns :func:`correct` or :func:`not_yet`. The message
says what is wrong with this answer; the hints come in stages over successive
wrong answers (:func:`staged`): the idea, the formula, the code, the same three
as under the exercise in the notebook.
"""

from __future__ import annotations

import numpy as np

from . import Feedback, as_whole_number, correct, no_answer, not_yet, show, staged


@staged(
    "reading columns keeps N images of 28 steps of 28 pixels; only which pixel goes where changes: row and column "
    "trade places.",
    "x_cols[n, t, d] = x_test[n, d, t]: swap axes 1 and 2 (a reshape never moves pixels).",
    "x_cols = x_test.transpose(0, 2, 1)",
)
def check_columns(x_cols, x_rows) -> Feedback:
    """Exercise 1: ``x_cols`` must present each image column by column (step t = column t).

    ``x_rows (N, 28, 28)`` is the row-by-row array the notebook uses; the
    answer must be ``(N, 28, 28)`` with ``x_cols[n, t, :] == x_rows[n, :, t]``.
    """
    x_rows = np.asarray(x_rows)
    if x_cols is None:
        return no_answer("your array x_cols", hint="Build x_cols from x_test, then run this cell again.")
    x_cols = np.asarray(x_cols)
    if x_cols.shape != x_rows.shape:
        return not_yet(
            f"x_cols has shape {x_cols.shape}, expected {x_rows.shape} (N, T, D).",
            hint="Reading columns keeps N images of 28 steps with 28 pixels each; only the order of pixels changes.",
        )
    expected = x_rows.transpose(0, 2, 1)  # (N, T, D) with step t = column t
    if np.array_equal(x_cols, expected):
        return correct("step t now holds column t of every image (x_rows.transpose(0, 2, 1), or np.swapaxes).")
    if np.array_equal(x_cols, x_rows):
        return not_yet("x_cols is still the row-by-row array (a reshape keeps the pixels in their reading order).")
    if np.array_equal(x_cols, x_rows.transpose(0, 2, 1)[:, :, ::-1]) or np.array_equal(x_cols, x_rows[:, ::-1, :]):
        return not_yet("the pixels are flipped.", hint="Do not reverse any axis.")
    if np.array_equal(np.sort(x_cols.reshape(len(x_cols), -1)), np.sort(x_rows.reshape(len(x_rows), -1))):
        return not_yet("each image keeps its pixels, but they are not in the column-by-column order.")
    return not_yet("x_cols has the right shape but is not built from the images of x_test in their order.")


def lstm_classifier_params(D: int, H: int, n_classes: int) -> int:
    """Parameters of ``Input (T, D) -> LSTM(H) -> Dense(n_classes)``: 4 gates of (D + H + 1) x H, then (H + 1) x K."""
    return 4 * (D * H + H * H + H) + (H * n_classes + n_classes)


@staged(
    "each of the four gate blocks [i, f, g, o] sees the input x_t (D numbers), the previous h (H numbers) and a "
    "bias. The number of steps does not matter: the same weights are used at every step.",
    "Wx is (D, 4H), Wh is (H, 4H), b is (4H,); the Dense layer has an (H, K) kernel and K biases: "
    "4 (D H + H H + H) + H K + K, here with D = 56, H = 64, K = 10.",
    "D, H, K = 56, 64, 10; answer = 4 * (D * H + H * H + H) + H * K + K",
)
def check_lstm_param_count(answer, D: int = 28, H: int = 128, n_classes: int = 10) -> Feedback:
    """Exercise 2: the parameter count of ``LSTM(H)`` on D inputs followed by ``Dense(n_classes)``, by hand."""
    if answer is None:
        return no_answer("the parameter count", hint="Count the LSTM layer's Wx, Wh and b, then the Dense layer.")
    given = answer
    answer = as_whole_number(answer)
    if answer is None:
        return not_yet(f"expected a whole number, got {show(given)}.", hint="Parameter counts are whole numbers.")
    right = lstm_classifier_params(D, H, n_classes)
    lstm_only = 4 * (D * H + H * H + H)
    if answer == right:
        return correct(
            f"{right:,} = 4 x ({D}x{H} + {H}x{H} + {H}) for the LSTM + ({H}x{n_classes} + {n_classes}) for the Dense layer."
        )
    if answer == lstm_only:
        return not_yet(f"{show(answer)} counts the LSTM layer only.", hint="The Dense layer has parameters too.")
    if answer == D * H + H * H + H + H * n_classes + n_classes:
        return not_yet(f"{show(answer)} counts one gate only.", hint="An LSTM has four gate blocks [i, f, g, o].")
    if answer == 4 * (D * H + H * H) + H * n_classes:
        return not_yet(f"{show(answer)} leaves out the biases.", hint="Each layer also has a bias.")
    if answer == 4 * (D * H + H) + H * n_classes + n_classes:
        return not_yet(f"{show(answer)} leaves out the recurrent weights.", hint="h_{t-1} feeds the gates too.")
    if answer > right and answer % right == 0:
        return not_yet(
            f"{show(answer)} is {show(answer // right)} times the count: the steps share one set of weights."
        )
    return not_yet(f"{show(answer)} is not the count yet.")


def _percent(share) -> str:
    """A share as a percentage, its number written by :func:`show`: ``0.9`` -> ``90%``."""
    return f"{show(100 * float(share))}%"


@staged(
    "find the first entry of step_acc at or above 0.9; entries are counted from row 1.",
    "the first index t with step_acc[t] >= 0.9, plus 1 (index 0 is the accuracy after 1 row).",
    "answer = int(np.argmax(step_acc >= 0.9)) + 1",
)
def check_rows_needed(answer, step_acc, threshold: float = 0.9) -> Feedback:
    """Exercise 4: the fewest rows after which the test accuracy reaches ``threshold``.

    ``step_acc (T,)`` holds the accuracy after 1, 2, ..., T rows.
    """
    step_acc = np.asarray(step_acc, dtype=float)
    if step_acc.ndim != 1:
        raise ValueError(f"step_acc must be a 1-D array (T,), got shape {step_acc.shape}")
    reached = np.flatnonzero(step_acc >= threshold)
    if answer is None:
        return no_answer("a number of rows", hint="Look for the first entry of step_acc at or above the threshold.")
    given = answer
    answer = as_whole_number(answer)
    if answer is None:
        return not_yet(
            f"expected a whole number of rows, got {show(given)}.", hint=f"Rows are counted, 1 to {len(step_acc)}."
        )
    if len(reached) == 0:
        return not_yet(
            f"the accuracy never reaches {_percent(threshold)} here.", hint="Lower the threshold or train longer."
        )
    right = int(reached[0]) + 1  # index t holds the accuracy after t + 1 rows
    if answer == right:
        return correct(
            f"after {right} of {len(step_acc)} rows the accuracy is {step_acc[right - 1]:.1%}, "
            f"the first count at or above {threshold:.0%}."
        )
    if answer == right - 1:
        return not_yet(
            f"{show(answer)} is the index, one less than the number of rows.",
            hint="Index t holds the accuracy after t + 1 rows.",
        )
    if not 1 <= answer <= len(step_acc):
        return not_yet(f"{show(answer)} is not a row count in 1..{len(step_acc)}.")
    acc = f"after {show(answer)} rows the accuracy is {_percent(step_acc[answer - 1])}"
    if step_acc[answer - 1] < threshold:
        return not_yet(f"{acc}, below {_percent(threshold)}.")
    return not_yet(f"{acc}, at or above {_percent(threshold)}, but fewer rows reach it already.")


def error_rate_per_digit(cm) -> np.ndarray:
    """Share ``(K,)`` of each true digit's images that were misread: ``1 - cm[d, d] / cm[d].sum()``."""
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square (K, K) confusion matrix, got shape {cm.shape}")
    totals = cm.sum(axis=1)
    if (totals == 0).any():
        raise ValueError(f"every true digit needs at least one image, got row totals {totals.tolist()}")
    return 1.0 - np.diag(cm) / totals  # (K,)


@staged(
    "row d of cm holds every test image of a d; the diagonal entry is the right ones. Digits do not come in "
    "equal numbers, so compare shares, not counts.",
    "error rate of d = (row total - diagonal entry) / row total = 1 - cm[d, d] / cm[d].sum(); the answer is the d "
    "where it is largest.",
    "rates = 1 - np.diag(cm) / cm.sum(axis=1); answer = int(rates.argmax())",
)
def check_hardest_digit(answer, cm) -> Feedback:
    """Exercise 3: the true digit with the largest error rate (share of its images misread) in ``cm``.

    ``cm (K, K)`` has the true digits as rows. Ties: any digit with the
    largest rate is right.
    """
    rates = error_rate_per_digit(cm)
    cm = np.asarray(cm)
    if answer is None:
        return no_answer(
            "a digit", hint="For each row d of cm: the errors off the diagonal divided by the row's total."
        )
    given = answer
    answer = as_whole_number(answer)
    K = len(rates)
    if answer is None or not 0 <= answer < K:
        return not_yet(f"expected one digit 0..{K - 1}, got {show(given)}.", hint="The answer is a row index of cm.")
    hardest = np.flatnonzero(np.isclose(rates, rates.max()))
    errors = cm.sum(axis=1) - np.diag(cm)  # (K,) misread images per true digit
    wrong_col = cm.sum(axis=0) - np.diag(cm)  # (K,) images wrongly given each label
    if answer in hardest:
        return correct(
            f"{errors[answer]} of the {cm[answer].sum()} test images of a {answer} were misread, "
            f"{rates[answer]:.2%}, the largest share of any digit (the smallest, {rates.min():.2%}, is a {int(rates.argmin())})."
        )
    if errors[answer] == errors.max():
        return not_yet(
            f"the {show(answer)}s have the most errors ({show(errors[answer])}), but not the largest share: "
            f"{_percent(rates[answer])} of {show(cm[answer].sum())} images.",
            hint="Digits do not come in equal numbers.",
        )
    if wrong_col[answer] == wrong_col.max():
        return not_yet(
            f"{show(answer)} is the label the model gives wrongly most often ({show(wrong_col[answer])} times): "
            "that is a column of cm.",
            hint="Rows of cm are the true digits: use the rows, not the columns.",
        )
    return not_yet(f"{_percent(rates[answer])} of the {show(answer)}s were misread; another digit has a larger share.")
