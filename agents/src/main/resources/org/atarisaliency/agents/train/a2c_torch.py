"""PyTorch reference of one A2C update of the A3C actor-critic: the Java learner's tests and `bench train`.

Usage:
  a2c_torch.py DIR            one update in float64 on the inputs in DIR
  a2c_torch.py --imitate DIR  the same with the imitation loss: mean cross-entropy of the policy
                              to the expert labels in DIR/labels.npy [T*N] int32 (rewards unused,
                              the critic gets no gradient, so torch's Adam leaves it as it is)
  a2c_torch.py --bench [N T]  samples/s of float32 updates of N x T (default 16 x 20)
                                        with torch.set_num_threads(2)

DIR holds what the Java test wrote: one <torch name>.npy per tensor, any shape with the right
number of values (conv1.weight, ..., gru.* or lstm.*, critic_linear.*, actor_linear.*), obs.npy [(T+1)*N,C,80,80] float32, actions.npy [T*N]
int32, rewards.npy [T*N] float32, dones.npy [T*N] uint8, h0.npy [N,H] (and c0.npy for an LSTM),
config.txt "gamma lambda lr value_coef entropy_coef max_grad_norm beta1 beta2 eps".
Writes grad.<name>.npy (the loss gradient; zeros where a tensor gets none), new.<name>.npy (the
weights after clip_grad_norm_ and one torch.optim.Adam step), and result.txt "loss grad_norm"
("loss grad_norm accuracy" with --imitate; float32 .npy, text for scalars).
Needs Debian's python3-torch and python3-numpy (run with /usr/bin/python3).
"""
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    """baby-a3c's NNPolicy (conv x4 + GRUCell) or visualize_atari's (conv x4 + LSTMCell)."""

    def __init__(self, channels, hidden, actions, lstm):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.conv4 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.lstm_cell = lstm
        if lstm:
            self.lstm = nn.LSTMCell(32 * 5 * 5, hidden)
        else:
            self.gru = nn.GRUCell(32 * 5 * 5, hidden)
        self.critic_linear = nn.Linear(hidden, 1)
        self.actor_linear = nn.Linear(hidden, actions)

    def features(self, x):
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            x = F.elu(conv(x))
        return x.reshape(x.shape[0], -1)


def forward(net, obs, dones, state, n, steps):
    """Logits [T, N, A] of the T learning steps and values [T+1, N], through time with done-resets."""
    feats = net.features(obs).reshape(steps + 1, n, -1)
    logits, values = [], []
    for t in range(steps + 1):
        if net.lstm_cell:
            h, c = net.lstm(feats[t], state)
            state = (h, c)
        else:
            h = net.gru(feats[t], state)
            state = h
        logits.append(net.actor_linear(h))
        values.append(net.critic_linear(h).squeeze(1))
        if t < steps:
            keep = (1 - dones[t]).unsqueeze(1)
            state = tuple(s * keep for s in state) if net.lstm_cell else state * keep
    return torch.stack(logits[:steps]), torch.stack(values)


def loss_of(net, obs, actions, rewards, dones, state, n, steps, cfg):
    """The A2C loss and its terms (the Java learner's definition)."""
    gamma, lam, _, value_coef, entropy_coef = cfg[:5]
    logits, v = forward(net, obs, dones, state, n, steps)
    with torch.no_grad():
        adv = torch.zeros_like(v[:steps])
        nxt = torch.zeros_like(v[0])
        for t in reversed(range(steps)):
            keep = 1 - dones[t]
            delta = rewards[t] + gamma * v[t + 1] * keep - v[t]
            nxt = delta + gamma * lam * keep * nxt
            adv[t] = nxt
        ret = adv + v[:steps]
    logp = F.log_softmax(logits, -1)
    entropy = -(logp.exp() * logp).sum(-1)
    logp_a = logp.gather(2, actions.unsqueeze(2)).squeeze(2)
    return (-logp_a * adv + value_coef * 0.5 * (ret - v[:steps]) ** 2 - entropy_coef * entropy).mean()


