package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.nets.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint with one weight that is NaN or infinite is refused by every reader, naming the file and the tensor. */
class FiniteWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void oneNonFiniteWeightIsRefusedInOneLine() throws Exception {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            LinkedHashMap<String, TensorData> tensors = Init.pytorchDefault(RecurrentCell.GRU, 6, 0).toStateDict();
            tensors.get("gru.weight_hh").values()[7] = bad;
            Path file = tmp.resolve("diverged.pt");
            TorchCheckpointWriter.write(file, tensors);
            for (var load : new ThrowingLoad[] {() -> ActorCriticPolicy.load(file, 6), () -> Agents.loadPolicy(file, 6).close(), () -> ActorCriticWeights.read(file)}) {
                CheckpointException e = assertThrows(CheckpointException.class, load::run);
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertTrue(e.getMessage().contains("diverged.pt") && e.getMessage().contains("tensor 'gru.weight_hh' holds " + bad), e.getMessage());
            }
        }
        // the same weights, all finite, load
        Path good = tmp.resolve("good.pt");
        TorchCheckpointWriter.write(good, Init.pytorchDefault(RecurrentCell.GRU, 6, 0).toStateDict());
        ActorCriticPolicy.load(good, 6).close();
    }

    @Test
    void firstNonFiniteFindsTheIndex() {
        assertEquals(-1, FiniteValues.firstNonFinite(new float[] {0, -1e30f, Float.MAX_VALUE}));
        assertEquals(2, FiniteValues.firstNonFinite(new float[] {0, 1, Float.NEGATIVE_INFINITY, Float.NaN}));
    }

    private interface ThrowingLoad {
        void run() throws Exception;
    }
}
