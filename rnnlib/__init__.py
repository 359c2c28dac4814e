"""rnnlib: the small numpy library that the chapters of *Learning Through Time* share.

Core modules (numpy only): :mod:`~rnnlib.activations`, :mod:`~rnnlib.losses`,
:mod:`~rnnlib.mlp`, :mod:`~rnnlib.rnn`, :mod:`~rnnlib.lstm`, :mod:`~rnnlib.gradcheck`,
:mod:`~rnnlib.explore`. Views (matplotlib and ipywidgets, imported on use):
:mod:`~rnnlib.dualview`.
"""

from . import activations, explore, gradcheck, losses, lstm, mlp, rnn

__all__ = ["activations", "explore", "gradcheck", "losses", "lstm", "mlp", "rnn"]
__version__ = "0.1.0"
