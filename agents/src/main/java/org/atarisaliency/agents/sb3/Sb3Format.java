package org.atarisaliency.agents.sb3;

import java.util.List;
import org.atarisaliency.agents.AgentFile;
import org.atarisaliency.agents.AgentFormat;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.CheckpointException;

/** Stable-Baselines3 {@code model.save()} zips (DQN, QR-DQN, A2C, PPO with CnnPolicy; RecurrentPPO with CnnLstmPolicy): {@link Sb3Zip}. */
public final class Sb3Format implements AgentFormat {
    @Override
    public List<String> hints() {
        return List.of("sb3");
    }

    @Override
    public String description() {
        return "a Stable-Baselines3 zip";
    }

    @Override
    public boolean detects(AgentFile file) {
        return Sb3Zip.sniff(file.path());
    }

    @Override
    public Policy load(AgentFile file, String hint) throws CheckpointException {
        return Sb3Zip.load(file.path());
    }
}
