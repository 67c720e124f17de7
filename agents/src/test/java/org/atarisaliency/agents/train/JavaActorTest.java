package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

/** The Java actor gives the native policy's outputs (logits, value, next state) on the same inputs. */
class JavaActorTest {

    private static void compare(ActorCriticWeights w, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 6400];
        for (int i = 0; i < x.length; i++) {
            x[i] = (r.nextInt(4)) / 3f;
        }
        List<String> names = w.cell().stateNames();
        RecurrentState st = RecurrentState.zeros(n, names, w.hidden());
        for (float[] p : st.parts()) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (r.nextDouble() - 0.5);
            }
        }
        try (ActorCriticPolicy ref = new ActorCriticPolicy(w, "ref"); JavaActor actor = new JavaActor(w, 2)) {
            PolicyOutput a = ref.forward(x, st), b = actor.forward(x, st);
            PolicyOutput again = actor.forward(x, st);
            for (int i = 0; i < a.logits().length; i++) {
                assertEquals(a.logits()[i], b.logits()[i], 2e-4, "logit " + i);
                assertEquals(b.logits()[i], again.logits()[i], 0.0, "repeatable");
            }
            for (int i = 0; i < n; i++) {
                assertEquals(a.values()[i], b.values()[i], 2e-4);
            }
            for (String name : names) {
                float[] p = a.next().part(name), q = b.next().part(name);
                for (int i = 0; i < p.length; i++) {
                    assertEquals(p[i], q[i], 1e-4, name + " " + i);
                }
            }
        }
    }

    @Test
    void matchesTheNativePolicy() throws Exception {
        compare(ActorCriticWeights.read(TestAssets.agent("pong-v4", 80)), 5, 1);
        compare(Init.pytorchDefault(RecurrentCell.LSTM, 4, 3), 3, 2);
    }
}
