"""PyTorch reference of CleanRL's PPO update (ppo_atari, ppo_atari_lstm): the Java learner's tests and `bench train --algo ppo`.

Usage:
  ppo_torch.py --reference DIR cnn|lstm SEED   writes a tiny problem and its float64 update into DIR
  ppo_torch.py --bench cnn|lstm [N T]          float32 update-epoch samples/s, torch.set_num_threads(2)
  ppo_torch.py --loop cnn|lstm N T UPDATES GAME [DIR...]
                                               CleanRL's whole loop (collect N x T steps, GAE, 4 epochs x 4
                                               minibatches) on GAME (e.g. Breakout) through SB3's AtariWrapper
                                               pieces: env steps/s over UPDATES iterations after one warm-up;
                                               each DIR goes to the end of sys.path (after Debian's numpy,
                                               which Debian's torch is built against)
  ppo_torch.py --load FILE cnn|lstm DIR        torch.load(FILE, weights_only=True) into CleanRL's Agent
                                               (load_state_dict, strict) and writes each parameter to DIR/<name>.npy

--reference writes (float32 .npy unless said): <name>.npy per tensor of the Agent (CleanRL's
orthogonal init, plus small noise on the biases so that they are exercised), obs.npy [T*N, C, 84, 84]
uint8, actions.npy int32, logprobs.npy, values.npy (the network's own, perturbed so that both clipping
branches occur), rewards.npy, starts.npy uint8 (CleanRL's dones), next_value.npy [N],
next_starts.npy uint8 [N], h0.npy/c0.npy [N, 128] (lstm), selection.npy int32 (sample indices for
cnn, env indices for lstm), config.txt "gamma lambda lr clip ent vf max_grad_norm eps", then
advantages.npy/returns.npy (CleanRL's GAE in float32), grad.<name>.npy (the minibatch loss's
gradient in float64), new.<name>.npy (after clip_grad_norm_ and one Adam step) and result.txt
"loss grad_norm". The loss is CleanRL's code, line for line.
Needs Debian's python3-torch and python3-numpy (run with /usr/bin/python3); --loop also needs ale-py
(.deps/python) and gymnasium, OpenCV and stable-baselines3's atari_wrappers.py (.deps/sb3py) as DIRs.
"""
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.categorical import Categorical

GAMMA, LAMBDA, LR, CLIP, ENT, VF, MAX_NORM, EPS = 0.99, 0.95, 2.5e-4, 0.1, 0.01, 0.5, 0.5, 1e-5


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


def trunk(frames):
    return nn.Sequential(
        layer_init(nn.Conv2d(frames, 32, 8, stride=4)), nn.ReLU(),
        layer_init(nn.Conv2d(32, 64, 4, stride=2)), nn.ReLU(),
        layer_init(nn.Conv2d(64, 64, 3, stride=1)), nn.ReLU(),
        nn.Flatten(), layer_init(nn.Linear(64 * 7 * 7, 512)), nn.ReLU())


class Agent(nn.Module):
    """CleanRL ppo_atari's Agent (for n actions)."""

    def __init__(self, n):
        super().__init__()
        self.network = trunk(4)
        self.actor = layer_init(nn.Linear(512, n), std=0.01)
        self.critic = layer_init(nn.Linear(512, 1), std=1)

    def get_action_and_value(self, x, action=None):
        hidden = self.network(x / 255.0)
        probs = Categorical(logits=self.actor(hidden))
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(hidden)


class LstmAgent(nn.Module):
    """CleanRL ppo_atari_lstm's Agent (for n actions)."""

    def __init__(self, n):
        super().__init__()
        self.network = trunk(1)
        self.lstm = nn.LSTM(512, 128)
        for name, param in self.lstm.named_parameters():
            if "bias" in name:
                nn.init.constant_(param, 0)
            elif "weight" in name:
                nn.init.orthogonal_(param, 1.0)
        self.actor = layer_init(nn.Linear(128, n), std=0.01)
        self.critic = layer_init(nn.Linear(128, 1), std=1)

    def get_states(self, x, lstm_state, done):
        hidden = self.network(x / 255.0)
        batch_size = lstm_state[0].shape[1]
        hidden = hidden.reshape((-1, batch_size, self.lstm.input_size))
        done = done.reshape((-1, batch_size))
        new_hidden = []
        for h, d in zip(hidden, done):
            h, lstm_state = self.lstm(h.unsqueeze(0), ((1.0 - d).view(1, -1, 1) * lstm_state[0], (1.0 - d).view(1, -1, 1) * lstm_state[1]))
            new_hidden += [h]
        return torch.flatten(torch.cat(new_hidden), 0, 1), lstm_state

    def get_action_and_value(self, x, lstm_state, done, action=None):
        hidden, lstm_state = self.get_states(x, lstm_state, done)
        probs = Categorical(logits=self.actor(hidden))
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(hidden), lstm_state


