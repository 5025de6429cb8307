"""Character n-gram language models with interpolated Kneser-Ney smoothing, scored in bits per character.

Shapes and names:
    V  vocabulary size         n  the model's order (an n-gram model looks at n - 1 previous characters)
    M  number of queries       k  an order between 1 and n

Interpolated Kneser-Ney (Kneser & Ney 1995; Chen & Goodman 1998), for a
history ``h`` of ``k - 1`` characters, its shortening ``h'`` (the oldest
character dropped) and the next character ``w``::

    P_k(w | h) = ( max(c_k(h w) - D_k(c_k(h w)), 0) + gamma_k(h) * P_{k-1}(w | h') ) / c_k(h .)

    gamma_k(h) = D_k(1) * N1(h .) + D_k(2) * N2(h .) + D_k(3+) * N3+(h .)

and ``P_k(w | h) = P_{k-1}(w | h')`` when the history was never seen
(``c_k(h .) = 0``). ``P_0(w) = 1 / V``, so every character keeps some
probability, even one never seen in training. Here

- ``c_k(h w)`` is the plain count of the k-gram ``h w`` at the highest order
  (``k = n``); at lower orders it is the *continuation count*: the number of
  distinct characters seen just before ``h w``. Why: a lower order matters
  only when the longer history is rare or unseen, and then the useful
  question is in how many different contexts ``w`` occurs, not how often. A
  character that is frequent but follows few others gets a small
  continuation count: in the series' Shakespeare, ``W`` and ``H`` occur more
  than 2,000 times each in the training text but after only 9 distinct
  characters (a newline, a space, a bracket, a quote...), while ``u`` follows
  46 (the median over the characters is 18). (It is not ``u`` after ``q``:
  ``q`` is nearly always followed by ``u``, which says nothing of what ``u``
  follows.)
- ``c_k(h .)`` is the sum of ``c_k(h w)`` over ``w``; ``N1(h .)``, ``N2(h .)``
  and ``N3+(h .)`` count the distinct ``w`` with ``c_k(h w)`` equal to 1, to 2
  and at least 3. ``gamma_k(h)`` is the probability the discounts free, given
  to the lower order.
- The discounts ``D_k(c)``, ``c`` = 1, 2 or 3+, estimated per order from the
  order's counts of counts ``n_r`` (the number of k-grams whose count is ``r``):

  * original Kneser-Ney, one discount per order (Ney, Essen & Kneser 1994):
    ``D_k(1) = D_k(2) = D_k(3+) = Y = n1 / (n1 + 2 n2)``;
  * **modified** Kneser-Ney (Chen & Goodman 1998, ``modified=True``), three
    per order: ``D_k(1) = 1 - 2 Y n2 / n1``, ``D_k(2) = 2 - 3 Y n3 / n2``,
    ``D_k(3+) = 3 - 4 Y n4 / n3``. A k-gram seen once loses less than one
    seen many times, which is what held-out data show (Chen & Goodman's
    section 2.8). At the lower orders the ``n_r`` count continuation counts
    (as KenLM does).

  ``discount=`` gives them instead: one number for every count and order, or
  one ``(D(1), D(2), D(3+))`` triple per order (discounts tuned on validation
  text, for example). :func:`scale_discounts` multiplies a fitted model's
  discounts by one factor (each kept within ``0 <= D(c) <= c``) without
  counting again: one setting to tune on validation text, the estimates'
  ratios kept.

Efficient: every k-gram is one int64 code in base V, so counting is one
``np.unique`` per order and every lookup one ``np.searchsorted``; scoring a
whole held-out text is a handful of vectorized passes, no Python loop over
characters. Every function is pure: inputs are never modified.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._shapes import as_int_array, check_int, check_number

_MAX_CODE = 2**62  # V**n must stay below this so k-gram codes fit in int64


@dataclass(frozen=True)
class _OrderTable:
    """Counts of one order k: k-grams (sorted codes) and, per history, totals and the probability freed."""

    codes: np.ndarray  # (G,) int64 sorted codes of the k-grams "h w"
    counts: np.ndarray  # (G,) float64 c_k(h w)
    hist_codes: np.ndarray  # (Hk,) int64 sorted codes of the histories h (k - 1 characters)
    hist_totals: np.ndarray  # (Hk,) float64 c_k(h .)
    hist_freed: np.ndarray  # (Hk,) float64 gamma_k(h) * c_k(h .) = D(1) N1(h .) + D(2) N2(h .) + D(3+) N3+(h .)
    discount: tuple  # (D_k(1), D_k(2), D_k(3+))


@dataclass(frozen=True)
class NGramModel:
    """A fitted interpolated Kneser-Ney model of order ``order`` over ``V`` characters."""

    order: int
    V: int
    tables: tuple  # tables[k - 1] for k = 1..order

    @property
    def discounts(self) -> tuple:
        """``(D_k(1), D_k(2), D_k(3+))`` for k = 1..order (three equal numbers in original Kneser-Ney)."""
        return tuple(t.discount for t in self.tables)


def _check_ids(name: str, ids, V: int) -> np.ndarray:
    """Character ids (L,) in [0, V), as int64."""
    return as_int_array(name, ids, "integer character ids", 0, V, high_name="V").astype(np.int64)


def _kgram_codes(ids: np.ndarray, k: int, V: int) -> np.ndarray:
    """Code of the k-gram starting at every position: (L - k + 1,) int64, base V, oldest character first."""
    L = len(ids)
    codes = np.zeros(L - k + 1, dtype=np.int64)
    for j in range(k):
        codes = codes * V + ids[j : L - k + 1 + j]
    return codes


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> np.ndarray:
    """``values`` at the positions of ``query`` in the sorted ``keys``; 0 where a query is absent."""
    if len(keys) == 0:
        return np.zeros(query.shape, dtype=np.float64)
    idx = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return np.where(keys[idx] == query, values[idx], 0.0)


def _counts_of_counts(counts: np.ndarray) -> list[int]:
    """``[n1, n2, n3, n4]``: how many k-grams have count 1, 2, 3 and 4."""
    return [int(np.count_nonzero(counts == r)) for r in (1, 2, 3, 4)]


def _ney_discount(counts: np.ndarray) -> float:
    n1, n2, _, _ = _counts_of_counts(counts)
    if n1 == 0:
        return 0.5  # no singletons to estimate from (tiny or repetitive text): a neutral choice
    return float(n1 / (n1 + 2 * n2))


def _modified_discounts(counts: np.ndarray) -> tuple:
    """Chen & Goodman's ``(D(1), D(2), D(3+))`` from the counts of counts; Ney's single D when some n_r is 0."""
    n1, n2, n3, n4 = _counts_of_counts(counts)
    if min(n1, n2, n3, n4) == 0:  # too little text to estimate three discounts
        D = _ney_discount(counts)
        return (D, D, D)
    Y = n1 / (n1 + 2 * n2)
    raw = (1 - 2 * Y * n2 / n1, 2 - 3 * Y * n3 / n2, 3 - 4 * Y * n4 / n3)
    return tuple(float(min(max(d, 0.0), c)) for c, d in zip((1, 2, 3), raw))  # 0 <= D(c) <= c


def _table(codes: np.ndarray, counts: np.ndarray, V: int, discount: tuple) -> _OrderTable:
    """Build one order's table from sorted unique k-gram ``codes``, their ``counts`` and ``(D1, D2, D3+)``."""
    counts = counts.astype(np.float64)
    hist = codes // V  # (G,) the history of each k-gram; sorted because codes are
    hist_codes, first = np.unique(hist, return_index=True)
    per_gram = np.asarray((0.0, *discount))[np.minimum(counts, 3).astype(np.intp)]  # (G,) D(c) of each k-gram
    hist_totals = np.add.reduceat(counts, first) if len(counts) else counts
    hist_freed = np.add.reduceat(per_gram, first) if len(counts) else counts
    return _OrderTable(codes, counts, hist_codes, hist_totals, hist_freed, tuple(float(d) for d in discount))


