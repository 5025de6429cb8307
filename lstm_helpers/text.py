"""Characters to integers and back: the vocabulary, encoding, a held-out split and training windows.

Shapes:
    V  vocabulary size (distinct characters)
    N  number of windows       T  characters per window

A vocabulary is a ``str`` holding each distinct character once, sorted by code
point, so the same text always gives the same vocabulary and the same integer
for every character (character ``vocab[k]`` is encoded as ``k``).

Every function is pure: inputs are never modified.
"""

from __future__ import annotations

import html
import itertools
import re

import numpy as np

from ._shapes import as_int_array, check_int, check_number, check_str

#: dtype of encoded text (73 characters fit easily; int32 is what Keras embeddings like)
ID_DTYPE = np.int32


def _check_vocab(vocab) -> str:
    check_str("vocab", vocab)
    if not vocab:
        raise ValueError("vocab must hold at least one character, got an empty string")
    if list(vocab) != sorted(set(vocab)):
        raise ValueError("vocab must be distinct characters sorted by code point (build it with build_vocab)")
    return vocab


def _codes(text: str) -> np.ndarray:
    """Unicode code point of every character of ``text`` (L,), without a Python loop."""
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def build_vocab(text: str) -> str:
    """The distinct characters of ``text``, sorted by code point, as one string (length V)."""
    text = check_str("text", text)
    if not text:
        raise ValueError("text must not be empty")
    return "".join(chr(c) for c in np.unique(_codes(text)))


def encode(text: str, vocab: str) -> np.ndarray:
    """Character ids of ``text`` (L,) int32: ``ids[t] = vocab.index(text[t])``.

    Raises ``ValueError`` naming the first character that is not in ``vocab``.
    """
    text, vocab = check_str("text", text), _check_vocab(vocab)
    codes = _codes(text)  # (L,)
    table = _codes(vocab)  # (V,), sorted
    ids = np.searchsorted(table, codes)  # (L,) position each code would take in the table
    found = (ids < len(table)) & (table[np.minimum(ids, len(table) - 1)] == codes)
    if not found.all():
        first = int(np.argmin(found))
        raise ValueError(f"text holds character {text[first]!r} (at index {first}) that is not in vocab")
    return ids.astype(ID_DTYPE)


def decode(ids, vocab: str) -> str:
    """The text whose character ids are ``ids`` (any integer sequence): the inverse of :func:`encode`."""
    vocab = _check_vocab(vocab)
    ids = as_int_array("ids", ids, "integer character ids")
    if ids.size and (ids.min() < 0 or ids.max() >= len(vocab)):
        bad = ids[(ids < 0) | (ids >= len(vocab))][0]
        raise ValueError(f"ids must lie in [0, V) = [0, {len(vocab)}), got {int(bad)}")
    return "".join(vocab[i] for i in ids.tolist())


def held_out_split(ids, fraction: float = 0.1):
    """Split a sequence in two contiguous parts: ``(train, held_out)``, the held-out part last.

    ``held_out`` holds ``round(fraction * L)`` elements (at least one), the end
    of the sequence; it is never seen in training. ``ids`` may be a str or a
    1-D array. Returns the two parts and ``start``, the index where the
    held-out part begins (so ``ids[start:]`` is the held-out part).
    """
    fraction = check_number("fraction", fraction, 0, 1, low_open=True, high_open=True)
    if not isinstance(ids, str):
        ids = as_int_array("ids", ids, "integer character ids")
    L = len(ids)
    n_held = max(1, round(fraction * L))
    if n_held >= L:
        raise ValueError(f"ids must be longer than its held-out part, got length {L} with fraction {fraction}")
    start = L - n_held
    return ids[:start], ids[start:], start


