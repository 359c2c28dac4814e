"""Shared fixtures for the rnnlib unit tests; shared helpers live in tests/helpers.py."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    """A fresh, seeded generator for each test (tests do not depend on each other's draws)."""
    return np.random.default_rng(1234)
