"""Checks for notebook 03's exercises (the NumPy LSTM: one step's gate gradients, the backward step of a
coupled-gate cell, how far back the gradient reaches along the cell, a GRU step).

Each check takes the learner's answer (``None``, or a function that still
returns the placeholder ``None``) and returns :func:`correct` or
:func:`not_yet`; none of them raises on a wrong or missing answer, not even
when the learner's function raises. The placeholder gets only the idea; the
message of a wrong answer says what is wrong with it, and the hints come in
stages over successive wrong answers (:func:`staged`): the idea, the formula,
the code, the same three as under the exercise in the notebook (the tests
check that each code hint is accepted by its check).
"""

from __future__ import annotations

import numpy as np

from ..lstm import forget_gate_products, lstm_step_backward, lstm_step_forward, sigmoid
from . import Feedback, _t, as_whole_number, code, correct, no_answer, not_yet, show, staged

GATE_NAMES = ("i", "f", "g", "o")

# Section 2's exercise: do, di, df, dg, dprev_c of one step from dnext_h and dnext_c (before the derivation).
GATE_GRAD_NAMES = ("do", "di", "df", "dg", "dprev_c")
GATE_GRAD_SIZES = {"N": 3, "D": 2, "H": 4}

# Exercise 1: the pre-activation gradients of a coupled-gate step (i = 1 - f), blocks [f, g, o].
CIFG_SIZES = {"N": 3, "D": 2, "H": 4}
CIFG_GATES = ("f", "g", "o")

# The former exercise 1 (one step's dWh with dnext_c = 0): still used by the Chinese edition's copy.
DWH_SIZES = {"N": 3, "D": 2, "H": 4}  # D != H, so dWx and dWh have different shapes

# Exercise 2: the share of dc_{T-1} that reaches c_t along the cell, for one unit's forget gates f (T,),
# and how many steps back at least half of it arrives.
CARRIED_LENGTHS = (1, 2, 7, 30)  # T = 1 and 2 catch off-by-one slips at the ends
HALF = 0.5

# Exercise 3: a GRU step in Keras's layout (reset_after=False), gates [z, r, h~].
GRU_SIZES = {"N": 3, "D": 2, "H": 4}


def _problem(sizes, n_blocks, seed):
    rng = np.random.default_rng(seed)
    N, D, H = sizes["N"], sizes["D"], sizes["H"]
    return {
        "x": rng.standard_normal((N, D)),
        "prev_h": rng.standard_normal((N, H)) * 0.5,
        "prev_c": rng.standard_normal((N, H)),
        "Wx": rng.standard_normal((D, n_blocks * H)) * 0.7,
        "Wh": rng.standard_normal((H, n_blocks * H)) * 0.7,
        "b": rng.standard_normal(n_blocks * H) * 0.3,
        "dnext_h": rng.standard_normal((N, H)),
    }


def _call(fn, *args):
    """``(result, None)`` or ``(None, Feedback)`` when ``fn`` is missing, not callable or raises."""
    if fn is None:
        return None, None
    if not callable(fn):
        return None, not_yet(
            _t(
                f"the answer must be a function, got {type(fn).__name__}",
                f"答案必须是一个函数，得到的是 {type(fn).__name__}",
            )
        )
    try:
        return fn(*args), None
    except Exception as exc:  # the learner's code: report, never raise
        return None, not_yet(
            _t(f"your function raised {type(exc).__name__}: {exc}", f"你的函数抛出了 {type(exc).__name__}：{exc}"),
            hint=_t(
                "run it on the example in the notebook first and look at the shapes",
                "先在笔记本里的例子上运行它，看看各个形状",
            ),
        )


def _returns_none(what: str, idea: str) -> Feedback:
    """The reply to a function that still returns the placeholder ``None``: what to return, and the idea only."""
    return Feedback(
        False, _t(f"your function returns None: {what}", f"你的函数返回的是 None：{what}"), hint=idea, unanswered=True
    )


def _as_array(value):
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


# --- section 2: one step's gate gradients, derived before the derivation is shown ---


def gate_gradients(dnext_h, dnext_c, cache) -> dict:
    """The reference: ``{"do", "di", "df", "dg", "dprev_c"}`` (N, H) each, for one step.

    The same lines as :func:`lstm_step_backward` up to the carousel (the tests
    check them against it and against numerical gradients).
    """
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    do = dnext_h * tanh_c
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    return {"do": do, "di": dc * g, "df": dc * prev_c, "dg": dc * i, "dprev_c": dc * f}


def gate_gradients_example(seed: int = 0):
    """``(dnext_h, dnext_c, cache)`` of one step, from :func:`lstm_step_forward`."""
    p = _problem(GATE_GRAD_SIZES, 4, seed)
    _, _, cache = lstm_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], p["b"])
    dnext_c = np.random.default_rng(seed + 100).standard_normal(p["dnext_h"].shape)
    return p["dnext_h"], dnext_c, cache


