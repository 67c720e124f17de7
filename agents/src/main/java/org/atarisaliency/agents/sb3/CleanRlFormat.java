package org.atarisaliency.agents.sb3;

import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.AgentFile;
import org.atarisaliency.agents.AgentFormat;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.CheckpointException;

/** CleanRL's {@code dqn_atari}, {@code c51_atari}, {@code ppo_atari}, {@code ppo_atari_lstm} state dicts: {@link CleanRlModel}. */
public final class CleanRlFormat implements AgentFormat {
    @Override
    public List<String> hints() {
        return Arrays.stream(CleanRlModel.Arch.values()).map(a -> a.hint).toList();
    }

    @Override
    public String description() {
        return "a CleanRL agent";
    }

    @Override
    public boolean detects(AgentFile file) throws CheckpointException {
        return CleanRlModel.looksLike(file.stateDict());
    }

    @Override
    public Policy load(AgentFile file, String hint) throws CheckpointException {
        return CleanRlModel.load(file.stateDict(), file.name(), CleanRlModel.Arch.fromHint(hint));
    }
}
