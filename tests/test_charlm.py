"""rnnlib.charlm: encoding round trips, batches are next-character pairs, sampling is
deterministic with a seed, training lowers the loss, bad input names the argument."""

import pathlib

import numpy as np
import pytest

from rnnlib import charlm, fast, gru, lstm, rnn, train
from rnnlib.views import text
from tests.helpers import assert_same, snapshot

TEXT = "the cell kept a little of the rain.\nthe river ran on, the stone sat still.\n"
BOOK_TEXT = pathlib.Path(__file__).resolve().parent.parent / "book" / "data" / "tiny_text.txt"


def test_vocabulary_encode_decode_round_trip():
    vocab = charlm.vocabulary(TEXT)
    assert vocab == sorted(set(TEXT)) and len(vocab) == len(set(vocab))
    ids = charlm.encode(TEXT, vocab)
    assert ids.dtype == np.int64 and ids.shape == (len(TEXT),)
    assert charlm.decode(ids, vocab) == TEXT


def test_book_text_ships_and_is_small():
    text = BOOK_TEXT.read_text()
    assert 1000 < len(text) < 10_000 and len(charlm.vocabulary(text)) < 40


def test_one_hot():
    x = charlm.one_hot(np.array([[0, 2], [1, 1]]), 3)
    assert x.shape == (2, 2, 3) and np.array_equal(x.sum(-1), np.ones((2, 2)))
    assert x[0, 1, 2] == 1 and x[1, 0, 1] == 1


def test_batch_targets_are_next_characters():
    ids = np.arange(50)
    inputs, targets = charlm.batch(ids, 7, 4, np.random.default_rng(0))
    assert inputs.shape == targets.shape == (7, 4)
    assert np.array_equal(targets, inputs + 1)              # ids are positions here
    assert np.array_equal(inputs[1:], inputs[:-1] + 1)      # consecutive characters
    again = charlm.batch(ids, 7, 4, np.random.default_rng(0))
    assert np.array_equal(again[0], inputs)


@pytest.mark.parametrize("model, module", [("rnn", rnn), ("lstm", lstm), ("gru", gru)])
def test_sample_is_deterministic_with_a_seed(model, module):
    vocab = charlm.vocabulary(TEXT)
    K = len(vocab)
    params = module.init_params(K, 5, K, seed=1)
    before = snapshot(params)
    a = charlm.sample(model, params, vocab, "the", 30, np.random.default_rng(3))
    b = charlm.sample(model, params, vocab, "the", 30, np.random.default_rng(3))
    c = charlm.sample(model, params, vocab, "the", 30, np.random.default_rng(4))
    assert a == b and a != c and a.startswith("the") and len(a) == 33
    assert set(a) <= set(vocab)
    assert_same(before, snapshot(params))


def test_step_state_matches_a_full_forward():
    vocab = charlm.vocabulary(TEXT)
    K = len(vocab)
    p = lstm.init_params(K, 4, K, seed=2)
    xs = charlm.one_hot(charlm.encode("rain", vocab)[:, None], K)
    hs, ys, _ = lstm.forward(p, xs)
    state = (np.zeros((1, 4)), np.zeros((1, 4)))
    for t in range(4):
        state, logits = charlm.step_state("lstm", p, xs[t], state)
    assert np.allclose(state[0], hs[-1], rtol=1e-14) and np.allclose(logits, ys[-1])


def test_low_temperature_is_greedy():
    vocab = charlm.vocabulary(TEXT)
    K = len(vocab)
    p = rnn.init_params(K, 6, K, seed=0)
    a = charlm.sample("rnn", p, vocab, "t", 20, np.random.default_rng(0), temperature=1e-3)
    b = charlm.sample("rnn", p, vocab, "t", 20, np.random.default_rng(9), temperature=1e-3)
    assert a == b


@pytest.mark.parametrize("model, module", [("rnn", rnn), ("lstm", lstm)])
def test_training_lowers_the_loss_and_is_deterministic(model, module):
    vocab = charlm.vocabulary(TEXT)
    K, ids = len(vocab), charlm.encode(TEXT, vocab)
    p0 = module.init_params(K, 8, K, seed=0)
    before = snapshot(p0)
    seen = []
    p1, losses1 = charlm.train(model, p0, ids, K, 40, 8, 4, np.random.default_rng(1), lr=0.02,
                               on_step=lambda s, p, loss: seen.append(s))
    _, losses2 = charlm.train(model, p0, ids, K, 40, 8, 4, np.random.default_rng(1), lr=0.02)
    assert losses1.shape == (40,) and np.array_equal(losses1, losses2)
    assert losses1[-10:].mean() < losses1[:10].mean() - 0.3
    assert seen == list(range(1, 41))
    assert_same(before, snapshot(p0))
    assert set(p1) == set(p0)


def test_progress_bar():
    assert text.progress_bar(0, 10, 10) == "[..........]  0/10"
    assert text.progress_bar(5, 10, 10) == "[#####.....]  5/10"
    assert text.progress_bar(10, 10, 4) == "[####] 10/10"


def test_training_is_the_shared_loop():
    """charlm.train is train.fit with Adam and clipping, its loss divided by T."""
    vocab = charlm.vocabulary(TEXT)
    K, ids = len(vocab), charlm.encode(TEXT, vocab)
    p0 = rnn.init_params(K, 8, K, seed=0)
    params, per_char = charlm.train("rnn", p0, ids, K, 5, 6, 3, np.random.default_rng(2))
    rng = np.random.default_rng(2)

    def draw():
        inputs, targets = charlm.batch(ids, 6, 3, rng)
        return charlm.one_hot(inputs, K), targets

    r = train.fit(p0, draw, lambda p, x, y: fast.rnn.loss_and_grads(p, x, y)[:2], 5, 0.01,
                  max_norm=5.0)
    assert np.array_equal(per_char, r["loss"] / 6)
    assert all(np.array_equal(params[k], r["params"][k]) for k in p0)