def _gate_gradient_slips(dnext_h, dnext_c, cache):
    """Common slips, each as (answer dict, message, hint)."""
    x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
    right = gate_gradients(dnext_h, dnext_c, cache)

    def through(dc, **changed):
        out = {"do": right["do"], "di": dc * g, "df": dc * prev_c, "dg": dc * i, "dprev_c": dc * f}
        out.update(changed)
        return out

    return [
        (
            through(dnext_c),
            _t(
                "di, df, dg and dprev_c miss the gradient that reaches c_t through h_t",
                "di、df、dg 和 dprev_c 漏掉了经过 h_t 到达 c_t 的梯度",
            ),
            _t(
                "c_t feeds h_t = o * tanh(c_t) too: dc = dnext_c + (what h_t sends back to c_t)",
                "c_t 也输入 h_t = o * tanh(c_t)：dc = dnext_c + （h_t 传回 c_t 的梯度）",
            ),
        ),
        (
            through(dnext_h * o * (1 - tanh_c**2)),
            _t(
                "di, df, dg and dprev_c miss dnext_c, the gradient arriving along the cell",
                "di、df、dg 和 dprev_c 漏掉了 dnext_c，即沿记忆元传来的梯度",
            ),
            _t(
                "two paths reach c_t: from c_{t+1} (dnext_c) and through h_t; add them",
                "有两条通路到达 c_t：来自 c_{t+1}（dnext_c），以及经过 h_t；把它们加起来",
            ),
        ),
        (
            through(dnext_c + dnext_h * o),
            _t("the gradient through h_t misses tanh's derivative", "经过 h_t 的梯度漏掉了 tanh 的导数"),
            _t(
                "d tanh(c)/dc = 1 - tanh(c)**2, and tanh(c_t) is in the cache",
                "d tanh(c)/dc = 1 - tanh(c)**2，而 tanh(c_t) 就在 cache 里",
            ),
        ),
        (
            through(dnext_c + dnext_h * o * (1 - tanh_c**2), dprev_c=dnext_c + dnext_h * o * (1 - tanh_c**2)),
            _t("dprev_c is the whole dc: the forget gate's factor is missing", "dprev_c 是整个 dc：缺了遗忘门这个因子"),
            _t(
                "c_t = f * c_{t-1} + ...: one step back along the cell multiplies by f",
                "c_t = f * c_{t-1} + ...：沿记忆元往回一步要乘以 f",
            ),
        ),
    ]


@staged(
    (
        "walk the forward lines that come after the gates backwards: first h_t = o * tanh(c_t), then "
        "c_t = f * c_(t-1) + i * g. Two gradients reach c_t: dnext_c along the cell from step t+1, and one through "
        "h_t. Add them before going further back.",
        "把门之后的前向各行倒着走：先是 h_t = o * tanh(c_t)，然后是 c_t = f * c_(t-1) + i * g。"
        "有两个梯度到达 c_t：一个是从第 t+1 步沿记忆元传来的 dnext_c，另一个经过 h_t。先把它们加起来，再继续往回走。",
    ),
    (
        "do = dnext_h * tanh(c_t); the total at the cell is dc = dnext_c + dnext_h * o * (1 - tanh(c_t)^2); then one "
        "product rule per term of c_t = f * c_(t-1) + i * g: each factor's gradient is dc times the other factor.",
        "do = dnext_h * tanh(c_t)；记忆元处的总梯度是 dc = dnext_c + dnext_h * o * (1 - tanh(c_t)^2)；"
        "然后对 c_t = f * c_(t-1) + i * g 的每一项用一次乘积法则：每个因子的梯度等于 dc 乘以另一个因子。",
    ),
    code(
        "do = dnext_h * tanh_c; dc = dnext_c + dnext_h * o * (1 - tanh_c**2); "
        "return do, dc * g, dc * prev_c, dc * i, dc * f"
    ),
)
def check_gate_gradients(fn) -> Feedback:
    """Section 2: ``fn(dnext_h, dnext_c, cache) -> (do, di, df, dg, dprev_c)``, (N, H) each."""
    if fn is None:
        return no_answer(
            _t(
                "your function step_gate_gradients(dnext_h, dnext_c, cache)",
                "你的函数 step_gate_gradients(dnext_h, dnext_c, cache)",
            ),
            hint=_t(
                "walk the forward lines backwards: the one that makes h first, then the one that makes the cell",
                "把前向的各行倒着走：先是算出 h 的那一行，再是算出记忆元的那一行",
            ),
        )
    for seed in (0, 1, 2):
        dnext_h, dnext_c, cache = gate_gradients_example(seed)
        right = gate_gradients(dnext_h, dnext_c, cache)
        answer, failed = _call(fn, dnext_h.copy(), dnext_c.copy(), tuple(a.copy() for a in cache))
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                _t("return do, di, df, dg, dprev_c", "请返回 do, di, df, dg, dprev_c"),
                _t(
                    "start at the last forward line, the one that makes h from o and tanh(c): what multiplies o there?",
                    "从前向的最后一行开始，即由 o 和 tanh(c) 算出 h 的那一行：在那里与 o 相乘的是什么？",
                ),
            )
        if not isinstance(answer, (tuple, list)) or len(answer) != len(GATE_GRAD_NAMES):
            length = len(answer) if isinstance(answer, (tuple, list)) else None
            return not_yet(
                _t(
                    f"return five arrays, do, di, df, dg, dprev_c, got {type(answer).__name__}"
                    + (f" of length {length}" if length is not None else ""),
                    "请返回五个数组 do, di, df, dg, dprev_c，得到的是"
                    + (f"长度为 {length} 的 " if length is not None else " ")
                    + type(answer).__name__,
                )
            )
        arrays = dict(zip(GATE_GRAD_NAMES, (_as_array(a) for a in answer)))
        shape = dnext_h.shape
        bad_shape = [n for n, a in arrays.items() if a is None or a.shape != shape]
        if bad_shape:
            return not_yet(
                _t(
                    f"{', '.join(bad_shape)} must be (N, H) = {shape} like dnext_h",
                    f"{', '.join(bad_shape)} 必须像 dnext_h 一样是 (N, H) = {shape}",
                ),
                hint=_t(
                    "every one of them is an elementwise product of (N, H) arrays",
                    "它们每一个都是 (N, H) 数组的逐元素乘积",
                ),
            )
        wrong = [n for n in GATE_GRAD_NAMES if not np.allclose(arrays[n], right[n], rtol=1e-6, atol=1e-9)]
        if not wrong:
            continue
        for slip, message, hint in _gate_gradient_slips(dnext_h, dnext_c, cache):
            if all(np.allclose(arrays[n], slip[n], rtol=1e-6, atol=1e-9) for n in GATE_GRAD_NAMES):
                return not_yet(message, hint=hint)
        ok = [n for n in GATE_GRAD_NAMES if n not in wrong]
        if "do" in wrong:
            hint = _t(
                "h = o * tanh(c): the factor next to o is tanh(c_t), which the cache holds",
                "h = o * tanh(c)：与 o 相乘的因子是 tanh(c_t)，cache 里就有",
            )
        else:
            hint = _t(
                "first the total dc reaching c_t, then c = f * prev_c + i * g term by term",
                "先求到达 c_t 的总梯度 dc，再对 c = f * prev_c + i * g 逐项求导",
            )
        return not_yet(
            _t(
                f"{', '.join(wrong)} not right yet" + (f" ({', '.join(ok)} right)" if ok else ""),
                f"{', '.join(wrong)} 还不对" + (f"（{', '.join(ok)} 是对的）" if ok else ""),
            ),
            hint=hint,
        )
    return correct(
        _t(
            "do, di, df, dg and dprev_c are right (3 random steps): the derivation below is yours",
            "do、di、df、dg 和 dprev_c 都对了（3 个随机时间步）：下面的推导你已经自己完成了",
        )
    )


