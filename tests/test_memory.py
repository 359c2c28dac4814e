"""Memory of BPTT: what one loss_and_grads call allocates grows linearly with T (issue #8)."""

import tracemalloc

import numpy as np
import pytest

from rnnlib import lstm, rnn


@pytest.mark.parametrize("mod", [rnn, lstm], ids=["rnn", "lstm"])
def test_peak_memory_of_loss_and_grads_grows_linearly_with_T(mod):
    params = mod.init_params(8, 16, 5, seed=0)
    peaks = []
    for T in (100, 1000):
        rng = np.random.default_rng(0)
        xs, ys = rng.standard_normal((T, 4, 8)), rng.integers(0, 5, size=(T, 4))
        tracemalloc.start()
        mod.loss_and_grads(params, xs, ys)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert 8.5 < peaks[1] / peaks[0] < 10.5, peaks       # linear in T: no T^2 term
