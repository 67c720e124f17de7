package org.atarisaliency.agents.rl4j;

import java.util.List;
import org.atarisaliency.agents.AgentFile;
import org.atarisaliency.agents.AgentFormat;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.CheckpointException;

/** RL4J agents: a DL4J model zip ({@link Dl4jModelZip}), loaded as an {@link Rl4jPolicy}. */
public final class Rl4jFormat implements AgentFormat {
    @Override
    public List<String> hints() {
        return List.of("rl4j");
    }

    @Override
    public String description() {
        return "an RL4J/DL4J model zip";
    }

    @Override
    public boolean detects(AgentFile file) {
        return Dl4jModelZip.sniff(file.path());
    }

    @Override
    public Policy load(AgentFile file, String hint) throws CheckpointException {
        return Rl4jPolicy.load(file.path());
    }
}
