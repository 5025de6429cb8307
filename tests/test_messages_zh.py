"""The Chinese edition's feedback: with LSTM_LANGUAGE=zh every check of every notebook, on its placeholder, on
wrong answers and on the right one, prints Chinese (正确： / 还不对： / 提示：, the staged hints 提示 k/3（思路）：),
never an English sentence; the claims' lines are Chinese too; English stays what it was (the other tests).

A structural test reads the checks' source: every sentence handed to a verdict sits in ``_t(en, zh)`` (or is
a staged ``(en, zh)`` pair, or ``code(...)``), so a new English-only message fails here before a learner sees it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from lstm_helpers import claims as C
from lstm_helpers import exercises, language
from lstm_helpers import forecasting as fc
from lstm_helpers.data import load_sp500
from lstm_helpers.exercises import Feedback, nb01, nb02, nb03, nb04, nb05, nb06, nb07
from lstm_helpers.printing import LINE_WIDTH, columns, wrap
from lstm_helpers.stats import Interval

MODULES = (nb01, nb02, nb03, nb04, nb05, nb06, nb07)
EXERCISES_DIR = Path(exercises.__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE_TYPE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # Chinese characters or full-width marks
# An English sentence: three plain words in a row, or one of the small words no Chinese sentence holds.
ENGLISH = re.compile(r"\b[a-z]{3,}(?: [a-z]{2,}){2,}\b|\b(?:the|is|are|not|of|and|with|your|from|yet)\b")


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv(language.ENV, "zh")
    monkeypatch.setattr(exercises, "_ATTEMPTS", {})


@pytest.fixture
def en(monkeypatch):
    monkeypatch.setenv(language.ENV, "en")
    monkeypatch.setattr(exercises, "_ATTEMPTS", {})


def _english_in(text: str) -> list[str]:
    return [m.group(0) for m in ENGLISH.finditer(text)]


# ----------------------------------------------------------------------------- every check, every kind of answer


def _raises(*args):
    raise IndexError("oops")


def _returns_none(*args):
    return None


def _nb03_cases():
    gates = nb03.GATE_GRAD_NAMES

    def slip_fn(k):
        return lambda dh, dc, cache: tuple(nb03._gate_gradient_slips(dh, dc, cache)[k][0][n] for n in gates)

    def cifg_slip(k):
        return lambda dh, dc, cache: nb03._cifg_slips(dh, dc, cache)[k][0]

    def gru_slip(k):
        return lambda *args: nb03._gru_variants(*args)[k][0]

    def right_gates(dh, dc, cache):
        g = nb03.gate_gradients(dh, dc, cache)
        return tuple(g[n] for n in gates)

    def dwh_right(dh, cache):
        return nb03.lstm_step_backward(dh, np.zeros_like(dh), cache)[4]

    def dwh_block(k):  # one gate's block of dWh off
        def fn(dh, cache):
            out = dwh_right(dh, cache).copy()
            H = out.shape[0]
            out[:, k * H : (k + 1) * H] += 1.0
            return out

        return fn

    common = [(None,), (42,), (_raises,), (_returns_none,)]
    return {
        nb03.check_gate_gradients: common
        + [(lambda *a: (1, 2),), (lambda dh, dc, c: tuple(np.zeros((1, 1)) for _ in gates),)]
        + [(slip_fn(k),) for k in range(4)]
        + [
            (lambda dh, dc, c: (dh, *right_gates(dh, dc, c)[1:]),),
            (lambda dh, dc, c: (*right_gates(dh, dc, c)[:4], dh),),
        ]
        + [(right_gates,)],
        nb03.check_cifg_da: common
        + [(lambda *a: np.zeros((2, 2, 2)),), (lambda *a: np.zeros((3, 5)),)]
        + [(cifg_slip(k),) for k in range(5)]
        + [(lambda dh, dc, c: nb03.cifg_da(dh, dc, c) + 1.0,), (nb03.cifg_da,)],
        nb03.check_step_dWh: common
        + [(lambda dh, c: np.float64(1.0),), (lambda dh, c: dwh_right(dh, c).T,)]
        + [(lambda dh, c: np.zeros((c[0].shape[1], dwh_right(dh, c).shape[1])),), (lambda dh, c: np.zeros((7, 7)),)]
        + [(dwh_block(3),), (dwh_block(0),), (lambda dh, c: dwh_right(dh, c) + 1.0,), (dwh_right,)],
        nb03.check_carried_share: common
        + [(lambda f: np.ones(2),), (lambda f: np.cumprod(f[::-1])[::-1],), (lambda f: np.cumprod(f),)]
        + [(lambda f: np.zeros(len(f)),), (lambda f: np.append(np.zeros(len(f) - 1), 1.0),)]
        + [(nb03.carried_share_reference,)],
        nb03.check_half_reach: common
        + [
            (lambda s: "x",),
            (lambda s: nb03.half_reach_reference(s) + 1,),
            (lambda s: nb03.half_reach_reference(s) - 1,),
        ]
        + [(lambda s: 0,), (lambda s: 99,), (nb03.half_reach_reference,)],
        nb03.check_gru_step: common
        + [(lambda *a: np.zeros((1, 1)),)]
        + [(gru_slip(k),) for k in range(4)]
        + [(lambda *a: nb03.gru_step_forward(*a) + 1.0,), (nb03.gru_step_forward,)],
    }


def _nb05_cases():
    sp = load_sp500()
    close = sp["Close"].to_numpy()
    r = fc.log_returns(close)
    train_end, val_end = fc.chronological_split(len(close))
    right = (np.nanmean(r[:train_end]), np.nanstd(r[:train_end]))
    w = nb05.weekly_closes(sp["Close"]).to_numpy()
    _, w_val_end = fc.chronological_split(len(w))
    weeks = np.arange(w_val_end, len(w))
    weekly = fc.rmse(w[weeks], w[weeks - 1])
    _, d_val_end = fc.chronological_split(len(close))
    days = np.arange(d_val_end, len(close))
    X, Y, dv, _, _ = nb05._volume_reference()
    raw = X.copy()
    raw[:, :, 1] = nb05._windows_of(dv, X)
    full = X.copy()
    full[:, :, 1] = nb05._windows_of((dv - np.nanmean(dv)) / np.nanstd(dv), X)
    off0, off1 = X.copy(), X.copy()
    off0[:, :, 0] += 1
    off1[:, :, 1] += 1
    return {
        nb05.check_lag_peak: [(None,), ("x",), (-2,), (1,), (0,), (7,), (2,)],
        nb05.check_train_scaler: [(None, None), ("a", 1.0), (np.nanmean(r), np.nanstd(r))]
        + [(np.nanmean(r[:val_end]), np.nanstd(r[:val_end])), (np.mean(close[:train_end]), np.std(close[:train_end]))]
        + [(right[0], 1.0), (1.0, right[1]), (1.0, 1.0), right],
        nb05.check_weekly_persistence_rmse: [(None,), ("x",), (fc.rmse(close[days], close[days - 1]),)]
        + [(fc.rmse(w[1:], w[:-1]),), (weekly**2,), (1.0,), (weekly,)],
        nb05.check_volume_windows: [(None, None), (X[:, :5], Y), (X, Y[:5]), (off0, Y), (raw, Y), (full, Y), (off1, Y)]
        + [(X, Y + 1), (X, Y)],
    }


def _cases():
    """Every check of every notebook with answers that reach its branches: the placeholder, wrong ones, the right one."""
    x_rows = np.random.default_rng(0).random((5, 28, 28)).astype("float32")
    step_acc = np.linspace(0.1, 0.99, 28)
    cm = np.array([[96, 0, 4], [2, 7, 1], [1, 0, 49]])
    cm_most = np.array([[80, 10, 10], [2, 7, 1], [1, 0, 49]])  # 0 has most errors, 1 the largest share
    c, h = nb02._one_unit_answer()
    f10 = 0.5 ** (1 / 10)
    P = np.array([0.5, 0.3, 0.2])
    grad = nb02.bias_gradient_closed_form(2.0, 2.0)
    f2 = 1 / (1 + np.exp(-2.0))
    c_star = 0.5 * np.tanh(2.0) / (1 - f2)
    rate = nb01.gradient_decay_curve(1.25, 0.75)["decay_rate"]
    curve_h = nb01.gradient_decay_curve(1.25, 0.75)["h"]
    weights = np.exp(np.array(nb07.KEYS) @ np.array(nb07.QUERY))
    weights /= weights.sum()
    cases = {
        nb01.check_steps_to_vanish: [(None,), ("66",), (65.55,), (65,), (-3,), (10,), (70,), (66,)],
        nb01.check_decay_rate: [
            (None, 0.8),
            ("shrinks", 0.8),
            ("vanishes", None),
            ("vanishes", "x"),
            ("vanishes", 1.25),
        ]
        + [("vanishes", 1.25 * float(np.mean(1 - curve_h**2))), ("vanishes", 1.25 * nb01.rms_slope(curve_h))]
        + [("vanishes", 0.9), ("explodes", rate), ("vanishes", rate)],
        nb01.check_steps_until_below_one: [(None,), ("x",), (1,), (0.5,), (2,), (9,), (nb01.steps_until_below_one(),)],
        nb01.check_half_memory_mse: [(None,), ("x",), (1 / 6,), (1 / 4,), (-1.0,), (0.5,), (0.0834,), (1 / 12,)],
        nb02.check_one_unit_step: [(None, None), ("x", 1.0)]
        + [(1 / (1 + np.exp(-2.2)) * 2.0 + 0.5 / (1 + np.exp(-1.0)), h), (c + 0.01, h), (c, np.tanh(c)), (c, h)],
        nb02.check_forget_bias: [(None,), ("x",), (f10,), (1.0,), (6.0,), (np.log(f10 / (1 - f10)),)],
        nb02.check_param_count: [(None,), (180.5,), (160,), (45,), (4 * 8 * 8 + 20,), (1,), (180,)],
        nb02.check_bias_gradient: [(None,), ("x",), (nb02.bias_gradient_closed_form(2.0, 1.0),), (grad * (1 - f2),)]
        + [(0.5 * f2 * c_star,), (1.0,), (grad,)],
        nb04.check_columns: [(None, x_rows), (x_rows[:2], x_rows), (x_rows, x_rows), (x_rows[:, ::-1, :], x_rows)]
        + [
            (x_rows.transpose(0, 2, 1)[:, ::-1, :], x_rows),
            (x_rows[::-1], x_rows),
            (x_rows.transpose(0, 2, 1), x_rows),
        ],
        nb04.check_lstm_param_count: [(None,), ("x",), (4 * (28 * 128 + 128 * 128 + 128),)]
        + [(28 * 128 + 128 * 128 + 128 + 1290,), (4 * (28 * 128 + 128 * 128) + 1280,), (4 * (28 * 128 + 128) + 1290,)]
        + [(2 * nb04.lstm_classifier_params(28, 128, 10),), (1,), (nb04.lstm_classifier_params(28, 128, 10),)],
        nb04.check_rows_needed: [(None, step_acc), ("x", step_acc), (5, step_acc * 0.5), (24, step_acc)]
        + [(40, step_acc), (3, step_acc), (27, step_acc), (25, step_acc)],
        nb04.check_hardest_digit: [
            (None, cm),
            (9, cm),
            (0, cm_most),
            (2, np.array([[96, 0, 4], [0, 7, 3], [0, 0, 50]])),
        ]
        + [(2, cm), (1, cm)],
        nb06.check_perplexity: [(None, 2.1), ("x", 2.1), (np.exp(2.1), 2.1), (2.1 * np.log(2), 2.1), (2.1, 2.1)]
        + [(0.5, 2.1), (3.0, 2.1), (2.0**2.1, 2.1)],
        nb06.check_temperature: [(None, P, 0.5), (object(), P, 0.5), ([1.0], P, 0.5), (P**2, P, 0.5), (P / 0.5, P, 0.5)]
        + [(P**0.5 / (P**0.5).sum(), P, 0.5), ([0.2, 0.2, 0.2], P, 0.5), ([0.4, 0.3, 0.3], P, 0.5)]
        + [([0.6, 0.2, 0.2], P, 2.0), ([0.6, 0.3, 0.1], P, 0.5), (P**2 / (P**2).sum(), P, 0.5)],
        nb06.check_window_count: [(None, 1000, 100), (9.5, 1000, 100), (10, 1000, 100), (900, 1000, 100)]
        + [(3, 1000, 100), (9, 1000, 100)],
        nb06.check_T_effect: [(None,), ("e",), ("a",), ("c",), ("d",), ("b",)],
        nb07.check_attention_step: [
            (None, None),
            ("a", "b"),
            ([1, 2], [1, 2]),
            (np.array(nb07.KEYS) @ nb07.QUERY, [0, 0]),
        ]
        + [(np.array([2.0, 0.0, 1.0]) / 3.0, [0, 0]), ([0.5, 0.6, 0.1], [0, 0]), ([0.1, 0.8, 0.1], [0, 0])]
        + [([0.3, 0.3, 0.4], [0, 0]), (weights, np.mean(nb07.KEYS, axis=0)), (weights, [9, 9])]
        + [(weights, weights @ np.array(nb07.KEYS))],
        nb07.check_additive_parameters: [(None, 8, 5), ("x", 8, 5), (80, 8, 5), (85, 8, 5), (45, 8, 5), (0, 8, 5)]
        + [(7, 8, 5), (40, 8, 5)],
        nb07.check_chinese_numeral: [(None,), (3,), ("一亿二十万三",), ("abc",), ("一亿零二十万零四",)]
        + [("一亿零二十万零三零",), ("一亿零二十万零三",)],
    }
    return {**cases, **_nb03_cases(), **_nb05_cases()}


def _all_checks():
    return {f for m in MODULES for name, f in vars(m).items() if name.startswith("check_") and callable(f)}


def test_the_walk_covers_every_check_of_every_notebook():
    assert set(_cases()) == _all_checks()


def _zh_walk():
    for check, answers in _cases().items():
        for args in answers:
            yield check, args


def test_every_check_speaks_chinese_on_every_kind_of_answer(zh):
    seen = {"ok": 0, "not yet": 0, "placeholder": 0, "staged": 0}
    for check, args in _zh_walk():
        fb = check(*args)
        assert isinstance(fb, Feedback) and fb.lang == "zh", check.__name__
        text = str(fb)
        where = f"{check.__name__}{tuple(type(a).__name__ for a in args)}:\n{text}"
        assert CJK.search(fb.message) or not re.search(r"\b[a-z]{3,}\b", fb.message), where  # or a formula only
        assert text.startswith("正确：" if fb else "还不对："), where
        assert "Correct" not in text and "Not yet" not in text and "Hint" not in text, where
        english = _english_in(text)
        assert not english, f"English in {where}\n{english}"
        if fb.hint:
            assert CHINESE_TYPE.search(fb.hint) and "\n提示：" in text, where
        if fb.stage:
            assert re.match(r"提示 \d/\d（(思路|公式|代码)）：", fb.stage), where
        assert all(columns(line) <= LINE_WIDTH for line in text.splitlines()), where
        seen["ok" if fb else "placeholder" if fb.unanswered else "not yet"] += 1
        seen["staged"] += bool(fb.stage)
    assert all(n > 10 for n in seen.values()), seen


def test_every_check_still_speaks_english_in_english(en):
    for check, args in _zh_walk():
        fb = check(*args)
        text = str(fb)
        assert fb.lang == "en" and text.startswith("Correct: " if fb else "Not yet: "), text
        assert not CJK.search(text.replace(str(nb07.NUMBER), "")) or check in (nb07.check_chinese_numeral,), text


def test_the_staged_hints_and_their_labels_in_chinese(zh):
    staged = [f for f in _all_checks() if hasattr(f, "hints")]
    assert len(staged) >= 25
    for check in staged:
        assert len(check.hints_zh) == len(check.hints) == 3, check.__name__
        for en_hint, zh_hint in zip(check.hints, check.hints_zh):
            assert CHINESE_TYPE.search(zh_hint) or zh_hint == en_hint, (check.__name__, zh_hint)
        assert CJK.search(check.hints_zh[0]) and CHINESE_TYPE.search(check.hints_zh[1]), check.__name__
        assert not _english_in(check.hints_zh[0] + check.hints_zh[1]), check.__name__
    exercises._ATTEMPTS.clear()
    stages = [nb02.check_forget_bias(x).stage for x in (1.0, 1.5, 2.0, 3.0)]
    assert [s.split("：")[0] for s in stages] == [
        "提示 1/3（思路）",
        "提示 2/3（公式）",
        "提示 3/3（代码）",
        "提示 3/3（代码）",
    ]
    assert stages[0].endswith(nb02.check_forget_bias.hints_zh[0])
    assert "half_life_formula(ex2_b_f)" in stages[2]  # the code is the English hint's code


def test_the_code_of_a_hint_is_the_same_in_both_languages():
    code_span = re.compile(r"[A-Za-z_][\w.]*\([^()]*\)|\w+ = [^，；。]+")
    for check in (f for f in _all_checks() if hasattr(f, "hints")):
        en_code, zh_code = check.hints[2], check.hints_zh[2]
        for span in code_span.findall(en_code):
            if "then" not in span and "check it" not in span and "#" not in span:
                assert span.strip(" .;") in zh_code, (check.__name__, span)


def test_the_choices_a_learner_reads_are_chinese(zh):
    assert list(nb06.T_CHOICES) == ["a", "b", "c", "d"]
    for key, statement in nb06.T_CHOICES.items():
        assert CJK.search(statement) and not _english_in(statement), (key, statement)
    assert "本的" not in nb02.one_unit_problem() and "列依次为" in nb02.one_unit_problem()
    assert "编码器状态" in nb07.attention_problem() and "查询" in nb07.attention_problem()


def test_the_choices_stay_english_in_english(en):
    assert nb06.T_CHOICES["a"] == "Halving T halves the number of windows per epoch, so training gets twice as slow."
    assert "columns [i, f, g, o]" in nb02.one_unit_problem()
    assert nb07.attention_problem().startswith("query s_t = [1.0, 0.0]")


def test_a_verdict_keeps_the_language_it_was_made_in(monkeypatch):
    """The language is decided when the check runs: a verdict printed later never mixes the two."""
    monkeypatch.setenv(language.ENV, "zh")
    fb = nb02.check_param_count(None)
    monkeypatch.setenv(language.ENV, "en")
    assert str(fb).startswith("还不对：尚未作答，请把 None 换成 n_params 的整数值。")
    assert str(exercises.correct("42")) == "Correct: 42"


# ----------------------------------------------------------------------------- the source: no English-only sentence

VERDICTS = {"not_yet", "correct", "no_answer", "Feedback", "_returns_none", "_no_number"}
#: Constants that hold the English beside their Chinese twin (``STAGES`` / ``STAGES_ZH``, ``PREFIXES["en"]``).
PAIRED = {"STAGES", "PREFIXES"}


def _literal_text(node) -> str:
    """The literal words of a string expression (its f-string parts, concatenations), the fields left out."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_literal_text(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + " " + _literal_text(node.right)
    return ""


