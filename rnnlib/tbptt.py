"""Truncated backpropagation through time and the cost of BPTT (chapter 2, "The cost of BPTT").

Full BPTT sends the error ``W^T dL/dnet_{t+1}`` from every step to the one before. Truncation
cuts some of these links. All variants here are one backward pass with a *gate* per step::

    delta_h[t] = V^T dL/do_t + gates[t] * W^T delta_net[t+1]        (gates[t] = 1: full BPTT)

(with code indices, ``gates[t]`` multiplies the error that step t+1 sends to step t, and
``gates[0]`` the error sent to h_0).

* :func:`truncated_backward` cuts every k steps (the forward pass still runs over the whole
  sequence): the sequence is split into chunks of k steps and each chunk is backpropagated
  alone, starting from the state where the previous chunk ended (Williams and Peng's
  BPTT(k, k)). For k >= T it *is* full BPTT.
* :func:`randomized_backward` truncates at random, in the spirit of Tallec and Ollivier (2017):
  each link is cut with probability q and otherwise rescaled by 1/(1-q), so that every path's
  expected weight is 1 and the gradient is unbiased; ``q = 1/k`` truncates every k steps on
  average.
* :func:`cost` gives the memory (the cache and dL/do_t held for the backward pass) and the
  flops of one pass by formula; :func:`count_flops` counts the flops while a plain
  step-by-step BPTT runs, to check the formulas against.
"""

import numpy as np

from . import _validate, losses, rnn


def _check_cache(cache):
    return _validate.cache(cache, ("params", "xs", "h0", "hs", "activation"), "rnn.forward")


def gated_backward(dos, cache, gates):
    """BPTT in which the error passed from step t+1 to step t is multiplied by ``gates[t]``.

    Parameters
    ----------
    dos : ndarray, shape (T, B, K)
        ``dos[t-1] = dL/do_t``.
    cache : dict
        From :func:`rnnlib.rnn.forward`.
    gates : ndarray, shape (T,)
        ``gates[t]`` (code index) scales the error that step t+1 sends back to step t;
        ``gates[0]`` scales the error sent to h_0. All ones gives :func:`rnnlib.rnn.backward`.

    Returns
    -------
    grads, deltas : dict
        As returned by :func:`rnnlib.rnn.backward` (keys ``"U", "W", "b", "V", "c", "h0",
        "xs"`` and ``"h", "net"``).
    """
    _check_cache(cache)
    p, xs, h0, hs = cache["params"], cache["xs"], cache["h0"], cache["hs"]
    T, B, H = hs.shape
    K = p["V"].shape[0]
    dos = _validate.upstream("dos", dos, (T, B, K))
    gates = _validate.array("gates", gates, 1, "(T,)")
    if gates.shape != (T,):
        raise ValueError(f"gates: expected shape (T,) = ({T},), received {gates.shape}")
    grads = {k: np.zeros_like(p[k]) for k in rnn.WEIGHTS}
    delta_h, delta_net, dxs = np.empty((T, B, H)), np.empty((T, B, H)), np.empty(xs.shape)
    carry = np.zeros((B, H))                               # nothing comes from step T + 1
    for t in reversed(range(T)):                           # rnn.backward's loop, gated
        h_prev = h0 if t == 0 else hs[t - 1]
        g, d = rnn.step_backward(p, dos[t], carry, xs[t], h_prev, hs[t], cache["activation"])
        for k in rnn.WEIGHTS:
            grads[k] += g[k]
        carry = gates[t] * g["h_prev"]                     # the gated W^T dL/dnet_t to step t-1
        delta_h[t], delta_net[t], dxs[t] = d["h"], d["net"], g["x"]
    grads["h0"], grads["xs"] = carry, dxs
    return grads, {"h": delta_h, "net": delta_net}


def truncation_gates(T, k):
    """The gates of truncation every k steps: 0 where a chunk of k steps begins, else 1.

    Parameters
    ----------
    T, k : int
        Sequence length and truncation length.

    Returns
    -------
    ndarray, shape (T,)
        ``gates[s] = 0`` for s = k, 2k, ... < T (code indices), 1 elsewhere.
    """
    T = _validate.positive_int("T", T)
    k = _validate.positive_int("k", k)
    gates = np.ones(T)
    gates[k::k] = 0.0
    return gates


