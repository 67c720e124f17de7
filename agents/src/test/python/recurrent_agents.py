"""Makes tiny recurrent PPO agents with the real libraries and plays seeded Breakout episodes with them,
recording the libraries' own outputs and LSTM states, for the Java loaders' parity tests
(RecurrentPpoPolicyTest).

Usage: python3 recurrent_agents.py OUT_DIR [kind ...]
  kinds (default: all):
    rppo          sb3-contrib RecurrentPPO("CnnLstmPolicy") with its defaults (a separate critic LSTM)
    rppo_shared   shared_lstm=True, enable_critic_lstm=False (the critic reads the actor's LSTM)
    rppo_linear   enable_critic_lstm=False (the critic's linear layer on the features), lstm_hidden_size=64,
                  net_arch pi [32] / vf [16] (Tanh)
    rppo_sep      share_features_extractor=False (each of actor and critic has its own NatureCNN and LSTM)
    rppo_zoo      RL Baselines3 Zoo's RecurrentPPO Atari setting (hyperparams/ppo_lstm.yml): AtariWrapper with
                  terminal_on_life_loss=False, VecFrameStack(4), CnnLstmPolicy defaults (the zoo uses 8 envs; one here,
                  which does not change the network); episodes truncated at 600 frames (gym.make max_episode_steps) so
                  that the recording holds whole episodes
    cleanrl_lstm  cleanrl.ppo_atari_lstm's own Agent class (imported from cleanrl 1.2.0), torch.save(state_dict)

SB3 kinds (rppo_zoo as said above): trained 64 steps on make_atari_env("BreakoutNoFrameskip-v4", n_envs=1, seed=0) (SB3's AtariWrapper with
its defaults: no-op starts, frame skip 4, episode end at each lost life, FIRE at reset, WarpFrame 84x84, one frame,
no VecFrameStack), saved with model.save and loaded back with RecurrentPPO.load. CleanRL: ppo_atari_lstm's make_env
wrappers (NoopResetEnv, MaxAndSkipEnv, EpisodicLifeEnv, FireResetEnv, ClipRewardEnv from SB3, then gym's
ResizeObservation(84, 84) and GrayScaleObservation, rewritten below for gymnasium with gym 0.26's cv2 calls).
The tiny agents' action heads are scaled x100 (bias zeroed) before saving, so that their greedy choice follows
the screen.

Each kind plays until its environment has said done twice (two whole episodes: with the episode end at a
lost life, two lives) or MAX_STEPS steps, with deterministic actions. SB3: model.predict(obs, state,
episode_start, deterministic=True), and the policy's forward(obs, RNNStates, episode_starts) for values and both
LSTMs' states; CleanRL: Agent.get_action_and_value(x, lstm_state, done, action=argmax) after get_states + actor
for the logits. Writes KIND.zip / KIND.cleanrl_model and (.npy, float32 unless said):
  KIND.obs      [T, 84, 84]  the observation of each step (uint8 / 255)
  KIND.starts   [T] int32    episode_start (SB3) / done (CleanRL) given with it: 1 where the state is zeroed first
  KIND.logits   [T, A]       raw action-head output;  KIND.logprobs [T, A] the distribution's log-probabilities
  KIND.values   [T];  KIND.actions [T] int32 (predict's / argmax)
  KIND.h, KIND.c [T, H]      the actor LSTM's state after each step; KIND.critic_h, KIND.critic_c the critic's
  rppo_zoo.config.yml        the config.yml RL Zoo saves beside such an agent: ppo_lstm.yml's atari entry, dumped as
                             the zoo dumps it (yaml.dump of an OrderedDict of the sorted hyperparameters)
  KIND.frames   [T, 3*84*84] (rppo_zoo) the last 3 frames of each step's stack, oldest first: the next step's previous frames
  KIND.rgb      [3, 210, 160, 3] uint8 (cleanrl_lstm) the max-pooled screens of the first 3 observations
"""
import os
import sys
import types

import numpy as np
import torch

torch.set_num_threads(1)
OUT = sys.argv[1]
KINDS = sys.argv[2:] or ["rppo", "rppo_shared", "rppo_linear", "rppo_sep", "rppo_zoo", "cleanrl_lstm"]
GAME = "BreakoutNoFrameskip-v4"
MAX_STEPS = 400


def save(kind, name, array):
    np.save(os.path.join(OUT, kind + "." + name + ".npy"), array)


def sb3_kwargs(kind):
    return {"rppo": {}, "rppo_shared": dict(shared_lstm=True, enable_critic_lstm=False),
            "rppo_linear": dict(enable_critic_lstm=False, lstm_hidden_size=64, net_arch=dict(pi=[32], vf=[16])),
            "rppo_sep": dict(share_features_extractor=False), "rppo_zoo": {}}[kind]


