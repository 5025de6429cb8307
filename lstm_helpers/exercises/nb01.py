"""Checks for notebook 01's exercises (vanishing and exploding gradients in a vanilla RNN).

Each check returns a :class:`~lstm_helpers.exercises.Feedback`: truthy and
"Correct: ..." when the answer is right, otherwise "Not yet: ..." saying what
is wrong with this answer. An unanswered exercise (``None``) gets a hint too;
no check ever raises on a learner's answer. The hints come in stages over
successive wrong answers (:func:`~lstm_helpers.exercises.staged`): the idea,
the formula, the code, the same three as under the exercise in the notebook.
"""

from __future__ import annotations

import math

import numpy as np

from ..rnn import DECAY_H, DECAY_N, DECAY_T, gradient_decay_curve, rms_slope
from . import _spaced, _t, as_number, code, correct, no_answer, not_yet, show, staged


def _no_number(answer, what):
    hint = _t(f"Give {what}.", f"请给出{_spaced(what)}。")
    if answer is None:
        return no_answer(what, hint=hint)
    return not_yet(
        _t(
            f"expected a single number, got {type(answer).__name__} {show(answer)}.",
            f"需要一个数，得到的是 {type(answer).__name__} {show(answer)}。",
        ),
        hint=hint,
    )


# --- exercise 1: how far back does a gradient survive? ---


def steps_to_vanish(rho: float, factor: float) -> int:
    """The smallest k with ``rho**k < factor``: steps until a linear RNN's gradient falls below ``factor``."""
    if not 0 < rho < 1 or not 0 < factor < 1:
        raise ValueError(f"rho and factor must lie in (0, 1), got rho={rho!r}, factor={factor!r}")
    k = math.floor(math.log(factor) / math.log(rho)) + 1  # the first integer strictly past the crossing
    while rho**k >= factor:  # guard against rounding in the logarithms, both ways
        k += 1
    while k > 1 and rho ** (k - 1) < factor:
        k -= 1
    return k


@staged(
    ("each step back multiplies the norm by exactly rho (section 1).", "每往回一步，范数恰好乘以 rho（第 1 节）。"),
    (
        "you need the smallest whole k with rho ** k < 1e-3, i.e. k > ln(1e-3) / ln(rho), here with rho = 0.9.",
        "你要找满足 rho ** k < 1e-3 的最小整数 k，即 k > ln(1e-3) / ln(rho)，这里 rho = 0.9。",
    ),
    code(
        "ex1_steps = int(np.floor(np.log(1e-3) / np.log(0.9))) + 1; 0.9 ** ex1_steps < 1e-3 <= 0.9 ** (ex1_steps - 1)"
    ),
)
def check_steps_to_vanish(answer, rho: float = 0.9, factor: float = 1e-3):
    """Exercise 1: with spectral radius ``rho`` (linear RNN), how many steps until ``||dL/dh_t||`` < ``factor``?"""
    value = as_number(answer)
    if value is None:
        return _no_number(
            answer,
            _t(
                f"the number of steps k after which {rho}**k first drops below {factor:g}",
                f"使 {rho}**k 第一次低于 {factor:g} 的步数 k",
            ),
        )
    k = steps_to_vanish(rho, factor)
    if value == k:
        return correct(
            _t(
                f"{rho}**{k} = {rho**k:.3g} < {factor:g}, while {rho}**{k - 1} = {rho ** (k - 1):.3g} is not.",
                f"{rho}**{k} = {rho**k:.3g} < {factor:g}，而 {rho}**{k - 1} = {rho ** (k - 1):.3g} 还不是。",
            )
        )
    if not float(value).is_integer() and abs(value - math.log(factor) / math.log(rho)) < 1e-3:
        return not_yet(
            _t(
                f"{show(value)} is where the curve crosses {show(factor)}, but steps come whole.",
                f"{show(value)} 是曲线穿过 {show(factor)} 的位置，但步数是整数。",
            ),
            hint=_t("Round up: the first whole step past the crossing.", "向上取整：越过交点后的第一个整数步。"),
        )
    if value == k - 1:
        return not_yet(
            _t(
                f"after {show(k - 1)} steps the norm is {show(rho ** (k - 1))}, not yet below {show(factor)}.",
                f"{show(k - 1)} 步之后范数是 {show(rho ** (k - 1))}，还没有低于 {show(factor)}。",
            ),
            hint=_t("One more step.", "再多一步。"),
        )
    if not float(value).is_integer() or value < 0:
        return not_yet(
            _t(
                f"{show(value)} is not a number of steps: steps back come whole, 0 or more.",
                f"{show(value)} 不是步数：往回的步数是整数，0 或更多。",
            )
        )
    if value < k:
        return not_yet(
            _t(
                f"too few: after {show(value)} steps the norm is {show(rho**value)}, not yet below {show(factor)}.",
                f"太少了：{show(value)} 步之后范数是 {show(rho**value)}，还没有低于 {show(factor)}。",
            )
        )
    return not_yet(
        _t(
            f"too many: after {show(value)} steps the norm is below {show(factor)}, but it was so one step earlier too.",
            f"太多了：{show(value)} 步之后范数确实低于 {show(factor)}，但早一步时就已经如此。",
        )
    )


