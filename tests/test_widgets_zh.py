"""The explorers in the Chinese edition: with LSTM_LANGUAGE=zh every label, option, readout, note and message an
explorer shows is Chinese (full-width punctuation; names such as b_f, c_t, ρ, tanh and the numbers as in English),
picked when the explorer is built or the readout is written, never at import; with LSTM_LANGUAGE=en they are the
English ones, unchanged (the other test_widgets_*.py files hold the English contracts in full).
"""

from __future__ import annotations

import html
import math
import re

import pytest
from widget_fakes import fake_sampler, fake_translate

from lstm_helpers import language
from lstm_helpers import numerals as nm
from lstm_helpers.widgets import attention as wa
from lstm_helpers.widgets import explorer as we
from lstm_helpers.widgets import rnn as wr
from lstm_helpers.widgets import sampling as ws
from lstm_helpers.widgets.gates import gate_bias_explorer, gate_bias_response, half_life_text

widgets = pytest.importorskip("ipywidgets")

CJK = re.compile(r"[\u4e00-\u9fff]")
# An English sentence: three plain words in a row, or one of the small words no Chinese sentence holds.
ENGLISH = re.compile(r"\b[a-z]{3,}(?: [a-z]{2,}){2,}\b|\b(?:the|is|are|not|of|and|with|your|from|yet|here|typed)\b")
# Half-width punctuation that ends or splits an English sentence, right after a Chinese character.
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,.;:()]")
QUOTED = re.compile(r"'[^']*'")  # what the learner typed, a vocabulary's repr: data, not prose
TAGS = re.compile(r"<[^>]+>")


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setenv(language.ENV, "zh")


@pytest.fixture
def en(monkeypatch):
    monkeypatch.setenv(language.ENV, "en")


def assert_chinese(shown: str, *data: str) -> None:
    """``shown`` (plain text or HTML) is Chinese prose: CJK characters, no English sentence, full-width
    punctuation. ``data`` (typed words, the number vocabulary, a sample) and quoted text are left out first."""
    prose = html.unescape(TAGS.sub(" ", shown))
    for d in sorted(data, key=len, reverse=True):
        prose = prose.replace(d, " ")
    prose = QUOTED.sub(" ", prose)
    assert CJK.search(prose), f"no Chinese in {shown!r}"
    assert not ENGLISH.search(prose), f"English left in {shown!r}: {ENGLISH.findall(prose)}"
    assert not HALF_WIDTH.search(prose), f"half-width punctuation after Chinese in {shown!r}"


def labels_of(widget) -> list[str]:
    """Every description, placeholder and option label in a widget tree."""
    found = []
    for trait in ("description", "placeholder"):
        value = getattr(widget, trait, "")
        if value and value != "\u200b":  # ipywidgets' empty HTML placeholder
            found.append(value)
    found += list(getattr(widget, "_options_labels", ()))
    for child in getattr(widget, "children", ()):
        found += labels_of(child)
    return found


def plain_text(explorer) -> str:
    bundle = explorer._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/plain"]


def number_after(label: str, shown: str) -> float:
    match = re.search(re.escape(label) + r"\s*(-?[0-9.]+|inf)", shown)
    assert match, f"no {label!r} number in {shown!r}"
    return float(match.group(1))


VOCAB = "\n .ABCDEIJKLMNORTUGa"
NUMBER_WORDS = " ".join(nm.WORDS[1:])


# ----------------------------------------------------------------------------- the number control


