"""rnnlib.fast._ops.chunks: fast.rnn gives the same results whatever the chunk size (fast.lstm
has one time loop and no chunks)."""

import numpy as np
import pytest

from rnnlib.fast import _ops, rnn
from tests.helpers import assert_grads, signed, targets


@pytest.mark.parametrize("T", [1, 15, 16, 17, 40])
def test_chunks_cover_every_step_once_in_order(T):
    forward, backward = _ops.chunks(T), _ops.chunks(T, reverse=True)
    steps = [t for s in forward for t in range(T)[s]]
    assert steps == list(range(T)) and backward == forward[::-1]
    assert all(0 < s.stop - s.start <= _ops.CHUNK for s in forward)


def run(chunk, monkeypatch, rng_seed=0, T=7):
    monkeypatch.setattr(_ops, "CHUNK", chunk)
    rng = np.random.default_rng(rng_seed)
    params = rnn.init_params(3, 4, 5, seed=1)
    xs, ys = signed(rng, (T, 2, 3)), targets(rng, T, 2, 5)
    return params, xs, ys, rnn.loss_and_grads(params, xs, ys)


@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_any_chunk_size_gives_the_one_chunk_results(chunk, monkeypatch):
    *_, (loss, grads, deltas) = run(1000, monkeypatch)               # one chunk: all steps
    *_, (loss2, grads2, deltas2) = run(chunk, monkeypatch)
    assert loss2 == pytest.approx(loss, rel=1e-14)
    for mine, ref in ((grads2, grads), (deltas2, deltas)):
        for k in ref:
            assert np.allclose(mine[k], ref[k], rtol=1e-13, atol=1e-15), k


def test_chunked_rnn_passes_the_gradient_check(monkeypatch):
    params, xs, ys, (_, grads, _) = run(3, monkeypatch)
    assert_grads(lambda p, xs: rnn.loss_and_grads(p, xs, ys)[0], params, grads, {"xs": xs})
