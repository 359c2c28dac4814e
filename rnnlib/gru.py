"""The gated recurrent unit (GRU) of Cho et al. (2014), forward and backward (chapter 4).

One time step at a time, as the equations read: :func:`step_forward` and :func:`step_backward`
compute one step; :func:`forward`, :func:`backward` and :func:`loss_and_grads` loop over them.
Chapter 4 derives the equations, :eq:`gru-gates` to :eq:`gru-dh`. Column convention, as in
:mod:`rnnlib.lstm`, with ``x~_t = [h_{t-1}; x_t]`` (the state first; the book's tilde x_t), a
batch stacked as rows::

    u_t = sigmoid(Wz x~_t + bz)                      update gate   (Cho et al.'s z)
    r_t = sigmoid(Wr x~_t + br)                      reset gate
    n_t = tanh(Wh [r_t * h_{t-1}; x_t] + bh)         candidate     (Cho et al.'s h~)
    h_t = u_t * h_{t-1} + (1 - u_t) * n_t            Cho et al. 2014, eq. (7)
    y_t = Wy h_t + by                                logits; yhat_t = softmax(y_t)

The weights keep Cho et al.'s letters (Wz, bz for the update gate u_t; Wh, bh for the
candidate n_t), as the book does. The reset gate acts *before* the matrix product (Cho et al.'s
form). An update gate near 1 copies the state, which is the GRU's version of the LSTM's
constant error carousel.

Backward, with dh_t the total derivative dL/dh_t::

    dh_t  = Wy^T dL/dy_t + (dL/dh_{t-1} sent back from step t+1)
    da_n  = dh_t * (1 - u_t) * (1 - n_t^2)
    da_u  = dh_t * (h_{t-1} - n_t) * u_t (1 - u_t)
    d(r*h) = (Wh^T da_n)[:H],   da_r = d(r*h) * h_{t-1} * r_t (1 - r_t)
    dL/dh_{t-1} (local) = dh_t * u_t + d(r*h) * r_t + (Wz^T da_u)[:H] + (Wr^T da_r)[:H]
"""

import numpy as np

from . import _validate, losses
from .activations import sigmoid

GATES = ("z", "r", "h")   # update gate u, reset gate r, candidate n: weights Wz, Wr, Wh


