"""Checks for the exercises of notebook 04 (MNIST read row by row).

Each check takes the learner's answer (``None`` while the answer cell is still
the placeholder) and returns :func:`correct` or :func:`not_yet`. The message
says what is wrong with this answer; the hints come in stages over successive
wrong answers (:func:`staged`): the idea, the formula, the code, the same three
as under the exercise in the notebook.
"""

from __future__ import annotations

import numpy as np

from . import Feedback, _t, as_whole_number, code, correct, no_answer, not_yet, show, staged


@staged(
    (
        "reading columns keeps N images of 28 steps of 28 pixels; only which pixel goes where changes: row and column "
        "trade places.",
        "按列读取仍然是 N 张图像、28 步、每步 28 个像素；变的只是哪个像素放在哪里：行和列互换位置。",
    ),
    (
        "x_cols[n, t, d] = x_test[n, d, t]: swap axes 1 and 2 (a reshape never moves pixels).",
        "x_cols[n, t, d] = x_test[n, d, t]：交换第 1 和第 2 轴（reshape 从不移动像素）。",
    ),
    code("x_cols = x_test.transpose(0, 2, 1)"),
)
def check_columns(x_cols, x_rows) -> Feedback:
    """Exercise 1: ``x_cols`` must present each image column by column (step t = column t).

    ``x_rows (N, 28, 28)`` is the row-by-row array the notebook uses; the
    answer must be ``(N, 28, 28)`` with ``x_cols[n, t, :] == x_rows[n, :, t]``.
    """
    x_rows = np.asarray(x_rows)
    if x_cols is None:
        return no_answer(
            _t("your array x_cols", "你的数组 x_cols"),
            hint=_t(
                "Build x_cols from x_test, then run this cell again.", "由 x_test 构建 x_cols，然后再运行这个单元格。"
            ),
        )
    x_cols = np.asarray(x_cols)
    if x_cols.shape != x_rows.shape:
        return not_yet(
            _t(
                f"x_cols has shape {x_cols.shape}, expected {x_rows.shape} (N, T, D).",
                f"x_cols 的形状是 {x_cols.shape}，应为 {x_rows.shape} (N, T, D)。",
            ),
            hint=_t(
                "Reading columns keeps N images of 28 steps with 28 pixels each; only the order of pixels changes.",
                "按列读取仍然是 N 张图像、28 步、每步 28 个像素；变的只是像素的顺序。",
            ),
        )
    expected = x_rows.transpose(0, 2, 1)  # (N, T, D) with step t = column t
    if np.array_equal(x_cols, expected):
        return correct(
            _t(
                "step t now holds column t of every image (x_rows.transpose(0, 2, 1), or np.swapaxes).",
                "现在第 t 步装的是每张图像的第 t 列（x_rows.transpose(0, 2, 1)，或 np.swapaxes）。",
            )
        )
    if np.array_equal(x_cols, x_rows):
        return not_yet(
            _t(
                "x_cols is still the row-by-row array (a reshape keeps the pixels in their reading order).",
                "x_cols 仍然是按行排列的数组（reshape 让像素保持原来的读取顺序）。",
            )
        )
    if np.array_equal(x_cols, x_rows.transpose(0, 2, 1)[:, :, ::-1]) or np.array_equal(x_cols, x_rows[:, ::-1, :]):
        return not_yet(
            _t("the pixels are flipped.", "像素被翻转了。"), hint=_t("Do not reverse any axis.", "不要反转任何轴。")
        )
    if np.array_equal(np.sort(x_cols.reshape(len(x_cols), -1)), np.sort(x_rows.reshape(len(x_rows), -1))):
        return not_yet(
            _t(
                "each image keeps its pixels, but they are not in the column-by-column order.",
                "每张图像的像素都还在，但不是按列的顺序。",
            )
        )
    return not_yet(
        _t(
            "x_cols has the right shape but is not built from the images of x_test in their order.",
            "x_cols 的形状对了，但不是按顺序由 x_test 的图像构建的。",
        )
    )


def lstm_classifier_params(D: int, H: int, n_classes: int) -> int:
    """Parameters of ``Input (T, D) -> LSTM(H) -> Dense(n_classes)``: 4 gates of (D + H + 1) x H, then (H + 1) x K."""
    return 4 * (D * H + H * H + H) + (H * n_classes + n_classes)


