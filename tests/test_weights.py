"""lstm_helpers.weights: writing, verifying and loading trained weights (the committed files: test_rescoring.py)."""

import json

import numpy as np
import pytest

import lstm_helpers as lh
from lstm_helpers import weights as W
from lstm_helpers.weights import WeightsFileError

keras = lh.import_keras()

SETTINGS = {"epochs": 3, "lr": 0.01, "units": [4]}


def tiny_model(units=4, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(units), keras.layers.Dense(1)])
    return model


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_FAST", "0")
    monkeypatch.delenv("LSTM_TRAIN", raising=False)
    monkeypatch.setenv("LSTM_WRITE_WEIGHTS", "1")
    monkeypatch.setenv("LSTM_WEIGHTS_DIR", str(tmp_path))
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "files": {}}))
    return tmp_path


def train_tiny(model):
    def fit():
        model.compile(optimizer="adam", loss="mse")
        x, y = np.ones((8, 5, 2), "float32"), np.zeros((8, 1), "float32")
        return model.fit(x, y, epochs=3, verbose=0).history

    return fit


def test_trained_weights_are_written_and_load_back_exactly(folder):
    model = tiny_model()
    run = W.train_or_load("00_tiny", model, train_tiny(model), notebook="00.ipynb", settings=SETTINGS, train=True)
    assert not run.loaded and len(run.history["loss"]) == 3 and run.seconds > 0
    entry = json.loads((folder / "manifest.json").read_text())["files"]["00_tiny"]
    assert entry["sha256"] == W.sha256_of(folder / "00_tiny.npz") and entry["settings"] == SETTINGS
    assert [w["shape"] for w in entry["weights"]] == [[2, 16], [4, 16], [16], [4, 1], [1]]  # [i, f, g, o] blocks
    assert entry["notebook"] == "00.ipynb" and entry["parameters"] == model.count_params()

    fresh = tiny_model(seed=1)  # other random weights
    said = []
    again = W.train_or_load(
        "00_tiny",
        fresh,
        lambda: pytest.fail("must not train"),
        notebook="00.ipynb",
        settings=SETTINGS,
        train=False,
        say=said.append,
    )
    assert again.loaded and again.history["loss"] == pytest.approx(run.history["loss"])
    for a, b in zip(model.get_weights(), fresh.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert "loaded the committed weights (weights/00_tiny.npz, sha256 checked)" in said[0]
    assert again.seconds == pytest.approx(run.seconds, abs=0.06)


def test_full_mode_loads_by_default_and_lstm_train_trains(folder, monkeypatch):
    model = tiny_model()
    W.train_or_load("00_tiny", model, train_tiny(model), notebook="n", settings=SETTINGS, train=True)
    calls = []

    def fit():
        calls.append(1)
        return {"loss": [0.0]}

    assert W.train_or_load("00_tiny", tiny_model(), fit, notebook="n", settings=SETTINGS, say=print).loaded
    monkeypatch.setenv("LSTM_TRAIN", "1")
    assert not W.train_or_load("00_tiny", tiny_model(), fit, notebook="n", settings=SETTINGS).loaded
    monkeypatch.setenv("LSTM_TRAIN", "0")
    monkeypatch.setenv("LSTM_FAST", "1")  # fast mode always trains ...
    assert not W.train_or_load("00_tiny", tiny_model(), fit, notebook="n", settings=SETTINGS, train=False).loaded
    assert calls == [1, 1]
    assert not W.writing()  # ... and never writes


def test_a_learners_training_does_not_touch_the_committed_files(folder, monkeypatch):
    model = tiny_model()
    W.train_or_load("00_tiny", model, train_tiny(model), notebook="n", settings=SETTINGS, train=True)
    before = (folder / "00_tiny.npz").read_bytes(), (folder / "manifest.json").read_text()
    monkeypatch.delenv("LSTM_WRITE_WEIGHTS")
    other = tiny_model(seed=3)
    W.train_or_load("00_tiny", other, train_tiny(other), notebook="n", settings=SETTINGS, train=True)
    assert ((folder / "00_tiny.npz").read_bytes(), (folder / "manifest.json").read_text()) == before


def test_a_changed_file_fails_its_checksum_with_a_clear_error(folder):
    model = tiny_model()
    W.train_or_load("00_tiny", model, train_tiny(model), notebook="n", settings=SETTINGS, train=True)
    data = bytearray((folder / "00_tiny.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / "00_tiny.npz").write_bytes(bytes(data))
    with pytest.raises(WeightsFileError) as err:
        W.load("00_tiny", tiny_model())
    message = str(err.value)
    assert "weights/00_tiny.npz failed its checksum" in message and "git checkout -- weights/" in message
    assert "LSTM_TRAIN=1" in message


def test_missing_file_unknown_name_other_settings_and_other_model_each_say_what_is_wrong(folder):
    model = tiny_model()
    W.train_or_load("00_tiny", model, train_tiny(model), notebook="n", settings=SETTINGS, train=True)
    with pytest.raises(WeightsFileError, match=r"no committed weights named '00_other'.*it lists: 00_tiny"):
        W.load("00_other", model)
    with pytest.raises(WeightsFileError, match=r"epochs: trained with 3, this cell asks for 4"):
        W.load("00_tiny", model, settings={**SETTINGS, "epochs": 4})
    with pytest.raises(WeightsFileError, match=r"array 0 \(.*kernel\) has shape \(2, 16\).*\(2, 32\)"):
        W.load("00_tiny", tiny_model(units=8))
    (folder / "00_tiny.npz").unlink()
    with pytest.raises(WeightsFileError, match=r"weights/00_tiny.npz is missing"):
        W.load("00_tiny", model)


def test_a_numpy_models_parameter_list_is_saved_and_filled_in_place(folder):
    params = [np.arange(6, dtype=np.float32).reshape(2, 3), np.ones(3, np.float32)]
    W.train_or_load("00_numpy", params, lambda: {"test": [0.5, 0.25]}, notebook="n", settings=SETTINGS, train=True)
    fresh = [np.zeros((2, 3), np.float32), np.zeros(3, np.float32)]
    run = W.train_or_load("00_numpy", fresh, pytest.fail, notebook="n", settings=SETTINGS, train=False, say=print)
    assert run.loaded and run.history["test"] == [0.5, 0.25]
    for a, b in zip(params, fresh):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(WeightsFileError, match=r"array 1 \(array/1\) has shape \(3,\).*\(4,\)"):
        W.load("00_numpy", [np.zeros((2, 3), np.float32), np.zeros(4, np.float32)])


def test_labels_become_file_names():
    assert W.slug("05", "S&P 500, LSTM") == "05_s_p_500_lstm"
    assert W.slug("01", "LSTM 32, chrono") == "01_lstm_32_chrono"
    assert W.slug("05", "synthetic, direct 5-day LSTM") == "05_synthetic_direct_5_day_lstm"


def test_bad_arguments_are_refused_clearly(folder):
    with pytest.raises(ValueError, match=r"weights name must be lower-case"):
        W.load("Final Model", tiny_model())
    with pytest.raises(TypeError, match=r"fit\(\) must return the training history as a dict, got None"):
        W.train_or_load("00_tiny", tiny_model(), lambda: None, notebook="n", settings=SETTINGS, train=True)
    with pytest.raises(TypeError, match=r"weights settings must be numbers.*got an object"):
        W.save("00_tiny", tiny_model(), notebook="n", settings={"f": object()}, seconds=1.0)


def test_the_weights_folder_is_found_or_the_error_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.delenv("LSTM_WEIGHTS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert W.find_weights_dir().name == "weights"  # the repository's, beside the package
    monkeypatch.setenv("LSTM_WEIGHTS_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(WeightsFileError, match=r"LSTM_WEIGHTS_DIR is set to .*nowhere.*not a folder"):
        W.find_weights_dir()