def _name(func) -> str:
    return getattr(func, "id", getattr(func, "attr", ""))


def _problems(path: Path, function: str | None = None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if function is not None:
        tree = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    problems = []

    def inside(node, names) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.Call) and _name(node.func) in names:
                return True
            if isinstance(node, ast.Raise):  # a programmer's error, not a learner's message
                return "raise"
        return False

    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and _name(node.func) in ("_t", "text"):
            literal = len(node.args) == 2 and isinstance(node.args[1], (ast.Constant, ast.JoinedStr, ast.BinOp))
            if literal and not CHINESE_TYPE.search(_literal_text(node.args[1])):
                problems.append(f"{where}: _t(en, zh) needs a Chinese second sentence")
        if isinstance(node, ast.Call) and _name(node.func) == "staged":
            for arg in node.args:
                pair = isinstance(arg, ast.Tuple) and len(arg.elts) == 2
                if not (pair and CHINESE_TYPE.search(_literal_text(arg.elts[1]))) and not (
                    isinstance(arg, ast.Call) and _name(arg.func) == "code"
                ):
                    problems.append(f"{where}: a staged hint must be an (en, zh) pair or code(...)")
        if isinstance(node, ast.Call) and _name(node.func) == "code":
            snippet = _literal_text(node.args[0])
            try:  # code only: it compiles as the body of a function (a hint may `return`)
                compile("def _():\n    " + snippet, "<hint>", "exec")
            except SyntaxError:
                problems.append(f"{where}: code(...) holds words, not code: {snippet!r}")
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and not isinstance(parents.get(node), ast.JoinedStr):
            if isinstance(parents.get(node), ast.Expr):  # a docstring
                continue
            words = _literal_text(node)
            if not re.search(r"\b[a-z]{3,} [a-z]{2,}\b", words) and not (
                parents.get(node) is not None
                and isinstance(parents[node], ast.Call)
                and _name(parents[node].func) in VERDICTS
                and re.search(r"\b[a-z]{3,}\b", words)
            ):
                continue
            if inside(node, {"_t", "text", "staged", "code", "Texts"}):
                continue
            target = parents.get(node)
            while target is not None and not isinstance(target, ast.Assign):
                target = parents.get(target)
            if target is not None and any(getattr(t, "id", "") in PAIRED for t in target.targets):
                continue
            problems.append(f"{where}: an English sentence outside _t(en, zh): {words[:70]!r}")
    return problems


