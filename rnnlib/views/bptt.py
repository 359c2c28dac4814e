"""Pictures and the control of chapter 2: the unrolled graph, the kinds of RNN, and "step
through BPTT".

Everything here is pure numpy and string building: a drawing is a list of SVG primitives
(dicts of attributes, as :class:`rnnlib.views.dualview.SceneView` takes them). Ink is
``currentColor`` so the drawings read in the book's dark mode too. The control itself is a
:class:`~rnnlib.views.dualview.SceneView` made by :func:`step_through_view`.
"""

import numpy as np

from .. import _validate, losses, rnn
from .dualview import DARK_CSS, to_svg

COLORS = {"x": "#29a35a", "h": "#2f7ed8", "o": "#e4a02e", "L": "#9b59b6", "hb": "#17a2b8"}
HOT = "#e4572e"          # what the backward pass has visited
GREY = "#8a8a8a"


# -- primitives ---------------------------------------------------------------------------------
def node(x, y, label, kind, r=15, hot=False):
    """A labelled circle: a list of two primitives (circle, text)."""
    return [{"tag": "circle", "cx": x, "cy": y, "r": r, "fill": COLORS[kind],
             "fill-opacity": 0.55 if hot else 0.15,
             "stroke": HOT if hot else "currentColor", "stroke-width": 2.5 if hot else 1.2},
            {"tag": "text", "x": x, "y": y + 4.5, "text-anchor": "middle", "font-size": 12,
             "fill": "currentColor", "text": label}]


def arrow(x1, y1, x2, y2, color=GREY, width=1.2, shrink=15.0, head=6.0):
    """A straight arrow between two node centres, shortened by ``shrink`` at both ends."""
    d = np.array([x2 - x1, y2 - y1], dtype=np.float64)
    n = float(np.hypot(*d))
    u = d / n
    a = np.array([x1, y1]) + shrink * u
    b = np.array([x2, y2]) - shrink * u
    p = np.array([-u[1], u[0]])
    tip, base = b, b - head * u
    pts = [tip, base + 0.5 * head * p, base - 0.5 * head * p]
    return [{"tag": "line", "x1": a[0], "y1": a[1], "x2": base[0], "y2": base[1],
             "stroke": color, "stroke-width": width},
            {"tag": "polygon", "fill": color,
             "points": " ".join(f"{q[0]:.1f},{q[1]:.1f}" for q in pts)}]


def label(x, y, text, size=11, anchor="middle", color="currentColor", **extra):
    """A text primitive."""
    return {"tag": "text", "x": x, "y": y, "text-anchor": anchor, "font-size": size,
            "fill": color, "text": text, **extra}


class Figure:
    """An inline SVG drawing for a notebook cell (``text/html``, so ``currentColor`` works).

    Parameters
    ----------
    prims : list of dict
        SVG primitives.
    size : (int, int)
        The viewBox.
    title : str
    """

    def __init__(self, prims, size, title):
        self.prims, self.size, self.title = list(prims), tuple(size), title

    def _repr_html_(self):
        return (f'<style>{DARK_CSS}</style><figure class="rnnlib-figure">'
                f'{to_svg(self.prims, self.size, self.title)}</figure>')

    def __repr__(self):
        return f"Figure({self.title!r}, {len(self.prims)} primitives)"


# -- the unrolled graph -------------------------------------------------------------------------
ROWS = {"L": 30, "o": 90, "h": 165, "x": 250}
SIZE = (640, 285)


def column(t, T):
    """x coordinate of step t (t = 0 is h_0)."""
    return 45.0 + t * (560.0 / T)


def unrolled_background(T):
    """The unrolled graph of a one-layer RNN over T steps, in grey: list of primitives.

    Parameters
    ----------
    T : int
        Number of steps (x_1..x_T, h_0..h_T, o_t, L_t).

    Returns
    -------
    list of dict
    """
    T = _validate.positive_int("T", T)
    prims = []
    for t in range(1, T + 1):
        x = column(t, T)
        prims += arrow(x, ROWS["x"], x, ROWS["h"])
        prims += arrow(x, ROWS["h"], x, ROWS["o"])
        prims += arrow(x, ROWS["o"], x, ROWS["L"])
        prims += arrow(column(t - 1, T), ROWS["h"], x, ROWS["h"])
    x1, x0 = column(1, T), column(0, T)
    prims += [label(x1 + 6, (ROWS["x"] + ROWS["h"]) / 2, "U", anchor="start"),
              label(x1 + 6, (ROWS["h"] + ROWS["o"]) / 2, "V", anchor="start"),
              label((x0 + x1) / 2, ROWS["h"] - 8, "W")]
    prims += node(x0, ROWS["h"], "h0", "h")
    for t in range(1, T + 1):
        x = column(t, T)
        prims += node(x, ROWS["x"], f"x{t}", "x") + node(x, ROWS["h"], f"h{t}", "h")
        prims += node(x, ROWS["o"], f"o{t}", "o") + node(x, ROWS["L"], f"L{t}", "L")
    return prims


