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
    # no display equation is cut at this desktop width (long ones are broken into rows)
    cut = page.evaluate("""() => Array.from(document.querySelectorAll(
        'main div.math mjx-container')).filter(m => m.scrollWidth > m.clientWidth + 2)
        .map(m => (m.closest('div.math') || {}).id || m.textContent.slice(0, 40))""")
    assert cut == [], f"display equations cut at 1200 px: {cut}"


def test_no_foreign_urls_in_built_html():
    """No page references a script or stylesheet on another host (a static check of all HTML)."""
    html = ROOT / "_build" / "html"
    pattern = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)
    offenders = [p.name for p in html.rglob("*.html") if pattern.search(p.read_text())]
    assert offenders == []


def pages_with_controls():
    """(page, number of controls) for every page of the toc whose HTML holds a control."""
    html = ROOT / "_build" / "html"
    out = []
    for path in toc_pages():
        f = html / path
        n = f.read_text().count('class="rnnlib-dualview"') if f.exists() else 0
        if n:
            out.append((path, n))
    return out


def picture(view):
    """Everything a control draws: its SVG markup, its canvas pixels and its readout."""
    return view.evaluate("""(v) => [v.querySelector('svg')?.innerHTML,
        v.querySelector('canvas')?.toDataURL(),
        v.querySelector('.rnnlib-dv-readout')?.textContent]""")


@pytest.mark.parametrize("path, count", pages_with_controls())
def test_every_control_changes_its_picture(offline_page, server, path, count):
    page = offline_page
    load(page, f"{server}/{path}")
    views = page.locator(".rnnlib-dualview")
    assert views.count() == count, "a control did not render"
    for i in range(count):
        view = views.nth(i)
        view.scroll_into_view_if_needed()
        sliders = view.locator("input[type=range]")
        assert sliders.count() >= 1
        for j in range(sliders.count()):
            slider = sliders.nth(j)
            if slider.input_value() == slider.get_attribute("max"):
                slider.focus()
                page.keyboard.press("Home")
            before = picture(view)
            slider.focus()
            page.keyboard.press("ArrowRight")
            assert picture(view) != before, f"control {i}, slider {j} did not redraw"
        view.screenshot(path=str(SHOTS / f"control_{path.replace('/', '_')[:-5]}_{i}.png"))
    unknown = [e for e in page.errors if not any(k.search(e) for k in KNOWN_ERRORS)]
    assert unknown == [] and page.foreign == []


def test_the_book_has_the_delta_explorer_with_rnnlibs_numbers(offline_page, server):
    from rnnlib.views.vanishing import DeltaExplorer, ratio_readout

    html = ROOT / "_build" / "html"
    pages = [p for p in toc_pages()
             if (html / p).exists() and "rnnlibDeltaExplorer(" in (html / p).read_text()]
    assert pages, "no page of the book holds the delta_t explorer"
    page = offline_page
    load(page, f"{server}/{pages[0]}")
    view = page.locator(".rnnlib-dualview", has=page.locator("select[data-choice='kind']"))
    view.scroll_into_view_if_needed()
    for T, idx, act, kind in ((200, 50, "tanh", "orthogonal"), (37, 100, "sigmoid", "gaussian"),
                              (120, 70, "relu", "nonnormal")):
        view.evaluate("""(v, [T, idx, act, kind]) => {
            const set = (sel, x, ev) => { const e = v.querySelector(sel); e.value = x;
                                          e.dispatchEvent(new Event(ev)); };
            set("input[data-slider='T']", T, "input");
            set("input[data-slider='w_norm']", idx, "input");
            set("select[data-choice='activation']", act, "change");
            set("select[data-choice='kind']", kind, "change"); }""", [T, idx, act, kind])
        want = DeltaExplorer.compute(T, round(0.5 + 0.01 * idx, 2), act, kind)
        got = view.evaluate("(v) => Array.from(v.rnnlibResult.norm)")
        assert max(abs(g / w - 1) for g, w in zip(got, want["norm"])) < 1e-9
        assert view.locator(".rnnlib-dv-readout").inner_text() == ratio_readout(want)
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
        view.screenshot(path=str(SHOTS / f"book_explorer_{theme}.png"))
