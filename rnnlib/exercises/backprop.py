"""Self-checking exercises of :doc:`01_backprop`.

Each checker takes the reader's answer, compares it with rnnlib's own computation, prints one
line that says right or wrong and why, and returns True or False. None raises on a wrong
answer: a wrong shape or a missing key is reported as wrong, with the reason.
"""

import textwrap

import numpy as np

from .. import losses, mlp
from ..views.backprop import KEYS, PARAMS_DEMO, X_DEMO, Y_DEMO, two_neuron


def _say(ok, msg):
    """Print the verdict, wrapped at 65 characters so that it reads on a narrow page."""
    text = (("Right: " if ok else "Wrong: ") + msg).replace(" - ", "\u00a0-\u00a0")
    print(textwrap.fill(text, width=65, break_long_words=False,
                        break_on_hyphens=False).replace("\u00a0", " "))   # keep a - y whole
    return ok


def _close(a, b, rtol):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= rtol * np.abs(b) + 1e-12))


def check_two_neuron_grads(answer):
    """Check the five partial derivatives of the chapter's two-neuron network.

    Parameters
    ----------
    answer : dict
        ``{"w1": dL/dw1, "w2": ..., "b1": ..., "w3": ..., "b2": ...}`` at the chapter's example
        (:data:`~rnnlib.views.backprop.PARAMS_DEMO`, x = (1.0, 0.5), y = 0.7); numbers within
        0.1 % of the exact values are accepted.

    Returns
    -------
    bool
    """
    if not isinstance(answer, dict) or any(k not in answer for k in KEYS):
        got = sorted(answer) if isinstance(answer, dict) else type(answer).__name__
        return _say(False, f"expected a dict with keys {list(KEYS)}, received {got}")
    exact = two_neuron(PARAMS_DEMO, X_DEMO, Y_DEMO)["grads"]
    try:
        got = {k: float(answer[k]) for k in KEYS}
    except (TypeError, ValueError):
        return _say(False, "every value must be a number")
    wrong = [k for k in KEYS if not _close(got[k], exact[k], 1e-3)]
    if not wrong:
        return _say(True, "all five partial derivatives agree with the chain rule "
                    "(delta2 = (a2 - y) a2 (1 - a2), delta1 = w3 delta2 a1 (1 - a1)).")
    if all(_close(-got[k], exact[k], 1e-3) for k in KEYS):
        return _say(False, "every sign is flipped: dL/da2 = a2 - y, not y - a2 (that is "
                    "the document's convention, which gives the negative gradient).")
    first = wrong[0]
    hint = ("it is delta2 times the input of w3, the hidden value a1" if first in ("w3",) else
            "it is delta2 itself" if first == "b2" else
            "it is delta1 = w3 delta2 sigmoid'(z1) times its input" if first in ("w1", "w2")
            else "it is delta1 itself")
    return _say(False, f"{', '.join(wrong)} disagree(s); dL/d{first} should be "
                f"{exact[first]:+.6f}, you gave {got[first]:+.6f} ({hint}).")


def check_output_delta(fn):
    """Check the output delta of a sigmoid unit under the binary cross-entropy.

    The loss is ``L = -(y log a + (1 - y) log(1 - a))`` with ``a = sigmoid(z)``.

    Parameters
    ----------
    fn : callable
        ``fn(a, y) -> dL/dz``, elementwise on arrays of the same shape (B, n).

    Returns
    -------
    bool
    """
    if not callable(fn):
        return _say(False, f"expected a function fn(a, y), received {type(fn).__name__}")
    rng = np.random.default_rng(1)
    a = rng.uniform(0.05, 0.95, (4, 3))
    y = rng.uniform(0.0, 1.0, (4, 3))
    exact = a - y
    try:
        got = np.asarray(fn(a.copy(), y.copy()), dtype=np.float64)
    except Exception as err:  # the reader's error is a wrong answer
        return _say(False, f"fn(a, y) raised {type(err).__name__}: {err}")
    if got.shape != exact.shape:
        return _say(False, f"expected an array of shape {exact.shape} (that of a), received "
                    f"{got.shape}")
    if _close(got, exact, 1e-9):
        return _say(True, "dL/dz = a - y: the sigmoid's derivative a (1 - a) cancels the "
                    "1 / (a (1 - a)) of the cross-entropy.")
    if _close(got, -exact, 1e-9):
        return _say(False, "the sign is flipped: dL/dz = a - y, not y - a.")
    if _close(got, exact * a * (1 - a), 1e-9):
        return _say(False, "that is (a - y) a (1 - a), the delta of the squared error; for the "
                    "cross-entropy the factor a (1 - a) cancels.")
    return _say(False, "dL/dz differs from a - y; write dL/da first, then multiply by "
                "sigmoid'(z) = a (1 - a).")