def imitation_loss_of(net, obs, labels, dones, state, n, steps):
    """The imitation loss (mean cross-entropy to the labels [T, N]) and the arg-max accuracy."""
    logits, _ = forward(net, obs, dones, state, n, steps)
    flat = logits.reshape(steps * n, -1)
    accuracy = (flat.argmax(-1) == labels.reshape(-1)).double().mean().item()
    return F.cross_entropy(flat, labels.reshape(-1)), accuracy


def load(d, name):
    return np.load(os.path.join(d, name + ".npy"))


def save(d, name, a):
    np.save(os.path.join(d, name + ".npy"), np.ascontiguousarray(a, dtype=np.float32))


def reference(d, imitate=False):
    torch.set_num_threads(1)
    cfg = [float(x) for x in open(os.path.join(d, "config.txt")).read().split()]
    lstm = os.path.exists(os.path.join(d, "lstm.weight_ih.npy"))
    hidden = load(d, "critic_linear.weight").size
    actions_n = load(d, "actor_linear.bias").size
    obs = torch.from_numpy(load(d, "obs").astype(np.float64))
    net = Net(obs.shape[1], hidden, actions_n, lstm).double()
    with torch.no_grad():
        for name, p in net.named_parameters():
            p.copy_(torch.from_numpy(load(d, name).astype(np.float64)).reshape(p.shape))
    h0 = torch.from_numpy(load(d, "h0").astype(np.float64))
    n = h0.shape[0]
    steps = obs.shape[0] // n - 1
    actions = torch.from_numpy(load(d, "actions").astype(np.int64)).reshape(steps, n)
    rewards = torch.from_numpy(load(d, "rewards").astype(np.float64)).reshape(steps, n)
    dones = torch.from_numpy(load(d, "dones").astype(np.float64)).reshape(steps, n)
    state = (h0, torch.from_numpy(load(d, "c0").astype(np.float64))) if lstm else h0
    extra = ""
    if imitate:
        labels = torch.from_numpy(load(d, "labels").astype(np.int64)).reshape(steps, n)
        loss, accuracy = imitation_loss_of(net, obs, labels, dones, state, n, steps)
        extra = " %r" % accuracy
    else:
        loss = loss_of(net, obs, actions, rewards, dones, state, n, steps, cfg)
    loss.backward()
    for name, p in net.named_parameters():
        save(d, "grad." + name, p.grad.numpy() if p.grad is not None else np.zeros(tuple(p.shape)))
    norm = nn.utils.clip_grad_norm_(net.parameters(), cfg[5])
    opt = torch.optim.Adam(net.parameters(), lr=cfg[2], betas=(cfg[6], cfg[7]), eps=cfg[8])
    opt.step()
    for name, p in net.named_parameters():
        save(d, "new." + name, p.detach().numpy())
    with open(os.path.join(d, "result.txt"), "w") as f:
        f.write("%r %r%s\n" % (loss.item(), float(norm), extra))


def bench(n, steps):
    torch.set_num_threads(2)
    torch.manual_seed(0)
    net = Net(1, 256, 6, False)
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    obs = (torch.rand((steps + 1) * n, 1, 80, 80) * 4).floor() / 3
    actions = torch.randint(0, 6, (steps, n))
    rewards = (torch.rand(steps, n) < 0.05).float()
    dones = (torch.rand(steps, n) < 0.02).float()
    cfg = [0.99, 1.0, 1e-4, 0.5, 0.01, 40.0]

    def update():
        loss = loss_of(net, obs, actions, rewards, dones, torch.zeros(n, 256), n, steps, cfg)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), cfg[5])
        opt.step()

    for _ in range(3):
        update()
    rates = []
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(5):
            update()
        rates.append(5 * n * steps / (time.perf_counter() - t0))
    print("torch %s, %d threads, %d x %d: samples/s %s (best %.0f)" % (
        torch.__version__, torch.get_num_threads(), n, steps, " ".join("%.0f" % r for r in rates), max(rates)))


if __name__ == "__main__":
    if sys.argv[1] == "--bench":
        bench(*(int(a) for a in sys.argv[2:4])) if len(sys.argv) > 3 else bench(16, 20)
    elif sys.argv[1] == "--imitate":
        reference(sys.argv[2], imitate=True)
    else:
        reference(sys.argv[1])
