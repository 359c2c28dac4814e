"""Time rnnlib.fast's BPTT against PyTorch (if importable), its memory against T, the explorer.

The BPTT and memory figures are those of the tuned twins :mod:`rnnlib.fast.rnn` and
:mod:`rnnlib.fast.lstm` (what training uses), not of the readable reference modules.

Usage: OPENBLAS_NUM_THREADS=n python tools/bench.py [--repeats N]
       python tools/bench.py --budgets [--fresh]

The machine is shared and noisy, so every comparison is measured in one run, with the
contenders interleaved round by round: the ratio of a round's two times cancels the load that
both saw, and the median of those ratios is printed with its quartiles. The target figure is
the steady state of a training loop (each contender runs a few calls in a row, the first not
timed); the cold figure, where each call follows calls of the other contenders, is printed
too. PyTorch gets as many threads as numpy's BLAS (``OPENBLAS_NUM_THREADS``; ``make bench``
sets one). Before timing, the script checks that PyTorch computes the same loss and gradients
from the same weights, so the two do the same work. ``--budgets`` times the book build and
strict nbval instead, and ``--fresh`` adds ``make test`` in a fresh clone with a new venv
(installs included, about 10 minutes).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from functools import partial
from pathlib import Path

import numpy as np

from rnnlib import explore, fast

T, B, D, H, K = 100, 32, 64, 128, 64
BLOCK = 4             # calls in a row per contender and round, the first one not timed
ROOT = Path(__file__).resolve().parent.parent
MODELS = {"rnn": fast.rnn, "lstm": fast.lstm}


def interleaved(fns, repeats, block=1):
    """Wall and CPU times in ms of each function, run in turn ``repeats`` times.

    Each round runs every function once (or ``block`` times in a row, timing all but the first
    and keeping their median: the steady state of a training loop, which calls the same function
    again and again), starting one further along the list each round, so that no function
    always follows the same one. The CPU time (of this process) leaves out the time the process
    waited for a core, so on a busy machine it is the steadier of the two; with more than one
    thread it adds up the threads' times.

    Parameters
    ----------
    fns : dict of str to callable
    repeats : int
    block : int
        Calls in a row per round; with 1, each call follows calls of the other functions.

    Returns
    -------
    dict of str to ndarray, shape (repeats, 2)
        Per round, wall and CPU milliseconds; row r of every function comes from round r.
    """
    names = list(fns)
    times = {name: [] for name in names}
    for fn in fns.values():
        fn()                                             # warm-up
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            if block > 1:
                fns[name]()                              # the first call of a block: not timed
            calls = []
            for _ in range(max(block - 1, 1)):
                wall, cpu = time.perf_counter(), time.process_time()
                fns[name]()
                calls.append((time.perf_counter() - wall, time.process_time() - cpu))
            times[name].append(np.median(calls, axis=0))
    return {name: 1e3 * np.array(t) for name, t in times.items()}


def medians(ms):
    """Median wall and CPU ms of each function of :func:`interleaved`'s result."""
    return {name: tuple(np.median(t, axis=0)) for name, t in ms.items()}


def paired_ratio(ms, mine, theirs):
    """Median and quartiles of the per-round ratios of wall times, and the median CPU ratio.

    Both contenders of a round ran within a fraction of a second of each other, so the ratio
    of a round cancels the load that both saw; the machine's load drifts between rounds.
    """
    wall = ms[mine][:, 0] / ms[theirs][:, 0]
    q1, med, q3 = np.percentile(wall, [25, 50, 75])
    return med, q1, q3, float(np.median(ms[mine][:, 1] / ms[theirs][:, 1]))


