"""The live views in JupyterLab: a LineView's picture and the delta_t explorer follow their
controls, with rnnlib computing behind them.

JupyterLab serves a temporary folder (its autosave must never touch the real notebooks).
"""

import pathlib
import shutil
import statistics

import pytest

from rnnlib.views.vanishing import DeltaExplorer

from .conftest import SHOTS
from .launch import EXPLORER_MOVES, LaunchError, jupyterlab, run_all, write_notebook
from .test_explorer import ratio_readout

# In-page median of a live explorer move (slider to redrawn picture) at T=200, H=64: the
# issue's target is 50 ms (tools/bench_live.py); this bound only catches a regression of several
# times, without failing on a loaded machine.
LIVE_BOUND_MS = 250


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    book = pathlib.Path(__file__).resolve().parents[2] / "book"
    shutil.copy(book / "00_how_to_read.ipynb", root)
    write_notebook(root / "explorer.ipynb",
                   "from rnnlib.views.vanishing import DeltaExplorer\nDeltaExplorer(T=50)")
    write_notebook(root / "explorer64.ipynb",
                   "from rnnlib.views.vanishing import DeltaExplorer\n"
                   "DeltaExplorer(T=200, hidden=64)")
    try:
        with jupyterlab(root) as url:
            yield url
    except LaunchError as err:
        pytest.fail(str(err))


def test_live_lineview_redraws_when_its_slider_moves(browser, lab):
    page = run_all(browser, lab, "00_how_to_read.ipynb")
    slider = page.locator(".widget-slider .noUi-handle").first
    slider.wait_for(timeout=120_000)
    image = page.locator(".jp-OutputArea-output img").first
    readout = page.locator(".widget-label").last
    image.scroll_into_view_if_needed()
    before = (image.get_attribute("src"), readout.inner_text())
    assert before[1].startswith("||delta_1|| / ||delta_T||")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([img, old]) => document.querySelectorAll('.jp-OutputArea-output img')[0].src !== old",
        arg=[None, before[0]], timeout=20_000)
    after = (image.get_attribute("src"), readout.inner_text())
    assert after[1] != before[1], "the readout did not follow the slider"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "jupyterlab_live_widget.png"))
    page.close()


def test_live_explorer_follows_its_controls_with_rnnlibs_numbers(browser, lab):
    page = run_all(browser, lab, "explorer.ipynb")
    # the widget view (the HTML fallback, kept hidden by JupyterLab, has no controls)
    view = page.locator(".rnnlib-dualview", has=page.locator("input[data-slider='T']")).first
    view.wait_for(timeout=120_000)
    readout = view.locator(".rnnlib-dv-readout")
    root = view.element_handle()
    changed = ("([v, old]) => { const r = v.querySelector('.rnnlib-dv-readout');"
               " return r && r.textContent.startsWith('rho(W) = ') && r.textContent !== old; }")
    page.wait_for_function(changed, arg=[root, ""], timeout=60_000)
    assert readout.inner_text() == ratio_readout(DeltaExplorer.compute(50, 1.0, "tanh",
                                                                       "orthogonal"))
    for selector, want in (("input[data-slider='T']", (51, 1.0, "tanh", "orthogonal")),
                           ("input[data-slider='w_norm']", (51, 1.01, "tanh", "orthogonal"))):
        before = readout.inner_text()
        # one step to the right, as a drag would do (JupyterLab keeps the arrow keys)
        view.locator(selector).evaluate(
            "(e) => { e.value = +e.value + 1; e.dispatchEvent(new Event('input')); }")
        page.wait_for_function(changed, arg=[root, before], timeout=60_000)
        assert readout.inner_text() == ratio_readout(DeltaExplorer.compute(*want))
    before = readout.inner_text()
    view.locator("select[data-choice='activation']").select_option("sigmoid")
    page.wait_for_function(changed, arg=[root, before], timeout=60_000)
    assert readout.inner_text() == ratio_readout(DeltaExplorer.compute(51, 1.01, "sigmoid",
                                                                       "orthogonal"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "jupyterlab_live_explorer.png"))
    page.close()


def test_live_explorer_at_h64_redraws_fast_with_rnnlibs_numbers(browser, lab):
    page = run_all(browser, lab, "explorer64.ipynb")
    view = page.locator(".rnnlib-dualview", has=page.locator("input[data-slider='T']")).first
    view.wait_for(timeout=120_000)
    root = view.element_handle()
    page.wait_for_function("(v) => v.querySelector('.rnnlib-dv-readout').textContent"
                           ".startsWith('rho(W) = ')", arg=root, timeout=60_000)
    view.locator("input[data-slider='T']").hover()
    # the book's settings (jupyter/) reached this JupyterLab: no busy favicon to fetch
    config = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data')"
                           ".textContent).disabledExtensions")
    assert "@jupyterlab/application-extension:faviconbusy" in config
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "favicon" in r.url else None)
    # measured in the page, from the input event to the redrawn readout (EXPLORER_MOVES)
    ms = page.evaluate(EXPLORER_MOVES, [root, 18, 100])[3:]
    assert fetched == [], f"the page fetched {len(fetched)} favicons in 18 moves"
    T, idx = (int(view.locator(f"input[data-slider='{n}']").input_value())
              for n in ("T", "w_norm"))
    want = DeltaExplorer.compute(T, float(DeltaExplorer().spec()["norms"][idx]), "tanh",
                                 "orthogonal", hidden=64)
    assert T == 191 and view.locator(".rnnlib-dv-readout").inner_text() == ratio_readout(want)
    # the heatmap has H = 64 rows of units
    assert page.evaluate("(v) => v.rnnlibResult.delta.length", root) == 191 * 64
    median = statistics.median(ms)
    print(f"live explorer at T=200, H=64, in the page: median {median:.0f} ms over {len(ms)} "
          f"moves (all: {[round(x) for x in ms]})")
    assert median < LIVE_BOUND_MS, f"live explorer moves take {median:.0f} ms (median)"
    page.close()
