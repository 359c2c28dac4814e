"""rnnlib.activations: values, derivatives from outputs, and the ``out=`` forms the layers use."""

import warnings

import numpy as np
import pytest

from rnnlib import activations as act
from tests.helpers import ACTIVATIONS, DF, F


def test_sigmoid_is_exact_at_the_extremes_without_warnings():
    z = np.array([-1e4, -745.0, -40.0, 0.0, 40.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # an overflow warning fails the test
        s = act.sigmoid(z)
    assert s[0] == 0.0 and s[3] == 0.5 and s[-1] == 1.0
    assert np.isclose(s[2], np.exp(-40.0), rtol=1e-14, atol=0)   # relative accuracy for z < 0
    assert act.sigmoid(0.0).shape == ()


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_values_and_derivatives_with_and_without_out(name, rng):
    z = 3 * rng.standard_normal((4, 5))
    a = act.apply(name, z)
    assert np.allclose(a, F[name](z), rtol=1e-14, atol=1e-300)
    d = act.derivative(name, a)
    assert np.allclose(d, DF[name](z), rtol=1e-12, atol=1e-15)
    for fn, x, want in ((act.apply, z, a), (act.derivative, a, d)):
        out = np.full_like(x, np.nan)
        assert fn(name, x, out=out) is out and np.array_equal(out, want)
        inplace = x.copy()
        fn(name, inplace, out=inplace)                 # out may be the input itself
        assert np.array_equal(inplace, want)
    assert act.apply(name, z) is not z                 # without out, the input is untouched
    f = act.function(name)                             # the same function, checked once
    assert np.array_equal(f(z), a) and f(z, out=out) is out and np.array_equal(out, a)