def test_snap_notes_are_chinese(zh):
    assert we.snap_note(9.0, 1.5, 0.5, 1.5, 0.05, "谱半径", ".2f") == "这里的谱半径最大为 1.50；你输入的是 9。"
    assert we.snap_note(-3.0, 0.5, 0.5, 1.5, 0.05, "谱半径", ".2f") == "这里的谱半径最小为 0.50；你输入的是 -3。"
    assert we.snap_note(1.234, 1.25, 0.5, 1.5, 0.05, "谱半径", ".2f") == (
        "谱半径以 0.05 为步长移动：你输入的 1.234 取为 1.25。"
    )
    assert we.snap_note(1.2, 1.2, 0.5, 1.5, 0.05, "谱半径", ".2f") == ""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_drag_in_the_browser_says_nothing_in_either_language(monkeypatch, lang):
    """The browser sends a dragged slider's grid point as it computes it (-6 + 87 * 0.1 = 2.7000000000000006):
    the control uses 2.7 and says nothing, where it once said "using 2.7 for the 2.7 you typed"."""
    monkeypatch.setenv(language.ENV, lang)
    assert we.snap_note(-6 + 87 * 0.1, 2.7, -6.0, 6.0, 0.1, "遗忘门偏置", ".1f") == ""
    e = gate_bias_explorer(draw=False)
    forget = e.sliders["forget"]
    forget.box.value = 2.63
    assert forget.note.value  # a typed value off the steps is named ...
    forget.slider.value = -6 + 87 * 0.1  # ... a drag is not, and clears the note
    assert forget.value == forget.box.value == 2.7 and forget.note.value == ""


# ----------------------------------------------------------------------------- notebook 02: gate biases


def test_gate_explorer_speaks_chinese(zh):
    e = gate_bias_explorer(draw=False)
    labels = labels_of(e.widget)
    assert labels == [
        "遗忘门 b_f",
        "输入门 b_i",
        "输出门 b_o",
        "候选记忆元 b_g",
        "输入 x_t",
        "t=0 处的单个脉冲",
        "恒定输入",
    ]
    for label in labels:
        assert CJK.search(label), label
    expected = math.log(0.5) / math.log(1 / (1 + math.exp(-1.0)))
    assert e.readout.value == (
        f"<b>半衰期（公式）：{expected:.2f} 步；按模拟的 c_t 拟合：{expected:.2f} 步，其中 f = sigmoid(b_f) = 0.7311</b>"
    )
    assert number_after("半衰期（公式）：", e.readout.value) == pytest.approx(expected, abs=0.005)
    assert_chinese(e.readout.value)
    caption = re.search(r"<p>(.*?)</p>", e.diagram.value).group(1)
    assert caption == "该单元的第一步（t = 0，从 h = c = 0 开始），使用当前的偏置："
    assert plain_text(e).startswith("交互演示：") and "JupyterLab" in plain_text(e)
    assert_chinese(plain_text(e), "JupyterLab")


def test_gate_explorer_clamps_and_snaps_in_chinese(zh):
    e = gate_bias_explorer(draw=False)
    forget = e.sliders["forget"]
    forget.box.value = 50
    assert forget.value == 6.0 and forget.note.value == "这里的遗忘门偏置最大为 6.0；你输入的是 50。"
    assert "不在模拟的 50 步之内" in e.readout.value and "外推到 279.98 步" in e.readout.value
    assert_chinese(e.readout.value)
    forget.box.value = 2.63
    assert forget.note.value == "遗忘门偏置以 0.1 为步长移动：你输入的 2.63 取为 2.6。"
    e.sliders["candidate"].box.value = -9
    assert e.sliders["candidate"].note.value == "这里的候选记忆元偏置最小为 -6.0；你输入的是 -9。"
    e.sliders["input"].box.value = 7
    assert e.sliders["input"].note.value == "这里的输入门偏置最大为 6.0；你输入的是 7。"
    e.sliders["output"].box.value = 0.04
    assert e.sliders["output"].note.value == "输出门偏置以 0.1 为步长移动：你输入的 0.04 取为 0.0。"
    for control in e.sliders.values():
        if control.note.value:
            assert_chinese(control.note.value)
    e.pattern.value = "constant"
    assert_chinese(e.readout.value)


