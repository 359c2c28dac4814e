"""The chapter-5 control: learning curves on the adding problem, one model at a time.

Chapter 5 ("Long time lags, measured") trains every model once, in the notebook; this module only
draws those results. :func:`make_view` wraps them in a :class:`rnnlib.dualview.LineView` with a
slider over the sequence length T and one over the model, so the same frames are live in
Jupyter and precomputed in the book.
"""

import numpy as np

from .. import tasks


def _check(results):
    if not isinstance(results, dict) or not results:
        raise ValueError(f"results: expected a non-empty dict {{(T, name): train result}}, "
                         f"received {type(results).__name__}")
    for key, r in results.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"results: expected keys (T, name), received {key!r}")
        if not isinstance(r, dict) or "eval_steps" not in r or "test_mse" not in r:
            raise ValueError(f"results[{key!r}]: expected a dict from rnnlib.train.train with "
                             f"'eval_steps' and 'test_mse'")
    return results


def frame_from(results, T, model):
    """One picture: the test MSE of ``results[(T, model)]`` against the baseline (chapter 5).

    Parameters
    ----------
    results : dict
        ``{(T, name): dict from rnnlib.train.train}``.
    T : int
    model : str

    Returns
    -------
    dict
        ``"x"`` (n,) evaluation steps; ``"series"``: [test MSE (n,), baseline 1/6 (n,),
        10 % of the baseline (n,)]; ``"readout"``: str.
    """
    r = _check(results).get((T, model))
    if r is None:
        raise ValueError(f"(T, model): expected one of {sorted(results)}, received "
                         f"{(T, model)!r}")
    x = np.asarray(r["eval_steps"], dtype=np.float64)
    mse = np.asarray(r["test_mse"], dtype=np.float64)
    base = tasks.baseline_mse()
    final = mse[-1]
    verdict = ("diverged" if not np.isfinite(final) else
               f"final test MSE {final:.3f} = {final / base:.2f} x baseline")
    return {"x": x, "series": [mse, np.full_like(x, base), np.full_like(x, base / 10)],
            "readout": f"{model}, T = {T}: {verdict}"}


def make_view(results, init=None):
    """A LineView of :func:`frame_from` over the lengths and models of ``results`` (chapter 5).

    Parameters
    ----------
    results : dict
        ``{(T, name): dict from rnnlib.train.train}``, every name present at every T.
    init : dict, optional
        Initial slider values, e.g. ``{"T": 25, "model": "lstm, clip"}``.

    Returns
    -------
    rnnlib.dualview.LineView
    """
    from ..dualview import LineView

    _check(results)
    Ts = sorted({k[0] for k in results})
    names = list(dict.fromkeys(k[1] for k in results))
    missing = [(T, n) for T in Ts for n in names if (T, n) not in results]
    if missing:
        raise ValueError(f"results: expected every model at every T, missing {missing}")

    def frame(T, model):
        return frame_from(results, T, model)

    return LineView(frame, sliders=[("T", "T", Ts), ("model", "model", names)],
                    labels=["test MSE", "baseline 1/6", "10 % of baseline"],
                    title="Adding problem: test MSE during training",
                    xlabel="training step", ylabel="test MSE", logy=True, init=init,
                    ylim=(3e-4, 3.0))
