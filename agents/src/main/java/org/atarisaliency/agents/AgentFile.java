package org.atarisaliency.agents;

import java.nio.file.Path;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;

/** An agent file offered to the {@link AgentFormat}s: its path, and its PyTorch tensors, read once when first asked. */
public final class AgentFile {
    private final Path path;
    private StateDict dict;

    /** A regular file (checked by the caller). */
    public AgentFile(Path path) {
        this.path = path;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The file's name, for messages. */
    public String name() {
        return path.getFileName().toString();
    }

    /** The file read as a PyTorch checkpoint, every value checked finite (read on the first call). */
    public StateDict stateDict() throws CheckpointException {
        if (dict == null) {
            StateDict read = TorchCheckpoint.read(path);
            FiniteValues.requireFinite(read);
            dict = read;
        }
        return dict;
    }
}
