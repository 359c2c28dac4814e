"""Hygiene of the stored notebooks: one clean top-to-bottom run, no errors, nothing random.

nbval (``make nbval``) re-executes each chapter and compares outputs; these checks catch what it
cannot: cells run out of order, stored widget state, outputs that depend on the machine.
"""

import json
import pathlib
import re
import sys

import nbformat
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import eq_refs  # noqa: E402

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def in_toc():
    toc = (ROOT / "_toc.yml").read_text()
    return set(re.findall(r"file:\s*(\S+)", toc)) | {yaml.safe_load(toc)["root"]}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_one_clean_run(path):
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb["metadata"], "widget state stored: use tools/execute_notebooks.py"
    for c in code:
        for o in c["outputs"]:
            assert o["output_type"] != "error", f"a stored error in {path.name}"
            text = "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
            assert not re.search(r"0x[0-9a-f]{6,}", text), "a memory address in an output"
            assert not re.search(r"\b\d+(\.\d+)? ?(ms|µs|us)\b|seconds?\b", text), \
                f"a timing in an output of {path.name}: {text[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chapter_is_in_the_table_of_contents(path):
    assert f"book/{path.stem}" in in_toc()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_names_equations_by_the_number_the_reader_sees(path):
    chapter = eq_refs.chapter_number(path)
    nb = nbformat.read(path, as_version=4)
    if chapter is None:
        return
    numbers = eq_refs.equation_numbers(nb, chapter)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.split("\n"):
            comment = line.partition("#")[2]
            for number, label in eq_refs.PAIR.findall(comment):
                assert numbers.get(label) == number, (path.name, label, number)
            bare = [lab for lab in re.findall(r"\(([A-Za-z0-9-]+)\)", comment) if lab in numbers]
            assert not bare, (path.name, line)


def test_outputs_name_equations_by_their_number():
    """A printed line says (4.8), as the page does, never the label (lstm-dh)."""
    labels = {lab for path in NOTEBOOKS
              for lab in eq_refs.equation_numbers(nbformat.read(path, as_version=4), 1)}
    assert len(labels) > 60                  # the labels were found
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                text = out.get("text", "") + out.get("data", {}).get("text/plain", "")
                shown = [lab for lab in re.findall(r"\(([A-Za-z0-9-]+)\)", text)
                         if lab in labels]
                assert not shown, (path.name, shown)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_answer_is_visible_before_its_solution_opens(path):
    # once the exercises begin, every code cell (a checker's verdict, a computed answer) sits
    # between a gated solution-start and solution-end, inside the folded solution
    gated, exercises = False, False
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "markdown":
            exercises = exercises or "{exercise}" in cell.source
            for directive in re.findall(r"\{(solution-start|solution-end)\}", cell.source):
                gated = directive == "solution-start"
        elif exercises:
            assert gated, f"{path.name}, cell {i}: code after an exercise, outside its solution"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_says_what_it_shows(path):
    # MyST-NB takes an image output's alt text from the cell's metadata (mystnb.image.alt);
    # without it the page's alt text would be the image's file name
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if images:
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 40, f"{path.name}, cell {i}: a figure without alt text"
