"""The chapter-4 control: the error flowing back through a tanh RNN and through an LSTM.

Chapter 4, :ref:`ch4-why-gradients-survive`, measures how dL/dh_t of the vanilla tanh RNN of
chapter 3 and dL/dc_t, dL/dh_t of an LSTM shrink as they flow back from a loss at the last
step, on the same input sequence. The functions here are pure numpy computations;
:func:`make_view` wraps :func:`frame` in a :class:`rnnlib.views.dualview.LineView`.
"""

import numpy as np

from .. import _validate, explore
from ..fast import lstm

T_GRID = [10, 20, 50, 100, 200]
BIAS_GRID = [-2, -1, 0, 1, 2, 3, 4]
HIDDEN, INPUT = 32, 4


def lstm_setup(T, forget_bias, hidden_size=HIDDEN, input_size=INPUT, seed=0):
    """The LSTM of the comparison: rnnlib.lstm.init_params with Wy = I and bf = forget_bias.

    Parameters
    ----------
    T : int
    forget_bias : float
        Every entry of bf.
    hidden_size, input_size : int
        H and D.
    seed : int

    Returns
    -------
    params : dict
        LSTM parameters: gates (H, H + D) scaled by 1/sqrt(H + D), Wy = I (H, H), by = 0.
    xs : ndarray, shape (T, 1, D)
        The same inputs as the tanh RNN of :func:`rnnlib.explore.delta_setup`.
    u : ndarray, shape (H,)
        The unit vector dL/dh_T, the same as the RNN's.
    """
    T = _validate.positive_int("T", T)
    fb = float(_validate.array("forget_bias", forget_bias, 0))
    H = _validate.positive_int("hidden_size", hidden_size)
    D = _validate.positive_int("input_size", input_size)
    _, xs, u = explore.delta_setup(T, 1.0, "orthogonal", H, D, seed)
    params = lstm.init_params(D, H, H, seed=seed + 10, forget_bias=fb)
    params["Wy"], params["by"] = np.eye(H), np.zeros(H)
    return params, xs, u


def gradient_norms(T, forget_bias, hidden_size=HIDDEN, input_size=INPUT, seed=0):
    """Norms of the errors over time for a loss L = u^T h_T at the last step only (chapter 4).

    Parameters
    ----------
    T : int
    forget_bias : float
    hidden_size, input_size : int
    seed : int

    Returns
    -------
    dict
        ``"t"`` (T,) steps 1..T; ``"rnn_h"`` (T,) ||dL/dh_t|| of the tanh RNN with an
        orthogonal W of norm 1 (chapter 3's explorer); ``"lstm_c"``, ``"lstm_h"`` (T,)
        ||dL/dc_t|| and ||dL/dh_t|| of the LSTM; ``"f_mean"`` (T,) the mean forget gate
        f_t over units; ``"deltas"``: the LSTM's deltas dict (T, 1, H) arrays.
    """
    params, xs, u = lstm_setup(T, forget_bias, hidden_size, input_size, seed)
    rnn_h = explore.delta_norms(T, 1.0, "tanh", hidden_size, input_size, seed)["norm"]
    H = params["Wf"].shape[0]
    _, _, cache = lstm.forward(params, xs)
    dys = np.zeros((T, 1, H))
    dys[-1, 0] = u
    _, deltas = lstm.backward(dys, cache)
    return {"t": np.arange(1, T + 1), "rnn_h": rnn_h,
            "lstm_c": np.linalg.norm(deltas["c"][:, 0], axis=1),
            "lstm_h": np.linalg.norm(deltas["h"][:, 0], axis=1),
            "f_mean": cache["gates"][:, 0, :H].mean(axis=1), "deltas": deltas}


def frame(T, forget_bias):
    """One picture of the control (chapter 4).

    Parameters
    ----------
    T : int
    forget_bias : float

    Returns
    -------
    dict
        ``"x"`` (T,) steps; ``"series"``: [RNN ||dL/dh_t||, LSTM ||dL/dc_t||,
        LSTM ||dL/dh_t||], each (T,); ``"readout"``: str.
    """
    d = gradient_norms(T, forget_bias)
    r_rnn = d["rnn_h"][0] / d["rnn_h"][-1]
    r_c = d["lstm_c"][0] / d["lstm_c"][-1]
    return {"x": d["t"], "series": [d["rnn_h"], d["lstm_c"], d["lstm_h"]],
            "readout": f"mean f_t = {d['f_mean'].mean():.3f};  ratio step 1 / step T:  "
                       f"RNN ‖δ‖ {r_rnn:.2e},  LSTM ‖∂L/∂c‖ {r_c:.2e}"}