def test_gate_explorer_in_english_is_unchanged(en):
    e = gate_bias_explorer(draw=False)
    assert labels_of(e.widget) == [
        "forget b_f", "input b_i", "output b_o", "candidate b_g", "input x_t", "single pulse at t=0", "constant input",
    ]  # fmt: skip
    assert e.readout.value == (
        "<b>half-life (formula): 2.21 steps; fitted to the simulated c_t: 2.21 steps, with f = sigmoid(b_f) = 0.7311</b>"
    )
    e.sliders["forget"].box.value = 50
    assert e.sliders["forget"].note.value == "6.0 is the largest forget bias here; you typed 50."
    assert half_life_text(e.response) == (
        "half-life (formula): 279.98 steps; fitted half-life: not within the 50 simulated steps (the memory never "
        "fell to one half; a line fitted to its decay extrapolates to 279.98 steps), with f = sigmoid(b_f) = 0.9975"
    )
    assert "<p>The unit's first step (t = 0, from h = c = 0) with the current biases:</p>" in e.diagram.value
    assert plain_text(e) == (
        "Interactive explorer: its controls appear here once the cells above have run in JupyterLab "
        "(the static view below shows it at a few settings)."
    )


def test_the_language_is_read_when_the_explorer_is_built_and_the_readout_written(monkeypatch):
    monkeypatch.setenv(language.ENV, "en")
    e = gate_bias_explorer(draw=False)  # the module was imported long before: nothing was fixed then
    assert e.sliders["forget"].slider.description == "forget b_f"
    monkeypatch.setenv(language.ENV, "zh")
    assert gate_bias_explorer(draw=False).sliders["forget"].slider.description == "遗忘门 b_f"
    assert half_life_text(gate_bias_response(1.0, 0, 0, 0)).startswith("半衰期（公式）：2.21 步")


# ----------------------------------------------------------------------------- notebook 01: the RNN's decay


def test_rnn_explorer_speaks_chinese(zh):
    e = wr.rnn_explorer(T=20, H=4, N=2, rho=1.0, input_scale=0.0, draw=False)
    assert labels_of(e.widget) == ["谱半径 ρ", "输入尺度"]
    assert e.readout.value == "<b>每步衰减率：1.000（恰好为 1：梯度大小不变）</b>（线性预测：1.000）"
    shown = [e.readout.value, plain_text(e)]
    e.rho.box.value = 9
    assert e.rho.note.value == "这里的谱半径最大为 1.50；你输入的是 9。"
    assert number_after("每步衰减率：", e.readout.value) == pytest.approx(1.5, abs=5e-4)
    assert "大于 1：梯度增长，即梯度爆炸" in e.readout.value and "线性预测：1.500" in e.readout.value
    shown += [e.rho.note.value, e.readout.value]
    e.rho.box.value = 1.234
    assert e.rho.note.value == "谱半径以 0.05 为步长移动：你输入的 1.234 取为 1.25。"
    e.input_scale.box.value = -1
    assert e.input_scale.note.value == "这里的输入尺度最小为 0.00；你输入的是 -1。"
    shown += [e.rho.note.value, e.input_scale.note.value]
    e.rho.value = 0.8
    assert "小于 1：梯度消失" in e.readout.value
    for text in [*shown, e.readout.value]:
        assert_chinese(text, "JupyterLab")


def test_rnn_explorer_in_english_is_unchanged(en):
    e = wr.rnn_explorer(T=20, H=4, N=2, rho=1.0, input_scale=0.0, draw=False)
    assert labels_of(e.widget) == ["spectral radius ρ", "input scale"]
    e.rho.box.value = 9
    assert e.rho.note.value == "1.50 is the largest spectral radius here; you typed 9."
    assert e.readout.value == (
        "<b>decay rate per step: 1.500 (above 1: the gradient grows, it explodes)</b> (linear prediction: 1.500)"
    )


# ----------------------------------------------------------------------------- notebook 06: temperature


