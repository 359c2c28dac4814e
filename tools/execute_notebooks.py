"""Execute notebooks top to bottom in a fresh kernel and store their outputs in place.

Usage: python tools/execute_notebooks.py [book/NN_name.ipynb ...]   (default: every chapter)

Widget state is not stored (the live widgets need a kernel anyway, and their random model ids
would make the files change on every run); each DualView keeps its HTML fallback for the book.
"""

import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent


def merge_streams(nb):
    """Join consecutive stream outputs of the same name: the kernel may send one print in
    several messages (more often on a busy machine), which would show as split boxes."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (merged and out.output_type == "stream" and merged[-1].output_type == "stream"
                    and merged[-1].name == out.name):
                merged[-1].text += out.text
            else:
                merged.append(out)
        if "outputs" in cell:
            cell.outputs = merged


def execute(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                            record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:                 # no wall-clock stamps in the stored notebooks
        cell.get("metadata", {}).pop("execution", None)
    merge_streams(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - start


if __name__ == "__main__":
    paths = [pathlib.Path(p) for p in sys.argv[1:]] or sorted((ROOT / "book").glob("*.ipynb"))
    for p in paths:
        print(f"{p}: executed in {execute(p.resolve()):.1f} s", flush=True)
