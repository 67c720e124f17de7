package org.atarisaliency.agents.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atarisaliency.agents.checkpoint.PickleMachine.Reject;

/**
 * Resolves storage persistent ids and keeps one {@link Storage} per key, so that tensors sharing
 * a storage share it here too. Legacy ids have six fields
 * {@code ('storage', type, key, location, numel, view_metadata)}, zip ids five (no view).
 */
final class StorageRegistry implements TorchHooks.PersistentLoader {
    static final int MAX_STORAGES = 1 << 20;

    private final boolean legacy;
    private final Map<String, Storage> byKey = new LinkedHashMap<>();

    StorageRegistry(boolean legacy) {
        this.legacy = legacy;
    }

    @Override
    public StorageSlice load(PyTuple pid) throws Reject {
        if (pid.size() > 0 && "module".equals(pid.get(0))) {
            throw new Reject("the file pickles a whole nn.Module (persistent id 'module')",
                    "load it in Python and save model.state_dict() instead");
        }
        int fields = legacy ? 6 : 5;
        if (pid.size() != fields || !"storage".equals(pid.get(0))) {
            throw Reject.corrupt("unexpected persistent id " + PyValues.describe(pid)
                    + ", expected ('storage', type, key, location, numel" + (legacy ? ", view)" : ")"));
        }
        if (!(pid.get(1) instanceof StorageType type)) {
            throw Reject.corrupt("storage type is " + PyValues.describe(pid.get(1)));
        }
        if (!(pid.get(2) instanceof String key) || !(pid.get(3) instanceof String)) {
            throw Reject.corrupt("storage key or location is not a string");
        }
        long numel = TorchHooks.nonNegative(pid.get(4), "storage size");
        Storage s = byKey.get(key);
        if (s == null) {
            if (byKey.size() >= MAX_STORAGES) {
                throw Reject.corrupt("more than " + MAX_STORAGES + " storages");
            }
            s = new Storage(key, type, numel);
            if (s.byteSize() < 0) {
                throw Reject.corrupt("storage '" + PyValues.printable(key) + "' claims " + numel + " elements");
            }
            byKey.put(key, s);
        } else if (s.type != type || s.numel != numel) {
            throw Reject.corrupt("storage '" + PyValues.printable(key) + "' is described inconsistently");
        }
        Object view = legacy ? pid.get(5) : null;
        if (view == null) {
            return new StorageSlice(s, 0, numel);
        }
        if (!(view instanceof PyTuple v) || v.size() != 3 || !(v.get(0) instanceof String)) {
            throw Reject.corrupt("storage view metadata is " + PyValues.describe(view)
                    + ", expected (view_key, offset, size)");
        }
        long offset = TorchHooks.nonNegative(v.get(1), "storage view offset");
        long size = TorchHooks.nonNegative(v.get(2), "storage view size");
        if (offset > numel || size > numel - offset) {
            throw Reject.corrupt("storage view [" + offset + ", +" + size + ") lies outside its storage of "
                    + numel + " elements");
        }
        return new StorageSlice(s, offset, size);
    }

    /** The storage with this key, or null if no persistent id named it. */
    Storage get(String key) {
        return byKey.get(key);
    }
}