# --- exercise 1: the coupled input and forget gate (i = 1 - f) ---


def cifg_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One step of an LSTM whose input gate is tied to its forget gate, ``i = 1 - f``.

    x (N, D), prev_h, prev_c (N, H), Wx (D, 3H), Wh (H, 3H), b (3H,); column blocks ``[f, g, o]``:
    ``c_t = f * c_{t-1} + (1 - f) * g``, ``h_t = o * tanh(c_t)`` (the "coupled input and forget gate"
    variant, CIFG, of Greff et al., 2017). Returns ``next_h, next_c, cache`` with
    ``cache = (x, prev_h, prev_c, Wx, Wh, f, g, o, tanh_c)``.
    """
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b  # (N, 3H): [f, g, o]
    f, g, o = sigmoid(a[:, :H]), np.tanh(a[:, H : 2 * H]), sigmoid(a[:, 2 * H :])
    next_c = f * prev_c + (1 - f) * g  # (N, H): what the cell forgets, it writes
    tanh_c = np.tanh(next_c)
    return o * tanh_c, next_c, (x, prev_h, prev_c, Wx, Wh, f, g, o, tanh_c)


def cifg_da(dnext_h, dnext_c, cache) -> np.ndarray:
    """The reference: the gradient at the pre-activations ``a`` (N, 3H), blocks ``[f, g, o]``.

    ``f`` appears in both terms of ``c_t = f * c_{t-1} + (1 - f) * g``, so
    ``df = dc * (c_{t-1} - g)``; the tests check this against numerical gradients.
    """
    x, prev_h, prev_c, Wx, Wh, f, g, o, tanh_c = cache
    do = dnext_h * tanh_c
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)  # both paths into c_t, as in the LSTM
    df = dc * (prev_c - g)  # one contribution per term that holds f
    dg = dc * (1 - f)
    return np.concatenate([df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1)


def cifg_example(seed: int = 0):
    """``(dnext_h, dnext_c, cache)`` of one coupled-gate step of exercise 1's size."""
    p = _problem(CIFG_SIZES, 3, seed)
    _, _, cache = cifg_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], p["b"])
    dnext_c = np.random.default_rng(seed + 100).standard_normal(p["dnext_h"].shape)
    return p["dnext_h"], dnext_c, cache


def _cifg_slips(dnext_h, dnext_c, cache):
    """Common slips, each as (da, message, hint)."""
    x, prev_h, prev_c, Wx, Wh, f, g, o, tanh_c = cache
    do = dnext_h * tanh_c
    dc = dnext_c + dnext_h * o * (1 - tanh_c**2)
    da_o = do * o * (1 - o)

    def da(df, dg, da_o=da_o, dc=dc):
        return np.concatenate([df * f * (1 - f), dg * (1 - g**2), da_o], axis=1)

    no_h_path = dnext_c
    return [
        (
            da(dc * prev_c, dc * (1 - f)),
            _t(
                "the f block misses the term (1 - f) * g: f appears in both terms of c_t",
                "f 块漏掉了 (1 - f) * g 这一项：f 出现在 c_t 的两项中",
            ),
            _t(
                "c_t = f * c_{t-1} + (1 - f) * g: the product rule gives df = dc * c_{t-1} from the first term "
                "and dc * (-g) from the second",
                "c_t = f * c_{t-1} + (1 - f) * g：乘积法则从第一项得到 df = dc * c_{t-1}，从第二项得到 dc * (-g)",
            ),
        ),
        (
            da(dc * (prev_c - g), dc * f),
            _t("the g block uses f: here the share written is 1 - f", "g 块用了 f：这里写入的份额是 1 - f"),
            _t(
                "dg = dc * (the factor next to g), and g's factor is (1 - f)",
                "dg = dc * （与 g 相乘的因子），而 g 的因子是 (1 - f)",
            ),
        ),
        (
            da(no_h_path * (prev_c - g), no_h_path * (1 - f)),
            _t(
                "the f and g blocks miss the gradient that reaches c_t through h_t",
                "f 块和 g 块漏掉了经过 h_t 到达 c_t 的梯度",
            ),
            _t(
                "c_t feeds h_t = o * tanh(c_t) too: dc = dnext_c + dnext_h * o * (1 - tanh(c_t)**2)",
                "c_t 也输入 h_t = o * tanh(c_t)：dc = dnext_c + dnext_h * o * (1 - tanh(c_t)**2)",
            ),
        ),
        (
            np.concatenate([dc * (prev_c - g), dc * (1 - f), do], axis=1),
            _t("da misses the activations' derivatives", "da 漏掉了激活函数的导数"),
            _t(
                "da_f = df * f * (1 - f) (sigmoid' = s (1 - s)), da_g = dg * (1 - g**2) (tanh')",
                "da_f = df * f * (1 - f)（sigmoid' = s (1 - s)），da_g = dg * (1 - g**2)（tanh'）",
            ),
        ),
        (
            np.concatenate([da_o, da(dc * (prev_c - g), dc * (1 - f))[:, : 2 * f.shape[1]]], axis=1),
            _t("the blocks are in the wrong order", "各块的顺序不对"),
            _t(
                "the columns are [f, g, o]: the forget gate's H columns first, the output gate's last",
                "各列的顺序是 [f, g, o]：遗忘门的 H 列在最前，输出门的在最后",
            ),
        ),
    ]