def truncated_backward(dos, cache, k):
    """BPTT truncated every k steps: each chunk of k steps is backpropagated on its own.

    Parameters
    ----------
    dos : ndarray, shape (T, B, K)
        ``dos[t-1] = dL/do_t``.
    cache : dict
        From :func:`rnnlib.rnn.forward` over the whole sequence.
    k : int
        Truncation length; k >= T gives exactly :func:`rnnlib.rnn.backward`.

    Returns
    -------
    grads : dict
        Sums over the chunks of :func:`rnnlib.rnn.backward`'s gradients; ``"h0"`` (B, H) comes
        from the first chunk and ``"xs"`` (T, B, D) is concatenated.
    deltas : dict
        ``"h"``, ``"net"`` (T, B, H): the truncated error terms.
    """
    _check_cache(cache)
    k = _validate.positive_int("k", k)
    hs = cache["hs"]
    T = hs.shape[0]
    dos = _validate.array("dos", dos, 3, "(T, B, K)")
    if dos.shape[:2] != hs.shape[:2]:
        raise ValueError(f"dos: expected shape (T, B, K) with (T, B) = {hs.shape[:2]}, "
                         f"received {dos.shape}")
    if k >= T:
        return rnn.backward(dos, cache)
    total, parts, d_h, d_net = None, [], [], []
    for s in range(0, T, k):
        e = min(s + k, T)
        sub = {**cache, "xs": cache["xs"][s:e], "hs": hs[s:e],
               "h0": cache["h0"] if s == 0 else hs[s - 1]}   # the chunk starts from h_s
        g, d = rnn.backward(dos[s:e], sub)
        parts.append(g["xs"])
        d_h.append(d["h"])
        d_net.append(d["net"])
        if total is None:
            total = {key: g[key] for key in ("U", "W", "b", "V", "c", "h0")}
        else:
            for key in ("U", "W", "b", "V", "c"):
                total[key] = total[key] + g[key]
    total["xs"] = np.concatenate(parts)
    return total, {"h": np.concatenate(d_h), "net": np.concatenate(d_net)}


def randomized_gates(T, q, seed=0):
    """Random gates: each link t+1 -> t is cut with probability q, else scaled by 1/(1-q).

    Parameters
    ----------
    T : int
    q : float in [0, 1)
        Probability of cutting a link; ``q = 1/k`` cuts every k steps on average.
    seed : int

    Returns
    -------
    ndarray, shape (T,)
        ``gates[0] = 1`` (the link to h_0 is never cut); every other entry is 0 or 1/(1-q), of
        expectation 1.
    """
    T = _validate.positive_int("T", T)
    q = float(_validate.array("q", q, 0))
    if not 0.0 <= q < 1.0:
        raise ValueError(f"q: expected a probability in [0, 1), received {q!r}")
    keep = np.random.default_rng(seed).random(T) >= q
    gates = np.where(keep, 1.0 / (1.0 - q), 0.0)
    gates[0] = 1.0
    return gates


def randomized_backward(dos, cache, q, seed=0):
    """Randomized truncation with compensation, unbiased in expectation (Tallec & Ollivier).

    Parameters
    ----------
    dos : ndarray, shape (T, B, K)
    cache : dict
        From :func:`rnnlib.rnn.forward`.
    q : float in [0, 1)
        Probability of cutting each link (see :func:`randomized_gates`).
    seed : int

    Returns
    -------
    grads, deltas : dict
        As returned by :func:`gated_backward`.
    """
    _check_cache(cache)
    return gated_backward(dos, cache, randomized_gates(cache["hs"].shape[0], q, seed))


def cosine(a, b):
    """Cosine between two gradients, each a dict of arrays (or an array), flattened together.

    Parameters
    ----------
    a, b : dict of ndarray or ndarray
        With the same keys and shapes; for dicts, only the keys ``U, W, b, V, c`` present in
        both are used.

    Returns
    -------
    float in [-1, 1]
    """
    if isinstance(a, dict) and isinstance(b, dict):
        keys = [k for k in ("U", "W", "b", "V", "c") if k in a and k in b]
        if not keys:
            raise ValueError(f"b: expected gradient dicts with keys among U, W, b, V, c, "
                             f"received {sorted(a)} and {sorted(b)}")
        a = np.concatenate([np.ravel(a[k]) for k in keys])
        b = np.concatenate([np.ravel(b[k]) for k in keys])
    a, b = _validate.array("a", a, None).ravel(), _validate.array("b", b, None).ravel()
    if a.shape != b.shape:
        raise ValueError(f"b: expected {a.size} entries (as many as a), received {b.size}")
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        raise ValueError("a, b: expected non-zero gradients, received a zero vector")
    return float(a @ b / (na * nb))


def cost(T, B, D, H, K, k=None):
    """Memory and arithmetic of one forward and backward pass, counted, not timed.

    Parameters
    ----------
    T, B, D, H, K : int
        Sequence length, batch, input, hidden and output sizes.
    k : int, optional
        Truncation length of an online, chunked pass (a chunk's cache and its dL/do_t are
        freed once the chunk has been backpropagated); None means full BPTT (k = T).

    Returns
    -------
    dict of int
        ``"cache_floats"``: the cache the forward pass keeps for the backward pass (inputs,
        states and the initial state of one chunk: k B (D + H) + B H);
        ``"grad_out_floats"``: dL/do_t of one chunk, which the backward pass also holds
        (k B K; it dominates when K is a vocabulary);
        ``"peak_floats"``: their sum, k B (D + H + K) + B H, the floats held for the backward
        pass at its start;
        ``"flops_forward"``, ``"flops_backward"``: multiply-adds of the matrix products,
        counted as 2 flops each (what :func:`count_flops` counts while it runs), for the whole
        sequence.
    """
    T, B, D, H, K = (_validate.positive_int(n, v) for n, v in
                     zip(("T", "B", "D", "H", "K"), (T, B, D, H, K)))
    k = T if k is None else min(_validate.positive_int("k", k), T)
    per_step_fwd = 2 * B * H * (D + H + K)           # U x_t, W h_{t-1}, V h_t
    per_step_bwd = 2 * B * H * (2 * K + 2 * H + 2 * D)   # V^T do, W^T dnet, dV, dW, dU, dxs
    cache, grad_out = k * B * (D + H) + B * H, k * B * K
    return {"cache_floats": cache,
            "grad_out_floats": grad_out,
            "peak_floats": cache + grad_out,
            "flops_forward": T * per_step_fwd,
            "flops_backward": T * per_step_bwd}


