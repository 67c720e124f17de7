#!/usr/bin/env python3
"""Reference fixtures for org.atarisaliency.env.Sb3Preprocessing (bit-exactness tests).

Stable-Baselines3's WarpFrame (atari_wrappers.py), the transform SB3 / RL Zoo / CleanRL Atari
agents were trained on:

    frame = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
    frame = cv2.resize(frame, (84, 84), interpolation=cv2.INTER_AREA)

computed by OpenCV itself on real ALE frames (Pong, Breakout, SpaceInvaders, random play with a
fixed seed, raw frames and MaxAndSkipEnv-style max-pooled pairs) and on synthetic worst cases.

Usage: PYTHONPATH=<project>/.deps/python:<project>/.deps/sb3py python3 make_sb3_fixtures.py OUT_DIR

Files written to OUT_DIR (all .npy):
  frames.npy         uint8  [N,210,160,3]  input RGB frames
  grey.npy           uint8  [N,210,160]    cv2.cvtColor(frame, COLOR_RGB2GRAY)
  obs.npy            uint8  [N,84,84]      cv2.resize(grey, (84,84), INTER_AREA)
  grey_all.npy       uint8  [4096,4096]    COLOR_RGB2GRAY of every colour: pixel i = (i>>16, i>>8 & 255, i & 255)
  resize_cases.npy   int32  [K,4]          (w, h, newW, newH), shrinks with non-integer scales
  resize_<k>_in.npy  uint8  [h,w]
  resize_<k>_out.npy uint8  [newH,newW]    cv2.resize(..., INTER_AREA)
Exit status 3 (with a one-line message) when a required package is missing.
"""
import os
import sys

SETUP_HINT = "run the set-up: ./atari-saliency setup --tests (opencv-python-headless into .deps/sb3py)"

try:
    import numpy as np
    import cv2
    from ale_py import ALEInterface, LoggerMode, roms
except ImportError as e:  # one line, the Java test shows it
    print(f"missing Python package ({e}); {SETUP_HINT}", file=sys.stderr)
    sys.exit(3)

SEED = 20250412
GAMES = ["pong", "breakout", "space_invaders"]
STEPS_PER_GAME = 150  # random actions, three emulator frames each



def collect_frames(rng):
    frames = []
    ALEInterface.setLoggerMode(LoggerMode.Error)
    for gi, game in enumerate(GAMES):
        ale = ALEInterface()
        ale.setInt("random_seed", SEED + gi)
        ale.setFloat("repeat_action_probability", 0.0)
        ale.loadROM(roms.get_rom_path(game))
        actions = ale.getMinimalActionSet()
        ale.reset_game()
        prev = np.array(ale.getScreenRGB(), dtype=np.uint8)
        for step in range(STEPS_PER_GAME):
            a = actions[int(rng.integers(len(actions)))]
            for _ in range(3):
                ale.act(a)
            cur = np.array(ale.getScreenRGB(), dtype=np.uint8)
            if step % 3 == 0:
                frames.append(cur)
            elif step % 3 == 1:
                frames.append(np.maximum(prev, cur))
            prev = cur
            if ale.game_over():
                ale.reset_game()
    return frames


def synthetic(rng):
    out = [np.zeros((210, 160, 3), np.uint8), np.full((210, 160, 3), 255, np.uint8)]
    for _ in range(6):
        out.append(rng.integers(0, 256, size=(210, 160, 3), dtype=np.uint8))
    for _ in range(3):  # extremes only: every channel 0 or 255
        out.append((rng.integers(0, 2, size=(210, 160, 3)) * 255).astype(np.uint8))
    stripes = np.zeros((210, 160, 3), np.uint8)
    stripes[::2] = 255
    stripes[:, 1::3] = 255 - stripes[:, 1::3]
    out.append(stripes)
    check = ((np.indices((210, 160)).sum(0) % 2) * 255).astype(np.uint8)
    out.append(np.repeat(check[:, :, None], 3, axis=2))
    return out


def save(out_dir, name, arr):
    path = os.path.join(out_dir, name)
    tmp = f"{path}.{os.getpid()}.tmp.npy"  # unique: concurrent runs must not share it
    np.save(tmp, arr)
    os.replace(tmp, path)


def warp(frame):
    grey = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
    return grey, cv2.resize(grey, (84, 84), interpolation=cv2.INTER_AREA)


def main():
    if len(sys.argv) != 2:
        print("usage: make_sb3_fixtures.py OUT_DIR", file=sys.stderr)
        sys.exit(2)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(SEED)
    frames = np.stack(collect_frames(rng) + synthetic(rng))
    warped = [warp(np.ascontiguousarray(f)) for f in frames]
    save(out_dir, "frames.npy", frames)
    save(out_dir, "grey.npy", np.stack([w[0] for w in warped]))
    save(out_dir, "obs.npy", np.stack([w[1] for w in warped]))

    i = np.arange(1 << 24, dtype=np.uint32)
    every = np.stack([(i >> 16) & 255, (i >> 8) & 255, i & 255], axis=1).astype(np.uint8).reshape(4096, 4096, 3)
    save(out_dir, "grey_all.npy", cv2.cvtColor(every, cv2.COLOR_RGB2GRAY))

    cases = [(160, 210, 84, 84), (160, 210, 64, 64), (160, 210, 100, 120), (7, 5, 3, 2), (10, 3, 4, 3),
             (5, 9, 5, 4), (97, 61, 96, 60), (210, 160, 84, 84)]
    while len(cases) < 40:
        w, h = (int(v) for v in rng.integers(1, 230, size=2))
        nw, nh = int(rng.integers(1, w + 1)), int(rng.integers(1, h + 1))
        sx, sy = 1.0 / (nw / w), 1.0 / (nh / h)
        if abs(sx - round(sx)) < 2.3e-16 and abs(sy - round(sy)) < 2.3e-16:
            continue  # OpenCV's integer-scale path (resizeAreaFast), not reproduced
        cases.append((w, h, nw, nh))
    for k, (w, h, nw, nh) in enumerate(cases):
        grey = rng.integers(0, 256, size=(h, w), dtype=np.uint8)
        if k % 5 == 4:
            grey = (grey > 127).astype(np.uint8) * 255
        out = cv2.resize(grey, (nw, nh), interpolation=cv2.INTER_AREA)
        assert out.shape == (nh, nw)
        save(out_dir, f"resize_{k}_in.npy", grey)
        save(out_dir, f"resize_{k}_out.npy", out)
    save(out_dir, "resize_cases.npy", np.array(cases, dtype=np.int32))
    print(f"wrote {len(frames)} frames and {len(cases)} resize cases to {out_dir} (OpenCV {cv2.__version__})")


if __name__ == "__main__":
    main()