@staged(
    (
        "the lines after the gates are the LSTM's with 1 - f in place of i. Two gradients reach c_t, as in "
        "section 2; then f appears in both terms of c_t, so its gradient collects a contribution from each.",
        "门之后的各行与 LSTM 的相同，只是用 1 - f 代替了 i。与第 2 节一样，有两个梯度到达 c_t；"
        "然后 f 出现在 c_t 的两项中，所以它的梯度从每一项各收集一份贡献。",
    ),
    (
        "the total at the cell as in section 2, dc = dnext_c + dnext_h * o * (1 - tanh(c_t)^2); then "
        "df = dc * (c_(t-1) - g), dg = dc * (1 - f), do = dnext_h * tanh(c_t), and "
        "da = [df * f(1-f), dg * (1-g^2), do * o(1-o)].",
        "记忆元处的总梯度与第 2 节相同，dc = dnext_c + dnext_h * o * (1 - tanh(c_t)^2)；然后 "
        "df = dc * (c_(t-1) - g)，dg = dc * (1 - f)，do = dnext_h * tanh(c_t)，以及 "
        "da = [df * f(1-f), dg * (1-g^2), do * o(1-o)]。",
    ),
    code(
        "dc = dnext_c + dnext_h * o * (1 - tanh_c**2); "
        "df, dg, do = dc * (prev_c - g), dc * (1 - f), dnext_h * tanh_c; "
        "return np.concatenate([df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1)"
    ),
)
def check_cifg_da(fn) -> Feedback:
    """Exercise 1: ``fn(dnext_h, dnext_c, cache) -> da (N, 3H)``, blocks ``[f, g, o]``, for a coupled-gate step."""
    if fn is None:
        return no_answer(
            _t("your function cifg_step_da(dnext_h, dnext_c, cache)", "你的函数 cifg_step_da(dnext_h, dnext_c, cache)"),
            hint=_t(
                "walk the forward lines backwards as in section 2; the new cell holds f in both of its terms",
                "像第 2 节那样把前向的各行倒着走；新的记忆元在它的两项中都含有 f",
            ),
        )
    for seed in (0, 1, 2):
        dnext_h, dnext_c, cache = cifg_example(seed)
        right = cifg_da(dnext_h, dnext_c, cache)
        answer, failed = _call(fn, dnext_h.copy(), dnext_c.copy(), tuple(a.copy() for a in cache))
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                _t(
                    "return da (N, 3H), the blocks [f, g, o] side by side", "请返回 da (N, 3H)，即并排的 [f, g, o] 三块"
                ),
                _t(
                    "first the total gradient reaching c_t (both paths, as in section 2)",
                    "先求到达 c_t 的总梯度（两条通路，与第 2 节相同）",
                ),
            )
        answer = _as_array(answer)
        if answer is None or answer.shape != right.shape:
            got = None if answer is None else answer.shape
            hint = (
                _t(
                    "return one array: np.concatenate([da_f, da_g, da_o], axis=1)",
                    "返回一个数组：np.concatenate([da_f, da_g, da_o], axis=1)",
                )
                if isinstance(got, tuple) and len(got) != 2
                else _t(
                    "three (N, H) blocks side by side: np.concatenate([...], axis=1)",
                    "三个并排的 (N, H) 块：np.concatenate([...], axis=1)",
                )
            )
            return not_yet(
                _t(
                    f"da must be (N, 3H) = {right.shape}, got {got}",
                    f"da 必须是 (N, 3H) = {right.shape}，得到的是 {got}",
                ),
                hint=hint,
            )
        if np.allclose(answer, right, rtol=1e-6, atol=1e-9):
            continue
        for slip, message, hint in _cifg_slips(dnext_h, dnext_c, cache):
            if np.allclose(answer, slip, rtol=1e-6, atol=1e-9):
                return not_yet(message, hint=hint)
        H = dnext_h.shape[1]
        wrong = [
            gate
            for k, gate in enumerate(CIFG_GATES)
            if not np.allclose(answer[:, k * H : (k + 1) * H], right[:, k * H : (k + 1) * H], rtol=1e-6, atol=1e-9)
        ]
        ok = [gate for gate in CIFG_GATES if gate not in wrong]
        return not_yet(
            _t(
                f"the blocks of {', '.join(wrong)} are not right yet" + (f" ({', '.join(ok)} right)" if ok else ""),
                f"{', '.join(wrong)} 的块还不对" + (f"（{', '.join(ok)} 是对的）" if ok else ""),
            ),
            hint=_t(
                "do = dnext_h * tanh_c; dc = dnext_c + dnext_h * o * (1 - tanh_c**2); then one product rule "
                "per term of c_t = f * c_{t-1} + (1 - f) * g, and each gate's activation derivative",
                "do = dnext_h * tanh_c; dc = dnext_c + dnext_h * o * (1 - tanh_c**2)；然后对 "
                "c_t = f * c_{t-1} + (1 - f) * g 的每一项用一次乘积法则，再乘以每个门的激活函数导数",
            ),
        )
    return correct(
        _t(
            "da = [dc (c_{t-1} - g) f(1-f), dc (1-f)(1-g^2), dnext_h tanh(c_t) o(1-o)]: the forget gate gets "
            "a gradient from both terms of the cell (checked on 3 random steps)",
            "da = [dc (c_{t-1} - g) f(1-f), dc (1-f)(1-g^2), dnext_h tanh(c_t) o(1-o)]：遗忘门从记忆元的两项"
            "各得到一份梯度（在 3 个随机时间步上检查过）",
        )
    )


# --- the former exercise 1: one step's dWh (kept for the Chinese edition's copy of the notebook) ---


def dwh_example(seed: int = 0):
    """``(dnext_h, cache)`` of one step of exercise 1's size, from :func:`lstm_step_forward`."""
    p = _problem(DWH_SIZES, 4, seed)
    _, _, cache = lstm_step_forward(p["x"], p["prev_h"], p["prev_c"], p["Wx"], p["Wh"], p["b"])
    return p["dnext_h"], cache


