package org.atarisaliency.agents.checkpoint;

/** What a storage persistent id resolves to: a range of elements of a {@link Storage}. */
record StorageSlice(Storage storage, long offset, long length) {
}
