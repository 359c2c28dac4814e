"""The delta_t explorer of chapter 3: the error flowing back through time, under four choices.

The numbers are those of :func:`rnnlib.explore.delta_norms`: a tanh, sigmoid, ReLU or linear
RNN (H = 32 by default) with W of spectral norm ||W||_2 and of a chosen kind, the loss at step T
only.

* Live (Jupyter): an anywidget shows the same controls and pictures as the page; every move
  asks Python for ``delta_norms`` and the page's script draws the answer.
* In the book: the slider space (T x ||W||_2 x activation x kind, about 80,000 states) is too
  large to precompute, so the page stores the network's numbers (U, the inputs, u and W / ||W||_2
  for each kind, as float64 bytes) and ``vanishing.js`` recomputes the forward pass and BPTT, the
  same recursion as :func:`rnnlib.rnn.backward`. The browser tests compare its numbers with
  ``delta_norms``.
"""

import base64
import contextlib

import numpy as np

from .. import explore
from ..activations import GAMMA, NAMES
from .dualview import _CSS, controls_html, embed_html, mimebundle

T_MIN, T_MAX = 5, 200
# the ||W||_2 slider: steps of 0.01 from 0.5 to 1.5, where the linear and tanh cases change,
# then of 0.05 up to 4.5, past the sigmoid's threshold 1/gamma = 4
NORMS = np.round(np.concatenate([np.arange(0.5, 1.5001, 0.01), np.arange(1.55, 4.5001, 0.05)]), 2)
HIDDEN, INPUT, SEED = 32, 4, 0
H_MIN, H_MAX = 1, 128                                  # the hidden sizes an explorer accepts


def _f64(a):
    """float64 bytes, little-endian, as a memoryview: ipywidgets sends it as a binary buffer."""
    return memoryview(np.ascontiguousarray(a, dtype="<f8").tobytes())


def _b64(a):
    """float64 bytes, little-endian, base64: the page decodes them into a Float64Array."""
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f8").tobytes()).decode()


class DeltaExplorer:
    """The chapter-3 explorer: sliders for T and ||W||_2, choices of activation and of W's kind.

    Parameters
    ----------
    T : int
        Initial sequence length, in [5, 200].
    w_norm : float
        Initial ||W||_2, a value of ``NORMS`` (0.5 to 1.5 by 0.01, then to 4.5 by 0.05).
    activation : {"tanh", "sigmoid", "relu", "linear"}
    kind : {"orthogonal", "gaussian", "nonnormal"}
    hidden : int
        The hidden size H, in [1, 128]; the heatmap shows H rows.
    """

    title = "The error δ_t = ∂L/∂h_t flowing back through time"

    def __init__(self, T=50, w_norm=1.0, activation="tanh", kind="orthogonal", hidden=HIDDEN):
        if not (isinstance(T, int) and T_MIN <= T <= T_MAX):
            raise ValueError(f"T: expected an integer in [{T_MIN}, {T_MAX}], received {T!r}")
        if not np.any(np.isclose(NORMS, w_norm)):
            raise ValueError(f"w_norm: expected a value of the slider (0.5 to 1.5 by 0.01, "
                             f"then to 4.5 by 0.05), received {w_norm!r}")
        if activation not in NAMES:
            raise ValueError(f"activation: expected one of {list(NAMES)}, received "
                             f"{activation!r}")
        if kind not in explore.KINDS:
            raise ValueError(f"kind: expected one of {list(explore.KINDS)}, received {kind!r}")
        if (isinstance(hidden, (bool, np.bool_)) or not isinstance(hidden, (int, np.integer))
                or not H_MIN <= hidden <= H_MAX):
            raise ValueError(f"hidden: expected an integer in [{H_MIN}, {H_MAX}], received "
                             f"{hidden!r}")
        self.hidden = int(hidden)
        self.init = {"T": T, "w_norm": round(float(w_norm), 2), "activation": activation,
                     "kind": kind}

    @staticmethod
    def compute(T, w_norm, activation, kind, hidden=HIDDEN):
        """The pure function behind both views: :func:`rnnlib.explore.delta_norms`.

        Returns
        -------
        dict
            ``"norm"``, ``"bound"``: (T,); ``"delta"``: (T, hidden); see ``delta_norms``.
        """
        return explore.delta_norms(T, w_norm, activation, hidden, INPUT, SEED, kind)

    def spec(self):
        """The network's numbers and the controls' ranges, JSON-ready."""
        H = self.hidden
        params, xs, u = explore.delta_setup(T_MAX, 1.0, "orthogonal", H, INPUT, SEED)
        unit_w = {k: _b64(explore.recurrent_matrix(k, H, 1.0, SEED + 1)) for k in explore.KINDS}
        return {"title": self.title, "H": H, "D": INPUT, "tMin": T_MIN, "tMax": T_MAX,
                "norms": [float(v) for v in NORMS], "activations": list(NAMES),
                "gamma": {a: GAMMA[a] for a in NAMES}, "kinds": list(explore.KINDS),
                "rho": {k: explore.spectral_radius(k, H, 1.0, SEED + 1) for k in explore.KINDS},
                "init": self.init, "U": _b64(params["U"]), "xs": _b64(xs[:, 0]),
                "u": _b64(u), "W": unit_w}

    def controls(self):
        """The rows of :func:`rnnlib.views.dualview.controls_html`: sliders for T and ||W||_2 (over
        positions of ``NORMS``), menus for the activation and W's kind, the play button."""
        i = int(np.argmin(np.abs(NORMS - self.init["w_norm"])))
        return [{"type": "range", "name": "T", "label": "T", "min": T_MIN, "max": T_MAX,
                 "value": self.init["T"], "text": str(self.init["T"])},
                {"type": "range", "name": "w_norm", "label": "‖W‖₂", "min": 0,
                 "max": len(NORMS) - 1, "value": i, "text": f"{NORMS[i]:.2f}"},
                {"type": "menu", "name": "activation", "label": "activation",
                 "options": [(a, a) for a in NAMES], "value": self.init["activation"]},
                {"type": "menu", "name": "kind", "label": "kind of W",
                 "options": [(k, k) for k in explore.KINDS], "value": self.init["kind"]},
                {"type": "play", "label": "play: move δ back one step at a time"}]

    def html(self):
        """The book's view: controls, a line chart (SVG), a heatmap (canvas) and a readout."""
        return embed_html(self.spec(), self.title, "views/vanishing.js", "rnnlibDeltaExplorer",
                          self.controls())

    def widget(self):
        """The live view: the page's controls and pictures, with rnnlib as the source.

        An anywidget whose front end is ``vanishing.js``'s UI: a control move sets the ``state``
        trait, Python computes :meth:`compute` and sets ``result``, and the UI draws it.
        """
        return _live_widget_class()(spec=self._ui_spec(), state=self._state_key(self.init))

    def _ui_spec(self):
        """What the UI needs without the network's numbers (the live view computes in Python)."""
        spec = self.spec()
        return {**{k: spec[k] for k in ("title", "H", "tMin", "tMax", "norms", "activations",
                                        "kinds", "rho", "init")},
                "controls": controls_html("@UID@", self.controls())}   # ids set by the page

    @staticmethod
    def _state_key(s):
        return {"T": int(s["T"]), "w_norm": round(float(s["w_norm"]), 2),
                "activation": s["activation"], "kind": s["kind"]}

    def _repr_mimebundle_(self, include=None, exclude=None):
        args = self.init if self.hidden == HIDDEN else {**self.init, "hidden": self.hidden}
        return mimebundle(f"DeltaExplorer({args})", self.html, self.widget)


