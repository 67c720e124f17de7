package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import org.atarisaliency.agents.checkpoint.TorchCheckpointWriter;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.agents.train.A2cLearner;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.train.Learner;

/**
 * The training engine used by default: PyTorch's default initialisation, the Java A2C learner,
 * and checkpoints in PyTorch's zip format with baby-a3c's tensor names (read back by our reader,
 * and by {@code torch.load(f, weights_only=True)}).
 */
final class A2cEngine implements Train.Engine {
    @Override
    public ActorCriticWeights init(RecurrentCell cell, int actions, long seed) {
        return Init.pytorchDefault(cell, actions, seed);
    }

    @Override
    public Learner learner(ActorCriticWeights init, A2cConfig config) {
        return new A2cLearner(init, config);
    }

    @Override
    public void write(Path file, ActorCriticWeights w) throws IOException {
        TorchCheckpointWriter.write(file, w.toStateDict());
    }

    @Override
    public ActorCriticWeights read(Path file) throws IOException {
        return ActorCriticWeights.read(file);
    }
}
