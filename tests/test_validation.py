"""Bad input to every public function raises ValueError naming the argument: one table.

Each row (``case``) is a call that corrupts one argument of a valid call, and the start of its
message: ``"<argument>: expected"`` plus, for some rows, a fragment of what was expected; every
message must also say what was received (or which keys are missing). The rows cover every
public function of the numerical modules and the exercises' checkers (the only place where
error messages are tested): wrong number of dimensions, sizes that disagree with the parameters
(never a silent broadcast), empty arrays, missing or inconsistent parameters, unknown names (the
message lists the valid ones), bad class ids, NaN and infinity, bad numbers, seeds and callables.
"""

import re

import numpy as np
import pytest

from rnnlib import (
    activations,
    charlm,
    clip,
    explore,
    gradcheck,
    losses,
    lstm,
    mlp,
    optim,
    rnn,
    tasks,
    train,
)
from rnnlib import experiment as ex
from rnnlib.exercises import bptt as ex_bptt
from rnnlib.exercises import long_range as ex_long_range
from rnnlib.exercises import lstm as ex_lstm
from rnnlib.exercises import vanishing as ex_vanishing
from rnnlib.views import text

_rng = np.random.default_rng(0)
NAN, INF = np.nan, np.inf
VALID_ACTS = r".*'tanh', 'sigmoid', 'relu', 'linear'"

# valid arguments: an MLP 3 -> 4 -> 2 on B = 5, an RNN and an LSTM with T=3, B=2, D=3, H=4, K=2
MP = mlp.init_params([3, 4, 2])
X = _rng.standard_normal((5, 3))
ACTS = ["tanh", "relu"]
MCACHE = mlp.forward(MP, X, ACTS)[1]
RP = rnn.init_params(3, 4, 2)
LP = lstm.init_params(3, 4, 2)
XS = _rng.standard_normal((3, 2, 3))
H0 = _rng.standard_normal((2, 4))
C0 = _rng.standard_normal((2, 4))
YS = np.array([[0, 1], [-1, 1], [1, 0]])
DOS = _rng.standard_normal((3, 2, 2))
RCACHE = rnn.forward(RP, XS, H0)[2]
LCACHE = lstm.forward(LP, XS, H0, C0)[2]
OUT, TARGET = _rng.standard_normal((5, 2)), _rng.standard_normal((5, 2))
GP = {"a": np.ones(3), "b": np.ones((2, 2))}


def gloss(p):
    return float(np.sum(p["a"] ** 2) + np.sum(p["b"]))


GG = {"a": 2 * np.ones(3), "b": np.ones((2, 2))}


def put(a, value, index=0):
    """A float copy of ``a`` with ``value`` at flat position ``index``."""
    a = np.array(a, dtype=float)
    a.flat[index] = value
    return a


def edit(d, **changes):
    """A copy of dict ``d`` with keys changed (a value of None removes the key)."""
    out = {**d, **changes}
    return {k: v for k, v in out.items() if v is not None}


def mlp_edit(layer, **changes):
    return [edit(p, **changes) if l == layer else p for l, p in enumerate(MP)]


def case(name, call, extra=""):
    """A call that must raise ValueError("<name>: expected ..." + a match for ``extra``)."""
    return name, call, "^" + re.escape(name) + ": expected" + extra


