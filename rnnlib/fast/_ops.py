"""Array machinery of the tuned layers :mod:`rnnlib.fast.rnn` and :mod:`rnnlib.fast.lstm`."""

import math

import numpy as np


def timewise(a, m, out=None):
    """``a @ m`` for a (T, B, n) stack and an (n, k) matrix, as one large matrix product.

    numpy's stacked matmul runs one small product per time step (and, for a transposed or
    sliced ``m``, may not use BLAS at all); reshaping to (T * B, n) gives BLAS one big product.

    Parameters
    ----------
    a : ndarray, shape (T, B, n)
    m : ndarray, shape (n, k)
    out : ndarray, shape (T, B, k), C-contiguous, optional
        Where to write the product; a new array when None.

    Returns
    -------
    ndarray, shape (T, B, k)
    """
    T, B, n = a.shape
    if out is None:
        out = np.empty((T, B, m.shape[1]))
    np.matmul(a.reshape(T * B, n), m, out=out.reshape(T * B, m.shape[1]))
    return out


#: Time steps per chunk (see :func:`chunks`)
CHUNK = 16


def chunks(T, reverse=False):
    """Slices of at most CHUNK consecutive time steps that cover ``range(T)`` in order.

    A layer computes the recurrence-free part of its time loop for one chunk of steps at a
    time (the output projection just after the forward loop leaves the chunk; in the backward
    pass, V^T dL/do_t just before the loop reaches it and the terms of the weight gradients
    just after the loop leaves it): a chunk's arrays (16 steps of a (B, H) state)
    are still in the CPU's cache when they are used, where one product over all T steps would
    have pushed its first rows out of it by then. Measured in ``fast.rnn.loss_and_grads`` on a
    2-core VM at T=100, B=32, D=64, H=128: about 3 ms (10 %) faster than one product over
    every step.

    Parameters
    ----------
    T : int
    reverse : bool
        Last chunk first (for a backward pass).

    Returns
    -------
    list of slice
    """
    out = [slice(s, min(s + CHUNK, T)) for s in range(0, T, CHUNK)]
    return out[::-1] if reverse else out


_HUGE = 2 ** 21       # bytes in a huge page


def blocks(*shapes):
    """New float64 arrays of the given shapes, carved out of one allocation.

    The first write to fresh memory costs a page fault per 4 KB page, and on a virtual machine
    a fault costs microseconds. numpy asks Linux for 2 MB pages (transparent huge pages) for
    an allocation of 4 MB or more, and Linux gives them to the parts of it that start on a
    2 MB boundary; so the arrays of one pass are allocated together, starting on such a
    boundary when they are that large (2 MB of address space is reserved for it and never
    touched). Measured on a 2-core VM: 3600 faults per ``fast.rnn.loss_and_grads`` call at the
    benchmark size with one allocation per array, none with blocks. Each array is C-contiguous.

    Parameters
    ----------
    *shapes : tuple of int

    Returns
    -------
    list of ndarray
        Uninitialised, one per shape; they share one buffer, without overlapping, so the
        buffer lives as long as any of them.
    """
    sizes = [math.prod(s) for s in shapes]
    total = sum(sizes)
    pad = _HUGE // 8 if 8 * total >= 2 * _HUGE else 0      # room to start on a 2 MB boundary
    flat = np.empty(total + pad)
    skip = (-flat.ctypes.data % _HUGE) // 8 if pad else 0
    flat, start, out = flat[skip:skip + total], 0, []
    for shape, size in zip(shapes, sizes):
        out.append(flat[start:start + size].reshape(shape))
        start += size
    return out

