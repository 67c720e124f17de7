"""Makes tiny Stable-Baselines3 (and sb3-contrib) and CleanRL-style Atari agents and the outputs of
the real libraries on real observations, for the Java loaders' parity tests (Sb3PolicyTest).

Usage: python3 sb3_agents.py OUT_DIR [kind ...]
  kinds: dqn a2c ppo ppo_sep qrdqn dqn_arch ppo_arch cleanrl_dqn cleanrl_ppo cleanrl_c51 (default: all)
  dqn_arch: net_arch=[32, 16] with Tanh; ppo_arch: net_arch pi [32] / vf [16] with ReLU and
  normalize_images=False (the network sees raw bytes)

Run with Debian's /usr/bin/python3 (python3-torch) and PYTHONPATH holding stable-baselines3 2.4.x,
sb3-contrib, gymnasium 1.0, ale-py 0.10, opencv-python-headless and SB3's pure-python deps (see
Sb3PolicyTest for the install command). Writes, for each kind:
  KIND.zip / KIND.cleanrl_model    the saved agent (model.save / torch.save(state_dict))
  KIND.obs.npy      [N, 4, 84, 84] float32: observation stacks (uint8 / 255), oldest frame first
  KIND.logits.npy   [N, A]  float32: SB3 action_net output (actor-critic) or Q-values (DQN-like)
  KIND.values.npy   [N]     float32: predict_values (actor-critic) or max-Q
  KIND.actions.npy  [N]     int32:   model.predict(obs, deterministic=True) (SB3) / argmax (CleanRL)
  KIND.logprobs.npy [N, A]  float32: get_distribution(obs).distribution.logits (SB3 actor-critic only)
The N stacks are the consecutive observations of one episode from reset (VecFrameStack: the
first stack is three black frames and the first frame), so that they also test the frame stack.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)
OUT = sys.argv[1]
KINDS = sys.argv[2:] or ["dqn", "a2c", "ppo", "ppo_sep", "qrdqn", "dqn_arch", "ppo_arch", "cleanrl_dqn", "cleanrl_ppo",
                         "cleanrl_c51"]
STEPS = 6


def save(name, array):
    np.save(os.path.join(OUT, name + ".npy"), array)


def atari_env():
    import ale_py
    import gymnasium as gym
    from stable_baselines3.common.env_util import make_atari_env
    from stable_baselines3.common.vec_env import VecFrameStack

    gym.register_envs(ale_py)
    env = make_atari_env("PongNoFrameskip-v4", n_envs=1, seed=0)
    return VecFrameStack(env, n_stack=4)


def observations(env):
    """STEPS consecutive stacked observations [N, 84, 84, 4] uint8 from reset, random actions."""
    env.seed(1)
    obs = env.reset()
    rng = np.random.default_rng(0)
    out = [obs[0]]
    for _ in range(STEPS - 1):
        obs, _, done, _ = env.step(np.array([rng.integers(env.action_space.n)]))
        assert not done[0]
        out.append(obs[0])
    return np.stack(out)


def sb3(kind, env, obs_hwc):
    from stable_baselines3 import A2C, DQN, PPO

    if kind == "dqn":
        model = DQN("CnnPolicy", env, buffer_size=500, learning_starts=64, train_freq=4, seed=0,
                    optimize_memory_usage=False, device="cpu")
        model.learn(total_timesteps=128)
    elif kind == "dqn_arch":
        model = DQN("CnnPolicy", env, buffer_size=500, learning_starts=64, train_freq=4, seed=0, device="cpu",
                    policy_kwargs=dict(net_arch=[32, 16], activation_fn=nn.Tanh))
        model.learn(total_timesteps=128)
    elif kind == "ppo_arch":
        model = PPO("CnnPolicy", env, n_steps=32, batch_size=16, n_epochs=1, seed=0, device="cpu",
                    policy_kwargs=dict(net_arch=dict(pi=[32], vf=[16]), activation_fn=nn.ReLU, normalize_images=False))
        model.learn(total_timesteps=64)
    elif kind == "qrdqn":
        from sb3_contrib import QRDQN
        model = QRDQN("CnnPolicy", env, buffer_size=500, learning_starts=64, train_freq=4, seed=0,
                      policy_kwargs=dict(n_quantiles=7), device="cpu")
        model.learn(total_timesteps=128)
    elif kind == "a2c":
        model = A2C("CnnPolicy", env, n_steps=8, seed=0, device="cpu")
        model.learn(total_timesteps=64)
    elif kind == "ppo":
        model = PPO("CnnPolicy", env, n_steps=32, batch_size=16, n_epochs=1, seed=0, device="cpu")
        model.learn(total_timesteps=64)
    elif kind == "ppo_sep":
        model = PPO("CnnPolicy", env, n_steps=32, batch_size=16, n_epochs=1, seed=0, device="cpu",
                    policy_kwargs=dict(share_features_extractor=False))
        model.learn(total_timesteps=64)
    else:
        raise SystemExit("unknown kind " + kind)
    model.save(os.path.join(OUT, kind + ".zip"))
    policy = model.policy
    policy.set_training_mode(False)
    obs_chw = np.transpose(obs_hwc, (0, 3, 1, 2))  # what VecTransposeImage gives the policy
    with torch.no_grad():
        x, _ = policy.obs_to_tensor(obs_chw)
        if kind in ("dqn", "dqn_arch", "qrdqn"):
            if kind != "qrdqn":
                q = policy.q_net(x)
            else:
                q = policy.quantile_net(x).mean(dim=1)
            logits = q
            values = q.max(dim=1).values
        else:
            if policy.share_features_extractor:
                latent_pi, latent_vf = policy.mlp_extractor(policy.extract_features(x))
            else:
                pi_f, vf_f = policy.extract_features(x)
                latent_pi = policy.mlp_extractor.forward_actor(pi_f)
                latent_vf = policy.mlp_extractor.forward_critic(vf_f)
            logits = policy.action_net(latent_pi)
            values = policy.predict_values(x).squeeze(1)
            assert torch.allclose(policy.value_net(latent_vf).squeeze(1), values)
            save(kind + ".logprobs", policy.get_distribution(x).distribution.logits.numpy().astype(np.float32))
    actions, _ = model.predict(obs_hwc, deterministic=True)  # channels-last, as the env gives it
    save(kind + ".obs", (obs_chw.astype(np.float32) / 255.0))
    save(kind + ".logits", logits.numpy().astype(np.float32))
    save(kind + ".values", values.numpy().astype(np.float32))
    save(kind + ".actions", np.asarray(actions, dtype=np.int32))


def trunk():
    return [nn.Conv2d(4, 32, 8, stride=4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride=2), nn.ReLU(),
            nn.Conv2d(64, 64, 3, stride=1), nn.ReLU(), nn.Flatten(), nn.Linear(3136, 512), nn.ReLU()]


class CleanDqn(nn.Module):
    """cleanrl/dqn_atari.py QNetwork."""

    def __init__(self, n):
        super().__init__()
        self.network = nn.Sequential(*trunk(), nn.Linear(512, n))

    def forward(self, x):
        return self.network(x / 255.0)


class CleanPpo(nn.Module):
    """cleanrl/ppo_atari.py Agent (layer_init: orthogonal, as there)."""

    def __init__(self, n):
        super().__init__()
        layers = trunk()
        for m in layers:
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.orthogonal_(m.weight, np.sqrt(2))
                nn.init.constant_(m.bias, 0.1)  # non-zero so that the biases are tested
        self.network = nn.Sequential(*layers)
        self.actor = nn.Linear(512, n)
        self.critic = nn.Linear(512, 1)

    def forward(self, x):
        h = self.network(x / 255.0)
        return self.actor(h), self.critic(h).squeeze(1)


class CleanC51(nn.Module):
    """cleanrl/c51_atari.py QNetwork."""

    def __init__(self, n, n_atoms=51, v_min=-10, v_max=10):
        super().__init__()
        self.n, self.action_dim = n_atoms, n
        self.register_buffer("atoms", torch.linspace(v_min, v_max, steps=n_atoms))
        self.network = nn.Sequential(*trunk(), nn.Linear(512, self.n * n))

    def forward(self, x):
        logits = self.network(x / 255.0)
        pmfs = torch.softmax(logits.view(len(x), self.action_dim, self.n), dim=2)
        return (pmfs * self.atoms).sum(2)


def cleanrl(kind, obs_hwc):
    torch.manual_seed(3)
    n = 6
    obs = np.transpose(obs_hwc, (0, 3, 1, 2))  # CleanRL's FrameStack gives [4, 84, 84]
    x = torch.as_tensor(obs).float()
    with torch.no_grad():
        if kind == "cleanrl_dqn":
            m = CleanDqn(n)
            q = m(x)
            logits, values = q, q.max(dim=1).values
            torch.save(m.state_dict(), os.path.join(OUT, kind + ".cleanrl_model"))
        elif kind == "cleanrl_ppo":
            m = CleanPpo(n)
            logits, values = m(x)
            torch.save(m.state_dict(), os.path.join(OUT, kind + ".cleanrl_model"))
        else:
            m = CleanC51(n)
            q = m(x)
            logits, values = q, q.max(dim=1).values
            # as c51_atari.py saves it
            torch.save({"model_weights": m.state_dict(), "args": {"env_id": "PongNoFrameskip-v4", "n_atoms": 51,
                                                                  "v_min": -10, "v_max": 10}},
                       os.path.join(OUT, kind + ".cleanrl_model"))
    save(kind + ".obs", obs.astype(np.float32) / 255.0)
    save(kind + ".logits", logits.numpy().astype(np.float32))
    save(kind + ".values", values.numpy().astype(np.float32))
    save(kind + ".actions", logits.argmax(dim=1).numpy().astype(np.int32))


def main():
    os.makedirs(OUT, exist_ok=True)
    env = atari_env()
    obs = observations(env)
    for kind in KINDS:
        if kind.startswith("cleanrl_"):
            cleanrl(kind, obs)
        else:
            sb3(kind, env, obs)
        print("made", kind)


if __name__ == "__main__":
    main()
