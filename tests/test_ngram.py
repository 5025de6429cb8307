"""Interpolated Kneser-Ney n-grams (lstm_helpers.ngram), original and modified, against a plain-Python oracle."""

from collections import Counter, defaultdict

import numpy as np
import pytest

from lstm_helpers import ngram as ng


def oracle_kn(train, order, V, discounts):
    """The textbook recursion with dictionaries, one query at a time (slow, independent).

    ``discounts[k - 1]`` is order k's ``(D(1), D(2), D(3+))``: a k-gram counted c times loses D(min(c, 3)),
    and the history's freed mass D(1) N1 + D(2) N2 + D(3+) N3+ goes to the shorter history.
    """
    train = list(train)
    grams = {k: Counter(tuple(train[i : i + k]) for i in range(len(train) - k + 1)) for k in range(1, order + 2)}

    def counts(k):
        if k == order:
            return dict(grams[k])
        cont = Counter()
        for gram in grams[k + 1]:  # distinct (k+1)-grams: one per distinct preceding character
            cont[gram[1:]] += 1
        return dict(cont)

    def D(k, c):
        return discounts[k - 1][min(c, 3) - 1] if c > 0 else 0.0

    tables = {k: counts(k) for k in range(1, order + 1)}
    totals = {k: defaultdict(float) for k in tables}
    freed = {k: defaultdict(float) for k in tables}
    for k, table in tables.items():
        for gram, c in table.items():
            totals[k][gram[:-1]] += c
            freed[k][gram[:-1]] += D(k, c)

    def prob(history, w):
        p = 1.0 / V
        for k in range(1, order + 1):
            h = tuple(history[len(history) - (k - 1) :]) if k > 1 else ()
            total = totals[k].get(h, 0.0)
            if total == 0:
                continue
            c = tables[k].get(h + (w,), 0)
            p = (max(c - D(k, c), 0) + freed[k][h] * p) / total
        return p

    return prob


def counts_at(train, order, k):
    """Order k's counts as the model uses them: plain at the top order, continuation counts below."""
    train = list(train)
    if k == order:
        return Counter(tuple(train[i : i + k]) for i in range(len(train) - k + 1))
    longer = {tuple(train[i : i + k + 1]) for i in range(len(train) - k)}
    return Counter(g[1:] for g in longer)


def random_text(n, V, seed):
    """A Markov text with structure (so higher orders matter) over V symbols."""
    rng = np.random.default_rng(seed)
    trans = rng.dirichlet(np.full(V, 0.3), size=(V, V))
    ids = [0, 1]
    for _ in range(n - 2):
        ids.append(int(rng.choice(V, p=trans[ids[-2], ids[-1]])))
    return np.array(ids)


