"""rnnlib: the small numpy library that the chapters of *Learning Through Time* share.

Core modules (numpy only), with the chapter that teaches each:

- :mod:`~rnnlib.activations`, :mod:`~rnnlib.losses`, :mod:`~rnnlib.gradcheck`,
  :mod:`~rnnlib.mlp`, :mod:`~rnnlib.optim` (chapter 1, backpropagation);
- :mod:`~rnnlib.rnn`, :mod:`~rnnlib.birnn`, :mod:`~rnnlib.tbptt` (chapter 2, BPTT);
- :mod:`~rnnlib.explore`, :mod:`~rnnlib.clip` (chapter 3, vanishing and exploding gradients);
- :mod:`~rnnlib.lstm`, :mod:`~rnnlib.gru`, :mod:`~rnnlib.charlm` (chapter 4, LSTM);
- :mod:`~rnnlib.tasks`, :mod:`~rnnlib.train`, :mod:`~rnnlib.experiment` (chapter 5, long time
  lags).

:mod:`~rnnlib.rnn`, :mod:`~rnnlib.lstm` and :mod:`~rnnlib.gru` are the readable reference, one
time step at a time (``step_forward``, ``step_backward``); :mod:`rnnlib.fast` holds tuned twins of
the first two, with the same functions and results, for training and benchmarks.

Views (matplotlib, ipywidgets and anywidget, imported on use): :mod:`~rnnlib.views.dualview`
and the chapter modules of :mod:`rnnlib.views`. Self-checking exercises: :mod:`rnnlib.exercises`.
"""

from . import (
    activations,
    birnn,
    charlm,
    clip,
    experiment,
    explore,
    fast,
    gradcheck,
    gru,
    losses,
    lstm,
    mlp,
    optim,
    rnn,
    tasks,
    tbptt,
    train,
)

__all__ = ["activations", "birnn", "charlm", "clip", "experiment", "explore", "fast", "gradcheck",
           "gru", "losses", "lstm", "mlp", "optim", "rnn", "tasks", "tbptt", "train"]
__version__ = "0.1.0"
