"""The delta_t explorer of chapter 3: the error flowing back through time, under four choices.

The numbers are those of :func:`rnnlib.explore.delta_norms`: a tanh, sigmoid, ReLU or linear
RNN (H = 32) with W of spectral norm ||W||_2 and of a chosen kind, the loss at step T only.

* Live (Jupyter): ipywidgets controls call ``delta_norms`` and matplotlib redraws.
* In the book: the slider space (T x ||W||_2 x activation x kind, about 80,000 states) is too
  large to precompute, so the page stores the network's numbers (U, the inputs, u and W / ||W||_2
  for each kind, as float64 bytes) and ``vanishing.js`` recomputes the forward pass and BPTT, the
  same recursion as :func:`rnnlib.rnn.backward`. The browser tests compare its numbers with
  ``delta_norms``.
"""

import base64
import io

import numpy as np

from .. import explore
from ..activations import GAMMA, NAMES
from ..dualview import embed_html, mimebundle

T_MIN, T_MAX = 5, 200
NORMS = np.round(np.arange(0.5, 1.5001, 0.01), 2)     # the ||W||_2 slider, fine steps
HIDDEN, INPUT, SEED = 32, 4, 0


def ratio_readout(d):
    """The explorer's readout, formatted in Python (the page formats it the same way).

    Parameters
    ----------
    d : dict
        From :func:`rnnlib.explore.delta_norms`.

    Returns
    -------
    str
    """
    return f"||delta_1|| / ||delta_T|| = {d['norm'][0] / d['norm'][-1]:.3e}"


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
        Initial ||W||_2, in [0.5, 1.5] on a 0.01 grid.
    activation : {"tanh", "sigmoid", "relu", "linear"}
    kind : {"orthogonal", "gaussian", "nonnormal"}
    """

    title = "The error δ_t = ∂L/∂h_t flowing back through time"

    def __init__(self, T=50, w_norm=1.0, activation="tanh", kind="orthogonal"):
        if not (isinstance(T, int) and T_MIN <= T <= T_MAX):
            raise ValueError(f"T: expected an integer in [{T_MIN}, {T_MAX}], received {T!r}")
        if not np.any(np.isclose(NORMS, w_norm)):
            raise ValueError(f"w_norm: expected a value in [0.5, 1.5] on a 0.01 grid, received "
                             f"{w_norm!r}")
        if activation not in NAMES:
            raise ValueError(f"activation: expected one of {list(NAMES)}, received "
                             f"{activation!r}")
        if kind not in explore.KINDS:
            raise ValueError(f"kind: expected one of {list(explore.KINDS)}, received {kind!r}")
        self.init = {"T": T, "w_norm": round(float(w_norm), 2), "activation": activation,
                     "kind": kind}

    @staticmethod
    def compute(T, w_norm, activation, kind):
        """The pure function behind both views: :func:`rnnlib.explore.delta_norms`."""
        return explore.delta_norms(T, w_norm, activation, HIDDEN, INPUT, SEED, kind)

    def spec(self):
        """The network's numbers and the controls' ranges, JSON-ready."""
        params, xs, u = explore.delta_setup(T_MAX, 1.0, "orthogonal", HIDDEN, INPUT, SEED)
        unit_w = {k: _b64(explore.recurrent_matrix(k, HIDDEN, 1.0, SEED + 1))
                  for k in explore.KINDS}
        return {"title": self.title, "H": HIDDEN, "D": INPUT, "tMin": T_MIN, "tMax": T_MAX,
                "norms": [float(v) for v in NORMS], "activations": list(NAMES),
                "gamma": {a: GAMMA[a] for a in NAMES}, "kinds": list(explore.KINDS),
                "init": self.init, "U": _b64(params["U"]), "xs": _b64(xs[:, 0]),
                "u": _b64(u), "W": unit_w}

    def html(self):
        """The book's view: controls, a line chart (SVG), a heatmap (canvas) and a readout."""
        return embed_html(self.spec(), self.title, "views/vanishing.js", "rnnlibDeltaExplorer")

    def widget(self):
        """The live view (ipywidgets and matplotlib); ``box.redraw()`` is one full update."""
        import ipywidgets as w
        from matplotlib.colors import Normalize
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

        style = {"description_width": "8em"}
        wide = w.Layout(width="460px")
        T = w.IntSlider(self.init["T"], T_MIN, T_MAX, description="T", style=style,
                        layout=wide)
        norm = w.FloatSlider(self.init["w_norm"], min=0.5, max=1.5, step=0.01,
                             description="‖W‖₂", style=style, layout=wide)
        activation = w.Dropdown(options=list(NAMES), value=self.init["activation"],
                                description="activation", style=style)
        kind = w.Dropdown(options=list(explore.KINDS), value=self.init["kind"],
                          description="kind of W", style=style)
        # play.value k: the backward pass has made k steps, delta has reached s = T - k;
        # at rest k = T - 1 (the whole curve); pressing play restarts from k = 0 (s = T)
        play = w.Play(value=self.init["T"] - 1, min=0, max=self.init["T"] - 1, interval=40,
                      description="play")
        image, readout = w.Image(format="png"), w.Label()

        fig = Figure(figsize=(7.0, 5.4), dpi=90, layout="constrained")
        ax, hm = fig.subplots(2, 1, height_ratios=[3, 2])
        line, = ax.semilogy([], [], lw=2, label="measured ‖δ_t‖")
        bound, = ax.semilogy([], [], "--", lw=1.5, label="bound (γ‖W‖₂)^(T−t) ‖δ_T‖")
        cursor = ax.axvline(1, color="0.5", lw=1)
        ax.set(xlabel="time step t", ylabel="‖δ_t‖", title=self.title)
        # plain "1e-8" labels and no minor ticks: mathtext labels cost most of a redraw
        ax.yaxis.set_major_locator(LogLocator(numticks=7))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{np.log10(v):.0f}"))
        ax.legend(loc="lower right")
        im = hm.imshow(np.zeros((HIDDEN, 2)), aspect="auto", origin="lower", cmap="viridis",
                       norm=Normalize(-16, 0), interpolation="nearest")
        hm.set(xlabel="time step t", ylabel="hidden unit i")
        fig.colorbar(im, ax=hm, label="log₁₀ |δ_t,i|")
        state = {}

        def redraw(_=None):
            if state.get("busy"):
                return
            key = (T.value, round(norm.value, 2), activation.value, kind.value)
            if state.get("key") != key:
                state["key"], state["d"], state["busy"] = key, self.compute(*key), True
                play.max = play.value = T.value - 1
                state["busy"] = False
            d, s = state["d"], T.value - min(play.value, T.value - 1)
            t = d["t"]
            line.set_data(t[s - 1:], d["norm"][s - 1:])
            bound.set_data(t, d["bound"])
            cursor.set_xdata([s, s])
            logs = np.log10(np.abs(d["delta"]).T + 1e-300)
            logs[:, : s - 1] = np.nan                      # not reached yet by the backward pass
            top = np.ceil(np.log10(d["norm"].max()))
            im.set_data(logs)
            im.set_clim(top - 16, top)                     # 16 decades below the largest
            im.set_extent((0.5, T.value + 0.5, -0.5, HIDDEN - 0.5))
            ax.set_xlim(1, max(T.value, 2))
            ys = np.concatenate([d["norm"], d["bound"]])
            ys = ys[ys > 0]
            ax.set_ylim(max(ys.min(), 1e-300) / 3, ys.max() * 3)
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            image.value = buf.getvalue()
            readout.value = ratio_readout(d) + (f"   step {s}: ‖δ_{s}‖ = {d['norm'][s - 1]:.3e}"
                                                if s > 1 else "")

        for c in (T, norm, activation, kind, play):
            c.observe(redraw, names="value")
        redraw()
        fig.set_layout_engine("none")       # lay out once; later redraws only move the data
        box = w.VBox([T, norm, w.HBox([activation, kind]), play, image, readout])
        box.redraw = redraw
        return box

    def _repr_mimebundle_(self, include=None, exclude=None):
        return mimebundle(f"DeltaExplorer({self.init})", self.html, self.widget)
