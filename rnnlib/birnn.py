"""A bidirectional recurrent network built on :mod:`rnnlib.rnn` (chapter 2, "Bidirectional RNNs").

Document 002 (section 3.5), with the book's notation: a forward direction reads x_1..x_T, a
backward direction reads x_T..x_1, and one output layer reads both states::

    h_t  = f(U  x_t + W  h_{t-1}  + b),          (forward direction, h_0 given)
    h'_t = f(U' x_t + W' h'_{t+1} + b'),         (backward direction, h'_{T+1} given)
    o_t  = V h_t + V' h'_t + c.

The keys of the parameter dict are ``"U", "W", "b", "V"`` (forward direction), ``"Ub", "Wb",
"bb", "Vb"`` (the primed, backward-direction parameters) and ``"c"`` (shared). Each direction is
an :mod:`rnnlib.rnn` network; the backward one runs on the time-reversed inputs with c = 0, so
the two logits add up to o_t, and dL/do_t is sent to both directions unchanged.
"""

import numpy as np

from . import _validate, losses, rnn

KEYS = ("U", "W", "b", "V", "Ub", "Wb", "bb", "Vb", "c")


def init_params(input_size, hidden_size, output_size, seed=0):
    """Random parameters for both directions, scaled by 1/sqrt(fan_in), zero biases.

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        D, H (the size of each direction's state) and K.
    seed : int

    Returns
    -------
    dict
        ``{"U": (H, D), "W": (H, H), "b": (H,), "V": (K, H), "Ub": (H, D), "Wb": (H, H),
        "bb": (H,), "Vb": (K, H), "c": (K,)}``.
    """
    fwd = rnn.init_params(input_size, hidden_size, output_size, seed)
    bwd = rnn.init_params(input_size, hidden_size, output_size, seed + 1)
    return {"U": fwd["U"], "W": fwd["W"], "b": fwd["b"], "V": fwd["V"],
            "Ub": bwd["U"], "Wb": bwd["W"], "bb": bwd["b"], "Vb": bwd["V"], "c": fwd["c"]}


def _check_params(params):
    """Validate params; the sizes are read from U (H, D), Ub (H', D) and V (K, H)."""
    if not isinstance(params, dict):
        raise ValueError(f"params: expected a dict with keys {sorted(KEYS)}, received "
                         f"{type(params).__name__}")
    for key in ("U", "Ub", "V"):
        if key not in params or np.ndim(params[key]) != 2:
            raise ValueError(f"params[{key!r}]: expected a 2-d array, received "
                             f"{np.shape(params[key]) if key in params else 'nothing'}")
    (H, D), Hb, K = np.shape(params["U"]), np.shape(params["Ub"])[0], np.shape(params["V"])[0]
    return _validate.params("params", params, {
        "U": (H, D), "W": (H, H), "b": (H,), "V": (K, H),
        "Ub": (Hb, D), "Wb": (Hb, Hb), "bb": (Hb,), "Vb": (K, Hb), "c": (K,)})


def forward(params, xs, h0=None, h0_b=None, activation="tanh"):
    """Run both directions over a batch of sequences.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    xs : ndarray, shape (T, B, D)
        Inputs; ``xs[t-1] = x_t``.
    h0 : ndarray, shape (B, H), optional
        Initial state h_0 of the forward direction; None means zeros.
    h0_b : ndarray, shape (B, H'), optional
        Initial state h'_{T+1} of the backward direction; None means zeros.
    activation : {"tanh", "sigmoid", "relu", "linear"}

    Returns
    -------
    hs : ndarray, shape (T, B, H)
        ``hs[t-1] = h_t``.
    hs_b : ndarray, shape (T, B, H')
        ``hs_b[t-1] = h'_t`` (aligned with time, not with the order of computation).
    logits : ndarray, shape (T, B, K)
        ``logits[t-1] = o_t = V h_t + V' h'_t + c``.
    cache : dict
        What :func:`backward` needs.
    """
    p = _check_params(params)
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    B = xs.shape[1]
    h0 = _validate.state("h0", h0, B, p["W"].shape[0])
    h0_b = _validate.state("h0_b", h0_b, B, p["Wb"].shape[0])   # named here, not as "h0"
    fwd = {"U": p["U"], "W": p["W"], "b": p["b"], "V": p["V"], "c": p["c"]}
    bwd = {"U": p["Ub"], "W": p["Wb"], "b": p["bb"], "V": p["Vb"], "c": np.zeros_like(p["c"])}
    hs, os_f, cache_f = rnn.forward(fwd, xs, h0, activation)
    hs_rev, os_rev, cache_b = rnn.forward(bwd, xs[::-1], h0_b, activation)
    logits = os_f + os_rev[::-1]                               # o_t = V h_t + c + V' h'_t
    return hs, hs_rev[::-1], logits, {"fwd": cache_f, "bwd": cache_b}


def backward(dos, cache):
    """Backpropagation through time in both directions.

    Parameters
    ----------
    dos : ndarray, shape (T, B, K)
        ``dos[t-1] = dL/do_t`` for any scalar loss L.
    cache : dict
        From :func:`forward`.

    Returns
    -------
    grads : dict
        dL/d of every parameter (keys and shapes of params), plus ``"h0"`` (B, H),
        ``"h0_b"`` (B, H') and ``"xs"`` (T, B, D), the error sent to the layer below (the sum
        of both directions' contributions).
    deltas : dict
        ``"h"``, ``"net"`` (T, B, H): dL/dh_t and dL/dnet_t of the forward direction;
        ``"h_b"``, ``"net_b"`` (T, B, H'): dL/dh'_t and dL/dnet'_t of the backward direction,
        indexed by time t (``deltas["h_b"][t-1] = dL/dh'_t``).
    """
    _validate.cache(cache, ("fwd", "bwd"), "birnn.forward")
    dos = _validate.array("dos", dos, 3, "(T, B, K)")
    g_f, d_f = rnn.backward(dos, cache["fwd"])
    g_b, d_b = rnn.backward(dos[::-1], cache["bwd"])       # the backward direction's time
    grads = {"U": g_f["U"], "W": g_f["W"], "b": g_f["b"], "V": g_f["V"],
             "Ub": g_b["U"], "Wb": g_b["W"], "bb": g_b["b"], "Vb": g_b["V"],
             "c": g_f["c"],                                # c counted once
             "h0": g_f["h0"], "h0_b": g_b["h0"],
             "xs": g_f["xs"] + g_b["xs"][::-1]}            # x_t feeds both directions
    deltas = {"h": d_f["h"], "net": d_f["net"],
              "h_b": d_b["h"][::-1].copy(), "net_b": d_b["net"][::-1].copy()}
    return grads, deltas


def loss_and_grads(params, xs, ys, h0=None, h0_b=None, activation="tanh"):
    """Softmax cross-entropy summed over time, its gradients and the error terms.

    Parameters
    ----------
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray of int, shape (T, B)
        Class ids in [-1, K); -1 means no loss at that step.
    h0 : ndarray, shape (B, H), optional
    h0_b : ndarray, shape (B, H'), optional
    activation : str

    Returns
    -------
    loss : float
    grads, deltas : dict
        As returned by :func:`backward`.
    """
    _, _, logits, cache = forward(params, xs, h0, h0_b, activation)
    loss, dos = losses.softmax_cross_entropy(logits, ys)
    grads, deltas = backward(dos, cache)
    return loss, grads, deltas
