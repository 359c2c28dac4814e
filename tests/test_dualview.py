"""The live-and-static controls: deterministic HTML, frames equal to the pure function, and a
live widget that redraws from the same function."""

import json
import re

import numpy as np
import pytest

from rnnlib import explore
from rnnlib.dualview import LineView, SceneView


def line_view(**kw):
    return LineView(explore.delta_frame, [("T", "T", [5, 10]), ("w_norm", "norm", [0.9, 1.1])],
                    labels=["measured", "bound"], title="t", xlabel="t", ylabel="y", **kw)


def spec_of(html):
    data = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    return json.loads(data.group(1).replace("<\\/", "</"))


def test_line_view_frames_follow_the_slider_grid_in_row_major_order():
    spec = line_view().spec()
    assert [s["values"] for s in spec["sliders"]] == [["5", "10"], ["0.9", "1.1"]]
    frame = spec["frames"][1 * 2 + 0]          # T = 10, w_norm = 0.9
    direct = explore.delta_frame(10, 0.9)
    assert frame["readout"] == direct["readout"]
    assert np.allclose(frame["series"][0], np.log10(direct["series"][0]), atol=1e-4)
    assert frame["x"] == list(range(1, 11))


def test_html_is_deterministic_and_its_id_comes_from_the_data():
    a, b = line_view().html(), line_view().html()
    assert a == b
    ids = set(re.findall(r'id="(rnnlib-dv-[0-9a-f]{12})"', a))
    assert len(ids) == 1
    other = line_view(init={"T": 5}).html()
    assert set(re.findall(r'id="(rnnlib-dv-[0-9a-f]{12})"', other)) != ids
    assert spec_of(a) == json.loads(json.dumps(line_view().spec()))


def test_mimebundle_has_widget_and_html_views():
    bundle = line_view()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].count("<script") == 2
    assert bundle["text/plain"] == "LineView('t', 4 frames)"


def test_live_widget_redraws_from_the_pure_function():
    box = line_view().widget()
    sliders, image, readout = box.children[:2], box.children[2], box.children[3]
    first = image.value
    assert readout.value == explore.delta_frame(10, 1.1)["readout"]   # index len // 2
    sliders[0].value = 5
    assert readout.value == explore.delta_frame(5, 1.1)["readout"]
    assert image.value != first and image.value[:4] == b"\x89PNG"


def test_scene_view_live_svg_and_static_spec_share_primitives():
    def frame(a):
        return {"scene": [{"tag": "circle", "cx": 10.0 * a, "cy": 5, "r": 2},
                          {"tag": "text", "x": 1, "y": 2, "text": f"a={a}"}],
                "readout": f"a = {a}"}

    view = SceneView(frame, [("a", "a", [1, 2, 3])], title="s", size=(100, 50),
                     background=[{"tag": "rect", "x": 0, "y": 0, "width": 100, "height": 50}])
    spec = view.spec()
    assert spec["kind"] == "scene" and spec["size"] == [100, 50]
    assert spec["frames"][2]["scene"][0]["cx"] == 30.0
    box = view.widget()
    assert '<circle cx="20.0" cy="5" r="2"></circle>' in box.children[1].value
    assert "<text x=\"1\" y=\"2\">a=2</text>" in box.children[1].value
    box.children[0].value = 3
    assert box.children[2].value == "a = 3"


@pytest.mark.parametrize("kwargs, match", [
    ({"ylim": (1.0, 0.5)}, "ylim"),
    ({"ylim": (0.0, 1.0)}, "ylim"),
    ({"init": {"T": 7}}, r"init\['T'\]"),
])
def test_bad_arguments_name_themselves(kwargs, match):
    with pytest.raises(ValueError, match=match):
        line_view(**kwargs)


def test_bad_frame_and_sliders_and_primitives():
    with pytest.raises(ValueError, match="frame"):
        LineView(None, [("a", "a", [1])], ["x"], "t", "x", "y")
    with pytest.raises(ValueError, match="sliders"):
        LineView(explore.delta_frame, [("a", "a", [])], ["x"], "t", "x", "y")
    with pytest.raises(ValueError, match="background"):
        SceneView(lambda a: {}, [("a", "a", [1])], "t", background=[{"tag": "script"}])
