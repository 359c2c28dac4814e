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


def test_cost_counts_the_real_cache_and_dL_do():
    for T, B, D, H, K in [(1, 1, 1, 1, 2), (10, 3, 2, 4, 7)]:
        params = rnn.init_params(D, H, K)
        xs, ys = np.zeros((T, B, D)), np.zeros((T, B), dtype=int)
        _, os, cache = rnn.forward(params, xs)
        n = cache["xs"].size + cache["hs"].size + cache["h0"].size
        _, dos = losses.softmax_cross_entropy(os, ys)
        c = tbptt.cost(T, B, D, H, K)
        assert c["cache_floats"] == n
        assert c["grad_out_floats"] == dos.size
        assert c["peak_floats"] == n + dos.size == T * B * (D + H + K) + B * H
        assert c["flops_backward"] == 2 * c["flops_forward"]
        one = tbptt.cost(T, B, D, H, K, k=1)
        assert one["cache_floats"] == B * (D + H) + B * H
        assert one["grad_out_floats"] == B * K
        assert one["peak_floats"] == B * (D + H + K) + B * H
        assert one["flops_forward"] == c["flops_forward"]       # truncation saves no work here
        assert tbptt.cost(T, B, D, H, K, k=T + 5) == c


def test_dL_do_dominates_the_memory_for_a_vocabulary():
    c = tbptt.cost(100, 32, 128, 256, 10000)
    assert c["grad_out_floats"] > 20 * c["cache_floats"]


@pytest.mark.parametrize("shape", SHAPES + [(4, 2, 5, 3, 11), (6, 5, 1, 7, 2)])
def test_count_flops_runs_a_real_bptt_whose_products_match_the_cost_formulas(shape):
    counted = tbptt.count_flops(*shape)
    c = tbptt.cost(*shape)
    # counted from the products the step-by-step passes executed; the formulas must agree
    assert counted["flops_forward"] == c["flops_forward"]
    assert counted["flops_backward"] == c["flops_backward"]
    # and the counted passes are a real BPTT: their gradients are rnnlib's
    d = counted["data"]
    _, os, cache = rnn.forward(d["params"], d["xs"], d["h0"])
    grads, _ = rnn.backward(d["dos"], cache)
    assert set(counted["grads"]) == set(grads) == set(KEYS)
    for key in KEYS:
        assert counted["grads"][key].shape == grads[key].shape
        assert np.allclose(counted["grads"][key], grads[key], rtol=1e-12, atol=1e-12)
    assert d["dos"].shape == os.shape


def test_count_flops_counts_each_product_of_the_passes():
    # T = B = D = H = K = 1: every product is 1 x 1 @ 1 x 1, 2 flops; 3 forward, 6 backward
    counted = tbptt.count_flops(1, 1, 1, 1, 1)
    assert (counted["flops_forward"], counted["flops_backward"]) == (6, 12)
    # deterministic in the seed, and different data for another seed
    a, b = tbptt.count_flops(3, 2, 2, 2, 2, seed=4), tbptt.count_flops(3, 2, 2, 2, 2, seed=4)
    assert np.array_equal(a["grads"]["W"], b["grads"]["W"])
    assert not np.array_equal(a["grads"]["W"], tbptt.count_flops(3, 2, 2, 2, 2)["grads"]["W"])


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
    with pytest.raises(ValueError, match="^T:"):
        tbptt.cost(0, 1, 1, 1, 1)
    with pytest.raises(ValueError, match="^k:"):
        tbptt.cost(3, 1, 1, 1, 1, k=0)
    with pytest.raises(ValueError, match="^K:"):
        tbptt.count_flops(3, 1, 1, 1, 0)
    with pytest.raises(ValueError, match="^B: expected a positive integer, received 2.5"):
        tbptt.count_flops(3, 2.5, 1, 1, 1)
    with pytest.raises(ValueError, match="^seed:"):
        tbptt.count_flops(3, 1, 1, 1, 1, seed=-2)
