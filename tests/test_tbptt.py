"""rnnlib.tbptt: truncation every k steps, randomized truncation, the cosine and cost counts."""

import numpy as np
import pytest

from rnnlib import losses, rnn, tbptt
from tests.helpers import assert_grads, assert_same, signed, snapshot

SHAPES = [(1, 1, 1, 1, 1), (3, 1, 2, 1, 3), (5, 2, 3, 3, 2), (7, 3, 2, 4, 2)]
KEYS = ("U", "W", "b", "V", "c", "h0", "xs")


def setup(shape, rng, activation="tanh"):
    T, B, D, H, K = shape
    p = {"U": signed(rng, (H, D), 0.8 / np.sqrt(D)), "W": signed(rng, (H, H), 0.8 / np.sqrt(H)),
         "b": signed(rng, H, 0.3), "V": signed(rng, (K, H), 1 / np.sqrt(H)),
         "c": signed(rng, K)}
    xs, h0 = signed(rng, (T, B, D)), signed(rng, (B, H), 0.5)
    ys = rng.integers(0, K, size=(T, B))
    _, os, cache = rnn.forward(p, xs, h0, activation)
    _, dos = losses.softmax_cross_entropy(os, ys)
    return p, xs, h0, ys, dos, cache


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("extra", [0, 3])
def test_k_at_least_T_is_full_bptt_exactly(shape, extra, rng, monkeypatch):
    *_, dos, cache = setup(shape, rng)
    # exactly: for k >= T, truncated_backward returns rnn.backward's own result
    sentinel = object()
    monkeypatch.setattr(tbptt.rnn, "backward", lambda d, c: sentinel)
    assert tbptt.truncated_backward(dos, cache, shape[0] + extra) is sentinel
    monkeypatch.undo()
    full, dfull = rnn.backward(dos, cache)
    g, d = tbptt.truncated_backward(dos, cache, shape[0] + extra)
    # two separate calls may round differently in the last bit (BLAS kernels depend on the
    # memory alignment of fresh arrays), so values are compared to 1e-14
    for k in KEYS:
        assert np.allclose(g[k], full[k], rtol=1e-14, atol=1e-15)
    ones, d1 = tbptt.gated_backward(dos, cache, np.ones(shape[0]))
    for k in KEYS:
        assert np.allclose(ones[k], full[k], rtol=1e-14, atol=1e-15)
    for key in ("h", "net"):
        assert np.allclose(d[key], dfull[key], rtol=1e-14, atol=1e-15)
        assert np.allclose(d1[key], dfull[key], rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("k", [1, 2, 3])
def test_chunks_equal_gates_and_each_chunk_is_an_exact_gradient(shape, k, rng):
    p, xs, h0, ys, dos, cache = setup(shape, rng)
    T = shape[0]
    g, _ = tbptt.truncated_backward(dos, cache, k)
    gg, _ = tbptt.gated_backward(dos, cache, tbptt.truncation_gates(T, k))
    for key in KEYS:
        assert np.allclose(g[key], gg[key], rtol=1e-12, atol=1e-14)
    # the truncated gradient is the exact gradient of a loss in which each chunk's starting
    # state is a constant (stop-gradient): check it by central differences
    hs = cache["hs"]
    starts = [s for s in range(0, T, k)]

    def run(params, xs, h0):
        total = 0.0
        for s in starts:
            e = min(s + k, T)
            start = h0 if s == 0 else hs[s - 1]              # constant (no gradient)
            _, o, _ = rnn.forward(params, xs[s:e], start)
            total += losses.softmax_cross_entropy(o, ys[s:e])[0]
        return total

    # only the first chunk depends on h0, and xs of every chunk; hs[s-1] is held fixed
    assert_grads(run, p, {key: g[key] for key in KEYS}, {"xs": xs, "h0": h0})


def test_truncation_gates():
    assert tbptt.truncation_gates(7, 3).tolist() == [1, 1, 1, 0, 1, 1, 0]
    assert tbptt.truncation_gates(1, 1).tolist() == [1]
    assert tbptt.truncation_gates(4, 9).tolist() == [1, 1, 1, 1]


def test_randomized_gates_have_mean_one_and_are_deterministic():
    g = tbptt.randomized_gates(20000, 0.25, seed=3)
    assert g[0] == 1 and set(np.unique(g[1:])) <= {0.0, 1 / 0.75}
    assert abs(g[1:].mean() - 1) < 0.03
    assert np.array_equal(g, tbptt.randomized_gates(20000, 0.25, seed=3))
    assert np.array_equal(tbptt.randomized_gates(5, 0.0), np.ones(5))


def test_randomized_truncation_is_unbiased(rng):
    # the expectation over the gates, computed exactly by enumerating all of them (T = 4)
    *_, dos, cache = setup((4, 2, 2, 3, 2), rng)
    q = 0.4
    full, _ = rnn.backward(dos, cache)
    mean = {k: 0.0 for k in KEYS}
    for bits in range(8):
        keep = [(bits >> i) & 1 for i in range(3)]
        gates = np.array([1.0] + [1 / (1 - q) if kk else 0.0 for kk in keep])
        prob = np.prod([(1 - q) if kk else q for kk in keep])
        g, _ = tbptt.gated_backward(dos, cache, gates)
        for k in KEYS:
            mean[k] = mean[k] + prob * g[k]
    for k in KEYS:
        assert np.allclose(mean[k], full[k], rtol=1e-12, atol=1e-14)
    g, _ = tbptt.randomized_backward(dos, cache, q, seed=0)
    gg, _ = tbptt.gated_backward(dos, cache, tbptt.randomized_gates(4, q, seed=0))
    assert all(np.array_equal(g[k], gg[k]) for k in KEYS)


def test_cosine():
    a = {"U": np.array([[1.0, 0.0]]), "W": np.array([[0.0]])}
    b = {"U": np.array([[1.0, 1.0]]), "W": np.array([[0.0]])}
    assert np.isclose(tbptt.cosine(a, b), 1 / np.sqrt(2))
    assert np.isclose(tbptt.cosine(np.ones(3), -np.ones(3)), -1)
    with pytest.raises(ValueError, match="zero"):
        tbptt.cosine(np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="b"):
        tbptt.cosine(np.ones(3), np.ones(4))


def test_cost_counts_the_real_cache():
    for T, B, D, H in [(1, 1, 1, 1), (10, 3, 2, 4)]:
        _, _, cache = rnn.forward(rnn.init_params(D, H, 2), np.zeros((T, B, D)))
        n = cache["xs"].size + cache["hs"].size + cache["h0"].size
        c = tbptt.cost(T, B, D, H, 2)
        assert c["cache_floats"] == n
        assert c["flops_backward"] == 2 * c["flops_forward"]
        assert tbptt.cost(T, B, D, H, 2, k=1)["cache_floats"] == B * (D + H) + B * H
        assert tbptt.cost(T, B, D, H, 2, k=T + 5)["cache_floats"] == n


def test_inputs_are_not_modified(rng):
    *_, dos, cache = setup((5, 2, 2, 2, 2), rng)
    before = snapshot(dos, cache)
    tbptt.truncated_backward(dos, cache, 2)
    tbptt.randomized_backward(dos, cache, 0.5)
    assert_same(before, (dos, cache))


def test_bad_input_raises_value_error_naming_the_argument(rng):
    *_, dos, cache = setup((5, 2, 2, 2, 2), rng)
    with pytest.raises(ValueError, match="k"):
        tbptt.truncated_backward(dos, cache, 0)
    with pytest.raises(ValueError, match="q"):
        tbptt.randomized_backward(dos, cache, 1.0)
    with pytest.raises(ValueError, match="gates"):
        tbptt.gated_backward(dos, cache, np.ones(4))
    with pytest.raises(ValueError, match="dos"):
        tbptt.truncated_backward(dos[:3], cache, 2)
    with pytest.raises(ValueError, match="cache"):
        tbptt.truncated_backward(dos, {}, 2)
    with pytest.raises(ValueError, match="T"):
        tbptt.cost(0, 1, 1, 1, 1)