def data(T=T, seed=0):
    """Inputs (T, B, D) and class ids (T, B), fixed by the seed."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((T, B, D)), rng.integers(0, K, size=(T, B))


def torch_model(name, params):
    """PyTorch's nn.RNN / nn.LSTM and nn.Linear holding rnnlib's weights (float64).

    PyTorch stacks the LSTM gates as i, f, g, o and splits W z_t into weight_hh h_{t-1} and
    weight_ih x_t; its second bias (bias_hh) is set to zero.
    """
    import torch

    if name == "rnn":
        cell = torch.nn.RNN(D, H, nonlinearity="tanh").double()
        w_ih, w_hh, bias = params["U"], params["W"], params["b"]
        head = params["V"], params["c"]
    else:
        cell = torch.nn.LSTM(D, H).double()
        order = ("i", "f", "c", "o")
        w = np.concatenate([params["W" + g] for g in order])
        w_ih, w_hh = w[:, H:], w[:, :H]
        bias = np.concatenate([params["b" + g] for g in order])
        head = params["Wy"], params["by"]
    linear = torch.nn.Linear(H, K).double()
    with torch.no_grad():
        for target, value in ((cell.weight_ih_l0, w_ih), (cell.weight_hh_l0, w_hh),
                              (cell.bias_ih_l0, bias), (cell.bias_hh_l0, 0 * bias),
                              (linear.weight, head[0]), (linear.bias, head[1])):
            target.copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return cell, linear


def torch_step(cell, linear, xs, ys, input_grad):
    """One forward and backward pass of PyTorch's model; returns the loss and dL/dxs."""
    import torch

    x = torch.from_numpy(xs).requires_grad_(input_grad)
    y = torch.from_numpy(ys).reshape(-1)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")

    def step():
        cell.zero_grad()
        linear.zero_grad()
        x.grad = None
        hs, _ = cell(x)
        loss = loss_fn(linear(hs).reshape(-1, K), y) / B       # rnnlib's loss: sum over t, / B
        loss.backward()
        return loss, x.grad

    return step


def products(name):
    """The matrix products of one rnnlib loss_and_grads call, alone, as (count, m, k, n, layout).

    ``layout`` says how each factor is stored: "N" C-contiguous, "T" the transpose of a
    C-contiguous array (Fortran order), as in the code, since numpy's BLAS runs some layouts
    faster than others. Timed on preallocated arrays, they are the floor that no rearrangement
    of the elementwise work can go under with numpy's BLAS. The rnn takes its recurrence-free
    products chunk by chunk (``rnnlib.fast._ops.chunks``); both models take a step's products with
    the sequences as columns.
    """
    from rnnlib.fast._ops import chunks

    TB, Z = T * B, H + D + 1
    if name == "rnn":
        rows = [(s.stop - s.start) * B for s in chunks(T)]
        per_chunk = [(1, r, H, K, "NT") for r in rows]                                # forward
        per_chunk += [shape for r in rows for shape in                                # backward
                      ((1, r, K, H, "NN"), (1, K, r, H, "TN"), (1, H, r, D, "TN"),
                       (1, H, r, H, "TN"), (1, r, H, D, "NN"))]
        return per_chunk + [(T, H, Z, B, "TN"), (T, B, H, H, "NN")]    # the two recursions
    return [(4 * T, H, Z, B, "TN"), (1, TB, H, K, "NT"),                              # forward
            (T, H, K, B, "TT"), (1, K, TB, H, "TN"), (4 * T, H, H, B, "TN"),          # backward
            (1, Z, TB, 4 * H, "TN"), (1, D, 4 * H, TB, "NT")]


def run_products(name):
    """A function that runs the products of :func:`products` into preallocated outputs."""
    rng = np.random.default_rng(0)

    def factor(rows, cols, how):
        return rng.standard_normal((cols, rows)).T if how == "T" else rng.standard_normal(
            (rows, cols))

    work = [(count, factor(m, k, layout[0]), factor(k, n, layout[1]), np.empty((m, n)))
            for count, m, k, n, layout in products(name)]

    def run():
        for count, a, b, out in work:
            for _ in range(count):
                np.matmul(a, b, out=out)

    return run


