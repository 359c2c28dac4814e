"""The LSTM cell of document 003 with its full backward pass (chapter 4).

The reference implementation: one time step at a time, as the equations read.
:func:`step_forward` and :func:`step_backward` compute one step; :func:`forward`,
:func:`backward` and :func:`loss_and_grads` loop over them. ``rnnlib.fast.lstm`` computes
the same results faster, in another order.

Column convention, ``z_t = [h_{t-1}; x_t]`` (the state first, as in document 003),
:eq:`lstm-z` to :eq:`lstm-output`; a batch is stacked as rows (``W z_t`` is ``z @ W.T``)::

    f_t = sigmoid(Wf z_t + bf)      forget gate
    i_t = sigmoid(Wi z_t + bi)      input gate
    g_t = tanh(Wc z_t + bc)         candidate cell
    o_t = sigmoid(Wo z_t + bo)      output gate
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)
    y_t = Wy h_t + by               logits; yhat_t = softmax(y_t)

Backward, with dh_t and dc_t the total derivatives dL/dh_t and dL/dc_t, :eq:`lstm-dh` to
:eq:`lstm-dstate`::

    dh_t = Wy^T dL/dy_t + (dL/dz_{t+1})[:H]
    dc_t = dh_t * o_t * (1 - tanh(c_t)^2) + dc_{t+1} * f_{t+1}
    da_f = dc_t * c_{t-1} * f(1-f),  da_i = dc_t * g_t * i(1-i),
    da_g = dc_t * i_t * (1-g^2),     da_o = dh_t * tanh(c_t) * o(1-o)
    dL/dz_t = Wf^T da_f + Wi^T da_i + Wc^T da_g + Wo^T da_o
"""

import numpy as np

from . import _validate, losses
from .activations import sigmoid

GATES = ("f", "i", "c", "o")   # the gates' letters in the keys of params, in this order


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


def _check_params(params):
    if isinstance(params, _validate.Checked):              # checked already
        return params
    return _validate.Checked(_validate.gated_params("params", params, GATES, "LSTM"))


def step_forward(params, x, h_prev, c_prev):
    """One time step of the cell, :eq:`lstm-gates` to :eq:`lstm-output`.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    x : ndarray, shape (B, D)
        The inputs x_t of the B sequences, one per row.
    h_prev, c_prev : ndarray, shape (B, H)
        The states h_{t-1} and c_{t-1}.

    Returns
    -------
    h, c : ndarray, shape (B, H)
        The states h_t and c_t.
    y : ndarray, shape (B, K)
        The logits y_t = Wy h_t + by.
    gates : ndarray, shape (B, 4H)
        The gates f_t, i_t, g_t, o_t side by side (H columns each).
    """
    p = _check_params(params)
    H = p["Wf"].shape[0]
    x = _validate.rows("x", x, None, p["Wf"].shape[1] - H, "D")
    h_prev = _validate.rows("h_prev", h_prev, x.shape[0], H, "H")
    c_prev = _validate.rows("c_prev", c_prev, x.shape[0], H, "H")
    z = np.concatenate([h_prev, x], axis=1)               # z_t = [h_{t-1}; x_t], (B, H + D)
    f = sigmoid(z @ p["Wf"].T + p["bf"])                  # forget gate
    i = sigmoid(z @ p["Wi"].T + p["bi"])                  # input gate
    g = np.tanh(z @ p["Wc"].T + p["bc"])                  # candidate cell
    o = sigmoid(z @ p["Wo"].T + p["bo"])                  # output gate
    c = f * c_prev + i * g                                # c_t = f_t c_{t-1} + i_t g_t
    h = o * np.tanh(c)                                    # h_t = o_t tanh(c_t)
    y = h @ p["Wy"].T + p["by"]                           # y_t = Wy h_t + by
    return h, c, y, np.concatenate([f, i, g, o], axis=1)


