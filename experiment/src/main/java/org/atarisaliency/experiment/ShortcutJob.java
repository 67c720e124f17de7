package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.pipelines.Shortcut;
import org.atarisaliency.pipelines.settings.Declaration;

/**
 * {@code shortcut}: the shortcut test of one agent and seed ({@link Shortcut}); its result is the drop under the variant and
 * each map's reliance on the variant's object, for a grid's table (and {@code shortcut}'s comparison across agents). Its settings
 * are {@link Shortcut#DECLARATION}.
 */
final class ShortcutJob extends JobType {
    ShortcutJob() {
        super("shortcut");
    }

    @Override
    Declaration declaration() {
        return Shortcut.DECLARATION;
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Shortcut.Result r = Shortcut.run(new Shortcut.Settings(job.agent(), Jobs.game(job), job.seed(), Shortcut.DECLARATION.values(
                job.section("settings")), dir), String.valueOf(job.section("agent").getOrDefault("label", job.agent().getFileName())),
                (text, fraction) -> progress.accept(fraction));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("drop", r.drop().value());
        result.put("relative_drop", r.relativeDrop());
        result.put("moved_reliance", r.movedReliance());
        r.reliance().forEach((map, e) -> result.put(map + "_reliance", e.value()));
        return result;
    }

    /** The test reads the game's objects. */
    @Override
    void checkGame(ConfigNode where, String id, GameSpec spec, Map<String, Object> settings) {
        if (!GameObjects.supported(spec.rom())) {
            throw where.error("game '" + id + "' has no object model for the shortcut output (Pong, Breakout, SpaceInvaders)");
        }
    }

    /** Intervenes on the game's own objects: the frames must be unmarked. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        if (agent.hinted()) {
            throw agent.refuse("plays with hints; the shortcut output intervenes on the game's own objects and needs unmarked frames:"
                    + " leave out its hints");
        }
    }
}