CASES = []
CASES += [
    # mlp.init_params
    case("sizes", lambda: mlp.init_params([3])),
    case("sizes", lambda: mlp.init_params("34")),
    case("sizes", lambda: mlp.init_params(5)),
    case("sizes[1]", lambda: mlp.init_params([3, 0])),
    case("sizes[1]", lambda: mlp.init_params([3, 2.0])),
    case("sizes[2]", lambda: mlp.init_params([3, 2, True])),
    # mlp.forward
    case("params", lambda: mlp.forward([], X, [])),
    case("params", lambda: mlp.forward(MP[0], X, ACTS)),
    case("params[0]['W']", lambda: mlp.forward([[1.0], MP[1]], X, ACTS)),
    case("params[0]['W']", lambda: mlp.forward(mlp_edit(0, W=None), X, ACTS)),
    case("params[0]", lambda: mlp.forward(mlp_edit(0, b=None), X, ACTS), ".*missing"),
    case("params[0]['W']", lambda: mlp.forward(mlp_edit(0, W=np.ones(3)), X, ACTS)),
    case("params[1]['W']", lambda: mlp.forward(mlp_edit(1, W=np.ones((2, 5))), X, ACTS)),
    case("params[0]['b']", lambda: mlp.forward(mlp_edit(0, b=np.ones(5)), X, ACTS)),
    case("params[0]['b']", lambda: mlp.forward(mlp_edit(0, b=np.ones((4, 1))), X, ACTS)),
    case("params[0]['b']", lambda: mlp.forward(mlp_edit(0, b=np.ones(1)), X, ACTS)),
    case("params[0]['W']", lambda: mlp.forward(mlp_edit(0, W=put(MP[0]["W"], NAN)), X, ACTS)),
    case("params[1]['b']", lambda: mlp.forward(mlp_edit(1, b=put(MP[1]["b"], INF)), X, ACTS)),
    case("X", lambda: mlp.forward(MP, X[0], ACTS)),
    case("X", lambda: mlp.forward(MP, X[None], ACTS)),
    case("X", lambda: mlp.forward(MP, X[:, :2], ACTS)),
    case("X", lambda: mlp.forward(MP, X[:, :1], ACTS)),
    case("X", lambda: mlp.forward(MP, np.ones((0, 3)), ACTS)),
    case("X", lambda: mlp.forward(MP, put(X, NAN), ACTS)),
    case("X", lambda: mlp.forward(MP, put(X, -INF, 7), ACTS)),
    case("X", lambda: mlp.forward(MP, "abc", ACTS)),
    case("activations", lambda: mlp.forward(MP, X, ["tanh"])),
    case("activations", lambda: mlp.forward(MP, X, "tanh")),
    case("activations[1]", lambda: mlp.forward(MP, X, ["tanh", "softplus"]), VALID_ACTS),
    case("activations[0]", lambda: mlp.forward(MP, X, [None, "tanh"]), VALID_ACTS),
    # mlp.backward
    case("dout", lambda: mlp.backward(np.ones((5, 3)), MCACHE)),
    case("dout", lambda: mlp.backward(np.ones((1, 2)), MCACHE)),
    case("dout", lambda: mlp.backward(np.ones(2), MCACHE)),
    case("dout", lambda: mlp.backward(put(np.ones((5, 2)), NAN), MCACHE)),
    case("cache", lambda: mlp.backward(np.ones((5, 2)), {})),
    case("cache", lambda: mlp.backward(np.ones((5, 2)), None)),
]
CASES += [
    # rnn.init_params
    case("input_size", lambda: rnn.init_params(0, 4, 2)),
    case("hidden_size", lambda: rnn.init_params(3, -1, 2)),
    case("output_size", lambda: rnn.init_params(3, 4, 2.5)),
    case("input_size", lambda: rnn.init_params(True, 4, 2)),
    # rnn.forward: parameters
    case("params", lambda: rnn.forward([RP], XS)),
    case("params['U']", lambda: rnn.forward(edit(RP, U=None), XS)),
    case("params['V']", lambda: rnn.forward(edit(RP, V=None), XS)),
    case("params", lambda: rnn.forward(edit(RP, W=None), XS), r".*missing \['W'\]"),
    case("params", lambda: rnn.forward(edit(RP, c=None), XS), r".*missing \['c'\]"),
    case("params['U']", lambda: rnn.forward(edit(RP, U=np.ones(4)), XS)),
    case("params['W']", lambda: rnn.forward(edit(RP, W=np.ones((4, 5))), XS)),
    case("params['W']", lambda: rnn.forward(edit(RP, W=np.ones((1, 4))), XS)),
    case("params['b']", lambda: rnn.forward(edit(RP, b=np.ones(3)), XS)),
    case("params['b']", lambda: rnn.forward(edit(RP, b=np.ones(1)), XS)),
    case("params['V']", lambda: rnn.forward(edit(RP, V=np.ones((2, 3))), XS)),
    case("params['c']", lambda: rnn.forward(edit(RP, c=np.ones(3)), XS)),
    case("params['W']", lambda: rnn.forward(edit(RP, W=put(RP["W"], NAN, 5)), XS)),
    case("params['V']", lambda: rnn.forward(edit(RP, V=put(RP["V"], INF)), XS)),
    case("params['b']", lambda: rnn.forward(edit(RP, b=put(RP["b"], NAN)), XS)),
    case("params['U']", lambda: rnn.forward(edit(RP, U=put(RP["U"], -INF)), XS)),
    # rnn.forward: inputs
    case("xs", lambda: rnn.forward(RP, XS[0])),
    case("xs", lambda: rnn.forward(RP, XS[None])),
    case("xs", lambda: rnn.forward(RP, XS[:, :, :2])),
    case("xs", lambda: rnn.forward(RP, XS[:, :, :1])),
    case("xs", lambda: rnn.forward(RP, XS[:0])),
    case("xs", lambda: rnn.forward(RP, XS[:, :0])),
    case("xs", lambda: rnn.forward(RP, put(XS, NAN, 4))),
    case("xs", lambda: rnn.forward(RP, put(XS, INF))),
    case("xs", lambda: rnn.forward(RP, [[["a", "b", "c"]]])),
    case("h0", lambda: rnn.forward(RP, XS, H0[:1])),
    case("h0", lambda: rnn.forward(RP, XS, H0[0])),
    case("h0", lambda: rnn.forward(RP, XS, H0[:, :3])),
    case("h0", lambda: rnn.forward(RP, XS, put(H0, NAN))),
    case("activation", lambda: rnn.forward(RP, XS, H0, "softplus"), VALID_ACTS),
    case("activation", lambda: rnn.forward(RP, XS, H0, None), VALID_ACTS),
    case("activation", lambda: rnn.forward(RP, XS, H0, "Tanh"), VALID_ACTS),
    # rnn.backward
    case("dos", lambda: rnn.backward(np.ones((3, 2, 3)), RCACHE)),
    case("dos", lambda: rnn.backward(np.ones((1, 2, 2)), RCACHE)),
    case("dos", lambda: rnn.backward(np.ones((3, 1, 2)), RCACHE)),
    case("dos", lambda: rnn.backward(np.ones((2, 2)), RCACHE)),
    case("dos", lambda: rnn.backward(put(DOS, NAN), RCACHE)),
    case("dos", lambda: rnn.backward(put(DOS, INF, 3), RCACHE)),
    case("cache", lambda: rnn.backward(DOS, None)),
    case("cache", lambda: rnn.backward(DOS, LCACHE)),
    # rnn.loss_and_grads
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS[0])),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS[:1])),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS.T)),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS.astype(float)), r".*astype\(int\)"),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, put(YS, NAN))),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, put(YS, 0.5))),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS + 1), r".*\[-1, 2\)"),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS - 1)),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS > 0)),
    case("ys", lambda: rnn.loss_and_grads(RP, XS, YS.astype(str))),
    case("xs", lambda: rnn.loss_and_grads(RP, put(XS, NAN), YS)),
    case("h0", lambda: rnn.loss_and_grads(RP, XS, YS, H0.T)),
    case("activation", lambda: rnn.loss_and_grads(RP, XS, YS, H0, "elu"), VALID_ACTS),
    case("params['W']", lambda: rnn.loss_and_grads(edit(RP, W=put(RP["W"], INF)), XS, YS)),
]
CASES += [
    # lstm.init_params
    case("input_size", lambda: lstm.init_params(0, 4, 2)),
    case("hidden_size", lambda: lstm.init_params(3, 0, 2)),
    case("output_size", lambda: lstm.init_params(3, 4, "2")),
    case("forget_bias", lambda: lstm.init_params(3, 4, 2, forget_bias=NAN)),
    case("forget_bias", lambda: lstm.init_params(3, 4, 2, forget_bias=INF)),
    case("forget_bias", lambda: lstm.init_params(3, 4, 2, forget_bias=np.ones(4))),
    # lstm.forward: parameters
    case("params", lambda: lstm.forward(list(LP.values()), XS)),
    case("params['Wf']", lambda: lstm.forward(edit(LP, Wf=None), XS)),
    case("params['Wy']", lambda: lstm.forward(edit(LP, Wy=None), XS)),
    case("params", lambda: lstm.forward(edit(LP, Wo=None), XS), r".*missing \['Wo'\]"),
    case("params", lambda: lstm.forward(edit(LP, bc=None), XS), r".*missing \['bc'\]"),
    case("params['Wf']", lambda: lstm.forward(edit(LP, Wf=np.ones((4, 4))), XS)),
    case("params['Wf']", lambda: lstm.forward(edit(LP, Wf=np.ones(7)), XS)),
    case("params['Wi']", lambda: lstm.forward(edit(LP, Wi=np.ones((4, 6))), XS)),
    case("params['Wc']", lambda: lstm.forward(edit(LP, Wc=np.ones((3, 7))), XS)),
    case("params['bo']", lambda: lstm.forward(edit(LP, bo=np.ones(1)), XS)),
    case("params['Wy']", lambda: lstm.forward(edit(LP, Wy=np.ones((2, 3))), XS)),
    case("params['by']", lambda: lstm.forward(edit(LP, by=np.ones((2, 1))), XS)),
    case("params['Wc']", lambda: lstm.forward(edit(LP, Wc=put(LP["Wc"], NAN)), XS)),
    case("params['bi']", lambda: lstm.forward(edit(LP, bi=put(LP["bi"], INF)), XS)),
    case("params['by']", lambda: lstm.forward(edit(LP, by=put(LP["by"], NAN)), XS)),
    # lstm.forward: inputs
    case("xs", lambda: lstm.forward(LP, XS[0])),
    case("xs", lambda: lstm.forward(LP, XS[:, :, :2])),
    case("xs", lambda: lstm.forward(LP, XS[:, :, :1])),
    case("xs", lambda: lstm.forward(LP, XS[:0])),
    case("xs", lambda: lstm.forward(LP, put(XS, INF))),
    case("h0", lambda: lstm.forward(LP, XS, H0[:1], C0)),
    case("h0", lambda: lstm.forward(LP, XS, put(H0, NAN), C0)),
    case("c0", lambda: lstm.forward(LP, XS, H0, C0[:1])),
    case("c0", lambda: lstm.forward(LP, XS, H0, C0[0])),
    case("c0", lambda: lstm.forward(LP, XS, None, put(C0, INF))),
    # lstm.backward
    case("dys", lambda: lstm.backward(np.ones((3, 2, 3)), LCACHE)),
    case("dys", lambda: lstm.backward(np.ones((1, 2, 2)), LCACHE)),
    case("dys", lambda: lstm.backward(np.ones(2), LCACHE)),
    case("dys", lambda: lstm.backward(put(DOS, NAN), LCACHE)),
    case("cache", lambda: lstm.backward(DOS, RCACHE)),
    case("cache", lambda: lstm.backward(DOS, "cache")),
    # lstm.loss_and_grads
    case("ys", lambda: lstm.loss_and_grads(LP, XS, YS[:2])),
    case("ys", lambda: lstm.loss_and_grads(LP, XS, YS + 1)),
    case("ys", lambda: lstm.loss_and_grads(LP, XS, YS - 1)),
    case("ys", lambda: lstm.loss_and_grads(LP, XS, YS * 1.0)),
    case("c0", lambda: lstm.loss_and_grads(LP, XS, YS, H0, put(C0, NAN))),
    case("xs", lambda: lstm.loss_and_grads(LP, XS[:, :, :2], YS)),
    # input_grad: a flag, checked before any work
    case("input_grad", lambda: lstm.loss_and_grads(LP, XS, YS, input_grad="no")),
    case("input_grad", lambda: lstm.backward(DOS, LCACHE, input_grad=None)),
    case("input_grad", lambda: rnn.loss_and_grads(RP, XS, YS, input_grad=1)),
    case("input_grad", lambda: rnn.backward(DOS, RCACHE, input_grad=np.ones(1))),
]
CASES += [
    # losses
    case("logits", lambda: losses.softmax_cross_entropy(DOS[0], YS)),
    case("logits", lambda: losses.softmax_cross_entropy(put(DOS, NAN), YS)),
    case("logits", lambda: losses.softmax_cross_entropy(put(DOS, INF), YS)),
    case("logits", lambda: losses.softmax_cross_entropy(np.ones((3, 0, 2)), YS[:, :0])),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, YS[:, :1])),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, YS[0])),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, YS * 1.0)),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, put(YS, 2))),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, put(YS, -2))),
    case("pred", lambda: losses.mse(OUT[0], TARGET[0])),
    case("pred", lambda: losses.mse(put(OUT, NAN), TARGET)),
    case("pred", lambda: losses.mse(np.ones((0, 2)), np.ones((0, 2)))),
    case("target", lambda: losses.mse(OUT, TARGET[:, :1])),
    case("target", lambda: losses.mse(OUT, TARGET[:1])),
    case("target", lambda: losses.mse(OUT, TARGET[0])),
    case("target", lambda: losses.mse(OUT, put(TARGET, INF))),
    # gradcheck
    case("f", lambda: gradcheck.numerical_gradient(None, [1.0])),
    case("x", lambda: gradcheck.numerical_gradient(np.sum, [1.0, NAN])),
    case("x", lambda: gradcheck.numerical_gradient(np.sum, "abc")),
    case("eps", lambda: gradcheck.numerical_gradient(np.sum, [1.0], 0.0)),
    case("eps", lambda: gradcheck.numerical_gradient(np.sum, [1.0], -1e-6)),
    case("eps", lambda: gradcheck.numerical_gradient(np.sum, [1.0], NAN)),
    case("eps", lambda: gradcheck.numerical_gradient(np.sum, [1.0], INF)),
    case("eps", lambda: gradcheck.numerical_gradient(np.sum, [1.0], "small")),
    case("eps", lambda: gradcheck.numerical_gradient(np.sum, [1.0], [1e-6, 1e-6])),
    case("loss", lambda: gradcheck.numerical_grads("loss", GP)),
    case("params", lambda: gradcheck.numerical_grads(gloss, list(GP.values()))),
    case("keys", lambda: gradcheck.numerical_grads(gloss, GP, keys=["a", "z"])),
    case("params['b']", lambda: gradcheck.numerical_grads(gloss, edit(GP, b=put(GP["b"], NAN)))),
    case("eps", lambda: gradcheck.numerical_grads(gloss, GP, eps=0)),
    case("b", lambda: gradcheck.rel_error(np.ones(3), np.ones(2))),
    case("b", lambda: gradcheck.rel_error(np.ones(3), np.ones(1))),
    case("b", lambda: gradcheck.rel_error(np.ones((3, 1)), np.ones(3))),
    case("a", lambda: gradcheck.rel_error([NAN], [1.0])),
    case("b", lambda: gradcheck.rel_error([1.0], [INF])),
    case("loss", lambda: gradcheck.check_grads(None, GP, GG)),
    case("params", lambda: gradcheck.check_grads(gloss, None, GG)),
    case("grads", lambda: gradcheck.check_grads(gloss, GP, [GG["a"], GG["b"]])),
    case("grads", lambda: gradcheck.check_grads(gloss, GP, edit(GG, b=None)), ".*missing"),
    case("grads['a']", lambda: gradcheck.check_grads(gloss, GP, edit(GG, a=np.ones(1)))),
    case("grads['b']", lambda: gradcheck.check_grads(gloss, GP, edit(GG, b=np.ones(4)))),
    case("grads['a']", lambda: gradcheck.check_grads(gloss, GP, edit(GG, a=put(GG["a"], NAN)))),
    case("params['a']", lambda: gradcheck.check_grads(gloss, edit(GP, a=put(GP["a"], INF)), GG)),
    case("keys", lambda: gradcheck.check_grads(gloss, GP, GG, keys=["c"])),
    case("eps", lambda: gradcheck.check_grads(gloss, GP, GG, eps=-1.0)),
    # explore
    case("n", lambda: explore.scaled_orthogonal(0, 1.0)),
    case("n", lambda: explore.scaled_orthogonal(2.5, 1.0)),
    case("norm", lambda: explore.scaled_orthogonal(3, NAN)),
    case("norm", lambda: explore.scaled_orthogonal(3, INF)),
    case("norm", lambda: explore.scaled_orthogonal(3, -1.0)),
    case("norm", lambda: explore.scaled_orthogonal(3, [1.0, 2.0])),
    case("kind", lambda: explore.recurrent_matrix("diagonal", 3, 1.0),
         ".*'orthogonal', 'gaussian', 'nonnormal'"),
    case("n", lambda: explore.recurrent_matrix("gaussian", -3, 1.0)),
    case("norm", lambda: explore.recurrent_matrix("gaussian", 3, INF)),
    case("norm", lambda: explore.recurrent_matrix("nonnormal", 3, -0.5)),
    case("kind", lambda: explore.spectral_radius("diagonal", 3, 1.0)),
    case("n", lambda: explore.spectral_radius("gaussian", 0, 1.0)),
    case("norm", lambda: explore.spectral_radius("orthogonal", 3, -1.0)),
    case("T", lambda: explore.delta_setup(0, 1.0)),
    case("w_norm", lambda: explore.delta_setup(5, NAN)),
    case("w_norm", lambda: explore.delta_setup(5, -1.0, kind="gaussian")),
    case("kind", lambda: explore.delta_setup(5, 1.0, kind="normal")),
    case("hidden_size", lambda: explore.delta_setup(5, 1.0, hidden_size=0)),
    case("input_size", lambda: explore.delta_setup(5, 1.0, input_size=-2)),
    case("T", lambda: explore.delta_norms(0, 1.0)),
    case("T", lambda: explore.delta_norms(2.0, 1.0)),
    case("w_norm", lambda: explore.delta_norms(5, NAN)),
    case("w_norm", lambda: explore.delta_norms(5, INF, "linear")),
    case("w_norm", lambda: explore.delta_norms(5, -0.5, kind="nonnormal")),
    case("w_norm", lambda: explore.delta_norms(5, "big")),
    case("activation", lambda: explore.delta_norms(5, 1.0, "softsign"), VALID_ACTS),
    case("activation", lambda: activations.function("swish"), VALID_ACTS),
    case("hidden_size", lambda: explore.delta_norms(5, 1.0, hidden_size=0)),
    case("input_size", lambda: explore.delta_norms(5, 1.0, input_size=1.5)),
    case("kind", lambda: explore.delta_norms(5, 1.0, kind="random")),
    case("T", lambda: text.delta_frame(-1, 1.0)),
    case("w_norm", lambda: text.delta_frame(5, INF)),
    case("activation", lambda: text.delta_frame(5, 1.0, "gelu"), VALID_ACTS),
]


