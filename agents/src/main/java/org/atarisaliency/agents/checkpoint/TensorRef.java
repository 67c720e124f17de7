package org.atarisaliency.agents.checkpoint;

/**
 * A tensor as described by {@code _rebuild_tensor_v2}: a storage slice, an element offset into it,
 * sizes and strides (in elements). Not yet checked against the storage; see {@link Materializer}.
 */
record TensorRef(StorageSlice slice, long offset, long[] size, long[] stride) {
}
