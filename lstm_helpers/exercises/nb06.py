"""Checks for notebook 06 (a character-level LSTM language model).

1. :func:`check_perplexity`: perplexity from bits per character.
2. :func:`check_temperature`: a distribution at temperature tau, by hand.
3. :func:`check_window_count` and :func:`check_T_effect`: what changing the window length T does.

Each check returns :func:`correct` or :func:`not_yet` and never raises on a
learner's answer. The placeholder ``None`` gets the idea only; a wrong answer's
message says what is wrong with it, and the hints come in stages over
successive wrong answers (:func:`staged`): the idea, the formula, the code, the
same three as under the exercise in the notebook.
"""

from __future__ import annotations

import math

import numpy as np

from . import Feedback, Texts, _t, as_number, as_whole_number, code, correct, no_answer, not_yet, show, staged


@staged(
    (
        "one bit is one fair yes/no question; a fair choice among k characters takes log2(k) bits.",
        "一比特就是一个公平的是/否问题；在 k 个字符中公平地选一个，需要 log2(k) 比特。",
    ),
    (
        "if b = log2(k), then k = 2 ** b: perplexity = 2 ** (bits per character) = exp(loss in nats).",
        "若 b = log2(k)，则 k = 2 ** b：困惑度 = 2 ** (每字符比特数) = exp(以奈特计的损失)。",
    ),
    code("answer = 2 ** lstm_test_bpc"),
)
def check_perplexity(answer, bpc: float) -> Feedback:
    """Perplexity of a model that scores ``bpc`` bits per character: ``2 ** bpc``."""
    if answer is None:
        return no_answer(
            _t("the perplexity", "困惑度"),
            hint=_t(
                "A model with b bits per character is as unsure as a fair choice among how many characters? "
                "(the hints under the exercise go further)",
                "每字符 b 比特的模型，其不确定程度相当于在多少个字符中公平地选一个？（练习下面的提示会讲得更多）",
            ),
        )
    value = as_number(answer)
    if value is None:
        return not_yet(
            _t(f"expected a number, got {type(answer).__name__}", f"需要一个数，得到的是 {type(answer).__name__}"),
            hint=_t("Compute it from lstm_test_bpc.", "由 lstm_test_bpc 算出它。"),
        )
    want = 2.0**bpc
    if math.isclose(value, want, rel_tol=1e-3):
        return correct(
            _t(
                f"perplexity 2 ** {bpc:.3f} = {want:.2f}: the model is as unsure as a fair choice among {want:.1f} characters.",
                f"困惑度 2 ** {bpc:.3f} = {want:.2f}：模型的不确定程度相当于在 {want:.1f} 个字符中公平地选一个。",
            )
        )
    if math.isclose(value, math.exp(bpc), rel_tol=1e-3):
        return not_yet(
            _t(f"{show(value)} is e ** bpc.", f"{show(value)} 是 e ** bpc。"),
            hint=_t(
                "Bits are base-2 logarithms: undo log2 with 2 ** x, not exp.",
                "比特是以 2 为底的对数：用 2 ** x 还原 log2，而不是 exp。",
            ),
        )
    if math.isclose(value, bpc * math.log(2), rel_tol=1e-3):
        return not_yet(
            _t(
                f"{show(value)} is the loss in nats, not the perplexity.",
                f"{show(value)} 是以奈特计的损失，不是困惑度。",
            ),
            hint=_t("A perplexity counts characters.", "困惑度数的是字符。"),
        )
    if math.isclose(value, bpc, rel_tol=1e-3):
        return not_yet(
            _t(
                f"{show(value)} is the bits per character itself, not the perplexity.",
                f"{show(value)} 是每字符比特数本身，不是困惑度。",
            )
        )
    if value < 1:
        return not_yet(
            _t(
                f"{show(value)} is below 1: a perplexity counts equally likely characters, at least one.",
                f"{show(value)} 小于 1：困惑度数的是等可能的字符，至少为一个。",
            )
        )
    return not_yet(
        _t(
            f"{show(value)} is not the perplexity of {show(bpc)} bits per character.",
            f"{show(value)} 不是每字符 {show(bpc)} 比特对应的困惑度。",
        )
    )


