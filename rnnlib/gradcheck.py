"""Gradient checking by central differences (:doc:`01_backprop`).

The central difference ``(L(x + eps e_i) - L(x - eps e_i)) / (2 eps)`` has truncation error
O(eps^2) and rounding error ``O(machine_eps * |L| / eps)``; in float64 with eps = 1e-6 both are
near ``1e-10 |L|``, far below 1e-7 of the gradient unless the gradient is much smaller than the
loss (then a step of 1e-5 balances the two better). In float32 the rounding term alone is about
1e-1: every check in the book runs in float64.
"""

import numpy as np

from . import _validate


def _check_args(loss, params, eps, keys):
    """Validate the arguments shared by numerical_grads and check_grads; return the keys."""
    _validate.function("loss", loss)
    if not isinstance(params, dict):
        raise ValueError(f"params: expected a dict of arrays, received {type(params).__name__}")
    keys = list(params) if keys is None else list(keys)
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(f"keys: expected keys of params {sorted(params)}, received {missing}")
    for k in keys:
        _validate.array(f"params[{k!r}]", params[k], None)
    _validate.positive("eps", eps)
    return keys


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of a scalar function of one array.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``; called with perturbed copies, never with ``x`` itself.
    x : ndarray, any shape
    eps : float

    Returns
    -------
    ndarray, shape of ``x``
        d f / d x.
    """
    _validate.function("f", f)
    # a private C-ordered copy (the caller's x is untouched): reshape(-1) below must be a view
    # of it, which it is not for an array in Fortran order, such as a transposed one
    x = np.array(_validate.array("x", x, None), order="C")
    eps = _validate.positive("eps", eps)
    grad = np.empty_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f(x.copy())
        flat[i] = old - eps
        f_minus = f(x.copy())
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def numerical_grads(loss, params, eps=1e-6, keys=None):
    """Central-difference gradients of ``loss(params)`` for every array in a dict.

    Parameters
    ----------
    loss : callable
        ``loss(params) -> float``, called with new dicts (the given one is never modified).
    params : dict of ndarray
    eps : float
    keys : iterable of str, optional
        Which entries to differentiate; default all.

    Returns
    -------
    dict of ndarray
        Same keys (or ``keys``) and shapes as ``params``.
    """
    keys = _check_args(loss, params, eps, keys)
    return {k: numerical_gradient(lambda v, k=k: loss({**params, k: v}), params[k], eps)
            for k in keys}


def rel_error(a, b):
    """Relative error ``||a - b|| / (||a|| + ||b||)`` in the Euclidean norm (0 if both are 0).

    A norm-wise ratio rather than an element-wise one, so that entries that are zero in both
    (common for sparse gradients) cannot make it blow up.

    Parameters
    ----------
    a, b : ndarray, same shape

    Returns
    -------
    float, in [0, 1]
    """
    a, b = _validate.array("a", a, None), _validate.array("b", b, None)
    if a.shape != b.shape:
        raise ValueError(f"b: expected shape {a.shape} (that of a), received {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check_grads(loss, params, grads, eps=1e-6, keys=None):
    """Relative error between analytic ``grads`` and central differences of ``loss``.

    Parameters
    ----------
    loss : callable
        ``loss(params) -> float``.
    params, grads : dict of ndarray
        ``grads[k]`` is the analytic dL/d params[k].
    eps : float
    keys : iterable of str, optional
        Default: every key of ``params``.

    Returns
    -------
    dict of float
        ``{key: rel_error(grads[key], numerical)}``.
    """
    keys = _check_args(loss, params, eps, keys)
    if not isinstance(grads, dict):
        raise ValueError(f"grads: expected a dict of arrays, received {type(grads).__name__}")
    missing = [k for k in keys if k not in grads]
    if missing:
        raise ValueError(f"grads: expected keys {sorted(keys)}, missing {missing}")
    analytic = {k: _validate.array(f"grads[{k!r}]", grads[k], None) for k in keys}
    for k, g in analytic.items():
        if g.shape != np.shape(params[k]):
            raise ValueError(f"grads[{k!r}]: expected shape {np.shape(params[k])} (that of "
                             f"params[{k!r}]), received {g.shape}")
    num = numerical_grads(loss, params, eps, keys)
    return {k: rel_error(analytic[k], num[k]) for k in keys}
