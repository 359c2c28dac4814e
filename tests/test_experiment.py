"""rnnlib.experiment: chapter 5's runs, their summaries, verdicts and tables."""

import json

import numpy as np
import pytest

from rnnlib import experiment as ex
from rnnlib import train as tr


def test_a_run_is_the_training_loop_summarised():
    r = ex.run("IRNN", 5, seed=3, lr=1e-2, settings={"steps": 60, "eval_every": 20,
                                                     "window": 25, "test_size": 64})
    full = tr.train("irnn", tr.init_model("irnn", 32, seed=3), 5, 60, lr=1e-2, max_norm=1.0,
                    seed=3, test_size=64, eval_every=20)
    assert r["eval_steps"] == [0, 20, 40, 60]
    assert np.allclose(r["test_mse"], full["test_mse"], rtol=1e-5)    # 6 digits kept
    assert r["final_mse"] == r["test_mse"][-1]
    g = full["grad_norm"]
    assert np.allclose(r["grad_norm"], [np.median(g[:25]), np.median(g[25:50]),
                                        np.median(g[50:])], rtol=1e-5)
    assert r["clipped"] == int(np.sum(g > 1.0)) and r["grad_norm_max"] == pytest.approx(g.max(),
                                                                                        rel=1e-5)
    assert r["solved_at"] == tr.steps_to_reach(full, ex.THRESHOLD)
    json.dumps({k: v for k, v in r.items() if k != "params"})          # JSON-ready


def test_stop_when_solved_ends_the_curve_at_the_threshold():
    r = ex.run("LSTM", 4, seed=0, lr=1e-2, settings={"steps": 400, "eval_every": 20,
                                                     "test_size": 64}, stop_when_solved=True)
    assert r["solved_at"] == r["eval_steps"][-1] < 400
    assert r["test_mse"][-1] <= ex.THRESHOLD < min(r["test_mse"][:-1])


def summary(final, solved_at=None, diverged=None):
    return {"final_mse": final, "solved_at": solved_at, "diverged": diverged}


def test_verdicts():
    assert ex.verdict(summary(0.01, 300)) == "solved"
    assert ex.verdict(summary(0.1)) == "below baseline"          # under 2/3 of 1/6 = 0.111
    assert ex.verdict(summary(0.12)) == "at baseline"
    assert ex.verdict(summary(None, diverged=40)) == "diverged"


def test_table_counts_seeds_and_takes_medians():
    runs = [{"name": "m", "T": 5, "seed": s, **summary(f, a)}
            for s, (f, a) in enumerate([(0.01, 300), (0.005, 100), (0.15, None), (0.012, 200)])]
    row = ex.table(runs, "m", 5)
    assert row["n"] == 4 and row["solved"] == 3
    assert row["final"] == (0.005, 0.011, 0.15)
    assert row["steps"] == (100, 200.0, 300)
    assert row["verdicts"] == ["solved", "solved", "at baseline", "solved"]