def init_params(input_size, hidden_size, output_size, seed=0):
    """Random weights scaled by 1/sqrt(H + D) (fan-in of [h_{t-1}; x_t]), zero biases.

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


def _check_params(params):
    if isinstance(params, _validate.Checked):              # checked already
        return params
    return _validate.Checked(_validate.gated_params("params", params, GATES, "GRU"))


def step_forward(params, x, h_prev):
    """One time step of the GRU, :eq:`gru-gates` and :eq:`gru-h`.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    x : ndarray, shape (B, D)
        The inputs x_t of the B sequences, one per row.
    h_prev : ndarray, shape (B, H)
        The state h_{t-1}.

    Returns
    -------
    h : ndarray, shape (B, H)
        The state h_t.
    y : ndarray, shape (B, K)
        The logits y_t = Wy h_t + by.
    gates : ndarray, shape (B, 3H)
        u_t, r_t and n_t side by side (H columns each).
    """
    p = _check_params(params)
    H = p["Wz"].shape[0]
    x = _validate.rows("x", x, None, p["Wz"].shape[1] - H, "D")
    h_prev = _validate.rows("h_prev", h_prev, x.shape[0], H, "H")
    xt = np.concatenate([h_prev, x], axis=1)                       # [h_{t-1}; x_t]
    u = sigmoid(xt @ p["Wz"].T + p["bz"])                          # update gate
    r = sigmoid(xt @ p["Wr"].T + p["br"])                          # reset gate
    n = np.tanh(np.concatenate([r * h_prev, x], axis=1) @ p["Wh"].T + p["bh"])   # candidate
    h = u * h_prev + (1 - u) * n                                   # h_t
    y = h @ p["Wy"].T + p["by"]                                    # y_t = Wy h_t + by
    return h, y, np.concatenate([u, r, n], axis=1)


def step_backward(params, dy, dh_next, x, h_prev, gates):
    """One time step of the backward pass, :eq:`gru-dgates` and :eq:`gru-dh`.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    dy : ndarray, shape (B, K)
        dL/dy_t, the error at this step's logits.
    dh_next : ndarray, shape (B, H)
        What step t+1 sends back to h_t (zeros at the last step).
    x, h_prev : ndarray, shapes (B, D), (B, H)
        This step's x_t and h_{t-1}.
    gates : ndarray, shape (B, 3H)
        This step's u_t, r_t, n_t, as returned by :func:`step_forward`.

    Returns
    -------
    grads : dict
        This step's term of each weight gradient (keys and shapes of params); ``"h_prev"``:
        (B, H), sent back to h_{t-1}; ``"x"``: (B, D), sent to the layer below.
    deltas : dict
        ``"h"``: (B, H), the total dL/dh_t; ``"gates"``: (B, 3H), dL/d(pre-activation) of
        u, r and n.
    """
    p = _check_params(params)
    (H, Z), K = p["Wz"].shape, p["Wy"].shape[0]
    x = _validate.rows("x", x, None, Z - H, "D")
    B = x.shape[0]
    dy = _validate.rows("dy", dy, B, K, "K")
    dh_next = _validate.rows("dh_next", dh_next, B, H, "H")
    h_prev = _validate.rows("h_prev", h_prev, B, H, "H")
    u, r, n = np.split(_validate.rows("gates", gates, B, 3 * H, "3H"), 3, axis=1)
    dh = dy @ p["Wy"] + dh_next                                    # total dL/dh_t
    da_n = dh * (1 - u) * (1 - n ** 2)                             # through tanh
    da_u = dh * (h_prev - n) * u * (1 - u)                         # update gate
    drh = da_n @ p["Wh"][:, :H]                                    # dL/d(r_t * h_{t-1})
    da_r = drh * h_prev * r * (1 - r)                              # reset gate
    xt = np.concatenate([h_prev, x], axis=1)                       # [h_{t-1}; x_t]
    grads = {"Wz": da_u.T @ xt, "Wr": da_r.T @ xt,
             "Wh": da_n.T @ np.concatenate([r * h_prev, x], axis=1),
             "bz": da_u.sum(axis=0), "br": da_r.sum(axis=0), "bh": da_n.sum(axis=0),
             "Wy": dy.T @ (u * h_prev + (1 - u) * n),              # dL/dy_t h_t^T
             "by": dy.sum(axis=0)}
    grads["h_prev"] = (dh * u + drh * r + da_u @ p["Wz"][:, :H]    # back to h_{t-1}
                       + da_r @ p["Wr"][:, :H])
    grads["x"] = da_u @ p["Wz"][:, H:] + da_r @ p["Wr"][:, H:] + da_n @ p["Wh"][:, H:]
    return grads, {"h": dh, "gates": np.concatenate([da_u, da_r, da_n], axis=1)}


def forward(params, xs, h0=None):
    """Run the GRU over a batch of sequences, one :func:`step_forward` per step.

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
    p = _check_params(params)
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    H = p["Wz"].shape[0]
    _validate.size("xs", xs, 2, p["Wz"].shape[1] - H, "D (columns of Wz minus H)")
    h0 = _validate.state("h0", h0, B, H)
    hs, ys, gates = [], [], []
    h = h0
    for t in range(T):                                             # code index t: step t + 1
        h, y, gate = step_forward(p, xs[t], h)
        hs.append(h)
        ys.append(y)
        gates.append(gate)
    hs, ys, gates = np.stack(hs), np.stack(ys), np.stack(gates)
    return hs, ys, {"params": p, "xs": xs, "h0": h0, "hs": hs, "gates": gates}


def backward(dys, cache):
    """Backpropagation through time for the GRU, one :func:`step_backward` per step.

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
    p, xs, h0, hs, gates = (cache[k] for k in ("params", "xs", "h0", "hs", "gates"))
    T, B, H = hs.shape
    dys = _validate.upstream("dys", dys, (T, B, p["Wy"].shape[0]))
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    delta_h, delta_gates, dxs = np.empty((T, B, H)), np.empty((T, B, 3 * H)), np.empty(xs.shape)
    dh_next = np.zeros((B, H))                                     # nothing from step T + 1
    for t in reversed(range(T)):
        h_prev = h0 if t == 0 else hs[t - 1]
        g, d = step_backward(p, dys[t], dh_next, xs[t], h_prev, gates[t])
        for k in p:
            grads[k] += g[k]                                       # sums over time
        dh_next, dxs[t] = g["h_prev"], g["x"]
        delta_h[t], delta_gates[t] = d["h"], d["gates"]
    grads["h0"], grads["xs"] = dh_next, dxs
    return grads, {"h": delta_h, "gates": delta_gates}


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
