"""Temperature explorer for notebook 06: a slider and a prompt box that regenerate a seeded sample.

Pure part (unit-tested, no ipywidgets): :func:`apply_temperature` rescales a
next-character distribution, :func:`known_word_fraction` measures how much of
a sample is made of real words, :func:`check_prompt` splits a prompt into the
characters the model knows and those it does not, :func:`parse_seed` reads
the seed box, and :func:`sample_view` calls the notebook's own sampler and
prepares what the explorer shows. The explorer, :class:`SamplingExplorer`
(built by :func:`sampling_explorer`), only wires the widgets to these.

The sampler itself is written out in the notebook (``sample_fn(prompt,
length, temperature, seed) -> str``), so the learner sees every step of it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import numpy as np

from .._shapes import check_int, check_number, check_str
from ..language import text as _t
from .explorer import Explorer, NumberControl

_WORD = re.compile(r"[A-Za-z']+")


def apply_temperature(probs, temperature: float) -> np.ndarray:
    """Rescale distributions ``probs (..., V)`` to temperature ``tau``: ``p ** (1 / tau)``, renormalised.

    The same as a softmax of ``logits / tau``. ``tau = 1`` leaves ``probs``
    unchanged, ``tau < 1`` sharpens towards the most likely character, ``tau > 1``
    flattens towards uniform. Computed in log space, so small ``tau`` cannot
    overflow; zero probabilities stay zero.
    """
    temperature = _check_temperature(temperature)
    probs = np.asarray(probs, dtype=np.float64)
    if probs.ndim < 1 or probs.shape[-1] < 1:
        raise ValueError(f"probs must be (..., V) with V >= 1, got shape {probs.shape}")
    if (probs < 0).any() or not np.allclose(probs.sum(-1), 1.0, atol=1e-6):
        raise ValueError("probs must be non-negative and sum to 1 over the last axis")
    with np.errstate(divide="ignore"):
        z = np.log(probs) / temperature  # (..., V); -inf where p = 0
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _check_temperature(temperature) -> float:
    return check_number("temperature", temperature, 0, low_open=True)


def known_word_fraction(text: str, known_words) -> float:
    """Fraction of the words in ``text`` (runs of letters and apostrophes, lower-cased) found in ``known_words``.

    Returns ``nan`` when ``text`` holds no word.
    """
    check_str("text", text)
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return float("nan")
    known = known_words if isinstance(known_words, (set, frozenset)) else set(known_words)
    return sum(w in known for w in words) / len(words)


def words_of(text: str) -> frozenset:
    """The distinct lower-cased words of ``text`` (for :func:`known_word_fraction`)."""
    check_str("text", text)
    return frozenset(w.lower() for w in _WORD.findall(text))


@dataclass(frozen=True)
class PromptCheck:
    """A prompt split by a vocabulary: what the model can read and what it cannot."""

    prompt: str  # the prompt as typed
    known: str  # the prompt without its unknown characters (what the sampler is given)
    unknown: tuple  # the distinct characters outside the vocabulary, in order of appearance
    vocab: str

    def message(self) -> str:
        """Plain text for the reader ("" when every character is known)."""
        if not self.unknown:
            return ""
        chars = [repr(ch) for ch in self.unknown]
        if self.known:
            what = _t("left out of the prompt", "已从起始文本中略去")
        else:
            what = _t("nothing of the prompt is left", "起始文本里的字符一个也不剩")
        return _t(
            f"Not in the model's vocabulary: {', '.join(chars)} ({what}). The vocabulary holds these "
            f"{len(self.vocab)} characters: {self.vocab!r}",
            f"模型的词表里没有这些字符：{'、'.join(chars)}（{what}）。词表有这 {len(self.vocab)} 个字符：{self.vocab!r}。",
        )


def check_prompt(prompt: str, vocab: str) -> PromptCheck:
    """Split ``prompt`` into the characters of ``vocab`` (kept, in order) and the others (named once each)."""
    prompt = check_str("prompt", prompt)
    vocab = check_str("vocab", vocab, non_empty=True)
    allowed = set(vocab)
    unknown = tuple(dict.fromkeys(ch for ch in prompt if ch not in allowed))
    known = "".join(ch for ch in prompt if ch in allowed)
    return PromptCheck(prompt, known, unknown, vocab)


def parse_seed(text: str):
    """The seed typed in the seed box: ``(seed, "")`` for a whole number >= 0, else ``(None, message)``."""
    text = check_str("seed", text).strip()
    if text.isascii() and text.isdigit():
        return int(text), ""
    return None, _t(
        f"The seed must be a whole number >= 0 (such as 0, 1, 42), got {text!r}.",
        f"种子必须是 >= 0 的整数（例如 0、1、42），得到的是 {text!r}。",
    )


#: How many characters of a long prompt the explorer echoes above the sample.
PROMPT_ECHO = 200


@dataclass(frozen=True)
class SampleView:
    """What the explorer shows for one setting."""

    prompt: str
    sample: str  # the generated characters (without the prompt)
    temperature: float
    seed: int
    known_fraction: float  # share of generated words that are real words (nan without a word list)

    def summary(self) -> str:
        tau, n, share = f"{self.temperature:.2f}", len(self.sample), f"{self.known_fraction:.0%}"
        line = _t(f"temperature {tau}, seed {self.seed}, {n} characters", f"温度 {tau}，种子 {self.seed}，{n} 个字符")
        if not np.isnan(self.known_fraction):
            line += _t(f"; {share} of the words are real words", f"；其中 {share} 的词是真实的词")
        return line

    def html(self, echo: int = PROMPT_ECHO) -> str:
        """The prompt in bold, the sample after it, in a monospaced block that keeps line breaks.

        A prompt longer than ``echo`` characters is shown by its last ``echo`` characters, after a note of
        its length (the model read all of it; the sample continues from its end).
        """
        shown = self.prompt
        if len(shown) > echo:
            cut = shown[-echo:]
            cut = cut[cut.find(" ") + 1 :] if " " in cut[: echo // 4] else cut  # start at a word
            shown = _t(
                f"[the prompt's last {len(cut):,} of {len(self.prompt):,} characters] ...{cut}",
                f"［起始文本共 {len(self.prompt):,} 个字符，这里是最后 {len(cut):,} 个］……{cut}",
            )
        body = f"<b>{html.escape(shown)}</b>{html.escape(self.sample)}"
        return (
            f"<div style='font-size:90%;color:#555'>{html.escape(self.summary())}</div>"
            f"<pre style='white-space:pre-wrap;font-size:90%;margin:0.3em 0'>{body}</pre>"
        )


def sample_view(sample_fn, prompt: str, temperature: float, length: int, seed: int = 0, known_words=None) -> SampleView:
    """Generate ``length`` characters after ``prompt`` with ``sample_fn`` and measure them.

    ``sample_fn(prompt, length, temperature, seed) -> str`` is the notebook's
    sampler; it must return exactly ``length`` characters and, given the same
    arguments, the same text. ``known_words``: optional collection of real
    words for :attr:`SampleView.known_fraction`.
    """
    prompt = check_str("prompt", prompt, non_empty=True)
    temperature = _check_temperature(temperature)
    length = check_int("length", length, 1)
    seed = check_int("seed", seed, 0)
    sample = sample_fn(prompt, length, temperature, seed)
    if not isinstance(sample, str) or len(sample) != length:
        got = f"{len(sample)} characters" if isinstance(sample, str) else type(sample).__name__
        raise ValueError(f"sample_fn must return a str of length {length}, got {got}")
    known = float("nan") if known_words is None else known_word_fraction(sample, known_words)
    return SampleView(prompt, sample, temperature, seed, known)


class SamplingExplorer(Explorer):
    """A temperature slider, a prompt box and a seed box that regenerate a fixed-length sample.

    Same settings, same text: the sample depends only on (prompt, temperature,
    seed). ``temperature``, ``prompt`` (a text area: a prompt may hold
    newlines) and ``seed`` (a text box read by :func:`parse_seed`) are the controls, ``output`` the HTML shown,
    ``view`` the :class:`SampleView` shown last (``None`` while there is
    nothing to sample from), ``message`` the notice shown above it ("" when
    none) and ``widget`` the box to display.

    With ``vocab``, characters of the prompt outside it are left out and named
    in ``message``, with the vocabulary, instead of failing inside the sampler;
    an error the sampler raises for a value it refuses is shown in the output
    too, and the explorer keeps answering to its controls.
    """

    def __init__(
        self,
        sample_fn,
        prompt: str = "ROMEO.\n",
        length: int = 300,
        seed: int = 0,
        known_words=None,
        temperatures=(0.1, 2.0, 0.05),
        initial_temperature: float = 0.8,
        vocab: str | None = None,
    ):
        import ipywidgets as widgets

        self.sample_fn, self.length, self.known_words = sample_fn, check_int("length", length, 1), known_words
        self.vocab = None if vocab is None else check_str("vocab", vocab, non_empty=True)
        style = {"description_width": "90px"}
        low, high, step = temperatures
        self.temperature = NumberControl(
            _t("temperature", "温度"),
            initial_temperature,
            low,
            high,
            step,
            name=_t("temperature", "温度"),
            fmt=".2f",
            css="sampling-temperature",
            description_width="90px",
        )
        self.prompt = widgets.Textarea(
            value=prompt,
            description=_t("prompt", "起始文本"),
            continuous_update=False,
            rows=2,
            style=style,
            layout=widgets.Layout(width="420px"),
        )
        # A text box, read by parse_seed: a number box turns a typed "1.5" into 15 in the browser.
        self.seed = widgets.Text(
            value=str(check_int("seed", seed, 0)),
            description=_t("seed", "种子"),
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="200px"),
        )
        self.output = widgets.HTML()
        for control, name in (
            (self.prompt, "prompt"),
            (self.seed, "seed"),
            (self.output, "output"),
        ):
            control.add_class(f"sampling-{name}")
        self.view, self.message = None, ""
        self.widget = widgets.VBox([widgets.HBox([self.temperature.widget, self.seed]), self.prompt, self.output])
        self.temperature.observe(lambda value: self.update())
        for control in (self.prompt, self.seed):
            control.observe(self.update, names="value")
        self.update()

    def update(self, change=None) -> SampleView | None:
        """Regenerate the sample from the current controls and show it (with a notice if the prompt needed one)."""
        prompt, self.message, self.view = self.prompt.value, "", None
        if self.vocab is not None:
            checked = check_prompt(prompt, self.vocab)
            prompt, self.message = checked.known, checked.message()
        seed, seed_problem = parse_seed(self.seed.value)
        failed = False  # the sampler refused the setting
        gap = _t(" ", "")  # between two notices: a space after an English sentence, none after "。"
        if seed_problem:
            self.message = (self.message + gap if self.message else "") + seed_problem
        elif prompt:
            try:
                self.view = sample_view(
                    self.sample_fn, prompt, self.temperature.value, self.length, seed, self.known_words
                )
            except (TypeError, ValueError) as error:  # shown on the page, not lost in a log console
                failed = True
                refused = _t(f"Could not sample: {error}", f"无法采样：{error}")
                self.message = (self.message + gap if self.message else "") + refused
        notice = f"<div class='sampling-message' style='color:#b35900'>{html.escape(self.message, quote=False)}</div>"
        if self.view is not None:
            body = self.view.html()
        elif seed_problem or failed:
            body = ""
        elif self.prompt.value:  # typed, but none of it is in the vocabulary
            body = _t(
                "<i>None of the prompt's characters can be read by the model: type one with its characters.</i>",
                "<i>模型读不了起始文本中的任何一个字符：请用词表中的字符输入起始文本。</i>",
            )
        else:
            body = _t("<i>Type a prompt to start from.</i>", "<i>请输入起始文本。</i>")
        self.output.value = (notice if self.message else "") + body
        return self.view


def sampling_explorer(
    sample_fn,
    prompt: str = "ROMEO.\n",
    length: int = 300,
    seed: int = 0,
    known_words=None,
    temperatures=(0.1, 2.0, 0.05),
    initial_temperature: float = 0.8,
    vocab: str | None = None,
) -> SamplingExplorer:
    """Build the explorer (see :class:`SamplingExplorer`); display it as a cell's last expression."""
    return SamplingExplorer(
        sample_fn,
        prompt=prompt,
        length=length,
        seed=seed,
        known_words=known_words,
        temperatures=temperatures,
        initial_temperature=initial_temperature,
        vocab=vocab,
    )
