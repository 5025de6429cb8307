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
from . import Feedback, as_whole_number, correct, no_answer, not_yet, show, staged

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
        return None, not_yet(f"the answer must be a function, got {type(fn).__name__}")
    try:
        return fn(*args), None
    except Exception as exc:  # the learner's code: report, never raise
        return None, not_yet(
            f"your function raised {type(exc).__name__}: {exc}",
            hint="run it on the example in the notebook first and look at the shapes",
        )


def _returns_none(what: str, idea: str) -> Feedback:
    """The reply to a function that still returns the placeholder ``None``: what to return, and the idea only."""
    return Feedback(False, f"your function returns None: {what}", hint=idea, unanswered=True)


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
            "di, df, dg and dprev_c miss the gradient that reaches c_t through h_t",
            "c_t feeds h_t = o * tanh(c_t) too: dc = dnext_c + (what h_t sends back to c_t)",
        ),
        (
            through(dnext_h * o * (1 - tanh_c**2)),
            "di, df, dg and dprev_c miss dnext_c, the gradient arriving along the cell",
            "two paths reach c_t: from c_{t+1} (dnext_c) and through h_t; add them",
        ),
        (
            through(dnext_c + dnext_h * o),
            "the gradient through h_t misses tanh's derivative",
            "d tanh(c)/dc = 1 - tanh(c)**2, and tanh(c_t) is in the cache",
        ),
        (
            through(dnext_c + dnext_h * o * (1 - tanh_c**2), dprev_c=dnext_c + dnext_h * o * (1 - tanh_c**2)),
            "dprev_c is the whole dc: the forget gate's factor is missing",
            "c_t = f * c_{t-1} + ...: one step back along the cell multiplies by f",
        ),
    ]


@staged(
    "walk the forward lines that come after the gates backwards: first h_t = o * tanh(c_t), then "
    "c_t = f * c_(t-1) + i * g. Two gradients reach c_t: dnext_c along the cell from step t+1, and one through "
    "h_t. Add them before going further back.",
    "do = dnext_h * tanh(c_t); the total at the cell is dc = dnext_c + dnext_h * o * (1 - tanh(c_t)^2); then one "
    "product rule per term of c_t = f * c_(t-1) + i * g: each factor's gradient is dc times the other factor.",
    "do = dnext_h * tanh_c; dc = dnext_c + dnext_h * o * (1 - tanh_c**2); "
    "return do, dc * g, dc * prev_c, dc * i, dc * f",
)
def check_gate_gradients(fn) -> Feedback:
    """Section 2: ``fn(dnext_h, dnext_c, cache) -> (do, di, df, dg, dprev_c)``, (N, H) each."""
    if fn is None:
        return no_answer(
            "your function step_gate_gradients(dnext_h, dnext_c, cache)",
            hint="walk the forward lines backwards: the one that makes h first, then the one that makes the cell",
        )
    for seed in (0, 1, 2):
        dnext_h, dnext_c, cache = gate_gradients_example(seed)
        right = gate_gradients(dnext_h, dnext_c, cache)
        answer, failed = _call(fn, dnext_h.copy(), dnext_c.copy(), tuple(a.copy() for a in cache))
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                "return do, di, df, dg, dprev_c",
                "start at the last forward line, the one that makes h from o and tanh(c): what multiplies o there?",
            )
        if not isinstance(answer, (tuple, list)) or len(answer) != len(GATE_GRAD_NAMES):
            return not_yet(
                f"return five arrays, do, di, df, dg, dprev_c, got {type(answer).__name__}"
                + (f" of length {len(answer)}" if isinstance(answer, (tuple, list)) else "")
            )
        arrays = dict(zip(GATE_GRAD_NAMES, (_as_array(a) for a in answer)))
        shape = dnext_h.shape
        bad_shape = [n for n, a in arrays.items() if a is None or a.shape != shape]
        if bad_shape:
            return not_yet(
                f"{', '.join(bad_shape)} must be (N, H) = {shape} like dnext_h",
                hint="every one of them is an elementwise product of (N, H) arrays",
            )
        wrong = [n for n in GATE_GRAD_NAMES if not np.allclose(arrays[n], right[n], rtol=1e-6, atol=1e-9)]
        if not wrong:
            continue
        for slip, message, hint in _gate_gradient_slips(dnext_h, dnext_c, cache):
            if all(np.allclose(arrays[n], slip[n], rtol=1e-6, atol=1e-9) for n in GATE_GRAD_NAMES):
                return not_yet(message, hint=hint)
        ok = [n for n in GATE_GRAD_NAMES if n not in wrong]
        if "do" in wrong:
            hint = "h = o * tanh(c): the factor next to o is tanh(c_t), which the cache holds"
        else:
            hint = "first the total dc reaching c_t, then c = f * prev_c + i * g term by term"
        return not_yet(f"{', '.join(wrong)} not right yet" + (f" ({', '.join(ok)} right)" if ok else ""), hint=hint)
    return correct("do, di, df, dg and dprev_c are right (3 random steps): the derivation below is yours")


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
            "the f block misses the term (1 - f) * g: f appears in both terms of c_t",
            "c_t = f * c_{t-1} + (1 - f) * g: the product rule gives df = dc * c_{t-1} from the first term "
            "and dc * (-g) from the second",
        ),
        (
            da(dc * (prev_c - g), dc * f),
            "the g block uses f: here the share written is 1 - f",
            "dg = dc * (the factor next to g), and g's factor is (1 - f)",
        ),
        (
            da(no_h_path * (prev_c - g), no_h_path * (1 - f)),
            "the f and g blocks miss the gradient that reaches c_t through h_t",
            "c_t feeds h_t = o * tanh(c_t) too: dc = dnext_c + dnext_h * o * (1 - tanh(c_t)**2)",
        ),
        (
            np.concatenate([dc * (prev_c - g), dc * (1 - f), do], axis=1),
            "da misses the activations' derivatives",
            "da_f = df * f * (1 - f) (sigmoid' = s (1 - s)), da_g = dg * (1 - g**2) (tanh')",
        ),
        (
            np.concatenate([da_o, da(dc * (prev_c - g), dc * (1 - f))[:, : 2 * f.shape[1]]], axis=1),
            "the blocks are in the wrong order",
            "the columns are [f, g, o]: the forget gate's H columns first, the output gate's last",
        ),
    ]