def strict_sampler(prompt, length, temperature, seed):
    bad = [ch for ch in prompt if ch not in VOCAB]
    if bad:
        raise ValueError(f"text holds character {bad[0]!r} that is not in vocab")
    return fake_sampler(prompt, length, temperature, seed)


def _summary(output_html: str) -> str:
    """The sampling explorer's output without the sample itself (the prompt and generated text are data)."""
    return re.sub(r"<pre.*?</pre>", " ", output_html, flags=re.S)


def test_sampling_explorer_speaks_chinese(zh):
    ui = ws.sampling_explorer(fake_sampler, prompt="ROMEO.", length=30, seed=1, known_words={"a", "b"})
    assert labels_of(ui.widget) == ["温度", "种子", "起始文本"]
    summary = _summary(ui.output.value)
    assert "温度 0.80，种子 1，30 个字符；其中 " in summary and "的词是真实的词" in summary
    assert_chinese(summary)
    ui.temperature.box.value = 50
    assert ui.temperature.note.value == "这里的温度最大为 2.00；你输入的是 50。"
    ui.temperature.box.value = 0.83
    assert ui.temperature.note.value == "温度以 0.05 为步长移动：你输入的 0.83 取为 0.85。"
    ui.seed.value = "1.5"
    assert ui.view is None and ui.message == "种子必须是 >= 0 的整数（例如 0、1、42），得到的是 '1.5'。"
    assert_chinese(ui.output.value)
    ui.seed.value = "2"
    ui.prompt.value = ""
    assert ui.output.value == "<i>请输入起始文本。</i>"
    ui.prompt.value = "ROMEO. " * 740
    assert "［起始文本共 5,180 个字符，这里是最后 " in ui.output.value
    assert plain_text(ui).startswith("交互演示：")


def test_sampling_explorer_names_unknown_characters_in_chinese(zh):
    ui = ws.sampling_explorer(strict_sampler, prompt="ROMEO.\n", length=30, seed=1, vocab=VOCAB)
    ui.prompt.value = "KING €"
    assert ui.message == f"模型的词表里没有这些字符：'€'（已从起始文本中略去）。词表有这 20 个字符：{VOCAB!r}。"
    assert ui.view is not None and ui.view.prompt == "KING "
    assert_chinese(_summary(ui.output.value))
    ui.prompt.value = "∑é€"
    assert "'∑'、'é'、'€'（起始文本里的字符一个也不剩）" in ui.message
    assert "<i>模型读不了起始文本中的任何一个字符：请用词表中的字符输入起始文本。</i>" in ui.output.value
    assert_chinese(ui.output.value)
    ui.seed.value = "x"  # two notices: one after the other, no space after the first one's 。
    assert ui.message.endswith("。种子必须是 >= 0 的整数（例如 0、1、42），得到的是 'x'。")


def test_a_sampler_error_is_introduced_in_chinese(zh):
    ui = ws.sampling_explorer(strict_sampler, prompt="ROMEO.", length=30)  # no vocab: the sampler's own check
    ui.prompt.value = "KING €"
    assert ui.view is None and ui.message.startswith("无法采样：")  # the sampler's own words follow
    assert ui.output.value.endswith("</div>")  # the notice only, no "type a prompt" below it


def test_sampling_explorer_in_english_is_unchanged(en):
    ui = ws.sampling_explorer(strict_sampler, prompt="ROMEO.\n", length=30, seed=1, vocab=VOCAB)
    assert labels_of(ui.widget) == ["temperature", "seed", "prompt"]
    ui.prompt.value = "KING €"
    assert ui.message == (
        f"Not in the model's vocabulary: '€' (left out of the prompt). The vocabulary holds these 20 characters: "
        f"{VOCAB!r}"
    )
    ui.seed.value = "x"
    assert ui.message.endswith(f"{VOCAB!r} The seed must be a whole number >= 0 (such as 0, 1, 42), got 'x'.")
    ui.seed.value = "1"
    ui.prompt.value = ""
    assert ui.output.value == "<i>Type a prompt to start from.</i>"
    ui.temperature.box.value = 0
    assert ui.temperature.note.value == "0.10 is the smallest temperature here; you typed 0."
    ui.prompt.value = "ROMEO."
    assert "temperature 0.10, seed 1, 30 characters" in ui.output.value


