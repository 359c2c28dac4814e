"""A one-layer recurrent network and backpropagation through time (chapters 2-3).

The reference implementation: one time step at a time, as the equations read.
:func:`step_forward` and :func:`step_backward` compute one step; :func:`forward`,
:func:`backward` and :func:`loss_and_grads` loop over them. ``rnnlib.fast.rnn`` computes the
same results faster, in another order.

Column vectors as in the source documents 000 and 002, a batch stacked as rows (``U x_t`` is
``x @ U.T`` for a (B, D) block of inputs), the forward pass :eq:`bptt-forward`::

    net_t = U x_t + W h_{t-1} + b,    h_t = f(net_t),    o_t = V h_t + c,
    yhat_t = softmax(o_t).

The backward pass keeps two error terms apart, :eq:`bptt-rec` and :eq:`bptt-two-deltas`::

    delta_h[t]   = dL/dh_t   = V^T dL/do_t + W^T delta_net[t+1]     (document 002's delta^(t))
    delta_net[t] = dL/dnet_t = f'(net_t) * delta_h[t]                (document 000's delta_t)

and the gradients of the shared weights are sums over time of one term per step
(:eq:`bptt-dV`, :eq:`bptt-dW`): dL/dW = sum_t delta_net[t] h_{t-1}^T,
dL/dU = sum_t delta_net[t] x_t^T, dL/db = sum_t delta_net[t], dL/dV = sum_t dL/do_t h_t^T,
dL/dc = sum_t dL/do_t.
"""

import numpy as np

from . import _validate, losses
from . import activations as act

WEIGHTS = ("U", "W", "b", "V", "c")   # the keys of params, and of the weight gradients


def init_params(input_size, hidden_size, output_size, seed=0):
    """Random parameters scaled by 1/sqrt(fan_in), zero biases.

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        D, H and K.
    seed : int

    Returns
    -------
    dict
        ``{"U": (H, D), "W": (H, H), "b": (H,), "V": (K, H), "c": (K,)}``.
    """
    D = _validate.positive_int("input_size", input_size)
    H = _validate.positive_int("hidden_size", hidden_size)
    K = _validate.positive_int("output_size", output_size)
    rng = np.random.default_rng(seed)
    return {"U": rng.standard_normal((H, D)) / np.sqrt(D),
            "W": rng.standard_normal((H, H)) / np.sqrt(H),
            "b": np.zeros(H),
            "V": rng.standard_normal((K, H)) / np.sqrt(H),
            "c": np.zeros(K)}


def _check_params(params):
    """Validate params; the shapes are read from U (H, D) and V (K, H)."""
    if isinstance(params, _validate.Checked):
        return params
    if not isinstance(params, dict):
        raise ValueError(f"params: expected a dict with keys ['U', 'V', 'W', 'b', 'c'], "
                         f"received {type(params).__name__}")
    for key in ("U", "V"):
        if key not in params or np.ndim(params[key]) != 2:
            raise ValueError(f"params[{key!r}]: expected a 2-d array, received "
                             f"{np.shape(params[key]) if key in params else 'nothing'}")
    (H, D), K = np.shape(params["U"]), np.shape(params["V"])[0]
    shapes = {"U": (H, D), "W": (H, H), "b": (H,), "V": (K, H), "c": (K,)}
    return _validate.Checked(_validate.params("params", params, shapes))


def step_forward(params, x, h_prev, activation="tanh"):
    """One time step of the forward pass, :eq:`bptt-forward`.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    x : ndarray, shape (B, D)
        The inputs x_t of the B sequences, one per row.
    h_prev : ndarray, shape (B, H)
        The state h_{t-1}.
    activation : {"tanh", "sigmoid", "relu", "linear"}
        The hidden nonlinearity f.

    Returns
    -------
    h : ndarray, shape (B, H)
        The state h_t = f(U x_t + W h_{t-1} + b).
    o : ndarray, shape (B, K)
        The logits o_t = V h_t + c.
    """
    p = _check_params(params)
    x = _validate.rows("x", x, None, p["U"].shape[1], "D")
    h_prev = _validate.rows("h_prev", h_prev, x.shape[0], p["W"].shape[0], "H")
    # net_t = U x_t + W h_{t-1} + b
    net = x @ p["U"].T + h_prev @ p["W"].T + p["b"]
    h = act.apply(activation, net)                   # h_t = f(net_t)
    o = h @ p["V"].T + p["c"]                        # o_t = V h_t + c
    return h, o


