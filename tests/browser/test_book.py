"""The built book in a real browser, with the network cut: every page, the math, the controls."""

import re

import pytest
import yaml

from .conftest import ROOT, SHOTS

# Errors that are known, named and harmless; anything else on a page fails the test.
KNOWN_ERRORS = []

# A cold page (empty cache): every response body summed, at most this many bytes.
PAGE_BUDGET = 2_000_000
VIEWPORTS = {"1280px": (1280, 900), "390px": (390, 844)}


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
    """Open ``url`` and wait for its fonts (the math is typeset in the HTML, by the build)."""
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")


# For every element that must scroll sideways (display math, a table's frame) and is wider than
# its box: can it scroll, and does it carry the scroll cue (site.css: covers that scroll with the
# content over shadows that stay, the shadow a colour that shows in this theme)?
CUT = """() => Array.from(document.querySelectorAll(
    'main div.math mjx-container, main .pst-scrollable-table-container'))
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => { const s = getComputedStyle(e);
    return {id: (e.closest('div.math, section') || {}).id,
            scrolls: /auto|scroll/.test(s.overflowX),
            cue: (s.backgroundImage.match(/radial-gradient/g) || []).length === 2
                 && /local/.test(s.backgroundAttachment) && /scroll/.test(s.backgroundAttachment)
                 && s.getPropertyValue('--ltt-shade').trim() !== ''}; })"""

# Elements that stick out of the window on the right, outside any box that clips or scrolls
PANNING = """() => { const W = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('main *')) {
    if (e.getBoundingClientRect().right <= W + 1) continue;
    let p = e.parentElement, held = false;
    for (; p; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== 'visible') { held = true; break; }
    if (!held) out.push(e.tagName + '.' + e.className);
  }
  return [document.documentElement.scrollWidth, W, out.slice(0, 5)]; }"""

# Each header button's icon (an inline SVG, drawn by the build) has a size and a colour that is
# not the header's
ICONS = """() => Array.from(document.querySelectorAll(
    '.bd-header-article button, .bd-header-article a, .bd-header button'))
  .filter((b) => b.offsetParent !== null).map((b) => {
  const svg = Array.from(b.querySelectorAll('svg'))
    .find((s) => s.getBoundingClientRect().width > 0);
  return [b.className.split(' ').slice(0, 2).join(' ') || b.title,
          !!svg && svg.getBoundingClientRect().height >= 10
          && getComputedStyle(svg).color
             !== getComputedStyle(document.body).backgroundColor]; })"""


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("path", toc_pages())
def test_page_offline(browser, server, path, viewport):
    """One cold load of each page at each width: weight, errors, math, overflow, icons, themes."""
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    foreign, errors, sizes = [], [], []

    def route(r):
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a font the browser cannot decode (a bad cut) is only a warning in the console
    page.on("console", lambda m: (m.type == "error" or "font" in m.text.lower())
            and not m.location.get("url", "").endswith("/favicon.ico") and errors.append(m.text))
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    try:
        load(page, f"{server}/{path}")
        assert foreign == [], f"requests to other hosts: {foreign}"
        weight = sum(sizes)
        assert weight <= PAGE_BUDGET, f"{weight} bytes in {len(sizes)} requests on a cold load"
        # math is typeset: no raw TeX delimiters left, and every math node holds MathJax output
        text = page.inner_text("main")
        assert "$$" not in text and "\\begin{" not in text and "\\(" not in text
        math = page.locator("main .math")
        assert math.count() == page.locator("main .math mjx-container").count()
        scroll_width, window_width, sticking_out = page.evaluate(PANNING)
        assert scroll_width <= window_width, f"the page pans sideways: {sticking_out}"
        if width >= 1200:
            # on a desktop no display equation needs to scroll (long ones are broken into rows)
            wide = [c["id"] for c in page.evaluate(CUT) if c["id"] and "equation" in c["id"]]
            assert wide == [], f"display equations wider than the column at {viewport}: {wide}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = path.replace("/", "_")[:-5]
        for theme in ("light", "dark"):
            page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
            cut = [c for c in page.evaluate(CUT) if not (c["scrolls"] and c["cue"])]
            assert cut == [], f"cut without a scroll cue at {viewport}, {theme}: {cut}"
            hidden = [b for b, shown in page.evaluate(ICONS) if not shown]
            assert hidden == [], f"header buttons without an icon ({theme}): {hidden}"
            page.screenshot(path=str(SHOTS / f"{name}-{viewport}-{theme}.png"))
        unknown = [e for e in errors if not any(k.search(e) for k in KNOWN_ERRORS)]
        assert unknown == [], f"JavaScript errors: {unknown}"
    finally:
        context.close()


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
    from rnnlib.views.vanishing import DeltaExplorer

    from .test_explorer import ratio_readout

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
