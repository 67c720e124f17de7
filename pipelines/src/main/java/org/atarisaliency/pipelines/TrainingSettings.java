package org.atarisaliency.pipelines;

import java.util.List;
import java.util.Locale;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * The settings of a training run that {@link Train} and {@link Imitate} share, declared once: the
 * network's recurrent cell, the budget, the parallel environments, the rollout length and Adam's step.
 */
public final class TrainingSettings {
    /** GRU (baby-a3c) or LSTM (the paper's visualize_atari agents). */
    public static final Setting<String> ARCH = Setting.choice("arch", "gru", List.of("gru", "lstm"), "Recurrent cell");
    /** Agent steps over all environments: the budget (train's default; imitate's is smaller). */
    public static final Setting<Long> FRAMES = Setting.integer("frames", 10_000_000, 1, 1_000_000_000,
            "Agent steps to play over all environments, e.g. 500k or 10M").unit("steps");
    /** Parallel environments N. */
    public static final Setting<Long> ENVS = Setting.integer("envs", 16, 1, 256, "Parallel environments");
    /** Steps per environment per update T. */
    public static final Setting<Long> STEPS = Setting.integer("steps", 20, 1, 1000, "Steps per environment per update").unit("steps");
    /** Adam's step size: 5e-4 trained every bundled agent (models/*.json). */
    public static final Setting<Double> LEARNING_RATE = Setting.number("lr", 5e-4, 1e-7, 1, "Adam learning rate");

    private TrainingSettings() {
    }

    /**
     * The training settings a run's {@code Settings} read, once for every pipeline that declares them
     * (a record implementing this needs only its {@code values()}).
     */
    public interface Run {
        /** The checked values, the training settings among them. */
        SettingValues values();

        /** GRU (baby-a3c) or LSTM (the paper's visualize_atari agents). */
        default RecurrentCell cell() {
            return TrainingSettings.cell(values());
        }

        /** Agent steps over all environments (the budget). */
        default long frames() {
            return values().get(FRAMES);
        }

        /** Parallel environments N. */
        default int envs() {
            return values().integer(ENVS);
        }

        /** Steps per environment per update T. */
        default int steps() {
            return values().integer(STEPS);
        }
    }

    /** The recurrent cell {@link #ARCH} names. */
    public static RecurrentCell cell(SettingValues v) {
        return RecurrentCell.valueOf(v.get(ARCH).toUpperCase(Locale.ROOT));
    }

    /** A2C's defaults with the declared learning rate and {@code entropy}. */
    public static A2cConfig config(SettingValues v, double entropy) {
        return A2cConfig.defaults().with(v.number(LEARNING_RATE), entropy);
    }
}
