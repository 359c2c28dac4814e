"""The PDF edition: the whole book as one PDF, printed by chromium from a single-page build.

    tools/pdf.py            build _build/pdf/learning-through-time.pdf, then check it
    tools/pdf.py --check    check the PDF that is there (pdftotext), exit 1 on a problem

How: jupyter-book's ``singlehtml`` builder writes the book as one page (into _build/pdf/src, with
the book's own _config.yml plus two additions, see :func:`pdf_config`); the page is served on
127.0.0.1 and opened in Debian's chromium through playwright; MathJax typesets it; then
tools/pdf/print.css and tools/pdf/print.js, injected here only, make it a book (title page,
contents, a page break before each chapter, solutions open, every control as small multiples)
and chromium prints it to A4 with page numbers. The contents' page numbers come from a first
print: each entry's heading carries an invisible marker, pdftotext says on which page each
landed, and the second print writes the numbers in.

Needs Debian's chromium, fonts-noto-cjk (the Chinese of the glossary and the boxes) and
poppler-utils (pdftotext); .ci/run installs them.
"""

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
import unicodedata
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "tools" / "pdf"
BUILD = ROOT / "_build" / "pdf"
SRC = BUILD / "src"                       # jupyter-book --path-output
HTML = SRC / "_build" / "singlehtml"
PDF = BUILD / "learning-through-time.pdf"
WEB_COPY = ROOT / "_build" / "html" / PDF.name       # next to the HTML book, for its download link

PAGE = {"format": "A4", "margin": {"top": "18mm", "bottom": "20mm", "left": "18mm",
                                   "right": "18mm"}}
SCALE = 0.8                 # CSS px to paper: a 15 px body font prints at 9 pt
A4_WIDTH_MM = 210
PANELS = 4                  # small multiples per control
FOOTER = ('<div style="width:100%;font-size:9px;color:#555;text-align:center;'
          'font-family:sans-serif"><span class="pageNumber"></span></div>')
PAGES_RANGE = (80, 1000)    # a sane page count for the whole book
RAW_TEX = ("\\frac", "\\partial", "$$", "\\begin{", "\\mathbf", "\\left", "\\sum_")
CHINESE = ("反向传播", "梯度消失", "长短期记忆")
CAPTION = "In the web edition and in Jupyter this figure has"
MARKER = re.compile(r"PDFMK(\d{3})Q")
CONTROL = 'class="rnnlib-dualview"'


# -- the book's structure (pure helpers, unit-tested) ------------------------------------------
def toc_parts(toc):
    """``[(caption, numbered, [docname, ...]), ...]`` of a jb-book ``_toc.yml`` (a dict).

    Docnames have no suffix (``book/01_backprop``); nested sections follow their chapter.
    """
    def walk(entries):
        for e in entries or []:
            if "file" in e:
                yield re.sub(r"\.(md|ipynb)$", "", e["file"])
            yield from walk(e.get("sections"))

    parts = [(p.get("caption", ""), bool(p.get("numbered")), list(walk(p.get("chapters"))))
             for p in toc.get("parts", [])]
    if toc.get("chapters"):
        parts.insert(0, ("", False, list(walk(toc["chapters"]))))
    return parts


def plain(markdown):
    """A heading's text as it prints: no markdown markup, inline code and links as their text."""
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    s = re.sub(r"\{[a-z:]+\}`([^`<]*)(?:<[^>]*>)?`", r"\1", s)      # {doc}`text <target>`
    s = s.replace("`", "").replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", s).strip()


def first_heading(path):
    """The first ``#`` heading of a notebook's markdown cells or of a markdown file, as text."""
    path = Path(path)
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text())
        texts = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    else:
        texts = [path.read_text()]
    for text in texts:
        for line in text.splitlines():
            m = re.match(r"#{1,6}\s+(.*\S)", line)
            if m:
                return plain(m.group(1))
    raise ValueError(f"{path}: no heading")


def doc_path(root, docname):
    for suffix in (".ipynb", ".md"):
        p = Path(root) / (docname + suffix)
        if p.exists():
            return p
    raise FileNotFoundError(f"{docname}: neither .ipynb nor .md under {root}")


