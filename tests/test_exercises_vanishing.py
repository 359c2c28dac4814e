"""rnnlib.exercises.vanishing: right answers pass, wrong ones fail and say why."""

import numpy as np
import pytest

from rnnlib import clip
from rnnlib.exercises import vanishing as ex


@pytest.mark.parametrize("activation, answer", [("tanh", 1.0), ("sigmoid", 4.0),
                                                ("relu", 1.0), ("linear", 1)])
def test_check_critical_norm_right(activation, answer, capsys):
    assert ex.check_critical_norm(activation, answer) is True
    assert capsys.readouterr().out.startswith("right")


@pytest.mark.parametrize("answer, why", [(0.25, "gamma itself"), (1.0, "linear network"),
                                         (2.0, "solve")])
def test_check_critical_norm_wrong_for_sigmoid(answer, why, capsys):
    assert ex.check_critical_norm("sigmoid", answer) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1



def right_product(delta_T, W, hs):
    out = np.empty_like(hs)
    out[-1] = delta_T
    for t in range(len(hs) - 2, -1, -1):
        out[t] = W.T @ ((1 - hs[t + 1] ** 2) * out[t + 1])
    return out


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_check_delta_product_right(seed, capsys):
    assert ex.check_delta_product(right_product, seed) is True
    assert capsys.readouterr().out.startswith("right")


def no_fprime(delta_T, W, hs):
    return right_product(delta_T, W, np.zeros_like(hs))


def w_not_transposed(delta_T, W, hs):
    return right_product(delta_T, W.T, hs)


def same_step(delta_T, W, hs):
    out = np.empty_like(hs)
    out[-1] = delta_T
    for t in range(len(hs) - 2, -1, -1):
        out[t] = W.T @ ((1 - hs[t] ** 2) * out[t + 1])
    return out


@pytest.mark.parametrize("fn, why", [
    (no_fprime, "missing"),
    (w_not_transposed, "transpose"),
    (same_step, "h_{t+1}"),
    (lambda d, W, hs: right_product(d, W, hs)[::-1], "reverse"),
    (lambda d, W, hs: 2 * right_product(d, W, hs), "not a known mistake"),
    (lambda d, W, hs: np.zeros(3), "shape"),
    (lambda d, W, hs: 1 / 0, "ZeroDivisionError"),
])
def test_check_delta_product_wrong(fn, why, capsys):
    assert ex.check_delta_product(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_check_clip_right(capsys):
    assert ex.check_clip(clip.clip_by_global_norm) is True
    assert ex.check_clip(clip.clip_by_global_norm, seed=3) is True
    assert capsys.readouterr().out.startswith("right")


def per_array(grads, max_norm):
    return {k: v * min(1.0, max_norm / np.linalg.norm(v)) for k, v in grads.items()}


def stretch(grads, max_norm):
    return {k: v * max_norm / clip.global_norm(grads) for k, v in grads.items()}


def mutating(grads, max_norm):
    out = clip.clip_by_global_norm(grads, max_norm)
    for k in grads:
        grads[k][...] = out[k]
    return out


@pytest.mark.parametrize("fn, why", [
    (per_array, "its own norm"),
    (clip.clip_by_value, "element-wise"),
    (stretch, "stretched"),
    (mutating, "modified"),
    (lambda g, m: {k: 0.5 * v for k, v in g.items()}, "should have global norm"),
    (lambda g, m: {}, "KeyError"),
])
def test_check_clip_wrong(fn, why, capsys):
    assert ex.check_clip(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1
