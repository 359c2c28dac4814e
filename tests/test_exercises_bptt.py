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


def test_check_cache_floats_accepts_the_cache_plus_dL_do(capsys):
    # x_t, h_t and dL/do_t per step (B (D + H + K) = 8 * 92), plus h_0 (B H = 256)
    assert ex.check_cache_floats(100 * 8 * 92 + 256) is True
    assert ex.check_cache_floats(10 * 8 * 92 + 256, k=10) is True
    assert ex.check_cache_floats(100 * 8 * 92 + 256, 100, 8, 10, 32) is True   # old order
    assert ex.check_cache_floats(5 * 2 * 6 + 6, T=5, B=2, D=1, H=3, K=2) is True
    assert ex.check_cache_floats(5 * 2 * 6 + 6, T=5, B=2, D=1, H=3, K=2, k=9) is True
    assert capsys.readouterr().out.count("right:") == 5


@pytest.mark.parametrize("answer, k, hint", [
    (100 * 8 * 42 + 256, None, "dL/do_t is held too"),        # the old answer: the cache only
    (100 * 8 * 82 + 256, None, "x_t are needed"),
    (100 * 8 * 92, None, "h_0 is needed"),
    (100 * 8 * 32 + 256, None, "x_t (for dL/dU) and dL/do_t"),
    (100 * 8 * 92 + 256, 10, "only one chunk"),
    (10 * 8 * 42 + 100 * 8 * 50 + 256, 10, "dL/do_t too is held for one chunk"),
    (100 * 8 * 142 + 256, None, "logits o_t"),
    (12345, None, "count x_t, h_t and dL/do_t"),
])
def test_check_cache_floats_names_the_usual_misses(answer, k, hint, capsys):
    assert ex.check_cache_floats(answer, k=k) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and hint in out and out.count("\n") == 1


def test_check_cache_floats_agrees_with_tbptt_cost():
    from rnnlib import tbptt
    for T, B, D, H, K, k in [(100, 8, 10, 32, 50, None), (7, 3, 2, 5, 11, 3), (4, 1, 1, 1, 1, 9)]:
        assert ex.check_cache_floats(tbptt.cost(T, B, D, H, K, k)["peak_floats"],
                                     T, B, D, H, K, k) is True


# ---- check_last_step_only -------------------------------------------------------------------

def last_step_deltas(delta_T, hs, W, slope=lambda hs, t: 1 - hs[t + 1] ** 2, M=None,
                     direct=False):
    M = W.T if M is None else M
    deltas = np.zeros_like(hs)
    deltas[-1] = delta_T
    for t in range(len(hs) - 2, -1, -1):
        deltas[t] = M @ (slope(hs, t) * deltas[t + 1]) + (delta_T if direct else 0)
    return deltas


def last_step_net(delta_T, hs, W):
    d = np.zeros_like(hs)
    d[-1] = (1 - hs[-1] ** 2) * delta_T
    for t in range(len(hs) - 2, -1, -1):
        d[t] = (1 - hs[t] ** 2) * (W.T @ d[t + 1])
    return d


def last_step_after(delta_T, hs, W):
    d = np.zeros_like(hs)
    d[-1] = delta_T
    for t in range(len(hs) - 2, -1, -1):
        d[t] = (1 - hs[t + 1] ** 2) * (W.T @ d[t + 1])
    return d


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_check_last_step_only_accepts_the_right_answer(seed, capsys):
    assert ex.check_last_step_only(last_step_deltas, seed) is True
    assert capsys.readouterr().out.startswith("right")


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("fn, why", [
    (lambda d, h, W: last_step_deltas(d, h, W, direct=True), "every step"),
    (lambda d, h, W: last_step_deltas(d, h, W, slope=lambda h, t: 1.0), "missing"),
    (lambda d, h, W: last_step_deltas(d, h, W, M=W), "W instead of W^T"),
    (lambda d, h, W: last_step_deltas(d, h, W, slope=lambda h, t: 1 - h[t] ** 2), "1 - h_t^2"),
    (last_step_after, "after W^T"),
    (last_step_net, "dL/dnet_t"),
    (lambda d, h, W: last_step_deltas(d, h, W)[::-1], "reverse order"),
    (lambda d, h, W: 2 * last_step_deltas(d, h, W), "not a known mistake"),
    (lambda d, h, W: last_step_deltas(d, h, W)[1:], "shape"),
    (lambda d, h, W: 1 / 0, "ZeroDivisionError"),
])
def test_check_last_step_only_rejects_wrong_answers_and_says_why(fn, why, seed, capsys):
    assert ex.check_last_step_only(fn, seed) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_last_step_data_is_one_sequence_of_a_real_forward_pass():
    delta_T, hs, W = ex.last_step_data(2)
    assert delta_T.shape == (4,) and hs.shape == (6, 4) and W.shape == (4, 4)
    assert np.all(np.abs(hs) < 1)


