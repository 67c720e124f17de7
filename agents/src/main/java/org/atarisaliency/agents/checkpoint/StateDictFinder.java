package org.atarisaliency.agents.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Picks the state dict out of the unpickled root object: the root dict itself if it holds
 * tensors, else the dict under one of {@link #COMMON_KEYS}.
 */
final class StateDictFinder {
    static final List<String> COMMON_KEYS = List.of("state_dict", "model_state_dict", "model", "model_weights");

    private StateDictFinder() {
    }

    /** The tensors of the state dict, in order; non-tensor entries are dropped. */
    static Map<String, TensorRef> find(String file, Object root) throws CheckpointException {
        if (root instanceof Map<?, ?> m) {
            Map<String, TensorRef> direct = tensors(m);
            if (!direct.isEmpty()) {
                return direct;
            }
            for (String key : COMMON_KEYS) {
                if (m.get(key) instanceof Map<?, ?> inner) {
                    Map<String, TensorRef> found = tensors(inner);
                    if (!found.isEmpty()) {
                        return found;
                    }
                }
            }
            String keys = m.keySet().stream().limit(12).map(PyValues::describe).collect(Collectors.joining(", "));
            throw new CheckpointException(file + ": no tensors found; expected a PyTorch state_dict (a dict of name"
                    + " -> tensor, possibly under 'state_dict', 'model_state_dict' or 'model'), found a dict with keys ["
                    + keys + "]; save it with torch.save(model.state_dict(), path)");
        }
        String what = root instanceof TensorRef ? "a single tensor" : PyValues.describe(root);
        throw new CheckpointException(file + ": no tensors found; expected a PyTorch state_dict (a dict of name"
                + " -> tensor), found " + what + "; save it with torch.save(model.state_dict(), path)");
    }

    private static Map<String, TensorRef> tensors(Map<?, ?> m) {
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getKey() instanceof String name && e.getValue() instanceof TensorRef t) {
                out.put(name, t);
            }
        }
        return out;
    }
}
