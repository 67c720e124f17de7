#!/usr/bin/env python3
"""Independent numpy/scipy reference of perturbation saliency (Greydanus et al. 2018), for the Java tests.

For the frame at step t the policy is re-run from the recurrent state of step t-1 on perturbed
inputs I' = I*(1-M) + B*M ("occlude"; "searchlight": I*M + B*(1-M)), where
  I  the preprocessed 80x80 input (floats in [0,1]),
  B  I blurred with scipy.ndimage.gaussian_filter(I, sigma=--blur) (mode 'reflect', truncate 4.0),
  M  the mask of a grid point (i, j): the cross {(y, x): (y-i)^2 + (x-j)^2 <= 1} clipped at the
     border, blurred with gaussian_filter(sigma=--radius) and divided by its maximum.
Grid points are rows and columns 0, d, 2d, ... < 80 (ceil(80/d) per side; d = --stride).
Scores per grid point:
  actor         0.5 * sum_a (logits(I)[a] - logits(I')[a])^2
  critic        0.5 * (V(I) - V(I'))^2
  actor_chosen  (--score chosen, Huber et al. 2022) 0.5 * (logp(I)[a*] - logp(I')[a*])^2 with
                logp = log_softmax(logits) and a* = argmax logits(I)
The network is baby-a3c: 4 x (Conv2d 32@3x3, stride 2, padding 1) + ELU on 1x80x80, flatten (C,H,W
order) 800, GRUCell 800->256 (gate order r, z, n; h' = (1-z)*n + z*h), critic_linear 256->1,
actor_linear 256->A. Everything is computed in float64 with numpy (im2col + matmul, the masks in
batches); weights are read with the numpy-only torch_ckpt_tool (no torch).

Upsampling of a score grid to 80x80: Pillow's BILINEAR resize of the float32 grid as a mode 'F'
image, i.e. Image.fromarray(grid.astype(np.float32)).resize((80, 80), BILINEAR). This is the
reference's scipy.misc.imresize(scores, [80, 80], interp='bilinear') WITHOUT its 8-bit
quantisation (imresize bytescales the float grid to uint8 first and visualize_atari then rescales
by pmax / max). Two further deliberate differences from visualize_atari's score_frame:
  * its grid is (int(80/d)+1)^2 (17x17 for d=5), whose last row and column are never written
    (stay 0) when d divides 80, and that zero border is part of what it upsamples; here the grid is
    exactly ceil(80/d) x ceil(80/d) (16x16 for d=5).
  * its preprocessing in later versions uses cv2.resize; here it is the original (and baby-a3c's
    training) imresize(img[35:195].mean(2), (80,80)) / 255 = old scipy bytescale + Pillow BILINEAR.

Usage (PYTHONPATH=<project>/.deps/python):
  reference_saliency.py --agent FILE --frame FRAME.npy [--state STATE.npy] [--stride 5]
      [--radius 5] [--blur 3] [--mode occlude|searchlight] [--score all|chosen] --out DIR
  reference_saliency.py --selftest [--agent FILE]

FRAME.npy: uint8 [210,160,3] RGB frame, or float [80,80] / [1,80,80] already preprocessed input
(then used as is). STATE.npy: float32 GRU state h of the previous step, [256] or [1,256]
(zeros when absent).
Writes to DIR (float32 .npy unless noted):
  input.npy [80,80], blurred.npy [80,80]
  actor.npy, critic.npy [g,g] raw score grids; actor_80.npy, critic_80.npy [80,80] upsampled
  input_change.npy [g,g] sum over pixels of (I' - I)^2 per mask; relative_actor.npy, relative_critic.npy
  (+ _80) the input-relative view: scores / max(input change, 0.01 * its maximum)
  actor_chosen.npy, actor_chosen_80.npy (with --score chosen)
  logits.npy [A], value.npy [1], h_next.npy [256] of the unperturbed input
  mask_center.npy [80,80] the mask of the grid point nearest (40,40)
  summary.json: parameters, grid points, chosen action, mask sums/maxima (raw, before the
  normalisation), timings
Exit status: 2 bad arguments, 3 a missing package or file, 1 a failed self-test.
"""
import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
AGENTS_PY = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'agents', 'src', 'test', 'python'))
SETUP_HINT = "run the set-up: ./atari-saliency setup --tests (pip install --target .deps/python numpy pillow scipy)"

