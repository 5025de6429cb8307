"""Notebook 03's exercise checks: right answers pass, wrong ones get a hint, missing ones do not raise.

The right answers come from independent oracles: the gate gradients and dWh
from numerical gradients of the step forward and from lstm_step_backward, the
coupled-gate step's da from numerical gradients of its forward step, the
carried shares and their half reach from plain-Python loops, the GRU step from
keras.layers.GRU itself. And every hint's code, read from the notebook, gets
"Correct" from its check.
"""

import ast
import json
import re
from pathlib import Path

import numpy as np
import pytest

from lstm_helpers import lstm as L
from lstm_helpers.exercises import Feedback, nb03
from lstm_helpers.gradcheck import check_gradients

ALL_CHECKS = [
    nb03.check_gate_gradients,
    nb03.check_cifg_da,
    nb03.check_step_dWh,
    nb03.check_carried_share,
    nb03.check_half_reach,
    nb03.check_gru_step,
]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_placeholder_answers_say_not_yet_without_raising(check):
    fb = check(None)
    assert isinstance(fb, Feedback) and not fb and fb.hint
    assert str(fb).startswith("Not yet")


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_function_answers_that_raise_or_are_not_functions_get_feedback(check):
    def broken(*args):
        raise IndexError("oops")

    fb = check(broken)
    assert not fb and "raised IndexError: oops" in fb.message
    fb = check(42)
    assert not fb and "must be a function" in fb.message
    fb = check(lambda *args: None)
    assert not fb and "returns None" in fb.message and fb.hint


# --- section 2: one step's gate gradients ---


def _gate_grads_by_hand(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    return dnext_h * tanh_c, dc * g, dc * prev_c, dc * i, dc * f


def test_gate_gradients_reference_matches_lstm_step_backward_and_numerics():
    for seed in range(3):
        dnext_h, dnext_c, cache = nb03.gate_gradients_example(seed)
        ref = nb03.gate_gradients(dnext_h, dnext_c, cache)
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        _, _, dprev_c, _, _, _ = L.lstm_step_backward(dnext_h, dnext_c, cache)
        np.testing.assert_allclose(ref["dprev_c"], dprev_c, rtol=1e-12)
        # row by row, db of a one-row batch is that row's da: the gate gradients times the activations' derivatives
        for n in range(len(x)):
            _, _, row_cache = L.lstm_step_forward(
                x[n : n + 1], prev_h[n : n + 1], prev_c[n : n + 1], Wx, Wh, np.zeros(Wx.shape[1]) + _bias(seed)
            )
            db = L.lstm_step_backward(dnext_h[n : n + 1], dnext_c[n : n + 1], row_cache)[5]
            da = np.concatenate(
                [
                    ref["di"][n] * i[n] * (1 - i[n]),
                    ref["df"][n] * f[n] * (1 - f[n]),
                    ref["dg"][n] * (1 - g[n] ** 2),
                    ref["do"][n] * o[n] * (1 - o[n]),
                ]
            )
            np.testing.assert_allclose(da, db, rtol=1e-10, atol=1e-12)
    # and prev_c's gradient from numerical differences (the loss through next_h and next_c)
    p = nb03._problem(nb03.GATE_GRAD_SIZES, 4, 0)
    dnext_h, dnext_c, cache = nb03.gate_gradients_example(0)
    report = check_gradients(
        lambda prev_c: L.lstm_step_forward(p["x"], p["prev_h"], prev_c, p["Wx"], p["Wh"], p["b"])[:2],
        [p["prev_c"]],
        [nb03.gate_gradients(dnext_h, dnext_c, cache)["dprev_c"]],
        df=(dnext_h, dnext_c),
        h=1e-3,
        richardson=True,
    )
    assert report.max_error < 1e-8, str(report)


def _bias(seed):
    return nb03._problem(nb03.GATE_GRAD_SIZES, 4, seed)["b"]


def test_gate_gradients_right_answer_passes():
    assert nb03.check_gate_gradients(_gate_grads_by_hand)
    assert nb03.check_gate_gradients(lambda *a: list(_gate_grads_by_hand(*a)))


def test_gate_gradients_slips_get_specific_feedback():
    def missing_h_path(dnext_h, dnext_c, cache):
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        dc = dnext_c
        return dnext_h * tanh_c, dc * g, dc * prev_c, dc * i, dc * f

    fb = nb03.check_gate_gradients(missing_h_path)
    assert not fb and "through h_t" in fb.message

    def no_f(dnext_h, dnext_c, cache):
        do, di, df, dg, dprev_c = _gate_grads_by_hand(dnext_h, dnext_c, cache)
        return do, di, df, dg, dprev_c / cache[6]

    fb = nb03.check_gate_gradients(no_f)
    assert not fb and "forget gate" in fb.message

    def wrong_do(dnext_h, dnext_c, cache):
        do, di, df, dg, dprev_c = _gate_grads_by_hand(dnext_h, dnext_c, cache)
        return dnext_h * cache[2], di, df, dg, dprev_c

    fb = nb03.check_gate_gradients(wrong_do)
    assert not fb and fb.message.startswith("do not right") and "tanh(c_t)" in fb.hint
    fb = nb03.check_gate_gradients(lambda *a: _gate_grads_by_hand(*a)[:4])
    assert not fb and "five arrays" in fb.message
    fb = nb03.check_gate_gradients(lambda *a: tuple(x[:, :2] for x in _gate_grads_by_hand(*a)))
    assert not fb and "must be (N, H)" in fb.message


# --- exercise 1: the coupled-gate step (i = 1 - f) ---


def _cifg_da_by_hand(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, f, g, o, tanh_c = cache
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    return np.concatenate(
        [dc * (prev_c - g) * f * (1 - f), dc * (1 - f) * (1 - g**2), dnext_h * tanh_c * o * (1 - o)], axis=1
    )


def test_cifg_reference_matches_numerical_gradients_of_its_forward():
    """With N = 1, db is da itself: the reference da against numerical differences of the loss in b."""
    for seed in range(3):
        p = nb03._problem({"N": 1, "D": 2, "H": 4}, 3, seed)
        dnext_h, dnext_c = p["dnext_h"], np.random.default_rng(seed + 5).standard_normal(p["dnext_h"].shape)
        _, _, cache = nb03.cifg_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], p["b"])
        report = check_gradients(
            lambda b, p=p: nb03.cifg_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], b)[:2],
            [p["b"]],
            [nb03.cifg_da(dnext_h, dnext_c, cache)[0]],
            df=(dnext_h, dnext_c),
            step=1e-3,
            richardson=True,
        )
        assert report.max_error < 1e-8, str(report)


