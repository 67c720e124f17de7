"""Independent numpy (float64) forward pass of the A3C actor-critic, for the Java tests.

Usage: reference_forward.py DIR
DIR holds the weights and inputs the Java test wrote as .npy (PyTorch layouts):
conv{1..4}_weight [32,C,3,3], conv{1..4}_bias, weight_ih [G*H,800], weight_hh [G*H,H], bias_ih,
bias_hh, critic_weight [1,H], critic_bias [1], actor_weight [A,H], actor_bias [A], x [N,C,80,80],
h [N,H] (and c [N,H] for an LSTM; the cell is GRU unless c.npy exists).
Computes in float64; writes logits.npy [N,A], value.npy [N], h_next.npy (and c_next.npy) as float32.
"""
import os
import sys

import numpy as np


def load(d, name):
    return np.load(os.path.join(d, name + ".npy")).astype(np.float64)


def save(d, name, a):
    np.save(os.path.join(d, name + ".npy"), np.ascontiguousarray(a, dtype=np.float32))


def conv3x3_s2_p1(x, w, b):
    n, c, hgt, wid = x.shape
    oh, ow = (hgt - 1) // 2 + 1, (wid - 1) // 2 + 1
    xp = np.zeros((n, c, hgt + 2, wid + 2))
    xp[:, :, 1:-1, 1:-1] = x
    out = np.zeros((n, w.shape[0], oh, ow))
    for ky in range(3):
        for kx in range(3):
            patch = xp[:, :, ky:ky + 2 * oh:2, kx:kx + 2 * ow:2]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, ky, kx])
    return out + b[None, :, None, None]


def elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def main(d):
    x = load(d, "x")
    for i in range(1, 5):
        x = elu(conv3x3_s2_p1(x, load(d, "conv%d_weight" % i), load(d, "conv%d_bias" % i)))
    f = x.reshape(x.shape[0], -1)
    h = load(d, "h")
    gi = f @ load(d, "weight_ih").T + load(d, "bias_ih")
    gh = h @ load(d, "weight_hh").T + load(d, "bias_hh")
    hid = h.shape[1]
    if os.path.exists(os.path.join(d, "c.npy")):
        c = load(d, "c")
        g = gi + gh
        i, fg, gg, o = (g[:, k * hid:(k + 1) * hid] for k in range(4))
        c_next = sigmoid(fg) * c + sigmoid(i) * np.tanh(gg)
        h_next = sigmoid(o) * np.tanh(c_next)
        save(d, "c_next", c_next)
    else:
        r = sigmoid(gi[:, :hid] + gh[:, :hid])
        z = sigmoid(gi[:, hid:2 * hid] + gh[:, hid:2 * hid])
        n = np.tanh(gi[:, 2 * hid:] + r * gh[:, 2 * hid:])
        h_next = (1 - z) * n + z * h
    save(d, "h_next", h_next)
    save(d, "value", (h_next @ load(d, "critic_weight").T + load(d, "critic_bias"))[:, 0])
    save(d, "logits", h_next @ load(d, "actor_weight").T + load(d, "actor_bias"))


if __name__ == "__main__":
    main(sys.argv[1])
