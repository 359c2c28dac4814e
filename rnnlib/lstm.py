"""The LSTM cell of document 003 with its full backward pass (chapter 4).

Column convention, ``z_t = [h_{t-1}; x_t]`` (the state first, as in document 003)::

    f_t = sigmoid(Wf z_t + bf)      forget gate
    i_t = sigmoid(Wi z_t + bi)      input gate
    g_t = tanh(Wc z_t + bc)         candidate cell
    o_t = sigmoid(Wo z_t + bo)      output gate
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)
    y_t = Wy h_t + by               logits; yhat_t = softmax(y_t)

Backward, with dh_t and dc_t the total derivatives dL/dh_t and dL/dc_t::

    dh_t = Wy^T dL/dy_t + (dL/dz_{t+1})[:H]
    dc_t = dh_t * o_t * (1 - tanh(c_t)^2) + dc_{t+1} * f_{t+1}
    da_f = dc_t * c_{t-1} * f(1-f),  da_i = dc_t * g_t * i(1-i),
    da_g = dc_t * i_t * (1-g^2),     da_o = dh_t * tanh(c_t) * o(1-o)
    dL/dz_t = Wf^T da_f + Wi^T da_i + Wc^T da_g + Wo^T da_o
"""

import numpy as np

from . import _validate, losses
from ._ops import contiguous, timewise
from .activations import sigmoid

GATES = ("f", "i", "c", "o")   # row blocks of the stacked gate weights, in this order


def init_params(input_size, hidden_size, output_size, seed=0, forget_bias=1.0):
    """Random weights scaled by 1/sqrt(H + D) (fan-in of z_t), zero biases but the forget gate's.

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        D, H and K.
    seed : int
    forget_bias : float
        Initial value of every entry of bf (Gers et al. 2000 recommend a positive value).

    Returns
    -------
    dict
        ``"Wf", "Wi", "Wc", "Wo"``: (H, H + D); ``"bf", "bi", "bc", "bo"``: (H,);
        ``"Wy"``: (K, H); ``"by"``: (K,).
    """
    D = _validate.positive_int("input_size", input_size)
    H = _validate.positive_int("hidden_size", hidden_size)
    K = _validate.positive_int("output_size", output_size)
    fb = float(_validate.array("forget_bias", forget_bias, 0))
    rng = np.random.default_rng(seed)
    p = {}
    for g in GATES:
        p["W" + g] = rng.standard_normal((H, H + D)) / np.sqrt(H + D)
    for g in GATES:
        p["b" + g] = np.full(H, fb) if g == "f" else np.zeros(H)
    p["Wy"] = rng.standard_normal((K, H)) / np.sqrt(H)
    p["by"] = np.zeros(K)
    return p


def forward(params, xs, h0=None, c0=None):
    """Run the LSTM over a batch of sequences.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    xs : ndarray, shape (T, B, D)
    h0, c0 : ndarray, shape (B, H), optional
        Initial hidden and cell states; None means zeros.

    Returns
    -------
    hs : ndarray, shape (T, B, H)
        ``hs[t-1] = h_t``.
    ys : ndarray, shape (T, B, K)
        Logits ``ys[t-1] = y_t``.
    cache : dict
        The checked params, ``xs``, ``h0``, ``c0``, ``hs``, ``cs`` (T, B, H) and the gate
        activations ``gates`` (T, B, 4H) in the order f, i, g, o.
    """
    p = _validate.gated_params("params", params, GATES, "LSTM")
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    H = p["Wf"].shape[0]
    _validate.size("xs", xs, 2, p["Wf"].shape[1] - H, "D (columns of Wf minus H)")
    h0 = _validate.state("h0", h0, B, H)
    c0 = _validate.state("c0", c0, B, H)
    W = np.concatenate([p["W" + g] for g in GATES])           # (4H, H + D), blocks f i c o
    b = np.concatenate([p["b" + g] for g in GATES])
    a_in = timewise(xs, W[:, H:].T) + b                         # input part of every gate
    WhT = contiguous(W[:, :H].T)                                # (H, 4H)
    gates = np.empty((T, B, 4 * H))
    hs, cs = np.empty((T, B, H)), np.empty((T, B, H))
    h, c = h0, c0
    for t in range(T):
        a = a_in[t] + h @ WhT                                   # W [h_{t-1}; x_t] + b
        gt = gates[t]
        gt[:, :2 * H] = sigmoid(a[:, :2 * H])                   # f_t, i_t
        gt[:, 2 * H:3 * H] = np.tanh(a[:, 2 * H:3 * H])         # g_t
        gt[:, 3 * H:] = sigmoid(a[:, 3 * H:])                   # o_t
        c = gt[:, :H] * c + gt[:, H:2 * H] * gt[:, 2 * H:3 * H]  # c_t = f*c_{t-1} + i*g
        h = gt[:, 3 * H:] * np.tanh(c)                           # h_t = o * tanh(c_t)
        cs[t], hs[t] = c, h
    ys = timewise(hs, p["Wy"].T) + p["by"]                       # y_t = Wy h_t + by
    return hs, ys, {"params": p, "xs": xs, "h0": h0, "c0": c0, "hs": hs, "cs": cs,
                    "gates": gates}


