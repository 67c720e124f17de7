"""A Stable-Baselines3 model object is accepted wherever an agent is, through its saved zip and our SB3 reader."""
import numpy as np
import pytest

import atari_saliency as at
from conftest import assert_same_arrays


@pytest.fixture(scope='module')
def ppo():
    """A PPO (CnnPolicy) trained for 128 steps on PongNoFrameskip-v4 with SB3's Atari wrappers and a 4-frame stack."""
    import ale_py
    import gymnasium as gym
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_atari_env
    from stable_baselines3.common.vec_env import VecFrameStack

    torch.set_num_threads(1)
    gym.register_envs(ale_py)
    env = VecFrameStack(make_atari_env('PongNoFrameskip-v4', n_envs=1, seed=0), n_stack=4)
    model = PPO('CnnPolicy', env, n_steps=64, batch_size=32, n_epochs=1, seed=0, device='cpu')
    return model.learn(128)


def test_saliency_of_an_sb3_model_object(ppo, frames, tmp_path):
    ours = at.saliency(ppo, frames[-1], stride=10)
    ppo.save(tmp_path / 'ppo.zip')
    with at.Agent.load(tmp_path / 'ppo.zip') as agent:
        assert 'Stable-Baselines3' in agent.info['format'] or 'SB3' in agent.info['format'] or 'sb3' in agent.info['format']
        assert_same_arrays(ours.arrays, at.saliency(agent, frames[-1], stride=10, out=tmp_path / 'maps').path)
    assert ours['actor_80'].shape == (84, 84) and np.isfinite(ours['actor_80']).all()


def test_an_sb3_model_plays_in_the_commands(ppo, tmp_path):
    result = at.evaluate(ppo, 'PongNoFrameskip-v4', tmp_path / 'ev', episodes=1, max_steps=50)
    assert result['evaluate']['lengths'] == [50]


def test_a_model_our_reader_cannot_map_is_a_clear_error():
    import gymnasium as gym
    from stable_baselines3 import PPO

    cartpole = PPO('MlpPolicy', gym.make('CartPole-v1'), n_steps=32, batch_size=32, device='cpu')
    with pytest.raises(at.Sb3MappingError) as e:
        at.saliency(cartpole, np.zeros((210, 160, 3), np.uint8))
    assert str(e.value).startswith("cannot map this PPO (ActorCriticPolicy) to the engine's SB3 reader: ") and '\n' not in str(e.value)
