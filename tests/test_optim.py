"""rnnlib.optim: SGD and Adam against hand computations; no mutation; errors name arguments."""

import numpy as np

from rnnlib import optim
from tests.helpers import assert_same, snapshot


def tree():
    return [{"W": np.array([[1.0, -2.0]]), "b": np.array([0.5])},
            {"W": np.array([[3.0]]), "b": np.array([0.0])}]


def grads():
    return [{"W": np.array([[0.1, -0.4]]), "b": np.array([2.0])},
            {"W": np.array([[-1.0]]), "b": np.array([0.0])}]


def test_sgd_is_theta_minus_lr_g_and_pure():
    p, g = tree(), grads()
    before = snapshot(p, g)
    new = optim.sgd(p, g, 0.5)
    assert np.allclose(new[0]["W"], [[0.95, -1.8]])
    assert np.allclose(new[0]["b"], [-0.5])
    assert np.allclose(new[1]["W"], [[3.5]])
    assert_same(before, snapshot(p, g))


def test_sgd_on_a_dict_and_a_bare_array():
    new = optim.sgd({"U": np.ones(3)}, {"U": np.arange(3.0)}, 0.1)
    assert np.allclose(new["U"], [1.0, 0.9, 0.8])
    assert np.allclose(optim.sgd(np.ones(2), np.ones(2), 1.0), 0.0)


def test_adam_first_two_steps_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    theta, g1, g2 = np.array([1.0, -1.0]), np.array([0.5, -2.0]), np.array([1.0, 1.0])
    state = optim.adam_init(theta)
    assert state["t"] == 0 and np.all(state["m"] == 0) and np.all(state["v"] == 0)
    th1, s1 = optim.adam(theta, g1, state, lr, b1, b2, eps)
    # step 1: m_hat = g, v_hat = g^2, so the step is lr * sign(g) (up to eps)
    assert np.allclose(th1, theta - lr * g1 / (np.abs(g1) + eps), rtol=0, atol=1e-15)
    assert s1["t"] == 1
    assert np.allclose(s1["m"], 0.1 * g1) and np.allclose(s1["v"], 0.001 * g1 ** 2)
    th2, s2 = optim.adam(th1, g2, s1, lr, b1, b2, eps)
    m = 0.9 * 0.1 * g1 + 0.1 * g2
    v = 0.999 * 0.001 * g1 ** 2 + 0.001 * g2 ** 2
    m_hat, v_hat = m / (1 - 0.9 ** 2), v / (1 - 0.999 ** 2)
    assert np.allclose(th2, th1 - lr * m_hat / (np.sqrt(v_hat) + eps), rtol=1e-14)
    assert s2["t"] == 2 and np.allclose(s2["m"], m) and np.allclose(s2["v"], v)
    assert s1["t"] == 1 and np.allclose(s1["m"], 0.1 * g1)     # old state untouched


def test_adam_on_mlp_tree_is_pure_and_descends_a_quadratic():
    p, g = tree(), grads()
    state = optim.adam_init(p)
    before = snapshot(p, g, state)
    new, new_state = optim.adam(p, g, state, lr=0.01)
    assert_same(before, snapshot(p, g, state))
    assert new_state["t"] == 1 and new[0]["W"].shape == (1, 2)
    x, s = np.array([3.0, -4.0]), optim.adam_init(np.zeros(2))
    for _ in range(500):
        x, s = optim.adam(x, x, s, lr=0.05)     # gradient of |x|^2 / 2
    assert np.linalg.norm(x) < 0.05
