"""rnnlib.views.bptt: the drawings and the "step through BPTT" control."""

import numpy as np
import pytest

from rnnlib import rnn
from rnnlib.views import bptt as views
from rnnlib.views.dualview import SceneView


def test_trace_partial_sums_end_at_rnnlibs_gradient():
    tr = views.bptt_trace(T=5, seed=1)
    assert tr["delta_norm"].shape == (5,) and tr["dW_partial"].shape == (6,)
    assert tr["dW_partial"][0] == 0
    assert np.isclose(tr["dW_partial"][-1], np.linalg.norm(tr["dW"]))
    assert np.all(tr["delta_norm"] > 0)


def test_trace_norms_are_rnnlibs_deltas():
    tr = views.bptt_trace(T=4, seed=0)
    # rebuild the same network as bptt_trace and compare ||dL/dh_t||
    rng = np.random.default_rng(0)
    p = rnn.init_params(2, 3, 2, seed=0)
    p["W"] = 1.3 * p["W"]
    xs = rng.standard_normal((4, 1, 2))
    ys = rng.integers(0, 2, size=(4, 1))
    _, _, d = rnn.loss_and_grads(p, xs, ys)
    assert np.allclose(tr["delta_norm"], np.linalg.norm(d["h"], axis=(1, 2)))


def test_frames_grow_with_the_step_and_readout_names_it():
    tr = views.bptt_trace(T=6)
    sizes = [len(views.bptt_frame(s, tr)["scene"]) for s in range(7)]
    assert sizes[0] == 0 and all(a < b for a, b in zip(sizes, sizes[1:]))
    f = views.bptt_frame(3, tr)
    assert "step 3 of 6" in f["readout"] and "t = 6..4" in f["readout"]
    texts = [p["text"] for p in f["scene"] if p["tag"] == "text" and "δ" in p["text"]]
    assert texts == [f"‖δ{t}‖={tr['delta_norm'][t - 1]:.3f}" for t in (4, 5, 6)]


@pytest.mark.parametrize("step", [-1, 7, 1.5, True])
def test_bad_step_raises_value_error(step):
    with pytest.raises(ValueError, match="step"):
        views.bptt_frame(step, views.bptt_trace(T=6))


def test_view_is_small_deterministic_and_uses_current_color():
    v = views.step_through_view()
    assert isinstance(v, SceneView)
    html = v.html()
    assert html == views.step_through_view().html()
    assert len(html) < 100_000
    assert "currentColor" in html
    assert len(v.frames()) == 7


def test_static_figures():
    for fig in (views.unrolled_figure(3), views.kinds_figure(), views.unrolled_figure(1)):
        h = fig._repr_html_()
        assert h.startswith("<style>") and h.endswith("</svg></figure>")
        assert '<figure class="rnnlib-figure"><svg' in h
        assert h == fig._repr_html_()
        assert "primitives" in repr(fig)
    with pytest.raises(ValueError, match="T"):
        views.unrolled_background(0)


def test_two_paths_into_a_state():
    plain, paths = views.unrolled_figure(5), views.unrolled_figure(5, paths_into=3)
    added = paths.prims[len(plain.prims):]
    assert paths.prims[:len(plain.prims)] == plain.prims
    red = [q for q in added if views.HOT in (q.get("stroke"), q.get("fill"))]
    assert len([q for q in red if q["tag"] == "line"]) == 2          # o_3 -> h_3, h_4 -> h_3
    texts = {q["text"] for q in added if q["tag"] == "text"}
    assert {"Vᵀ ∂L/∂o₃", "Wᵀ δⁿᵉᵗ₄", "h3"} <= texts
    assert "two paths" in paths.title
    for bad in (0, 5, 2.5):
        with pytest.raises(ValueError, match="paths_into"):
            views.unrolled_figure(5, paths_into=bad)


def test_live_widget_redraws_from_the_same_frames():
    pytest.importorskip("ipywidgets")
    v = views.step_through_view(T=4)
    box = v.widget()
    slider, picture, readout = box.children
    slider.value = 4
    assert readout.value == views.bptt_frame(4, views.bptt_trace(T=4))["readout"]
    assert picture.value == v.svg(views.bptt_frame(4, views.bptt_trace(T=4)))


def test_the_step_slider_announces_the_step_shown():
    from tests.test_dualview import controls_of

    (step,) = controls_of(views.step_through_view().html())["range"]
    assert (step["label"], step["aria-valuetext"], step["shown"]) == (
        "backward step", "backward step = 2", "2")