def step_backward(params, dy, dh_next, dc_next, x, h_prev, c_prev, c, gates,
                  input_grad=True):
    """One time step of the backward pass, :eq:`lstm-dh` to :eq:`lstm-dstate`.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    dy : ndarray, shape (B, K)
        dL/dy_t, the error at this step's logits.
    dh_next, dc_next : ndarray, shape (B, H)
        What step t+1 sends back to h_t and to c_t: (dL/dz_{t+1})[:H] and dc_{t+1} * f_{t+1}
        (zeros at the last step).
    x, h_prev, c_prev, c : ndarray, shapes (B, D), (B, H), (B, H), (B, H)
        This step's x_t, h_{t-1}, c_{t-1} and c_t.
    gates : ndarray, shape (B, 4H)
        This step's f_t, i_t, g_t, o_t, as returned by :func:`step_forward`.
    input_grad : bool
        Whether to compute ``grads["x"]``, the error sent to the layer below.

    Returns
    -------
    grads : dict
        This step's term of each weight gradient (keys and shapes of params, for example
        ``grads["Wf"] = da_f^T z_t``, an (H, H + D) sum over the batch); ``"h_prev"``,
        ``"c_prev"``: (B, H), sent back to h_{t-1} and c_{t-1}; ``"x"``: (B, D), sent to the
        layer below (with ``input_grad``).
    deltas : dict
        ``"h"``, ``"c"``: (B, H), the total dL/dh_t and dL/dc_t; ``"gates"``: (B, 4H),
        dL/d(pre-activation) of the gates f, i, g, o.
    """
    p = _check_params(params)
    (H, Z), K = p["Wf"].shape, p["Wy"].shape[0]
    x = _validate.rows("x", x, None, Z - H, "D")
    B = x.shape[0]
    dy = _validate.rows("dy", dy, B, K, "K")
    dh_next, dc_next = (_validate.rows(n, a, B, H, "H") for n, a in
                        (("dh_next", dh_next), ("dc_next", dc_next)))
    h_prev, c_prev, c = (_validate.rows(n, a, B, H, "H") for n, a in
                         (("h_prev", h_prev), ("c_prev", c_prev), ("c", c)))
    gates = _validate.rows("gates", gates, B, 4 * H, "4H")
    f, i, g, o = np.split(gates, 4, axis=1)      # the four gates of the step
    input_grad = _validate.boolean("input_grad", input_grad)
    tanh_c = np.tanh(c)
    dh = dy @ p["Wy"] + dh_next                  # total dL/dh_t
    dc = dh * o * (1 - tanh_c ** 2) + dc_next    # total dL/dc_t
    da_f = dc * c_prev * f * (1 - f)             # f_t multiplies c_{t-1}
    da_i = dc * g * i * (1 - i)                  # i_t multiplies g_t
    da_g = dc * i * (1 - g ** 2)                 # g_t multiplies i_t
    da_o = dh * tanh_c * o * (1 - o)             # o_t multiplies tanh(c_t)
    da = {"f": da_f, "i": da_i, "c": da_g, "o": da_o}
    z = np.concatenate([h_prev, x], axis=1)      # z_t = [h_{t-1}; x_t]
    grads = {}
    for k in GATES:
        grads["W" + k] = da[k].T @ z             # da_k z_t^T
        grads["b" + k] = da[k].sum(axis=0)
    grads["Wy"] = dy.T @ (o * tanh_c)            # dL/dy_t h_t^T
    grads["by"] = dy.sum(axis=0)
    # dL/dz_t = sum_k W_k^T da_k: its first H rows go to h_{t-1}, the rest to x
    grads["h_prev"] = sum(da[k] @ p["W" + k][:, :H] for k in GATES)
    grads["c_prev"] = dc * f                     # dc_t/dc_{t-1} = diag(f_t)
    if input_grad:
        grads["x"] = sum(da[k] @ p["W" + k][:, H:] for k in GATES)
    da_all = np.concatenate([da_f, da_i, da_g, da_o], axis=1)
    return grads, {"h": dh, "c": dc, "gates": da_all}


def forward(params, xs, h0=None, c0=None):
    """Run the LSTM over a batch of sequences, one :func:`step_forward` per step.

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
        What :func:`backward` reads: the checked ``params``, ``xs``, ``h0``, ``c0``, ``hs``,
        ``cs`` (T, B, H) with ``cs[t-1] = c_t``, and ``gates`` (T, B, 4H), the gates f, i, g,
        o of every step side by side.
    """
    p = _check_params(params)
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    H = p["Wf"].shape[0]
    _validate.size("xs", xs, 2, p["Wf"].shape[1] - H, "D (columns of Wf minus H)")
    h0 = _validate.state("h0", h0, B, H)
    c0 = _validate.state("c0", c0, B, H)
    hs, cs, ys, gates = [], [], [], []
    h, c = h0, c0
    for t in range(T):                                    # code index t holds step t + 1
        h, c, y, gate = step_forward(p, xs[t], h, c)
        hs.append(h)
        cs.append(c)
        ys.append(y)
        gates.append(gate)
    hs, cs, ys, gates = np.stack(hs), np.stack(cs), np.stack(ys), np.stack(gates)
    return hs, ys, {"params": p, "xs": xs, "h0": h0, "c0": c0, "hs": hs, "cs": cs,
                    "gates": gates}