def check_backward(fn):
    """Check a reader's backward pass for a sigmoid MLP under the batch-mean squared error.

    The loss is ``L = (1/(2B)) sum_b ||a^L_b - y_b||^2`` (:func:`rnnlib.losses.mse`), every layer
    a sigmoid, the layout that of :mod:`rnnlib.mlp` (rows are examples).

    Parameters
    ----------
    fn : callable
        ``fn(params, X, Y) -> grads`` with ``params`` a list of ``{"W": (n_l, n_{l-1}),
        "b": (n_l,)}``, X (B, n_0), Y (B, n_L); ``grads`` a list of dicts of the same shapes.

    Returns
    -------
    bool
    """
    if not callable(fn):
        return _say(False, f"expected a function fn(params, X, Y), received "
                    f"{type(fn).__name__}")
    rng = np.random.default_rng(2)
    sizes, B = [3, 4, 2, 2], 5
    params = mlp.init_params(sizes, seed=3)
    for p in params:
        p["b"] = rng.standard_normal(p["b"].shape)
    X, Y = rng.standard_normal((B, sizes[0])), rng.uniform(0, 1, (B, sizes[-1]))
    out, cache = mlp.forward(params, X, ["sigmoid"] * 3)
    exact, _ = mlp.backward(losses.mse(out, Y)[1], cache)
    try:
        got = fn([dict(p) for p in params], X.copy(), Y.copy())
        got = [{k: np.asarray(g[k], dtype=np.float64) for k in ("W", "b")} for g in got]
    except Exception as err:  # the reader's error is a wrong answer
        return _say(False, f"fn(params, X, Y) raised or returned a wrong structure: "
                    f"{type(err).__name__}: {err}")
    if len(got) != len(exact):
        return _say(False, f"expected {len(exact)} layers of gradients, received {len(got)}")
    for l, (g, e) in enumerate(zip(got, exact)):
        for k in ("W", "b"):
            if g[k].shape != e[k].shape:
                return _say(False, f"grads[{l}][{k!r}]: expected shape {e[k].shape}, received "
                            f"{g[k].shape}" + (" (transposed?)" if g[k].shape == e[k].shape[::-1]
                                               else ""))
    pairs = [(g[k], e[k]) for g, e in zip(got, exact) for k in ("W", "b")]
    if all(_close(g, e, 1e-6) for g, e in pairs):
        return _say(True, "every dL/dW^l and dL/db^l agrees with rnnlib.mlp.backward.")
    if all(_close(-g, e, 1e-6) for g, e in pairs):
        return _say(False, "every gradient has the wrong sign: the output delta is "
                    "(a - y) f'(z), not (y - a) f'(z).")
    if all(_close(g / B, e, 1e-6) for g, e in pairs):
        return _say(False, f"your gradients are {B} times too large: the loss is a batch "
                    f"mean, so divide the sums over the batch by B = {B}.")
    bad = next(f"grads[{l}][{k!r}]" for l, (g, e) in enumerate(zip(got, exact))
               for k in ("W", "b") if not _close(g[k], e[k], 1e-6))
    return _say(False, f"{bad} disagrees with rnnlib.mlp.backward (check the recursion "
                "delta^l = (W^(l+1))^T delta^(l+1) * f'(z^l) and dW^l = delta^l (a^(l-1))^T).")
