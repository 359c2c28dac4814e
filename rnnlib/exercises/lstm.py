"""Self-checking exercises of :doc:`04_lstm`.

Each checker takes the reader's answer, compares it with :mod:`rnnlib`'s, prints one line that
says right or wrong and why (naming the usual mistakes), and returns True or False.
"""

import numpy as np

from .. import _validate, gru
from ..activations import sigmoid
from ._judge import call, judge


def cell_backward_data(seed=0):
    """Random data for :func:`check_cell_backward` (B = 3, H = 4).

    Parameters
    ----------
    seed : int

    Returns
    -------
    dict of ndarray, each (B, H)
        ``dh`` = dL/dh_t (total), ``dc_next`` = dL/dc_{t+1}, ``f_next`` = f_{t+1},
        ``f`` = f_t, ``o`` = o_t, ``c`` = c_t.
    """
    rng = np.random.default_rng(seed)
    B, H = 3, 4
    return {"dh": rng.standard_normal((B, H)), "dc_next": rng.standard_normal((B, H)),
            "f_next": sigmoid(rng.standard_normal((B, H))),
            "f": sigmoid(rng.standard_normal((B, H))),
            "o": sigmoid(rng.standard_normal((B, H))), "c": 1.5 * rng.standard_normal((B, H))}


def check_cell_backward(fn, seed=0):
    """Check dL/dc_t = dL/dh_t * o_t * (1 - tanh(c_t)^2) + dL/dc_{t+1} * f_{t+1}.

    Parameters
    ----------
    fn : callable
        ``fn(dh, dc_next, f_next, f, o, c) -> dc`` with every argument and the result of shape
        (B, H): ``dh`` the total dL/dh_t, ``dc_next`` = dL/dc_{t+1}, ``f_next`` = f_{t+1},
        ``f`` = f_t, ``o`` = o_t, ``c`` = c_t.
    seed : int

    Returns
    -------
    bool
    """
    _validate.function("fn", fn)
    d = cell_backward_data(seed)
    answer = call(fn, **d)
    if answer is None:
        return False
    dh, dcn, fn_, f, o, c = (d[k] for k in ("dh", "dc_next", "f_next", "f", "o", "c"))
    local = dh * o * (1.0 - np.tanh(c) ** 2)
    right = local + dcn * fn_
    mistakes = [(local, "the carousel term dL/dc_{t+1} * f_{t+1} is missing: c_t also "
                        "feeds c_{t+1}"),
                (local + dcn * f, "f_t used where f_{t+1} belongs: c_{t+1} = f_{t+1} c_t + ..."),
                (local + dcn, "the carousel needs the factor f_{t+1} (dc_{t+1}/dc_t = "
                              "diag(f_{t+1}))"),
                (dh * o + dcn * fn_, "the tanh derivative 1 - tanh(c_t)^2 is missing"),
                (dh * (1.0 - np.tanh(c) ** 2) + dcn * fn_, "the factor o_t is missing: "
                                                           "h_t = o_t * tanh(c_t)")]
    return judge(answer, right, mistakes,
                 "the local path through h_t plus the carousel dL/dc_{t+1} * f_{t+1}")


def forget_bias_needed(steps, keep):
    """The bias b with sigmoid(b)^steps = keep: the exact answer of :func:`check_forget_bias`.

    Parameters
    ----------
    steps : int
    keep : float in (0, 1)

    Returns
    -------
    float
    """
    f = keep ** (1.0 / steps)
    return float(np.log(f / (1.0 - f)))


