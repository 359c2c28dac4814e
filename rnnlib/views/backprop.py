"""The two-neuron network of chapter 1 ("Backpropagation") and its control.

The network (document 004, after Hung-yi Lee's slides), one example ``x = (x1, x2)``, target y:

    z1 = w1 x1 + w2 x2 + b1,   a1 = sigmoid(z1),   z2 = w3 a1 + b2,   a2 = sigmoid(z2),
    L = (y - a2)^2 / 2,

with the error terms delta2 = dL/dz2 = (a2 - y) a2 (1 - a2) and delta1 = dL/dz1 =
w3 delta2 a1 (1 - a1). The pure functions here import numpy only; :func:`make_view` builds the
:class:`rnnlib.views.dualview.SceneView` with sliders for w1 and w3 (imported on use).
"""

import numpy as np

from .. import _validate
from ..activations import sigmoid

#: The chapter's example: input, target and parameters (w1 and w3 are the sliders' start).
X_DEMO = (1.0, 0.5)
Y_DEMO = 0.7
PARAMS_DEMO = {"w1": 0.5, "w2": -0.6, "b1": 0.1, "w3": 1.0, "b2": -0.5}
KEYS = ("w1", "w2", "b1", "w3", "b2")

#: Slider grids (11 values each) and the loss-surface window around them.
W1_GRID = tuple(float(v) for v in np.round(np.linspace(-2.5, 2.5, 11), 2))
W3_GRID = tuple(float(v) for v in np.round(np.linspace(-1.0, 4.0, 11), 2))
SURFACE_CELLS = 16

# layout of the picture (SVG units)
SIZE = (800, 330)
_PANEL = (540, 40, 240, 240)          # loss-surface panel: left, top, width, height
_NODES = {"x1": (75, 95), "x2": (75, 235), "h": (235, 165), "o": (380, 165), "L": (466, 165)}
_INK = "currentColor"
_VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


def two_neuron(params=None, x=X_DEMO, y=Y_DEMO):
    """Forward and backward pass of the two-neuron network, every quantity by name.

    Parameters
    ----------
    params : dict of float, optional
        Keys ``w1, w2, b1, w3, b2``; default :data:`PARAMS_DEMO`.
    x : (float, float)
        The input (x1, x2).
    y : float
        The target.

    Returns
    -------
    dict of float
        ``z1, a1, z2, a2, loss`` (forward), ``delta2 = dL/dz2``, ``delta1 = dL/dz1``,
        ``dx1, dx2`` (dL/dx) and ``grads``, a dict with dL/d of each key of ``params``.
    """
    p = dict(PARAMS_DEMO) if params is None else params
    if not isinstance(p, dict) or any(k not in p for k in KEYS):
        got = sorted(p) if isinstance(p, dict) else type(p).__name__
        raise ValueError(f"params: expected a dict with keys {list(KEYS)}, received {got}")
    p = {k: float(_validate.array(f"params[{k!r}]", p[k], 0)) for k in KEYS}
    x = _validate.array("x", x, 1, "(2,)")
    _validate.size("x", x, 0, 2, "2")
    y = float(_validate.array("y", y, 0))
    x1, x2 = float(x[0]), float(x[1])
    z1 = p["w1"] * x1 + p["w2"] * x2 + p["b1"]
    a1 = float(sigmoid(z1))
    z2 = p["w3"] * a1 + p["b2"]
    a2 = float(sigmoid(z2))
    loss = 0.5 * (y - a2) ** 2
    delta2 = (a2 - y) * a2 * (1 - a2)                 # dL/da2 * sigmoid'(z2)
    delta1 = p["w3"] * delta2 * a1 * (1 - a1)         # (W^2)^T delta2 * sigmoid'(z1)
    grads = {"w1": delta1 * x1, "w2": delta1 * x2, "b1": delta1, "w3": delta2 * a1,
             "b2": delta2}
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": loss, "delta2": delta2,
            "delta1": delta1, "dx1": p["w1"] * delta1, "dx2": p["w2"] * delta1, "grads": grads}


def loss_surface(w1s, w3s, params=None, x=X_DEMO, y=Y_DEMO):
    """The loss over a grid of (w1, w3), the other parameters held fixed.

    Parameters
    ----------
    w1s : ndarray, shape (n1,)
    w3s : ndarray, shape (n3,)
    params, x, y : as in :func:`two_neuron`

    Returns
    -------
    ndarray, shape (n3, n1)
        ``L[i, j]`` at ``w3 = w3s[i]``, ``w1 = w1s[j]``.
    """
    p = dict(PARAMS_DEMO) if params is None else dict(params)
    w1s = _validate.array("w1s", w1s, 1, "(n1,)")
    w3s = _validate.array("w3s", w3s, 1, "(n3,)")
    return np.array([[two_neuron({**p, "w1": a, "w3": b}, x, y)["loss"] for a in w1s]
                     for b in w3s])


