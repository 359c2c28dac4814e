"""The seeded experiment of :doc:`05_long_range`: models x lags x seeds on the adding problem.

One *run* is one model trained at one lag T from one seed (:func:`run`); it is reduced to a
small JSON-ready summary: the test-MSE curve, the step that reached the "solved" threshold, the
gradient norms. The chapter reads the summaries of every run from a results file written by
``tools/experiments.py`` (:func:`load`) and reports them per configuration (:func:`table`):
how many seeds solved it, and the median and range of the final test MSE and of the step that
reached the threshold.

A seed fixes everything random in a run: the initial weights (``init_model(..., seed)``), the
training batches (``seed``) and the test set (``seed + 10_000``).
"""

import json
import time

import numpy as np

from . import _validate, tasks
from . import train as tr

# The models of the experiment: name -> (model of rnnlib.train, forget-gate bias for the LSTM).
CONFIGS = {"tanh RNN": ("tanh", 1.0), "IRNN": ("irnn", 1.0), "LSTM": ("lstm", 1.0),
           "LSTM bf=0": ("lstm", 0.0)}
# The settings every run shares (the learning rate is chosen per model, see tools/experiments).
SETTINGS = {"hidden": 32, "batch": 32, "steps": 2000, "eval_every": 50, "test_size": 512,
            "max_norm": 1.0, "window": 50}
BASELINE = tasks.BASELINE_MSE
THRESHOLD = BASELINE / 10        # "solved": the test MSE reaches 10 % of the baseline


def run(name, T, seed, lr, settings=None, stop_when_solved=False, progress=0, label=""):
    """Train the model ``name`` of ``CONFIGS`` at lag ``T`` from ``seed``; summarise it.

    Parameters
    ----------
    name : str
        A key of ``CONFIGS``.
    T : int
        Sequence length of the adding problem.
    seed : int
        Seeds the initial weights, the training batches and the test set.
    lr : float
        Adam's learning rate.
    settings : dict, optional
        Overrides of ``SETTINGS``.
    stop_when_solved : bool
        Stop at the first evaluation that reaches ``THRESHOLD`` (a quicker check of a
        verdict; the curves then end there).
    progress : int
        Width of the progress bar printed by :func:`rnnlib.train.train` (0: silent).
    label : str
        Printed before the bar.

    Returns
    -------
    dict
        ``"name"``, ``"T"``, ``"seed"``, ``"lr"``; ``"eval_steps"`` (n,) and ``"test_mse"`` (n,)
        as lists; ``"final_mse"``; ``"solved_at"``: the first evaluation step at or below
        ``THRESHOLD``, or None; ``"grad_norm"``: the median of the global gradient norm
        (before clipping) over each window of ``settings["window"]`` steps, a list;
        ``"grad_norm_max"``; ``"clipped"``: the number of clipped steps; ``"diverged"``: a
        step or None; ``"seconds"``: the run's wall time.
    """
    _validate.choice("name", name, tuple(CONFIGS))
    s = {**SETTINGS, **(settings or {})}
    model, forget_bias = CONFIGS[name]
    start = time.perf_counter()
    p0 = tr.init_model(model, s["hidden"], seed=seed, forget_bias=forget_bias)
    r = tr.train(model, p0, T, s["steps"], batch_size=s["batch"], lr=lr,
                 max_norm=s["max_norm"], seed=seed, test_size=s["test_size"],
                 eval_every=s["eval_every"], progress=progress, label=label,
                 stop_below=THRESHOLD if stop_when_solved else None)
    g = r["grad_norm"][np.isfinite(r["grad_norm"])]
    w = s["window"]
    return {"name": name, "T": int(T), "seed": int(seed), "lr": float(lr),
            "eval_steps": [int(v) for v in r["eval_steps"]],
            "test_mse": [_round(v) for v in r["test_mse"]],
            "final_mse": _round(r["test_mse"][-1]),
            "solved_at": tr.steps_to_reach(r, THRESHOLD),
            "grad_norm": [_round(np.median(g[i:i + w])) for i in range(0, len(g), w)],
            "grad_norm_max": _round(g.max()),
            "clipped": int(np.sum(g > s["max_norm"])),
            "diverged": r["diverged"],
            "seconds": round(time.perf_counter() - start, 1),
            "params": r["params"]}


def _round(x):
    """Six significant digits (a results file, not a checksum); NaN stays NaN."""
    x = float(x)
    return float(f"{x:.6g}") if np.isfinite(x) else None


def verdict(summary):
    """``"solved"`` (reached ``THRESHOLD``), ``"below baseline"`` (final test MSE under
    2/3 of the baseline), ``"at baseline"`` or ``"diverged"``.

    Parameters
    ----------
    summary : dict
        From :func:`run` or a results file.

    Returns
    -------
    str
    """
    if summary["diverged"] is not None:
        return "diverged"
    if summary["solved_at"] is not None:
        return "solved"
    return "below baseline" if summary["final_mse"] < 2 * BASELINE / 3 else "at baseline"


def load(path):
    """A results file of ``tools/experiments.py``.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    dict
        ``"provenance"``, ``"settings"``, ``"selection"`` (the learning-rate grid),
        ``"runs"`` (a list of summaries of :func:`run`, without parameters) and ``"trained"``
        (the parameters of one trained LSTM, as arrays).
    """
    with open(path) as f:
        data = json.load(f)
    for key in ("provenance", "settings", "selection", "runs", "trained"):
        if key not in data:
            raise ValueError(f"path: expected a results file with the key {key!r}, received "
                             f"keys {sorted(data)}")
    t = data["trained"]
    t["params"] = {k: np.array(v, dtype=np.float64) for k, v in t["params"].items()}
    return data


def group(runs, name, T):
    """The summaries of ``runs`` for the model ``name`` at lag ``T``, by seed."""
    out = sorted((r for r in runs if r["name"] == name and r["T"] == T),
                 key=lambda r: r["seed"])
    if not out:
        raise ValueError(f"(name, T): expected a configuration of the runs, received "
                         f"{(name, T)!r}")
    return out


def table(runs, name, T):
    """One row of the chapter's table: the runs of ``name`` at ``T`` over their seeds.

    Parameters
    ----------
    runs : list of dict
    name : str
    T : int

    Returns
    -------
    dict
        ``"n"`` seeds, ``"solved"`` k of them; ``"final"``: (min, median, max) of the final
        test MSE; ``"steps"``: (min, median, max) of the step that reached the threshold over
        the solved seeds, or None when none did; ``"verdicts"``: the verdict of each seed.
    """
    rs = group(runs, name, T)
    final = np.array([np.inf if r["final_mse"] is None else r["final_mse"] for r in rs])
    steps = np.array([r["solved_at"] for r in rs if r["solved_at"] is not None])
    return {"n": len(rs), "solved": int(steps.size),
            "final": (final.min(), float(np.median(final)), final.max()),
            "steps": (int(steps.min()), float(np.median(steps)), int(steps.max()))
            if steps.size else None,
            "verdicts": [verdict(r) for r in rs]}


def curves(runs, name, T):
    """Test-MSE curves of ``name`` at ``T``: steps (n,) and the quartiles over seeds (3, n)."""
    rs = group(runs, name, T)
    mse = np.array([[np.nan if v is None else v for v in r["test_mse"]] for r in rs])
    return np.array(rs[0]["eval_steps"]), np.nanquantile(mse, [0.25, 0.5, 0.75], axis=0)
