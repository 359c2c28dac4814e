"""rnnlib.views.long_range: the learning-curve control of chapter 5."""

import numpy as np
import pytest

from rnnlib import tasks
from rnnlib.views import long_range as view_lr


def fake_results():
    out = {}
    for T in (10, 25):
        for name, final in (("a", 0.01), ("b", np.nan)):
            out[(T, name)] = {"eval_steps": np.array([0, 10, 20]),
                              "test_mse": np.array([1.0, 0.1, final])}
    return out


def test_frame_draws_the_curve_and_the_baseline():
    f = view_lr.frame_from(fake_results(), 10, "a")
    assert np.array_equal(f["x"], [0, 10, 20])
    assert np.allclose(f["series"][1], tasks.baseline_mse())
    assert np.allclose(f["series"][2], tasks.baseline_mse() / 10)
    assert f["readout"] == "a, T = 10: final test MSE 0.010 = 0.06 x baseline"
    assert "diverged" in view_lr.frame_from(fake_results(), 25, "b")["readout"]


def test_make_view_html_is_deterministic_and_has_every_frame():
    v1, v2 = view_lr.make_view(fake_results()), view_lr.make_view(fake_results())
    assert len(v1.frames()) == 4
    assert v1.html() == v2.html()


def test_bad_input():
    with pytest.raises(ValueError, match="^results:"):
        view_lr.make_view({})
    with pytest.raises(ValueError, match="^results:"):
        view_lr.make_view({(10, "a"): fake_results()[(10, "a")]} | {(25, "b"):
                                                                     fake_results()[(25, "b")]})
    with pytest.raises(ValueError, match=r"^\(T, model\):"):
        view_lr.frame_from(fake_results(), 50, "a")
