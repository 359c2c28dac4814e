"""The tuned twin of :mod:`rnnlib.rnn`: the same functions, signatures, cache and results.

:mod:`rnnlib.rnn` is the reference, one time step at a time as the equations read; this module
computes the same in another order, for speed (the book's appendix on performance explains
each change, and ``tests/test_fast.py`` asserts the agreement to rounding error).

Notation of the source documents 000 and 002 (column vectors; a batch is stacked as rows)::

    net_t = U x_t + W h_{t-1} + b,    h_t = f(net_t),    o_t = V h_t + c,
    yhat_t = softmax(o_t).

The backward pass keeps two error terms apart (chapter 2 maps them onto the documents):

    delta_h[t]   = dL/dh_t   = V^T dL/do_t + W^T delta_net[t+1]     (document 002's delta^(t))
    delta_net[t] = dL/dnet_t = f'(net_t) * delta_h[t]                (document 000's delta_t)

and the gradients of the shared weights are sums over time:
dL/dW = sum_t delta_net[t] h_{t-1}^T, dL/dU = sum_t delta_net[t] x_t^T, dL/db = sum_t delta_net[t].
"""

import numpy as np

from .. import _validate, losses
from .. import activations as act
from ..rnn import _check_params, init_params
from ._ops import blocks, chunks, timewise

__all__ = ["init_params", "forward", "backward", "loss_and_grads"]   # init_params: rnn's


def forward(params, xs, h0=None, activation="tanh"):
    """Run the network over a batch of sequences: :func:`rnnlib.rnn.forward`, faster.

    The same arguments, results, cache (the same keys) and errors as the reference; the products
    that do not depend on the recurrence leave the time loop by chunks of 16 steps.
    """
    p = _check_params(params)
    _validate.choice("activation", activation, act.NAMES)
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    H = p["W"].shape[0]
    _validate.size("xs", xs, 2, p["U"].shape[1], "D (columns of U)")
    h0 = _validate.state("h0", h0, B, H)
    hs, logits = blocks((T, B, H), (T, B, p["V"].shape[0]))
    # The loop holds a step's B sequences as columns, as the documents write vectors:
    # z_t = [h_{t-1}; x_t; 1] is an (H + D + 1, B) block, and net_t = [W U b] z_t is one product,
    # which numpy's BLAS runs faster from [W U b] stored column by column (Fortran order) than
    # the same product of rows, even with U x_t + b taken out of the loop (measured: 3 % of a
    # loss_and_grads call)
    Wz = np.empty((H, H + D + 1), order="F")
    Wz[:, :H], Wz[:, H:-1], Wz[:, -1] = p["W"], p["U"], p["b"]
    zt, net = np.empty((H + D + 1, B)), np.empty((H, B))
    h, x = zt[:H], zt[H:-1]                                      # z_t's parts (views)
    h[...], zt[-1] = h0.T, 1.0
    f = act.function(activation)
    for steps in chunks(T):
        for t in range(steps.start, steps.stop):
            np.copyto(x, xs[t].T)                                # x_t
            np.matmul(Wz, zt, out=net)                           # net_t = W h_{t-1} + U x_t + b
            f(net, out=h)                                        # h_t = f(net_t), the next z_t
            np.copyto(hs[t], h.T)                                # h_t as rows
        timewise(hs[steps], p["V"].T, out=logits[steps])     # V h_t, while h_t is in cache
    logits += p["c"]                                         # o_t = V h_t + c
    return hs, logits, {"params": p, "xs": xs, "h0": h0, "hs": hs, "activation": activation}


def backward(dos, cache, input_grad=True):
    """Backpropagation through time: :func:`rnnlib.rnn.backward`, faster.

    The same arguments, results and errors as the reference, which it equals to rounding error;
    ``cache`` may come from either module's ``forward``.
    """
    _validate.cache(cache, ("params", "xs", "h0", "hs", "activation"), "rnn.forward")
    T, B, H = cache["hs"].shape
    K = cache["params"]["V"].shape[0]
    return _bptt(_validate.upstream("dos", dos, (T, B, K)), cache,
                 _validate.boolean("input_grad", input_grad))


