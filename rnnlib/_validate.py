"""Input checks shared by every public function of :mod:`rnnlib`.

Every check raises :class:`ValueError` whose message names the argument, what was expected and
what was received. No check modifies its input: arrays are converted with ``np.asarray`` (a view
when possible) and are only ever read.
"""

import numpy as np


def array(name, x, ndim, dims=None):
    """Return ``x`` as a finite float64 array of ``ndim`` dimensions.

    Parameters
    ----------
    name : str
        The argument's name, used in the error message.
    x : array_like
        The value received.
    ndim : int or None
        The number of dimensions expected; an array of 1 or more dimensions must also be
        non-empty (every size is at least 1). None accepts any shape, empty or not.
    dims : str, optional
        Names of the dimensions for the message, for example ``"(T, B, D)"``.
    """
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name}: expected a numeric array, received {type(x).__name__} "
                         f"({err})") from None
    if ndim is not None:
        want = f"{ndim}-d array {dims}" if dims else f"{ndim}-d array"
        if a.ndim != ndim:
            raise ValueError(f"{name}: expected a {want}, received an array of shape {a.shape}")
        if a.size == 0:
            raise ValueError(f"{name}: expected a non-empty {want} (every size >= 1), received "
                             f"an array of shape {a.shape}")
    if not np.all(np.isfinite(a)):
        bad = int(np.size(a) - np.count_nonzero(np.isfinite(a)))
        raise ValueError(f"{name}: expected finite values, received {bad} NaN or infinite "
                         f"value(s)")
    return a


def size(name, a, axis, expected, what):
    """Check that ``a.shape[axis] == expected``; ``what`` names the size (``"D"``)."""
    if a.shape[axis] != expected:
        raise ValueError(f"{name}: expected size {what}={expected} along axis {axis}, received "
                         f"shape {a.shape}")


def upstream(name, g, shape):
    """An upstream gradient (dL/d of a layer's output) of exactly ``shape`` = (T, B, K)."""
    a = array(name, g, 3, "(T, B, K)")
    if a.shape != tuple(shape):
        raise ValueError(f"{name}: expected shape (T, B, K) = {tuple(shape)}, received {a.shape}")
    return a


def params(name, p, shapes):
    """Check a parameter dict against ``shapes``, a dict of key -> expected shape.

    Returns a new dict of finite float64 arrays (the caller's dict is left as it was).
    """
    if not isinstance(p, dict):
        raise ValueError(f"{name}: expected a dict with keys {sorted(shapes)}, received "
                         f"{type(p).__name__}")
    missing = [k for k in shapes if k not in p]
    if missing:
        raise ValueError(f"{name}: expected keys {sorted(shapes)}, missing {missing}")
    out = {}
    for key, shape in shapes.items():
        a = array(f"{name}[{key!r}]", p[key], len(shape))
        if a.shape != tuple(shape):
            raise ValueError(f"{name}[{key!r}]: expected shape {tuple(shape)} (consistent with "
                             f"the other parameters), received {a.shape}")
        out[key] = a
    return out


def gated_params(name, p, gates, cell):
    """Parameters of a gated cell (LSTM, GRU): per gate g, ``"W" + g`` (H, H + D) and
    ``"b" + g`` (H,); then ``"Wy"`` (K, H) and ``"by"`` (K,). Sizes are read from the first
    gate's weights and from Wy. Returns the checked copy of :func:`params`."""
    if not isinstance(p, dict):
        raise ValueError(f"{name}: expected a dict of {cell} parameters, received "
                         f"{type(p).__name__}")
    first = "W" + gates[0]
    for key in (first, "Wy"):
        if key not in p or np.ndim(p[key]) != 2:
            raise ValueError(f"{name}[{key!r}]: expected a 2-d array, received "
                             f"{np.shape(p[key]) if key in p else 'nothing'}")
    H, Z = np.shape(p[first])
    K = np.shape(p["Wy"])[0]
    if Z <= H:
        raise ValueError(f"{name}[{first!r}]: expected shape (H, H + D) with D >= 1, received "
                         f"{(H, Z)}")
    shapes = {"W" + g: (H, Z) for g in gates}
    shapes.update({"b" + g: (H,) for g in gates})
    shapes.update({"Wy": (K, H), "by": (K,)})
    return params(name, p, shapes)


def choice(name, value, valid):
    """Check that ``value`` is one of ``valid``."""
    if not isinstance(value, str) or value not in valid:
        raise ValueError(f"{name}: expected one of {list(valid)}, received {value!r}")
    return value


def targets(name, ys, T, B, K):
    """Check integer class ids of shape (T, B) in [-1, K); -1 marks "no loss here"."""
    y = np.asarray(ys)
    if y.shape != (T, B):
        raise ValueError(f"{name}: expected shape (T, B) = ({T}, {B}), received {y.shape}")
    if y.dtype.kind not in "iu":
        if y.dtype.kind == "f" and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
            raise ValueError(f"{name}: expected an integer array of class ids, received dtype "
                             f"{y.dtype} (cast with .astype(int))")
        raise ValueError(f"{name}: expected an integer array of class ids, received dtype "
                         f"{y.dtype}")
    if y.size and (y.min() < -1 or y.max() >= K):
        raise ValueError(f"{name}: expected class ids in [-1, {K}), received values from "
                         f"{y.min()} to {y.max()}")
    return y.astype(np.int64)