# chapters 1 and 3: optimisers and clipping (a tree of arrays)
ONE, TWO = np.ones(2), [{"W": np.ones((1, 2))}, np.zeros(3)]
ADAM = optim.adam_init(ONE)
GRADS = {"W": np.ones((2, 2)), "b": np.ones(2)}
CASES += [
    case("lr", lambda: optim.sgd(TWO, TWO, 0.0), ".*positive number"),
    case("lr", lambda: optim.sgd(TWO, TWO, -1.0)),
    case("grads", lambda: optim.sgd(TWO, TWO[:1], 0.1), ".*list of length 2"),
    case("grads", lambda: optim.sgd({"a": ONE}, {"b": ONE}, 0.1), ".*dict"),
    case("grads", lambda: optim.sgd(ONE, np.ones(3), 0.1), r".*shape \(2,\)"),
    case("grads", lambda: optim.sgd(ONE, put(ONE, NAN), 0.1), ".*finite"),
    case("params", lambda: optim.sgd(put(ONE, INF), ONE, 0.1), ".*finite"),
    case("state", lambda: optim.adam(ONE, ONE, {}, 0.1), ".*the dict returned by adam_init"),
    case("state", lambda: optim.adam(ONE, ONE, None, 0.1)),
    case("state['t']", lambda: optim.adam(ONE, ONE, {**ADAM, "t": -1}), ".*non-negative integer"),
    case("grads", lambda: optim.adam(ONE, ONE, {**ADAM, "m": np.ones(3)}), r".*\(3,\)"),
    case("lr", lambda: optim.adam(ONE, ONE, ADAM, lr=NAN)),
    case("eps", lambda: optim.adam(ONE, ONE, ADAM, eps=0.0)),
    case("beta1", lambda: optim.adam(ONE, ONE, ADAM, beta1=1.0), r" a number in \[0, 1\)"),
    case("beta2", lambda: optim.adam(ONE, ONE, ADAM, beta2=-0.1), r" a number in \[0, 1\)"),
    case("params", lambda: optim.adam_init("abc")),
    case("max_norm", lambda: clip.clip_by_global_norm(GRADS, 0.0), ".*positive number"),
    case("max_norm", lambda: clip.clip_by_global_norm(GRADS, -1.0)),
    case("max_norm", lambda: clip.clip_by_global_norm(GRADS, INF)),
    case("max_norm", lambda: clip.clip_by_global_norm(GRADS, "one")),
    case("max_value", lambda: clip.clip_by_value(GRADS, 0.0), ".*positive number"),
    case("max_value", lambda: clip.clip_by_value(GRADS, -1.0)),
    case("max_value", lambda: clip.clip_by_value(GRADS, INF)),
    case("max_value", lambda: clip.clip_by_value(GRADS, "one")),
    case("grads", lambda: clip.clip_by_global_norm([1.0, 2.0], 1.0), " a dict of arrays"),
    case("grads", lambda: clip.clip_by_value([1.0, 2.0], 1.0), " a dict of arrays"),
    case("grads", lambda: clip.global_norm([1.0, 2.0]), " a dict of arrays"),
    case("grads['W']", lambda: clip.clip_by_global_norm({"W": put(ONE, NAN)}, 1.0)),
    case("grads['W']", lambda: clip.clip_by_value({"W": put(ONE, NAN)}, 1.0)),
    case("grads['W']", lambda: clip.global_norm({"W": "abc"})),
]

