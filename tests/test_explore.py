"""rnnlib.explore: recurrent matrices of a given norm and the norms of delta_t = dL/dh_t."""

import re

import numpy as np
import pytest

from rnnlib import activations, explore, rnn
from rnnlib.views import text
from tests.helpers import ACTIVATIONS

W_NORMS = [0.0, 0.5, 1.0, 1.3]


@pytest.mark.parametrize("n", [1, 5, 16])
@pytest.mark.parametrize("norm", [0.0, 0.3, 1.0, 2.5])
def test_scaled_orthogonal_has_every_singular_value_equal_to_norm(n, norm):
    W = explore.scaled_orthogonal(n, norm, seed=4)
    assert W.shape == (n, n) and W.dtype == np.float64
    assert np.allclose(np.linalg.svd(W, compute_uv=False), norm, rtol=1e-12, atol=1e-15)
    assert np.allclose(W.T @ W, norm ** 2 * np.eye(n), rtol=0, atol=1e-12)


def test_scaled_orthogonal_depends_on_the_seed_only():
    W = explore.scaled_orthogonal(6, 1.0, seed=1)
    assert np.array_equal(W, explore.scaled_orthogonal(6, 1.0, seed=1))
    assert not np.allclose(W, explore.scaled_orthogonal(6, 1.0, seed=2))
    assert np.allclose(explore.scaled_orthogonal(6, 2.0, seed=1), 2 * W, rtol=1e-15)


@pytest.mark.parametrize("kind", explore.KINDS)
@pytest.mark.parametrize("n", [1, 2, 7])
def test_recurrent_matrix_has_the_exact_spectral_norm(kind, n):
    for norm in (0.5, 1.5):
        W = explore.recurrent_matrix(kind, n, norm, seed=3)
        assert W.shape == (n, n)
        # the Gaussian kind's norm is rounded to 12 digits (the same on every machine)
        rel = 1e-11 if kind == "gaussian" else 1e-12
        assert np.linalg.norm(W, 2) == pytest.approx(norm, rel=rel)
        radius = np.max(np.abs(np.linalg.eigvals(W)))
        assert radius <= norm * (1 + 1e-12)
        if kind == "orthogonal":
            assert np.allclose(np.abs(np.linalg.eigvals(W)), norm, rtol=1e-12)
        if kind == "nonnormal" and n > 1:                         # (1 x 1 is always normal)
            assert radius == pytest.approx(0.6 * norm, rel=1e-6)   # a defective eigenvalue


@pytest.mark.parametrize("kind", explore.KINDS)
def test_recurrent_matrix_returns_a_new_array_each_call(kind):
    """The unit matrices are cached; what a caller does to its copy reaches no later call."""
    W = explore.recurrent_matrix(kind, 5, 1.2, seed=8)
    expected = W.copy()
    W[...] = 0.0
    assert np.array_equal(explore.recurrent_matrix(kind, 5, 1.2, seed=8), expected)
    if kind == "orthogonal":
        Q = explore.scaled_orthogonal(5, 1.2, seed=8)
        Q[...] = 0.0
        assert np.array_equal(explore.scaled_orthogonal(5, 1.2, seed=8), expected)


@pytest.mark.parametrize("T", [1, 5, 30])
@pytest.mark.parametrize("w_norm", W_NORMS)
def test_linear_delta_norms_are_powers_of_the_norm(T, w_norm):
    d = explore.delta_norms(T, w_norm, "linear")
    assert np.array_equal(d["t"], np.arange(1, T + 1))
    want = w_norm ** (T - d["t"].astype(float))
    assert np.allclose(d["norm"], want, rtol=1e-12, atol=0)
    assert np.allclose(d["bound"], want, rtol=1e-12, atol=0)


