package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.HintTest;
import org.atarisaliency.pipelines.Imitate;
import org.atarisaliency.pipelines.Provenance;
import org.atarisaliency.pipelines.SharedSettings;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * {@code imitate}: trains a student of the job's agent (the expert) with expert or random hints,
 * then runs the hint test on it; the test's numbers are the job's result. One job per hint mode.
 */
final class ImitateJob extends JobType {
    /** The students an imitate output trains: the overfit agent (expert hints) and the control (random hints). */
    static final List<String> HINTS = List.of("expert", "random");

    ImitateJob() {
        super("imitate");
    }

    @Override
    Schema configSchema() {
        return specSchema().custom("hints", List.of("expert", "random"), n -> {
            List<Object> modes = new ArrayList<>();
            for (ConfigNode item : n.isList() ? n.list() : List.of(n)) {
                String m = item.choice(HINTS);
                if (modes.contains(m)) {
                    throw item.error("'" + m + "' is listed twice");
                }
                modes.add(m);
            }
            if (modes.isEmpty()) {
                throw n.error("must list expert, random or both");
            }
            return modes;
        });
    }

    /** The settings of a job: the imitation's, then the hint test's. */
    static final Declaration DECLARATION = Imitate.DECLARATION.plus(HintTest.DECLARATION.settings().toArray(new Setting<?>[0]));

    @Override
    Declaration declaration() {
        return DECLARATION;
    }

    /** A job's settings: the output's, less the hint list (each job trains one student, its mode in the spec). */
    @Override
    Schema specSchema() {
        return Schema.of(DECLARATION);
    }

    /** The values of {@code d}'s settings among {@code all}. */
    private static SettingValues only(Declaration d, SettingValues all) {
        Map<String, Object> mine = new java.util.LinkedHashMap<>();
        for (Setting<?> setting : d.settings()) {
            mine.put(setting.key(), all.asMap().get(setting.key()));
        }
        return d.values(mine);
    }

    @Override
    Set<String> specKeys() {
        return Set.of("agent", "hints");
    }

    /** Training takes the first 90% of the progress. */
    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        SettingValues s = DECLARATION.values(job.section("settings"));
        String mode = String.valueOf(job.spec().get("hints"));
        // the student learns and is tested on the game with the job's variants (the hint test's setting)
        Game game = new Game(job.game(), job.rom()).withVariants(s.get(SharedSettings.VARIANT));
        Imitate.Result trained = Imitate.run(new Imitate.Settings(game, job.agent(), mode.equals("expert") ? Teacher.Mode.EXPERT : Teacher.Mode.RANDOM,
                job.seed(), only(Imitate.DECLARATION, s), dir), (frames, budget, episodes, mean, stats, rate) -> progress.accept(0.9 * frames / budget));
        HintTest.Settings test = new HintTest.Settings(trained.model(), job.game(), job.rom(), job.agent(), job.seed(), only(HintTest.DECLARATION, s));
        HintTest.Result r = HintTest.run(test, (what, f) -> progress.accept(0.9 + 0.1 * f));
        Map<String, Object> json = HintTest.toJson(test, r);
        Provenance.writeJson(dir.resolve("hint-test.json"), json);
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("student_hints", mode);
        result.put("imitation_mean_return_100", trained.meanReturn());
        result.put("imitation_accuracy", trained.accuracy());
        result.put("score_expert_hints", r.expertHints().meanReturn());
        result.put("score_random_hints", r.randomHints().meanReturn());
        result.put("score_drop", r.scoreDrop());
        result.put("strip_mass_expert_hints", r.expertHints().stripMass());
        result.put("strip_fraction_expert_hints", r.expertHints().stripFraction());
        result.put("strip_mass_random_hints", r.randomHints().stripMass());
        result.put("strip_fraction_random_hints", r.randomHints().stripFraction());
        return result;
    }

    /** Each agent is the expert, which sees unmarked frames. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        if (agent.hinted()) {
            throw agent.refuse("plays with hints; an imitate output uses each agent as the expert, which sees unmarked frames: leave out its hints");
        }
    }

    /** One job per hint mode (each trains one student). */
    @Override
    List<Map<String, Object>> specs(ExperimentConfig c, Map<String, Object> common, Map<String, Object> agent) {
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) common.get("settings");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object mode : (List<?>) settings.get("hints")) {
            Map<String, Object> s = ExperimentPlan.copy(common);
            ((Map<?, ?>) s.get("settings")).remove("hints");
            s.put("agent", agent);
            s.put("hints", mode);
            out.add(s);
        }
        return out;
    }
}