@contextlib.contextmanager
def _one_blas_thread():
    """Run the block with BLAS on one thread (threadpoolctl), then restore its thread count.

    The explorer's products are small (H <= 128) and one thread computes them as fast; but
    once OpenBLAS has woken its worker threads, they spin for about 100 ms after each product.
    At every move of a live view, on a machine of few cores, that spinning takes a core from
    the browser and from the Jupyter server.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


_LIVE = None


def _live_widget_class():
    """The anywidget class, built on first use (anywidget and traitlets are imported here)."""
    global _LIVE
    if _LIVE is None:
        from importlib import resources

        import anywidget
        import traitlets

        ui = resources.files("rnnlib").joinpath("views/vanishing.js").read_text()

        class DeltaExplorerWidget(anywidget.AnyWidget):
            """Live delta_t explorer: ``state`` (from the page) -> ``result`` (from rnnlib).

            ``result`` carries its arrays as binary buffers (float64, little-endian): no
            base64 and no JSON for the T x H numbers. ``state`` is not echoed back to the
            page (the page set it; an echo would only be one more message to handle).
            """

            _esm = ui + _LIVE_ESM
            _css = _CSS
            spec = traitlets.Dict().tag(sync=True)
            state = traitlets.Dict().tag(sync=True, echo_update=False)
            result = traitlets.Dict().tag(sync=True)

            @traitlets.observe("state")
            def _compute(self, change):
                k = change["new"]
                with _one_blas_thread():
                    d = DeltaExplorer.compute(k["T"], k["w_norm"], k["activation"], k["kind"],
                                              self.spec["H"])
                self.result = {"key": dict(k), "T": int(k["T"]), "norm": _f64(d["norm"]),
                               "bound": _f64(d["bound"]), "delta": _f64(d["delta"])}

            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self._compute({"new": self.state})

        _LIVE = DeltaExplorerWidget
    return _LIVE


# The live view's entry point: the page's UI, fed by the widget's traits.
_LIVE_ESM = """
function render({ model, el }) {
  el.classList.add("rnnlib-dualview");
  var spec = model.get("spec"), waiting = null;
  function key(st) {
    return {T: st.T, w_norm: spec.norms[st.normIdx], activation: st.act, kind: st.kind};
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function f64(v) {                                 // a binary buffer (DataView) -> Float64Array
    var b = v.buffer, o = v.byteOffset, n = v.byteLength;
    if (o % 8) { b = b.slice(o, o + n); o = 0; }   // Float64Array needs 8-byte alignment
    return new Float64Array(b, o, n / 8);
  }
  function deliver() {
    var r = model.get("result");
    if (!waiting || !same(r.key, waiting.key)) { return; }
    var done = waiting.done;
    waiting = null;
    done({T: r.T, norm: f64(r.norm), bound: f64(r.bound), delta: f64(r.delta)});
  }
  model.on("change:result", deliver);
  window.rnnlibDeltaUI(el, spec, function (st, done) {
    waiting = {key: key(st), done: done};
    if (same(model.get("result").key, waiting.key)) { deliver(); return; }
    model.set("state", waiting.key);
    model.save_changes();
  });
}
export default { render };
"""
