"""The adding problem, its mean-predictor baseline and its loss (:doc:`05_long_range`).

The variant of Le, Jaitly and Hinton (2015) of the adding problem of Hochreiter and
Schmidhuber (1997): every step t = 1..T carries two inputs, a value ``x_t[0] ~ U(0, 1)`` and a
marker ``x_t[1]`` in {0, 1}; exactly two steps of each sequence are marked, and the target is the
sum of the two marked values. Only the output at the last step is scored::

    y = sum_t x_t[0] x_t[1],     L = (1/B) sum_b (o_T[b] - y[b])^2.

Always predicting the mean E[y] = 1 scores Var(y) = 2 Var(U(0, 1)) = 2/12 = 1/6: the baseline
that a model must beat to show that it carries information across the time lag.
"""

import numpy as np

from . import _validate

BASELINE_MSE = 1.0 / 6.0   # Var(u1 + u2) for independent u1, u2 ~ U(0, 1)


def adding_problem(T, batch_size, rng=0, first_half=True):
    """A batch of the adding problem (:doc:`05_long_range`).

    Parameters
    ----------
    T : int, >= 2
        Sequence length.
    batch_size : int
        B, the number of sequences.
    rng : numpy.random.Generator or int
        A Generator (advanced by the call) or a seed for a new one.
    first_half : bool
        If True (as in Hochreiter and Schmidhuber 1997), the first marker falls in the first
        half of the sequence and the second in the second half, so the time lag is at least
        about T/2 on average; if False both positions are uniform without replacement.

    Returns
    -------
    xs : ndarray, shape (T, B, 2)
        ``xs[t-1, b] = (value, marker)``; values in [0, 1), markers in {0, 1}, two ones per
        sequence.
    ys : ndarray, shape (B,)
        The targets, the sum of the two marked values, in [0, 2).
    """
    T = _validate.positive_int("T", T)
    if T < 2:
        raise ValueError(f"T: expected an integer >= 2 (two marked steps), received {T}")
    B = _validate.positive_int("batch_size", batch_size)
    g = _validate.generator("rng", rng, seed=True)
    values = g.random((T, B))
    if first_half:
        half = T // 2
        i = g.integers(0, half, size=B)
        j = g.integers(half, T, size=B)
    else:
        i = g.integers(0, T, size=B)
        j = (i + g.integers(1, T, size=B)) % T     # a different step, uniformly
    markers = np.zeros((T, B))
    cols = np.arange(B)
    markers[i, cols] = 1.0
    markers[j, cols] = 1.0
    xs = np.stack([values, markers], axis=2)
    ys = values[i, cols] + values[j, cols]
    return xs, ys


def last_step_mse(outputs, ys):
    """Mean squared error of the last output and its gradient (:doc:`05_long_range`).

    ``L = (1/B) sum_b (o_T[b, 0] - y[b])^2``; the outputs at steps 1..T-1 are not scored.

    Parameters
    ----------
    outputs : ndarray, shape (T, B, 1)
        The outputs o_t of :func:`rnnlib.rnn.forward` or :func:`rnnlib.lstm.forward` with
        K = 1 (the second value each returns).
    ys : ndarray, shape (B,)
        Targets.

    Returns
    -------
    loss : float
    doutputs : ndarray, shape (T, B, 1)
        dL/do_t: zero for t < T, ``2 (o_T - y) / B`` at t = T; pass it to ``backward``.
    """
    o = _validate.array("outputs", outputs, 3, "(T, B, 1)")
    T, B, K = o.shape
    if K != 1:
        raise ValueError(f"outputs: expected shape (T, B, 1), received {o.shape}")
    y = _validate.array("ys", ys, 1, "(B,)")
    if y.shape != (B,):
        raise ValueError(f"ys: expected shape (B,) = ({B},), received {y.shape}")
    err = o[-1, :, 0] - y
    doutputs = np.zeros((T, B, 1))
    doutputs[-1, :, 0] = 2.0 * err / B
    return float(np.mean(err * err)), doutputs
