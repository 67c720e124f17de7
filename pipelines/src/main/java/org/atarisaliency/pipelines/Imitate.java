package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.nio.file.Path;
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
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.agents.train.Trainer;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.video.LearningCurve;

/**
 * The paper's overfit and control agents (section 4.4): a student with the paper's network learns
 * to imitate an expert, DAgger style. The student plays (actions sampled from its softmax) in N
 * environments whose frames carry the hint strip (the expert's greedy action: the overfit agent;
 * a random action: the control), the expert labels every visited state from the unmarked frame,
 * and the student is updated by cross-entropy to those labels through time (Adam, clipping 40).
 * Writes run.json, imitate.csv, learning_curve.png, model.pt, checkpoints/model.PCT.pt and resume/
 * (saved every few minutes, with the expert's memory and the hint generators: a resumed run
 * continues exactly, as {@link Train}'s).
 */
public final class Imitate {
    static final String CSV_HEADER = "frames,updates,episodes,mean_return_100,cross_entropy,accuracy,entropy,grad_norm,steps_per_second,"
            + "wall_seconds\n";

    /** Every setting of an imitation run (train's, with a budget of 3M), in the order help and job specs list them. */
    public static final Declaration DECLARATION = Declaration.of(TrainingSettings.FRAMES.withDefault(3_000_000L), TrainingSettings.ENVS,
            TrainingSettings.STEPS, TrainingSettings.LEARNING_RATE, TrainingSettings.ARCH);

    /**
     * What to learn: the game, the expert, the hint mode, the seed and the {@link #DECLARATION}'s settings.
     *
     * @param checkpointSeconds  save for resuming at least this often
     * @param resume             continue the run in {@code out}
     */
    public record Settings(Game game, Path expert, Teacher.Mode hints, long seed, SettingValues values, double checkpointSeconds, Path out,
                           boolean resume) implements TrainingSettings.Run {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            if (!(checkpointSeconds > 0)) {
                throw new InvalidSettingException("checkpoint_seconds", "must be > 0, got " + checkpointSeconds + " seconds");
            }
            if (game.hinted()) {
                throw new InvalidSettingException("hints", "of an imitation run are expert or random (the expert draws them)");
            }
        }

        /** A run that is not resumed, saved every 5 minutes. */
        public Settings(Game game, Path expert, Teacher.Mode hints, long seed, SettingValues values, Path out) {
            this(game, expert, hints, seed, values, 300, out, false);
        }





        /** A2C's defaults with the declared learning rate (the entropy bonus plays no part in imitation). */
        public A2cConfig config() {
            return TrainingSettings.config(values, A2cConfig.defaults().entropyCoef());
        }

        /** The settings as run.json records them (a resumed run must match them). */
        public Map<String, Object> provenance() throws java.io.IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("expert", expert.toString());
            m.put("expert_sha256", Checksums.sha256(expert));
            m.put("hints", hints.name().toLowerCase(Locale.ROOT));
            m.putAll(values.asMap());
            m.put("seed", seed);
            m.put("max_grad_norm", config().maxGradNorm());
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

    private static void writeCurve(Settings s, List<double[]> curve) throws java.io.IOException {
        LearningCurve.write(s.out().resolve("learning_curve.png"), List.of(CSV_HEADER.strip().split(",")), curve, "imitation of " + s.expert().getFileName() + " with "
                + s.hints().name().toLowerCase(Locale.ROOT) + " hints on " + s.game().spec().id());
    }

    /** Runs (or continues) the imitation. */
    public static Result run(Settings s, Listener listener) throws Exception {
        NativeThreads.pinToOne();
        RunFolder.ensureFolder(s.out());
        A2cEngine engine = new A2cEngine();
        TrainFolder folder = new TrainFolder(s.out(), engine::write);
        Map<String, Object> settings = new LinkedHashMap<>(s.game().provenance());
        settings.putAll(s.provenance());
        try (OutputLock lock = OutputLock.folder(s.out())) {
            return imitate(s, listener, engine, folder, Train.begin("imitate", "an imitation run", "imitate.csv", s.out(), folder, s.resume(), settings));
        }
    }

    private static Result imitate(Settings s, Listener listener, A2cEngine engine, TrainFolder folder, Train.Begun begun) throws Exception {
        Path runJson = s.out().resolve("run.json");
        Map<String, Object> run = begun.run();
        List<double[]> curve = new ArrayList<>();
        Trainer.Progress[] last = new Trainer.Progress[1];
        try (Collector collector = new Collector(s.game().spec(), s.game().rom(), s.envs(), s.seed(), FramePreprocessor.A3C,
                s.cell().stateNames(), 256, true);
             Policy expert = Agents.loadPolicy(s.expert(), collector.actionCount());
             A2cLearner learner = new A2cLearner(Init.pytorchDefault(s.cell(), collector.actionCount(), s.seed()), s.config())) {
            collector.withTeacher(new Teacher(expert, s.hints(), s.envs(), s.seed()));
            Trainer trainer = new Trainer(collector, learner, new Trainer.Settings(s.frames(), s.steps(), s.checkpointSeconds()));
            if (begun.continues()) {
                folder.resume(trainer, engine::read);
            }
            try (BufferedWriter csv = Train.openCsv(s.out().resolve("imitate.csv"), CSV_HEADER, trainer.frames(), curve)) {
                trainer.run(Train.withCurve(folder, () -> writeCurve(s, curve)), p -> {
                    ImitationStats st = p.imitation();
                    String line = String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.6g,%.4f,%.6g,%.6g,%.1f,%.1f%n", p.frames(), p.updates(),
                            p.episodes(), p.meanScore(), st.crossEntropy(), st.accuracy(), st.entropy(), st.gradNorm(), p.stepsPerSecond(), p.seconds());
                    csv.write(line);
                    csv.flush();
                    curve.add(Train.parseRow(line));
                    last[0] = p;
                    listener.onUpdate(p.frames(), s.frames(), p.episodes(), p.meanScore(), st, p.stepsPerSecond());
                });
            }
            writeCurve(s, curve);
            double mean = Train.lastMean(curve);
            double accuracy = last[0] == null ? Double.NaN : last[0].imitation().accuracy();
            Train.writeResult(runJson, run, trainer.frames(), last[0], mean, Map.of("last_accuracy", accuracy));
            return new Result(trainer.frames(), last[0] == null ? 0 : last[0].episodes(), mean, accuracy, last[0] == null ? 0 : last[0].seconds(),
                    s.out().resolve("model.pt"));
        }
    }
}
