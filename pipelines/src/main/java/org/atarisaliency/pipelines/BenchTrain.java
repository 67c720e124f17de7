package org.atarisaliency.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.atarisaliency.agents.train.PpoArch;
import org.atarisaliency.agents.train.PpoCollector;
import org.atarisaliency.agents.train.PpoConfig;
import org.atarisaliency.agents.train.PpoInit;
import org.atarisaliency.agents.train.PpoLearner;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.SplitMix;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * Training speed: the learner's samples per second (one A2C update of N envs x T steps: forward,
 * GAE, loss, backward through time, clipping, Adam; for PPO one update epoch of its minibatch steps),
 * the whole loop's agent steps per second on a real game, and in the same run the same update in
 * PyTorch on the same cores (for PPO also CleanRL's whole loop on ale-py through SB3's AtariWrapper).
 */
public final class BenchTrain {

    /** Updates timed. */
    public static final Setting<Long> UPDATES = Setting.integer("updates", 5, 1, 10_000, "Timed updates").unit("updates");

    /** Every setting of the training benchmark, in the order help and the JSON list them: one update is training's N x T. */
    public static final Declaration DECLARATION = Declaration.of(Train.ALGO, Train.ARCH, TrainingSettings.ENVS, TrainingSettings.STEPS, UPDATES);

    /** The algorithm's own defaults ({@link Train#defaultsFor}) for the settings declared here. */
    public static Map<String, Object> defaultsFor(String algo) {
        Map<String, Object> m = new LinkedHashMap<>(Train.defaultsFor(algo));
        m.keySet().removeIf(key -> DECLARATION.setting(key) == null);
        return m;
    }

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

        /** CleanRL's network timed, or null for A2C (whose network is the GRU one). */
        public PpoArch ppoArch() {
            return values.get(Train.ALGO).equals("ppo") ? PpoArch.fromLabel(values.get(Train.ARCH)) : null;
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
        check(s);
        NativeThreads.pinToOne();
        Map<String, Object> m = new LinkedHashMap<>();
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        PpoArch ppo = s.ppoArch();
        String what = ppo == null ? "updates" : "update epochs (" + PpoConfig.defaults().minibatches() + " minibatches each)";
        listener.onStatus("learner: " + s.updates() + " " + what + " of " + s.envs() + " x " + s.steps() + " after 3 warm-up ones");
        double learner = ppo == null ? LearnerBench.samplesPerSecond(RecurrentCell.GRU, 6, s.envs(), s.steps(), threads, 3, s.updates())
                : LearnerBench.ppoSamplesPerSecond(ppo, 6, s.envs(), s.steps(), threads, 3, s.updates());
        m.put("learner_samples_per_second", learner);
        GameSpec game = ppo == null ? s.game().spec() : TrainPpo.game(s.game().spec());
        listener.onStatus("whole loop on " + game.id());
        double loop = ppo == null ? loop(s) : ppoLoop(s, game, ppo, threads);
        m.put("agent_steps_per_second", loop);
        m.put("algo", s.values().get(Train.ALGO));
        m.put("arch", s.values().get(Train.ARCH));
        m.put("envs", s.envs());
        m.put("steps", s.steps());
        m.put("threads", threads);
        m.put("game", game.id());
        m.put("settings", s.provenance());
        if (s.python() != null) {
            torch(s, m, learner, loop, listener);
        }
        m.put("machine", Provenance.machine());
        m.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        m.put("tool", Provenance.tool());
        return m;
    }

    /** Refuses an arch the algorithm does not time. */
    private static void check(Settings s) {
        String algo = s.values().get(Train.ALGO), arch = s.values().get(Train.ARCH);
        if (algo.equals("ppo") && s.ppoArch() == null) {
            throw new InvalidSettingException("arch", arch + " is an A2C cell; ppo times cnn (ppo_atari) or lstm (ppo_atari_lstm)");
        }
        if (algo.equals("a2c") && !arch.equals("gru")) {
            throw new InvalidSettingException("arch", arch + " is not timed for a2c (its PyTorch peer is the paper's GRU network); "
                    + "use gru, or algo ppo for cnn and lstm");
        }
        if (s.ppoArch() != null) {
            TrainPpo.checkMinibatches(s.ppoArch(), s.envs(), s.steps());
        }
    }

