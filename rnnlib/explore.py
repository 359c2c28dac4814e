"""Pure computations behind the book's explorers (:doc:`03_vanishing` builds on them).

Nothing here draws: each function returns numbers, and :mod:`rnnlib.views.dualview` shows them.
"""

import functools

import numpy as np

from . import _validate
from . import activations as act
from .fast import rnn


def scaled_orthogonal(n, norm, seed=0):
    """A random orthogonal matrix times ``norm``: every singular value equals ``norm``.

    Parameters
    ----------
    n : int
    norm : float
        The spectral norm ||W||_2 of the result.
    seed : int

    Returns
    -------
    ndarray, shape (n, n)
    """
    n = _validate.positive_int("n", n)
    norm = _validate.nonnegative("norm", norm)
    return norm * _base("orthogonal", n, seed)[0]


def _products(a, b):
    """a @ b by elementwise products and sums over one axis, in a fixed order.

    Not BLAS: a BLAS kernel's order of summation depends on the CPU and the thread count, and
    with it the last bits of the result. Elementwise IEEE operations and numpy's sums along an
    axis give the same bits on every machine, so the matrices of the explorer, stored in the
    book's pages, do too. Cost n^3 multiply-adds, fine for the explorer's n <= 128.
    """
    return np.sum(a[:, :, None] * b[None, :, :], axis=1)


def _orthogonal(n, seed):
    """The Q of a seeded Gaussian matrix A = QR with diag(R) > 0: a Haar-random orthogonal
    matrix (Mezzadri 2007), by Householder reflections whose sums run along an axis in a fixed
    order (no BLAS, like :func:`_products`)."""
    a = np.random.default_rng(seed).standard_normal((n, n))
    vs, signs = [], np.empty(n)
    for k in range(n):
        # H_k = I - 2 v v^T / (v^T v) maps a[k:, k] to (r_kk, 0, ..., 0), r_kk = -sign(a_kk) |x|
        x = a[k:, k]
        r_kk = -np.copysign(np.sqrt(np.sum(x * x)), x[0])
        v = x.copy()
        v[0] -= r_kk
        scale = 2.0 / np.sum(v * v) if v.any() else 0.0
        a[k:, k:] -= (scale * v)[:, None] * np.sum(v[:, None] * a[k:, k:], axis=0)[None, :]
        vs.append((v, scale))
        signs[k] = 1.0 if r_kk >= 0 else -1.0
    # Q = H_1 H_2 ... H_n, applied to I from the right end
    q = np.eye(n)
    for k in range(n - 1, -1, -1):
        v, scale = vs[k]
        q[k:, :] -= (scale * v)[:, None] * np.sum(v[:, None] * q[k:, :], axis=0)[None, :]
    return q * signs          # columns times sign(r_kk): diag(R) > 0, so Q is unique


@functools.lru_cache(maxsize=32)
def _base(kind, n, seed):
    """The matrix m that :func:`recurrent_matrix` scales, read-only, and its spectral norm.

    The same bits on every machine (no BLAS or LAPACK result enters m; the Gaussian kind's norm,
    from an SVD, is rounded to 12 digits), because the explorer's page stores m.
    Cached: an explorer asks for the same one at every move.
    """
    if kind == "orthogonal":
        m, m_norm = _orthogonal(n, seed), 1.0
    elif kind == "gaussian":
        m = np.random.default_rng(seed).standard_normal((n, n))
        m_norm = float(f"{np.linalg.norm(m, 2):.12g}")
    else:
        j = 0.6 * np.eye(n)
        j[np.arange(0, n - 1, 2), np.arange(1, n, 2)] = 0.64  # the 2 x 2 blocks' corners
        q = _base("orthogonal", n, seed)[0]
        # ||J||_2 = 1 exactly: each block's J^T J has the eigenvalues 1 and 0.1296 (n = 1: 0.6)
        m, m_norm = _products(_products(q, j), q.T), 1.0 if n > 1 else 0.6
    m.flags.writeable = False
    return m, m_norm


KINDS = ("orthogonal", "gaussian", "nonnormal")


@functools.lru_cache(maxsize=32)
def _unit_radius(kind, n, seed):
    """rho(m) / ||m||_2 for the matrix of :func:`_base`: exact for the orthogonal (1) and the
    non-normal kind (0.6, the blocks' eigenvalue); for the Gaussian kind from LAPACK's
    eigenvalues, rounded to 12 digits (the same on every machine, like its norm)."""
    if kind == "orthogonal" or n == 1:
        return 1.0
    if kind == "nonnormal":
        return 0.6
    m, m_norm = _base(kind, n, seed)
    return float(f"{np.max(np.abs(np.linalg.eigvals(m))) / m_norm:.12g}")


def spectral_radius(kind, n, norm, seed=0):
    """rho(W), the largest modulus of an eigenvalue, of :func:`recurrent_matrix`'s W.

    Parameters
    ----------
    kind : {"orthogonal", "gaussian", "nonnormal"}
    n : int
    norm : float
        ||W||_2.
    seed : int

    Returns
    -------
    float
        ``norm`` for the orthogonal kind, ``0.6 norm`` for the non-normal kind (n > 1), and
        below ``norm`` for the Gaussian kind (about half of it for large n).
    """
    _validate.choice("kind", kind, KINDS)
    n = _validate.positive_int("n", n)
    return _validate.nonnegative("norm", norm) * _unit_radius(kind, n, seed)


