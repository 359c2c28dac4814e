"""Gradient clipping (chapter 3, section "Exploding gradients").

Two ways to tame an exploding gradient, both pure functions on a dict of arrays (the gradients
that :func:`rnnlib.rnn.backward` returns, for instance). Neither modifies its input; each
returns a new dict with the same keys and shapes.

- :func:`clip_by_global_norm` rescales *all* arrays by one factor
  ``min(1, max_norm / ||g||)``, where ``||g||`` is the Euclidean norm of every entry of every
  array together (Pascanu, Mikolov and Bengio 2013). The direction of the update is kept; only
  its length is capped.
- :func:`clip_by_value` clips every entry to ``[-max_value, max_value]`` on its own. The
  length is capped too, but the direction changes whenever some entries are clipped and
  others are not.
"""

import numpy as np

from . import _validate


def _grads(grads):
    """Validate a dict of finite float arrays; return a new dict of float64 arrays."""
    if not isinstance(grads, dict):
        raise ValueError(f"grads: expected a dict of arrays, received {type(grads).__name__}")
    return {k: _validate.array(f"grads[{k!r}]", v, None) for k, v in grads.items()}


def _threshold(name, x):
    """A finite threshold > 0."""
    v = float(_validate.array(name, x, 0))
    if not v > 0:
        raise ValueError(f"{name}: expected a positive threshold, received {x!r}")
    return v


def global_norm(grads):
    """The Euclidean norm of all gradients together, sqrt(sum_k ||grads[k]||_F^2).

    Defined in chapter 3 (section "Exploding gradients").

    Parameters
    ----------
    grads : dict of ndarray
        Any keys and shapes; entries must be finite.

    Returns
    -------
    float
        ``sqrt(sum of squares of every entry of every array)``; 0.0 for an empty dict.
    """
    g = _grads(grads)
    return float(np.sqrt(sum(float(np.sum(v * v)) for v in g.values())))


def clip_by_global_norm(grads, max_norm):
    """Rescale every gradient by ``min(1, max_norm / global_norm(grads))``.

    Defined in chapter 3 (section "Exploding gradients"). The result points in the same
    direction as ``grads`` and its global norm is ``min(global_norm(grads), max_norm)``.

    Parameters
    ----------
    grads : dict of ndarray
        Any keys and shapes (for example ``{"U": (H, D), "W": (H, H), ...}``).
    max_norm : float
        The threshold, > 0.

    Returns
    -------
    dict of ndarray
        New arrays, same keys and shapes as ``grads``; ``grads`` is not modified.

    Raises
    ------
    ValueError
        If ``grads`` is not a dict of finite arrays or ``max_norm`` is not a positive number.
    """
    g = _grads(grads)
    max_norm = _threshold("max_norm", max_norm)
    norm = global_norm(g)
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: v * scale for k, v in g.items()}


def clip_by_value(grads, max_value):
    """Clip every entry of every gradient to ``[-max_value, max_value]``.

    Defined in chapter 3 (section "Exploding gradients"), as the alternative that does *not*
    keep the direction of the gradient.

    Parameters
    ----------
    grads : dict of ndarray
        Any keys and shapes.
    max_value : float
        The threshold, > 0.

    Returns
    -------
    dict of ndarray
        New arrays, same keys and shapes as ``grads``; ``grads`` is not modified.

    Raises
    ------
    ValueError
        If ``grads`` is not a dict of finite arrays or ``max_value`` is not a positive number.
    """
    g = _grads(grads)
    max_value = _threshold("max_value", max_value)
    return {k: np.clip(v, -max_value, max_value) for k, v in g.items()}
