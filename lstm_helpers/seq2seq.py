"""An LSTM encoder-decoder in NumPy, with or without dot-product attention (notebook 07).

The model, in the series' letters (``N`` sequences, ``S`` input words,
``T`` output characters, ``E`` embedding size, ``H`` units, ``V`` output
characters):

- **encoder**: word embedding, then an LSTM over the ``S`` words; its states
  at every word ``enc (N, S, H)`` and its last state ``(h_S, c_S)``;
- **decoder**: character embedding, then an LSTM that starts from the
  encoder's last state and reads ``<start>`` and the characters so far; its
  state ``s_t (N, H)`` at every step;
- **without attention** the logits are ``s_t W + b`` with ``W (H, V)``: all the
  decoder knows about the input came through the one vector ``(h_S, c_S)``;
- **with attention** (Luong et al., 2015, "dot" score): at every step the
  decoder state scores every encoder state, ``e_tj = s_t . enc_j``; the
  softmax over ``j`` (padding left out) gives weights ``a_tj`` and the
  context ``ctx_t = sum_j a_tj enc_j``; the logits are
  ``[s_t, ctx_t] W + b`` with ``W (2H, V)``. This is exactly
  ``keras.layers.Attention()([s, enc])`` then ``Concatenate`` and ``Dense``.

:func:`params_from_keras` reads the weights of a Keras model built with
the layer names in :data:`LAYERS`; :func:`teacher_forced` computes what
training sees (the true previous character fed at every step),
:func:`greedy_decode` what the model does alone (its own previous
character fed back, the most likely one at every step). Both in float64.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._shapes import as_float_array, check_int, check_shape, describe
from .lstm import lstm_forward, lstm_step_forward
from .numerals import END, PAD, START

#: The layer names the notebook's Keras models use, read by :func:`params_from_keras`.
LAYERS = ("enc_embed", "encoder", "dec_embed", "decoder", "logits")


@dataclass(frozen=True)
class Params:
    """The arrays of an encoder-decoder; ``attention`` is True when ``W_out`` reads ``[s_t, ctx_t]``."""

    enc_embed: np.ndarray  # (V_in, E)
    enc_Wx: np.ndarray  # (E, 4H)
    enc_Wh: np.ndarray  # (H, 4H)
    enc_b: np.ndarray  # (4H,)
    dec_embed: np.ndarray  # (V, E)
    dec_Wx: np.ndarray  # (E, 4H)
    dec_Wh: np.ndarray  # (H, 4H)
    dec_b: np.ndarray  # (4H,)
    W_out: np.ndarray  # (H, V) or (2H, V)
    b_out: np.ndarray  # (V,)

    @property
    def H(self) -> int:
        return self.enc_Wh.shape[0]

    @property
    def attention(self) -> bool:
        return self.W_out.shape[0] == 2 * self.H


def make_params(arrays) -> Params:
    """:class:`Params` from the ten arrays in the order of :class:`Params`' fields, as float64, shapes checked."""
    arrays = [as_float_array(f"array {k}", a).astype(np.float64) for k, a in enumerate(arrays)]
    if len(arrays) != 10:
        raise ValueError(f"an encoder-decoder has 10 weight arrays, got {len(arrays)}")
    p = Params(*arrays)
    H, E = p.H, p.enc_embed.shape[1]
    check_shape("enc_Wx", p.enc_Wx, ("E", "4H"), (E, 4 * H))
    check_shape("enc_b", p.enc_b, ("4H",), (4 * H,))
    check_shape("dec_Wx", p.dec_Wx, ("E", "4H"), (p.dec_embed.shape[1], 4 * H))
    check_shape("dec_Wh", p.dec_Wh, ("H", "4H"), (H, 4 * H))
    check_shape("dec_b", p.dec_b, ("4H",), (4 * H,))
    V = p.dec_embed.shape[0]
    if p.W_out.shape not in ((H, V), (2 * H, V)):
        raise ValueError(f"W_out must be (H, V) = ({H}, {V}) or (2H, V) = ({2 * H}, {V}), got {p.W_out.shape}")
    check_shape("b_out", p.b_out, ("V",), (V,))
    return p