def test_cifg_forward_is_an_lstm_step_with_i_tied_to_1_minus_f():
    """The coupled step equals the package's LSTM step when the input gate's pre-activation is -a_f."""
    p = nb03._problem(nb03.CIFG_SIZES, 3, 0)
    H = p["prev_h"].shape[1]
    f_cols = slice(0, H)
    Wx = np.concatenate([-p["Wx"][:, f_cols], p["Wx"]], axis=1)  # [i = -f, f, g, o]
    Wh = np.concatenate([-p["Wh"][:, f_cols], p["Wh"]], axis=1)
    b = np.concatenate([-p["b"][f_cols], p["b"]])
    lstm_h, lstm_c, _ = L.lstm_step_forward(p["x"], p["prev_h"], p["prev_c"], Wx, Wh, b)
    cifg_h, cifg_c, _ = nb03.cifg_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], p["b"])
    np.testing.assert_allclose(cifg_c, lstm_c, rtol=1e-12)  # sigmoid(-a) = 1 - sigmoid(a)
    np.testing.assert_allclose(cifg_h, lstm_h, rtol=1e-12)


def test_cifg_right_answer_passes_and_slips_get_their_hint():
    assert nb03.check_cifg_da(_cifg_da_by_hand)
    assert nb03.check_cifg_da(nb03.cifg_da)
    messages = {
        0: "misses the term (1 - f) * g",
        1: "uses f",
        2: "through h_t",
        3: "derivatives",
        4: "wrong order",
    }
    for k, words in messages.items():

        def slip(*args, k=k):
            return nb03._cifg_slips(*args)[k][0]

        fb = nb03.check_cifg_da(slip)
        assert not fb and words in fb.message and fb.hint, (k, fb)
    fb = nb03.check_cifg_da(lambda *a: _cifg_da_by_hand(*a)[:, :8])
    assert not fb and "must be (N, 3H)" in fb.message

    def wrong_o_only(*a):
        da = _cifg_da_by_hand(*a)
        da[:, 8:] *= 2
        return da

    fb = nb03.check_cifg_da(wrong_o_only)
    assert not fb and "blocks of o" in fb.message and "(f, g right)" in fb.message


# --- the former exercise 1: dWh of one step (still checked: the Chinese edition's copy uses it) ---


