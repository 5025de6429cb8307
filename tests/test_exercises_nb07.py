"""Notebook 07's exercise checks: right answers pass (the hints' code included), common mistakes say what is
wrong with them, and the hints come in stages over wrong answers, the same as the notebook's."""

import re
from pathlib import Path

import numpy as np
import pytest
from notebook_hints import assert_hints_agree, assert_staged, notebook_exercises

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
        (nb07.check_additive_parameters, (None, 64, 64)),
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
    fb = nb07.check_attention_step([0.5, 0.25, 0.5], c)
    assert not fb and fb.message == "the weights [0.5  0.25 0.5 ] sum to 1.25: weights sum to 1" and not fb.hint
    fb = nb07.check_attention_step([0.2, 0.5, 0.3], c)
    assert not fb and "favour enc_2, not the state most like the query" in fb.message
    fb = nb07.check_attention_step(w, [0.5, 0.5])
    assert not fb and "the weights are right; the context [0.5 0.5] is not yet" in fb.message
    assert "enc_1" in nb07.attention_problem()


def test_additive_parameters():
    assert nb07.check_additive_parameters(2 * 64 * 64 + 64, 64, 64) and nb07.check_additive_parameters(8256.0, 64, 64)
    assert nb07.check_additive_parameters(2 * 8 * 3 + 3, 8, 3)
    for wrong, words in [
        (2 * 64 * 64, "not v"),
        (64 * 64 + 64, "one of the two"),
        (0, "dot score"),
        (1152, "not the count"),
    ]:
        fb = nb07.check_additive_parameters(wrong, 64, 64)
        assert not fb and (words in fb.message or words in fb.hint), (wrong, fb)
    assert not nb07.check_additive_parameters(8256.5, 64, 64)


def test_additive_parameters_agree_with_an_independent_count():
    """The score's weights counted from their shapes in NumPy, as a layer would hold them."""
    H, A = 16, 8
    W1, W2, v = np.zeros((H, A)), np.zeros((H, A)), np.zeros(A)
    assert nb07.check_additive_parameters(W1.size + W2.size + v.size, H, A)


def test_chinese_numeral():
    assert nb07.check_chinese_numeral(nm.chinese_numeral(nb07.NUMBER))
    assert nb07.check_chinese_numeral(" 一亿零二十万零三 ")
    fb = nb07.check_chinese_numeral("一亿二十万三")
    assert not fb and "零" in fb.hint
    assert not nb07.check_chinese_numeral("一亿二千万三") and not nb07.check_chinese_numeral(100200003)
    fb = nb07.check_chinese_numeral("一亿零二万零三")  # a number's numeral, but another number's
    assert not fb and fb.message == "一亿零二万零三 is 100020003, not 100200003" and not fb.hint
    assert nb07.check_chinese_numeral("三三").message == "三三 is not 100200003 yet"
    assert "is not written with the characters" in nb07.check_chinese_numeral("one").message


def _hint_code(markdown: str) -> list[str]:
    return re.findall(r"`(ex\d_[^`]+)`", markdown)


def test_every_hints_code_in_the_notebook_gives_an_answer_its_check_accepts():
    import json

    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    hints = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown" and "Hint 3" in "".join(c["source"])]
    assert len(hints) == 3
    namespace = {"np": np, "nm": nm, "nb07": nb07, "UNITS": 64, "V_OUT": len(nm.CHARS)}
    namespace["query"], namespace["keys"] = np.array(nb07.QUERY), np.array(nb07.KEYS)
    for markdown in hints:
        code = _hint_code(markdown.split("Hint 3", 1)[1])
        assert code, markdown
        for line in code:
            exec(line, namespace)
    assert nb07.check_attention_step(namespace["ex1_weights"], namespace["ex1_context"])
    assert nb07.check_additive_parameters(namespace["ex2_extra"], 64, 64)
    assert nb07.check_chinese_numeral(namespace["ex3_numeral"])


# --- the staged hints: the idea, the formula, the code, one more with each wrong answer ---

W, C = _independent_attention()
STAGED = {  # the check: (three wrong answers, a right one, the placeholder), each a tuple of arguments
    "check_attention_step": ([([2.0, 0.0, 1.0], C), (W, [0.5, 0.5]), ([1, 2], C)], (W, C), (None, None)),
    "check_additive_parameters": ([(0, 64, 64), (8192, 64, 64), (1.5, 64, 64)], (8256, 64, 64), (None, 64, 64)),
    "check_chinese_numeral": ([("一亿二十万三",), ("三",), (3,)], ("一亿零二十万零三",), (None,)),
}


@pytest.mark.parametrize("name", sorted(STAGED))
def test_hints_come_in_stages_over_wrong_answers(name, monkeypatch):
    wrong, right, placeholder = STAGED[name]
    assert_staged(monkeypatch, getattr(nb07, name), wrong, right, placeholder)


def test_the_stages_agree_with_the_notebooks_hints():
    exercises_ = notebook_exercises(NOTEBOOK.name)
    assert [checks for _, checks in exercises_] == [[name] for name in STAGED]
    for hints, (name,) in exercises_:
        assert_hints_agree(getattr(nb07, name), hints)


def test_every_stage_3_hint_gives_an_answer_its_check_accepts():
    """Each check's code hint, run as written with the notebook's names, passes the check."""
    env = {"np": np, "nm": nm, "nb07": nb07, "UNITS": 64, "V_OUT": len(nm.CHARS)}
    for name in STAGED:
        exec(getattr(nb07, name).hints[2], env)
    assert nb07.check_attention_step(env["ex1_weights"], env["ex1_context"])
    assert nb07.check_additive_parameters(env["ex2_extra"], env["UNITS"], env["UNITS"])
    assert nb07.check_chinese_numeral(env["ex3_numeral"])
