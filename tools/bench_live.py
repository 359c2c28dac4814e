"""Time the live views in JupyterLab, measured in the page: slider move to redrawn picture.

Usage: python tools/bench_live.py [--moves N] [--gap MS] [--no-lineview]

Starts two headless JupyterLabs on temporary folders holding two tiny notebooks, one with the
book's settings (``jupyter/``, as ``make lab`` starts it) and one with JupyterLab's stock
settings, opens them in Debian's chromium and moves their sliders:

* chapter 3's delta_t explorer (``DeltaExplorer(T=200, hidden=64)``), in both JupyterLabs: each
  move sets a slider and dispatches its ``input`` event, as a drag does; the kernel computes
  with rnnlib and the page draws. The time runs, in the page, from just before the event to the
  moment the readout (written last, after the SVG and the heatmap) changes. The two pages move
  in alternate blocks of 6 moves, the first page changing from block to block, so that both
  see the same load; the target applies to the book's JupyterLab, and the ratio of the two
  (median of the blocks' ratios) shows what the book's settings change;
* a :class:`rnnlib.views.dualview.LineView` (chapter 0's), in the book's JupyterLab: a keyboard
  step of its ipywidgets slider, timed from the keydown to the new PNG (matplotlib in the kernel).

Moves alternate between two sliders (or two directions) so that every move asks for a new
state, and wait ``--gap`` ms after each redraw (a user's discrete moves, not a drag). The first
3 moves of each page warm up and are not counted. The figures are medians over ``--moves``
moves per page (rounded up to whole blocks); no playwright call is inside a timed interval.
Exits with status 2 if chromium or JupyterLab cannot start, 1 if a view does not show up or
does not redraw.
"""

import argparse
import contextlib
import pathlib
import statistics
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import launch  # noqa: E402  (the repository root is on sys.path now)

TARGET_MS = 50
WARMUP = 3
BLOCK = 6
EXPLORER = "from rnnlib.views.vanishing import DeltaExplorer\nDeltaExplorer(T=200, hidden=64)"
LINEVIEW = """from rnnlib.views import text
from rnnlib.views.dualview import LineView
LineView(text.delta_frame,
         sliders=[("T", "T", [5, 10, 20, 50, 100]),
                  ("w_norm", "‖W‖₂", [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5])],
         labels=["measured ‖δ_t‖ (tanh)", "bound ‖W‖₂^(T−t)"], title="δ_t",
         xlabel="time step t", ylabel="‖δ_t‖", init={"T": 50, "w_norm": 1.0},
         ylim=(1e-20, 1e12))"""


def open_explorer(browser, url, gap):
    """The explorer's page and root element, drawn and warmed up."""
    page = launch.run_all(browser, url, "explorer.ipynb")
    view = page.locator(".rnnlib-dualview", has=page.locator("input[data-slider='T']")).first
    view.wait_for(timeout=120_000)
    root = view.element_handle()
    page.wait_for_function("(v) => v.querySelector('.rnnlib-dv-readout').textContent"
                           ".startsWith('rho(W) = ')", arg=root, timeout=60_000)
    view.locator("input[data-slider='T']").hover()     # where a user's pointer is
    page.evaluate(launch.EXPLORER_MOVES, [root, WARMUP, gap])
    return page, root


def explorer_latencies(book, stock, moves, gap):
    """Per-move latencies (ms) of the two explorers, ``(page, root)`` each, and the per-block
    ratios book / stock: the pages move in alternate blocks of BLOCK moves, and which of them
    moves first alternates from block to block."""
    ms, ratios = ([], []), []
    for b in range(-(-moves // BLOCK)):
        medians = [0.0, 0.0]
        for k in ((0, 1) if b % 2 == 0 else (1, 0)):
            page, root = (book, stock)[k]
            block = page.evaluate(launch.EXPLORER_MOVES, [root, BLOCK, gap])
            ms[k].extend(block)
            medians[k] = statistics.median(block)
        ratios.append(medians[0] / medians[1])
    return ms[0], ms[1], ratios


def lineview_latencies(browser, url, moves, gap):
    """Per-move latencies (ms) of a LineView, warm-up moves dropped."""
    page = launch.run_all(browser, url, "lineview.ipynb")
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.wait_for(timeout=120_000)
    page.locator(".jp-OutputArea-output img").first.wait_for(timeout=60_000)
    handle.hover()
    ms = page.evaluate(launch.LINEVIEW_MOVES, [moves + WARMUP, gap])
    page.close()
    return ms[WARMUP:]


def report(browser, book_url, stock_url, args):
    """Time the views and print one line each."""
    views = [open_explorer(browser, url, args.gap) for url in (book_url, stock_url)]
    book, stock, ratio = explorer_latencies(*views, args.moves, args.gap)
    for page, _ in views:
        page.close()
    med = statistics.median(book)
    q = statistics.quantiles(ratio, n=4)
    print(f"explorer live update in the book's JupyterLab (make lab; slider to redrawn picture, "
          f"T=200, H=64): median {med:.0f} ms over {len(book)} moves (target < {TARGET_MS} ms: "
          f"{'met' if med < TARGET_MS else 'NOT met'})", flush=True)
    print(f"  the same with JupyterLab's stock settings, moves interleaved: median "
          f"{statistics.median(stock):.0f} ms; book / stock, median of {len(ratio)} blocks' "
          f"ratios: {statistics.median(ratio):.2f} [{q[0]:.2f}-{q[2]:.2f}]", flush=True)
    if not args.no_lineview:
        ms = lineview_latencies(browser, book_url, args.moves, args.gap)
        print(f"LineView live update in the book's JupyterLab (slider to new matplotlib PNG): "
              f"median {statistics.median(ms):.0f} ms over {len(ms)} moves (no target)",
              flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=36, help="timed moves per view (>= 18)")
    parser.add_argument("--gap", type=int, default=100, help="pause after each redraw, in ms")
    parser.add_argument("--no-lineview", action="store_true", help="time the explorer only")
    args = parser.parse_args(argv)
    if args.moves < 3 * BLOCK:
        parser.error(f"--moves: expected an integer >= {3 * BLOCK}, received {args.moves}")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench_live_") as tmp:
        roots = [pathlib.Path(tmp) / name for name in ("book", "stock")]
        for root in roots:
            root.mkdir()
            launch.write_notebook(root / "explorer.ipynb", EXPLORER)
            launch.write_notebook(root / "lineview.ipynb", LINEVIEW)
        try:
            with sync_playwright() as p, contextlib.ExitStack() as servers:
                browser = launch.launch_chromium(p)          # first: it fails fast
                book_url = servers.enter_context(launch.jupyterlab(roots[0]))
                stock_url = servers.enter_context(launch.jupyterlab(roots[1], book_config=False))
                report(browser, book_url, stock_url, args)
                browser.close()
        except launch.LaunchError as err:
            print(f"bench_live: cannot start: {err}", file=sys.stderr)
            return 2
        except PlaywrightError as err:
            print(f"bench_live: a view did not show up or did not redraw: {err}",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