# chapter 4: the character-level language model
RNG = np.random.default_rng(0)
R121 = rnn.init_params(1, 2, 1)
CASES += [
    case("text", lambda: charlm.vocabulary("")),
    case("text", lambda: charlm.vocabulary(5)),
    case("text", lambda: charlm.encode("xyz!", ["x", "y", "z"]), ".*characters of vocab"),
    case("text", lambda: charlm.encode(None, ["x"])),
    case("K", lambda: charlm.one_hot(np.array([0, 2]), 0)),
    case("ids", lambda: charlm.one_hot(np.array([0, 3]), 3), r".*\[0, 3\)"),
    case("ids", lambda: charlm.decode([0, 5], ["a", "b"]), r".*\[0, 2\)"),
    case("ids", lambda: charlm.decode(["a"], ["a", "b"])),
    case("ids", lambda: charlm.batch(np.arange(5), 5, 2, RNG), ".*at least T \\+ 1 = 6"),
    case("T", lambda: charlm.batch(np.arange(50), 0, 2, RNG)),
    case("B", lambda: charlm.batch(np.arange(50), 5, -2, RNG)),
    case("rng", lambda: charlm.batch(np.arange(50), 5, 2, 0), ".*numpy.random.Generator"),
    case("model", lambda: charlm.sample("cnn", {}, ["a"], "a", 3, RNG), ".*'rnn', 'lstm', 'gru'"),
    case("model", lambda: charlm.step_state("cnn", R121, np.ones((1, 1)), (np.zeros((1, 2)),))),
    case("temperature", lambda: charlm.sample("rnn", R121, ["a"], "a", 3, RNG, temperature=0)),
    case("prime", lambda: charlm.sample("rnn", R121, ["a"], "", 3, RNG)),
    case("n", lambda: charlm.sample("rnn", R121, ["a"], "a", 0, RNG)),
    case("rng", lambda: charlm.sample("rnn", R121, ["a"], "a", 3, 7)),
    case("params", lambda: charlm.sample("rnn", [R121], ["a"], "a", 3, RNG)),
    case("steps", lambda: charlm.train("rnn", R121, np.zeros(9, int), 1, 0, 3, 1, RNG)),
    case("K", lambda: charlm.train("rnn", R121, np.zeros(9, int), 0, 2, 3, 1, RNG)),
    case("rng", lambda: charlm.train("rnn", R121, np.zeros(9, int), 1, 2, 3, 1, None)),
    case("lr", lambda: charlm.train("rnn", R121, np.zeros(9, int), 1, 2, 3, 1, RNG, lr=0.0)),
    case("max_norm", lambda: charlm.train("rnn", R121, np.zeros(9, int), 1, 2, 3, 1, RNG,
                                          max_norm=-5.0)),
]