@staged(
    (
        "each of the four gate blocks [i, f, g, o] sees the input x_t (D numbers), the previous h (H numbers) and a "
        "bias. The number of steps does not matter: the same weights are used at every step.",
        "四个门块 [i, f, g, o] 中的每一个都看到输入 x_t（D 个数）、上一个 h（H 个数）和一个偏置。"
        "步数无关紧要：每一步用的是同样的权重。",
    ),
    (
        "Wx is (D, 4H), Wh is (H, 4H), b is (4H,); the Dense layer has an (H, K) kernel and K biases: "
        "4 (D H + H H + H) + H K + K, here with D = 56, H = 64, K = 10.",
        "Wx 是 (D, 4H)，Wh 是 (H, 4H)，b 是 (4H,)；全连接层有一个 (H, K) 的核和 K 个偏置："
        "4 (D H + H H + H) + H K + K，这里 D = 56、H = 64、K = 10。",
    ),
    code("D, H, K = 56, 64, 10; answer = 4 * (D * H + H * H + H) + H * K + K"),
)
def check_lstm_param_count(answer, D: int = 28, H: int = 128, n_classes: int = 10) -> Feedback:
    """Exercise 2: the parameter count of ``LSTM(H)`` on D inputs followed by ``Dense(n_classes)``, by hand."""
    if answer is None:
        return no_answer(
            _t("the parameter count", "参数量"),
            hint=_t(
                "Count the LSTM layer's Wx, Wh and b, then the Dense layer.",
                "先数 LSTM 层的 Wx、Wh 和 b，再数全连接层。",
            ),
        )
    given = answer
    answer = as_whole_number(answer)
    if answer is None:
        return not_yet(
            _t(f"expected a whole number, got {show(given)}.", f"需要一个整数，得到的是 {show(given)}。"),
            hint=_t("Parameter counts are whole numbers.", "参数量是整数。"),
        )
    right = lstm_classifier_params(D, H, n_classes)
    lstm_only = 4 * (D * H + H * H + H)
    if answer == right:
        return correct(
            _t(
                f"{right:,} = 4 x ({D}x{H} + {H}x{H} + {H}) for the LSTM + ({H}x{n_classes} + {n_classes}) for the Dense layer.",
                f"{right:,} = LSTM 的 4 x ({D}x{H} + {H}x{H} + {H}) + 全连接层的 ({H}x{n_classes} + {n_classes})。",
            )
        )
    if answer == lstm_only:
        return not_yet(
            _t(f"{show(answer)} counts the LSTM layer only.", f"{show(answer)} 只数了 LSTM 层。"),
            hint=_t("The Dense layer has parameters too.", "全连接层也有参数。"),
        )
    if answer == D * H + H * H + H + H * n_classes + n_classes:
        return not_yet(
            _t(f"{show(answer)} counts one gate only.", f"{show(answer)} 只数了一个门。"),
            hint=_t("An LSTM has four gate blocks [i, f, g, o].", "LSTM 有四个门块 [i, f, g, o]。"),
        )
    if answer == 4 * (D * H + H * H) + H * n_classes:
        return not_yet(
            _t(f"{show(answer)} leaves out the biases.", f"{show(answer)} 漏掉了偏置。"),
            hint=_t("Each layer also has a bias.", "每一层都还有偏置。"),
        )
    if answer == 4 * (D * H + H) + H * n_classes + n_classes:
        return not_yet(
            _t(f"{show(answer)} leaves out the recurrent weights.", f"{show(answer)} 漏掉了循环权重。"),
            hint=_t("h_{t-1} feeds the gates too.", "h_{t-1} 也输入各个门。"),
        )
    if answer > right and answer % right == 0:
        return not_yet(
            _t(
                f"{show(answer)} is {show(answer // right)} times the count: the steps share one set of weights.",
                f"{show(answer)} 是参数量的 {show(answer // right)} 倍：各步共用同一组权重。",
            )
        )
    return not_yet(_t(f"{show(answer)} is not the count yet.", f"{show(answer)} 还不是正确的参数量。"))


def _percent(share) -> str:
    """A share as a percentage, its number written by :func:`show`: ``0.9`` -> ``90%``."""
    return f"{show(100 * float(share))}%"


