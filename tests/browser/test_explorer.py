"""The delta_t explorer's page script against rnnlib: same numbers, every choice, both themes.

The page recomputes BPTT in JavaScript (the slider space is too large to precompute), so these
tests set every control and compare the page's ||delta_t|| and readout with
rnnlib.explore.delta_norms.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from rnnlib import explore
from rnnlib.views.vanishing import DeltaExplorer

from .conftest import SHOTS

PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body style="font-family:sans-serif;background:{bg};color:{fg};padding:1em">{body}</body></html>
"""


def ratio_readout(d):
    """The explorer's readout as the page should format it (the oracle of the browser tests).

    Parameters
    ----------
    d : dict
        From :func:`rnnlib.explore.delta_norms`.
    """
    return (f"rho(W) = {d['rho']:.2f}   "
            f"||delta_1|| / ||delta_T|| = {d['norm'][0] / d['norm'][-1]:.3e}")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def explorer_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("explorer")
    body = DeltaExplorer(T=50, w_norm=1.0).html()
    (root / "light.html").write_text(PAGE.format(bg="#fff", fg="#222", body=body))
    (root / "dark.html").write_text(PAGE.format(bg="#121212", fg="#e6e6e6", body=body))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=root))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def set_controls(page, T, w_norm, activation, kind):
    idx = int(round((w_norm - 0.5) / 0.01))
    page.evaluate("""([T, idx, act, kind]) => {
        const set = (sel, v, ev) => { const e = document.querySelector(sel); e.value = v;
                                      e.dispatchEvent(new Event(ev)); };
        set("input[data-slider='T']", T, "input");
        set("input[data-slider='w_norm']", idx, "input");
        set("select[data-choice='activation']", act, "change");
        set("select[data-choice='kind']", kind, "change");
    }""", [T, idx, activation, kind])


def page_result(page):
    return page.evaluate("""() => {
        const r = document.querySelector('.rnnlib-dualview').rnnlibResult;
        return {norm: Array.from(r.norm), bound: Array.from(r.bound),
                text: document.querySelector('.rnnlib-dv-readout').textContent};
    }""")


CASES = [(T, w, a, k) for (T, w) in [(5, 0.5), (50, 1.0), (200, 1.5), (120, 0.97)]
         for a in ("tanh", "sigmoid", "relu", "linear")
         for k in explore.KINDS]


def test_page_numbers_equal_rnnlib(offline_page, explorer_site):
    page = offline_page
    page.goto(f"{explorer_site}/light.html")
    worst = 0.0
    for T, w, a, k in CASES:
        set_controls(page, T, w, a, k)
        got = page_result(page)
        want = DeltaExplorer.compute(T, w, a, k)
        assert len(got["norm"]) == T
        rel = np.abs(np.array(got["norm"]) - want["norm"]) / want["norm"]
        worst = max(worst, float(rel.max()))
        assert np.allclose(got["bound"], want["bound"], rtol=1e-9, atol=0)
        assert got["text"] == ratio_readout(want), (T, w, a, k)
    assert worst < 1e-9, worst
    assert page.errors == [] and page.foreign == []


def test_each_control_changes_the_pictures(offline_page, explorer_site):
    page = offline_page
    page.goto(f"{explorer_site}/light.html")
    curve = page.locator("path.rnnlib-dv-series")
    readout = page.locator(".rnnlib-dv-readout")
    heat = "() => document.querySelector('.rnnlib-dualview canvas').toDataURL()"
    controls = [("input[data-slider='T']", "ArrowRight"), ("input[data-slider='w_norm']",
                                                           "ArrowRight")]
    for selector, key in controls:
        before = (curve.get_attribute("d"), readout.inner_text(), page.evaluate(heat))
        page.locator(selector).focus()
        page.keyboard.press(key)
        after = (curve.get_attribute("d"), readout.inner_text(), page.evaluate(heat))
        assert all(b != a for b, a in zip(before, after)), selector
    for name, value in (("activation", "sigmoid"), ("kind", "nonnormal")):
        before = (curve.get_attribute("d"), readout.inner_text())
        page.locator(f"select[data-choice='{name}']").select_option(value)
        assert (curve.get_attribute("d"), readout.inner_text()) != before, name
    page.locator("button.rnnlib-dv-play").click()
    page.wait_for_function("() => document.querySelector('.rnnlib-dv-readout')"
                           ".textContent.includes('step')")
    assert "step" in readout.inner_text()
    page.locator("button.rnnlib-dv-play").click()           # stop
    assert "step" not in readout.inner_text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshot_in_both_themes(offline_page, explorer_site, theme):
    page = offline_page
    page.goto(f"{explorer_site}/{theme}.html")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".rnnlib-dualview").screenshot(path=str(SHOTS / f"explorer_{theme}.png"))
    ink = page.evaluate("() => getComputedStyle(document.querySelector('.rnnlib-dualview'))"
                        ".color")
    assert ink == ("rgb(34, 34, 34)" if theme == "light" else "rgb(230, 230, 230)")
