"""rnnlib.tasks: the adding problem, its baseline and the last-step loss (chapter 5)."""

import numpy as np
import pytest

from rnnlib import gradcheck, tasks


@pytest.mark.parametrize("first_half", [True, False])
def test_shapes_markers_and_targets(first_half):
    xs, ys = tasks.adding_problem(12, 50, rng=3, first_half=first_half)
    assert xs.shape == (12, 50, 2) and ys.shape == (50,)
    values, marks = xs[:, :, 0], xs[:, :, 1]
    assert np.all((values >= 0) & (values < 1))
    assert set(np.unique(marks)) == {0.0, 1.0}
    assert np.all(marks.sum(axis=0) == 2)
    assert np.allclose(ys, (values * marks).sum(axis=0))
    if first_half:
        assert np.all(marks[:6].sum(axis=0) == 1) and np.all(marks[6:].sum(axis=0) == 1)


def test_statistics_of_a_large_sample():
    xs, ys = tasks.adding_problem(20, 100_000, rng=0)
    assert ys.mean() == pytest.approx(1.0, abs=5e-3)
    assert ys.var() == pytest.approx(1 / 6, abs=3e-3)
    # marker positions: uniform over each half
    first = np.argmax(xs[:10, :, 1], axis=0)
    counts = np.bincount(first, minlength=10) / first.size
    assert np.allclose(counts, 0.1, atol=0.01)


def test_baseline_equals_empirical_mse_of_the_mean_predictor():
    _, ys = tasks.adding_problem(30, 200_000, rng=5)
    assert tasks.BASELINE_MSE == pytest.approx(1 / 6, rel=1e-15)
    assert np.mean((ys - 1.0) ** 2) == pytest.approx(tasks.BASELINE_MSE, abs=2e-3)
    # the mean is the best constant: other constants do worse
    for c in (0.9, 1.1):
        assert np.mean((ys - c) ** 2) > tasks.BASELINE_MSE


def test_seeding_is_reproducible_and_generators_advance():
    a = tasks.adding_problem(8, 4, rng=7)
    b = tasks.adding_problem(8, 4, rng=7)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    g = np.random.default_rng(7)
    c = tasks.adding_problem(8, 4, rng=g)
    d = tasks.adding_problem(8, 4, rng=g)
    assert np.array_equal(c[0], a[0]) and not np.array_equal(c[0], d[0])


def test_last_step_mse_value_and_gradient(rng):
    os = rng.standard_normal((6, 5, 1))
    ys = rng.random(5) * 2
    before = (os.copy(), ys.copy())
    loss, dos = tasks.last_step_mse(os, ys)
    assert loss == pytest.approx(np.mean((os[-1, :, 0] - ys) ** 2), rel=1e-14)
    assert dos.shape == os.shape and np.all(dos[:-1] == 0)
    num = gradcheck.numerical_gradient(lambda o: tasks.last_step_mse(o, ys)[0], os)
    assert gradcheck.rel_error(dos, num) < 1e-8
    assert np.array_equal(os, before[0]) and np.array_equal(ys, before[1])