def _check_discounts(discount, order: int):
    """``None``, or one ``(D(1), D(2), D(3+))`` triple per order, each ``0 <= D(c) <= c``."""
    if discount is None:
        return None
    if isinstance(discount, (int, float, np.integer, np.floating)) and not isinstance(discount, bool):
        d = check_number("discount", discount, 0, 1)
        return [(d, d, d)] * order
    try:
        triples = [tuple(t) for t in discount]
    except TypeError:
        raise TypeError(
            f"discount must be None, a number in [0, 1] or one (D(1), D(2), D(3+)) triple per order, "
            f"got {type(discount).__name__}"
        ) from None
    if len(triples) != order or any(len(t) != 3 for t in triples):
        raise ValueError(
            f"discount must hold one (D(1), D(2), D(3+)) triple per order, {order} of them, got "
            f"{[len(t) for t in triples]} numbers per entry in {len(triples)} entries"
        )
    return [
        tuple(
            check_number(f"discount[{k}][{c - 1}] (D({c}{'+' if c == 3 else ''}))", d, 0, c)
            for c, d in zip((1, 2, 3), t)
        )
        for k, t in enumerate(triples)
    ]


def fit_kneser_ney(ids, order: int, V: int, discount=None, modified: bool = False) -> NGramModel:
    """Count the training text ``ids`` (L,) and return an interpolated Kneser-Ney model of ``order``.

    ``modified=False``: one discount per order (Ney's formula), original
    Kneser-Ney; ``modified=True``: three per order (Chen & Goodman), modified
    Kneser-Ney. ``discount`` overrides the estimates: a number in [0, 1] for
    every count at every order, or ``order`` triples ``(D(1), D(2), D(3+))``,
    one per order from 1 up, each ``0 <= D(c) <= c``.
    """
    order = check_int("order", order, 1)
    V = check_int("V", V, 1)
    if V**order >= _MAX_CODE:
        raise ValueError(f"V ** order must be < 2**62 so codes fit in int64, got V={V}, order={order}")
    if not isinstance(modified, (bool, np.bool_)):
        raise TypeError(f"modified must be True or False, got {type(modified).__name__}")
    given = _check_discounts(discount, order)
    ids = _check_ids("ids", ids, V)
    if len(ids) < order:
        raise ValueError(f"ids must hold at least order = {order} characters, got {len(ids)}")

    tables = []
    for k in range(1, order + 1):
        if k == order:  # highest order: plain counts
            codes, counts = np.unique(_kgram_codes(ids, k, V), return_counts=True)
        else:  # lower orders: continuation counts N1+(. h w), from the distinct (k+1)-grams
            longer = np.unique(_kgram_codes(ids, k + 1, V))
            codes, counts = np.unique(longer % V**k, return_counts=True)  # drop the oldest character
        if given is not None:
            D = given[k - 1]
        elif modified:
            D = _modified_discounts(counts)
        else:
            D = (_ney_discount(counts),) * 3
        tables.append(_table(codes, counts, V, D))
    return NGramModel(order, V, tuple(tables))


