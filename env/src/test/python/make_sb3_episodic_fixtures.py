#!/usr/bin/env python3
"""Reference fixtures for org.atarisaliency.env.EpisodicLifeEnv: SB3's own EpisodicLifeEnv under FireResetEnv.

Runs gymnasium's BreakoutNoFrameskip-v4 (ale_py, frame skip 1, no sticky actions) through SB3's
MaxAndSkipEnv(4) -> EpisodicLifeEnv -> FireResetEnv, as AtariWrapper and CleanRL's ppo_atari stack
them but without NoopResetEnv (its random no-op count is not ours to draw), loaded from
stable_baselines3/common/atari_wrappers.py as make_sb3_skip_fixtures.py loads it. Plays seeded
random actions and, as a vector env does, calls reset() after every done (a lost life or a game over).

Usage: PYTHONPATH=<project>/.deps/python:<project>/.deps/sb3py python3 make_sb3_episodic_fixtures.py OUT_DIR

Files written to OUT_DIR (all .npy):
  actions.npy     int32  [T]      action index of each step
  rewards.npy     int32  [T]      reward of each step (unclipped)
  flags.npy       int32  [T]      bit 0: terminated (SB3's done: a life lost or the game over); bit 1: the game
                                  was really over (EpisodicLifeEnv.was_real_done)
  lives.npy       int32  [T]      ale.lives() after each step
  sha1.npy        uint8  [T,20]   SHA-1 of each step's observation (max-pooled RGB 210x160x3)
  reset_sha1.npy  uint8  [R,20]   SHA-1 of the observation each reset() returned (the first one included)
  reset_lives.npy int32  [R]      ale.lives() after each reset()
Exit status 3 (with a one-line message) when a required package is missing.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import numpy as np
    import gymnasium as gym
    import ale_py
    from make_sb3_skip_fixtures import sb3_atari_wrappers, save
except ImportError as e:  # one line, the Java test shows it
    print(f"missing Python package ({e}); run the set-up: ./atari-saliency setup --tests "
          "(gymnasium, stable-baselines3 into .deps/sb3py)", file=sys.stderr)
    sys.exit(3)

SEED = 2626
STEPS = 700  # random play on Breakout: several lost lives and a game over


def sha1(obs):
    return np.frombuffer(hashlib.sha1(np.ascontiguousarray(obs, np.uint8).tobytes()).digest(), np.uint8)


def main():
    if len(sys.argv) != 2:
        print("usage: make_sb3_episodic_fixtures.py OUT_DIR", file=sys.stderr)
        sys.exit(2)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    w = sb3_atari_wrappers()
    gym.register_envs(ale_py)
    episodic = w.EpisodicLifeEnv(w.MaxAndSkipEnv(gym.make("BreakoutNoFrameskip-v4"), skip=4))
    env = w.FireResetEnv(episodic)
    ale = env.unwrapped.ale
    rng = np.random.default_rng(SEED)
    obs, _ = env.reset(seed=SEED)
    resets, reset_lives = [sha1(obs)], [ale.lives()]
    acts, rews, flags, lives, sha = [], [], [], [], []
    for _ in range(STEPS):
        a = int(rng.integers(env.action_space.n))
        obs, r, term, trunc, _ = env.step(a)
        acts.append(a)
        rews.append(int(r))
        flags.append((1 if term or trunc else 0) | (2 if episodic.was_real_done else 0))
        lives.append(ale.lives())
        sha.append(sha1(obs))
        if term or trunc:
            obs, _ = env.reset()
            resets.append(sha1(obs))
            reset_lives.append(ale.lives())
    env.close()
    for name, arr in [("actions", np.array(acts, np.int32)), ("rewards", np.array(rews, np.int32)),
                      ("flags", np.array(flags, np.int32)), ("lives", np.array(lives, np.int32)), ("sha1", np.stack(sha)),
                      ("reset_sha1", np.stack(resets)), ("reset_lives", np.array(reset_lives, np.int32))]:
        save(out_dir, name + ".npy", arr)
    print(f"Breakout: {STEPS} steps, {sum(f & 1 for f in flags)} dones, {sum(1 for f in flags if f & 2)} game overs, return {sum(rews)}")


if __name__ == "__main__":
    main()