# --- exercise 2: predict, then measure a decay rate ---

PREDICTIONS = ("vanishes", "explodes")


@staged(
    (
        "rho > 1 stretches the gradient at every step; saturated tanh units (1 - h**2 well below 1) shrink it. "
        "Which wins depends on how large the inputs are (section 2's saturation table).",
        "rho > 1 在每一步拉长梯度；饱和的 tanh 单元（1 - h**2 远小于 1）则让它缩小。"
        "谁占上风，取决于输入有多大（第 2 节的饱和表）。",
    ),
    (
        "one step back multiplies the row gradient by diag(1 - h_t**2), then by Wh^T = rho Q^T, which rotates it and "
        "scales it by rho: the norm changes by about rho * sqrt(mean((1 - h**2)**2)), rho times the root-mean-square "
        "slope (section 2's table shows it matching the measured rates; it needs the run's states, so it explains "
        "the rate rather than predicting it from the settings alone; the mean slope runs low). Compute it, then "
        "measure: the rate is exp(slope) of a line fitted to log ||dL/dh_t||.",
        "往回一步先把行梯度乘以 diag(1 - h_t**2)，再乘以 Wh^T = rho Q^T，后者把它旋转并缩放 rho 倍："
        "范数大约变为原来的 rho * sqrt(mean((1 - h**2)**2)) 倍，即 rho 乘以斜率的均方根（第 2 节的表显示它与测得的衰减率相符；"
        "它需要这次运行的状态，所以它是解释衰减率，而不是只凭设置预测它；平均斜率则偏低）。"
        "先算出它，再测量：衰减率是对 log ||dL/dh_t|| 拟合直线后的 exp(slope)。",
    ),
    code(
        'curve = rnn.gradient_decay_curve(1.25, 0.75); ex2_predicted = 1.25 * rnn.rms_slope(curve["h"]); '
        'ex2_rate = curve["decay_rate"]'
    ),
)
def check_decay_rate(prediction, rate, rho: float = 1.25, input_scale: float = 0.75):
    """Exercise 2: a prediction ("vanishes" or "explodes"), then the decay rate measured for ``rho``, ``input_scale``.

    The right rate is what :func:`~lstm_helpers.rnn.gradient_decay_curve` measures with its defaults, notebook
    01's one setting (``T = DECAY_T`` steps, ``H = DECAY_H`` units, ``N = DECAY_N`` sequences), which section 2
    and the explorer use too; the explorer shows three decimals, so an answer within 0.0006 counts. The
    prediction never makes the check fail: the feedback says whether it matched the measurement, and why.
    """
    words = _t(" or ", " 或 ").join(repr(p) for p in PREDICTIONS)
    if prediction is None:
        return no_answer(
            _t(f"your prediction, {words}", f"你的预测（{words}）"),
            hint=_t(
                "Decide before you measure: what does rho > 1 say, and what do large inputs do to tanh's slope?",
                "测量之前先做决定：rho > 1 说明了什么？大的输入又会让 tanh 的斜率怎样？",
            ),
        )
    guess = prediction.strip().lower() if isinstance(prediction, str) else None
    if guess not in PREDICTIONS:
        return not_yet(
            _t(
                f"the prediction must be {words}, got {show(prediction)}.",
                f"预测必须是 {words}，得到的是 {show(prediction)}。",
            ),
            hint=_t(f"Write one of {words}.", f"写 {words} 之一。"),
        )
    value = as_number(rate)
    if value is None:
        return _no_number(
            rate,
            _t(
                f"the measured decay rate per step for rho = {rho}, input scale {input_scale}",
                f"rho = {rho}、输入尺度 {input_scale} 时测得的每步衰减率",
            ),
        )
    curve = gradient_decay_curve(rho, input_scale)
    measured = curve["decay_rate"]
    rms_prediction = rho * rms_slope(curve["h"])
    mean_prediction = rho * float(np.mean(1 - curve["h"] ** 2))
    if abs(value - measured) <= 6e-4:
        verdict = "vanishes" if measured < 1 else "explodes"
        verdict_zh = {"vanishes": "消失", "explodes": "爆炸"}
        if guess == verdict:
            matched = _t("as you predicted", "与你的预测一致")
        else:
            matched = _t(f"although you predicted it {guess}", f"尽管你预测它会{verdict_zh[guess]}")
        if measured < 1 < rho:
            why = _t(
                f"saturated units (1 - h**2 well below 1) shrink it at every step by more than rho = {rho} stretches it",
                f"饱和的单元（1 - h**2 远小于 1）在每一步让它缩小的程度，超过了 rho = {rho} 让它拉长的程度",
            )
        elif measured < 1:
            why = _t(
                f"rho = {rho} already shrinks it, and saturation shrinks it further",
                f"rho = {rho} 本身就让它缩小，饱和又让它缩得更小",
            )
        else:
            why = _t(
                "rho stretches it by more than saturation shrinks it", "rho 让它拉长的程度超过了饱和让它缩小的程度"
            )
        return correct(
            _t(
                f"{measured:.3f} per step: the gradient {verdict}, {matched}; {why}. rho times the root-mean-square "
                f"slope predicted {rms_prediction:.3f}.",
                f"每步 {measured:.3f}：梯度{verdict_zh[verdict]}，{matched}；{why}。"
                f"rho 乘以斜率的均方根，预测的是 {rms_prediction:.3f}。",
            )
        )
    if math.isclose(value, rho, rel_tol=1e-3):
        return not_yet(
            _t(
                f"{show(value)} is the linear prediction rho, which ignores tanh's slope.",
                f"{show(value)} 是线性预测 rho，它忽略了 tanh 的斜率。",
            )
        )
    if abs(value - mean_prediction) <= 6e-4:
        return not_yet(
            _t(
                f"{show(value)} is rho times the mean slope, a prediction that runs low: the norm follows the "
                f"root-mean-square slope ({show(rms_prediction)}), and the rate itself is measured.",
                f"{show(value)} 是 rho 乘以平均斜率，这个预测偏低：范数跟随的是斜率的均方根"
                f"（{show(rms_prediction)}），而衰减率本身要靠测量。",
            )
        )
    if abs(value - rms_prediction) <= 6e-4:
        return not_yet(
            _t(
                f"{show(value)} is the prediction rho times the RMS slope, close: now measure the rate.",
                f"{show(value)} 是预测值 rho 乘以斜率的均方根，很接近了：现在去测量衰减率。",
            )
        )
    return not_yet(
        _t(
            f"{show(value)} is not the rate measured for rho = {show(rho)} and input scale {show(input_scale)} "
            f"(T = {DECAY_T} steps, H = {DECAY_H} units, N = {DECAY_N} sequences: the explorer's setting).",
            f"{show(value)} 不是 rho = {show(rho)}、输入尺度 {show(input_scale)} 时测得的衰减率"
            f"（T = {DECAY_T} 步、H = {DECAY_H} 个单元、N = {DECAY_N} 条序列：交互演示的设置）。",
        )
    )


