"""rnnlib.views.lstm: the frames hold rnnlib's numbers, the forget bias does what chapter 4
says, the control's HTML is small and deterministic, the live widget follows its sliders."""

import numpy as np
import pytest

from rnnlib import explore, lstm
from rnnlib.views import lstm as view


def test_frame_series_are_rnnlibs_norms():
    f = view.frame(20, 1)
    assert np.array_equal(f["x"], np.arange(1, 21)) and len(f["series"]) == 3
    assert np.array_equal(f["series"][0], explore.delta_norms(20, 1.0, "tanh")["norm"])
    params, xs, u = view.lstm_setup(20, 1)
    _, _, cache = lstm.forward(params, xs)
    dys = np.zeros((20, 1, 32))
    dys[-1, 0] = u
    _, deltas = lstm.backward(dys, cache)
    assert np.allclose(f["series"][1], np.linalg.norm(deltas["c"][:, 0], axis=1), rtol=1e-14)
    assert np.allclose(f["series"][2], np.linalg.norm(deltas["h"][:, 0], axis=1), rtol=1e-14)
    assert f["readout"].startswith("mean f_t = ")


def test_a_larger_forget_bias_keeps_more_of_the_error():
    ratios = [view.gradient_norms(100, b)["lstm_c"][0] for b in view.BIAS_GRID]
    assert all(a < b for a, b in zip(ratios[:5], ratios[1:6]))
    d = view.gradient_norms(100, 3)
    assert d["lstm_c"][0] > 1e10 * d["rnn_h"][0]


def test_carousel_factor_is_the_forget_gate():
    """With o_t = 0 (no path through h) dL/dc_{t-1} = f_t * dL/dc_t exactly."""
    params, xs, u = view.lstm_setup(10, 2)
    params["bo"] = np.full(32, -800.0)
    _, _, cache = lstm.forward(params, xs)
    dys = np.zeros((10, 1, 32))
    dys[-1, 0] = u
    _, deltas = lstm.backward(dys, cache)
    f = cache["gates"][:, 0, :32]
    assert np.array_equal(deltas["c"][:-1, 0], f[1:] * deltas["c"][1:, 0])


def test_view_html_small_and_deterministic():
    a, b = view.make_view().html(), view.make_view().html()
    assert a == b and len(a.encode()) < 150_000
    assert len(view.make_view().frames()) == len(view.T_GRID) * len(view.BIAS_GRID)


def test_live_widget_follows_its_sliders():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    box = view.make_view().widget()
    T, bias, *_, readout = box.children
    before = readout.value
    bias.value = 3
    assert readout.value != before and readout.value == view.frame(100, 3)["readout"]
    T.value = 20
    assert readout.value == view.frame(20, 3)["readout"]


def test_bad_arguments_name_themselves():
    with pytest.raises(ValueError, match="^T: expected"):
        view.gradient_norms(0, 1)
    with pytest.raises(ValueError, match="^forget_bias: expected"):
        view.gradient_norms(10, "big")


def test_the_cell_diagram_is_a_themed_deterministic_svg():
    from xml.etree import ElementTree

    from rnnlib.views.lstm import cell_diagram

    s = cell_diagram()
    assert s == cell_diagram() and s.startswith("<svg") and s.endswith("</svg>")
    root = ElementTree.fromstring(s)                       # well-formed XML
    assert root.get("role") == "img" and "forget gate" in root.get("aria-label")
    assert "currentColor" in s and "#000" not in s and "black" not in s   # follows the theme
    texts = "".join(root.itertext())
    for label in ("σ", "tanh", "φ = tanh", "×", "+"):
        assert label in texts


def test_sliders_announce_the_values_shown():
    from tests.test_dualview import controls_of

    c = controls_of(view.make_view().html())
    assert c["select"] == []
    assert [(r["label"], r["aria-valuetext"], r["shown"]) for r in c["range"]] == [
        ("T", "T = 100", "100"), ("forget bias", "forget bias = 1", "1")]
