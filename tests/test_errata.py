"""The errata page lists every Erratum and Convention box of the chapters, and only those."""

import pathlib
import re

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOX = re.compile(r"^\((box-\d\d-\d+)\)=\s*\n`{3,4}\{admonition\} (Erratum|Convention)", re.M)


def boxes():
    found = {}
    for path in sorted((ROOT / "book").glob("0*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                for label, kind in BOX.findall(cell.source):
                    assert label not in found, f"{label} defined twice"
                    found[label] = kind
    return found


def test_every_box_has_a_row_on_the_errata_page_and_every_row_a_box():
    found = boxes()
    assert len(found) > 30
    page = (ROOT / "book" / "errata.md").read_text()
    rows = [line for line in page.splitlines() if line.startswith("| Erratum")
            or line.startswith("| Convention")]
    listed = {}
    for row in rows:
        for label in re.findall(r"<(box-\d\d-\d+)>", row):
            listed.setdefault(label, set()).add(row.split("|")[1].strip())
    assert set(found) <= set(listed), sorted(set(found) - set(listed))
    assert set(listed) <= set(found), sorted(set(listed) - set(found))
    for label, kind in found.items():
        assert kind in listed[label], (label, kind, listed[label])
