"""lstm_helpers.seq2seq: the NumPy encoder-decoder equals a Keras model with the same weights.

The Keras models are built here the way notebook 07 builds them (layer names
from seq2seq.LAYERS, masking from Embedding(mask_zero=True), Keras's own
Attention layer), with random weights, and compared on inputs of mixed lengths.
"""

import numpy as np
import pytest

from lstm_helpers import numerals as nm
from lstm_helpers import seq2seq as s2s
from lstm_helpers.config import import_keras

keras = import_keras()
E, H = 8, 12


def build(attention: bool, seed: int = 0):
    keras.utils.set_random_seed(seed)
    words = keras.Input((None,), dtype="int32")
    chars = keras.Input((None,), dtype="int32")
    enc_emb = keras.layers.Embedding(len(nm.WORDS), E, mask_zero=True, name="enc_embed")(words)
    enc, h, c = keras.layers.LSTM(H, return_sequences=True, return_state=True, name="encoder")(enc_emb)
    dec_emb = keras.layers.Embedding(len(nm.CHARS), E, mask_zero=True, name="dec_embed")(chars)
    s = keras.layers.LSTM(H, return_sequences=True, name="decoder")(dec_emb, initial_state=[h, c])
    if attention:
        s = keras.layers.Concatenate()([s, keras.layers.Attention()([s, enc])])
    logits = keras.layers.Dense(len(nm.CHARS), name="logits")(s)
    model = keras.Model([words, chars], logits)
    rng = np.random.default_rng(seed)  # larger weights than Keras's start, so that the attention is not uniform
    model.set_weights([rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()])
    return model


NUMBERS = np.array([7, 3012, 20_030_004, 999_999_999_999, 105, 100_000_001])


@pytest.mark.parametrize("attention", [False, True])
def test_teacher_forced_logits_equal_keras(attention):
    model = build(attention)
    x = nm.encode_words(NUMBERS)
    d_in, _ = nm.encode_chars(NUMBERS)
    p = s2s.params_from_keras(model)
    assert p.attention is attention
    logits, weights = s2s.teacher_forced(p, x, d_in)
    want = model.predict([x, d_in], verbose=0)
    real = d_in != 0
    np.testing.assert_allclose(logits[real], want[real], atol=2e-5)
    if attention:
        assert weights.shape == (len(NUMBERS), d_in.shape[1], x.shape[1])
        np.testing.assert_allclose(weights.sum(-1), 1.0)
        assert np.all(weights[x[:, None, :].repeat(d_in.shape[1], 1) == 0] == 0)  # padding gets no weight
    else:
        assert weights is None


@pytest.mark.parametrize("attention", [False, True])
def test_greedy_decoding_is_teacher_forcing_on_its_own_outputs(attention):
    p = s2s.params_from_keras(build(attention, seed=1))
    x = nm.encode_words(NUMBERS)
    out = s2s.greedy_decode(p, x, steps=10)
    fed = np.concatenate([np.full((len(x), 1), nm.START), out.ids[:, :-1]], axis=1)  # its own outputs as inputs
    logits, _ = s2s.teacher_forced(p, x, np.where(fed == 0, nm.END, fed))
    first_end = [int(np.argmax(r == nm.END)) if (r == nm.END).any() else 10 for r in out.ids]
    for i, stop in enumerate(first_end):
        assert np.array_equal(logits[i, : stop + 1].argmax(-1)[: len(out.ids[i])], out.ids[i, : stop + 1])
        assert np.all(out.ids[i, stop + 1 :] == 0)


def test_free_running_log_probabilities_and_shapes():
    p = s2s.params_from_keras(build(True, seed=2))
    x = nm.encode_words(NUMBERS)
    d_in, d_out = nm.encode_chars(NUMBERS)
    out = s2s.greedy_decode(p, x, steps=d_out.shape[1] + 2, targets=d_out)
    assert out.target_logp.shape == d_out.shape and np.all(out.target_logp <= 0)
    assert out.attention.shape == (len(x), d_out.shape[1] + 2, x.shape[1])
    # until the first wrong character, free running and teacher forcing read the same inputs: same log-probs
    logits, _ = s2s.teacher_forced(p, x, d_in)
    tf_logp = np.take_along_axis(s2s.log_softmax(logits), d_out[..., None], -1)[..., 0]
    for i in range(len(x)):
        wrong = np.flatnonzero(out.ids[i, : d_out.shape[1]] != d_out[i])
        upto = wrong[0] + 1 if wrong.size else int((d_out[i] != 0).sum())
        np.testing.assert_allclose(out.target_logp[i, :upto], tf_logp[i, :upto], atol=1e-10)


def test_dot_attention_by_its_definition_and_equal_to_keras():
    rng = np.random.default_rng(0)
    q, k = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4))
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    ctx, w = s2s.dot_attention(q, k, mask)
    s = np.einsum("ntd,nsd->nts", q, k)
    e = np.exp(s) * mask[:, None, :]
    np.testing.assert_allclose(w, e / e.sum(-1, keepdims=True))
    np.testing.assert_allclose(ctx, np.einsum("nts,nsd->ntd", w, k))
    layer = keras.layers.Attention()
    got, scores = layer([q.astype("float32"), k.astype("float32")], mask=[None, mask], return_attention_scores=True)
    np.testing.assert_allclose(np.asarray(got), ctx, atol=1e-5)
    np.testing.assert_allclose(np.asarray(scores), w, atol=1e-6)


def test_translate_one_input():
    p = s2s.params_from_keras(build(True, seed=3))
    chars, weights = s2s.translate(p, nm.english_tokens(3012), steps=12)
    assert isinstance(chars, str) and set(chars) <= set(nm.CHARS[3:])
    assert weights.shape[1] == 4 and weights.shape[0] <= 12
    np.testing.assert_allclose(weights.sum(-1), 1.0)


def test_bad_arguments_get_clear_errors():
    p = s2s.params_from_keras(build(False))
    with pytest.raises(ValueError, match="x must be a 2-D array of token ids"):
        s2s.encode(p, np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match="every input must start with a word"):
        s2s.encode(p, np.array([[0, 3]]))
    with pytest.raises(ValueError, match="keys must be"):
        s2s.dot_attention(np.zeros((1, 2, 3)), np.zeros((1, 2, 4)))
    with pytest.raises(ValueError, match="layers named enc_embed"):
        s2s.params_from_keras(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]))
    with pytest.raises(ValueError, match="10 weight arrays"):
        s2s.make_params([np.zeros(3)])
