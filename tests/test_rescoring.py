"""The committed weights re-compute the figures the committed notebooks print.

Every file in ``weights/`` is loaded (its checksum verified), run by a NumPy
forward pass of this test's own (``lstm_helpers.lstm.lstm_forward``, the
vanilla RNN of ``lstm_helpers.rnn`` and plain matrix products, not Keras)
on the same full evaluation data the notebook uses, and the headline figures
are compared with the text the committed notebook printed, to its printed
digits. So a weight file and the committed outputs that disagree fail here:
a retrained model whose notebook was not re-executed, an edited file whose
manifest was updated by hand, or a notebook re-executed without rewriting
its weights (``make notebooks`` and ``make weights`` write both together).

Allowed: for a count (images right, sequences within 0.04), one item either
way, since an argmax or a threshold near a tie can fall the other way in
float64 NumPy than in float32 Keras on another CPU.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from lstm_helpers import forecasting as fc
from lstm_helpers import text as tx
from lstm_helpers import weights as W
from lstm_helpers.data import adding_problem, load_mnist, load_shakespeare, load_sp500, synthetic_prices
from lstm_helpers.lstm import lstm_forward
from lstm_helpers.rnn import rnn_forward

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WEIGHTS = ROOT / "weights"


# ---------------------------------------------------------------- reading the committed notebooks


def code_cell(notebook: str, needle: str) -> dict:
    """The one code cell of the committed ``notebook`` whose source contains ``needle``."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    hits = [c for c in cells if c["cell_type"] == "code" and needle in "".join(c["source"])]
    assert len(hits) == 1, f"{notebook}: {len(hits)} code cells contain {needle!r}"
    return hits[0]


def printed(notebook: str, needle: str) -> str:
    """The text that cell printed (its stream outputs)."""
    cell = code_cell(notebook, needle)
    return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def search(pattern: str, text: str) -> re.Match:
    match = re.search(pattern, text, flags=re.M)
    assert match, f"the committed output does not show {pattern!r}; it reads:\n{text}"
    return match


def count_agrees(count: int, n: int, shown_percent: str, decimals: int) -> bool:
    """Does ``count`` of ``n`` (or one more or fewer) print as ``shown_percent``?"""
    return any(f"{100 * k / n:.{decimals}f}" == shown_percent for k in (count - 1, count, count + 1))


# ---------------------------------------------------------------- NumPy forward passes (the oracle)


def lstm(x, Wx, Wh, b, chunk=500):
    """All hidden states (N, T, H) of a Keras LSTM with these weights, in float64, ``chunk`` sequences at a time."""
    H = Wh.shape[0]
    Wx, Wh, b = (a.astype(np.float64) for a in (Wx, Wh, b))
    out = [
        lstm_forward(x[i : i + chunk].astype(np.float64), np.zeros((len(x[i : i + chunk]), H)), Wx, Wh, b)[0]
        for i in range(0, len(x), chunk)
    ]
    return np.concatenate(out)


def simple_rnn(x, Wx, Wh, b, activation):
    """The last hidden state (N, H) of a Keras SimpleRNN, tanh or relu."""
    Wx, Wh, b = (a.astype(np.float64) for a in (Wx, Wh, b))
    if activation == "tanh":
        return rnn_forward(x.astype(np.float64), np.zeros((len(x), Wh.shape[0])), Wx, Wh, b)[0][:, -1]
    h = np.zeros((len(x), Wh.shape[0]))
    for t in range(x.shape[1]):  # h_t = relu(x_t Wx + h_{t-1} Wh + b)
        h = np.maximum(0.0, x[:, t].astype(np.float64) @ Wx + h @ Wh + b)
    return h


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------- notebook 04: every final model on all test images


FINALS_04 = sorted(n for n in W.read_manifest(WEIGHTS)["files"] if n.startswith("04_final_seed"))


def rescore_04(name="04_final_seed0", weights_dir=WEIGHTS) -> dict:
    k1, r1, b1, k2, r2, b2, kd, bd = W.load_arrays(name, weights_dir=weights_dir).arrays
    _, (x_test_u8, y_test) = load_mnist()
    x = x_test_u8.astype(np.float32) / 255.0  # (10000, 28, 28), as the notebook scales it
    h1 = lstm(x, k1, r1, b1, chunk=1000)  # (10000, 28, 128)
    h2 = lstm(h1, k2, r2, b2, chunk=1000)[:, -1]  # (10000, 128): the last step
    right = int((np.argmax(h2 @ kd + bd, axis=1) == y_test).sum())
    return {"right": right, "n": len(y_test)}


