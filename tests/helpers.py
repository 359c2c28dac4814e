"""Shared helpers for the rnnlib unit tests (imported as ``tests.helpers``)."""

import copy
import math

import numpy as np

from rnnlib import gradcheck

ACTIVATIONS = ("tanh", "sigmoid", "relu", "linear")
TOL = 1e-7          # the bound on the relative error of every gradient check
# Central-difference step of the checks. Near cbrt(machine epsilon), the step that minimises
# truncation (~eps^2) plus rounding (~1e-16 |L| / eps) error. With gradcheck's default 1e-6 the
# rounding part alone is ~1e-10 |L|, which is above 1e-7 of the small gradients of these tests
# (three sigmoid layers, a width-1 layer): over 30 seeds of the rng fixture, 1e-6 failed 3
# times; over 40 seeds, 1e-5 never did (worst relative error 6e-8).
EPS = 1e-5

# Reference activations and derivatives written from scratch, as functions of the
# pre-activation z (rnnlib writes its derivatives in terms of the output instead).
F = {"tanh": np.tanh,
     "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
     "relu": lambda z: np.maximum(z, 0.0),
     "linear": lambda z: z}
DF = {"tanh": lambda z: 1.0 / np.cosh(z) ** 2,
      "sigmoid": lambda z: np.exp(-z) / (1.0 + np.exp(-z)) ** 2,
      "relu": lambda z: (z > 0).astype(float),
      "linear": lambda z: np.ones_like(z)}


def signed(rng, shape, scale=1.0):
    """Random values with magnitudes in [0.3, 1] * scale and random signs.

    Test data drawn this way has no entry close to zero by chance, so no gradient is tiny
    compared with the rounding error of the central differences (about 1e-10 * |L|).
    """
    return scale * rng.uniform(0.3, 1.0, shape) * rng.choice([-1.0, 1.0], shape)


def assert_grads(run, params, grads, extras=None, tol=TOL):
    """Gradient-check ``run(params, **extras) -> float`` over every parameter AND every extra.

    ``extras`` holds the other differentiable inputs (``xs``, ``h0``, ``c0``); ``grads`` must
    hold an analytic gradient for every key of ``params`` and of ``extras``.
    """
    extras = extras or {}
    assert not set(params) & set(extras)
    inputs = {**params, **extras}

    def loss(d):
        return run({k: d[k] for k in params}, **{k: d[k] for k in extras})

    errs = gradcheck.check_grads(loss, inputs, grads, eps=EPS)
    assert set(errs) == set(inputs)
    bad = {k: e for k, e in errs.items() if not e < tol}
    assert not bad, f"relative errors above {tol}: {bad}"


def numgrad(f, x):
    """Central differences of f at x with the step of these tests."""
    return gradcheck.numerical_gradient(f, x, EPS)


def assert_close(a, b, tol=TOL):
    """Norm-wise relative error of two arrays below ``tol`` (and same shape)."""
    assert np.shape(a) == np.shape(b)
    err = gradcheck.rel_error(a, b)
    assert err < tol, f"relative error {err:.3e}"


def snapshot(*objs):
    return copy.deepcopy(objs)


def assert_same(before, after):
    """Deep equality of nested dicts / lists / tuples of arrays (values, shapes and dtypes)."""
    if isinstance(before, dict):
        assert isinstance(after, dict) and set(before) == set(after)
        for k in before:
            assert_same(before[k], after[k])
    elif isinstance(before, (list, tuple)):
        assert type(after) is type(before) and len(before) == len(after)
        for x, y in zip(before, after):
            assert_same(x, y)
    elif isinstance(before, np.ndarray):
        assert isinstance(after, np.ndarray) and after.dtype == before.dtype
        assert np.array_equal(before, after)
    else:
        assert before == after


def targets(rng, T, B, K):
    """Random class ids, with -1 (no loss) at steps 2, 4, ... of the first sequence only.

    A fixed, sparse mask: random masks sometimes leave a single step with a loss, and then
    some gradients are so small (~1e-5) that central differences cannot check them to 1e-7.
    """
    ys = rng.integers(0, K, size=(T, B))
    ys[1::2, 0] = -1
    return ys


def cross_entropy(os, ys):
    """sum_t (1/B) sum_b -log softmax(o_t[b])[y_t[b]], skipping y = -1; plain loops."""
    T, B, K = os.shape
    total = 0.0
    for t in range(T):
        for b in range(B):
            if ys[t][b] >= 0:
                m = max(os[t, b])
                log_z = m + math.log(sum(math.exp(o - m) for o in os[t, b]))
                total += (log_z - os[t, b, ys[t][b]]) / B
    return total


class Reads(dict):
    """A dict that records which keys are read."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def without_xs(grads):
    return {k: v for k, v in grads.items() if k != "xs"}


def assert_input_grad_skips_only_xs(mod, loss_args, forward_args, upstream):
    """``input_grad=False`` leaves out grads["xs"] of mod.loss_and_grads and mod.backward and
    changes nothing else (``mod`` is rnnlib.rnn or rnnlib.lstm)."""
    loss, grads, deltas = mod.loss_and_grads(*loss_args)
    loss2, grads2, deltas2 = mod.loss_and_grads(*loss_args, input_grad=False)
    assert "xs" in grads and set(grads) - set(grads2) == {"xs"} and loss2 == loss
    assert_same((grads2, deltas2), (without_xs(grads), deltas))
    cache = mod.forward(*forward_args)[2]
    full, part = mod.backward(upstream, cache), mod.backward(upstream, cache, input_grad=False)
    assert_same(part, (without_xs(full[0]), full[1]))


def cache_floats_read_by_backward(mod, cache, upstream):
    """Check that mod.backward reads every entry of ``cache``, or the array it is a view into;
    return the number of floats of the arrays it reads (the cache's memory)."""
    watched = Reads(cache)
    mod.backward(upstream, watched)
    read = [cache[k] for k in watched.read if isinstance(cache[k], np.ndarray)]
    for key in set(cache) - watched.read:
        assert any(np.shares_memory(cache[key], r) for r in read), f"{key} is not read"
    return sum(r.size for r in read)
