"""rnnlib.gru: forward against an explicit loop of Cho et al.'s equations, gradient checks of
every parameter, h0 and xs (shapes with T = 1, B = 1, H = 1), errors that name the argument,
and no mutation of the inputs."""

import numpy as np
import pytest

from rnnlib import gru, losses
from rnnlib.activations import sigmoid
from tests.helpers import assert_close, assert_grads, assert_same, signed, snapshot

# (T, B, D, H, K), covering T = 1, B = 1 and H = 1
SHAPES = [(1, 1, 1, 1, 2), (1, 2, 3, 4, 2), (3, 1, 2, 1, 3), (4, 3, 2, 3, 2), (6, 2, 3, 2, 2)]


def make(shape, rng):
    """Moderate parameters (no saturated unit) and inputs with no entry near zero."""
    T, B, D, H, K = shape
    Z = H + D
    p = {"W" + g: signed(rng, (H, Z), 0.9 / np.sqrt(Z)) for g in gru.GATES}
    p["Wh"] = 2.0 * p["Wh"]                      # a larger path through the reset gate
    p.update({"b" + g: signed(rng, H, 0.3) for g in gru.GATES})
    p["Wy"], p["by"] = signed(rng, (K, H), 1 / np.sqrt(H)), signed(rng, K)
    return p, signed(rng, (T, B, D)), signed(rng, (B, H), 0.9)


def loop_forward(p, xs, h0):
    """h_t = u h_{t-1} + (1 - u) tanh(Wh [r h_{t-1}; x_t] + bh), one sequence at a time."""
    T, B, _ = xs.shape
    out = np.empty((T, B, h0.shape[1]))
    for b in range(B):
        h = h0[b]
        for t in range(T):
            z = np.concatenate([h, xs[t, b]])
            u = 1 / (1 + np.exp(-(p["Wz"] @ z + p["bz"])))
            r = 1 / (1 + np.exp(-(p["Wr"] @ z + p["br"])))
            n = np.tanh(p["Wh"] @ np.concatenate([r * h, xs[t, b]]) + p["bh"])
            h = u * h + (1 - u) * n
            out[t, b] = h
    return out


def test_init_params_shapes():
    p = gru.init_params(3, 4, 2, seed=5)
    assert {k: v.shape for k, v in p.items()} == {
        "Wz": (4, 7), "Wr": (4, 7), "Wh": (4, 7), "bz": (4,), "br": (4,), "bh": (4,),
        "Wy": (2, 4), "by": (2,)}
    assert np.array_equal(p["Wz"], gru.init_params(3, 4, 2, seed=5)["Wz"])


@pytest.mark.parametrize("shape", SHAPES)
def test_forward_matches_explicit_loop(shape, rng):
    p, xs, h0 = make(shape, rng)
    hs, ys, cache = gru.forward(p, xs, h0)
    assert_close(hs, loop_forward(p, xs, h0), 1e-13)
    assert_close(ys, hs @ p["Wy"].T + p["by"], 1e-13)
    assert cache["gates"].shape == shape[:2] + (3 * shape[3],)


def test_h0_none_means_zeros(rng):
    p, xs, _ = make((3, 2, 2, 3, 2), rng)
    assert np.array_equal(gru.forward(p, xs)[0], gru.forward(p, xs, np.zeros((2, 3)))[0])


@pytest.mark.parametrize("shape", SHAPES)
def test_backward_gradcheck(shape, rng):
    p, xs, h0 = make(shape, rng)
    T, B, _, _, K = shape
    R = rng.standard_normal((T, B, K))          # L = sum(R * y): dL/dy = R exactly

    def run(params, xs, h0):
        return float(np.sum(R * gru.forward(params, xs, h0)[1]))

    _, _, cache = gru.forward(p, xs, h0)
    grads, deltas = gru.backward(R, cache)
    assert deltas["h"].shape == shape[:2] + (shape[3],)
    assert_grads(run, p, grads, {"xs": xs, "h0": h0})


@pytest.mark.parametrize("shape", SHAPES)
def test_loss_and_grads_gradcheck(shape, rng):
    p, xs, h0 = make(shape, rng)
    T, B, _, _, K = shape
    ys = rng.integers(0, K, size=(T, B))
    loss, grads, _ = gru.loss_and_grads(p, xs, ys, h0)
    _, logits, _ = gru.forward(p, xs, h0)
    assert np.isclose(loss, losses.softmax_cross_entropy(logits, ys)[0], rtol=1e-14)
    assert_grads(lambda q, xs, h0: gru.loss_and_grads(q, xs, ys, h0)[0], p, grads,
                 {"xs": xs, "h0": h0})


