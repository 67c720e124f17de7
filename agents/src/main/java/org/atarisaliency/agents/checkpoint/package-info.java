/**
 * Safe reader, and a writer, for PyTorch checkpoints ({@code torch.save} files, legacy and zip formats).
 *
 * <p>{@link org.atarisaliency.agents.checkpoint.TorchCheckpoint#read(java.nio.file.Path)} returns a
 * {@link org.atarisaliency.agents.checkpoint.StateDict} of float32 tensors. The pickle data is
 * interpreted by a small restricted virtual machine that knows only the opcodes and the handful
 * of whitelisted globals a state dict needs; nothing from the file is ever executed, and every
 * malformed input ends in a one-line {@link org.atarisaliency.agents.checkpoint.CheckpointException}.
 *
 * <p>{@link org.atarisaliency.agents.checkpoint.TorchCheckpointWriter} writes float32 state dicts
 * (optionally beside int/float scalars) in the zip format, loadable by
 * {@code torch.load(f, weights_only=True)} and by the reader.
 */
package org.atarisaliency.agents.checkpoint;