@pytest.mark.parametrize("name", ["__init__.py"] + [f"{m.__name__.rsplit('.', 1)[1]}.py" for m in MODULES])
def test_every_sentence_in_the_checks_source_has_its_chinese_next_to_it(name):
    assert _problems(EXERCISES_DIR / name) == []


@pytest.mark.parametrize(
    "function", ["claims", "below", "above", "contains", "between", "rounds_to", "equals", "holds", "all_of"]
)
def test_claims_source_writes_its_printed_lines_in_both_languages(function):
    """What claims() prints, and the evidence of every check, goes through _t; the rest of the module speaks to
    authors (raised errors, the notebooks' marker problems for the series' tests), not to learners."""
    assert _problems(Path(C.__file__), function) == []


def test_the_structural_check_catches_an_english_only_message(tmp_path):
    bad = tmp_path / "nb99.py"
    bad.write_text(
        "from . import _t, code, not_yet, staged\n"
        '@staged(("idea", "思路"), ("the formula", "公式"), code("x = 1"))\n'
        "def check_x(a):\n"
        '    if a:\n        return not_yet(_t("fine here", "这里没问题"))\n'
        '    return not_yet(f"{a} is not right")\n'
        "def check_y(a):\n"
        '    return not_yet("nope", hint=_t("one more", "one more"))\n'
        '@staged("an idea", ("f", "公式"), code("then do it"))\n'
        "def check_z(a):\n"
        "    pass\n",
        encoding="utf-8",
    )
    problems = _problems(bad)
    assert any(":6:" in p and "is not right" in p for p in problems), problems
    assert any(":8:" in p and "'nope'" in p for p in problems), problems
    assert any(":8:" in p and "Chinese second sentence" in p for p in problems), problems
    assert any(":9:" in p and "staged hint" in p for p in problems), problems
    assert any(":9:" in p and "holds words" in p for p in problems), problems


