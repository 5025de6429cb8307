"""Tools for notebook 04, MNIST read row by row: evaluation, per-row reading and plots.

An image ``(28, 28)`` is a sequence of T = 28 rows, each a vector of D = 28
pixels, so a batch of images ``(N, 28, 28)`` is already the ``(N, T, D)``
array a Keras recurrent layer reads. Shapes below:

    N  images      T  time steps (rows read)      D  pixels per row
    H  hidden units                               K  classes (10 digits)

The NumPy functions are pure (inputs are never modified). The Keras helpers
import Keras lazily, so ``import lstm_helpers`` stays free of TensorFlow.
"""

from __future__ import annotations

import numpy as np

from ._shapes import as_float_array, as_int_array, check_int, check_shape

GATE_NAMES = ("input i", "forget f", "candidate g", "output o")


def _as_labels(name: str, value, n_classes: int | None = None) -> np.ndarray:
    """``value`` as a 1-D integer label array (in ``[0, n_classes)`` when given)."""
    return as_int_array(name, value, "integer class labels", 0 if n_classes is not None else None, n_classes)


# --- evaluation ---


def confusion_matrix(y_true, y_pred, n_classes: int = 10) -> np.ndarray:
    """Counts ``(K, K)``: entry ``[t, p]`` is how many images of true class t were predicted as p.

    Rows are true labels, columns predictions; the diagonal holds the correct ones.
    """
    n_classes = check_int("n_classes", n_classes, 1)
    y_true = _as_labels("y_true", y_true, n_classes)
    y_pred = _as_labels("y_pred", y_pred, n_classes)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {y_true.shape} and {y_pred.shape}")
    flat = y_true.astype(np.int64) * n_classes + y_pred  # one index per (true, predicted) pair
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)  # (K, K)


def most_confused(cm, k: int = 5):
    """The ``k`` largest off-diagonal entries of a confusion matrix as ``(true, predicted, count)``.

    Sorted by count (largest first), ties by true then predicted label; pairs
    that never occur (count 0) are left out.
    """
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square (K, K) matrix, got shape {cm.shape}")
    pairs = [(int(t), int(p), int(cm[t, p])) for t in range(cm.shape[0]) for p in range(cm.shape[1]) if t != p]
    pairs = [pair for pair in pairs if pair[2] > 0]
    pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return pairs[:k]


def accuracy_per_step(step_probs, y_true) -> np.ndarray:
    """Accuracy ``(T,)`` of the prediction after each step, from probabilities ``(N, T, K)``."""
    step_probs = as_float_array("step_probs", step_probs)
    check_shape("step_probs", step_probs, ("N", "T", "K"), (None, None, None))
    y_true = _as_labels("y_true", y_true, step_probs.shape[2])
    if y_true.shape[0] != step_probs.shape[0]:
        raise ValueError(f"y_true must have N = {step_probs.shape[0]} labels, got {y_true.shape[0]}")
    return (step_probs.argmax(axis=2) == y_true[:, None]).mean(axis=0)  # (T,)


def reveal_rows(image, rows: int) -> np.ndarray:
    """A float copy of ``image (28, 28)`` with only its first ``rows`` rows; the rest is NaN (drawn blank)."""
    image = np.asarray(image)
    if image.ndim != 2:
        raise ValueError(f"image must be a 2-D (rows, columns) array, got shape {image.shape}")
    rows = check_int("rows", rows, 0, image.shape[0])
    shown = image.astype(np.float64)  # a copy: the input is never modified
    shown[rows:] = np.nan
    return shown


