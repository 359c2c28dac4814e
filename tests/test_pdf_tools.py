"""The pure helpers of tools/pdf.py (the PDF edition): no browser, no pdftotext needed."""

import importlib.util
import json
import pathlib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("pdf_tool", ROOT / "tools" / "pdf.py")
pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdf)


def test_toc_parts_reads_parts_and_nested_sections():
    toc = {"root": "intro", "parts": [
        {"caption": "A", "chapters": [{"file": "a.md"}]},
        {"caption": "B", "numbered": True,
         "chapters": [{"file": "b1.ipynb", "sections": [{"file": "b1s"}]}, {"file": "b2"}]}]}
    assert pdf.toc_parts(toc) == [("A", False, ["a"]), ("B", True, ["b1", "b1s", "b2"])]


def test_toc_parts_of_the_book_lists_every_chapter():
    parts = pdf.toc_parts(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    numbered = [d for _, n, docs in parts if n for d in docs]
    assert numbered[0] == "book/01_backprop" and len(numbered) == 5


@pytest.mark.parametrize("md, text", [
    ("API reference of `rnnlib`", "API reference of rnnlib"),
    ("The *book's* [version](x.md)", "The book's version"),
    ("See {doc}`errata <book/errata>`", "See errata"),
    ("  two   spaces ", "two spaces"),
])
def test_plain(md, text):
    assert pdf.plain(md) == text


def test_first_heading_of_notebook_and_markdown(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": ["# not a heading"], "outputs": []},
                    {"cell_type": "markdown", "source": ["Intro\n", "# The `title`\n"]}]}
    (tmp_path / "c.ipynb").write_text(json.dumps(nb))
    (tmp_path / "m.md").write_text("text\n\n## Sub *one*\n")
    assert pdf.first_heading(tmp_path / "c.ipynb") == "The title"
    assert pdf.first_heading(tmp_path / "m.md") == "Sub one"
    (tmp_path / "none.md").write_text("no heading")
    with pytest.raises(ValueError):
        pdf.first_heading(tmp_path / "none.md")


def test_has_controls(tmp_path):
    def nb(html):
        return json.dumps({"cells": [{"cell_type": "code", "source": [], "outputs": [
            {"output_type": "display_data", "data": {"text/html": html}}]}]})
    (tmp_path / "yes.ipynb").write_text(nb(['<div class="rnnlib-dualview" id="x">']))
    (tmp_path / "no.ipynb").write_text(nb("<p>class=rnnlib</p>"))
    assert pdf.has_controls(tmp_path / "yes.ipynb")
    assert not pdf.has_controls(tmp_path / "no.ipynb")


@pytest.mark.parametrize("m, n, out", [
    (7, 4, [0, 2, 4, 6]), (11, 4, [0, 3, 7, 10]), (4, 4, [0, 1, 2, 3]), (3, 4, [0, 1, 2]),
    (7, 3, [0, 3, 6]), (5, 1, [0]),
])
def test_spread(m, n, out):
    assert pdf.spread(m, n) == out


def test_pdf_config_adds_the_extension_and_the_singlehtml_priority():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    before = json.dumps(config, sort_keys=True)
    new = pdf.pdf_config(config)
    assert json.dumps(config, sort_keys=True) == before          # the input is not changed
    assert "pdf_singlehtml" in new["sphinx"]["extra_extensions"]
    overrides = new["sphinx"]["config"]["nb_mime_priority_overrides"]
    assert ["singlehtml", "application/vnd.jupyter.widget-view+json", 35] in overrides
    assert ["html", "application/vnd.jupyter.widget-view+json", 35] in overrides


def test_chapter_start():
    page = "\nChapter 2\nRecurrent networks and\nbackpropagation through time\n\nText ..."
    assert pdf.chapter_start(page, "Recurrent networks and backpropagation through time", "2")
    assert not pdf.chapter_start(page, "Recurrent networks and backpropagation through time", "3")
    assert not pdf.chapter_start("Contents\nChapter 2 ...", "Recurrent networks", "2")
    assert pdf.chapter_start("Errata of the source\ndocuments\n", "Errata of the source documents")
    assert pdf.chapter_start("The book’s symbols\n", "The book's symbols")


def test_raw_tex():
    assert pdf.raw_tex("δ_t = ∂L/∂h_t and (2.1)") == {}
    assert pdf.raw_tex(r"x \frac{a}{b} $$ y $$ \begin{align}") == {
        "\\frac": 1, "$$": 2, "\\begin{": 1}


def test_marker_pages():
    pages = ["Contents", "BackpropagationPDFMK001Q x", "PDFMK002Q and PDFMK000Q", "PDFMK001Q"]
    assert pdf.marker_pages(pages) == {1: 2, 2: 3, 0: 3}


def test_chapters_come_from_the_sources():
    chapters = pdf.chapters()
    titles = [t for _, t, _, _ in chapters]
    assert titles[0] == pdf.first_heading(pdf.doc_path(ROOT, "book/intro"))
    assert "Bibliography" in titles
    assert any(ctl for *_, ctl in chapters)