# --- exercise 3: a matrix that shrinks in the long run but stretches first ---

NON_NORMAL_WH = ((0.8, 2.0), (0.0, 0.8))  # both eigenvalues 0.8; largest singular value above 2


def steps_until_below_one(Wh=NON_NORMAL_WH, max_steps: int = 10_000) -> int:
    """The first distance k >= 1 at which ``||u (Wh^T)^k||`` is below 1, for ``u = ones(H) / sqrt(H)``.

    That is ``||dL/dh_t||`` at distance k in a linear RNN (tanh at h = 0, slope 1) whose loss puts the unit
    gradient ``u`` on the last state, computed here with plain matrix products, independently of
    :mod:`lstm_helpers.rnn`.
    """
    Wh = np.asarray(Wh, dtype=np.float64)
    g = np.ones(Wh.shape[0]) / np.sqrt(Wh.shape[0])
    for k in range(1, max_steps + 1):
        g = g @ Wh.T
        if np.linalg.norm(g) < 1:
            return k
    raise ValueError(f"the norm stays at or above 1 for {max_steps} steps: Wh = {Wh.tolist()}")


def _norm_at(Wh, k: int) -> float:
    """``||u (Wh^T)^k||`` for ``u = ones(H) / sqrt(H)``: the gradient's norm at distance k (see above)."""
    Wh = np.asarray(Wh, dtype=np.float64)
    u = np.ones(Wh.shape[0]) / np.sqrt(Wh.shape[0])
    return float(np.linalg.norm(u @ np.linalg.matrix_power(Wh.T, k)))


