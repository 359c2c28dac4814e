"""The live views in JupyterLab: a LineView's picture and the delta_t explorer follow their
controls, with rnnlib computing behind them.

JupyterLab serves a temporary folder (its autosave must never touch the real notebooks).
"""

import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from rnnlib.views.vanishing import DeltaExplorer, ratio_readout

from .conftest import SHOTS


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    book = pathlib.Path(__file__).resolve().parents[2] / "book"
    shutil.copy(book / "00_how_to_read.ipynb", root)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from rnnlib.views.vanishing import DeltaExplorer\nDeltaExplorer(T=50)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, root / "explorer.ipynb")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=", "--LabApp.check_for_updates_class"
         "=jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def run_all(browser, lab, name):
    """Open a notebook in JupyterLab, wait for its kernel, run all cells; return the page."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{lab}/lab/tree/{name}")
    page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
    page.locator(".jp-StatusBar-TextItem", has_text="Idle").first.wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    return page


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
               " return r && r.textContent.startsWith('||delta_1||') && r.textContent !== old; }")
    page.wait_for_function(changed, arg=[root, ""], timeout=60_000)
    assert readout.inner_text() == ratio_readout(DeltaExplorer.compute(50, 1.0, "tanh",
                                                                       "orthogonal"))
    latencies = []
    for selector, want in (("input[data-slider='T']", (51, 1.0, "tanh", "orthogonal")),
                           ("input[data-slider='w_norm']", (51, 1.01, "tanh", "orthogonal"))):
        before = readout.inner_text()
        # one step to the right, as a drag would do (JupyterLab keeps the arrow keys)
        start = view.locator(selector).evaluate(
            "(e) => { e.value = +e.value + 1; e.dispatchEvent(new Event('input'));"
            " return performance.now(); }")
        page.wait_for_function(changed, arg=[root, before], timeout=60_000)
        latencies.append(page.evaluate("() => performance.now()") - start)
        assert readout.inner_text() == ratio_readout(DeltaExplorer.compute(*want))
    before = readout.inner_text()
    view.locator("select[data-choice='activation']").select_option("sigmoid")
    page.wait_for_function(changed, arg=[root, before], timeout=60_000)
    assert readout.inner_text() == ratio_readout(DeltaExplorer.compute(51, 1.01, "sigmoid",
                                                                       "orthogonal"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "jupyterlab_live_explorer.png"))
    print(f"live explorer round trips (ms): {[round(x) for x in latencies]}")
    page.close()