def gae(rewards, values, dones, next_value, next_done, steps):
    """CleanRL's GAE (float32)."""
    advantages = torch.zeros_like(rewards)
    lastgaelam = 0
    for t in reversed(range(steps)):
        if t == steps - 1:
            nextnonterminal = 1.0 - next_done
            nextvalues = next_value
        else:
            nextnonterminal = 1.0 - dones[t + 1]
            nextvalues = values[t + 1]
        delta = rewards[t] + GAMMA * nextvalues * nextnonterminal - values[t]
        advantages[t] = lastgaelam = delta + GAMMA * LAMBDA * nextnonterminal * lastgaelam
    return advantages, advantages + values


def minibatch_loss(agent, lstm, b, mb_inds, mbenvinds, initial_lstm_state):
    """CleanRL's loss on one minibatch."""
    if lstm:
        _, newlogprob, entropy, newvalue, _ = agent.get_action_and_value(
            b["obs"][mb_inds], (initial_lstm_state[0][:, mbenvinds], initial_lstm_state[1][:, mbenvinds]),
            b["dones"][mb_inds], b["actions"].long()[mb_inds])
    else:
        _, newlogprob, entropy, newvalue = agent.get_action_and_value(b["obs"][mb_inds], b["actions"].long()[mb_inds])
    logratio = newlogprob - b["logprobs"][mb_inds]
    ratio = logratio.exp()
    mb_advantages = b["advantages"][mb_inds]
    mb_advantages = (mb_advantages - mb_advantages.mean()) / (mb_advantages.std() + 1e-8)
    pg_loss1 = -mb_advantages * ratio
    pg_loss2 = -mb_advantages * torch.clamp(ratio, 1 - CLIP, 1 + CLIP)
    pg_loss = torch.max(pg_loss1, pg_loss2).mean()
    newvalue = newvalue.view(-1)
    v_loss_unclipped = (newvalue - b["returns"][mb_inds]) ** 2
    v_clipped = b["values"][mb_inds] + torch.clamp(newvalue - b["values"][mb_inds], -CLIP, CLIP)
    v_loss_clipped = (v_clipped - b["returns"][mb_inds]) ** 2
    v_loss = 0.5 * torch.max(v_loss_unclipped, v_loss_clipped).mean()
    entropy_loss = entropy.mean()
    return pg_loss - ENT * entropy_loss + v_loss * VF


def save(d, name, a, dtype=np.float32):
    np.save(os.path.join(d, name + ".npy"), np.ascontiguousarray(a, dtype=dtype))