def backward(dys, cache):
    """Backpropagation through time for the LSTM.

    Parameters
    ----------
    dys : ndarray, shape (T, B, K)
        ``dys[t-1] = dL/dy_t`` for any scalar loss L.
    cache : dict
        From :func:`forward`.

    Returns
    -------
    grads : dict
        dL/d of each parameter (same keys and shapes), plus ``"h0"``, ``"c0"`` (B, H) and
        ``"xs"`` (T, B, D).
    deltas : dict
        ``"h"``, ``"c"``: (T, B, H), the total derivatives dL/dh_t and dL/dc_t;
        ``"gates"``: (T, B, 4H), dL/d(pre-activation) of the gates f, i, g, o.
    """
    _validate.cache(cache, ("params", "xs", "h0", "c0", "hs", "cs", "gates"), "lstm.forward")
    p, xs, hs, cs, gates = (cache[k] for k in ("params", "xs", "hs", "cs", "gates"))
    T, B, H = hs.shape
    K = p["Wy"].shape[0]
    dys = _validate.upstream("dys", dys, (T, B, K))
    W = np.concatenate([p["W" + g] for g in GATES])
    Wh = contiguous(W[:, :H])                                   # (4H, H)
    c_prev = np.concatenate([cache["c0"][None], cs[:-1]])
    tanh_c = np.tanh(cs)
    dh_all = timewise(dys, p["Wy"])                             # Wy^T dL/dy_t, every t
    dc_all = np.empty((T, B, H))
    da = np.empty((T, B, 4 * H))
    dh_next, dc_next = np.zeros((B, H)), np.zeros((B, H))
    for t in reversed(range(T)):
        f, i, g, o = (gates[t, :, k * H:(k + 1) * H] for k in range(4))
        dh = dh_all[t]
        dh += dh_next                                           # total dL/dh_t
        dc = dc_next + dh * o * (1.0 - tanh_c[t] ** 2)          # total dL/dc_t
        dc_all[t] = dc
        da[t, :, :H] = dc * c_prev[t] * f * (1.0 - f)           # forget gate
        da[t, :, H:2 * H] = dc * g * i * (1.0 - i)              # input gate
        da[t, :, 2 * H:3 * H] = dc * i * (1.0 - g * g)          # candidate
        da[t, :, 3 * H:] = dh * tanh_c[t] * o * (1.0 - o)       # output gate
        dc_next = dc * f                                        # dc_t/dc_{t-1} = diag(f_t)
        dh_next = da[t] @ Wh                                    # back to h_{t-1}
    h_prev = np.concatenate([cache["h0"][None], hs[:-1]])
    z = np.concatenate([h_prev, xs], axis=2).reshape(T * B, -1)  # z_t = [h_{t-1}; x_t]
    dA = da.reshape(T * B, 4 * H)
    dW = dA.T @ z                                               # sum_t da_t z_t^T
    db = dA.sum(axis=0)
    grads = {}
    for k, g in enumerate(GATES):
        grads["W" + g] = dW[k * H:(k + 1) * H]
        grads["b" + g] = db[k * H:(k + 1) * H]
    grads["Wy"] = dys.reshape(T * B, K).T @ hs.reshape(T * B, H)
    grads["by"] = dys.sum(axis=(0, 1))
    grads["h0"] = dh_next
    grads["c0"] = dc_next
    grads["xs"] = timewise(da, contiguous(W[:, H:]))
    return grads, {"h": dh_all, "c": dc_all, "gates": da}


def loss_and_grads(params, xs, ys, h0=None, c0=None):
    """Softmax cross-entropy summed over time (as :func:`rnnlib.rnn.loss_and_grads`).

    Parameters
    ----------
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray of int, shape (T, B)
        Class ids in [-1, K); -1 means no loss at that step.
    h0, c0 : ndarray, shape (B, H), optional

    Returns
    -------
    loss : float
    grads, deltas : dict
        As returned by :func:`backward`.
    """
    _, logits, cache = forward(params, xs, h0, c0)
    loss, dys = losses.softmax_cross_entropy(logits, ys)
    grads, deltas = backward(dys, cache)
    return loss, grads, deltas
