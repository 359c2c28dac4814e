"""Self-checking exercises of :doc:`02_bptt`.

Each checker takes the reader's answer, compares it with :mod:`rnnlib`'s on fresh random data,
prints one line that says right or wrong and why (naming the usual mistakes, including the ones
printed in the source documents), and returns True or False.
"""

import copy

import numpy as np

from .. import _validate, birnn, losses, rnn, tbptt
from ._judge import call, judge


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
    _validate.function("fn", fn)
    dn, do, hn, W, V = delta_step_data(seed)
    answer = call(fn, dn, do, hn, W, V)
    if answer is None:
        return False
    fp = 1.0 - hn ** 2
    right = V.T @ do + W.T @ (fp * dn)
    wrong = [(V.T @ do + fp * (W.T @ dn),
              "slope 1 - h_{t+1}^2 after W^T (one reading of 002's undefined product); it goes "
              "before W^T"),
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
    _validate.function("fn", fn)
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


def check_cache_floats(answer, T=100, B=8, D=10, H=32, K=50, k=None):
    """Check a count of the floats that BPTT holds for its backward pass.

    The backward pass needs the cache of the forward pass (x_t and h_t of every step, and
    h_0) and dL/do_t of every step: ``tbptt.cost(T, B, D, H, K, k)["peak_floats"]``
    = k B (D + H + K) + B H, with k = T for full BPTT.

    Parameters
    ----------
    answer : int
        The reader's count for the given sizes.
    T, B, D, H, K : int
        Sequence length, batch, input, hidden and output sizes.
    k : int, optional
        Truncation length of an online, chunked pass (one chunk is held at a time); None
        means full BPTT.

    Returns
    -------
    bool
    """
    c = tbptt.cost(T, B, D, H, K, k)
    try:
        a = int(answer)
    except (TypeError, ValueError):
        raise ValueError(f"answer: expected an integer count, received {answer!r}") from None
    right, kk = c["peak_floats"], T if k is None else min(k, T)
    if a == right:
        print(f"right: {right} floats = {kk} steps x B (D + H + K) for x_t, h_t and dL/do_t, "
              f"plus B H for h_0")
        return True
    hints = [(right - kk * B * K, "dL/do_t is held too (B K per step; it dominates for a "
                                  "large vocabulary K)"),
             (right - kk * B * D, "the inputs x_t are needed too (for dL/dU)"),
             (right - B * H, "h_0 is needed too (for the first step's dL/dW)"),
             (right - kk * B * (D + K), "x_t (for dL/dU) and dL/do_t are needed too"),
             (T * B * (D + H + K) + B * H, "with truncation only one chunk of k steps is held"),
             (right - kk * B * K + T * B * K, "with truncation dL/do_t too is held for one "
                                              "chunk of k steps only"),
             (right + kk * B * K, "the logits o_t need not be kept: the backward pass reads "
                                  "only dL/do_t")]
    why = next((w for v, w in hints if a == v), "count x_t, h_t and dL/do_t per step, and h_0")
    print(f"wrong: expected {right}; {why}")
    return False


def _rng(seed):
    """A generator seeded with ``seed``, a non-negative int (ValueError otherwise)."""
    return np.random.default_rng(_validate.nonnegative_int("seed", seed))


def _recursion(direct, M, slope, forward_in_time=False):
    """delta[t] = direct[t] + M @ (slope(t, s) * delta[s]), s the step before t in the order.

    ``direct`` (T, H); ``slope(t, s)`` (H,) or a scalar; the first step of the order keeps
    only its direct term. Returns (T, H).
    """
    out = np.empty_like(direct)
    order = range(len(direct)) if forward_in_time else range(len(direct) - 1, -1, -1)
    s = None
    for t in order:
        out[t] = direct[t] if s is None else direct[t] + M @ (slope(t, s) * out[s])
        s = t
    return out


def _last_step_case(seed):
    """Inputs of :func:`check_last_step_only` and rnnlib's dL/dh_t (T, H)."""
    rng = _rng(seed)
    T, D, H, K = 6, 3, 4, 3
    params = rnn.init_params(D, H, K, seed=seed)
    params["W"] = 1.5 * params["W"]                         # errors that do not fade too fast
    xs, h0 = rng.standard_normal((T, 1, D)), 0.5 * rng.standard_normal((1, H))
    ys = np.full((T, 1), -1)
    ys[-1] = rng.integers(0, K)                             # a loss at step T only
    _, _, deltas = rnn.loss_and_grads(params, xs, ys, h0)
    hs, _, _ = rnn.forward(params, xs, h0)
    right = deltas["h"][:, 0]
    return (right[-1], hs[:, 0], params["W"]), right


def last_step_data(seed=0):
    """Random data for :func:`check_last_step_only`: delta_T (H,), hs (T, H), W (H, H).

    Parameters
    ----------
    seed : int

    Returns
    -------
    tuple of ndarray
        ``delta_T`` = V^T (yhat_T - y_T) (H,), ``hs`` (T, H) with ``hs[t-1] = h_t``, ``W``
        (H, H); T = 6, H = 4, one sequence of a real :mod:`rnnlib.rnn` forward pass.
    """
    return _last_step_case(seed)[0]


def check_last_step_only(fn, seed=0):
    """Check BPTT for a loss at the last step only, L = L_T (sequence-to-vector).

    Only o_T receives an error, so delta_T = dL/dh_T = V^T (yhat_T - y_T) and, for t < T, the
    recursion has no direct term: delta_t = W^T diag(1 - h_{t+1}^2) delta_{t+1}.

    Parameters
    ----------
    fn : callable
        ``fn(delta_T, hs, W) -> deltas`` with ``delta_T`` (H,), ``hs`` (T, H) (``hs[t-1] =
        h_t``) and ``W`` (H, H); returns (T, H) with ``deltas[t-1] = dL/dh_t`` (so
        ``deltas[-1] = delta_T``).
    seed : int

    Returns
    -------
    bool
        Compared with ``deltas["h"]`` of :func:`rnnlib.rnn.loss_and_grads` with a target at
        step T only.
    """
    _validate.function("fn", fn)
    (dT, hs, W), right = _last_step_case(seed)
    answer = call(fn, dT, hs, W)
    if answer is None:
        return False
    T = len(hs)
    fp = 1.0 - hs ** 2
    only_T = np.zeros_like(hs)
    only_T[-1] = dT

    def after(delta, at):                    # the slope of step t + at applied after W^T
        out = delta.copy()
        for t in range(T - 2, -1, -1):
            out[t] = fp[t + at] * (W.T @ out[t + 1])
        return out

    wrong = [(_recursion(np.tile(dT, (T, 1)), W.T, lambda t, s: fp[s]),
              "delta_T added at every step: with L = L_T, dL/do_t = 0 for t < T, so no direct "
              "term"),
             (_recursion(only_T, W.T, lambda t, s: 1.0),
              "the tanh slope diag(1 - h_{t+1}^2) is missing"),
             (_recursion(only_T, W, lambda t, s: fp[s]),
              "W instead of W^T: the error flows back through W^T"),
             (_recursion(only_T, W.T, lambda t, s: fp[t]),
              "slope 1 - h_t^2 where 1 - h_{t+1}^2 belongs: it is the slope of net_{t+1}"),
             (after(only_T, 1), "slope 1 - h_{t+1}^2 applied after W^T; it goes before W^T"),
             (after(fp[-1] * only_T, 0),
              "these are dL/dnet_t = diag(1 - h_t^2) dL/dh_t; the question asks dL/dh_t"),
             (right[::-1], "rows in reverse order: row t-1 holds dL/dh_t (reverse the list you "
                           "built from T down)")]
    return judge(answer, right, wrong, "the error enters at step T only and flows back "
                                       "through W^T diag(1 - h_{t+1}^2)")


def _dh0_case(seed):
    """Inputs of :func:`check_dh0` and rnnlib's dL/dh_0 (B, H)."""
    rng = _rng(seed)
    T, B, D, H, K = 4, 3, 3, 4, 3
    params = rnn.init_params(D, H, K, seed=seed)
    xs, h0 = rng.standard_normal((T, B, D)), 0.8 * rng.standard_normal((B, H))
    ys = rng.integers(0, K, size=(T, B))
    _, grads, deltas = rnn.loss_and_grads(params, xs, ys, h0)
    return ({"h": deltas["h"], "net": deltas["net"]}, h0, params["W"]), grads["h0"]


def dh0_data(seed=0):
    """Random data for :func:`check_dh0`: deltas, h0 (B, H), W (H, H).

    Parameters
    ----------
    seed : int

    Returns
    -------
    deltas : dict
        ``"h"``, ``"net"`` (T, B, H): dL/dh_t and dL/dnet_t as returned by
        :func:`rnnlib.rnn.backward` (``deltas["net"][t-1] = dL/dnet_t``).
    h0 : ndarray, shape (B, H)
    W : ndarray, shape (H, H)
        T = 4, B = 3, H = 4, from a real :mod:`rnnlib.rnn` forward and backward pass.
    """
    return _dh0_case(seed)[0]


def check_dh0(fn, seed=0):
    """Check the error sent to the initial state, dL/dh_0 = W^T dL/dnet_1.

    h_0 enters the network only through net_1 = U x_1 + W h_0 + b, and it is given, not the
    output of a tanh: there is no net_0 and no slope to apply. Batches are rows, so for each
    row W^T delta^net_1 is ``delta_net_1 @ W``.

    Parameters
    ----------
    fn : callable
        ``fn(deltas, h0, W) -> dh0`` with ``deltas`` a dict of ``"h"`` and ``"net"``, each
        (T, B, H), as :func:`rnnlib.rnn.backward` returns them (index t-1 for step t),
        ``h0`` (B, H) and ``W`` (H, H); returns dL/dh_0, shape (B, H), one row per sequence.
    seed : int

    Returns
    -------
    bool
        Compared with ``rnn.backward``'s ``grads["h0"]``.
    """
    _validate.function("fn", fn)
    (deltas, h0, W), right = _dh0_case(seed)
    answer = call(lambda h0_, W_: fn(copy.deepcopy(deltas), h0_, W_), h0, W)
    if answer is None:
        return False
    dn1, dh1 = deltas["net"][0], deltas["h"][0]
    slope1 = dn1 / np.where(dh1 == 0, 1.0, dh1)             # 1 - h_1^2
    wrong = [(dn1 @ W.T, "W instead of W^T (for batch rows, W^T delta_net_1 is "
                         "delta_net_1 @ W)"),
             (dh1 @ W, "deltas['h'][0] = dL/dh_1 where dL/dnet_1 = deltas['net'][0] belongs: "
                       "W h_0 is inside net_1, before the slope"),
             ((1.0 - h0 ** 2) * (dn1 @ W), "an extra slope 1 - h_0^2: h_0 is given, not a "
                                           "tanh output (there is no net_0)"),
             ((slope1 * dn1) @ W, "the slope of step 1 applied twice: deltas['net'] already "
                                  "includes it"),
             (dn1, "dL/dnet_1 itself: h_0 reaches net_1 through W, so multiply by W^T"),
             (deltas["net"][-1] @ W, "deltas['net'][-1] is step T; h_0 feeds net_1, "
                                     "deltas['net'][0]"),
             (dh1, "dL/dh_1 itself: go one step further back, through W^T")]
    return judge(answer, right, wrong, "dL/dh_0 = W^T dL/dnet_1, as rnn.backward's "
                                       "grads['h0']")


def _birnn_case(seed):
    """Inputs of :func:`check_birnn_backward` and birnn's dL/dh'_t (T, H)."""
    rng = _rng(seed)
    T, D, H, K = 5, 3, 4, 3
    params = birnn.init_params(D, H, K, seed=seed)
    xs = rng.standard_normal((T, 1, D))
    h0, h0_b = 0.5 * rng.standard_normal((1, H)), 0.5 * rng.standard_normal((1, H))
    ys = rng.integers(0, K, size=(T, 1))
    hs, hs_b, logits, cache = birnn.forward(params, xs, h0, h0_b)
    _, dos = losses.softmax_cross_entropy(logits, ys)
    _, deltas = birnn.backward(dos, cache)
    return (dos[:, 0], hs[:, 0], hs_b[:, 0], params), deltas["h_b"][:, 0]


def birnn_data(seed=0):
    """Random data for :func:`check_birnn_backward`: dos (T, K), hs, hs_b (T, H), params.

    Parameters
    ----------
    seed : int

    Returns
    -------
    dos : ndarray, shape (T, K)
        ``dos[t-1] = dL/do_t`` (softmax cross-entropy).
    hs, hs_b : ndarray, shape (T, H)
        ``hs[t-1] = h_t`` (forward chain), ``hs_b[t-1] = h'_t`` (backward chain), both
        indexed by time.
    params : dict
        As :func:`rnnlib.birnn.init_params` returns: ``"U", "W", "b", "V"`` and the primed
        ``"Ub", "Wb", "bb", "Vb"``, and ``"c"``. T = 5, H = 4, K = 3, one sequence of a real
        :mod:`rnnlib.birnn` forward pass.
    """
    return _birnn_case(seed)[0]


def check_birnn_backward(fn, seed=0):
    """Check the error of a bidirectional RNN's backward chain, delta'_t = dL/dh'_t.

    With h'_t = tanh(U' x_t + W' h'_{t+1} + b') and o_t = V h_t + V' h'_t + c, h'_t feeds o_t
    and h'_{t-1}, so its error runs *forward* in time, from t = 1::

        delta'_t = V'^T dL/do_t + W'^T diag(1 - h'_{t-1}^2) delta'_{t-1},
        delta'_1 = V'^T dL/do_1.

    Parameters
    ----------
    fn : callable
        ``fn(dos, hs, hs_b, params) -> deltas_b`` with ``dos`` (T, K), ``hs`` and ``hs_b``
        (T, H) (``hs_b[t-1] = h'_t``) and the birnn ``params`` dict (``params["Vb"]`` = V'
        (K, H), ``params["Wb"]`` = W' (H, H)); returns (T, H) with ``deltas_b[t-1] =
        dL/dh'_t`` (time order).
    seed : int

    Returns
    -------
    bool
        Compared with :func:`rnnlib.birnn.backward`'s ``deltas["h_b"]``.
    """
    _validate.function("fn", fn)
    (dos, hs, hb, p), right = _birnn_case(seed)
    answer = call(lambda d, h, g: fn(d, h, g, copy.deepcopy(p)), dos, hs, hb)
    if answer is None:
        return False
    Vb, Wb, V, W = p["Vb"], p["Wb"], p["V"], p["W"]
    fb, ff = 1.0 - hb ** 2, 1.0 - hs ** 2
    wrong = [(_recursion(dos @ Vb, Wb.T, lambda t, s: fb[s]),
              "the recursion runs backward in time, as for the forward chain; h'_t feeds "
              "h'_{t-1}, so delta' runs from t = 1 up"),
             (_recursion(dos @ V, Wb.T, lambda t, s: fb[s], True),
              "V instead of V': o_t reads h'_t through V'"),
             (_recursion(dos @ Vb, W.T, lambda t, s: fb[s], True),
              "W instead of W': h'_t feeds h'_{t-1} through W'"),
             (_recursion(dos @ Vb, Wb, lambda t, s: fb[s], True),
              "W' instead of W'^T: the error flows back through W'^T"),
             (_recursion(dos @ Vb, Wb.T, lambda t, s: fb[t], True),
              "slope 1 - h'_t^2 where 1 - h'_{t-1}^2 belongs: the slope of the state that "
              "receives h'_t"),
             (_recursion(dos @ Vb, Wb.T, lambda t, s: ff[s], True),
              "the slope of the forward states h_{t-1}; use the backward chain's h'_{t-1}"),
             (_recursion(dos @ Vb, Wb.T, lambda t, s: 1.0, True),
              "the tanh slope diag(1 - h'_{t-1}^2) is missing"),
             (_recursion(dos @ V, W.T, lambda t, s: ff[s]),
              "these are dL/dh_t of the forward chain (V, W, backward in time); use V', W'"),
             (right[::-1], "rows in the order of computation; row t-1 must hold dL/dh'_t "
                           "(time order)")]
    return judge(answer, right, wrong, "delta' runs forward in time through V' and "
                                       "W'^T diag(1 - h'_{t-1}^2)")


def _truncated_case(seed):
    """Inputs of :func:`check_truncated` and truncated_backward's dL/dW (H, H)."""
    rng = _rng(seed)
    T, B, D, H, K, k = 7, 2, 3, 4, 3, 3
    params = rnn.init_params(D, H, K, seed=seed)
    params["W"] = 1.5 * params["W"]
    xs, h0 = rng.standard_normal((T, B, D)), 0.5 * rng.standard_normal((B, H))
    ys = rng.integers(0, K, size=(T, B))
    _, logits, cache = rnn.forward(params, xs, h0)
    _, dos = losses.softmax_cross_entropy(logits, ys)
    return (dos, cache, k), tbptt.truncated_backward(dos, cache, k)[0]["W"]


def truncated_data(seed=0):
    """Random data for :func:`check_truncated`: dos (T, B, K), cache, k.

    Parameters
    ----------
    seed : int

    Returns
    -------
    dos : ndarray, shape (T, B, K)
        ``dos[t-1] = dL/do_t``.
    cache : dict
        From :func:`rnnlib.rnn.forward` over the whole sequence (``"params"``, ``"xs"``
        (T, B, D), ``"h0"`` (B, H), ``"hs"`` (T, B, H), ``"activation"``).
    k : int
        T = 7, B = 2, H = 4, k = 3: chunks t = 1..3, 4..6 and 7.
    """
    return _truncated_case(seed)[0]


def _chunked_W(dos, cache, k, start, last=False):
    """dL/dW of BPTT run on each chunk of k steps alone (on the last chunk only if ``last``),
    the chunk that begins at code index s starting from the state ``start(s)``."""
    total = 0.0
    starts = range(0, len(dos), k)
    for s in starts[-1:] if last else starts:
        sub = {**cache, "xs": cache["xs"][s:s + k], "hs": cache["hs"][s:s + k], "h0": start(s)}
        total = total + rnn.backward(dos[s:s + k], sub)[0]["W"]
    return total


def check_truncated(fn, seed=0):
    """Check BPTT truncated every k steps, as dL/dW.

    The forward pass runs over the whole sequence; the backward pass cuts the recurrent error
    W^T dL/dnet_{t+1} where a chunk begins (chunks t = 1..k, k+1..2k, ...), so each chunk is
    backpropagated on its own, from the state where the previous chunk ended. Every direct
    error V^T dL/do_t is kept.

    Parameters
    ----------
    fn : callable
        ``fn(dos, cache, k) -> dW`` with ``dos`` (T, B, K), ``cache`` from
        :func:`rnnlib.rnn.forward` (``cache["hs"]`` (T, B, H), ``cache["h0"]`` (B, H),
        ``cache["xs"]`` (T, B, D), ``cache["params"]``) and ``k`` an int; returns the
        truncated dL/dW, shape (H, H), summed over the batch.
    seed : int

    Returns
    -------
    bool
        Compared with :func:`rnnlib.tbptt.truncated_backward`'s ``grads["W"]``.
    """
    _validate.function("fn", fn)
    (dos, cache, k), right = _truncated_case(seed)
    answer = call(lambda d: fn(d, copy.deepcopy(cache), k), dos)
    if answer is None:
        return False
    T, hs, h0 = len(dos), cache["hs"], cache["h0"]

    def cut_at(starts, d=dos):
        gates = np.ones(T)
        gates[list(starts)] = 0.0
        return tbptt.gated_backward(d, cache, gates)[0]["W"]

    cuts = range(k, T, k)
    drop_last, drop_first = dos.copy(), dos.copy()
    drop_last[[s - 1 for s in cuts]] = 0.0               # the last step of each cut chunk
    drop_first[list(cuts)] = 0.0                         # the first step of each new chunk
    boundary = ("the direct error V^T dL/do_t was dropped at the chunk boundary; only the "
                "recurrent error W^T dL/dnet is cut")
    off = "the cuts are one step off: chunks are t = 1..k, k+1..2k, ..."
    restart = ("a chunk starts from the state where the previous one ended (only the error is "
               "cut, not the state)")
    wrong = [(rnn.backward(dos, cache)[0]["W"], "this is full BPTT: the error from step k+1 "
                                                "to step k (and every k steps) must be cut"),
             (cut_at(range(T - k, 0, -k)), "chunks counted from the end; they start at "
                                           "t = 1: 1..k, k+1..2k, ..."),
             (cut_at(range(k + 1, T, k)), off),
             (cut_at(range(k - 1, T, k)), off),
             (cut_at(cuts, drop_last), boundary),
             (cut_at(cuts, drop_first), boundary),
             (_chunked_W(dos, cache, k, lambda s: h0), "every chunk started from h_0; " + restart),
             (_chunked_W(dos, cache, k, lambda s: h0 if s == 0 else 0 * h0),
              "chunks started from zeros; " + restart),
             (_chunked_W(dos, cache, k, lambda s: hs[s - 1] if s else h0, last=True),
              "only the last chunk's dL/dW: the chunks' gradients add up"),
             (right.T, "transposed: entry (i, j) is sum_t dL/dnet_t[i] h_{t-1}[j]")]
    return judge(answer, right, wrong, "the error is cut every k steps from t = 1, the "
                                       "direct errors are all kept")