def has_controls(path):
    """Does a notebook's stored output hold a control's HTML view (rnnlib.views.dualview)?"""
    path = Path(path)
    if path.suffix != ".ipynb":
        return CONTROL in path.read_text()
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            if CONTROL in ("".join(html) if isinstance(html, list) else html):
                return True
    return False


def spread(m, n):
    """``n`` indices spread evenly over ``0..m-1``, ends included (all when ``m <= n``).

    print.js picks the small multiples with the same rule.
    """
    if m <= n:
        return list(range(m))
    if n == 1:
        return [0]
    return [int(i * (m - 1) / (n - 1) + 0.5) for i in range(n)]


def pdf_config(config):
    """The book's _config.yml (a dict) changed for the single-page build, as a new dict.

    * ``pdf_singlehtml`` (tools/pdf/) lets myst-nb's hidden code cells render in ``singlehtml``;
    * the book prefers a control's HTML view to its widget view for the ``html`` builder only:
      the same for ``singlehtml``.
    """
    c = json.loads(json.dumps(config))
    sphinx = c.setdefault("sphinx", {})
    sphinx.setdefault("extra_extensions", []).append("pdf_singlehtml")
    conf = sphinx.setdefault("config", {})
    overrides = conf.setdefault("nb_mime_priority_overrides", [])
    overrides += [["singlehtml", *o[1:]] for o in list(overrides) if o[0] == "html"]
    return c


def norm(text):
    """Text for comparisons: NFKC, one kind of quote, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip()


def chapter_start(page_text, title, number=""):
    """Does this page begin the chapter ``title`` (after "Chapter <number>" if numbered)?"""
    lines = [ln for ln in page_text.splitlines() if ln.strip()]
    head = norm(" ".join(lines[:6]))
    if number:
        prefix = f"Chapter {number} "
        if not head.startswith(prefix):
            return False
        head = head[len(prefix):]
    return head.startswith(norm(title))


def raw_tex(text):
    """The raw TeX left in ``text``: ``{token: count}`` of :data:`RAW_TEX` found."""
    return {t: text.count(t) for t in RAW_TEX if t in text}


def marker_pages(pages):
    """``{entry: page number (1-based)}`` of the contents' markers in the pages' text."""
    out = {}
    for k, text in enumerate(pages, start=1):
        for m in MARKER.finditer(text):
            out.setdefault(int(m.group(1)), k)
    return out


def book_meta():
    """What the title page says and how the contents group the documents."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    intro = doc_path(ROOT, toc["root"])
    sub = re.search(r"^#[^\n]*\n+\*([^*]+)\*", intro.read_text(), re.M)
    return {"title": config["title"], "authors": config["author"], "version": version,
            "year": str(config.get("copyright", time.strftime("%Y"))),
            "subtitle": re.sub(r"\s+", " ", sub.group(1)).strip() if sub else "",
            "root": toc["root"], "panels": PANELS,
            "parts": [{"caption": c, "numbered": n, "docs": d} for c, n, d in toc_parts(toc)]}