def random_shifts(images, max_shift: int, rng) -> np.ndarray:
    """A copy of ``images (N, R, C)`` with each image moved by its own random whole-pixel shift.

    Each image moves by ``dy`` rows and ``dx`` columns, both drawn uniformly
    from ``-max_shift..max_shift``; pixels moved out are dropped, the uncovered
    border is 0 (blank). This is a random ``R x C`` window of the image padded
    by ``max_shift`` zeros on every side, i.e. ``tf.image.random_crop`` of the
    padded image, done on a whole batch at once in NumPy. ``rng`` is a
    ``numpy.random.Generator``; the output keeps the input's dtype.
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images must be a 3-D (N, rows, columns) array, got shape {images.shape}")
    max_shift = check_int("max_shift", max_shift, 0)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), got {type(rng).__name__}")
    N, R, C = images.shape
    s = max_shift
    padded = np.pad(images, ((0, 0), (s, s), (s, s)))  # (N, R + 2s, C + 2s), zeros around
    top, left = rng.integers(0, 2 * s + 1, size=(2, N))  # window corners; shift = s - corner
    rows = top[:, None] + np.arange(R)  # (N, R)
    cols = left[:, None] + np.arange(C)  # (N, C)
    return padded[np.arange(N)[:, None, None], rows[:, :, None], cols[:, None, :]]  # (N, R, C)


# --- Keras helpers ---


def fused_kernel_blockers(layer) -> list:
    """Why a Keras ``LSTM`` layer cannot use the fused cuDNN kernel on a GPU; ``[]`` if it can.

    Keras 3 (TensorFlow backend) takes the fused path only with the default
    ``activation="tanh"`` and ``recurrent_activation="sigmoid"``, ``use_bias=True``,
    ``unroll=False`` and no ``recurrent_dropout``; anything else falls back to
    a generic step-by-step loop. (A GPU must also be present: on a CPU every
    layer runs the generic loop.)
    """
    keras = _import_keras()
    if not isinstance(layer, keras.layers.LSTM):
        raise TypeError(f"layer must be a keras.layers.LSTM, got {type(layer).__name__}")
    cfg = layer.get_config()
    reasons = []
    if cfg["activation"] != "tanh":
        reasons.append(f"activation={cfg['activation']!r} (needs 'tanh')")
    if cfg["recurrent_activation"] != "sigmoid":
        reasons.append(f"recurrent_activation={cfg['recurrent_activation']!r} (needs 'sigmoid')")
    if not cfg["use_bias"]:
        reasons.append("use_bias=False (needs True)")
    if cfg["unroll"]:
        reasons.append("unroll=True (needs False)")
    if cfg["recurrent_dropout"]:
        reasons.append(f"recurrent_dropout={cfg['recurrent_dropout']} (needs 0)")
    if cfg.get("use_cudnn", "auto") is False:
        reasons.append("use_cudnn=False")
    return reasons


def stepwise_model(model):
    """A model that emits the class probabilities after every step, sharing ``model``'s trained weights.

    ``model`` is a plain stack: ``Input (N, T, D)``, recurrent layers
    (``LSTM``, ``GRU``, ``SimpleRNN``), then layers that act on the last axis
    (``Dense``, ``Dropout``, ...). The returned model maps ``(N, T, D)`` to
    ``(N, T, K)``: every recurrent layer is rebuilt with
    ``return_sequences=True`` and the trained weights, the other layers are
    the very same layer objects. Its output at step t equals ``model`` applied
    to the first t + 1 rows only.
    """
    keras = _import_keras()
    rnn_types = (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN)
    inputs = keras.Input(shape=model.input_shape[1:], name="rows")
    h = inputs
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        if isinstance(layer, keras.layers.Bidirectional):
            raise ValueError(
                f"layer {layer.name!r} is Bidirectional: its backward half has read the whole image "
                "before the first prediction, so there is no 'prediction after t rows'"
            )
        if isinstance(layer, rnn_types):
            cfg = layer.get_config()
            if cfg.get("go_backwards") or cfg.get("stateful"):
                raise ValueError(f"layer {layer.name!r} must read forwards and be stateless for per-step predictions")
            cfg.update(return_sequences=True, return_state=False, name=f"{layer.name}_every_step")
            copy = type(layer).from_config(cfg)
            h = copy(h)  # (N, T, H)
            copy.set_weights(layer.get_weights())
        elif isinstance(layer, keras.layers.RNN):
            raise ValueError(f"unsupported recurrent layer {layer.name!r} of type {type(layer).__name__}")
        else:
            h = layer(h)  # shared layer, applied to every step's vector
    return keras.Model(inputs, h, name=f"{model.name}_every_step")


def hidden_gradient_norms(model, x, y) -> np.ndarray:
    """``||dL/dh_t||`` for every step t of a trained classifier, averaged over the images ``(T,)``.

    ``model`` is ``Input (N, T, D) -> one recurrent layer (SimpleRNN, GRU or LSTM, last step only)
    -> layers acting on its last state (Dense, ...)``; ``x (N, T, D)`` the images, ``y (N,)`` their
    labels. ``L`` is each image's own cross-entropy, and ``dL/dh_t`` its *total* derivative with
    respect to the hidden state after step t (through every later step and the head), the quantity
    of notebook 01 (:func:`lstm_helpers.rnn.hidden_gradient_norms`) for a trained model: the
    recurrent layer is unrolled step by step with its own cell under a ``tf.GradientTape``, and the
    unrolled output is checked against the layer's. Index 0 is the state after the first row.
    """
    keras = _import_keras()
    import tensorflow as tf

    rnn_types = (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN)
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not layers or not isinstance(layers[0], rnn_types):
        raise TypeError(
            f"model must start with one SimpleRNN, GRU or LSTM layer, got {[type(la).__name__ for la in layers]}"
        )
    rnn, head = layers[0], layers[1:]
    cfg = rnn.get_config()
    if cfg.get("return_sequences") or cfg.get("go_backwards") or cfg.get("stateful"):
        raise ValueError(f"layer {rnn.name!r} must read forwards, statelessly, and return its last step only")
    if any(isinstance(layer, keras.layers.RNN) for layer in head):
        raise ValueError("only one recurrent layer is supported: the head must act on its last state")
    x = as_float_array("x", x).astype(np.float32)
    check_shape("x", x, ("N", "T", "D"), (None, None, None))
    y = _as_labels("y", y)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y must have N = {x.shape[0]} labels, got {y.shape[0]}")
    xs = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        states = rnn.cell.get_initial_state(x.shape[0])
        hs = []
        for t in range(x.shape[1]):
            h, states = rnn.cell(xs[:, t], states, training=False)  # h (N, H) is also the state read at t + 1
            hs.append(h)
        out = h
        for layer in head:
            out = layer(out, training=False)  # (N, K) probabilities
        loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(y, out))  # sum: each image's own loss
    grads = tape.gradient(loss, hs)  # T arrays (N, H)
    expected = np.asarray(model(xs, training=False))
    if not np.allclose(np.asarray(out), expected, atol=1e-5):
        raise RuntimeError("the step-by-step unrolling does not reproduce the model's output")
    return np.array([np.linalg.norm(np.asarray(g, dtype=np.float64), axis=1).mean() for g in grads])  # (T,)


def _import_keras():
    from .config import import_keras

    return import_keras()


# --- plots ---


def plot_reading(image, step_probs, label: int, rows=(7, 14, 21, 28), axes=None, title=None):
    """The image revealed after a few row counts, next to the class probabilities after every row.

    ``image (28, 28)``, ``step_probs (T, K)`` the probabilities after rows
    1..T, ``label`` the true class; ``title`` goes above the probability
    panel. Each image panel is titled ``rows -> predicted class``. Returns
    the list of axes used (``len(rows) + 1`` of them).
    """
    import matplotlib.pyplot as plt

    image = np.asarray(image)
    step_probs = as_float_array("step_probs", step_probs)
    check_shape("step_probs", step_probs, ("T", "K"), (None, None))
    T, K = step_probs.shape
    if axes is None:
        fig = plt.figure(figsize=(10, 2.3), layout="constrained")
        grid = fig.add_gridspec(1, len(rows) + 1, width_ratios=[1] * len(rows) + [2.6])
        axes = [fig.add_subplot(grid[0, i]) for i in range(len(rows) + 1)]
    if len(axes) != len(rows) + 1:
        raise ValueError(f"axes must hold len(rows) + 1 = {len(rows) + 1} axes, got {len(axes)}")
    cmap = plt.get_cmap("gray_r").with_extremes(bad="0.88")  # rows not read yet (NaN): light grey
    for ax, r in zip(axes, rows):
        ax.imshow(reveal_rows(image, r), cmap=cmap, vmin=0, vmax=float(np.max(image)) or 1.0)
        ax.set_title(f"{r} rows \u2192 {int(step_probs[r - 1].argmax())}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    ax = axes[-1]
    steps = np.arange(1, T + 1)
    for k in range(K):
        if k != label:
            ax.plot(steps, step_probs[:, k], color="0.75", lw=1)
    ax.plot(steps, step_probs[:, label], color="#0072B2", lw=2, label=f"true class {label}")
    wrong = int(np.argmax(np.where(np.arange(K) == label, -1.0, step_probs.max(axis=0))))
    ax.plot(steps, step_probs[:, wrong], color="#D55E00", lw=1.5, ls="--", label=f"best other class {wrong}")
    ax.set_xlim(1, T)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("rows read")
    ax.set_ylabel("probability")
    ax.legend(loc="center left", fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return axes


def plot_confusion(cm, ax=None, title: str = "Confusion matrix (test set)"):
    """Draw a confusion matrix with its counts; the colour scale shows errors (the diagonal is greyed out)."""
    import matplotlib.pyplot as plt

    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be a square (K, K) matrix, got shape {cm.shape}")
    K = cm.shape[0]
    if ax is None:
        _, ax = plt.subplots(figsize=(5.2, 4.4))
    errors = np.ma.masked_where(np.eye(K, dtype=bool), cm)
    image = ax.imshow(errors, cmap="Oranges")
    ax.imshow(np.ma.masked_where(~np.eye(K, dtype=bool), np.ones((K, K))), cmap="Greys", vmin=0, vmax=4)
    top = errors.max() if errors.count() else 0
    for t in range(K):
        for p in range(K):
            dark = t != p and top and cm[t, p] > 0.6 * top
            ax.text(p, t, str(int(cm[t, p])), ha="center", va="center", fontsize=7, color="white" if dark else "black")
    ax.set_xticks(range(K))
    ax.set_yticks(range(K))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(title)
    ax.grid(False)
    plt.colorbar(image, ax=ax, label="errors (count)", fraction=0.046)
    return ax


def plot_misclassified(images, y_true, y_pred, probs=None, n: int = 16, cols: int = 8):
    """A grid of the first ``n`` misclassified images, titled ``true -> predicted`` (and the confidence)."""
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    y_true = _as_labels("y_true", y_true)
    y_pred = _as_labels("y_pred", y_pred)
    if images.ndim != 3 or not len(images) == len(y_true) == len(y_pred):
        raise ValueError(
            f"images must be (N, rows, columns) with N = len(y_true) = len(y_pred), got images {images.shape}, "
            f"y_true {y_true.shape}, y_pred {y_pred.shape}"
        )
    wrong = np.flatnonzero(y_true != y_pred)[:n]
    rows = max(1, int(np.ceil(len(wrong) / cols)))
    fig, axes = plt.subplots(rows, cols, figsize=(1.15 * cols, 1.35 * rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, i in zip(axes.ravel(), wrong):
        ax.imshow(images[i], cmap="gray_r")
        title = f"{y_true[i]}\u2192{y_pred[i]}"
        if probs is not None:
            title += f" ({100 * float(np.asarray(probs)[i, y_pred[i]]):.0f}%)"
        ax.set_title(title, fontsize=8)
    fig.suptitle("Misclassified test digits: true \u2192 predicted (confidence)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_gates(gates, image=None, unit_order=None):
    """Heatmaps of an LSTM layer's activated gates ``(T, 4H)`` for one input: rows (time) x units.

    The four panels are ``i, f, g, o`` in Keras's layout. ``unit_order`` (H,)
    reorders the units (e.g. sorted by mean forget gate) so the panels are
    easier to read. With ``image`` the input is drawn first, rows aligned.
    """
    import matplotlib.pyplot as plt

    gates = as_float_array("gates", gates)
    check_shape("gates", gates, ("T", "4H"), (None, None))
    T, H4 = gates.shape
    if H4 % 4:
        raise ValueError(f"gates must be (T, 4H) with a width divisible by 4, got {gates.shape}")
    H = H4 // 4
    order = np.arange(H) if unit_order is None else np.asarray(unit_order)
    if sorted(order.tolist()) != list(range(H)):
        raise ValueError(f"unit_order must be a permutation of 0..{H - 1}")
    n = 4 + (image is not None)
    fig, axes = plt.subplots(1, n, figsize=(2.1 * n + 0.8, 2.8), gridspec_kw={"width_ratios": [1] * n})
    axes = list(axes)
    if image is not None:
        ax = axes.pop(0)
        ax.imshow(image, cmap="gray_r", aspect="auto")
        ax.set_title("input")
        ax.set_xlabel("pixel (column)")
        ax.set_ylabel("row = time step")
        ax.grid(False)
    for k, (ax, name) in enumerate(zip(axes, GATE_NAMES)):
        block = gates[:, k * H : (k + 1) * H][:, order]  # (T, H)
        lo, hi = (-1.0, 1.0) if k == 2 else (0.0, 1.0)
        im = ax.imshow(block, aspect="auto", cmap="RdBu_r" if k == 2 else "viridis", vmin=lo, vmax=hi)
        ax.set_title(name)
        ax.set_xlabel("unit")
        if k == 0 and image is None:
            ax.set_ylabel("row = time step")
        else:
            ax.set_yticklabels([])
        ax.grid(False)
        fig.colorbar(im, ax=ax, fraction=0.08, pad=0.02)
    fig.tight_layout()
    return fig
