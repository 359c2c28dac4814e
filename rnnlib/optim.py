"""Plain SGD and Adam as pure functions (taught in :doc:`01_backprop`).

Parameters and gradients are a *tree*: an array, a dict of trees or a list/tuple of trees (for
example ``{"U": ..., "W": ...}`` or the list of ``{"W", "b"}`` dicts of :mod:`rnnlib.mlp`).
Nothing is modified in place: every function returns new parameters and, for Adam, a new state::

    SGD  (Robbins & Monro 1951):  theta <- theta - lr * g
    Adam (Kingma & Ba 2015):      m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2,
                                  theta <- theta - lr * m_hat / (sqrt(v_hat) + eps),
                                  m_hat = m / (1 - beta1^t),      v_hat = v / (1 - beta2^t).
"""

import numpy as np

from . import _validate


def _map(fn, name, tree, *others):
    """Apply ``fn`` leaf by leaf to ``tree`` and trees of the same structure in ``others``."""
    if isinstance(tree, dict):
        for k, o in others:
            if not isinstance(o, dict) or set(o) != set(tree):
                got = sorted(o) if isinstance(o, dict) else type(o).__name__
                raise ValueError(f"{k}: expected a dict with keys {sorted(tree)} (those of "
                                 f"{name}), received {got}")
        return {key: _map(fn, f"{name}[{key!r}]", tree[key],
                          *[(f"{k}[{key!r}]", o[key]) for k, o in others]) for key in tree}
    if isinstance(tree, (list, tuple)):
        for k, o in others:
            if not isinstance(o, (list, tuple)) or len(o) != len(tree):
                got = f"length {len(o)}" if isinstance(o, (list, tuple)) else type(o).__name__
                raise ValueError(f"{k}: expected a list of length {len(tree)} (like {name}), "
                                 f"received {got}")
        return [_map(fn, f"{name}[{i}]", t, *[(f"{k}[{i}]", o[i]) for k, o in others])
                for i, t in enumerate(tree)]
    a = _validate.array(name, tree, None)
    arrays = [a]
    for k, o in others:
        b = _validate.array(k, o, None)
        if b.shape != a.shape:
            raise ValueError(f"{k}: expected shape {a.shape} (that of {name}), received "
                             f"{b.shape}")
        arrays.append(b)
    return fn(*arrays)


def sgd(params, grads, lr):
    """One step of (stochastic) gradient descent, ``theta - lr * g``, taught in :doc:`01_backprop`.

    Parameters
    ----------
    params : array, dict or list of them
        Any tree of float arrays, for example the list of ``{"W": (n_l, n_{l-1}),
        "b": (n_l,)}`` dicts of :func:`rnnlib.mlp.init_params`.
    grads : same structure and shapes as ``params``
        dL/d params (for a minibatch, the minibatch-mean loss's gradient).
    lr : float
        The learning rate, > 0.

    Returns
    -------
    array, dict or list of them
        Same structure as ``params``: new arrays; ``params`` is left unchanged.
    """
    lr = _validate.positive("lr", lr)
    return _map(lambda p, g: p - lr * g, "params", params, ("grads", grads))


def adam_init(params):
    """Adam's initial state for ``params`` (:doc:`01_backprop`): zero moments and step count 0.

    Parameters
    ----------
    params : array, dict or list of them

    Returns
    -------
    dict
        ``{"m": zeros like params, "v": zeros like params, "t": 0}``.
    """
    zeros = _map(np.zeros_like, "params", params)
    return {"m": zeros, "v": _map(np.zeros_like, "params", params), "t": 0}


def adam(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of Adam (Kingma & Ba 2015) with bias correction, taught in :doc:`01_backprop`.

    Parameters
    ----------
    params : array, dict or list of them
    grads : same structure and shapes as ``params``
    state : dict
        ``{"m", "v", "t"}`` from :func:`adam_init` or a previous call.
    lr : float
        Step size alpha, > 0.
    beta1, beta2 : float in [0, 1)
        Decay rates of the first and second moment estimates.
    eps : float, > 0
        Added to sqrt(v_hat) to avoid a division by zero.

    Returns
    -------
    new_params : same structure as ``params``
    new_state : dict
        ``{"m", "v", "t": t + 1}``; neither ``params`` nor ``state`` is modified.
    """
    lr, eps = _validate.positive("lr", lr), _validate.positive("eps", eps)
    beta1 = _validate.interval("beta1", beta1, 0, 1)
    beta2 = _validate.interval("beta2", beta2, 0, 1)
    _validate.cache(state, ("m", "v", "t"), "adam_init", name="state")
    t = _validate.nonnegative_int("state['t']", state["t"]) + 1
    m = _map(lambda m_, g: beta1 * m_ + (1 - beta1) * g, "state['m']", state["m"],
             ("grads", grads))
    v = _map(lambda v_, g: beta2 * v_ + (1 - beta2) * g * g, "state['v']", state["v"],
             ("grads", grads))
    c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t       # bias corrections
    new = _map(lambda p, m_, v_: p - lr * (m_ / c1) / (np.sqrt(v_ / c2) + eps), "params",
               params, ("state['m']", m), ("state['v']", v))
    return new, {"m": m, "v": v, "t": t}
