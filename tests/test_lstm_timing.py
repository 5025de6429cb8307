"""lstm_timing: every contender computes the same pass, the result holds what the notebook and the benchmark read.

No speed is asserted here (speed targets live in benchmarks/); the shapes are tiny.
"""

import numpy as np
import pytest

from lstm_helpers import lstm_timing

TINY = {"N": 3, "T": 4, "D": 2, "H": 5}


@pytest.fixture(scope="module")
def problem():
    return lstm_timing.speed_problem(**TINY)


def test_numpy_contenders_compute_the_same_gradients(problem):
    ref = lstm_timing.optimised_pass(problem)()
    for make in (lstm_timing.steps_pass, lstm_timing.naive_pass):
        for ours, theirs in zip(make(problem)(), ref):
            np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name", ["keras", "keras_xla"])
def test_keras_contenders_compute_the_numpy_gradients(problem, name):
    dx, dh0, dWx, dWh, db = lstm_timing.optimised_pass(problem)()
    keras_grads = lstm_timing.CONTENDERS[name](problem)()  # dx, dh0, kernel, recurrent_kernel, bias
    for ours, theirs in zip([dx, dh0, dWx, dWh, db], keras_grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


def test_keras_xla_is_compiled_with_jit():
    assert lstm_timing.CONTENDERS["keras_xla"] is lstm_timing.keras_xla_pass
    assert "jit_compile" in lstm_timing.keras_xla_pass.__doc__


def test_measure_returns_medians_rounds_and_ratios():
    result = lstm_timing.measure(
        rounds=4, warmup=1, contenders=("optimised", "keras", "keras_xla", "matmul_floor"), **TINY
    )
    assert result["shape"] == TINY and result["rounds"] == 4
    assert set(result["median_ms"]) == {"optimised", "keras", "keras_xla", "matmul_floor"}
    for name, times in result["times_ms"].items():
        assert len(times) == 4 and all(t > 0 for t in times)
        assert result["median_ms"][name] == pytest.approx(float(np.median(times)))
    ms = result["median_ms"]
    assert result["ratios"]["numpy_over_keras_xla"] == pytest.approx(ms["optimised"] / ms["keras_xla"])
    assert result["ratios"]["keras_over_keras_xla"] == pytest.approx(ms["keras"] / ms["keras_xla"])
    assert "naive_over_optimised" not in result["ratios"]  # naive was not timed
    table = lstm_timing.table(result)
    assert "| keras_xla |" in table and table.splitlines()[0].startswith("| contender |")


def test_ratio_interval_is_the_ratio_of_medians_with_a_paired_interval():
    result = {"times_ms": {"a": [2.0, 2.2, 1.9, 2.1, 2.0, 2.3], "b": [1.0, 1.1, 1.0, 1.05, 0.95, 1.2]}}
    interval = lstm_timing.ratio_interval(result, "a", "b")
    assert interval.estimate == pytest.approx(np.median(result["times_ms"]["a"]) / np.median(result["times_ms"]["b"]))
    assert interval.low <= interval.estimate <= interval.high and not interval.contains(1.0)
    with pytest.raises(ValueError, match="were not timed"):
        lstm_timing.ratio_interval(result, "a", "keras_xla")


def test_unknown_contender_is_refused():
    with pytest.raises(ValueError, match="contenders must be among"):
        lstm_timing.measure(rounds=1, contenders=("optimised", "pytorch"), **TINY)