def expected_04() -> dict:
    """Per seed, the printed test count and percentage; and the printed mean over the seeds."""
    text = printed("04_mnist_row_lstm.ipynb", "test_ci = {s: stats.binomial_interval(")
    rows = re.findall(r"^seed (\d+): ([\d,]+) of ([\d,]+) test images right = ([\d.]+) \[", text, flags=re.M)
    assert rows, text
    seeds = {
        int(s): {"right": int(k.replace(",", "")), "n": int(n.replace(",", "")), "percent": pct}
        for s, k, n, pct in rows
    }
    mean = search(r"^mean over the (\d+) seeds: ([\d.]+) \[", text)
    assert int(mean.group(1)) == len(seeds), text
    return {"seeds": seeds, "mean": float(mean.group(2))}


def test_notebook_04_every_final_model_on_all_10000_test_images_is_recomputed():
    shown = expected_04()
    assert len(FINALS_04) >= 3 and FINALS_04 == sorted(f"04_final_seed{s}" for s in shown["seeds"])
    counts = []
    for seed, figures in shown["seeds"].items():
        got = rescore_04(f"04_final_seed{seed}")
        assert got["n"] == figures["n"] == 10_000
        assert abs(got["right"] - figures["right"]) <= 1, (seed, got, figures)  # one image: an argmax near a tie
        assert count_agrees(got["right"], got["n"], figures["percent"], 2), (seed, got, figures)
        counts.append(got["right"])
    mean = 100 * np.mean(counts) / 10_000
    assert abs(mean - shown["mean"]) <= 0.01 / len(counts) + 0.005, (mean, shown["mean"])  # one image per seed


# ---------------------------------------------------------------- notebook 06: bits per character, validation and test


def rescore_06(weights_dir=WEIGHTS) -> dict:
    loaded = W.load_arrays("06_char_lstm", weights_dir=weights_dir)
    emb, Wx, Wh, b, Wd, bd = loaded.arrays
    T = loaded.record["settings"]["T"]
    context = int(
        search(
            r"scoring windows of (\d+) \+ (\d+) characters", printed("06_char_lstm_language_model.ipynb", "CONTEXT = ")
        ).group(1)
    )
    text = load_shakespeare()
    ids = tx.encode(text, tx.build_vocab(text))
    _, held_ids, start = tx.held_out_split(ids, 0.1)
    _, _, test_offset = tx.held_out_split(held_ids, 0.5)
    test_start = start + test_offset
    result = {}
    for part, (source, begin) in {"validation": (ids[:test_start], start), "test": (ids, test_start)}.items():
        x, y, w = tx.scoring_windows(source, begin, T, context)  # (N, context + T) each
        bits = []
        for i in range(0, len(x), 64):
            h = lstm(emb[x[i : i + 64]], Wx, Wh, b)  # (n, context + T, H)
            bits.append(tx.scored_bits(softmax(h @ Wd + bd), y[i : i + 64], w[i : i + 64]))
        result[part] = float(np.concatenate(bits).mean())
    result["best_epoch"] = int(loaded.history["best_epoch"][0])
    return result


def rescore_06_pair(kind: str, weights_dir=WEIGHTS) -> dict:
    """Section 5's pair (stateless or carried state), scored in the short windows: validation and test."""
    loaded = W.load_arrays(f"06_pair_{kind}", weights_dir=weights_dir)
    emb, Wx, Wh, b, Wd, bd = loaded.arrays
    T = loaded.record["settings"]["T"]
    context = int(
        search(
            r"scoring windows of (\d+) \+ (\d+) characters", printed("06_char_lstm_language_model.ipynb", "CONTEXT = ")
        ).group(1)
    )
    text = load_shakespeare()
    ids = tx.encode(text, tx.build_vocab(text))
    _, held_ids, start = tx.held_out_split(ids, 0.1)
    _, _, test_offset = tx.held_out_split(held_ids, 0.5)
    test_start = start + test_offset
    result = {"units": Wh.shape[0]}
    for part, (source, begin) in {"validation": (ids[:test_start], start), "test": (ids, test_start)}.items():
        x, y, w = tx.scoring_windows(source, begin, T, context)
        bits = [
            tx.scored_bits(softmax(lstm(emb[x[i : i + 64]], Wx, Wh, b) @ Wd + bd), y[i : i + 64], w[i : i + 64])
            for i in range(0, len(x), 64)
        ]
        result[part] = float(np.concatenate(bits).mean())
    return result


