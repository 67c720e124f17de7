package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.agents.train.Collector;
import org.atarisaliency.agents.train.Learner;
import org.atarisaliency.agents.train.Trainer;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.GameVariants;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.video.LearningCurve;
import org.yaml.snakeyaml.Yaml;

/**
 * Trains the paper's network (4 x conv 32@3x3 stride 2 + ELU, a GRU or LSTM cell of 256, actor and
 * critic heads) on the A3C preprocessing with synchronous A2C over parallel environments. Writes
 * into a folder: run.json (provenance), train.csv (one row per update), learning_curve.png,
 * checkpoints/model.PCT.pt at each tenth of the budget, model.pt (the latest weights) and resume/.
 * A folder that holds a run is continued only when asked ({@code resume}), with the same settings.
 */
public final class Train {
    static final String CSV_HEADER = "frames,updates,episodes,mean_return_100,median_return_100,policy_loss,value_loss,entropy,grad_norm,"
            + "mean_value,steps_per_second,wall_seconds\n";

    /** The algorithm: synchronous A2C (the paper's network), or CleanRL's PPO. */
    public static final Setting<String> ALGO = Setting.choice("algo", "a2c", List.of("a2c", "ppo"),
            "Algorithm: a2c (the paper's network) or ppo (CleanRL ppo_atari / ppo_atari_lstm, its defaults)");
    /** The network: A2C's recurrent cell, or PPO's CleanRL network. */
    public static final Setting<String> ARCH = TrainingSettings.ARCH.withChoices(List.of("gru", "lstm", "cnn"),
            "Network: gru or lstm (a2c); cnn (ppo_atari) or lstm (ppo_atari_lstm)");
    /** The weight of the entropy bonus. */
    public static final Setting<Double> ENTROPY = Setting.number("entropy_coef", 0.01, 0, A2cConfig.MAX_LOSS_WEIGHT, "Entropy bonus weight");

    /**
     * The share of the parallel environments that play the {@link SharedSettings#VARIANT} (the others play the game as
     * published): the training control of the shortcut test, an agent that meets the variant in part of its experience.
     */
    public static final Setting<Double> VARIANT_SHARE = Setting.number("variant_share", 1.0, 0.0, 1.0,
            "Share of the parallel environments that play the variant; the others play the game as published").inSpecsOnlyWhenGiven();

    /**
     * A2C: a lost life ends the return (nothing is bootstrapped across it) as a game over does, while the game and the
     * memory go on (the standard Atari terminal-on-life-loss; PPO always has it, through EpisodicLifeEnv). Off: the paper's runs.
     */
    public static final Setting<Boolean> LIFE_LOSS_TERMINAL = Setting.flag("life_loss_terminal", false,
            "a2c: a lost life ends the return (the value target) as a game over does; the game and the memory go on, and evaluation"
                    + " plays whole games as before (ppo always does this, with EpisodicLifeEnv)").inSpecsOnlyWhenGiven();

    /** Every setting of a training run, in the order help and provenance list them. */
    public static final Declaration DECLARATION = Declaration.of(ARCH, TrainingSettings.FRAMES, TrainingSettings.ENVS,
            TrainingSettings.STEPS, TrainingSettings.LEARNING_RATE, ALGO, ENTROPY, SharedSettings.VARIANT.inSpecsOnlyWhenGiven(), VARIANT_SHARE,
            LIFE_LOSS_TERMINAL);

    /** PPO's defaults (CleanRL ppo_atari's) for the settings whose A2C default differs; a command applies them to the settings not given. */
    public static Map<String, Object> defaultsFor(String algo) {
        return algo.equals("ppo") ? TrainPpo.DEFAULTS : Map.of();
    }