def make_view(init=None):
    """The chapter's control: a LineView of :func:`frame` over T_GRID x BIAS_GRID.

    Parameters
    ----------
    init : dict, optional
        Initial slider values, e.g. ``{"T": 100, "forget_bias": 1}``.

    Returns
    -------
    rnnlib.views.dualview.LineView
    """
    from .dualview import LineView

    return LineView(frame, sliders=[("T", "T", T_GRID),
                                    ("forget_bias", "forget bias", BIAS_GRID)],
                    labels=["tanh RNN ‖∂L/∂h_t‖", "LSTM ‖∂L/∂c_t‖", "LSTM ‖∂L/∂h_t‖"],
                    title="Error flowing back from a loss at t = T: tanh RNN vs LSTM",
                    xlabel="time step t", ylabel="norm of the error", logy=True,
                    init=init or {"T": 100, "forget_bias": 1}, ylim=(1e-26, 1e8))


def cell_diagram():
    """The LSTM cell of chapter 4 as an SVG picture, drawn in the page's text colour.

    The cell state runs along the top (the constant error carousel: one product by f_t, one
    sum); the four gates read z_t = [h_{t-1}; x_t] from the bottom. Strokes and text use
    ``currentColor``, so the picture follows the theme (light or dark); the gates are filled
    with translucent colours that read on both backgrounds.

    Returns
    -------
    str
        An ``<svg>`` element (about 3 kB), the same string on every call.
    """
    ink = 'stroke="currentColor" fill="none" stroke-width="2"'
    def arrow(x1, y1, x2, y2):
        return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" {ink} '
                f'marker-end="url(#lstm-arrow)"/>')
    def path(d):
        return f'<path d="{d}" {ink} marker-end="url(#lstm-arrow)"/>'
    def op(x, y, sym):                          # a pointwise operation, in a circle
        return (f'<circle cx="{x}" cy="{y}" r="13" {ink}/>'
                f'<text x="{x}" y="{y + 6}" text-anchor="middle" font-size="18" '
                f'fill="currentColor">{sym}</text>')
    def gate(x, label, fn, colour, label_y=142):  # a layer with weights: W_k z_t + b_k
        return (f'<rect x="{x - 24}" y="150" width="48" height="34" rx="6" fill="{colour}" '
                f'fill-opacity="0.35" stroke="currentColor" stroke-width="1.5"/>'
                f'<text x="{x}" y="172" text-anchor="middle" font-size="15" '
                f'fill="currentColor">{fn}</text>'
                f'<text x="{x + 6}" y="{label_y}" font-size="15" font-style="italic" '
                f'fill="currentColor">{label}<tspan font-size="11" dy="4">t</tspan></text>')
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 280" width="100%" '
        'style="max-width:640px;min-width:640px;color:inherit" class="rnnlib-figure" role="img" '
        'aria-label="The LSTM cell: the cell state c runs along the top through one product '
        'with the forget gate and one sum with the input gate times the candidate; the four '
        'gates read h of t minus 1 and x of t from the bottom; h of t is the output gate '
        'times tanh of c of t.">',
        '<defs><marker id="lstm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="currentColor"/></marker></defs>',
        # the carousel: c_{t-1} -> x f_t -> + i_t g_t -> c_t
        '<text x="14" y="56" font-size="15" fill="currentColor">c<tspan font-size="11" '
        'dy="4">t−1</tspan></text>',
        arrow(52, 52, 167, 52), op(180, 52, "×"), arrow(193, 52, 317, 52), op(330, 52, "+"),
        arrow(343, 52, 590, 52),
        '<text x="596" y="56" font-size="15" fill="currentColor">c<tspan font-size="11" '
        'dy="4">t</tspan></text>',
        '<text x="255" y="30" text-anchor="middle" font-size="13" fill="currentColor">'
        'the cell state: error × f<tspan font-size="10" dy="3">t</tspan><tspan dy="-3"> per '
        'step, no weight matrix</tspan></text>',
        # z_t = [h_{t-1}; x_t] along the bottom, feeding the four gates
        '<text x="14" y="262" font-size="15" fill="currentColor">[h<tspan font-size="11" '
        'dy="4">t−1</tspan><tspan dy="-4">; x</tspan><tspan font-size="11" dy="4">t</tspan>'
        '<tspan dy="-4">]</tspan></text>',
        f'<path d="M110,250 H420" {ink}/>',
        *[path(f"M{x},250 V188") for x in (180, 270, 330, 420)],
        gate(180, "f", "σ", "#2ca02c"), gate(270, "i", "σ", "#ff7f0e"),
        gate(330, "g", "tanh", "#1f77b4"), gate(420, "o", "σ", "#d62728", label_y=144),
        # f_t -> the product; i_t x g_t -> the sum
        arrow(180, 148, 180, 67), path("M270,148 V118 H285"), path("M330,148 V118 H315"),
        op(300, 118, "×"), arrow(300, 105, 322, 63),
        # c_t -> tanh -> x o_t -> h_t
        path("M500,52 V97"), op(500, 112, "φ"), path("M500,127 V152"),
        path("M444,167 H485"), op(500, 167, "×"), path("M513,167 H560 V246"),
        '<text x="568" y="262" font-size="15" fill="currentColor">h<tspan font-size="11" '
        'dy="4">t</tspan></text>',
        '<text x="520" y="116" font-size="12" fill="currentColor">φ = tanh</text>',
        '</svg>',
    ]
    return "".join(parts)