def check_step_dWh(fn) -> Feedback:
    """Exercise 1: ``fn(dnext_h, cache) -> dWh (H, 4H)`` for one step, with no gradient arriving at next_c."""
    if fn is None:
        return no_answer(
            _t("your function step_dWh(dnext_h, cache)", "你的函数 step_dWh(dnext_h, cache)"),
            hint=_t(
                "start from the gate gradients of section 2's exercise (here dnext_c = 0), "
                "then go back through the activations to a, then through a = ... + prev_h @ Wh",
                "从第 2 节练习中各门的梯度出发（这里 dnext_c = 0），"
                "然后经过激活函数回到 a，再经过 a = ... + prev_h @ Wh",
            ),
        )
    for seed in (0, 1, 2):
        dnext_h, cache = dwh_example(seed)
        x, prev_h, prev_c, Wx, Wh, i, f, g, o, tanh_c = cache
        N, H = prev_h.shape
        D = x.shape[1]
        dWh = lstm_step_backward(dnext_h, np.zeros_like(dnext_h), cache)[4]
        answer, failed = _call(fn, dnext_h.copy(), tuple(a.copy() for a in cache))
        if failed is not None:
            return failed
        if answer is None:
            return not_yet(
                _t(
                    "your function returns None: put your dWh in its return line",
                    "你的函数返回的是 None：把你的 dWh 写进它的 return 行",
                ),
                hint=_t(
                    "dWh collects, over the batch, what prev_h times the gradient at the "
                    "pre-activations a (N, 4H) gives: find that gradient first",
                    "dWh 在整个批量上累加 prev_h 与激活前的值 a (N, 4H) 处的梯度之积：先求出那个梯度",
                ),
            )
        answer = _as_array(answer)
        if answer is None or answer.shape == ():
            return not_yet(
                _t(
                    "your function must return an array dWh of shape (H, 4H)",
                    "你的函数必须返回一个形状为 (H, 4H) 的数组 dWh",
                )
            )
        if answer.shape == (4 * H, H):
            return not_yet(
                _t(
                    f"dWh has shape {answer.shape}, the transpose of (H, 4H) = {(H, 4 * H)}",
                    f"dWh 的形状是 {answer.shape}，是 (H, 4H) = {(H, 4 * H)} 的转置",
                ),
                hint=_t(
                    "a = prev_h @ Wh + ..., so dWh = prev_h.T @ da", "a = prev_h @ Wh + ...，所以 dWh = prev_h.T @ da"
                ),
            )
        if answer.shape == (D, 4 * H):
            return not_yet(
                _t(
                    f"dWh has shape {answer.shape} = (D, 4H): that is dWx's shape",
                    f"dWh 的形状是 {answer.shape} = (D, 4H)：那是 dWx 的形状",
                ),
                hint=_t(
                    "Wh multiplies prev_h, so dWh = prev_h.T @ da", "与 Wh 相乘的是 prev_h，所以 dWh = prev_h.T @ da"
                ),
            )
        if answer.shape != (H, 4 * H):
            return not_yet(
                _t(
                    f"dWh must be (H, 4H) = {(H, 4 * H)}, got {answer.shape}",
                    f"dWh 必须是 (H, 4H) = {(H, 4 * H)}，得到的是 {answer.shape}",
                )
            )
        if np.allclose(answer, dWh, rtol=1e-6, atol=1e-9):
            continue
        do = dnext_h * tanh_c
        dc = dnext_h * o * (1 - tanh_c**2)
        no_derivatives = prev_h.T @ np.concatenate([dc * g, dc * prev_c, dc * i, do], axis=1)
        if np.allclose(answer, no_derivatives, rtol=1e-6, atol=1e-9):
            return not_yet(
                _t("dWh misses the activations' derivatives", "dWh 漏掉了激活函数的导数"),
                hint=_t(
                    "da_i = di * i * (1 - i) (sigmoid' = s (1 - s)), da_g = dg * (1 - g**2) (tanh')",
                    "da_i = di * i * (1 - i)（sigmoid' = s (1 - s)），da_g = dg * (1 - g**2)（tanh'）",
                ),
            )
        wrong = [
            name
            for k, name in enumerate(GATE_NAMES)
            if not np.allclose(answer[:, k * H : (k + 1) * H], dWh[:, k * H : (k + 1) * H], rtol=1e-6, atol=1e-9)
        ]
        if wrong == ["o"]:
            return not_yet(
                _t(
                    "the i, f and g blocks are right; the output gate's block is not",
                    "i、f 和 g 块是对的；输出门的块不对",
                ),
                hint=_t(
                    "h = o * tanh(c): do = dnext_h * tanh(c), then da_o = do * o * (1 - o)",
                    "h = o * tanh(c)：do = dnext_h * tanh(c)，然后 da_o = do * o * (1 - o)",
                ),
            )
        if "o" not in wrong:
            return not_yet(
                _t(
                    f"the blocks of {', '.join(wrong)} are not right yet (o is)",
                    f"{', '.join(wrong)} 的块还不对（o 的是对的）",
                ),
                hint=_t(
                    "they all go through c: dc = dnext_h * o * (1 - tanh(c)**2); then "
                    "di = dc * g, df = dc * prev_c, dg = dc * i; columns in the order [i, f, g, o]",
                    "它们都经过 c：dc = dnext_h * o * (1 - tanh(c)**2)；然后 "
                    "di = dc * g，df = dc * prev_c，dg = dc * i；各列按 [i, f, g, o] 排列",
                ),
            )
        return not_yet(
            _t(f"the blocks of {', '.join(wrong)} are not right yet", f"{', '.join(wrong)} 的块还不对"),
            hint=_t(
                "compare with lstm_step_backward's derivation above: da (N, 4H) is "
                "[di*i*(1-i), df*f*(1-f), dg*(1-g**2), do*o*(1-o)], and dWh = prev_h.T @ da",
                "与上面 lstm_step_backward 的推导比较：da (N, 4H) 是 "
                "[di*i*(1-i), df*f*(1-f), dg*(1-g**2), do*o*(1-o)]，而 dWh = prev_h.T @ da",
            ),
        )
    return correct(
        _t(
            "dWh = prev_h.T @ da, with da through all four gates (checked on 3 random steps)",
            "dWh = prev_h.T @ da，其中 da 经过了全部四个门（在 3 个随机时间步上检查过）",
        )
    )


