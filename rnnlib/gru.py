"""The gated recurrent unit (GRU) of Cho et al. (2014), forward and backward (chapter 4).

Chapter 4, section "GRU: a shorter gated alternative", derives these equations. Column
convention, as in :mod:`rnnlib.lstm`, with ``z_t = [h_{t-1}; x_t]`` (state first)::

    u_t = sigmoid(Wz [h_{t-1}; x_t] + bz)            update gate   (Cho et al.'s z)
    r_t = sigmoid(Wr [h_{t-1}; x_t] + br)            reset gate
    n_t = tanh(Wh [r_t * h_{t-1}; x_t] + bh)         candidate     (Cho et al.'s h~)
    h_t = u_t * h_{t-1} + (1 - u_t) * n_t            Cho et al. 2014, eq. (7)
    y_t = Wy h_t + by                                logits; yhat_t = softmax(y_t)

The reset gate acts *before* the matrix product (Cho et al.'s form). An update gate near 1
copies the state, which is the GRU's version of the LSTM's constant error carousel.

Backward, with dh_t the total derivative dL/dh_t::

    dh_t  = Wy^T dL/dy_t + (dL/dh_{t-1} sent back from step t+1)
    da_n  = dh_t * (1 - u_t) * (1 - n_t^2)
    da_u  = dh_t * (h_{t-1} - n_t) * u_t (1 - u_t)
    d(r*h) = (Wh^T da_n)[:H],   da_r = d(r*h) * h_{t-1} * r_t (1 - r_t)
    dL/dh_{t-1} (local) = dh_t * u_t + d(r*h) * r_t + (Wz^T da_u)[:H] + (Wr^T da_r)[:H]
"""

import numpy as np

from . import _validate, losses
from ._ops import contiguous, timewise
from .activations import sigmoid

GATES = ("z", "r", "h")   # update gate, reset gate, candidate: weights Wz, Wr, Wh


def init_params(input_size, hidden_size, output_size, seed=0):
    """Random weights scaled by 1/sqrt(H + D) (fan-in of z_t), zero biases (chapter 4).

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        D, H and K.
    seed : int

    Returns
    -------
    dict
        ``"Wz", "Wr", "Wh"``: (H, H + D); ``"bz", "br", "bh"``: (H,); ``"Wy"``: (K, H);
        ``"by"``: (K,).
    """
    D = _validate.positive_int("input_size", input_size)
    H = _validate.positive_int("hidden_size", hidden_size)
    K = _validate.positive_int("output_size", output_size)
    rng = np.random.default_rng(seed)
    p = {"W" + g: rng.standard_normal((H, H + D)) / np.sqrt(H + D) for g in GATES}
    p.update({"b" + g: np.zeros(H) for g in GATES})
    p["Wy"] = rng.standard_normal((K, H)) / np.sqrt(H)
    p["by"] = np.zeros(K)
    return p


def forward(params, xs, h0=None):
    """Run the GRU over a batch of sequences (chapter 4).

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    xs : ndarray, shape (T, B, D)
    h0 : ndarray, shape (B, H), optional
        Initial state; None means zeros.

    Returns
    -------
    hs : ndarray, shape (T, B, H)
        ``hs[t-1] = h_t``.
    ys : ndarray, shape (T, B, K)
        Logits ``ys[t-1] = y_t``.
    cache : dict
        The checked params, ``xs``, ``h0``, ``hs`` and ``gates`` (T, B, 3H): u_t, r_t, n_t.
    """
    p = _validate.gated_params("params", params, GATES, "GRU")
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    H = p["Wz"].shape[0]
    _validate.size("xs", xs, 2, p["Wz"].shape[1] - H, "D (columns of Wz minus H)")
    h0 = _validate.state("h0", h0, B, H)
    W = np.concatenate([p["W" + g] for g in GATES])              # (3H, H + D)
    b = np.concatenate([p["b" + g] for g in GATES])
    a_in = timewise(xs, W[:, H:].T) + b                            # input parts, every t
    WurT = contiguous(W[:2 * H, :H].T)                             # (H, 2H)
    WhhT = contiguous(p["Wh"][:, :H].T)                            # (H, H)
    gates = np.empty((T, B, 3 * H))
    hs = np.empty((T, B, H))
    h = h0
    for t in range(T):
        ur = sigmoid(a_in[t, :, :2 * H] + h @ WurT)                 # u_t, r_t
        u, r = ur[:, :H], ur[:, H:]
        n = np.tanh(a_in[t, :, 2 * H:] + (r * h) @ WhhT)           # n_t
        h = u * h + (1.0 - u) * n                                  # h_t
        gates[t, :, :2 * H], gates[t, :, 2 * H:] = ur, n
        hs[t] = h
    ys = timewise(hs, p["Wy"].T) + p["by"]
    return hs, ys, {"params": p, "xs": xs, "h0": h0, "hs": hs, "gates": gates}


