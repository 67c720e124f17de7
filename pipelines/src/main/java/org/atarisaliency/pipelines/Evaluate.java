package org.atarisaliency.pipelines;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.env.InvalidSettingException;

/**
 * Plays whole episodes and reports the scores ({@link Evaluator}: parallel environments stepped
 * together, batched forwards; episode i's emulator and action RNG derive from (seed, i)).
 */
public final class Evaluate {

    /** What to play. */
    public record Settings(Path agent, Game game, int episodes, long seed, ActionSelection selection, int maxSteps, int parallel) {
        public Settings {
            InvalidSettingException.checkAtLeast("episodes", episodes, 1);
            InvalidSettingException.checkAtLeast("max_steps", maxSteps, 1);
            InvalidSettingException.checkAtLeast("parallel", parallel, 1);
        }

        /** The settings as the JSON output records them. */
        public Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", selection.name().toLowerCase(Locale.ROOT));
            m.put("seed", seed);
            m.put("episodes", episodes);
            m.put("max_steps", maxSteps);
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
        Map<String, Object> m = Provenance.base(s.agent());
        m.put("command", "evaluate");
        m.putAll(s.game().provenance());
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