def scale_discounts(model: NGramModel, factor: float) -> NGramModel:
    """The same counts with every discount multiplied by ``factor``: ``D_k(c) -> min(factor * D_k(c), c)``.

    ``factor = 1`` gives back the model's own discounts (the estimates of :func:`fit_kneser_ney`, or the
    ones it was given); ``factor > 1`` moves more probability to the shorter histories at every order, by
    the same proportion. Nothing is counted again, so a grid of factors costs one fit. Each ``D_k(c)`` is
    capped at ``c``, so a k-gram never gives up more than its count and every distribution still sums to 1.
    """
    if not isinstance(model, NGramModel):
        raise TypeError(f"model must be an NGramModel (from fit_kneser_ney), got {type(model).__name__}")
    factor = check_number("factor", factor, 0)
    tables = tuple(
        _table(t.codes, t.counts, model.V, tuple(min(factor * d, c) for c, d in zip((1, 2, 3), t.discount)))
        for t in model.tables
    )
    return NGramModel(model.order, model.V, tables)


def _probs(model: NGramModel, history: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """P(target | history) for M queries: history (M, n - 1) int64, targets (M,) int64 -> (M,) float64."""
    n, V = model.order, model.V
    p = np.full(targets.shape, 1.0 / V)  # P_0: uniform
    hist_code = np.zeros(targets.shape, dtype=np.int64)  # code of the last k - 1 characters
    for k in range(1, n + 1):
        if k > 1:  # one more character of history, the older one in front
            hist_code = hist_code + history[:, n - k] * V ** (k - 2)
        tab = model.tables[k - 1]
        c_hw = _lookup(tab.codes, tab.counts, hist_code * V + targets)  # (M,)
        c_h = _lookup(tab.hist_codes, tab.hist_totals, hist_code)  # (M,)
        freed = _lookup(tab.hist_codes, tab.hist_freed, hist_code)  # (M,)
        D = np.asarray((0.0, *tab.discount))[np.minimum(c_hw, 3).astype(np.intp)]  # (M,) D(c), 0 if unseen
        seen = c_h > 0
        interpolated = (np.maximum(c_hw - D, 0.0) + freed * p) / np.where(seen, c_h, 1.0)
        p = np.where(seen, interpolated, p)
    return p


def next_char_probs(model: NGramModel, context) -> np.ndarray:
    """The model's distribution over the next character (V,) after ``context`` (the last n - 1 ids are used).

    ``context`` must hold at least ``order - 1`` ids. The result sums to 1.
    """
    context = _check_ids("context", context, model.V)
    need = model.order - 1
    if len(context) < need:
        raise ValueError(f"context must hold at least order - 1 = {need} ids, got {len(context)}")
    hist = np.broadcast_to(context[len(context) - need :], (model.V, need))  # (V, n-1)
    return _probs(model, hist, np.arange(model.V, dtype=np.int64))


def char_probs(model: NGramModel, ids, start: int) -> np.ndarray:
    """P(ids[t] | ids[t - n + 1 : t]) for every t in ``[start, L)``: (L - start,) float64.

    Characters before ``start`` serve as history only; ``start`` must be at
    least ``order - 1`` so every scored character has its full history.
    """
    ids = _check_ids("ids", ids, model.V)
    start = check_int("start", start, model.order - 1)
    if start >= len(ids):
        raise ValueError(f"start must be < len(ids) = {len(ids)}, got {start}")
    n = model.order
    pos = np.arange(start, len(ids))  # (M,) the scored positions
    history = ids[pos[:, None] + np.arange(-(n - 1), 0)]  # (M, n-1), oldest first
    return _probs(model, history, ids[pos])


def heldout_bits_per_char(model: NGramModel, ids, start: int) -> float:
    """Mean ``-log2 P`` of the characters ``ids[start:]`` (see :func:`char_probs`): the model's held-out score.

    (Bits per character of a model's *probabilities* are :func:`lstm_helpers.text.bits_per_char`.)
    """
    return float(-np.log2(char_probs(model, ids, start)).mean())


def uniform_bits_per_char(V: int) -> float:
    """Bits per character of guessing uniformly among V characters: ``log2 V``."""
    V = check_int("V", V, 1)
    return float(np.log2(V))
