"""Give every Erratum and Convention box of the chapters a MyST label, and list them.

Usage: python tools/label_boxes.py book/NN_name.ipynb ...

A box without a label gets ``(box-NN-k)=`` on the line before it (NN the chapter number, k its
order in the chapter); existing labels are kept. Prints one line per box: label, kind, title. The
errata page (book/errata.md) links to these labels. Only Markdown cells change, so stored
outputs stay valid.
"""

import json
import pathlib
import re
import sys

BOX = re.compile(r"(?m)^(\(([\w-]+)\)=\n)?([`:]{3,}\{admonition\}\s*((Erratum|Convention)\b.*))$")


def label(path):
    nb = json.loads(path.read_text())
    chapter, k, found = path.name[:2], 0, []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        src = "".join(cell["source"])

        def add(m):
            nonlocal k
            k += 1
            name = m.group(2) or f"box-{chapter}-{k}"
            found.append((name, m.group(5), m.group(4)))
            return f"({name})=\n{m.group(3)}"

        new = BOX.sub(add, src)
        if new != src:
            cell["source"] = new.splitlines(keepends=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return found


if __name__ == "__main__":
    for p in sys.argv[1:]:
        for name, kind, title in label(pathlib.Path(p)):
            print(f"{p}\t{name}\t{kind}\t{title}")