# chapter 5: the adding problem, its training loop and the experiment
TANH = rnn.init_params(2, 3, 1)


def adding(**changes):
    return train.train(**{"model": "tanh", "params": TANH, "T": 4, "steps": 2, **changes})


CASES += [
    case("T", lambda: tasks.adding_problem(1, 3), ".* >= 2"),
    case("T", lambda: tasks.adding_problem(0, 3)),
    case("batch_size", lambda: tasks.adding_problem(5, 0)),
    case("rng", lambda: tasks.adding_problem(5, 2, rng=-1), ".*non-negative integer seed"),
    case("rng", lambda: tasks.adding_problem(5, 2, rng="seed")),
    case("outputs", lambda: tasks.last_step_mse(np.zeros((3, 2, 2)), np.zeros(2))),
    case("outputs", lambda: tasks.last_step_mse(np.zeros((3, 2)), np.zeros(2))),
    case("outputs", lambda: tasks.last_step_mse(put(np.zeros((3, 2, 1)), NAN), np.zeros(2))),
    case("ys", lambda: tasks.last_step_mse(np.zeros((3, 2, 1)), np.zeros(3))),
    case("model", lambda: adding(model="gru"), ".*'tanh', 'irnn', 'lstm'"),
    case("optimizer", lambda: adding(optimizer="rmsprop"), ".*'adam', 'sgd'"),
    case("T", lambda: train.train("tanh", TANH, 0, 2)),
    case("steps", lambda: adding(steps=0)),
    case("batch_size", lambda: adding(batch_size=1.5)),
    case("lr", lambda: adding(lr=-1.0)),
    case("max_norm", lambda: adding(max_norm=0.0)),
    case("seed", lambda: adding(seed=-2)),
    case("test_size", lambda: adding(test_size=0)),
    case("eval_every", lambda: adding(eval_every=0)),
    case("progress", lambda: adding(progress=-1)),
    case("stop_below", lambda: adding(stop_below=NAN)),
    case("params", lambda: adding(params=[1, 2]), " a dict of arrays"),
    case("params['W']", lambda: adding(params=edit(TANH, W=put(TANH["W"], NAN)))),
    case("model", lambda: train.init_model("elman", 4)),
    case("model", lambda: train.predict("elman", TANH, np.zeros((2, 1, 2)))),
    case("u_scale", lambda: train.irnn_params(2, 4, 1, u_scale=0.0), ".*positive number"),
    case("result", lambda: train.steps_to_reach([], 0.1)),
    case("threshold", lambda: train.steps_to_reach({"eval_steps": [0], "test_mse": [1.0]}, NAN)),
    case("model", lambda: train.loss_and_grads("gru", TANH, np.zeros((2, 1, 2)), np.zeros(1))),
    case("model", lambda: train.evaluate("gru", TANH, np.zeros((2, 1, 2)), np.zeros(1))),
    case("ys", lambda: train.evaluate("tanh", TANH, np.zeros((2, 1, 2)), np.zeros(3))),
    case("steps", lambda: train.fit(TANH, None, None, 0, 0.1)),
    case("lr", lambda: train.fit(TANH, None, None, 3, 0.0)),
    case("name", lambda: ex.run("GRU", 5, 0, 1e-2), ".*'tanh RNN', 'IRNN'"),
    case("(name, T)", lambda: ex.table([], "LSTM", 6)),
]

