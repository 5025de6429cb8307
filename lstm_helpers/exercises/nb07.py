"""Checks for notebook 07 (an LSTM encoder-decoder, and attention).

1. :func:`check_attention_step`: one dot-product attention step by hand (weights and context).
2. :func:`check_extra_parameters`: how many parameters attention adds to the encoder-decoder.
3. :func:`check_chinese_numeral`: a number written in Chinese numerals, by the 万/亿 and 零 rules.
"""

from __future__ import annotations

import numpy as np

from .. import numerals as nm
from . import Feedback, as_whole_number, correct, no_answer, not_yet

#: Exercise 1's numbers: a decoder state (the query) and three encoder states (keys and values), H = 2.
QUERY = [1.0, 0.0]
KEYS = [[2.0, 0.0], [0.0, 1.0], [1.0, 1.0]]

#: Exercise 3's number.
NUMBER = 100_200_003


def attention_problem() -> str:
    """The numbers of exercise 1, printed."""
    return (
        f"query s_t = {QUERY}    (H = 2)\n"
        f"encoder states (keys and values): enc_1 = {KEYS[0]}, enc_2 = {KEYS[1]}, enc_3 = {KEYS[2]}"
    )


def _attention():
    q, k = np.array(QUERY), np.array(KEYS)
    scores = k @ q  # (3,)
    w = np.exp(scores - scores.max())
    w /= w.sum()
    return scores, w, w @ k


def check_attention_step(weights, context) -> Feedback:
    """Exercise 1: the attention weights (3,) and the context (2,) for :data:`QUERY` and :data:`KEYS`."""
    if weights is None or context is None:
        return no_answer(
            "the three weights and the two numbers of the context",
            hint="score every encoder state by its dot product with the query, then softmax the three scores",
        )
    try:
        w = np.asarray(weights, dtype=np.float64).ravel()
        c = np.asarray(context, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        return not_yet(
            "weights and context must be numbers (lists or arrays)", hint="three weights, two context numbers"
        )
    if w.shape != (3,) or c.shape != (2,):
        return not_yet(
            f"expected 3 weights and a context of 2 numbers, got {w.size} and {c.size}",
            hint="one weight per encoder state; the context has the encoder states' size H = 2",
        )
    scores, want_w, want_c = _attention()
    w_ok, c_ok = np.allclose(w, want_w, atol=1e-3), np.allclose(c, want_c, atol=1e-3)
    if w_ok and c_ok:
        return correct(
            f"scores {scores.tolist()}, weights {np.round(want_w, 4).tolist()}, context {np.round(want_c, 4).tolist()}: "
            "the decoder reads mostly enc_1, the state most like its query."
        )
    if np.allclose(w, scores, atol=1e-3):
        return not_yet("these are the scores, not yet the weights", hint="weights = exp(score) / sum of exp(scores)")
    if np.allclose(w, scores / scores.sum(), atol=1e-3):
        return not_yet(
            "the scores divided by their sum are not the softmax",
            hint="exponentiate first: exp(score_j) / sum_k exp(score_k)",
        )
    if not w_ok:
        return not_yet(
            f"the weights {np.round(w, 4).tolist()} are not yet right",
            hint="score_j = query . enc_j (three numbers), then softmax them",
        )
    if np.allclose(c, np.array(KEYS).mean(axis=0), atol=1e-3):
        return not_yet("that is the plain mean of the encoder states", hint="weight each state by its attention weight")
    return not_yet(
        f"the weights are right; the context {np.round(c, 4).tolist()} is not yet",
        hint="context = w_1 enc_1 + w_2 enc_2 + w_3 enc_3 (a vector of 2)",
    )


def check_extra_parameters(answer, H: int, V: int) -> Feedback:
    """Exercise 2: parameters the attention model has beyond the plain one: ``H * V`` (its wider output layer)."""
    if answer is None:
        return no_answer(
            "a whole number",
            hint="the attention itself (dot products and a softmax) has no weights; what does it make wider?",
        )
    value = as_whole_number(answer)
    if value is None:
        return not_yet(f"expected a whole number, got {answer!r}", hint="parameter counts are whole numbers")
    if value == H * V:
        return correct(
            f"{H} * {V} = {value}: the output layer reads [s_t, ctx_t], 2H numbers instead of H, and nothing else changes."
        )
    if value == 2 * H * V or value == 2 * H * V + V:
        return not_yet(
            f"{value} is the whole output layer", hint="the plain model has an output layer too: count the difference"
        )
    if value == H * V + V:
        return not_yet(f"{value} counts a second bias", hint="the output layer keeps its one bias of V numbers")
    if value == 0:
        return not_yet(
            "the attention step has no weights, but something else grows", hint="what does the output layer read?"
        )
    return not_yet(f"{value} is not the difference yet", hint="W_out is (H, V) without attention and (2H, V) with it")


def check_chinese_numeral(answer) -> Feedback:
    """Exercise 3: :data:`NUMBER` in Chinese numerals (the characters of ``numerals.CHARS``)."""
    if answer is None:
        return no_answer(
            "a string of Chinese characters",
            hint="cut the digits into groups of four from the right: 亿, 万 and the units",
        )
    if not isinstance(answer, str):
        return not_yet(f"expected a string such as '三千零一十二', got {type(answer).__name__}")
    text = answer.strip()
    want = nm.chinese_numeral(NUMBER)
    if text == want:
        return correct(f"{NUMBER:,} is {want}: 1 | 0020 | 0003, one 零 before each group that starts with zeros.")
    if text.replace("零", "") == want.replace("零", ""):
        return not_yet(
            f"{text} has the right digits and units, but not the right 零",
            hint="one 零 before each group below 1000 that follows a higher group",
        )
    return not_yet(
        f"{text} is not {NUMBER:,} yet",
        hint="groups 1 | 0020 | 0003: 一亿, then the 万 group 0020, then the units 0003",
    )