def unrolled_figure(T=5, paths_into=None):
    """The unrolled graph as a :class:`Figure` (chapter 2, :ref:`ch2-unrolled-graph`).

    Parameters
    ----------
    T : int
        Number of steps.
    paths_into : int, optional
        A step t in 1..T-1: draw, in red, the two paths along which the error reaches h_t,
        from o_t (through V) and from h_{t+1} (through W), each labelled with its term of
        delta_t = V^T dL/do_t + W^T delta^net_{t+1}.

    Returns
    -------
    Figure
    """
    prims = unrolled_background(T)
    title = f"An RNN unrolled over T = {T} steps; U, W, V are shared by every step"
    if paths_into is not None:
        t = _validate.positive_int("paths_into", paths_into)
        if t >= T:
            raise ValueError(f"paths_into: expected a step in 1..{T - 1} (one with a next "
                             f"step), received {t}")
        x, xn = column(t, T), column(t + 1, T)
        prims += arrow(x - 7, ROWS["o"], x - 7, ROWS["h"], color=HOT, width=2.5)
        prims += arrow(xn, ROWS["h"] + 7, x, ROWS["h"] + 7, color=HOT, width=2.5)
        prims += node(x, ROWS["h"], f"h{t}", "h", hot=True)
        sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        prims += [label(x - 12, (ROWS["o"] + ROWS["h"]) / 2, f"Vᵀ ∂L/∂o{t}".translate(sub),
                        anchor="end", color=HOT, size=12),
                  label((x + xn) / 2, ROWS["h"] + 30, f"Wᵀ δⁿᵉᵗ{t + 1}".translate(sub),
                        color=HOT, size=12)]
        title += (f"; the error reaches h{t} along two paths: from o{t} and from "
                  f"h{t + 1}")
    return Figure(prims, SIZE, title)


# -- the kinds of RNN (document 002, section 3) -------------------------------------------------
def _panel(ox, title, steps, ins, outs, bidir=False):
    """One small diagram at x offset ox; ins/outs are the steps (1-based) with x_t / y_t."""
    prims, dx = [], 150.0 / max(steps, 1)
    xs = [ox + 20 + (t - 0.5) * dx for t in range(1, steps + 1)]
    yh, yhb = (95.0, 125.0) if bidir else (110.0, None)
    yx, yy = 170.0, 45.0
    for t, x in enumerate(xs, start=1):
        if t > 1:
            prims += arrow(xs[t - 2], yh, x, yh, shrink=9, head=4)
            if bidir:
                prims += arrow(x, yhb, xs[t - 2], yhb, shrink=9, head=4)
        if t in ins:
            prims += arrow(x, yx, x, yhb if bidir else yh, shrink=9, head=4)
        if t in outs:
            prims += arrow(x, yh, x, yy, shrink=9, head=4)
            if bidir:
                prims += arrow(x + 10, yhb, x + 10, yy + 8, shrink=6, head=4)
    for t, x in enumerate(xs, start=1):
        prims += node(x, yh, "", "h", r=8)
        if bidir:
            prims += node(x, yhb, "", "hb", r=8)
        if t in ins:
            prims += node(x, yx, "", "x", r=8)
        if t in outs:
            prims += node(x, yy, "", "o", r=8)
    prims.append(label(ox + 95, 15, title, size=14, **{"font-weight": "bold"}))
    return prims


def _shift(prims, dy):
    """The primitives moved down by dy (new dicts)."""
    def points(v):
        return " ".join(f"{float(x):.1f},{float(y) + dy:.1f}"
                        for x, y in (q.split(",") for q in v.split()))
    return [{k: (v + dy if k in ("y", "y1", "y2", "cy") else points(v) if k == "points" else v)
             for k, v in p.items()} for p in prims]


def kinds_figure():
    """Five small diagrams of 002's kinds of RNN: a :class:`Figure`, three above and two below
    (as wide as the text column, so that its text keeps its size).

    Inputs are green (bottom), states blue (the backward direction's cyan), outputs orange (top).
    """
    prims = []
    prims += _panel(0, "seq → seq", 4, {1, 2, 3, 4}, {1, 2, 3, 4})
    prims += _panel(190, "seq → vector", 4, {1, 2, 3, 4}, {4})
    prims += _panel(380, "vector → seq", 4, {1}, {1, 2, 3, 4})
    prims += _shift(_panel(95, "encoder–decoder", 6, {1, 2, 3}, {4, 5, 6}), 190)
    prims += _shift(_panel(285, "bidirectional", 4, {1, 2, 3, 4}, {1, 2, 3, 4}, bidir=True), 190)
    return Figure(prims, (570, 380), "Kinds of RNN: sequence to sequence, sequence to vector, "
                  "vector to sequence, encoder-decoder, bidirectional")