@staged(
    (
        "the temperature divides the logits, and the log-probabilities are logits (up to a constant the softmax removes).",
        "温度除的是 logit，而对数概率就是 logit（相差一个常数，softmax 会把它消去）。",
    ),
    (
        "softmax(log(p) / tau) = p ** (1 / tau) / sum(p ** (1 / tau)); at tau = 0.5 every probability is squared, "
        "then renormalised.",
        "softmax(log(p) / tau) = p ** (1 / tau) / sum(p ** (1 / tau))；在 tau = 0.5 时，每个概率先平方，再重新归一化。",
    ),
    code("q = p ** (1 / 0.5); answer = q / q.sum()"),
)
def check_temperature(answer, probs, temperature: float) -> Feedback:
    """``probs`` rescaled to ``temperature``: ``p ** (1 / tau) / sum(p ** (1 / tau))``."""
    if answer is None:
        return no_answer(
            _t("the rescaled probabilities", "重新缩放后的概率"),
            hint=_t(
                "The temperature divides the logits, and log-probabilities are logits "
                "(the hints under the exercise go further).",
                "温度除的是 logit，而对数概率就是 logit（练习下面的提示会讲得更多）。",
            ),
        )
    probs = np.asarray(probs, dtype=np.float64)
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return not_yet(
            _t(
                f"expected an array of {probs.size} numbers, got {type(answer).__name__}",
                f"需要一个含 {probs.size} 个数的数组，得到的是 {type(answer).__name__}",
            )
        )
    if got.shape != probs.shape:
        return not_yet(
            _t(f"expected shape {probs.shape}, got {got.shape}", f"形状应为 {probs.shape}，得到的是 {got.shape}"),
            hint=_t("One probability per character.", "每个字符一个概率。"),
        )
    powered = probs ** (1.0 / temperature)
    want = powered / powered.sum()
    if np.allclose(got, want, atol=1e-4):
        return correct(
            _t(
                f"at temperature {temperature} the distribution becomes {np.round(want, 3).tolist()}.",
                f"在温度 {temperature} 下，分布变为 {np.round(want, 3).tolist()}。",
            )
        )
    if np.allclose(got, powered, atol=1e-4):
        return not_yet(
            _t("the powers are right but they do not sum to 1.", "这些幂是对的，但它们的和不是 1。"),
            hint=_t("Divide by their sum.", "除以它们的和。"),
        )
    scaled = probs / temperature
    if np.allclose(got, scaled, atol=1e-4) or np.allclose(got, scaled / scaled.sum(), atol=1e-4):
        return not_yet(
            _t(
                "dividing probabilities by the temperature does not change their shape.",
                "把概率除以温度，并不会改变分布的形状。",
            ),
            hint=_t(
                "The temperature divides the logits, the log-probabilities, not the probabilities.",
                "温度除的是 logit，即对数概率，而不是概率本身。",
            ),
        )
    if np.allclose(got, probs**temperature / (probs**temperature).sum(), atol=1e-4):
        return not_yet(
            _t("that is temperature 1 / tau.", "那是温度 1 / tau 的结果。"),
            hint=_t("The exponent is 1 / temperature.", "指数是 1 / 温度。"),
        )
    return not_yet(_temperature_mismatch(got, probs, temperature))


def _temperature_mismatch(got, probs, temperature: float) -> str:
    """What is wrong with ``got`` as ``probs`` at ``temperature``, beyond the slips the check names."""
    total = float(got.sum())
    if not math.isclose(total, 1.0, abs_tol=1e-3):
        return _t(
            f"{show(got)} sums to {show(total)}: a distribution sums to 1.",
            f"{show(got)} 的和是 {show(total)}：一个分布的和是 1。",
        )
    if temperature < 1 and got.max() <= probs.max():
        return _t(
            f"{show(got)} is not sharper than p: below temperature 1 the likeliest character gains.",
            f"{show(got)} 并不比 p 更尖锐：温度低于 1 时，最可能的字符概率会增大。",
        )
    if temperature > 1 and got.max() >= probs.max():
        return _t(
            f"{show(got)} is not flatter than p: above temperature 1 the likeliest character loses.",
            f"{show(got)} 并不比 p 更平坦：温度高于 1 时，最可能的字符概率会减小。",
        )
    return _t(
        f"{show(got)} is not the distribution at temperature {show(temperature)}.",
        f"{show(got)} 不是温度 {show(temperature)} 下的分布。",
    )


