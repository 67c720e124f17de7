#!/usr/bin/env python3
"""Reference fixtures for org.atarisaliency.env.Preprocessing (bit-exactness tests).

Plays a few ALE games with random actions (fixed seed), collects real RGB frames
and computes the preprocessing the pretrained agents (baby-a3c, Greydanus'
visualize_atari) were trained on:

    prepro = lambda img: imresize(img[35:195].mean(2), (80,80)).astype(np.float32).reshape(1,80,80)/255.

where scipy.misc.imresize = bytescale (old scipy, re-implemented below in numpy)
followed by PIL Image.resize(..., BILINEAR) on a mode 'L' image.

Also writes random grey images of assorted sizes resized by Pillow BILINEAR, to test
the general resizer.

Usage: PYTHONPATH=<project>/.deps/python python3 make_preprocess_fixtures.py OUT_DIR

Files written to OUT_DIR (all .npy):
  frames.npy           uint8   [N,210,160,3]  input RGB frames
  expected_scaled.npy  uint8   [N,160,160]    crop + mean + bytescale (before the resize)
  expected_u8.npy      uint8   [N,80,80]      after the resize
  expected_f32.npy     float32 [N,80,80]      after /255
  resize_cases.npy     int32   [K,4]          (w, h, newW, newH) per case
  resize_<k>_in.npy    uint8   [h,w]
  resize_<k>_out.npy   uint8   [newH,newW]
Exit status 3 (with a one-line message) when a required package is missing.
"""
import os
import sys

SETUP_HINT = "run the set-up: pip install --target .deps/python ale-py numpy pillow"

try:
    import numpy as np
    from PIL import Image
    from ale_py import ALEInterface, LoggerMode, roms
except ImportError as e:  # one line, the Java test shows it
    print(f"missing Python package ({e}); {SETUP_HINT}", file=sys.stderr)
    sys.exit(3)

SEED = 20240611
GAMES = ["pong", "breakout", "space_invaders", "ms_pacman", "seaquest", "enduro"]
# frames taken right after reset (step 0) and after these numbers of random steps
PICK_STEPS = (0, 90, 250, 420)

BILINEAR = Image.Resampling.BILINEAR if hasattr(Image, "Resampling") else Image.BILINEAR


def bytescale(data, high=255, low=0):
    """scipy.misc.bytescale (scipy <= 1.2) with cmin/cmax None, for a float array."""
    if data.dtype == np.uint8:
        return data
    cmin = data.min()
    cmax = data.max()
    cscale = cmax - cmin
    if cscale < 0:
        raise ValueError("cmax should be larger than cmin")
    elif cscale == 0:
        cscale = 1
    scale = float(high - low) / cscale
    bytedata = (data - cmin) * scale + low
    return (bytedata.clip(low, high) + 0.5).astype(np.uint8)


def reference(frame):
    """Returns (scaled uint8 160x160, resized uint8 80x80, float32 80x80)."""
    grey = frame[35:195].mean(2)  # float64
    scaled = bytescale(grey)
    im = Image.fromarray(scaled)
    assert im.mode == "L"
    small = np.asarray(im.resize((80, 80), BILINEAR), dtype=np.uint8)
    return scaled, small, small.astype(np.float32) / 255.0


def collect_frames():
    rng = np.random.default_rng(SEED)
    frames = []
    ALEInterface.setLoggerMode(LoggerMode.Error)
    for gi, game in enumerate(GAMES):
        ale = ALEInterface()
        ale.setInt("random_seed", SEED + gi)
        ale.setFloat("repeat_action_probability", 0.0)
        ale.loadROM(roms.get_rom_path(game))
        actions = ale.getMinimalActionSet()
        ale.reset_game()
        step = 0
        for target in PICK_STEPS:
            while step < target:
                ale.act(actions[int(rng.integers(len(actions)))])
                step += 1
                if ale.game_over():
                    ale.reset_game()
            frames.append(np.array(ale.getScreenRGB(), dtype=np.uint8).reshape(210, 160, 3))
    # synthetic frames: all black (constant -> all zeros), near-constant crop with
    # varying rows outside the crop, one-pixel range, full-range noise
    black = np.zeros((210, 160, 3), np.uint8)
    frames.append(black)
    near = np.full((210, 160, 3), 87, np.uint8)
    near[:35] = rng.integers(0, 256, size=(35, 160, 3), dtype=np.uint8)
    near[100, 77, 1] = 88  # crop range = 1/3 grey level
    frames.append(near)
    const = np.full((210, 160, 3), 200, np.uint8)
    const[195:] = 3  # outside the crop: must not count
    frames.append(const)
    frames.append(rng.integers(0, 256, size=(210, 160, 3), dtype=np.uint8))
    return np.stack(frames)


RESIZE_CASES = [
    (37, 23, 11, 17),
    (160, 160, 84, 84),
    (100, 50, 120, 70),
    (160, 160, 80, 80),
    (7, 5, 7, 9),      # vertical pass only
    (9, 4, 5, 4),      # horizontal pass only
    (13, 11, 13, 11),  # identity (copy)
    (1, 1, 3, 2),
    (255, 3, 2, 1),
    (3, 200, 1, 7),
    (64, 48, 61, 47),
    (31, 29, 97, 5),
    (120, 90, 100, 20),  # recent Pillow: vertical pass first (h shrinks > 2x as much as w)
    (40, 60, 30, 40),    # h - newH == 2*(w - newW): horizontal first
    (40, 61, 30, 40),    # one more: vertical first
    (50, 300, 40, 100),
]
N_RANDOM_RESIZE = 40  # plus this many random size combinations (fixed seed)


def save(out_dir, name, arr):
    path = os.path.join(out_dir, name)
    tmp = f"{path}.{os.getpid()}.tmp.npy"  # unique: concurrent runs must not share it
    np.save(tmp, arr)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 2:
        print("usage: make_preprocess_fixtures.py OUT_DIR", file=sys.stderr)
        sys.exit(2)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)

    frames = collect_frames()
    refs = [reference(f) for f in frames]
    save(out_dir, "frames.npy", frames)
    save(out_dir, "expected_scaled.npy", np.stack([r[0] for r in refs]))
    save(out_dir, "expected_u8.npy", np.stack([r[1] for r in refs]))
    save(out_dir, "expected_f32.npy", np.stack([r[2] for r in refs]).astype(np.float32))

    rng = np.random.default_rng(SEED + 1000)
    cases = list(RESIZE_CASES)
    for _ in range(N_RANDOM_RESIZE):
        w, h = (int(v) for v in rng.integers(1, 220, size=2))
        nw, nh = (int(v) for v in rng.integers(1, 260, size=2))
        cases.append((w, h, nw, nh))
    for k, (w, h, nw, nh) in enumerate(cases):
        grey = rng.integers(0, 256, size=(h, w), dtype=np.uint8)
        out = np.asarray(Image.fromarray(grey).resize((nw, nh), BILINEAR), dtype=np.uint8)
        assert out.shape == (nh, nw)
        save(out_dir, f"resize_{k}_in.npy", grey)
        save(out_dir, f"resize_{k}_out.npy", out)
    save(out_dir, "resize_cases.npy", np.array(cases, dtype=np.int32))
    print(f"wrote {len(frames)} frames and {len(cases)} resize cases to {out_dir}")


if __name__ == "__main__":
    main()