# RL Baselines3 Zoo's hyperparams/ppo_lstm.yml, entry "atari"
ZOO_ATARI = {"env_wrapper": [{"stable_baselines3.common.atari_wrappers.AtariWrapper": {"terminal_on_life_loss": False}}],
             "frame_stack": 4, "policy": "CnnLstmPolicy", "n_envs": 8, "n_steps": 128, "n_epochs": 4, "batch_size": 256,
             "n_timesteps": 1e7, "learning_rate": "lin_2.5e-4", "clip_range": "lin_0.1", "vf_coef": 0.5, "ent_coef": 0.01}


def save_zoo_config():
    """As rl_zoo3's ExperimentManager._save_config: yaml.dump(OrderedDict of the sorted hyperparameters)."""
    from collections import OrderedDict
    import yaml
    with open(os.path.join(OUT, "rppo_zoo.config.yml"), "w") as f:
        yaml.dump(OrderedDict([(k, ZOO_ATARI[k]) for k in sorted(ZOO_ATARI)]), f)


def sb3_env(kind):
    from stable_baselines3.common.env_util import make_atari_env
    from stable_baselines3.common.vec_env import VecFrameStack

    if kind != "rppo_zoo":
        return make_atari_env(GAME, n_envs=1, seed=0)
    env = make_atari_env(GAME, n_envs=1, seed=0, wrapper_kwargs=dict(terminal_on_life_loss=False),
                         env_kwargs=dict(max_episode_steps=600))
    return VecFrameStack(env, n_stack=4)


def sb3(kind):
    import ale_py
    import gymnasium as gym
    from sb3_contrib import RecurrentPPO
    from sb3_contrib.common.recurrent.type_aliases import RNNStates

    gym.register_envs(ale_py)
    env = sb3_env(kind)
    model = RecurrentPPO("CnnLstmPolicy", env, n_steps=32, batch_size=16, n_epochs=1, seed=0, device="cpu",
                         policy_kwargs=sb3_kwargs(kind))
    model.learn(total_timesteps=64)
    with torch.no_grad():
        model.policy.action_net.weight.mul_(100.0)
        model.policy.action_net.bias.zero_()
    path = os.path.join(OUT, kind + ".zip")
    model.save(path)
    if kind == "rppo_zoo":
        save_zoo_config()
    model = RecurrentPPO.load(path, device="cpu")
    policy = model.policy
    policy.set_training_mode(False)

    env.seed(7)
    obs = env.reset()
    zeros = lambda: torch.zeros(policy.lstm_hidden_state_shape)
    states = RNNStates((zeros(), zeros()), (zeros(), zeros()))
    predict_state = None
    start = np.ones((1,), dtype=bool)
    rec = {k: [] for k in ("obs", "starts", "logits", "logprobs", "values", "actions", "h", "c", "critic_h", "critic_c")}
    if obs.shape[-1] > 1:
        rec["frames"] = []
    dones = 0
    while dones < 2 and len(rec["obs"]) < MAX_STEPS:
        rec["obs"].append(obs[0, :, :, -1].astype(np.float32) / 255.0)
        if "frames" in rec:
            rec["frames"].append(obs[0, :, :, 1:].transpose(2, 0, 1).reshape(-1).astype(np.float32) / 255.0)
        rec["starts"].append(int(start[0]))
        action, predict_state = model.predict(obs, state=predict_state, episode_start=start, deterministic=True)
        with torch.no_grad():
            x, _ = policy.obs_to_tensor(obs)
            s = torch.tensor(start, dtype=torch.float32)
            _, values, _, states = policy.forward(x, states, s)
            h = states.pi[0][0]
            logits = policy.action_net(policy.mlp_extractor.forward_actor(h))
            logprobs = torch.log_softmax(logits, dim=1)
        assert np.allclose(predict_state[0], states.pi[0].numpy(), atol=1e-6), "predict's state is forward's actor state"
        rec["logits"].append(logits[0].numpy())
        rec["logprobs"].append(logprobs[0].numpy())
        rec["values"].append(values[0, 0].item())
        rec["actions"].append(int(action[0]))
        for name, t in (("h", states.pi[0]), ("c", states.pi[1]), ("critic_h", states.vf[0]), ("critic_c", states.vf[1])):
            rec[name].append(t[0, 0].numpy().copy())
        obs, _, done, _ = env.step(action)
        start = done
        dones += int(done[0])
    assert dones >= 1 and sum(rec["starts"][1:]) >= 1, "no episode start inside the recording"
    return rec


