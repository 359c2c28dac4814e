"""rnnlib.gradcheck: central differences, the relative error and the combined check."""

import numpy as np
import pytest

from rnnlib import gradcheck
from tests.helpers import assert_same, snapshot


def cubic(x):
    return float(np.sum(x ** 3))


@pytest.mark.parametrize("shape", [(), (1,), (3,), (2, 3)])
def test_numerical_gradient_of_a_known_function(shape, rng):
    x = rng.standard_normal(shape)
    g = gradcheck.numerical_gradient(lambda v: float(np.sum(np.sin(v) * v ** 2)), x)
    assert g.shape == x.shape and g.dtype == np.float64
    assert gradcheck.rel_error(g, np.cos(x) * x ** 2 + 2 * x * np.sin(x)) < 1e-8


@pytest.mark.parametrize("view", ["transposed", "strided"])
def test_numerical_gradient_of_a_view(view, rng):
    """A transposed (Fortran-order) or strided x is differentiated like its copy."""
    base = rng.standard_normal((3, 4))
    x = base.T if view == "transposed" else base[:, ::2]
    g = gradcheck.numerical_gradient(lambda v: float(np.sum(v * np.arange(v.size).reshape(
        v.shape))), x)
    assert np.allclose(g, np.arange(x.size).reshape(x.shape), rtol=1e-8, atol=1e-8)


def test_numerical_gradient_is_a_central_difference():
    """For x^3 the central difference is off by exactly eps^2 (a one-sided one by ~3 x eps)."""
    x = np.array([0.5, -1.0, 2.0])
    for eps in (1e-2, 1e-3):
        err = gradcheck.numerical_gradient(cubic, x, eps) - 3 * x ** 2
        assert np.allclose(err, eps ** 2, rtol=1e-4, atol=0)


def test_numerical_gradient_calls_f_with_copies():
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    before = snapshot(x)
    seen = []

    def f(v):
        seen.append(v)
        value = cubic(v)
        v[...] = 99.0                         # a careless f that scribbles on its argument
        return value

    g = gradcheck.numerical_gradient(f, x)
    assert len(seen) == 2 * x.size and all(v is not x for v in seen)
    assert_same(before, (x,))
    assert np.allclose(g, 3 * x ** 2, rtol=1e-8)


def test_numerical_gradient_of_an_int_list_is_float64():
    g = gradcheck.numerical_gradient(cubic, [1, 2])
    assert g.dtype == np.float64 and np.allclose(g, [3.0, 12.0], rtol=1e-8)


def test_numerical_grads_per_key_and_untouched_params(rng):
    params = {"a": rng.standard_normal((2, 2)), "b": rng.standard_normal(3)}
    before, entries = snapshot(params), dict(params)

    def loss(p):
        assert p is not params
        return float(np.sum(p["a"] ** 2) + np.sum(np.exp(p["b"])))

    num = gradcheck.numerical_grads(loss, params)
    assert set(num) == {"a", "b"}
    assert np.allclose(num["a"], 2 * params["a"], rtol=1e-8)
    assert np.allclose(num["b"], np.exp(params["b"]), rtol=1e-8)
    assert set(gradcheck.numerical_grads(loss, params, keys=["b"])) == {"b"}
    assert_same(before, (params,))
    assert all(params[k] is entries[k] for k in params)          # same objects, not copies


def test_rel_error_values():
    assert gradcheck.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradcheck.rel_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    assert gradcheck.rel_error([1.0, -2.0], [-1.0, 2.0]) == pytest.approx(1.0)
    assert gradcheck.rel_error([[3, 4]], [[3, 4]]) == 0.0
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.1])
    assert gradcheck.rel_error(a, b) == gradcheck.rel_error(b, a)
    assert gradcheck.rel_error(a, b) == pytest.approx(0.1 / (np.linalg.norm(a)
                                                            + np.linalg.norm(b)))
    assert isinstance(gradcheck.rel_error(a, b), float)


def test_check_grads_accepts_right_and_flags_wrong_gradients(rng):
    params = {"w": rng.standard_normal(4), "v": rng.standard_normal((2, 2))}
    before = snapshot(params)

    def loss(p):
        return float(np.sum(p["w"] ** 2) + np.sum(np.tanh(p["v"])))

    right = {"w": 2 * params["w"], "v": 1 - np.tanh(params["v"]) ** 2}
    errs = gradcheck.check_grads(loss, params, right)
    assert set(errs) == {"w", "v"} and max(errs.values()) < 1e-8
    wrong = {"w": params["w"], "v": right["v"]}                  # half the true gradient
    errs = gradcheck.check_grads(loss, params, wrong)
    assert errs["w"] == pytest.approx(1 / 3, rel=1e-6) and errs["v"] < 1e-8
    assert set(gradcheck.check_grads(loss, params, {"v": right["v"]}, keys=["v"])) == {"v"}
    assert_same(before, (params,))
