"""Checks for notebook 02's exercises (LSTM gate values by hand, gate biases, shapes, the bias gradient).

Each check takes the learner's answer (``None`` while the answer cell is
still the placeholder) and returns :func:`correct` or :func:`not_yet`; none
of them raises on a wrong or missing answer. The message says what is wrong
with this answer; the hints come in stages over successive wrong answers
(:func:`staged`): the idea, the formula, the code, as under the exercises.
"""

from __future__ import annotations

import math

import numpy as np

from ..lstm import half_life_formula, lstm_step_forward, sigmoid
from . import Feedback, _t, as_number, as_whole_number, code, correct, no_answer, not_yet, show, staged

# Exercise 1: one step of a one-unit LSTM (D = H = 1), layout [i, f, g, o].
ONE_UNIT = {
    "x_t": 1.0,
    "h_prev": 0.5,  # a hidden state this cell can have: |h| < tanh|c| = 0.96
    "c_prev": 2.0,
    "Wx": [[0.0, 1.0, 1.0, 0.0]],  # (D, 4H) = (1, 4)
    "Wh": [[0.0, 0.4, 0.0, 0.0]],  # (H, 4H) = (1, 4): h_(t-1) feeds the forget gate
    "b": [0.0, 1.0, 0.0, 0.0],  # (4H,): forget bias 1, as Keras starts it
}
TOLERANCE = 2e-4  # answers to 4 decimals are right, even with intermediates rounded to 4; 3 decimals are not

# Exercise 2: the forget bias that makes memory last this many steps.
TARGET_HALF_LIFE = 10.0

# Exercise 3: parameters of keras.layers.LSTM(H) on D input features.
PARAM_D, PARAM_H = 3, 5

# Exercise 4: dh_T/db_f of section 6's unit (b_i = b_g = b_o = 0, steady state) at this forget bias and constant input.
GRADIENT_B_F, GRADIENT_INPUT = 2.0, 2.0


def one_unit_problem() -> str:
    """The numbers of exercise 1, as the notebook prints them."""
    u = ONE_UNIT
    columns = _t("columns [i, f, g, o]", "列依次为 [i, f, g, o]")
    return (
        f"x_t = {u['x_t']}, h_(t-1) = {u['h_prev']}, c_(t-1) = {u['c_prev']}\n"
        f"Wx = {u['Wx']}   (D, 4H) = (1, 4), {columns}\n"
        f"Wh = {u['Wh']}   (H, 4H) = (1, 4)\n"
        f"b  = {u['b']}   (4H,)"
    )


def _one_unit_answer():
    """``(c_t, h_t)`` of exercise 1 from the package's LSTM step."""
    u = ONE_UNIT
    x, h_prev, c_prev = (np.array([[u[k]]]) for k in ("x_t", "h_prev", "c_prev"))  # (N, D) = (N, H) = (1, 1)
    h, c, _ = lstm_step_forward(x, h_prev, c_prev, np.array(u["Wx"]), np.array(u["Wh"]), np.array(u["b"]))
    return float(c[0, 0]), float(h[0, 0])


