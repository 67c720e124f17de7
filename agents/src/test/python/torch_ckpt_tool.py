"""Independent reference reader/writer for PyTorch checkpoints, used by the Java tests.

Needs only numpy (torch is not installed): the pickles are handled by Python's own pickle module
with stub classes, and storages are parsed with numpy. Run with PYTHONPATH=<project>/.deps/python.

  summary FILE                 one line per tensor: name, dtype, shape, float64 sum, first values
                               (float32 bits in hex) and the last value; FILE is legacy or zip
  to-zip IN OUT [--prefix P] [--protocol N] [--byteorder little|big] [--wrap KEY]
                               rewrite a legacy checkpoint in the zip layout torch.save uses
  synthetic OUTDIR             write small checkpoints covering dtypes, strides, offsets, shared
                               storages, views, parameters, protocols 2/4, big-endian and wrapped
                               state dicts, plus OUTDIR/expected.txt with every value
"""
import collections
import io
import os
import pickle
import struct
import sys
import types
import zipfile

import numpy as np

np.seterr(all='ignore')  # overflow to inf (float64 1e100 -> float32) is intended

# name -> (dtype reported by the Java reader, numpy dtype of the raw little-endian elements)
STORAGE_DTYPES = {
    'FloatStorage': ('float32', '<f4'), 'DoubleStorage': ('float64', '<f8'),
    'HalfStorage': ('float16', '<f2'), 'BFloat16Storage': ('bfloat16', '<u2'),
    'LongStorage': ('int64', '<i8'), 'IntStorage': ('int32', '<i4'),
    'ShortStorage': ('int16', '<i2'), 'CharStorage': ('int8', 'i1'),
    'ByteStorage': ('uint8', 'u1'), 'BoolStorage': ('bool', 'u1'),
}
LEGACY_MAGIC = 0x1950a86a20f9469cfc6c

# Fake 'torch' and 'torch._utils' modules, so that pickle writes the same globals torch.save does.
torch_mod = types.ModuleType('torch')
utils_mod = types.ModuleType('torch._utils')
torch_mod._utils = utils_mod
sys.modules.setdefault('torch', torch_mod)
sys.modules.setdefault('torch._utils', utils_mod)
STORAGE_CLASSES = {}
for _name in STORAGE_DTYPES:
    _cls = type(_name, (), {'__module__': 'torch'})
    _cls.__qualname__ = _name
    setattr(torch_mod, _name, _cls)
    STORAGE_CLASSES[_name] = _cls


class Storage:
    """A storage: its key, torch class name and raw elements (numpy, native raw dtype)."""

    def __init__(self, key, cls_name, array):
        self.key, self.cls_name, self.array = key, cls_name, array


class StorageView:
    """What a persistent id resolves to: elements [offset, offset + size) of a storage."""

    def __init__(self, storage, offset, size):
        self.storage, self.offset, self.size = storage, offset, size


class Tensor:
    def __init__(self, view, offset, size, stride, param=False):
        self.view, self.offset, self.size, self.stride, self.param = view, offset, tuple(size), tuple(stride), param

    def __reduce_ex__(self, protocol):
        if self.param:
            plain = Tensor(self.view, self.offset, self.size, self.stride)
            return _rebuild_parameter, (plain, True, collections.OrderedDict())
        return _rebuild_tensor_v2, (self.view, self.offset, self.size, self.stride, False,
                                    collections.OrderedDict())

    def dtype(self):
        return STORAGE_DTYPES[self.view.storage.cls_name][0]

    def values(self):
        """float32 values, row-major, computed with numpy's as_strided."""
        raw = self.view.storage.array
        start = self.view.offset + self.offset
        if int(np.prod(self.size)) == 0:
            return np.zeros(self.size, np.float32)
        base = raw[start:]
        v = np.lib.stride_tricks.as_strided(base, shape=self.size,
                                            strides=tuple(s * base.itemsize for s in self.stride))
        if self.view.storage.cls_name == 'BFloat16Storage':
            return (v.astype(np.uint32) << 16).view(np.float32)
        return v.astype(np.float32)