# ----------------------------------------------------------------------------- claims


@pytest.fixture
def full_mode(monkeypatch):
    monkeypatch.setenv("LSTM_FAST", "0")
    monkeypatch.setattr(C, "_trained_here", lambda: False)


def test_claims_lines_in_chinese(full_mode, monkeypatch, capsys):
    monkeypatch.setenv(language.ENV, "zh")
    C.claims(a=C.below(0.2, 1, "ratio"), b=C.above(3, 1, "speed-up"))
    assert capsys.readouterr().out == "\u2713 上面的 2 条陈述在这次运行中全部成立。\n"
    C.claims(a=C.below(0.2, 1, "ratio"))
    assert capsys.readouterr().out == "\u2713 上面的陈述在这次运行中成立。\n"
    with pytest.raises(C.ClaimError) as err:
        C.claims(a=C.below(0.2, 0.1, "ratio"), b=C.above(3, 1, "speed-up"))
    assert str(err.value).startswith(
        "上面的 2 条陈述中有 1 条在这次运行中不成立：\n- a：ratio = 0.2 不低于 0.1（高出 0.1）"
    )
    monkeypatch.setattr(C, "_trained_here", lambda: True)
    C.claims(a=C.below(0.23, 0.1, "ratio"))
    out = capsys.readouterr().out
    assert (
        out.startswith("\u2717 上面的陈述在这次运行中不成立：") and "TRAIN = True" in out and "笔记本会继续运行" in out
    )
    C.claims(a=C.below(2.0, 1.0, "LSTM time / GRU time"), timing=True)
    assert "这些是本机的计时" in capsys.readouterr().out


