"""rnnlib.exercises.backprop: each checker accepts the right answer and rejects wrong ones."""

import numpy as np

from rnnlib import activations
from rnnlib.exercises import backprop as ex
from rnnlib.views.backprop import two_neuron


def right_backward(params, X, Y):
    a_s = [X]
    for p in params:
        a_s.append(activations.sigmoid(a_s[-1] @ p["W"].T + p["b"]))
    delta = (a_s[-1] - Y) * a_s[-1] * (1 - a_s[-1]) / X.shape[0]
    grads = [None] * len(params)
    for l in reversed(range(len(params))):
        grads[l] = {"W": delta.T @ a_s[l], "b": delta.sum(axis=0)}
        delta = (delta @ params[l]["W"]) * a_s[l] * (1 - a_s[l])
    return grads


def test_two_neuron_grads(capsys):
    exact = two_neuron()["grads"]
    assert ex.check_two_neuron_grads(exact) is True
    assert capsys.readouterr().out.startswith("Right:")
    assert ex.check_two_neuron_grads({k: -v for k, v in exact.items()}) is False
    assert "sign" in capsys.readouterr().out
    assert ex.check_two_neuron_grads({**exact, "w3": exact["b2"]}) is False
    assert "w3" in capsys.readouterr().out
    assert ex.check_two_neuron_grads({"w1": 0.0}) is False
    assert ex.check_two_neuron_grads({k: "x" for k in exact}) is False


def test_output_delta(capsys):
    assert ex.check_output_delta(lambda a, y: a - y) is True
    assert ex.check_output_delta(lambda a, y: y - a) is False
    assert "sign" in capsys.readouterr().out.split("Wrong:")[-1]
    assert ex.check_output_delta(lambda a, y: (a - y) * a * (1 - a)) is False
    assert "squared error" in capsys.readouterr().out
    assert ex.check_output_delta(lambda a, y: np.zeros(3)) is False
    assert ex.check_output_delta(lambda a, y: 1 / 0) is False
    assert ex.check_output_delta(3) is False


def test_backward(capsys):
    assert ex.check_backward(right_backward) is True
    assert capsys.readouterr().out.startswith("Right:")

    def flipped(params, X, Y):
        return [{k: -v for k, v in g.items()} for g in right_backward(params, X, Y)]

    def summed(params, X, Y):
        return [{k: v * X.shape[0] for k, v in g.items()} for g in right_backward(params, X, Y)]

    def transposed(params, X, Y):
        return [{"W": g["W"].T, "b": g["b"]} for g in right_backward(params, X, Y)]

    assert ex.check_backward(flipped) is False
    assert "sign" in capsys.readouterr().out
    assert ex.check_backward(summed) is False
    assert "too large" in capsys.readouterr().out
    assert ex.check_backward(transposed) is False
    assert "transposed" in capsys.readouterr().out
    assert ex.check_backward(lambda p, X, Y: None) is False


def test_verdicts_are_wrapped_for_a_narrow_page(capsys):
    ex.check_two_neuron_grads(two_neuron()["grads"])
    ex.check_output_delta(lambda a, y: a - y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 2 and all(len(line) <= 65 for line in lines)
