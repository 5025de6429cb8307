from lstm_helpers.exercises import correct, not_yet


def test_feedback_is_truthy_and_prints_a_verdict():
    assert correct("42 is right") and str(correct("42 is right")) == "Correct: 42 is right"
    fb = not_yet("got 41", hint="count again")
    assert not fb
    assert str(fb) == "Not yet: got 41\nHint: count again"