# --- exercise 2 ---


def carried_share_reference(f) -> np.ndarray:
    """Exercise 2's answer for one unit: ``prod_{k=t+1}^{T-1} f_k`` for every t, (T,) (1 at the last step)."""
    f = np.asarray(f, dtype=np.float64)
    return forget_gate_products(f[None, :, None])[0, :, 0]


def carried_examples():
    """Forget-gate sequences (T,) the check tries: a constant gate, random gates near 1, a gate that closes."""
    rng = np.random.default_rng(7)
    closes = np.full(12, 0.99)
    closes[5] = 0.05  # one closed gate cuts the carousel
    # the varied sequences first: on them every slip differs from the right answer (at T = 1 several coincide)
    return [rng.uniform(0.8, 1.0, 25), closes] + [np.full(T, 0.9) for T in CARRIED_LENGTHS]


@staged(
    (
        "one step back along the cell multiplies the gradient by one forget gate (the carousel, section 2). "
        "Which gates lie between c_t and c_(T-1)?",
        "沿记忆元往回一步，梯度乘以一个遗忘门（传送带，第 2 节）。哪些门位于 c_t 和 c_(T-1) 之间？",
    ),
    (
        "dc_t = dc_(T-1) * f_(t+1) * ... * f_(T-1): the share is that product, empty (1) at the last step.",
        "dc_t = dc_(T-1) * f_(t+1) * ... * f_(T-1)：份额就是这个乘积，在最后一步是空积（1）。",
    ),
    code("return np.append(np.cumprod(f[:0:-1])[::-1], 1.0)"),
)
def check_carried_share(fn) -> Feedback:
    """Exercise 2: ``fn(f) -> (T,)``, the share of the gradient at ``c_{T-1}`` that reaches ``c_t`` along the cell."""
    if fn is None:
        return no_answer(
            _t("your function carried_share(f)", "你的函数 carried_share(f)"),
            hint=_t(
                "one step back along the cell multiplies the gradient by one forget gate: which one?",
                "沿记忆元往回一步，梯度乘以一个遗忘门：是哪一个？",
            ),
        )
    for f in carried_examples():
        right = carried_share_reference(f)
        answer, failed = _call(fn, f.copy())
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                _t("return an array (T,)", "请返回一个 (T,) 数组"),
                _t(
                    "one step back along the cell multiplies the gradient by one forget gate: which one?",
                    "沿记忆元往回一步，梯度乘以一个遗忘门：是哪一个？",
                ),
            )
        answer = _as_array(answer)
        T = len(f)
        if answer is None or answer.shape != (T,):
            got = None if answer is None else answer.shape
            return not_yet(
                _t(
                    f"return one share per step, shape (T,) = {(T,)}, got {got}",
                    f"请每步返回一个份额，形状 (T,) = {(T,)}，得到的是 {got}",
                )
            )
        if np.allclose(answer, right, rtol=1e-6, atol=1e-12):
            continue
        with_own = np.cumprod(f[::-1])[::-1]  # includes f_t itself
        forwards = np.cumprod(f)
        if np.allclose(answer, with_own, rtol=1e-6, atol=1e-12):
            return not_yet(
                _t("each share includes the forget gate of its own step", "每个份额都包含了它自己那一步的遗忘门"),
                hint=_t(
                    "c_t = f_t * c_{t-1} + ...: f_t acts between c_{t-1} and c_t, so the last step's "
                    "share is 1 and f_t is not in the share of c_t",
                    "c_t = f_t * c_{t-1} + ...：f_t 作用在 c_{t-1} 和 c_t 之间，所以最后一步的份额是 1，"
                    "c_t 的份额中没有 f_t",
                ),
            )
        if np.allclose(answer, forwards, rtol=1e-6, atol=1e-12) or np.allclose(
            answer, np.concatenate([[1.0], np.cumprod(f[1:])]), rtol=1e-6, atol=1e-12
        ):
            return not_yet(
                _t("the products run forwards from the first step", "这些乘积是从第一步往前算的"),
                hint=_t(
                    "the gradient starts at the last step and travels back: multiply from the end",
                    "梯度从最后一步出发往回传：从末尾开始相乘",
                ),
            )
        if not np.isclose(answer[-1], 1.0):
            return not_yet(
                _t(f"the last step's share is {show(answer[-1])}", f"最后一步的份额是 {show(answer[-1])}"),
                hint=_t(
                    "at t = T-1 nothing has been multiplied yet: the share is 1",
                    "在 t = T-1 处还什么都没乘：份额是 1",
                ),
            )
        return not_yet(
            _t("the shares are not right yet", "这些份额还不对"),
            hint=_t(
                "share[t] = f[t+1] * f[t+2] * ... * f[T-1]; np.cumprod over f reversed does all of them",
                "share[t] = f[t+1] * f[t+2] * ... * f[T-1]；对反转后的 f 用 np.cumprod 就能一次算出全部",
            ),
        )
    return correct(
        _t(
            "share[t] = f_{t+1} ... f_{T-1}, the carousel's gain from c_t to the last step "
            f"(checked on {len(carried_examples())} gate sequences, including T = 1 and a gate that closes)",
            "share[t] = f_{t+1} ... f_{T-1}，即传送带从 c_t 到最后一步的增益"
            f"（在 {len(carried_examples())} 条门序列上检查过，包括 T = 1 和一个关闭的门）",
        )
    )


def half_reach_reference(share) -> int:
    """How many steps back at least half of the gradient arrives: the largest k with
    ``share[T-1-j] >= 0.5`` for every j up to k (0 when even one step back gets less than half)."""
    share = np.asarray(share, dtype=np.float64)
    k = 0
    while k + 1 < len(share) and share[len(share) - 2 - k] >= HALF:
        k += 1
    return k


def half_reach_examples():
    """Share sequences (T,) the check tries, each from forget gates: the carried shares of
    :func:`carried_examples`, gates of 0.5 (the reach is 1), gates of 1 (the whole sequence) and T = 1."""
    gates = [*carried_examples(), np.full(5, 0.5), np.ones(12), np.full(1, 0.7)]
    return [carried_share_reference(f) for f in gates]


