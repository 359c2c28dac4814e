"""Self-checking exercises of :doc:`03_vanishing`.

Each checker takes the reader's answer, compares it with :mod:`rnnlib`'s, prints one line that
says right or wrong and why (naming the usual mistakes), and returns True or False.
"""

import numpy as np

from .. import _validate, clip
from .. import activations as act
from ._judge import call, judge


def check_critical_norm(activation, answer):
    """Check the norm below which the bound guarantees vanishing, ||W||_2 < 1 / gamma.

    Parameters
    ----------
    activation : {"tanh", "sigmoid", "relu", "linear"}
    answer : float
        The reader's value of the largest ||W||_2 for which
        ``(gamma ||W||_2)^(T-t) -> 0`` is guaranteed, gamma = sup |f'|.

    Returns
    -------
    bool
    """
    _validate.choice("activation", activation, act.NAMES)
    a = _validate.number("answer", answer)
    gamma = act.GAMMA[activation]
    right = 1.0 / gamma
    if np.isclose(a, right, rtol=1e-9):
        print(f"right: sup|f'| = {gamma:g} for {activation}, so gamma ||W||_2 < 1 means "
              f"||W||_2 < {right:g}")
        return True
    if np.isclose(a, gamma, rtol=1e-9) and gamma != 1.0:
        why = "that is gamma itself; the condition gamma ||W||_2 < 1 gives 1/gamma"
    elif np.isclose(a, 1.0, rtol=1e-9):
        why = (f"1 holds for a linear network; {activation} has sup|f'| = {gamma:g}, which "
               f"moves the threshold to 1/gamma")
    else:
        why = f"sup|f'| = {gamma:g} for {activation}; solve gamma ||W||_2 < 1 for ||W||_2"
    print(f"wrong: expected {right:g}; {why}")
    return False


def delta_product_data(seed=0):
    """Random data for :func:`check_delta_product`: delta_T (H,), W (H, H), hs (T, H).

    Parameters
    ----------
    seed : int

    Returns
    -------
    tuple of ndarray
        ``delta_T`` (H,), ``W`` (H, H), ``hs`` (T, H) with entries in (-1, 1) (tanh states
        h_1..h_T), with T = 6 and H = 4.
    """
    rng = np.random.default_rng(seed)
    T, H = 6, 4
    return (rng.standard_normal(H), rng.standard_normal((H, H)) / np.sqrt(H),
            np.tanh(rng.standard_normal((T, H))))


def _deltas(delta_T, W, hs, fprime_shift=1, transpose=True, with_fprime=True):
    """delta_t = W^T diag(f'(net_{t+shift})) delta_{t+1}; the variants are known mistakes."""
    T = hs.shape[0]
    M = W.T if transpose else W
    out = np.empty_like(hs)
    out[-1] = delta_T
    for t in range(T - 2, -1, -1):                  # row t is delta_{t+1}
        fp = 1.0 - hs[t + fprime_shift] ** 2 if with_fprime else 1.0
        out[t] = M @ (fp * out[t + 1])
    return out


def check_delta_product(fn, seed=0):
    """Check delta_t = W^T diag(1 - h_{t+1}^2) delta_{t+1} for a tanh RNN, loss at step T only.

    Parameters
    ----------
    fn : callable
        ``fn(delta_T, W, hs) -> deltas`` with ``delta_T = dL/dh_T`` (H,), ``W`` (H, H) and
        ``hs[t-1] = h_t`` (T, H); returns ``deltas`` (T, H) with ``deltas[t-1] = dL/dh_t``.
    seed : int
        Seed of the random test data.

    Returns
    -------
    bool
    """
    _validate.function("fn", fn)
    dT, W, hs = delta_product_data(seed)
    answer = call(fn, dT, W, hs)
    if answer is None:
        return False
    right = _deltas(dT, W, hs)
    wrong = [(_deltas(dT, W, hs, with_fprime=False),
              "the factor diag(1 - h_{t+1}^2) is missing (that is the linear network)"),
             (_deltas(dT, W, hs, transpose=False),
              "W instead of W^T: the error flows back through the transpose"),
             (_deltas(dT, W, hs, fprime_shift=0),
              "diag(1 - h_t^2) used where diag(1 - h_{t+1}^2) belongs: the Jacobian "
              "dh_{t+1}/dh_t = diag(f'(net_{t+1})) W"),
             (right[::-1], "the rows are in reverse order: row t-1 must hold delta_t")]
    return judge(answer, right, wrong,
                 "your deltas equal the product of Jacobians W^T diag(f'(net_{t+1}))")