try:
    import numpy as np
    from PIL import Image
    from scipy.ndimage import gaussian_filter
except ImportError as e:
    print(f"missing Python package ({e}); {SETUP_HINT}", file=sys.stderr)
    sys.exit(3)

BILINEAR = Image.Resampling.BILINEAR if hasattr(Image, "Resampling") else Image.BILINEAR
SIZE = 80
HIDDEN = 256


# ------------------------------------------------------------------ preprocessing
# (the same functions as env/src/test/python/make_preprocess_fixtures.py, copied so that this
# script does not need ale-py)

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


def preprocess(frame):
    """imresize(img[35:195].mean(2), (80,80)).astype(np.float32)/255 -> float32 [80,80]."""
    scaled = bytescale(frame[35:195].mean(2))
    small = np.asarray(Image.fromarray(scaled).resize((SIZE, SIZE), BILINEAR), dtype=np.uint8)
    return small.astype(np.float32) / 255.0


# ------------------------------------------------------------------ weights

def load_weights(path):
    """State dict of a baby-a3c checkpoint (legacy or zip) -> dict of float64 arrays."""
    sys.path.insert(0, AGENTS_PY)
    import torch_ckpt_tool  # numpy-only reader (installs a stub 'torch' module)
    sd = torch_ckpt_tool.state_dict_of(torch_ckpt_tool.load(path))
    w = {}
    for k, t in sd.items():
        if isinstance(t, torch_ckpt_tool.Tensor):
            key = k[len('module.'):] if k.startswith('module.') else k
            w[key] = t.values().astype(np.float64)
    need = ['conv%d.%s' % (i, p) for i in range(1, 5) for p in ('weight', 'bias')]
    need += ['gru.weight_ih', 'gru.weight_hh', 'gru.bias_ih', 'gru.bias_hh', 'critic_linear.weight',
             'critic_linear.bias', 'actor_linear.weight', 'actor_linear.bias']
    missing = [k for k in need if k not in w]
    if missing:
        raise ValueError('not a baby-a3c (GRU) state dict; missing ' + ', '.join(missing))
    return w


def random_weights(rng, actions=6):
    w = {}
    c = 1
    for i in range(1, 5):
        w['conv%d.weight' % i] = rng.normal(0, 1 / math.sqrt(9 * c), (32, c, 3, 3))
        w['conv%d.bias' % i] = rng.normal(0, 0.1, 32)
        c = 32
    w['gru.weight_ih'] = rng.normal(0, 1 / math.sqrt(800), (768, 800))
    w['gru.weight_hh'] = rng.normal(0, 1 / math.sqrt(256), (768, 256))
    w['gru.bias_ih'] = rng.normal(0, 0.1, 768)
    w['gru.bias_hh'] = rng.normal(0, 0.1, 768)
    w['critic_linear.weight'] = rng.normal(0, 0.1, (1, 256))
    w['critic_linear.bias'] = rng.normal(0, 0.1, 1)
    w['actor_linear.weight'] = rng.normal(0, 0.1, (actions, 256))
    w['actor_linear.bias'] = rng.normal(0, 0.1, actions)
    return w


# ------------------------------------------------------------------ network (float64)

def elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def conv_s2_nhwc(x, w, b):
    """Conv2d 3x3, stride 2, padding 1 by im2col. x [N,H,W,C]; w [O,C,3,3] (torch layout)."""
    n, hgt, wid, c = x.shape
    oh, ow = (hgt - 1) // 2 + 1, (wid - 1) // 2 + 1
    xp = np.zeros((n, hgt + 2, wid + 2, c))
    xp[:, 1:-1, 1:-1, :] = x
    s = xp.strides
    cols = np.lib.stride_tricks.as_strided(
        xp, shape=(n, oh, ow, 3, 3, c), strides=(s[0], 2 * s[1], 2 * s[2], s[1], s[2], s[3]))
    cols = cols.reshape(n * oh * ow, 9 * c)  # copies; rows (ky, kx, c)
    wm = w.transpose(2, 3, 1, 0).reshape(9 * c, w.shape[0])
    return (cols @ wm + b).reshape(n, oh, ow, w.shape[0])


class Net:
    def __init__(self, w, h):
        self.w = w
        self.h = np.asarray(h, np.float64).reshape(1, HIDDEN)
        # the recurrent half of the GRU gates is the same for every perturbation
        self.gh = self.h @ w['gru.weight_hh'].T + w['gru.bias_hh']

    def forward(self, x):
        """x [N,80,80] -> (logits [N,A], value [N], h_next [N,256]), float64."""
        w = self.w
        y = x[:, :, :, None]
        for i in range(1, 5):
            y = elu(conv_s2_nhwc(y, w['conv%d.weight' % i], w['conv%d.bias' % i]))
        f = y.transpose(0, 3, 1, 2).reshape(y.shape[0], -1)  # torch flattens (C, H, W)
        gi = f @ w['gru.weight_ih'].T + w['gru.bias_ih']
        gh = self.gh
        r = sigmoid(gi[:, :HIDDEN] + gh[:, :HIDDEN])
        z = sigmoid(gi[:, HIDDEN:2 * HIDDEN] + gh[:, HIDDEN:2 * HIDDEN])
        nn = np.tanh(gi[:, 2 * HIDDEN:] + r * gh[:, 2 * HIDDEN:])
        h_next = (1 - z) * nn + z * self.h
        value = (h_next @ w['critic_linear.weight'].T + w['critic_linear.bias'])[:, 0]
        logits = h_next @ w['actor_linear.weight'].T + w['actor_linear.bias']
        return logits, value, h_next


def log_softmax(z):
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


# ------------------------------------------------------------------ masks and scores

def grid_points(stride):
    return list(range(0, SIZE, stride))


def cross(center):
    """The reference's keep = x*x + y*y <= 1 over np.ogrid offsets: a 5-pixel cross, clipped."""
    y, x = np.ogrid[-center[0]:SIZE - center[0], -center[1]:SIZE - center[1]]
    m = np.zeros((SIZE, SIZE))
    m[x * x + y * y <= 1] = 1
    return m


def mask_one(center, radius):
    m = gaussian_filter(cross(center), sigma=radius)
    return m / m.max()


def mask_batch(centers, radius):
    """Masks of several centres at once: one gaussian_filter over [K,80,80] (axis 0 not blurred)."""
    m = np.stack([cross(c) for c in centers])
    m = gaussian_filter(m, sigma=(0, radius, radius))
    raw_sum, raw_max = m.sum(axis=(1, 2)), m.max(axis=(1, 2))
    return m / raw_max[:, None, None], raw_sum, raw_max


def upsample(grid):
    """Pillow BILINEAR resize of the float32 grid as a mode 'F' image (no 8-bit quantisation)."""
    im = Image.fromarray(np.ascontiguousarray(grid, dtype=np.float32))
    assert im.mode == 'F', im.mode
    return np.asarray(im.resize((SIZE, SIZE), BILINEAR), dtype=np.float32)