def expected_06_pair(kind: str) -> dict:
    """The pair's row of the printed table: validation, test, test after the long warm-up (bits per character)."""
    text = printed("06_char_lstm_language_model.ipynb", "scored[mname, sname, part] = char_bits(m, xs, ys, ws_)")
    m = search(rf"^{kind} \((\d+) units\)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", text)
    return {"units": int(m.group(1)), "validation": m.group(2), "test": m.group(3)}


@pytest.mark.parametrize("kind", ["stateless", "carried"])
def test_notebook_06_pair_bits_per_character_are_recomputed(kind):
    got, shown = rescore_06_pair(kind), expected_06_pair(kind)
    assert got["units"] == shown["units"], (got, shown)
    assert f"{got['validation']:.3f}" == shown["validation"] and f"{got['test']:.3f}" == shown["test"], (got, shown)


def expected_06() -> dict:
    text = printed("06_char_lstm_language_model.ipynb", "lstm_test_bits = char_bits(model, x_test, y_test, w_test)")
    m = search(r"^LSTM \(epoch (\d+)\)\s+([\d.]+)\s+([\d.]+)", text)
    return {"best_epoch": int(m.group(1)), "validation": m.group(2), "test": m.group(3)}


def agree_06(got: dict, shown: dict) -> bool:
    return (
        got["best_epoch"] == shown["best_epoch"]
        and f"{got['validation']:.3f}" == shown["validation"]
        and f"{got['test']:.3f}" == shown["test"]
    )


def test_notebook_06_bits_per_character_are_recomputed():
    got, shown = rescore_06(), expected_06()
    assert agree_06(got, shown), (got, shown)


# ---------------------------------------------------------------- notebook 01: the five adding-problem models


def rescore_01(weights_dir=WEIGHTS) -> dict:
    text = printed("01_rnn_vanishing_gradients.ipynb", "x_test, y_test = adding_problem(")
    m = search(r"T = (\d+) steps; \d+ training, \d+ validation and (\d+) test sequences", text)
    T, n_test = int(m.group(1)), int(m.group(2))
    x, y = adding_problem(n_test, T, seed=3)
    result = {}
    for name in expected_01():
        loaded = W.load_arrays(W.slug("01", name), weights_dir=weights_dir)
        k, r, b, kd, bd = loaded.arrays
        layer = loaded.record["weights"][0]["path"]
        if "lstm" in layer:
            h = lstm(x, k, r, b)[:, -1]
        else:
            h = simple_rnn(x, k, r, b, "relu" if name.startswith("IRNN") else "tanh")
        err = (h @ kd + bd)[:, 0] - y
        result[name] = {
            "mse": float(np.mean(err**2)),
            "within": int(np.sum(np.abs(err) < 0.04)),
            "n": n_test,
            "ratio": float(np.mean(err**2) / np.mean((y.astype(np.float64) - 1.0) ** 2)),
        }
    return result


def expected_01() -> dict:
    text = printed("01_rnn_vanishing_gradients.ipynb", "se_baseline = (y_test.astype(np.float64) - 1.0) ** 2")
    rows = re.findall(r"^\s*(\S.*?)\s{2,}\d+\s+([\d.]+)\s+([\d.]+) \[[^\]]*\]\s+([\d.]+)% \[", text, flags=re.M)
    assert len(rows) == 5, text
    return {name: {"mse": mse, "ratio": ratio, "within": within} for name, mse, ratio, within in rows}


def test_notebook_01_five_models_test_figures_are_recomputed():
    got, shown = rescore_01(), expected_01()
    for name, figures in shown.items():
        r = got[name]
        assert f"{r['mse']:.4f}" == figures["mse"] and f"{r['ratio']:.3f}" == figures["ratio"], (name, r, figures)
        assert count_agrees(r["within"], r["n"], figures["within"], 1), (name, r, figures)


# ---------------------------------------------------------------- notebook 03: the NumPy LSTM and the unit it rests on

NB03 = "03_numpy_lstm_cell.ipynb"