def _dWh_by_hand(dnext_h, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    do = dnext_h * tanh_c
    dc = dnext_h * o * (1 - tanh_c**2)
    da = np.concatenate(
        [dc * g * i * (1 - i), dc * prev_c * f * (1 - f), dc * i * (1 - g**2), do * o * (1 - o)], axis=1
    )
    return prev_h.T @ da


def test_dWh_by_hand_matches_numerical_gradients():
    dnext_h, cache = nb03.dwh_example(0)
    p = nb03._problem(nb03.DWH_SIZES, 4, 0)  # the numbers behind dwh_example(0)
    x, prev_h, prev_c, Wx, Wh, b = (p[k] for k in ("x", "prev_h", "prev_c", "Wx", "Wh", "b"))

    def next_h(Wh):
        return L.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)[0]

    report = check_gradients(next_h, [Wh], [_dWh_by_hand(dnext_h, cache)], df=dnext_h, h=1e-6)
    assert report.max_error < 1e-6, str(report)


def test_dWh_right_answer_passes():
    assert nb03.check_step_dWh(_dWh_by_hand)
    assert nb03.check_step_dWh(lambda dh, cache: L.lstm_step_backward(dh, np.zeros_like(dh), cache)[4])


def test_dWh_wrong_answers_get_specific_hints():
    fb = nb03.check_step_dWh(lambda dh, cache: _dWh_by_hand(dh, cache).T)
    assert not fb and "transpose" in fb.message
    fb = nb03.check_step_dWh(lambda dh, cache: cache[0].T @ np.ones((dh.shape[0], 4 * dh.shape[1])))
    assert not fb and "dWx's shape" in fb.message

    def no_derivatives(dh, cache):
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        dc = dh * o * (1 - tanh_c**2)
        return prev_h.T @ np.concatenate([dc * g, dc * prev_c, dc * i, dh * tanh_c], axis=1)

    fb = nb03.check_step_dWh(no_derivatives)
    assert not fb and "derivatives" in fb.message

    def forgot_tanh_prime(dh, cache):  # dc = dh * o: misses tanh'(c), so i, f, g are wrong and o right
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        dc = dh * o
        da = np.concatenate(
            [dc * g * i * (1 - i), dc * prev_c * f * (1 - f), dc * i * (1 - g**2), dh * tanh_c * o * (1 - o)], axis=1
        )
        return prev_h.T @ da

    fb = nb03.check_step_dWh(forgot_tanh_prime)
    assert not fb and "i, f, g" in fb.message and "1 - tanh(c)**2" in fb.hint

    def wrong_o(dh, cache):
        right = _dWh_by_hand(dh, cache)
        H = dh.shape[1]
        right[:, 3 * H :] *= 2
        return right

    fb = nb03.check_step_dWh(wrong_o)
    assert not fb and "output gate" in fb.message


# --- exercise 2: how far back the gradient reaches along the cell ---


def _carried_by_hand(f):
    T = len(f)
    out = []
    for t in range(T):
        share = 1.0
        for k in range(t + 1, T):
            share *= float(f[k])
        out.append(share)
    return np.array(out)


def test_carried_reference_equals_plain_python_products():
    for f in nb03.carried_examples():
        np.testing.assert_allclose(nb03.carried_share_reference(f), _carried_by_hand(f), rtol=1e-12)


def test_carried_right_answers_pass():
    assert nb03.check_carried_share(_carried_by_hand)
    assert nb03.check_carried_share(lambda f: np.append(np.cumprod(f[:0:-1])[::-1], 1.0))


def test_carried_wrong_answers_get_hints():
    fb = nb03.check_carried_share(lambda f: np.cumprod(f[::-1])[::-1])
    assert not fb and "own step" in fb.message
    fb = nb03.check_carried_share(lambda f: np.cumprod(f))
    assert not fb and "forwards" in fb.message
    fb = nb03.check_carried_share(lambda f: np.ones(len(f) + 1))
    assert not fb and "shape (T,)" in fb.message
    fb = nb03.check_carried_share(lambda f: np.sum(f) - np.cumsum(f))
    assert not fb and fb.hint


def _half_reach_by_hand(share):
    """Plain Python: walk back from the last step while the share is at least one half."""
    steps = 0
    for t in range(len(share) - 2, -1, -1):
        if share[t] < 0.5:
            break
        steps += 1
    return steps


def test_half_reach_reference_and_the_issue_example():
    assert nb03.half_reach_reference(nb03.carried_share_reference(np.full(5, 0.5))) == 1  # 1/16 1/8 1/4 1/2 1
    assert nb03.half_reach_reference(np.ones(1)) == 0
    assert nb03.half_reach_reference(nb03.carried_share_reference(np.ones(12))) == 11
    assert nb03.half_reach_reference(nb03.carried_share_reference(np.full(30, 0.9))) == 6  # 0.9^6 = 0.53
    for share in nb03.half_reach_examples():
        assert nb03.half_reach_reference(share) == _half_reach_by_hand(share)


