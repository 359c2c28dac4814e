"""A fully connected network and its backward pass (:doc:`01_backprop`).

Notation of :doc:`01_backprop` (column vectors; a batch is stacked as rows):

    z^l = W^l a^{l-1} + b^l,    a^l = f_l(z^l),    a^0 = x,

and the error term delta^l = dL/dz^l obeys the recursion

    delta^L = dL/da^L * f_L'(z^L),    delta^l = (W^{l+1})^T delta^{l+1} * f_l'(z^l),
    dL/dW^l = delta^l (a^{l-1})^T,    dL/db^l = delta^l      (summed over the batch rows).
"""

import numpy as np

from . import _validate
from . import activations as act


def init_params(sizes, seed=0):
    """Random weights scaled by 1/sqrt(fan_in) and zero biases.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths [n_0, n_1, ..., n_L], at least two.
    seed : int

    Returns
    -------
    list of dict
        ``params[l-1] = {"W": (n_l, n_{l-1}), "b": (n_l,)}`` for l = 1..L.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes: expected a sequence of at least two layer widths, received "
                         f"{sizes!r}")
    sizes = [_validate.positive_int(f"sizes[{i}]", n) for i, n in enumerate(sizes)]
    rng = np.random.default_rng(seed)
    return [{"W": rng.standard_normal((n, m)) / np.sqrt(m), "b": np.zeros(n)}
            for m, n in zip(sizes[:-1], sizes[1:])]


def _check(params, X, activations):
    if not isinstance(params, (list, tuple)) or not params:
        raise ValueError(f"params: expected a non-empty list of {{'W', 'b'}} dicts, received "
                         f"{type(params).__name__}")
    X = _validate.array("X", X, 2, "(B, n_0)")
    if (isinstance(activations, str) or not hasattr(activations, "__len__")
            or len(activations) != len(params)):
        raise ValueError(f"activations: expected a list of {len(params)} names (one per layer), "
                         f"received {activations!r}")
    names = [_validate.choice(f"activations[{i}]", a, act.NAMES)
             for i, a in enumerate(activations)]
    checked, n_in = [], X.shape[1]
    for i, p in enumerate(params):
        W = p.get("W") if isinstance(p, dict) else None
        n_out = np.shape(W)[0] if W is not None and np.ndim(W) == 2 else -1
        if n_out < 0:
            raise ValueError(f"params[{i}]['W']: expected a 2-d array, received "
                             f"{'nothing' if W is None else np.shape(W)}")
        if i == 0:
            _validate.size("X", X, 1, np.shape(W)[1], "n_0 (columns of params[0]['W'])")
        checked.append(_validate.params(f"params[{i}]", p, {"W": (n_out, n_in), "b": (n_out,)}))
        n_in = n_out
    return checked, X, names


def forward(params, X, activations):
    """Forward pass, keeping what the backward pass needs.

    Parameters
    ----------
    params : list of dict
        As returned by :func:`init_params`.
    X : ndarray, shape (B, n_0)
        One input per row.
    activations : sequence of str
        One of ``"tanh", "sigmoid", "relu", "linear"`` per layer.

    Returns
    -------
    out : ndarray, shape (B, n_L)
        a^L.
    cache : dict
        ``"params"``, ``"activations"``, ``"a"`` (the list a^0..a^L, each (B, n_l)).
    """
    params, X, names = _check(params, X, activations)
    a_s = [X]
    for p, name in zip(params, names):
        z = a_s[-1] @ p["W"].T + p["b"]             # z^l = W^l a^{l-1} + b^l
        a_s.append(act.apply(name, z))      # a^l = f_l(z^l)
    return a_s[-1], {"params": params, "activations": names, "a": a_s}


def backward(dout, cache):
    """Backward pass: the delta recursion and the parameter gradients.

    Parameters
    ----------
    dout : ndarray, shape (B, n_L)
        dL/da^L for a scalar loss L (for a batch-mean loss it carries the 1/B).
    cache : dict
        From :func:`forward`.

    Returns
    -------
    grads : list of dict
        Like ``params``: ``{"W": dL/dW^l (n_l, n_{l-1}), "b": dL/db^l (n_l,)}``.
    deltas : list of ndarray
        ``deltas[l-1] = dL/dz^l``, shape (B, n_l).
    """
    _validate.cache(cache, ("params", "activations", "a"), "mlp.forward")
    params, names, a_s = cache["params"], cache["activations"], cache["a"]
    dout = _validate.array("dout", dout, 2, "(B, n_L)")
    if dout.shape != a_s[-1].shape:
        raise ValueError(f"dout: expected shape (B, n_L) = {a_s[-1].shape}, received "
                         f"{dout.shape}")
    L = len(params)
    deltas = [None] * L
    grads = [None] * L
    da = dout
    for l in reversed(range(L)):
        deltas[l] = da * act.derivative(names[l], a_s[l + 1])   # delta^l = da^l * f'
        grads[l] = {"W": deltas[l].T @ a_s[l], "b": deltas[l].sum(axis=0)}
        da = deltas[l] @ params[l]["W"]                                 # (W^l)^T delta^l
    return grads, deltas