def lstm_unit_removed(x, Wx, Wh, b, unit, values):
    """The last hidden states (N, H) of the LSTM with ``unit``'s h replaced by ``values[t]`` after every step t.

    A float64 loop of this test's own (not the package's ``lstm_forward_clamped``), gates ``[i, f, g, o]``."""
    H = Wh.shape[0]
    Wx, Wh, b = (a.astype(np.float64) for a in (Wx, Wh, b))
    sig = lambda a: 1 / (1 + np.exp(-a))
    h = c = np.zeros((len(x), H))
    for t in range(x.shape[1]):
        a = x[:, t].astype(np.float64) @ Wx + h @ Wh + b
        c = sig(a[:, H : 2 * H]) * c + sig(a[:, :H]) * np.tanh(a[:, 2 * H : 3 * H])
        h = sig(a[:, 3 * H :]) * np.tanh(c)
        h[:, unit] = values[t]
    return h


def rescore_03(weights_dir=WEIGHTS) -> dict:
    """Test MSE and share within 0.04 (the one look at the test set), and the validation MSE without the unit
    the notebook's table ranks first: its h replaced by its mean over the validation sequences at every step
    (in the recurrence and at the read-out), and with only its final h replaced."""
    text = printed(NB03, "x_test, y_test = adding_problem(")
    m = search(r"T = (\d+): (\d+) training, (\d+) validation and (\d+) test sequences", text)
    T, n_train, n_val, n_test = (int(g) for g in m.groups())
    Wx, Wh, b, w_out, b_out = W.load_arrays("03_numpy_lstm", weights_dir=weights_dir).arrays
    readout = lambda h: h @ w_out[:, 0].astype(np.float64) + float(b_out[0])
    x, y = adding_problem(n_test, T, seed=2)
    err = readout(lstm(x, Wx, Wh, b)[:, -1]) - y
    x_val, y_val = adding_problem(n_val, T, seed=3)
    h_val = lstm(x_val, Wx, Wh, b)  # (n, T, H)
    unit = int(expected_03()["top_unit"])
    removed = lstm_unit_removed(x_val, Wx, Wh, b, unit, h_val[:, :, unit].mean(axis=0))
    last_only = h_val[:, -1].copy()
    last_only[:, unit] = h_val[:, -1, unit].mean()
    return {
        "mse": float(np.mean(err**2)),
        "within": int(np.sum(np.abs(err) < 0.04)),
        "n": n_test,
        "mse_without_top": float(np.mean((readout(removed) - y_val) ** 2)),
        "mse_last_only_top": float(np.mean((readout(last_only) - y_val) ** 2)),
    }


def expected_03() -> dict:
    test = printed(NB03, "err_model = predict(params, x_test)").replace("\n  ", " ")  # lh.say's wrapped lines
    table = printed(NB03, "listed = [u for u in ranked")
    top = search(r"^unit MSE removed.*\n\s*(\d+)\s+([\d.]+)\s+[\d.]+\s+([\d.]+)\s", table)
    return {
        "mse": search(r"test MSE ([\d.]+),", test).group(1),
        "within": search(r"LSTM ([\d.]+)% \(95% CI", test).group(1),
        "top_unit": top.group(1),
        "mse_without_top": top.group(2),
        "mse_last_only_top": top.group(3),
    }


def test_notebook_03_test_figures_and_its_top_unit_are_recomputed():
    got, shown = rescore_03(), expected_03()
    assert f"{got['mse']:.5f}" == shown["mse"], (got, shown)
    assert count_agrees(got["within"], got["n"], shown["within"], 1), (got, shown)
    assert f"{got['mse_without_top']:.5f}" == shown["mse_without_top"], (got, shown)
    assert f"{got['mse_last_only_top']:.5f}" == shown["mse_last_only_top"], (got, shown)


# ---------------------------------------------------------------- notebook 05: the LSTMs' RMSE against persistence

NB05 = "05_stock_forecasting.ipynb"
LSTM_ROWS = {
    "LSTM (log returns)": "{series}, LSTM",
    "stacked LSTM + dropout": "{series}, stacked LSTM",
    "LSTM on price levels (lag trap)": "synthetic, LSTM on price levels",
}


def lstm_stack(x, arrays):
    """Keras LSTM layers (the last one returning its last state) then a Dense layer; dropout is off at inference."""
    h = x
    layers = [arrays[k : k + 3] for k in range(0, len(arrays) - 2, 3)]
    for Wx, Wh, b in layers:
        h = lstm(h, Wx, Wh, b)
    kd, bd = arrays[-2:]
    return h[:, -1] @ kd + bd


