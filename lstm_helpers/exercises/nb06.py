"""Checks for notebook 06 (a character-level LSTM language model).

1. :func:`check_perplexity`: perplexity from bits per character.
2. :func:`check_temperature`: a distribution at temperature tau, by hand.
3. :func:`check_window_count` and :func:`check_T_effect`: what changing the window length T does.

Each check returns :func:`correct` or :func:`not_yet` and never raises on a
learner's answer. The placeholder ``None`` gets the idea only; a wrong answer's
message says what is wrong with it, and the hints come in stages over
successive wrong answers (:func:`staged`): the idea, the formula, the code, the
same three as under the exercise in the notebook.
"""

from __future__ import annotations

import math

import numpy as np

from . import Feedback, as_number, as_whole_number, correct, no_answer, not_yet, show, staged


@staged(
    "one bit is one fair yes/no question; a fair choice among k characters takes log2(k) bits.",
    "if b = log2(k), then k = 2 ** b: perplexity = 2 ** (bits per character) = exp(loss in nats).",
    "answer = 2 ** lstm_test_bpc",
)
def check_perplexity(answer, bpc: float) -> Feedback:
    """Perplexity of a model that scores ``bpc`` bits per character: ``2 ** bpc``."""
    if answer is None:
        return no_answer(
            "the perplexity",
            hint="A model with b bits per character is as unsure as a fair choice among how many characters? "
            "(the hints under the exercise go further)",
        )
    value = as_number(answer)
    if value is None:
        return not_yet(f"expected a number, got {type(answer).__name__}", hint="Compute it from lstm_test_bpc.")
    want = 2.0**bpc
    if math.isclose(value, want, rel_tol=1e-3):
        return correct(
            f"perplexity 2 ** {bpc:.3f} = {want:.2f}: the model is as unsure as a fair choice among {want:.1f} characters."
        )
    if math.isclose(value, math.exp(bpc), rel_tol=1e-3):
        return not_yet(
            f"{show(value)} is e ** bpc.", hint="Bits are base-2 logarithms: undo log2 with 2 ** x, not exp."
        )
    if math.isclose(value, bpc * math.log(2), rel_tol=1e-3):
        return not_yet(
            f"{show(value)} is the loss in nats, not the perplexity.", hint="A perplexity counts characters."
        )
    if math.isclose(value, bpc, rel_tol=1e-3):
        return not_yet(f"{show(value)} is the bits per character itself, not the perplexity.")
    if value < 1:
        return not_yet(f"{show(value)} is below 1: a perplexity counts equally likely characters, at least one.")
    return not_yet(f"{show(value)} is not the perplexity of {show(bpc)} bits per character.")


@staged(
    "the temperature divides the logits, and the log-probabilities are logits (up to a constant the softmax removes).",
    "softmax(log(p) / tau) = p ** (1 / tau) / sum(p ** (1 / tau)); at tau = 0.5 every probability is squared, "
    "then renormalised.",
    "q = p ** (1 / 0.5); answer = q / q.sum()",
)
def check_temperature(answer, probs, temperature: float) -> Feedback:
    """``probs`` rescaled to ``temperature``: ``p ** (1 / tau) / sum(p ** (1 / tau))``."""
    if answer is None:
        return no_answer(
            "the rescaled probabilities",
            hint="The temperature divides the logits, and log-probabilities are logits "
            "(the hints under the exercise go further).",
        )
    probs = np.asarray(probs, dtype=np.float64)
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return not_yet(f"expected an array of {probs.size} numbers, got {type(answer).__name__}")
    if got.shape != probs.shape:
        return not_yet(f"expected shape {probs.shape}, got {got.shape}", hint="One probability per character.")
    powered = probs ** (1.0 / temperature)
    want = powered / powered.sum()
    if np.allclose(got, want, atol=1e-4):
        return correct(f"at temperature {temperature} the distribution becomes {np.round(want, 3).tolist()}.")
    if np.allclose(got, powered, atol=1e-4):
        return not_yet("the powers are right but they do not sum to 1.", hint="Divide by their sum.")
    scaled = probs / temperature
    if np.allclose(got, scaled, atol=1e-4) or np.allclose(got, scaled / scaled.sum(), atol=1e-4):
        return not_yet(
            "dividing probabilities by the temperature does not change their shape.",
            hint="The temperature divides the logits, the log-probabilities, not the probabilities.",
        )
    if np.allclose(got, probs**temperature / (probs**temperature).sum(), atol=1e-4):
        return not_yet("that is temperature 1 / tau.", hint="The exponent is 1 / temperature.")
    return not_yet(_temperature_mismatch(got, probs, temperature))


