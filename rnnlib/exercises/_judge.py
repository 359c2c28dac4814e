"""What every checker does: call the reader's code safely, then judge its answer.

A verdict is one printed line, ``right: ...`` or ``wrong: ...``, and a bool. Known mistakes are
recognised by value (the answer a typical slip would give), so the line can say which slip.
"""

import numpy as np

RTOL, ATOL = 1e-9, 1e-12


def call(fn, *args, **kwargs):
    """The reader's ``fn`` on copies of the data, as a float64 array; None (printed) on failure.

    Parameters
    ----------
    fn : callable
    *args, **kwargs : ndarray
        Copied before the call, so the reader's code cannot change the checker's data.

    Returns
    -------
    ndarray or None
    """
    try:
        out = fn(*(np.array(a) for a in args), **{k: np.array(v) for k, v in kwargs.items()})
    except Exception as err:                      # the reader's code: report, do not crash
        print(f"wrong: your function raised {type(err).__name__}: {err}")
        return None
    try:
        return np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        print(f"wrong: expected an array, received {type(out).__name__}")
        return None


def judge(answer, right, mistakes, praise):
    """Compare ``answer`` with ``right``, then with each known mistake; print and return.

    Parameters
    ----------
    answer, right : ndarray
    mistakes : list of (ndarray, str)
        The value a known mistake gives, and the sentence that names the mistake.
    praise : str
        What the ``right:`` line says.

    Returns
    -------
    bool
    """
    if answer.shape != right.shape:
        print(f"wrong: expected an array of shape {right.shape}, received shape {answer.shape}")
        return False
    if np.allclose(answer, right, rtol=RTOL, atol=ATOL):
        print(f"right: {praise}")
        return True
    for value, why in mistakes:
        if np.allclose(answer, value, rtol=RTOL, atol=ATOL):
            print(f"wrong: {why}")
            return False
    err = np.linalg.norm(answer - right) / (np.linalg.norm(right) + 1e-300)
    print(f"wrong: relative error {err:.1e} against rnnlib's answer (not a known mistake)")
    return False