@staged(
    (
        "with one unit, each of the four columns of Wx, Wh and b belongs to one gate, in the order [i, f, g, o]: "
        "compute the four pre-activations first, then the gates, then the cell, then h_t.",
        "只有一个单元时，Wx、Wh 和 b 的四列各属于一个门，顺序为 [i, f, g, o]："
        "先算出四个激活前的值，再算各个门，然后是记忆元，最后是 h_t。",
    ),
    (
        "a = x_t Wx + h_(t-1) Wh + b; i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o); "
        "c_t = f c_(t-1) + i g; h_t = o tanh(c_t).",
        "a = x_t Wx + h_(t-1) Wh + b；i = sigmoid(a_i)，f = sigmoid(a_f)，g = tanh(a_g)，o = sigmoid(a_o)；"
        "c_t = f c_(t-1) + i g；h_t = o tanh(c_t)。",
    ),
    (
        "step = lstm_step_by_hand([1.0], [0.5], [2.0], [[0.0, 1.0, 1.0, 0.0]], [[0.0, 0.4, 0.0, 0.0]], "
        "[0.0, 1.0, 0.0, 0.0]), then step['c'][0] and step['h'][0].",
        "step = lstm_step_by_hand([1.0], [0.5], [2.0], [[0.0, 1.0, 1.0, 0.0]], [[0.0, 0.4, 0.0, 0.0]], "
        "[0.0, 1.0, 0.0, 0.0])，然后取 step['c'][0] 和 step['h'][0]。",
    ),
)
def check_one_unit_step(c_t, h_t) -> Feedback:
    """Exercise 1: ``c_t`` and ``h_t`` of the one-unit step in :data:`ONE_UNIT`, to 4 decimals."""
    if c_t is None and h_t is None:
        return no_answer(
            _t("numbers for c_t and h_t", "c_t 和 h_t 的数值"),
            hint=_t("the four gates first, from the columns [i, f, g, o]", "先由 [i, f, g, o] 各列算出四个门"),
        )
    c_val, h_val = as_number(c_t), as_number(h_t)
    if c_val is None or h_val is None:
        return not_yet(
            _t(
                f"c_t and h_t must both be numbers, got {show(c_t)} and {show(h_t)}",
                f"c_t 和 h_t 都必须是数，得到的是 {show(c_t)} 和 {show(h_t)}",
            )
        )
    c_ok, h_ok = _one_unit_answer()
    c_right = abs(c_val - c_ok) <= TOLERANCE
    h_right = abs(h_val - h_ok) <= TOLERANCE
    if c_right and h_right:
        return correct(_t(f"c_t = {c_ok:.4f} and h_t = {h_ok:.4f}", f"c_t = {c_ok:.4f}，h_t = {h_ok:.4f}"))
    u = ONE_UNIT
    a = np.array(u["Wx"][0]) * u["x_t"] + np.array(u["Wh"][0]) * u["h_prev"] + np.array(u["b"])
    sig = lambda z: 1 / (1 + math.exp(-z))
    c_with_sigmoid_g = sig(a[1]) * u["c_prev"] + sig(a[0]) * sig(a[2])  # a classic slip
    if not c_right and abs(c_val - c_with_sigmoid_g) <= TOLERANCE:
        return not_yet(
            _t(
                f"c_t = {c_val:.4f} uses a sigmoid for the candidate g: i, f and o use the sigmoid, g uses tanh",
                f"c_t = {c_val:.4f} 对候选记忆元 g 用了 sigmoid：i、f 和 o 用 sigmoid，g 用 tanh",
            )
        )
    if not c_right:
        return not_yet(_t(f"c_t = {c_val:.4f} is not right yet", f"c_t = {c_val:.4f} 还不对"))
    return not_yet(
        _t(
            f"c_t = {c_val:.4f} is right, h_t = {h_val:.4f} is not yet: h_t = o * tanh(c_t), with the new c_t",
            f"c_t = {c_val:.4f} 是对的，h_t = {h_val:.4f} 还不对：h_t = o * tanh(c_t)，用的是新的 c_t",
        )
    )


