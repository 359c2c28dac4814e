"""The README's example runs as written: every ```python block of README.md, in order, in one
namespace (a later block may use an earlier one's names)."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"^```python\n(.*?)^```$", README, re.S | re.M)


def test_the_readme_is_a_short_front_door_with_an_example():
    assert len(README) <= 6000
    assert BLOCKS, "README.md has no ```python block"
    assert "BENCHMARKS.md" in README and (ROOT / "BENCHMARKS.md").is_file()


def test_the_readme_example_runs(capsys):
    namespace = {"__name__": "readme"}
    for i, block in enumerate(BLOCKS):
        exec(compile(block, f"README.md python block {i + 1}", "exec"), namespace)
    out = capsys.readouterr().out
    assert "dL/dh_1 has shape (2, 8)" in out and "test MSE" in out