@staged(
    (
        "start at the last step (share 1, zero steps back) and walk back while the share is at least one half.",
        "从最后一步开始（份额为 1，往回零步），只要份额至少为一半，就继续往回走。",
    ),
    (
        "the reach is the largest k with share[T-1-j] >= 1/2 for every j <= k. With gates of 0.5 and T = 5 the "
        "shares are 1/16, 1/8, 1/4, 1/2, 1: the reach is 1.",
        "回溯距离是满足以下条件的最大 k：对每个 j <= k 都有 share[T-1-j] >= 1/2。若各门都是 0.5 且 T = 5，"
        "则份额为 1/16、1/8、1/4、1/2、1：回溯距离是 1。",
    ),
    code(
        "below = np.flatnonzero(share < 0.5); return len(share) - 1 if len(below) == 0 else len(share) - 2 - below.max()"
    ),
)
def check_half_reach(fn) -> Feedback:
    """Exercise 2b: ``fn(share) -> int``, how many steps back at least half of the gradient arrives."""
    if fn is None:
        return no_answer(
            _t("your function half_reach(share)", "你的函数 half_reach(share)"),
            hint=_t(
                "walk back from the last step while the share is at least one half; count the steps",
                "从最后一步往回走，只要份额至少为一半就继续；数一数走了几步",
            ),
        )
    for share in half_reach_examples():
        right = half_reach_reference(share)
        answer, failed = _call(fn, share.copy())
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                _t("return a whole number of steps", "请返回一个整数步数"),
                _t(
                    "the last share is 1 (zero steps back); count how many steps before it still get at least half",
                    "最后一个份额是 1（往回零步）；数一数它之前有多少步仍然得到至少一半",
                ),
            )
        value = as_whole_number(answer)
        if value is None:
            return not_yet(
                _t(
                    f"return a whole number of steps, got {type(answer).__name__} {show(answer)}",
                    f"请返回一个整数步数，得到的是 {type(answer).__name__} {show(answer)}",
                ),
                hint=_t("a count: how many steps back, not a share", "一个计数：往回多少步，而不是份额"),
            )
        if value == right:
            continue
        T = len(share)
        if value == right + 1:
            return not_yet(
                _t(
                    f"one step too many (for T = {T} and these shares the answer is {right})",
                    f"多了一步（对 T = {T} 和这些份额，答案是 {right}）",
                ),
                hint=_t(
                    "the last step below one half does not count: the reach ends one step after it "
                    "(with gates of 0.5 and T = 5 the shares are 1/16, 1/8, 1/4, 1/2, 1: the answer is 1)",
                    "份额低于一半的最后那一步不算：回溯在它之后一步结束"
                    "（各门都是 0.5 且 T = 5 时，份额为 1/16、1/8、1/4、1/2、1：答案是 1）",
                ),
            )
        if value == right - 1:
            return not_yet(
                _t(
                    f"one step too few (for T = {T} and these shares the answer is {right})",
                    f"少了一步（对 T = {T} 和这些份额，答案是 {right}）",
                ),
                hint=_t(
                    "a share of exactly one half counts: at least half arrives",
                    "份额恰好为一半也算：至少有一半到达",
                ),
            )
        if right == T - 1:
            return not_yet(
                _t(
                    f"every share here is at least one half, so the answer is the whole sequence, {T - 1} steps back",
                    f"这里每个份额都至少为一半，所以答案是整条序列，往回 {T - 1} 步",
                ),
                hint=_t(
                    "when no share is below 0.5, at least half of the gradient reaches every step",
                    "没有份额低于 0.5 时，每一步都至少得到一半的梯度",
                ),
            )
        return not_yet(
            _t(f"the reach is not right yet (got {value})", f"回溯距离还不对（得到的是 {value}）"),
            hint=_t(
                "count the steps back from T-1 whose share is at least 0.5, stopping at the first below it",
                "从 T-1 往回数份额至少为 0.5 的步，遇到第一个低于它的就停",
            ),
        )
    return correct(
        _t(
            f"the reach is the number of steps back before the share first drops below one half "
            f"(checked on {len(half_reach_examples())} share sequences, including T = 1 and shares that never drop)",
            f"回溯距离就是份额第一次降到一半以下之前往回的步数"
            f"（在 {len(half_reach_examples())} 条份额序列上检查过，包括 T = 1 和从不下降的份额）",
        )
    )


# --- exercise 3 ---


def gru_step_forward(x, prev_h, Wx, Wh, b):
    """A GRU step as ``keras.layers.GRU(H, reset_after=False)`` computes it: returns ``next_h (N, H)``.

    x (N, D), prev_h (N, H), Wx (D, 3H), Wh (H, 3H), b (3H,); column blocks [z, r, h~]:
    z = sigma(x Wx_z + h Wh_z + b_z), r = sigma(x Wx_r + h Wh_r + b_r),
    h~ = tanh(x Wx_h + (r * h) Wh_h + b_h), next_h = z * h + (1 - z) * h~.
    """
    H = prev_h.shape[1]
    xw = x @ Wx + b  # (N, 3H)
    z = sigmoid(xw[:, :H] + prev_h @ Wh[:, :H])  # update gate: how much of the old state to keep
    r = sigmoid(xw[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H])  # reset gate: how much of it the candidate sees
    h_tilde = np.tanh(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :])  # candidate state
    return z * prev_h + (1 - z) * h_tilde


def gru_example(seed: int = 0):
    """``(x, prev_h, Wx, Wh, b)`` of exercise 3's size."""
    p = _problem(GRU_SIZES, 3, seed)
    return p["x"], p["prev_h"], p["Wx"], p["Wh"], p["b"]


