"""Fixtures of the atari_saliency tests: the checkout, the shared agents, a real Pong frame, the CLI in this process.

Run with the interpreter and packages the JUnit runner (cli's PythonApiTest) uses:
    ATARI_SALIENCY_HOME=$PWD ATARI_SHARED=../shared PYTHONPATH=.deps/pyapi:.deps/sb3 /usr/bin/python3 -m pytest python/tests
"""
import os
from pathlib import Path

import numpy as np
import pytest

import atari_saliency as at

HOME = Path(os.environ.get('ATARI_SALIENCY_HOME') or Path(__file__).resolve().parents[2]).resolve()
SHARED = Path(os.environ.get('ATARI_SHARED') or HOME.parent / 'shared')
PONG = str(HOME / 'models' / 'pong.pt')
BABY_A3C = str(SHARED / 'agents' / 'baby-a3c' / 'pong-v4' / 'model.80.tar')


def cli(*args):
    """The command line (org.atarisaliency.cli.Main, as the launcher runs it) in this process; what it printed."""
    return at.run_command(*args, '--quiet')


def pong_frames(n_steps=120, seed=0):
    """RGB screens of PongNoFrameskip-v4 (ale-py through gymnasium), the last after n_steps of cycling actions."""
    import ale_py
    import gymnasium as gym

    gym.register_envs(ale_py)
    env = gym.make('PongNoFrameskip-v4')
    obs, _ = env.reset(seed=seed)
    frames = [obs]
    for i in range(n_steps):
        obs, *_ = env.step(i % 6)
        frames.append(obs)
    env.close()
    return frames


@pytest.fixture(scope='session')
def frames():
    """Two consecutive real Pong screens, uint8 210x160x3, 120 steps in (the ball in play)."""
    return pong_frames()[-2:]


@pytest.fixture(scope='session')
def frame_file(frames, tmp_path_factory):
    path = tmp_path_factory.mktemp('frame') / 'frame.npy'
    np.save(path, frames[-1])
    return path


@pytest.fixture(scope='session')
def pong():
    with at.Agent.load(PONG) as agent:
        yield agent


@pytest.fixture(scope='session')
def baby_a3c():
    if not Path(BABY_A3C).is_file():
        pytest.fail(f'the shared baby-a3c agent is missing: {BABY_A3C} (set ATARI_SHARED)')
    with at.Agent.load(BABY_A3C) as agent:
        yield agent


def assert_same_arrays(ours, folder, prefix=''):
    """Every array of ``ours`` equals the NPY file of that name in ``folder`` byte for byte (dtype, shape, data), and
    ``folder`` holds no NPY that ours lacks."""
    files = sorted(p.name[len(prefix):-4] for p in Path(folder).glob(f'{prefix}*.npy'))
    assert sorted(ours) == files
    for name in files:
        theirs = np.load(Path(folder) / f'{prefix}{name}.npy')
        assert ours[name].dtype == theirs.dtype and ours[name].shape == theirs.shape, name
        assert ours[name].tobytes() == theirs.tobytes(), f'{name} differs from the CLI\'s {prefix}{name}.npy'
