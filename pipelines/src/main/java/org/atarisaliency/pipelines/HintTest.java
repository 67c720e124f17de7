package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.agents.play.HintSource;
import org.atarisaliency.agents.play.Rollout;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Hints;
import org.atarisaliency.env.ScreenRegion;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * The paper's test of an overfit agent (section 4.4): does the agent play from the hint strip or
 * from the game? The agent plays under two hint conditions, the expert's action (what the overfit
 * agent was trained with) and a random action (what the control was trained with); for each it
 * gets its mean score over whole episodes and the actor-saliency mass that perturbation saliency
 * puts on the strip's pixels over the first frames of an episode. An agent that reads the strip
 * scores well only with expert hints and has a large strip mass; an agent that plays the game
 * scores the same under both and looks elsewhere.
 */
public final class HintTest {

    /** Episodes per hint condition for the score (sampled actions). */
    public static final Setting<Long> EPISODES = Setting.integer("episodes", 10, 1, 10_000, "Episodes per hint condition").unit("episodes");
    /** Frames per hint condition for the saliency mass, from the episode start (greedy actions, as {@code record}). */
    public static final Setting<Long> SALIENCY_FRAMES = Setting.integer("saliency_frames", 100, 1, 1_000_000,
            "Frames per hint condition for the saliency mass").unit("frames");
    /** The episode cap of the score (the standard 27,000 agent steps, 108,000 frames, of Atari evaluation). */
    public static final Setting<Long> MAX_STEPS = Setting.integer("max_steps", 27_000, 1, 10_000_000,
            "Episode cap of the score").unit("steps").inSpecsOnlyWhenGiven();
    /** Episodes of the score played at once. */
    public static final Setting<Long> PARALLEL = Setting.integer("parallel", 16, 1, 256, "Episodes of the score played at once")
            .unit("episodes").inSpecsOnlyWhenGiven();

    /** Every setting of a hint test, in the order help, job specs and provenance list them. */
    public static final Declaration DECLARATION = Declaration.of(EPISODES, SALIENCY_FRAMES, SharedSettings.STRIDE, SharedSettings.RADIUS,
            MAX_STEPS, PARALLEL, SharedSettings.VARIANT.inSpecsOnlyWhenGiven());