    /**
     * What to train: the game, the seed and the {@link #DECLARATION}'s settings.
     *
     * @param clipRewards        learn from the sign of each reward
     * @param checkpointSeconds  save for resuming at least this often
     * @param resume             continue the run in {@code out}
     * @param init               an agent of this network whose weights the run starts from (fine-tuning), or null for the seed's
     */
    public record Settings(Game game, long seed, SettingValues values, boolean clipRewards, double checkpointSeconds, Path out, boolean resume,
                           Path init) implements TrainingSettings.Run {
        /** A run from the seed's initial weights. */
        public Settings(Game game, long seed, SettingValues values, boolean clipRewards, double checkpointSeconds, Path out, boolean resume) {
            this(game, seed, values, clipRewards, checkpointSeconds, out, resume, null);
        }

        public Settings {
            if (values.declaration() != DECLARATION) {
                values = DECLARATION.values(values.asMap());
            }
            if (!(checkpointSeconds > 0)) {
                throw new InvalidSettingException("checkpoint_seconds", "must be > 0, got " + checkpointSeconds + " seconds");
            }
            if (values.get(ALGO).equals("ppo")) {
                TrainPpo.check(values, clipRewards, init);
            } else if (values.get(ARCH).equals("cnn")) {
                throw new InvalidSettingException("arch", "cnn is PPO's network (algo ppo); a2c trains gru or lstm");
            }
            if (game.hinted()) {
                throw new InvalidSettingException("hints", "is not applied by train (A2C learns from the plain game);"
                        + " the hint strip is for imitate, which trains the overfit and control agents");
            }
            if (!game.spec().variants().isEmpty()) {
                throw new InvalidSettingException("variant", "belongs in the run's settings, not its game (the share decides which environments play it)");
            }
            boolean variant = !values.get(SharedSettings.VARIANT).equals(GameVariants.NONE);
            double share = values.number(VARIANT_SHARE);
            if (!variant && share != 1.0) {
                throw new InvalidSettingException("variant_share", "needs a variant to share out; name one with variant");
            }
            int envs = values.integer(TrainingSettings.ENVS);
            if (variant && variantEnvs(values) == 0) {
                throw new InvalidSettingException("variant_share", String.format(Locale.ROOT,
                        "%s of %d environments is none of them; give at least %.3g", share, envs, 0.5 / envs));
            }
        }

        /** How many of the parallel environments play the variant (the first ones): the share of all, rounded, or 0 without one. */
        public int variantEnvs() {
            return variantEnvs(values);
        }

        private static int variantEnvs(SettingValues v) {
            return v.get(SharedSettings.VARIANT).equals(GameVariants.NONE) ? 0
                    : (int) Math.round(v.number(VARIANT_SHARE) * v.integer(TrainingSettings.ENVS));
        }

        /** The game each parallel environment plays: the first {@link #variantEnvs} with the variant, the others as published. */
        public List<GameSpec> gamesPerEnvironment() {
            GameSpec varied = game.spec().withVariants(values.get(SharedSettings.VARIANT));
            List<GameSpec> out = new ArrayList<>();
            for (int i = 0; i < envs(); i++) {
                out.add(i < variantEnvs() ? varied : game.spec());
            }
            return out;
        }


        /** Whether a lost life ends the return (A2C only). */
        public boolean lifeLossTerminal() {
            return values.get(LIFE_LOSS_TERMINAL);
        }

        /** Whether the run trains PPO. */
        public boolean ppo() {
            return values.get(ALGO).equals("ppo");
        }

        /** A2C's defaults with the declared learning rate and entropy weight. */
        public A2cConfig config() {
            return TrainingSettings.config(values, values.number(ENTROPY));
        }

        /** The settings as run.json records them (a resumed run must match them). */
        public Map<String, Object> provenance() throws IOException {
            if (ppo()) {
                return TrainPpo.provenance(this);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            A2cConfig config = config();
            m.putAll(values.asMap());
            m.put("seed", seed);
            m.put("gamma", config.gamma());
            m.put("gae_lambda", config.gaeLambda());
            m.put("value_coef", config.valueCoef());
            m.put("max_grad_norm", config.maxGradNorm());
            m.put("adam", List.of(config.adamBeta1(), config.adamBeta2(), config.adamEps()));
            m.put("clip_rewards", clipRewards);
            m.put("preprocessing", FramePreprocessor.A3C.describe());
            if (variantEnvs() > 0) {
                m.put("variant_envs", variantEnvs());
            }
            if (init != null) {
                m.put("init", init.getFileName().toString());
                m.put("init_sha256", Checksums.sha256(init));
            }
            return m;
        }
    }

    /** The numeric engine: a learner from initial weights, and the checkpoint file format. */
    public interface Engine {
        ActorCriticWeights init(RecurrentCell cell, int actions, long seed);

        Learner learner(ActorCriticWeights init, A2cConfig config);

        void write(Path file, ActorCriticWeights w) throws IOException;

        ActorCriticWeights read(Path file) throws IOException;
    }

    /** The default engine: the Java A2C learner and PyTorch-format checkpoints. */
    public static Engine defaultEngine() {
        return new A2cEngine();
    }

    /** Progress after each update. */
    public interface Listener {
        void onUpdate(Trainer.Progress p, long budget);
    }

    /** How the run ended. */
    public record Result(long frames, long episodes, double meanReturn, double seconds, Path model) {
    }

    private Train() {
    }

    /** Trains (or continues) the run. */
    public static Result run(Settings s, Engine engine, Listener listener) throws Exception {
        return run(s, engine, listener, step -> { });
    }

    /** As {@link #run(Settings, Engine, Listener)}, calling {@code hook} at each step of each resume save (tests crash there). */
    static Result run(Settings s, Engine engine, Listener listener, ResumeSaves.StepHook hook) throws Exception {
        if (s.ppo()) {
            return TrainPpo.run(s, listener, hook);
        }
        // the actor's forward passes run natively: one OpenMP thread, so a seed gives the same weights whatever the thread settings
        NativeThreads.pinToOne();
        RunFolder.ensureFolder(s.out());
        TrainFolder folder = new TrainFolder(s.out(), engine::write, hook);
        Map<String, Object> settings = new LinkedHashMap<>(s.game().provenance());
        settings.putAll(s.provenance());
        try (OutputLock lock = OutputLock.folder(s.out())) {
            return train(s, engine, listener, folder, begin("train", "a training run", "train.csv", s.out(), folder, s.resume(), settings));
        }
    }

    private static Result train(Settings s, Engine engine, Listener listener, TrainFolder folder, Begun begun) throws Exception {
        Path runJson = s.out().resolve("run.json");
        Map<String, Object> run = begun.run();
        List<double[]> curve = new ArrayList<>();
        Trainer.Progress[] last = new Trainer.Progress[1];
        try (Collector collector = new Collector(s.gamesPerEnvironment(), s.game().rom(), s.seed(), FramePreprocessor.A3C,
                s.cell().stateNames(), 256, s.clipRewards())) {
            if (s.lifeLossTerminal()) {
                collector.withLifeLossTerminals();
            }
            ActorCriticWeights init = s.init() == null ? engine.init(s.cell(), collector.actionCount(), s.seed())
                    : initialWeights(s, engine, collector.actionCount());
            try (Learner learner = engine.learner(init, s.config())) {
                Trainer trainer = new Trainer(collector, learner, new Trainer.Settings(s.frames(), s.steps(), s.checkpointSeconds()));
                if (begun.continues()) {
                    folder.resume(trainer, engine::read);
                }
                try (BufferedWriter csv = openCsv(s.out().resolve("train.csv"), CSV_HEADER, trainer.frames(), curve)) {
                    trainer.run(withCurve(folder, () -> writeCurve(s, curve)), p -> {
                        String line = row(p);
                        csv.write(line);
                        csv.flush();
                        curve.add(parseRow(line));
                        last[0] = p;
                        listener.onUpdate(p, s.frames());
                    });
                }
                writeCurve(s, curve);
                double mean = lastMean(curve);
                writeResult(runJson, run, trainer.frames(), last[0], mean, Map.of());
                return new Result(trainer.frames(), last[0] == null ? 0 : last[0].episodes(), mean, last[0] == null ? 0 : last[0].seconds(),
                        s.out().resolve("model.pt"));
            }
        }
    }

    /** The weights of the agent a fine-tuning run starts from, refused unless they are this run's network for this game. */
    private static ActorCriticWeights initialWeights(Settings s, Engine engine, int actions) throws IOException {
        ActorCriticWeights w = engine.read(s.init());
        if (w.cell() != s.cell() || w.actions() != actions || w.inputChannels() != 1 || w.inputSize() != ActorCriticWeights.INPUT_SIZE) {
            throw new InvalidSettingException("init", String.format(Locale.ROOT,
                    "%s is a %s network with %d actions and %d input channel(s) of %d pixels; this run trains a %s network with %d actions on "
                            + "one 80-pixel frame (give the arch it was trained with, and the same game)",
                    s.init().getFileName(), w.cell().name().toLowerCase(Locale.ROOT), w.actions(), w.inputChannels(), w.inputSize(),
                    s.cell().name().toLowerCase(Locale.ROOT), actions));
        }
        return w;
    }

    /** Adds the run's result (frames, episodes, mean return of the last 100, {@code extra}, wall seconds) to run.json. */
    static void writeResult(Path runJson, Map<String, Object> run, long frames, Trainer.Progress last, double mean, Map<String, Object> extra)
            throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("frames", frames);
        result.put("episodes", last == null ? 0 : last.episodes());
        result.put("mean_return_100", mean);
        result.putAll(extra);
        result.put("wall_seconds", last == null ? 0 : last.seconds());
        run.put("result", result);
        Provenance.writeJson(runJson, run);
    }

