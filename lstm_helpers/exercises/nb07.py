"""Checks for notebook 07 (an LSTM encoder-decoder, and attention).

1. :func:`check_attention_step`: one dot-product attention step by hand (weights and context).
2. :func:`check_additive_parameters`: how many parameters Bahdanau's additive score would add.
3. :func:`check_chinese_numeral`: a number written in Chinese numerals, by the 万/亿 and 零 rules.

Each check returns :func:`correct` or :func:`not_yet` and never raises on a
learner's answer. The placeholder ``None`` gets the idea only; a wrong answer's
message says what is wrong with it, and the hints come in stages over
successive wrong answers (:func:`staged`): the idea, the formula, the code, the
same three as under the exercise in the notebook.
"""

from __future__ import annotations

import numpy as np

from .. import numerals as nm
from . import Feedback, _t, as_whole_number, code, correct, no_answer, not_yet, show, staged

#: Exercise 1's numbers: a decoder state (the query) and three encoder states (keys and values), H = 2.
QUERY = [1.0, 0.0]
KEYS = [[2.0, 0.0], [0.0, 1.0], [1.0, 1.0]]

#: Exercise 3's number.
NUMBER = 100_200_003


def attention_problem() -> str:
    """The numbers of exercise 1, printed."""
    query = _t("query", "查询")
    states = _t("encoder states (keys and values): ", "编码器状态（键和值）：")
    return f"{query} s_t = {QUERY}    (H = 2)\n{states}enc_1 = {KEYS[0]}, enc_2 = {KEYS[1]}, enc_3 = {KEYS[2]}"


def _attention():
    q, k = np.array(QUERY), np.array(KEYS)
    scores = k @ q  # (3,)
    w = np.exp(scores - scores.max())
    w /= w.sum()
    return scores, w, w @ k