class ResizeThenGrey:
    """gym 0.26's ResizeObservation((84, 84)) then GrayScaleObservation(), as ppo_atari_lstm's make_env stacks them
    (cv2.resize(obs, (84, 84), INTER_AREA), then cv2.cvtColor(obs, COLOR_RGB2GRAY)); FrameStack(1) adds the axis."""

    @staticmethod
    def apply(rgb):
        import cv2
        return cv2.cvtColor(cv2.resize(rgb, (84, 84), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)[None]


def cleanrl_agent_class():
    """Imports cleanrl.ppo_atari_lstm's Agent. Its module imports at top level gym (old gym, for make_env and the
    script's main), torch.utils.tensorboard (SummaryWriter, for logging) and distutils (strtobool, for the arguments):
    none of them is used by the Agent class, so where one is missing a placeholder module stands in for it."""
    import importlib
    placeholders = {"gym": {}, "torch.utils.tensorboard": {"SummaryWriter": None}, "distutils": {},
                    "distutils.util": {"strtobool": None}}
    for name, attrs in placeholders.items():
        try:
            importlib.import_module(name)
        except ImportError:
            m = types.ModuleType(name)
            m.__dict__.update(attrs)
            sys.modules[name] = m
    from cleanrl.ppo_atari_lstm import Agent
    return Agent


def cleanrl(kind):
    import ale_py
    import gymnasium as gym
    from stable_baselines3.common.atari_wrappers import (ClipRewardEnv, EpisodicLifeEnv, FireResetEnv, MaxAndSkipEnv,
                                                         NoopResetEnv)

    gym.register_envs(ale_py)
    Agent = cleanrl_agent_class()
    env = gym.make(GAME)
    env = NoopResetEnv(env, noop_max=30)
    env = MaxAndSkipEnv(env, skip=4)
    env = EpisodicLifeEnv(env)
    env = FireResetEnv(env)
    env = ClipRewardEnv(env)
    n = env.action_space.n
    torch.manual_seed(3)
    agent = Agent(types.SimpleNamespace(single_action_space=types.SimpleNamespace(n=n)))
    with torch.no_grad():
        agent.actor.weight.mul_(100.0)
    torch.save(agent.state_dict(), os.path.join(OUT, kind + ".cleanrl_model"))
    agent.eval()

    rgb, _ = env.reset(seed=7)
    state = (torch.zeros(agent.lstm.num_layers, 1, agent.lstm.hidden_size),
             torch.zeros(agent.lstm.num_layers, 1, agent.lstm.hidden_size))
    done = torch.zeros(1)
    rec = {k: [] for k in ("obs", "starts", "logits", "logprobs", "values", "actions", "h", "c", "rgb")}
    dones = 0
    while dones < 2 and len(rec["obs"]) < MAX_STEPS:
        obs = ResizeThenGrey.apply(rgb)
        if len(rec["rgb"]) < 3:
            rec["rgb"].append(rgb.copy())
        rec["obs"].append(obs[0].astype(np.float32) / 255.0)
        rec["starts"].append(int(done[0].item()))
        with torch.no_grad():
            x = torch.Tensor(obs[None])
            hidden, _ = agent.get_states(x, state, done)
            logits = agent.actor(hidden)
            action, _, _, value, state = agent.get_action_and_value(x, state, done, action=logits.argmax(dim=1))
        rec["logits"].append(logits[0].numpy())
        rec["logprobs"].append(torch.log_softmax(logits, dim=1)[0].numpy())
        rec["values"].append(value[0, 0].item())
        rec["actions"].append(int(action[0]))
        rec["h"].append(state[0][0, 0].numpy().copy())
        rec["c"].append(state[1][0, 0].numpy().copy())
        rgb, _, term, trunc, _ = env.step(int(action[0]))
        d = term or trunc
        if d:
            rgb, _ = env.reset()
            dones += 1
        done = torch.tensor([float(d)])
    assert dones >= 1, "no episode end inside the recording"
    return rec


def main():
    os.makedirs(OUT, exist_ok=True)
    for kind in KINDS:
        rec = cleanrl(kind) if kind == "cleanrl_lstm" else sb3(kind)
        for name, v in rec.items():
            dtype = np.int32 if name in ("starts", "actions") else np.uint8 if name == "rgb" else np.float32
            save(kind, name, np.asarray(v, dtype=dtype))
        print("made", kind, "steps", len(rec["obs"]), "episode starts at", [t for t, s in enumerate(rec["starts"]) if s],
              "distinct actions", sorted(set(rec["actions"])))


if __name__ == "__main__":
    main()