# ---- check_dh0 ------------------------------------------------------------------------------

def dh0(deltas, h0, W):
    return deltas["net"][0] @ W


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_check_dh0_accepts_the_right_answer(seed, capsys):
    assert ex.check_dh0(dh0, seed) is True
    assert capsys.readouterr().out.startswith("right")


def test_check_dh0_right_answer_is_the_gradient_by_central_differences():
    from rnnlib import rnn
    from tests.helpers import numgrad
    rng = np.random.default_rng(0)
    params = rnn.init_params(3, 4, 3, seed=0)
    xs, h0 = rng.standard_normal((4, 3, 3)), 0.8 * rng.standard_normal((3, 4))
    ys = rng.integers(0, 3, size=(4, 3))
    _, _, deltas = rnn.loss_and_grads(params, xs, ys, h0)
    num = numgrad(lambda h: rnn.loss_and_grads(params, xs, ys, h)[0], h0)
    assert np.allclose(dh0(deltas, h0, params["W"]), num, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("fn, why", [
    (lambda d, h0, W: d["net"][0] @ W.T, "W instead of W^T"),
    (lambda d, h0, W: d["h"][0] @ W, "deltas['h'][0]"),
    (lambda d, h0, W: (1 - h0 ** 2) * (d["net"][0] @ W), "1 - h_0^2"),
    (lambda d, h0, W: (d["net"][0] ** 2 / d["h"][0]) @ W, "twice"),
    (lambda d, h0, W: d["net"][0], "dL/dnet_1 itself"),
    (lambda d, h0, W: d["net"][-1] @ W, "step T"),
    (lambda d, h0, W: d["h"][0], "dL/dh_1 itself"),
    (lambda d, h0, W: -dh0(d, h0, W), "not a known mistake"),
    (lambda d, h0, W: dh0(d, h0, W)[0], "shape"),
    (lambda d, h0, W: d["missing"], "KeyError"),
])
def test_check_dh0_rejects_wrong_answers_and_says_why(fn, why, seed, capsys):
    assert ex.check_dh0(fn, seed) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_check_dh0_does_not_let_the_reader_modify_its_data():
    def mutating(deltas, h0, W):
        deltas["net"][:] = 0
        return dh0(deltas, h0, W)
    assert ex.check_dh0(mutating) is False
    assert ex.check_dh0(dh0) is True
    deltas, h0, W = ex.dh0_data()
    assert deltas["net"].shape == deltas["h"].shape == (4, 3, 4) and h0.shape == (3, 4)


# ---- check_birnn_backward -------------------------------------------------------------------

def birnn_deltas(dos, hs, hs_b, params, V="Vb", W="Wb", forward_in_time=True,
                 slope=lambda hs, hs_b, t, s: 1 - hs_b[s] ** 2, transpose=True):
    Vm, Wm = params[V], params[W].T if transpose else params[W]
    T = len(dos)
    d = np.zeros((T, Vm.shape[1]))
    order = list(range(T)) if forward_in_time else list(range(T - 1, -1, -1))
    for i, t in enumerate(order):
        d[t] = Vm.T @ dos[t]
        if i:
            s = order[i - 1]
            d[t] += Wm @ (slope(hs, hs_b, t, s) * d[s])
    return d


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_check_birnn_backward_accepts_the_right_answer(seed, capsys):
    assert ex.check_birnn_backward(birnn_deltas, seed) is True
    assert capsys.readouterr().out.startswith("right")


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("fn, why", [
    (lambda *a: birnn_deltas(*a, forward_in_time=False), "backward in time"),
    (lambda *a: birnn_deltas(*a, V="V"), "V instead of V'"),
    (lambda *a: birnn_deltas(*a, W="W"), "W instead of W'"),
    (lambda *a: birnn_deltas(*a, transpose=False), "W' instead of W'^T"),
    (lambda *a: birnn_deltas(*a, slope=lambda h, hb, t, s: 1 - hb[t] ** 2), "1 - h'_t^2"),
    (lambda *a: birnn_deltas(*a, slope=lambda h, hb, t, s: 1 - h[s] ** 2), "forward states"),
    (lambda *a: birnn_deltas(*a, slope=lambda h, hb, t, s: 1.0), "missing"),
    (lambda *a: birnn_deltas(*a, V="V", W="W", forward_in_time=False,
                             slope=lambda h, hb, t, s: 1 - h[s] ** 2), "forward chain"),
    (lambda *a: birnn_deltas(*a)[::-1], "order of computation"),
    (lambda *a: birnn_deltas(*a) + 1, "not a known mistake"),
    (lambda *a: birnn_deltas(*a).T, "shape"),
])
def test_check_birnn_backward_rejects_wrong_answers_and_says_why(fn, why, seed, capsys):
    assert ex.check_birnn_backward(fn, seed) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_birnn_data_is_one_sequence_of_a_real_forward_pass():
    from rnnlib import birnn
    dos, hs, hs_b, params = ex.birnn_data(4)
    assert dos.shape == (5, 3) and hs.shape == hs_b.shape == (5, 4)
    assert set(params) == set(birnn.KEYS)
    assert np.allclose(dos.sum(axis=1), 0)                  # softmax minus one-hot


# ---- check_truncated ------------------------------------------------------------------------

def truncated_dW(dos, cache, k, cuts=None, start=None, drop=None, chunks=None):
    """A reader's truncated BPTT, with knobs for the usual mistakes."""
    W, V, hs, h0 = cache["params"]["W"], cache["params"]["V"], cache["hs"], cache["h0"]
    T = len(dos)
    cuts = set(range(k, T, k)) if cuts is None else set(cuts)   # first steps of chunks
    dW, carry = np.zeros_like(W), np.zeros_like(h0)
    for t in reversed(range(T)):
        if t + 1 in cuts:
            carry = np.zeros_like(h0)                       # nothing from the next chunk
        do = 0 * dos[t] if drop is not None and t in drop else dos[t]
        dnet = (1 - hs[t] ** 2) * (do @ V + carry)
        first = t == 0 or t in cuts
        h_prev = h0 if t == 0 else (start(t) if start and first else hs[t - 1])
        if chunks is None or t // k in chunks:
            dW += dnet.T @ h_prev
        carry = dnet @ W
    return dW


@pytest.mark.parametrize("seed", [0, 1, 5])
def test_check_truncated_accepts_the_right_answer(seed, capsys):
    assert ex.check_truncated(truncated_dW, seed) is True
    assert ex.check_truncated(lambda d, c, k: tbptt_W(d, c, k), seed) is True
    assert capsys.readouterr().out.count("right") == 2


def tbptt_W(dos, cache, k):
    from rnnlib import tbptt
    return tbptt.truncated_backward(dos, cache, k)[0]["W"]


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("fn, why", [
    (lambda d, c, k: truncated_dW(d, c, k, cuts=()), "full BPTT"),
    (lambda d, c, k: truncated_dW(d, c, k, cuts=range(len(d) - k, 0, -k)), "from the end"),
    (lambda d, c, k: truncated_dW(d, c, k, cuts=range(k + 1, len(d), k)), "one step off"),
    (lambda d, c, k: truncated_dW(d, c, k, cuts=range(k - 1, len(d), k)), "one step off"),
    (lambda d, c, k: truncated_dW(d, c, k, drop=range(k - 1, len(d) - 1, k)), "direct error"),
    (lambda d, c, k: truncated_dW(d, c, k, drop=range(k, len(d), k)), "direct error"),
    (lambda d, c, k: truncated_dW(d, c, k, start=lambda t: c["h0"]), "from h_0"),
    (lambda d, c, k: truncated_dW(d, c, k, start=lambda t: 0 * c["h0"]), "from zeros"),
    (lambda d, c, k: truncated_dW(d, c, k, chunks={(len(d) - 1) // k}), "last chunk"),
    (lambda d, c, k: truncated_dW(d, c, k).T, "transposed"),
    (lambda d, c, k: 0.5 * truncated_dW(d, c, k), "not a known mistake"),
    (lambda d, c, k: np.zeros(3), "shape"),
    (lambda d, c, k: c["nothing"], "KeyError"),
])
def test_check_truncated_rejects_wrong_answers_and_says_why(fn, why, seed, capsys):
    assert ex.check_truncated(fn, seed) is False
    out = capsys.readouterr().out
    assert out.startswith("wrong") and why in out and out.count("\n") == 1


def test_check_truncated_does_not_let_the_reader_modify_its_data():
    def mutating(dos, cache, k):
        cache["hs"][:] = 0
        dos[:] = 0
        return truncated_dW(dos, cache, k)
    assert ex.check_truncated(mutating) is False
    assert ex.check_truncated(truncated_dW) is True
    dos, cache, k = ex.truncated_data()
    assert dos.shape == (7, 2, 3) and cache["hs"].shape == (7, 2, 4) and k == 3
