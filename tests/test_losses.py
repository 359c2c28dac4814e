"""rnnlib.losses: softmax, the masked sequence cross-entropy and the mean squared error."""

import numpy as np
import pytest

from rnnlib import losses
from tests.helpers import assert_close, assert_same, cross_entropy, numgrad, snapshot, targets


def test_softmax_rows_sum_to_one_and_shift_invariance(rng):
    o = rng.standard_normal((3, 2, 5))
    before = snapshot(o)
    p = losses.softmax(o)
    assert np.allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-15)
    assert np.allclose(p, np.exp(o) / np.exp(o).sum(axis=-1, keepdims=True), rtol=1e-14)
    assert np.allclose(losses.softmax(o + 1000.0), p, rtol=1e-12)     # no overflow
    assert_same(before, (o,))


@pytest.mark.parametrize("shape", [(1, 1, 1), (1, 3, 4), (4, 1, 3), (5, 4, 6)])
def test_cross_entropy_matches_loops_and_its_gradient(shape, rng):
    T, B, K = shape
    os = 2 * rng.standard_normal(shape)
    ys = rng.integers(-1, K, size=(T, B))
    loss, dos = losses.softmax_cross_entropy(os, ys)
    assert isinstance(loss, float)
    assert loss == pytest.approx(cross_entropy(os, ys), rel=1e-12, abs=1e-15)
    assert_close(dos, numgrad(lambda o: losses.softmax_cross_entropy(o, ys)[0], os))


def test_cross_entropy_gradient_formula(rng):
    os = rng.standard_normal((3, 4, 5))
    ys = np.array([[0, 4, -1, 2], [-1, -1, -1, -1], [1, 1, 3, -1]])
    _, dos = losses.softmax_cross_entropy(os, ys)
    p = np.exp(os) / np.exp(os).sum(axis=-1, keepdims=True)
    for t in range(3):
        for b in range(4):
            want = np.zeros(5) if ys[t, b] < 0 else (p[t, b] - np.eye(5)[ys[t, b]]) / 4
            assert np.allclose(dos[t, b], want, rtol=1e-13, atol=1e-16)


def test_cross_entropy_divides_by_B_not_by_the_number_of_targets():
    os = np.zeros((2, 4, 3))                              # uniform predictions: -log p = log 3
    ys = np.full((2, 4), -1)
    ys[1, 2] = 0                                          # a single target among 2 x 4 slots
    loss, dos = losses.softmax_cross_entropy(os, ys)
    assert loss == pytest.approx(np.log(3) / 4, rel=1e-14)
    assert np.allclose(dos[1, 2], np.array([1 / 3 - 1, 1 / 3, 1 / 3]) / 4, rtol=1e-14)
    assert np.count_nonzero(dos) == 3
    ys[:, :] = 0                                          # 8 targets: the sum over t, mean over b
    assert losses.softmax_cross_entropy(os, ys)[0] == pytest.approx(2 * np.log(3), rel=1e-14)


def test_no_targets_means_no_loss(rng):
    loss, dos = losses.softmax_cross_entropy(rng.standard_normal((3, 2, 4)), -np.ones((3, 2), int))
    assert loss == 0.0 and not np.any(dos)


def test_cross_entropy_of_extreme_logits_is_exact():
    os = np.array([[[0.0, 1000.0], [1000.0, 0.0]]])
    loss, dos = losses.softmax_cross_entropy(os, [[0, 0]])
    assert loss == pytest.approx(1000.0 / 2, rel=1e-14)   # (1000 + 0) / B
    assert np.all(np.isfinite(dos))
    assert np.allclose(dos, [[[-0.5, 0.5], [0.0, 0.0]]], rtol=0, atol=1e-15)


@pytest.mark.parametrize("spread", [1.0, 0.99 * losses.SHARED_SHIFT_SPREAD,
                                    1.01 * losses.SHARED_SHIFT_SPREAD, 1400.0])
def test_both_shifts_match_the_loops(spread, rng):
    """One shift for every row (logits within SHARED_SHIFT_SPREAD) or each row's maximum."""
    os = rng.uniform(0.0, 1.0, (3, 4, 5))
    os[0, 0, 0], os[2, 3, 4] = 0.0, spread                  # the spread of all the logits
    ys = targets(rng, 3, 4, 5)
    loss, dos = losses.softmax_cross_entropy(os, ys)
    assert loss == pytest.approx(cross_entropy(os, ys), rel=1e-14)
    p = np.exp(os - os.max(axis=2, keepdims=True))
    p /= p.sum(axis=2, keepdims=True)
    onehot = np.zeros_like(p)
    for (t, b), y in np.ndenumerate(ys):
        onehot[t, b, y] = y >= 0
    assert np.allclose(dos, (p - onehot) * (ys >= 0)[:, :, None] / 4, rtol=1e-13, atol=1e-17)


@pytest.mark.parametrize("shape", [(1, 1), (4, 3)])
def test_mse_matches_its_definition_and_gradient(shape, rng):
    out, target = rng.standard_normal(shape), rng.standard_normal(shape)
    loss, dout = losses.mse(out, target)
    B = shape[0]
    want = sum(0.5 * sum((out[b, j] - target[b, j]) ** 2 for j in range(shape[1]))
               for b in range(B)) / B
    assert isinstance(loss, float) and loss == pytest.approx(want, rel=1e-13)
    assert np.allclose(dout, (out - target) / B, rtol=1e-14)
    assert_close(dout, numgrad(lambda o: losses.mse(o, target)[0], out))


def test_nothing_is_modified(rng):
    os, ys = rng.standard_normal((3, 2, 4)), np.array([[0, -1], [3, 2], [-1, -1]])
    out, target = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    before = snapshot(os, ys, out, target)
    losses.softmax(os)
    losses.softmax_cross_entropy(os, ys)
    losses.mse(out, target)
    assert_same(before, (os, ys, out, target))


def test_float64_from_float32_and_int_lists():
    loss, dos = losses.softmax_cross_entropy(np.zeros((1, 2, 3), np.float32), [[0, 2]])
    assert isinstance(loss, float) and dos.dtype == np.float64
    loss, dos = losses.softmax_cross_entropy([[[1, 2, 3]]], np.array([[1]], np.int32))
    assert dos.dtype == np.float64
    loss, dout = losses.mse([[1, 2]], np.array([[0, 0]], np.float32))
    assert loss == 2.5 and dout.dtype == np.float64 and np.array_equal(dout, [[1.0, 2.0]])


def test_softmax_cross_entropy_can_write_into_the_logits():
    rng = np.random.default_rng(0)
    os_, ys = rng.standard_normal((4, 3, 5)), rng.integers(-1, 5, size=(4, 3))
    loss, dos = losses.softmax_cross_entropy(os_, ys)
    work = os_.copy()
    loss2, dos2 = losses.softmax_cross_entropy(work, ys, out=work)
    assert dos2 is work and loss2 == loss and np.array_equal(dos2, dos)
