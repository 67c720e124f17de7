package org.atarisaliency.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.junit.jupiter.api.Test;

class MemorySaliencyTest {

    private static double actorScore(PolicyOutput a, PolicyOutput b) {
        double s = 0;
        for (int j = 0; j < a.actions(); j++) {
            double d = a.logits()[j] - b.logits()[j];
            s += d * d;
        }
        return 0.5 * s;
    }

    @Test
    void scoresMatchDirectForwardsOnARealStep() throws Exception {
        RealFrames.Frame f = RealFrames.rollout("breakout-v4", "Breakout-v4", 120).get(0);
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("breakout-v4", 80), 4)) {
            MemorySaliency ms = new MemorySaliency(p);
            MemoryMap m = ms.compute(MemoryRequest.of(f.input(), f.stateBefore()).withScale(0.5));
            MemoryMap.Part h = m.part("h");
            PolicyOutput base = p.forward(f.input(), f.stateBefore());
            // removal equals a forward from a zero memory
            PolicyOutput zero = p.forward(f.input(), p.initialState(1));
            assertEquals(actorScore(base, zero), h.removeActor(), 1e-4 * Math.max(1, h.removeActor()));
            // scaling by 0.5 equals a forward from the halved memory
            float[] half = f.stateBefore().part("h").clone();
            for (int i = 0; i < half.length; i++) {
                half[i] *= 0.5f;
            }
            PolicyOutput halved = p.forward(f.input(), new RecurrentState(1, List.of("h"), List.of(half)));
            assertEquals(actorScore(base, halved), h.scaleActor(), 1e-4 * Math.max(1, h.scaleActor()));
            // the strongest unit: zeroing it alone
            int top = h.topUnits(1)[0];
            float[] one = f.stateBefore().part("h").clone();
            one[top] = 0;
            PolicyOutput cut = p.forward(f.input(), new RecurrentState(1, List.of("h"), List.of(one)));
            assertEquals(actorScore(base, cut), h.unitActor()[top], 1e-4 * Math.max(1e-3, h.unitActor()[top]));
            assertEquals(256, h.unitActor().length);
            assertTrue(h.removeActor() > h.scaleActor(), "removing the memory must move the actor more than halving it");
            assertTrue(h.noiseActor() > 0);
            // scale 1 changes nothing
            MemoryMap same = ms.compute(MemoryRequest.of(f.input(), f.stateBefore()).withScale(1.0).withPerUnit(false));
            assertEquals(0.0, same.part("h").scaleActor(), 1e-9);
        }
    }

    @Test
    void forwardStatesEqualsForwardWithTheObservationRepeated() throws Exception {
        RealFrames.Frame f = RealFrames.rollout("pong-v4", "Pong-v4", 50).get(0);
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6)) {
            RecurrentState s = f.stateBefore().repeatRow(0, 3);
            for (int i = 0; i < 256; i++) {
                s.parts().get(0)[256 + i] *= 0.3f;
                s.parts().get(0)[512 + i] = 0;
            }
            float[] x = new float[3 * 6400];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(f.input(), 0, x, i * 6400, 6400);
            }
            PolicyOutput a = p.forwardStates(f.input(), s), b = p.forward(x, s);
            for (int i = 0; i < a.logits().length; i++) {
                assertEquals(b.logits()[i], a.logits()[i], 1e-5);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(b.values()[i], a.values()[i], 1e-5);
            }
        }
    }
}
