"""Memory of BPTT: what one loss_and_grads call allocates grows linearly with T (issue #8), in
the reference modules and in their fast twins; the fast twins' one-allocation blocks."""

import tracemalloc

import numpy as np
import pytest

from rnnlib import fast, lstm, rnn

MODULES = [rnn, lstm, fast.rnn, fast.lstm]
IDS = ["rnn", "lstm", "fast.rnn", "fast.lstm"]


@pytest.mark.parametrize("mod", MODULES, ids=IDS)
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


def test_blocks_are_separate_contiguous_arrays_of_one_buffer():
    from rnnlib.fast._ops import blocks

    for shapes in (((2, 3), (4,), (1, 2, 2)), ((100, 32, 128), (100, 32, 64))):
        arrays = blocks(*shapes)
        assert [a.shape for a in arrays] == list(shapes)
        assert all(a.dtype == np.float64 and a.flags.c_contiguous for a in arrays)
        for a in arrays:
            a.fill(len(a.shape))                       # writing one leaves the others alone
        assert all((a == len(a.shape)).all() for a in arrays)
        assert not any(np.shares_memory(a, b) for i, a in enumerate(arrays)
                       for b in arrays[i + 1:])
    big = blocks((100, 32, 128), (100, 32, 64))[0]
    assert big.ctypes.data % 2 ** 21 == 0                # large blocks start on a huge page


@pytest.mark.parametrize("mod", MODULES, ids=IDS)
def test_loss_and_grads_results_are_not_reused_by_the_next_call(mod):
    rng = np.random.default_rng(0)
    xs, ys = rng.standard_normal((6, 3, 4)), rng.integers(0, 5, size=(6, 3))
    params = mod.init_params(4, 8, 5, seed=0)
    first = mod.loss_and_grads(params, xs, ys)
    kept = [{k: v.copy() for k, v in d.items()} for d in first[1:]]
    mod.loss_and_grads(params, 2 * xs, ys)               # another call, other values
    for d, copy in zip(first[1:], kept):
        assert all(np.array_equal(d[k], copy[k]) for k in d)