def test_half_reach_right_answers_pass_and_off_by_one_gets_its_hint():
    assert nb03.check_half_reach(_half_reach_by_hand)
    assert nb03.check_half_reach(lambda share: float(_half_reach_by_hand(share)))  # 6.0 is a whole number
    fb = nb03.check_half_reach(lambda share: _half_reach_by_hand(share) + 1)
    assert not fb and "one step too many" in fb.message and "the answer is 1" in fb.hint
    fb = nb03.check_half_reach(lambda share: max(_half_reach_by_hand(share) - 1, 0))
    assert not fb and "one step too few" in fb.message
    fb = nb03.check_half_reach(lambda share: 0.5)
    assert not fb and "whole number" in fb.message


def test_the_old_hint_code_counted_one_step_too_many():
    """The hint before: len(share) - 1 - (last index below one half), which is one more than asked."""
    share = nb03.carried_share_reference(np.full(5, 0.5))
    assert len(share) - 1 - np.flatnonzero(share < 0.5).max() == 2 != nb03.half_reach_reference(share) == 1


# --- exercise 3: a GRU step ---


def test_gru_reference_equals_keras_gru():
    import lstm_helpers

    keras = lstm_helpers.import_keras()
    x, prev_h, Wx, Wh, b = nb03.gru_example(5)
    layer = keras.layers.GRU(prev_h.shape[1], reset_after=False, dtype="float64")
    layer.build((None, 1, x.shape[1]))
    layer.set_weights([Wx, Wh, b])
    keras_h = np.asarray(layer(x[:, None, :], initial_state=[prev_h]))
    np.testing.assert_allclose(nb03.gru_step_forward(x, prev_h, Wx, Wh, b), keras_h, rtol=0, atol=1e-12)


def test_gru_right_answer_passes():
    def gru_step(x, prev_h, Wx, Wh, b):
        H = prev_h.shape[1]
        sig = lambda a: 1 / (1 + np.exp(-a))
        z = sig(x @ Wx[:, :H] + prev_h @ Wh[:, :H] + b[:H])
        r = sig(x @ Wx[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H] + b[H : 2 * H])
        cand = np.tanh(x @ Wx[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :] + b[2 * H :])
        return z * prev_h + (1 - z) * cand

    assert nb03.check_gru_step(gru_step)
    assert nb03.check_gru_step(nb03.gru_step_forward)


@pytest.mark.parametrize(
    "k, word", [(0, "swapped"), (1, "reset_after=True"), (2, "sigmoid"), (3, "blocks are swapped")]
)
def test_gru_common_slips_get_their_hint(k, word):
    def slip(*args):
        return nb03._gru_variants(*args)[k][0]

    fb = nb03.check_gru_step(slip)
    assert not fb and word in fb.message


def test_gru_wrong_shape_and_other_errors():
    fb = nb03.check_gru_step(lambda x, h, Wx, Wh, b: h[:, :2])
    assert not fb and "must be (N, H)" in fb.message
    fb = nb03.check_gru_step(lambda x, h, Wx, Wh, b: h)
    assert not fb and "not right yet" in fb.message


# --- every hint's code, as notebook 03 prints it, gives an answer its check accepts ---

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "03_numpy_lstm_cell.ipynb"
HINT_CODE = re.compile(r"<summary>Hint 3: the code</summary>\s*```python\n(.*?)```", re.S)
CHECK_CALL = re.compile(r"nb03\.(check_\w+)\((\w+)\)")