@staged(
    (
        "rho alone says one step. But this Wh is not rho times an orthogonal matrix: its largest singular value is "
        "above 1, so the gradient grows first (section 1's non-normal example).",
        "只看 rho 的话是一步。但这个 Wh 不是 rho 乘以一个正交矩阵：它的最大奇异值大于 1，"
        "所以梯度先增大（第 1 节的非正规矩阵例子）。",
    ),
    (
        "with zero inputs and h_(-1) = 0 every state is 0 and every tanh slope is 1, so the gradient at distance k is "
        "u (Wh^T)^k: find the first k >= 1 where its norm is below 1.",
        "输入为零且 h_(-1) = 0 时，每个状态都是 0，每个 tanh 斜率都是 1，所以距离 k 处的梯度是 "
        "u (Wh^T)^k：找出其范数低于 1 的第一个 k >= 1。",
    ),
    code(
        "Wh = np.array(nb01.NON_NORMAL_WH); "
        "_, cache = rnn.rnn_forward(np.zeros((1, 60, 2)), np.zeros((1, 2)), np.eye(2), Wh, np.zeros(2)); "
        "norms = rnn.hidden_gradient_norms(cache)[::-1]; ex3_steps = 1 + np.flatnonzero(norms[1:] < 1)[0]"
    ),
)
def check_steps_until_below_one(answer, Wh=NON_NORMAL_WH):
    """Exercise 3: for the linear RNN with ``Wh``, at what distance does ``||dL/dh_t||`` first fall below 1?"""
    value = as_number(answer)
    if value is None:
        return _no_number(
            answer,
            _t(
                "the first distance k >= 1 at which the gradient norm is below 1 (a whole number)",
                "梯度范数第一次低于 1 的距离 k >= 1（一个整数）",
            ),
        )
    k = steps_until_below_one(Wh)
    rho = float(max(abs(np.linalg.eigvals(np.asarray(Wh, dtype=np.float64)))))
    if value == k:
        return correct(
            _t(
                f"{k} steps: with rho = {rho:g} the linear prediction rho**k is below 1 after one step, but this "
                f"non-normal Wh stretches the gradient first; rho decides only the long run.",
                f"{k} 步：rho = {rho:g} 时，线性预测 rho**k 一步之后就低于 1，但这个非正规的 Wh "
                f"先把梯度拉长；rho 只决定长期的走向。",
            )
        )
    if value == 1:
        return not_yet(
            _t(
                f"that is what rho = {show(rho)} alone predicts (rho**1 < 1); this Wh is not rho times an orthogonal matrix.",
                f"这是只凭 rho = {show(rho)} 得到的预测（rho**1 < 1）；这个 Wh 不是 rho 乘以一个正交矩阵。",
            ),
            hint=_t(
                "Measure it: the singular values, not the eigenvalues, decide the first steps.",
                "把它测出来：决定最初几步的是奇异值，而不是特征值。",
            ),
        )
    if not float(value).is_integer() or value < 1:
        return not_yet(
            _t(
                f"{show(value)} is not a distance: k is a whole number of steps, 1 or more.",
                f"{show(value)} 不是距离：k 是整数步，1 或更多。",
            )
        )
    norm = _norm_at(Wh, int(value))
    if norm >= 1:
        return not_yet(
            _t(
                f"at distance {show(value)} the norm is {show(norm)}, still at or above 1.",
                f"在距离 {show(value)} 处范数是 {show(norm)}，仍然大于等于 1。",
            )
        )
    return not_yet(
        _t(
            f"at distance {show(value)} the norm is {show(norm)}, below 1, but not for the first time.",
            f"在距离 {show(value)} 处范数是 {show(norm)}，低于 1，但这不是第一次低于 1。",
        )
    )