def recurrent_matrix(kind, n, norm, seed=0):
    """A recurrent matrix W of spectral norm ``norm`` (exactly) and of a given kind.

    ``"orthogonal"``: ``norm`` times a random orthogonal matrix; every singular value and every
    eigenvalue has modulus ``norm`` (a normal matrix).
    ``"gaussian"``: a matrix of i.i.d. N(0, 1) entries, rescaled; its spectral radius is below
    its norm (about half of it for large n).
    ``"nonnormal"``: ``norm`` times Q J Q^T, with Q random orthogonal and J block-diagonal with
    2 x 2 blocks [[0.6, 0.64], [0, 0.6]] (and a last 1 x 1 block [0.6] when n is odd). Each block
    has spectral norm exactly 1 and the double eigenvalue 0.6, so the spectral radius is
    0.6 ``norm`` (below 1 on the whole slider range) while ||W^k|| can grow before it decays:
    at ``norm`` = 1.5, ||W^k|| peaks near 4 around k = 10. Small blocks keep the powers
    well-conditioned (float64 loses no more than a few digits over 200 steps).

    Parameters
    ----------
    kind : {"orthogonal", "gaussian", "nonnormal"}
    n : int
    norm : float
    seed : int

    Returns
    -------
    ndarray, shape (n, n)
    """
    _validate.choice("kind", kind, KINDS)
    n = _validate.positive_int("n", n)
    norm = _validate.nonnegative("norm", norm)
    m, m_norm = _base(kind, n, seed)
    return norm * m / m_norm


def delta_setup(T, w_norm, kind="orthogonal", hidden_size=32, input_size=4, seed=0):
    """The network, inputs and final error of :func:`delta_norms` (one source for both views).

    Parameters
    ----------
    T : int
    w_norm : float
    kind : {"orthogonal", "gaussian", "nonnormal"}
    hidden_size, input_size : int
        H and D.
    seed : int

    Returns
    -------
    params : dict
        rnnlib.rnn parameters with U (H, D) ~ N(0, 1/D), W = recurrent_matrix(kind, H, w_norm),
        b = 0, V = I (H, H), c = 0.
    xs : ndarray, shape (T, 1, D)
        x_t ~ N(0, 1); a prefix of one fixed sequence, whatever T.
    u : ndarray, shape (H,)
        The unit vector dL/dh_T.
    """
    T = _validate.positive_int("T", T)
    H = _validate.positive_int("hidden_size", hidden_size)
    D = _validate.positive_int("input_size", input_size)
    w_norm = _validate.nonnegative("w_norm", w_norm)
    rng = np.random.default_rng(seed)
    params = {"U": rng.standard_normal((H, D)) / np.sqrt(D),
              "W": recurrent_matrix(kind, H, w_norm, seed + 1),
              "b": np.zeros(H), "V": np.eye(H), "c": np.zeros(H)}
    xs = np.random.default_rng(seed + 2).standard_normal((T, 1, D))
    u = np.random.default_rng(seed + 3).standard_normal(H)
    return params, xs, u / np.sqrt(np.sum(u * u))     # not BLAS: the same bits everywhere


def delta_norms(T, w_norm, activation="tanh", hidden_size=32, input_size=4, seed=0,
                kind="orthogonal"):
    """||delta_t|| = ||dL/dh_t|| for t = 1..T when the loss sits at the last step only.

    The network is :mod:`rnnlib.rnn` with W from :func:`recurrent_matrix` (||W||_2 =
    ``w_norm``), inputs x_t ~ N(0, 1), h_0 = 0, and dL/dh_T a fixed unit vector; BPTT then
    gives delta_t = W^T diag(f'(net_{t+1})) delta_{t+1}. The inputs are a prefix of one fixed
    sequence, so the forward trajectory up to step t does not depend on T.

    Parameters
    ----------
    T : int
        Sequence length.
    w_norm : float
        Spectral norm of W.
    activation : {"tanh", "sigmoid", "relu", "linear"}
    hidden_size, input_size : int
        H and D.
    seed : int
    kind : {"orthogonal", "gaussian", "nonnormal"}
        The kind of W (see :func:`recurrent_matrix`).

    Returns
    -------
    dict
        ``"t"``: (T,) the steps 1..T; ``"norm"``: (T,) ||delta_t||; ``"bound"``: (T,)
        (gamma ||W||_2)^(T-t) ||delta_T||, with gamma = ``sup |f'|``; ``"delta"``: (T, H) the
        vectors delta_t themselves (row t-1 is delta_t); ``"rho"``: the spectral radius of W
        (:func:`spectral_radius`).
    """
    T = _validate.positive_int("T", T)
    w_norm = _validate.nonnegative("w_norm", w_norm)
    _validate.choice("activation", activation, act.NAMES)
    params, xs, u = delta_setup(T, w_norm, kind, hidden_size, input_size, seed)
    H = params["W"].shape[0]
    _, _, cache = rnn.forward(params, xs, activation=activation)
    dos = np.zeros((T, 1, H))
    dos[-1, 0] = u                               # dL/dh_T: a unit vector (V = I)
    _, deltas = rnn.backward(dos, cache)
    norms = np.linalg.norm(deltas["h"][:, 0], axis=1)
    steps = np.arange(1, T + 1)
    bound = (act.GAMMA[activation] * w_norm) ** (T - steps) * norms[-1]
    return {"t": steps, "norm": norms, "bound": bound, "delta": deltas["h"][:, 0],
            "rho": spectral_radius(kind, H, w_norm, seed + 1)}