def windows(ids, T: int, stride: int | None = None, offset: int = 0):
    """Windows of ``T`` characters and their next-character targets.

    Window ``k`` starts at ``s = offset + k * stride`` (``stride`` defaults to
    ``T``: windows side by side): ``x[k] = ids[s : s + T]`` and
    ``y[k] = ids[s + 1 : s + T + 1]``, so ``y[k, t]`` is the character that
    follows ``x[k, t]``. Returns ``x (N, T), y (N, T)`` (copies, same dtype as
    ``ids``); only windows that fit completely are kept.
    """
    ids = as_int_array("ids", ids, "integer character ids")
    T = check_int("T", T, 1)
    stride = T if stride is None else check_int("stride", stride, 1)
    offset = check_int("offset", offset, 0)
    if len(ids) < offset + T + 1:
        raise ValueError(f"ids must hold at least offset + T + 1 = {offset + T + 1} characters, got {len(ids)}")
    view = np.lib.stride_tricks.sliding_window_view(ids[offset:], T + 1)[::stride]  # (N, T+1), a view
    return view[:, :-1].copy(), view[:, 1:].copy()  # (N, T), (N, T)


def training_batches(ids, T: int, batch_size: int, rng: np.random.Generator):
    """Endless ``(x, y)`` batches of windows, each ``(batch_size, T)``, for ``model.fit``.

    Every pass over ``ids`` cuts windows side by side (see :func:`windows`)
    from a new random offset in ``[0, T)`` and visits them in a new random
    order, so a character does not sit at the same position of its window
    in every pass. One offset per pass puts it at one position per pass: over
    ``E`` passes at most ``E`` of the ``T`` positions, ``T (1 - (1 - 1/T)**E)``
    different ones on average. Every window starts from a zero state in a
    stateless model, so no loss ever depends on more than ``T - 1`` earlier
    characters (:func:`carried_state_batches` carries the state instead).
    A pass yields ``len(windows) // batch_size`` full batches;
    ``steps_per_pass(len(ids), T, batch_size)`` tells how many for sure.
    """
    ids = as_int_array("ids", ids, "integer character ids")
    T = check_int("T", T, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    if steps_per_pass(len(ids), T, batch_size) < 1:
        raise ValueError(f"ids ({len(ids)} characters) must hold at least one batch of {batch_size} windows of T = {T}")
    while True:
        x, y = windows(ids, T, offset=int(rng.integers(T)))  # (N, T) each
        order = rng.permutation(len(x))
        for i in range(0, len(x) - batch_size + 1, batch_size):
            rows = order[i : i + batch_size]
            yield x[rows], y[rows]  # (batch_size, T) each


def carried_state_batches(ids, T: int, batch_size: int, rng: np.random.Generator):
    """Endless ``(x, y)`` batches ``(batch_size, T)`` whose rows continue the text from batch to batch.

    For training with the state carried (truncated backpropagation through
    time), by *sequential partitioning* as Dive into Deep Learning teaches it
    ("Reading Long Sequence Data", "Backpropagation Through Time"): every pass
    starts at a new random offset in ``[0, T)``, cuts the text after it into
    ``batch_size`` streams of equal length, one after the other, and yields
    batch ``k`` = the ``k``-th window of ``T`` characters of every stream. Row
    ``j`` of batch ``k + 1`` starts exactly where row ``j`` of batch ``k``
    ended, so a stateful LSTM (``stateful=True``) that keeps its state between
    batches reads each stream as one long text, while its gradients still
    stop at the window's first character.

    A pass yields exactly ``steps_per_pass(len(ids), T, batch_size)``
    batches: the same number of batches and characters as
    :func:`training_batches`. Reset the state at the start of every pass (the
    streams jump to a new offset there).
    """
    ids = as_int_array("ids", ids, "integer character ids")
    T = check_int("T", T, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    steps = steps_per_pass(len(ids), T, batch_size)
    if steps < 1:
        raise ValueError(f"ids ({len(ids)} characters) must hold at least one batch of {batch_size} windows of T = {T}")
    stream = steps * T  # characters each stream feeds per pass
    while True:
        offset = int(rng.integers(T))  # batch_size * stream + offset + 1 <= len(ids): see steps_per_pass
        starts = offset + stream * np.arange(batch_size)  # (batch_size,) first character of each stream
        for k in range(steps):
            idx = starts[:, None] + k * T + np.arange(T + 1)  # (batch_size, T + 1)
            seq = ids[idx]
            yield seq[:, :-1], seq[:, 1:]  # (batch_size, T) each


def steps_per_pass(n_chars: int, T: int, batch_size: int) -> int:
    """Full batches every pass of :func:`training_batches` yields, whatever its offset."""
    return ((n_chars - T) // T) // batch_size  # the fewest windows: offset T - 1


def scoring_windows(ids, start: int, T: int, context: int):
    """Windows that score every character of ``ids[start:]`` exactly once, each with warm-up context.

    For measuring a model that starts every window from a zero state: each
    window holds ``context + T`` inputs; the first ``context`` only warm the
    state up (they may reach back before ``start``, into text the model has
    seen), and the targets scored are marked by ``weights``. Together the
    scored targets are ``ids[start:]``, each once. The last window is aligned
    to the end of ``ids`` and scores only what earlier windows left.

    Returns ``x (N, context + T)``, ``y (N, context + T)`` (next characters, as
    in :func:`windows`) and ``weights (N, context + T)`` float32, 1 where a
    target is scored and 0 elsewhere.
    """
    ids = as_int_array("ids", ids, "integer character ids")
    T = check_int("T", T, 1)
    context = check_int("context", context, 0)
    start = check_int("start", start, 1)
    L = context + T
    if start >= len(ids):
        raise ValueError(f"start must be < len(ids) = {len(ids)}, got {start}")
    if start < context + 1:
        raise ValueError(
            f"start must be >= context + 1 = {context + 1} so the first window has its context, got {start}"
        )
    n_scored = len(ids) - start
    if n_scored < T:
        raise ValueError(f"ids[start:] must hold at least T = {T} characters, got {n_scored}")
    # window k predicts targets at positions first_target(k) .. first_target(k) + T - 1
    targets = list(range(start, len(ids) - T + 1, T))
    if targets[-1] + T < len(ids):
        targets.append(len(ids) - T)  # one more window, aligned to the end
    a = np.asarray(targets) - context - 1  # (N,) first input index of each window
    idx = a[:, None] + np.arange(L + 1)  # (N, L+1)
    seq = ids[idx]
    x, y = seq[:, :-1], seq[:, 1:]  # (N, L), (N, L)
    weights = np.zeros((len(a), L), dtype=np.float32)
    weights[:, context:] = 1.0
    if len(targets) > 1:
        overlap = targets[-2] + T - targets[-1]  # targets the previous window already scored
        weights[-1, context : context + max(overlap, 0)] = 0.0
    return x, y, weights


def scored_bits(probs, targets, weights=None) -> np.ndarray:
    """``-log2 p(target)`` at every scored position (weight > 0), in row-major order: (M,) float64.

    ``probs (..., V)`` next-character distributions, ``targets (...)``
    integer ids, ``weights (...)`` 0/1 (``None``: all). For the windows of
    :func:`scoring_windows` the result follows the scored text character by
    character. Probabilities are clipped at 1e-12 below so a zero never gives
    infinity.
    """
    probs = np.asarray(probs)
    targets = np.asarray(targets)
    if probs.shape[:-1] != targets.shape:
        raise ValueError(f"probs must be targets.shape + (V,) = {targets.shape} + (V,), got {probs.shape}")
    p = np.take_along_axis(probs, targets[..., None].astype(np.intp), axis=-1)[..., 0]  # (...)
    bits = -np.log2(np.maximum(p.astype(np.float64), 1e-12))
    if weights is None:
        return bits.ravel()
    weights = np.asarray(weights, dtype=np.float64)
    if weights.shape != targets.shape:
        raise ValueError(f"weights must have the shape of targets {targets.shape}, got {weights.shape}")
    if not np.isin(weights, (0.0, 1.0)).all():
        raise ValueError("weights must be 0 (not scored) or 1 (scored)")
    if weights.sum() <= 0:
        raise ValueError("weights must mark at least one scored position")
    return bits[weights > 0]


def bits_per_char(probs, targets, weights=None) -> float:
    """Mean of ``-log2 p(target)`` over the scored positions (weight 1): the mean of :func:`scored_bits`."""
    return float(scored_bits(probs, targets, weights).mean())


# --- readable properties of text, to compare with what hidden units track ---

_SPEAKER_LINE = re.compile(r"^[A-Z][A-Z ]*\.$")  # e.g. "BRUTUS." or "FIRST CITIZEN." on a line of its own


def text_features(text: str) -> dict:
    """Per-character properties of ``text`` that a reader can see, each an (L,) float64 array.

    - ``"inside [brackets]"``: 1 from an opening ``[`` up to its closing ``]``
      (stage directions), both included; 0 elsewhere.
    - ``"position in line"``: how many characters precede this one on its
      line (0 for the first character of a line; a newline ends its line).
    - ``"speaker name line"``: 1 on a line that holds only a speaker's name in
      capitals (``BRUTUS.``), its newline included.
    """
    text = check_str("text", text)
    L = len(text)
    codes = _codes(text)
    # brackets: depth after reading each character, clipped to [0, 1] so a stray "]" cannot drift it
    inside = np.zeros(L)
    depth = 0
    for t, ch in enumerate(text):
        if ch == "[":
            depth = 1
        inside[t] = depth
        if ch == "]":
            depth = 0
    # position in line: t minus the index just after the previous newline
    is_newline = codes == ord("\n")
    idx = np.arange(L)
    line_start = np.maximum.accumulate(np.where(np.r_[False, is_newline[:-1]], idx, 0))  # (L,)
    position = (idx - line_start).astype(np.float64)
    # speaker lines
    speaker = np.zeros(L)
    start = 0
    for line in text.split("\n"):
        if _SPEAKER_LINE.match(line):
            speaker[start : start + len(line) + 1] = 1.0
        start += len(line) + 1
    return {"inside [brackets]": inside, "position in line": position, "speaker name line": speaker[:L]}


def unit_correlations(activations, feature) -> np.ndarray:
    """Pearson correlation of every unit's activation with ``feature``: activations (L, H), feature (L,) -> (H,).

    A unit (or a feature) that never changes gets correlation 0.
    """
    acts = np.asarray(activations, dtype=np.float64)
    feature = np.asarray(feature, dtype=np.float64)
    if acts.ndim != 2:
        raise ValueError(f"activations must be (L, H) = a 2-D array, got shape {acts.shape}")
    if feature.shape != (acts.shape[0],):
        raise ValueError(f"feature must be (L,) = ({acts.shape[0]},), got {feature.shape}")
    a = acts - acts.mean(axis=0)  # (L, H)
    f = feature - feature.mean()  # (L,)
    denom = np.sqrt((a**2).sum(axis=0) * (f**2).sum())  # (H,)
    return np.divide(f @ a, denom, out=np.zeros(acts.shape[1]), where=denom > 0)


def activation_html(text: str, values, vmax: float | None = None) -> str:
    """``text`` as HTML, each character's background coloured by ``values`` (L,).

    Blue for negative, orange for positive, white for 0; ``vmax`` (default: the
    largest ``|value|``) maps to full colour. Line breaks are kept.
    """
    text = check_str("text", text)
    values = np.asarray(values, dtype=np.float64)
    if values.shape != (len(text),):
        raise ValueError(f"values must be (L,) = ({len(text)},), got {values.shape}")
    scale = float(np.abs(values).max()) if vmax is None else float(vmax)
    alpha = np.clip(np.abs(values) / scale, 0, 1) if scale > 0 else np.zeros_like(values)
    spans = []
    for ch, v, a in zip(text, values, alpha):
        rgb = "213,94,0" if v > 0 else "0,114,178"  # the series' orange and blue
        shown = "&#8629;\n" if ch == "\n" else html.escape(ch)  # the newline shows as an arrow
        spans.append(f"<span style='background:rgba({rgb},{a:.2f})'>{shown}</span>")
    return "<pre style='line-height:1.5;font-size:90%;white-space:pre-wrap'>" + "".join(spans) + "</pre>"


# --- kinds of position, to see where a model's bits come from ---


def _is_letter(text: str) -> np.ndarray:
    """(L,) bool: the character is a letter (any script)."""
    return np.fromiter((ch.isalpha() for ch in text), dtype=bool, count=len(text))


def position_kinds(text: str) -> dict:
    """Kinds of position of every character of ``text``, each an (L,) bool mask (they may overlap).

    - ``"first character of a line"``: the text's first character and every one right after a newline.
    - ``"speaker name line"``: on a line holding only a speaker's name (as in :func:`text_features`).
    - ``"inside [brackets]"``: a stage direction, its brackets included (as in :func:`text_features`).
    - ``"first letter of a word"``: a letter after a character that is neither a letter nor an apostrophe.
    - ``"later letter of a word"``: a letter after a letter or an apostrophe.
    - ``"not a letter"``: spaces, punctuation, digits and newlines.

    The last three split the text: every character is in exactly one of them.
    """
    text = check_str("text", text)
    features = text_features(text)
    letter = _is_letter(text)
    wordish = letter | (_codes(text) == ord("'"))
    after_wordish = np.r_[False, wordish[:-1]]  # (L,) the previous character is a letter or apostrophe
    return {
        "first character of a line": features["position in line"] == 0,
        "speaker name line": features["speaker name line"] > 0,
        "inside [brackets]": features["inside [brackets]"] > 0,
        "first letter of a word": letter & ~after_wordish,
        "later letter of a word": letter & after_wordish,
        "not a letter": ~letter,
    }


def chars_since_speech_start(text: str) -> np.ndarray:
    """Characters since the current speech began, for every character of ``text``: (L,) float64.

    A speech begins with the first character of its speaker's name line
    (``BRUTUS.``), which gets 0. Characters before the first name line of
    ``text`` get ``nan`` (their speech began before the text did).
    """
    text = check_str("text", text)
    speaker = text_features(text)["speaker name line"] > 0  # (L,)
    starts = speaker & ~np.r_[False, speaker[:-1]]  # first character of every name line
    idx = np.arange(len(text))
    last_start = np.maximum.accumulate(np.where(starts, idx, -1))  # (L,) -1 before the first one
    return np.where(last_start >= 0, idx - last_start, np.nan).astype(np.float64)


def length_bins(lengths, edges) -> dict:
    """Masks of ``lengths`` (L,) in the bins cut at ``edges`` (increasing integers), labelled by their range.

    ``edges = (1, 5, 20)`` gives ``"0"``, ``"1-4"``, ``"5-19"`` and ``"20+"``
    (a bin of one value is labelled by it). ``nan`` lengths fall in no bin.
    Returns ``{label: (L,) bool}`` in increasing order.
    """
    lengths = np.asarray(lengths, dtype=np.float64)
    if lengths.ndim != 1:
        raise ValueError(f"lengths must be (L,) = a 1-D array, got shape {lengths.shape}")
    edges = [check_int("edges[k]", e, 1) for e in edges]
    if not edges or any(b <= a for a, b in itertools.pairwise(edges)):
        raise ValueError(f"edges must be one or more increasing whole numbers >= 1, got {edges}")
    bounds = [0, *edges]
    bins = {}
    for low, high in itertools.pairwise(bounds):
        label = str(low) if high == low + 1 else f"{low}-{high - 1}"
        bins[label] = (lengths >= low) & (lengths < high)
    bins[f"{bounds[-1]}+"] = lengths >= bounds[-1]
    return bins
