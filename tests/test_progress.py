"""lstm_helpers.progress: live bars redrawn in place, final lines of plain text, honest time estimates."""

import re
import subprocess
import sys

import numpy as np
import pytest

from lstm_helpers import progress
from lstm_helpers.config import import_keras
from lstm_helpers.progress import Screen, StepProgress, steps

# Anything a static render would show as a box or swallow: C0 controls except \n and \t, DEL, ANSI escapes.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class FakeDisplay:
    """Records what IPython's display(..., display_id=True) and handle.update(...) would be given.

    ``outputs`` is what a saved notebook would hold: one entry per display,
    each holding the text of its last update.
    """

    def __init__(self):
        self.outputs = []
        self.calls = []

    def __call__(self, bundle, raw=False, display_id=False):
        assert raw and set(bundle) == {"text/plain"}, bundle
        self.calls.append(("display", bundle["text/plain"]))
        self.outputs.append(bundle["text/plain"])
        index = len(self.outputs) - 1
        display = self

        class Handle:
            def update(self, bundle, raw=False):
                assert raw and set(bundle) == {"text/plain"}, bundle
                display.calls.append(("update", bundle["text/plain"]))
                display.outputs[index] = bundle["text/plain"]

        return Handle() if display_id else None


def _all_text(fake):
    return [text for _, text in fake.calls]


# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize("seconds, text", [(0.42, "0.4 s"), (41.2, "41 s"), (245, "4 min 05 s"), (3725, "1 h 02 min")])
def test_durations_read_at_a_glance(seconds, text):
    assert progress.format_duration(seconds) == text


def test_metrics_show_four_significant_digits():
    assert (
        progress.format_metrics({"loss": 0.08123, "mse": 0.00050123, "accuracy": np.float32(0.975149)})
        == "loss 0.08123 · mse 0.0005012 · accuracy 0.9751"
    )


# ---------------------------------------------------------------- NumPy loops


def test_a_numpy_loop_ends_with_one_final_line_holding_steps_time_and_values():
    clock, fake = FakeClock(), FakeDisplay()
    bar = steps(range(30), desc="NumPy LSTM", every=5.0, clock=clock, screen=Screen(display=fake))
    for i in bar:
        clock.now += 1.0
        bar.set(test_mse=1.0 / (i + 1))
    assert fake.outputs == ["NumPy LSTM: 30/30 steps · 30 s · test_mse 0.03333"], fake.outputs
    # While it ran: one live display, redrawn every 5 s (steps 1, 6, 11, ...), then replaced by the final line.
    assert fake.calls[0][0] == "display" and all(kind == "update" for kind, _ in fake.calls[1:])
    assert len(fake.calls) == 7, fake.calls  # draws at steps 1, 6, 11, 16, 21, 26, then the final line
    assert not any(CONTROL.search(t) for t in _all_text(fake))


def test_done_with_a_result_rewrites_the_final_line_in_place():
    clock, fake = FakeClock(), FakeDisplay()
    bar = steps(range(3), desc="fit", every=0.0, clock=clock, screen=Screen(display=fake))
    for _ in bar:
        clock.now += 2.0
    assert bar.done("loss 0.0123") is None  # a cell ending with it shows no Out[]
    assert fake.outputs == ["fit: 3/3 steps · 6.0 s · loss 0.0123"]


def test_a_loop_left_with_break_is_ended_by_done():
    clock, fake = FakeClock(), FakeDisplay()
    bar = steps(range(100), every=0.0, clock=clock, screen=Screen(display=fake))
    for i in bar:
        clock.now += 1.0
        if i == 9:
            break
    bar.done("stopped: converged")
    assert fake.outputs == ["9/100 steps · 10 s · stopped: converged"]


def test_step_progress_driven_by_hand_and_outside_ipython_prints_plain_lines():
    clock, printed = FakeClock(), []
    with StepProgress(
        4, every=0.0, desc="sampling", clock=clock, screen=Screen(display=None, print_=printed.append)
    ) as bar:
        for _ in range(4):
            clock.now += 0.5
            bar.update(chars=300)
    assert printed[-1] == "sampling: 4/4 steps · 2.0 s · chars 300"
    assert len(printed) == 5 and all("\n" not in p and not CONTROL.search(p) for p in printed)


def test_the_time_left_ignores_the_slow_first_step():
    clock, fake = FakeClock(), FakeDisplay()
    bar = StepProgress(101, every=0.0, clock=clock, screen=Screen(display=fake))
    clock.now += 60.0  # step 1: a minute of compiling
    bar.update()
    assert "ETA --" in fake.outputs[0]  # nothing to measure a rate from yet
    for _ in range(10):  # steps 2..11: 0.5 s each
        clock.now += 0.5
        bar.update()
    # 90 steps left at 0.5 s each, not at (60 + 5) / 11 s each (which would say 8 min 52 s)
    assert "11/101" in fake.outputs[0] and "ETA 45 s" in fake.outputs[0], fake.outputs[0]