def _rebuild_tensor_v2(view, offset, size, stride, requires_grad, hooks, metadata=None):
    return Tensor(view, offset, size, stride)


def _rebuild_parameter(tensor, requires_grad, hooks):
    tensor.param = True
    return tensor


for _f in (_rebuild_tensor_v2, _rebuild_parameter):
    _f.__module__ = 'torch._utils'
    setattr(utils_mod, _f.__name__, _f)


class StubUnpickler(pickle.Unpickler):
    """Unpickler that allows only the state-dict globals and records storages by key."""

    def __init__(self, f, storages, legacy):
        super().__init__(f)
        self.storages, self.legacy = storages, legacy

    def find_class(self, module, name):
        if (module, name) == ('collections', 'OrderedDict'):
            return collections.OrderedDict
        if module == 'torch._utils' and name in ('_rebuild_tensor_v2', '_rebuild_parameter'):
            return getattr(utils_mod, name)
        if module == 'torch' and name in STORAGE_CLASSES:
            return STORAGE_CLASSES[name]
        raise pickle.UnpicklingError('global %s.%s not allowed' % (module, name))

    def persistent_load(self, pid):
        if self.legacy:
            _, cls, key, _location, numel, view = pid
        else:
            (_, cls, key, _location, numel), view = pid, None
        st = self.storages.setdefault(key, Storage(key, cls.__name__, None))
        st.numel = numel
        if view is None:
            return StorageView(st, 0, numel)
        _view_key, offset, size = view
        return StorageView(st, offset, size)


def load_legacy(path):
    with open(path, 'rb') as f:
        data = f.read()
    bio = io.BytesIO(data)
    assert pickle.load(bio) == LEGACY_MAGIC
    assert pickle.load(bio) == 1001
    sys_info = pickle.load(bio)
    order = '<' if sys_info.get('little_endian', True) else '>'
    storages = {}
    root = StubUnpickler(bio, storages, True).load()
    keys = pickle.load(bio)
    for key in keys:
        (n,) = struct.unpack(order + 'q', bio.read(8))
        st = storages[key]
        raw = np.dtype(STORAGE_DTYPES[st.cls_name][1]).newbyteorder(order)
        st.array = np.frombuffer(bio.read(n * raw.itemsize), raw).astype(raw.newbyteorder('='))
    assert bio.read() == b''
    return root


def load_zip(path):
    with zipfile.ZipFile(path) as z:
        pkl = [n for n in z.namelist() if n.endswith('/data.pkl')][0]
        prefix = pkl[:-len('data.pkl')]
        order = '<'
        if prefix + 'byteorder' in z.namelist() and z.read(prefix + 'byteorder').strip() == b'big':
            order = '>'
        storages = {}
        root = StubUnpickler(io.BytesIO(z.read(pkl)), storages, False).load()
        for key, st in storages.items():
            raw = np.dtype(STORAGE_DTYPES[st.cls_name][1]).newbyteorder(order)
            st.array = np.frombuffer(z.read(prefix + 'data/' + key), raw).astype(raw.newbyteorder('='))
    return root


def load(path):
    with open(path, 'rb') as f:
        head = f.read(4)
    return load_zip(path) if head == b'PK\x03\x04' else load_legacy(path)


def state_dict_of(root):
    if any(isinstance(v, Tensor) for v in root.values()):
        return root
    for k in ('state_dict', 'model_state_dict', 'model'):
        if isinstance(root.get(k), dict):
            return root[k]
    raise ValueError('no state dict')


def bits(values):
    return ','.join('%08x' % b for b in np.asarray(values, np.float32).reshape(-1).view(np.uint32))


def summary(path):
    sd = state_dict_of(load(path))
    for name, t in sd.items():
        if not isinstance(t, Tensor):
            continue
        v = t.values().reshape(-1)
        print('\t'.join([name, t.dtype(), ','.join(map(str, t.size)), repr(float(v.astype(np.float64).sum())),
                         bits(v[:5]), bits(v[-1:])]))


# ---------------------------------------------------------------- writing

