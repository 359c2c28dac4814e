"""rnnlib.clip: global-norm clipping keeps the direction, element-wise clipping does not."""

import numpy as np
import pytest

from rnnlib import clip


def grads_example():
    return {"W": np.array([[3.0, 0.1], [-0.2, 4.0]]), "b": np.array([0.5, -12.0])}


def flat(g):
    return np.concatenate([np.ravel(g[k]) for k in sorted(g)])


def test_global_norm_is_the_norm_of_all_entries_together():
    g = grads_example()
    assert clip.global_norm(g) == pytest.approx(np.linalg.norm(flat(g)), rel=1e-15)
    assert clip.global_norm({}) == 0.0


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 5.0])
def test_global_norm_clipping_keeps_direction_and_sets_the_norm_exactly(max_norm):
    g = grads_example()
    out = clip.clip_by_global_norm(g, max_norm)
    assert set(out) == set(g) and all(out[k].shape == g[k].shape for k in g)
    assert clip.global_norm(out) == pytest.approx(max_norm, rel=1e-14)
    a, b = flat(out), flat(g)
    cos = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
    assert cos == pytest.approx(1.0, abs=1e-14)
    # one common factor for every array
    ratios = a / b
    assert np.allclose(ratios, ratios[0], rtol=1e-14)


def test_global_norm_clipping_leaves_short_gradients_alone():
    g = grads_example()
    out = clip.clip_by_global_norm(g, 100.0)
    assert all(np.array_equal(out[k], g[k]) for k in g)
    assert all(out[k] is not g[k] for k in g)          # new arrays, not the caller's


def test_elementwise_clipping_changes_the_direction_on_a_chosen_example():
    g = {"w": np.array([10.0, 1.0])}
    out = clip.clip_by_value(g, 2.0)
    assert np.array_equal(out["w"], [2.0, 1.0])
    cos = out["w"] @ g["w"] / (np.linalg.norm(out["w"]) * np.linalg.norm(g["w"]))
    assert cos < 0.99                                   # the direction has turned
    norm_clipped = clip.clip_by_global_norm(g, 2.0)["w"]
    assert np.allclose(norm_clipped / g["w"], norm_clipped[0] / g["w"][0])


def test_neither_function_mutates_its_input():
    g = grads_example()
    before = {k: v.copy() for k, v in g.items()}
    clip.clip_by_global_norm(g, 0.5)
    clip.clip_by_value(g, 0.5)
    assert all(np.array_equal(g[k], before[k]) for k in g)
