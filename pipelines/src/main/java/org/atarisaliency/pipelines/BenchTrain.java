package org.atarisaliency.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.agents.train.A2cLearner;
import org.atarisaliency.agents.train.Collector;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.train.JavaActor;
import org.atarisaliency.agents.train.LearnerBench;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * Training speed: the learner's samples per second (one A2C update of N envs x T steps: forward,
 * GAE, loss, backward through time, clipping, Adam), the whole loop's agent steps per second on a
 * real game, and in the same run the same update in PyTorch on the same cores.
 */
public final class BenchTrain {

    /** Updates timed. */
    public static final Setting<Long> UPDATES = Setting.integer("updates", 5, 1, 10_000, "Timed updates").unit("updates");

    /** Every setting of the training benchmark, in the order help and the JSON list them: one update is training's N x T. */
    public static final Declaration DECLARATION = Declaration.of(TrainingSettings.ENVS, TrainingSettings.STEPS, UPDATES);

    /**
     * What to time: the game of the whole-loop timing, the {@link #DECLARATION}'s settings, and the peer.
     *
     * @param python  a Python with torch for the peer, or null to time ours alone
     */
    public record Settings(Game game, SettingValues values, Path python) implements TrainingSettings.Run {
        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
        }



        public int updates() {
            return values.integer(UPDATES);
        }

        /** The settings block of the JSON: every declared setting. */
        public Map<String, Object> provenance() {
            return new LinkedHashMap<>(values.asMap());
        }
    }

    /** Progress lines. */
    public interface Listener {
        void onStatus(String line);
    }

    private BenchTrain() {
    }

    /** The figures as a JSON-ready map. */
    public static Map<String, Object> run(Settings s, Listener listener) throws Exception {
        NativeThreads.pinToOne();
        Map<String, Object> m = new LinkedHashMap<>();
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        listener.onStatus("learner: " + s.updates() + " updates of " + s.envs() + " x " + s.steps() + " after 3 warm-up updates");
        double learner = LearnerBench.samplesPerSecond(RecurrentCell.GRU, 6, s.envs(), s.steps(), threads, 3, s.updates());
        m.put("learner_samples_per_second", learner);
        listener.onStatus("whole loop on " + s.game().spec().id());
        m.put("agent_steps_per_second", loop(s));
        m.put("envs", s.envs());
        m.put("steps", s.steps());
        m.put("threads", threads);
        m.put("game", s.game().spec().id());
        m.put("settings", s.provenance());
        if (s.python() != null) {
            torch(s, m, learner, listener);
        }
        m.put("machine", System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version"));
        m.put("tool", Provenance.tool());
        return m;
    }

    /** Collect and update, as training does, on the real game: agent steps per second after one warm-up update. */
    private static double loop(Settings s) throws Exception {
        try (Collector c = new Collector(s.game().spec(), s.game().rom(), s.envs(), 0, FramePreprocessor.A3C, RecurrentCell.GRU.stateNames(),
                256, true);
             A2cLearner learner = new A2cLearner(Init.pytorchDefault(RecurrentCell.GRU, c.actionCount(), 0), A2cConfig.defaults());
             JavaActor actor = new JavaActor(learner.weights(), Math.min(2, Runtime.getRuntime().availableProcessors()))) {
            long t0 = 0;
            for (int k = 0; k <= s.updates(); k++) {
                if (k == 1) {
                    t0 = System.nanoTime();
                }
                actor.setWeights(learner.weights());
                learner.update(c.collect(actor, s.steps()).batch());
            }
            return (double) s.updates() * s.envs() * s.steps() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void torch(Settings s, Map<String, Object> m, double ours, Listener listener) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-train");
        try {
            Path script = dir.resolve("a2c_torch.py");
            try (InputStream in = A2cLearner.class.getResourceAsStream("a2c_torch.py")) {
                Files.copy(in, script);
            }
            listener.onStatus("torch: the same update in PyTorch ...");
            ProcessBuilder pb = new ProcessBuilder(s.python().toString(), script.toString(), "--bench", Integer.toString(s.envs()),
                    Integer.toString(s.steps()));
            pb.environment().remove("PYTHONPATH");
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchSaliency.BenchException("the PyTorch peer failed: " + out.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            Matcher best = Pattern.compile("best (\\d+)").matcher(out), version = Pattern.compile("^torch (\\S+),").matcher(out.strip());
            if (!best.find()) {
                throw new BenchSaliency.BenchException("the PyTorch peer printed no figure: " + out.strip());
            }
            double torch = Double.parseDouble(best.group(1));
            m.put("torch_learner_samples_per_second", torch);
            m.put("torch_version", version.find() ? version.group(1) : "?");
            m.put("ratio", ours / torch);
        } finally {
            org.atarisaliency.env.OutputFiles.deleteTree(dir);
        }
    }
}
