"""The tuned twin of :mod:`rnnlib.lstm`: the same functions, signatures and results (to rounding).

:mod:`rnnlib.lstm` is the reference, one time step at a time as the equations read; this
module computes the same in another order, for speed (chapter 4 lists the changes, and
``tests/test_fast.py`` asserts the agreement). The cache differs: see :func:`forward`.

Column convention, ``z_t = [h_{t-1}; x_t]`` (the state first, as in document 003)::

    f_t = sigmoid(Wf z_t + bf)      forget gate
    i_t = sigmoid(Wi z_t + bi)      input gate
    g_t = tanh(Wc z_t + bc)         candidate cell
    o_t = sigmoid(Wo z_t + bo)      output gate
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)
    y_t = Wy h_t + by               logits; yhat_t = softmax(y_t)

Backward, with dh_t and dc_t the total derivatives dL/dh_t and dL/dc_t::

    dh_t = Wy^T dL/dy_t + (dL/dz_{t+1})[:H]
    dc_t = dh_t * o_t * (1 - tanh(c_t)^2) + dc_{t+1} * f_{t+1}
    da_f = dc_t * c_{t-1} * f(1-f),  da_i = dc_t * g_t * i(1-i),
    da_g = dc_t * i_t * (1-g^2),     da_o = dh_t * tanh(c_t) * o(1-o)
    dL/dz_t = Wf^T da_f + Wi^T da_i + Wc^T da_g + Wo^T da_o
"""

import numpy as np

from .. import _validate, losses
from ..lstm import GATES, init_params
from ._ops import blocks, timewise

__all__ = ["init_params", "forward", "backward", "loss_and_grads"]   # init_params: lstm's


def _gate_constants(H):
    """The factor of each stacked gate row f, i, g, o, (4H,): 1/2 on the sigmoid gates (their
    tanh takes a/2, see :func:`forward`) and 1 on g."""
    return np.repeat([0.5, 0.5, 1.0, 0.5], H)


def forward(params, xs, h0=None, c0=None):
    """Run the LSTM over a batch of sequences: :func:`rnnlib.lstm.forward`, faster.

    The same arguments, results and errors as the reference, except for the cache and the
    memory of ``hs``:

    - ``hs`` (T, B, H) is a view into ``cache["z"]``;
    - ``cache`` holds what :func:`backward` reads, nothing more: the checked params, ``c0``,
      ``cs`` and ``tanh_cs`` = tanh(c_t) (T, B, H), the gate activations ``gates`` (T, B, 4H)
      in the order f, i, g, o, and ``z`` (T + 1, B, H + D + 1), whose row t - 1 is
      z_t = [h_{t-1}; x_t; 1] (the last row holds h_T). ``hs``, ``xs`` and ``h0`` are views
      into ``z``; ``cs``, ``tanh_cs`` and ``gates`` are transposed views of arrays that hold
      each step's sequences as columns, (T, H, B) and (T, 4, H, B) (see the loop below).
    """
    p = _validate.gated_params("params", params, GATES, "LSTM")
    xs = _validate.array("xs", xs, 3, "(T, B, D)")
    T, B, D = xs.shape
    H = p["Wf"].shape[0]
    _validate.size("xs", xs, 2, p["Wf"].shape[1] - H, "D (columns of Wf minus H)")
    h0 = _validate.state("h0", h0, B, H)
    c0 = _validate.state("c0", c0, B, H)
    # sigmoid(a) = (1 + tanh(a / 2)) / 2: one tanh over the four gates of a step, once the rows
    # of the sigmoid gates f, i, o are halved in W and b
    Wb = np.empty((4 * H, H + D + 1))                           # [W | b], gates f, i, c, o
    for k, g in enumerate(GATES):
        Wb[k * H:(k + 1) * H, :-1], Wb[k * H:(k + 1) * H, -1] = p["W" + g], p["b" + g]
    Wb *= _gate_constants(H)[:, None]
    K = p["Wy"].shape[0]
    gates_c, z, cs_c, tanh_cs_c, ys = blocks((T, 4, H, B), (T + 1, B, H + D + 1), (T, H, B),
                                             (T, H, B), (T, B, K))
    # z_t = [h_{t-1}; x_t; 1] in row t - 1 of z, for the backward's products over all steps
    # (every weight gradient, the bias as the weight of the constant 1, in one product)
    z[0, :, :H], z[:T, :, H:-1], z[T, :, H:-1], z[:, :, -1] = h0, xs, 0.0, 1.0
    # The loop holds a step's B sequences as columns, as the documents write vectors: z_t is an
    # (H + D + 1, B) block, each gate an (H, B) block of gates_c[t], contiguous, on which numpy's
    # elementwise operations run fastest. numpy's BLAS computes the four products W_k z_t of a
    # step, (H, H + D + 1) by (H + D + 1, B), from W_k stored column by column (Fortran order),
    # faster than one product z_t^T [W | b]^T of rows (with the gate copies that rows need,
    # measured about 10 % of an LSTM call)
    Wk = [np.asfortranarray(Wb[k * H:(k + 1) * H]) for k in range(4)]
    zt = np.empty((H + D + 1, B))                                # z_t, sequences as columns
    zt[:H], zt[-1] = h0.T, 1.0
    c, ig = c0.T, np.empty((H, B))
    for t in range(T):
        a = gates_c[t]                                           # (4, H, B)
        np.copyto(zt[H:-1], xs[t].T)                             # x_t
        for k in range(4):
            np.matmul(Wk[k], zt, out=a[k])                       # a_t/2 (f, i, o), a_t (g)
        np.tanh(a, out=a)
        for sig in (a[:2], a[3]):                                # f, i, o = (1 + tanh(a/2)) / 2
            sig *= 0.5
            sig += 0.5
        f, i, g, o = a                                           # g = tanh(a)
        c = np.multiply(f, c, out=cs_c[t])                       # c_t = f*c_{t-1} + i*g
        c += np.multiply(i, g, out=ig)
        np.multiply(o, np.tanh(c, out=tanh_cs_c[t]), out=zt[:H])   # h_t = o * tanh(c_t)
        np.copyto(z[t + 1, :, :H], zt[:H].T)                     # h_t as rows, for the backward
    hs = z[1:, :, :H]
    timewise(hs, p["Wy"].T, out=ys)                              # y_t = Wy h_t + by
    ys += p["by"]
    gates = gates_c.transpose(0, 3, 1, 2).reshape(T, B, 4 * H)   # a view: rows (b), f, i, g, o
    return hs, ys, {"params": p, "xs": z[:T, :, H:-1], "h0": z[0, :, :H], "c0": c0, "hs": hs,
                    "cs": cs_c.transpose(0, 2, 1), "tanh_cs": tanh_cs_c.transpose(0, 2, 1),
                    "gates": gates, "z": z}