def test_claims_fast_mode_notice_in_chinese(monkeypatch, capsys):
    monkeypatch.setenv(language.ENV, "zh")
    monkeypatch.setenv("LSTM_FAST", "1")
    C.claims(a=C.below(0.2, 1, "ratio"), b=C.below(0.2, 1, "ratio"))
    out = capsys.readouterr().out
    assert out.startswith("快速模式：") and "上面的 2 条陈述" in out and not _english_in(out)


def test_claims_evidence_words_in_chinese(monkeypatch):
    monkeypatch.setenv(language.ENV, "zh")
    iv = Interval(estimate=0.5, low=0.4, high=0.6)
    evidence = [
        C.below(iv, 0.5, "x").evidence,
        C.above(iv, 0.5, "x").evidence,
        C.contains(iv, 0.9, "x").evidence,
        C.between(2, 0, 1, "x").evidence,
        C.rounds_to(0.734, "0.71", "x").evidence,
        C.equals(3, 4, "x").evidence,
        C.holds(False, "x"),
        C.all_of([C.below(2, 1, "y")], "x").evidence,
    ]
    assert evidence[-1] == "x：1 项中有 1 项不成立：y = 2 不低于 1（高出 1）"
    for e in evidence:
        if isinstance(e, C.Check):
            e = e.evidence
        assert CJK.search(e) and not _english_in(e), e


