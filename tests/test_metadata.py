"""The edition's metadata agrees everywhere it is written: version, licenses, citation."""

import pathlib
import re
import tomllib

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def version():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_citation_cff_has_the_required_fields_and_the_version():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    for key in ("cff-version", "message", "title", "authors", "version", "date-released",
                "license"):
        assert cff.get(key), key
    assert cff["version"] == version()
    assert set(cff["license"]) == {"CC-BY-4.0", "MIT"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))


def test_the_book_shows_the_version_and_the_licenses():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    footer = config["html"]["extra_footer"]
    assert f"version {version()}" in footer and "CC BY 4.0" in footer and "MIT" in footer
    intro = (ROOT / "book" / "intro.md").read_text()
    assert f"version {version()} of the book" in intro
    assert f"edition = {{{version()}}}" in intro


def test_license_file_names_both_licenses_and_pyproject_the_code_license():
    text = (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in text and "MIT License" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
