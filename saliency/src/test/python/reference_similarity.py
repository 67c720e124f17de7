#!/usr/bin/env python3
"""Independent reference values for MapSimilarity (numpy + scipy only).

Usage: reference_similarity.py DIR
DIR holds pairs a_<name>.npy / b_<name>.npy (float32, 2-D). Prints one JSON object
{name: {"spearman": r, "ssim": s}} on stdout.

Spearman: scipy.stats.spearmanr (average ranks for ties).
SSIM: Wang et al. 2004 with skimage.metrics.structural_similarity's defaults for float images,
written out here with scipy.ndimage.uniform_filter (skimage is not needed): 7x7 uniform window
(mode 'reflect'), K1=0.01, K2=0.03, sample covariances (NP/(NP-1)), mean over the SSIM image with
(7-1)//2 = 3 pixels cropped from each border. Each map is first divided by its largest absolute
value; data_range = 1, or 2 if either map has negative values (the choice documented in
MapSimilarity.java). Computed in float64.
"""
import json
import os
import sys

import numpy as np
from scipy.ndimage import uniform_filter
from scipy.stats import spearmanr


def normalise(m):
    m = m.astype(np.float64)
    mx = np.abs(m).max()
    return m / mx if mx > 0 else np.zeros_like(m)


def ssim(x, y, data_range, win=7, k1=0.01, k2=0.03):
    npix = win * win
    cov_norm = npix / (npix - 1.0)
    ux = uniform_filter(x, size=win, mode="reflect")
    uy = uniform_filter(y, size=win, mode="reflect")
    uxx = uniform_filter(x * x, size=win, mode="reflect")
    uyy = uniform_filter(y * y, size=win, mode="reflect")
    uxy = uniform_filter(x * y, size=win, mode="reflect")
    vx = cov_norm * (uxx - ux * ux)
    vy = cov_norm * (uyy - uy * uy)
    vxy = cov_norm * (uxy - ux * uy)
    c1 = (k1 * data_range) ** 2
    c2 = (k2 * data_range) ** 2
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))
    pad = (win - 1) // 2
    return float(s[pad:-pad, pad:-pad].mean())


def main():
    d = sys.argv[1]
    out = {}
    for f in sorted(os.listdir(d)):
        if not f.startswith("a_") or not f.endswith(".npy"):
            continue
        name = f[2:-4]
        a = np.load(os.path.join(d, f))
        b = np.load(os.path.join(d, "b_" + name + ".npy"))
        r = spearmanr(a.ravel(), b.ravel()).statistic
        x, y = normalise(a), normalise(b)
        rng = 2.0 if (x < 0).any() or (y < 0).any() else 1.0
        out[name] = {"spearman": None if np.isnan(r) else float(r), "ssim": ssim(x, y, rng)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