def ids(name, x, K):
    """Integer ids in [0, K) (characters of a vocabulary of K), any shape; an int64 array."""
    a = np.asarray(x)
    if a.dtype.kind not in "iu" or (a.size and (a.min() < 0 or a.max() >= K)):
        got = (f"values from {a.min()} to {a.max()}" if a.dtype.kind in "iu"
               else f"dtype {a.dtype}")
        raise ValueError(f"{name}: expected integer ids in [0, {K}), received {got}")
    return a.astype(np.int64)


class Checked(dict):
    """A params dict that passed its checks (the one in a cache does): the step functions of
    :mod:`rnnlib.rnn`, :mod:`rnnlib.lstm` and :mod:`rnnlib.gru`, which the loops call once per
    step, do not check it again."""


def rows(name, a, B, n, what):
    """A (B, n) block of one time step; ``what`` names n for the message ("D", "H", "4H"...);
    B=None takes any number of rows.

    Only the shape is checked: a state or an error of a diverging model may be inf or NaN, and
    the loops pass it on. An array of a subclass stays one (:func:`rnnlib.tbptt.count_flops`
    counts the products of such arrays).
    """
    a = np.asanyarray(a, dtype=np.float64)
    if a.ndim != 2 or a.shape[1] != n or a.shape[0] != (a.shape[0] if B is None else B):
        raise ValueError(f"{name}: expected shape (B, {what}) = ({'B' if B is None else B}, "
                         f"{n}), received {a.shape}")
    return a


def state(name, s, B, H):
    """An initial state of shape (B, H); ``None`` means zeros."""
    if s is None:
        return np.zeros((B, H))
    a = array(name, s, 2, "(B, H)")
    if a.shape != (B, H):
        raise ValueError(f"{name}: expected shape (B, H) = ({B}, {H}), received {a.shape}")
    return a


def boolean(name, value):
    """Check a flag: True or False (numpy's bool too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}: expected True or False, received {value!r}")
    return bool(value)


def positive_int(name, n):
    """Check a positive integer (a size)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"{name}: expected a positive integer, received {n!r}")
    return int(n)


def nonnegative_int(name, n):
    """Check a non-negative integer (a seed, a count)."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"{name}: expected a non-negative integer, received {n!r}")
    return int(n)


def cache(c, keys, producer, name="cache"):
    """Check that ``c`` looks like the dict returned by ``producer`` (it has ``keys``); ``name``
    is the argument's name (a cache, Adam's state)."""
    if not isinstance(c, dict) or any(k not in c for k in keys):
        got = sorted(c) if isinstance(c, dict) else type(c).__name__
        raise ValueError(f"{name}: expected the dict returned by {producer}, with keys "
                         f"{sorted(keys)}, received {got}")
    return c


def number(name, x):
    """A number (anything ``float`` accepts, NaN and infinity included: a reader's answer)."""
    try:
        return float(x)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected a number, received {x!r}") from None


def positive(name, x):
    """A finite real number > 0 (a learning rate, a threshold, a step)."""
    v = float(array(name, x, 0))
    if not v > 0:
        raise ValueError(f"{name}: expected a positive number, received {x!r}")
    return v


def nonnegative(name, x):
    """A finite real number >= 0 (a norm)."""
    v = float(array(name, x, 0))
    if not v >= 0:
        raise ValueError(f"{name}: expected a number >= 0, received {x!r}")
    return v


def interval(name, x, low, high, closed_low=True):
    """A finite real number in [low, high) (or in (low, high) if ``closed_low`` is False)."""
    v = float(array(name, x, 0))
    if not ((low <= v if closed_low else low < v) and v < high):
        raise ValueError(f"{name}: expected a number in {'[' if closed_low else '('}{low}, "
                         f"{high}), received {x!r}")
    return v


def function(name, f):
    """Check a callable (a loss, the reader's function)."""
    if not callable(f):
        raise ValueError(f"{name}: expected a callable, received {type(f).__name__}")
    return f


def generator(name, rng, seed=False):
    """A ``numpy.random.Generator``; with ``seed=True`` a non-negative integer seed too, which
    gives a new Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if seed:
        if (isinstance(rng, (bool, np.bool_)) or not isinstance(rng, (int, np.integer))
                or rng < 0):
            raise ValueError(f"{name}: expected a numpy.random.Generator or a non-negative "
                             f"integer seed, received {rng!r}")
        return np.random.default_rng(int(rng))
    raise ValueError(f"{name}: expected a numpy.random.Generator, received "
                     f"{type(rng).__name__}")


def arrays(name, d):
    """A dict of finite arrays of any shapes; returns a new dict of float64 arrays."""
    if not isinstance(d, dict):
        raise ValueError(f"{name}: expected a dict of arrays, received {type(d).__name__}")
    return {k: array(f"{name}[{k!r}]", v, None) for k, v in d.items()}