def _bptt(dos, cache, input_grad=True):
    """:func:`backward` without the checks (``dos`` of shape (T, B, K), as from forward)."""
    p, xs, h0, hs = cache["params"], cache["xs"], cache["h0"], cache["hs"]
    T, B, H = hs.shape
    K = p["V"].shape[0]
    name, W = cache["activation"], p["W"]
    D = xs.shape[2]
    delta_h, delta_net, *dx = blocks((T, B, H), (T, B, H), *([(T, B, D)] if input_grad else []))
    ones = np.ones(T * B)                                  # sums over t and b as products
    carry = np.zeros((B, H))                               # W^T delta_net[t+1]
    grad_U, grad_W, grad_b = np.zeros((H, D)), np.zeros((H, H)), np.zeros(H)
    grad_V, grad_c = np.zeros((K, H)), np.zeros(K)
    for steps in chunks(T, reverse=True):
        # what does not depend on the recursion, for the chunk's steps at once: before the
        # loop, V^T dL/do_t, f'(net_t) and the chunk's terms of dL/dV and dL/dc; after it, its
        # terms of the other weight gradients (sums over t of outer products, one product
        # each) and of dL/dxs
        do = dos[steps].reshape(-1, K)                     # the chunk's dL/do_t as rows
        timewise(dos[steps], p["V"], out=delta_h[steps])   # V^T dL/do_t
        grad_V += do.T @ hs[steps].reshape(-1, H)          # sum_t dL/do_t h_t^T
        grad_c += ones[:len(do)] @ do                      # sum_t dL/do_t
        act.derivative(name, hs[steps], out=delta_net[steps])   # f'(net_t), from h_t
        for dh_t, dn_t in zip(delta_h[steps][::-1], delta_net[steps][::-1]):   # t downwards
            dh_t += carry                                  # total dL/dh_t
            dn_t *= dh_t                                   # dL/dnet_t = f'(net_t) * dL/dh_t
            np.matmul(dn_t, W, out=carry)                  # W^T dL/dnet_t, sent to h_{t-1}
        dn = delta_net[steps].reshape(-1, H)               # the chunk's dL/dnet_t as rows
        grad_U += dn.T @ xs[steps].reshape(-1, D)          # sum_t dL/dnet_t x_t^T
        grad_b += ones[:len(dn)] @ dn                      # sum_t dL/dnet_t
        if steps.start > 0:                                # sum_t dL/dnet_t h_{t-1}^T
            grad_W += dn.T @ hs[steps.start - 1:steps.stop - 1].reshape(-1, H)
        else:                                              # h_0 is not in hs
            grad_W += dn[B:].T @ hs[:steps.stop - 1].reshape(-1, H) + delta_net[0].T @ h0
        if input_grad:
            timewise(delta_net[steps], p["U"], out=dx[0][steps])   # U^T dL/dnet_t, to below
    grads = {"U": grad_U, "W": grad_W, "b": grad_b, "V": grad_V, "c": grad_c, "h0": carry}
    if input_grad:
        grads["xs"] = dx[0]
    return grads, {"h": delta_h, "net": delta_net}


def loss_and_grads(params, xs, ys, h0=None, activation="tanh", input_grad=True):
    """Loss, gradients and error terms: :func:`rnnlib.rnn.loss_and_grads`, faster.

    The same arguments, results and errors as the reference, which it equals to rounding
    error.
    """
    input_grad = _validate.boolean("input_grad", input_grad)
    _, logits, cache = forward(params, xs, h0, activation)
    ys = _validate.targets("ys", ys, *logits.shape)
    loss, dos = losses._softmax_cross_entropy(logits, ys, out=logits)  # logits not returned
    grads, deltas = _bptt(dos, cache, input_grad)
    return loss, grads, deltas