# -- the control: step through BPTT -------------------------------------------------------------
def bptt_trace(T=6, seed=0):
    """The numbers the control shows, from one forward and backward pass of :mod:`rnnlib.rnn`.

    A tanh RNN (D = 2, H = 3, K = 2, B = 1) with a softmax cross-entropy loss at every step.

    Parameters
    ----------
    T : int
    seed : int

    Returns
    -------
    dict
        ``"delta_norm"`` (T,): ||dL/dh_t||; ``"net_norm"`` (T,): ||dL/dnet_t||;
        ``"dW_partial"`` (T + 1,): ||sum_{t > T - s} dL/dnet_t h_{t-1}^T|| after s backward
        steps; ``"dW"`` (H, H): the full gradient; ``"loss"``: float.
    """
    T = _validate.positive_int("T", T)
    rng = np.random.default_rng(seed)
    D, H, K, B = 2, 3, 2, 1
    params = rnn.init_params(D, H, K, seed=seed)
    params["W"] = 1.3 * params["W"]
    xs = rng.standard_normal((T, B, D))
    ys = rng.integers(0, K, size=(T, B))
    hs, logits, cache = rnn.forward(params, xs)
    loss, dos = losses.softmax_cross_entropy(logits, ys)
    grads, deltas = rnn.backward(dos, cache)
    h_prev = np.concatenate([np.zeros((1, B, H)), hs[:-1]])
    contrib = np.einsum("tbi,tbj->tij", deltas["net"], h_prev)     # dL/dnet_t h_{t-1}^T
    partial = [np.zeros((H, H))]
    for t in reversed(range(T)):
        partial.append(partial[-1] + contrib[t])
    if not np.allclose(partial[-1], grads["W"], rtol=1e-12, atol=1e-15):
        raise ValueError(f"T, seed: expected a trace whose partial sums of dL/dW add up to "
                         f"rnn.backward's dL/dW, received a mismatch for T={T}, seed={seed}")
    return {"delta_norm": np.linalg.norm(deltas["h"], axis=(1, 2)),
            "net_norm": np.linalg.norm(deltas["net"], axis=(1, 2)),
            "dW_partial": np.array([np.linalg.norm(p) for p in partial]),
            "dW": grads["W"], "loss": loss}


def bptt_frame(step, trace):
    """One frame of the control after ``step`` backward steps (0..T): scene and readout.

    Parameters
    ----------
    step : int
        How many steps the backward pass has processed: t = T, T-1, ..., T-step+1.
    trace : dict
        From :func:`bptt_trace`.

    Returns
    -------
    dict
        ``{"scene": [primitives], "readout": str}``.
    """
    T = len(trace["delta_norm"])
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= T:
        raise ValueError(f"step: expected an integer in [0, {T}], received {step!r}")
    first = T - step + 1                  # the earliest visited step
    scene = []
    for t in range(max(first, 1), T + 1):
        x = column(t, T)
        # the error flows against the forward arrows (drawn beside them)
        scene += arrow(x + 7, ROWS["L"], x + 7, ROWS["o"], color=HOT, width=2.5)
        scene += arrow(x + 7, ROWS["o"], x + 7, ROWS["h"], color=HOT, width=2.5)
        scene += arrow(x, ROWS["h"] + 7, column(t - 1, T), ROWS["h"] + 7, color=HOT, width=2.5)
        scene += arrow(x + 7, ROWS["h"], x + 7, ROWS["x"], color=HOT, width=1.5)
        scene += node(x, ROWS["h"], f"h{t}", "h", hot=True)
        scene.append(label(x, ROWS["h"] + 30, f"‖δ{t}‖={trace['delta_norm'][t - 1]:.3f}",
                           size=10.5, color="currentColor"))
    if step:
        x = column(first, T)
        scene.append({"tag": "rect", "x": x - 24, "y": ROWS["L"] - 20, "width": 48,
                      "height": ROWS["x"] - ROWS["L"] + 40, "rx": 8, "fill": "none",
                      "stroke": HOT, "stroke-width": 1.5, "stroke-dasharray": "5,4"})
    if step == 0:
        readout = (f"step 0 of {T}: the forward pass is done (loss {trace['loss']:.4f}); "
                   f"no error has flowed back yet")
    else:
        readout = (f"step {step} of {T}: visited t = {T}..{first}; "
                   f"‖δ{first}‖ = {trace['delta_norm'][first - 1]:.4f}; "
                   f"‖dL/dW so far‖ = {trace['dW_partial'][step]:.4f} "
                   f"(full {trace['dW_partial'][-1]:.4f})")
    return {"scene": scene, "readout": readout}


def step_through_view(T=6, seed=0):
    """The chapter's control: a slider over backward steps of BPTT on the unrolled graph.

    Parameters
    ----------
    T : int
    seed : int

    Returns
    -------
    rnnlib.views.dualview.SceneView
    """
    from .dualview import SceneView

    trace = bptt_trace(T, seed)
    return SceneView(lambda step: bptt_frame(step, trace),
                     sliders=[("step", "backward step", list(range(T + 1)))],
                     title="Step through BPTT: what the backward pass has visited",
                     size=SIZE, background=unrolled_background(T), init={"step": 2})