@staged(
    (
        "find the first entry of step_acc at or above 0.9; entries are counted from row 1.",
        "找出 step_acc 中第一个大于等于 0.9 的元素；元素从第 1 行开始计数。",
    ),
    (
        "the first index t with step_acc[t] >= 0.9, plus 1 (index 0 is the accuracy after 1 row).",
        "满足 step_acc[t] >= 0.9 的第一个下标 t，再加 1（下标 0 是读了 1 行之后的准确率）。",
    ),
    code("answer = int(np.argmax(step_acc >= 0.9)) + 1"),
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
        return no_answer(
            _t("a number of rows", "行数"),
            hint=_t(
                "Look for the first entry of step_acc at or above the threshold.",
                "找出 step_acc 中第一个大于等于阈值的元素。",
            ),
        )
    given = answer
    answer = as_whole_number(answer)
    if answer is None:
        return not_yet(
            _t(f"expected a whole number of rows, got {show(given)}.", f"需要一个整数行数，得到的是 {show(given)}。"),
            hint=_t(f"Rows are counted, 1 to {len(step_acc)}.", f"行数是计数，从 1 到 {len(step_acc)}。"),
        )
    if len(reached) == 0:
        return not_yet(
            _t(
                f"the accuracy never reaches {_percent(threshold)} here.",
                f"这里的准确率从未达到 {_percent(threshold)}。",
            ),
            hint=_t("Lower the threshold or train longer.", "降低阈值，或者训练更久。"),
        )
    right = int(reached[0]) + 1  # index t holds the accuracy after t + 1 rows
    if answer == right:
        return correct(
            _t(
                f"after {right} of {len(step_acc)} rows the accuracy is {step_acc[right - 1]:.1%}, "
                f"the first count at or above {threshold:.0%}.",
                f"读了 {len(step_acc)} 行中的 {right} 行之后，准确率为 {step_acc[right - 1]:.1%}，"
                f"这是第一个大于等于 {threshold:.0%} 的行数。",
            )
        )
    if answer == right - 1:
        return not_yet(
            _t(
                f"{show(answer)} is the index, one less than the number of rows.",
                f"{show(answer)} 是下标，比行数少 1。",
            ),
            hint=_t("Index t holds the accuracy after t + 1 rows.", "下标 t 处是读了 t + 1 行之后的准确率。"),
        )
    if not 1 <= answer <= len(step_acc):
        return not_yet(
            _t(
                f"{show(answer)} is not a row count in 1..{len(step_acc)}.",
                f"{show(answer)} 不是 1..{len(step_acc)} 范围内的行数。",
            )
        )
    acc = _t(
        f"after {show(answer)} rows the accuracy is {_percent(step_acc[answer - 1])}",
        f"读了 {show(answer)} 行之后，准确率为 {_percent(step_acc[answer - 1])}",
    )
    if step_acc[answer - 1] < threshold:
        return not_yet(_t(f"{acc}, below {_percent(threshold)}.", f"{acc}，低于 {_percent(threshold)}。"))
    return not_yet(
        _t(
            f"{acc}, at or above {_percent(threshold)}, but fewer rows reach it already.",
            f"{acc}，大于等于 {_percent(threshold)}，但更少的行数就已经达到了。",
        )
    )


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
    (
        "row d of cm holds every test image of a d; the diagonal entry is the right ones. Digits do not come in "
        "equal numbers, so compare shares, not counts.",
        "cm 的第 d 行装着所有真实为 d 的测试图像；对角线元素是答对的。各数字的数量并不相等，所以要比较比例，而不是计数。",
    ),
    (
        "error rate of d = (row total - diagonal entry) / row total = 1 - cm[d, d] / cm[d].sum(); the answer is the d "
        "where it is largest.",
        "d 的错误率 = （行总数 - 对角线元素）/ 行总数 = 1 - cm[d, d] / cm[d].sum()；答案是使它最大的 d。",
    ),
    code("rates = 1 - np.diag(cm) / cm.sum(axis=1); answer = int(rates.argmax())"),
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
            _t("a digit", "一个数字"),
            hint=_t(
                "For each row d of cm: the errors off the diagonal divided by the row's total.",
                "对 cm 的每一行 d：对角线以外的错误数除以该行的总数。",
            ),
        )
    given = answer
    answer = as_whole_number(answer)
    K = len(rates)
    if answer is None or not 0 <= answer < K:
        return not_yet(
            _t(
                f"expected one digit 0..{K - 1}, got {show(given)}.",
                f"需要 0..{K - 1} 中的一个数字，得到的是 {show(given)}。",
            ),
            hint=_t("The answer is a row index of cm.", "答案是 cm 的一个行下标。"),
        )
    hardest = np.flatnonzero(np.isclose(rates, rates.max()))
    errors = cm.sum(axis=1) - np.diag(cm)  # (K,) misread images per true digit
    wrong_col = cm.sum(axis=0) - np.diag(cm)  # (K,) images wrongly given each label
    if answer in hardest:
        return correct(
            _t(
                f"{errors[answer]} of the {cm[answer].sum()} test images of a {answer} were misread, "
                f"{rates[answer]:.2%}, the largest share of any digit (the smallest, {rates.min():.2%}, is a {int(rates.argmin())}).",
                f"数字 {answer} 的 {cm[answer].sum()} 张测试图像中有 {errors[answer]} 张被读错，占 {rates[answer]:.2%}，"
                f"是所有数字中比例最大的（最小的是 {int(rates.argmin())}，为 {rates.min():.2%}）。",
            )
        )
    if errors[answer] == errors.max():
        return not_yet(
            _t(
                f"the {show(answer)}s have the most errors ({show(errors[answer])}), but not the largest share: "
                f"{_percent(rates[answer])} of {show(cm[answer].sum())} images.",
                f"数字 {show(answer)} 的错误数最多（{show(errors[answer])}），但比例不是最大的："
                f"{show(cm[answer].sum())} 张图像中的 {_percent(rates[answer])}。",
            ),
            hint=_t("Digits do not come in equal numbers.", "各数字的数量并不相等。"),
        )
    if wrong_col[answer] == wrong_col.max():
        return not_yet(
            _t(
                f"{show(answer)} is the label the model gives wrongly most often ({show(wrong_col[answer])} times): "
                "that is a column of cm.",
                f"{show(answer)} 是模型最常错给的标签（{show(wrong_col[answer])} 次）：那是 cm 的一列。",
            ),
            hint=_t(
                "Rows of cm are the true digits: use the rows, not the columns.",
                "cm 的行是真实数字：要用行，而不是列。",
            ),
        )
    return not_yet(
        _t(
            f"{_percent(rates[answer])} of the {show(answer)}s were misread; another digit has a larger share.",
            f"数字 {show(answer)} 的图像有 {_percent(rates[answer])} 被读错；另一个数字的比例更大。",
        )
    )