@staged(
    "the lines after the gates are the LSTM's with 1 - f in place of i. Two gradients reach c_t, as in "
    "section 2; then f appears in both terms of c_t, so its gradient collects a contribution from each.",
    "the total at the cell as in section 2, dc = dnext_c + dnext_h * o * (1 - tanh(c_t)^2); then "
    "df = dc * (c_(t-1) - g), dg = dc * (1 - f), do = dnext_h * tanh(c_t), and "
    "da = [df * f(1-f), dg * (1-g^2), do * o(1-o)].",
    "dc = dnext_c + dnext_h * o * (1 - tanh_c**2); "
    "df, dg, do = dc * (prev_c - g), dc * (1 - f), dnext_h * tanh_c; "
    "return np.concatenate([df * f * (1 - f), dg * (1 - g**2), do * o * (1 - o)], axis=1)",
)
def check_cifg_da(fn) -> Feedback:
    """Exercise 1: ``fn(dnext_h, dnext_c, cache) -> da (N, 3H)``, blocks ``[f, g, o]``, for a coupled-gate step."""
    if fn is None:
        return no_answer(
            "your function cifg_step_da(dnext_h, dnext_c, cache)",
            hint="walk the forward lines backwards as in section 2; the new cell holds f in both of its terms",
        )
    for seed in (0, 1, 2):
        dnext_h, dnext_c, cache = cifg_example(seed)
        right = cifg_da(dnext_h, dnext_c, cache)
        answer, failed = _call(fn, dnext_h.copy(), dnext_c.copy(), tuple(a.copy() for a in cache))
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                "return da (N, 3H), the blocks [f, g, o] side by side",
                "first the total gradient reaching c_t (both paths, as in section 2)",
            )
        answer = _as_array(answer)
        if answer is None or answer.shape != right.shape:
            got = None if answer is None else answer.shape
            hint = (
                "return one array: np.concatenate([da_f, da_g, da_o], axis=1)"
                if isinstance(got, tuple) and len(got) != 2
                else "three (N, H) blocks side by side: np.concatenate([...], axis=1)"
            )
            return not_yet(f"da must be (N, 3H) = {right.shape}, got {got}", hint=hint)
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
            f"the blocks of {', '.join(wrong)} are not right yet" + (f" ({', '.join(ok)} right)" if ok else ""),
            hint="do = dnext_h * tanh_c; dc = dnext_c + dnext_h * o * (1 - tanh_c**2); then one product rule "
            "per term of c_t = f * c_{t-1} + (1 - f) * g, and each gate's activation derivative",
        )
    return correct(
        "da = [dc (c_{t-1} - g) f(1-f), dc (1-f)(1-g^2), dnext_h tanh(c_t) o(1-o)]: the forget gate gets "
        "a gradient from both terms of the cell (checked on 3 random steps)"
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
            "your function step_dWh(dnext_h, cache)",
            hint="start from the gate gradients of section 2's exercise (here dnext_c = 0), "
            "then go back through the activations to a, then through a = ... + prev_h @ Wh",
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
                "your function returns None: put your dWh in its return line",
                hint="dWh collects, over the batch, what prev_h times the gradient at the "
                "pre-activations a (N, 4H) gives: find that gradient first",
            )
        answer = _as_array(answer)
        if answer is None or answer.shape == ():
            return not_yet("your function must return an array dWh of shape (H, 4H)")
        if answer.shape == (4 * H, H):
            return not_yet(
                f"dWh has shape {answer.shape}, the transpose of (H, 4H) = {(H, 4 * H)}",
                hint="a = prev_h @ Wh + ..., so dWh = prev_h.T @ da",
            )
        if answer.shape == (D, 4 * H):
            return not_yet(
                f"dWh has shape {answer.shape} = (D, 4H): that is dWx's shape",
                hint="Wh multiplies prev_h, so dWh = prev_h.T @ da",
            )
        if answer.shape != (H, 4 * H):
            return not_yet(f"dWh must be (H, 4H) = {(H, 4 * H)}, got {answer.shape}")
        if np.allclose(answer, dWh, rtol=1e-6, atol=1e-9):
            continue
        do = dnext_h * tanh_c
        dc = dnext_h * o * (1 - tanh_c**2)
        no_derivatives = prev_h.T @ np.concatenate([dc * g, dc * prev_c, dc * i, do], axis=1)
        if np.allclose(answer, no_derivatives, rtol=1e-6, atol=1e-9):
            return not_yet(
                "dWh misses the activations' derivatives",
                hint="da_i = di * i * (1 - i) (sigmoid' = s (1 - s)), da_g = dg * (1 - g**2) (tanh')",
            )
        wrong = [
            name
            for k, name in enumerate(GATE_NAMES)
            if not np.allclose(answer[:, k * H : (k + 1) * H], dWh[:, k * H : (k + 1) * H], rtol=1e-6, atol=1e-9)
        ]
        if wrong == ["o"]:
            return not_yet(
                "the i, f and g blocks are right; the output gate's block is not",
                hint="h = o * tanh(c): do = dnext_h * tanh(c), then da_o = do * o * (1 - o)",
            )
        if "o" not in wrong:
            return not_yet(
                f"the blocks of {', '.join(wrong)} are not right yet (o is)",
                hint="they all go through c: dc = dnext_h * o * (1 - tanh(c)**2); then "
                "di = dc * g, df = dc * prev_c, dg = dc * i; columns in the order [i, f, g, o]",
            )
        return not_yet(
            f"the blocks of {', '.join(wrong)} are not right yet",
            hint="compare with lstm_step_backward's derivation above: da (N, 4H) is "
            "[di*i*(1-i), df*f*(1-f), dg*(1-g**2), do*o*(1-o)], and dWh = prev_h.T @ da",
        )
    return correct("dWh = prev_h.T @ da, with da through all four gates (checked on 3 random steps)")


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
    "one step back along the cell multiplies the gradient by one forget gate (the carousel, section 2). "
    "Which gates lie between c_t and c_(T-1)?",
    "dc_t = dc_(T-1) * f_(t+1) * ... * f_(T-1): the share is that product, empty (1) at the last step.",
    "return np.append(np.cumprod(f[:0:-1])[::-1], 1.0)",
)
def check_carried_share(fn) -> Feedback:
    """Exercise 2: ``fn(f) -> (T,)``, the share of the gradient at ``c_{T-1}`` that reaches ``c_t`` along the cell."""
    if fn is None:
        return no_answer(
            "your function carried_share(f)",
            hint="one step back along the cell multiplies the gradient by one forget gate: which one?",
        )
    for f in carried_examples():
        right = carried_share_reference(f)
        answer, failed = _call(fn, f.copy())
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                "return an array (T,)",
                "one step back along the cell multiplies the gradient by one forget gate: which one?",
            )
        answer = _as_array(answer)
        T = len(f)
        if answer is None or answer.shape != (T,):
            got = None if answer is None else answer.shape
            return not_yet(f"return one share per step, shape (T,) = {(T,)}, got {got}")
        if np.allclose(answer, right, rtol=1e-6, atol=1e-12):
            continue
        with_own = np.cumprod(f[::-1])[::-1]  # includes f_t itself
        forwards = np.cumprod(f)
        if np.allclose(answer, with_own, rtol=1e-6, atol=1e-12):
            return not_yet(
                "each share includes the forget gate of its own step",
                hint="c_t = f_t * c_{t-1} + ...: f_t acts between c_{t-1} and c_t, so the last step's "
                "share is 1 and f_t is not in the share of c_t",
            )
        if np.allclose(answer, forwards, rtol=1e-6, atol=1e-12) or np.allclose(
            answer, np.concatenate([[1.0], np.cumprod(f[1:])]), rtol=1e-6, atol=1e-12
        ):
            return not_yet(
                "the products run forwards from the first step",
                hint="the gradient starts at the last step and travels back: multiply from the end",
            )
        if not np.isclose(answer[-1], 1.0):
            return not_yet(
                f"the last step's share is {show(answer[-1])}",
                hint="at t = T-1 nothing has been multiplied yet: the share is 1",
            )
        return not_yet(
            "the shares are not right yet",
            hint="share[t] = f[t+1] * f[t+2] * ... * f[T-1]; np.cumprod over f reversed does all of them",
        )
    return correct(
        "share[t] = f_{t+1} ... f_{T-1}, the carousel's gain from c_t to the last step "
        f"(checked on {len(carried_examples())} gate sequences, including T = 1 and a gate that closes)"
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
    "start at the last step (share 1, zero steps back) and walk back while the share is at least one half.",
    "the reach is the largest k with share[T-1-j] >= 1/2 for every j <= k. With gates of 0.5 and T = 5 the "
    "shares are 1/16, 1/8, 1/4, 1/2, 1: the reach is 1.",
    "below = np.flatnonzero(share < 0.5); return len(share) - 1 if len(below) == 0 else len(share) - 2 - below.max()",
)
def check_half_reach(fn) -> Feedback:
    """Exercise 2b: ``fn(share) -> int``, how many steps back at least half of the gradient arrives."""
    if fn is None:
        return no_answer(
            "your function half_reach(share)",
            hint="walk back from the last step while the share is at least one half; count the steps",
        )
    for share in half_reach_examples():
        right = half_reach_reference(share)
        answer, failed = _call(fn, share.copy())
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                "return a whole number of steps",
                "the last share is 1 (zero steps back); count how many steps before it still get at least half",
            )
        value = as_whole_number(answer)
        if value is None:
            return not_yet(
                f"return a whole number of steps, got {type(answer).__name__} {show(answer)}",
                hint="a count: how many steps back, not a share",
            )
        if value == right:
            continue
        T = len(share)
        if value == right + 1:
            return not_yet(
                f"one step too many (for T = {T} and these shares the answer is {right})",
                hint="the last step below one half does not count: the reach ends one step after it "
                "(with gates of 0.5 and T = 5 the shares are 1/16, 1/8, 1/4, 1/2, 1: the answer is 1)",
            )
        if value == right - 1:
            return not_yet(
                f"one step too few (for T = {T} and these shares the answer is {right})",
                hint="a share of exactly one half counts: at least half arrives",
            )
        if right == T - 1:
            return not_yet(
                f"every share here is at least one half, so the answer is the whole sequence, {T - 1} steps back",
                hint="when no share is below 0.5, at least half of the gradient reaches every step",
            )
        return not_yet(
            f"the reach is not right yet (got {value})",
            hint="count the steps back from T-1 whose share is at least 0.5, stopping at the first below it",
        )
    return correct(
        f"the reach is the number of steps back before the share first drops below one half "
        f"(checked on {len(half_reach_examples())} share sequences, including T = 1 and shares that never drop)"
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
            "z and 1 - z are swapped",
            "in Keras's convention z keeps the old state: next_h = z * prev_h + (1 - z) * h~",
        ),
        (
            z * prev_h + (1 - z) * after,
            "this is the reset_after=True variant",
            "here r multiplies prev_h before the product: (r * prev_h) @ Wh_h",
        ),
        (
            z * prev_h + (1 - z) * sigmoid(xw[:, 2 * H :] + (r * prev_h) @ Wh[:, 2 * H :]),
            "the candidate uses a sigmoid",
            "the candidate h~ uses tanh, like the LSTM's g",
        ),
        (
            z2 * prev_h + (1 - z2) * swapped,
            "the z and r blocks are swapped",
            "the column blocks are [z, r, h~]: z is the first H columns",
        ),
    ]