    /**
     * What to test: the student's checkpoint, its game, the expert that draws the "expert" hints, the seed and the
     * {@link #DECLARATION}'s settings.
     */
    public record Settings(Path agent, GameSpec spec, Path rom, Path expert, long seed, SettingValues values) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            spec = spec.withVariants(values.get(SharedSettings.VARIANT));
        }

        public int episodes() {
            return values.integer(EPISODES);
        }

        /** Frames per condition for the saliency mass. */
        public int frames() {
            return values.integer(SALIENCY_FRAMES);
        }

        /** The perturbation: the paper's blur and mode with the declared stride and radius. */
        public Perturbation perturbation() {
            return Perturbation.of(values);
        }

        public int maxSteps() {
            return values.integer(MAX_STEPS);
        }

        public int parallel() {
            return values.integer(PARALLEL);
        }

        /** The settings as a JSON output records them. */
        public Map<String, Object> provenance() throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent", agent.toString());
            m.put("agent_sha256", Checksums.sha256(agent));
            m.put("expert", expert.toString());
            m.put("expert_sha256", Checksums.sha256(expert));
            m.putAll(new Game(spec, rom).provenance());
            m.put("seed", seed);
            m.putAll(values.asMap());
            m.putAll(perturbation().provenance());
            return m;
        }

        Game game(String hints) {
            return new Game(spec, rom, hints.equals("expert") ? "expert:" + expert : hints);
        }
    }

    /** One hint condition's numbers. */
    public record Condition(String hints, double meanReturn, double sdReturn, List<Double> scores, double stripMass, double totalMass,
                            double stripFraction) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hints", hints);
            m.put("mean_return", meanReturn);
            m.put("sd_return", sdReturn);
            m.put("scores", scores);
            m.put("strip_mass", stripMass);
            m.put("total_mass", totalMass);
            m.put("strip_fraction", stripFraction);
            return m;
        }
    }

    /** Both conditions. */
    public record Result(Condition expertHints, Condition randomHints) {
        /** How much the score drops when the hints become random. */
        public double scoreDrop() {
            return expertHints.meanReturn() - randomHints.meanReturn();
        }
    }

    /** The hint conditions, in the order they are played. */
    public static final List<String> CONDITIONS = List.of("expert", "random");

    private HintTest() {
    }

    /** Plays both conditions; {@code progress} gets (what, fraction of all work). */
    public static Result run(Settings s, BiConsumer<String, Double> progress) throws Exception {
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < CONDITIONS.size(); i++) {
            String hints = CONDITIONS.get(i);
            double base = i / (double) CONDITIONS.size(), part = 1.0 / CONDITIONS.size();
            Game game = s.game(hints);
            Evaluator.Result r = Evaluate.run(new Evaluate.Settings(s.agent(), game, s.seed(), Evaluate.DECLARATION.values(java.util.Map.of(
                    "episodes", s.episodes(), "policy", "sample", "max_steps", s.maxSteps(), "parallel", s.parallel(),
                    SharedSettings.VARIANT.key(), s.values().get(SharedSettings.VARIANT)))), new Evaluate.Listener() {
                @Override
                public void onStep(long steps, int finished) {
                    progress.accept(hints + " hints: episodes", base + part * 0.5 * finished / s.episodes());
                }

                @Override
                public void onEpisode(Evaluator.Episode e) {
                }
            });
            double[] mass = stripMass(s, game, f -> progress.accept(hints + " hints: saliency", base + part * (0.5 + 0.5 * f)));
            out.add(new Condition(hints, r.mean(), r.sd(), r.episodes().stream().map(Evaluator.Episode::score).toList(), mass[0], mass[1],
                    mass[2]));
        }
        return new Result(out.get(0), out.get(1));
    }

    /** Mean actor mass on the strip, mean total actor mass, mean strip fraction over the frames. */
    static double[] stripMass(Settings s, Game game, java.util.function.DoubleConsumer progress) throws Exception {
        try (AtariEnv env = game.open(s.seed());
             Policy policy = Agents.loadPolicy(s.agent(), env.actionCount());
             HintSource hints = game.hintSource(s.seed(), 0, env.actionCount());
             Rollout rollout = Rollout.on(policy, env, ActionSelection.GREEDY, s.seed()).withHints(hints).restartOnGameOver();
             PerturbationSaliency engine = new PerturbationSaliency(policy)) {
            int size = policy.inputSize();
            int[] box = stripBox(env.actionCount(), size);
            double strip = 0, total = 0, fraction = 0;
            for (int t = 0; t < s.frames(); t++) {
                Rollout.Observation o = rollout.observe();
                SaliencyMap m = engine.compute(s.perturbation().request(o.input(), o.state()));
                float[] actor = m.actorUpsampled();
                double inStrip = 0, all = 0;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = actor[y * size + x];
                        all += v;
                        if (y >= box[0] && y < box[1] && x >= box[2] && x < box[3]) {
                            inStrip += v;
                        }
                    }
                }
                strip += inStrip;
                total += all;
                fraction += all > 0 ? inStrip / all : 0;
                rollout.step();
                progress.accept((t + 1) / (double) s.frames());
            }
            return new double[] {strip / s.frames(), total / s.frames(), fraction / s.frames()};
        }
    }

    /**
     * The strip's marks as rows [0, 1) and columns [2, 3) of an agent's {@code size} x {@code size}
     * input made by the A3C crop, one input pixel wider on every side for the resize's spread.
     */
    public static int[] stripBox(int actions, int size) {
        ScreenRegion g = ScreenRegion.A3C;
        double sy = size / (double) g.height(), sx = size / (double) g.width();
        int r0 = Math.max(0, (int) Math.floor((Hints.TOP - g.y()) * sy) - 1);
        int r1 = Math.min(size, (int) Math.ceil((Hints.TOP + Hints.HEIGHT - g.y()) * sy) + 1);
        int c0 = Math.max(0, (int) Math.floor((Hints.LEFT - g.x()) * sx) - 1);
        int c1 = Math.min(size, (int) Math.ceil((Hints.column(actions - 1) + 1 - g.x()) * sx) + 1);
        return new int[] {r0, r1, c0, c1};
    }

    /** The result with its provenance, as {@code hint-test --json} prints it and imitate jobs store it. */
    public static Map<String, Object> toJson(Settings s, Result r) throws IOException {
        Map<String, Object> m = Provenance.document("hint-test", s.agent(), null, s.provenance());
        m.put("expert_hints", r.expertHints().toJson());
        m.put("random_hints", r.randomHints().toJson());
        m.put("score_drop", r.scoreDrop());
        return m;
    }
}
