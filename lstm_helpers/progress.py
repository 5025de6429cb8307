"""A Keras training progress bar that keeps saved notebooks small.

Keras's own bar (``fit(verbose=1)``) redraws after every batch: thousands of
output chunks in a saved notebook. :class:`ProgressBar` draws the same bar
(Keras's ``Progbar``), redrawn at most every ``interval`` seconds, and ends
every epoch with one line holding the training and validation metrics::

    model.fit(x, y, epochs=5, validation_data=(x_val, y_val),
              verbose=0, callbacks=[ProgressBar()])

Use it with ``verbose=0`` so that Keras does not draw a second bar.
Importing this module imports Keras (quietly, through ``import_keras``).
"""

from __future__ import annotations

import math
import numbers

from .config import import_keras

keras = import_keras()


class ProgressBar(keras.callbacks.Callback):
    """One progress bar per epoch, redrawn at most every ``interval`` seconds.

    The bar counts batches (``steps`` of :meth:`keras.Model.fit`) and shows the
    running training metrics; at the end of an epoch it is completed with
    all of the epoch's metrics, validation ones included.
    """

    def __init__(self, interval: float = 10.0):
        super().__init__()
        if isinstance(interval, bool) or not isinstance(interval, numbers.Real) or not math.isfinite(interval) or interval < 0:
            raise ValueError(f"interval must be a finite number of seconds >= 0, got {interval!r}")
        self.interval = float(interval)
        self.bar = None
        self.seen = 0  # batches done in this epoch

    def on_epoch_begin(self, epoch, logs=None):
        epochs = self.params.get("epochs", 1)
        if epochs > 1:
            print(f"Epoch {epoch + 1}/{epochs}")
        # stateless_metrics=set(): show the logged values as they are (Keras already averages them).
        self.bar = keras.utils.Progbar(self.params.get("steps"), interval=self.interval, stateless_metrics=set())
        self.seen = 0

    def on_train_batch_end(self, batch, logs=None):
        self.seen = batch + 1
        self.bar.update(self.seen, list((logs or {}).items()), finalize=False)

    def on_epoch_end(self, epoch, logs=None):
        if self.bar.target is None:  # fit without a known number of steps: the epoch had self.seen
            self.bar.target = self.seen
        self.bar.update(self.bar.target, list((logs or {}).items()), finalize=True)
