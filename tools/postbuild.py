"""Make the built HTML book light and typeset: run after `jupyter-book build` (make book does).

Usage: python tools/postbuild.py [SITE]    (SITE: the built site, _build/html by default)

On every page of SITE:

* math is typeset now, not in the reader's browser: tools/typeset/typeset_math.js (mathjax-full,
  installed by tools/fetch_mathjax.sh) replaces each formula by MathJax's CommonHTML and its
  assistive MathML, and the MathJax script (1.2 MB) is dropped; MathJax's fonts are cut to the
  characters the book uses;
* the theme's icons are inline SVG, taken from fontawesome's script at build time, and the script
  itself (1.5 MB) is dropped, with fontawesome's class list in the theme's stylesheet; the icon
  font of the theme's stylesheets is cut to the glyphs those stylesheets name (site.css points
  the font's family at the cut);
* the figures (matplotlib's PNGs, drawn at twice their displayed size) are stored with a palette
  of 256 colours, about a quarter of their size: a line plot has few colours, and the
  antialiased edges keep their nearest;
* an inline script the extensions emit twice (sphinx-thebe's THEBE_JS_URL, a redeclared `const`
  that is an error in the console) is kept once, and sphinx-design's files are dropped from
  pages that use none of it.

Running it twice is harmless (incremental builds rewrite only the pages that changed).
"""

import logging
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
TYPESET = ROOT / "tools" / "typeset" / "typeset_math.js"
NODE_MODULES = ROOT / ".node" / "node_modules"
MATHJAX_FONTS = "_static/mathjax/output/chtml/fonts/woff-v2"
FA_SCRIPT = "_static/scripts/fontawesome.js"
FA_FONT = "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf"
FA_SUBSET = "_static/vendor/fontawesome/webfonts/fa-solid-900-subset.woff"
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"

MATHJAX_TAGS = re.compile(r'[ \t]*<script>window\.MathJax = .*?</script>\n'
                          r'|[ \t]*<script defer="defer" src="[^"]*mathjax/[^"]*"></script>\n')
FA_TAG = re.compile(r'[ \t]*<script src="[^"]*scripts/fontawesome\.js[^"]*"></script>\n')
INLINE_SCRIPT_LINE = re.compile(r"^[ \t]*<script>.*</script>\n", re.M)
DESIGN_TAGS = re.compile(r'[ \t]*<(?:link|script)[^>]*(?:sphinx-design\.min\.css|design-tabs\.js)'
                         r'[^>]*>(?:</script>)?\n')
ICON = re.compile(r'<(i|span) ([^>]*\bclass="(?:[^"]*\s)?fa[srb]?(?:-solid|-brands|-regular)?\s'
                  r'[^"]*")([^>]*)></\1>')