    /** The folder's saves, each followed by {@code curve} (so a run stopped at any time has its learning curve). */
    static Trainer.Checkpoints withCurve(TrainFolder folder, CurveWriter curve) {
        return new Trainer.Checkpoints() {
            @Override
            public void saveResume(org.atarisaliency.agents.train.TrainState state) throws IOException {
                folder.saveResume(state);
                curve.write();
            }

            @Override
            public void saveFraction(int percent, ActorCriticWeights weights, long frames) throws IOException {
                folder.saveFraction(percent, weights, frames);
            }
        };
    }

    /** Writes a learning curve. */
    interface CurveWriter {
        void write() throws IOException;
    }

    /**
     * Starts a run of {@code command} in {@code out}, or continues it when {@code resume}: a run
     * with a save is continued only when asked and with the same settings, and never started over.
     * A run stopped before its first save has nothing to continue: it is started over, with or
     * without {@code resume}, once the folder is seen to hold only what such a run writes.
     * Writes run.json and returns it, for the result to be added at the end, with whether to continue from the save.
     */
    static Begun begin(String command, String kind, String csv, Path out, TrainFolder folder, boolean resume,
                                     Map<String, Object> settings) throws IOException {
        Path runJson = out.resolve("run.json");
        boolean saved = resume ? folder.recover() : folder.resumable();
        if (saved && resume) {
            checkSameSettings(runJson, settings);
        } else if (saved) {
            throw new InvalidSettingException("out", "already holds " + kind + " (" + out + "); continue it with resume or choose another folder");
        } else if (folder.startedRun(command, csv)) {
            folder.clearUnfinishedStart(csv);
        } else if (resume) {
            throw new InvalidSettingException("resume", "found no run to continue in " + out + " (no " + kind + " was started there)");
        }
        Map<String, Object> run = Provenance.document(command, null, null, settings);
        Provenance.writeJson(runJson, run);
        return new Begun(run, saved && resume);
    }