def _nb05_setup() -> dict:
    """The notebook's own settings and ``prepare`` (split, scaling, windows), read from the committed cells."""
    setup = "".join(code_cell(NB05, "N_DAYS, SERIES_SEED = ")["source"])
    n_days, series_seed = map(int, search(r"^N_DAYS, SERIES_SEED = (\d+), (\d+)", setup).groups())
    T = int(search(r"^T = (\d+)", setup).group(1))
    folds = int(search(r"^FOLDS = lh\.pick\(\d+, (\d+)\)", setup).group(1))  # the full-mode value
    namespace = {"np": np, "fc": fc, "T": T}
    exec("".join(code_cell(NB05, "def prepare(prices")["source"]).split("\n\n\ndata = ")[0], namespace)
    return {"n_days": n_days, "series_seed": series_seed, "T": T, "folds": folds, "prepare": namespace["prepare"]}


def _returns_forecast(d, arrays, X, days):
    r_hat = d["scaler"].inverse_transform(lstm_stack(X, arrays)[:, 0])
    return fc.returns_to_prices(d["prices"][days - 1], r_hat)


def rescore_05(weights_dir=WEIGHTS) -> dict:
    """Test-day RMSE / persistence of every LSTM in the results table, on the notebook's own windows."""
    setup = _nb05_setup()
    prepare, T = setup["prepare"], setup["T"]  # the notebook's own split, scaling and windows
    data = {
        "synthetic": prepare(synthetic_prices(setup["n_days"], seed=setup["series_seed"]).prices),
        "S&P 500": prepare(load_sp500()["Close"].to_numpy()),
    }
    result = {}
    for series, d in data.items():
        X, _, days = d["test"]
        actual, previous = d["prices"][days], d["prices"][days - 1]
        persistence = fc.rmse(actual, previous)
        for row, label in LSTM_ROWS.items():
            label = label.format(series=series)
            if series != "synthetic" and "levels" in label:
                continue
            arrays = W.load_arrays(W.slug("05", label), weights_dir=weights_dir).arrays
            if "levels" in label:  # scaled by the training part's price range
                p = d["prices"]
                lo, hi = p[: d["train_end"]].min(), p[: d["train_end"]].max()
                s = (p - lo) / (hi - lo)
                X_level, _, level_days = fc.make_windows(s, s, window=T, start=d["val_end"], stop=len(p))
                assert np.array_equal(level_days, days)
                forecast = lstm_stack(X_level, arrays)[:, 0] * (hi - lo) + lo
            else:
                forecast = _returns_forecast(d, arrays, X, days)
            result[(series, row)] = {
                "RMSE": fc.rmse(actual, forecast),
                "ratio": fc.rmse(actual, forecast) / persistence,
            }
    return result


def expected_05() -> dict:
    text = printed(NB05, "table = {(s, m): with_intervals(s, m)")
    shown, series = {}, None
    for line in text.splitlines():
        for name in ("synthetic", "S&P 500"):
            if line.startswith(name):
                series, line = name, line[len(name) :]
        for row in LSTM_ROWS:
            if line.strip().startswith(row):
                rmse, ratio = line.strip()[len(row) :].split()[:2]
                shown[(series, row)] = {"RMSE": rmse, "ratio": ratio}
    assert len(shown) == 5, text
    return shown


def test_notebook_05_lstm_rmse_ratios_are_recomputed():
    got, shown = rescore_05(), expected_05()
    assert set(got) == set(shown)
    for key, figures in shown.items():
        assert f"{got[key]['RMSE']:.3f}" == figures["RMSE"] and f"{got[key]['ratio']:.4f}" == figures["ratio"], (
            key,
            got[key],
            figures,
        )


def test_notebook_05_other_synthetic_series_are_recomputed():
    """Section 6's LSTMs on the other synthetic series: each one's test RMSE / persistence."""
    setup = _nb05_setup()
    text = printed(NB05, "OTHER_COMPARISONS = {")
    rows = re.findall(r"^seed (\d+)\s+([\d.]+) \[", text, flags=re.M)
    assert len(rows) == 4, text
    for seed, shown in rows:
        d = setup["prepare"](synthetic_prices(setup["n_days"], seed=int(seed)).prices)
        X, _, days = d["test"]
        arrays = W.load_arrays(W.slug("05", f"synthetic series {seed}, LSTM")).arrays
        forecast = _returns_forecast(d, arrays, X, days)
        ratio = fc.rmse(d["prices"][days], forecast) / fc.rmse(d["prices"][days], d["prices"][days - 1])
        assert f"{ratio:.4f}" == shown, (seed, ratio, shown)