# the exercises' checkers: the reader's answer or function, and the data's sizes and seeds
CASES += [case("fn", lambda c=c: c(3), " a callable, received int") for c in (
    ex_bptt.check_delta_step, ex_bptt.check_dW, ex_bptt.check_last_step_only,
    ex_bptt.check_dh0, ex_bptt.check_birnn_backward, ex_bptt.check_truncated,
    ex_lstm.check_cell_backward, ex_lstm.check_gru_step, ex_vanishing.check_delta_product,
    ex_vanishing.check_clip, ex_long_range.check_last_step_mse)]
CASES += [case("seed", lambda c=c: c(lambda *a: 0, seed=-1), " a non-negative integer") for c in (
    ex_bptt.check_last_step_only, ex_bptt.check_dh0, ex_bptt.check_birnn_backward,
    ex_bptt.check_truncated)]
CASES += [
    case("fn", lambda: ex_bptt.check_dW("grad")),
    case("answer", lambda: ex_bptt.check_cache_floats("many")),
    case("K", lambda: ex_bptt.check_cache_floats(1, K=0)),
    case("k", lambda: ex_bptt.check_cache_floats(1, k=0)),
    case("seed", lambda: ex_bptt.truncated_data("one")),
    case("remembered", lambda: ex_long_range.check_baseline("first", 0.1), ".*'nothing'"),
    case("answer", lambda: ex_long_range.check_baseline("nothing", "one sixth"), " a number"),
    case("answer", lambda: ex_lstm.check_forget_bias("big"), " a number"),
    case("keep", lambda: ex_lstm.check_forget_bias(1.0, keep=1.5), r" a number in \(0, 1\)"),
    case("keep", lambda: ex_lstm.check_forget_bias(1.0, keep=0.0), r" a number in \(0, 1\)"),
    case("steps", lambda: ex_lstm.check_forget_bias(1.0, steps=0), " a positive integer"),
    case("activation", lambda: ex_vanishing.check_critical_norm("softplus", 1.0), VALID_ACTS),
    case("answer", lambda: ex_vanishing.check_critical_norm("tanh", "big"), " a number"),
]