def saliency(net, image, stride=5, radius=5, blur=3, mode='occlude', chunk=128, stats=None):
    """Score grids of one preprocessed input. Returns dict of float64 arrays."""
    image = np.asarray(image, np.float64)
    blurred = gaussian_filter(image, sigma=blur)
    pts = grid_points(stride)
    g = len(pts)
    centers = [(i, j) for i in pts for j in pts]
    logits0, value0, h0 = net.forward(image[None])
    lp0 = log_softmax(logits0)[0]
    a = int(np.argmax(logits0[0]))
    actor = np.zeros(g * g)
    critic = np.zeros(g * g)
    change = np.zeros(g * g)
    chosen = np.zeros(g * g)
    sums, maxes = np.zeros(g * g), np.zeros(g * g)
    t_mask = t_net = 0.0
    for s in range(0, len(centers), chunk):
        t0 = time.perf_counter()
        m, sums[s:s + chunk], maxes[s:s + chunk] = mask_batch(centers[s:s + chunk], radius)
        if mode == 'occlude':
            xs = image * (1 - m) + blurred * m
        else:
            xs = image * m + blurred * (1 - m)
        change[s:s + chunk] = ((xs - image) ** 2).sum(axis=(1, 2))
        t1 = time.perf_counter()
        logits, value, _ = net.forward(xs)
        actor[s:s + chunk] = 0.5 * ((logits0 - logits) ** 2).sum(axis=1)
        critic[s:s + chunk] = 0.5 * (value0 - value) ** 2
        chosen[s:s + chunk] = 0.5 * (lp0[a] - log_softmax(logits)[:, a]) ** 2
        t_net += time.perf_counter() - t1
        t_mask += t1 - t0
    if stats is not None:
        stats.update(mask_seconds=t_mask, network_seconds=t_net, mask_raw_sum=sums.reshape(g, g),
                     mask_raw_max=maxes.reshape(g, g))
    return dict(input=image, blurred=blurred, actor=actor.reshape(g, g), critic=critic.reshape(g, g),
                actor_chosen=chosen.reshape(g, g), input_change=change.reshape(g, g),
                relative_actor=relative(actor, change).reshape(g, g), relative_critic=relative(critic, change).reshape(g, g),
                logits=logits0[0], value=value0, h_next=h0[0],
                action=a, points=pts)


def relative(scores, change, floor=0.01):
    """The input-relative view: scores / max(change, floor * max(change)), with change = sum (I' - I)^2 per mask."""
    d = np.maximum(change, floor * change.max())
    return np.divide(scores, d, out=np.zeros_like(scores), where=d > 0)


# ------------------------------------------------------------------ self-test

class SelfTest:
    def __init__(self):
        self.failed = 0

    def check(self, name, ok, detail=''):
        print(('ok   ' if ok else 'FAIL ') + name + (('  ' + detail) if detail else ''))
        if not ok:
            self.failed += 1


def explicit_gaussian(img, sigma, truncate=4.0):
    """gaussian_filter written out: separable, radius int(truncate*sigma+0.5), mode 'reflect'
    (= numpy pad 'symmetric': the edge pixel repeated, d c b a | a b c d | d c b a)."""
    rad = int(truncate * sigma + 0.5)
    k = np.exp(-0.5 * (np.arange(-rad, rad + 1) / sigma) ** 2)
    k /= k.sum()
    out = img.astype(np.float64)
    for axis in range(2):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (rad, rad)
        p = np.pad(out, pad, mode='symmetric')
        acc = np.zeros_like(out)
        for t in range(2 * rad + 1):
            acc += k[t] * np.take(p, range(t, t + out.shape[axis]), axis=axis)
        out = acc
    return out