def _temperature_mismatch(got, probs, temperature: float) -> str:
    """What is wrong with ``got`` as ``probs`` at ``temperature``, beyond the slips the check names."""
    total = float(got.sum())
    if not math.isclose(total, 1.0, abs_tol=1e-3):
        return f"{show(got)} sums to {show(total)}: a distribution sums to 1."
    if temperature < 1 and got.max() <= probs.max():
        return f"{show(got)} is not sharper than p: below temperature 1 the likeliest character gains."
    if temperature > 1 and got.max() >= probs.max():
        return f"{show(got)} is not flatter than p: above temperature 1 the likeliest character loses."
    return f"{show(got)} is not the distribution at temperature {show(temperature)}."


@staged(
    "windows sit side by side and every window needs one character after it, for its last target.",
    "a window starting at s uses ids[s : s + T2 + 1], so the count is the number of starts 0, T2, 2 T2, ... with "
    "s + T2 + 1 <= len(train_ids): floor((len(train_ids) - 1) / T2).",
    "n_windows = (len(train_ids) - 1) // T2; n_windows == len(tx.windows(train_ids, T2)[0])",
)
def check_window_count(answer, n_train: int, T: int) -> Feedback:
    """Number of windows ``text.windows(train_ids, T)`` makes (side by side, offset 0): ``(n_train - 1) // T``."""
    if answer is None:
        return no_answer(
            "the number of windows",
            hint="Each window needs T inputs and one more character for its last target "
            "(the hints under the exercise go further).",
        )
    given = answer
    answer = as_whole_number(answer)
    if answer is None:
        return not_yet(f"expected a whole number, got {show(given)}", hint="Windows are counted in whole numbers.")
    want = (n_train - 1) // T
    if answer == want:
        return correct(f"{want:,} windows of {T} characters: (len(train_ids) - 1) // T.")
    if answer == n_train // T:
        return not_yet(
            f"{show(answer)} is len(train_ids) // T: one window too many here.",
            hint="The last window needs one more character after it for its final target.",
        )
    if answer in (n_train - T, n_train - T - 1):
        return not_yet(f"{show(answer)} counts a window at every character: these windows sit side by side.")
    return not_yet(f"{show(answer)} windows is not right for T = {show(T)}.")


#: The statements of the multiple-choice question on T (the notebook prints them).
T_CHOICES = {
    "a": "Halving T halves the number of windows per epoch, so training gets twice as slow.",
    "b": "With a smaller T each epoch has more, shorter windows. Every window starts from a zero state, so no "
    "training prediction depends on more than the T characters of one window: nothing in training rewards "
    "using more context (scoring may still give the model more, as section 5 measures).",
    "c": "T stops mattering once the state is carried from one window to the next (section 5), because the "
    "gradient then flows back through all the earlier windows too.",
    "d": "A smaller T lets the model remember longer, because its gradients vanish less.",
}


@staged(
    "think about what the model sees inside one window, where its state starts, and where the gradient stops "
    "when the state is carried.",
    "test each statement against how training runs: a new zero state for every window (section 3), "
    "steps_per_pass batches of BATCH windows per epoch, and in section 5's carried state a gradient that still "
    "stops at the window's first character.",
    "per_epoch = [tx.steps_per_pass(len(train_ids), t, BATCH) * BATCH * t for t in (T, T2)]; "
    'choice = "b"  # per_epoch: about the same characters for both T, so not (a); the gradient still stops at '
    "the window's first character, so not (c) and not (d)",
)
def check_T_effect(choice) -> Feedback:
    """Which statement about a smaller window length T is true (``"b"``)."""
    if choice is None:
        return no_answer(
            "the letter of your choice",
            hint="Think about what the model sees inside one window, where its state starts, and where the "
            "gradient stops (the hints under the exercise go further).",
        )
    key = str(choice).strip().lower()
    if key not in T_CHOICES:
        return not_yet(f"choose one of {sorted(T_CHOICES)}, got {show(choice)}")
    if key == "b":
        return correct(
            "each window starts from zeros, so no training prediction depends on more than T characters: a "
            "smaller T means more, cheaper windows and less context that training can reward. (It bounds what "
            "training rewards, not what a model uses: section 5's LSTMs use far fewer characters than T.)"
        )
    hints = {
        "a": "Count the characters per epoch: more windows, but each is shorter; the work per epoch stays about the same.",
        "c": "With a carried state the forward pass reads the earlier windows, but the gradient still stops at "
        "the window's first character: truncated backpropagation through time, T steps at most.",
        "d": "Shorter windows cannot teach dependencies longer than the window, however well gradients flow.",
    }
    return not_yet(f"({key}) is not right.", hint=hints[key])