def params_from_keras(model) -> Params:
    """The weights of a Keras encoder-decoder whose layers are named as in :data:`LAYERS`."""
    try:
        layers = [model.get_layer(name) for name in LAYERS]
    except (ValueError, AttributeError) as err:
        raise ValueError(f"model must be a Keras model with layers named {', '.join(LAYERS)} ({err})") from err
    arrays = []
    for layer in layers:
        arrays += layer.get_weights()
    return make_params(arrays)


def log_softmax(logits) -> np.ndarray:
    """``log softmax`` over the last axis, computed stably."""
    logits = as_float_array("logits", logits)
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _ids(name, x) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 2 or not np.issubdtype(x.dtype, np.integer):
        raise ValueError(f"{name} must be a 2-D array of token ids (N, length), got {describe(x)}")
    return x


def dot_attention(query, keys, mask=None):
    """Dot-product attention: ``context (N, T, H), weights (N, T, S)`` for ``query (N, T, H)``, ``keys (N, S, H)``.

    ``weights = softmax_j(query_t . keys_j)`` over the keys with ``mask (N, S)``
    True (padding left out; every row needs one True), ``context = weights @ keys``:
    the keys are also the values, as in the model.
    """
    query, keys = as_float_array("query", query), as_float_array("keys", keys)
    check_shape("query", query, ("N", "T", "H"), (None, None, None))
    N, T, H = query.shape
    check_shape("keys", keys, ("N", "S", "H"), (N, None, H))
    scores = query @ keys.transpose(0, 2, 1)  # (N, T, S)
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        check_shape("mask", mask, ("N", "S"), (N, keys.shape[1]))
        if not mask.any(axis=1).all():
            raise ValueError("mask must keep at least one key in every row (an input of at least one word)")
        scores = np.where(mask[:, None, :], scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)  # (N, T, S)
    return weights @ keys, weights  # (N, T, H), (N, T, S)


def encode(p: Params, x):
    """Encoder states ``enc (N, S, H)``, the last state ``(h, c)`` at each sequence's last word, and the mask.

    ``x (N, S)`` word ids, right-padded with 0. The LSTM runs over all ``S``
    steps at once (:func:`lstm_forward`); each sequence's last state is read at
    its last word, which is what Keras's masking gives
    (``Embedding(mask_zero=True)``: a padded step leaves the state as it was).
    The rows of ``enc`` at padded steps are not the model's: attention leaves
    them out (``mask (N, S)``, True at the words).
    """
    x = _ids("x", x)
    mask = x != PAD  # (N, S)
    if not mask[:, 0].all():
        raise ValueError("every input must start with a word (ids right-padded with 0)")
    if (mask[:, 1:] & ~mask[:, :-1]).any():
        raise ValueError("inputs must be right-padded: no word after a padding id 0")
    N = len(x)
    enc, cache = lstm_forward(p.enc_embed[x], np.zeros((N, p.H)), p.enc_Wx, p.enc_Wh, p.enc_b)  # (N, S, H)
    last = mask.sum(axis=1) - 1  # (N,) the index of each sequence's last word
    rows = np.arange(N)
    return enc, (enc[rows, last], np.array(cache["c"][rows, last])), mask


def _logits(p: Params, s, enc, mask):
    """Logits (N, T, V) and attention weights (N, T, S) or None, from decoder states s (N, T, H)."""
    if not p.attention:
        return s @ p.W_out + p.b_out, None
    context, weights = dot_attention(s, enc, mask)
    return np.concatenate([s, context], axis=-1) @ p.W_out + p.b_out, weights


#: Sequences computed together: a few hundred rows keep every step's arrays in the CPU cache (measured: 6,000
#: rows in chunks of 250 run several times faster than in one block).
CHUNK = 250


def teacher_forced(p: Params, x, decoder_in):
    """What training sees: logits ``(N, T, V)`` and attention ``(N, T, S)`` (None without) with the true inputs.

    ``decoder_in (N, T)`` is ``<start>`` then the reference characters (0-padded);
    step t reads the *true* character t - 1, whatever the model said before.
    """
    x, decoder_in = _ids("x", x), _ids("decoder_in", decoder_in)
    if len(decoder_in) != len(x):
        raise ValueError(f"x and decoder_in must hold the same N sequences, got {len(x)} and {len(decoder_in)}")
    parts = [_teacher_forced(p, x[i : i + CHUNK], decoder_in[i : i + CHUNK]) for i in range(0, len(x), CHUNK)]
    logits = np.concatenate([lg for lg, _ in parts])
    return logits, (None if not p.attention else np.concatenate([w for _, w in parts]))


