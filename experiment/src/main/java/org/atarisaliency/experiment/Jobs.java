package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.pipelines.Evaluate;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.HintTest;
import org.atarisaliency.pipelines.Imitate;
import org.atarisaliency.pipelines.Intervene;
import org.atarisaliency.pipelines.Maps;
import org.atarisaliency.pipelines.Memory;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.pipelines.Progression;
import org.atarisaliency.pipelines.Provenance;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.pipelines.Sanity;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.video.OverlayStyle;

/**
 * Runs a job's pipeline from its spec: each job type's spec becomes that pipeline's typed
 * {@code Settings} (the spec's settings are the pipeline's, under the same keys), and the
 * pipeline writes into the job's folder.
 */
final class Jobs {
    /** Memory analysis settings that configs do not expose: the top units listed and the recovery threshold. */
    static final int MEMORY_TOP_K = 10;
    static final double MEMORY_KL = 0.01;
    /** Sanity-check settings that configs do not expose: the input shifts and the blur. */
    static final double[] SANITY_SHIFTS = {0.1, -0.1};

    private Jobs() {
    }

    /** Runs {@code job} into {@code dir}; returns what the job's status records as its result, or null. */
    static Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        switch (job.type()) {
            case "maps" -> Maps.run(maps(job, dir), progress);
            case "video" -> Record.run(video(job, dir), (done, total, elapsed) -> progress.accept(done / (double) total));
            case "evaluate" -> {
                Evaluate.Settings e = new Evaluate.Settings(job.agent(), game(job), integer(s, "episodes"), job.seed(), policy(s),
                        integer(s, "max_steps"), integer(s, "parallel"));
                Evaluator.Result r = Evaluate.run(e, new Evaluate.Listener() {
                    @Override
                    public void onStep(long steps, int finished) {
                        progress.accept(finished / (double) e.episodes());
                    }

                    @Override
                    public void onEpisode(Evaluator.Episode ep) {
                    }
                });
                Provenance.writeJson(dir.resolve("evaluate.json"), Evaluate.toJson(e, r));
            }
            case "memory" -> {
                List<Integer> periods = new ArrayList<>();
                for (Object o : (List<?>) s.get("ablation_periods")) {
                    periods.add(((Number) o).intValue());
                }
                Memory.run(new Memory.Settings(job.agent(), game(job), job.seed(), integer(s, "frames"), number(s, "memory_scale"),
                        number(s, "noise"), policy(s), MEMORY_TOP_K, integer(s, "window"), integer(s, "recovery_every"), MEMORY_KL, periods,
                        integer(s, "ablation_episodes"), integer(s, "ablation_max_steps"), integer(s, "stride"), number(s, "radius"), dir),
                        (text, fraction) -> progress.accept(fraction));
            }
            case "sanity" -> {
                Sanity.Settings q = new Sanity.Settings(job.agent(), game(job), integer(s, "frames"), job.seed(), integer(s, "skip"),
                        integer(s, "interval"), Perturbation.of(integer(s, "stride"), number(s, "radius")), SANITY_SHIFTS, integer(s, "steps"));
                Provenance.writeJson(dir.resolve("sanity.json"), Sanity.toJson(q, Sanity.run(q, line -> { })));
            }
            case "counterfactuals" -> {
                Intervene.Result r = Intervene.run(new Intervene.Settings(job.agent(), game(job), job.seed(), integer(s, "frames"),
                        integer(s, "skip"), integer(s, "interval"), integer(s, "shift"), number(s, "tv_threshold"), policy(s),
                        Perturbation.of(integer(s, "stride"), number(s, "radius")), dir), (text, fraction) -> progress.accept(fraction));
                Map<String, Object> result = new java.util.LinkedHashMap<>();
                for (org.atarisaliency.saliency.counterfactual.Agreement.Result a : r.results()) {
                    result.put(a.method() + "_spearman", a.spearman());
                    result.put(a.method() + "_auc", a.auc());
                }
                return result;
            }
            case "progression" -> {
                return progression(job, dir, progress);
            }
            case "imitate" -> {
                return imitate(job, dir, progress);
            }
            default -> throw new IllegalArgumentException("unknown job type '" + job.type() + "'");
        }
        return null;
    }

    static Maps.Settings maps(JobSpec job, Path dir) {
        Map<String, Object> m = job.section("method");
        Map<String, Object> s = job.section("settings");
        Perturbation p = m.get("method").equals("perturbation")
                ? new Perturbation(integer(m, "stride"), number(m, "radius"), number(m, "blur"), PerturbationMode.parse(String.valueOf(m.get("mode"))))
                : null;
        return new Maps.Settings(job.agent(), game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"), p,
                policy(s), Boolean.TRUE.equals(s.get("frames_npy")), dir);
    }

    static Record.Settings video(JobSpec job, Path dir) {
        Map<String, Object> s = job.section("settings");
        return new Record.Settings(job.agent(), game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"),
                Perturbation.of(integer(s, "stride"), number(s, "radius")), integer(s, "fps"), integer(s, "scale"), String.valueOf(s.get("overlay")),
                policy(s), null, number(s, "memory_scale"), null, dir.resolve("video.mp4"), OverlayStyle.READABLE, Record.DEFAULT_QUALITY, true,
                Boolean.TRUE.equals(s.get("objects")));
    }

    private static Map<String, Object> progression(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        Game game = game(job);
        int actions = game.actionCount();
        List<Progression.Checkpoint> checkpoints = new ArrayList<>();
        int reference = -1;
        try {
            for (Map<String, Object> a : job.list("checkpoints")) {
                String label = String.valueOf(a.get("label"));
                if (label.equals(job.spec().get("reference"))) {
                    reference = checkpoints.size();
                }
                Policy p = Agents.loadPolicy(Path.of(String.valueOf(a.get("file"))), actions);
                checkpoints.add(new Progression.Checkpoint(label, p));
            }
            Progression.Settings settings = new Progression.Settings(game, job.seed(), job.integer("frames", "start"),
                    job.integer("frames", "count"), Perturbation.of(integer(s, "stride"), number(s, "radius")), policy(s), integer(s, "fps"),
                    integer(s, "scale"), dir);
            return Progression.run(checkpoints, reference, settings, (phase, f) -> progress.accept(f)).toJson();
        } finally {
            for (Progression.Checkpoint c : checkpoints) {
                c.policy().close();
            }
        }
    }

    /**
     * Trains the student of an imitate job (the job's agent is the expert) into the job's folder,
     * then runs the hint test on it; the test's numbers are the job's result. Training takes the
     * first 90% of the progress.
     */
    private static Map<String, Object> imitate(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        String mode = String.valueOf(job.spec().get("hints"));
        A2cConfig config = A2cConfig.defaults().with(number(s, "lr"), A2cConfig.defaults().entropyCoef());
        Game game = new Game(job.game(), job.rom());
        Imitate.Result trained = Imitate.run(new Imitate.Settings(game, job.agent(), mode.equals("expert") ? Teacher.Mode.EXPERT : Teacher.Mode.RANDOM,
                RecurrentCell.valueOf(String.valueOf(s.get("arch")).toUpperCase(java.util.Locale.ROOT)), ((Number) s.get("frames")).longValue(),
                integer(s, "envs"), integer(s, "steps"), job.seed(), config, dir),
                (frames, budget, episodes, mean, stats, rate) -> progress.accept(0.9 * frames / budget));
        HintTest.Settings test = new HintTest.Settings(trained.model(), job.game(), job.rom(), job.agent(), job.seed(), integer(s, "episodes"),
                integer(s, "saliency_frames"), Perturbation.of(integer(s, "stride"), number(s, "radius")), 27_000, 16);
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

    /**
     * The job's game, with its agent's hint strip if it has one (progression jobs have none), as its agent
     * was trained to see it ({@link Game#forAgent}: SB3/CleanRL agents on a NoFrameskip id get SB3's skip).
     */
    private static Game game(JobSpec job) {
        Object hints = job.spec().get("agent") instanceof Map<?, ?> a ? a.get("hints") : null;
        Game g = new Game(job.game(), job.rom(), hints == null ? "off" : String.valueOf(hints));
        return job.spec().get("agent") instanceof Map<?, ?> ? g.forAgent(job.agent()) : g;
    }

    private static ActionSelection policy(Map<String, Object> s) {
        return ActionSelection.parse(String.valueOf(s.get("policy")));
    }

    private static int integer(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).intValue();
    }

    private static double number(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).doubleValue();
    }
}
