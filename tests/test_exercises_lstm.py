"""rnnlib.exercises.lstm: right answers pass, known mistakes fail and say why, in one line."""

import numpy as np
import pytest

from rnnlib.activations import sigmoid
from rnnlib.exercises import lstm as ex


def right_cell(dh, dc_next, f_next, f, o, c):
    return dh * o * (1 - np.tanh(c) ** 2) + dc_next * f_next


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_check_cell_backward_right(seed, capsys):
    assert ex.check_cell_backward(right_cell, seed) is True
    out = capsys.readouterr().out
    assert out.startswith("right") and out.count("\n") == 1


@pytest.mark.parametrize("fn, why", [
    (lambda dh, dc_next, f_next, f, o, c: dh * o * (1 - np.tanh(c) ** 2), "carousel"),
    (lambda dh, dc_next, f_next, f, o, c: dh * o * (1 - np.tanh(c) ** 2) + dc_next * f,
     "f_t used"),
    (lambda dh, dc_next, f_next, f, o, c: dh * o + dc_next * f_next, "tanh derivative"),
    (lambda dh, dc_next, f_next, f, o, c: 2 * dh, "relative error"),
    (lambda dh, dc_next, f_next, f, o, c: dh[0], "shape"),
    (lambda dh, dc_next, f_next, f, o, c: 1 / 0, "ZeroDivisionError"),
])
def test_check_cell_backward_wrong(fn, why, capsys):
    assert ex.check_cell_backward(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_check_forget_bias(capsys):
    b = ex.forget_bias_needed(100, 0.5)
    assert np.isclose(float(sigmoid(b)) ** 100, 0.5, rtol=1e-12)
    assert ex.check_forget_bias(b) is True
    assert ex.check_forget_bias(round(b, 3)) is True
    assert capsys.readouterr().out.startswith("right")
    f = 0.5 ** (1 / 100)
    for answer, why in ((f, "gate value"), (np.log(f), "inverse of the sigmoid"),
                        (1.0, "carousel keeps")):
        assert ex.check_forget_bias(answer) is False
        out = capsys.readouterr().out
        assert out.startswith("wrong") and why in out



def right_gru_step(params, h_prev, x):
    z = np.concatenate([h_prev, x], axis=1)
    u = sigmoid(z @ params["Wz"].T + params["bz"])
    r = sigmoid(z @ params["Wr"].T + params["br"])
    n = np.tanh(np.concatenate([r * h_prev, x], axis=1) @ params["Wh"].T + params["bh"])
    return u * h_prev + (1 - u) * n


def swapped_gru_step(params, h_prev, x):
    z = np.concatenate([h_prev, x], axis=1)
    u = sigmoid(z @ params["Wz"].T + params["bz"])
    r = sigmoid(z @ params["Wr"].T + params["br"])
    n = np.tanh(np.concatenate([r * h_prev, x], axis=1) @ params["Wh"].T + params["bh"])
    return (1 - u) * h_prev + u * n


@pytest.mark.parametrize("seed", [0, 3])
def test_check_gru_step(seed, capsys):
    assert ex.check_gru_step(right_gru_step, seed) is True
    assert capsys.readouterr().out.startswith("right")
    assert ex.check_gru_step(swapped_gru_step, seed) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and "swapped" in out
