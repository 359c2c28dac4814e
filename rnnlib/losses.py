"""Losses with their gradients with respect to the network's output (chapters 1-4)."""

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


def softmax_cross_entropy(os, ys, out=None):
    """Summed-over-time, batch-mean cross-entropy of softmax(o_t) against y_t, and dL/do_t.

    ``L = sum_t (1/B) sum_b -log softmax(o_t)[b, y_t[b]]``, where a target of -1 contributes
    nothing (no loss at that step for that sequence). Dividing by B, not by the number of
    targets, keeps each sequence's gradient independent of the other sequences' masks.

    Parameters
    ----------
    os : ndarray, shape (T, B, K)
        Logits o_t.
    ys : ndarray of int, shape (T, B)
        Class ids in [-1, K).
    out : ndarray, shape (T, B, K), optional
        Where to write dL/do_t; it may be ``os`` itself (the logits are then overwritten).
        A new array when None.

    Returns
    -------
    loss : float
    dos : ndarray, shape (T, B, K)
        dL/do_t = (softmax(o_t) - onehot(y_t)) / B on the steps with a target, 0 elsewhere.
    """
    os = _validate.array("os", os, 3, "(T, B, K)")
    T, B, K = os.shape
    ys = _validate.targets("ys", ys, T, B, K)
    mask = ys >= 0
    y = np.where(mask, ys, 0)[:, :, None]                       # a valid index everywhere
    m = os.max(axis=-1, keepdims=True)
    if out is not None and (not isinstance(out, np.ndarray) or out.shape != os.shape
                            or out.dtype != np.float64):
        raise ValueError(f"out: expected a float64 array of shape {os.shape}, received "
                         f"{getattr(out, 'dtype', type(out).__name__)} "
                         f"{getattr(out, 'shape', '')}")
    dos = np.subtract(os, m, out=out)                            # o_t - max o_t, for stability
    picked = np.take_along_axis(dos, y, axis=-1)                 # (o_t - max)[y_t]
    np.exp(dos, out=dos)
    total = dos.sum(axis=-1, keepdims=True)
    # -log softmax(o_t)[y_t] = log sum exp(o_t - max) - (o_t - max)[y_t]
    loss = float(np.sum((np.log(total) - picked)[mask]) / B)
    dos *= 1.0 / (B * total)                                     # softmax(o_t) / B
    np.put_along_axis(dos, y, np.take_along_axis(dos, y, axis=-1) - 1.0 / B, axis=-1)
    if not mask.all():
        dos *= mask[:, :, None]                                  # no loss, no gradient
    return loss, dos


def mse(out, target):
    """Batch-mean half squared error ``L = (1/(2B)) sum_b ||out_b - target_b||^2`` and dL/dout.

    Parameters
    ----------
    out : ndarray, shape (B, n)
    target : ndarray, shape (B, n)

    Returns
    -------
    loss : float
    dout : ndarray, shape (B, n)
        (out - target) / B
    """
    out = _validate.array("out", out, 2, "(B, n)")
    target = _validate.array("target", target, 2, "(B, n)")
    if target.shape != out.shape:
        raise ValueError(f"target: expected shape {out.shape} (that of out), received "
                         f"{target.shape}")
    B = out.shape[0]
    diff = out - target
    return float(0.5 * np.sum(diff * diff) / B), diff / B
