"""rnnlib.rnn: forward pass, BPTT (gradients of params, h0, xs and the deltas), the loss."""

import numpy as np
import pytest

from rnnlib import rnn
from tests.helpers import (
    ACTIVATIONS,
    DF,
    F,
    assert_close,
    assert_grads,
    assert_input_grad_skips_only_xs,
    assert_same,
    cache_floats_read_by_backward,
    cross_entropy,
    numgrad,
    signed,
    snapshot,
    targets,
)

# (T, B, D, H, K), covering T = 1, B = 1 and H = 1
SHAPES = [(1, 1, 1, 1, 1), (1, 2, 3, 4, 2), (3, 1, 2, 1, 3), (4, 3, 2, 3, 2), (6, 2, 3, 2, 2)]


def make(shape, rng):
    """Parameters and inputs of moderate size, so that no unit saturates (a saturated tanh has
    gradients so small that central differences cannot reach a relative error of 1e-7)."""
    T, B, D, H, K = shape
    params = {"U": signed(rng, (H, D), 0.8 / np.sqrt(D)),
              "W": signed(rng, (H, H), 0.8 / np.sqrt(H)),
              "b": signed(rng, H, 0.3),
              "V": signed(rng, (K, H), 1 / np.sqrt(H)),
              "c": signed(rng, K)}
    return params, signed(rng, (T, B, D)), signed(rng, (B, H), 0.5)


def test_init_params():
    p = rnn.init_params(3, 4, 2, seed=5)
    assert {k: v.shape for k, v in p.items()} == {"U": (4, 3), "W": (4, 4), "b": (4,),
                                                   "V": (2, 4), "c": (2,)}
    assert np.all(p["b"] == 0) and np.all(p["c"] == 0)
    assert_same(p, rnn.init_params(3, 4, 2, seed=5))
    assert not np.array_equal(p["W"], rnn.init_params(3, 4, 2, seed=6)["W"])


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_forward_matches_explicit_loop(act, rng):
    params, xs, h0 = make((3, 2, 3, 4, 2), rng)
    hs, os, cache = rnn.forward(params, xs, h0, act)
    U, W, b, V, c = (params[k] for k in ("U", "W", "b", "V", "c"))
    for bi in range(2):
        h = h0[bi]
        for t in range(3):
            h = F[act](U @ xs[t, bi] + W @ h + b)
            assert np.allclose(hs[t, bi], h, rtol=1e-13, atol=1e-15)
            assert np.allclose(os[t, bi], V @ h + c, rtol=1e-13, atol=1e-15)
    assert cache["activation"] == act and np.array_equal(cache["hs"], hs)


def test_h0_none_means_zeros(rng):
    params, xs, h0 = make((3, 2, 3, 4, 2), rng)
    _, os_none, _ = rnn.forward(params, xs)
    _, os_zero, _ = rnn.forward(params, xs, np.zeros_like(h0))
    _, os_h0, _ = rnn.forward(params, xs, h0)
    assert np.array_equal(os_none, os_zero) and not np.allclose(os_none, os_h0)


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_backward_gradcheck(shape, act, rng):
    """grads of every parameter, of h0 and of xs, for an arbitrary dL/do_t."""
    params, xs, h0 = make(shape, rng)
    _, os, cache = rnn.forward(params, xs, h0, act)
    R = signed(rng, os.shape)
    grads, _ = rnn.backward(R, cache)

    def run(p, xs, h0):
        return float(np.sum(R * rnn.forward(p, xs, h0, act)[1]))

    assert_grads(run, params, grads, {"xs": xs, "h0": h0})


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("shape", SHAPES[1:4], ids=str)
def test_loss_and_grads_gradcheck(shape, act, rng):
    params, xs, h0 = make(shape, rng)
    ys = targets(rng, *shape[:2], shape[4])
    _, grads, _ = rnn.loss_and_grads(params, xs, ys, h0, act)

    def run(p, xs, h0):
        return rnn.loss_and_grads(p, xs, ys, h0, act)[0]

    assert_grads(run, params, grads, {"xs": xs, "h0": h0})


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_loss_matches_straightforward_cross_entropy(act, rng):
    params, xs, h0 = make((4, 3, 2, 3, 4), rng)
    ys = targets(rng, 4, 3, 4)
    ys[0] = -1                                   # a step without any target
    loss, _, _ = rnn.loss_and_grads(params, xs, ys, h0, act)
    _, os, _ = rnn.forward(params, xs, h0, act)
    assert isinstance(loss, float)
    assert loss == pytest.approx(cross_entropy(os, ys.tolist()), rel=1e-12)


