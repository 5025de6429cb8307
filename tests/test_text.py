"""Vocabulary, encoding, the held-out split and windows (lstm_helpers.text)."""

import itertools

import numpy as np
import pytest

from lstm_helpers import text as tx

SAMPLE = "To be, or not to be: that is the question.\nWhether 'tis nobler in the mind to suffer\n"


def test_vocab_is_sorted_distinct_and_independent_of_order():
    vocab = tx.build_vocab(SAMPLE)
    assert list(vocab) == sorted(set(SAMPLE))
    assert tx.build_vocab(SAMPLE[::-1]) == vocab  # same characters, same vocabulary


def test_encode_matches_index_and_decode_inverts():
    vocab = tx.build_vocab(SAMPLE)
    ids = tx.encode(SAMPLE, vocab)
    assert ids.dtype == np.int32 and ids.shape == (len(SAMPLE),)
    assert ids.tolist() == [vocab.index(ch) for ch in SAMPLE]  # oracle: str.index
    assert tx.decode(ids, vocab) == SAMPLE


def test_encode_handles_non_ascii_and_names_unknown_characters():
    text = "café — naïve"
    vocab = tx.build_vocab(text)
    assert tx.decode(tx.encode(text, vocab), vocab) == text
    with pytest.raises(ValueError, match=r"'z'.*index 3"):
        tx.encode("cafz", vocab)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: tx.build_vocab(""), ValueError, "must not be empty"),
        (lambda: tx.build_vocab(b"abc"), TypeError, "text must be a str"),
        (lambda: tx.encode("ab", "ba"), ValueError, "sorted"),
        (lambda: tx.decode([0, 5], "ab"), ValueError, r"\[0, 2\)"),
        (lambda: tx.decode(np.zeros((2, 2), int), "ab"), ValueError, "1-D"),
        (lambda: tx.decode([0.0, 1.0], "ab"), TypeError, "integer"),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_held_out_split_is_contiguous_and_last():
    ids = np.arange(1000)
    train, held, start = tx.held_out_split(ids, 0.1)
    assert start == 900 and len(held) == 100
    np.testing.assert_array_equal(np.concatenate([train, held]), ids)
    train_s, held_s, start_s = tx.held_out_split("abcdefghij", 0.3)
    assert (train_s, held_s, start_s) == ("abcdefg", "hij", 7)
    with pytest.raises(ValueError, match="fraction"):
        tx.held_out_split(ids, 1.0)


def test_windows_targets_are_the_next_characters():
    ids = np.arange(50, dtype=np.int32)
    x, y = tx.windows(ids, T=7, stride=5, offset=2)
    assert x.shape == y.shape == (9, 7)  # starts 2, 7, ..., 42; 42 + 7 + 1 = 50 fits
    assert x.dtype == ids.dtype
    for k in range(len(x)):
        s = 2 + 5 * k
        np.testing.assert_array_equal(x[k], ids[s : s + 7])
        np.testing.assert_array_equal(y[k], ids[s + 1 : s + 8])
    x2, y2 = tx.windows(ids, T=10)
    assert x2.shape == (4, 10)  # side by side: 4 * 10 + 1 <= 50
    x2[0, 0] = 99  # a copy, not a view of the input
    assert ids[0] == 0


def test_windows_rejects_too_short_input():
    with pytest.raises(ValueError, match="at least offset \\+ T \\+ 1 = 12"):
        tx.windows(np.arange(10), T=10, offset=1)


@pytest.mark.parametrize("n_held, T, context", [(40, 10, 5), (43, 10, 5), (17, 17, 0), (25, 4, 12)])
def test_scoring_windows_score_every_held_out_character_once(n_held, T, context):
    ids = np.arange(100 + n_held)
    start = 100
    x, y, w = tx.scoring_windows(ids, start, T, context)
    assert x.shape == y.shape == w.shape and x.shape[1] == context + T
    np.testing.assert_array_equal(y[:, :-1], x[:, 1:])  # targets are the next inputs
    np.testing.assert_array_equal(y - x, np.ones_like(x))  # ids are consecutive: the next one
    scored = np.sort(y[w == 1])
    np.testing.assert_array_equal(scored, ids[start:])  # each held-out character once
    assert (w[:, :context] == 0).all()  # the warm-up part is never scored


def test_bits_per_char_matches_direct_sum():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(3, 4, 5))
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    targets = rng.integers(0, 5, size=(3, 4))
    weights = (rng.random((3, 4)) < 0.5).astype(np.float32)
    weights[0, 0] = 1
    bits = [-np.log2(probs[i, t, targets[i, t]]) for i in range(3) for t in range(4) if weights[i, t]]
    assert tx.bits_per_char(probs, targets, weights) == pytest.approx(np.mean(bits))
    assert tx.bits_per_char(np.full((6, 8), 1 / 8), np.zeros(6, int)) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="targets.shape"):
        tx.bits_per_char(probs, targets[:, :2])