# ----------------------------------------------------------------------------- wrapping Chinese


def test_chinese_lines_wrap_by_columns_between_characters():
    sentence = "还不对：b_f = 1.0000 给出的半衰期是 2.41 步，不是 10 步：答案应该更大。" * 5
    lines = wrap(sentence).splitlines()
    assert len(lines) > 1 and all(columns(line) <= LINE_WIDTH for line in lines)
    assert all(line.startswith("  ") for line in lines[1:])
    assert "".join(line.strip() for line in lines).replace(" ", "") == sentence.replace(" ", "")
    assert all(line.strip()[0] not in "，。：；）" for line in lines[1:])  # no closing mark starts a line
    assert all(not line.endswith("（") for line in lines)  # no opening mark ends one
    assert "b_f" in " ".join(lines).split() and "1.0000" in " ".join(lines).split()  # Latin words stay whole


def test_a_chinese_line_that_fits_in_columns_is_kept():
    short = "正确：" + "记忆元" * 15  # 96 columns, 48 characters
    assert wrap(short) == short
    long = "正确：" + "记忆元" * 17  # 108 columns
    assert wrap(long) != long and all(columns(line) <= LINE_WIDTH for line in wrap(long).splitlines())


def test_closing_marks_stay_with_what_they_close():
    text = "提示 2/3（公式）：若 b = log2(k)，则 k = 2 ** b：困惑度 = 2 ** (每字符比特数) = exp(以奈特计的损失)。"
    lines = wrap(text).splitlines()
    assert lines == [
        "提示 2/3（公式）：若 b = log2(k)，则 k = 2 ** b：困惑度 = 2 ** (每字符比特数) = exp(以奈特计的损",
        "  失)。",
    ]


# One phrase per idea in what the package says in Chinese: the variant on the left is not used, the right one is.
ONE_PHRASE = {"收到的是": "得到的是"}  # what came, in an error: the exercises' checks and the explorers say the same


@pytest.mark.parametrize("variant, phrase", ONE_PHRASE.items())
def test_the_package_says_what_came_in_one_phrase(variant, phrase):
    package = Path(C.__file__).resolve().parent
    sources = {p: p.read_text(encoding="utf-8") for p in sorted(package.rglob("*.py"))}
    assert [str(p.relative_to(package)) for p, s in sources.items() if variant in s] == []
    assert any(phrase in s for s in sources.values())
