package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.agents.train.A2cLearner;
import org.atarisaliency.agents.train.Collector;
import org.atarisaliency.agents.train.ImitationStats;
import org.atarisaliency.agents.train.Init;
import org.atarisaliency.agents.train.JavaActor;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.video.LearningCurve;

/**
 * The paper's overfit and control agents (section 4.4): a student with the paper's network learns
 * to imitate an expert, DAgger style. The student plays (actions sampled from its softmax) in N
 * environments whose frames carry the hint strip (the expert's greedy action: the overfit agent;
 * a random action: the control), the expert labels every visited state from the unmarked frame,
 * and the student is updated by cross-entropy to those labels through time (Adam, clipping 40).
 * Writes run.json, imitate.csv, learning_curve.png, model.pt and checkpoints/model.PCT.pt.
 */
public final class Imitate {
    static final String CSV_HEADER = "frames,updates,episodes,mean_return_100,cross_entropy,accuracy,entropy,grad_norm,steps_per_second,"
            + "wall_seconds\n";

    /** What to learn. */
    public record Settings(Game game, Path expert, Teacher.Mode hints, RecurrentCell cell, long frames, int envs, int steps, long seed,
                           A2cConfig config, Path out) {
        public Settings {
            if (frames < 1) {
                throw new InvalidSettingException("frames", "must be >= 1, got " + frames);
            }
            InvalidSettingException.checkRange("envs", envs, 1, 256);
            InvalidSettingException.checkRange("steps", steps, 1, 1000);
            if (game.hinted()) {
                throw new InvalidSettingException("hints", "of an imitation run are expert or random (the expert draws them)");
            }
        }

        /** The settings as run.json records them. */
        public Map<String, Object> provenance() throws java.io.IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expert", expert.toString());
            m.put("expert_sha256", Checksums.sha256(expert));
            m.put("hints", hints.name().toLowerCase(Locale.ROOT));
            m.put("arch", cell.name().toLowerCase(Locale.ROOT));
            m.put("frames", frames);
            m.put("envs", envs);
            m.put("steps", steps);
            m.put("seed", seed);
            m.put("learning_rate", config.learningRate());
            m.put("max_grad_norm", config.maxGradNorm());
            m.put("preprocessing", FramePreprocessor.A3C.describe());
            return m;
        }
    }

    /** Progress after each update. */
    public interface Listener {
        void onUpdate(long frames, long budget, long episodes, double meanReturn, ImitationStats stats, double stepsPerSecond);
    }

    /** How the run ended. */
    public record Result(long frames, long episodes, double meanReturn, double accuracy, double seconds, Path model) {
    }

    private Imitate() {
    }

    /** Runs the imitation. */
    public static Result run(Settings s, Listener listener) throws Exception {
        NativeThreads.pinToOne();
        RunFolder.ensureFolder(s.out());
        if (Files.exists(s.out().resolve("imitate.csv"))) {
            throw new InvalidSettingException("out", "already holds an imitation run (" + s.out() + "); choose another folder");
        }
        Map<String, Object> run = Provenance.base(null);
        run.put("command", "imitate");
        Map<String, Object> settings = new LinkedHashMap<>(s.game().provenance());
        settings.putAll(s.provenance());
        run.put("settings", settings);
        Path runJson = s.out().resolve("run.json");
        Provenance.writeJson(runJson, run);
        A2cEngine engine = new A2cEngine();
        TrainFolder folder = new TrainFolder(s.out(), engine::write);
        long t0 = System.nanoTime();
        List<double[]> curve = new ArrayList<>();
        ArrayDeque<Double> recent = new ArrayDeque<>();
        long frames = 0, episodes = 0;
        ImitationStats last = null;
        try (Collector collector = new Collector(s.game().spec(), s.game().rom(), s.envs(), s.seed(), FramePreprocessor.A3C,
                s.cell().stateNames(), 256, true);
             Policy expert = Agents.loadPolicy(s.expert(), collector.actionCount());
             A2cLearner learner = new A2cLearner(Init.pytorchDefault(s.cell(), collector.actionCount(), s.seed()), s.config());
             JavaActor actor = new JavaActor(learner.weights(), Math.min(2, Runtime.getRuntime().availableProcessors()));
             BufferedWriter csv = Files.newBufferedWriter(s.out().resolve("imitate.csv"), StandardCharsets.UTF_8)) {
            collector.withTeacher(new Teacher(expert, s.hints(), s.envs(), s.seed()));
            csv.write(CSV_HEADER);
            int nextPercent = 0;
            while (true) {
                while (nextPercent <= 100 && frames >= s.frames() * nextPercent / 100) {
                    folder.saveFraction(nextPercent, learner.weights(), frames);
                    nextPercent += 10;
                }
                if (frames >= s.frames()) {
                    break;
                }
                actor.setWeights(learner.weights());
                Collector.Collected c = collector.collect(actor, s.steps());
                last = learner.imitate(c.batch(), c.labels());
                frames += (long) s.envs() * s.steps();
                for (Collector.Episode e : c.episodes()) {
                    episodes++;
                    recent.addLast(e.score());
                    while (recent.size() > 100) {
                        recent.removeFirst();
                    }
                }
                double mean = recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                double seconds = (System.nanoTime() - t0) / 1e9;
                csv.write(String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.6g,%.4f,%.6g,%.6g,%.1f,%.1f%n", frames, learner.updates(), episodes, mean,
                        last.crossEntropy(), last.accuracy(), last.entropy(), last.gradNorm(), frames / seconds, seconds));
                csv.flush();
                curve.add(new double[] {frames, mean, mean});
                listener.onUpdate(frames, s.frames(), episodes, mean, last, frames / seconds);
            }
            engine.write(s.out().resolve("model.pt"), learner.weights());
        }
        double[] f = curve.stream().mapToDouble(r -> r[0]).toArray(), m = curve.stream().mapToDouble(r -> r[1]).toArray();
        LearningCurve.write(s.out().resolve("learning_curve.png"), f, m, m,
                "imitation of " + s.expert().getFileName() + " with " + s.hints().name().toLowerCase(Locale.ROOT) + " hints on " + s.game().spec().id());
        double mean = recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("frames", frames);
        result.put("episodes", episodes);
        result.put("mean_return_100", mean);
        result.put("last_accuracy", last == null ? Double.NaN : last.accuracy());
        result.put("wall_seconds", seconds);
        run.put("result", result);
        Provenance.writeJson(runJson, run);
        return new Result(frames, episodes, mean, last == null ? Double.NaN : last.accuracy(), seconds, s.out().resolve("model.pt"));
    }
}