def selftest(agent=None):
    st = SelfTest()
    rng = np.random.default_rng(12345)

    # gaussian_filter semantics: reflect mode (edge repeated), truncate 4.0, normalised kernel
    img = rng.random((SIZE, SIZE))
    for sigma in (3, 5, 1.5):
        d = np.abs(gaussian_filter(img, sigma=sigma) - explicit_gaussian(img, sigma)).max()
        st.check('gaussian_filter(sigma=%g) == explicit separable reflect/truncate-4 filter' % sigma,
                 d < 1e-12, 'max diff %.2e' % d)
    one = np.zeros((5, 5)); one[0, 0] = 1
    g1 = gaussian_filter(one, sigma=1)
    st.check('reflect mode keeps the mass of an edge impulse', abs(g1.sum() - 1) < 1e-12, '%.15f' % g1.sum())

    # the mask at (40, 40), radius 5: interior, so the unnormalised peak is g0^2 (1 + 4 exp(-1/50))
    k = np.exp(-0.5 * (np.arange(-20, 21) / 5.0) ** 2); k /= k.sum()
    peak = k[20] ** 2 + 4 * k[20] * k[21]
    m, raw_sum, raw_max = mask_batch([(40, 40)], 5)
    m = m[0]
    st.check('mask(40,40) r=5: raw peak = g0^2 + 4 g0 g1', abs(raw_max[0] - peak) < 1e-15,
             '%.12g vs %.12g' % (raw_max[0], peak))
    st.check('mask(40,40) r=5: raw sum = 5 (the cross, mass kept)', abs(raw_sum[0] - 5) < 1e-12, '%.15g' % raw_sum[0])
    st.check('mask(40,40) r=5: normalised max 1 at the centre',
             m.max() == 1.0 and np.unravel_index(np.argmax(m), m.shape) == (40, 40))
    st.check('mask(40,40) r=5: sum = 5 / peak', abs(m.sum() - 5 / peak) < 1e-9, '%.6f' % m.sum())
    st.check('mask(40,40) symmetric', np.abs(m - m.T).max() < 1e-15 and np.abs(m[30:51, 30:51] - m[30:51, 30:51][::-1]).max() < 1e-15)
    st.check('mask(40,40) == per-mask gaussian_filter', np.abs(m - mask_one((40, 40), 5)).max() < 1e-15)
    c = cross((0, 0))
    st.check('cross at (0,0) clipped to 3 pixels', c.sum() == 3 and c[0, 0] == c[0, 1] == c[1, 0] == 1)
    st.check('cross at (40,40) has 5 pixels', cross((40, 40)).sum() == 5 and cross((40, 40))[39:42, 40].sum() == 3)
    mc, _, _ = mask_batch([(0, 0), (79, 0), (75, 75)], 5)
    st.check('corner masks (0,0), (79,0) peak 1 at their centres', mc[0, 0, 0] == 1 and mc[1, 79, 0] == 1)
    # reflect mode: the mirror image of a cross at 75 lies at 84 (< 2 sigma away), so the blurred
    # mask of (75,75) peaks at the corner (79,79), and the normalisation divides by that value
    st.check('mask(75,75) r=5 peaks at (79,79) (reflect mode), 0.8046 at its centre',
             mc[2, 79, 79] == 1 and abs(mc[2, 75, 75] - 0.8045885) < 1e-6, '%.7f' % mc[2, 75, 75])
    st.check('grid d=5: 16 points 0..75; d=3: 27 points; d=1: 80',
             grid_points(5) == list(range(0, 80, 5)) and len(grid_points(5)) == 16
             and len(grid_points(3)) == 27 and len(grid_points(1)) == 80)

    # the batched im2col forward against agents/.../reference_forward.py (einsum conv)
    sys.path.insert(0, AGENTS_PY)
    import reference_forward as rf
    w = load_weights(agent) if agent else random_weights(rng)
    h = rng.normal(0, 0.5, HIDDEN)
    net = Net(w, h)
    xs = rng.random((3, SIZE, SIZE))
    lg, v, hn = net.forward(xs)
    y = xs[:, None]
    for i in range(1, 5):
        y = rf.elu(rf.conv3x3_s2_p1(y, w['conv%d.weight' % i], w['conv%d.bias' % i]))
    f = y.reshape(3, -1)
    gi = f @ w['gru.weight_ih'].T + w['gru.bias_ih']
    gh = h[None] @ w['gru.weight_hh'].T + w['gru.bias_hh']
    r = rf.sigmoid(gi[:, :256] + gh[:, :256]); z = rf.sigmoid(gi[:, 256:512] + gh[:, 256:512])
    hn2 = (1 - z) * np.tanh(gi[:, 512:] + r * gh[:, 512:]) + z * h[None]
    lg2 = hn2 @ w['actor_linear.weight'].T + w['actor_linear.bias']
    v2 = (hn2 @ w['critic_linear.weight'].T + w['critic_linear.bias'])[:, 0]
    d = max(np.abs(lg - lg2).max(), np.abs(v - v2).max(), np.abs(hn - hn2).max())
    st.check('batched forward == reference_forward (einsum conv)', d < 1e-11, 'max diff %.2e' % d)

    # batched scores against a plain loop, one mask and one image at a time
    image = np.round(rng.random((SIZE, SIZE)) * 255) / 255 if agent is None else rng.random((SIZE, SIZE))
    res = saliency(net, image, stride=20, radius=5, blur=3, mode='occlude', chunk=5)
    lg0, v0, _ = net.forward(image[None])
    B = gaussian_filter(image, sigma=3)
    worst = 0.0
    act = int(np.argmax(lg0[0]))
    lp0 = lg0[0] - np.log(np.sum(np.exp(lg0[0])))
    for a, i in enumerate(range(0, 80, 20)):
        for b, j in enumerate(range(0, 80, 20)):
            M = mask_one((i, j), 5)
            lg1, v1, _ = net.forward((image * (1 - M) + B * M)[None])
            sa = 0.5 * ((lg0 - lg1) ** 2).sum()
            sc = 0.5 * (v0[0] - v1[0]) ** 2
            lp1 = lg1[0] - np.log(np.sum(np.exp(lg1[0])))
            sch = 0.5 * (lp0[act] - lp1[act]) ** 2
            worst = max(worst, abs(sa - res['actor'][a, b]) / max(sa, 1e-300), abs(sc - res['critic'][a, b]) / max(sc, 1e-300),
                        abs(sch - res['actor_chosen'][a, b]) / max(sch, 1e-300))
    st.check('batched actor/critic/chosen scores == one-at-a-time loop (d=20)', worst < 1e-9, 'max rel diff %.2e' % worst)
    res_s = saliency(net, image, stride=20, mode='searchlight')
    M = mask_one((40, 20), 5)
    lg1, _, _ = net.forward((image * M + B * (1 - M))[None])
    sa = 0.5 * ((lg0 - lg1) ** 2).sum()
    st.check('searchlight = I*M + B*(1-M)', abs(sa - res_s['actor'][2, 1]) <= 1e-9 * sa)

    # upsampling: a constant grid stays constant, a 80x80 grid is copied
    up = upsample(np.full((16, 16), 2.5))
    st.check('upsample(constant 16x16) is constant 80x80', up.shape == (80, 80) and np.all(up == 2.5))
    gg = rng.random((80, 80)).astype(np.float32)
    st.check('upsample(80x80) is the identity', np.array_equal(upsample(gg), gg))

    # preprocessing: a constant crop gives zeros; values are k/255
    fr = np.full((210, 160, 3), 200, np.uint8)
    st.check('preprocess(constant) == 0', np.all(preprocess(fr) == 0))
    fr = rng.integers(0, 256, (210, 160, 3), dtype=np.uint8)
    p = preprocess(fr)
    st.check('preprocess(noise) in k/255', p.shape == (80, 80) and np.allclose(p * 255, np.round(p * 255), atol=1e-4))

    print('self-test: %d failed' % st.failed)
    return st.failed == 0


