#!/usr/bin/env python3
"""Batched PyTorch baseline of perturbation saliency (Greydanus et al. 2018), for `bench saliency`.

  bench_torch_saliency.py --agent FILE --inputs INPUTS.npy --states STATES.npy [--stride 5]
      [--radius 5] [--blur 3] [--mode occlude|searchlight] [--threads T] [--warmup 2] --out DIR

INPUTS.npy: float32 [F,80,80] preprocessed frames; STATES.npy: float32 [F,256] GRU states h of the
step before each frame. The agent is a baby-a3c state dict (4 x Conv2d 32@3x3 stride 2 pad 1 +
ELU, GRUCell 800->256, critic_linear, actor_linear), read with torch.load (weights_only=True where
this torch has it), legacy or zip format.

Per frame, ONE batched forward under torch.no_grad() of the unperturbed input plus every
perturbed input (1 + g*g images, 257 for stride 5), all starting from the frame's state:
  occlude      I' = I*(1-M) + B*M        searchlight  I' = I*M + B*(1-M)
  actor score  0.5 * sum((logits(I) - logits(I'))^2)    critic score  0.5 * (V(I) - V(I'))^2
with B = I blurred by a Gaussian of sigma --blur and M the masks of the grid points (rows and
columns 0, d, 2d, ... < 80): a 5-pixel cross (|offset|^2 <= 1, clipped at the border) blurred with
sigma --radius and divided by its maximum.
Both Gaussians are implemented here in torch with scipy.ndimage.gaussian_filter's semantics
(mode 'reflect' = edge pixel repeated, truncate 4.0, normalised kernel), as products with 80x80
blur matrices: blur(X) = G @ X @ G^T, where G holds the 1-D kernel with the reflections folded
in. The mask bank is built once, in float64, before any timing; the frame blur (float32) is part
of each frame's time. The network runs in float32.

Timing: --warmup untimed passes over the first frames, then each of the F frames is timed from
its input tensor to its score grids as numpy arrays (blur + perturbation + forward + scores).
Prints ONE JSON line on stdout:
  {"seconds_per_frame": median, "per_frame": [...], "threads": T, "torch_version": "...",
   "frames": F, "grid": g, "batch": 1+g*g, "mask_bank_seconds": ...}
and writes DIR/actor.npy, DIR/critic.npy (float32 [F,g,g]).
Exit status: 2 bad arguments or inputs, 3 missing package or file, 1 other failure.
"""
import argparse
import json
import os
import statistics
import sys
import time

SIZE = 80
HIDDEN = 256


def fail(code, msg):
    print('bench_torch_saliency: ' + msg, file=sys.stderr)
    sys.exit(code)


try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # one line; the Java side shows it
    fail(3, 'missing Python package (%s); run ./atari-saliency setup --bench' % e)


class BabyA3C(nn.Module):
    def __init__(self, actions):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.conv4 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.gru = nn.GRUCell(32 * 5 * 5, HIDDEN)
        self.critic_linear = nn.Linear(HIDDEN, 1)
        self.actor_linear = nn.Linear(HIDDEN, actions)

    def forward(self, x, hx):
        x = F.elu(self.conv1(x))
        x = F.elu(self.conv2(x))
        x = F.elu(self.conv3(x))
        x = F.elu(self.conv4(x))
        hx = self.gru(x.view(-1, 32 * 5 * 5), hx)
        return self.critic_linear(hx), self.actor_linear(hx), hx


def load_agent(path):
    try:
        try:
            sd = torch.load(path, map_location='cpu', weights_only=True)
        except TypeError:  # torch without weights_only
            sd = torch.load(path, map_location='cpu')
    except Exception as e:
        fail(3, 'cannot read checkpoint %s: %s' % (path, str(e).splitlines()[0] if str(e) else type(e).__name__))
    if isinstance(sd, dict) and not any(torch.is_tensor(v) for v in sd.values()):
        for k in ('state_dict', 'model_state_dict', 'model'):
            if isinstance(sd.get(k), dict):
                sd = sd[k]
                break
    if not isinstance(sd, dict) or 'actor_linear.weight' not in {k.replace('module.', '', 1) for k in sd}:
        fail(3, 'not a baby-a3c state dict: ' + path)
    sd = {k.replace('module.', '', 1): v.float() for k, v in sd.items() if torch.is_tensor(v)}
    model = BabyA3C(sd['actor_linear.weight'].shape[0])
    try:
        model.load_state_dict(sd, strict=True)
    except RuntimeError as e:
        fail(3, 'not a baby-a3c (GRU) state dict: ' + str(e).splitlines()[0])
    return model.eval()


