package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.atarisaliency.agents.RecurrentState;
import org.junit.jupiter.api.Test;

/**
 * The A2C returns end at {@link Batch#terminals()}, not at the memory resets ({@link Batch#dones()}): 1 env x 5 steps,
 * rewards 0 0 1 0 1, values 0.5 0.4 0.3 0.2 0.1 and bootstrap 0.6, gamma 0.99, the return cut after step 2.
 */
class A2cLossTerminalsTest {
    private static final float[] REWARDS = {0, 0, 1, 0, 1};
    private static final float[] VALUES = {0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.6f};

    private static Batch batch(boolean[] dones, boolean[] terminals) {
        return new Batch(1, 5, 1, new float[6], new int[5], REWARDS, dones, terminals, RecurrentState.zeros(1, List.of("h"), 1));
    }

    private static double[] advantages(double lambda, Batch b) {
        A2cConfig d = A2cConfig.defaults();
        A2cConfig cfg = new A2cConfig(0.99, lambda, d.learningRate(), d.valueCoef(), d.entropyCoef(), d.maxGradNorm(), d.adamBeta1(),
                d.adamBeta2(), d.adamEps());
        return A2cLoss.advantages(cfg, b, VALUES);
    }

    private static boolean[] at2() {
        return new boolean[] {false, false, true, false, false};
    }

    @Test
    void aTerminalWithoutADoneCutsTheReturn() {
        Batch cut = batch(new boolean[5], at2());
        // returns: R4 = 1 + .99 * .6 = 1.594, R3 = .99 * R4 = 1.57806, R2 = 1 (cut), R1 = .99, R0 = .9801; A = R - V
        assertArrayEquals(new double[] {0.4801, 0.59, 0.7, 1.37806, 1.494}, advantages(1.0, cut), 1e-6);
        // GAE lambda .5: deltas -.104 -.103 .7 -.101 1.494; A3 = -.101 + .495 * 1.494, A2 = .7, A1 = -.103 + .495 * .7, A0 = -.104 + .495 * A1
        assertArrayEquals(new double[] {0.0165325, 0.2435, 0.7, 0.63853, 1.494}, advantages(0.5, cut), 1e-6);
        // the same cut with a memory reset there too: the loss does not look at the resets
        assertArrayEquals(advantages(0.5, cut), advantages(0.5, batch(at2(), at2())), 1e-12);
    }

    @Test
    void withTerminalsEqualToDonesTheReturnsAreTheEpisodes() {
        // no cut: R2 = 1 + .99 * 1.57806 = 2.5622794, R1 = .99 R2, R0 = .99 R1
        assertArrayEquals(new double[] {2.01129004, 2.1366566, 2.2622794, 1.37806, 1.494},
                advantages(1.0, new Batch(1, 5, 1, new float[6], new int[5], REWARDS, new boolean[5], RecurrentState.zeros(1, List.of("h"), 1))),
                1e-6);
        assertThrows(IllegalArgumentException.class, () -> batch(at2(), new boolean[5]), "a game over always ends the return");
    }
}
