#!/usr/bin/env python3
"""Perturbation saliency (Greydanus et al. 2018) of a Stable-Baselines3 agent computed with SB3's own
policy module, written independently of the Java engine, for Sb3SaliencyReferenceTest.

One 4-frame observation stack S = [F0, F1, F2, F3] (oldest first, floats in 0..1, as VecFrameStack +
VecTransposeImage give the policy, divided by 255) is explained. For each grid point (i, j), rows and
columns 0, d, 2d, ... < 84:
  M   the cross {(y, x): (y-i)^2 + (x-j)^2 <= 1} clipped at the border, Gaussian-filtered with
      sigma = --radius and divided by its maximum;
  B_f F_f Gaussian-filtered with sigma = --blur;
  F'_f = F_f*(1-M) + B_f*M (occlude) or F_f*M + B_f*(1-M) (searchlight), for f = 3 only
      (--perturb newest, the default) or for every f (--perturb stack);
  SB3's policy modules (features extractor, mlp_extractor, action_net / value_net, q_net) are run on
  the perturbed stack [F'_0.., F'_3] in 0..1 (what SB3's preprocess_obs makes of uint8 observations).
The Gaussian filter is written here with numpy only: separable correlation, axis 0 then axis 1, weights
exp(-t^2 / (2 sigma^2)) for |t| <= int(4 sigma + 0.5) normalised to sum 1, border mode 'reflect'
(half-sample symmetric, numpy's pad mode 'symmetric') -- scipy.ndimage.gaussian_filter's semantics.
Masks, blends and scores are float64; the perturbed stack is rounded to float32 (as our engine feeds
the network) and SB3's policy module runs in float64 (policy.double(): its float32 weights exactly), so
that the reference carries no float32 rounding of its own inside the network -- these tiny agents'
maps are small (1e-8..1e-3) differences of outputs of order 0.1, where two float32 implementations
would disagree by ~1e-4 of the map's maximum from summation order alone.
Outputs L and V:
  PPO / A2C (ActorCriticPolicy): L = action_net(latent_pi) (raw logits), V = value_net(latent_vf)
  DQN: L = q_net(obs) (Q-values), V = max_a Q
Scores per grid point: actor 0.5*||L(S) - L(S')||^2, critic 0.5*(V(S) - V(S'))^2, chosen
0.5*(logp(S)[a*] - logp(S')[a*])^2 with logp = log_softmax(L) and a* = argmax L(S).
Score grids are upsampled to 84x84 with Pillow's BILINEAR resize of the float32 grid (mode 'F').

rppo (sb3-contrib RecurrentPPO, one frame per step): L, V from one LSTM step from the recorded state before
the explained step (--state), the same state for every perturbed input, as the agent carried it.

Usage: PYTHONPATH=.deps/sb3 /usr/bin/python3 reference_sb3_saliency.py --agent ppo.zip --algo ppo
         --obs OBS.npy [--index 5] [--stride 5] [--radius 5] [--blur 3] [--mode occlude|searchlight]
         [--perturb newest|stack] --out DIR
OBS.npy: float32 [N, 4, 84, 84] stacks in 0..1 (sb3_agents.py's KIND.obs.npy); --index picks one.
Writes DIR/actor.npy, critic.npy, chosen.npy [g, g], actor_84.npy, critic_84.npy, chosen_84.npy,
logits.npy [A], value.npy [1] (float32) and summary.json.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

torch.set_num_threads(1)
BILINEAR = Image.Resampling.BILINEAR if hasattr(Image, "Resampling") else Image.BILINEAR


def gaussian_kernel(sigma):
    r = int(4.0 * sigma + 0.5)
    t = np.arange(-r, r + 1, dtype=np.float64)
    w = np.exp(-0.5 * t * t / (sigma * sigma))
    return w / w.sum()


def gaussian_filter(img, sigma):
    """2-D image (float64) -> filtered (float64), scipy.ndimage.gaussian_filter semantics."""
    img = np.asarray(img, np.float64)
    if sigma <= 0:
        return img.copy()
    w = gaussian_kernel(sigma)
    r = len(w) // 2
    out = img
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (r, r)
        p = np.pad(out, pad, mode="symmetric")
        n = out.shape[axis]
        acc = np.zeros_like(out)
        for k in range(len(w)):
            acc += w[k] * (p[k:k + n, :] if axis == 0 else p[:, k:k + n])
        out = acc
    return out


def mask(i, j, size, radius):
    m = np.zeros((size, size))
    for y, x in ((i, j), (i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)):
        if 0 <= y < size and 0 <= x < size:
            m[y, x] = 1.0
    m = gaussian_filter(m, radius)
    return m / m.max()


def outputs(policy, algo, stacks01):
    """stacks [B, 4, 84, 84] in 0..1 (float32 values) -> (L [B, A], V [B]) float64, with SB3's modules.

    The stacks go straight to the features extractors: SB3's preprocess_obs would only divide by 255
    (normalize_images, the default) and cast to float32, which the float64 run must not do.
    """
    x = torch.as_tensor(stacks01.astype(np.float32).astype(np.float64))
    assert policy.normalize_images
    with torch.no_grad():
        if algo == "rppo":
            return recurrent_outputs(policy, x)
        if algo == "dqn":
            qn = policy.q_net
            q = qn.q_net(qn.features_extractor(x))
            return q.numpy(), q.max(dim=1).values.numpy()
        if policy.share_features_extractor:
            latent_pi, latent_vf = policy.mlp_extractor(policy.features_extractor(x))
        else:
            latent_pi = policy.mlp_extractor.forward_actor(policy.pi_features_extractor(x))
            latent_vf = policy.mlp_extractor.forward_critic(policy.vf_features_extractor(x))
        return policy.action_net(latent_pi).numpy(), policy.value_net(latent_vf)[:, 0].numpy()


STATE = {}  # rppo: the LSTM states before the explained step, [1, 1, H] float64 each ("pi" and "vf": (h, c))


def recurrent_outputs(policy, x):
    """sb3-contrib RecurrentPPO (default: a critic LSTM on the shared features), one step from STATE for every row."""
    b = x.shape[0]
    rep = lambda t: t.repeat(1, b, 1)
    f = policy.features_extractor(x)
    out_pi, _ = policy.lstm_actor(f[None], tuple(rep(t) for t in STATE["pi"]))
    out_vf, _ = policy.lstm_critic(f[None], tuple(rep(t) for t in STATE["vf"]))
    latent_pi = policy.mlp_extractor.forward_actor(out_pi[0])
    latent_vf = policy.mlp_extractor.forward_critic(out_vf[0])
    return policy.action_net(latent_pi).numpy(), policy.value_net(latent_vf)[:, 0].numpy()


def log_softmax(z):
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def upsample(grid, size):
    return np.asarray(Image.fromarray(grid.astype(np.float32), mode="F").resize((size, size), BILINEAR), dtype=np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agent", required=True)
    ap.add_argument("--algo", required=True, choices=["ppo", "a2c", "dqn", "rppo"])
    ap.add_argument("--state", help="rppo: prefix of recurrent_agents.py's KIND.{h,c,critic_h,critic_c}.npy; the state"
                    " before --index is row index-1 (zeros at 0)")
    ap.add_argument("--obs", required=True)
    ap.add_argument("--index", type=int, default=-1)
    ap.add_argument("--stride", type=int, default=5)
    ap.add_argument("--radius", type=float, default=5.0)
    ap.add_argument("--blur", type=float, default=3.0)
    ap.add_argument("--mode", default="occlude", choices=["occlude", "searchlight"])
    ap.add_argument("--perturb", default="newest", choices=["newest", "stack"])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()

    import stable_baselines3 as sb3
    from sb3_contrib import RecurrentPPO
    cls = {"ppo": sb3.PPO, "a2c": sb3.A2C, "dqn": sb3.DQN, "rppo": RecurrentPPO}[a.algo]
    policy = cls.load(a.agent, device="cpu").policy
    policy.set_training_mode(False)
    policy.double()  # the float32 weights exactly, run in float64: the reference adds no float32 rounding of its own

    stack = np.load(a.obs)[a.index].astype(np.float64)  # [4, 84, 84]
    if a.algo == "rppo":  # one frame per step; the state carried from the previous (unperturbed) step
        stack = stack[None]
        part = lambda name: torch.as_tensor(np.load(a.state + name + ".npy")[a.index - 1].astype(np.float64)).view(1, 1, -1)
        STATE["pi"], STATE["vf"] = (part("h"), part("c")), (part("critic_h"), part("critic_c"))
    k, size = stack.shape[0], stack.shape[1]
    blurred = np.stack([gaussian_filter(f, a.blur) for f in stack])
    frames = range(k) if a.perturb == "stack" else [k - 1]
    points = [(i, j) for i in range(0, size, a.stride) for j in range(0, size, a.stride)]
    g = len(range(0, size, a.stride))

    l0, v0 = outputs(policy, a.algo, stack[None].astype(np.float32))
    act = int(np.argmax(l0[0]))
    lp0 = log_softmax(l0[0])[act]
    actor, critic, chosen = np.zeros(len(points)), np.zeros(len(points)), np.zeros(len(points))
    for s in range(0, len(points), a.batch):
        chunk = points[s:s + a.batch]
        x = np.repeat(stack[None], len(chunk), axis=0)
        for n, (i, j) in enumerate(chunk):
            m = mask(i, j, size, a.radius)
            for f in frames:
                if a.mode == "occlude":
                    x[n, f] = stack[f] * (1 - m) + blurred[f] * m
                else:
                    x[n, f] = stack[f] * m + blurred[f] * (1 - m)
        lo, vo = outputs(policy, a.algo, x.astype(np.float32))
        actor[s:s + len(chunk)] = 0.5 * ((l0 - lo) ** 2).sum(axis=1)
        critic[s:s + len(chunk)] = 0.5 * (v0[0] - vo) ** 2
        chosen[s:s + len(chunk)] = 0.5 * (lp0 - log_softmax(lo)[:, act]) ** 2

    os.makedirs(a.out, exist_ok=True)
    for name, v in (("actor", actor), ("critic", critic), ("chosen", chosen)):
        grid = v.reshape(g, g).astype(np.float32)
        np.save(os.path.join(a.out, name + ".npy"), grid)
        np.save(os.path.join(a.out, name + "_84.npy"), upsample(grid, size))
    np.save(os.path.join(a.out, "logits.npy"), l0[0].astype(np.float32))
    np.save(os.path.join(a.out, "value.npy"), v0.astype(np.float32))
    with open(os.path.join(a.out, "summary.json"), "w") as fh:
        json.dump({"algo": a.algo, "grid": g, "perturb": a.perturb, "mode": a.mode, "stride": a.stride, "radius": a.radius,
                   "blur": a.blur, "action": act, "seconds": time.time() - t0}, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
