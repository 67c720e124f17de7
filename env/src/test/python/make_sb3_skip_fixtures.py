#!/usr/bin/env python3
"""Reference fixtures for AtariEnv.setMaxPoolLastTwo: Stable-Baselines3's MaxAndSkipEnv(skip=4).

Runs gymnasium's {Game}NoFrameskip-v4 (ale_py's AtariEnv: frame skip 1, no sticky actions)
wrapped in SB3's own MaxAndSkipEnv, loaded from stable_baselines3/common/atari_wrappers.py
without importing the rest of SB3 (which needs torch), with seeded random actions; on game over
the episode is reset (the wrapper's buffer persists, as in SB3).

Usage: PYTHONPATH=<project>/.deps/python:<project>/.deps/sb3py python3 make_sb3_skip_fixtures.py OUT_DIR

Files written to OUT_DIR, per game G (all .npy):
  G_actions.npy  int32   [T]        action index of each step (minimal action set)
  G_rewards.npy  int32   [T]        summed reward of each step
  G_flags.npy    int32   [T]        bit 0: terminated or truncated; bit 1: the env was reset after it
  G_reset.npy    uint8   [210,160,3] observation at the first reset
  G_sha1.npy     uint8   [T,20]     SHA-1 of each step's max-pooled RGB observation
  G_frames.npy   uint8   [T/25,210,160,3] the observation of steps 0, 25, 50, ...
  G_obs.npy      uint8   [T,84,84]  WarpFrame (cv2 grey + INTER_AREA) of each observation
Exit status 3 (with a one-line message) when a required package is missing.
"""
import hashlib
import importlib.util
import os
import sys
import types

SETUP_HINT = "run the set-up: ./atari-saliency setup --tests (gymnasium, stable-baselines3 into .deps/sb3py)"

try:
    import numpy as np
    import cv2
    import gymnasium as gym
    import ale_py
    spec = importlib.util.find_spec("stable_baselines3")
    if spec is None:
        raise ImportError("No module named 'stable_baselines3'")
except ImportError as e:  # one line, the Java test shows it
    print(f"missing Python package ({e}); {SETUP_HINT}", file=sys.stderr)
    sys.exit(3)

SEED = 4242
GAMES = {"Pong": 220, "Breakout": 420, "SpaceInvaders": 320}  # steps; Breakout reaches game over


def sb3_atari_wrappers():
    """SB3's atari_wrappers module itself, with its one SB3 import (type aliases) stubbed."""
    pkg_dir = os.path.dirname(spec.origin)
    aliases = types.ModuleType("stable_baselines3.common.type_aliases")
    aliases.AtariResetReturn = tuple
    aliases.AtariStepReturn = tuple
    for name in ("stable_baselines3", "stable_baselines3.common"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["stable_baselines3.common.type_aliases"] = aliases
    path = os.path.join(pkg_dir, "common", "atari_wrappers.py")
    mod_spec = importlib.util.spec_from_file_location("sb3_atari_wrappers", path)
    mod = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(mod)
    return mod


def save(out_dir, name, arr):
    path = os.path.join(out_dir, name)
    tmp = f"{path}.{os.getpid()}.tmp.npy"
    np.save(tmp, arr)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 2:
        print("usage: make_sb3_skip_fixtures.py OUT_DIR", file=sys.stderr)
        sys.exit(2)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    wrappers = sb3_atari_wrappers()
    gym.register_envs(ale_py)
    rng = np.random.default_rng(SEED)
    for game, steps in GAMES.items():
        env = wrappers.MaxAndSkipEnv(gym.make(f"{game}NoFrameskip-v4"), skip=4)
        obs, _ = env.reset(seed=SEED)
        save(out_dir, f"{game}_reset.npy", np.asarray(obs, np.uint8))
        n = env.action_space.n
        acts, rews, flags, sha, frames, warped = [], [], [], [], [], []
        for t in range(steps):
            a = int(rng.integers(n))
            obs, r, term, trunc, _ = env.step(a)
            obs = np.ascontiguousarray(obs, dtype=np.uint8)
            acts.append(a)
            rews.append(int(r))
            sha.append(np.frombuffer(hashlib.sha1(obs.tobytes()).digest(), np.uint8))
            if t % 25 == 0:
                frames.append(obs)
            grey = cv2.cvtColor(obs, cv2.COLOR_RGB2GRAY)
            warped.append(cv2.resize(grey, (84, 84), interpolation=cv2.INTER_AREA))
            f = 1 if (term or trunc) else 0
            if term or trunc:
                env.reset()
                f |= 2
            flags.append(f)
        env.close()
        save(out_dir, f"{game}_actions.npy", np.array(acts, np.int32))
        save(out_dir, f"{game}_rewards.npy", np.array(rews, np.int32))
        save(out_dir, f"{game}_flags.npy", np.array(flags, np.int32))
        save(out_dir, f"{game}_sha1.npy", np.stack(sha))
        save(out_dir, f"{game}_frames.npy", np.stack(frames))
        save(out_dir, f"{game}_obs.npy", np.stack(warped))
        print(f"{game}: {steps} steps, {sum(1 for f in flags if f & 1)} game overs, return {sum(rews)}")


if __name__ == "__main__":
    main()
