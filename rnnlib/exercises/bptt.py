"""Self-checking exercises of chapter 2 (backpropagation through time).

Each checker takes the reader's answer, compares it with :mod:`rnnlib`'s on fresh random data,
prints one line that says right or wrong and why (naming the usual mistakes, including the ones
printed in the source documents), and returns True or False.
"""

import numpy as np

from .. import rnn, tbptt
from ._judge import call, judge, require_callable


def delta_step_data(seed=0):
    """Random data for :func:`check_delta_step`: delta_next (H,), do (K,), h_next (H,), W, V.

    Parameters
    ----------
    seed : int

    Returns
    -------
    tuple of ndarray
        ``delta_next`` (H,), ``do`` (K,), ``h_next`` (H,) in (-1, 1), ``W`` (H, H), ``V``
        (K, H), with H = 4 and K = 3.
    """
    rng = np.random.default_rng(seed)
    H, K = 4, 3
    return (rng.standard_normal(H), rng.standard_normal(K), np.tanh(rng.standard_normal(H)),
            rng.standard_normal((H, H)), rng.standard_normal((K, H)))


def check_delta_step(fn, seed=0):
    """Check one step of 002's recursion for a tanh RNN, delta^(t) = dL/dh_t.

    Parameters
    ----------
    fn : callable
        ``fn(delta_next, do, h_next, W, V) -> delta`` with ``delta_next = dL/dh_{t+1}`` (H,),
        ``do = dL/do_t`` (K,), ``h_next = h_{t+1}`` (H,), ``W`` (H, H), ``V`` (K, H); returns
        dL/dh_t, shape (H,).
    seed : int
        Seed of the random test data.

    Returns
    -------
    bool
    """
    require_callable("fn", fn)
    dn, do, hn, W, V = delta_step_data(seed)
    answer = call(fn, dn, do, hn, W, V)
    if answer is None:
        return False
    fp = 1.0 - hn ** 2
    right = V.T @ do + W.T @ (fp * dn)
    wrong = [(V.T @ do + fp * (W.T @ dn),
               "diag(1 - h_{t+1}^2) after W^T, the order printed in 002; it goes before W^T"),
             (V.T @ do + W.T @ dn, "the tanh derivative diag(1 - h_{t+1}^2) is missing"),
             (V.T @ do + W @ (fp * dn), "W instead of W^T: the error flows back through W^T"),
             (W.T @ (fp * dn), "the direct term V^T dL/do_t is missing"),
             (V.T @ do, "the error from step t+1, W^T diag(1 - h_{t+1}^2) delta^(t+1), is "
                        "missing")]
    return judge(answer, right, wrong, "your answer equals rnnlib's on random data")


def dW_data(seed=0):
    """Random data for :func:`check_dW`: delta_net (T, B, H), hs (T, B, H), h0 (B, H).

    Parameters
    ----------
    seed : int

    Returns
    -------
    tuple of ndarray
        With T = 5, B = 2, H = 3, from a real forward and backward pass of :mod:`rnnlib.rnn`.
    """
    rng = np.random.default_rng(seed)
    T, B, D, H, K = 5, 2, 3, 3, 4
    params = rnn.init_params(D, H, K, seed=seed)
    h0 = 0.5 * rng.standard_normal((B, H))
    xs = rng.standard_normal((T, B, D))
    ys = rng.integers(0, K, size=(T, B))
    _, _, deltas = rnn.loss_and_grads(params, xs, ys, h0)
    hs, _, _ = rnn.forward(params, xs, h0)
    return deltas["net"], hs, h0


def check_dW(fn, seed=0):
    """Check the weight gradient dL/dW = sum_t dL/dnet_t h_{t-1}^T (summed over the batch).

    Parameters
    ----------
    fn : callable
        ``fn(delta_net, hs, h0) -> dW`` with ``delta_net[t-1] = dL/dnet_t`` (T, B, H),
        ``hs[t-1] = h_t`` (T, B, H) and ``h0`` (B, H); returns dL/dW, shape (H, H).
    seed : int

    Returns
    -------
    bool
    """
    require_callable("fn", fn)
    dn, hs, h0 = dW_data(seed)
    answer = call(fn, dn, hs, h0)
    if answer is None:
        return False
    h_prev = np.concatenate([h0[None], hs[:-1]])
    right = np.einsum("tbi,tbj->ij", dn, h_prev)
    wrong = [(np.einsum("tbi,tbj->ij", dn, hs),
              "h_t where h_{t-1} belongs (as printed in 002): W multiplies h_{t-1} in net_t"),
             (right.T, "transposed: entry (i, j) is sum_t dL/dnet_t[i] h_{t-1}[j]"),
             (np.einsum("tbi,tbj->ij", dn, hs).T, "transposed, and h_t used instead of h_{t-1}"),
             (np.einsum("tbi,tbj->ij", dn[1:], hs[:-1]),
              "the step t = 1 (with h_0) is missing from the sum")]
    return judge(answer, right, wrong, "your answer equals rnnlib's on random data")


def check_cache_floats(answer, T=100, B=8, D=10, H=32, k=None):
    """Check a count of the floats that BPTT keeps for its backward pass.

    Parameters
    ----------
    answer : int
        The reader's count for the given sizes.
    T, B, D, H : int
        Sequence length, batch, input and hidden sizes.
    k : int, optional
        Truncation length of an online, chunked pass; None means full BPTT.

    Returns
    -------
    bool
    """
    right = tbptt.cost(T, B, D, H, 1, k)["cache_floats"]
    try:
        a = int(answer)
    except (TypeError, ValueError):
        raise ValueError(f"answer: expected an integer count, received {answer!r}") from None
    kk = T if k is None else min(k, T)
    if a == right:
        print(f"right: {right} floats = {kk} steps x B(D + H) for x_t and h_t, plus B H for h_0")
        return True
    hints = {kk * B * H: "the inputs x_t are needed too (for dL/dU)",
             kk * B * (D + H): "h_0 is needed too (for the first step's dL/dW)",
             T * B * (D + H) + B * H: "with truncation only one chunk of k steps is kept"}
    print(f"wrong: expected {right}; " + hints.get(a, "count x_t, h_t per step and h_0"))
    return False
