"""Elementwise activations and their derivatives (chapters 1-3).

Every derivative here is written in terms of the activation's *output* ``a = f(z)``, so a
backward pass needs to keep only the outputs: tanh' = 1 - a^2, sigmoid' = a (1 - a),
relu' = [a > 0], linear' = 1.
"""

import numpy as np

from . import _validate

NAMES = ("tanh", "sigmoid", "relu", "linear")

#: ``sup_z |f'(z)|``: the factor gamma of the bound
#: ``||delta_t|| <= (gamma ||W||)^(T-t) ||delta_T||``
GAMMA = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0, "linear": 1.0}


def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), computed without overflow."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def apply(name, z):
    """Return f(z) for the activation ``name``.

    Parameters
    ----------
    name : {"tanh", "sigmoid", "relu", "linear"}
    z : ndarray, any shape

    Returns
    -------
    ndarray, same shape as ``z``
    """
    _validate.choice("activation", name, NAMES)
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    return np.array(z, dtype=np.float64)


def derivative(name, a):
    """Return f'(z) from the output ``a = f(z)``.

    Parameters
    ----------
    name : {"tanh", "sigmoid", "relu", "linear"}
    a : ndarray, any shape
        The activation's output.

    Returns
    -------
    ndarray, same shape as ``a``
    """
    _validate.choice("activation", name, NAMES)
    if name == "tanh":
        return 1.0 - a * a
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "relu":
        return (a > 0).astype(np.float64)
    return np.ones_like(a)
