"""rnnlib.exercises.bptt: the checkers say right for right answers, wrong (and why) for wrong."""

import numpy as np
import pytest

from rnnlib.exercises import bptt as ex


def right_step(delta_next, do, h_next, W, V):
    return V.T @ do + W.T @ ((1 - h_next ** 2) * delta_next)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_check_delta_step_accepts_the_right_answer(seed, capsys):
    assert ex.check_delta_step(right_step, seed) is True
    assert capsys.readouterr().out.startswith("right")


@pytest.mark.parametrize("fn, why", [
    (lambda dn, do, hn, W, V: V.T @ do + (1 - hn ** 2) * (W.T @ dn), "002"),
    (lambda dn, do, hn, W, V: V.T @ do + W.T @ dn, "missing"),
    (lambda dn, do, hn, W, V: V.T @ do + W @ ((1 - hn ** 2) * dn), "W^T"),
    (lambda dn, do, hn, W, V: W.T @ ((1 - hn ** 2) * dn), "direct term"),
    (lambda dn, do, hn, W, V: 2 * right_step(dn, do, hn, W, V), "not a known mistake"),
    (lambda dn, do, hn, W, V: np.zeros(7), "shape"),
    (lambda dn, do, hn, W, V: 1 / 0, "ZeroDivisionError"),
])
def test_check_delta_step_rejects_wrong_answers_and_says_why(fn, why, capsys):
    assert ex.check_delta_step(fn) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_check_delta_step_does_not_let_the_reader_modify_its_data():
    def mutating(dn, do, hn, W, V):
        W[:] = 0
        return right_step(dn, do, hn, W, V)
    # the checker hands out copies, so a mutating answer is judged on its own output
    assert ex.check_delta_step(mutating) is False
    assert ex.check_delta_step(right_step) is True


def grad_W(delta_net, hs, h0):
    h_prev = np.concatenate([h0[None], hs[:-1]])
    return np.einsum("tbi,tbj->ij", delta_net, h_prev)


def test_check_dW(capsys):
    assert ex.check_dW(grad_W) is True
    assert ex.check_dW(grad_W, seed=3) is True
    capsys.readouterr()
    for fn, why in [(lambda d, h, h0: np.einsum("tbi,tbj->ij", d, h), "h_{t-1}"),
                    (lambda d, h, h0: grad_W(d, h, h0).T, "transposed"),
                    (lambda d, h, h0: np.einsum("tbi,tbj->ij", d[1:], h[:-1]), "t = 1")]:
        assert ex.check_dW(fn) is False
        out = capsys.readouterr().out
        assert out.startswith("wrong") and why in out


def test_check_cache_floats(capsys):
    assert ex.check_cache_floats(100 * 8 * 42 + 256) is True
    assert ex.check_cache_floats(10 * 8 * 42 + 256, k=10) is True
    assert ex.check_cache_floats(100 * 8 * 32) is False
    assert "x_t" in capsys.readouterr().out.splitlines()[-1]
    assert ex.check_cache_floats(100 * 8 * 42 + 256, k=10) is False
    assert "chunk" in capsys.readouterr().out


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="fn"):
        ex.check_delta_step(3)
    with pytest.raises(ValueError, match="fn"):
        ex.check_dW("grad")
    with pytest.raises(ValueError, match="answer"):
        ex.check_cache_floats("many")
