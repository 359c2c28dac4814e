"""Self-checking exercises of :doc:`05_long_range`.

Each checker takes the reader's answer, compares it with :mod:`rnnlib`'s, prints one line that
says right or wrong and why (naming the usual mistakes), and returns True or False.
"""

import numpy as np

from .. import _validate, tasks

# The MSE of the best prediction that uses what the model remembers (chapter 5):
#   "nothing": predict E[y] = 1, MSE = Var(u1 + u2) = 1/6;
#   "second":  remember only the second marked value, predict u2 + 1/2, MSE = Var(u1) = 1/12;
#   "both":    remember both, predict u1 + u2, MSE = 0.
REMEMBERED = {"nothing": 1.0 / 6.0, "second": 1.0 / 12.0, "both": 0.0}


def check_baseline(remembered, answer):
    """Check the smallest MSE on the adding problem given what a model remembers.

    An exercise of :doc:`05_long_range`.

    Parameters
    ----------
    remembered : {"nothing", "second", "both"}
        What the model carries to the last step: no marked value, only the second (most
        recent) one, or both.
    answer : float
        The reader's value of the smallest mean squared error.

    Returns
    -------
    bool
    """
    _validate.choice("remembered", remembered, tuple(REMEMBERED))
    a = _validate.number("answer", answer)
    right = REMEMBERED[remembered]
    if np.isclose(a, right, rtol=1e-6, atol=1e-9):
        why = {"nothing": "the best constant is the mean 1 and its MSE is Var(u1 + u2) = "
                          "2 x 1/12 = 1/6",
               "second": "predict u2 + E[u1] = u2 + 1/2; what is left is Var(u1) = 1/12",
               "both": "u1 + u2 is the target itself"}[remembered]
        print(f"right: {why}")
        return True
    if np.isclose(a, 1.0 / 12.0):
        why = "1/12 is the variance of one U(0, 1) number; the target adds two of them"
    elif np.isclose(a, 1.0 / 3.0) or np.isclose(a, 1.0 / 4.0):
        why = ("that is E[u^2] = 1/3 or (E[u])^2 = 1/4 of one number; the error that remains is "
               "a variance, Var(u) = 1/3 - 1/4 = 1/12 per unknown number")
    elif np.isclose(a, 1.0) or np.isclose(a, 0.5):
        why = "that is a mean (E[y] = 1, E[u] = 1/2), not the squared error left after it"
    elif np.isclose(a, np.sqrt(1 / 6)) or np.isclose(a, np.sqrt(1 / 12)):
        why = "that is a standard deviation; the MSE is the variance (no square root)"
    else:
        why = "the MSE of the best prediction is the variance of what the model does not know"
    print(f"wrong: expected {right:.4f} when the model remembers {remembered}; {why}")
    return False


def check_last_step_mse(fn, seed=0):
    """Check a reader's ``fn(outputs, ys) -> (loss, dos)``, the last-step MSE.

    An exercise of :doc:`05_long_range`.

    Compared with :func:`rnnlib.tasks.last_step_mse` on random data.

    Parameters
    ----------
    fn : callable
        Takes ``outputs`` (T, B, 1) and ``ys`` (B,); returns the last-step MSE and dL/d outputs
        (T, B, 1).
    seed : int

    Returns
    -------
    bool
    """
    _validate.function("fn", fn)
    rng = np.random.default_rng(seed)
    T, B = 5, 4
    outputs = rng.standard_normal((T, B, 1))
    ys = rng.random(B) * 2
    want_loss, want = tasks.last_step_mse(outputs, ys)
    try:
        loss, dos = fn(outputs.copy(), ys.copy())
        dos = np.asarray(dos, dtype=np.float64)
        loss = float(loss)
    except Exception as err:       # the reader's code failed: say how
        print(f"wrong: fn raised {type(err).__name__}: {err}")
        return False
    if dos.shape != (T, B, 1):
        print(f"wrong: dos must have the shape of the outputs, (T, B, 1) = {(T, B, 1)}; received "
              f"{dos.shape}")
        return False
    if not np.isclose(loss, want_loss, rtol=1e-10):
        if np.isclose(loss, want_loss * B, rtol=1e-10):
            why = "the loss is summed over the batch; the book averages it (divide by B)"
        elif np.isclose(loss, np.mean((outputs[..., 0] - ys) ** 2), rtol=1e-10):
            why = "the loss is scored at every step; only the last output o_T is scored"
        else:
            why = "L = (1/B) sum_b (o_T[b] - y[b])^2"
        print(f"wrong: loss {loss:.6f}, expected {want_loss:.6f}; {why}")
        return False
    if np.allclose(dos, want, rtol=1e-10, atol=1e-14):
        print("right: dL/do_T = 2 (o_T - y) / B, and zero at every earlier step")
        return True
    if np.any(dos[:-1] != 0):
        why = "the earlier outputs do not enter L, so dL/do_t = 0 for t < T"
    elif np.allclose(dos, -want):
        why = "the sign is flipped: d/do (o - y)^2 = +2 (o - y)"
    elif np.allclose(dos, want / 2):
        why = "the factor 2 of the square is missing"
    elif np.allclose(dos, want * 2):
        why = "there is an extra factor 2: d/do (o - y)^2 = 2 (o - y), once"
    elif np.allclose(dos, want * B):
        why = "the 1/B of the mean over the batch is missing"
    else:
        why = "expected 2 (o_T - y) / B at t = T"
    print(f"wrong: dos does not match; {why}")
    return False
