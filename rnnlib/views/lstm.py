"""The chapter-4 control: the error flowing back through a tanh RNN and through an LSTM.

Chapter 4, section "Why gradients survive", measures how dL/dh_t of the vanilla tanh RNN of
chapter 3 and dL/dc_t, dL/dh_t of an LSTM shrink as they flow back from a loss at the last
step, on the same input sequence. The functions here are pure numpy computations;
:func:`make_view` wraps :func:`frame` in a :class:`rnnlib.dualview.LineView`.
"""

import numpy as np

from .. import _validate, explore, lstm

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
    rnnlib.dualview.LineView
    """
    from ..dualview import LineView

    return LineView(frame, sliders=[("T", "T", T_GRID),
                                    ("forget_bias", "forget bias", BIAS_GRID)],
                    labels=["tanh RNN ‖∂L/∂h_t‖", "LSTM ‖∂L/∂c_t‖", "LSTM ‖∂L/∂h_t‖"],
                    title="Error flowing back from a loss at t = T: tanh RNN vs LSTM",
                    xlabel="time step t", ylabel="norm of the error", logy=True,
                    init=init or {"T": 100, "forget_bias": 1}, ylim=(1e-26, 1e8))
