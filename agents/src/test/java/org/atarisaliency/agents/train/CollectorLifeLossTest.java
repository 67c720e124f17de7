package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/**
 * Terminal on life loss on real Breakout-v4 (5 lives) with a freshly initialised (near-uniform) GRU policy: the return
 * ends exactly where the emulator's lives drop, the episode (memory reset, game reset) only at game over, and acting is
 * the same as without the setting.
 */
class CollectorLifeLossTest {
    private static final GameSpec BREAKOUT = GameIds.resolve("Breakout-v4", TestRoms.locator().availableRoms());
    private static final Path ROM = TestRoms.locator().find(BREAKOUT.rom());
    private static final int ENVS = 2, STEPS = 200;
    private static final long SEED = 7;

    private static Collector collector() {
        return new Collector(BREAKOUT, ROM, ENVS, SEED, FramePreprocessor.A3C, List.of("h"), 256, true);
    }

    @Test
    void livesLostEndTheReturnButNotTheGameOrTheMemory() throws Exception {
        try (ActorCriticPolicy p = ActorCriticPolicy.of(Init.pytorchDefault(RecurrentCell.GRU, 4, 3));
             Collector withLives = collector().withLifeLossTerminals(); Collector plain = collector()) {
            AtariEnv[] replay = new AtariEnv[ENVS];
            for (int i = 0; i < ENVS; i++) {
                replay[i] = AtariEnv.open(BREAKOUT, ROM, Seeds.env(SEED, i), 0);
            }
            int livesLost = 0, gameOvers = 0;
            boolean[] lostBefore = new boolean[ENVS];
            for (int t = 0; t < STEPS; t++) {
                Batch b = withLives.collect(p, 1).batch(), same = plain.collect(p, 1).batch();
                assertArrayEquals(same.actions(), b.actions(), "acting is unchanged");
                assertArrayEquals(same.observations(), b.observations());
                assertArrayEquals(same.dones(), b.dones());
                assertArrayEquals(same.dones(), same.terminals(), "without the setting the returns end at the episodes");
                assertArrayEquals(same.start().part("h"), b.start().part("h"), "the memory is the same");
                for (int i = 0; i < ENVS; i++) {
                    float[] row = java.util.Arrays.copyOfRange(b.start().part("h"), i * 256, (i + 1) * 256);
                    if (lostBefore[i]) {
                        assertTrue(nonZero(row), "the memory goes on after a lost life");
                    }
                    int before = replay[i].lives();
                    boolean over = replay[i].step(b.actions()[i]).gameOver();
                    int after = replay[i].lives();
                    boolean dropped = after < before;
                    assertEquals(over, b.dones()[i], "done at step " + t + " of env " + i + " only at game over");
                    assertEquals(over || dropped, b.terminals()[i], "terminal at step " + t + " of env " + i + " (lives " + before + " -> " + after + ")");
                    lostBefore[i] = dropped && !over;
                    livesLost += lostBefore[i] ? 1 : 0;
                    gameOvers += over ? 1 : 0;
                    if (over) {
                        replay[i].reset();
                    }
                }
            }
            for (AtariEnv e : replay) {
                e.close();
            }
            assertTrue(livesLost >= 4, "lives lost: " + livesLost);
            System.out.println("Breakout, " + ENVS + " envs x " + STEPS + " steps: " + livesLost + " lives lost, " + gameOvers + " game overs");
        }
    }

    private static boolean nonZero(float[] row) {
        for (float v : row) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