def test_loss_divides_by_B_not_by_the_number_of_targets(rng):
    params, xs, h0 = make((3, 2, 2, 3, 3), rng)
    ys = np.array([[0, -1], [-1, -1], [2, -1]])  # sequence 1 has no target at all
    loss, grads, deltas = rnn.loss_and_grads(params, xs, ys, h0)
    _, os, _ = rnn.forward(params, xs, h0)
    p = np.exp(os) / np.exp(os).sum(axis=2, keepdims=True)
    assert loss == pytest.approx(-(np.log(p[0, 0, 0]) + np.log(p[2, 0, 2])) / 2, rel=1e-12)
    # sequence 0's gradients do not depend on sequence 1's mask
    ys_full = ys.copy()
    ys_full[:, 1] = [1, 0, 2]
    _, grads_full, deltas_full = rnn.loss_and_grads(params, xs, ys_full, h0)
    assert np.allclose(grads["h0"][0], grads_full["h0"][0], rtol=1e-13, atol=0)
    assert np.allclose(deltas["h"][:, 0], deltas_full["h"][:, 0], rtol=1e-13, atol=0)
    assert np.all(deltas["h"][:, 1] == 0) and np.all(grads["h0"][1] == 0)


def test_no_targets_no_loss(rng):
    params, xs, h0 = make((3, 2, 2, 3, 3), rng)
    loss, grads, deltas = rnn.loss_and_grads(params, xs, -np.ones((3, 2), int), h0)
    assert loss == 0.0
    assert all(np.all(g == 0) for g in grads.values())
    assert all(np.all(d == 0) for d in deltas.values())


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_delta_net_is_fprime_times_delta_h(act, rng):
    params, xs, h0 = make((4, 2, 3, 3, 2), rng)
    hs, os, cache = rnn.forward(params, xs, h0, act)
    grads, deltas = rnn.backward(rng.standard_normal(os.shape), cache)
    h_prev = np.concatenate([h0[None], hs[:-1]])
    net = xs @ params["U"].T + h_prev @ params["W"].T + params["b"]
    assert np.allclose(deltas["net"], DF[act](net) * deltas["h"], rtol=1e-12, atol=1e-15)
    # h0 receives W^T dL/dnet_1
    assert np.allclose(grads["h0"], deltas["net"][0] @ params["W"], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("shape", [(1, 1, 2, 1, 2), (4, 2, 3, 3, 2)], ids=str)
def test_delta_h_is_total_derivative(shape, act, rng):
    """deltas["h"][t-1] = dL/dh_t through o_t and every later step, by central differences.

    The steps after t see h_t only as the initial state of the rest of the sequence, so the
    loss as a function of h_t is V-part at step t plus a forward run over xs[t:] from h_t.
    """
    params, xs, h0 = make(shape, rng)
    T = shape[0]
    hs, os, cache = rnn.forward(params, xs, h0, act)
    R = signed(rng, os.shape)
    _, deltas = rnn.backward(R, cache)
    for k in range(T):
        def loss_from(h, k=k):
            now = np.sum(R[k] * (h @ params["V"].T + params["c"]))
            later = np.sum(R[k + 1:] * rnn.forward(params, xs[k + 1:], h, act)[1]) \
                if k + 1 < T else 0.0
            return float(now + later)

        assert_close(deltas["h"][k], numgrad(loss_from, hs[k]))


def test_nothing_is_modified(rng):
    params, xs, h0 = make((3, 2, 3, 4, 2), rng)
    ys = targets(rng, 3, 2, 2)
    dos = rng.standard_normal((3, 2, 2))
    before = snapshot(params, xs, h0, ys, dos)
    _, _, cache = rnn.forward(params, xs, h0, "relu")
    cache_before = snapshot(cache)
    first = rnn.backward(dos, cache)
    assert_same(first, rnn.backward(dos, cache))
    assert_same(cache_before, (cache,))
    rnn.loss_and_grads(params, xs, ys, h0, "sigmoid")
    assert_same(before, (params, xs, h0, ys, dos))


def test_float64_from_float32_and_int_lists():
    p32 = {k: v.astype(np.float32) for k, v in rnn.init_params(2, 3, 2).items()}
    xs = [[[1, 0]], [[0, 2]]]                       # T=2, B=1, D=2, as int lists
    hs, os, cache = rnn.forward(p32, xs, np.zeros((1, 3), np.float32))
    assert hs.dtype == os.dtype == np.float64
    grads, deltas = rnn.backward(np.ones((2, 1, 2), np.float32), cache)
    assert all(g.dtype == np.float64 for g in grads.values())
    assert all(d.dtype == np.float64 for d in deltas.values())
    loss, grads, _ = rnn.loss_and_grads(p32, xs, [[0], [1]])
    assert isinstance(loss, float) and grads["W"].dtype == np.float64
    hs64, _, _ = rnn.forward({k: v.astype(np.float64) for k, v in p32.items()},
                             np.array(xs, float))
    assert np.array_equal(hs, hs64)


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_input_grad_false_skips_only_dL_dxs(act, rng):
    params, xs, h0 = make((4, 3, 2, 5, 3), rng)
    assert_input_grad_skips_only_xs(rnn, (params, xs, targets(rng, 4, 3, 3), h0, act),
                                    (params, xs, h0, act), rng.standard_normal((4, 3, 3)))


def test_the_cache_holds_only_what_backward_reads(rng):
    params, xs, h0 = make((4, 3, 2, 5, 3), rng)
    cache = rnn.forward(params, xs, h0)[2]
    floats = cache_floats_read_by_backward(rnn, cache, rng.standard_normal((4, 3, 3)))
    assert floats == 4 * 3 * (2 + 5) + 3 * 5                     # T B (D + H) + B H


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("shape", [(1, 1, 1, 1, 1), (1, 3, 2, 4, 3)])
def test_step_backward_is_the_gradient_of_one_step(shape, act, rng):
    """One step alone, against central differences: L = sum(do * o_t) + sum(dh_next * h_t)
    has dL/do_t = do and sends dh_next into h_t, as a later step would."""
    params, xs, h0 = make(shape, rng)
    B, H, K = shape[1], shape[3], shape[4]
    do, dh_next = signed(rng, (B, K)), signed(rng, (B, H))

    def run(p, x, h_prev):
        h, o = rnn.step_forward(p, x, h_prev, act)
        return float(np.sum(do * o) + np.sum(dh_next * h))

    h, _ = rnn.step_forward(params, xs[0], h0, act)
    g, d = rnn.step_backward(params, do, dh_next, xs[0], h0, h, act)
    assert_grads(run, params, {**{k: g[k] for k in params}, "x": g["x"], "h_prev": g["h_prev"]},
                 {"x": xs[0], "h_prev": h0})
    net = xs[0] @ params["U"].T + h0 @ params["W"].T + params["b"]
    assert np.allclose(d["net"], d["h"] * DF[act](net), rtol=1e-12, atol=1e-15)
    assert "x" not in rnn.step_backward(params, do, dh_next, xs[0], h0, h, act, False)[0]