def typeset(site, pages):
    """Typeset the math of ``pages`` (paths under ``site``) in place with mathjax-full."""
    env = dict(os.environ, SITE_ROOT=str(site), NODE_PATH=str(NODE_MODULES))
    subprocess.run(["node", str(TYPESET), MATHJAX_FONTS, *map(str, pages)], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def fontawesome_icons(script):
    """{name: (width, height, path)} of fontawesome's solid icons, read from its all.js.

    all.js defines the brands, then the regular, then the solid pack: the last definition of a
    name is the solid one.
    """
    icons = {}
    for m in re.finditer(r'"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+",'
                         r'"([^"]+)"\]', script):
        icons[m[1]] = (m[2], m[3], m[4])
    return icons


def inline_icons(html, icons):
    """``html`` with each fontawesome <i>/<span> replaced by the <svg> fontawesome would draw."""
    def svg(m):
        attrs = m[2] + m[3]
        names = [n for n in re.findall(r"\bfa-([a-z0-9-]+)", attrs) if n in icons]
        if not names:
            raise SystemExit(f"postbuild: no fontawesome icon for {m[0]!r}")
        width, height, path = icons[names[0]]
        attrs = re.sub(r'class="([^"]*)"', lambda c: f'class="{" ".join(c[1].split())} '
                       'svg-inline--fa"', attrs)
        return (f'<svg {attrs.strip()} aria-hidden="true" focusable="false" role="img" '
                f'viewBox="0 0 {width} {height}"><path fill="currentColor" d="{path}"/></svg>')
    return ICON.sub(svg, html)


def drop_repeated_scripts(html):
    """Keep the first of identical one-line inline scripts in the page."""
    seen = set()

    def once(m):
        if m[0].strip() in seen:
            return ""
        seen.add(m[0].strip())
        return m[0]
    return INLINE_SCRIPT_LINE.sub(once, html)


def subset_icon_font(site):
    """Cut fontawesome's solid font to the glyphs the built stylesheets name (a woff file)."""
    from fontTools import subset

    codes = set()
    for path in (site / "_static").rglob("*.css"):
        css = path.read_text(errors="replace")
        # the theme's own icons are literal characters; its copy of fontawesome's class list
        # (``.fa-bars:before{content:"\\f0c9"}``) is for <i> icons, which are SVG now
        codes |= {ord(c) for c in css if 0xF000 <= ord(c) <= 0xF8FF}
        if path.name != "pydata-sphinx-theme.css":
            codes |= {int(c, 16) for c in re.findall(r'\\(f[0-9a-f]{3})', css)}
    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(site / FA_FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    subsetter.subset(font)
    subset.save_font(font, str(site / FA_SUBSET), options)


def subset_math_fonts(site, pages):
    """Cut MathJax's fonts to the characters the typeset ``pages`` draw (their stylesheets name
    every glyph as ``content: "\\3B4"``): a chapter's fonts go from 130 kB to about 70 kB."""
    from fontTools import subset

    codes = set()
    for page in pages:
        css = re.search(r'<style id="mathjax-css">(.*?)</style>', page.read_text(), re.S)
        for content in re.findall(r'content:\s*"((?:[^"\\]|\\.)*)"', css[1] if css else ""):
            for hexa, char in re.findall(r"\\([0-9A-Fa-f]+) ?|(.)", content):
                codes.add(int(hexa, 16) if hexa else ord(char))
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)   # "FFTM NOT subset"
    for path in sorted((site / MATHJAX_FONTS).glob("*.woff")):
        options = subset.Options()
        options.flavor = "woff"
        font = subset.load_font(str(path), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codes))
        subsetter.subset(font)
        if font["cmap"].getBestCmap():        # a font with none of them stays whole
            subset.save_font(font, str(path), options)


def drop_icon_class_list(site):
    """Drop fontawesome's class list (``.fa-bars:before{content:"\\f0c9"}``, 87 kB) from the
    theme's stylesheet: it draws <i> icons with the icon font, and the icons are SVG now."""
    path = site / THEME_CSS
    css = path.read_text()
    only_icons = re.compile(r'(?:\.fa-[a-z0-9-]+:(?:before|after),?)+\{content:"[^"]*"\}')
    slim = only_icons.sub("", css)
    if slim != css:
        path.write_text(slim)


def slim_images(site):
    """Store every PNG figure of the site with a palette of 256 colours when that is smaller."""
    from PIL import Image  # matplotlib's dependency, in the venv

    for path in sorted((site / "_images").glob("*.png")):
        with Image.open(path) as im:
            if im.mode == "P":     # done already
                continue
            palette = im.convert("RGBA").quantize(256, method=Image.Quantize.FASTOCTREE,
                                                  dither=Image.Dither.NONE)
        tmp = path.with_suffix(".tmp.png")
        palette.save(tmp, "PNG", optimize=True)
        if tmp.stat().st_size < path.stat().st_size:
            tmp.replace(path)
        else:
            tmp.unlink()


def main(site):
    site = pathlib.Path(site).resolve()
    pages = sorted(site.rglob("*.html"))
    with_math = [p for p in pages if 'class="math notranslate nohighlight"' in p.read_text()]
    if with_math:
        typeset(site, with_math)      # fails if a formula is left untypeset
    icons = fontawesome_icons((site / FA_SCRIPT).read_text())
    for page in pages:
        html = page.read_text()
        new = html
        new = FA_TAG.sub("", MATHJAX_TAGS.sub("", inline_icons(new, icons)))
        new = drop_repeated_scripts(new)
        if not re.search(r'class="(?:[^"]*\s)?sd-', new):
            new = DESIGN_TAGS.sub("", new)
        if new != html:
            page.write_text(new)
    subset_icon_font(site)
    drop_icon_class_list(site)
    slim_images(site)
    if with_math:
        subset_math_fonts(site, with_math)
    print(f"postbuild: {len(with_math)} pages typeset, {len(pages)} pages slimmed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html")
