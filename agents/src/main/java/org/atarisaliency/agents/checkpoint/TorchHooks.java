package org.atarisaliency.agents.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atarisaliency.agents.checkpoint.PickleMachine.Reject;

/**
 * The whitelist: the only globals a state dict pickle may name, and what calling them means.
 * Everything else (e.g. {@code os.system}, {@code builtins.eval}, model classes) is refused.
 */
final class TorchHooks implements PickleMachine.Hooks {
    static final int MAX_RANK = 64;

    /** Whitelisted callables. */
    enum Callable {
        ORDERED_DICT("collections", "OrderedDict"),
        REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
        REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
        REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
        REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state");

        final String module;
        final String name;

        Callable(String module, String name) {
            this.module = module;
            this.name = name;
        }

        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** Resolves a storage persistent id (a tuple) to a storage slice. */
    interface PersistentLoader {
        StorageSlice load(PyTuple pid) throws Reject;
    }

    /** Hooks for the bookkeeping pickles of the legacy format: plain data only, no globals. */
    static final PickleMachine.Hooks PLAIN_DATA = new TorchHooks(pid -> {
        throw Reject.corrupt("unexpected persistent id");
    }, false);

    private final PersistentLoader loader;
    private final boolean allowGlobals;

    TorchHooks(PersistentLoader loader) {
        this(loader, true);
    }

    private TorchHooks(PersistentLoader loader, boolean allowGlobals) {
        this.loader = loader;
        this.allowGlobals = allowGlobals;
    }

    @Override
    public Object global(String module, String name) throws Reject {
        if (allowGlobals) {
            for (Callable c : Callable.values()) {
                if (c.module.equals(module) && c.name.equals(name)) {
                    return c;
                }
            }
            if (module.equals("torch")) {
                StorageType t = StorageType.forClassName(name);
                if (t != null) {
                    return t;
                }
            }
        }
        String global = "'" + PyValues.printable(module) + "." + PyValues.printable(name) + "'";
        if (allowGlobals && module.equals("torch") && name.endsWith("Storage")) {
            throw new Reject("storage type " + global + " is not supported",
                    "supported: float32/64, float16, bfloat16, int8/16/32/64, uint8 and bool tensors;"
                            + " convert the tensors (e.g. .float()) before saving the state_dict");
        }
        if (module.startsWith("torch") || module.startsWith("__torch__") || module.startsWith("__main__")) {
            throw new Reject("pickle global " + global + " is not allowed",
                    "the file holds more than tensors (e.g. a whole model saved with torch.save(model, path));"
                            + " load it in Python and save model.state_dict() instead");
        }
        throw Reject.unsafe("pickle global " + global + " is not allowed");
    }

    @Override
    public Object reduce(Object callable, PyTuple args) throws Reject {
        if (!(callable instanceof Callable c)) {
            if (callable instanceof StorageType t) {
                throw Reject.unsafe("calling " + t.dtype + " storage constructor is not supported");
            }
            throw Reject.corrupt("REDUCE on " + PyValues.describe(callable) + ", which is not callable");
        }
        return switch (c) {
            case ORDERED_DICT -> orderedDict(args);
            case REBUILD_TENSOR -> tensor(args, 4, 4);
            case REBUILD_TENSOR_V2 -> tensor(args, 6, 7);
            case REBUILD_PARAMETER -> parameter(args, 3);
            case REBUILD_PARAMETER_WITH_STATE -> parameter(args, 4);
        };
    }

    @Override
    public Object persistentLoad(Object pid) throws Reject {
        if (!(pid instanceof PyTuple t)) {
            throw Reject.corrupt("persistent id is " + PyValues.describe(pid) + ", expected a tuple");
        }
        return loader.load(t);
    }

    @Override
    public Object build(Object obj, Object state) throws Reject {
        // OrderedDict state holds only the _metadata attribute; tensors carry nothing we need.
        if (obj instanceof Map || obj instanceof TensorRef) {
            return obj;
        }
        throw Reject.unsafe("BUILD on " + PyValues.describe(obj) + " is not supported");
    }

    private static Object orderedDict(PyTuple args) throws Reject {
        Map<Object, Object> d = new LinkedHashMap<>();
        if (args.size() == 0) {
            return d;
        }
        if (args.size() == 1 && args.get(0) instanceof List<?> items) {
            for (Object item : items) {
                if (!(item instanceof PyTuple pair) || pair.size() != 2) {
                    throw Reject.corrupt("OrderedDict item is " + PyValues.describe(item) + ", expected a pair");
                }
                d.put(PyValues.key(pair.get(0)), pair.get(1));
            }
            return d;
        }
        throw Reject.corrupt("unexpected OrderedDict arguments");
    }

    private static TensorRef tensor(PyTuple args, int minArgs, int maxArgs) throws Reject {
        if (args.size() < minArgs || args.size() > maxArgs) {
            throw Reject.corrupt("tensor rebuild with " + args.size() + " arguments, expected " + minArgs
                    + (maxArgs > minArgs ? " or " + maxArgs : ""));
        }
        if (!(args.get(0) instanceof StorageSlice slice)) {
            throw Reject.corrupt("tensor storage is " + PyValues.describe(args.get(0)));
        }
        long offset = nonNegative(args.get(1), "storage offset");
        long[] size = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (size.length != stride.length) {
            throw Reject.corrupt("tensor size has " + size.length + " dimensions but stride has " + stride.length);
        }
        return new TensorRef(slice, offset, size, stride);
    }

    private static TensorRef parameter(PyTuple args, int n) throws Reject {
        if (args.size() != n || !(args.get(0) instanceof TensorRef t)) {
            throw Reject.corrupt("unexpected parameter rebuild arguments");
        }
        return t;
    }

    private static long[] longs(Object o, String what) throws Reject {
        if (!(o instanceof PyTuple t)) {
            throw Reject.corrupt("tensor " + what + " is " + PyValues.describe(o) + ", expected a tuple");
        }
        if (t.size() > MAX_RANK) {
            throw Reject.corrupt("tensor " + what + " has " + t.size() + " dimensions (at most " + MAX_RANK + ")");
        }
        long[] v = new long[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = nonNegative(t.get(i), "tensor " + what);
        }
        return v;
    }

    static long nonNegative(Object o, String what) throws Reject {
        if (o instanceof Long v && v >= 0) {
            return v;
        }
        throw Reject.corrupt(what + " is " + PyValues.describe(o) + ", expected a non-negative integer");
    }
}
