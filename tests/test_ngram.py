"""Interpolated Kneser-Ney n-grams (lstm_helpers.ngram) against a plain-Python oracle."""

from collections import Counter, defaultdict

import numpy as np
import pytest

from lstm_helpers import ngram as ng


def oracle_kn(train, order, V, discounts):
    """The textbook recursion with dictionaries, one query at a time (slow, independent)."""
    train = list(train)
    grams = {k: Counter(tuple(train[i : i + k]) for i in range(len(train) - k + 1)) for k in range(1, order + 2)}

    def counts(k):
        if k == order:
            return dict(grams[k])
        cont = Counter()
        for gram in grams[k + 1]:  # distinct (k+1)-grams: one per distinct preceding character
            cont[gram[1:]] += 1
        return dict(cont)

    tables = {k: counts(k) for k in range(1, order + 1)}
    totals = {k: defaultdict(float) for k in tables}
    types = {k: defaultdict(int) for k in tables}
    for k, table in tables.items():
        for gram, c in table.items():
            totals[k][gram[:-1]] += c
            types[k][gram[:-1]] += 1

    def prob(history, w):
        p = 1.0 / V
        for k in range(1, order + 1):
            h = tuple(history[len(history) - (k - 1) :]) if k > 1 else ()
            total = totals[k].get(h, 0.0)
            if total == 0:
                continue
            D = discounts[k - 1]
            c = tables[k].get(h + (w,), 0)
            p = (max(c - D, 0) + D * types[k][h] * p) / total
        return p

    return prob


def random_text(n, V, seed):
    """A Markov text with structure (so higher orders matter) over V symbols."""
    rng = np.random.default_rng(seed)
    trans = rng.dirichlet(np.full(V, 0.3), size=(V, V))
    ids = [0, 1]
    for _ in range(n - 2):
        ids.append(int(rng.choice(V, p=trans[ids[-2], ids[-1]])))
    return np.array(ids)


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_probabilities_match_the_oracle(order):
    V = 6
    ids = random_text(600, V, seed=order)
    model = ng.fit_kneser_ney(ids[:500], order, V)
    prob = oracle_kn(ids[:500], order, V, model.discounts)
    got = ng.char_probs(model, ids, start=500)
    want = [prob(ids[t - order + 1 : t], ids[t]) for t in range(500, 600)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_discounts_follow_ney_formula():
    V = 5
    ids = random_text(400, V, seed=7)
    model = ng.fit_kneser_ney(ids, 3, V)
    trigram = Counter(tuple(ids[i : i + 3]) for i in range(len(ids) - 2))
    n1 = sum(1 for c in trigram.values() if c == 1)
    n2 = sum(1 for c in trigram.values() if c == 2)
    assert model.discounts[2] == pytest.approx(n1 / (n1 + 2 * n2))
    fixed = ng.fit_kneser_ney(ids, 3, V, discount=0.75)
    assert fixed.discounts == (0.75, 0.75, 0.75)


@pytest.mark.parametrize("order", [1, 2, 5])
def test_next_char_distribution_sums_to_one_even_for_unseen_contexts(order):
    V = 8
    ids = random_text(300, 6, seed=3)  # symbols 6 and 7 never occur
    model = ng.fit_kneser_ney(ids, order, V)
    for context in (ids[-10:], np.array([7, 6, 7, 6, 7, 6]), ids[:6]):
        p = ng.next_char_probs(model, context)
        assert p.shape == (V,)
        assert (p > 0).all()
        assert p.sum() == pytest.approx(1.0, abs=1e-12)


def test_higher_order_helps_on_structured_text_and_uniform_is_log2_v():
    V = 6
    ids = random_text(6000, V, seed=11)
    bpc = [ng.heldout_bits_per_char(ng.fit_kneser_ney(ids[:5000], n, V), ids, 5000) for n in (1, 2, 3)]
    assert bpc[0] > bpc[1] > bpc[2]  # the text is second-order Markov
    assert bpc[0] < ng.uniform_bits_per_char(V) == pytest.approx(np.log2(V))


def test_inputs_are_not_modified_and_bad_input_is_named():
    ids = random_text(100, 4, seed=0)
    before = ids.copy()
    model = ng.fit_kneser_ney(ids, 3, 4)
    ng.heldout_bits_per_char(model, ids, 50)
    np.testing.assert_array_equal(ids, before)
    with pytest.raises(ValueError, match=r"\[0, V\) = \[0, 3\)"):
        ng.fit_kneser_ney(ids, 2, 3)
    with pytest.raises(ValueError, match="order must be an integer >= 1"):
        ng.fit_kneser_ney(ids, 0, 4)
    with pytest.raises(ValueError, match="start must be an integer >= 2"):
        ng.char_probs(model, ids, 1)
    with pytest.raises(ValueError, match="order - 1 = 2"):
        ng.next_char_probs(model, ids[:1])
    with pytest.raises(TypeError, match="integer"):
        ng.fit_kneser_ney(ids.astype(float), 2, 4)
    with pytest.raises(ValueError, match="discount"):
        ng.fit_kneser_ney(ids, 2, 4, discount=1.5)