def _exercises():
    """(function source, check name) of every exercise cell, its body from the Hint 3 above it."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = ["".join(c["source"]) for c in cells]
    found = []
    for i, cell in enumerate(cells):
        call = CHECK_CALL.search(text[i]) if cell["cell_type"] == "code" else None
        if not call:
            continue
        hint = next(HINT_CODE.search(text[j]) for j in range(i - 1, -1, -1) if cells[j]["cell_type"] == "markdown")
        assert hint, f"cell {i}: the markdown above the exercise has no 'Hint 3: the code' block"
        fn = next(n for n in ast.parse(text[i]).body if isinstance(n, ast.FunctionDef) and n.name == call.group(2))
        lines = ast.get_source_segment(text[i], fn).splitlines()
        body = [line for line in lines[1:] if not line.strip().startswith("return None")]
        source = "\n".join([lines[0], *body, *("    " + line for line in hint.group(1).splitlines())])
        found.append((source, call.group(1)))
    return found


def test_the_notebook_has_a_staged_hint_for_every_exercise():
    assert [check for _, check in _exercises()] == [
        "check_gate_gradients",
        "check_cifg_da",
        "check_carried_share",
        "check_half_reach",
        "check_gru_step",
    ]


@pytest.mark.parametrize("source, check", _exercises(), ids=[c for _, c in _exercises()])
def test_every_hints_code_is_accepted_by_its_check(source, check):
    namespace = {"np": np, "L": L}
    exec(source, namespace)  # the placeholder's def line and unpacking, then the hint's code as the body
    name = ast.parse(source).body[0].name
    feedback = getattr(nb03, check)(namespace[name])
    assert feedback, f"{check}: the hint's code gets {feedback}\n{source}"


# --- staged hints: the placeholder gives the idea, wrong answers the idea, the formula, then the code ---

STAGED = [
    nb03.check_gate_gradients,
    nb03.check_cifg_da,
    nb03.check_carried_share,
    nb03.check_half_reach,
    nb03.check_gru_step,
]


@pytest.mark.parametrize("check", STAGED)
def test_the_placeholder_gives_the_idea_never_the_formula(check):
    """What is on the page before the learner has tried anything (None, or a function returning None)."""
    for answer in (None, lambda *args: None):
        fb = check(answer)
        assert fb.unanswered and not fb.stage and fb.hint, fb
        assert "=" not in fb.hint and "**" not in fb.hint and "np." not in fb.hint, fb.hint


def _wrong_answers(check):
    """Three different wrong answers to each exercise."""
    if check is nb03.check_gate_gradients:
        return [lambda *a, k=k: tuple(k * x for x in _gate_grads_by_hand(*a)) for k in (2, 3, 4)]
    if check is nb03.check_cifg_da:
        return [lambda *a, k=k: k * _cifg_da_by_hand(*a) for k in (2, 3, 4)]
    if check is nb03.check_carried_share:
        return [lambda f, k=k: k * _carried_by_hand(f) for k in (2, 3, 4)]
    if check is nb03.check_half_reach:
        return [lambda share, k=k: _half_reach_by_hand(share) + k for k in (2, 3, 4)]
    return [lambda x, h, Wx, Wh, b, k=k: k * nb03.gru_step_forward(x, h, Wx, Wh, b) for k in (2, 3, 4)]


@pytest.mark.parametrize("check", STAGED)
def test_hints_come_in_stages_over_wrong_answers(check, monkeypatch):
    from lstm_helpers import exercises

    monkeypatch.setattr(exercises, "_ATTEMPTS", {})
    assert check(lambda *args: None).unanswered and not check(lambda *args: None).stage  # does not count
    stages = [check(answer).stage for answer in _wrong_answers(check)]
    assert [s.split(":")[0] for s in stages] == [
        "Hint 1 of 3, the idea",
        "Hint 2 of 3, the formula",
        "Hint 3 of 3, the code",
    ]
    assert stages[2].endswith(check.hints[2])
    assert check(_wrong_answers(check)[0]).stage.startswith("Hint 3 of 3")  # the last stage stays


RIGHT = {
    "check_gate_gradients": _gate_grads_by_hand,
    "check_cifg_da": _cifg_da_by_hand,
    "check_carried_share": _carried_by_hand,
    "check_half_reach": _half_reach_by_hand,
    "check_gru_step": nb03.gru_step_forward,
}


@pytest.mark.parametrize("source, check", _exercises(), ids=[c for _, c in _exercises()])
def test_every_checks_code_hint_is_the_notebooks_and_is_accepted(source, check):
    """The check's third stage is the notebook's Hint 3, statement for statement, and its code passes the check."""
    fn = getattr(nb03, check)
    code = fn.hints[2]
    statements = [s.strip() for s in code.split("; ")]
    name = ast.parse(source).body[0]
    notebook_body = [ast.unparse(n) for n in name.body]
    hint_body = [ast.unparse(n) for n in ast.parse("\n".join(statements)).body]
    assert notebook_body[-len(hint_body) :] == hint_body, (notebook_body, hint_body)
    header = source.splitlines()[0]
    unpack = [line for line in source.splitlines()[1:] if "= cache" in line]
    namespace = {"np": np, "L": L}
    exec("\n".join([header, *unpack, *("    " + s for s in statements)]), namespace)
    assert fn(namespace[name.name]), f"{check}: its code hint is not accepted"
    assert fn(RIGHT[check])  # and the independent oracle is