@pytest.mark.parametrize("modified", [False, True], ids=["original", "modified"])
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_probabilities_match_the_oracle(order, modified):
    V = 6
    ids = random_text(600, V, seed=order)
    model = ng.fit_kneser_ney(ids[:500], order, V, modified=modified)
    if modified and order > 2:
        assert len(set(model.discounts[-1])) == 3  # three different discounts, so the test tells them apart
    prob = oracle_kn(ids[:500], order, V, model.discounts)
    got = ng.char_probs(model, ids, start=500)
    want = [prob(ids[t - order + 1 : t], ids[t]) for t in range(500, 600)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_discounts_follow_ney_formula():
    V = 5
    ids = random_text(400, V, seed=7)
    model = ng.fit_kneser_ney(ids, 3, V)
    for k in (1, 2, 3):
        n = Counter(counts_at(ids, 3, k).values())
        D = n[1] / (n[1] + 2 * n[2]) if n[1] else 0.5  # no singletons (the unigram's continuation counts): 0.5
        assert model.discounts[k - 1] == pytest.approx((D,) * 3)
    assert model.discounts[2][0] != 0.5  # the formula itself is tested at the top order
    fixed = ng.fit_kneser_ney(ids, 3, V, discount=0.75)
    assert fixed.discounts == ((0.75,) * 3,) * 3


def test_modified_discounts_follow_chen_and_goodman():
    V = 6
    ids = random_text(3000, V, seed=5)
    model = ng.fit_kneser_ney(ids, 4, V, modified=True)
    for k in (3, 4):  # the orders with every n_r > 0 (below, the fallback of the next test)
        n = Counter(counts_at(ids, 4, k).values())
        assert min(n[1], n[2], n[3], n[4]) > 0
        Y = n[1] / (n[1] + 2 * n[2])
        want = (1 - 2 * Y * n[2] / n[1], 2 - 3 * Y * n[3] / n[2], 3 - 4 * Y * n[4] / n[3])
        assert model.discounts[k - 1] == pytest.approx(want), k
        assert 0 <= want[0] <= 1 and 0 <= want[1] <= 2 and 0 <= want[2] <= 3


def test_modified_discounts_fall_back_to_one_discount_on_tiny_text():
    ids = np.array([0, 1, 0, 1, 2, 0])  # some count of counts n_r is 0 at every order
    model = ng.fit_kneser_ney(ids, 2, 3, modified=True)
    plain = ng.fit_kneser_ney(ids, 2, 3)
    assert model.discounts == plain.discounts


def test_given_discount_triples_are_used_and_checked():
    V = 5
    ids = random_text(800, V, seed=2)
    triples = [(0.5, 1.0, 1.5), (0.6, 1.1, 1.4), (0.7, 1.2, 1.3)]
    model = ng.fit_kneser_ney(ids[:700], 3, V, discount=triples)
    assert model.discounts == tuple(triples)
    prob = oracle_kn(ids[:700], 3, V, triples)
    want = [prob(ids[t - 2 : t], ids[t]) for t in range(700, 800)]
    np.testing.assert_allclose(ng.char_probs(model, ids, 700), want, rtol=1e-12)
    with pytest.raises(ValueError, match="one .* triple per order, 3 of them"):
        ng.fit_kneser_ney(ids, 3, V, discount=triples[:2])
    with pytest.raises(ValueError, match=r"D\(2\)"):
        ng.fit_kneser_ney(ids, 3, V, discount=[(0.5, 2.5, 1.0)] * 3)
    with pytest.raises(TypeError, match="modified must be True or False"):
        ng.fit_kneser_ney(ids, 3, V, modified="yes")


def test_modified_kneser_ney_does_better_on_held_out_text():
    # Chen & Goodman's finding, on a text with structure: three discounts per order beat one.
    V = 8
    ids = random_text(20000, V, seed=4)
    bpc = {
        m: ng.heldout_bits_per_char(ng.fit_kneser_ney(ids[:18000], 4, V, modified=m), ids, 18000) for m in (False, True)
    }
    assert bpc[True] < bpc[False]


@pytest.mark.parametrize("modified", [False, True], ids=["original", "modified"])
@pytest.mark.parametrize("order", [1, 2, 5])
def test_next_char_distribution_sums_to_one_even_for_unseen_contexts(order, modified):
    V = 8
    ids = random_text(300, 6, seed=3)  # symbols 6 and 7 never occur
    model = ng.fit_kneser_ney(ids, order, V, modified=modified)
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


@pytest.mark.parametrize("factor", [0.8, 1.0, 1.2, 3.0])
def test_scaled_discounts_match_the_oracle_and_still_sum_to_one(factor):
    V = 6
    ids = random_text(3000, V, seed=5)
    base = ng.fit_kneser_ney(ids[:2800], 4, V, modified=True)
    model = ng.scale_discounts(base, factor)
    want_D = tuple(tuple(min(factor * d, c) for c, d in zip((1, 2, 3), t)) for t in base.discounts)
    np.testing.assert_allclose(model.discounts, want_D, rtol=1e-15)
    if factor == 3.0:  # every D(1) capped at 1: a k-gram gives up at most its count
        assert all(d[0] == 1.0 for d in model.discounts)
    prob = oracle_kn(ids[:2800], 4, V, model.discounts)
    want = [prob(ids[t - 3 : t], ids[t]) for t in range(2800, 3000)]
    np.testing.assert_allclose(ng.char_probs(model, ids, 2800), want, rtol=1e-12)
    for context in (ids[-10:], np.array([5, 5, 5])):
        assert ng.next_char_probs(model, context).sum() == pytest.approx(1.0, abs=1e-12)


def test_scaling_by_one_changes_nothing_and_bad_input_is_named():
    V = 5
    ids = random_text(800, V, seed=2)
    for modified in (False, True):
        base = ng.fit_kneser_ney(ids[:700], 3, V, modified=modified)
        same = ng.scale_discounts(base, 1.0)
        assert same.discounts == base.discounts
        np.testing.assert_array_equal(ng.char_probs(same, ids, 700), ng.char_probs(base, ids, 700))
    before = base.discounts
    ng.scale_discounts(base, 1.5)
    assert base.discounts == before  # the fitted model is not modified
    with pytest.raises(ValueError, match="factor must be a finite number >= 0"):
        ng.scale_discounts(base, -0.1)
    with pytest.raises(TypeError, match="NGramModel"):
        ng.scale_discounts(base.tables, 1.1)