@staged(
    (
        "windows sit side by side and every window needs one character after it, for its last target.",
        "窗口一个挨一个排列，而每个窗口后面还需要一个字符，作为它最后一个目标。",
    ),
    (
        "a window starting at s uses ids[s : s + T2 + 1], so the count is the number of starts 0, T2, 2 T2, ... with "
        "s + T2 + 1 <= len(train_ids): floor((len(train_ids) - 1) / T2).",
        "从 s 开始的窗口使用 ids[s : s + T2 + 1]，所以窗口数就是满足 s + T2 + 1 <= len(train_ids) 的起点 "
        "0, T2, 2 T2, ... 的个数：floor((len(train_ids) - 1) / T2)。",
    ),
    code("n_windows = (len(train_ids) - 1) // T2; n_windows == len(tx.windows(train_ids, T2)[0])"),
)
def check_window_count(answer, n_train: int, T: int) -> Feedback:
    """Number of windows ``text.windows(train_ids, T)`` makes (side by side, offset 0): ``(n_train - 1) // T``."""
    if answer is None:
        return no_answer(
            _t("the number of windows", "窗口数"),
            hint=_t(
                "Each window needs T inputs and one more character for its last target "
                "(the hints under the exercise go further).",
                "每个窗口需要 T 个输入，还要再多一个字符作为它最后一个目标（练习下面的提示会讲得更多）。",
            ),
        )
    given = answer
    answer = as_whole_number(answer)
    if answer is None:
        return not_yet(
            _t(f"expected a whole number, got {show(given)}", f"需要一个整数，得到的是 {show(given)}"),
            hint=_t("Windows are counted in whole numbers.", "窗口数是整数。"),
        )
    want = (n_train - 1) // T
    if answer == want:
        return correct(
            _t(
                f"{want:,} windows of {T} characters: (len(train_ids) - 1) // T.",
                f"{want:,} 个 {T} 字符的窗口：(len(train_ids) - 1) // T。",
            )
        )
    if answer == n_train // T:
        return not_yet(
            _t(
                f"{show(answer)} is len(train_ids) // T: one window too many here.",
                f"{show(answer)} 是 len(train_ids) // T：这里多了一个窗口。",
            ),
            hint=_t(
                "The last window needs one more character after it for its final target.",
                "最后一个窗口后面还需要一个字符，作为它最后的目标。",
            ),
        )
    if answer in (n_train - T, n_train - T - 1):
        return not_yet(
            _t(
                f"{show(answer)} counts a window at every character: these windows sit side by side.",
                f"{show(answer)} 在每个字符处都数了一个窗口：这些窗口是一个挨一个排列的。",
            )
        )
    return not_yet(
        _t(f"{show(answer)} windows is not right for T = {show(T)}.", f"对 T = {show(T)}，{show(answer)} 个窗口不对。")
    )


#: The statements of the multiple-choice question on T (the notebook prints them).
T_CHOICES = Texts(
    {
        "a": (
            "Halving T halves the number of windows per epoch, so training gets twice as slow.",
            "把 T 减半会让每轮的窗口数减半，所以训练会慢一倍。",
        ),
        "b": (
            "With a smaller T each epoch has more, shorter windows. Every window starts from a zero state, so no "
            "training prediction depends on more than the T characters of one window: nothing in training rewards "
            "using more context (scoring may still give the model more, as section 5 measures).",
            "T 较小时，每轮有更多、更短的窗口。每个窗口都从零状态开始，所以训练中没有哪个预测依赖于一个窗口的 "
            "T 个字符以外的东西：训练中没有任何东西奖励使用更多的上下文（评分时仍可能给模型更多上下文，"
            "如第 5 节所测）。",
        ),
        "c": (
            "T stops mattering once the state is carried from one window to the next (section 5), because the "
            "gradient then flows back through all the earlier windows too.",
            "一旦状态从一个窗口延续到下一个窗口（第 5 节），T 就不再重要，因为这时梯度也会回传穿过所有更早的窗口。",
        ),
        "d": (
            "A smaller T lets the model remember longer, because its gradients vanish less.",
            "较小的 T 让模型记得更久，因为它的梯度消失得更少。",
        ),
    }
)


