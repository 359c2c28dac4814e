"""The live-and-static controls: deterministic HTML, frames equal to the pure function, and a
live widget that redraws from the same function."""

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from rnnlib.views import text
from rnnlib.views.dualview import LineView, SceneView


def line_view(**kw):
    return LineView(text.delta_frame, [("T", "T", [5, 10]), ("w_norm", "norm", [0.9, 1.1])],
                    labels=["measured", "bound"], title="t", xlabel="t", ylabel="y", **kw)


def spec_of(html):
    data = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    return json.loads(data.group(1).replace("<\\/", "</"))


def test_line_view_frames_follow_the_slider_grid_in_row_major_order():
    spec = line_view().spec()
    assert [s["values"] for s in spec["sliders"]] == [["5", "10"], ["0.9", "1.1"]]
    frame = spec["frames"][1 * 2 + 0]          # T = 10, w_norm = 0.9
    direct = text.delta_frame(10, 0.9)
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
    assert readout.value == text.delta_frame(10, 1.1)["readout"]   # index len // 2
    sliders[0].value = 5
    assert readout.value == text.delta_frame(5, 1.1)["readout"]
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
        LineView(text.delta_frame, [("a", "a", [])], ["x"], "t", "x", "y")
    with pytest.raises(ValueError, match="background"):
        SceneView(lambda a: {}, [("a", "a", [1])], "t", background=[{"tag": "script"}])


# -- accessibility of the controls -----------------------------------------------------------
class _Controls(HTMLParser):
    """The controls of a control's HTML: inputs, selects (with options), outputs, labels and
    buttons, each as its attributes plus ``"text"`` (its text content)."""

    def __init__(self):
        super().__init__()
        self.elements, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "select", "option", "output", "label", "button"):
            e = {"tag": tag, **dict(attrs), "text": ""}
            self.elements.append(e)
            if tag != "input":
                self.open.append(e)

    def handle_endtag(self, tag):
        if self.open and self.open[-1]["tag"] == tag:
            self.open.pop()

    def handle_data(self, data):
        for e in self.open:
            e["text"] += data


def controls_of(markup):
    """``{"range": [...], "select": [...], "button": [...]}``; each range input carries its
    ``"label"`` and ``"shown"`` (its output's text), each select its ``"label"`` and
    ``"options"`` [(value, text, selected)]. Fails unless every input has one ``<label for>``."""
    p = _Controls()
    p.feed(markup)
    labels = [e for e in p.elements if e["tag"] == "label"]
    out = {"range": [], "select": [], "button": []}
    for e in p.elements:
        if e["tag"] not in ("input", "select", "button"):
            continue
        named = [lab["text"] for lab in labels if lab.get("for") == e["id"]]
        if e["tag"] == "button":
            out["button"].append(e)
            continue
        assert len(named) == 1, f"{e['id']}: expected one <label for>, found {named}"
        e["label"] = named[0]
        if e["tag"] == "input":
            assert e["type"] == "range"
            shown = [o["text"] for o in p.elements if o["tag"] == "output"
                     and o.get("for") == e["id"]]
            e["shown"] = shown[0]
            out["range"].append(e)
        else:
            k = p.elements.index(e)
            e["options"] = []
            for o in p.elements[k + 1:]:
                if o["tag"] != "option":
                    break
                e["options"].append((o["value"], o["text"], "selected" in o))
            out["select"].append(e)
    return out


def test_range_inputs_announce_the_value_shown_and_have_labels():
    html = line_view().html()
    c = controls_of(html)
    assert c["select"] == [] and c["button"] == []
    T, norm = c["range"]
    assert (T["label"], T["value"], T["max"], T["shown"]) == ("T", "1", "1", "10")
    assert T["aria-valuetext"] == "T = 10"                   # the value shown, not "1"
    assert norm["aria-valuetext"] == "norm = 1.1" and norm["shown"] == "1.1"
    uid = re.search(r'id="(rnnlib-dv-[0-9a-f]{12})"', html).group(1)
    assert [T["id"], norm["id"]] == [f"{uid}-0", f"{uid}-1"]   # derived from the data's hash
    assert f'id="{uid}" role="group" aria-label="t"' in html
    other = controls_of(line_view(init={"T": 5, "w_norm": 0.9}).html())["range"]
    assert [r["aria-valuetext"] for r in other] == ["T = 5", "norm = 0.9"]


