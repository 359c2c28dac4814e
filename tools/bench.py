"""Time rnnlib's BPTT, and compare with PyTorch on the CPU when it is importable.

Usage: python tools/bench.py [--repeats N]

Every figure is a median over N runs in one process; the comparisons are ratios measured in the
same run, because the machine is shared and absolute times drift.
"""

import argparse
import os
import statistics
import time

import numpy as np

from rnnlib import lstm, rnn

T, B, D, H, K = 100, 32, 64, 128, 64


def median_ms(fn, repeats):
    fn()                                              # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def cache_bytes(cache):
    return sum(v.nbytes for v in cache.values() if isinstance(v, np.ndarray))


def data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((T, B, D)), rng.integers(0, K, size=(T, B))


def torch_times(xs, ys, repeats):
    import torch

    torch.manual_seed(0)
    x, y = torch.tensor(xs), torch.tensor(ys).reshape(-1)
    out = {}
    for name, cell in (("rnn", torch.nn.RNN(D, H, nonlinearity="tanh")),
                       ("lstm", torch.nn.LSTM(D, H))):
        cell, head = cell.double(), torch.nn.Linear(H, K).double()
        loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")

        def step(cell=cell, head=head, loss_fn=loss_fn):
            cell.zero_grad()
            head.zero_grad()
            hs, _ = cell(x)
            loss = loss_fn(head(hs).reshape(-1, K), y) / B
            loss.backward()

        out[name] = median_ms(step, repeats)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    xs, ys = data()
    p_rnn = rnn.init_params(D, H, K, seed=0)
    p_lstm = lstm.init_params(D, H, K, seed=0)
    ours = {"rnn": median_ms(lambda: rnn.loss_and_grads(p_rnn, xs, ys), args.repeats),
            "lstm": median_ms(lambda: lstm.loss_and_grads(p_lstm, xs, ys), args.repeats)}
    print(f"loss_and_grads, T={T} B={B} D={D} H={H} K={K}, float64, "
          f"median of {args.repeats} runs:")
    try:
        import torch
        # the same number of threads as numpy's BLAS (OPENBLAS_NUM_THREADS, default 2 cores)
        torch.set_num_threads(int(os.environ.get("OPENBLAS_NUM_THREADS", "2")))
        theirs = torch_times(xs, ys, args.repeats)
    except ImportError:
        theirs = None
    for name in ("rnn", "lstm"):
        line = f"  {name:5s} rnnlib {ours[name]:8.1f} ms"
        if theirs:
            ratio = ours[name] / theirs[name]
            line += (f"   PyTorch {theirs[name]:8.1f} ms   ratio {ratio:.2f} (target <= 0.80: "
                     f"{'met' if ratio <= 0.8 else 'NOT met'})")
        else:
            line += "   (PyTorch not importable: pip install torch==2.13.0 to compare)"
        print(line)

    print("cache of one forward pass (bytes), against T:")
    for name, mod, p in (("rnn", rnn, p_rnn), ("lstm", lstm, p_lstm)):
        sizes = []
        for t in (100, 1000):
            x = np.random.default_rng(1).standard_normal((t, B, D))
            sizes.append(cache_bytes(mod.forward(p, x)[2]))
        print(f"  {name:5s} T=100: {sizes[0] / 1e6:7.2f} MB   T=1000: {sizes[1] / 1e6:7.2f} MB"
              f"   ratio {sizes[1] / sizes[0]:.2f} (linear growth: about 10)")

    from rnnlib.views.vanishing import DeltaExplorer
    live = DeltaExplorer(T=200).widget()
    states = iter([{"T": 200, "w_norm": round(0.5 + 0.01 * k, 2), "activation": "tanh",
                    "kind": "orthogonal"} for k in range(10 * args.repeats + 10)])

    def move():                        # what one slider move costs in the kernel
        live.state = next(states)

    update = median_ms(move, args.repeats)
    print(f"explorer update, kernel side (rnnlib BPTT at T=200, H=32, and encoding): "
          f"{update:.1f} ms (target < 50 ms: {'met' if update < 50 else 'NOT met'}); the page "
          f"draws in the browser (tests/browser/test_lab.py prints the full round trip)")


if __name__ == "__main__":
    main()