def check_forget_bias(answer, steps=100, keep=0.5):
    """Check the forget bias that keeps a fraction ``keep`` of dL/dc after ``steps`` steps.

    With every other input to the forget gate zero, f_t = sigmoid(b) at every step and the
    carousel multiplies dL/dc by sigmoid(b)^steps; the answer is the b that makes it ``keep``.

    Parameters
    ----------
    answer : float
        The reader's b.
    steps : int
    keep : float in (0, 1)

    Returns
    -------
    bool
    """
    a = _validate.number("answer", answer)
    steps = _validate.positive_int("steps", steps)
    keep = _validate.interval("keep", keep, 0, 1, closed_low=False)
    right = forget_bias_needed(steps, keep)
    if abs(a - right) < 1e-3:
        print(f"right: b = logit(keep^(1/steps)) = {right:.4f}, so f = {sigmoid(right):.5f} "
              f"and f^{steps} = {keep:g}")
        return True
    f = keep ** (1.0 / steps)
    if abs(a - f) < 1e-3:
        why = f"that is the gate value f = {f:.5f}; the bias is its logit log(f / (1 - f))"
    elif abs(a - np.log(f)) < 1e-3:
        why = "log(f) is not the inverse of the sigmoid; the bias is log(f / (1 - f))"
    else:
        why = (f"with b = {a:.4f} the carousel keeps sigmoid(b)^{steps} = "
               f"{float(sigmoid(a)) ** steps:.3g}, not {keep:g}")
    print(f"wrong: expected {right:.4f}; {why}")
    return False


def gru_step_data(seed=0):
    """Random data for :func:`check_gru_step`: params (H = 3, D = 2), h_prev (B, H), x (B, D).

    Parameters
    ----------
    seed : int

    Returns
    -------
    params : dict
        From :func:`rnnlib.gru.init_params` with random biases.
    h_prev : ndarray, shape (2, 3)
    x : ndarray, shape (2, 2)
    """
    rng = np.random.default_rng(seed)
    p = gru.init_params(2, 3, 2, seed=seed)
    for g in gru.GATES:
        p["b" + g] = rng.standard_normal(3)
    p["Wh"] = 2.0 * p["Wh"]
    return p, np.tanh(2.0 * rng.standard_normal((2, 3))), rng.standard_normal((2, 2))


def check_gru_step(fn, seed=0):
    """Check one GRU step, ``fn(params, h_prev, x) -> h``, against :func:`rnnlib.gru.forward`.

    Parameters
    ----------
    fn : callable
        ``fn(params, h_prev, x) -> h`` with ``params`` as in :func:`rnnlib.gru.init_params`,
        ``h_prev`` (B, H), ``x`` (B, D) and the result (B, H).
    seed : int

    Returns
    -------
    bool
    """
    _validate.function("fn", fn)
    p, hp, x = gru_step_data(seed)
    try:
        answer = np.asarray(fn({k: v.copy() for k, v in p.items()}, hp.copy(), x.copy()),
                            dtype=np.float64)
    except Exception as err:                        # the reader's code: report, do not crash
        print(f"wrong: your function raised {type(err).__name__}: {err}")
        return False
    hs, _, _ = gru.forward(p, x[None], hp)
    right = hs[0]
    zx = np.concatenate([hp, x], axis=1)
    u = sigmoid(zx @ p["Wz"].T + p["bz"])
    r = sigmoid(zx @ p["Wr"].T + p["br"])
    n = np.tanh(np.concatenate([r * hp, x], axis=1) @ p["Wh"].T + p["bh"])
    n_after = np.tanh(r * (hp @ p["Wh"][:, :3].T) + x @ p["Wh"][:, 3:].T + p["bh"])
    mistakes = [((1 - u) * hp + u * n, "u and 1 - u are swapped: in Cho et al. (2014) "
                                       "h_t = u * h_{t-1} + (1 - u) * n_t"),
                (u * hp + (1 - u) * n_after, "the reset gate is applied after the product "
                                             "(the cuDNN variant); here it multiplies h_{t-1} "
                                             "before Wh"),
                (u * hp + (1 - u) * np.tanh(zx @ p["Wh"].T + p["bh"]),
                 "the reset gate is missing from the candidate")]
    return judge(answer, right, mistakes,
                 "your step equals rnnlib.gru.forward (Cho et al. 2014 convention)")
