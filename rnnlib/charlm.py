"""A character-level language model: encoding, batches, training and sampling (:doc:`04_lstm`).

:doc:`04_lstm` trains :mod:`rnnlib.rnn`, :mod:`rnnlib.lstm` and :mod:`rnnlib.gru` with these
helpers, as document 003 intends (its output layer is a softmax over a vocabulary of
characters). Everything is numpy; randomness comes only from a ``numpy.random.Generator``
passed in by the caller, so a seed fixes every result.

A model is named by a string: ``"rnn"`` (tanh), ``"lstm"`` or ``"gru"``.
"""

import numpy as np

from . import _validate, fast, gru, losses
from .train import fit

MODELS = {"rnn": fast.rnn, "lstm": fast.lstm, "gru": gru}


def vocabulary(text):
    """The sorted list of distinct characters of ``text`` (:doc:`04_lstm`).

    Parameters
    ----------
    text : str
        Non-empty.

    Returns
    -------
    list of str
        K characters; the id of a character is its index.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"text: expected a non-empty str, received {text!r:.40}")
    return sorted(set(text))


def encode(text, vocab):
    """Character ids of ``text`` (:doc:`04_lstm`).

    Parameters
    ----------
    text : str
    vocab : list of str
        From :func:`vocabulary`.

    Returns
    -------
    ndarray of int64, shape (len(text),)
    """
    if not isinstance(text, str):
        raise ValueError(f"text: expected a str, received {type(text).__name__}")
    index = {ch: i for i, ch in enumerate(vocab)}
    missing = sorted(set(text) - set(index))
    if missing:
        raise ValueError(f"text: expected only characters of vocab, received {missing[:5]}")
    return np.array([index[ch] for ch in text], dtype=np.int64)


def decode(ids, vocab):
    """The text whose character ids are ``ids`` (:doc:`04_lstm`).

    Parameters
    ----------
    ids : array_like of int, shape (n,)
    vocab : list of str

    Returns
    -------
    str
    """
    ids = _validate.ids("ids", ids, len(vocab))
    return "".join(vocab[i] for i in ids.ravel())


def one_hot(ids, K):
    """One-hot vectors (:doc:`04_lstm`): ``out[..., k] = 1`` where ``ids == k``.

    Parameters
    ----------
    ids : ndarray of int, any shape S
    K : int
        The vocabulary size.

    Returns
    -------
    ndarray of float64, shape S + (K,)
    """
    K = _validate.positive_int("K", K)
    return np.eye(K)[_validate.ids("ids", ids, K)]


def batch(ids, T, B, rng):
    """B random windows of T + 1 consecutive characters: inputs and next-character targets.

    Parameters
    ----------
    ids : ndarray of int, shape (n,)
        The encoded text, n >= T + 1.
    T, B : int
        Sequence length and batch size.
    rng : numpy.random.Generator
        Chooses the B start positions (it advances; nothing else does).

    Returns
    -------
    inputs : ndarray of int64, shape (T, B)
        ``inputs[t, b] = ids[s_b + t]``.
    targets : ndarray of int64, shape (T, B)
        ``targets[t, b] = ids[s_b + t + 1]``: the character that follows.
    """
    ids = np.asarray(ids)
    T = _validate.positive_int("T", T)
    B = _validate.positive_int("B", B)
    if ids.ndim != 1 or ids.size < T + 1:
        raise ValueError(f"ids: expected a 1-d array of at least T + 1 = {T + 1} ids, "
                         f"received shape {ids.shape}")
    _validate.generator("rng", rng)
    starts = rng.integers(0, ids.size - T, size=B)
    window = ids[starts[None, :] + np.arange(T + 1)[:, None]]     # (T + 1, B)
    return window[:-1].astype(np.int64), window[1:].astype(np.int64)


def _model(model):
    return MODELS[_validate.choice("model", model, tuple(MODELS))]


def step_state(model, params, x, state):
    """One step of a model from a state: the new state and the logits (:doc:`04_lstm`).

    Parameters
    ----------
    model : {"rnn", "lstm", "gru"}
    params : dict
    x : ndarray, shape (B, D)
        One input per sequence.
    state : tuple of ndarray, shape (B, H) each
        ``(h,)`` for rnn and gru, ``(h, c)`` for lstm.

    Returns
    -------
    state : tuple of ndarray
    logits : ndarray, shape (B, K)
    """
    m = _model(model)
    xs = np.asarray(x, dtype=np.float64)[None]
    if model == "lstm":
        hs, logits, cache = m.forward(params, xs, *state)
        return (hs[-1], cache["cs"][-1]), logits[-1]
    hs, logits, _ = m.forward(params, xs, state[0])
    return (hs[-1],), logits[-1]


def sample(model, params, vocab, prime, n, rng, temperature=1.0):
    """Text generated one character at a time, each drawn from softmax(y_t / temperature).

    The model first reads ``prime``; then each drawn character is fed back as the next
    input. A draw is the inverse CDF at ``rng.random()``, so a seed fixes the text.

    Parameters
    ----------
    model : {"rnn", "lstm", "gru"}
    params : dict
        Trained parameters (K = D = len(vocab)).
    vocab : list of str
    prime : str
        Non-empty; characters of ``vocab``.
    n : int
        How many characters to generate.
    rng : numpy.random.Generator
    temperature : float, > 0
        Below 1 sharpens the distribution, above 1 flattens it.

    Returns
    -------
    str
        ``prime`` followed by the n generated characters.
    """
    _model(model)
    n = _validate.positive_int("n", n)
    _validate.generator("rng", rng)
    temp = _validate.positive("temperature", temperature)
    if not isinstance(prime, str) or not prime:
        raise ValueError(f"prime: expected a non-empty str, received {prime!r}")
    K = len(vocab)
    if not isinstance(params, dict):
        raise ValueError(f"params: expected a dict of {model} parameters, received "
                         f"{type(params).__name__}")
    H = np.shape(params[{"rnn": "W", "lstm": "Wf", "gru": "Wz"}[model]])[0]
    state = (np.zeros((1, H)), np.zeros((1, H))) if model == "lstm" else (np.zeros((1, H)),)
    out = list(encode(prime, vocab))
    for i in out:                                          # read the prime
        state, logits = step_state(model, params, one_hot(np.array([i]), K), state)
    for _ in range(n):
        p = losses.softmax(logits[0] / temp)
        k = int(np.searchsorted(np.cumsum(p), rng.random() * p.sum(), side="right"))
        k = min(k, K - 1)
        out.append(k)
        state, logits = step_state(model, params, one_hot(np.array([k]), K), state)
    return decode(out, vocab)


def train(model, params, ids, K, steps, T, B, rng, lr=0.01, max_norm=5.0, on_step=None):
    """Train with Adam on random windows; return the parameters and the loss per character.

    The loop is :func:`rnnlib.train.fit`: each step draws a batch with :func:`batch`,
    computes the loss (summed over the T steps, mean over the batch) and its gradients with
    ``loss_and_grads`` of the model, clips them by global norm
    (:func:`rnnlib.clip.clip_by_global_norm`) and takes one Adam step
    (:func:`rnnlib.optim.adam`). Every window starts from a zero state.

    Parameters
    ----------
    model : {"rnn", "lstm", "gru"}
    params : dict
        Initial parameters (not modified).
    ids : ndarray of int, shape (n,)
    K : int
        Vocabulary size (D = K inputs, K outputs).
    steps, T, B : int
    rng : numpy.random.Generator
        Draws the batches.
    lr : float
        Adam's step size.
    max_norm : float
        Threshold of the global-norm clipping.
    on_step : callable, optional
        ``on_step(step, params, loss)`` after each step (1-based; the loss per character), for
        progress and samples.

    Returns
    -------
    params : dict
        The trained parameters.
    losses : ndarray, shape (steps,)
        Loss per character (the summed loss divided by T) before each step's update; NaN from
        the step at which training diverged (a loss or gradient that is not finite), if it did.
    """
    m = _model(model)
    steps = _validate.positive_int("steps", steps)
    K = _validate.positive_int("K", K)
    T = _validate.positive_int("T", T)
    _validate.generator("rng", rng)

    def draw():
        inputs, targets = batch(ids, T, B, rng)
        return one_hot(inputs, K), targets

    def per_char(step, p, loss):
        on_step(step, p, loss / T)

    r = fit(params, draw, lambda p, xs, ys: m.loss_and_grads(p, xs, ys)[:2], steps, lr,
            max_norm=max_norm, on_step=None if on_step is None else per_char)
    return r["params"], r["loss"] / T