def _gru_variants(x, prev_h, Wx, Wh, b):
    """Common slips, each as (next_h, message, hint)."""
    H = prev_h.shape[1]
    xw = x @ Wx + b
    z = sigmoid(xw[:, :H] + prev_h @ Wh[:, :H])
    r = sigmoid(xw[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H])
    h_tilde = np.tanh(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :])
    after = np.tanh(xw[:, 2 * H :] + r * (prev_h @ Wh[:, 2 * H :]))
    z2 = sigmoid(xw[:, H : 2 * H] + prev_h @ Wh[:, H : 2 * H])
    r2 = sigmoid(xw[:, :H] + prev_h @ Wh[:, :H])
    swapped = np.tanh(xw[:, 2 * H :] + (r2 * prev_h) @ Wh[:, 2 * H :])
    return [
        (
            (1 - z) * prev_h + z * h_tilde,
            _t("z and 1 - z are swapped", "z 和 1 - z 弄反了"),
            _t(
                "in Keras's convention z keeps the old state: next_h = z * prev_h + (1 - z) * h~",
                "按 Keras 的约定，z 保留旧状态：next_h = z * prev_h + (1 - z) * h~",
            ),
        ),
        (
            z * prev_h + (1 - z) * after,
            _t("this is the reset_after=True variant", "这是 reset_after=True 的变体"),
            _t(
                "here r multiplies prev_h before the product: (r * prev_h) @ Wh_h",
                "这里 r 在矩阵乘积之前与 prev_h 相乘：(r * prev_h) @ Wh_h",
            ),
        ),
        (
            z * prev_h + (1 - z) * sigmoid(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :]),
            _t("the candidate uses a sigmoid", "候选值用了 sigmoid"),
            _t("the candidate h~ uses tanh, like the LSTM's g", "候选值 h~ 用 tanh，与 LSTM 的 g 一样"),
        ),
        (
            z2 * prev_h + (1 - z2) * swapped,
            _t("the z and r blocks are swapped", "z 块和 r 块弄反了"),
            _t(
                "the column blocks are [z, r, h~]: z is the first H columns",
                "各列分块为 [z, r, h~]：z 是前 H 列",
            ),
        ),
    ]


@staged(
    (
        "the same pattern as the LSTM's step: the gates are sigmoids of one affine map each, the candidate a tanh, "
        "and the new state mixes the old state and the candidate with the update gate as the share.",
        "与 LSTM 的一步是同一个模式：每个门是一个仿射映射的 sigmoid，候选值是 tanh，"
        "新状态以更新门为份额，把旧状态与候选值混合。",
    ),
    (
        "with xw = x @ Wx + b (N, 3H): z from the first H columns, r from the next H; the candidate's recurrent "
        "product uses (r * prev_h) @ Wh[:, 2*H:], and next_h = z * prev_h + (1 - z) * h~.",
        "令 xw = x @ Wx + b (N, 3H)：z 取前 H 列，r 取接下来的 H 列；候选值的循环乘积用 "
        "(r * prev_h) @ Wh[:, 2*H:]，而 next_h = z * prev_h + (1 - z) * h~。",
    ),
    code(
        "H = prev_h.shape[1]; xw = x @ Wx + b; z = L.sigmoid(xw[:, :H] + prev_h @ Wh[:, :H]); "
        "r = L.sigmoid(xw[:, H:2 * H] + prev_h @ Wh[:, H:2 * H]); "
        "return z * prev_h + (1 - z) * np.tanh(xw[:, 2 * H:] + (r * prev_h) @ Wh[:, 2 * H:])"
    ),
)
def check_gru_step(fn) -> Feedback:
    """Exercise 3: ``fn(x, prev_h, Wx, Wh, b) -> next_h`` equal to :func:`gru_step_forward` (Keras's GRU)."""
    if fn is None:
        return no_answer(
            _t("your function gru_step(x, prev_h, Wx, Wh, b)", "你的函数 gru_step(x, prev_h, Wx, Wh, b)"),
            hint=_t(
                "three blocks [z, r, h~] instead of four: two gates like the LSTM's, a candidate, and a mix "
                "of the old state and the candidate",
                "是三块 [z, r, h~] 而不是四块：两个与 LSTM 类似的门、一个候选值，以及旧状态与候选值的混合",
            ),
        )
    for seed in (0, 1, 2):
        args = gru_example(seed)
        expected = gru_step_forward(*args)
        answer, failed = _call(fn, *(a.copy() for a in args))
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                _t("put your next_h in its return line", "把你的 next_h 写进它的 return 行"),
                _t(
                    "the same pattern as the LSTM's step: gates through sigmoids, a candidate through tanh, then a mix",
                    "与 LSTM 的一步是同一个模式：门经过 sigmoid，候选值经过 tanh，然后混合",
                ),
            )
        answer = _as_array(answer)
        if answer is None or answer.shape != expected.shape:
            got = None if answer is None else answer.shape
            return not_yet(
                _t(
                    f"next_h must be (N, H) = {expected.shape}, got {got}",
                    f"next_h 必须是 (N, H) = {expected.shape}，得到的是 {got}",
                ),
                hint=_t("return one array: the new hidden state", "返回一个数组：新的隐状态"),
            )
        if np.allclose(answer, expected, rtol=1e-6, atol=1e-9):
            continue
        for variant, message, hint in _gru_variants(*args):
            if np.allclose(answer, variant, rtol=1e-6, atol=1e-9):
                return not_yet(message, hint=hint)
        return not_yet(
            _t("next_h is not right yet", "next_h 还不对"),
            hint=_t(
                "z = sigmoid(x Wx_z + prev_h Wh_z + b_z), r likewise with the second block, "
                "h~ = tanh(x Wx_h + (r * prev_h) Wh_h + b_h), next_h = z * prev_h + (1 - z) * h~",
                "z = sigmoid(x Wx_z + prev_h Wh_z + b_z)，r 同理，用第二块，"
                "h~ = tanh(x Wx_h + (r * prev_h) Wh_h + b_h)，next_h = z * prev_h + (1 - z) * h~",
            ),
        )
    return correct(
        _t(
            "your GRU step computes what keras.layers.GRU(reset_after=False) computes (3 random steps)",
            "你的 GRU 一步与 keras.layers.GRU(reset_after=False) 的计算结果相同（3 个随机时间步）",
        )
    )
