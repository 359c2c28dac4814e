"""The chapter-5 control: learning curves on the adding problem over seeds, one model at a time.

Chapter 5 ("Long time lags, measured") reads the runs of its experiment (every model, lag and
seed) from a results file; this module only draws them. :func:`make_view` wraps them in a
:class:`rnnlib.views.dualview.LineView` with a slider over the sequence length T and one over the
model, so the same frames are live in Jupyter and precomputed in the book.
"""

from .. import experiment as ex

LABELS = ["median over seeds", "lower quartile", "upper quartile", "baseline 1/6",
          "10 % of baseline (solved)"]


def _check(runs):
    if not isinstance(runs, list) or not runs:
        raise ValueError(f"runs: expected a non-empty list of run summaries, received "
                         f"{type(runs).__name__}")


def frame_from(runs, T, name):
    """One picture: the quartiles over seeds of the test MSE of ``name`` at ``T`` (chapter 5).

    Parameters
    ----------
    runs : list of dict
        Run summaries of :func:`rnnlib.experiment.run` (from a results file).
    T : int
    name : str

    Returns
    -------
    dict
        ``"x"`` (n,) evaluation steps; ``"series"``: [median (n,), lower quartile (n,), upper
        quartile (n,), baseline 1/6 (n,), 10 % of the baseline (n,)]; ``"readout"``: str.
    """
    _check(runs)
    steps, (q1, med, q3) = ex.curves(runs, name, T)
    row = ex.table(runs, name, T)
    lo, mid, hi = row["final"]
    readout = (f"{name}, T = {T}: solved by {row['solved']} of {row['n']} seeds; final test "
               f"MSE median {mid:.2g} (range {lo:.2g} to {hi:.2g})")
    x = steps.astype(float)
    return {"x": x, "series": [med, q1, q3, 0 * x + ex.BASELINE, 0 * x + ex.THRESHOLD],
            "readout": readout}


def make_view(runs, init=None):
    """A LineView of :func:`frame_from` over the lags and models of ``runs`` (chapter 5).

    Parameters
    ----------
    runs : list of dict
        Run summaries, every model present at every lag.
    init : dict, optional
        Initial slider values, e.g. ``{"T": 100, "model": "LSTM"}``.

    Returns
    -------
    rnnlib.views.dualview.LineView
    """
    from .dualview import LineView

    _check(runs)
    Ts = sorted({r["T"] for r in runs})
    names = list(dict.fromkeys(r["name"] for r in runs))
    have = {(r["T"], r["name"]) for r in runs}
    missing = [(T, n) for T in Ts for n in names if (T, n) not in have]
    if missing:
        raise ValueError(f"runs: expected every model at every T, missing {missing}")

    def frame(T, model):
        return frame_from(runs, T, model)

    return LineView(frame, sliders=[("T", "T", Ts), ("model", "model", names)],
                    labels=LABELS, title="Adding problem: test MSE during training, over seeds",
                    xlabel="training step", ylabel="test MSE", logy=True, init=init,
                    ylim=(1e-5, 3.0))