def reference(d, arch, seed):
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    lstm = arch == "lstm"
    n_actions, n, steps = 4, 4, 6
    agent = (LstmAgent if lstm else Agent)(n_actions)
    with torch.no_grad():
        for name, p in agent.named_parameters():
            if "bias" in name:
                p.add_(0.05 * torch.randn(p.shape))
    frames = 1 if lstm else 4
    obs = torch.randint(0, 256, (steps * n, frames, 84, 84), dtype=torch.uint8)
    starts = (torch.rand(steps * n) < 0.2).float()
    next_done = (torch.rand(n) < 0.3).float()
    h0, c0 = 0.5 * torch.randn(1, n, 128), 0.5 * torch.randn(1, n, 128)
    with torch.no_grad():
        if lstm:
            actions, logprobs, _, values, _ = agent.get_action_and_value(obs.float(), (h0, c0), starts)
            next_value = 0.5 * torch.randn(n)
        else:
            actions, logprobs, _, values = agent.get_action_and_value(obs.float())
            next_value = agent.critic(agent.network(obs[:n].float() / 255.0)).view(-1)
    logprobs = logprobs + 0.2 * torch.randn(steps * n)
    values = values.view(-1) + 0.15 * torch.randn(steps * n)
    rewards = torch.randint(-1, 2, (steps * n,)).float() * (torch.rand(steps * n) < 0.4).float()
    adv, ret = gae(rewards.view(steps, n), values.view(steps, n), starts.view(steps, n), next_value, next_done, steps)
    for name, p in agent.named_parameters():
        save(d, name, p.detach().numpy())
    save(d, "obs", obs.numpy(), np.uint8)
    save(d, "actions", actions.numpy(), np.int32)
    for name, a in [("logprobs", logprobs), ("values", values), ("rewards", rewards), ("next_value", next_value),
                    ("advantages", adv.reshape(-1)), ("returns", ret.reshape(-1))]:
        save(d, name, a.numpy())
    save(d, "starts", starts.numpy(), np.uint8)
    save(d, "next_starts", next_done.numpy(), np.uint8)
    if lstm:
        save(d, "h0", h0[0].numpy())
        save(d, "c0", c0[0].numpy())
        mbenvinds = np.array([3, 1])
        mb_inds = np.arange(steps * n).reshape(steps, n)[:, mbenvinds].ravel()
        selection = mbenvinds
    else:
        mbenvinds = None
        mb_inds = np.random.RandomState(seed).permutation(steps * n)[: steps * n // 2]
        selection = mb_inds
    save(d, "selection", selection, np.int32)
    with open(os.path.join(d, "config.txt"), "w") as f:
        f.write("%r %r %r %r %r %r %r %r\n" % (GAMMA, LAMBDA, LR, CLIP, ENT, VF, MAX_NORM, EPS))
    # the update itself in float64, on exactly the float32 numbers the Java learner gets
    agent = agent.double()
    b = {"obs": obs.double(), "actions": actions, "logprobs": logprobs.double(), "values": values.double(),
         "advantages": adv.reshape(-1).double(), "returns": ret.reshape(-1).double(), "dones": starts.double()}
    loss = minibatch_loss(agent, lstm, b, torch.from_numpy(mb_inds), mbenvinds, (h0.double(), c0.double()))
    optimizer = torch.optim.Adam(agent.parameters(), lr=LR, eps=EPS)
    optimizer.zero_grad()
    loss.backward()
    for name, p in agent.named_parameters():
        save(d, "grad." + name, p.grad.numpy())
    norm = nn.utils.clip_grad_norm_(agent.parameters(), MAX_NORM)
    optimizer.step()
    for name, p in agent.named_parameters():
        save(d, "new." + name, p.detach().numpy())
    with open(os.path.join(d, "result.txt"), "w") as f:
        f.write("%r %r\n" % (loss.item(), float(norm)))


def fake_rollout(n, steps, frames):
    size = n * steps
    return {"obs": torch.randint(0, 256, (size, frames, 84, 84)).float(), "actions": torch.randint(0, 6, (size,)),
            "logprobs": torch.full((size,), -1.79), "values": torch.zeros(size), "advantages": torch.randn(size),
            "returns": torch.randn(size), "dones": (torch.rand(size) < 0.01).float()}


def update_epoch(agent, optimizer, lstm, b, state, n, steps):
    """One update epoch: every minibatch once (CleanRL's loop)."""
    flatinds = np.arange(n * steps).reshape(steps, n)
    units = n if lstm else n * steps
    order = np.random.permutation(units)
    for start in range(0, units, units // 4):
        sel = order[start:start + units // 4]
        mb_inds = flatinds[:, sel].ravel() if lstm else sel
        loss = minibatch_loss(agent, lstm, b, torch.from_numpy(mb_inds), sel, state)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(agent.parameters(), MAX_NORM)
        optimizer.step()


def new_agent(arch, n_actions):
    torch.set_num_threads(2)
    torch.manual_seed(0)
    agent = (LstmAgent if arch == "lstm" else Agent)(n_actions)
    return agent, torch.optim.Adam(agent.parameters(), lr=LR, eps=EPS)


def bench(arch, n, steps):
    """Samples/s of one update epoch (all minibatches once) in float32, CleanRL's code."""
    lstm = arch == "lstm"
    agent, optimizer = new_agent(arch, 6)
    b = fake_rollout(n, steps, 1 if lstm else 4)
    state = (torch.zeros(1, n, 128), torch.zeros(1, n, 128))
    update_epoch(agent, optimizer, lstm, b, state, n, steps)
    rates = []
    for _ in range(3):
        t0 = time.perf_counter()
        update_epoch(agent, optimizer, lstm, b, state, n, steps)
        rates.append(n * steps / (time.perf_counter() - t0))
    print("torch %s, %d threads, ppo %s %d x %d: samples/s %s (best %.0f)" % (
        torch.__version__, torch.get_num_threads(), arch, n, steps, " ".join("%.0f" % r for r in rates), max(rates)))


def atari_wrappers():
    """SB3's atari_wrappers.py itself, without importing the rest of SB3 (its one SB3 import, type aliases, stubbed)."""
    import importlib.util
    import types
    origin = importlib.util.find_spec("stable_baselines3").origin
    aliases = types.ModuleType("stable_baselines3.common.type_aliases")
    aliases.AtariResetReturn = aliases.AtariStepReturn = tuple
    for name in ("stable_baselines3", "stable_baselines3.common"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["stable_baselines3.common.type_aliases"] = aliases
    spec = importlib.util.spec_from_file_location("sb3_atari_wrappers", os.path.join(os.path.dirname(origin), "common", "atari_wrappers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def atari_envs(game, n, frames):
    """CleanRL's make_env: SB3's wrappers, then gym's ResizeObservation (cv2 INTER_AREA) and grey as CleanRL's script
    has them (our trainer's frame order), stacked, in a same-step autoreset vector env."""
    import ale_py
    import gymnasium as gym
    gym.register_envs(ale_py)
    w = atari_wrappers()

    def make(i):
        def thunk():
            env = gym.make(game + "NoFrameskip-v4")
            env = w.MaxAndSkipEnv(w.NoopResetEnv(env, noop_max=30), skip=4)
            env = w.EpisodicLifeEnv(env)
            if "FIRE" in env.unwrapped.get_action_meanings():
                env = w.FireResetEnv(env)
            env = gym.wrappers.GrayscaleObservation(gym.wrappers.ResizeObservation(w.ClipRewardEnv(env), (84, 84)))
            return gym.wrappers.FrameStackObservation(env, frames)
        return thunk
    return gym.vector.SyncVectorEnv([make(i) for i in range(n)], autoreset_mode=gym.vector.AutoresetMode.SAME_STEP)


def loop(arch, n, steps, updates, game):
    """Env steps/s of CleanRL's whole iteration (collect, GAE, 4 update epochs) over `updates` after one warm-up."""
    lstm = arch == "lstm"
    frames = 1 if lstm else 4
    envs = atari_envs(game, n, frames)
    agent, optimizer = new_agent(arch, envs.single_action_space.n)
    next_obs = torch.Tensor(envs.reset(seed=0)[0]).reshape(n, frames, 84, 84)
    next_done = torch.zeros(n)
    state = (torch.zeros(1, n, 128), torch.zeros(1, n, 128))
    t0 = None
    for it in range(updates + 1):
        if it == 1:
            t0 = time.perf_counter()
        b = {k: [] for k in ("obs", "actions", "logprobs", "values", "rewards", "dones")}
        initial = (state[0].clone(), state[1].clone())
        for _ in range(steps):
            b["obs"].append(next_obs)
            b["dones"].append(next_done)
            with torch.no_grad():
                if lstm:
                    action, logprob, _, value, state = agent.get_action_and_value(next_obs, state, next_done)
                else:
                    action, logprob, _, value = agent.get_action_and_value(next_obs)
            obs, reward, term, trunc, _ = envs.step(action.numpy())
            next_obs = torch.Tensor(obs).reshape(n, frames, 84, 84)
            next_done = torch.Tensor(np.logical_or(term, trunc).astype(np.float32))
            for k, v in (("actions", action), ("logprobs", logprob), ("values", value.flatten()), ("rewards", torch.Tensor(reward))):
                b[k].append(v)
        with torch.no_grad():
            next_value = (agent.critic(agent.get_states(next_obs, state, next_done)[0]) if lstm
                          else agent.critic(agent.network(next_obs / 255.0))).reshape(-1)
        rollout = {k: torch.stack(v) for k, v in b.items()}
        adv, ret = gae(rollout["rewards"], rollout["values"], rollout["dones"], next_value, next_done, steps)
        flat = {k: v.reshape((-1,) + v.shape[2:]) for k, v in rollout.items()}
        flat["advantages"], flat["returns"] = adv.reshape(-1), ret.reshape(-1)
        for _ in range(4):
            update_epoch(agent, optimizer, lstm, flat, initial, n, steps)
    rate = updates * n * steps / (time.perf_counter() - t0)
    print("torch %s, %d threads, ppo %s loop %s %d x %d, %d updates: env steps/s %.1f" % (
        torch.__version__, torch.get_num_threads(), arch, game, n, steps, updates, rate))


def load(file, arch, d):
    state = torch.load(file, weights_only=True)
    agent = (LstmAgent if arch == "lstm" else Agent)(state["actor.bias"].numel())
    agent.load_state_dict(state, strict=True)
    for name, p in agent.named_parameters():
        save(d, name, p.detach().numpy())


if __name__ == "__main__":
    if sys.argv[1] == "--load":
        load(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "--loop":
        sys.path.extend(sys.argv[7:])
        loop(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    elif sys.argv[1] == "--bench":
        bench(sys.argv[2], *(int(a) for a in sys.argv[3:5])) if len(sys.argv) > 4 else bench(sys.argv[2], 8, 128)
    else:
        reference(sys.argv[2], sys.argv[3], int(sys.argv[4]))