@staged(
    (
        "work backwards: first the forget gate value f that keeps half of the cell after 10 steps, then the bias "
        "that gives that f.",
        "倒着推：先求出在 10 步之后保留一半记忆元的遗忘门值 f，再求出给出这个 f 的偏置。",
    ),
    (
        "f ** 10 = 1/2 gives f = 0.5 ** (1/10); the sigmoid's inverse is the logit, b_f = ln(f / (1 - f)).",
        "由 f ** 10 = 1/2 得 f = 0.5 ** (1/10)；sigmoid 的反函数是 logit，b_f = ln(f / (1 - f))。",
    ),
    (
        "f = 0.5 ** (1 / 10) then ex2_b_f = np.log(f / (1 - f)); check it with half_life_formula(ex2_b_f).",
        "f = 0.5 ** (1 / 10)，然后 ex2_b_f = np.log(f / (1 - f))；用 half_life_formula(ex2_b_f) 检验它。",
    ),
)
def check_forget_bias(b_f) -> Feedback:
    """Exercise 2: a forget bias whose memory half-life is :data:`TARGET_HALF_LIFE` steps (within 1%)."""
    if b_f is None:
        return no_answer(
            _t("a number for b_f", "b_f 的数值"),
            hint=_t("how much of the cell must be left after 10 steps?", "10 步之后记忆元必须剩下多少？"),
        )
    value = as_number(b_f)
    if value is None:
        return not_yet(_t(f"b_f must be a number, got {show(b_f)}", f"b_f 必须是数，得到的是 {show(b_f)}"))
    f = float(sigmoid(np.float64(value)))
    half_life = half_life_formula(value)  # ln(0.5) / ln(f), without overflow for large |b_f|
    if abs(half_life - TARGET_HALF_LIFE) <= 0.01 * TARGET_HALF_LIFE:
        return correct(
            _t(
                f"b_f = {value:.4f} gives f = {f:.4f} and, with the forget gate set by its bias alone "
                f"(W_x and W_h adding nothing), a half-life of {half_life:.2f} steps",
                f"b_f = {value:.4f} 给出 f = {f:.4f}；在遗忘门只由偏置决定时（W_x 和 W_h 不起作用），"
                f"半衰期为 {half_life:.2f} 步",
            )
        )
    f_target = 0.5 ** (1 / TARGET_HALF_LIFE)
    if abs(value - f_target) <= 1e-3:
        return not_yet(
            _t(
                f"{value:.4f} is the forget gate value f, not its bias: the bias is the pre-activation",
                f"{value:.4f} 是遗忘门的值 f，不是它的偏置：偏置属于激活前的值",
            )
        )
    direction = "larger" if half_life < TARGET_HALF_LIFE else "smaller"
    direction_zh = "更大" if half_life < TARGET_HALF_LIFE else "更小"
    return not_yet(
        _t(
            f"b_f = {value:.4f} gives a half-life of {half_life:.2f} steps, not {TARGET_HALF_LIFE:g}: "
            f"the answer is {direction}",
            f"b_f = {value:.4f} 给出的半衰期是 {half_life:.2f} 步，不是 {TARGET_HALF_LIFE:g} 步：答案应该{direction_zh}",
        )
    )


@staged(
    (
        "the layer's only parameters are Wx, Wh and b, and every gate has its own columns in all three.",
        "这一层仅有的参数是 Wx、Wh 和 b；每个门在这三者中都有自己的列。",
    ),
    (
        "Wx is (D, 4H), Wh is (H, 4H) and b is (4H,): 4H (D + H + 1) numbers.",
        "Wx 是 (D, 4H)，Wh 是 (H, 4H)，b 是 (4H,)：共 4H (D + H + 1) 个数。",
    ),
    (
        "D3, H5 = 3, 5 then ex3_n_params = D3 * 4 * H5 + H5 * 4 * H5 + 4 * H5.",
        "D3, H5 = 3, 5，然后 ex3_n_params = D3 * 4 * H5 + H5 * 4 * H5 + 4 * H5。",
    ),
)
def check_param_count(count) -> Feedback:
    """Exercise 3: trainable parameters of ``keras.layers.LSTM(PARAM_H)`` on ``PARAM_D`` features."""
    D, H = PARAM_D, PARAM_H
    if count is None:
        return no_answer(
            _t("a whole number for n_params", "n_params 的整数值"),
            hint=_t("which arrays does one LSTM layer hold?", "一个 LSTM 层里有哪些数组？"),
        )
    value = as_whole_number(count)
    if value is None:
        return not_yet(
            _t(
                f"expected a whole number, got {show(count)}: parameter counts are whole numbers",
                f"需要一个整数，得到的是 {show(count)}：参数量是整数",
            )
        )
    right = D * 4 * H + H * 4 * H + 4 * H
    if value == right:
        return correct(f"{value} = {D}*{4 * H} (Wx) + {H}*{4 * H} (Wh) + {4 * H} (b)")
    if value == D * 4 * H + H * 4 * H:
        return not_yet(
            _t(
                f"{value} leaves out the biases: b has one entry per gate and unit",
                f"{value} 漏掉了偏置：b 对每个门的每个单元各有一项",
            )
        )
    if value == (D + H + 1) * H:
        return not_yet(
            _t(
                f"{value} counts one gate only: there are four blocks [i, f, g, o]",
                f"{value} 只数了一个门：一共有四个块 [i, f, g, o]",
            )
        )
    if value == 4 * (D + H) * (D + H) + 4 * H:
        return not_yet(
            _t(
                f"{value} treats [h, x] as both input and output: each gate maps D + H numbers to H",
                f"{value} 把 [h, x] 既当输入又当输出：每个门把 D + H 个数映射为 H 个数",
            )
        )
    return not_yet(_t(f"{value} is not the count yet", f"{value} 还不是正确的参数量"))


