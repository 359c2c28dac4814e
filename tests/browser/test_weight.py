"""The built HTML as served, checked without a browser: math typeset, no MathJax or fontawesome
script, no inline script twice (tools/postbuild.py, run by make book, does all of this).

The browser side (weight of a cold page, overflow, icons) is test_book.test_page_offline.
"""

import re

import pytest

from .conftest import HTML

MATH = re.compile(r'<(span|div) class="math notranslate nohighlight"[^>]*>(.*?)</\1>', re.S)
INLINE_SCRIPT = re.compile(r"^[ \t]*(<script>.*</script>)$", re.M)


def built_pages():
    pages = sorted(HTML.rglob("*.html"))
    if not pages:
        pytest.fail("the book is not built: run `make book` first")
    return pages


def test_math_is_typeset_in_the_html_as_served():
    """Every formula is MathJax output with its assistive MathML, before any script runs."""
    raw, typeset = [], 0
    for page in built_pages():
        html = page.read_text()
        assert "window.MathJax" not in html and "tex-mml-chtml.js" not in html, page.name
        for m in MATH.finditer(html):
            body = m[2]
            if "<mjx-container" in body and "<mjx-assistive-mml" in body and "\\(" not in body:
                typeset += 1
            else:
                raw.append(f"{page.name}: {body[:60]!r}")
    assert raw == []
    assert typeset > 500      # the chapters hold well over a thousand formulas


def test_chapters_carry_the_math_stylesheet():
    """A page with math holds the CSS for its glyphs, fonts served by the book itself."""
    for page in built_pages():
        html = page.read_text()
        if "<mjx-container" in html:
            css = re.search(r'<style id="mathjax-css">(.*?)</style>', html, re.S)
            assert css, page.name
            for url in re.findall(r'url\("([^"]+)"\)', css[1]):
                assert (page.parent / url).resolve().is_file(), (page.name, url)


def test_icons_are_inline_svg_and_the_icon_script_is_gone():
    for page in built_pages():
        html = page.read_text()
        assert "fontawesome.js" not in html, page.name
        assert not re.search(r'<(i|span) [^>]*class="[^"]*\bfa-', html), page.name
    subset = HTML / "_static/vendor/fontawesome/webfonts/fa-solid-900-subset.woff"
    assert 0 < subset.stat().st_size < 10_000


def test_no_inline_script_twice():
    """sphinx-thebe's `const THEBE_JS_URL` twice is a SyntaxError in the console."""
    for page in built_pages():
        scripts = INLINE_SCRIPT.findall(page.read_text())
        assert len(scripts) == len(set(scripts)), page.name