def check_same_work(name, params, xs, ys):
    """Largest relative difference between rnnlib's and PyTorch's loss and gradients."""
    cell, linear = torch_model(name, params)
    loss, x_grad = torch_step(cell, linear, xs, ys, True)()
    ours, grads, _ = MODELS[name].loss_and_grads(params, xs, ys)
    theirs = {"loss": (float(loss.detach()), ours), "xs": (x_grad.numpy(), grads["xs"]),
              "head": (linear.weight.grad.numpy(), grads["V" if name == "rnn" else "Wy"]),
              "recurrent": (cell.weight_hh_l0.grad.numpy()[:H],      # W (rnn), W_i's h part
                            grads["W"] if name == "rnn" else grads["Wi"][:, :H])}
    return max(float(np.max(np.abs(np.subtract(a, b))) / np.max(np.abs(b)))
               for a, b in theirs.values())


def bptt(repeats, threads):
    print(f"loss_and_grads (forward and backward), T={T} B={B} D={D} H={H} K={K}, float64, "
          f"{threads} BLAS thread(s). Steady state: {repeats} rounds, in each of which every "
          f"contender runs {BLOCK} calls in a row and the last {BLOCK - 1} are timed; times are "
          f"medians, ratios the median of the rounds' ratios [quartiles]. Cold: each call "
          f"follows calls of the other contenders.")
    xs, ys = data()
    try:
        import torch
        torch.set_num_threads(threads)
    except ImportError:
        torch = None
        print("  (PyTorch is not importable: pip install torch==2.13.0 to compare; it is not a "
              "requirement of the book)")
    for name, mod in MODELS.items():
        params = mod.init_params(D, H, K, seed=0)
        fns = {"ours": partial(mod.loss_and_grads, params, xs, ys),
               "ours, no dx": partial(mod.loss_and_grads, params, xs, ys, input_grad=False),
               "products": run_products(name)}
        if torch is not None:
            diff = check_same_work(name, params, xs, ys)
            assert diff < 1e-10, f"{name}: rnnlib and PyTorch disagree (relative {diff:.1e})"
            cell, linear = torch_model(name, params)
            fns["torch"] = torch_step(cell, linear, xs, ys, True)
            fns["torch, no dx"] = torch_step(cell, linear, xs, ys, False)
        for state, ms in (("steady", interleaved(fns, repeats, BLOCK)),
                          ("cold", interleaved(fns, repeats) if torch is not None else None)):
            if ms is None:
                continue
            med = medians(ms)
            for mine, theirs, what in (("ours", "torch", "with dL/dxs"),
                                       ("ours, no dx", "torch, no dx", "without dL/dxs")):
                line = (f"  {name:4s} {state:6s} {what:15s} rnnlib {med[mine][0]:6.1f} ms "
                        f"(cpu {med[mine][1]:6.1f})")
                if torch is not None:
                    ratio, q1, q3, cpu = paired_ratio(ms, mine, theirs)
                    line += (f"  PyTorch {med[theirs][0]:6.1f} ms (cpu {med[theirs][1]:6.1f})  "
                             f"ratio {ratio:.2f} [{q1:.2f}-{q3:.2f}] (cpu {cpu:.2f})")
                    if state == "steady":
                        line += f"; target <= 0.80: {'met' if ratio <= 0.8 else 'NOT met'}"
                print(line, flush=True)
            if state == "steady":
                line = (f"  {name:4s} its matrix products alone (numpy's BLAS): "
                        f"{med['products'][0]:6.1f} ms = "
                        f"{paired_ratio(ms, 'products', 'ours')[0]:.2f} of rnnlib's time")
                if torch is not None:
                    line += f", {paired_ratio(ms, 'products', 'torch')[0]:.2f} of PyTorch's"
                print(line, flush=True)
        if torch is not None:
            print(f"  {name:4s} same loss and gradients as PyTorch: largest relative difference "
                  f"{diff:.1e}", flush=True)


def cache_bytes(cache, xs):
    """Bytes of a cache's arrays, each memory range counted once (hs may be a view into another
    cached array), the caller's ``xs`` left out."""
    counted = []
    for a in sorted((v for v in cache.values() if isinstance(v, np.ndarray) and v is not xs),
                    key=lambda a: -a.nbytes):
        if not any(np.may_share_memory(a, b) for b in counted):
            counted.append(a)
    return sum(a.nbytes for a in counted)


