package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.agents.play.Step;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Assumptions;
import org.atarisaliency.agents.sb3.Sb3Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code evaluate} with a real Stable-Baselines3 agent plays SB3's own actions: a tiny DQN and PPO made
 * at test time by SB3 (agents/src/test/python/sb3_episode.py: trained a few steps on PongNoFrameskip-v4,
 * last layer centred so that the greedy action follows the screen, {@code model.save}d) play one whole
 * seeded episode in Python ({@code make_atari_env(..., wrapper_kwargs=dict(noop_max=0,
 * terminal_on_life_loss=False))} + {@code VecFrameStack(4)}, {@code model.predict(obs, deterministic=True)});
 * the same zip then plays PongNoFrameskip-v4 through {@link Game#forAgent} greedily, once through
 * {@link Evaluate#run} (the {@code evaluate} command's engine, {@link Evaluator}) and once through
 * {@link Rollout}: every action, every reward, the score and the length must be SB3's, and the first
 * three observed frames SB3's (so the FireResetEnv start and the max-pooled skip are SB3's).
 *
 * <p>Runs Debian's /usr/bin/python3 with PYTHONPATH=.deps/sb3 as {@code Sb3PolicyTest} does; skipped
 * where that cannot import torch and stable_baselines3 (failed instead with -Datari.sb3.required=true).
 */
class Sb3EvaluateParityTest {
    private static final int SEED = 7, MAX_STEPS = 3000;
    @TempDir
    static Path tmp;
    static Game pong;

    @BeforeAll
    static void ready() throws Exception {
        Sb3Python.requireOrSkip("torch, stable_baselines3, ale_py");
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("PongNoFrameskip-v4", loc.availableRoms());
        pong = new Game(spec, loc.find(spec.rom()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dqn", "ppo"})
    void evaluatePlaysSb3sDeterministicActions(String algo) throws Exception {
        Path dir = tmp.resolve(algo);
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/sb3_episode.py").toString(), dir.toString(), algo,
                Integer.toString(SEED), Integer.toString(MAX_STEPS));
        assertEquals(0, r.exit(), "sb3_episode.py failed:\n" + r.out());
        int[] sb3Actions = Npy.read(dir.resolve("actions.npy")).ints();
        float[] sb3Rewards = Npy.read(dir.resolve("rewards.npy")).floats();
        byte[] sb3Frames = Npy.read(dir.resolve("obs.npy")).bytes();
        int[] done = Npy.read(dir.resolve("done.npy")).ints();
        int n = sb3Actions.length;
        assertEquals(1, done[0], "the SB3 episode ends within " + MAX_STEPS + " steps");
        assertTrue(java.util.Arrays.stream(sb3Actions).distinct().count() >= 4, "the agent's actions follow the screen: " + r.out());
        Path zip = dir.resolve(algo + ".zip");

        Game g = pong.forAgent(zip);
        assertTrue(g.spec().maxPoolLastTwo() && g.spec().noopResetMax() == 0, g.spec().toString());
        

        // 1. the evaluate command's engine
        List<Integer> evalActions = new ArrayList<>();
        Evaluator.Result er = Evaluate.run(new Evaluate.Settings(zip, g, SEED, Evaluate.DECLARATION.values(
                Map.of("episodes", 1, "policy", "greedy", "max_steps", MAX_STEPS, "parallel", 1))),
                new Evaluate.Listener() {
                    @Override
                    public void onStep(long totalSteps, int finishedEpisodes) {
                    }

                    @Override
                    public void onEpisode(Evaluator.Episode e) {
                    }

                    @Override
                    public void onAction(int episode, int step, int action) {
                        assertEquals(evalActions.size(), step);
                        evalActions.add(action);
                    }
                });
        int[] ours = evalActions.stream().mapToInt(Integer::intValue).toArray();
        int first = java.util.Arrays.mismatch(sb3Actions, ours);
        assertEquals(-1, first, algo + ": evaluate's actions are SB3's predict(deterministic=True); first difference at step " + first
                + " of " + n + " (evaluate played " + ours.length + ")");
        Evaluator.Episode ep = er.episodes().get(0);
        double sb3Score = 0;
        for (float x : sb3Rewards) {
            sb3Score += x;
        }
        assertEquals(sb3Score, ep.score(), 0.0, algo + ": score");
        assertEquals(done[1], (int) ep.score(), algo + ": score = SB3 Monitor's episode return");
        assertEquals(n, ep.length(), algo + ": episode length");
        assertFalse(ep.truncated());

        // 2. the rollout loop (record, explain): every step's action and reward, and the first observations
        try (Policy p = Agents.loadPolicy(zip, g.actionCount());
             Rollout ro = Rollout.open(p, g.spec(), g.rom(), ActionSelection.GREEDY, SEED)) {
            for (int t = 0; t < n; t++) {
                assertFalse(ro.over(), algo + ": rollout ended early at step " + t);
                Rollout.Observation o = ro.observe();
                if (t < 3) {
                    float[] expected = new float[84 * 84];
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] = (sb3Frames[t * 84 * 84 + i] & 0xff) / 255f;
                    }
                    assertArrayEquals(expected, java.util.Arrays.copyOf(o.input(), 84 * 84), 1e-6f, algo + ": observed frame of step " + t);
                }
                Step s = ro.step();
                assertEquals(sb3Actions[t], s.action(), algo + ": rollout action of step " + t);
                assertEquals(sb3Rewards[t], s.reward(), 0.0, algo + ": reward of step " + t);
            }
            assertTrue(ro.over(), algo + ": the rollout's episode ends where SB3's does");
        }
    }
}