@pytest.mark.parametrize(
    "every, exc", [(-1, ValueError), (float("nan"), ValueError), ("10", TypeError), (True, TypeError)]
)
def test_a_bad_interval_is_refused_for_loops(every, exc):
    with pytest.raises(exc, match="every must be a"):
        StepProgress(10, every=every)


def test_a_bad_total_is_refused():
    with pytest.raises(ValueError, match="total"):
        StepProgress(-3)


def test_importing_the_module_does_not_import_keras():
    code = "import sys, lstm_helpers.progress as p; list(p.steps(range(2))); print('keras' in sys.modules, 'tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-2:] == ["False", "False"], out


# ---------------------------------------------------------------- Keras: the callback driven by hand


def _drive(bar, epochs, steps_per_epoch, clock, step_seconds, stop_after=None, first_step=30.0):
    """Call the callback the way fit() does, with fake params, metrics and a fake model."""

    class FakeModel:
        stop_training = False

    model = FakeModel()
    bar.set_params({"epochs": epochs, "steps": steps_per_epoch, "verbose": 0})
    bar.set_model(model)
    bar.on_train_begin()
    for epoch in range(epochs):
        bar.on_epoch_begin(epoch)
        for batch in range(steps_per_epoch):
            clock.now += first_step if batch == 0 else step_seconds
            bar.on_train_batch_end(batch, {"loss": 1.0 / (batch + 1), "accuracy": 0.5})
        bar.on_epoch_end(epoch, {"loss": 0.25, "accuracy": 0.9, "val_loss": 0.3, "val_accuracy": 0.875})
        if stop_after is not None and epoch + 1 == stop_after:
            model.stop_training = True
            break
    bar.on_train_end()


def test_keras_fit_leaves_one_plain_final_line_per_epoch():
    clock, fake = FakeClock(), FakeDisplay()
    _drive(progress.ProgressBar(10.0, estimate_steps=0, clock=clock, screen=Screen(display=fake)), 3, 50, clock, 1.0)
    assert fake.outputs == [
        f"Epoch {e}/3 · 50/50 · 1 min 19 s · loss 0.25 · accuracy 0.9 · val_loss 0.3 · val_accuracy 0.875"
        for e in (1, 2, 3)
    ], fake.outputs
    assert not any(CONTROL.search(t) for t in _all_text(fake))
    # Redrawn in place: per epoch one display, then updates only (first batch, every 10 s, final line).
    kinds = [kind for kind, _ in fake.calls]
    assert kinds.count("display") == 3
    assert len(kinds) == 3 * 6, kinds  # per epoch: batches 1, 11, 21, 31, 41 (10 s apart), then the final line


def test_keras_time_left_ignores_the_compile_heavy_first_step():
    clock, fake = FakeClock(), FakeDisplay()
    bar = progress.ProgressBar(0.0, estimate_steps=0, clock=clock, screen=Screen(display=fake))  # every batch
    bar.set_params({"epochs": 1, "steps": 500})
    bar.on_train_begin()
    bar.on_epoch_begin(0)
    clock.now += 30.0
    bar.on_train_batch_end(0, {"loss": 1.0})
    assert "ETA --" in fake.outputs[0], fake.outputs  # not "4:09:30" from 30 s per step
    for batch in range(1, 101):
        clock.now += 0.04
        bar.on_train_batch_end(batch, {"loss": 0.5})
    assert "101/500" in fake.outputs[0] and "ETA 16 s" in fake.outputs[0], fake.outputs[0]


def test_an_early_stopped_fit_ends_with_its_last_epoch_and_where_it_stopped():
    clock, fake = FakeClock(), FakeDisplay()
    bar = progress.ProgressBar(10.0, estimate_steps=0, clock=clock, screen=Screen(display=fake))
    _drive(bar, 200, 5, clock, 1.0, stop_after=23)
    assert fake.outputs[-2].startswith("Epoch 23/200 · 5/5 ·"), fake.outputs[-2:]
    assert fake.outputs[-1] == "stopped early after epoch 23 of 200 (early stopping)"
    assert len(fake.outputs) == 24


def test_a_fit_that_runs_all_epochs_says_nothing_about_stopping():
    clock, fake = FakeClock(), FakeDisplay()
    _drive(progress.ProgressBar(10.0, clock=clock, screen=Screen(display=fake)), 2, 5, clock, 1.0)
    assert not any("stopped" in line for line in fake.outputs)