def chapters():
    """``[(docname, title, numbered, has_controls)]`` in reading order, from the sources."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = []
    for _, numbered, docs in [("", False, [toc["root"]]), *toc_parts(toc)]:
        for d in docs:
            p = doc_path(ROOT, d)
            out.append((d, first_heading(p), numbered, p.suffix == ".ipynb" and has_controls(p)))
    return out


# -- build -----------------------------------------------------------------------------------
def build_singlehtml():
    """jupyter-book's singlehtml build of the book into _build/pdf/src; fails on a warning."""
    SRC.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    cfg = SRC / "_config.yml"
    cfg.write_text("# Written by tools/pdf.py from _config.yml for the PDF build.\n"
                   + yaml.safe_dump(pdf_config(config), allow_unicode=True, sort_keys=False))
    shutil.rmtree(HTML, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ASSETS), *filter(None, [os.environ.get("PYTHONPATH")])]))
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", "--builder", "singlehtml", "--config", str(cfg),
           "--path-output", str(SRC), "-W", "-n", "--keep-going", str(ROOT)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    warnings = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "WARNING" in ln]
    if proc.returncode or warnings:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"the single-page build failed ({len(warnings)} warnings)")
    # site.css names the icon font cut by tools/postbuild.py (the page keeps MathJax and
    # fontawesome's script: it is printed, not downloaded)
    from postbuild import subset_icon_font
    subset_icon_font(HTML)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the single-page build; ``/`` is the book (written to book/<root>.html, but its
    links are relative to the build's root)."""

    page = "index.html"

    def translate_path(self, path):
        if path.split("?")[0] in ("/", "/index.html"):
            path = "/" + self.page
        return super().translate_path(path)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory, page):
    handler = functools.partial(type("H", (_Handler,), {"page": page}),
                                directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def pdftotext_pages(pdf):
    """The text of each page of ``pdf`` (pdftotext, UTF-8)."""
    if not shutil.which("pdftotext"):
        raise SystemExit("pdftotext is missing: install Debian's poppler-utils (.ci/run does)")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def print_pdf(meta, out=PDF, log=print):
    """Open the single page in chromium, make it a book, print it twice (see the module doc)."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser.launch import launch_chromium

    width_px = round((A4_WIDTH_MM - 36) / 25.4 * 96 / SCALE)   # the text width, in CSS px
    page_file = meta["root"] + ".html"
    foreign = []
    with serve(HTML, page_file) as url, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": width_px, "height": 1200})

            def route(r):
                if r.request.url.startswith(url):
                    r.continue_()
                else:
                    foreign.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.emulate_media(media="print")
            page.goto(url, wait_until="load", timeout=120_000)
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=60_000)
            page.evaluate("MathJax.startup.promise")
            page.add_style_tag(path=str(ASSETS / "print.css"))
            page.add_script_tag(path=str(ASSETS / "print.js"))
            page.evaluate("document.fonts.ready.then(() => true)")
            info = page.evaluate("meta => pdfBook.prepare(meta)", meta)
            # MathJax typesets what was hidden (solutions) too; wait for any late pass
            page.evaluate("MathJax.startup.promise")
            page.evaluate("document.fonts.ready.then(() => true)")
            log(f"  {len(info['controls'])} controls as small multiples, "
                f"{len(info['entries'])} contents entries, {info['fitted']} wide items fitted")
            options = dict(PAGE, scale=SCALE, print_background=True, display_header_footer=True,
                           header_template="<span></span>", footer_template=FOOTER)
            first = out.with_suffix(".pass1.pdf")
            page.pdf(path=str(first), **options)
            found = marker_pages(pdftotext_pages(first))
            missing = [k for k in range(len(info["entries"])) if k not in found]
            if missing:
                raise SystemExit(f"contents entries not found in the first print: {missing}")
            page.evaluate("pages => pdfBook.setTocPages(pages)",
                          [found[k] for k in range(len(info["entries"]))])
            # the title page without a page number, then the rest numbered from 2
            title, body = out.with_suffix(".title.pdf"), out.with_suffix(".body.pdf")
            page.pdf(path=str(title), **dict(options, page_ranges="1",
                                             display_header_footer=False))
            page.pdf(path=str(body), **dict(options, page_ranges="2-"))
            subprocess.run(["pdfunite", str(title), str(body), str(out)], check=True)
            for f in (first, title, body):
                f.unlink()
        finally:
            browser.close()
    if foreign:
        raise SystemExit(f"the page asked for other hosts: {sorted(set(foreign))[:5]}")
    if errors:
        log(f"  JavaScript errors on the page (known: sphinx-thebe's double config): {errors[:3]}")
    return info


# -- check -----------------------------------------------------------------------------------
def check(pdf=PDF, log=print):
    """Problems of the printed book, as a list of strings (empty: all good)."""
    if not pdf.exists():
        return [f"{pdf.relative_to(ROOT)} is missing: run `make pdf`"]
    pages = pdftotext_pages(pdf)
    text = "\n".join(pages)
    problems = []
    n = len(pages)
    log(f"  {n} pages, {pdf.stat().st_size / 1e6:.1f} MB")
    if not PAGES_RANGE[0] <= n <= PAGES_RANGE[1]:
        problems.append(f"{n} pages, outside {PAGES_RANGE}")
    docs = chapters()
    starts = []
    count = 0
    for doc, title, numbered, _ in docs:
        number = ""
        if numbered:
            count += 1
            number = str(count)
        # page 1 is the title page (it begins with the book's title, as the landing page does)
        hits = [k for k, p in enumerate(pages) if k and chapter_start(p, title, number)]
        if not hits:
            problems.append(f"no page begins chapter {number or '-'} {title!r} ({doc})")
        starts.append(hits[0] if hits else None)
    if [s for s in starts if s is not None] != sorted(s for s in starts if s is not None):
        problems.append(f"chapters out of order: start pages {starts}")
    # the contents give the page each chapter starts on
    toc_text = norm(" ".join(pages[1:4]))
    for (_, title, _, _), s in zip(docs, starts):
        if s is not None and not re.search(re.escape(norm(title)) + r"[ .]*" + str(s + 1) + r"\b",
                                           toc_text):
            problems.append(f"the contents do not give page {s + 1} for {title!r}")
    # each chapter with a control has a small-multiples caption in its own pages
    bounds = [s for s in starts if s is not None] + [n]
    for (doc, _, _, ctl), s in zip(docs, starts):
        if ctl and s is not None:
            end = min(b for b in bounds if b > s)
            if CAPTION not in norm(" ".join(pages[s:end])):
                problems.append(f"{doc}: no small-multiples caption ({CAPTION!r}...)")
    bib = [s for (doc, *_), s in zip(docs, starts) if doc.endswith("bibliography")]
    if not bib or bib[0] is None:
        problems.append("no bibliography")
    else:
        labels = re.findall(r"\[[A-Z][A-Za-z+]*\d{2}[a-z]?\]", " ".join(pages[bib[0]:]))
        log(f"  bibliography: {len(labels)} entries from page {bib[0] + 1}")
        if len(labels) < 5:
            problems.append(f"the bibliography has {len(labels)} entries")
    tex = raw_tex(text)
    if tex:
        where = [k + 1 for k, p in enumerate(pages) if raw_tex(p)]
        problems.append(f"raw TeX {tex} on pages {where[:10]}")
    for term in CHINESE:
        if term not in text:
            problems.append(f"the Chinese term {term} is missing")
    for term in ("PDFMK", "Show code cell", "Toggle primary sidebar"):
        if term in text:
            problems.append(f"{term!r} in the text")
    if "??" in text:
        problems.append("an unresolved reference (??) in the text")
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check the existing PDF")
    ap.add_argument("--no-build", action="store_true",
                    help="print from the existing single-page build")
    args = ap.parse_args(argv)
    if not args.check:
        t0 = time.monotonic()
        if not args.no_build:
            print("single-page build (jupyter-book singlehtml) ...", flush=True)
            build_singlehtml()
        t1 = time.monotonic()
        print(f"  {t1 - t0:.1f} s\nprinting with chromium ...", flush=True)
        print_pdf(book_meta())
        t2 = time.monotonic()
        print(f"  {t2 - t1:.1f} s\n{PDF.relative_to(ROOT)}: built in {t2 - t0:.1f} s")
        if WEB_COPY.parent.is_dir():          # the landing page links to it
            shutil.copy2(PDF, WEB_COPY)
            print(f"copied to {WEB_COPY.relative_to(ROOT)}")
    print("checking the PDF ...")
    problems = check()
    if WEB_COPY.parent.is_dir() and (not WEB_COPY.is_file()
                                     or WEB_COPY.stat().st_size != PDF.stat().st_size):
        problems.append(f"{WEB_COPY.relative_to(ROOT)}: missing or not the PDF just built "
                        "(the landing page links to it)")
    for p in problems:
        print("FAIL:", p)
    if problems:
        return 1
    print(f"PDF check passed: {PDF.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