class _Counted(np.ndarray):
    """An array whose matrix products add their flops, 2 m n p for (m, n) @ (n, p), to
    ``_Counted.flops[0]``; what is computed from it is a _Counted array in turn, so every
    product of a step that starts from one is counted (and nothing else: elementwise work,
    sums over the batch and the checks are free)."""

    flops = [0]      # count_flops puts a fresh counter here for each pass

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [a.view(np.ndarray) if isinstance(a, _Counted) else a for a in inputs]
        if kwargs.get("out") is not None:
            kwargs["out"] = tuple(o.view(np.ndarray) if isinstance(o, _Counted) else o
                                  for o in kwargs["out"])
        if ufunc is np.matmul and method == "__call__":
            (m, n), p = np.shape(plain[0]), np.shape(plain[1])[1]
            _Counted.flops[0] += 2 * m * n * p
        result = getattr(ufunc, method)(*plain, **kwargs)
        return result.view(_Counted) if isinstance(result, np.ndarray) else result


def count_flops(T, B, D, H, K, seed=0):
    """Run the reference BPTT of the tanh RNN step by step and count the flops of its products.

    The passes are :func:`rnnlib.rnn.step_forward` and :func:`rnnlib.rnn.step_backward`, one
    step at a time, on arrays that count every matrix product they take part in: 2 m n p flops
    for each (m, n) @ (n, p). Elementwise work (tanh, slopes, biases, sums over the batch) is
    not counted. The data are random: parameters from :func:`rnnlib.rnn.init_params`, inputs,
    h_0 and class ids from ``seed``, and dL/do_t from the softmax cross-entropy of the counted
    forward pass.

    Parameters
    ----------
    T, B, D, H, K : int
        Sequence length, batch, input, hidden and output sizes.
    seed : int, >= 0

    Returns
    -------
    dict
        ``"flops_forward"``, ``"flops_backward"`` : int, counted while the passes ran (compare
        with :func:`cost`); ``"grads"``: the gradients computed, keys and shapes of
        :func:`rnnlib.rnn.backward`'s (``"U", "W", "b", "V", "c"``, ``"h0"`` (B, H), ``"xs"``
        (T, B, D)); ``"data"``: ``"params"``, ``"xs"`` (T, B, D), ``"h0"`` (B, H), ``"dos"``
        (T, B, K), so that ``rnn.backward(dos, rnn.forward(params, xs, h0)[2])`` can be
        compared with ``"grads"``.
    """
    T, B, D, H, K = (_validate.positive_int(n, v) for n, v in
                     zip(("T", "B", "D", "H", "K"), (T, B, D, H, K)))
    seed = _validate.nonnegative_int("seed", seed)
    rng = np.random.default_rng(seed)
    p = rnn.init_params(D, H, K, seed=seed)
    xs, h0 = rng.standard_normal((T, B, D)), 0.5 * rng.standard_normal((B, H))
    ys = rng.integers(0, K, size=(T, B))

    _Counted.flops = fwd = [0]                            # forward, one step at a time
    hs, logits = [h0.view(_Counted)], []                      # hs[t] = h_t, hs[0] = h_0
    for t in range(T):
        h, o = rnn.step_forward(p, xs[t].view(_Counted), hs[t])
        hs.append(h)
        logits.append(o)
    _, dos = losses.softmax_cross_entropy(np.stack(logits).view(np.ndarray), ys)   # (T, B, K)

    _Counted.flops = bwd = [0]                            # backward, from the last step
    g = {k: np.zeros_like(p[k]) for k in rnn.WEIGHTS}
    g["xs"] = np.zeros((T, B, D))
    dh_next = np.zeros((B, H)).view(_Counted)             # nothing comes from step T + 1
    for t in reversed(range(T)):
        step, _ = rnn.step_backward(p, dos[t].view(_Counted), dh_next, xs[t], hs[t], hs[t + 1])
        for k in rnn.WEIGHTS:
            g[k] += step[k]
        g["xs"][t], dh_next = step["x"], step["h_prev"]
    g["h0"] = dh_next.view(np.ndarray)
    _Counted.flops = [0]
    return {"flops_forward": fwd[0], "flops_backward": bwd[0], "grads": g,
            "data": {"params": p, "xs": xs, "h0": h0, "dos": dos}}
