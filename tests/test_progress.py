"""lstm_helpers.progress.ProgressBar: a Keras bar that redraws at most every `interval` seconds."""

import re

import numpy as np
import pytest

from lstm_helpers.progress import ProgressBar, keras


def _fit(capsys, interval, epochs=2, steps=None):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((40, 3), "float32"), np.zeros((40, 1), "float32")
    if steps is None:
        model.fit(x, y, batch_size=4, epochs=epochs, validation_data=(x, y), verbose=0, callbacks=[ProgressBar(interval)])
    else:
        def batches():
            while True:
                yield x[:4], y[:4]
        model.fit(batches(), steps_per_epoch=steps, epochs=epochs, shuffle=False, verbose=0, callbacks=[ProgressBar(interval)])
    return capsys.readouterr().out


def _frames(out):
    # Every redraw of the bar starts with "\r" and shows "<done>/<steps>".
    return re.findall(r"\r(?:\x1b\[[0-9;]*m)*\s*(\d+)/(\d+)", out)


def test_each_epoch_ends_with_its_training_and_validation_metrics(capsys):
    out = _fit(capsys, interval=10.0)
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    finals = [line for line in out.splitlines() if "val_loss" in line]
    assert len(finals) == 2, out
    assert all("10/10" in line and "loss:" in line for line in finals), finals


def test_a_long_interval_draws_few_frames_and_a_zero_interval_draws_every_batch(capsys):
    slow = _frames(_fit(capsys, interval=1000.0, epochs=1))
    fast = _frames(_fit(capsys, interval=0.0, epochs=1))
    # A long interval: the first batch and the completed epoch only; no interval: every one of the 10 batches.
    assert [done for done, _ in slow] == ["1", "10"], slow
    assert len(fast) >= 10, fast


def test_without_a_known_number_of_steps_the_epoch_still_completes(capsys):
    out = _fit(capsys, interval=10.0, epochs=1, steps=6)
    assert "6/6" in out


@pytest.mark.parametrize("interval", [-1, float("nan"), "10", True])
def test_a_bad_interval_is_refused(interval):
    with pytest.raises(ValueError, match="interval"):
        ProgressBar(interval)