def test_the_unmodified_calls_are_valid():
    """Each case below breaks exactly one argument of one of these calls."""
    mlp.forward(MP, X, ACTS)
    mlp.backward(np.ones((5, 2)), MCACHE)
    rnn.loss_and_grads(RP, XS, YS, H0, "tanh")
    rnn.backward(DOS, RCACHE)
    lstm.loss_and_grads(LP, XS, YS, H0, C0)
    lstm.backward(DOS, LCACHE)
    losses.softmax_cross_entropy(DOS, YS)
    losses.mse(OUT, TARGET)
    gradcheck.check_grads(gloss, GP, GG)
    gradcheck.rel_error(np.ones(3), np.ones(3))
    explore.recurrent_matrix("nonnormal", 3, 0.0)
    text.delta_frame(5, 0.0, "relu")
    optim.adam(ONE, ONE, ADAM)
    optim.sgd(TWO, TWO, 0.1)
    clip.clip_by_value(GRADS, 1.0)
    charlm.sample("rnn", R121, ["a"], "a", 3, np.random.default_rng(0))
    charlm.train("rnn", R121, np.zeros(9, int), 1, 2, 3, 1, np.random.default_rng(0))
    tasks.last_step_mse(np.zeros((3, 2, 1)), np.zeros(2))
    adding()


