"""Gradient clipping (:doc:`03_vanishing`).

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


def global_norm(grads):
    """The Euclidean norm of all gradients together, sqrt(sum_k ||grads[k]||_F^2).

    Defined in :doc:`03_vanishing`.

    Parameters
    ----------
    grads : dict of ndarray
        Any keys and shapes; entries must be finite.

    Returns
    -------
    float
        ``sqrt(sum of squares of every entry of every array)``; 0.0 for an empty dict.
    """
    g = _validate.arrays("grads", grads)
    return float(np.sqrt(sum(float(np.sum(v * v)) for v in g.values())))


def clip_by_global_norm(grads, max_norm):
    """Rescale every gradient by ``min(1, max_norm / global_norm(grads))``.

    Defined in :doc:`03_vanishing`. The result points in the same
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
    g = _validate.arrays("grads", grads)
    max_norm = _validate.positive("max_norm", max_norm)
    norm = global_norm(g)
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: v * scale for k, v in g.items()}


def clip_by_value(grads, max_value):
    """Clip every entry of every gradient to ``[-max_value, max_value]``.

    Defined in :doc:`03_vanishing`, as the alternative that does *not*
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
    g = _validate.arrays("grads", grads)
    max_value = _validate.positive("max_value", max_value)
    return {k: np.clip(v, -max_value, max_value) for k, v in g.items()}