# --- exercise 4: the adding problem with half a memory ---


@staged(
    (
        "knowing b, the only error left comes from not knowing a; the best guess for an unknown value is its mean.",
        "知道了 b，剩下的误差只来自不知道 a；对一个未知值的最好猜测是它的均值。",
    ),
    (
        "predict b + E[a]; the expected squared error is E[(a - E[a])**2] = Var(a), for a uniform on [0, 1].",
        "预测 b + E[a]；对 [0, 1] 上均匀分布的 a，期望平方误差是 E[(a - E[a])**2] = Var(a)。",
    ),
    (
        "a, b = rng.uniform(size=(2, 1_000_000)); ex4_mse = np.mean((a + b - (b + 0.5)) ** 2)  # then the fraction",
        "a, b = rng.uniform(size=(2, 1_000_000)); ex4_mse = np.mean((a + b - (b + 0.5)) ** 2)  # 再认出这个分数",
    ),
)
def check_half_memory_mse(answer):
    """Exercise 4: the best test MSE on the adding problem for a model that only remembers the second marked value.

    The target is ``a + b`` with ``a, b`` uniform on [0, 1]. Knowing ``b`` only,
    the best prediction is ``b + E[a] = b + 1/2`` and the error left is
    ``Var(a) = 1/12``, half of the knows-nothing baseline 1/6. A simulated answer
    (hint 3: a million draws) is accepted within 1%; the feedback gives the exact value.
    """
    value = as_number(answer)
    if value is None:
        return _no_number(
            answer,
            _t(
                "the mean squared error as a number (a fraction like 1/7 is fine)",
                "以数值表示的均方误差（写成 1/7 这样的分数也可以）",
            ),
        )
    if math.isclose(value, 1 / 12, rel_tol=1e-2):
        if math.isclose(value, 1 / 12, rel_tol=1e-6):
            simulated = ""
        else:
            simulated = _t(f"Your {value:.5f} is a simulation of it. ", f"你的 {value:.5f} 是它的模拟值。")
        return correct(
            simulated
            + _t(
                "1/12: predicting b + 1/2 leaves the error of the forgotten value, Var(a) = 1/12, "
                "half the constant baseline 1/6. A plateau near 0.083 is consistent with a model that remembers one "
                "number, but it does not show it: other predictions score the same, for example one that uses both "
                "values, each with an error.",
                "1/12：预测 b + 1/2，剩下的是被遗忘的那个值的误差 Var(a) = 1/12，"
                "是常数基线 1/6 的一半。学习曲线停滞在 0.083 附近，与模型只记住了一个数的情形相符，但并不能证明这一点："
                "其他预测也能得到同样的误差，例如同时用到两个值、但每个都带有误差的预测。",
            )
        )
    if math.isclose(value, 1 / 6, rel_tol=1e-2):
        return not_yet(
            _t("1/6 is the baseline of a model that remembers nothing.", "1/6 是什么都不记得的模型的基线。"),
            hint=_t(
                "This model knows b: what is its best guess for a + b, and what error is left?",
                "这个模型知道 b：它对 a + b 的最好猜测是什么？剩下的误差又是多少？",
            ),
        )
    if math.isclose(value, 1 / 4, rel_tol=1e-2) or math.isclose(value, 1 / 3, rel_tol=1e-2):
        return not_yet(
            _t(
                f"{show(value)} is the error of predicting b + a guess for a that is not the best one.",
                f"{show(value)} 是预测 b 加上一个对 a 的猜测时的误差，但这个猜测不是最好的。",
            ),
            hint=_t(
                "The best constant guess for a uniform value on [0, 1] is its mean, 1/2.",
                "对 [0, 1] 上均匀分布的值，最好的常数猜测是它的均值 1/2。",
            ),
        )
    if value < 0:
        return not_yet(
            _t(
                f"{show(value)} is negative: a mean squared error never is.",
                f"{show(value)} 是负数：均方误差从不为负。",
            )
        )
    return not_yet(
        _t(f"{show(value)} is not the error left when only b is known.", f"{show(value)} 不是只知道 b 时剩下的误差。")
    )
