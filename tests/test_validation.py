"""Bad input to every public function raises ValueError whose message names the argument.

Each case corrupts one argument of a valid call; the message must start with
``"<argument>: expected"``. Covered: wrong number of dimensions, sizes that disagree with the
parameters (never a silent broadcast), empty arrays, missing or inconsistent parameters, unknown
names (the message lists the valid ones), bad class ids, NaN and infinity.
"""

import re

import numpy as np
import pytest

from rnnlib import activations, explore, gradcheck, losses, lstm, mlp, rnn

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
    case("os", lambda: losses.softmax_cross_entropy(DOS[0], YS)),
    case("os", lambda: losses.softmax_cross_entropy(put(DOS, NAN), YS)),
    case("os", lambda: losses.softmax_cross_entropy(put(DOS, INF), YS)),
    case("os", lambda: losses.softmax_cross_entropy(np.ones((3, 0, 2)), YS[:, :0])),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, YS[:, :1])),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, YS[0])),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, YS * 1.0)),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, put(YS, 2))),
    case("ys", lambda: losses.softmax_cross_entropy(DOS, put(YS, -2))),
    case("out", lambda: losses.mse(OUT[0], TARGET[0])),
    case("out", lambda: losses.mse(put(OUT, NAN), TARGET)),
    case("out", lambda: losses.mse(np.ones((0, 2)), np.ones((0, 2)))),
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
    case("T", lambda: explore.delta_frame(-1, 1.0)),
    case("w_norm", lambda: explore.delta_frame(5, INF)),
    case("activation", lambda: explore.delta_frame(5, 1.0, "gelu"), VALID_ACTS),
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
    explore.delta_frame(5, 0.0, "relu")


@pytest.mark.parametrize("call, match", [pytest.param(call, match, id=f"{i:03d}-{name}")
                                         for i, (name, call, match) in enumerate(CASES)])
def test_bad_input_raises_value_error_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_every_public_function_has_bad_input_cases():
    import inspect

    covered = set()
    for _, call, _ in CASES:
        covered |= set(re.findall(r"\b(\w+\.\w+)\(", inspect.getsource(call)))
    public = {f"{m.__name__.split('.')[-1]}.{name}"
              for m in (mlp, rnn, lstm, losses, gradcheck, explore)
              for name, obj in vars(m).items()
              if inspect.isfunction(obj) and obj.__module__ == m.__name__
              and not name.startswith("_")}
    assert public - {"losses.softmax"} <= covered, public - covered
