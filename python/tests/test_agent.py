"""Agent.load on every kind of agent file we ship or share, and forward against the CLI's numbers."""
import hashlib
import json

import numpy as np
import pytest

import atari_saliency as at
from conftest import BABY_A3C, PONG, cli


def test_bundled_pong_is_described_as_info_describes_it(pong):
    assert pong.info['sha256'] == hashlib.sha256(open(PONG, 'rb').read()).hexdigest()
    assert pong.info['architecture'] == 'baby-a3c (conv x4 + GRU 256, 6 actions)'
    assert (pong.info['actions'], pong.info['state_parts'], pong.info['state_sizes'], pong.info['input']) == (6, ['h'], [256], [1, 80, 80])
    printed = cli('info', '--agent', PONG).out
    for value in (pong.info['sha256'], pong.info['architecture'], pong.info['preprocessing']):
        assert value in printed


def test_a_bundled_name_loads_the_bundled_file():
    with at.Agent.load('pong') as agent:
        assert agent.path.endswith('models/pong.pt')


def test_shared_baby_a3c_loads(baby_a3c):
    assert baby_a3c.info['sha256'] == hashlib.sha256(open(BABY_A3C, 'rb').read()).hexdigest()
    assert baby_a3c.actions == 6 and baby_a3c.info['state_parts'] == ['h']
    assert set(baby_a3c.initial_state()) == {'h'} and not baby_a3c.initial_state(3)['h'].any()


@pytest.mark.parametrize('which', ['pong', 'baby_a3c'])
def test_forward_gives_the_clis_logits_value_and_state(which, request, frames, tmp_path):
    agent = request.getfixturevalue(which)
    first = agent.forward(frames[0])
    np.save(tmp_path / 'state.npy', first.state['h'])
    np.save(tmp_path / 'frame.npy', frames[1])
    second = agent.forward(frames[1], first.state)
    cli('saliency', '--agent', agent.path, '--frame', tmp_path / 'frame.npy', '--state', tmp_path / 'state.npy', '--stride', '20',
        '--out', tmp_path / 'cli')
    run = json.loads((tmp_path / 'cli' / 'run.json').read_text())
    # the CLI's numbers come from the saliency engine's batch (the frame beside its perturbed copies): equal to float32 rounding
    np.testing.assert_allclose(second.logits[0], run['logits'], rtol=0, atol=2e-6)
    np.testing.assert_allclose(second.value[0], run['value'], rtol=0, atol=2e-6)
    assert int(np.argmax(second.logits[0])) == run['action']
    np.testing.assert_allclose(second.probabilities.sum(axis=1), 1.0)
    assert np.load(tmp_path / 'cli' / 'input.npy').tobytes() == agent.preprocess(frames[1]).tobytes()


def test_a_batch_is_the_frames_one_by_one(pong, frames):
    batch = pong.forward(np.stack(frames))
    for i, f in enumerate(frames):
        np.testing.assert_allclose(batch.logits[i], pong.forward(f).logits[0], atol=1e-5)
    assert batch.logits.shape == (2, 6) and batch.state['h'].shape == (2, 256)