def test_the_whole_fit_is_estimated_from_its_first_steps_above_the_epoch_lines():
    clock, fake = FakeClock(), FakeDisplay()
    _drive(progress.ProgressBar(10.0, estimate_steps=20, clock=clock, screen=Screen(display=fake)), 2, 50, clock, 1.0)
    # 30 s for step 1 (building the graph), then 1 s a step: 50 s an epoch, 30 + 99 s in all.
    assert fake.outputs[0] == ("Estimated: 50 s per epoch, 2 min 09 s for all 2 epochs (steps 2-21: 1.000 s each)"), (
        fake.outputs
    )
    assert fake.calls[0] == ("display", "Estimating the training time from the first 21 steps ...")
    assert [o.split(" · ")[0] for o in fake.outputs[1:]] == ["Epoch 1/2", "Epoch 2/2"]
    assert abs(clock.now - 100.0 - (30 + 49) * 2) < 1e-9  # the fit itself took 158 s: the estimate said 129 s,
    # because this fake's every epoch rebuilds its first step (30 s); a real fit pays that once.


def test_the_estimate_stays_within_100_characters_even_for_a_day_long_fit():
    clock, fake = FakeClock(), FakeDisplay()
    bar = progress.ProgressBar(10.0, estimate_steps=20, clock=clock, screen=Screen(display=fake))
    bar.set_params({"epochs": 1000, "steps": 5000})
    bar.on_train_begin()
    bar.on_epoch_begin(0)
    for batch in range(21):
        clock.now += 99.123  # 99 s a step: about 137 h per epoch
        bar.on_train_batch_end(batch, {"loss": 1.0})
    assert bar.estimate.startswith("Estimated: 137 h 40 min per epoch, 137670 h 50 min for all 1000 epochs")
    assert len(bar.estimate) <= 100, (len(bar.estimate), bar.estimate)


def test_an_epoch_shorter_than_the_estimate_is_estimated_from_all_its_steps():
    clock, fake = FakeClock(), FakeDisplay()
    _drive(
        progress.ProgressBar(10.0, estimate_steps=20, clock=clock, screen=Screen(display=fake)),
        3,
        5,
        clock,
        2.0,
        first_step=2.0,
    )
    assert fake.outputs[0].startswith("Estimated: 10 s per epoch, 30 s for all 3 epochs (steps 2-5:"), fake.outputs[0]


def test_the_estimate_is_printed_outside_ipython_too_and_can_be_switched_off():
    printed = []
    _fit(2, [progress.ProgressBar(1000.0, screen=Screen(display=None, print_=printed.append))])
    assert printed[0].startswith("Estimating the training time"), printed
    estimated = [k for k, p in enumerate(printed) if p.startswith("Estimated: ")]
    first_final = min(k for k, p in enumerate(printed) if "val_loss" in p)
    assert len(estimated) == 1 and estimated[0] < first_final, printed
    printed.clear()
    _fit(1, [progress.ProgressBar(1000.0, estimate_steps=0, screen=Screen(display=None, print_=printed.append))])
    assert not any("Estimat" in p for p in printed), printed
    with pytest.raises(ValueError, match="estimate_steps must be an integer >= 0"):
        progress.ProgressBar(estimate_steps=-1)


@pytest.mark.parametrize(
    "interval, exc", [(-1, ValueError), (float("nan"), ValueError), ("10", TypeError), (True, TypeError)]
)
def test_a_bad_interval_is_refused(interval, exc):
    with pytest.raises(exc, match="interval must be a"):
        progress.ProgressBar(interval)


# ---------------------------------------------------------------- Keras: real fits


def _fit(epochs, callbacks, steps=None):
    keras = import_keras()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((40, 3), "float32"), np.zeros((40, 1), "float32")
    if steps is None:
        model.fit(x, y, batch_size=4, epochs=epochs, validation_data=(x, y), verbose=0, callbacks=callbacks)
    else:

        def batches():
            while True:
                yield x[:4], y[:4]

        model.fit(batches(), steps_per_epoch=steps, epochs=epochs, shuffle=False, verbose=0, callbacks=callbacks)


def test_a_real_fit_prints_one_plain_line_per_epoch_outside_ipython():
    printed = []
    _fit(2, [progress.ProgressBar(1000.0, screen=Screen(display=None, print_=printed.append))])
    finals = [p for p in printed if "val_loss" in p]
    assert [f.split(" · ")[:2] for f in finals] == [["Epoch 1/2", "10/10"], ["Epoch 2/2", "10/10"]], printed
    assert not any(CONTROL.search(p) for p in printed)


def test_a_real_fit_without_a_known_number_of_steps_still_completes():
    fake = FakeDisplay()
    _fit(1, [progress.ProgressBar(10.0, screen=Screen(display=fake))], steps=6)
    assert fake.outputs[0].startswith("Estimated: "), fake.outputs  # a short epoch: from all its steps
    assert fake.outputs[1].startswith("Epoch 1/1 · 6/6 ·"), fake.outputs


def test_a_real_fit_stopped_by_early_stopping_says_so():
    keras = import_keras()
    fake = FakeDisplay()
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=10.0)  # no epoch improves by 10
    _fit(50, [stop, progress.ProgressBar(10.0, screen=Screen(display=fake))])
    assert fake.outputs[-1] == "stopped early after epoch 2 of 50 (early stopping)", fake.outputs
    assert fake.outputs[-2].startswith("Epoch 2/50 · 10/10 ·")