_CACHE_KEYS = ("params", "xs", "h0", "c0", "hs", "cs", "gates")


def backward(dys, cache, input_grad=True):
    """Backpropagation through time for the LSTM, one :func:`step_backward` per step.

    Parameters
    ----------
    dys : ndarray, shape (T, B, K)
        ``dys[t-1] = dL/dy_t`` for any scalar loss L.
    cache : dict
        From :func:`forward`.
    input_grad : bool
        Whether to compute ``grads["xs"]``, the error sent to the layer below. A network whose
        inputs are data needs no dL/dxs; skipping it saves one product of the size of the input
        projection (PyTorch skips it likewise for an input that does not require grad).

    Returns
    -------
    grads : dict
        dL/d of each parameter (same keys and shapes), plus ``"h0"``, ``"c0"`` (B, H) and
        ``"xs"`` (T, B, D).
    deltas : dict
        ``"h"``, ``"c"``: (T, B, H), the total derivatives dL/dh_t and dL/dc_t;
        ``"gates"``: (T, B, 4H), dL/d(pre-activation) of the gates f, i, g, o.
    """
    _validate.cache(cache, _CACHE_KEYS, "lstm.forward")
    T, B, _ = cache["hs"].shape
    dys = _validate.upstream("dys", dys, (T, B, cache["params"]["Wy"].shape[0]))
    return _backward(dys, cache, _validate.boolean("input_grad", input_grad))


def _backward(dys, cache, input_grad):
    """:func:`backward` without the checks of its arguments: the loop over the steps."""
    p, xs, h0, c0, hs, cs, gates = (cache[k] for k in _CACHE_KEYS)
    T, B, H = hs.shape
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    delta_h, delta_c = np.empty((T, B, H)), np.empty((T, B, H))
    delta_gates, dxs = np.empty((T, B, 4 * H)), np.empty(xs.shape)
    dh_next, dc_next = np.zeros((B, H)), np.zeros((B, H))   # nothing comes from step T + 1
    for t in reversed(range(T)):
        h_prev, c_prev = (h0, c0) if t == 0 else (hs[t - 1], cs[t - 1])
        g, d = step_backward(p, dys[t], dh_next, dc_next, xs[t], h_prev, c_prev, cs[t],
                             gates[t], input_grad)
        for k in p:
            grads[k] += g[k]                              # the gradients sum over time
        dh_next, dc_next = g["h_prev"], g["c_prev"]
        delta_h[t], delta_c[t], delta_gates[t] = d["h"], d["c"], d["gates"]
        if input_grad:
            dxs[t] = g["x"]
    grads["h0"], grads["c0"] = dh_next, dc_next
    if input_grad:
        grads["xs"] = dxs
    return grads, {"h": delta_h, "c": delta_c, "gates": delta_gates}


def loss_and_grads(params, xs, ys, h0=None, c0=None, input_grad=True):
    """Softmax cross-entropy summed over time (as :func:`rnnlib.rnn.loss_and_grads`).

    Parameters
    ----------
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray of int, shape (T, B)
        Class ids in [-1, K); -1 means no loss at that step.
    h0, c0 : ndarray, shape (B, H), optional
    input_grad : bool
        As in :func:`backward`.

    Returns
    -------
    loss : float
    grads, deltas : dict
        As returned by :func:`backward`.
    """
    input_grad = _validate.boolean("input_grad", input_grad)
    _, logits, cache = forward(params, xs, h0, c0)
    ys = _validate.targets("ys", ys, *logits.shape)
    # no check of the logits: a diverging model gives inf or NaN, and so the loss
    loss, dys = losses._softmax_cross_entropy(logits, ys, out=np.empty(logits.shape))
    grads, deltas = _backward(dys, cache, input_grad)
    return loss, grads, deltas