PLAY = "BRUTUS.\nGo [Exit.] now\n\nFIRST CITIZEN.\nNot a speaker.\n"


def test_text_features_by_hand():
    f = tx.text_features(PLAY)
    assert set(f) == {"inside [brackets]", "position in line", "speaker name line"}
    for values in f.values():
        assert values.shape == (len(PLAY),)
    inside = "".join(ch for ch, v in zip(PLAY, f["inside [brackets]"]) if v)
    assert inside == "[Exit.]"
    speaker = "".join(ch for ch, v in zip(PLAY, f["speaker name line"]) if v)
    assert speaker == "BRUTUS.\nFIRST CITIZEN.\n"
    # position in line, counted with str.rfind (independent of the vectorised version)
    want = [t - (PLAY.rfind("\n", 0, t) + 1) for t in range(len(PLAY))]
    np.testing.assert_array_equal(f["position in line"], want)


def test_unbalanced_brackets_do_not_drift():
    f = tx.text_features("a]b[c]]d[e")
    np.testing.assert_array_equal(f["inside [brackets]"], [0, 0, 0, 1, 1, 1, 0, 0, 1, 1])


def test_unit_correlations_match_corrcoef():
    rng = np.random.default_rng(1)
    feature = rng.normal(size=200)
    acts = np.stack(
        [feature * 2 + 1, -feature + rng.normal(size=200) * 0.5, rng.normal(size=200), np.ones(200)], axis=1
    )
    r = tx.unit_correlations(acts, feature)
    for j in range(3):
        assert r[j] == pytest.approx(np.corrcoef(acts[:, j], feature)[0, 1])
    assert r[0] == pytest.approx(1.0) and r[3] == 0.0  # a constant unit correlates with nothing
    with pytest.raises(ValueError, match=r"feature must be \(L,\) = \(200,\)"):
        tx.unit_correlations(acts, feature[:10])


def test_activation_html_colours_each_character():
    page = tx.activation_html("a<\nb", [1.0, -0.5, 0.0, 2.0], vmax=1.0)
    assert page.count("<span") == 4
    assert "rgba(213,94,0,1.00)'>a<" in page  # positive: orange, full at vmax
    assert "rgba(0,114,178,0.50)'>&lt;<" in page  # negative: blue, escaped
    assert "&#8629;" in page  # the newline is visible
    with pytest.raises(ValueError, match=r"values must be \(L,\) = \(4,\)"):
        tx.activation_html("a<\nb", [1.0])


def test_training_batches_cover_the_text_from_random_offsets():
    ids = np.arange(1003, dtype=np.int32)
    rng = np.random.default_rng(0)
    gen = tx.training_batches(ids, T=10, batch_size=8, rng=rng)
    steps = tx.steps_per_pass(len(ids), 10, 8)
    assert steps == 12  # at least 99 windows of 10 (offset 9): 12 full batches of 8
    offsets = set()
    for _ in range(5 * steps):
        x, y = next(gen)
        assert x.shape == y.shape == (8, 10)
        np.testing.assert_array_equal(y, x + 1)  # next characters
        np.testing.assert_array_equal(np.diff(x, axis=1), 1)  # contiguous windows
        offsets.update((x[:, 0] % 10).tolist())
    assert len(offsets) > 1  # passes start at different offsets
    for n in (1003, 1010, 1011):  # steps_per_pass is a lower bound for every offset
        worst = min(len(tx.windows(np.arange(n), 10, offset=o)[0]) for o in range(10))
        assert tx.steps_per_pass(n, 10, 8) == worst // 8
    with pytest.raises(ValueError, match="at least one batch"):
        next(tx.training_batches(ids[:50], 10, 8, rng))


@pytest.mark.parametrize("n", [1003, 1010, 1099, 1100])
def test_carried_state_batches_continue_every_row_from_batch_to_batch(n):
    ids = np.arange(n, dtype=np.int32)  # the value of a character is its index: positions are readable
    T, B = 10, 4
    steps = tx.steps_per_pass(n, T, B)
    gen = tx.carried_state_batches(ids, T, B, np.random.default_rng(1))
    offsets = set()
    for _ in range(6):  # six passes
        batches = [next(gen) for _ in range(steps)]
        for x, y in batches:
            assert x.shape == y.shape == (B, T)
            np.testing.assert_array_equal(y, x + 1)  # next characters
            np.testing.assert_array_equal(np.diff(x, axis=1), 1)  # contiguous windows
        for (x0, _), (x1, _) in itertools.pairwise(batches):
            np.testing.assert_array_equal(x1[:, 0], x0[:, -1] + 1)  # row j goes on where it stopped
        first = batches[0][0][:, 0]
        assert 0 <= first[0] < T  # a pass starts at an offset in [0, T)
        np.testing.assert_array_equal(np.diff(first), steps * T)  # streams one after the other, equal length
        assert batches[-1][1].max() <= n - 1  # every target exists
        offsets.add(int(first[0]))
    assert len(offsets) > 1  # passes start at different offsets


