"""Plain-text presentation: a progress bar and the readout of the delta_t explorer.

The numbers come from :mod:`rnnlib.charlm` and :mod:`rnnlib.explore`; this module only turns
them into short, deterministic strings (no timings), so a stored output is the same on every
run. It imports numpy only.
"""

from .. import explore


def progress_bar(step, total, width=40):
    """A text progress bar, ``[#####.....]  50/100`` (:doc:`04_lstm`).

    Parameters
    ----------
    step, total : int
        0 <= step <= total.
    width : int

    Returns
    -------
    str
    """
    filled = int(width * step // total)
    return f"[{'#' * filled}{'.' * (width - filled)}] {step:>{len(str(total))}}/{total}"


def delta_readout(norms):
    """The explorer's readout ``||delta_1|| / ||delta_T|| = ...`` (:doc:`03_vanishing`).

    Parameters
    ----------
    norms : ndarray, shape (T,)
        ||delta_t|| for t = 1..T, as in :func:`rnnlib.explore.delta_norms`.

    Returns
    -------
    str
    """
    return f"||delta_1|| / ||delta_T|| = {norms[0] / norms[-1]:.3e}"


def delta_frame(T, w_norm, activation="tanh"):
    """One picture of the delta_t explorer: the measured norms and their bound, with a readout.

    Parameters
    ----------
    T : int
    w_norm : float
    activation : str

    Returns
    -------
    dict
        ``"x"``: (T,) steps; ``"series"``: [norms (T,), bound (T,)]; ``"readout"``: str, from
        :func:`delta_readout`.
    """
    d = explore.delta_norms(T, w_norm, activation)
    return {"x": d["t"], "series": [d["norm"], d["bound"]], "readout": delta_readout(d["norm"])}
