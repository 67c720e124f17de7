#!/usr/bin/env python3
"""Loads a checkpoint written by TorchCheckpointWriter with real PyTorch and describes it.

Run with a Python that has torch (Debian's python3-torch: /usr/bin/python3), without the project's
PYTHONPATH:
  torch_load_check.py FILE [--x X.f32 --h H.f32 [--c C.f32] --n N]

Loads FILE with torch.load(FILE, weights_only=True). Only on torch < 2, whose restricted unpickler
lacks the BINFLOAT opcode, a file with float scalars is loaded again with weights_only=False
(reported as "loaded full"). Prints tab-separated lines:
  torch    VERSION
  loaded   weights_only|full
  root     TYPE                                  (OrderedDict for a state dict, dict with scalars)
  tensor   NAME DTYPE SHAPE STRIDE REQUIRES_GRAD SHA256   (of the values as little-endian float32)
  scalar   KEY int|float VALUE                   (float as float.hex())
  entry    NAME DATA_OFFSET                      (every zip entry; where its data starts in the file)
  forward  VALUES LOGITS H [C]                   (comma-separated floats, with --x)
With --x, the state dict is loaded strictly (every name and shape must match) into the baby-a3c
network (conv x4 + GRUCell) or visualize_atari's (conv x4 + LSTMCell), which runs one step on N
observations X (N x C x 80 x 80) from state H (and C), raw little-endian float32 files.
"""
import hashlib
import struct
import sys
import zipfile

import torch
import torch.nn as nn
import torch.nn.functional as F


class ActorCritic(nn.Module):
    """baby-a3c's NNPolicy (GRU) or visualize_atari's (LSTM), with their attribute names."""

    def __init__(self, channels, memsize, actions, lstm):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        self.conv4 = nn.Conv2d(32, 32, 3, stride=2, padding=1)
        if lstm:
            self.lstm = nn.LSTMCell(32 * 5 * 5, memsize)
        else:
            self.gru = nn.GRUCell(32 * 5 * 5, memsize)
        self.critic_linear, self.actor_linear = nn.Linear(memsize, 1), nn.Linear(memsize, actions)

    def forward(self, x, state):
        for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
            x = F.elu(conv(x))
        x = x.view(-1, 32 * 5 * 5)
        if hasattr(self, 'lstm'):
            hx, cx = self.lstm(x, state)
            nxt = (hx, cx)
        else:
            hx = self.gru(x, state[0])
            nxt = (hx,)
        return self.critic_linear(hx), self.actor_linear(hx), nxt


def load(path):
    try:
        return torch.load(path, weights_only=True), 'weights_only'
    except Exception as e:  # torch < 2 refuses BINFLOAT ('G' = 71) under weights_only
        if int(torch.__version__.split('.')[0]) < 2 and 'operand 71' in str(e):
            return torch.load(path, weights_only=False), 'full'
        raise


def entries(path):
    with open(path, 'rb') as f, zipfile.ZipFile(path) as z:
        for info in z.infolist():
            f.seek(info.header_offset)
            head = f.read(30)
            assert head[:4] == b'PK\x03\x04', info.filename
            name_len, extra_len = struct.unpack('<HH', head[26:30])
            yield info.filename, info.header_offset + 30 + name_len + extra_len


def floats(path):
    with open(path, 'rb') as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.float32)


def csv(t):
    return ','.join(repr(v) for v in t.flatten().tolist())


def main(argv):
    path = argv[0]
    opts = dict(zip(argv[1::2], argv[2::2]))
    root, how = load(path)
    print('torch\t' + torch.__version__)
    print('loaded\t' + how)
    print('root\t' + type(root).__name__)
    sd = root['state_dict'] if 'state_dict' in root else root
    for name, t in sd.items():
        values = t.contiguous().flatten().tolist()
        digest = hashlib.sha256(struct.pack('<%df' % len(values), *values)).hexdigest()
        print('\t'.join(['tensor', name, str(t.dtype).replace('torch.', ''), ','.join(map(str, t.shape)),
                         ','.join(map(str, t.stride())), str(t.requires_grad), digest]))
    if sd is not root:
        for key, v in root.items():
            if key != 'state_dict':
                kind = 'int' if isinstance(v, int) else 'float'
                print('\t'.join(['scalar', key, kind, str(v) if kind == 'int' else v.hex()]))
    for name, offset in entries(path):
        print('entry\t%s\t%d' % (name, offset))
    if '--x' in opts:
        lstm = 'lstm.weight_ih' in sd
        hidden = sd['critic_linear.weight'].shape[1]
        net = ActorCritic(sd['conv1.weight'].shape[1], hidden, sd['actor_linear.weight'].shape[0], lstm)
        net.load_state_dict(sd, strict=True)
        n = int(opts['--n'])
        x = floats(opts['--x']).view(n, sd['conv1.weight'].shape[1], 80, 80)
        state = [floats(opts['--h']).view(n, hidden)]
        if lstm:
            state.append(floats(opts['--c']).view(n, hidden))
        with torch.no_grad():
            value, logits, nxt = net(x, tuple(state))
        print('\t'.join(['forward', csv(value), csv(logits)] + [csv(s) for s in nxt]))


if __name__ == '__main__':
    main(sys.argv[1:])
