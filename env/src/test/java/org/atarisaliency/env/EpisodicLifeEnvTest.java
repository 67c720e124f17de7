package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SB3's EpisodicLifeEnv under FireResetEnv on Breakout: a lost life ends the learner's episode, not the game. */
class EpisodicLifeEnvTest {

    private static EpisodicLifeEnv open() {
        GameSpec spec = GameIds.resolve("BreakoutNoFrameskip-v4", TestRoms.locator().availableRoms()).withMaxPooledSkip(4).withFireReset(true);
        return new EpisodicLifeEnv(AtariEnv.open(spec, TestRoms.locator().find(spec.rom()), 0, 0));
    }

    @Test
    void aLostLifeEndsTheEpisodeAndTheGameGoesOnUntilGameOver() {
        try (EpisodicLifeEnv e = open()) {
            assertEquals(5, e.env().lives());
            int episodes = 0;
            while (true) {
                EpisodicLifeEnv.Step s;
                int steps = 0;
                do {
                    s = e.step(0);
                    assertTrue(++steps < 2000, "NOOP loses the ball");
                } while (!s.done());
                episodes++;
                if (s.gameOver()) {
                    break;
                }
                assertEquals(5 - episodes, e.env().lives(), "one life lost per episode");
                int frames = e.env().episodeFrames(), gameSteps = e.gameSteps();
                e.reset();
                assertTrue(e.env().episodeFrames() > frames, "the game was not reset (its frame count went on)");
                assertEquals(gameSteps + 3, e.gameSteps(), "the life restart plays NOOP, FIRE, 2");
            }
            assertEquals(5, episodes, "Breakout's five lives, then game over");
            e.reset();
            assertEquals(5, e.env().lives());
            assertEquals(0, e.gameSteps());
            assertEquals(0.0, e.gameScore());
            assertFalse(e.step(0).done());
        }
    }

    @Test
    void aSnapshotContinuesExactly() {
        try (EpisodicLifeEnv e = open()) {
            while (!e.step(3).done()) {
                // lose the first life
            }
            EpisodicLifeEnv.State s = e.snapshot();
            List<EpisodicLifeEnv.Step> first = play(e), again;
            e.restore(s);
            again = play(e);
            assertEquals(first, again);
        }
    }

    private static List<EpisodicLifeEnv.Step> play(EpisodicLifeEnv e) {
        List<EpisodicLifeEnv.Step> out = new ArrayList<>();
        e.reset();
        for (int i = 0; i < 300; i++) {
            EpisodicLifeEnv.Step s = e.step(i % 4);
            out.add(s);
            if (s.done()) {
                e.reset();
            }
        }
        out.add(new EpisodicLifeEnv.Step(e.gameScore(), false, e.env().lives() == 0));
        return out;
    }
}