def blur_matrix(sigma, n=SIZE, truncate=4.0):
    """G [n,n] float64 with (G @ x) == scipy.ndimage.gaussian_filter1d(x, sigma, axis=0,
    mode='reflect', truncate=truncate): kernel radius int(truncate*sigma + 0.5), reflections of
    out-of-range indices (d c b a | a b c d | d c b a, period 2n) folded into the matrix."""
    rad = int(truncate * sigma + 0.5)
    k = torch.exp(-0.5 * (torch.arange(-rad, rad + 1, dtype=torch.float64) / sigma) ** 2)
    k = k / k.sum()
    g = torch.zeros(n, n, dtype=torch.float64)
    for i in range(n):
        for t in range(2 * rad + 1):
            j = (i + t - rad) % (2 * n)
            if j >= n:
                j = 2 * n - 1 - j
            g[i, j] += k[t]
    return g


def mask_bank(stride, radius):
    """[g*g,80,80] float64 masks of the grid points, row-major over (row, column)."""
    pts = list(range(0, SIZE, stride))
    g = blur_matrix(radius)
    yy = torch.arange(SIZE).view(-1, 1)
    xx = torch.arange(SIZE).view(1, -1)
    crosses = torch.stack([(((yy - i) ** 2 + (xx - j) ** 2) <= 1).to(torch.float64) for i in pts for j in pts])
    m = g @ crosses @ g.T
    return m / m.amax(dim=(1, 2), keepdim=True), len(pts)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--agent', required=True)
    p.add_argument('--inputs', required=True)
    p.add_argument('--states', required=True)
    p.add_argument('--stride', type=int, default=5)
    p.add_argument('--radius', type=float, default=5)
    p.add_argument('--blur', type=float, default=3)
    p.add_argument('--mode', choices=['occlude', 'searchlight'], default='occlude')
    p.add_argument('--threads', type=int, default=0, help='torch threads (default: torch\'s default)')
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--out', required=True)
    a = p.parse_args()
    if not 1 <= a.stride <= SIZE or a.radius <= 0 or a.blur <= 0 or a.threads < 0 or a.warmup < 0:
        fail(2, 'need 1 <= --stride <= 80, --radius > 0, --blur > 0, --threads >= 0, --warmup >= 0')
    for f in (a.agent, a.inputs, a.states):
        if not os.path.isfile(f):
            fail(3, 'no such file: ' + f)
    if a.threads:
        torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    threads = torch.get_num_threads()

    inputs = np.load(a.inputs)
    states = np.load(a.states)
    if inputs.ndim == 4 and inputs.shape[1] == 1:
        inputs = inputs[:, 0]
    if inputs.ndim != 3 or inputs.shape[1:] != (SIZE, SIZE) or len(inputs) == 0:
        fail(2, '--inputs: need float32 [F,80,80], got %s' % (inputs.shape,))
    states = states.reshape(len(states), -1) if states.ndim >= 2 else states
    if states.shape != (len(inputs), HIDDEN):
        fail(2, '--states: need float32 [%d,%d], got %s' % (len(inputs), HIDDEN, states.shape))
    frames = len(inputs)

    model = load_agent(a.agent)
    t0 = time.perf_counter()
    masks, g = mask_bank(a.stride, a.radius)
    masks = masks.float()
    inv = 1 - masks
    gblur = blur_matrix(a.blur).float()
    bank_seconds = time.perf_counter() - t0
    xs = [torch.from_numpy(np.ascontiguousarray(inputs[f], dtype=np.float32)) for f in range(frames)]
    hs = [torch.from_numpy(np.ascontiguousarray(states[f], dtype=np.float32)).view(1, HIDDEN) for f in range(frames)]
    n = g * g

    def one_frame(x, h):
        with torch.no_grad():
            b = gblur @ x @ gblur.T
            if a.mode == 'occlude':
                pert = x * inv + b * masks
            else:
                pert = x * masks + b * inv
            batch = torch.cat([x.view(1, SIZE, SIZE), pert]).view(n + 1, 1, SIZE, SIZE)
            value, logits, _ = model(batch, h.expand(n + 1, HIDDEN))
            actor = 0.5 * ((logits[1:] - logits[:1]) ** 2).sum(dim=1)
            critic = 0.5 * (value[1:, 0] - value[0, 0]) ** 2
            return actor.view(g, g).numpy().copy(), critic.view(g, g).numpy().copy()

    for w in range(a.warmup):
        one_frame(xs[w % frames], hs[w % frames])
    actor = np.zeros((frames, g, g), np.float32)
    critic = np.zeros((frames, g, g), np.float32)
    per_frame = []
    for f in range(frames):
        t = time.perf_counter()
        actor[f], critic[f] = one_frame(xs[f], hs[f])
        per_frame.append(time.perf_counter() - t)

    os.makedirs(a.out, exist_ok=True)
    np.save(os.path.join(a.out, 'actor.npy'), actor)
    np.save(os.path.join(a.out, 'critic.npy'), critic)
    print(json.dumps({'seconds_per_frame': statistics.median(per_frame), 'per_frame': per_frame,
                      'threads': threads, 'torch_version': torch.__version__, 'frames': frames,
                      'grid': g, 'batch': n + 1, 'mask_bank_seconds': bank_seconds}))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as e:  # one line on stderr
        fail(1, '%s: %s' % (type(e).__name__, str(e).splitlines()[0] if str(e) else ''))