def bias_gradient_closed_form(b_f: float, x: float = 1.0) -> float:
    """dh_T/db_f of section 6's unit at its steady state under the constant input ``x``:
    o f c* (1 - tanh^2 c*), with c* = i g / (1 - f), i = o = sigmoid(0), g = tanh(x)."""
    i = o = float(sigmoid(0.0))
    f, g = float(sigmoid(np.float64(b_f))), math.tanh(x)
    c_star = i * g / (1 - f)
    return o * f * c_star / math.cosh(c_star) ** 2


@staged(
    (
        "only the candidate sees the input: g = tanh(2) now. Every factor of section 6's product that depends on g "
        "changes with it; the others do not.",
        "只有候选记忆元看到输入：现在 g = tanh(2)。第 6 节的乘积中，凡是依赖 g 的因子都随之改变；其余的不变。",
    ),
    (
        "dh_T/db_f = o (1 - tanh(c*)^2) * f (1 - f) c* / (1 - f) = o f c* (1 - tanh(c*)^2), with c* = i g / (1 - f), "
        "i = o = sigmoid(0), g = tanh(2) and f = sigmoid(2).",
        "dh_T/db_f = o (1 - tanh(c*)^2) * f (1 - f) c* / (1 - f) = o f c* (1 - tanh(c*)^2)，其中 c* = i g / (1 - f)，"
        "i = o = sigmoid(0)，g = tanh(2)，f = sigmoid(2)。",
    ),
    code(
        "f = sigmoid(2.0); c_star = 0.5 * np.tanh(2.0) / (1 - f); ex4_grad = 0.5 * f * c_star * (1 - np.tanh(c_star) ** 2)"
    ),
)
def check_bias_gradient(grad) -> Feedback:
    """Exercise 4: dh_T/db_f at b_f = :data:`GRADIENT_B_F` under the input :data:`GRADIENT_INPUT`, within 1%."""
    if grad is None:
        return no_answer(
            _t("a number for the gradient", "梯度的数值"),
            hint=_t("which of section 6's factors change with the input?", "第 6 节的因子中，哪些随输入改变？"),
        )
    value = as_number(grad)
    if value is None:
        return not_yet(_t(f"the gradient must be a number, got {show(grad)}", f"梯度必须是数，得到的是 {show(grad)}"))
    right = bias_gradient_closed_form(GRADIENT_B_F, GRADIENT_INPUT)
    if abs(value - right) <= 0.01 * abs(right):
        return correct(
            _t(
                f"dh_T/db_f = {right:.3e} at b_f = {GRADIENT_B_F:g} under x_t = {GRADIENT_INPUT:g}",
                f"在 b_f = {GRADIENT_B_F:g}、输入 x_t = {GRADIENT_INPUT:g} 时，dh_T/db_f = {right:.3e}",
            )
        )
    if abs(value - bias_gradient_closed_form(GRADIENT_B_F, 1.0)) <= 0.01 * bias_gradient_closed_form(GRADIENT_B_F, 1.0):
        return not_yet(
            _t(
                f"{show(value)} is the gradient under x_t = 1: the candidate g changes with the input",
                f"{show(value)} 是输入 x_t = 1 时的梯度：候选记忆元 g 随输入改变",
            )
        )
    f = float(sigmoid(np.float64(GRADIENT_B_F)))
    if abs(value - right * (1 - f)) <= 0.01 * abs(right * (1 - f)):
        return not_yet(
            _t(
                f"{show(value)} has one step's gradient, not the sum over all the steps the cell keeps",
                f"{show(value)} 只是一步的梯度，而不是记忆元所保留的所有步之和",
            )
        )
    c_star = float(sigmoid(0.0)) * math.tanh(GRADIENT_INPUT) / (1 - f)
    no_tanh = float(sigmoid(0.0)) * f * c_star
    if abs(value - no_tanh) <= 0.01 * no_tanh:
        return not_yet(
            _t(
                f"{show(value)} leaves out the slope of tanh at the cell, 1 - tanh(c*)^2",
                f"{show(value)} 漏掉了 tanh 在记忆元处的斜率 1 - tanh(c*)^2",
            )
        )
    return not_yet(_t(f"{show(value)} is not dh_T/db_f yet", f"{show(value)} 还不是 dh_T/db_f"))