def backward(dys, cache, input_grad=True):
    """Backpropagation through time for the LSTM: :func:`rnnlib.lstm.backward`, faster.

    The same arguments and results as the reference, for a ``cache`` of this module's
    :func:`forward`; ``grads["xs"]`` and ``deltas["h"]``, ``deltas["c"]`` are transposed views
    (not C-contiguous) of arrays that hold the sequences as columns, as the loop does.
    """
    _validate.cache(cache, _CACHE_KEYS, "lstm.forward")
    T, B, H = cache["cs"].shape
    K = cache["params"]["Wy"].shape[0]
    return _bptt(_validate.upstream("dys", dys, (T, B, K)), cache,
                 _validate.boolean("input_grad", input_grad))


_CACHE_KEYS = ("params", "c0", "cs", "tanh_cs", "gates", "z")


def _bptt(dys, cache, input_grad=True, overwrite=False):
    """:func:`backward` without the checks (``dys`` of shape (T, B, K), as from forward).

    With ``overwrite``, dL/da_t is written over the memory of ``cache["gates"]`` (for a cache
    that nobody reads afterwards): step t writes there once it has read its gates.
    """
    p, c0, cs, tanh_cs, gates, z = (cache[k] for k in _CACHE_KEYS)
    T, B, H = cs.shape
    K = p["Wy"].shape[0]
    D = z.shape[2] - H - 1
    # as in forward, the loop holds a step's sequences as columns: (H, B) blocks, contiguous
    # for a cache from forward (views of it otherwise)
    cs_c, tanh_cs_c = cs.transpose(0, 2, 1), tanh_cs.transpose(0, 2, 1)    # (T, H, B)
    gates_c = gates.reshape(T, B, 4, H).transpose(0, 2, 3, 1)               # (T, 4, H, B)
    W = np.concatenate([p["W" + g] for g in GATES])
    # W^h_k^T, a transposed view of the first H columns of gate k's rows of W: each column of
    # it is contiguous, but columns are H + D floats apart (a row of W), so it is not
    # F-contiguous
    WhT = [W[k * H:(k + 1) * H, :H].T for k in range(4)]
    dh_c, dc_c, *da = blocks((T, H, B), (T, H, B), *([] if overwrite else [(T, B, 4 * H)]))
    # dL/da_t as rows (b), f, i, g, o, for the products over all steps after the loop; with
    # overwrite, in the memory of the gates (step t's rows there are its own gates' memory)
    da = gates_c.reshape(T, B, 4 * H) if overwrite else da[0]
    dys_2d = dys.reshape(T * B, K)
    grads = {"Wy": dys_2d.T @ z[1:, :, :H].reshape(T * B, H),  # sum_t dL/dy_t h_t^T
             "by": np.ones(T * B) @ dys_2d}                     # sum_t dL/dy_t
    WyT = p["Wy"].T
    dh_next, dc_next, Wda = np.zeros((H, B)), np.zeros((H, B)), np.empty((H, B))
    G = np.empty((4, H, B))                                     # dL/da_t, gate by gate
    Gf, Gi, Gg, Go = G
    for t in reversed(range(T)):
        S = gates_c[t]
        f, i, g, o = S
        tanh_c, c_prev = tanh_cs_c[t], c0.T if t == 0 else cs_c[t - 1]
        dh = np.matmul(WyT, dys[t].T, out=dh_c[t])              # Wy^T dL/dy_t
        dh += dh_next                                           # total dL/dh_t
        dc = np.multiply(tanh_c, tanh_c, out=dc_c[t])           # total dL/dc_t =
        np.subtract(1.0, dc, out=dc)                            #   dh * o * (1 - tanh(c_t)^2)
        dc *= o
        dc *= dh
        dc += dc_next                                           #   + dc_{t+1} * f_{t+1}
        np.multiply(dc, f, out=dc_next)                         # dc_t/dc_{t-1} = diag(f_t)
        # dL/d(pre-activation) = (the gate's derivative) * (what the gate's output multiplies)
        np.subtract(1.0, S, out=G)
        G[:2] *= S[:2]                                          # f(1 - f), i(1 - i)
        Go *= o                                                 # o(1 - o)
        np.subtract(1.0, np.multiply(g, g, out=Gg), out=Gg)     # 1 - g^2
        Gf *= c_prev                                            # f_t multiplies c_{t-1},
        Gf *= dc
        Gi *= g                                                 # i_t multiplies g_t,
        Gi *= dc
        Gg *= i                                                 # g_t multiplies i_t,
        Gg *= dc                                                #   in c_t
        Go *= tanh_c                                            # o_t multiplies tanh(c_t),
        Go *= dh                                                #   in h_t
        np.matmul(WhT[0], Gf, out=dh_next)                      # back to h_{t-1}:
        for k in (1, 2, 3):                                     #   sum_k W^h_k^T dL/da^k_t
            dh_next += np.matmul(WhT[k], G[k], out=Wda)
        np.copyto(da[t], G.transpose(2, 0, 1).reshape(B, 4 * H))   # as rows, gates read
    # the weight gradients sum_t da_t z_t^T as one large product, its last column the bias
    # gradient (computed as (sum_t z_t da_t^T)^T, the faster layout for numpy's BLAS)
    dWb = (z[:T].reshape(T * B, -1).T @ da.reshape(T * B, 4 * H)).T      # (4H, H + D + 1)
    for k, g in enumerate(GATES):
        grads["W" + g] = np.ascontiguousarray(dWb[k * H:(k + 1) * H, :-1])
        grads["b" + g] = dWb[k * H:(k + 1) * H, -1].copy()
    grads["h0"] = dh_next.T.copy()
    grads["c0"] = dc_next.T.copy()
    if input_grad:
        # W_x^T da_t for every t, to the layer below: computed as (W_x^T Delta_a^T)^T, the
        # faster layout for numpy's BLAS; the result is a transposed (not C-contiguous) array
        WxT = np.ascontiguousarray(W[:, H:].T)                  # (D, 4H)
        grads["xs"] = (WxT @ da.reshape(T * B, 4 * H).T).T.reshape(T, B, D)
    return grads, {"h": dh_c.transpose(0, 2, 1), "c": dc_c.transpose(0, 2, 1), "gates": da}


def loss_and_grads(params, xs, ys, h0=None, c0=None, input_grad=True):
    """Loss, gradients and error terms: :func:`rnnlib.lstm.loss_and_grads`, faster.

    The same arguments, results and errors as the reference, which it equals to rounding
    error.
    """
    input_grad = _validate.boolean("input_grad", input_grad)
    _, logits, cache = forward(params, xs, h0, c0)
    ys = _validate.targets("ys", ys, *logits.shape)
    loss, dys = losses._softmax_cross_entropy(logits, ys, out=logits)   # logits not returned
    grads, deltas = _bptt(dys, cache, input_grad, overwrite=True)       # nor is the cache
    return loss, grads, deltas