def test_carried_state_batches_feed_as_many_characters_as_shuffled_windows():
    ids = np.arange(2000, dtype=np.int32)
    steps = tx.steps_per_pass(len(ids), 25, 6)
    carried = tx.carried_state_batches(ids, 25, 6, np.random.default_rng(0))
    seen = np.concatenate([next(carried)[0].ravel() for _ in range(steps)])
    assert seen.size == steps * 6 * 25 and len(np.unique(seen)) == seen.size  # each character once per pass
    with pytest.raises(ValueError, match="at least one batch"):
        next(tx.carried_state_batches(ids[:50], 10, 8, np.random.default_rng(0)))


# --- where a model's bits come from: per-character bits and kinds of position ---

SCENE = "[Enter Brutus.]\nBRUTUS.\nWhat, ho! Lucius's sword.\n\nCASSIUS.\nNo.\n"


def test_scored_bits_follow_the_scored_text_in_order():
    rng = np.random.default_rng(3)
    ids = rng.integers(0, 5, 60)
    x, y, w = tx.scoring_windows(ids, 17, 10, 4)  # the last window overlaps the one before
    probs = rng.dirichlet(np.ones(5), size=y.shape)  # (N, 14, 5)
    bits = tx.scored_bits(probs, y, w)
    assert bits.shape == (60 - 17,)
    # oracle: the probability each window gives to the character it scores, found by position
    want = {}
    for k in range(len(x)):
        first = k * 10 + 17 if k < len(x) - 1 else 60 - 10
        for j in range(14):
            if w[k, j]:
                want[first + j - 4] = -np.log2(probs[k, j, ids[first + j - 4]])
    assert sorted(want) == list(range(17, 60))
    np.testing.assert_allclose(bits, [want[t] for t in range(17, 60)], rtol=1e-12)
    assert tx.bits_per_char(probs, y, w) == pytest.approx(bits.mean())


def test_scored_bits_rejects_weights_that_are_not_zero_or_one():
    with pytest.raises(ValueError, match="0 .*or 1"):
        tx.scored_bits(np.full((2, 3), 1 / 3), np.zeros(2, int), [0.5, 1.0])


def mask_text(text, mask):
    return "".join(ch if m else "_" for ch, m in zip(text, mask))


def test_position_kinds_by_hand():
    kinds = tx.position_kinds(SCENE)
    assert all(m.shape == (len(SCENE),) and m.dtype == bool for m in kinds.values())
    starts = [t for t, m in enumerate(kinds["first character of a line"]) if m]
    assert starts == [0] + [t + 1 for t, ch in enumerate(SCENE[:-1]) if ch == "\n"]  # oracle: after each newline
    assert mask_text(SCENE, kinds["speaker name line"]).replace("_", "") == "BRUTUS.\nCASSIUS.\n"
    assert mask_text(SCENE, kinds["inside [brackets]"]).replace("_", "") == "[Enter Brutus.]"
    words = [w for w in mask_text(SCENE, kinds["first letter of a word"]).split("_") if w]
    assert words == list("EBBWhLsCN")  # "Lucius's": the s after the apostrophe is inside the word
    assert "ucius_s" in mask_text(SCENE, kinds["later letter of a word"])  # the apostrophe itself is not a letter
    split = kinds["first letter of a word"].astype(int) + kinds["later letter of a word"] + kinds["not a letter"]
    assert (split == 1).all()  # the last three kinds split the text


def test_chars_since_speech_start_by_hand():
    since = tx.chars_since_speech_start(SCENE)
    b, c = SCENE.index("BRUTUS."), SCENE.index("CASSIUS.")
    assert np.isnan(since[:b]).all()
    np.testing.assert_array_equal(since[b:c], np.arange(c - b))
    np.testing.assert_array_equal(since[c:], np.arange(len(SCENE) - c))


def test_length_bins_split_at_the_edges():
    bins = tx.length_bins([0, 1, 4, 5, 19, 20, 300, np.nan], (1, 5, 20))
    assert list(bins) == ["0", "1-4", "5-19", "20+"]
    assert [m.nonzero()[0].tolist() for m in bins.values()] == [[0], [1, 2], [3, 4], [5, 6]]
    with pytest.raises(ValueError, match="increasing"):
        tx.length_bins([1, 2], (5, 5))