def step_backward(params, do, dh_next, x, h_prev, h, activation="tanh",
                  input_grad=True):
    """One time step of backpropagation through time, :eq:`bptt-rec` and :eq:`bptt-dW`.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    do : ndarray, shape (B, K)
        dL/do_t, the error at this step's logits.
    dh_next : ndarray, shape (B, H)
        W^T delta_net[t+1], the error that step t+1 sends back to h_t (zeros at the last step).
    x, h_prev, h : ndarray, shapes (B, D), (B, H), (B, H)
        This step's x_t, h_{t-1} and h_t, as in :func:`step_forward`.
    activation : {"tanh", "sigmoid", "relu", "linear"}
    input_grad : bool
        Whether to compute ``grads["x"]``, the error sent to the layer below.

    Returns
    -------
    grads : dict
        This step's term of each weight gradient (keys and shapes of params, for example
        ``grads["W"] = delta_net[t]^T h_{t-1}``, an (H, H) sum over the batch);
        ``"h_prev"``: (B, H), W^T delta_net[t], sent back to h_{t-1}; ``"x"``: (B, D),
        U^T delta_net[t], sent to the layer below (with ``input_grad``), :eq:`bptt-down`.
    deltas : dict
        ``"h"``: (B, H), the total dL/dh_t; ``"net"``: (B, H), dL/dnet_t.
    """
    p = _check_params(params)
    (H, D), K = p["U"].shape, p["V"].shape[0]
    x = _validate.rows("x", x, None, D, "D")
    B = x.shape[0]
    do = _validate.rows("do", do, B, K, "K")
    dh_next = _validate.rows("dh_next", dh_next, B, H, "H")
    h_prev, h = _validate.rows("h_prev", h_prev, B, H, "H"), _validate.rows("h", h, B, H, "H")
    input_grad = _validate.boolean("input_grad", input_grad)
    # dL/dh_t = V^T dL/do_t + W^T delta_net[t+1]
    delta_h = do @ p["V"] + dh_next
    # dL/dnet_t = f'(net_t) * dL/dh_t, with f'(net_t) computed from h_t = f(net_t)
    delta_net = act.derivative(activation, h) * delta_h
    grads = {"U": delta_net.T @ x,               # delta_net[t] x_t^T
             "W": delta_net.T @ h_prev,          # delta_net[t] h_{t-1}^T
             "b": delta_net.sum(axis=0),
             "V": do.T @ h,                      # dL/do_t h_t^T
             "c": do.sum(axis=0),
             "h_prev": delta_net @ p["W"]}       # W^T delta_net[t], to h_{t-1}
    if input_grad:
        grads["x"] = delta_net @ p["U"]          # U^T delta_net[t], to the layer below
    return grads, {"h": delta_h, "net": delta_net}


def forward(params, xs, h0=None, activation="tanh"):
    """Run the network over a batch of sequences, one :func:`step_forward` per step.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_params`.
    xs : ndarray, shape (T, B, D)
        Inputs; ``xs[t-1] = x_t``.
    h0 : ndarray, shape (B, H), optional
        Initial state h_0; None means zeros.
    activation : {"tanh", "sigmoid", "relu", "linear"}
        The hidden nonlinearity f.

    Returns
    -------
    hs : ndarray, shape (T, B, H)
        ``hs[t-1] = h_t``.
    logits : ndarray, shape (T, B, K)
        ``logits[t-1] = o_t``.
    cache : dict
        What :func:`backward` needs: the checked ``params``, ``xs``, ``h0``, ``hs`` and
        ``activation``.
    """
    p = _check_params(params)
    _validate.choice("activation", activation, act.NAMES)
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    _validate.size("xs", xs, 2, p["U"].shape[1], "D (columns of U)")
    h0 = _validate.state("h0", h0, B, p["W"].shape[0])
    hs, logits = [], []
    h = h0
    for t in range(T):                                    # code index t holds step t + 1
        h, o = step_forward(p, xs[t], h, activation)
        hs.append(h)
        logits.append(o)
    hs, logits = np.stack(hs), np.stack(logits)
    return hs, logits, {"params": p, "xs": xs, "h0": h0, "hs": hs, "activation": activation}


