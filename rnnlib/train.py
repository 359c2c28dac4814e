"""The training loop of :doc:`04_lstm` and :doc:`05_long_range`, and the adding problem's models.

:func:`fit` is the one loop: draw a batch, compute the loss and its gradients, measure the
global gradient norm, optionally clip it (:func:`rnnlib.clip.clip_by_global_norm`), apply Adam
or SGD (:mod:`rnnlib.optim`); a loss, gradient or update that is not finite ends the run as
diverged. :func:`rnnlib.charlm.train` uses it for the character model, :func:`train` for the
adding problem with three models, each a pair of pure functions:

- ``"tanh"``: the vanilla RNN of :mod:`rnnlib.rnn` with f = tanh;
- ``"irnn"``: the same RNN with f = ReLU, started at W = I, b = 0 and a small U
  (Le, Jaitly and Hinton 2015), see :func:`irnn_params`;
- ``"lstm"``: the LSTM of :mod:`rnnlib.lstm` (forget-gate bias chosen at initialisation).

A step of :func:`train` scores the last output with :func:`rnnlib.tasks.last_step_mse`.
Everything is a function of the seeds: two runs with the same arguments give the same numbers.
"""

import numpy as np

from . import _validate, clip, optim, tasks
from .fast import lstm, rnn

MODELS = ("tanh", "irnn", "lstm")
OPTIMIZERS = ("adam", "sgd")


def irnn_params(input_size, hidden_size, output_size, seed=0, u_scale=1e-3):
    """Identity-initialised ReLU RNN parameters, W = I, b = 0, U small (:doc:`05_long_range`).

    Parameters
    ----------
    input_size, hidden_size, output_size : int
        D, H and K.
    seed : int
    u_scale : float, > 0
        Standard deviation of the Gaussian entries of U (Le et al. 2015 use 0.001).

    Returns
    -------
    dict
        ``{"U": (H, D), "W": (H, H) identity, "b": (H,) zeros, "V": (K, H), "c": (K,) zeros}``,
        usable with :func:`rnnlib.rnn.forward` and ``activation="relu"``.
    """
    p = rnn.init_params(input_size, hidden_size, output_size, seed=seed)
    s = _validate.positive("u_scale", u_scale)
    rng = np.random.default_rng(seed + 1)
    H, D = p["U"].shape
    p["U"] = s * rng.standard_normal((H, D))
    p["W"] = np.eye(H)
    p["b"] = np.zeros(H)
    return p


def init_model(model, hidden_size, seed=0, forget_bias=1.0, input_size=2):
    """Initial parameters of a model in ``MODELS`` (tanh, irnn, lstm), one output.

    Taught in :doc:`05_long_range`.

    Parameters
    ----------
    model : {"tanh", "irnn", "lstm"}
    hidden_size : int
        H.
    seed : int
    forget_bias : float
        Only for ``"lstm"``: every entry of bf.
    input_size : int
        D (2 for the adding problem).

    Returns
    -------
    dict
        ``"tanh"``: :func:`rnnlib.rnn.init_params` (U (H, D), W (H, H), b (H,), V (1, H),
        c (1,)); ``"irnn"``: :func:`irnn_params`; ``"lstm"``: :func:`rnnlib.lstm.init_params`
        (gates (H, H + D), biases (H,), Wy (1, H), by (1,)).
    """
    _validate.choice("model", model, MODELS)
    if model == "tanh":
        return rnn.init_params(input_size, hidden_size, 1, seed=seed)
    if model == "irnn":
        return irnn_params(input_size, hidden_size, 1, seed=seed)
    return lstm.init_params(input_size, hidden_size, 1, seed=seed, forget_bias=forget_bias)


def predict(model, params, xs):
    """Outputs of the model at every step and the backward cache (:doc:`05_long_range`).

    Parameters
    ----------
    model : {"tanh", "irnn", "lstm"}
    params : dict
    xs : ndarray, shape (T, B, D)

    Returns
    -------
    outputs : ndarray, shape (T, B, 1)
        Infinite or NaN where a diverging model overflowed (no warning is printed).
    cache : dict
    """
    _validate.choice("model", model, MODELS)
    with np.errstate(over="ignore", invalid="ignore"):     # a diverging model gives inf
        if model == "lstm":
            _, outputs, cache = lstm.forward(params, xs)
        else:
            act = "relu" if model == "irnn" else "tanh"
            _, outputs, cache = rnn.forward(params, xs, activation=act)
    return outputs, cache


def loss_and_grads(model, params, xs, ys):
    """Last-step MSE of the adding problem and its gradients (:doc:`05_long_range`).

    Parameters
    ----------
    model : {"tanh", "irnn", "lstm"}
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray, shape (B,)
        Targets.

    Returns
    -------
    loss : float
        ``(1/B) sum_b (o_T[b] - y[b])^2``; infinite if the outputs overflowed (the weights are
        finite but the model diverged).
    grads : dict
        dL/d of each parameter (the keys of ``params`` only); NaN if the outputs overflowed.
    """
    outputs, cache = predict(model, params, xs)
    if not np.all(np.isfinite(outputs)):                  # diverged: no finite loss to derive
        return np.inf, {k: np.full(np.shape(params[k]), np.nan) for k in params}
    loss, doutputs = tasks.last_step_mse(outputs, ys)
    back = lstm.backward if model == "lstm" else rnn.backward
    grads, _ = back(doutputs, cache)
    return loss, {k: grads[k] for k in params}


