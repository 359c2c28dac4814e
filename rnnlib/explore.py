"""Pure computations behind the book's explorers (chapter 3 builds on them).

Nothing here draws: each function returns numbers, and :mod:`rnnlib.dualview` shows them.
"""

import numpy as np

from . import _validate, rnn
from . import activations as act


def _nonnegative(name, x):
    """A finite real number >= 0 (a spectral norm)."""
    x = float(_validate.array(name, x, 0))
    if x < 0:
        raise ValueError(f"{name}: expected a spectral norm >= 0, received {x!r}")
    return x


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
    norm = _nonnegative("norm", norm)
    q, r = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return norm * q * np.sign(np.diag(r))      # sign fix: Haar-distributed q


def delta_norms(T, w_norm, activation="tanh", hidden_size=32, input_size=4, seed=0):
    """||delta_t|| = ||dL/dh_t|| for t = 1..T when the loss sits at the last step only.

    The network is :mod:`rnnlib.rnn` with W a scaled orthogonal matrix (||W||_2 = ``w_norm``),
    inputs x_t ~ N(0, 1), h_0 = 0, and dL/dh_T a fixed unit vector; BPTT then gives
    delta_t = W^T diag(f'(net_{t+1})) delta_{t+1}.

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

    Returns
    -------
    dict
        ``"t"``: (T,) the steps 1..T; ``"norm"``: (T,) ||delta_t||; ``"bound"``: (T,)
        (gamma ||W||_2)^(T-t) ||delta_T||, with gamma = sup |f'|.
    """
    T = _validate.positive_int("T", T)
    H = _validate.positive_int("hidden_size", hidden_size)
    D = _validate.positive_int("input_size", input_size)
    w_norm = _nonnegative("w_norm", w_norm)
    _validate.choice("activation", activation, act.NAMES)
    rng = np.random.default_rng(seed)
    params = {"U": rng.standard_normal((H, D)) / np.sqrt(D),
              "W": scaled_orthogonal(H, w_norm, seed + 1),
              "b": np.zeros(H), "V": np.eye(H), "c": np.zeros(H)}
    xs = np.random.default_rng(seed + 2).standard_normal((T, 1, D))
    u = np.random.default_rng(seed + 3).standard_normal(H)
    _, _, cache = rnn.forward(params, xs, activation=activation)
    dos = np.zeros((T, 1, H))
    dos[-1, 0] = u / np.linalg.norm(u)          # dL/dh_T: a unit vector (V = I)
    _, deltas = rnn.backward(dos, cache)
    norms = np.linalg.norm(deltas["h"][:, 0], axis=1)
    steps = np.arange(1, T + 1)
    bound = (act.GAMMA[activation] * w_norm) ** (T - steps) * norms[-1]
    return {"t": steps, "norm": norms, "bound": bound}


def delta_frame(T, w_norm, activation="tanh"):
    """One picture of the delta_t explorer: the measured norms and their bound, with a readout.

    Parameters
    ----------
    T : int
    w_norm : float
    activation : str

    Returns
    -------
    dict
        ``"x"``: (T,) steps; ``"series"``: [norms (T,), bound (T,)]; ``"readout"``: str.
    """
    d = delta_norms(T, w_norm, activation)
    ratio = d["norm"][0] / d["norm"][-1]
    return {"x": d["t"], "series": [d["norm"], d["bound"]],
            "readout": f"||delta_1|| / ||delta_T|| = {ratio:.3e}"}
