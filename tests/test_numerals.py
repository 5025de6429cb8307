"""Notebook 07's task (lstm_helpers.numerals), checked against well-kept libraries used as oracles.

English words: ``inflect`` (``number_to_words``); Chinese numerals: ``cn2an``
(``an2cn``). Every number below 20,000 and 20,000 random ones up to 12 digits.
"""

import numpy as np
import pytest

from lstm_helpers import numerals as nm

inflect = pytest.importorskip("inflect")
cn2an = pytest.importorskip("cn2an")

SMALL = list(range(20_000))
RANDOM = nm.sample_numbers(20_000, np.random.default_rng(123)).tolist()
EDGES = [10**k for k in range(12)] + [10**k - 1 for k in range(1, 13)] + [100_000_001, 100_001_000, 85_000_004_114]


@pytest.fixture(scope="module")
def engine():
    return inflect.engine()


def test_english_words_equal_inflect_on_every_number_below_20000_and_random_ones(engine):
    wrong = [n for n in SMALL + RANDOM + EDGES if nm.english_words(n) != engine.number_to_words(n)]
    assert not wrong, [(n, nm.english_words(n), engine.number_to_words(n)) for n in wrong[:5]]


def test_chinese_numerals_equal_cn2an_on_every_number_below_20000_and_random_ones():
    wrong = [n for n in SMALL + RANDOM + EDGES if nm.chinese_numeral(n) != cn2an.an2cn(n)]
    assert not wrong, [(n, nm.chinese_numeral(n), cn2an.an2cn(n)) for n in wrong[:5]]


@pytest.mark.parametrize(
    "n, words, zh",
    [
        (0, "zero", "零"),
        (12, "twelve", "十二"),
        (105, "one hundred and five", "一百零五"),
        (3012, "three thousand and twelve", "三千零一十二"),
        (12_300, "twelve thousand, three hundred", "一万二千三百"),
        (100_010, "one hundred thousand and ten", "十万零一十"),
        (20_030_004, "twenty million, thirty thousand and four", "二千零三万零四"),
        (100_000_001, "one hundred million and one", "一亿零一"),
    ],
)
def test_worked_examples(n, words, zh):
    assert nm.english_words(n) == words and nm.chinese_numeral(n) == zh
    assert nm.chinese_to_number(zh) == n and nm.parse_english(words) == n


def test_the_chinese_numeral_reads_back_to_its_number():
    assert all(nm.chinese_to_number(nm.chinese_numeral(n)) == n for n in SMALL[::7] + RANDOM + EDGES)


def test_parse_english_reads_back_and_refuses_what_the_generator_does_not_write():
    assert all(nm.parse_english(nm.english_tokens(n)) == n for n in SMALL[::13] + RANDOM[:3000] + EDGES)
    with pytest.raises(ValueError, match="not a word of the number vocabulary: 'a', 'dozen'"):
        nm.parse_english("a dozen")
    with pytest.raises(ValueError, match="is not how this notebook writes a number"):
        nm.parse_english("thousand thousand")
    with pytest.raises(ValueError, match="3,012 is written 'three thousand and twelve'"):
        nm.parse_english("three thousand twelve")
    with pytest.raises(ValueError, match="got nothing"):
        nm.parse_english("  ")
    with pytest.raises(TypeError):
        nm.parse_english(3012)


def test_digits_to_number():
    assert nm.digits_to_number(" 3,012 ") == 3012 and nm.digits_to_number("999 999 999 999") == 10**12 - 1
    with pytest.raises(ValueError, match="at most 12 digits"):
        nm.digits_to_number("1000000000000")
    with pytest.raises(ValueError, match="whole number in digits"):
        nm.digits_to_number("12.5")


def test_numbers_out_of_range_are_refused():
    for bad in (-1, 10**12):
        with pytest.raises(ValueError, match=r"n must be an integer in \[0, 999999999999\]"):
            nm.chinese_numeral(bad)
    with pytest.raises(TypeError):
        nm.english_words(3.0)


def test_sample_numbers_is_deterministic_and_spans_the_digit_counts():
    a = nm.sample_numbers(5000, np.random.default_rng(0))
    b = nm.sample_numbers(5000, np.random.default_rng(0))
    assert np.array_equal(a, b) and a.dtype == np.int64
    digits = np.array([len(str(v)) for v in a])
    assert digits.min() == 1 and digits.max() == 12
    assert np.all(np.abs(np.bincount(digits)[1:] / len(a) - 1 / 12) < 0.02)
    with_zero_inside = np.mean(["0" in str(v)[1:] for v in a if v >= 1000])
    assert with_zero_inside > 0.5  # the 零 rules are exercised often


def test_splits_are_disjoint_by_input_and_deterministic():
    s = nm.make_splits(3000, 500, 1500, seed=4)
    t = nm.make_splits(3000, 500, 1500, seed=4)
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(s.items(), t.items()))
    sets = {name: set(v.tolist()) for name, v in s.items()}
    assert [len(v) for v in sets.values()] == [3000, 500, 1500]  # no number twice within a split
    assert not (sets["train"] & sets["validation"] or sets["train"] & sets["test"] or sets["validation"] & sets["test"])
    inputs = {name: {tuple(nm.english_tokens(n)) for n in v} for name, v in sets.items()}
    assert not (inputs["train"] & inputs["test"] or inputs["validation"] & inputs["test"])
    assert not (inputs["train"] & inputs["validation"])
    assert not np.array_equal(nm.make_splits(3000, 500, 1500, seed=5).test, s.test)


def test_encodings_and_decoding():
    x = nm.encode_words([3012, 7])
    assert x.shape == (2, 4) and x.dtype == np.int32 and x[1].tolist() == [nm.WORD_IDS["seven"], 0, 0, 0]
    assert [nm.WORDS[k] for k in x[0]] == ["three", "thousand", "and", "twelve"]
    d_in, d_out = nm.encode_chars([3012, 7], length=8)
    assert d_in.shape == d_out.shape == (2, 8)
    assert d_in[0, 0] == nm.START and nm.decode_chars(d_in[0]) == "三千零一十二"
    assert d_out[0, 6] == nm.END and nm.decode_chars(d_out[0]) == "三千零一十二"
    assert np.array_equal(d_in[0, 1:7], d_out[0, :6])  # the decoder reads character t - 1, says character t
    with pytest.raises(ValueError, match="at least the longest sequence, 7"):
        nm.encode_chars([3012], length=5)
    assert nm.input_lengths([3012, 7]).tolist() == [4, 1]


def test_character_errors_and_bins():
    errors, lengths = nm.character_errors(["三千零一十二", "十", ""], ["三千零一十二", "十二", "五"])
    assert errors.tolist() == [0, 1, 1] and lengths.tolist() == [6, 2, 1]
    assert nm.edit_distance("kitten", "sitting") == 3
    bins = nm.length_bins(np.array([1, 4, 5, 9]), [1, 5, 10])
    assert list(bins) == ["1-4", "5-9"] and bins["1-4"].tolist() == [True, True, False, False]


def test_group_span():
    tokens = nm.english_tokens(12_300_000)  # twelve million, three hundred thousand
    assert nm.group_span(tokens, "thousand") == (2, 4) and nm.group_span(tokens, "million") == (0, 1)
    assert nm.group_span(tokens, "billion") is None
    tokens = nm.english_tokens(5_000_012_000)  # five billion, twelve thousand
    assert nm.group_span(tokens, "thousand") == (2, 3)
    with pytest.raises(ValueError, match="name must be one of"):
        nm.group_span(tokens, "hundred")
