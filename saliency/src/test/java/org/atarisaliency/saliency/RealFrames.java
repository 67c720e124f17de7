package org.atarisaliency.saliency;

import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Preprocessing;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;

/** Real frames and recurrent states from a greedy rollout of a shared agent (for tests). */
public final class RealFrames {
    /** One step: the raw frame, its preprocessed input and the state before it. */
    public record Frame(int step, byte[] rgb, float[] input, RecurrentState stateBefore) {
    }

    private RealFrames() {
    }

    /** Frames at the given steps of a greedy rollout of agent {@code dir} (e.g. "pong-v4") on {@code game}. */
    public static List<Frame> rollout(String dir, String game, int... steps) throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(game, loc.availableRoms());
        List<Frame> out = new ArrayList<>();
        int last = java.util.Arrays.stream(steps).max().orElse(0);
        try (AtariEnv env = AtariEnv.open(spec, loc.find(spec.rom()), 0, 0);
             ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent(dir, 80), env.actionCount())) {
            RecurrentState h = p.initialState(1);
            for (int t = 0; t <= last; t++) {
                byte[] rgb = env.frame();
                float[] x = Preprocessing.preprocess(rgb);
                final int tt = t;
                if (java.util.Arrays.stream(steps).anyMatch(s -> s == tt)) {
                    out.add(new Frame(t, rgb, x, h.copy()));
                }
                PolicyOutput o = p.forward(x, h);
                env.step(o.greedyAction(0));
                h = o.next();
            }
        }
        return out;
    }
}
