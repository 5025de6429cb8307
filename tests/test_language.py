"""lstm_helpers.language: the environment variable wins, then the nearest .lstm-language, then English."""

from pathlib import Path

import pytest

from lstm_helpers import language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean(monkeypatch, tmp_path):
    monkeypatch.delenv(language.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_english_without_a_setting(clean):
    assert language.current() == "en"
    assert language.text("Correct", "正确") == "Correct"


def test_a_marker_in_this_folder_or_above_chooses(clean, monkeypatch):
    (clean / language.MARKER).write_text("zh\n")
    (clean / "deeper" / "still").mkdir(parents=True)
    monkeypatch.chdir(clean / "deeper" / "still")
    assert language.current() == "zh"
    assert language.text("Correct", "正确") == "正确"


def test_the_environment_variable_wins_over_a_marker(clean, monkeypatch):
    (clean / language.MARKER).write_text("zh")
    monkeypatch.setenv(language.ENV, "en")
    assert language.current() == "en"


def test_the_chinese_edition_folder_speaks_chinese(monkeypatch):
    monkeypatch.delenv(language.ENV, raising=False)
    monkeypatch.chdir(ROOT / "notebooks" / "zh")
    assert language.current() == "zh"
    monkeypatch.chdir(ROOT / "notebooks")
    assert language.current() == "en"


@pytest.mark.parametrize("value", ["fr", "chinese", ""])
def test_a_bad_setting_says_what_was_expected(clean, monkeypatch, value):
    (clean / language.MARKER).write_text(value)
    with pytest.raises(ValueError, match=r"must say one of 'en', 'zh'"):
        language.current()


def test_text_needs_two_strings():
    with pytest.raises(TypeError, match="two strings"):
        language.text("Correct", None)