def _teacher_forced(p: Params, x, decoder_in):
    enc, (h, c), mask = encode(p, x)
    s, _ = lstm_forward(p.dec_embed[decoder_in], h, p.dec_Wx, p.dec_Wh, p.dec_b, c0=c)  # (N, T, H)
    return _logits(p, s, enc, mask)


@dataclass(frozen=True)
class Decoded:
    """Greedy decoding of N inputs: output ids, attention, and the reference's log-probabilities if asked."""

    ids: np.ndarray  # (N, T) the chosen character ids, PAD after each sequence's <end>
    attention: np.ndarray | None  # (N, T, S) the attention weights at every step (None without attention)
    target_logp: np.ndarray | None  # (N, T) log p(reference character t | the model's own outputs before t)


def greedy_decode(p: Params, x, steps: int, targets=None) -> Decoded:
    """What the model does alone: at every step the most likely character, fed back as the next input.

    ``steps`` output characters at most (``<end>`` included). With ``targets
    (N, T)`` (the reference characters then ``<end>``, 0-padded, ``T <=
    steps``), also the log-probability the model gives the reference character
    at each step while it reads its *own* previous outputs: the free-running
    counterpart of the teacher-forced loss.
    """
    steps = check_int("steps", steps, 1)
    x = _ids("x", x)
    N = len(x)
    if targets is not None:
        targets = _ids("targets", targets)
        if targets.shape[0] != N or targets.shape[1] > steps:
            raise ValueError(f"targets must be (N, T) = ({N}, <= {steps}), got {targets.shape}")
    parts = [
        _greedy(p, x[i : i + CHUNK], steps, None if targets is None else targets[i : i + CHUNK])
        for i in range(0, N, CHUNK)
    ]
    join = lambda key: None if getattr(parts[0], key) is None else np.concatenate([getattr(d, key) for d in parts])
    return Decoded(join("ids"), join("attention"), join("target_logp"))


def _greedy(p: Params, x, steps, targets) -> Decoded:
    enc, (h, c), mask = encode(p, x)
    N = len(enc)
    ids = np.zeros((N, steps), dtype=np.int64)
    att = np.zeros((N, steps, enc.shape[1])) if p.attention else None
    logp = np.zeros((N, steps)) if targets is not None else None
    # Only the rows still needed are computed: those that have not said <end>, and with targets those whose
    # reference goes on (after its <end> such a row is fed its own outputs, like before it).
    needed_until = np.zeros(N, dtype=np.int64) if targets is None else (targets != PAD).sum(axis=1)
    done = np.zeros(N, dtype=bool)
    rows, prev = np.arange(N), np.full(N, START)
    for t in range(steps):
        keep = ~done[rows] | (t < needed_until[rows])
        rows, h, c, prev = rows[keep], h[keep], c[keep], prev[keep]
        if not rows.size:
            break
        h, c, _ = lstm_step_forward(p.dec_embed[prev], h, c, p.dec_Wx, p.dec_Wh, p.dec_b)  # (n, H) each
        logits, weights = _logits(p, h[:, None, :], enc[rows], mask[rows])  # (n, 1, V), (n, 1, S)
        logits = logits[:, 0]
        choice = logits.argmax(axis=-1)  # (n,)
        writing = ~done[rows]
        ids[rows[writing], t] = choice[writing]
        if att is not None:
            att[rows[writing], t] = weights[writing, 0]
        if logp is not None and t < targets.shape[1]:
            logp[rows, t] = log_softmax(logits)[np.arange(rows.size), targets[rows, t]]
        done[rows] |= choice == END
        prev = choice
    if logp is not None:
        logp = logp[:, : targets.shape[1]]
    return Decoded(ids, att, logp)


def translate(p: Params, tokens, steps: int = 30):
    """One input's translation: ``(characters, attention (T, S))`` for word tokens (attention None without).

    ``T`` counts the output characters and ``<end>``; the rows after it are cut off.
    """
    from .numerals import decode_chars, encode_tokens

    x = encode_tokens(list(tokens))  # (1, S)
    out = greedy_decode(p, x, steps)
    ids = out.ids[0]
    stop = int(np.argmax(ids == END)) + 1 if (ids == END).any() else steps
    weights = None if out.attention is None else out.attention[0, :stop]
    return decode_chars(ids), weights
