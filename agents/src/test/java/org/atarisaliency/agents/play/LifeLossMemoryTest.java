package org.atarisaliency.agents.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/**
 * A policy that says {@link Policy#memoryResetsOnLifeLoss()} (the recurrent SB3 / CleanRL agents, whose libraries
 * end an episode at each lost life) starts its memory afresh after every lost life in the rollout and in the
 * evaluation, and plays on in the same game; any other policy keeps its memory until the game ends. The memory of
 * the test policy counts the steps it has seen; its greedy action is NOOP on a fresh memory and FIRE otherwise, so
 * the evaluation's actions show where the memory was reset.
 */
class LifeLossMemoryTest {
    private static final GameSpec BREAKOUT = GameIds.resolve("BreakoutNoFrameskip-v4", TestRoms.locator().availableRoms())
            .withMaxPooledSkip(4).withFireReset(true);
    private static final Path ROM = TestRoms.locator().find(BREAKOUT.rom());
    private static final int STEPS = 1500;

    @Test
    void rolloutResetsTheMemoryAfterEachLostLifeOnlyWhereThePolicySaysSo() {
        for (boolean resets : new boolean[] {true, false}) {
            List<Step> steps = new ArrayList<>();
            try (Rollout r = Rollout.open(new Counter(resets), BREAKOUT, ROM, ActionSelection.GREEDY, 0)) {
                while (!r.over() && r.t() < STEPS) {
                    steps.add(r.step());
                }
            }
            int lost = 0;
            float expected = 0;
            for (Step s : steps) {
                assertEquals(expected, s.before().part("n")[0], "memory before step " + s.t() + " (resets at a lost life: " + resets + ")");
                lost += s.lifeLost() ? 1 : 0;
                expected = s.lifeLost() && resets ? 0 : expected + 1;
            }
            assertTrue(lost >= 2, "the test game lost only " + lost + " lives");
        }
    }

    @Test
    void evaluationResetsTheMemoryAfterEachLostLife() throws Exception {
        List<Integer> fresh = new ArrayList<>();
        Evaluator.Listener l = new Evaluator.Listener() {
            @Override
            public void onStep(long totalSteps, int finishedEpisodes) {
            }

            @Override
            public void onEpisode(Evaluator.Episode e) {
            }

            @Override
            public void onAction(int episode, int step, int action) {
                if (action == 0) {
                    fresh.add(step);
                }
            }
        };
        Evaluator.run(new Counter(true), new Evaluator.Settings(BREAKOUT, ROM, 1, 0, ActionSelection.GREEDY, STEPS, 1), l);
        List<Integer> lifeLosses = new ArrayList<>();
        try (Rollout r = Rollout.open(new Counter(true), BREAKOUT, ROM, ActionSelection.GREEDY, 0)) {
            while (!r.over() && r.t() < STEPS) {
                Step s = r.step();
                if (s.lifeLost() && !s.gameOver()) {
                    lifeLosses.add(r.t());
                }
            }
        }
        lifeLosses.add(0, 0);
        assertTrue(lifeLosses.size() >= 3, "lives lost at " + lifeLosses);
        assertEquals(lifeLosses.stream().filter(t -> t < STEPS).toList(), fresh);
    }

    /** Memory "n" = steps seen; greedy action NOOP (0) on a fresh memory, FIRE (1) otherwise. */
    private record Counter(boolean resets) implements Policy {
        @Override
        public int inputSize() {
            return 80;
        }

        @Override
        public int inputChannels() {
            return 1;
        }

        @Override
        public int actionCount() {
            return 4;
        }

        @Override
        public List<String> stateNames() {
            return List.of("n");
        }

        @Override
        public int stateSize() {
            return 1;
        }

        @Override
        public String describe() {
            return "step counter";
        }

        @Override
        public boolean memoryResetsOnLifeLoss() {
            return resets;
        }

        @Override
        public PolicyOutput forward(float[] observations, RecurrentState state) {
            float n = state.part("n")[0];
            float[] logits = n == 0 ? new float[] {1, 0, 0, 0} : new float[] {0, 1, 0, 0};
            return new PolicyOutput(1, 4, logits, new float[] {0}, new RecurrentState(1, List.of("n"), List.of(new float[] {n + 1})));
        }

        @Override
        public void close() {
        }
    }
}