@staged(
    "the same pattern as the LSTM's step: the gates are sigmoids of one affine map each, the candidate a tanh, "
    "and the new state mixes the old state and the candidate with the update gate as the share.",
    "with xw = x @ Wx + b (N, 3H): z from the first H columns, r from the next H; the candidate's recurrent "
    "product uses (r * prev_h) @ Wh[:, 2*H:], and next_h = z * prev_h + (1 - z) * h~.",
    "H = prev_h.shape[1]; xw = x @ Wx + b; z = L.sigmoid(xw[:, :H] + prev_h @ Wh[:, :H]); "
    "r = L.sigmoid(xw[:, H:2 * H] + prev_h @ Wh[:, H:2 * H]); "
    "return z * prev_h + (1 - z) * np.tanh(xw[:, 2 * H:] + (r * prev_h) @ Wh[:, 2 * H:])",
)
def check_gru_step(fn) -> Feedback:
    """Exercise 3: ``fn(x, prev_h, Wx, Wh, b) -> next_h`` equal to :func:`gru_step_forward` (Keras's GRU)."""
    if fn is None:
        return no_answer(
            "your function gru_step(x, prev_h, Wx, Wh, b)",
            hint="three blocks [z, r, h~] instead of four: two gates like the LSTM's, a candidate, and a mix "
            "of the old state and the candidate",
        )
    for seed in (0, 1, 2):
        args = gru_example(seed)
        expected = gru_step_forward(*args)
        answer, failed = _call(fn, *(a.copy() for a in args))
        if failed is not None:
            return failed
        if answer is None:
            return _returns_none(
                "put your next_h in its return line",
                "the same pattern as the LSTM's step: gates through sigmoids, a candidate through tanh, then a mix",
            )
        answer = _as_array(answer)
        if answer is None or answer.shape != expected.shape:
            got = None if answer is None else answer.shape
            return not_yet(
                f"next_h must be (N, H) = {expected.shape}, got {got}", hint="return one array: the new hidden state"
            )
        if np.allclose(answer, expected, rtol=1e-6, atol=1e-9):
            continue
        for variant, message, hint in _gru_variants(*args):
            if np.allclose(answer, variant, rtol=1e-6, atol=1e-9):
                return not_yet(message, hint=hint)
        return not_yet(
            "next_h is not right yet",
            hint="z = sigmoid(x Wx_z + prev_h Wh_z + b_z), r likewise with the second block, "
            "h~ = tanh(x Wx_h + (r * prev_h) Wh_h + b_h), next_h = z * prev_h + (1 - z) * h~",
        )
    return correct("your GRU step computes what keras.layers.GRU(reset_after=False) computes (3 random steps)")
