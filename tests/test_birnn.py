"""rnnlib.birnn: both directions' forward pass, gradients (params, inputs, initial states)."""

import numpy as np
import pytest

from rnnlib import birnn, gradcheck, losses, rnn
from tests.helpers import TOL, assert_same, signed, snapshot

# (T, B, D, H, K), covering T = 1, B = 1 and H = 1
SHAPES = [(1, 1, 1, 1, 1), (1, 2, 3, 2, 2), (3, 1, 2, 1, 3), (4, 3, 2, 3, 2)]


def make(shape, rng):
    T, B, D, H, K = shape
    p = {"U": signed(rng, (H, D), 0.8 / np.sqrt(D)), "W": signed(rng, (H, H), 0.8 / np.sqrt(H)),
         "b": signed(rng, H, 0.3), "V": signed(rng, (K, H), 1 / np.sqrt(H)),
         "Ub": signed(rng, (H, D), 0.8 / np.sqrt(D)),
         "Wb": signed(rng, (H, H), 0.8 / np.sqrt(H)),
         "bb": signed(rng, H, 0.3), "Vb": signed(rng, (K, H), 1 / np.sqrt(H)),
         "c": signed(rng, K)}
    return p, signed(rng, (T, B, D)), signed(rng, (B, H), 0.5), signed(rng, (B, H), 0.5)


def test_init_params_shapes():
    p = birnn.init_params(3, 4, 2, seed=1)
    assert {k: v.shape for k, v in p.items()} == {
        "U": (4, 3), "W": (4, 4), "b": (4,), "V": (2, 4), "Ub": (4, 3), "Wb": (4, 4),
        "bb": (4,), "Vb": (2, 4), "c": (2,)}


@pytest.mark.parametrize("shape", SHAPES)
def test_forward_matches_a_loop_written_from_scratch(shape, rng):
    p, xs, h0, h0b = make(shape, rng)
    T, B, D, H, K = shape
    hs, hs_b, os, _ = birnn.forward(p, xs, h0, h0b)
    assert hs.shape == hs_b.shape == (T, B, H) and os.shape == (T, B, K)
    h, hb = h0, h0b
    ref_b = np.empty((T, B, H))
    for t in reversed(range(T)):
        hb = np.tanh(xs[t] @ p["Ub"].T + hb @ p["Wb"].T + p["bb"])
        ref_b[t] = hb
    for t in range(T):
        h = np.tanh(xs[t] @ p["U"].T + h @ p["W"].T + p["b"])
        assert np.allclose(hs[t], h, rtol=1e-12, atol=1e-14)
        o = h @ p["V"].T + ref_b[t] @ p["Vb"].T + p["c"]
        assert np.allclose(os[t], o, rtol=1e-12, atol=1e-14)
    assert np.allclose(hs_b, ref_b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("shape", SHAPES)
def test_gradients_match_central_differences(shape, rng):
    p, xs, h0, h0b = make(shape, rng)
    T, B, D, H, K = shape
    ys = rng.integers(0, K, size=(T, B))
    _, grads, _ = birnn.loss_and_grads(p, xs, ys, h0, h0b)

    def loss(d):
        return birnn.loss_and_grads({k: d[k] for k in birnn.KEYS}, d["xs"], ys, d["h0"],
                                    d["h0_b"])[0]

    # eps = 1e-5: the rounding part of the central difference (~1e-16 |L| / eps) stays far
    # below 1e-7 of the smallest gradient here (dL/dh0 with H = 1), whatever path BLAS takes
    errs = gradcheck.check_grads(loss, {**p, "xs": xs, "h0": h0, "h0_b": h0b}, grads, eps=1e-5)
    assert set(errs) == set(birnn.KEYS) | {"xs", "h0", "h0_b"}
    bad = {k: e for k, e in errs.items() if not e < TOL}
    assert not bad, f"relative errors above {TOL}: {bad}"


def test_backward_direction_deltas_follow_the_reversed_recursion(rng):
    p, xs, h0, h0b = make((5, 2, 3, 3, 2), rng)
    _, _, os, cache = birnn.forward(p, xs, h0, h0b)
    _, dos = losses.softmax_cross_entropy(os, rng.integers(0, 2, size=(5, 2)))
    _, deltas = birnn.backward(dos, cache)
    _, hs_b, _, _ = birnn.forward(p, xs, h0, h0b)
    for t in range(5):
        d = dos[t] @ p["Vb"] + (deltas["net_b"][t - 1] @ p["Wb"] if t > 0 else 0.0)
        assert np.allclose(deltas["h_b"][t], d, rtol=1e-12, atol=1e-14)
        assert np.allclose(deltas["net_b"][t], d * (1 - hs_b[t] ** 2), rtol=1e-12, atol=1e-14)


def test_zero_backward_direction_reduces_to_rnn(rng):
    p, xs, h0, _ = make((4, 2, 3, 3, 2), rng)
    q = {**p, "Vb": np.zeros_like(p["Vb"])}
    _, _, os, _ = birnn.forward(q, xs, h0)
    _, os_rnn, _ = rnn.forward({k: p[k] for k in ("U", "W", "b", "V", "c")}, xs, h0)
    assert np.allclose(os, os_rnn, rtol=1e-12, atol=1e-14)


def test_inputs_are_not_modified(rng):
    p, xs, h0, h0b = make((3, 2, 2, 2, 2), rng)
    ys = rng.integers(0, 2, size=(3, 2))
    before = snapshot(p, xs, h0, h0b, ys)
    birnn.loss_and_grads(p, xs, ys, h0, h0b)
    assert_same(before, (p, xs, h0, h0b, ys))


@pytest.mark.parametrize("bad, word", [
    (lambda p: {k: v for k, v in p.items() if k != "Wb"}, "Wb"),
    (lambda p: {**p, "Vb": np.zeros((5, 5))}, "Vb"),
    (lambda p: [1, 2], "params"),
])
def test_bad_params_raise_value_error_naming_the_argument(bad, word, rng):
    p, xs, _, _ = make((3, 2, 2, 2, 2), rng)
    with pytest.raises(ValueError, match=word):
        birnn.forward(bad(p), xs)


def test_bad_inputs_raise_value_error(rng):
    p, xs, h0, _ = make((3, 2, 2, 2, 2), rng)
    with pytest.raises(ValueError, match="xs"):
        birnn.forward(p, xs[0])
    with pytest.raises(ValueError, match="h0_b"):
        birnn.forward(p, xs, h0, np.zeros((2, 5)))
    with pytest.raises(ValueError, match="cache"):
        birnn.backward(np.zeros((3, 2, 2)), {"fwd": None})