def backward(dos, cache, input_grad=True):
    """Backpropagation through time, one :func:`step_backward` per step, from the last.

    Parameters
    ----------
    dos : ndarray, shape (T, B, K)
        ``dos[t-1] = dL/do_t`` for any scalar loss L.
    cache : dict
        From :func:`forward` (or ``rnnlib.fast.rnn.forward``: the same keys).
    input_grad : bool
        Whether to compute ``grads["xs"]``, the error sent to the layer below. A network whose
        inputs are data needs no dL/dxs; skipping it saves one product of the size of the input
        projection (PyTorch skips it likewise for an input that does not require grad).

    Returns
    -------
    grads : dict
        dL/d of each parameter (same keys and shapes as params), plus ``"h0"`` (B, H) and
        ``"xs"`` (T, B, D), the errors sent to the initial state and to the layer below.
    deltas : dict
        ``"h"``: (T, B, H), ``deltas["h"][t-1] = dL/dh_t``, the total derivative (through o_t
        and every later step). ``"net"``: (T, B, H), ``deltas["net"][t-1] = dL/dnet_t``.
    """
    _validate.cache(cache, ("params", "xs", "h0", "hs", "activation"), "rnn.forward")
    T, B, _ = cache["hs"].shape
    dos = _validate.upstream("dos", dos, (T, B, cache["params"]["V"].shape[0]))
    return _backward(dos, cache, _validate.boolean("input_grad", input_grad))


def _backward(dos, cache, input_grad):
    """:func:`backward` without the checks of its arguments: the loop over the steps."""
    p, xs, h0, hs = cache["params"], cache["xs"], cache["h0"], cache["hs"]
    T, B, H = hs.shape
    grads = {k: np.zeros_like(p[k]) for k in WEIGHTS}
    delta_h, delta_net, dxs = np.empty((T, B, H)), np.empty((T, B, H)), np.empty(xs.shape)
    dh_next = np.zeros((B, H))                            # nothing comes back from step T + 1
    for t in reversed(range(T)):
        h_prev = h0 if t == 0 else hs[t - 1]
        g, d = step_backward(p, dos[t], dh_next, xs[t], h_prev, hs[t], cache["activation"],
                             input_grad)
        for k in WEIGHTS:
            grads[k] += g[k]                              # the gradients sum over time
        dh_next = g["h_prev"]
        delta_h[t], delta_net[t] = d["h"], d["net"]
        if input_grad:
            dxs[t] = g["x"]
    grads["h0"] = dh_next
    if input_grad:
        grads["xs"] = dxs
    return grads, {"h": delta_h, "net": delta_net}


def loss_and_grads(params, xs, ys, h0=None, activation="tanh", input_grad=True):
    """Softmax cross-entropy loss summed over time, its gradients and the error terms.

    Parameters
    ----------
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray of int, shape (T, B)
        Class ids in [-1, K); -1 means no loss at that step.
    h0 : ndarray, shape (B, H), optional
    activation : str
    input_grad : bool
        As in :func:`backward`.

    Returns
    -------
    loss : float
        ``sum_t (1/B) sum_b -log softmax(o_t)[b, y_t[b]]`` (see
        :func:`rnnlib.losses.softmax_cross_entropy`), :eq:`bptt-loss`.
    grads, deltas : dict
        As returned by :func:`backward`.
    """
    input_grad = _validate.boolean("input_grad", input_grad)
    _, logits, cache = forward(params, xs, h0, activation)
    ys = _validate.targets("ys", ys, *logits.shape)
    # no check of the logits: a diverging model gives inf or NaN, and so the loss
    loss, dos = losses._softmax_cross_entropy(logits, ys, out=np.empty(logits.shape))
    grads, deltas = _backward(dos, cache, input_grad)
    return loss, grads, deltas