def evaluate(model, params, xs, ys):
    """Test MSE of the last output (:doc:`05_long_range`).

    Parameters
    ----------
    model : str
    params : dict
    xs : ndarray, shape (T, B, D)
    ys : ndarray, shape (B,)
        Targets.

    Returns
    -------
    float
        Infinite if the outputs overflowed (a diverged model).
    """
    outputs, _ = predict(model, params, xs)
    if not np.all(np.isfinite(outputs)):
        return np.inf
    with np.errstate(over="ignore"):                      # huge outputs: an infinite MSE
        return tasks.last_step_mse(outputs, ys)[0]


def fit(params, draw, loss_and_grads, steps, lr, optimizer="adam", max_norm=None,
        evaluate=None, eval_every=10, stop_below=None, on_step=None):
    """The training loop of :doc:`04_lstm` and :doc:`05_long_range`: batch, gradient, update.

    One step: ``inputs, targets = draw()``; ``loss, grads = loss_and_grads(params, inputs,
    targets)``; measure the global gradient norm; if ``max_norm`` is given, clip by global
    norm (:func:`rnnlib.clip.clip_by_global_norm`); one Adam or SGD step
    (:mod:`rnnlib.optim`). A loss, gradient or update that is not finite ends the run: the
    model diverged, and the step is reported. Randomness comes only from ``draw``.

    Parameters
    ----------
    params : dict of ndarray
        Initial parameters; not modified.
    draw : callable
        ``draw() -> (inputs, targets)``, a fresh batch (it advances its own Generator).
    loss_and_grads : callable
        ``loss_and_grads(params, inputs, targets) -> (loss, grads)``; ``grads`` holds at least
        the keys of ``params``.
    steps : int
        Number of updates.
    lr : float
        Learning rate.
    optimizer : {"adam", "sgd"}
    max_norm : float or None
        If given, the threshold of the global-norm clipping.
    evaluate : callable or None
        ``evaluate(params) -> float``, measured before training, every ``eval_every`` steps and
        after the last step; None measures nothing.
    eval_every : int
    stop_below : float or None
        If given, stop at the first evaluation at or below it (later entries are NaN).
    on_step : callable or None
        ``on_step(step, params, loss)`` after each completed step (1-based).

    Returns
    -------
    dict
        ``"params"``: the trained parameters; ``"loss"`` (steps,) the loss of every step,
        before its update; ``"grad_norm"`` (steps,) the global gradient norm, before clipping;
        ``"eval_steps"`` (n,) and ``"evals"`` (n,): the evaluations and after how many steps
        (empty without ``evaluate``); ``"diverged"``: the step at which the run stopped being
        finite (later entries are NaN, the last evaluation is NaN), or None.
    """
    _validate.choice("optimizer", optimizer, OPTIMIZERS)
    steps = _validate.positive_int("steps", steps)
    lr = _validate.positive("lr", lr)
    if max_norm is not None:
        max_norm = _validate.positive("max_norm", max_norm)
    if stop_below is not None:
        stop_below = _validate.positive("stop_below", stop_below)
    eval_every = _validate.positive_int("eval_every", eval_every)
    p = _validate.arrays("params", params)
    state = optim.adam_init(p) if optimizer == "adam" else None
    losses, norms = np.empty(steps), np.empty(steps)
    eval_steps, evals = ([0], [evaluate(p)]) if evaluate is not None else ([], [])
    diverged = None
    for s in range(1, steps + 1):
        inputs, targets = draw()
        with np.errstate(over="ignore", invalid="ignore"):
            loss, grads = loss_and_grads(p, inputs, targets)
            grads = {k: grads[k] for k in p}
            norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))
        losses[s - 1], norms[s - 1] = loss, norm
        if not (np.isfinite(loss) and np.isfinite(norm)):     # diverged: stop, keep NaNs
            diverged, losses[s - 1:], norms[s - 1:] = s, np.nan, np.nan
            break
        if max_norm is not None:
            grads = clip.clip_by_global_norm(grads, max_norm)
        if optimizer == "adam":
            p, state = optim.adam(p, grads, state, lr=lr)
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                p = optim.sgd(p, grads, lr)
        if not all(np.all(np.isfinite(v)) for v in p.values()):  # the update overflowed
            diverged, losses[s:], norms[s:] = s, np.nan, np.nan
            break
        stop = False
        if evaluate is not None and (s % eval_every == 0 or s == steps):
            eval_steps.append(s)
            evals.append(evaluate(p))
            stop = stop_below is not None and evals[-1] <= stop_below
        if on_step is not None:
            on_step(s, p, loss)
        if stop:
            losses[s:], norms[s:] = np.nan, np.nan
            break
    if diverged is not None and evaluate is not None:
        eval_steps.append(steps)
        evals.append(np.nan)
    return {"params": p, "loss": losses, "grad_norm": norms,
            "eval_steps": np.array(eval_steps, dtype=np.int64), "evals": np.array(evals),
            "diverged": diverged}


