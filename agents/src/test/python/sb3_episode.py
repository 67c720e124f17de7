"""Plays one seeded Pong episode with a saved Stable-Baselines3 agent the way SB3 / RL Zoo do, for
the Java evaluation's action-parity test (pipelines: Sb3EvaluateParityTest).

Usage: python3 sb3_episode.py OUT_DIR ALGO SEED MAX_STEPS
  ALGO: dqn or ppo

The agent: a tiny SB3 DQN / PPO CnnPolicy trained a few steps (as sb3_agents.py makes them). So
briefly trained, it plays one action nearly always, which would make the parity weak; so its last
layer's bias is then shifted so that each action's Q-value / logit averages 0 over 256 stacks of
random play (and that layer's weights scaled by 20): its greedy choice then follows the screen.
It is saved with model.save to OUT_DIR/ALGO.zip and loaded back with ALGO.load before it plays.

Environment: make_atari_env("PongNoFrameskip-v4", n_envs=1, seed=SEED,
wrapper_kwargs=dict(noop_max=0, terminal_on_life_loss=False)) + VecFrameStack(n_stack=4), i.e. SB3's
AtariWrapper with its FireResetEnv, MaxAndSkipEnv(4), WarpFrame and ClipRewardEnv, but without the
random no-op starts and without ending an episode at a lost life. Each step plays
model.predict(obs, deterministic=True), until the episode ends or MAX_STEPS steps.

Writes to OUT_DIR, besides the zip (all .npy):
  actions.npy  int32   [T]  the action of each step
  rewards.npy  float32 [T]  the (clipped) reward of each step
  obs.npy      uint8   [3, 84, 84] the newest frame of the observations of steps 0, 1, 2
  done.npy     int32   [2]  1 when the episode ended within MAX_STEPS, else 0; Monitor's episode return (0 if not ended)
"""
import os
import sys

import numpy as np
import torch

torch.set_num_threads(1)


def make_agent(algo, env, path):
    """A tiny trained agent with a centred, scaled last layer (see the module doc), saved to path."""
    from stable_baselines3 import DQN, PPO

    if algo == "dqn":
        model = DQN("CnnPolicy", env, buffer_size=500, learning_starts=64, train_freq=4, seed=0,
                    optimize_memory_usage=False, device="cpu")
        model.learn(total_timesteps=128)
        q = model.policy.q_net
        head, trunk = q.q_net[-1], lambda x: q.extract_features(x, q.features_extractor)
    else:
        model = PPO("CnnPolicy", env, n_steps=32, batch_size=16, n_epochs=1, seed=0, device="cpu")
        model.learn(total_timesteps=64)
        p = model.policy
        head = p.action_net
        trunk = lambda x: p.mlp_extractor.forward_actor(p.extract_features(x, p.pi_features_extractor))
    env.seed(123)
    obs = env.reset()
    rng = np.random.default_rng(1)
    stacks = []
    for _ in range(256):
        stacks.append(obs[0])
        obs, _, _, _ = env.step(np.array([rng.integers(env.action_space.n)]))
    x, _ = model.policy.obs_to_tensor(np.transpose(np.stack(stacks), (0, 3, 1, 2)))
    model.policy.set_training_mode(False)
    with torch.no_grad():
        head.weight.mul_(20.0)
        head.bias.mul_(20.0)
        head.bias.sub_(head(trunk(x)).mean(dim=0))
    model.save(path)
    return type(model)


def main():
    out, algo, seed, max_steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    import ale_py
    import gymnasium as gym
    from stable_baselines3.common.env_util import make_atari_env
    from stable_baselines3.common.vec_env import VecFrameStack

    gym.register_envs(ale_py)
    env = make_atari_env("PongNoFrameskip-v4", n_envs=1, seed=seed,
                         wrapper_kwargs=dict(noop_max=0, terminal_on_life_loss=False))
    env = VecFrameStack(env, n_stack=4)
    os.makedirs(out, exist_ok=True)
    agent = os.path.join(out, algo + ".zip")
    model = make_agent(algo, env, agent).load(agent, device="cpu")
    obs = env.reset()
    actions, rewards, frames = [], [], []
    ended, ret = 0, 0.0
    for t in range(max_steps):
        if t < 3:
            frames.append(obs[0, :, :, -1].copy())
        a, _ = model.predict(obs, deterministic=True)
        obs, r, done, info = env.step(a)
        actions.append(int(a[0]))
        rewards.append(float(r[0]))
        if done[0]:
            ended, ret = 1, float(info[0]["episode"]["r"])
            break
    np.save(os.path.join(out, "actions.npy"), np.asarray(actions, dtype=np.int32))
    np.save(os.path.join(out, "rewards.npy"), np.asarray(rewards, dtype=np.float32))
    np.save(os.path.join(out, "obs.npy"), np.stack(frames).astype(np.uint8))
    np.save(os.path.join(out, "done.npy"), np.asarray([ended, int(round(ret))], dtype=np.int32))
    print("steps", len(actions), "ended", ended, "return", ret, "distinct actions", sorted(set(actions)))


if __name__ == "__main__":
    main()
