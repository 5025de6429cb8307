"""Notebook 07's exercise checks: right answers pass (the hints' code included), common mistakes get a hint."""

import re
from pathlib import Path

import numpy as np
import pytest

from lstm_helpers import numerals as nm
from lstm_helpers.exercises import Feedback, nb07

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "07_seq2seq_attention.ipynb"


def _independent_attention():
    q, keys = nb07.QUERY, nb07.KEYS
    scores = [sum(a * b for a, b in zip(q, k)) for k in keys]
    e = [np.exp(s) for s in scores]
    w = [v / sum(e) for v in e]
    return w, [sum(w[j] * keys[j][d] for j in range(3)) for d in range(2)]


@pytest.mark.parametrize(
    "check, args",
    [
        (nb07.check_attention_step, (None, None)),
        (nb07.check_extra_parameters, (None, 64, 18)),
        (nb07.check_chinese_numeral, (None,)),
    ],
)
def test_placeholders_say_not_yet_with_a_hint(check, args):
    fb = check(*args)
    assert isinstance(fb, Feedback) and not fb and fb.hint and str(fb).startswith("Not yet")


def test_attention_step():
    w, c = _independent_attention()
    assert nb07.check_attention_step(w, c) and nb07.check_attention_step(np.round(w, 4), np.round(c, 4))
    scores = [2.0, 0.0, 1.0]
    fb = nb07.check_attention_step(scores, c)
    assert not fb and "scores" in fb.message
    fb = nb07.check_attention_step([s / 3 for s in scores], c)
    assert not fb and "exponentiate" in fb.hint
    fb = nb07.check_attention_step(w, np.mean(nb07.KEYS, axis=0))
    assert not fb and "plain mean" in fb.message
    assert not nb07.check_attention_step([1, 2], c) and not nb07.check_attention_step("a", c)
    assert "enc_1" in nb07.attention_problem()


def test_extra_parameters():
    assert nb07.check_extra_parameters(64 * 18, 64, 18) and nb07.check_extra_parameters(1152.0, 64, 18)
    for wrong, words in [(2 * 64 * 18, "whole output layer"), (64 * 18 + 18, "second bias"), (0, "no weights")]:
        fb = nb07.check_extra_parameters(wrong, 64, 18)
        assert not fb and (words in fb.message or words in fb.hint), (wrong, fb)
    assert not nb07.check_extra_parameters(1152.5, 64, 18)


def test_extra_parameters_agree_with_keras():
    from lstm_helpers.config import import_keras

    keras = import_keras()
    H, V = 16, len(nm.CHARS)
    counts = {}
    for attention in (False, True):
        s = keras.Input((None, H))
        enc = keras.Input((None, H))
        out = keras.layers.Concatenate()([s, keras.layers.Attention()([s, enc])]) if attention else s
        counts[attention] = keras.Model([s, enc], keras.layers.Dense(V)(out)).count_params()
    assert nb07.check_extra_parameters(counts[True] - counts[False], H, V)


def test_chinese_numeral():
    assert nb07.check_chinese_numeral(nm.chinese_numeral(nb07.NUMBER))
    assert nb07.check_chinese_numeral(" 一亿零二十万零三 ")
    fb = nb07.check_chinese_numeral("一亿二十万三")
    assert not fb and "零" in fb.hint
    assert not nb07.check_chinese_numeral("一亿二千万三") and not nb07.check_chinese_numeral(100200003)


def _hint_code(markdown: str) -> list[str]:
    return re.findall(r"`(ex\d_[^`]+)`", markdown)


def test_every_hints_code_in_the_notebook_gives_an_answer_its_check_accepts():
    import json

    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    hints = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown" and "Hint 3" in "".join(c["source"])]
    assert len(hints) == 3
    namespace = {"np": np, "nm": nm, "nb07": nb07, "H": 64, "V_OUT": len(nm.CHARS)}
    namespace["query"], namespace["keys"] = np.array(nb07.QUERY), np.array(nb07.KEYS)
    for markdown in hints:
        code = _hint_code(markdown.split("Hint 3", 1)[1])
        assert code, markdown
        for line in code:
            exec(line, namespace)
    assert nb07.check_attention_step(namespace["ex1_weights"], namespace["ex1_context"])
    assert nb07.check_extra_parameters(namespace["ex2_extra"], 64, len(nm.CHARS))
    assert nb07.check_chinese_numeral(namespace["ex3_numeral"])
