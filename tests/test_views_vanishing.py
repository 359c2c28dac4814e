"""The chapter-3 explorer's Python side: its data decode to rnnlib's numbers, the live widget
follows its controls, bad arguments name themselves. (tests/browser/test_explorer.py checks the
page's JavaScript against the same numbers.)"""

import base64
import re

import numpy as np
import pytest
from ipywidgets.widgets.widget import _remove_buffers

from rnnlib import explore
from rnnlib.views import vanishing
from rnnlib.views.vanishing import DeltaExplorer


def decode(b64):
    return np.frombuffer(base64.b64decode(b64), dtype="<f8")


def test_spec_holds_rnnlibs_network_bit_for_bit():
    spec = DeltaExplorer().spec()
    params, xs, u = explore.delta_setup(200, 1.0)
    assert np.array_equal(decode(spec["U"]).reshape(32, 4), params["U"])
    assert np.array_equal(decode(spec["xs"]).reshape(200, 4), xs[:, 0])
    assert np.array_equal(decode(spec["u"]), u)
    for kind in explore.KINDS:
        W = decode(spec["W"][kind]).reshape(32, 32)
        assert np.isclose(np.linalg.norm(W, 2), 1.0, rtol=1e-12)
        # the page scales W by ||W||_2; rnnlib builds it scaled: equal to rounding
        assert np.allclose(1.3 * W, explore.recurrent_matrix(kind, 32, 1.3, 1), rtol=1e-13,
                           atol=1e-15)


def test_html_is_small_and_deterministic():
    a, b = DeltaExplorer().html(), DeltaExplorer().html()
    assert a == b and len(a.encode()) < 300_000
    assert len(set(re.findall(r'id="(rnnlib-dv-[0-9a-f]+)"', a))) == 1


@pytest.mark.parametrize("hidden", [32, 64])
def test_live_widget_answers_each_state_with_rnnlibs_numbers(hidden):
    w = DeltaExplorer(T=30, w_norm=0.9, activation="sigmoid", kind="gaussian",
                      hidden=hidden).widget()
    assert w.state == {"T": 30, "w_norm": 0.9, "activation": "sigmoid", "kind": "gaussian"}
    assert set(w.spec) >= {"norms", "activations", "kinds", "init"} and "U" not in w.spec
    assert w.spec["H"] == hidden
    for state in ({"T": 60, "w_norm": 1.2, "activation": "relu", "kind": "nonnormal"},
                  {"T": 5, "w_norm": 0.5, "activation": "linear", "kind": "orthogonal"}):
        w.state = state                                   # what the page sets on a move
        d = DeltaExplorer.compute(**{k: state[k] for k in ("T", "w_norm", "activation",
                                                           "kind")}, hidden=hidden)
        assert w.result["key"] == state and w.result["T"] == state["T"]
        # the arrays travel as binary buffers of float64, bit for bit
        assert all(isinstance(w.result[k], memoryview) for k in ("norm", "bound", "delta"))
        assert np.array_equal(np.frombuffer(w.result["norm"], "<f8"), d["norm"])
        assert np.array_equal(np.frombuffer(w.result["bound"], "<f8"), d["bound"])
        assert np.array_equal(np.frombuffer(w.result["delta"], "<f8").reshape(state["T"],
                                                                              hidden),
                              d["delta"])
    assert "rnnlibDeltaUI" in w._esm and "export default" in w._esm


def test_live_widget_sends_binary_buffers_and_no_echo():
    w = DeltaExplorer(T=200, hidden=64).widget()
    state, paths, buffers = _remove_buffers(w.get_state())
    assert sorted(paths) == [["result", "bound"], ["result", "delta"], ["result", "norm"]]
    assert sum(len(b) for b in buffers) == 8 * 200 * (64 + 2)     # float64, no base64
    assert w.trait_metadata("state", "echo_update") is False


def test_live_compute_leaves_blas_threads_as_they_were():
    from threadpoolctl import threadpool_info

    def threads():
        return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]

    before = threads()
    w = DeltaExplorer(T=50).widget()
    w.state = {"T": 60, "w_norm": 1.1, "activation": "tanh", "kind": "gaussian"}
    assert threads() == before and before


def test_hidden_size_sets_the_books_view_too():
    spec = DeltaExplorer(hidden=64).spec()
    assert spec["H"] == 64 and decode(spec["u"]).shape == (64,)
    assert decode(spec["W"]["nonnormal"]).shape == (64 * 64,)
    assert "'hidden': 64" in DeltaExplorer(hidden=64)._repr_mimebundle_()["text/plain"]
    assert "hidden" not in DeltaExplorer()._repr_mimebundle_()["text/plain"]


def test_nonnormal_w_grows_before_it_decays():
    W = explore.recurrent_matrix("nonnormal", 32, 1.5, seed=1)
    norms = [np.linalg.norm(np.linalg.matrix_power(W, k), 2) for k in (1, 10, 100)]
    rho = max(abs(np.linalg.eigvals(W)))
    assert rho < 1 < norms[0] < norms[1] and norms[2] < 1


@pytest.mark.parametrize("kwargs, name", [({"T": 4}, "T"), ({"T": 201}, "T"),
                                          ({"w_norm": 1.57}, "w_norm"),
                                          ({"activation": "elu"}, "activation"),
                                          ({"kind": "random"}, "kind"),
                                          ({"hidden": 0}, "hidden"), ({"hidden": 129}, "hidden"),
                                          ({"hidden": 64.0}, "hidden"),
                                          ({"hidden": True}, "hidden")])
def test_bad_arguments_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=f"^{name}: expected"):
        DeltaExplorer(**kwargs)


def test_controls_are_labelled_and_announce_the_values_shown():
    from tests.test_dualview import controls_of

    html = DeltaExplorer(T=120, w_norm=1.35, activation="relu", kind="gaussian").html()
    c = controls_of(html)
    T, norm = c["range"]
    assert (T["label"], T["value"], T["aria-valuetext"], T["shown"]) == ("T", "120", "T = 120",
                                                                         "120")
    assert norm["label"] == "‖W‖₂" and norm["shown"] == "1.35"
    assert norm["aria-valuetext"] == "‖W‖₂ = 1.35"              # not the position, 85
    assert vanishing.NORMS[int(norm["value"])] == 1.35
    act, kind = c["select"]
    assert act["label"] == "activation" and kind["label"] == "kind of W"
    assert [o[0] for o in act["options"]] == ["tanh", "sigmoid", "relu", "linear"]
    assert [o[0] for o in act["options"] if o[2]] == ["relu"]
    assert [o[0] for o in kind["options"] if o[2]] == ["gaussian"]
    (play,) = c["button"]
    assert play["text"] == "▶ play" and play["aria-label"].startswith("play")
    assert play["aria-label"] == "play: move δ back one step at a time"


def test_live_view_gets_the_same_controls_with_ids_of_its_own():
    from tests.test_dualview import controls_of

    markup = DeltaExplorer()._ui_spec()["controls"]
    assert "@UID@-0" in markup and not re.search("rnnlib-dv-[0-9a-f]{12}", markup)   # set live
    assert [r["aria-valuetext"] for r in controls_of(markup)["range"]] == ["T = 50",
                                                                           "‖W‖₂ = 1.00"]
