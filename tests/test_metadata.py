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


def third_party_imports(paths):
    """Top-level names of the modules that ``paths`` import, outside the standard library and
    rnnlib (every import statement, at module level or inside a function)."""
    import ast
    import sys

    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"rnnlib", "__future__"}


def test_the_views_extra_has_everything_the_views_import():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extra = {re.split(r"[\s<>=!~\[;]", r)[0].lower() for r in
             project["optional-dependencies"]["views"]}
    core = {re.split(r"[\s<>=!~\[;]", r)[0].lower() for r in project["dependencies"]}
    paths = sorted((ROOT / "rnnlib" / "views").glob("*.py"))
    imported = third_party_imports(paths)
    assert {"matplotlib", "ipywidgets", "anywidget"} <= imported      # the parser sees them
    assert imported - core <= extra, sorted(imported - core - extra)
    assert "anywidget" in extra and "threadpoolctl" in extra


def test_the_project_declares_its_license_and_no_dead_url():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert not any("invalid" in url for url in project.get("urls", {}).values())
