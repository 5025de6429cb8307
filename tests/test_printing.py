"""say() and wrap(): printed sentences within the series' line width, wrapped at words."""

import lstm_helpers as lh
from lstm_helpers.printing import LINE_WIDTH, wrap


def test_say_wraps_long_sentences_at_words(capsys):
    sentence = " ".join(f"word{k}" for k in range(60))
    lh.say(sentence)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 1 and all(len(line) <= LINE_WIDTH for line in lines)
    assert " ".join(lines).split() == sentence.split()
    assert all(line.startswith("  ") for line in lines[1:])


def test_short_lines_and_line_breaks_are_kept(capsys):
    lh.say("a table row", "   indented  columns", sep="\n")
    assert capsys.readouterr().out == "a table row\n   indented  columns\n"


def test_a_single_long_token_is_not_cut():
    token = "x" * (LINE_WIDTH + 20)
    assert wrap(f"see {token} here").split() == ["see", token, "here"]
