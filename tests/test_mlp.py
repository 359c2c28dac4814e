"""rnnlib.mlp: forward pass, backward pass (gradients and deltas), no mutation, float64."""

import numpy as np
import pytest

from rnnlib import activations, losses, mlp
from tests.helpers import (
    ACTIVATIONS,
    DF,
    F,
    assert_close,
    assert_grads,
    assert_same,
    numgrad,
    signed,
    snapshot,
)

SIZES = [[1, 1], [3, 4, 2], [2, 1, 3], [4, 5, 3, 2]]


def make(sizes, rng, B=3):
    """Weights, biases and inputs with no entry near zero (see tests.helpers.signed)."""
    params = [{"W": signed(rng, (n, m), 1 / np.sqrt(m)), "b": signed(rng, n, 0.3)}
              for m, n in zip(sizes[:-1], sizes[1:])]
    return params, signed(rng, (B, sizes[0]))


def as_dict(params):
    return {f"{k}{l}": p[k] for l, p in enumerate(params) for k in ("W", "b")}


def as_list(d, L):
    return [{"W": d[f"W{l}"], "b": d[f"b{l}"]} for l in range(L)]


def test_init_params_shapes_and_scale():
    params = mlp.init_params([5, 4, 3], seed=2)
    assert [p["W"].shape for p in params] == [(4, 5), (3, 4)]
    assert [p["b"].shape for p in params] == [(4,), (3,)]
    assert all(np.all(p["b"] == 0) for p in params)
    big = mlp.init_params([400, 300], seed=0)[0]["W"]
    assert np.std(big) == pytest.approx(1 / np.sqrt(400), rel=0.02)
    assert_same(params, mlp.init_params([5, 4, 3], seed=2))
    assert not np.array_equal(params[0]["W"], mlp.init_params([5, 4, 3], seed=3)[0]["W"])


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_forward_matches_explicit_loop(act, rng):
    params, X = make([3, 4, 2], rng)
    acts = [act, "tanh" if act != "tanh" else "sigmoid"]
    out, cache = mlp.forward(params, X, acts)
    for b in range(X.shape[0]):
        a = X[b]
        assert np.allclose(cache["a"][0][b], a, rtol=0, atol=1e-15)
        for l, (p, name) in enumerate(zip(params, acts)):
            z = np.array([sum(p["W"][i, j] * a[j] for j in range(len(a))) + p["b"][i]
                          for i in range(len(p["b"]))])
            a = F[name](z)
            assert np.allclose(cache["a"][l + 1][b], a, rtol=1e-13, atol=1e-15)
        assert np.allclose(out[b], a, rtol=1e-13, atol=1e-15)
    assert cache["activations"] == acts


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("sizes", SIZES, ids=str)
@pytest.mark.parametrize("B", [1, 3])
def test_backward_gradcheck(sizes, act, B, rng):
    params, X = make(sizes, rng, B)
    acts = [act] * (len(sizes) - 1)
    R = signed(rng, (B, sizes[-1]))
    out, cache = mlp.forward(params, X, acts)
    grads, _ = mlp.backward(R, cache)

    def run(p):
        return float(np.sum(R * mlp.forward(as_list(p, len(acts)), X, acts)[0]))

    assert_grads(run, as_dict(params), as_dict(grads))


def test_backward_gradcheck_with_mse(rng):
    params, X = make([3, 4, 2], rng, B=4)
    acts = ["tanh", "linear"]
    Y = rng.standard_normal((4, 2))
    out, cache = mlp.forward(params, X, acts)
    _, dout = losses.mse(out, Y)
    grads, _ = mlp.backward(dout, cache)

    def run(p):
        return losses.mse(mlp.forward(as_list(p, 2), X, acts)[0], Y)[0]

    assert_grads(run, as_dict(params), as_dict(grads))


def test_grads_are_sums_over_the_batch(rng):
    params, X = make([3, 4, 2], rng, B=5)
    acts = ["sigmoid", "tanh"]
    dout = rng.standard_normal((5, 2))
    grads, deltas = mlp.backward(dout, mlp.forward(params, X, acts)[1])
    singles = [mlp.backward(dout[b:b + 1], mlp.forward(params, X[b:b + 1], acts)[1])
               for b in range(5)]
    for l in range(2):
        for k in ("W", "b"):
            total = sum(g[l][k] for g, _ in singles)
            assert np.allclose(grads[l][k], total, rtol=1e-12, atol=1e-14)
        assert np.allclose(deltas[l], np.concatenate([d[l] for _, d in singles]),
                           rtol=1e-12, atol=1e-14)
    # no averaging: doubling the batch with a copy of itself doubles every gradient
    g2, _ = mlp.backward(np.vstack([dout, dout]), mlp.forward(params, np.vstack([X, X]), acts)[1])
    assert np.allclose(g2[0]["W"], 2 * grads[0]["W"], rtol=1e-12)


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_deltas_are_dL_dz(act, rng):
    """deltas[l] = dL/dz^l, by central differences of the rest of the network from z^l."""
    sizes, acts = [3, 4, 3, 2], [act, "tanh", act]
    params, X = make(sizes, rng, B=2)
    R = signed(rng, (2, 2))
    out, cache = mlp.forward(params, X, acts)
    _, deltas = mlp.backward(R, cache)
    L = len(params)
    zs = [a @ p["W"].T + p["b"] for a, p in zip(cache["a"], params)]
    for l in range(L):
        def rest(z, l=l):
            a = activations.apply(acts[l], z)
            if l + 1 < L:
                a = mlp.forward(params[l + 1:], a, acts[l + 1:])[0]
            return float(np.sum(R * a))

        assert_close(deltas[l], numgrad(rest, zs[l]))
    # the start of the recursion: delta^L = dL/da^L * f_L'(z^L)
    assert np.allclose(deltas[-1], R * DF[act](zs[-1]), rtol=1e-12, atol=1e-15)


def test_nothing_is_modified(rng):
    params, X = make([3, 4, 2], rng)
    acts = ["tanh", "relu"]
    dout = rng.standard_normal((3, 2))
    before = snapshot(params, X, acts, dout)
    out, cache = mlp.forward(params, X, acts)
    cache_before = snapshot(cache)
    g1, d1 = mlp.backward(dout, cache)
    g2, d2 = mlp.backward(dout, cache)
    assert_same(before, (params, X, acts, dout))
    assert_same(cache_before, (cache,))
    assert_same((g1, d1), (g2, d2))


def test_float64_from_float32_and_int_lists():
    params = [{"W": np.ones((2, 3), np.float32), "b": np.zeros(2, np.float32)}]
    out, cache = mlp.forward(params, [[1, 2, 3]], ["linear"])
    assert out.dtype == np.float64 and np.array_equal(out, [[6.0, 6.0]])
    grads, deltas = mlp.backward(np.ones((1, 2), np.float32), cache)
    assert grads[0]["W"].dtype == grads[0]["b"].dtype == deltas[0].dtype == np.float64
    grads, _ = mlp.backward([[1, 1]], cache)
    assert np.array_equal(grads[0]["W"], [[1, 2, 3], [1, 2, 3]])
