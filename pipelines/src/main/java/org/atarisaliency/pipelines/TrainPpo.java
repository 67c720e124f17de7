package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.atarisaliency.agents.train.PpoArch;
import org.atarisaliency.agents.train.PpoCollector;
import org.atarisaliency.agents.train.PpoConfig;
import org.atarisaliency.agents.train.PpoInit;
import org.atarisaliency.agents.train.PpoLearner;
import org.atarisaliency.agents.train.PpoTrainer;
import org.atarisaliency.agents.train.Trainer;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.GameVariants;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.video.LearningCurve;

/**
 * {@link Train} with {@code algo ppo}: CleanRL's {@code ppo_atari} (or {@code ppo_atari_lstm}) on the game's
 * {@code NoFrameskip-v4} through SB3's AtariWrapper as CleanRL stacks it (no-op starts of 1-30 frames, a skip of 4
 * with the max of the last two screens, a lost life ends the learner's episode, FIRE at the start, sign rewards,
 * then CleanRL's own gym resize-then-grey to 84x84, 4 frames stacked for the CNN), weights from CleanRL's {@code layer_init}. Writes what an A2C run
 * writes, model.pt and checkpoints/ as CleanRL's state dict.
 */
final class TrainPpo {
    static final String CSV_HEADER = "frames,updates,episodes,mean_return_100,median_return_100,policy_loss,value_loss,entropy,approx_kl,"
            + "clipfrac,learning_rate,steps_per_second,wall_seconds\n";

    /** CleanRL ppo_atari's defaults where A2C's differ: the CNN, 8 envs x 128 steps, lr 2.5e-4. */
    static final Map<String, Object> DEFAULTS = Map.of(Train.ARCH.key(), "cnn", TrainingSettings.ENVS.key(), 8L,
            TrainingSettings.STEPS.key(), 128L, TrainingSettings.LEARNING_RATE.key(), 2.5e-4);

    private TrainPpo() {
    }

    /** Refuses what a PPO run cannot apply, one line each. */
    static void check(SettingValues v, boolean clipRewards, Path init) {
        PpoArch arch = PpoArch.fromLabel(v.get(Train.ARCH));
        if (arch == null) {
            throw new InvalidSettingException("arch", v.get(Train.ARCH) + " is an A2C cell; ppo trains cnn (ppo_atari) or lstm (ppo_atari_lstm)");
        }
        if (init != null) {
            throw new InvalidSettingException("init", "is not applied by ppo (it fine-tunes the A2C network); start PPO from its seed");
        }
        if (!v.get(SharedSettings.VARIANT).equals(GameVariants.NONE) || v.number(Train.VARIANT_SHARE) != 1.0) {
            throw new InvalidSettingException("variant", "is not applied by ppo; train variants with a2c");
        }
        if (v.get(Train.LIFE_LOSS_TERMINAL)) {
            throw new InvalidSettingException("life_loss_terminal", "is for a2c; ppo always ends the learner's episode at a lost life"
                    + " (CleanRL's EpisodicLifeEnv)");
        }
        if (!clipRewards) {
            throw new InvalidSettingException("clip_rewards", "is always on for ppo (CleanRL's ClipRewardEnv)");
        }
        checkMinibatches(arch, v.integer(TrainingSettings.ENVS), v.integer(TrainingSettings.STEPS));
    }

    /** Refuses envs x steps (LSTM: envs) that do not split into CleanRL's minibatches. */
    static void checkMinibatches(PpoArch arch, int envs, int steps) {
        int mb = PpoConfig.defaults().minibatches();
        int units = arch == PpoArch.LSTM ? envs : envs * steps;
        if (units % mb != 0) {
            throw new InvalidSettingException(arch == PpoArch.LSTM ? "envs" : "steps", String.format(Locale.ROOT,
                    "%s must split into %d minibatches: %d %s is not a multiple of %d", arch == PpoArch.LSTM ? "the envs" : "envs x steps",
                    mb, units, arch == PpoArch.LSTM ? "envs" : "samples", mb));
        }
    }

    /** The game CleanRL trains for {@code spec}'s ROM: {Game}NoFrameskip-v4 through SB3's AtariWrapper. */
    static GameSpec game(GameSpec spec) {
        return GameIds.resolve(GameIds.gymNameOf(spec.rom()) + "NoFrameskip-v4", List.of()).withMaxPooledSkip(4).withFireReset(true)
                .withNoopReset(30);
    }

    static PpoArch arch(Train.Settings s) {
        return PpoArch.fromLabel(s.values().get(Train.ARCH));
    }

    static PpoConfig config(Train.Settings s) {
        return PpoConfig.defaults().with(s.values().number(TrainingSettings.LEARNING_RATE), s.values().number(Train.ENTROPY));
    }

