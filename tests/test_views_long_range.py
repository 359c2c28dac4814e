"""rnnlib.views.long_range: the learning-curve control of chapter 5."""

import numpy as np
import pytest

from rnnlib import experiment as ex
from rnnlib.views import long_range as view_lr


def fake_runs():
    runs = []
    for T in (10, 25):
        for name, finals in (("LSTM", (0.001, 0.002, 0.2)), ("IRNN", (0.1, 0.15, None))):
            for seed, final in enumerate(finals):
                runs.append({"name": name, "T": T, "seed": seed, "eval_steps": [0, 10, 20],
                             "test_mse": [1.0, 0.1, final], "final_mse": final,
                             "solved_at": 20 if final is not None and final < ex.THRESHOLD
                             else None, "diverged": None if final is not None else 20})
    return runs


def test_frame_draws_the_quartiles_and_the_baseline():
    f = view_lr.frame_from(fake_runs(), 10, "LSTM")
    assert np.array_equal(f["x"], [0, 10, 20])
    med, q1, q3, base, thr = f["series"]
    assert med[-1] == 0.002 and q1[-1] == pytest.approx(0.0015) and q3[-1] == pytest.approx(0.101)
    assert np.allclose(base, 1 / 6) and np.allclose(thr, 1 / 60)
    assert f["readout"] == ("LSTM, T = 10: solved by 2 of 3 seeds; final test MSE median "
                            "0.002 (range 0.001 to 0.2)")


def test_a_diverged_seed_counts_as_the_worst():
    f = view_lr.frame_from(fake_runs(), 25, "IRNN")
    assert "solved by 0 of 3" in f["readout"] and "to inf" in f["readout"]


def test_make_view_html_is_deterministic_and_has_every_frame():
    v1, v2 = view_lr.make_view(fake_runs()), view_lr.make_view(fake_runs())
    assert len(v1.frames()) == 4
    assert v1.html() == v2.html()


def test_bad_input():
    with pytest.raises(ValueError, match="^runs:"):
        view_lr.make_view([])
    with pytest.raises(ValueError, match="^runs:"):
        view_lr.make_view([r for r in fake_runs() if (r["T"], r["name"]) != (25, "IRNN")])
    with pytest.raises(ValueError, match=r"^\(name, T\):"):
        view_lr.frame_from(fake_runs(), 50, "LSTM")


def test_the_model_is_a_menu_and_T_a_slider():
    from tests.test_dualview import controls_of

    c = controls_of(view_lr.make_view(fake_runs(), init={"T": 10, "model": "IRNN"}).html())
    (T,) = c["range"]
    assert T["aria-valuetext"] == "T = 10" and T["shown"] == "10"
    (model,) = c["select"]
    assert model["label"] == "model" and model["data-choice"] == "model"
    assert model["options"] == [("0", "LSTM", False), ("1", "IRNN", True)]
