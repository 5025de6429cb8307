from lstm_helpers.exercises import correct, not_yet


def test_feedback_is_truthy_and_prints_a_verdict():
    assert correct("42 is right") and str(correct("42 is right")) == "Correct: 42 is right"
    fb = not_yet("got 41", hint="count again")
    assert not fb
    assert str(fb) == "Not yet: got 41\nHint: count again"


def test_feedback_wraps_at_words_within_the_line_width():
    from lstm_helpers.exercises import not_yet
    from lstm_helpers.printing import LINE_WIDTH

    long_hint = " ".join(["gradient"] * 40)
    text = str(not_yet("a short verdict", long_hint))
    lines = text.splitlines()
    assert len(lines) > 2 and all(len(line) <= LINE_WIDTH for line in lines)
    assert " ".join(w for line in lines for w in line.split()) == f"Not yet: a short verdict Hint: {long_hint}"
