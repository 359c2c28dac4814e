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
"""

import numpy as np

from . import _validate, rnn
from . import activations as act


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
    fprime = act.derivative(cache["activation"], hs)       # f'(net_t), from h_t
    delta_h = dos @ p["V"]                                 # V^T dL/do_t
    delta_net = np.empty_like(delta_h)
    carry = np.zeros((B, H))
    for t in reversed(range(T)):
        delta_h[t] += carry                                # total (truncated) dL/dh_t
        delta_net[t] = delta_h[t] * fprime[t]              # dL/dnet_t = f' * dL/dh_t
        carry = gates[t] * (delta_net[t] @ p["W"])         # gated W^T dL/dnet_t to step t-1
    h_prev = np.concatenate([h0[None], hs[:-1]])
    dn = delta_net.reshape(T * B, H)
    grads = {"U": dn.T @ xs.reshape(T * B, -1),
             "W": dn.T @ h_prev.reshape(T * B, H),
             "b": dn.sum(axis=0),
             "V": dos.reshape(T * B, K).T @ hs.reshape(T * B, H),
             "c": dos.sum(axis=(0, 1)),
             "h0": carry,
             "xs": delta_net @ p["U"]}
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
        Truncation length of an online, chunked pass (the chunk's cache is freed once it has
        been backpropagated); None means full BPTT (k = T).

    Returns
    -------
    dict of int
        ``"cache_floats"``: floats held for the backward pass at the peak (inputs, states and
        the initial state of one chunk: k B (D + H) + B H); ``"flops_forward"``,
        ``"flops_backward"``: multiply-adds of the matrix products, counted as 2 flops each.
    """
    T, B, D, H, K = (_validate.positive_int(n, v) for n, v in
                     zip(("T", "B", "D", "H", "K"), (T, B, D, H, K)))
    k = T if k is None else min(_validate.positive_int("k", k), T)
    per_step_fwd = 2 * B * H * (D + H + K)           # U x_t, W h_{t-1}, V h_t
    per_step_bwd = 2 * B * H * (2 * K + 2 * H + 2 * D)   # V^T do, W^T dnet, dV, dW, dU, dxs
    return {"cache_floats": k * B * (D + H) + B * H,
            "flops_forward": T * per_step_fwd,
            "flops_backward": T * per_step_bwd}