def test_delta_h_is_total_derivative(rng):
    """deltas['h'][0] = dL/dh_1: the same as dL/dh0 of the run that starts from h_1."""
    p, xs, h0 = make((4, 1, 2, 3, 2), rng)
    ys = rng.integers(0, 2, size=(4, 1))
    ys[0] = -1                                   # no loss at step 1: dL/dh_1 is all carried
    _, _, deltas = gru.loss_and_grads(p, xs, ys, h0)
    # dL/dh_0 from the grads equals the h-delta one step further back
    loss, grads, _ = gru.loss_and_grads(p, xs[1:], ys[1:], gru.forward(p, xs[:1], h0)[0][0])
    assert_close(grads["h0"], deltas["h"][0], 1e-12)


def test_gates_are_gates(rng):
    p, xs, h0 = make((5, 2, 2, 3, 2), rng)
    _, _, cache = gru.forward(p, xs, h0)
    g = cache["gates"]
    assert np.all((g[..., :6] > 0) & (g[..., :6] < 1)) and np.all(np.abs(g[..., 6:]) < 1)
    z = np.concatenate([h0, xs[0]], axis=1)
    assert_close(g[0, :, :3], sigmoid(z @ p["Wz"].T + p["bz"]), 1e-14)


def test_update_gate_one_copies_the_state(rng):
    p, xs, h0 = make((5, 2, 2, 3, 2), rng)
    p["bz"] = np.full(3, 50.0)                   # u = 1: h_t = h_{t-1}
    hs, _, _ = gru.forward(p, xs, h0)
    assert np.allclose(hs, h0[None], atol=1e-15)


def test_nothing_is_modified(rng):
    p, xs, h0 = make((3, 2, 2, 3, 2), rng)
    ys = rng.integers(0, 2, size=(3, 2))
    before = snapshot(p, xs, h0, ys)
    _, _, cache = gru.forward(p, xs, h0)
    cache_before = snapshot(cache)
    dys = rng.standard_normal((3, 2, 2))
    dys_before = dys.copy()
    gru.backward(dys, cache)
    gru.loss_and_grads(p, xs, ys, h0)
    assert_same(before, snapshot(p, xs, h0, ys))
    assert_same(cache_before, snapshot(cache))
    assert np.array_equal(dys, dys_before)


@pytest.mark.parametrize("call, name", [
    (lambda p, xs: gru.forward(p, xs[0]), "xs"),
    (lambda p, xs: gru.forward(p, xs[..., :1]), "xs"),
    (lambda p, xs: gru.forward({**p, "Wr": p["Wr"][:, :2]}, xs), "params['Wr']"),
    (lambda p, xs: gru.forward({k: v for k, v in p.items() if k != "bh"}, xs), "params"),
    (lambda p, xs: gru.forward(p, xs, np.zeros((2, 4))), "h0"),
    (lambda p, xs: gru.forward(p, np.full_like(xs, np.nan)), "xs"),
    (lambda p, xs: gru.forward([1, 2], xs), "params"),
    (lambda p, xs: gru.backward(np.zeros((3, 2, 5)), gru.forward(p, xs)[2]), "dys"),
    (lambda p, xs: gru.backward(np.zeros((3, 2, 2)), {"xs": xs}), "cache"),
    (lambda p, xs: gru.loss_and_grads(p, xs, np.zeros((3, 2))), "ys"),
    (lambda p, xs: gru.init_params(0, 3, 2), "input_size"),
])
def test_bad_input_names_the_argument(call, name, rng):
    p, xs, _ = make((3, 2, 2, 3, 2), rng)
    with pytest.raises(ValueError) as err:
        call(p, xs)
    msg = str(err.value)
    assert msg.startswith(name) and "expected" in msg
    assert "received" in msg or "missing" in msg


@pytest.mark.parametrize("shape", [(1, 1, 1, 1, 2), (1, 3, 2, 4, 3)])
def test_step_backward_is_the_gradient_of_one_step(shape, rng):
    """One step alone, against central differences: L = sum(dy * y_t) + sum(dh_next * h_t)
    has dL/dy_t = dy and sends dh_next into h_t, as a later step would."""
    p, xs, h0 = make(shape, rng)
    B, H, K = shape[1], shape[3], shape[4]
    dy, dh_next = signed(rng, (B, K)), signed(rng, (B, H))

    def run(q, x, h_prev):
        h, y, _ = gru.step_forward(q, x, h_prev)
        return float(np.sum(dy * y) + np.sum(dh_next * h))

    _, _, gates = gru.step_forward(p, xs[0], h0)
    g, _ = gru.step_backward(p, dy, dh_next, xs[0], h0, gates)
    assert_grads(run, p, {**{k: g[k] for k in p}, "x": g["x"], "h_prev": g["h_prev"]},
                 {"x": xs[0], "h_prev": h0})
