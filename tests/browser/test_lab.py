"""The live view: JupyterLab runs a chapter and a DualView's ipywidgets picture follows its slider.

JupyterLab serves a temporary copy of book/ (its autosave must never touch the real notebooks).
"""

import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

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


def test_live_widget_redraws_when_its_slider_moves(browser, lab):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{lab}/lab/tree/00_how_to_read.ipynb")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=60_000)
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Shift+c")              # the command palette
    page.keyboard.type("Run All Cells")
    page.keyboard.press("Enter")
    slider = page.locator(".widget-slider .noUi-handle").first
    slider.wait_for(timeout=60_000)
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