def clip_data(seed=0):
    """Random gradients for :func:`check_clip`: a dict {"W": (3, 3), "b": (3,)} of norm > 1.

    Parameters
    ----------
    seed : int

    Returns
    -------
    dict of ndarray
    """
    rng = np.random.default_rng(seed)
    return {"W": 4.0 * rng.standard_normal((3, 3)), "b": np.array([0.05, -6.0, 0.3])}


def check_clip(fn, seed=0):
    """Check clipping by global norm, ``fn(grads, max_norm) -> new dict``.

    The checker calls ``fn`` twice: with a threshold below the global norm (the gradients must
    be rescaled by one common factor) and above it (they must come back unchanged); it also
    checks that ``fn`` leaves its input as it was.

    Parameters
    ----------
    fn : callable
        ``fn(grads, max_norm) -> dict`` with the same keys and shapes as ``grads``.
    seed : int

    Returns
    -------
    bool
    """
    _validate.function("fn", fn)
    grads = clip_data(seed)
    norm = clip.global_norm(grads)
    for max_norm in (0.25 * norm, 2.0 * norm):
        given = {k: v.copy() for k, v in grads.items()}
        try:
            out = fn(given, max_norm)
            answer = {k: np.asarray(out[k], dtype=np.float64) for k in grads}
        except Exception as err:                    # the reader's code: report, do not crash
            print(f"wrong: your function raised {type(err).__name__}: {err}")
            return False
        if any(not np.array_equal(given[k], grads[k]) for k in grads):
            print("wrong: your function modified the gradients it was given; return new arrays")
            return False
        bad = [k for k in grads if answer[k].shape != grads[k].shape
               or not np.all(np.isfinite(answer[k]))]
        if bad:
            print(f"wrong: expected finite arrays of the shapes given, not so for {bad}")
            return False
        right = clip.clip_by_global_norm(grads, max_norm)
        if all(answer[k].shape == right[k].shape
               and np.allclose(answer[k], right[k], rtol=1e-9, atol=1e-12) for k in grads):
            continue
        per_array = {k: v * min(1.0, max_norm / np.linalg.norm(v)) for k, v in grads.items()}
        if all(np.allclose(answer[k], per_array[k], rtol=1e-9) for k in grads):
            why = ("each array was clipped by its own norm: the direction of the whole "
                   "gradient changes; use one factor from the global norm")
        elif all(np.allclose(answer[k], np.clip(grads[k], -max_norm, max_norm), rtol=1e-9)
                 for k in grads):
            why = "that is element-wise clipping, which changes the direction"
        elif max_norm > norm and np.isclose(clip.global_norm(answer), max_norm, rtol=1e-9):
            why = ("a gradient already shorter than max_norm was stretched to max_norm; "
                   "the factor is min(1, max_norm / norm)")
        else:
            why = (f"with max_norm = {max_norm:.3g} and global norm {norm:.3g} the result "
                   f"should have global norm {min(norm, max_norm):.3g}, yours has "
                   f"{clip.global_norm(answer):.3g}")
        print(f"wrong: {why}")
        return False
    print("right: one factor min(1, max_norm / ||g||) for every array; direction kept")
    return True