def write_legacy(path, root, protocol=2):
    storages = collections.OrderedDict()

    def persistent_id(obj):
        if isinstance(obj, StorageView):
            st = obj.storage
            storages[st.key] = st
            whole = obj.offset == 0 and obj.size == len(st.array)
            view = None if whole else ('view-%s-%d' % (st.key, obj.offset), obj.offset, obj.size)
            return ('storage', STORAGE_CLASSES[st.cls_name], st.key, 'cpu', len(st.array), view)
        return None

    with open(path, 'wb') as f:
        for obj in (LEGACY_MAGIC, 1001,
                    {'protocol_version': 1001, 'little_endian': True,
                     'type_sizes': {'short': 2, 'int': 4, 'long': 4}}):
            pickle.dump(obj, f, protocol=2)
        p = pickle.Pickler(f, protocol=protocol)
        p.persistent_id = persistent_id
        p.dump(root)
        keys = sorted(storages)
        pickle.dump(keys, f, protocol=2)
        for key in keys:
            arr = storages[key].array
            f.write(struct.pack('<q', len(arr)))
            f.write(arr.astype(arr.dtype.newbyteorder('<')).tobytes())


def write_zip(path, root, prefix='archive', protocol=2, byteorder='little'):
    """Lays the file out as torch.save does (>= 1.6), with storages numbered '0', '1', ..."""
    keys = collections.OrderedDict()  # storage key -> (new key, storage)

    class ZipPickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, StorageView):
                st = obj.storage
                if st.key not in keys:
                    keys[st.key] = (str(len(keys)), st)
                return ('storage', STORAGE_CLASSES[st.cls_name], keys[st.key][0], 'cpu', len(st.array))
            return None

    # zip storages have no views: fold a view's offset into the tensors that use it
    def fold(obj):
        if isinstance(obj, Tensor) and obj.view.offset:
            whole = StorageView(obj.view.storage, 0, len(obj.view.storage.array))
            return Tensor(whole, obj.offset + obj.view.offset, obj.size, obj.stride, obj.param)
        if isinstance(obj, dict):
            out = type(obj)((k, fold(v)) for k, v in obj.items())
            if hasattr(obj, '_metadata'):
                out._metadata = obj._metadata
            return out
        return obj

    buf = io.BytesIO()
    ZipPickler(buf, protocol=protocol).dump(fold(root))
    order = '<' if byteorder == 'little' else '>'
    with open(path, 'wb') as raw:
        out = Unseekable(raw)  # like torch's writer: streamed entries with data descriptors
        with zipfile.ZipFile(out, 'w', zipfile.ZIP_STORED) as z:
            def add(name, data):
                # torch aligns each record's data to 64 bytes with a padding extra field ('FB')
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                start = out.pos + 30 + len(name.encode())
                pad = (-(start + 4)) % 64
                info.extra = struct.pack('<HH', 0x4246, pad) + b'Z' * pad
                z.writestr(info, data)

            add(prefix + '/data.pkl', buf.getvalue())
            add(prefix + '/byteorder', byteorder)
            for new_key, st in keys.values():
                arr = st.array
                add(prefix + '/data/' + new_key, arr.astype(arr.dtype.newbyteorder(order)).tobytes())
            add(prefix + '/version', '3\n')


class Unseekable:
    """Write-only stream without seek/tell, so zipfile writes data descriptors."""

    def __init__(self, f):
        self.f, self.pos = f, 0

    def write(self, b):
        self.pos += len(b)
        return self.f.write(b)

    def flush(self):
        self.f.flush()


def to_zip(args):
    src, dst = args[0], args[1]
    opts = dict(zip(args[2::2], args[3::2]))
    root = load_legacy(src)
    if '--wrap' in opts:
        root = {'epoch': 12, opts['--wrap']: root, 'note': 'wrapped'}
    write_zip(dst, root, prefix=opts.get('--prefix', 'archive'), protocol=int(opts.get('--protocol', 2)),
              byteorder=opts.get('--byteorder', 'little'))


