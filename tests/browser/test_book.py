"""The built book in a real browser, with the network cut: every page, the math, the controls."""

import re

import pytest
import yaml

from .conftest import ROOT, SHOTS

# Errors that are known, named and harmless; anything else on a page fails the test.
KNOWN_ERRORS = [
    # sphinx-thebe 0.3.1 emits its configuration script twice on every page.
    re.compile(r"Identifier 'THEBE_JS_URL' has already been declared"),
]


def toc_pages():
    """Every document of _toc.yml, in reading order, as paths relative to the site root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))
            walk(e.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return [re.sub(r"\.(md|ipynb)$", "", f) + ".html" for f in files]


def load(page, url):
    """Open ``url`` and wait until MathJax (loaded only on pages with math) has typeset it."""
    page.goto(url, wait_until="load")
    if page.locator("script[src*='mathjax']").count():
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
        page.evaluate("MathJax.startup.promise")


@pytest.mark.parametrize("path", toc_pages())
def test_page_offline(offline_page, server, path):
    page = offline_page
    load(page, f"{server}/{path}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / (path.replace("/", "_")[:-5] + ".png")), full_page=True)
    assert page.foreign == [], f"requests to other hosts: {page.foreign}"
    unknown = [e for e in page.errors if not any(k.search(e) for k in KNOWN_ERRORS)]
    assert unknown == [], f"JavaScript errors: {unknown}"
    # math is typeset: no raw TeX delimiters left, and every math node holds MathJax output
    text = page.inner_text("main")
    assert "$$" not in text and "\\begin{" not in text
    math = page.locator("main .math")
    typeset = page.locator("main .math mjx-container")
    assert math.count() == typeset.count()


def test_no_foreign_urls_in_built_html():
    """No page references a script or stylesheet on another host (a static check of all HTML)."""
    html = ROOT / "_build" / "html"
    pattern = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)
    offenders = [p.name for p in html.rglob("*.html") if pattern.search(p.read_text())]
    assert offenders == []


def test_dualview_control_changes_its_picture(offline_page, server):
    page = offline_page
    load(page, f"{server}/book/00_how_to_read.html")
    view = page.locator(".rnnlib-dualview").first
    view.scroll_into_view_if_needed()
    curve = view.locator("path.rnnlib-dv-series[data-series='0']")
    readout = view.locator(".rnnlib-dv-readout")
    assert view.locator("svg").count() == 1
    for name in ("T", "w_norm"):
        before = (curve.get_attribute("d"), readout.inner_text())
        slider = view.locator(f"input[data-slider='{name}']")
        value = slider.input_value()
        slider.focus()
        page.keyboard.press("ArrowRight")
        assert slider.input_value() == str(int(value) + 1)
        after = (curve.get_attribute("d"), readout.inner_text())
        assert after[0] != before[0], f"moving {name} did not redraw the curve"
        assert after[1] != before[1], f"moving {name} did not change the readout"
    view.screenshot(path=str(SHOTS / "dualview_after_moves.png"))
    assert page.errors == [] or all(any(k.search(e) for k in KNOWN_ERRORS) for e in page.errors)