    /** A run begun: its run.json, and whether it continues from the folder's save. */
    record Begun(Map<String, Object> run, boolean continues) {
    }

    private static void writeCurve(Settings s, List<double[]> curve) throws IOException {
        LearningCurve.write(s.out().resolve("learning_curve.png"), List.of(CSV_HEADER.strip().split(",")), curve,
                "A2C " + s.cell().name() + " on " + s.game().spec().id() + " (seed " + s.seed() + ", " + s.envs() + " envs)");
    }

    /** Settings that run.json files written before their key was declared record under another name. */
    private static final Map<String, String> EARLIER_KEYS = Map.of("lr", "learning_rate");

    /** Settings declared after runs were recorded, and the value a run.json without them ran with. */
    private static final Map<String, Object> EARLIER_ABSENT = Map.of(SharedSettings.VARIANT.key(), GameVariants.NONE, VARIANT_SHARE.key(), 1.0,
            LIFE_LOSS_TERMINAL.key(), false);

    /** A resumed run must be the same run: its recorded settings must equal these. */
    @SuppressWarnings("unchecked")
    private static void checkSameSettings(Path runJson, Map<String, Object> settings) throws IOException {
        Object o = new Yaml().load(Files.readString(runJson, StandardCharsets.UTF_8));
        Map<String, Object> before = o instanceof Map<?, ?> m && m.get("settings") instanceof Map<?, ?> st ? (Map<String, Object>) st : Map.of();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            if (e.getKey().equals("rom")) {
                continue;
            }
            Object recorded = before.containsKey(e.getKey()) ? before.get(e.getKey())
                    : before.containsKey(EARLIER_KEYS.get(e.getKey())) ? before.get(EARLIER_KEYS.get(e.getKey())) : EARLIER_ABSENT.get(e.getKey());
            String was = String.valueOf(recorded), now = String.valueOf(e.getValue());
            if (!was.equals(now) && !numbersEqual(recorded, e.getValue())) {
                throw new InvalidSettingException(e.getKey(), "is " + now + " but the run being resumed used " + was
                        + "; resume with the same settings, or train into another folder");
            }
        }
    }

    private static boolean numbersEqual(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y && x.doubleValue() == y.doubleValue();
    }

    /**
     * A log (train.csv, imitate.csv: frames first, the mean return 4th) for appending: rows after the
     * resumed frame count (written after the last save) are dropped, the kept ones go, parsed, into {@code curve}.
     */
    static BufferedWriter openCsv(Path csv, String header, long resumedFrames, List<double[]> curve) throws IOException {
        List<String> keep = new ArrayList<>();
        keep.add(header.strip());
        if (resumedFrames > 0 && Files.exists(csv)) {
            for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                String[] f = line.split(",");
                if (f.length == header.split(",").length && f[0].matches("\\d+") && Long.parseLong(f[0]) <= resumedFrames) {
                    keep.add(line);
                    curve.add(parseRow(line));
                }
            }
        }
        RunFolder.writeString(csv, String.join("\n", keep) + "\n");
        return Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** A log row's values, in its columns' order. */
    static double[] parseRow(String line) {
        return java.util.Arrays.stream(line.strip().split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** The mean return of a log's last row (NaN when there is none or no episode has ended). */
    static double lastMean(List<double[]> curve) {
        return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1)[3];
    }

    private static String row(Trainer.Progress p) {
        return String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.4f,%.6g,%.6g,%.6g,%.6g,%.6g,%.1f,%.1f%n", p.frames(), p.updates(), p.episodes(),
                p.meanScore(), p.medianScore(), p.stats().policyLoss(), p.stats().valueLoss(), p.stats().entropy(), p.stats().gradNorm(),
                p.stats().meanValue(), p.stepsPerSecond(), p.seconds());
    }
}