def backward(dys, cache):
    """Backpropagation through time for the GRU (chapter 4).

    Parameters
    ----------
    dys : ndarray, shape (T, B, K)
        ``dys[t-1] = dL/dy_t`` for any scalar loss L.
    cache : dict
        From :func:`forward`.

    Returns
    -------
    grads : dict
        dL/d of each parameter (same keys and shapes), plus ``"h0"`` (B, H) and ``"xs"``
        (T, B, D).
    deltas : dict
        ``"h"``: (T, B, H), the total derivatives dL/dh_t; ``"gates"``: (T, B, 3H),
        dL/d(pre-activation) of u, r and n.
    """
    _validate.cache(cache, ("params", "xs", "h0", "hs", "gates"), "gru.forward")
    p, xs, hs, gates = (cache[k] for k in ("params", "xs", "hs", "gates"))
    T, B, H = hs.shape
    K = p["Wy"].shape[0]
    dys = _validate.upstream("dys", dys, (T, B, K))
    Wur_h = contiguous(np.concatenate([p["Wz"][:, :H], p["Wr"][:, :H]]))   # (2H, H)
    Whh = contiguous(p["Wh"][:, :H])
    h_prev = np.concatenate([cache["h0"][None], hs[:-1]])
    dh_all = timewise(dys, p["Wy"])                              # Wy^T dL/dy_t
    da = np.empty((T, B, 3 * H))
    dh_next = np.zeros((B, H))
    for t in reversed(range(T)):
        u, r, n = (gates[t, :, k * H:(k + 1) * H] for k in range(3))
        hp = h_prev[t]
        dh = dh_all[t]
        dh += dh_next                                            # total dL/dh_t
        da_n = dh * (1.0 - u) * (1.0 - n * n)                    # through tanh
        drh = da_n @ Whh                                         # dL/d(r * h_{t-1})
        da[t, :, :H] = dh * (hp - n) * u * (1.0 - u)             # update gate
        da[t, :, H:2 * H] = drh * hp * r * (1.0 - r)             # reset gate
        da[t, :, 2 * H:] = da_n
        dh_next = dh * u + drh * r + da[t, :, :2 * H] @ Wur_h    # back to h_{t-1}
    X = xs.reshape(T * B, -1)
    HP = h_prev.reshape(T * B, H)
    RH = (gates[:, :, H:2 * H] * h_prev).reshape(T * B, H)
    dA = da.reshape(T * B, 3 * H)
    grads = {}
    for k, g in enumerate(GATES):
        dk = dA[:, k * H:(k + 1) * H]
        grads["W" + g] = np.concatenate([dk.T @ (RH if g == "h" else HP), dk.T @ X], axis=1)
        grads["b" + g] = dk.sum(axis=0)
    grads["Wy"] = dys.reshape(T * B, K).T @ hs.reshape(T * B, H)
    grads["by"] = dys.sum(axis=(0, 1))
    grads["h0"] = dh_next
    W_x = contiguous(np.concatenate([p["W" + g][:, H:] for g in GATES]))   # (3H, D)
    grads["xs"] = timewise(da, W_x)
    return grads, {"h": dh_all, "gates": da}


def loss_and_grads(params, xs, ys, h0=None):
    """Softmax cross-entropy summed over time (as :func:`rnnlib.rnn.loss_and_grads`).

    Parameters
    ----------
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray of int, shape (T, B)
        Class ids in [-1, K); -1 means no loss at that step.
    h0 : ndarray, shape (B, H), optional

    Returns
    -------
    loss : float
    grads, deltas : dict
        As returned by :func:`backward`.
    """
    _, logits, cache = forward(params, xs, h0)
    loss, dys = losses.softmax_cross_entropy(logits, ys)
    grads, deltas = backward(dys, cache)
    return loss, grads, deltas