def _color(t):
    """A viridis-like colour for t in [0, 1] (linear between five anchors), as #rrggbb."""
    anchors = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in _VIRIDIS], float)
    s = float(np.clip(t, 0, 1)) * (len(anchors) - 1)
    k = min(int(s), len(anchors) - 2)
    rgb = anchors[k] + (s - k) * (anchors[k + 1] - anchors[k])
    return "#" + "".join(f"{int(round(v)):02x}" for v in rgb)


def _surface_window():
    """(w1_lo, w1_hi, w3_lo, w3_hi): the slider grids padded by half a slider step."""
    h1 = (W1_GRID[1] - W1_GRID[0]) / 2
    h3 = (W3_GRID[1] - W3_GRID[0]) / 2
    return W1_GRID[0] - h1, W1_GRID[-1] + h1, W3_GRID[0] - h3, W3_GRID[-1] + h3


def _to_px(w1, w3):
    lo1, hi1, lo3, hi3 = _surface_window()
    left, top, width, height = _PANEL
    return (left + (w1 - lo1) / (hi1 - lo1) * width,
            top + (hi3 - w3) / (hi3 - lo3) * height)


def _text(x, y, s, size=13, anchor="middle", **extra):
    return {"tag": "text", "x": x, "y": y, "text": s, "fill": _INK, "font-size": size,
            "text-anchor": anchor, **extra}


def _radius(node):
    return 46 if node in ("h", "o") else 28


def _num(x, y, s):
    """A number in a frame: left-aligned (the SVG default), no more attributes than needed."""
    return {"tag": "text", "x": x, "y": y, "text": s, "fill": _INK, "font-size": 12}


