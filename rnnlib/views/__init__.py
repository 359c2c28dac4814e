"""Chapter-specific pictures and controls, built on :mod:`rnnlib.views.dualview` (matplotlib and
ipywidgets are imported on use). One module per chapter; the numbers they draw come from pure
functions in rnnlib's core modules or from pure functions here that import numpy only."""
