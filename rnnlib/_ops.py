"""Small array helpers shared by the recurrent layers."""

import numpy as np


def timewise(a, m):
    """``a @ m`` for a (T, B, n) stack and an (n, k) matrix, as one large matrix product.

    numpy's stacked matmul runs one small product per time step (and, for a transposed or
    sliced ``m``, may not use BLAS at all); reshaping to (T * B, n) gives BLAS one big product.

    Parameters
    ----------
    a : ndarray, shape (T, B, n)
    m : ndarray, shape (n, k)

    Returns
    -------
    ndarray, shape (T, B, k)
    """
    T, B, n = a.shape
    return (a.reshape(T * B, n) @ m).reshape(T, B, m.shape[1])


def contiguous(m):
    """A C-contiguous copy of ``m`` if it is not one already (BLAS-friendly)."""
    return np.ascontiguousarray(m)
