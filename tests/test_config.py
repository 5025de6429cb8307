"""Run modes, seeding, the report helper and the quiet Keras import."""

import json
import subprocess
import sys

import numpy as np
import pytest

import lstm_helpers as lh
from lstm_helpers.report import read_reports


@pytest.mark.parametrize(
    "value, fast", [("1", True), ("true", True), ("ON", True), ("0", False), ("", False), ("no", False)]
)
def test_fast_mode_values(monkeypatch, value, fast):
    monkeypatch.setenv("LSTM_FAST", value)
    assert lh.is_fast_mode() is fast
    assert lh.pick("small", "big") == ("small" if fast else "big")
    assert ("FAST" if fast else "FULL") in lh.mode_banner()


def test_full_mode_is_the_default(monkeypatch):
    monkeypatch.delenv("LSTM_FAST", raising=False)
    assert lh.is_fast_mode() is False


def test_bad_fast_mode_value_is_named(monkeypatch):
    monkeypatch.setenv("LSTM_FAST", "maybe")
    with pytest.raises(ValueError, match="LSTM_FAST.*'maybe'"):
        lh.is_fast_mode()


@pytest.mark.parametrize(
    "fast, train, training",
    [("1", "", True), ("1", "0", True), ("0", "", False), ("0", "1", True), ("", "yes", True), ("", "", False)],
)
def test_full_mode_loads_the_committed_weights_unless_told_to_train(monkeypatch, fast, train, training):
    monkeypatch.setenv("LSTM_FAST", fast)
    monkeypatch.setenv("LSTM_TRAIN", train)
    assert lh.is_training() is training  # fast mode always trains its small models
    banner = lh.mode_banner().splitlines()[0]
    if fast != "1":
        assert ("trains from scratch" in banner) is training
        assert ("committed trained weights" in banner) is not training


def test_the_setup_cells_switch_overrides_the_environment_in_the_banner(monkeypatch):
    monkeypatch.setenv("LSTM_FAST", "0")
    monkeypatch.delenv("LSTM_TRAIN", raising=False)
    assert "trains from scratch" in lh.mode_banner(True)
    assert "committed trained weights" in lh.mode_banner(False)
    assert all(len(line) <= 100 for line in (lh.mode_banner(True) + "\n" + lh.mode_banner(False)).splitlines()[::2])


def test_bad_train_value_is_named(monkeypatch):
    monkeypatch.setenv("LSTM_FAST", "0")
    monkeypatch.setenv("LSTM_TRAIN", "sometimes")
    with pytest.raises(ValueError, match="LSTM_TRAIN.*'sometimes'"):
        lh.is_training()


def test_seed_everything_makes_numpy_and_python_repeat():
    import random

    rng1 = lh.seed_everything(5)
    a = (random.random(), np.random.rand(), rng1.normal())
    rng2 = lh.seed_everything(5)
    b = (random.random(), np.random.rand(), rng2.normal())
    assert a == b


@pytest.mark.parametrize("seed, exc", [(-1, ValueError), (1.5, TypeError), ("3", TypeError), (True, TypeError)])
def test_seed_everything_rejects_bad_seeds(seed, exc):
    with pytest.raises(exc, match="seed must be an integer"):
        lh.seed_everything(seed)


def test_report_writes_json_lines(tmp_path, monkeypatch):
    path = tmp_path / "r.jsonl"
    monkeypatch.setenv("LSTM_REPORT_FILE", str(path))
    assert lh.report("test_accuracy", np.float32(0.99), "fraction") is None  # no stray Out[] in a notebook
    lh.report("mse", 0.5)
    lh.report("mse", 0.25)  # a later value wins
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert rows[0] == {"key": "test_accuracy", "value": pytest.approx(0.99), "unit": "fraction"}
    assert read_reports(path) == {"test_accuracy": (pytest.approx(0.99), "fraction"), "mse": (0.25, "")}


def test_report_without_file_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("LSTM_REPORT_FILE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert lh.report("x", 3) is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "key, value, error",
    [("", 1.0, ValueError), ("k", "high", TypeError), ("k", float("nan"), ValueError), ("k", True, TypeError)],
)
def test_report_rejects_bad_input(key, value, error):
    with pytest.raises(error):
        lh.report(key, value)


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_importing_the_package_does_not_import_tensorflow():
    out = _run(
        "import sys, lstm_helpers, lstm_helpers.lstm, lstm_helpers.data, lstm_helpers.gradcheck; "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_import_keras_is_quiet_and_works():
    code = (
        "import lstm_helpers as lh; keras = lh.import_keras(); import numpy as np\n"
        "m = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\n"
        "print(m.predict(np.zeros((1, 3, 2), 'float32'), verbose=0).shape, keras.__version__[0])\n"
    )
    out = _run(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "3", "Keras 3 expected"
    # No TensorFlow C++ log lines (they look like "I0000 00:00:... port.cc:153] ...").
    assert out.stderr.strip() == "", f"unexpected stderr:\n{out.stderr}"


def test_banner_names_versions_cores_and_gpu():
    import platform

    keras = lh.import_keras()
    import tensorflow as tf

    line = lh.mode_banner().splitlines()[1]
    for part in (
        f"Python {platform.python_version()}",
        f"NumPy {np.__version__}",
        f"TensorFlow {tf.__version__}",
        f"Keras {keras.__version__}",
        "CPU core",
    ):
        assert part in line
    assert ("GPU visible" in line) or ("GPUs visible" in line)


def test_versions_line_does_not_import_tensorflow():
    code = (
        "import sys, lstm_helpers as lh; line = lh.mode_banner().splitlines()[1]; "
        "assert 'tensorflow' not in sys.modules, 'mode_banner imported TensorFlow'; print(line)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "TensorFlow not imported" in out and "NumPy" in out