def train(model, params, T, steps, batch_size=32, lr=1e-2, optimizer="adam", max_norm=None,
          seed=0, test_size=256, eval_every=10, progress=0, label="", stop_below=None):
    """Train a model on the adding problem with :func:`fit`; return the learning curves.

    Taught in :doc:`05_long_range`. Each step draws a fresh batch of
    :func:`rnnlib.tasks.adding_problem` and scores the last output
    (:func:`rnnlib.tasks.last_step_mse`).

    Parameters
    ----------
    model : {"tanh", "irnn", "lstm"}
    params : dict
        Initial parameters (for example from :func:`init_model`); not modified.
    T : int
        Sequence length.
    steps : int
        Number of updates.
    batch_size : int
        B, fresh sequences per update.
    lr : float
        Learning rate.
    optimizer : {"adam", "sgd"}
    max_norm : float or None
        If given, clip the gradient by global norm to ``max_norm`` before the update.
    seed : int
        Seeds the training batches (``seed``) and the test set (``seed + 10_000``).
    test_size : int
        Number of test sequences, fixed for the whole run.
    eval_every : int
        Measure the test MSE every ``eval_every`` steps (and after the last step).
    progress : int
        Width of a text progress bar: ``progress`` '#' characters printed as training goes,
        then the final test MSE; 0 prints nothing.
    label : str
        Printed before the progress bar.
    stop_below : float or None
        If given, stop at the first evaluation whose test MSE is at or below it (the arrays of
        the later steps are then NaN, and the curves end at that evaluation).

    Returns
    -------
    dict
        ``"params"``: the trained parameters; ``"loss"`` (steps,) training MSE of every step;
        ``"grad_norm"`` (steps,) global gradient norm of every step, before clipping;
        ``"eval_steps"`` (n,) and ``"test_mse"`` (n,): the test MSE after those many steps,
        starting with 0 (before training) and ending with ``steps``; ``"diverged"``: the step
        at which the loss, the gradient or the outputs stopped being finite (the run stops
        there; later entries are NaN), or None.
    """
    _validate.choice("model", model, MODELS)
    _validate.choice("optimizer", optimizer, OPTIMIZERS)
    T = _validate.positive_int("T", T)
    steps = _validate.positive_int("steps", steps)
    B = _validate.positive_int("batch_size", batch_size)
    _validate.positive("lr", lr)
    if max_norm is not None:
        _validate.positive("max_norm", max_norm)
    _validate.nonnegative_int("seed", seed)
    test_size = _validate.positive_int("test_size", test_size)
    progress = _validate.nonnegative_int("progress", progress)
    params = _validate.arrays("params", params)
    rng = np.random.default_rng(seed)
    x_test, y_test = tasks.adding_problem(T, test_size, rng=seed + 10_000)
    shown = 0

    def show(s, p, loss):                                  # the progress bar, '#' by '#'
        nonlocal shown
        while shown < (s * progress) // steps:
            print("#", end="", flush=True)
            shown += 1

    if progress:
        print(f"{label}", end="", flush=True)
    r = fit(params, lambda: tasks.adding_problem(T, B, rng=rng),
            lambda p, xs, ys: loss_and_grads(model, p, xs, ys), steps, lr,
            optimizer=optimizer, max_norm=max_norm,
            evaluate=lambda p: evaluate(model, p, x_test, y_test), eval_every=eval_every,
            stop_below=stop_below, on_step=show if progress else None)
    r["test_mse"] = r.pop("evals")
    if progress:
        d = r["diverged"]
        print("#" * (progress - shown) + (f" diverged at step {d}" if d else
                                          f" test MSE {r['test_mse'][-1]:.3f}"), flush=True)
    return r


def steps_to_reach(result, threshold):
    """First evaluation step at which the test MSE is at or below ``threshold``.

    Used in :doc:`05_long_range`.

    Parameters
    ----------
    result : dict
        From :func:`train` (``"eval_steps"`` (n,), ``"test_mse"`` (n,)).
    threshold : float

    Returns
    -------
    int or None
        The step, or None if the test MSE never reached the threshold.
    """
    if not isinstance(result, dict) or "eval_steps" not in result or "test_mse" not in result:
        raise ValueError("result: expected the dict returned by train, with keys "
                         f"'eval_steps' and 'test_mse', received {type(result).__name__}")
    thr = float(_validate.array("threshold", threshold, 0))
    hit = np.flatnonzero(np.asarray(result["test_mse"]) <= thr)
    return int(result["eval_steps"][hit[0]]) if hit.size else None