def test_linear_deltas_are_powers_of_W_transpose():
    T = 6
    params, _, u = explore.delta_setup(T, 1.2)
    d = explore.delta_norms(T, 1.2, "linear")
    for t in range(1, T + 1):
        want = np.linalg.matrix_power(params["W"].T, T - t) @ u
        assert np.allclose(d["delta"][t - 1], want, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("act", ACTIVATIONS)
@pytest.mark.parametrize("kind", explore.KINDS)
@pytest.mark.parametrize("w_norm", [0.5, 1.0, 1.5])
def test_measured_norms_never_exceed_the_bound(act, kind, w_norm):
    d = explore.delta_norms(20, w_norm, act, kind=kind)
    assert d["norm"][-1] == pytest.approx(1.0, rel=1e-14)          # ||delta_T|| = 1
    assert np.all(d["norm"] <= d["bound"] * (1 + 1e-12))
    gamma = activations.GAMMA[act]
    assert np.allclose(d["bound"], (gamma * w_norm) ** (20 - d["t"].astype(float)), rtol=1e-12)
    assert np.allclose(np.linalg.norm(d["delta"], axis=1), d["norm"], rtol=1e-14)


def test_tanh_deltas_follow_the_recursion():
    """delta_t = W^T diag(f'(net_{t+1})) delta_{t+1}, with f' = 1 - h^2 from a forward run."""
    T = 8
    params, xs, u = explore.delta_setup(T, 1.3, kind="gaussian")
    hs, _, _ = rnn.forward(params, xs, activation="tanh")
    d = explore.delta_norms(T, 1.3, "tanh", kind="gaussian")
    delta = u
    for t in range(T - 1, 0, -1):                     # steps T-1 .. 1
        delta = params["W"].T @ ((1 - hs[t, 0] ** 2) * delta)
        assert np.allclose(d["delta"][t - 1], delta, rtol=1e-12, atol=1e-15)


def test_delta_setup_inputs_are_prefixes_of_one_sequence():
    p5, xs5, u5 = explore.delta_setup(5, 0.9)
    p9, xs9, u9 = explore.delta_setup(9, 0.9)
    assert np.array_equal(xs9[:5], xs5) and xs5.shape == (5, 1, 4)
    assert np.array_equal(u5, u9) and np.linalg.norm(u5) == pytest.approx(1.0, rel=1e-15)
    assert all(np.array_equal(p5[k], p9[k]) for k in p5)
    assert np.array_equal(p5["V"], np.eye(32)) and not np.any(p5["b"]) and not np.any(p5["c"])
    assert np.linalg.norm(p5["W"], 2) == pytest.approx(0.9, rel=1e-12)


def test_delta_frame_draws_the_norms_and_reads_out_their_ratio():
    frame = text.delta_frame(7, 1.1, "sigmoid")
    d = explore.delta_norms(7, 1.1, "sigmoid")
    assert np.array_equal(frame["x"], np.arange(1, 8))
    assert np.array_equal(frame["series"][0], d["norm"])
    assert np.array_equal(frame["series"][1], d["bound"])
    ratio = re.fullmatch(r"\|\|delta_1\|\| / \|\|delta_T\|\| = (\S+)", frame["readout"])
    assert ratio and float(ratio[1]) == pytest.approx(d["norm"][0] / d["norm"][-1], rel=1e-3)
    assert float(ratio[1]) < 1          # sigmoid, ||W|| = 1.1: delta_1 is smaller than delta_T


@pytest.mark.parametrize("n", [32, 64, 128])
def test_the_rounded_gaussian_numbers_are_far_from_a_rounding_boundary(n):
    # The explorer's page stores W = m / round(||m||_2, 12 digits) and rho(W) / ||W||_2 rounded
    # to 12 digits. Another LAPACK may compute either a few units in the last place (about
    # 1e-16 relative) away; the rounding gives the same 12 digits as long as the exact value
    # lies well inside its rounding interval.
    m = np.random.default_rng(1).standard_normal((n, n))
    sigma = np.linalg.norm(m, 2)
    ratio = np.max(np.abs(np.linalg.eigvals(m))) / float(f"{sigma:.12g}")
    for x in (sigma, ratio):
        digits = 11 - int(np.floor(np.log10(x)))           # 12 significant digits
        frac = x * 10.0**digits % 1.0                      # position inside the interval
        assert 1e-3 < abs(frac - 0.5), (x, frac)           # 1e-3 of 1e-12: far above 1e-16


@pytest.mark.parametrize("kind", explore.KINDS)
def test_spectral_radius(kind):
    for n in (1, 2, 7, 32):
        W = explore.recurrent_matrix(kind, n, 1.3, seed=1)
        rho = np.max(np.abs(np.linalg.eigvals(W)))
        # the non-normal kind's eigenvalue is defective: computed eigenvalues carry an
        # error of order sqrt(eps)
        assert explore.spectral_radius(kind, n, 1.3, seed=1) == pytest.approx(rho, rel=1e-6)
    assert explore.delta_norms(5, 1.3, kind=kind)["rho"] == explore.spectral_radius(
        kind, 32, 1.3, seed=1)


def test_recurrent_matrices_do_not_depend_on_blas():
    # Computed without BLAS: a product by the fixed-order sums equals numpy's to rounding, and
    # the Q of the Householder loop equals LAPACK's (signs fixed so that diag(R) > 0).
    for n in (1, 5, 32):
        a = np.random.default_rng(7).standard_normal((n, n))
        q, r = np.linalg.qr(a)
        assert np.allclose(explore._orthogonal(n, 7), q * np.sign(np.diag(r)), atol=1e-13)
        b = np.random.default_rng(8).standard_normal((n, n))
        assert np.allclose(explore._products(a, b), a @ b, rtol=1e-13, atol=1e-13)


def test_a_chapter_shows_a_functions_mathematics_without_its_checks():
    from rnnlib import lstm, rnn

    shown = text.source(rnn.step_backward)
    assert shown.startswith("def step_backward(params, do, dh_next")
    assert '"""' not in shown and "_check_params" not in shown and "_validate" not in shown
    assert "# (the arguments are checked here; p is params)" in shown
    assert '"W": delta_net.T @ h_prev,          # delta_net[t] h_{t-1}^T' in shown
    assert shown.rstrip().endswith('return grads, {"h": delta_h, "net": delta_net}')
    shown = text.source(lstm.step_backward)
    assert "f, i, g, o = np.split(gates, 4, axis=1)" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80
