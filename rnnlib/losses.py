"""Losses with their gradients with respect to the network's output.

Taught in :doc:`01_backprop` and used up to :doc:`04_lstm`.
"""

import numpy as np

from . import _validate


def softmax(o):
    """Softmax over the last axis, shifted by the maximum for stability.

    Parameters
    ----------
    o : ndarray, shape (..., K)
        Logits.

    Returns
    -------
    ndarray, shape (..., K)
        Probabilities; each row sums to 1.
    """
    e = np.exp(o - o.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(logits, ys, out=None):
    """Summed-over-time, batch-mean cross-entropy of softmax(o_t) against y_t, and dL/do_t.

    ``L = sum_t (1/B) sum_b -log softmax(o_t)[b, y_t[b]]``, where a target of -1 contributes
    nothing (no loss at that step for that sequence). Dividing by B, not by the number of
    targets, keeps each sequence's gradient independent of the other sequences' masks.

    Parameters
    ----------
    logits : ndarray, shape (T, B, K)
        Logits o_t.
    ys : ndarray of int, shape (T, B)
        Targets: class ids in [-1, K).
    out : ndarray, shape (T, B, K), optional
        Where to write dL/do_t; it may be ``logits`` itself (the logits are then overwritten).
        A new array when None.

    Returns
    -------
    loss : float
    dlogits : ndarray, shape (T, B, K)
        dL/do_t = (softmax(o_t) - onehot(y_t)) / B on the steps with a target, 0 elsewhere.
    """
    logits = _validate.array("logits", logits, 3, "(T, B, K)")
    T, B, K = logits.shape
    ys = _validate.targets("ys", ys, T, B, K)
    if out is not None and (not isinstance(out, np.ndarray) or out.shape != logits.shape
                            or out.dtype != np.float64 or not out.flags.c_contiguous):
        raise ValueError(f"out: expected a C-contiguous float64 array of shape {logits.shape}, "
                         f"received {getattr(out, 'dtype', type(out).__name__)} "
                         f"{getattr(out, 'shape', '')}")
    return _softmax_cross_entropy(logits, ys, np.empty(logits.shape) if out is None else out)


#: Below this spread of the logits, one shift serves every row (see _softmax_cross_entropy)
SHARED_SHIFT_SPREAD = 64.0


def _softmax_cross_entropy(logits, ys, out):
    """:func:`softmax_cross_entropy` without the checks; ``out`` (T, B, K) C-contiguous.

    softmax and log-sum-exp are unchanged by subtracting any number m from a row's logits,
    ``log sum_k exp(o_k) = m + log sum_k exp(o_k - m)``; the usual m is the row's maximum,
    so that exp cannot overflow. When all the logits lie within SHARED_SHIFT_SPREAD = 64 of
    each other, the global maximum serves every row instead: each exp(o_k - m) is then at
    least e^-64 ~ 1.6e-28, far from underflow, and one scalar subtraction replaces a
    reduction over every row and a broadcast. Row sums are matrix-vector products.
    """
    T, B, K = logits.shape
    n = T * B
    o2, y, d = logits.reshape(n, K), ys.reshape(n), out.reshape(n, K)
    rows = np.flatnonzero(y >= 0)                              # rows with a target
    picks = rows * K + y[rows]                                 # their targets, in flat d
    hi = o2.max()
    if hi - o2.min() < SHARED_SHIFT_SPREAD:
        np.subtract(o2, hi, out=d)                             # o - m, one m for all rows
    else:
        np.subtract(o2, o2.max(axis=1, keepdims=True), out=d)  # o - m, m = the row maximum
    flat = d.reshape(-1)
    picked = flat[picks]                                       # (o - m)[y]
    np.exp(d, out=d)
    total = d @ np.ones(K)                                     # sum_k exp(o_k - m), per row
    # -log softmax(o)[y] = log sum_k exp(o_k - m) - (o - m)[y]
    loss = float(np.sum(np.log(total[rows]) - picked) / B)
    d *= np.divide(1.0 / B, total)[:, None]                    # softmax(o) / B
    flat[picks] -= 1.0 / B                                     # - onehot(y) / B
    if len(rows) < n:
        d[y < 0] = 0.0                                         # no loss, no gradient
    return loss, out


def mse(pred, target):
    """Batch-mean half squared error ``L = (1/(2B)) sum_b ||pred_b - target_b||^2`` and dL/dpred.

    Parameters
    ----------
    pred : ndarray, shape (B, n)
        The prediction (for example the last layer's output of :func:`rnnlib.mlp.forward`).
    target : ndarray, shape (B, n)

    Returns
    -------
    loss : float
    dpred : ndarray, shape (B, n)
        (pred - target) / B, the ``dout`` that :func:`rnnlib.mlp.backward` takes.
    """
    pred = _validate.array("pred", pred, 2, "(B, n)")
    target = _validate.array("target", target, 2, "(B, n)")
    if target.shape != pred.shape:
        raise ValueError(f"target: expected shape {pred.shape} (that of pred), received "
                         f"{target.shape}")
    B = pred.shape[0]
    diff = pred - target
    return float(0.5 * np.sum(diff * diff) / B), diff / B