def background(cells=SURFACE_CELLS):
    """The static part of the picture: the graph's nodes and edges, and the loss heatmap.

    Parameters
    ----------
    cells : int
        The heatmap has ``cells x cells`` rectangles (colour: log10 of the loss).

    Returns
    -------
    list of dict
        SVG primitives for :class:`rnnlib.views.dualview.SceneView`'s ``background``.
    """
    cells = _validate.positive_int("cells", cells)
    prims = []
    (x1x, x1y), (x2x, x2y), (hx, hy), (ox, oy), (lx, ly) = _NODES.values()
    for a, b in [("x1", "h"), ("x2", "h"), ("h", "o"), ("o", "L")]:
        (ax, ay), (bx, by) = _NODES[a], _NODES[b]
        d = float(np.hypot(bx - ax, by - ay))
        ra, rb = _radius(a) / d, _radius(b) / d
        prims.append({"tag": "line", "x1": round(ax + ra * (bx - ax), 1),
                      "y1": round(ay + ra * (by - ay), 1), "x2": round(bx - rb * (bx - ax), 1),
                      "y2": round(by - rb * (by - ay), 1), "stroke": _INK,
                      "stroke-opacity": 0.5, "stroke-width": 2})
    for k, (cx, cy) in _NODES.items():
        prims.append({"tag": "circle", "cx": cx, "cy": cy, "r": _radius(k), "fill": "none",
                      "stroke": _INK, "stroke-width": 2})
    p = PARAMS_DEMO
    prims += [_text(x1x, x1y - 38, "input x₁"), _text(x2x, x2y + 48, "input x₂"),
              _text(x1x, x1y + 5, f"{X_DEMO[0]:.2f}"), _text(x2x, x2y + 5, f"{X_DEMO[1]:.2f}"),
              _text(hx, hy + 64, "hidden: σ"), _text(hx, hy + 80, f"b₁ = {p['b1']:.1f}", 12),
              _text(ox, oy + 64, "output: σ"), _text(ox, oy + 80, f"b₂ = {p['b2']:.1f}", 12),
              _text((x2x + hx) / 2 - 5, (x2y + hy) / 2 + 26, f"w₂ = {p['w2']:.1f}", 12),
              _text(lx, ly - 40, "loss L"), _text(lx, ly + 48, f"y = {Y_DEMO:.1f}", 12),
              _text(250, 318, "each node: value (top) and δ = ∂L/∂z (bottom)", 12),
              _text(hx - 5, hy - 4, "a₁ =", 12, "end"), _text(hx - 5, hy + 16, "δ₁ =", 12, "end"),
              _text(ox - 5, oy - 4, "a₂ =", 12, "end"), _text(ox - 5, oy + 16, "δ₂ =", 12, "end"),
              _text(x1x - 1, x1y + 50, "∂L/∂x₁ =", 12, "end"),
              _text(x2x - 1, x2y - 42, "∂L/∂x₂ =", 12, "end"),
              _text((x1x + hx) / 2 - 5, (x1y + hy) / 2 - 16, "w₁ (slider)", 13),
              _text((hx + ox) / 2, hy - 10, "w₃", 13)]
    # the heatmap of log10 L over (w1, w3)
    lo1, hi1, lo3, hi3 = _surface_window()
    w1s = lo1 + (np.arange(cells) + 0.5) * (hi1 - lo1) / cells
    w3s = lo3 + (np.arange(cells) + 0.5) * (hi3 - lo3) / cells
    logL = np.log10(np.maximum(loss_surface(w1s, w3s), 1e-4))     # floor: show the valley
    t = (logL - logL.min()) / (logL.max() - logL.min())
    left, top, width, height = _PANEL
    cw, ch = width / cells, height / cells
    for i in range(cells):                   # row i: w3s[i], drawn from the bottom up
        for j in range(cells):
            prims.append({"tag": "rect", "x": round(left + j * cw, 1),
                          "y": round(top + height - (i + 1) * ch, 1), "width": round(cw + 0.4, 1),
                          "height": round(ch + 0.4, 1), "fill": _color(t[i, j])})
    prims.append({"tag": "rect", "x": left, "y": top, "width": width, "height": height,
                  "fill": "none", "stroke": _INK})
    for v in (-2, 0, 2):
        px, _ = _to_px(v, lo3)
        prims.append(_text(px, top + height + 16, f"{v}", 12))
    for v in (0, 2, 4):
        _, py = _to_px(lo1, v)
        prims.append(_text(left - 6, py + 4, f"{v}", 12, "end"))
    prims += [_text(left + width / 2, top + height + 32, "w₁", 13),
              _text(left - 20, top + height / 2 + 4, "w₃", 13),
              _text(left + width / 2, top - 10,
                    f"log₁₀ L: dark ≤ {logL.min():.0f}, light {logL.max():.1f}", 12)]
    return prims


def frame(w1, w3):
    """One picture of the control: the network's values and deltas at (w1, w3).

    Parameters
    ----------
    w1, w3 : float
        The two slider weights; the others are those of :data:`PARAMS_DEMO`.

    Returns
    -------
    dict
        ``"scene"``: SVG primitives drawn over :func:`background`; ``"readout"``: one line of
        the loss and the gradient; ``"values"``: the :func:`two_neuron` result drawn.
    """
    r = two_neuron({**PARAMS_DEMO, "w1": w1, "w3": w3})
    g = r["grads"]
    (x1x, x1y), (x2x, x2y), (hx, hy), (ox, oy), (lx, ly) = _NODES.values()
    red = "#e4572e"
    # numbers only (their labels are in the background), left-aligned to keep frames small
    scene = [_num(hx - 3, hy - 4, f"{r['a1']:.3f}"), _num(hx - 3, hy + 16, f"{r['delta1']:+.4f}"),
             _num(ox - 3, oy - 4, f"{r['a2']:.3f}"), _num(ox - 3, oy + 16, f"{r['delta2']:+.4f}"),
             _num(x1x + 1, x1y + 50, f"{r['dx1']:+.4f}"), _num(x2x + 1, x2y - 42,
                                                            f"{r['dx2']:+.4f}"),
             _num(lx - 20, ly + 5, f"{r['loss']:.4f}")]
    # the current point and its negative-gradient arrow on the loss surface
    px, py = _to_px(w1, w3)
    gx, gy = -g["w1"], -g["w3"]
    norm = float(np.hypot(gx, gy))
    length = 55.0 * np.tanh(norm / 0.02)
    ux, uy = (gx / norm, -gy / norm) if norm > 0 else (0.0, 0.0)   # SVG y points down
    tx, ty = px + length * ux, py + length * uy
    if length > 4:
        scene.append({"tag": "line", "x1": px, "y1": py, "x2": tx, "y2": ty, "stroke": red,
                      "stroke-width": 3})
        hx_, hy_ = tx + 9 * ux, ty + 9 * uy
        scene.append({"tag": "polygon", "fill": red, "points": " ".join(
            f"{a:.1f},{b:.1f}" for a, b in [(hx_, hy_), (tx - 5 * uy, ty + 5 * ux),
                                            (tx + 5 * uy, ty - 5 * ux)])})
    scene.append({"tag": "circle", "cx": px, "cy": py, "r": 5, "fill": "#fff",
                  "stroke": "#000"})
    readout = f"L = {r['loss']:.5f}; dL/dw1 = {g['w1']:+.5f}; dL/dw3 = {g['w3']:+.5f}"
    return {"scene": scene, "readout": readout, "values": r}


