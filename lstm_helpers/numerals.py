"""Notebook 07's translation task: English number words to Chinese numerals, generated and scored exactly.

``"three thousand and twelve"`` -> ``三千零一十二``. The two languages group
digits differently, which is what makes this a real alignment problem:

- **English** (British style, the way ``inflect`` writes numbers) reads a
  number in groups of three digits, named *thousand*, *million*, *billion*;
  every group below a thousand is read as "<digit> hundred and <tens>".
- **Chinese** reads it in groups of four, named 万 (10^4) and 亿 (10^8);
  inside a group the units are 千 (1000), 百 (100), 十 (10). So "twelve
  thousand" is 一万二千: one English word ("twelve") becomes a digit of the
  万 group and a digit of the units group.
- 零 ("zero") is written by rule: once for each run of zeros *between*
  non-zero digits (一百零五 for 105, 一千零五 for 1005), and before a group
  below 1000 that follows a higher non-zero group (一万零五百 for 10,500,
  一亿零一 for 100,000,001); never at the end of a number. A leading 一十 is
  read 十 (十二 for 12, 十万 for 100,000); elsewhere 一十 stays (一百一十).

The generators :func:`english_words` and :func:`chinese_numeral` are this
module's own; ``tests/test_numerals.py`` checks them against two well-kept
libraries used as oracles, ``inflect`` (English) and ``cn2an`` (Chinese), on
every number below 20,000 and on 20,000 random ones up to 12 digits.

The data: :func:`sample_numbers` draws numbers with a chosen count of digits
and zeros placed often enough to exercise every 零 rule; :func:`make_splits`
makes training, validation and test sets that share no number (the input of
a pair *is* its number, so disjoint numbers are disjoint inputs).
Tokens: the input is a sequence of words (``WORDS``, hyphens and commas
dropped: "twenty-three" is two tokens), the output a sequence of characters
(``CHARS``); :func:`encode_words` and :func:`encode_chars` turn them into
padded id arrays, id 0 being padding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ._shapes import as_int_array, check_int, check_number, check_str, describe

MAX_DIGITS = 12  #: the largest numbers have 12 digits (below one trillion, 10^12)
LIMIT = 10**MAX_DIGITS

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"))

#: The input vocabulary: id 0 is padding, then every word the generator writes.
WORDS = ("<pad>", *_UNITS, *_TEENS, *_TENS[2:], "hundred", "thousand", "million", "billion", "and")
WORD_IDS = {w: k for k, w in enumerate(WORDS)}

_DIGITS_ZH = "零一二三四五六七八九"
#: The output vocabulary: id 0 padding, 1 start (fed to the decoder first), 2 end (the decoder's last output).
CHARS = ("<pad>", "<start>", "<end>", *_DIGITS_ZH, "十", "百", "千", "万", "亿")
CHAR_IDS = {c: k for k, c in enumerate(CHARS)}
PAD, START, END = 0, 1, 2

#: What each Chinese character means, for readers without the script and for figures drawn without a CJK font.
CHAR_MEANINGS = {
    **{ch: str(d) for d, ch in enumerate(_DIGITS_ZH)},
    "十": "x10",
    "百": "x100",
    "千": "x1000",
    "万": "x10^4",
    "亿": "x10^8",
}


def _check_number(n) -> int:
    return check_int("n", n, 0, LIMIT - 1)


# ---------------------------------------------------------------- English


def _below_thousand(n: int) -> list[str]:
    """Words of 1 <= n <= 999, hyphens kept: 'one hundred and twenty-three'."""
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_UNITS[hundreds], "hundred"]
        if rest:
            words.append("and")
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens] + (f"-{_UNITS[units]}" if units else ""))
    elif rest >= 10:
        words.append(_TEENS[rest - 10])
    elif rest:
        words.append(_UNITS[rest])
    return words


def english_words(n) -> str:
    """``n`` (0 <= n < 10^12) in English words, as ``inflect``'s ``number_to_words`` writes it.

    British style: "and" inside every group after "hundred", groups separated
    by ", ", except that a last group below 100 follows " and ":
    ``english_words(20030004)`` is ``"twenty million, thirty thousand and four"``.
    """
    n = _check_number(n)
    if n == 0:
        return "zero"
    groups, rest = [], n
    for value, name in _SCALES:
        count, rest = divmod(rest, value)
        if count:
            groups.append(" ".join(_below_thousand(count)) + f" {name}")
    if not rest:
        return ", ".join(groups)
    last = " ".join(_below_thousand(rest))
    if not groups:
        return last
    return ", ".join(groups) + (" and " if rest < 100 else ", ") + last


_SPLIT = re.compile(r"[\s,\-]+")


def tokenize(text) -> list[str]:
    """The word tokens of an English number: lower-cased, split at spaces, commas and hyphens."""
    text = check_str("text", text)
    return [w for w in _SPLIT.split(text.strip().lower()) if w]


def english_tokens(n) -> list[str]:
    """The input tokens of ``n``: ``["three", "thousand", "and", "twelve"]`` for 3012."""
    return tokenize(english_words(n))


def parse_english(tokens) -> int:
    """The number that word tokens name, if they are exactly how :func:`english_words` writes it.

    Raises ValueError saying what is wrong: an unknown word (naming it and the
    vocabulary), or words that are not the generator's way of writing any
    number (with the way it writes the number they come closest to, if any).
    """
    if isinstance(tokens, str):
        tokens = tokenize(tokens)
    if not isinstance(tokens, (list, tuple)) or not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"tokens must be a str or a list of word strings, got {describe(tokens)}")
    if not tokens:
        raise ValueError("expected a number in words (such as 'three thousand and twelve'), got nothing")
    unknown = list(dict.fromkeys(t for t in tokens if t not in WORD_IDS or t == WORDS[PAD]))
    if unknown:
        raise ValueError(
            f"not a word of the number vocabulary: {', '.join(repr(t) for t in unknown)}; "
            f"the words are: {' '.join(WORDS[1:])}"
        )
    small = {w: k for k, w in enumerate(_UNITS)} | {w: 10 + k for k, w in enumerate(_TEENS)}
    small |= {w: 10 * k for k, w in enumerate(_TENS) if k >= 2}
    scales = {name: value for value, name in _SCALES}
    total, current = 0, 0
    for t in tokens:
        if t in small:
            current += small[t]
        elif t == "hundred":
            current = max(current, 1) * 100 if current < 100 else current * 100
        elif t in scales:
            total += max(current, 1) * scales[t]
            current = 0
    value = total + current
    if value < LIMIT and english_tokens(value) == list(tokens):
        return value
    closest = f"; {value:,} is written '{english_words(value)}'" if 0 < value < LIMIT else ""
    raise ValueError(
        f"'{' '.join(tokens)}' is not how this notebook writes a number "
        f"(numbers 0 to {LIMIT - 1:,}, British style with 'and'){closest}"
    )


def digits_to_number(text) -> int:
    """A number typed in digits (``"3012"``, ``"3,012"``, ``"3 012"``) as an int in [0, 10^12), else ValueError."""
    text = check_str("text", text).strip()
    plain = re.sub(r"[,\s_]", "", text)
    if not plain.isascii() or not plain.isdigit():
        raise ValueError(f"expected a whole number in digits, such as 3012, got {text!r}")
    n = int(plain)
    if n >= LIMIT:
        raise ValueError(
            f"the numbers of this task have at most {MAX_DIGITS} digits (below {LIMIT:,}), got {n:,} "
            f"({len(str(n))} digits)"
        )
    return n


def group_span(tokens, name: str) -> tuple[int, int] | None:
    """Where the English group named ``name`` ("thousand", "million" or "billion") lies in ``tokens``.

    ``(first, last)`` token indices, ``last`` being the word ``name`` itself and
    ``first`` the word after the previous larger group name (or 0): for
    "twelve million three hundred thousand" and "thousand", ``(2, 4)``. None
    when the number has no such group.
    """
    order = [scale for _, scale in _SCALES]  # billion, million, thousand
    if name not in order:
        raise ValueError(f"name must be one of {', '.join(order)}, got {name!r}")
    tokens = list(tokens)
    if name not in tokens:
        return None
    last = tokens.index(name)
    larger = order[: order.index(name)]
    before = [k for k in range(last) if tokens[k] in larger]
    return (before[-1] + 1 if before else 0), last


# ---------------------------------------------------------------- Chinese


def _group_zh(n: int) -> str:
    """One four-digit group 1 <= n <= 9999 with the 零 rule inside it (no leading 零)."""
    out, zero_pending = [], False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS_ZH[digit] + unit)
    return "".join(out)


def chinese_numeral(n) -> str:
    """``n`` (0 <= n < 10^12) in Chinese numerals, as ``cn2an.an2cn`` writes it: 3012 -> 三千零一十二.

    Groups of four digits (亿, 万, units); a group below 1000 after a higher
    non-zero group starts with 零, an empty group is left out with its unit
    (the zeros at the end of a group are never read, so 85,000,004,114 is
    八百五十亿四千一百一十四); a leading 一十 is written 十.
    """
    n = _check_number(n)
    if n == 0:
        return "零"
    groups = [(n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    out, seen = [], False
    for group, unit in zip(groups, ("亿", "万", "")):
        if group == 0:
            continue
        if seen and group < 1000:  # the group's leading zeros, after a higher group: one 零
            out.append("零")
        out.append(_group_zh(group) + unit)
        seen = True
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def chinese_to_number(text) -> int:
    """The value of a Chinese numeral (the inverse of :func:`chinese_numeral`, for scoring and tests)."""
    text = check_str("text", text)
    if not text or any(ch not in CHAR_IDS or CHAR_IDS[ch] <= END for ch in text):
        raise ValueError(f"expected a Chinese numeral of the characters {''.join(CHARS[3:])}, got {text!r}")
    total, section, number = 0, 0, 0
    small = {"十": 10, "百": 100, "千": 1000}
    for ch in text:
        if ch in _DIGITS_ZH:
            number = _DIGITS_ZH.index(ch)
        elif ch in small:
            section += (number or (1 if ch == "十" else 0)) * small[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10**4
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 10**8
            section = number = 0
    return total + section + number


# ---------------------------------------------------------------- data


def sample_numbers(n, rng, max_digits: int = MAX_DIGITS, zero_share: float = 0.3, min_digits: int = 1) -> np.ndarray:
    """``n`` numbers ``(n,)`` int64: a digit count uniform in [min_digits, max_digits], then the digits.

    The leading digit is 1-9; every later digit is 0 with probability
    ``zero_share`` and 1-9 otherwise, so runs of zeros (and the 零 rules they
    call for) are common. Deterministic given ``rng`` (a NumPy Generator).
    """
    n = check_int("n", n, 0)
    max_digits = check_int("max_digits", max_digits, 1, MAX_DIGITS)
    min_digits = check_int("min_digits", min_digits, 1, max_digits)
    zero_share = check_number("zero_share", zero_share, 0, 1)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {describe(rng)}")
    counts = rng.integers(min_digits, max_digits + 1, size=n)  # (n,)
    digits = rng.integers(1, 10, size=(n, max_digits))  # (n, max_digits), column 0 the leading digit
    zeros = rng.random((n, max_digits)) < zero_share
    zeros[:, 0] = False
    digits[zeros] = 0
    out = np.zeros(n, dtype=np.int64)
    for k in range(max_digits):
        active = counts > k
        out[active] = out[active] * 10 + digits[active, k]
    return out


@dataclass(frozen=True)
class Splits:
    """Training, validation and test numbers ``(N,)`` each, no number in two of them."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray

    def items(self):
        return {"train": self.train, "validation": self.validation, "test": self.test}.items()


