"""Stand-ins for the notebooks' models, shared by the explorers' tests: deterministic in their arguments, as the
notebooks' translators and samplers are, and needing no trained weights."""

import numpy as np

from lstm_helpers import numerals as nm


def fake_translate(tokens):
    """The reference Chinese for a known number (零 otherwise), with all the attention on the diagonal.

    Returns ``(output, weights)``, ``weights`` of shape ``(T, S)``: T = output characters + ``<end>``, S = words.
    """
    try:
        out = nm.chinese_numeral(nm.parse_english(tokens))
    except ValueError:
        out = "零"
    T, S = len(out) + 1, len(tokens)
    w = np.zeros((T, S))
    w[np.arange(T), np.minimum(np.arange(T) * S // T, S - 1)] = 1.0
    return out, w


def fake_sampler(prompt, length, temperature, seed):
    """``length`` characters from a small alphabet, seeded by the seed, the temperature and the prompt's length."""
    rng = np.random.default_rng([seed, int(temperature * 1000), len(prompt)])
    return "".join(rng.choice(list("ab c\n"), size=length))
