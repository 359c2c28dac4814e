"""rnnlib.train: models, the training loop, clipping and reproducibility (chapter 5)."""

import warnings

import numpy as np
import pytest

from rnnlib import clip, gradcheck, optim, tasks
from rnnlib import train as tr


def test_irnn_params_are_identity_initialised():
    p = tr.irnn_params(2, 8, 1, seed=3, u_scale=1e-3)
    assert np.array_equal(p["W"], np.eye(8)) and not p["b"].any()
    assert p["U"].shape == (8, 2) and np.abs(p["U"]).max() < 1e-2
    assert p["V"].shape == (1, 8) and p["c"].shape == (1,)


@pytest.mark.parametrize("model", tr.MODELS)
def test_loss_and_grads_match_central_differences(model):
    p = tr.init_model(model, 4, seed=1, forget_bias=0.5)
    if model == "irnn":
        p["b"] = np.full(4, 0.3)           # keep ReLU away from its kink
        p["U"] = np.abs(p["U"]) + 0.1
    xs, ys = tasks.adding_problem(5, 3, rng=2)
    loss, grads = tr.loss_and_grads(model, p, xs, ys)
    assert set(grads) == set(p)
    err = gradcheck.check_grads(lambda q: tr.loss_and_grads(model, q, xs, ys)[0], p, grads)
    assert max(err.values()) < 1e-6, err


@pytest.mark.parametrize("model", tr.MODELS)
def test_training_decreases_the_loss_on_a_tiny_problem(model):
    p = tr.init_model(model, 8, seed=0)
    r = tr.train(model, p, 4, 120, batch_size=32, lr=1e-2, seed=0, test_size=256,
                 eval_every=40)
    assert r["loss"].shape == (120,) and r["grad_norm"].shape == (120,)
    assert list(r["eval_steps"]) == [0, 40, 80, 120] and r["diverged"] is None
    assert r["test_mse"][-1] < 0.5 * r["test_mse"][0]
    assert r["test_mse"][-1] < tasks.BASELINE_MSE


def test_training_is_bit_for_bit_reproducible_and_pure():
    p = tr.init_model("lstm", 6, seed=2)
    before = {k: v.copy() for k, v in p.items()}
    a = tr.train("lstm", p, 6, 15, batch_size=8, seed=4, max_norm=0.5, eval_every=5)
    b = tr.train("lstm", p, 6, 15, batch_size=8, seed=4, max_norm=0.5, eval_every=5)
    for k in ("loss", "grad_norm", "test_mse", "eval_steps"):
        assert np.array_equal(a[k], b[k])
    assert all(np.array_equal(a["params"][k], b["params"][k]) for k in p)
    assert all(np.array_equal(p[k], before[k]) for k in p)      # inputs not mutated
    c = tr.train("lstm", p, 6, 15, batch_size=8, seed=5, max_norm=0.5, eval_every=5)
    assert not np.array_equal(a["loss"], c["loss"])


def test_clipping_caps_the_applied_update_and_records_the_norm_before():
    p = tr.init_model("tanh", 6, seed=0)
    p["W"] = 3.0 * p["W"]                                        # large gradients
    xs, ys = tasks.adding_problem(8, 16, rng=np.random.default_rng(9))
    _, g = tr.loss_and_grads("tanh", p, xs, ys)
    norm = clip.global_norm(g)
    assert norm > 0.1
    lr, max_norm = 0.5, 0.01
    r = tr.train("tanh", p, 8, 1, batch_size=16, lr=lr, optimizer="sgd", max_norm=max_norm,
                 seed=9)
    assert r["grad_norm"][0] == pytest.approx(norm, rel=1e-12)   # before clipping
    step = {k: r["params"][k] - p[k] for k in p}
    assert clip.global_norm(step) == pytest.approx(lr * max_norm, rel=1e-9)
    expected = optim.sgd(p, clip.clip_by_global_norm(g, max_norm), lr)
    assert all(np.allclose(r["params"][k], expected[k], rtol=1e-12, atol=1e-15) for k in p)
    free = tr.train("tanh", p, 8, 1, batch_size=16, lr=lr, optimizer="sgd", seed=9)
    step_free = {k: free["params"][k] - p[k] for k in p}
    assert clip.global_norm(step_free) == pytest.approx(lr * norm, rel=1e-9)


def test_divergence_is_reported_not_raised():
    p = tr.init_model("irnn", 8, seed=0)
    p["W"] = 3.0 * np.eye(8)
    p["U"] = np.abs(p["U"]) + 1.0
    r = tr.train("irnn", p, 400, 3, batch_size=4, lr=1.0, optimizer="sgd", seed=0)
    assert r["diverged"] == 1
    assert np.isnan(r["loss"]).all() and np.isnan(r["test_mse"][-1])


def test_overflowing_outputs_are_reported_as_divergence():
    """Finite weights, outputs that overflow: a diverged run, not a ValueError."""
    p = tr.irnn_params(2, 8, 1, seed=0)
    p["W"] = 1e40 * np.eye(8)
    xs, ys = tasks.adding_problem(50, 4, rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                   # and no numpy warning either
        assert tr.evaluate("irnn", p, xs, ys) == np.inf
        loss, grads = tr.loss_and_grads("irnn", p, xs, ys)
        r = tr.train("irnn", p, 50, 5, batch_size=4, seed=0, eval_every=2)
    assert loss == np.inf and all(np.isnan(g).all() for g in grads.values())
    assert r["diverged"] == 1 and np.isnan(r["loss"]).all() and np.isnan(r["grad_norm"]).all()
    assert list(r["eval_steps"]) == [0, 5] and r["test_mse"][0] == np.inf
    assert np.isnan(r["test_mse"][-1])


def test_progress_bar_prints_a_fixed_number_of_hashes(capsys):
    p = tr.init_model("tanh", 4, seed=0)
    tr.train("tanh", p, 5, 7, batch_size=4, seed=0, progress=10, label="run ")
    out = capsys.readouterr().out
    assert out.startswith("run ##########") and out.count("#") == 10
    assert "test MSE" in out and out.endswith("\n")


def test_steps_to_reach():
    r = {"eval_steps": np.array([0, 10, 20]), "test_mse": np.array([1.0, 0.2, 0.01])}
    assert tr.steps_to_reach(r, 0.2) == 10 and tr.steps_to_reach(r, 0.001) is None