def test_notebook_05_walk_forward_windows_are_recomputed():
    """Section 6's rolling origin: each window's LSTM, refitted on the days before it, against persistence."""
    setup = _nb05_setup()
    close = load_sp500()["Close"].to_numpy()
    train_end, val_end = fc.chronological_split(len(close))
    splits = fc.walk_forward_splits(len(close), val_end, setup["folds"], val_end - train_end)
    text = printed(NB05, "walk_windows = [walk_row(")
    rows = re.findall(r"^(\d+)\s+\S+ to \S+\s+([\d.]+) \[", text, flags=re.M)
    assert [int(k) for k, _ in rows] == list(range(1, len(splits) + 1)), text
    for (k, shown), (a, b, stop) in zip(rows, splits):
        d = setup["prepare"](close, a, b, stop)
        X, _, days = d["test"]
        label = "S&P 500, LSTM" if k == "1" else f"S&P 500, walk-forward window {k}, LSTM"
        forecast = _returns_forecast(d, W.load_arrays(W.slug("05", label)).arrays, X, days)
        ratio = fc.rmse(d["prices"][days], forecast) / fc.rmse(d["prices"][days], d["prices"][days - 1])
        assert f"{ratio:.4f}" == shown, (k, ratio, shown)


# ---------------------------------------------------------------- notebook 07: the encoder-decoders' test exact match

NB07 = "07_seq2seq_attention.ipynb"


def _arrays_by_layer(name, weights_dir):
    """The arrays of a 07 weight file by Keras layer (``enc_embed``, ``encoder``, ...), from the manifest's paths."""
    loaded = W.load_arrays(name, weights_dir=weights_dir)
    by_layer = {}
    for entry, array in zip(loaded.record["weights"], loaded.arrays):
        by_layer.setdefault(entry["path"].split("/")[0], []).append(array.astype(np.float64))
    return by_layer


def greedy_07(layers, x, steps):
    """Greedy decoding of a Keras encoder-decoder (masked LSTMs, dot attention or none), in float64: ids (N, steps)."""
    (emb_in,), (ek, er, eb), (emb_out,), (dk, dr, db), (wo, bo) = (
        layers[k] for k in ("enc_embed", "encoder", "dec_embed", "decoder", "logits")
    )
    H = er.shape[0]

    def cell(inp, h, c, k, r, b):  # one Keras LSTM step, gates [i, f, c, o]
        a = inp @ k + h @ r + b
        i, f, g, o = (a[:, n * H : (n + 1) * H] for n in range(4))
        sig = lambda z: 1 / (1 + np.exp(-z))
        c = sig(f) * c + sig(i) * np.tanh(g)
        return sig(o) * np.tanh(c), c

    N, S = x.shape
    h, c, enc, real = np.zeros((N, H)), np.zeros((N, H)), np.zeros((N, S, H)), x != 0
    for t in range(S):  # a padded word leaves the state as it was
        h2, c2 = cell(emb_in[x[:, t]], h, c, ek, er, eb)
        h, c = np.where(real[:, t : t + 1], h2, h), np.where(real[:, t : t + 1], c2, c)
        enc[:, t] = h
    prev, out = np.full(N, 1), np.zeros((N, steps), dtype=np.int64)  # 1 is <start>
    for t in range(steps):
        h, c = cell(emb_out[prev], h, c, dk, dr, db)
        if wo.shape[0] == 2 * H:  # with attention: softmax over the real words of h . enc_j
            scores = np.where(real, np.einsum("nh,nsh->ns", h, enc), -np.inf)
            a = softmax(scores)
            feats = np.concatenate([h, np.einsum("ns,nsh->nh", a, enc)], axis=1)
        else:
            feats = h
        prev = np.argmax(feats @ wo + bo, axis=1)
        out[:, t] = prev
    return out


