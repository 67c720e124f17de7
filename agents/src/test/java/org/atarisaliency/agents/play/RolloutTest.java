package org.atarisaliency.agents.play;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EnvState;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/** The one rollout loop: what it yields, its seeding rule, replays and restarts, on the real Pong agent. */
class RolloutTest {
    private static final GameSpec PONG = GameIds.resolve("Pong-v4", TestRoms.locator().availableRoms());
    private static final Path ROM = TestRoms.locator().find(PONG.rom());

    private static List<Step> play(ActorCriticPolicy p, ActionSelection sel, long seed, int n) {
        List<Step> out = new ArrayList<>();
        try (Rollout r = Rollout.open(p, PONG, ROM, sel, seed).keepRam()) {
            while (!r.over() && r.t() < n) {
                out.add(r.step());
            }
        }
        return out;
    }

    @Test
    void stepsFollowTheHandWrittenLoopWithTheDocumentedSeeds() throws Exception {
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6)) {
            List<Step> steps = play(p, ActionSelection.SAMPLE, 7, 40);
            // the same loop written out: env seeded with Seeds.env(seed, 0), actions with Seeds.actions(seed, 0)
            try (AtariEnv env = AtariEnv.open(PONG, ROM, Seeds.env(7, 0), 0)) {
                SplittableRandom rng = new SplittableRandom(Seeds.actions(7, 0));
                RecurrentState h = p.initialState(1);
                double score = 0;
                for (Step s : steps) {
                    byte[] rgb = env.frame();
                    assertArrayEquals(rgb, s.frame(), "frame of step " + s.t());
                    float[] x = new float[6400];
                    p.preprocessor().apply(rgb, x, 0);
                    assertArrayEquals(x, s.input());
                    assertArrayEquals(h.part("h"), s.before().part("h"));
                    PolicyOutput o = p.forward(x, h);
                    int a = ActionSelection.SAMPLE.choose(o, 0, rng);
                    assertEquals(a, s.action(), "action of step " + s.t());
                    AtariEnv.Step st = env.step(a);
                    score += st.reward();
                    assertEquals(score, s.score());
                    assertEquals(env.lives(), s.lives());
                    assertArrayEquals(env.ram(), s.ram());
                    assertNull(s.envState());
                    h = o.next();
                    assertArrayEquals(h.part("h"), s.after().part("h"));
                }
            }
            // reproducible, and the seed matters
            List<Step> again = play(p, ActionSelection.SAMPLE, 7, 40), other = play(p, ActionSelection.SAMPLE, 8, 40);
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(steps.get(i).action(), again.get(i).action());
            }
            assertNotEquals(steps.stream().map(Step::action).toList(), other.stream().map(Step::action).toList());
        }
    }

    @Test
    void aCallersOutputIsUsedAndReplaysFromAStoredStateSeeTheSameFrames() throws Exception {
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             AtariEnv env = AtariEnv.open(PONG, ROM, Seeds.env(0, 0), 0)) {
            List<Step> ref = new ArrayList<>();
            EnvState start;
            try (Rollout r = Rollout.on(p, env, ActionSelection.GREEDY, 0).keepEnvState()) {
                while (r.t() < 20) {
                    Rollout.Observation o = r.observe();
                    assertTrue(o == r.observe(), "one observation per step");
                    ref.add(r.step(p.forward(o.input(), o.state())));
                }
                start = ref.get(0).envState();
            }
            env.restoreState(start);
            try (Rollout replay = Rollout.on(p, env, ActionSelection.GREEDY, 0).startingFrom(ref.get(0).frame())) {
                for (Step s : ref) {
                    Rollout.Observation o = replay.observe();
                    assertArrayEquals(s.frame(), o.frame(), "replayed frame " + s.t());
                    Step st = replay.step(null, s.action());
                    assertEquals(s.reward(), st.reward());
                }
            }
            ref.forEach(s -> s.envState().close());
        }
    }

    @Test
    void anEpisodeEndEitherStopsOrRestartsWithAFreshMemory() throws Exception {
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6)) {
            GameSpec shortGame = PONG;
            // play one whole episode: the rollout ends with it, or restarts
            try (Rollout r = Rollout.open(p, shortGame, ROM, ActionSelection.SAMPLE, 3)) {
                Step last = null;
                while (!r.over()) {
                    last = r.step();
                }
                assertTrue(last.gameOver());
                assertThrows(IllegalStateException.class, r::observe);
            }
            try (Rollout r = Rollout.open(p, shortGame, ROM, ActionSelection.SAMPLE, 3).restartOnGameOver()) {
                int ends = 0;
                while (ends < 1) {
                    Step s = r.step();
                    if (s.gameOver()) {
                        ends++;
                        Rollout.Observation o = r.observe();
                        assertTrue(java.util.Arrays.equals(o.state().part("h"), new float[256]), "memory starts at zero after a restart");
                        Step next = r.step();
                        assertEquals(next.reward(), next.score(), "the score starts again");
                    }
                }
            }
        }
    }

    /** With expert hints, each frame the agent sees carries the strip with the expert's greedy action on the unmarked frame. */
    @Test
    void expertHintsMarkTheExpertsChoiceBeforeTheAgentSeesTheFrame() throws Exception {
        try (ActorCriticPolicy student = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 40), 6);
             ActorCriticPolicy expert = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             HintSource hints = HintSource.expert(ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6))) {
            List<Step> steps = new ArrayList<>();
            try (Rollout r = Rollout.open(student, PONG, ROM, ActionSelection.GREEDY, 2).withHints(hints)) {
                while (r.t() < 30) {
                    steps.add(r.step());
                }
            }
            try (AtariEnv env = AtariEnv.open(PONG, ROM, Seeds.env(2, 0), 0)) {
                RecurrentState h = expert.initialState(1);
                for (Step s : steps) {
                    byte[] plain = env.frame();
                    float[] x = new float[6400];
                    expert.preprocessor().apply(plain, x, 0);
                    PolicyOutput o = expert.forward(x, h);
                    h = o.next();
                    int hinted = o.greedyAction(0);
                    for (int a = 0; a < 6; a++) {
                        for (int y = 37; y <= 40; y++) {
                            int i = (y * 160 + 72 + 5 * a) * 3;
                            assertEquals(a == hinted ? 250 : 50, s.frame()[i] & 0xff, "step " + s.t() + " action " + a);
                        }
                    }
                    float[] seen = new float[6400];
                    student.preprocessor().apply(s.frame(), seen, 0);
                    assertArrayEquals(seen, s.input(), "the agent saw the marked frame");
                    env.step(s.action());
                }
            }
        }
    }

    @Test
    void seedsAreTheDocumentedChildren() {
        assertEquals(Seeds.childInt(5, "env", 2), Seeds.env(5, 2));
        assertEquals(Seeds.child(5, "actions", 2), Seeds.actions(5, 2));
        assertEquals(12, Seeds.noise(5, 7));
        assertEquals(22, Seeds.contactTest(5));
        assertTrue(Seeds.env(5, 2) >= 0);
        assertNotEquals(Seeds.env(5, 2), Seeds.env(5, 3));
    }
}
