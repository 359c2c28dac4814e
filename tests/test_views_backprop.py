"""rnnlib.views.backprop: the two-neuron network's gradients and the control's frames."""

import json

import numpy as np
import pytest

from rnnlib import gradcheck
from rnnlib.views import backprop as vb

KEYS = vb.KEYS


def test_two_neuron_against_finite_differences():
    for params in (vb.PARAMS_DEMO, {"w1": -1.3, "w2": 0.7, "b1": 0.4, "w3": 2.2, "b2": 0.3}):
        r = vb.two_neuron(params)
        vec = np.array([params[k] for k in KEYS])

        def loss(v):
            return vb.two_neuron(dict(zip(KEYS, v)))["loss"]

        num = gradcheck.numerical_gradient(loss, vec)
        ana = np.array([r["grads"][k] for k in KEYS])
        assert gradcheck.rel_error(ana, num) < 1e-7
        dx = gradcheck.numerical_gradient(
            lambda x, p=params: vb.two_neuron(p, x=x)["loss"], np.array(vb.X_DEMO))
        assert np.allclose(dx, [r["dx1"], r["dx2"]], rtol=1e-6, atol=1e-10)


def test_two_neuron_forward_by_hand():
    r = vb.two_neuron()
    z1 = 0.5 * 1.0 - 0.6 * 0.5 + 0.1
    a1 = 1 / (1 + np.exp(-z1))
    a2 = 1 / (1 + np.exp(-(1.0 * a1 - 0.5)))
    assert r["z1"] == pytest.approx(z1) and r["a1"] == pytest.approx(a1)
    assert r["loss"] == pytest.approx(0.5 * (0.7 - a2) ** 2)


def test_two_neuron_errors():
    with pytest.raises(ValueError, match="params: expected a dict with keys"):
        vb.two_neuron({"w1": 1.0})
    with pytest.raises(ValueError, match="x: expected size"):
        vb.two_neuron(x=(1.0, 2.0, 3.0))


def test_loss_surface_matches_two_neuron():
    w1s, w3s = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 3.0])
    S = vb.loss_surface(w1s, w3s)
    assert S.shape == (2, 3)
    assert S[1, 2] == vb.two_neuron({**vb.PARAMS_DEMO, "w1": 2.0, "w3": 3.0})["loss"]


def test_frame_readout_and_arrow_follow_the_gradient():
    f = vb.frame(0.5, 1.0)
    g = vb.two_neuron()["grads"]
    assert f["readout"] == (f"L = {f['values']['loss']:.5f}; dL/dw1 = {g['w1']:+.5f}; "
                            f"dL/dw3 = {g['w3']:+.5f}")
    line = next(p for p in f["scene"] if p["tag"] == "line")
    dx, dy = line["x2"] - line["x1"], line["y2"] - line["y1"]
    # the arrow points along -grad (SVG y grows downwards)
    assert np.sign(dx) == np.sign(-g["w1"]) and np.sign(-dy) == np.sign(-g["w3"])
    assert any(p.get("text") == f"{f['values']['delta1']:+.4f}" for p in f["scene"])


def test_view_frames_equal_the_pure_function_and_html_is_small():
    view = vb.make_view()
    frames = view.frames()
    assert len(frames) == len(vb.W1_GRID) * len(vb.W3_GRID)
    k = 0
    for w1 in vb.W1_GRID:
        for w3 in vb.W3_GRID:
            assert frames[k]["readout"] == vb.frame(w1, w3)["readout"]
            k += 1
    spec = view.spec()
    assert spec["frames"][0]["scene"] == json.loads(json.dumps(
        view._frame_spec(vb.frame(vb.W1_GRID[0], vb.W3_GRID[0]))))["scene"]
    html = view.html()
    assert len(html) < 150_000
    assert html == vb.make_view().html()            # deterministic
    assert view.svg(frames[0]).startswith("<svg")


def test_background_is_static_and_colours_are_hex():
    bg = vb.background()
    assert bg == vb.background()
    rects = [p for p in bg if p["tag"] == "rect" and p.get("fill", "none") != "none"]
    assert len(rects) == vb.SURFACE_CELLS ** 2
    assert all(len(p["fill"]) == 7 and p["fill"].startswith("#") for p in rects)
    assert vb._color(0.0) == "#440154" and vb._color(1.0) == "#fde725"
    with pytest.raises(ValueError, match="cells: expected a positive integer"):
        vb.background(0)


def test_live_widget_draws_the_same_svg():
    pytest.importorskip("ipywidgets")
    view = vb.make_view()
    box = view.widget()
    box.redraw()
    picture = box.children[2]
    assert picture.value == view.svg(vb.frame(vb.PARAMS_DEMO["w1"], vb.PARAMS_DEMO["w3"]))
    assert box.children[3].value == vb.frame(vb.PARAMS_DEMO["w1"],
                                             vb.PARAMS_DEMO["w3"])["readout"]


def test_network_figure_labels_every_parameter():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = vb.network_figure()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for label in ("x₁", "x₂", "w₁", "w₂", "w₃", "b₁", "b₂", "a₁ = σ(z₁)", "a₂ = σ(z₂)", "L ="):
        assert label in texts, label
    assert all(t.get_fontsize() >= 14 for t in fig.axes[0].texts)     # >= 10 px at 390 px
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)                 # white in dark themes
    plt.close(fig)


def test_sliders_announce_the_weights_shown():
    from tests.test_dualview import controls_of

    w1, w3 = controls_of(vb.make_view().html())["range"]
    assert w1["aria-valuetext"] == f"w₁ = {w1['shown']}" and w1["label"] == "w₁"
    assert w3["aria-valuetext"] == f"w₃ = {w3['shown']}" and w3["label"] == "w₃"
    assert float(w1["shown"]) == pytest.approx(vb.PARAMS_DEMO["w1"])
