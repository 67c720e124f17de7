package org.atarisaliency.saliency.counterfactual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Intervention;
import org.atarisaliency.env.Interventions;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/** {@link InterventionTrials} on real games with the shared baby-a3c agents. */
class InterventionTrialsTest {

    /** Plays {@code steps} greedy steps, trying the interventions at each step when {@code trials}; returns the actions and the results. */
    private static List<Object> play(String agent, String id, int steps, boolean trials, List<Intervention> ivs, Policy[] keep)
            throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(id, loc.availableRoms());
        List<Integer> actions = new ArrayList<>();
        List<InterventionTrials.Result> results = new ArrayList<>();
        try (Policy p = Agents.loadPolicy(TestAssets.agent(agent, 80), 6 - (id.startsWith("Breakout") ? 2 : 0));
             Rollout r = Rollout.open(p, spec, loc.find(spec.rom()), ActionSelection.GREEDY, 0).keepEnvState()) {
            Step previous = null;
            for (int t = 0; t < steps && !r.over(); t++) {
                Rollout.Observation o = r.observe();
                if (trials && previous != null) {
                    results.add(InterventionTrials.run(p, r.env(), previous.envState(), previous.action(), o.frame(), o.state(), ivs));
                    // the intervened policy, recomputed independently for the first move that took
                    for (InterventionTrials.Trial tr : results.get(results.size() - 1).trials()) {
                        if (tr.status() == InterventionTrials.Status.TOOK) {
                            checkIndependently(p, r.env(), previous, o, tr);
                            break;
                        }
                    }
                }
                Step st = r.step();
                actions.add(st.action());
                previous = st;
            }
        }
        return List.of(actions, results);
    }

    /** Replays the intervention by hand and compares the actor and critic change with the trial's. */
    private static void checkIndependently(Policy p, AtariEnv env, Step previous, Rollout.Observation o, InterventionTrials.Trial tr) {
        var now = env.cloneState();
        env.restoreState(previous.envState());
        tr.intervention().apply(env);
        env.step(previous.action());
        byte[] frame = env.frame();
        env.restoreState(now);
        now.close();
        float[] x = new float[p.preprocessor().length()];
        p.preprocessor().apply(frame, x, 0);
        PolicyOutput a = p.forward(o.input(), o.state());
        PolicyOutput b = p.forward(x, o.state());
        double actor = 0;
        for (int k = 0; k < a.actions(); k++) {
            double d = a.logits()[k] - b.logits()[k];
            actor += 0.5 * d * d;
        }
        double dv = a.values()[0] - b.values()[0];
        assertEquals(actor, tr.actor(), 1e-5 * Math.max(1, actor), tr.intervention().name());
        assertEquals(0.5 * dv * dv, tr.critic(), 1e-5 * Math.max(1, dv * dv), tr.intervention().name());
        assertEquals(b.greedyAction(0), tr.action());
    }

    @SuppressWarnings("unchecked")
    @Test
    void trialsLeaveTheTrajectoryAloneAndMovesTakeOnPong() throws Exception {
        List<Intervention> ivs = Interventions.of("pong", 8);
        List<Object> plain = play("pong-v4", "Pong-v4", 120, false, ivs, null);
        List<Object> tried = play("pong-v4", "Pong-v4", 120, true, ivs, null);
        assertEquals(plain.get(0), tried.get(0), "trying interventions must not change the agent's trajectory");
        Map<String, int[]> counts = new TreeMap<>();
        for (InterventionTrials.Result r : (List<InterventionTrials.Result>) tried.get(1)) {
            for (InterventionTrials.Trial t : r.trials()) {
                int[] c = counts.computeIfAbsent(t.intervention().name(), k -> new int[3]);
                c[t.status().ordinal()]++;
                if (t.status() == InterventionTrials.Status.TOOK) {
                    assertTrue(t.actor() >= 0 && t.critic() >= 0 && t.tv() >= 0 && t.tv() <= 1 + 1e-9);
                    assertTrue(t.box() != null);
                }
            }
        }
        counts.forEach((k, c) -> System.out.printf("pong %s: not applicable %d, did not take %d, took %d%n", k, c[0], c[1], c[2]));
        for (String ball : List.of("ball.x+8", "ball.x-8", "ball.y+8", "ball.y-8")) {
            int[] c = counts.get(ball);
            assertTrue(c[2] >= 50 && c[2] >= 9 * c[1], ball + " should take whenever it applies: " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void breakoutsPaddleWriteIsDetectedAsNotTaking() throws Exception {
        List<Intervention> ivs = Interventions.of("breakout", 8).stream().filter(i -> i.object().equals("paddle")).toList();
        @SuppressWarnings("unchecked")
        List<InterventionTrials.Result> rs = (List<InterventionTrials.Result>) play("breakout-v4", "Breakout-v4", 80, true, ivs, null).get(1);
        int applicable = 0, took = 0;
        for (InterventionTrials.Result r : rs) {
            for (InterventionTrials.Trial t : r.trials()) {
                applicable += t.status() != InterventionTrials.Status.NOT_APPLICABLE ? 1 : 0;
                took += t.status() == InterventionTrials.Status.TOOK ? 1 : 0;
            }
        }
        System.out.printf("breakout paddle moves: applicable %d, took %d%n", applicable, took);
        assertTrue(applicable >= 100, "paddle moves should apply: " + applicable);
        assertTrue(took <= applicable / 10, "the paddle is driven by the controller; its RAM write should not take: " + took + "/" + applicable);
    }

    @Test
    void anInterventionThatChangesNothingDoesNotTakeAndAWrongFrameIsRefused() throws Exception {
        Intervention nothing = new Intervention() {
            public String name() {
                return "nothing";
            }

            public String object() {
                return "ball";
            }

            public String kind() {
                return "move";
            }

            public boolean applicable(byte[] ram) {
                return true;
            }

            public void apply(AtariEnv env) {
                env.setRam(49, env.ram(49));
            }

            public GameObjects.Box box(byte[] before, byte[] drawn) {
                return new GameObjects.Box(100, 50, 4, 2);
            }

            public boolean took(byte[] controlRam, byte[] intervenedRam, byte[] controlFrame, byte[] intervenedFrame) {
                return !java.util.Arrays.equals(controlFrame, intervenedFrame);
            }
        };
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        try (Policy p = Agents.loadPolicy(TestAssets.agent("pong-v4", 80), 6);
             Rollout r = Rollout.open(p, spec, loc.find(spec.rom()), ActionSelection.GREEDY, 0).keepEnvState()) {
            Step previous = null;
            for (int t = 0; t < 30; t++) {
                Rollout.Observation o = r.observe();
                if (previous != null) {
                    byte[] ram = r.env().ram();
                    InterventionTrials.Result res = InterventionTrials.run(p, r.env(), previous.envState(), previous.action(), o.frame(), o.state(),
                            List.of(nothing));
                    assertEquals(InterventionTrials.Status.DID_NOT_TAKE, res.trials().get(0).status());
                    assertArrayEquals(o.frame(), res.controlFrame());
                    assertArrayEquals(ram, r.env().ram(), "the environment must be back where it was");
                    if (t == 20) {
                        byte[] wrong = o.frame().clone();
                        wrong[1000] ^= 1;
                        Step prev = previous;
                        assertThrows(IllegalStateException.class, () -> InterventionTrials.run(p, r.env(), prev.envState(), prev.action(), wrong,
                                o.state(), List.of(nothing)));
                    }
                }
                previous = r.step();
            }
        }
    }
}
