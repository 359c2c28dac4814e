"""Chapter 5's experiment: every model, lag and seed on the adding problem (make experiments).

    python tools/experiments.py              # all runs -> book/data/long_range.json (~15 min)
    python tools/experiments.py --check      # re-run a few robust runs, compare verdicts (CI)

1. The learning rate of each model is chosen on a grid at one lag (T = 25) with seeds of its
   own (100-103), never used below: the rate with the most solved seeds, then the lowest median
   final test MSE. The LSTM with forget-gate bias 0 takes the LSTM's rate.
2. Every model of ``rnnlib.experiment.CONFIGS`` is trained at every lag from seeds 0-7.

Runs are spread over two processes, one BLAS thread each. Training is chaotic: a run's numbers
depend on the last bits of its sums, which differ between CPUs and BLAS kernels, so a rerun on
another machine gives other curves; the results file records where and with what it was made.
``--check`` re-runs a few seeds of configurations whose verdict was the same at every seed and
fails if a verdict differs from the file.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from rnnlib import experiment as ex  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "book" / "data" / "long_range.json"
LAGS = (10, 25, 100)
SEEDS = tuple(range(8))
GRID_T, GRID_SEEDS, GRID_LRS = 25, (100, 101, 102, 103), (3e-4, 1e-3, 3e-3, 1e-2)
GRID_MODELS = ("tanh RNN", "IRNN", "LSTM")
# --check: (name, T, seeds) re-run on every CI run; each must have had one verdict at all seeds.
CHECKS = (("LSTM", 100, (0, 1)), ("tanh RNN", 100, (0, 1)), ("IRNN", 100, (0,)))
COST = {"tanh": 1.0, "irnn": 0.8, "lstm": 4.5}           # relative cost of a step, for ordering


def _one(job):
    name, T, seed, lr, stop = job
    r = ex.run(name, T, seed, lr, stop_when_solved=stop)
    final = "diverged" if r["final_mse"] is None else f"{r['final_mse']:.4f}"
    print(f"  {name:10s} T = {T:3d}  seed {seed:3d}  lr {lr:.0e}  final test MSE {final:8s}  "
          f"{ex.verdict(r):14s} {r['seconds']:6.1f} s", flush=True)
    return r


def _run_all(jobs, processes):
    jobs = sorted(jobs, key=lambda j: -COST[ex.CONFIGS[j[0]][0]] * j[1])   # longest first
    with Pool(processes) as pool:
        return list(pool.imap_unordered(_one, jobs))


def _choose(runs):
    """The learning rate of each model: most seeds solved, then lowest median final MSE."""
    chosen = {}
    for name in GRID_MODELS:
        def score(lr, name=name):
            rs = [r for r in runs if r["name"] == name and r["lr"] == lr]
            return (-sum(r["solved_at"] is not None for r in rs),
                    float(np.median([np.inf if r["final_mse"] is None else r["final_mse"]
                                     for r in rs])))
        chosen[name] = min(GRID_LRS, key=score)
    chosen["LSTM bf=0"] = chosen["LSTM"]
    return chosen


def _provenance(processes):
    """Where and with what code the runs are made (read when they start)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True,
                              text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    return {"command": "python tools/experiments.py", "commit": git("rev-parse", "HEAD"),
            "uncommitted_changes": bool(git("status", "--porcelain", "rnnlib", "tools")),
            "date": time.strftime("%Y-%m-%d"), "python": platform.python_version(),
            "numpy": np.__version__, "cpu": cpu, "processes": processes,
            "blas_threads": int(os.environ["OPENBLAS_NUM_THREADS"])}


def main_all(processes):
    start, provenance = time.perf_counter(), _provenance(processes)
    print(f"1. learning rates at T = {GRID_T}, seeds {GRID_SEEDS}", flush=True)
    grid = _run_all([(n, GRID_T, s, lr, False) for n in GRID_MODELS for lr in GRID_LRS
                     for s in GRID_SEEDS], processes)
    chosen = _choose(grid)
    print("   chosen:", chosen, flush=True)
    print(f"2. every model at T = {LAGS}, seeds {SEEDS}", flush=True)
    runs = _run_all([(n, T, s, chosen[n], False) for n in ex.CONFIGS for T in LAGS
                     for s in SEEDS], processes)
    key = {n: i for i, n in enumerate(ex.CONFIGS)}
    runs.sort(key=lambda r: (r["T"], key[r["name"]], r["seed"]))
    grid.sort(key=lambda r: (key[r["name"]], r["lr"], r["seed"]))
    solved = [r for r in runs if r["name"] == "LSTM" and r["T"] == max(LAGS)
              and r["solved_at"] is not None]
    trained = {"name": "LSTM", "T": max(LAGS), "seed": solved[0]["seed"],
               "params": {k: v.tolist() for k, v in solved[0]["params"].items()}}
    for r in grid + runs:
        del r["params"]
    data = {"provenance": {**provenance, "seconds": round(time.perf_counter() - start)},
            "settings": {**ex.SETTINGS, "threshold": ex.THRESHOLD, "lags": list(LAGS),
                         "seeds": list(SEEDS), "optimizer": "adam"},
            "selection": {"T": GRID_T, "seeds": list(GRID_SEEDS), "lrs": list(GRID_LRS),
                          "chosen": chosen, "runs": grid},
            "runs": runs, "trained": trained}
    RESULTS.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - start:.0f} s")


def main_check(processes):
    data = ex.load(RESULTS)
    jobs, want = [], {}
    for name, T, seeds in CHECKS:
        row = ex.table(data["runs"], name, T)
        solved = row["solved"]
        assert solved in (0, row["n"]), f"{name} at T = {T}: {solved} of {row['n']} solved"
        lr = data["selection"]["chosen"][name]
        for s in seeds:
            jobs.append((name, T, s, lr, True))
            want[(name, T, s)] = solved > 0
    start = time.perf_counter()
    runs = _run_all(jobs, processes)
    bad = [(r["name"], r["T"], r["seed"]) for r in runs
           if (r["solved_at"] is not None) != want[(r["name"], r["T"], r["seed"])]]
    print(f"{len(runs) - len(bad)} of {len(runs)} verdicts as in the results file "
          f"({time.perf_counter() - start:.0f} s)")
    if bad:
        sys.exit(f"verdicts differ from {RESULTS.name}: {bad}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="re-run a few robust runs")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    (main_check if args.check else main_all)(args.processes)