def names_frame(T, model, act):
    return {"x": [1, 2], "series": [[T, 1.0]], "readout": f"{model} {act} {T}"}


def menu_view(**kw):
    return LineView(names_frame, [("T", "T", [5, 10, 20]), ("model", "model", ["LSTM", "GRU"]),
                                  ("act", "activation", np.array(["tanh", "relu", "linear"]))],
                    labels=["y"], title="m", xlabel="x", ylabel="y", **kw)


def test_a_grid_of_names_is_a_menu_and_a_grid_of_numbers_a_slider():
    view = menu_view(init={"model": "GRU"})
    assert view.menus == [False, True, True]
    c = controls_of(view.html())
    assert [r["data-slider"] for r in c["range"]] == ["T"]
    model, act = c["select"]
    assert (model["data-choice"], model["label"]) == ("model", "model")
    assert model["options"] == [("0", "LSTM", False), ("1", "GRU", True)]
    assert act["label"] == "activation"
    assert [o[1] for o in act["options"]] == ["tanh", "relu", "linear"] and act["options"][1][2]
    spec = view.spec()
    assert [s.get("menu", False) for s in spec["sliders"]] == [False, True, True]
    # options are positions on the grid, as the slider's: frame k is still row-major
    assert spec["frames"][1 * 6 + 1 * 3 + 2]["readout"] == "GRU linear 10"


def test_bools_are_names_and_floats_numbers():
    view = LineView(lambda a, b: {"x": [1], "series": [[1.0]], "readout": ""},
                    [("a", "a", [False, True]), ("b", "b", np.array([0.5, 1.5]))],
                    labels=["y"], title="b", xlabel="x", ylabel="y")
    assert view.menus == [True, False]
    assert controls_of(view.html())["select"][0]["options"][1][1] == "True"


def test_live_view_has_a_dropdown_for_names_and_sliders_with_readouts():
    import ipywidgets as w

    box = menu_view().widget()
    T, model, act = box.children[:3]
    assert isinstance(T, w.SelectionSlider) and T.readout and T.description == "T"
    assert isinstance(model, w.Dropdown) and model.description == "model"
    assert model.label == "GRU" and act.label == "relu" and act.description == "activation"
    readout = box.children[-1]
    model.value = "LSTM"
    act.value = "linear"
    assert readout.value == "LSTM linear 10"


def test_controls_html_rows():
    from rnnlib.views.dualview import controls_html

    assert controls_html("u", []) == ""
    c = controls_of(controls_html("u", [{"type": "play", "label": "play: go"}]))
    assert c["button"][0]["aria-label"] == "play: go" and c["button"][0]["text"] == "▶ play"
    with pytest.raises(ValueError, match=r"rows\[0\]"):
        controls_html("u", [{"type": "knob"}])


def test_a_drawing_keeps_the_width_at_which_its_smallest_text_is_10_px():
    from rnnlib.views.dualview import scene_min_width, to_svg

    text = [{"tag": "text", "x": 0, "y": 0, "text": "a", "font-size": 16},
            {"tag": "text", "x": 0, "y": 9, "text": "b"}]            # 12 by default
    assert scene_min_width(text, 640) == 534                         # 640 * 10 / 12, rounded up
    assert scene_min_width(text[:1], 640) == 400
    assert scene_min_width([{**text[0], "font-size": 8}], 640) == 640  # never over its size
    assert scene_min_width([{"tag": "line", "x1": 0}], 640) == 0
    assert 'style="max-width:640px;min-width:534px"' in to_svg(text, (640, 100), "t")