def memory():
    print(f"memory of one loss_and_grads call (tracemalloc peak) and of its cache, against T "
          f"(B={B} D={D} H={H} K={K}):")
    lengths = (100, 500, 1000)
    for name, mod in MODELS.items():
        params = mod.init_params(D, H, K, seed=0)
        peaks, caches = [], []
        for t in lengths:
            xs, ys = data(t)
            tracemalloc.start()
            mod.loss_and_grads(params, xs, ys)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            cache = mod.forward(params, xs)[2]
            caches.append(cache_bytes(cache, xs))
        # linear growth: the same increase per step from T=100 to 500 as from 500 to 1000
        slopes = [(peaks[i + 1] - peaks[i]) / (lengths[i + 1] - lengths[i]) for i in (0, 1)]
        floats = (caches[2] - caches[0]) / (8 * (lengths[2] - lengths[0]) * B)
        print(f"  {name:4s} peak " + ", ".join(f"T={t} {m / 1e6:.1f} MB"
                                             for t, m in zip(lengths, peaks))
              + f"; per step {slopes[0] / 1e3:.0f} kB from T=100 to 500, {slopes[1] / 1e3:.0f} kB "
              f"from 500 to 1000 (linear: equal); cache besides xs {floats:.0f} floats per step "
              f"and sequence (H = {H})", flush=True)


def explorer(repeats):
    moves = iter(range(10 ** 6))

    def move():                          # one slider move: a new ||W||_2 at T=200, H=64
        k = next(moves) % 100
        explore.delta_norms(200, round(0.5 + 0.01 * k, 2), "tanh", hidden_size=64, input_size=4,
                            seed=0, kind="orthogonal")

    ms = medians(interleaved({"move": move}, repeats))["move"][0]
    print(f"explorer update, kernel side (rnnlib's BPTT at T=200, H=64): {ms:.1f} ms; the "
          f"whole live update is timed in JupyterLab by tools/bench_live.py")


def timed(what, target, cmd, cwd, env):
    """Run ``cmd``, print its wall time against ``target`` seconds; exit if it fails."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{what} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    print(f"  {what}: {seconds:.0f} s (target < {target} s: "
          f"{'met' if seconds < target else 'NOT met'})", flush=True)


def budgets(fresh):
    """Time the book build and strict nbval as make does; with ``fresh``, make test too."""
    print("budgets (wall time, one run each):", flush=True)
    venv_bin = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS",
                                                            "OMP_NUM_THREADS")}
    nb_env = dict(env, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")      # as make nbval
    with tempfile.TemporaryDirectory() as tmp:
        timed("book build with an existing venv (jupyter-book build -W, into a scratch dir)", 90,
              [str(venv_bin / "jupyter-book"), "build", "--builder", "html", "-W", "-n",
               "--keep-going", "--path-output", tmp, "."], ROOT, env)
    timed("strict nbval of every chapter", 180,
          [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
           "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "book"],
          ROOT, nb_env)
    if fresh:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["git", "clone", "-q", str(ROOT), tmp], check=True)
            timed("make test in a fresh clone of HEAD, new venv and MathJax (installs "
                  "included)", 600, ["make", "test"], tmp, env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--budgets", action="store_true",
                        help="time the book build and strict nbval (about 2 minutes)")
    parser.add_argument("--fresh", action="store_true",
                        help="with --budgets: also make test in a fresh clone (about 10 minutes)")
    args = parser.parse_args()
    if args.budgets:
        budgets(args.fresh)
        return
    threads = os.environ.get("OPENBLAS_NUM_THREADS")
    if threads is None:
        sys.exit("set OPENBLAS_NUM_THREADS (numpy's BLAS threads; PyTorch gets as many), "
                 "e.g. OPENBLAS_NUM_THREADS=1 python tools/bench.py")
    bptt(args.repeats, int(threads))
    memory()
    explorer(args.repeats)


if __name__ == "__main__":
    main()