# ------------------------------------------------------------------ main

def save(out_dir, name, arr):
    path = os.path.join(out_dir, name)
    tmp = f"{path}.{os.getpid()}.tmp.npy"
    np.save(tmp, np.ascontiguousarray(arr, dtype=np.float32))
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--agent')
    p.add_argument('--frame')
    p.add_argument('--state')
    p.add_argument('--stride', type=int, default=5)
    p.add_argument('--radius', type=float, default=5)
    p.add_argument('--blur', type=float, default=3)
    p.add_argument('--mode', choices=['occlude', 'searchlight'], default='occlude')
    p.add_argument('--score', choices=['all', 'chosen'], default='all')
    p.add_argument('--chunk', type=int, default=128, help='masks per batched forward')
    p.add_argument('--out')
    p.add_argument('--selftest', action='store_true')
    a = p.parse_args(argv)
    if a.selftest:
        return 0 if selftest(a.agent) else 1
    if not (a.agent and a.frame and a.out):
        p.error('--agent, --frame and --out are required')
    if not 1 <= a.stride <= SIZE or a.radius <= 0 or a.blur <= 0 or a.chunk < 1:
        p.error('need 1 <= --stride <= 80, --radius > 0, --blur > 0')
    for f in (a.agent, a.frame, a.state):
        if f and not os.path.isfile(f):
            print('no such file: ' + f, file=sys.stderr)
            return 3

    t_start = time.perf_counter()
    try:
        w = load_weights(a.agent)
    except Exception as e:  # one line
        print('cannot read checkpoint %s: %s: %s' % (a.agent, type(e).__name__, e), file=sys.stderr)
        return 3
    frame = np.load(a.frame)
    if frame.dtype == np.uint8 and frame.shape == (210, 160, 3):
        image = preprocess(frame)
    elif frame.size == SIZE * SIZE and frame.dtype.kind == 'f':
        image = frame.reshape(SIZE, SIZE).astype(np.float32)
    else:
        p.error('--frame: need uint8 [210,160,3] or float [80,80], got %s %s' % (frame.dtype, frame.shape))
    h = np.zeros(HIDDEN)
    if a.state:
        h = np.load(a.state).astype(np.float64)
        if h.size != HIDDEN:
            p.error('--state: need %d values, got shape %s' % (HIDDEN, h.shape))
    net = Net(w, h.reshape(-1))
    stats = {}
    t0 = time.perf_counter()
    res = saliency(net, image, a.stride, a.radius, a.blur, a.mode, a.chunk, stats)
    t_sal = time.perf_counter() - t0

    os.makedirs(a.out, exist_ok=True)
    save(a.out, 'input.npy', res['input'])
    save(a.out, 'blurred.npy', res['blurred'])
    names = ['actor', 'critic', 'relative_actor', 'relative_critic'] + (['actor_chosen'] if a.score == 'chosen' else [])
    for n in names:
        save(a.out, n + '.npy', res[n])
        save(a.out, n + '_80.npy', upsample(res[n]))
    save(a.out, 'input_change.npy', res['input_change'])
    save(a.out, 'logits.npy', res['logits'])
    save(a.out, 'value.npy', res['value'])
    save(a.out, 'h_next.npy', res['h_next'])
    pts = res['points']
    ci = min(range(len(pts)), key=lambda k: abs(pts[k] - 40))
    save(a.out, 'mask_center.npy', mask_one((pts[ci], pts[ci]), a.radius))
    summary = dict(agent=os.path.abspath(a.agent), frame=os.path.abspath(a.frame), state=a.state,
                   stride=a.stride, radius=a.radius, blur=a.blur, mode=a.mode, score=a.score,
                   grid=len(pts), points=pts, action=res['action'],
                   logits=[float(v) for v in res['logits']], value=float(res['value'][0]),
                   actor_max=float(res['actor'].max()), critic_max=float(res['critic'].max()),
                   mask_center=[pts[ci], pts[ci]],
                   mask_raw_sum=stats['mask_raw_sum'].tolist(), mask_raw_max=stats['mask_raw_max'].tolist(),
                   seconds_saliency=t_sal, seconds_masks=stats['mask_seconds'],
                   seconds_network=stats['network_seconds'], seconds_total=time.perf_counter() - t_start)
    with open(os.path.join(a.out, 'summary.json'), 'w') as f:
        json.dump(summary, f, indent=1)
    print('saliency %dx%d (%d masks) in %.2f s -> %s' % (len(pts), len(pts), len(pts) ** 2, t_sal, a.out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