CASES += [
    # rnn.step_forward, rnn.step_backward (shapes only for states and errors: a diverging
    # model passes inf and NaN on; params and the activation are checked)
    case("x", lambda: rnn.step_forward(RP, XS[0, :, :2], H0)),
    case("x", lambda: rnn.step_forward(RP, XS[0, 0], H0)),
    case("h_prev", lambda: rnn.step_forward(RP, XS[0], H0[:1])),
    case("params['W']", lambda: rnn.step_forward(edit(RP, W=put(RP["W"], NAN)), XS[0], H0)),
    case("activation", lambda: rnn.step_forward(RP, XS[0], H0, "elu"), VALID_ACTS),
    case("do", lambda: rnn.step_backward(RP, DOS[0, :, :1], H0, XS[0], H0, H0)),
    case("dh_next", lambda: rnn.step_backward(RP, DOS[0], H0[:, :3], XS[0], H0, H0)),
    case("x", lambda: rnn.step_backward(RP, DOS[0], H0, XS[0, :, :2], H0, H0)),
    case("h", lambda: rnn.step_backward(RP, DOS[0], H0, XS[0], H0, H0.T)),
    case("input_grad", lambda: rnn.step_backward(RP, DOS[0], H0, XS[0], H0, H0, "tanh", 1)),
    # lstm.step_forward, lstm.step_backward
    case("x", lambda: lstm.step_forward(LP, XS[0, :, :2], H0, C0)),
    case("c_prev", lambda: lstm.step_forward(LP, XS[0], H0, C0[:1])),
    case("params", lambda: lstm.step_forward(list(LP.values()), XS[0], H0, C0)),
    case("dy", lambda: lstm.step_backward(LP, DOS[0, :1], H0, C0, XS[0], H0, C0, C0,
                                          np.ones((2, 16)))),
    case("dc_next", lambda: lstm.step_backward(LP, DOS[0], H0, C0[:1], XS[0], H0, C0, C0,
                                               np.ones((2, 16)))),
    case("gates", lambda: lstm.step_backward(LP, DOS[0], H0, C0, XS[0], H0, C0, C0,
                                             np.ones((2, 12)))),
    case("input_grad", lambda: lstm.step_backward(LP, DOS[0], H0, C0, XS[0], H0, C0, C0,
                                                  np.ones((2, 16)), "yes")),
]


@pytest.mark.parametrize("call, match", [pytest.param(call, match, id=f"{i:03d}-{name}")
                                         for i, (name, call, match) in enumerate(CASES)])
def test_bad_input_raises_value_error_naming_the_argument(call, match):
    """The message names the argument, then what was expected, then what was received."""
    with pytest.raises(ValueError, match=match) as err:
        call()
    assert re.search(r"\b(received|missing)\b", str(err.value)), str(err.value)


def test_every_public_function_has_bad_input_cases():
    import inspect

    covered = set()
    for _, call, _ in CASES:
        covered |= set(re.findall(r"\b(\w+\.\w+)\(", inspect.getsource(call)))
    public = {f"{m.__name__.split('.')[-1]}.{name}"
              for m in (mlp, rnn, lstm, losses, gradcheck, explore, optim, clip, charlm, tasks,
                        train)
              for name, obj in vars(m).items()
              if inspect.isfunction(obj) and obj.__module__ == m.__name__
              and not name.startswith("_")}
    assert public - {"losses.softmax"} <= covered, public - covered
