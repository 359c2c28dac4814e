"""Tuned twins of :mod:`rnnlib.rnn` and :mod:`rnnlib.lstm`, for training and benchmarks.

:mod:`rnnlib.fast.rnn` and :mod:`rnnlib.fast.lstm` have the functions, signatures and results of
the readable reference modules :mod:`rnnlib.rnn` and :mod:`rnnlib.lstm` (the same to rounding
error), computed in another order, for speed: steps in chunks (:func:`rnnlib.fast._ops.chunks`),
a step's sequences as the columns of a block, the stacked matrix ``[W U b]``, one allocation
per pass (:func:`rnnlib.fast._ops.blocks`), one tanh for the four gates of an LSTM step.
Read the reference to learn the mathematics; use these to train.
"""

from . import lstm, rnn

__all__ = ["lstm", "rnn"]