@staged(
    (
        "think about what the model sees inside one window, where its state starts, and where the gradient stops "
        "when the state is carried.",
        "想想模型在一个窗口里看到了什么，它的状态从哪里开始，以及在延续状态时梯度在哪里停止。",
    ),
    (
        "test each statement against how training runs: a new zero state for every window (section 3), "
        "steps_per_pass batches of BATCH windows per epoch, and in section 5's carried state a gradient that still "
        "stops at the window's first character.",
        "对照训练的实际做法检验每条陈述：每个窗口都从一个新的零状态开始（第 3 节），每一轮有 steps_per_pass 个批量，"
        "每批 BATCH 个窗口，而在第 5 节的延续状态中，梯度仍然在窗口的第一个字符处停止。",
    ),
    (
        "per_epoch = [tx.steps_per_pass(len(train_ids), t, BATCH) * BATCH * t for t in (T, T2)]; "
        'choice = "b"  # per_epoch: about the same characters for both T, so not (a); the gradient still stops at '
        "the window's first character, so not (c) and not (d)",
        "per_epoch = [tx.steps_per_pass(len(train_ids), t, BATCH) * BATCH * t for t in (T, T2)]; "
        'choice = "b"  # per_epoch：两种 T 的字符数大致相同，所以不是 (a)；梯度仍然在窗口的第一个字符处停止，'
        "所以不是 (c)，也不是 (d)",
    ),
)
def check_T_effect(choice) -> Feedback:
    """Which statement about a smaller window length T is true (``"b"``)."""
    if choice is None:
        return no_answer(
            _t("the letter of your choice", "你所选的字母"),
            hint=_t(
                "Think about what the model sees inside one window, where its state starts, and where the "
                "gradient stops (the hints under the exercise go further).",
                "想想模型在一个窗口里看到了什么，它的状态从哪里开始，以及梯度在哪里停止（练习下面的提示会讲得更多）。",
            ),
        )
    key = str(choice).strip().lower()
    if key not in T_CHOICES:
        return not_yet(
            _t(
                f"choose one of {sorted(T_CHOICES)}, got {show(choice)}",
                f"请从 {sorted(T_CHOICES)} 中选一个，得到的是 {show(choice)}",
            )
        )
    if key == "b":
        return correct(
            _t(
                "each window starts from zeros, so no training prediction depends on more than T characters: a "
                "smaller T means more, cheaper windows and less context that training can reward. (It bounds what "
                "training rewards, not what a model uses: section 5's LSTMs use far fewer characters than T.)",
                "每个窗口都从零开始，所以训练中没有哪个预测依赖于超过 T 个字符：T 较小意味着窗口更多、更便宜，"
                "而训练能奖励的上下文更少。（它限制的是训练所奖励的东西，而不是模型实际使用的东西："
                "第 5 节的 LSTM 使用的字符远少于 T 个。）",
            )
        )
    hints = {
        "a": _t(
            "Count the characters per epoch: more windows, but each is shorter; the work per epoch stays about the same.",
            "数一数每轮的字符数：窗口更多了，但每个都更短；每轮的工作量大致不变。",
        ),
        "c": _t(
            "With a carried state the forward pass reads the earlier windows, but the gradient still stops at "
            "the window's first character: truncated backpropagation through time, T steps at most.",
            "延续状态时，前向传播读过了更早的窗口，但梯度仍然在窗口的第一个字符处停止："
            "这是截断的通过时间反向传播，最多 T 步。",
        ),
        "d": _t(
            "Shorter windows cannot teach dependencies longer than the window, however well gradients flow.",
            "无论梯度流动得多好，更短的窗口都教不会比窗口更长的依赖关系。",
        ),
    }
    return not_yet(_t(f"({key}) is not right.", f"({key}) 不对。"), hint=hints[key])