def make_view():
    """The chapter's control: sliders for w1 and w3 over :data:`W1_GRID`, :data:`W3_GRID`.

    Returns
    -------
    rnnlib.views.dualview.SceneView
    """
    from .dualview import SceneView

    return SceneView(frame, sliders=[("w1", "w₁", W1_GRID), ("w3", "w₃", W3_GRID)],
                     title="The two-neuron network: values, deltas and the loss surface",
                     size=SIZE, background=background(),
                     init={"w1": PARAMS_DEMO["w1"], "w3": PARAMS_DEMO["w3"]})


def network_figure():
    """The two-neuron network drawn as a graph, with every parameter labelled (chapter 1).

    Inputs ``x1, x2`` feed the hidden neuron (weights ``w1, w2``, bias ``b1``, output
    ``a1 = sigmoid(z1)``), which feeds the output neuron (weight ``w3``, bias ``b2``, output
    ``a2 = sigmoid(z2)``), which feeds the loss ``L = (y - a2)^2 / 2``. Black on white, so the
    picture reads the same in a light and a dark page theme; text of 14 pt or more.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyArrowPatch

    fig, ax = plt.subplots(figsize=(6.2, 2.1), facecolor="white")
    ax.set_facecolor("white")
    pos = {"x1": (0.7, 2.15), "x2": (0.7, 0.45), "a1": (3.3, 1.3), "a2": (5.9, 1.3),
           "L": (8.4, 1.3)}
    radius = {"x1": 0.38, "x2": 0.38, "a1": 0.55, "a2": 0.55, "L": 0.0}
    text = {"x1": "x₁", "x2": "x₂", "a1": "a₁", "a2": "a₂"}
    for k, (cx, cy) in pos.items():
        if radius[k]:
            ax.add_patch(Circle((cx, cy), radius[k], fill=False, lw=2, ec="black"))
            ax.text(cx, cy, text[k], ha="center", va="center", fontsize=17)
    ax.text(*pos["L"], "L = ½ (y − a₂)²", ha="center", va="center", fontsize=15,
            bbox={"boxstyle": "round", "fc": "white", "ec": "black", "lw": 1.5})
    for a, b, lab, dy in [("x1", "a1", "w₁", 0.28), ("x2", "a1", "w₂", -0.34),
                          ("a1", "a2", "w₃", 0.25), ("a2", "L", "", 0)]:
        (ax_, ay), (bx, by) = pos[a], pos[b]
        d = np.hypot(bx - ax_, by - ay)
        end = 1.3 if b == "L" else radius[b]           # the loss box's left edge
        start = (ax_ + radius[a] * (bx - ax_) / d, ay + radius[a] * (by - ay) / d)
        stop = (bx - end * (bx - ax_) / d, by - end * (by - ay) / d)
        ax.add_patch(FancyArrowPatch(start, stop, arrowstyle="-|>", mutation_scale=18,
                                     lw=1.8, color="black"))
        if lab:
            ax.text((ax_ + bx) / 2, (ay + by) / 2 + dy, lab, ha="center", va="center",
                    fontsize=16, color="#b2182b")
    for k, lab in [("a1", "bias b₁\na₁ = σ(z₁)"), ("a2", "bias b₂\na₂ = σ(z₂)")]:
        cx, cy = pos[k]
        ax.text(cx, cy - 0.68, lab, ha="center", va="top", fontsize=14, linespacing=1.35)
    ax.text(pos["a1"][0], 2.0, "hidden", ha="center", fontsize=14)
    ax.text(pos["a2"][0], 2.0, "output", ha="center", fontsize=14)
    ax.set(xlim=(0.25, 9.85), ylim=(-0.5, 2.6), aspect="equal")
    ax.axis("off")
    fig.tight_layout(pad=0.2)
    return fig
