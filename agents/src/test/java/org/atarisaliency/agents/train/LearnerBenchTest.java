package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

class LearnerBenchTest {

    @Test
    void timesUpdatesOnASyntheticBatch() {
        double rate = LearnerBench.samplesPerSecond(RecurrentCell.GRU, 4, 2, 3, 2, 1, 2);
        assertTrue(rate > 0 && Double.isFinite(rate), "rate " + rate);
        assertThrows(IllegalArgumentException.class, () -> LearnerBench.samplesPerSecond(RecurrentCell.GRU, 4, 2, 3, 1, 0, 0));
    }

    @Test
    void timesPpoUpdateEpochs() {
        for (PpoArch arch : PpoArch.values()) {
            double rate = LearnerBench.ppoSamplesPerSecond(arch, 4, 4, 4, 2, 0, 1);
            assertTrue(rate > 0 && Double.isFinite(rate), arch + " rate " + rate);
        }
        assertThrows(IllegalArgumentException.class, () -> LearnerBench.ppoSamplesPerSecond(PpoArch.CNN, 4, 4, 4, 1, 0, 0));
    }

    @Test
    void syntheticBatchHasRealSizedFramesInRange() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.LSTM, 6, 1);
        Batch b = LearnerBench.syntheticBatch(w, 16, 20, 7);
        assertEquals(80 * 80, b.inputLength());
        assertEquals(21 * 16 * 6400, b.observations().length);
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : b.observations()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1 && max > min);
        assertEquals(java.util.List.of("h", "c"), b.start().names());
    }
}