# ----------------------------------------------------------------------------- notebook 07: attention


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("", "请输入一个数：用英文词（例如 'three thousand and twelve'）或数字（例如 3012）。"),
        ("a dozen eggs", "数的词表里没有这些词：'a'、'dozen'、'eggs'；词表中的词是："),
        ("1000000000000", "这个任务的数最多有 12 位（小于 1,000,000,000,000），得到的是 1,000,000,000,000（13 位）。"),
        ("12.5", "请用数字写一个整数，例如 3012；得到的是 '12.5'。"),
        ("three thousand twelve", "；3,012 写作 'three thousand and twelve'；下面仍显示模型对这些词的翻译。"),
        ("and", "'and' 不是本笔记本写数的方式（数的范围为 0 到 999,999,999,999，英式写法，带 'and'）；下面仍显示"),
        (",", "没有读到任何词。请输入一个数："),
    ],
)
def test_read_number_explains_in_chinese(zh, typed, expected):
    message = wa.read_number(typed).message
    assert expected in message
    assert_chinese(message, NUMBER_WORDS, "three thousand twelve")


def test_attention_explorer_speaks_chinese(zh):
    ui = wa.attention_explorer(fake_translate, plain_fn=lambda t: "三千", text="3012")
    assert labels_of(ui.widget) == ["数", "英文词或数字，例如 twelve thousand and five 或 12005"]
    assert ui.view.lines() == [
        "输入（4 个词）：3,012：three thousand and twelve",
        "带注意力：  三千零一十二（正确）",
        "不带注意力：三千（错误）",
    ]
    assert "alt='注意力热图'" in ui.output.value
    for line in ui.view.lines():
        assert_chinese(line, "three thousand and twelve")
    ui.translate_fn = lambda tokens: ("一", fake_translate(tokens)[1][:2])
    ui.number.value = "seven"
    assert ui.view.lines()[1] == "带注意力：  一（错误，应为七）"
    ui.number.value = "a dozen"
    assert ui.view is None and "数的词表里没有这些词：'a'、'dozen'" in ui.output.value

    def broken(tokens):
        raise ValueError("the model refuses")

    ui.translate_fn = broken
    ui.number.value = "three thousand twelve"  # a note, then the failure: no space after the note's 。
    assert ui.message.endswith("下面仍显示模型对这些词的翻译。无法翻译：the model refuses")
    assert plain_text(ui).startswith("交互演示：")


def test_attention_lines_without_a_number_or_an_output_in_chinese(zh):
    ui = wa.attention_explorer(fake_translate, plain_fn=lambda t: "三千", text="3012")
    ui.translate_fn = lambda tokens: ("", fake_translate(tokens)[1][:1])  # the model writes nothing but <end>
    ui.number.value = "three thousand twelve"  # known words, not written the generator's way: no number
    assert ui.view.lines() == ["输入（3 个词）：three thousand twelve", "带注意力：  （空）", "不带注意力：三千"]
    for line in ui.view.lines():
        assert_chinese(line, "three thousand twelve")