def make_splits(n_train, n_val, n_test, seed: int = 0, max_digits: int = MAX_DIGITS, zero_share: float = 0.3) -> Splits:
    """Distinct numbers, drawn by :func:`sample_numbers` from ``seed``, cut into three disjoint sets.

    Numbers are drawn until enough distinct ones exist, in the order drawn, so
    the short numbers (there are only 9 of one digit and 90 of two) appear
    at most once across all three sets. Same seed, same sets.
    """
    sizes = [check_int(name, v, 1) for name, v in (("n_train", n_train), ("n_val", n_val), ("n_test", n_test))]
    seed = check_int("seed", seed, 0)
    need = sum(sizes)
    rng = np.random.default_rng(seed)
    seen: dict[int, None] = {}
    while len(seen) < need:
        for v in sample_numbers(2 * (need - len(seen)) + 16, rng, max_digits, zero_share).tolist():
            seen.setdefault(v)
            if len(seen) == need:
                break
    pool = np.fromiter(seen, dtype=np.int64, count=need)
    order = np.random.default_rng(seed + 1).permutation(need)  # which drawn number goes to which set
    pool = pool[order]
    a, b = sizes[0], sizes[0] + sizes[1]
    return Splits(pool[:a].copy(), pool[a:b].copy(), pool[b:].copy())


