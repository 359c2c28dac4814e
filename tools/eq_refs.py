"""Equation references in code cells that a reader can follow.

The book shows an equation's number, (2.4), not its label. A code cell that implements an
equation names both, ``# (2.4, bptt-rec)``: the number for the reader, the label for the
maintainer. This tool writes those pairs; ``tests/test_notebooks.py`` checks that every pair
still matches the page.

Usage: python tools/eq_refs.py book/NN_name.ipynb ...
    rewrites ``(label)`` and stale ``(N.M, label)`` in code comments to the current pair.
"""

import pathlib
import re
import sys

import nbformat

LABEL_DEF = re.compile(r"\$\$ \(([A-Za-z0-9-]+)\)")
PAIR = re.compile(r"\((\d+\.\d+), ([A-Za-z0-9-]+)\)")
MAX_LINE = 99                     # ruff's line length


def chapter_number(path):
    """The chapter number of ``book/NN_name.ipynb`` (None for 00 and unnumbered pages)."""
    m = re.match(r"(\d\d)_", pathlib.Path(path).name)
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


def equation_numbers(nb, chapter):
    """{label: "N.M"} for the labelled display equations, in the order the page shows them."""
    labels = [lab for c in nb.cells if c.cell_type == "markdown"
              for lab in LABEL_DEF.findall(c.source)]
    return {lab: f"{chapter}.{i + 1}" for i, lab in enumerate(labels)}


def rewrite_comment(comment, numbers):
    """A comment with every ``(label)`` or ``(N.M, label)`` of this page as the current pair."""
    comment = PAIR.sub(lambda m: f"({numbers[m.group(2)]}, {m.group(2)})"
                       if m.group(2) in numbers else m.group(0), comment)
    return re.sub(r"\(([A-Za-z0-9-]+)\)",
                  lambda m: f"({numbers[m.group(1)]}, {m.group(1)})"
                  if m.group(1) in numbers else m.group(0), comment)


def rewrite(path):
    nb = nbformat.read(path, as_version=4)
    chapter = chapter_number(path)
    if chapter is None:
        return 0
    numbers = equation_numbers(nb, chapter)
    changed = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = []
        for line in cell.source.split("\n"):
            code, hash_, comment = line.partition("#")
            new = code + hash_ + rewrite_comment(comment, numbers) if hash_ else line
            if len(new) > MAX_LINE and code.strip() and "noqa" not in comment:
                # squeeze the gap before the comment, else put the comment above
                new = code.rstrip() + "  #" + new.partition("#")[2]
                if len(new) > MAX_LINE:
                    indent = code[:len(code) - len(code.lstrip())]
                    lines.append(indent + "#" + new.partition("#")[2].rstrip())
                    new = code.rstrip()
            changed += new != line
            lines.append(new)
        cell.source = "\n".join(lines)
    nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(f"{p}: {rewrite(p)} comment lines rewritten")