    /** CleanRL's iteration on the real game (collect N x T, then every update epoch): agent steps per second after one warm-up. */
    private static double ppoLoop(Settings s, GameSpec game, PpoArch arch, int threads) throws Exception {
        PpoConfig cfg = PpoConfig.defaults();
        SplitMix shuffle = new SplitMix(0);
        try (PpoCollector c = new PpoCollector(game, s.game().rom(), s.envs(), 0, arch);
             PpoLearner learner = new PpoLearner(arch, PpoInit.cleanRl(arch, c.actionCount(), 0), cfg, threads)) {
            long t0 = 0;
            for (int k = 0; k <= s.updates(); k++) {
                if (k == 1) {
                    t0 = System.nanoTime();
                }
                learner.update(c.collect(learner, s.steps()).rollout(), cfg.learningRate(), shuffle);
            }
            return (double) s.updates() * s.envs() * s.steps() / ((System.nanoTime() - t0) / 1e9);
        }
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

    private static void torch(Settings s, Map<String, Object> m, double learner, double loop, Listener listener)
            throws IOException, InterruptedException {
        PpoArch ppo = s.ppoArch();
        String n = Integer.toString(s.envs()), t = Integer.toString(s.steps());
        listener.onStatus("torch: the same update in PyTorch ...");
        String out = ppo == null ? peer(s, "a2c_torch.py", "--bench", n, t) : peer(s, "ppo_torch.py", "--bench", ppo.label(), n, t);
        double torch = figure(out, "best (\\d+)");
        Matcher version = Pattern.compile("^torch (\\S+),").matcher(out.strip());
        m.put("torch_learner_samples_per_second", torch);
        m.put("torch_version", version.find() ? version.group(1) : "?");
        m.put("ratio", learner / torch);
        if (ppo != null) {
            Path deps = Path.of(System.getProperty("atari.home", "."), ".deps").toAbsolutePath();
            for (String need : List.of("python/ale_py", "sb3py/gymnasium", "sb3py/cv2", "sb3py/stable_baselines3")) {
                if (!Files.isDirectory(deps.resolve(need))) {
                    throw new BenchSaliency.BenchException("the PyTorch peer's whole loop needs " + deps.resolve(need)
                            + " (ale-py, gymnasium, OpenCV, SB3's wrappers): run the set-up with --tests, or time ours alone");
                }
            }
            listener.onStatus("torch: CleanRL's whole loop on ale-py ...");
            String game = GameIds.gymNameOf(s.game().spec().rom());
            double torchLoop = figure(peer(s, "ppo_torch.py", "--loop", ppo.label(), n, t, Integer.toString(s.updates()), game,
                    deps.resolve("python").toString(), deps.resolve("sb3py").toString()), "env steps/s (\\d+(?:\\.\\d+)?)");
            m.put("torch_agent_steps_per_second", torchLoop);
            m.put("loop_ratio", loop / torchLoop);
        }
    }

    private static double figure(String out, String regex) {
        Matcher f = Pattern.compile(regex).matcher(out);
        if (!f.find()) {
            throw new BenchSaliency.BenchException("the PyTorch peer printed no figure: " + out.strip().replace('\n', ' '));
        }
        return Double.parseDouble(f.group(1));
    }

    /** Runs one of the learners' PyTorch scripts with Debian's Python; its output. */
    private static String peer(Settings s, String script, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-train");
        try {
            Path file = dir.resolve(script);
            try (InputStream in = A2cLearner.class.getResourceAsStream(script)) {
                Files.copy(in, file);
            }
            List<String> cmd = new ArrayList<>(List.of(s.python().toString(), file.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove("PYTHONPATH");
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BenchSaliency.BenchException("the PyTorch peer failed: " + out.strip().lines().reduce((a, b) -> b).orElse("no output"));
            }
            return out;
        } finally {
            org.atarisaliency.env.OutputFiles.deleteTree(dir);
        }
    }
}
