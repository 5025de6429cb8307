"""The one gradient checker (``lstm_helpers.gradcheck``) against derivatives known in closed form."""

import numpy as np
import pytest

from lstm_helpers.gradcheck import (
    GradientCheck,
    check_gradients,
    numerical_gradients,
    rel_error,
)


def test_numerical_gradients_of_a_product_against_the_closed_form():
    rng = np.random.default_rng(0)
    A, B, dY = rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((3, 2))
    dA, dB = numerical_gradients(np.matmul, [A, B], dY, step=1e-3, richardson=True)
    assert rel_error(dA, dY @ B.T) < 1e-9 and rel_error(dB, A.T @ dY) < 1e-9
    only_b = numerical_gradients(np.matmul, [A, B], dY, wrt=[1], step=1e-3, richardson=True)
    assert only_b[0] is None and rel_error(only_b[1], A.T @ dY) < 1e-9


def test_the_callers_arrays_are_never_modified_and_f_sees_the_nudged_values():
    x = np.linspace(-1, 1, 5)
    before = x.copy()
    seen = []

    def f(v):
        seen.append(v.copy())
        return v**2

    (g,) = numerical_gradients(f, [x], np.ones(5))
    np.testing.assert_array_equal(x, before)
    assert any(not np.array_equal(v, x) for v in seen)  # the nudges went into f's argument
    assert rel_error(g, 2 * x) < 1e-9


def test_several_outputs_meet_their_own_upstream_gradients():
    x = np.array([0.3, -0.7])
    d1, d2 = np.array([1.0, 2.0]), np.array([-0.5, 0.25])
    (g,) = numerical_gradients(lambda v: (np.sin(v), v**3), [x], (d1, d2), step=1e-3, richardson=True)
    assert rel_error(g, d1 * np.cos(x) + d2 * 3 * x**2) < 1e-11


def test_check_gradients_reports_each_argument_by_name_and_finds_a_wrong_gradient():
    rng = np.random.default_rng(1)
    A, B, dY = rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((3, 2))

    def f(A, B):
        return A @ B

    good = check_gradients(f, [A, B], [dY @ B.T, A.T @ dY], df=dY, step=1e-3, richardson=True)
    assert isinstance(good, GradientCheck) and list(good.errors) == ["A", "B"]
    assert good.max_error < 1e-9 and "dA" in str(good)
    bad = check_gradients(f, [A, B], [dY @ B.T, 2 * A.T @ dY], df=dY)
    assert bad.errors["A"] < 1e-9 and bad.errors["B"] > 0.1
    skipped = check_gradients(f, [A, B], [None, A.T @ dY], df=dY, names=["first", "second"])
    assert list(skipped.errors) == ["second"]


def test_richardson_beats_the_plain_difference_on_exp():
    x = np.linspace(-2, 2, 9)
    (rich,) = numerical_gradients(np.exp, [x], np.ones(9), step=1e-3, richardson=True)
    (plain,) = numerical_gradients(np.exp, [x], np.ones(9), step=1e-3)
    assert rel_error(rich, np.exp(x)) < 1e-12 < rel_error(plain, np.exp(x))


def test_wrong_inputs_get_clear_errors():
    x = np.ones(3)
    with pytest.raises(ValueError, match=r"analytic\[0\] \(dv\) must have the shape of args\[0\], \(3,\), got \(2,\)"):
        check_gradients(lambda v: v, [x], [np.ones(2)], df=np.ones(3))
    with pytest.raises(ValueError, match=r"df\[0\] must have the shape of f's output 0"):
        numerical_gradients(lambda v: v, [x], np.ones(4))
    with pytest.raises(TypeError, match=r"args\[0\] must be a floating-point array"):
        numerical_gradients(lambda v: v, [np.arange(3)], np.ones(3))
    with pytest.raises(ValueError, match="step must be a finite number > 0"):
        numerical_gradients(lambda v: v, [x], np.ones(3), step=0.0)
    with pytest.raises(ValueError, match="step must be a finite number > 0"):
        numerical_gradients(lambda v: v, [x], np.ones(3), h=-1e-3)
    with pytest.raises(TypeError, match="step and h are one setting"):
        check_gradients(lambda v: v, [x], [np.ones(3)], df=np.ones(3), step=1e-3, h=1e-3)


def test_the_step_is_named_step_and_h_is_its_older_name():
    x = np.linspace(-2, 2, 9)
    (by_step,) = numerical_gradients(np.exp, [x], np.ones(9), step=1e-3, richardson=True)
    (by_h,) = numerical_gradients(np.exp, [x], np.ones(9), h=1e-3, richardson=True)
    np.testing.assert_array_equal(by_step, by_h)
    (default,) = numerical_gradients(np.exp, [x], np.ones(9))
    (explicit,) = numerical_gradients(np.exp, [x], np.ones(9), step=1e-5)
    np.testing.assert_array_equal(default, explicit)
    (coarse,) = numerical_gradients(np.exp, [x], np.ones(9), step=1e-2)
    assert rel_error(coarse, np.exp(x)) > 1e-6 > rel_error(default, np.exp(x))  # the step is really used
    report = check_gradients(np.exp, [x], [np.exp(x)], df=np.ones(9), step=1e-3, richardson=True)
    assert report.max_error < 1e-12