    /** The settings as run.json records them. */
    static Map<String, Object> provenance(Train.Settings s) {
        Map<String, Object> m = new LinkedHashMap<>(s.values().asMap());
        m.remove(Train.LIFE_LOSS_TERMINAL.key()); // an A2C setting: PPO ends every life (atari_wrapper's EpisodicLife)
        PpoConfig c = config(s);
        GameSpec g = game(s.game().spec());
        m.put("seed", s.seed());
        m.put("cleanrl_script", arch(s).script());
        m.put("trained_game", g.id());
        m.put("atari_wrapper", "NoopReset(30), MaxAndSkip(4: " + g.frameSkipText() + "), EpisodicLife, FireReset, ClipReward(sign), ResizeObservation(84, 84) then GrayScaleObservation (CleanRL's order)"
                + ", frame stack " + arch(s).frames);
        m.put("preprocessing", PpoCollector.FRAMES.describe());
        m.put("gamma", c.gamma());
        m.put("gae_lambda", c.gaeLambda());
        m.put("anneal_lr", c.annealLr());
        m.put("update_epochs", c.epochs());
        m.put("num_minibatches", c.minibatches());
        m.put("clip_coef", c.clipCoef());
        m.put("clip_vloss", c.clipValueLoss());
        m.put("norm_adv", c.normAdvantages());
        m.put("vf_coef", c.valueCoef());
        m.put("max_grad_norm", c.maxGradNorm());
        m.put("adam", List.of(PpoConfig.BETA1, PpoConfig.BETA2, c.adamEps()));
        m.put("clip_rewards", s.clipRewards());
        m.put("init", "CleanRL layer_init (orthogonal; gains sqrt 2, actor 0.01, critic 1, LSTM 1; biases 0), seeded");
        return m;
    }

    /** Trains (or continues) the PPO run of {@code s}. */
    static Train.Result run(Train.Settings s, Train.Listener listener, ResumeSaves.StepHook hook) throws Exception {
        RunFolder.ensureFolder(s.out());
        TrainFolder folder = new TrainFolder(s.out(), (f, w) -> {
            throw new IllegalStateException("a PPO run writes CleanRL state dicts, not A2C weights");
        }, hook);
        Map<String, Object> settings = new LinkedHashMap<>(s.game().provenance());
        // the game as played (its NoFrameskip-v4: skip, stickiness, reset steps), under the id that was asked for
        Map<String, Object> played = new Game(game(s.game().spec()), s.game().rom()).provenance();
        played.remove("game");
        settings.putAll(played);
        settings.putAll(s.provenance());
        try (OutputLock lock = OutputLock.folder(s.out())) {
            Train.Begun begun = Train.begin("train", "a training run", "train.csv", s.out(), folder, s.resume(), settings);
            return train(s, listener, folder, begun);
        }
    }

    private static Train.Result train(Train.Settings s, Train.Listener listener, TrainFolder folder, Train.Begun begun) throws Exception {
        PpoArch arch = arch(s);
        List<double[]> curve = new ArrayList<>();
        Trainer.Progress[] last = new Trainer.Progress[1];
        int threads = Runtime.getRuntime().availableProcessors();
        try (PpoCollector collector = new PpoCollector(game(s.game().spec()), s.game().rom(), s.envs(), s.seed(), arch);
             PpoLearner learner = new PpoLearner(arch, PpoInit.cleanRl(arch, collector.actionCount(), s.seed()), config(s), threads)) {
            PpoTrainer trainer = new PpoTrainer(collector, learner, config(s), new Trainer.Settings(s.frames(), s.steps(), s.checkpointSeconds()),
                    s.seed());
            PpoFolder saves = new PpoFolder(s.out(), folder, arch, collector.actionCount());
            if (begun.continues()) {
                saves.resume(trainer);
            }
            Train.CurveWriter writeCurve = () -> LearningCurve.write(s.out().resolve("learning_curve.png"), List.of(CSV_HEADER.strip().split(",")),
                    curve, "PPO " + arch.label().toUpperCase(Locale.ROOT) + " on " + game(s.game().spec()).id() + " (seed " + s.seed() + ", "
                            + s.envs() + " envs)");
            try (BufferedWriter csv = Train.openCsv(s.out().resolve("train.csv"), CSV_HEADER, trainer.frames(), curve)) {
                trainer.run(withCurve(saves, writeCurve), p -> {
                    String line = row(p);
                    csv.write(line);
                    csv.flush();
                    curve.add(Train.parseRow(line));
                    last[0] = new Trainer.Progress(p.updates(), p.frames(), p.games(), p.meanScore(), p.medianScore(), null, null,
                            p.stepsPerSecond(), p.seconds());
                    listener.onUpdate(last[0], s.frames());
                });
            }
            writeCurve.write();
            double mean = Train.lastMean(curve);
            Train.writeResult(s.out().resolve("run.json"), begun.run(), trainer.frames(), last[0], mean, Map.of());
            return new Train.Result(trainer.frames(), last[0] == null ? 0 : last[0].episodes(), mean, last[0] == null ? 0 : last[0].seconds(),
                    s.out().resolve("model.pt"));
        }
    }

    /** The saves, each resume save followed by the learning curve. */
    private static PpoTrainer.Checkpoints withCurve(PpoFolder saves, Train.CurveWriter curve) {
        return new PpoTrainer.Checkpoints() {
            @Override
            public void saveResume(PpoTrainer.State state) throws IOException {
                saves.saveResume(state);
                curve.write();
            }

            @Override
            public void saveFraction(int percent, PpoLearner learner) throws IOException {
                saves.saveFraction(percent, learner);
            }
        };
    }

    private static String row(PpoTrainer.Progress p) {
        PpoLearner.Stats st = p.stats();
        return String.format(Locale.ROOT, "%d,%d,%d,%.4f,%.4f,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.1f,%.1f%n", p.frames(), p.updates(), p.games(),
                p.meanScore(), p.medianScore(), st.policyLoss(), st.valueLoss(), st.entropy(), st.approxKl(), st.clipFraction(), p.learningRate(),
                p.stepsPerSecond(), p.seconds());
    }
}