def synthetic(outdir):
    def st(key, cls, values):
        return Storage(key, cls, np.array(values, dtype=STORAGE_DTYPES[cls][1]).astype(
            np.dtype(STORAGE_DTYPES[cls][1]).newbyteorder('=')))

    def whole(s):
        return StorageView(s, 0, len(s.array))

    f32 = st('1001', 'FloatStorage', np.arange(12, dtype=np.float32) * 0.5 - 2.25)
    half_bits = np.array([0.0, -0.0, 1.5, -2.0, 65504.0, 6e-8, np.inf, -np.inf], np.float16)
    bf16 = np.array([1.0, -3.5, 1e30, 2.0 ** -100], np.float32).view(np.uint32) >> 16
    sd = collections.OrderedDict()
    sd['w.contiguous'] = Tensor(whole(f32), 0, (3, 4), (4, 1))
    sd['w.transposed'] = Tensor(whole(f32), 0, (4, 3), (1, 4))
    sd['w.offset'] = Tensor(whole(f32), 5, (2,), (3,))
    sd['w.expanded'] = Tensor(whole(f32), 2, (3, 2), (0, 1))
    sd['w.view'] = Tensor(StorageView(f32, 6, 6), 1, (2, 2), (2, 1))
    sd['scalar'] = Tensor(whole(st('1002', 'FloatStorage', [3.25])), 0, (), ())
    sd['empty'] = Tensor(whole(st('1003', 'FloatStorage', [])), 0, (0, 3), (3, 1))
    sd['f64'] = Tensor(whole(st('1004', 'DoubleStorage', [1e-3, -2.5, 1e100, 3.0, 4.0, 5.0])), 0, (2, 3), (3, 1))
    sd['f16'] = Tensor(whole(st('1005', 'HalfStorage', half_bits)), 0, (8,), (1,))
    sd['bf16'] = Tensor(whole(st('1006', 'BFloat16Storage', bf16)), 0, (2, 2), (2, 1))
    sd['i64'] = Tensor(whole(st('1007', 'LongStorage', [-3, 0, 2 ** 40, 7])), 0, (4,), (1,))
    sd['i32'] = Tensor(whole(st('1008', 'IntStorage', [-2 ** 31, 5, 9])), 0, (3,), (1,))
    sd['i16'] = Tensor(whole(st('1009', 'ShortStorage', [-32768, 32767])), 0, (2,), (1,))
    sd['i8'] = Tensor(whole(st('1010', 'CharStorage', [-128, 127, -1])), 0, (3,), (1,))
    sd['u8'] = Tensor(whole(st('1011', 'ByteStorage', [0, 255, 128])), 0, (3,), (1,))
    sd['flags'] = Tensor(whole(st('1012', 'BoolStorage', [1, 0, 1])), 0, (3,), (1,))
    sd['param'] = Tensor(whole(st('1013', 'FloatStorage', [0.125, -8.0])), 0, (2,), (1,), param=True)
    sd._metadata = collections.OrderedDict([('', {'version': 1})])

    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, 'expected.txt'), 'w') as f:
        for name, t in sd.items():
            f.write('\t'.join([name, t.dtype(), ','.join(map(str, t.size)), bits(t.values())]) + '\n')
    wrapped = {'epoch': 3, 'model_state_dict': sd, 'optimizer': {'lr': 0.01, 'state': {0: {'step': 5}}}}
    write_legacy(os.path.join(outdir, 'legacy.pt'), sd)
    write_legacy(os.path.join(outdir, 'legacy_wrapped_p4.pt'), {'state_dict': sd, 'arch': 'test'}, protocol=4)
    write_zip(os.path.join(outdir, 'zip_p2.pt'), sd)
    write_zip(os.path.join(outdir, 'zip_p4_big.pt'), wrapped, prefix='my_model', protocol=4, byteorder='big')
    write_zip(os.path.join(outdir, 'zip_p3_model.pt'), {'model': sd}, prefix='ckpt', protocol=3)


if __name__ == '__main__':
    cmd, rest = sys.argv[1], sys.argv[2:]
    if cmd == 'summary':
        summary(rest[0])
    elif cmd == 'to-zip':
        to_zip(rest)
    elif cmd == 'synthetic':
        synthetic(rest[0])
    else:
        sys.exit('unknown command ' + cmd)