def test_attention_explorer_in_english_is_unchanged(en):
    ui = wa.attention_explorer(fake_translate, plain_fn=lambda t: "三千", text="3012")
    assert labels_of(ui.widget) == ["number", "words or digits, e.g. twelve thousand and five, or 12005"]
    assert ui.view.lines() == [
        "input (4 words): 3,012: three thousand and twelve",
        "with attention:    三千零一十二  (right)",
        "without attention: 三千  (wrong)",
    ]
    assert "alt='attention heatmap'" in ui.output.value
    assert wa.read_number("").message == (
        "Type a number in words (such as 'three thousand and twelve') or in digits (such as 3012)."
    )
    assert wa.read_number("12.5").message == (
        "expected a whole number in digits, such as 3012, got '12.5'. "
        "Type a number in words (such as 'three thousand and twelve') or in digits (such as 3012)."
    )
    assert wa.read_number("hundred").message == (
        "'hundred' is not how this notebook writes a number (numbers 0 to 999,999,999,999, British style with "
        "'and'); 100 is written 'one hundred'; the model's translation of these words is shown anyway."
    )


# ----------------------------------------------------------------------------- English no other test reads


def test_the_english_no_other_test_pins_is_unchanged(en):
    """The English sentences the zh mutations showed no English test reading: as they were before Chinese came."""
    e = gate_bias_explorer(draw=False)
    e.sliders["input"].box.value = 7
    assert e.sliders["input"].note.value == "6.0 is the largest input bias here; you typed 7."
    e.sliders["output"].box.value = 0.04
    assert e.sliders["output"].note.value == "output bias moves in steps of 0.1: using 0.0 for the 0.04 you typed."
    e.sliders["candidate"].box.value = -9
    assert e.sliders["candidate"].note.value == "-6.0 is the smallest candidate bias here; you typed -9."
    r = wr.rnn_explorer(T=20, H=4, N=2, rho=1.0, input_scale=0.0, draw=False)
    assert r.readout.value == (
        "<b>decay rate per step: 1.000 (exactly 1: the gradient keeps its size)</b> (linear prediction: 1.000)"
    )
    r.input_scale.box.value = -1
    assert r.input_scale.note.value == "0.00 is the smallest input scale here; you typed -1."
    view = ws.sample_view(fake_sampler, "ROMEO.", 0.8, 30, seed=1, known_words={"a", "b"})
    assert view.summary() == (
        f"temperature 0.80, seed 1, 30 characters; {view.known_fraction:.0%} of the words are real words"
    )
    assert wa.read_number(",").message == (
        "expected a number in words (such as 'three thousand and twelve'), got nothing; "
        "the model's translation of these words is shown anyway."
    )
    ui = wa.attention_explorer(fake_translate, plain_fn=lambda t: "三千", text="3012")
    ui.translate_fn = lambda tokens: ("", fake_translate(tokens)[1][:1])
    ui.number.value = "three thousand twelve"
    assert ui.view.lines() == [
        "input (3 words): three thousand twelve",
        "with attention:    (nothing)",
        "without attention: 三千",
    ]
    ui.translate_fn = lambda tokens: ("一", fake_translate(tokens)[1][:2])
    ui.number.value = "seven"
    assert ui.view.lines()[1:] == ["with attention:    一  (wrong: 七)", "without attention: 三千  (wrong)"]

    def broken(tokens):
        raise ValueError("the model refuses")

    ui.translate_fn = broken
    ui.number.value = "three thousand twelve"  # a note, then the failure, one space between
    assert ui.message.endswith("is shown anyway. Could not translate: the model refuses")


# ----------------------------------------------------------------------------- every explorer, every label


def _every_explorer():
    return [
        gate_bias_explorer(draw=False),
        wr.rnn_explorer(T=20, H=4, N=2, draw=False),
        ws.sampling_explorer(strict_sampler, length=10, vocab=VOCAB),
        wa.attention_explorer(fake_translate),
    ]


def test_every_label_of_every_explorer_is_chinese(zh):
    for explorer in _every_explorer():
        for label in labels_of(explorer.widget):
            assert_chinese(label, "twelve thousand and five")
        assert_chinese(plain_text(explorer), "JupyterLab")


def test_no_label_of_any_explorer_is_chinese_in_english(en):
    for explorer in _every_explorer():
        for label in labels_of(explorer.widget):
            assert not CJK.search(label), label
        assert not CJK.search(plain_text(explorer))
