"""Checks for notebook 07 (an LSTM encoder-decoder, and attention).

1. :func:`check_attention_step`: one dot-product attention step by hand (weights and context).
2. :func:`check_extra_parameters`: how many parameters attention adds to the encoder-decoder.
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
from . import Feedback, as_whole_number, correct, no_answer, not_yet, show, staged

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


@staged(
    "score each encoder state by how much it points the way the query does, turn the three scores into weights "
    "that sum to 1, and average the states with those weights.",
    "e_j = q . enc_j, a_j = exp(e_j) / sum_k exp(e_k), context = sum_j a_j enc_j.",
    "query = np.array(nb07.QUERY); keys = np.array(nb07.KEYS); "
    "ex1_weights = np.exp(keys @ query) / np.exp(keys @ query).sum(); ex1_context = ex1_weights @ keys",
)
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
        return not_yet("these are the scores, not yet the weights", hint="a softmax turns scores into weights")
    if np.allclose(w, scores / scores.sum(), atol=1e-3):
        return not_yet("the scores divided by their sum are not the softmax", hint="exponentiate the scores first")
    if not w_ok:
        return not_yet(_weights_mismatch(w, want_w))
    if np.allclose(c, np.array(KEYS).mean(axis=0), atol=1e-3):
        return not_yet("that is the plain mean of the encoder states", hint="weight each state by its attention weight")
    return not_yet(f"the weights are right; the context {show(c)} is not yet")


def _weights_mismatch(w, want) -> str:
    """What is wrong with ``w`` as the attention weights, beyond the slips the check names."""
    if not np.isclose(w.sum(), 1.0, atol=1e-3):
        return f"the weights {show(w)} sum to {show(float(w.sum()))}: weights sum to 1"
    if int(np.argmax(w)) != int(np.argmax(want)):
        return f"the weights {show(w)} favour enc_{int(np.argmax(w)) + 1}, not the state most like the query"
    return f"the weights {show(w)} are not yet right"


@staged(
    "the dot-product step has no weights of its own. Which layer reads something larger once the context is there?",
    "the output layer's W is (H, V) without attention and (2H, V) with it; its bias stays (V,).",
    "H = UNITS; ex2_extra = 2 * H * V_OUT - H * V_OUT",
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
        return not_yet(f"expected a whole number, got {show(answer)}", hint="parameter counts are whole numbers")
    if value == H * V:
        return correct(
            f"{H} * {V} = {value}: the output layer reads [s_t, ctx_t], 2H numbers instead of H, and nothing else changes."
        )
    if value == 2 * H * V or value == 2 * H * V + V:
        return not_yet(
            f"{show(value)} is the whole output layer",
            hint="the plain model has an output layer too: count the difference",
        )
    if value == H * V + V:
        return not_yet(f"{show(value)} counts a second bias", hint="the output layer keeps its one bias")
    if value == 0:
        return not_yet(
            "the attention step has no weights, but something else grows", hint="what does the output layer read?"
        )
    return not_yet(f"{show(value)} is not the difference yet")


@staged(
    "cut the digits into groups of four from the right, read each group with 千, 百, 十, name the groups 亿 and 万, "
    "and put one 零 where zeros stand between what is read.",
    "1 | 0020 | 0003: 一亿, then the 万 group 0020 (二十万), then the units 0003 (三); a group below 1000 after a "
    "higher group starts with one 零.",
    'ex3_numeral = "一亿" + "零二十万" + "零三"; ex3_numeral == nm.chinese_numeral(100_200_003)',
)
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
            hint="a 零 stands where zeros lie between what is read",
        )
    return not_yet(_numeral_mismatch(text))


def _numeral_mismatch(text: str) -> str:
    """What is wrong with ``text`` as :data:`NUMBER`: the number it writes, when it is another number's numeral."""
    try:
        value = nm.chinese_to_number(text)
    except ValueError:
        return f"{text!r} is not written with the characters {''.join(nm.CHARS[3:])}"
    if nm.chinese_numeral(value) == text:
        return f"{text} is {show(value)}, not {show(NUMBER)}"
    return f"{text} is not {show(NUMBER)} yet"
