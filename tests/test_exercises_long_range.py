"""rnnlib.exercises.long_range: the checkers accept right answers and explain wrong ones."""

import numpy as np
import pytest

from rnnlib import tasks
from rnnlib.exercises import long_range as ex


@pytest.mark.parametrize("remembered, right", [("nothing", 1 / 6), ("second", 1 / 12),
                                               ("both", 0.0)])
def test_check_baseline_accepts_the_right_values(remembered, right, capsys):
    assert ex.check_baseline(remembered, right) is True
    assert capsys.readouterr().out.startswith("right:")


@pytest.mark.parametrize("answer, hint", [(1 / 12, "variance of one"), (1.0, "mean"),
                                          (np.sqrt(1 / 6), "standard deviation"),
                                          (1 / 3, "E[u^2]"), (0.3, "variance of what")])
def test_check_baseline_explains_the_usual_mistakes(answer, hint, capsys):
    assert ex.check_baseline("nothing", answer) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong:") and hint in out and out.count("\n") == 1


def test_check_last_step_mse_accepts_the_library(capsys):
    assert ex.check_last_step_mse(tasks.last_step_mse) is True
    assert capsys.readouterr().out.startswith("right:")


def _scaled(factor):
    def fn(os, ys):
        loss, dos = tasks.last_step_mse(os, ys)
        return loss, factor * dos
    return fn


def _every_step(os, ys):
    loss, dos = tasks.last_step_mse(os, ys)
    dos = dos.copy()
    dos[:-1] = 1.0
    return loss, dos


def _summed(os, ys):
    loss, dos = tasks.last_step_mse(os, ys)
    return loss * len(ys), dos


@pytest.mark.parametrize("fn, hint", [(_scaled(-1.0), "sign"), (_scaled(0.5), "factor 2"),
                                      (_scaled(4.0), "1/B"), (_every_step, "t < T"),
                                      (_summed, "divide by B"),
                                      (lambda o, y: (0.0, np.zeros(3)), "shape"),
                                      (lambda o, y: 1 / 0, "ZeroDivisionError")])
def test_check_last_step_mse_names_the_mistake(fn, hint, capsys):
    assert ex.check_last_step_mse(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong:") and hint in out
