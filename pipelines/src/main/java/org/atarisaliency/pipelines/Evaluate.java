package org.atarisaliency.pipelines;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;

/**
 * Plays whole episodes and reports the scores ({@link Evaluator}: parallel environments stepped
 * together, batched forwards; episode i's emulator and action RNG derive from (seed, i)).
 */
public final class Evaluate {

    /** Number of episodes. */
    public static final Setting<Long> EPISODES = Setting.integer("episodes", 10, 1, 10_000, "Number of episodes");
    /** Agent steps after which an episode is cut (27,000: 108,000 frames at frame skip 4, the usual 30 minutes of play). */
    public static final Setting<Long> MAX_STEPS = Setting.integer("max_steps", 27_000, 1, 10_000_000,
            "Agent steps after which an episode is cut").unit("steps");
    /** Episodes played at once (parallel environments stepped together); the scores do not depend on it. */
    public static final Setting<Long> PARALLEL = Setting.integer("parallel", 16, 1, 256, "Episodes played at once");
    /** The game variants played (new to the job's spec, so given only when set). */
    public static final Setting<String> VARIANT = SharedSettings.VARIANT.inSpecsOnlyWhenGiven();
    /** Every setting of an evaluation, in the evaluate job's spec order (so its hashes stay); agents are scored as trained: sampling. */
    public static final Declaration DECLARATION = Declaration.of(EPISODES, MAX_STEPS, SharedSettings.POLICY.withDefault("sample"), PARALLEL, VARIANT);

    /** What to play: the agent, its game, the seed and the {@link #DECLARATION}'s settings. */
    public record Settings(Path agent, Game game, long seed, SettingValues values) {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            game = game.withVariants(values.get(VARIANT));
        }

        public int episodes() {
            return values.integer(EPISODES);
        }

        public ActionSelection selection() {
            return SharedSettings.selection(values.get(SharedSettings.POLICY));
        }

        public int maxSteps() {
            return values.integer(MAX_STEPS);
        }

        public int parallel() {
            return values.integer(PARALLEL);
        }

        /** The settings as the JSON output records them: policy, seed, and every declared setting. */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", values.get(SharedSettings.POLICY));
            m.put("seed", seed);
            m.putAll(values.asMap());
            return m;
        }
    }

    /** Called as the episodes are played (see {@link Evaluator.Listener}). */
    public interface Listener extends Evaluator.Listener {
        /** Once the agent is loaded, before the first episode. */
        default void onStart(Policy policy) {
        }
    }

    private Evaluate() {
    }

    /** Loads the agent and plays. */
    public static Evaluator.Result run(Settings s, Listener listener) throws Exception {
        try (Policy p = Agents.loadPolicy(s.agent(), s.game().actionCount())) {
            listener.onStart(p);
            return Evaluator.run(p, new Evaluator.Settings(s.game().spec(), s.game().rom(), s.episodes(), s.seed(), s.selection(), s.maxSteps(),
                    Math.min(s.parallel(), s.episodes()), 0, hints(s.game(), s.seed(), p.actionCount())), listener);
        }
    }

    /** Each episode's hint source (null without hints). */
    static java.util.function.IntFunction<org.atarisaliency.agents.play.HintSource> hints(Game game, long seed, int actions) {
        if (!game.hinted()) {
            return null;
        }
        return episode -> {
            try {
                return game.hintSource(seed, episode, actions);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    /** The result with its provenance, as {@code evaluate --json} prints it and evaluate jobs store it. */
    public static Map<String, Object> toJson(Settings s, Evaluator.Result r) throws java.io.IOException {
        // evaluate's settings lie at the top level (its JSON's readers find seed, policy, ... there)
        Map<String, Object> m = Provenance.document("evaluate", s.agent(), s.game(), null);
        m.putAll(s.provenance());
        m.put("episodes", r.episodes().size());
        m.put("scores", r.episodes().stream().map(Evaluator.Episode::score).toList());
        m.put("lengths", r.episodes().stream().map(Evaluator.Episode::length).toList());
        m.put("truncated", r.episodes().stream().map(Evaluator.Episode::truncated).toList());
        m.put("mean", r.mean());
        m.put("sd", r.sd());
        m.put("steps", r.steps());
        m.put("seconds", r.seconds());
        m.put("steps_per_second", r.stepsPerSecond());
        return m;
    }
}