@staged(
    (
        "score each encoder state by how much it points the way the query does, turn the three scores into weights "
        "that sum to 1, and average the states with those weights.",
        "按每个编码器状态与查询指向的一致程度给它打分，把三个分数变成和为 1 的权重，再用这些权重对各状态求加权平均。",
    ),
    (
        "e_j = q . enc_j, a_j = exp(e_j) / sum_k exp(e_k), context = sum_j a_j enc_j.",
        "e_j = q . enc_j，a_j = exp(e_j) / sum_k exp(e_k)，上下文向量 = sum_j a_j enc_j。",
    ),
    code(
        "query = np.array(nb07.QUERY); keys = np.array(nb07.KEYS); "
        "ex1_weights = np.exp(keys @ query) / np.exp(keys @ query).sum(); ex1_context = ex1_weights @ keys"
    ),
)
def check_attention_step(weights, context) -> Feedback:
    """Exercise 1: the attention weights (3,) and the context (2,) for :data:`QUERY` and :data:`KEYS`."""
    if weights is None or context is None:
        return no_answer(
            _t("the three weights and the two numbers of the context", "三个权重和上下文向量的两个数"),
            hint=_t(
                "score every encoder state by its dot product with the query, then softmax the three scores",
                "用每个编码器状态与查询的点积给它打分，再对三个分数做 softmax",
            ),
        )
    try:
        w = np.asarray(weights, dtype=np.float64).ravel()
        c = np.asarray(context, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return not_yet(
            _t("weights and context must be numbers (lists or arrays)", "权重和上下文向量必须是数（列表或数组）"),
            hint=_t("three weights, two context numbers", "三个权重，上下文向量两个数"),
        )
    if w.shape != (3,) or c.shape != (2,):
        return not_yet(
            _t(
                f"expected 3 weights and a context of 2 numbers, got {w.size} and {c.size}",
                f"需要 3 个权重和含 2 个数的上下文向量，得到的是 {w.size} 个和 {c.size} 个",
            ),
            hint=_t(
                "one weight per encoder state; the context has the encoder states' size H = 2",
                "每个编码器状态一个权重；上下文向量的大小与编码器状态相同，H = 2",
            ),
        )
    scores, want_w, want_c = _attention()
    w_ok, c_ok = np.allclose(w, want_w, atol=1e-3), np.allclose(c, want_c, atol=1e-3)
    if w_ok and c_ok:
        return correct(
            _t(
                f"scores {scores.tolist()}, weights {np.round(want_w, 4).tolist()}, context {np.round(want_c, 4).tolist()}: "
                "the decoder reads mostly enc_1, the state most like its query.",
                f"分数 {scores.tolist()}，权重 {np.round(want_w, 4).tolist()}，上下文向量 {np.round(want_c, 4).tolist()}："
                "解码器主要读取 enc_1，即与它的查询最相似的状态。",
            )
        )
    if np.allclose(w, scores, atol=1e-3):
        return not_yet(
            _t("these are the scores, not yet the weights", "这些是分数，还不是权重"),
            hint=_t("a softmax turns scores into weights", "softmax 把分数变成权重"),
        )
    if np.allclose(w, scores / scores.sum(), atol=1e-3):
        return not_yet(
            _t("the scores divided by their sum are not the softmax", "分数除以它们的和并不是 softmax"),
            hint=_t("exponentiate the scores first", "先对分数取指数"),
        )
    if not w_ok:
        return not_yet(_weights_mismatch(w, want_w))
    if np.allclose(c, np.array(KEYS).mean(axis=0), atol=1e-3):
        return not_yet(
            _t("that is the plain mean of the encoder states", "那是编码器状态的简单平均"),
            hint=_t("weight each state by its attention weight", "用每个状态的注意力权重给它加权"),
        )
    return not_yet(
        _t(f"the weights are right; the context {show(c)} is not yet", f"权重是对的；上下文向量 {show(c)} 还不对")
    )


def _weights_mismatch(w, want) -> str:
    """What is wrong with ``w`` as the attention weights, beyond the slips the check names."""
    if not np.isclose(w.sum(), 1.0, atol=1e-3):
        return _t(
            f"the weights {show(w)} sum to {show(float(w.sum()))}: weights sum to 1",
            f"权重 {show(w)} 的和是 {show(float(w.sum()))}：权重之和应为 1",
        )
    if int(np.argmax(w)) != int(np.argmax(want)):
        return _t(
            f"the weights {show(w)} favour enc_{int(np.argmax(w)) + 1}, not the state most like the query",
            f"权重 {show(w)} 偏向 enc_{int(np.argmax(w)) + 1}，而不是与查询最相似的状态",
        )
    return _t(f"the weights {show(w)} are not yet right", f"权重 {show(w)} 还不对")


@staged(
    (
        "count the weights of the scoring network alone: the output layer reads [s_t, ctx_t] with either score, so it "
        "is the same in both models.",
        "只数打分网络自己的权重：无论用哪种打分，输出层读入的都是 [s_t, ctx_t]，所以两个模型的输出层相同。",
    ),
    (
        "W_1 and W_2 have H * A entries each and v has A: 2 H A + A, and the dot score has none.",
        "W_1 和 W_2 各有 H * A 个元素，v 有 A 个：2 H A + A，而点积打分一个也没有。",
    ),
    code("ex2_extra = 2 * UNITS * UNITS + UNITS  # A = H = UNITS"),
)
def check_additive_parameters(answer, H: int, A: int) -> Feedback:
    """Exercise 2: parameters Bahdanau's additive score adds over the dot score: ``2 * H * A + A``.

    The score is ``e_tj = tanh(s_t W_1 + enc_j W_2) v`` with ``W_1, W_2`` of shape ``(H, A)`` and ``v`` of shape
    ``(A,)``, no biases; the rest of the model (the output layer included) is the same with either score.
    """
    if answer is None:
        return no_answer(
            _t("a whole number", "一个整数"),
            hint=_t(
                "the dot score has no weights; count what the additive score's small network has",
                "点积打分没有权重；数一数加性打分那个小网络有多少权重",
            ),
        )
    value = as_whole_number(answer)
    if value is None:
        return not_yet(
            _t(f"expected a whole number, got {show(answer)}", f"需要一个整数，得到的是 {show(answer)}"),
            hint=_t("parameter counts are whole numbers", "参数量是整数"),
        )
    want = 2 * H * A + A
    if value == want:
        return correct(
            _t(
                f"2 * {H} * {A} + {A} = {value}: W_1 and W_2 ({H} x {A} each) and v ({A}); the dot score needs none, "
                f"which is why section 2's attention model adds only its wider output layer.",
                f"2 * {H} * {A} + {A} = {value}：W_1 和 W_2（各 {H} x {A}）以及 v（{A}）；点积打分一个权重也不需要，"
                f"所以第 2 节带注意力的模型只多出它更宽的输出层。",
            )
        )
    if value == 2 * H * A:
        return not_yet(
            _t(f"{show(value)} counts W_1 and W_2 but not v", f"{show(value)} 数了 W_1 和 W_2，但没有数 v"),
            hint=_t(
                "the scores come out of tanh(...) times v, a vector of A weights",
                "分数是 tanh(...) 乘以 v 得到的，v 是 A 个权重的向量",
            ),
        )
    if value in (H * A + A, H * A):
        return not_yet(
            _t(f"{show(value)} counts one of the two matrices", f"{show(value)} 只数了两个矩阵中的一个"),
            hint=_t("s_t and enc_j each get their own matrix, W_1 and W_2", "s_t 和 enc_j 各有自己的矩阵：W_1 和 W_2"),
        )
    if value == 0:
        return not_yet(
            _t("that is the dot score; the additive score has weights", "那是点积打分；加性打分是有权重的"),
            hint=_t("count W_1, W_2 and v", "数一数 W_1、W_2 和 v"),
        )
    return not_yet(_t(f"{show(value)} is not the count yet", f"{show(value)} 还不是这个数"))


@staged(
    (
        "cut the digits into groups of four from the right, read each group with 千, 百, 十, name the groups 亿 and 万, "
        "and put one 零 where zeros stand between what is read.",
        "从右往左把数位每四位切成一组，每组用千、百、十来读，各组分别命名为亿和万，在读出的部分之间有零的地方写一个零。",
    ),
    (
        "the groups are 1 | 0020 | 0003: read each as a number below 10,000 (a leading zero is not read), follow it by "
        "its name (亿, 万, none), and when a group below 1000 follows a higher group, start it with one 零.",
        "分组是 1 | 0020 | 0003：每组按一个小于 10,000 的数来读（开头的零不读），后面接上它的名称（亿、万，或没有），"
        "一个不足 1000 的组跟在更高的组之后时，以一个零开头。",
    ),
    code('ex3_numeral = "一亿" + "零二十万" + "零三"; ex3_numeral == nm.chinese_numeral(100_200_003)'),
)
def check_chinese_numeral(answer) -> Feedback:
    """Exercise 3: :data:`NUMBER` in Chinese numerals (the characters of ``numerals.CHARS``)."""
    if answer is None:
        return no_answer(
            _t("a string of Chinese characters", "一个由汉字组成的字符串"),
            hint=_t(
                "cut the digits into groups of four from the right: 亿, 万 and the units",
                "从右往左把数位每四位切成一组：亿、万和个位",
            ),
        )
    if not isinstance(answer, str):
        return not_yet(
            _t(
                f"expected a string such as '三千零一十二', got {type(answer).__name__}",
                f"需要一个像 '三千零一十二' 这样的字符串，得到的是 {type(answer).__name__}",
            )
        )
    text = answer.strip()
    want = nm.chinese_numeral(NUMBER)
    if text == want:
        return correct(
            _t(
                f"{NUMBER:,} is {want}: 1 | 0020 | 0003, one 零 before each group that starts with zeros.",
                f"{NUMBER:,} 是{want}：1 | 0020 | 0003，每个以零开头的组前面写一个零。",
            )
        )
    if text.replace("零", "") == want.replace("零", ""):
        return not_yet(
            _t(
                f"{text} has the right digits and units, but not the right 零",
                f"{text} 的数字和单位都对，但零的用法不对",
            ),
            hint=_t(
                "a 零 stands where zeros lie between what is read",
                "在读出的部分之间有零的地方写一个零",
            ),
        )
    return not_yet(_numeral_mismatch(text))


def _numeral_mismatch(text: str) -> str:
    """What is wrong with ``text`` as :data:`NUMBER`: the number it writes, when it is another number's numeral."""
    try:
        value = nm.chinese_to_number(text)
    except ValueError:
        return _t(
            f"{text!r} is not written with the characters {''.join(nm.CHARS[3:])}",
            f"{text!r} 不是用 {''.join(nm.CHARS[3:])} 这些字符写成的",
        )
    if nm.chinese_numeral(value) == text:
        return _t(f"{text} is {show(value)}, not {show(NUMBER)}", f"{text} 是 {show(value)}，不是 {show(NUMBER)}")
    return _t(f"{text} is not {show(NUMBER)} yet", f"{text} 还不是 {show(NUMBER)}")
