"""The offline loaders: genuine files, exact shapes, clear errors on missing or damaged copies."""

import shutil

import numpy as np
import pytest

from lstm_helpers import data
from lstm_helpers.data import DataFileError


@pytest.fixture(scope="module")
def mnist():
    return data.load_mnist()


def test_mnist_matches_keras_layout(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    for arr in (x_train, y_train, x_test, y_test):
        assert arr.dtype == np.uint8


def test_mnist_is_the_genuine_set(mnist):
    # The identifying checks listed in ../shared/data/README.md.
    (x_train, y_train), (x_test, y_test) = mnist
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert int(x_train.sum(dtype=np.int64)) == 1561152060
    assert int(x_test.sum(dtype=np.int64)) == 263884107
    # Rebuilt from the k/256 float copy, the pixels run 0..254 and the usual
    # normalisation constants (0.1307, 0.3081) come out slightly lower here.
    scaled = x_train / 255.0
    assert x_train.max() == 254
    assert round(float(scaled.mean()), 4) == 0.1301
    assert round(float(scaled.std()), 4) == 0.3068


def test_sp500_table():
    table = data.load_sp500()
    assert len(table) == 5031
    assert list(table.columns) == ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    assert table.index.name == "Date" and table.index.is_monotonic_increasing
    assert str(table.index[0].date()) == "1999-01-04" and str(table.index[-1].date()) == "2018-12-31"
    assert table["Close"].iloc[0] == pytest.approx(1228.099976)
    assert table["Close"].iloc[-1] == pytest.approx(2506.850098)
    assert table["Close"].dtype == np.float64


def test_shakespeare_text():
    text = data.load_shakespeare()
    assert len(text) == 841_800
    assert len(set(text)) == 73
    assert text.count("\n") == 33_231
    assert text.isascii()


NAMES = {"mnist.npz": data.load_mnist, "sp500.csv": data.load_sp500, "shakespeare.txt": data.load_shakespeare}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_missing_file_gives_clear_error(tmp_path, name):
    with pytest.raises(DataFileError) as err:
        NAMES[name](data_dir=tmp_path)
    message = str(err.value)
    assert name in message and "missing" in message and f"git checkout -- data/{name}" in message


@pytest.mark.parametrize("name", sorted(NAMES))
def test_corrupted_file_gives_clear_error_and_is_left_alone(tmp_path, name):
    copy = tmp_path / name
    shutil.copyfile(data.DATA_DIR / name, copy)
    raw = bytearray(copy.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # flip one byte in the middle
    copy.write_bytes(bytes(raw))
    with pytest.raises(DataFileError) as err:
        NAMES[name](data_dir=tmp_path)
    message = str(err.value)
    assert name in message and "checksum" in message and f"git checkout -- data/{name}" in message
    assert copy.read_bytes() == bytes(raw), "the loader must never modify the file"


@pytest.mark.parametrize("name", sorted(NAMES))
def test_truncated_file_gives_clear_error(tmp_path, name):
    copy = tmp_path / name
    copy.write_bytes((data.DATA_DIR / name).read_bytes()[:1000])
    with pytest.raises(DataFileError, match="checksum"):
        NAMES[name](data_dir=tmp_path)


def test_committed_files_match_their_checksums():
    for name, expected in data.CHECKSUMS.items():
        assert data.sha256_of(data.DATA_DIR / name) == expected


def test_unknown_file_name():
    with pytest.raises(ValueError, match="unknown data file"):
        data.verified_path("cifar10.npz")


# --- the adding problem ---


def test_adding_problem_shapes_and_marks():
    x, y = data.adding_problem(500, 50, seed=3)
    assert x.shape == (500, 50, 2) and y.shape == (500,)
    assert x.dtype == np.float32 and y.dtype == np.float32
    mask = x[:, :, 1]
    assert set(np.unique(mask).tolist()) == {0.0, 1.0}
    assert (mask.sum(axis=1) == 2).all(), "exactly two marks per sequence"
    assert (mask[:, :25].sum(axis=1) == 1).all() and (mask[:, 25:].sum(axis=1) == 1).all()
    values = x[:, :, 0]
    assert values.min() >= 0.0 and values.max() <= 1.0
    np.testing.assert_allclose(y, (values * mask).sum(axis=1), rtol=1e-6)
    assert y.min() >= 0.0 and y.max() <= 2.0


def test_adding_problem_constant_baseline_is_one_sixth():
    _, y = data.adding_problem(200_000, 10, seed=0)
    assert np.mean((y - 1.0) ** 2) == pytest.approx(1 / 6, rel=0.01)


def test_adding_problem_is_reproducible_by_seed():
    a = data.adding_problem(20, 30, seed=7)
    b = data.adding_problem(20, 30, seed=7)
    c = data.adding_problem(20, 30, seed=8)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize(
    "n, T, exc", [(0, 10, ValueError), (10, 1, ValueError), (2.5, 10, TypeError), (10, "20", TypeError)]
)
def test_adding_problem_rejects_bad_sizes(n, T, exc):
    with pytest.raises(exc, match="must be an integer"):
        data.adding_problem(n, T)


# --- where the data folder is found (LSTM_DATA_DIR, the repository above the cwd, next to the package) ---


def _fake_repo(root):
    """A folder laid out like the repository: data/ with its README.md and one genuine data file."""
    folder = root / "data"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("# Data\n")
    shutil.copyfile(data._BESIDE_PACKAGE / "shakespeare.txt", folder / "shakespeare.txt")
    return folder


def test_LSTM_DATA_DIR_names_the_folder(tmp_path, monkeypatch):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    shutil.copyfile(data._BESIDE_PACKAGE / "shakespeare.txt", folder / "shakespeare.txt")
    monkeypatch.setenv("LSTM_DATA_DIR", str(folder))
    assert data.find_data_dir() == folder and data.DATA_DIR == folder
    assert len(data.load_shakespeare()) == 841_800
    # a file it lacks keeps the usual message, with the path it looked for
    with pytest.raises(DataFileError, match=r"data file sp500.csv is missing \(looked for .*elsewhere"):
        data.load_sp500()


def test_LSTM_DATA_DIR_that_is_not_a_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LSTM_DATA_DIR", str(tmp_path / "no-such-folder"))
    with pytest.raises(DataFileError, match="LSTM_DATA_DIR is set to .*no-such-folder.*, which is not a folder"):
        data.load_shakespeare()


def test_repository_found_from_the_current_directory_upward(tmp_path, monkeypatch):
    folder = _fake_repo(tmp_path / "clone")
    deep = tmp_path / "clone" / "notebooks" / "scratch"
    deep.mkdir(parents=True)
    monkeypatch.delenv("LSTM_DATA_DIR", raising=False)
    monkeypatch.chdir(deep)
    assert data.find_data_dir() == folder
    assert len(data.load_shakespeare()) == 841_800


def test_a_data_folder_that_is_not_the_series_is_passed_over(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "shakespeare.txt").write_text("someone else's file")  # no README.md
    monkeypatch.delenv("LSTM_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert data.find_data_dir() == data._BESIDE_PACKAGE  # the editable install's data/, next to the package


def test_no_data_folder_anywhere_says_where_it_looked_and_what_to_set(tmp_path, monkeypatch):
    nowhere = tmp_path / "site-packages" / "data"
    monkeypatch.setattr(data, "_REPO_ROOT", nowhere.parent)
    monkeypatch.delenv("LSTM_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataFileError) as err:
        data.load_mnist()
    message = str(err.value)
    assert str(tmp_path.resolve()) in message and str(nowhere) in message
    assert "LSTM_DATA_DIR" in message and "export LSTM_DATA_DIR=" in message
