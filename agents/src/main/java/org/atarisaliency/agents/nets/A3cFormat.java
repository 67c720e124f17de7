package org.atarisaliency.agents.nets;

import java.util.List;
import org.atarisaliency.agents.AgentFile;
import org.atarisaliency.agents.AgentFormat;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.CheckpointException;

/** A3C agents (baby-a3c, visualize_atari): any PyTorch checkpoint no other format took. */
public final class A3cFormat implements AgentFormat {
    @Override
    public List<String> hints() {
        return List.of("a3c");
    }

    @Override
    public String description() {
        return "a PyTorch checkpoint that is not a CleanRL agent";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public boolean detects(AgentFile file) {
        return false;
    }

    @Override
    public Policy load(AgentFile file, String hint) throws CheckpointException {
        return ActorCriticPolicy.of(ActorCriticWeights.fromStateDict(file.stateDict(), file.name()));
    }
}
