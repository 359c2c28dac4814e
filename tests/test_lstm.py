"""rnnlib.lstm: forward pass, BPTT (gradients of params, h0, c0, xs and the deltas), the loss."""

from functools import partial

import numpy as np
import pytest

from rnnlib import losses, lstm
from tests.helpers import (
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
SHAPES = [(1, 1, 1, 1, 1), (1, 2, 3, 2, 2), (3, 1, 2, 1, 3), (4, 3, 2, 3, 2)]
sig = F["sigmoid"]


def make(shape, rng):
    """Moderate weights and inputs with no entry near zero (see tests.helpers.signed)."""
    T, B, D, H, K = shape
    params = {"W" + g: signed(rng, (H, H + D), 0.8 / np.sqrt(H + D)) for g in "fico"}
    params.update({"b" + g: signed(rng, H, 0.3) for g in "fico"})
    params["Wy"] = signed(rng, (K, H), 1 / np.sqrt(H))
    params["by"] = signed(rng, K)
    return (params, signed(rng, (T, B, D)), signed(rng, (B, H), 0.5),
            signed(rng, (B, H), 0.5))


def test_init_params():
    p = lstm.init_params(3, 4, 2, seed=5, forget_bias=2.0)
    shapes = {k: v.shape for k, v in p.items()}
    assert shapes == {**{"W" + g: (4, 7) for g in "fico"}, **{"b" + g: (4,) for g in "fico"},
                      "Wy": (2, 4), "by": (2,)}
    assert np.all(p["bf"] == 2.0)
    assert all(np.all(p[k] == 0) for k in ("bi", "bc", "bo", "by"))
    assert np.all(lstm.init_params(3, 4, 2)["bf"] == 1.0)
    assert_same(p, lstm.init_params(3, 4, 2, seed=5, forget_bias=2.0))
    assert not np.array_equal(p["Wf"], lstm.init_params(3, 4, 2, seed=6)["Wf"])


def test_forward_matches_the_cell_equations(rng):
    params, xs, h0, c0 = make((3, 2, 3, 2, 4), rng)
    hs, ys, cache = lstm.forward(params, xs, h0, c0)
    P = params
    for b in range(2):
        h, c = h0[b], c0[b]
        for t in range(3):
            z = np.concatenate([h, xs[t, b]])                  # z_t = [h_{t-1}; x_t]
            f, i = sig(P["Wf"] @ z + P["bf"]), sig(P["Wi"] @ z + P["bi"])
            g, o = np.tanh(P["Wc"] @ z + P["bc"]), sig(P["Wo"] @ z + P["bo"])
            c = f * c + i * g
            h = o * np.tanh(c)
            assert np.allclose(cache["gates"][t, b], np.concatenate([f, i, g, o]), rtol=1e-13)
            assert np.allclose(cache["cs"][t, b], c, rtol=1e-13, atol=1e-15)
            assert np.allclose(hs[t, b], h, rtol=1e-13, atol=1e-15)
            assert np.allclose(ys[t, b], P["Wy"] @ h + P["by"], rtol=1e-13, atol=1e-15)


def test_missing_states_mean_zeros(rng):
    params, xs, h0, c0 = make((3, 2, 3, 2, 2), rng)
    ys = lstm.forward(params, xs)[1]
    assert np.array_equal(ys, lstm.forward(params, xs, np.zeros((2, 2)), np.zeros((2, 2)))[1])
    assert not np.allclose(ys, lstm.forward(params, xs, None, c0)[1])
    assert not np.allclose(ys, lstm.forward(params, xs, h0, None)[1])


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_backward_gradcheck(shape, rng):
    """grads of every parameter, of h0, c0 and of xs, for an arbitrary dL/dy_t."""
    params, xs, h0, c0 = make(shape, rng)
    _, ys, cache = lstm.forward(params, xs, h0, c0)
    R = signed(rng, ys.shape)
    grads, _ = lstm.backward(R, cache)

    def run(p, xs, h0, c0):
        return float(np.sum(R * lstm.forward(p, xs, h0, c0)[1]))

    assert_grads(run, params, grads, {"xs": xs, "h0": h0, "c0": c0})


@pytest.mark.parametrize("shape", SHAPES[1:], ids=str)
def test_loss_and_grads_gradcheck(shape, rng):
    params, xs, h0, c0 = make(shape, rng)
    ys = targets(rng, *shape[:2], shape[4])
    loss, grads, _ = lstm.loss_and_grads(params, xs, ys, h0, c0)
    assert loss == pytest.approx(cross_entropy(lstm.forward(params, xs, h0, c0)[1], ys),
                                 rel=1e-12)

    def run(p, xs, h0, c0):
        return lstm.loss_and_grads(p, xs, ys, h0, c0)[0]

    assert_grads(run, params, grads, {"xs": xs, "h0": h0, "c0": c0})


def test_masks_and_division_by_B(rng):
    params, xs, h0, c0 = make((3, 2, 2, 2, 3), rng)
    ys = np.array([[1, -1], [-1, -1], [0, -1]])
    loss, grads, deltas = lstm.loss_and_grads(params, xs, ys, h0, c0)
    assert loss == pytest.approx(cross_entropy(lstm.forward(params, xs, h0, c0)[1], ys),
                                 rel=1e-12)
    assert np.all(deltas["h"][:, 1] == 0) and np.all(deltas["c"][:, 1] == 0)
    ys_full = np.array([[1, 2], [-1, 0], [0, 1]])
    _, grads_full, _ = lstm.loss_and_grads(params, xs, ys_full, h0, c0)
    assert np.allclose(grads["c0"][0], grads_full["c0"][0], rtol=1e-13, atol=0)
    none = lstm.loss_and_grads(params, xs, -np.ones((3, 2), int), h0, c0)
    assert none[0] == 0.0 and all(np.all(g == 0) for g in none[1].values())


@pytest.mark.parametrize("shape", [(1, 1, 2, 1, 2), (4, 2, 3, 2, 3)], ids=str)
def test_delta_h_and_delta_c_are_total_derivatives(shape, rng):
    """deltas["h"][t-1] = dL/dh_t and deltas["c"][t-1] = dL/dc_t, by central differences.

    The steps after t see (h_t, c_t) only as the initial states of the rest of the sequence.
    dL/dh_t holds c_t fixed; dL/dc_t also goes through h_t = o_t * tanh(c_t).
    """
    params, xs, h0, c0 = make(shape, rng)
    T, H = shape[0], shape[3]
    hs, ys, cache = lstm.forward(params, xs, h0, c0)
    R = signed(rng, ys.shape)
    _, deltas = lstm.backward(R, cache)

    def loss_from(k, h, c):                  # the loss as a function of (h_t, c_t), t = k + 1
        now = np.sum(R[k] * (h @ params["Wy"].T + params["by"]))
        later = np.sum(R[k + 1:] * lstm.forward(params, xs[k + 1:], h, c)[1]) if k + 1 < T else 0
        return float(now + later)

    def loss_from_c(k, c, o):                # ... of c_t alone, h_t = o_t * tanh(c_t)
        return loss_from(k, o * np.tanh(c), c)

    for k in range(T):
        o, c_k = cache["gates"][k, :, 3 * H:], cache["cs"][k]
        assert_close(deltas["h"][k], numgrad(partial(loss_from, k, c=c_k), hs[k]))
        assert_close(deltas["c"][k], numgrad(partial(loss_from_c, k, o=o), c_k))


def test_state_gradients_follow_from_the_deltas(rng):
    params, xs, h0, c0 = make((4, 2, 3, 3, 2), rng)
    H = 3
    _, ys, cache = lstm.forward(params, xs, h0, c0)
    grads, deltas = lstm.backward(signed(rng, ys.shape), cache)
    f1 = cache["gates"][0, :, :H]                                  # the forget gate at step 1
    assert np.allclose(grads["c0"], deltas["c"][0] * f1, rtol=1e-12, atol=1e-15)
    Wh = np.concatenate([params["W" + g][:, :H] for g in "fico"])  # (4H, H)
    assert np.allclose(grads["h0"], deltas["gates"][0] @ Wh, rtol=1e-12, atol=1e-15)


def test_gate_deltas_are_dL_d_preactivation(rng):
    """With D >= 4H the input weights are injective, so dL/dxs (central differences) pins
    deltas["gates"] down: dL/dx_t = W_x^T dL/da_t."""
    params, xs, h0, c0 = make((3, 2, 8, 2, 3), rng)
    _, ys, cache = lstm.forward(params, xs, h0, c0)
    R = signed(rng, ys.shape)
    _, deltas = lstm.backward(R, cache)
    Wx = np.concatenate([params["W" + g][:, 2:] for g in "fico"])  # (4H, D) = (8, 8)
    assert np.linalg.matrix_rank(Wx) == 8
    num = numgrad(lambda x: float(np.sum(R * lstm.forward(params, x, h0, c0)[1])), xs)
    assert_close(deltas["gates"] @ Wx, num)


def test_nothing_is_modified(rng):
    params, xs, h0, c0 = make((3, 2, 3, 2, 2), rng)
    ys = targets(rng, 3, 2, 2)
    dys = signed(rng, (3, 2, 2))
    before = snapshot(params, xs, h0, c0, ys, dys)
    _, _, cache = lstm.forward(params, xs, h0, c0)
    cache_before = snapshot(cache)
    first = lstm.backward(dys, cache)
    assert_same(first, lstm.backward(dys, cache))
    assert_same(cache_before, (cache,))
    lstm.loss_and_grads(params, xs, ys, h0, c0)
    assert_same(before, (params, xs, h0, c0, ys, dys))


def test_float64_from_float32_and_int_lists():
    p32 = {k: v.astype(np.float32) for k, v in lstm.init_params(2, 3, 2).items()}
    xs = [[[1, 0]], [[0, 2]]]
    hs, ys, cache = lstm.forward(p32, xs, np.zeros((1, 3), np.float32), [[0, 1, 0]])
    assert hs.dtype == ys.dtype == np.float64
    assert all(cache[k].dtype == np.float64 for k in ("xs", "h0", "c0", "cs", "gates"))
    grads, deltas = lstm.backward(np.ones((2, 1, 2), np.float32), cache)
    assert all(g.dtype == np.float64 for g in grads.values())
    assert all(d.dtype == np.float64 for d in deltas.values())
    loss, grads, _ = lstm.loss_and_grads(p32, xs, [[0], [1]])
    assert isinstance(loss, float) and grads["Wf"].dtype == np.float64


def test_input_grad_false_skips_only_dL_dxs(rng):
    params, xs, h0, c0 = make((4, 3, 2, 5, 3), rng)
    assert_input_grad_skips_only_xs(lstm, (params, xs, targets(rng, 4, 3, 3), h0, c0),
                                    (params, xs, h0, c0), rng.standard_normal((4, 3, 3)))


def test_the_cache_holds_only_what_backward_reads(rng):
    params, xs, h0, c0 = make((4, 3, 2, 5, 3), rng)
    cache = lstm.forward(params, xs, h0, c0)[2]
    floats = cache_floats_read_by_backward(lstm, cache, rng.standard_normal((4, 3, 3)))
    # x_t, h_t, c_t and four gates per step; h_0 and c_0 once
    assert floats == 4 * 3 * (2 + 5 + 5 + 4 * 5) + 2 * 3 * 5


def test_loss_and_grads_equals_forward_loss_backward(rng):
    """loss_and_grads writes dL/da_t over its own cache's gates; the results are the same."""
    params, xs, h0, c0 = make((4, 3, 2, 5, 3), rng)
    ys = targets(rng, 4, 3, 3)
    _, logits, cache = lstm.forward(params, xs, h0, c0)
    loss, dys = losses.softmax_cross_entropy(logits, ys)
    assert_same(lstm.loss_and_grads(params, xs, ys, h0, c0), (loss, *lstm.backward(dys, cache)))


@pytest.mark.parametrize("shape", [(1, 1, 1, 1, 1), (1, 3, 2, 4, 3)])
def test_step_backward_is_the_gradient_of_one_step(shape, rng):
    """One step alone, against central differences: L = sum(dy * y_t) + sum(dh_next * h_t)
    + sum(dc_next * c_t) has dL/dy_t = dy and sends dh_next, dc_next into h_t, c_t."""
    params, xs, h0, c0 = make(shape, rng)
    B, H, K = shape[1], shape[3], shape[4]
    dy, dh_next, dc_next = signed(rng, (B, K)), signed(rng, (B, H)), signed(rng, (B, H))

    def run(p, x, h_prev, c_prev):
        h, c, y, _ = lstm.step_forward(p, x, h_prev, c_prev)
        return float(np.sum(dy * y) + np.sum(dh_next * h) + np.sum(dc_next * c))

    _, c, _, gates = lstm.step_forward(params, xs[0], h0, c0)
    g, _ = lstm.step_backward(params, dy, dh_next, dc_next, xs[0], h0, c0, c, gates)
    assert_grads(run, params, {**{k: g[k] for k in params}, "x": g["x"], "h_prev": g["h_prev"],
                               "c_prev": g["c_prev"]}, {"x": xs[0], "h_prev": h0, "c_prev": c0})
    assert "x" not in lstm.step_backward(params, dy, dh_next, dc_next, xs[0], h0, c0, c, gates,
                                         input_grad=False)[0]
