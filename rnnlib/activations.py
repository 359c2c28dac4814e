"""Elementwise activations and their derivatives (:doc:`01_backprop` to :doc:`03_vanishing`).

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


def sigmoid(z, out=None):
    """The logistic function 1 / (1 + exp(-z)), without overflow warnings.

    For z < -709, exp(-z) overflows to inf and 1 / (1 + inf) = 0, the correctly rounded value;
    the overflow is expected and silenced.

    Parameters
    ----------
    z : array_like, any shape
    out : ndarray, same shape as ``z``, optional
        Where to write the result (may be ``z`` itself).

    Returns
    -------
    ndarray, same shape as ``z``
    """
    z = np.asarray(z, dtype=np.float64)
    if out is None:
        out = np.empty_like(z)
    with np.errstate(over="ignore"):
        np.exp(np.negative(z, out=out), out=out)            # exp(-z)
    out += 1.0
    np.reciprocal(out, out=out)
    return out


def _relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def _linear(z, out=None):
    if out is None:
        return np.array(z, dtype=np.float64)
    out[...] = z
    return out


_FUNCTIONS = {"tanh": np.tanh, "sigmoid": sigmoid, "relu": _relu, "linear": _linear}


def function(name):
    """The activation ``name`` as a function ``f(z, out=None)``, checked once.

    For a loop that applies the same activation at every step: ``f(z, out)`` is
    ``apply(name, z, out)`` without the check of the name.

    Parameters
    ----------
    name : {"tanh", "sigmoid", "relu", "linear"}

    Returns
    -------
    callable
    """
    _validate.choice("activation", name, NAMES)
    return _FUNCTIONS[name]


def apply(name, z, out=None):
    """Return f(z) for the activation ``name``.

    Parameters
    ----------
    name : {"tanh", "sigmoid", "relu", "linear"}
    z : ndarray, any shape
    out : ndarray, same shape as ``z``, optional
        Where to write f(z) (may be ``z`` itself); a new array when None.

    Returns
    -------
    ndarray, same shape as ``z``
    """
    return function(name)(z, out=out)


def derivative(name, a, out=None):
    """Return f'(z) from the output ``a = f(z)``.

    Parameters
    ----------
    name : {"tanh", "sigmoid", "relu", "linear"}
    a : ndarray, any shape
        The activation's output.
    out : ndarray, same shape as ``a``, optional
        Where to write f'(z); a new array when None.

    Returns
    -------
    ndarray, same shape as ``a``
    """
    _validate.choice("activation", name, NAMES)
    if out is None:
        out = np.empty_like(a, dtype=np.float64)
    if name == "tanh":                                      # 1 - a^2
        np.multiply(a, a, out=out)
        return np.subtract(1.0, out, out=out)
    if name == "sigmoid":                                   # a (1 - a); out may be a
        return np.multiply(a, np.subtract(1.0, a), out=out)
    if name == "relu":                                      # [a > 0]
        return np.greater(a, 0.0, out=out, casting="unsafe")
    out[...] = 1.0
    return out