def rescore_07(weights_dir=WEIGHTS) -> dict:
    """Test exact match of every committed encoder-decoder, from the notebook's own data settings."""
    from lstm_helpers import numerals as nm

    setup = "".join(code_cell(NB07, "N_TRAIN, N_VAL, N_TEST = ")["source"])
    sizes = [int(v.replace("_", "")) for v in re.findall(r"lh\.pick\([\d_]+, ([\d_]+)\)", setup.splitlines()[0])]
    seed = int(search(r"make_splits\(N_TRAIN, N_VAL, N_TEST, seed=(\d+)\)", setup).group(1))
    test = nm.make_splits(*sizes, seed=seed).test
    x = nm.encode_words(test, 23)
    references = [nm.chinese_numeral(int(n)) for n in test]
    result = {}
    for name in sorted(n for n in W.read_manifest(weights_dir)["files"] if re.match(r"07_(plain|attention)_seed", n)):
        ids = greedy_07(_arrays_by_layer(name, weights_dir), x, 26)
        outputs = []
        for row in ids:
            stop = np.flatnonzero(row == 2)  # <end>
            outputs.append("".join(nm.CHARS[k] for k in row[: stop[0] if stop.size else len(row)] if k > 2))
        result[name] = {"right": sum(o == r for o, r in zip(outputs, references)), "n": len(test)}
    return result


def expected_07() -> dict:
    text = printed(NB07, "by_length = {name: {} for name in MODELS}").replace("\n  ", " ")
    shown = {}
    for kind, key in (("without attention", "plain"), ("with attention", "attention")):
        m = search(rf"test numbers, {kind}: exact match per seed ((?:[\d.]+%(?:, )?)+)", text)
        for seed, pct in enumerate(re.findall(r"([\d.]+)%", m.group(1))):
            shown[f"07_{key}_seed{seed}"] = pct
    return shown


def test_notebook_07_exact_match_of_every_encoder_decoder_is_recomputed():
    got, shown = rescore_07(), expected_07()
    assert set(got) == set(shown) and len(shown) >= 6, (sorted(got), sorted(shown))
    for name, percent in shown.items():
        r = got[name]
        assert count_agrees(r["right"], r["n"], percent, 1), (name, r, percent)


# ---------------------------------------------------------------- every file, and tampering


def test_every_committed_weight_file_is_listed_verified_and_small():
    manifest = W.read_manifest(WEIGHTS)["files"]
    files = {p.name for p in WEIGHTS.glob("*.npz")}
    assert files == {entry["file"] for entry in manifest.values()}, "weights/ and its manifest list other files"
    for name, entry in manifest.items():
        loaded = W.load_arrays(name, weights_dir=WEIGHTS)  # raises on a wrong checksum
        assert [list(a.shape) for a in loaded.arrays] == [w["shape"] for w in entry["weights"]], name
        assert (NOTEBOOKS / entry["notebook"]).is_file(), entry["notebook"]
    assert {n[:2] for n in manifest} == {"01", "03", "04", "05", "06", "07"}  # every notebook with a training over 20 s
    assert sum(p.stat().st_size for p in WEIGHTS.glob("*.npz")) < 10 * 2**20


@pytest.fixture
def tampered(tmp_path):
    """A copy of weights/ whose 06 file holds other weights, its checksum updated as someone editing by hand would."""
    folder = tmp_path / "weights"
    shutil.copytree(WEIGHTS, folder)
    loaded = W.load_arrays("06_char_lstm", weights_dir=folder)
    arrays = [a.copy() for a in loaded.arrays]
    arrays[-1][:] += np.random.default_rng(0).normal(0.0, 0.3, arrays[-1].shape)  # the output bias, nudged
    W.save(
        "06_char_lstm",
        arrays,
        notebook=loaded.record["notebook"],
        settings=loaded.record["settings"],
        seconds=loaded.record["train_seconds"],
        history=loaded.history,
        weights_dir=folder,
    )
    return folder


def test_a_tampered_weight_file_no_longer_reproduces_the_committed_figures(tampered):
    assert not agree_06(rescore_06(tampered), expected_06())


def test_a_tampered_weight_file_without_its_checksum_is_refused(tmp_path):
    folder = tmp_path / "weights"
    shutil.copytree(WEIGHTS, folder)
    data = bytearray((folder / "04_final_seed1.npz").read_bytes())
    data[-200] ^= 0x01
    (folder / "04_final_seed1.npz").write_bytes(bytes(data))
    with pytest.raises(W.WeightsFileError, match=r"weights/04_final_seed1.npz failed its checksum"):
        rescore_04("04_final_seed1", folder)