def encode_words(numbers, length: int | None = None) -> np.ndarray:
    """Word ids ``(N, T_in)`` int32 of the numbers' English tokens, padded with 0 on the right."""
    seqs = [[WORD_IDS[w] for w in english_tokens(v)] for v in _numbers(numbers)]
    return _pad(seqs, length, "length")


def encode_tokens(tokens) -> np.ndarray:
    """Word ids ``(1, T_in)`` of a token list (known words only, see :func:`parse_english` for the message)."""
    unknown = [t for t in tokens if t not in WORD_IDS or t == WORDS[PAD]]
    if unknown or not tokens:
        raise ValueError(f"expected known number words, got {tokens!r}")
    return np.array([[WORD_IDS[t] for t in tokens]], dtype=np.int32)


def encode_chars(numbers, length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Teacher-forcing pairs for the decoder: ``(decoder_in, decoder_out)``, ``(N, T_out)`` int32 each.

    ``decoder_in`` is ``<start>`` then the characters; ``decoder_out`` the
    characters then ``<end>``: at step t the decoder reads character t - 1 and
    must say character t. Both padded with 0 on the right.
    """
    targets = [[CHAR_IDS[c] for c in chinese_numeral(v)] for v in _numbers(numbers)]
    return _pad([[START, *t] for t in targets], length, "length"), _pad([[*t, END] for t in targets], length, "length")


def decode_chars(ids) -> str:
    """Characters of output ids, up to the first ``<end>`` (padding and ``<start>`` skipped)."""
    ids = as_int_array("ids", np.asarray(ids).ravel(), "character ids", 0, len(CHARS), "len(CHARS)")
    out = []
    for k in ids.tolist():
        if k == END:
            break
        if k > END:
            out.append(CHARS[k])
    return "".join(out)


def _numbers(numbers) -> list[int]:
    arr = np.asarray(numbers)
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"numbers must be a 1-D array of whole numbers (N,), got {describe(numbers)}")
    return [_check_number(int(v)) for v in arr.tolist()]


def _pad(seqs, length, name) -> np.ndarray:
    longest = max((len(s) for s in seqs), default=0)
    length = longest if length is None else check_int(name, length, 1)
    if longest > length:
        raise ValueError(f"{name} must be at least the longest sequence, {longest}, got {length}")
    out = np.zeros((len(seqs), length), dtype=np.int32)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = s
    return out


def input_lengths(numbers) -> np.ndarray:
    """The number of input word tokens of each number ``(N,)``."""
    return np.array([len(english_tokens(v)) for v in _numbers(numbers)], dtype=np.int64)


# ---------------------------------------------------------------- scoring


def edit_distance(a, b) -> int:
    """Levenshtein distance between two strings (insertions, deletions, substitutions, each 1)."""
    a, b = check_str("a", a), check_str("b", b)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def character_errors(predicted, reference) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: edit distance of prediction to reference and reference length, ``(N,)`` each.

    The character error rate of a set is ``errors.sum() / lengths.sum()``:
    the edits needed per reference character. The distances are
    :func:`edit_distance`'s, computed for all pairs at once (one dynamic
    programme over the pairs, vectorised with NumPy).
    """
    predicted, reference = list(predicted), list(reference)
    if len(predicted) != len(reference):
        raise ValueError(f"predicted and reference must pair up, got {len(predicted)} and {len(reference)} strings")
    for name, texts in (("predicted", predicted), ("reference", reference)):
        for k, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"{name} must hold strings, got {describe(t)} at {k}")
    lengths = np.array([len(r) for r in reference], dtype=np.int64)
    a_len = np.array([len(p) for p in predicted], dtype=np.int64)
    N = len(predicted)
    if N == 0:
        return np.zeros(0, dtype=np.int64), lengths
    A, B = max(int(a_len.max()), 1), max(int(lengths.max()), 1)
    a = np.full((N, A), -1, dtype=np.int64)
    b = np.full((N, B), -2, dtype=np.int64)
    for k, (p, r) in enumerate(zip(predicted, reference)):
        a[k, : len(p)] = [ord(ch) for ch in p]
        b[k, : len(r)] = [ord(ch) for ch in r]
    prev = np.broadcast_to(np.arange(B + 1), (N, B + 1)).copy()  # (N, B + 1): row i = 0 of the table
    out = prev[np.arange(N), lengths].copy()  # distances of pairs whose prediction is empty
    for i in range(1, A + 1):
        cur = np.empty_like(prev)
        cur[:, 0] = i
        for j in range(1, B + 1):
            cost = (a[:, i - 1] != b[:, j - 1]).astype(np.int64)
            cur[:, j] = np.minimum(np.minimum(prev[:, j] + 1, cur[:, j - 1] + 1), prev[:, j - 1] + cost)
        done = a_len == i
        out[done] = cur[done, lengths[done]]
        prev = cur
    return out, lengths


def length_bins(lengths, edges) -> dict[str, np.ndarray]:
    """Masks ``{label: (N,) bool}`` of input lengths in ``[edges[k], edges[k+1])``; labels like ``"5-8"``."""
    lengths = np.asarray(lengths)
    edges = [check_int("edge", e, 1) for e in edges]
    if any(b <= a for a, b in pairwise(edges)):
        raise ValueError(f"edges must increase, got {edges}")
    return {f"{a}-{b - 1}": (lengths >= a) & (lengths < b) for a, b in pairwise(edges)}
